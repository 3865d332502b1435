"""Återrapportering: beslut som rapporterats ett tidigare kvartal och som verkställts eller
avslutats i detta ("tidigare rapporterade som nu verkställts", till IVO och revisorerna).

Ett beslut som stängs under kvartalet var öppet vid kvartalets början; har det rapporterats
ett tidigare kvartal så var det också rapporteringspliktigt kvartalet före. Det räcker därför
att pröva regeln för föregående kvartal.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from . import regler
from .kategorier import OKAND_INSATS, ar_man
from .kvartal import Kvartal
from .tabell import Tabell

KOLUMNER = ("Verkställda män", "Verkställda kvinnor", "Avslutade män", "Avslutade kvinnor", "Okänt kön")


def urval(t, kvartal: Kvartal) -> tuple[np.ndarray, np.ndarray]:
    """(mask för tidigare rapporterade som stängts i kvartalet, mask för verkställda bland dem)."""
    f = regler.forlopp(t.beslut, t.avbrott, t.verkstallt, t.avslutat)
    forra = kvartal.foregaende()
    tidigare = regler.rapporteringspliktig(f.frist, f.stangd, forra.start, forra.slut)
    start, slut = np.datetime64(kvartal.start, "D"), np.datetime64(kvartal.slut, "D")
    i_kvartalet = ~np.isnat(f.stangd) & (f.stangd >= start) & (f.stangd <= slut)
    return tidigare & i_kvartalet, f.verkstalld_forst


def tabeller(t, kvartal: Kvartal, kategoriordning: dict) -> list[Tabell]:
    mask, verkstalld = urval(t, kvartal)
    ut = []
    for lag in sorted({t.lagrum[i] for i in np.flatnonzero(mask)}, key=["LSS", "SoL"].index):
        rader: dict[str, Counter] = {}
        for i in np.flatnonzero(mask):
            if t.lagrum[i] != lag:
                continue
            man = ar_man(t.kon[i])
            kol = "Okänt kön" if man is None else \
                f"{'Verkställda' if verkstalld[i] else 'Avslutade'} {'män' if man else 'kvinnor'}"
            rader.setdefault(t.kategori[i].namn if t.kategori[i] else OKAND_INSATS, Counter())[kol] += 1
        ordning = kategoriordning.get(lag, [])
        namn = sorted(rader, key=lambda n: (ordning.index(n) if n in ordning else len(ordning), n))
        tabellrader = [[n, *[rader[n][k] for k in KOLUMNER], sum(rader[n].values())] for n in namn]
        tabellrader.append(["Summa", *[sum(rader[n][k] for n in namn) for k in KOLUMNER],
                            sum(sum(c.values()) for c in rader.values())])
        ut.append(Tabell(
            blad=f"Återrapportering {lag}", titel=f"Tidigare rapporterade beslut {lag} som verkställts eller "
                                                  f"avslutats under {kvartal.text}",
            undertitel=f"Beslut som var rapporteringspliktiga {kvartal.foregaende().text} och stängdes {kvartal.period}.",
            rubriker=[f"{lag}-insats", *KOLUMNER, "Totalt"], rader=tabellrader, bredder=(38, *([12] * 6))))
    if not ut:
        ut.append(Tabell(blad="Återrapportering", titel=f"Tidigare rapporterade beslut som verkställts eller "
                                                       f"avslutats under {kvartal.text}",
                         rubriker=["Insats", "Totalt"], rader=[["Summa", 0]],
                         notering="Inga tidigare rapporterade beslut stängdes under kvartalet."))
    return ut
