"""Bilaga 1, Bilaga 2 och Kontroll som data (SPEC §5, §8), ur ett läst underlag och ett kvartal.

Inget här läser eller skriver filer; skrivning/fyll.py lägger tabellerna i mallen.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from evb_xl.modell.beslut import Bedomning, Beslutstabell, bedom
from evb_xl.modell.bilagor import Bilaga1, Kolumn, Matt, Rad, Rapport
from evb_xl.modell.dokument import Indata
from evb_xl.modell.kolumn import Kolumnrader, grupper
from evb_xl.modell.installningar import (
    KVARSTAENDE,
    ORSAKER_ALLA,
    ORSAKER_EN,
    RAPPORTERADE,
)
from evb_xl.modell.underlag import Underlag
from evb_xl.rapporter import fritext, kontroll, siffror
from evb_xl.rapporter.register import Knapp, registrera
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
    Konsgrupp,
    kategorinamn,
    konsgrupp,
    raknas_under,
    standardtabell,
)
from evb_xl.regler.kvartal import Kvartal

SUMMA = "Summa"


def bilaga1(t: Beslutstabell, b: Bedomning, lagrum: str, kvartal: Kvartal, matdatum: date,
            antal: str = RAPPORTERADE, pagaende: dict | None = None,
            pagaende_datum: date | None = None, kategoriordning: list | None = None,
            orsaker: str = ORSAKER_EN) -> Bilaga1:
    """Räkna Bilaga 1 för ett lagrum. `pagaende`: {(lagrum, kategori): (män, kvinnor)}; Summa för
    pågående och andel räknar bara bladets rader som har pågående (SPEC §8 p. 18). `kategoriordning`:
    kategorinamnen i tabellens ordning. `orsaker`: ORSAKER_ALLA räknar varje orsak i cellen i sin
    kolumn (SPEC §10)."""
    mask = b.rapporteringspliktig & _ar_lagrum(t, lagrum)
    if antal == KVARSTAENDE:
        mask &= b.oppen
    rader: dict[str, Counter] = {}
    # en gång per kombination av kategori, kön, orsak(er) och avbrott (i radernas ordning), inte per rad
    for (kategori, kon, orsak, avbrott), n in _kombinationer(t, np.flatnonzero(mask), orsaker == ORSAKER_ALLA):
        c = rader.setdefault(kategorinamn(kategori), Counter())
        c[Kolumn(Matt.ANTAL, konsgrupp(kon))] += n
        for o in raknas_under(lagrum, orsak, avbrott):
            c[Kolumn(Matt.AVBROTT) if o == AVBROTT_I_VERKSTALLIGHET and lagrum != SOL
              else Kolumn(Matt.ORSAK, o)] += n
    egna = {namn: v for (lag, namn), v in (pagaende or {}).items() if lag == lagrum}
    kolumner = _kolumner(lagrum, rader.values())
    ordning = _radordning(lagrum, rader, kategoriordning)
    tabellrader = [Rad(namn, _varden(rader.get(namn, Counter()), kolumner, egna.get(namn))) for namn in ordning]
    summa = Counter()
    for c in rader.values():
        summa.update(c)
    # pågående och andel i Summa: bara bladets rader som har pågående, och andelen bara av deras antal
    med_pagaende = [namn for namn in ordning if namn in egna]
    summa_pagaende = tuple(map(sum, zip(*(egna[n] for n in med_pagaende)))) if med_pagaende else None
    tal = Counter()
    for namn in med_pagaende:
        tal.update(rader.get(namn, Counter()))
    tabellrader.append(Rad(SUMMA, _varden(summa, kolumner, summa_pagaende, tal), summa=True))
    return Bilaga1(lagrum, kvartal, antal, matdatum, kolumner, tabellrader, pagaende_datum,
                   pagaende_givna=bool(med_pagaende), flera_orsaker=orsaker == ORSAKER_ALLA,
                   pagaende_for_alla=len(med_pagaende) == len(ordning))


def _ar_lagrum(t: Beslutstabell, lagrum: str) -> np.ndarray:
    return t.kodad("lagrum").falt(lambda v: v == lagrum, bool)


def _kombinationer(t: Beslutstabell, index: np.ndarray, alla: bool) -> list[tuple[tuple, int]]:
    """[((kategori, kön, orsak, avbrott), antal)] för raderna `index`, i den ordning kombinationerna
    först förekommer; orsak är den första orsaken, eller med `alla` alla orsakerna (en tupel).
    Kategorierna hålls isär på identitet (de delas mellan raderna). Räknat på koderna."""
    if len(index) == 0:
        return []
    orsak = t.orsaker if alla else t.orsak
    nyckel = np.zeros(len(index), dtype=np.int64)
    for falt in ("kategori", "kon", "orsaker" if alla else "orsak"):
        k = t.kodad(falt)
        nyckel = nyckel * len(k.varden) + k.koder[index]
    nyckel = nyckel * 2 + ~np.isnat(t.avbrott[index])
    _, _, forsta, antal = grupper(nyckel)  # i den ordning kombinationerna först förekommer
    ut = []
    for j, n in zip(forsta.tolist(), antal.tolist()):
        i = int(index[j])
        ut.append(((t.kategori[i], t.kon[i], orsak[i], not np.isnat(t.avbrott[i])), n))
    return ut


_KON = (Konsgrupp.MAN, Konsgrupp.KVINNA)


def _kolumner(lagrum: str, raknare) -> list[Kolumn]:
    har = Counter()
    for c in raknare:
        har.update(c)
    k = [Kolumn(Matt.ANTAL, kon) for kon in _KON]
    if har[Kolumn(Matt.ANTAL, Konsgrupp.OKANT)]:
        k.append(Kolumn(Matt.ANTAL, Konsgrupp.OKANT))
    k += [Kolumn(Matt.PAGAENDE, kon) for kon in _KON] + [Kolumn(Matt.ANDEL, kon) for kon in _KON]
    if lagrum == SOL:
        orsaker = [RESURSBRIST_BOSTAD, RESURSBRIST_PERSONAL, TACKAT_NEJ, AVBROTT_I_VERKSTALLIGHET, ANNAT_SKAL]
    else:
        orsaker = list(ORSAKER)
    k += [Kolumn(Matt.ORSAK, o) for o in orsaker]
    if har[Kolumn(Matt.ORSAK, ORSAK_SAKNAS)]:
        k.append(Kolumn(Matt.ORSAK, ORSAK_SAKNAS))
    if lagrum != SOL:
        k.append(Kolumn(Matt.AVBROTT))
    return k


def _varden(c: Counter, kolumner: list[Kolumn], pagaende: tuple | None, tal: Counter | None = None) -> tuple:
    """Radens värden; andelen är antalet i `tal` (standard: radens eget) delat med pågående."""
    tal = c if tal is None else tal
    ut = []
    for k in kolumner:
        if k.matt == Matt.PAGAENDE:
            ut.append(None if pagaende is None else pagaende[_KON.index(k.del_)])
        elif k.matt == Matt.ANDEL:
            tot = None if pagaende is None else pagaende[_KON.index(k.del_)]
            ut.append(tal[Kolumn(Matt.ANTAL, k.del_)] / tot if tot else None)
        else:
            ut.append(c[k])
    return tuple(ut)


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


def bilaga2(t: Beslutstabell, b: Bedomning, lagrum: str, kategoriordning: list | None = None) -> Kolumnrader | list:
    """En rad per rapporteringspliktigt beslut i B2-ordning, utan identitet, sorterad efter insats
    och basdatum (lika behåller underlagets ordning); Löpnr 1..n efter sorteringen. Verkställt och
    avslutat som de var kända vid mätdatum (SPEC §8 p. 16). Typ av insats genom fritext.insats:
    aldrig ett personnummer, och Okänd insats för en text som inte känns igen. Raderna lagras som
    kolumner (Kolumnrader), så att skrivningen kan ta dem utan en lista per rad."""
    ordning = {n: i for i, n in enumerate(kategoriordning or [k.namn for k in standardtabell().for_lagrum(lagrum)])}
    index = np.flatnonzero(b.rapporteringspliktig & _ar_lagrum(t, lagrum))
    if len(index) == 0:
        return []
    # en gång per kategori (de delas mellan raderna): platsen i ordningen
    _, per_rad, forsta, _ = grupper(np.fromiter(map(id, map(t.kategori.__getitem__, index.tolist())), dtype=np.int64,
                                                count=len(index)))
    platser = []
    for i in index[forsta].tolist():
        k = t.kategori[i]
        platser.append(ordning.get(k.namn, len(ordning)) if k else len(ordning) + 1)
    plats = np.array(platser, dtype=np.int64)[per_rad]
    index = index[np.lexsort((index, b.bas[index].astype("int64"), plats))]
    rader = index.tolist()
    return Kolumnrader([range(1, len(rader) + 1), [t.kon[i] or OKANT for i in rader], t.beslut[index],
                        t.avbrott[index], list(map(t.lagrum.__getitem__, rader)), fritext.insatser(t, rader),
                        b.verkstallt[index], b.avslutat[index]])


def bygg(underlag: Underlag, kvartal: Kvartal, matdatum: date | None = None, b: Bedomning | None = None) -> Rapport:
    """Bilagorna och Kontroll för ett läst underlag och ett kvartal (`b`: bedömningen, om den redan finns)."""
    t, inst = underlag.tabell, underlag.installningar
    matdatum = kvartal.matdatum(matdatum or inst.matdatum)
    b = b if b is not None else bedom(t, kvartal, matdatum)
    rapport = Rapport(kvartal, matdatum, inst.antal, inst)
    finns = {lag for lag in t.kodad("lagrum").varden if lag}
    for lag in (LSS, SOL):
        if lag not in finns:
            continue
        ordning = inst.kategoriordning(lag)
        rapport.bilaga1[lag] = bilaga1(t, b, lag, kvartal, matdatum, inst.antal, inst.pagaende or None,
                                       inst.pagaende_datum, ordning, inst.orsaker)
        rapport.bilaga2[lag] = bilaga2(t, b, lag, ordning)
        rader = [r.insats for r in rapport.bilaga1[lag].rader if not r.summa]
        rapport.siffror[lag] = siffror.per_lagrum(t, b, lag, rader, orsaker=None)  # Kontroll: utan orsaksgrupper
    rapport.sammanfattning, per_lagrum = kontroll.sammanfattningar(t, b, matdatum)
    rapport.per_lagrum = {lag: per_lagrum[lag] for lag in rapport.lagrum if lag in per_lagrum}
    rapport.kontroll = kontroll.kontroll(underlag, t, b, kvartal, rapport)
    return rapport


@registrera("bilagor", titel="Skapa bilagor", hjalp="""Skapa Bilaga 1, Bilaga 2 och Kontroll för varje underlag (fil eller mapp).

    Skriver UT/<namn>_bilagor_<kvartal>.xlsx; underlaget ändras aldrig.""",
            knapp=Knapp("evb_skapa_bilagor", "Skapa bilagor", "Skapar Bilaga 1 och Bilaga 2 för kvartalet ur underlaget "
                        "i den aktiva arbetsboken. Nämnd, kvartal och antal hämtas från bladet Inställningar.",
                        "CreateReport", "huvud", stor=True))
def bilagor(indata: Indata) -> Rapport:
    return bygg(indata.underlag, indata.kvartal, indata.matdatum, indata.bedomning)
