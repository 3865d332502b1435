"""Bilaga 1, Bilaga 2 och Kontroll som data (SPEC §5, §8), ur en Beslutstabell och ett kvartal.

Inget här läser eller skriver filer; skriv.py lägger tabellerna i mallen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from evb_xl.modell.beslut import Bedomning, Beslutstabell, bedom
from evb_xl.modell.installningar import KVARSTAENDE, RAPPORTERADE, Installningar
from evb_xl.rapporter import kontroll
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import (
    ANNAT_SKAL,
    AVBROTT_I_VERKSTALLIGHET,
    LSS,
    OKAND_INSATS,
    OKANT,
    ORSAK_SAKNAS,
    ORSAKER,
    RESURSBRIST_BOSTAD,
    RESURSBRIST_PERSONAL,
    SOL,
    TACKAT_NEJ,
    ar_man,
    kategorinamn,
    raknas_under,
    standardtabell,
)
from evb_xl.regler.kvartal import Kvartal

AVBROTT = AVBROTT_I_VERKSTALLIGHET
SUMMA = "Summa"


# --- Bilaga 1 -----------------------------------------------------------------------


@dataclass(frozen=True)
class Kolumn:
    grupp: str
    namn: str


@dataclass
class Bilaga1:
    lagrum: str
    kvartal: Kvartal
    antal: str
    matdatum: date
    kolumner: list  # [Kolumn] efter insatskolumnen
    rader: list  # [(insats, [värde per kolumn])], sist Summa
    pagaende_datum: date | None = None

    @property
    def insatsrubrik(self) -> str:
        return f"{self.lagrum}-insats"

    def som_rader(self) -> list[list]:
        """Två rubrikrader och tabellraderna, som en formel eller ett blad visar dem."""
        return [[self.insatsrubrik, *[k.grupp for k in self.kolumner]],
                ["", *[k.namn for k in self.kolumner]],
                *[[namn, *varden] for namn, varden in self.rader]]

    def rad(self, insats: str) -> dict:
        """{kolumnnamn: värde} för en rad (för test och formler)."""
        for namn, varden in self.rader:
            if namn == insats:
                return {f"{k.grupp}|{k.namn}": v for k, v in zip(self.kolumner, varden)}
        raise KeyError(insats)


def antal_rubrik(antal: str, matdatum: date) -> str:
    if antal == KVARSTAENDE:
        return f"Antal ej verkställda beslut (kvarstående {matdatum.isoformat()})"
    return "Antal ej verkställda beslut (rapporterade under kvartalet)"


def bilaga1(t: Beslutstabell, b: Bedomning, lagrum: str, kvartal: Kvartal, matdatum: date,
            antal: str = RAPPORTERADE, pagaende: dict | None = None,
            pagaende_datum: date | None = None, kategoriordning: list | None = None) -> Bilaga1:
    """Räkna Bilaga 1 för ett lagrum. `kategoriordning`: kategorinamnen i tabellens ordning."""
    mask = b.rapporteringspliktig & np.array([lag == lagrum for lag in t.lagrum], dtype=bool)
    if antal == KVARSTAENDE:
        mask &= b.oppen
    index = np.flatnonzero(mask)
    avbrott = ~np.isnat(t.avbrott)
    rader: dict[str, Counter] = {}
    for i in index:
        kat = kategorinamn(t.kategori[i])
        c = rader.setdefault(kat, Counter())
        man = ar_man(t.kon[i])
        c["män" if man else "kvinnor" if man is False else OKANT] += 1
        c.update(raknas_under(lagrum, t.orsak[i], bool(avbrott[i])))
    kolumner = _kolumner(lagrum, antal, matdatum, pagaende_datum, rader.values())
    ordning = _radordning(lagrum, rader, kategoriordning)
    pagaende = pagaende or {}
    tabellrader = [(namn, _varden(rader.get(namn, Counter()), kolumner, pagaende.get(namn))) for namn in ordning]
    summa = Counter()
    for c in rader.values():
        summa.update(c)
    summa_pagaende = tuple(map(sum, zip(*pagaende.values()))) if pagaende else None
    tabellrader.append((SUMMA, _varden(summa, kolumner, summa_pagaende)))
    return Bilaga1(lagrum, kvartal, antal, matdatum, kolumner, tabellrader, pagaende_datum)


def _kolumner(lagrum, antal, matdatum, pagaende_datum, raknare) -> list[Kolumn]:
    har = Counter()
    for c in raknare:
        har.update(c)
    a = antal_rubrik(antal, matdatum)
    p = "Totalt antal pågående beslut" + (f" {pagaende_datum.isoformat()}" if pagaende_datum else "")
    k = [Kolumn(a, "män"), Kolumn(a, "kvinnor")]
    if har[OKANT]:
        k.append(Kolumn(a, "okänt kön"))
    k += [Kolumn(p, "män"), Kolumn(p, "kvinnor"), Kolumn("Andel ej verkställda", "män"),
          Kolumn("Andel ej verkställda", "kvinnor")]
    o = "Orsak till ej verkställt beslut"
    if lagrum == SOL:
        orsak = [RESURSBRIST_BOSTAD, RESURSBRIST_PERSONAL, TACKAT_NEJ, AVBROTT, ANNAT_SKAL]
    else:
        orsak = list(ORSAKER)
    k += [Kolumn(o, n) for n in orsak]
    if har[ORSAK_SAKNAS]:
        k.append(Kolumn(o, ORSAK_SAKNAS))
    if lagrum != SOL:
        k.append(Kolumn(AVBROTT, ""))
    return k


def _varden(c: Counter, kolumner: list[Kolumn], pagaende: tuple | None) -> list:
    ut = []
    antal_man, antal_kvinnor = c["män"], c["kvinnor"]
    for k in kolumner:
        if k.grupp.startswith("Antal"):
            ut.append(c[{"män": "män", "kvinnor": "kvinnor", "okänt kön": OKANT}[k.namn]])
        elif k.grupp.startswith("Totalt antal pågående"):
            ut.append(None if pagaende is None else pagaende[0 if k.namn == "män" else 1])
        elif k.grupp.startswith("Andel"):
            if pagaende is None:
                ut.append(None)
            else:
                n, tot = (antal_man, pagaende[0]) if k.namn == "män" else (antal_kvinnor, pagaende[1])
                ut.append(n / tot if tot else None)
        elif k.grupp == AVBROTT:
            ut.append(c[AVBROTT])
        else:
            ut.append(c[k.namn])
    return ut


def _radordning(lagrum: str, rader: dict, kategoriordning: list | None) -> list[str]:
    """LSS: 9 § 2–10 alltid (9 § 1 först när den finns); SoL: de som finns, i tabellens
    ordning; Okänd insats sist."""
    tabell = standardtabell().for_lagrum(lagrum)
    ordning = kategoriordning or [k.namn for k in tabell]
    if lagrum == LSS:
        alltid = {k.namn for k in tabell if k.paragraf and k.paragraf >= 2}
        namn = [n for n in ordning if n in alltid or n in rader]
    else:
        namn = [n for n in ordning if n in rader]
    namn += [n for n in rader if n not in namn and n != OKAND_INSATS]
    if OKAND_INSATS in rader:
        namn.append(OKAND_INSATS)
    return namn


# --- Bilaga 2 -----------------------------------------------------------------------

BILAGA2_KOLUMNER = ("Löpnr", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
                    "Beslutet verkställt", "Beslutet avslutat")


def bilaga2(t: Beslutstabell, b: Bedomning, lagrum: str, kategoriordning: list | None = None) -> list[list]:
    """En rad per rapporteringspliktigt beslut, utan identitet, sorterad efter insats och
    basdatum (lika behåller underlagets ordning); Löpnr 1..n efter sorteringen."""
    ordning = {n: i for i, n in enumerate(kategoriordning or [k.namn for k in standardtabell().for_lagrum(lagrum)])}
    index = np.array([i for i in np.flatnonzero(b.rapporteringspliktig) if t.lagrum[i] == lagrum], dtype="int64")
    if len(index) == 0:
        return []
    plats = np.array([ordning.get(t.kategori[i].namn, len(ordning)) if t.kategori[i] else len(ordning) + 1
                      for i in index])
    index = index[np.lexsort((index, b.bas[index].astype("int64"), plats))]
    beslut, avbrott = t.beslut[index].astype(object), t.avbrott[index].astype(object)
    verkstallt = regler.giltig_stangning(b.bas, t.verkstallt)[index].astype(object)
    avslutat = regler.giltig_stangning(b.bas, t.avslutat)[index].astype(object)
    return [
        [n + 1, t.kon[i] or OKANT, beslut[n], avbrott[n], t.lagrum[i], t.insats[i], verkstallt[n], avslutat[n]]
        for n, i in enumerate(index.tolist())
    ]



# --- Hela rapporten -----------------------------------------------------------------


def bladnamn(mallnamn: str, lagrum: str, flera: bool) -> str:
    """`Bilaga 1`, eller `Bilaga 1 LSS` när underlaget har båda lagrummen (SPEC §8 p. 14)."""
    return f"{mallnamn} {lagrum}" if flera else mallnamn


@dataclass
class Rapport:
    kvartal: Kvartal
    matdatum: date
    antal: str
    installningar: Installningar
    bilaga1: dict = field(default_factory=dict)  # lagrum -> Bilaga1
    bilaga2: dict = field(default_factory=dict)  # lagrum -> rader
    kontroll: list = field(default_factory=list)  # [(rubrik, [rader])]
    sammanfattning: dict = field(default_factory=dict)
    per_lagrum: dict = field(default_factory=dict)  # lagrum -> sammanfattning för bara det lagrummet

    @property
    def lagrum(self) -> list[str]:
        return list(self.bilaga1)

    def som_blad(self) -> dict[str, list[list]]:
        """Varje blad som rader av värden (för nya blad i en öppen arbetsbok)."""
        flera = len(self.lagrum) > 1
        ut = {}
        for lag in self.lagrum:
            ut[bladnamn("Bilaga 1", lag, flera)] = self.bilaga1[lag].som_rader()
            ut[bladnamn("Bilaga 2", lag, flera)] = [list(BILAGA2_KOLUMNER), *self.bilaga2[lag]]
        kontroll = []
        for titel, tabell in self.kontroll:
            kontroll += [[titel], *tabell, []]
        ut["Kontroll"] = kontroll
        return ut


def kategoriordning(inst: Installningar, lagrum: str) -> list[str]:
    return [k.namn for k in standardtabell().med(list(inst.insatser)).for_lagrum(lagrum)]


def bygg(underlag, inst: Installningar, kvartal: Kvartal) -> Rapport:
    """Bilagorna och Kontroll för ett läst underlag och ett kvartal."""

    t = underlag.tabell
    matdatum = inst.matdatum or kvartal.slut
    b = bedom(t, kvartal, matdatum)
    rapport = Rapport(kvartal, matdatum, inst.antal, inst)
    finns = {lag for lag in t.lagrum if lag}
    for lag in (LSS, SOL):
        if lag not in finns:
            continue
        ordning = kategoriordning(inst, lag)
        rapport.bilaga1[lag] = bilaga1(t, b, lag, kvartal, matdatum, inst.antal, inst.pagaende or None,
                                       inst.pagaende_datum, ordning)
        rapport.bilaga2[lag] = bilaga2(t, b, lag, ordning)
    rapport.sammanfattning, per_lagrum = kontroll.sammanfattningar(t, b, matdatum)
    rapport.per_lagrum = {lag: per_lagrum[lag] for lag in rapport.lagrum if lag in per_lagrum}
    rapport.kontroll = kontroll.kontroll(underlag, t, b, kvartal, rapport)
    return rapport
