"""Återrapportering: beslut som rapporterats ett tidigare kvartal och som verkställts eller
avslutats i detta ("tidigare rapporterade som nu verkställts", till IVO och revisorerna).

Ett beslut som stängs under kvartalet var öppet vid kvartalets början, så regler.tidigare_rapporterad
avgör om det rapporterats förut.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from evb_xl.modell.dokument import Dokument, Indata, Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter.huvud import huvud, lagrum_i
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import LSS, SOL, Konsgrupp, kategorinamn, konsgrupp
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.lagar import lag_i_kraft

KOLUMNER = ("Verkställda män", "Verkställda kvinnor", "Avslutade män", "Avslutade kvinnor", "Okänt kön")


def urval(b, kvartal: Kvartal) -> tuple[np.ndarray, np.ndarray]:
    """(mask för tidigare rapporterade som stängts i kvartalet, mask för verkställda bland dem);
    `b` är bedömningen (bilagor.bedom) eller förloppet (regler.forlopp)."""
    start, slut = np.datetime64(kvartal.start, "D"), np.datetime64(kvartal.slut, "D")
    i_kvartalet = ~np.isnat(b.stangd) & (b.stangd >= start) & (b.stangd <= slut)
    return regler.tidigare_rapporterad(b.frist, b.stangd, kvartal) & i_kvartalet, b.verkstalld_forst


def tabeller(t, b, kvartal: Kvartal, kategoriordning: dict, inst: Installningar | None = None) -> list[Tabell]:
    """En tabell per lagrum i underlaget (också när den är 0); med `inst` huvudet som Bilaga 1."""
    mask, verkstalld = urval(b, kvartal)
    ut = []
    for lag in lagrum_i(t):  # varje lagrum i underlaget, också med 0: 'inga' ska gå att skilja från 'glömt'
        rader: dict[str, Counter] = {}
        for i in np.flatnonzero(mask):
            if t.lagrum[i] != lag:
                continue
            kon = konsgrupp(t.kon[i])
            kol = "Okänt kön" if kon is Konsgrupp.OKANT else \
                f"{'Verkställda' if verkstalld[i] else 'Avslutade'} {kon.value}"
            rader.setdefault(kategorinamn(t.kategori[i]), Counter())[kol] += 1
        ordning = kategoriordning.get(lag, [])
        namn = sorted(rader, key=lambda n: (ordning.index(n) if n in ordning else len(ordning), n))
        tabellrader = [[n, *[rader[n][k] for k in KOLUMNER], sum(rader[n].values())] for n in namn]
        tabellrader.append(["Summa", *[sum(rader[n][k] for n in namn) for k in KOLUMNER],
                            sum(sum(c.values()) for c in rader.values())])
        ut.append(Tabell(
            blad=f"Återrapportering {lag}", titel=f"Tidigare rapporterade beslut {lag} som verkställts eller "
                                                  f"avslutats under {kvartal.text}",
            undertitel=f"Beslut som var rapporteringspliktiga {kvartal.foregaende().text} och stängdes {kvartal.period}. "
                       f"Ett verkställt beslut anmäls med datum enligt {lag_i_kraft(lag, kvartal).paragraf('anmalan')}.",
            rubriker=[f"{lag}-insats", *KOLUMNER, "Totalt"], rader=tabellrader, bredder=(38, *([12] * 6)), summarad=True,
            huvud=huvud(inst, kvartal, [lag]) if inst is not None else (),
            tom=f"Inga beslut att redovisa: inga tidigare rapporterade {lag}-beslut verkställdes eller "
                "avslutades under kvartalet."))
    if not ut:  # ett underlag utan beslut
        ut.append(Tabell(blad="Återrapportering", titel=f"Tidigare rapporterade beslut som verkställts eller "
                                                       f"avslutats under {kvartal.text}",
                         rubriker=["Insats", *KOLUMNER, "Totalt"], rader=[["Summa", *[0] * (len(KOLUMNER) + 1)]],
                         bredder=(38, *([12] * 6)), huvud=huvud(inst, kvartal, []) if inst is not None else (),
                         summarad=True))
    return ut


@registrera("aterrapportering", titel="Återrapportering", hjalp="""Tidigare rapporterade beslut som verkställts eller avslutats i kvartalet.

    Skriver UT/<namn>_aterrapportering_<kvartal>.xlsx, per insats och kön.""",
            knapp=Knapp("evb_aterrapportering", "Återrapportering", "Tidigare rapporterade beslut som verkställts "
                        "eller avslutats under kvartalet, per insats och kön.", "Refresh"))
def aterrapportering(indata: Indata) -> Dokument:
    return Dokument(tabeller(indata.tabell, indata.bedomning, indata.kvartal,
                             {lag: indata.installningar.kategoriordning(lag) for lag in (LSS, SOL)},
                             indata.installningar))
