"""Väntetid: hur länge de rapporteringspliktiga besluten väntat, i IVO:s indelning per insats,
och de längsta väntetiderna först (de som riskerar särskild avgift)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from evb_xl.modell.dokument import Diagram, Dokument, Indata, Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter.huvud import huvud, lagrum_i, med_huvud
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import LSS, OKANT, SOL, kategorinamn
from evb_xl.regler.kvartal import Kvartal


def tabeller(t, b, kvartal: Kvartal, matdatum: date, kategoriordning: dict,
             inst: Installningar | None = None) -> list[Tabell]:
    index = np.flatnonzero(b.rapporteringspliktig)
    hink = regler.vantetid(b.manader)
    per_insats: dict[tuple, Counter] = {}
    for i in index:
        namn = kategorinamn(t.kategori[i])
        per_insats.setdefault((t.lagrum[i], namn), Counter())[hink[i]] += 1
    ordning = lambda n: (["LSS", "SoL"].index(n[0]), (kategoriordning.get(n[0], []) + [n[1]]).index(n[1]))  # noqa: E731
    rader = [[f"{namn} ({lag})", *[per_insats[(lag, namn)][h] for h in regler.VANTETIDER],
              sum(per_insats[(lag, namn)].values())] for lag, namn in sorted(per_insats, key=ordning)]
    rader.append(["Summa", *[sum(r[1 + k] for r in rader) for k in range(len(regler.VANTETIDER))],
                  sum(r[-1] for r in rader)])
    fordelning = Tabell(
        blad="Väntetid", titel=f"Väntetid för rapporteringspliktiga beslut, {kvartal.text}",
        undertitel=f"Tid från basdatum (avbrott, annars beslut) till verkställt/avslutat eller till {matdatum}.",
        rubriker=["Insats", *regler.VANTETIDER, "Totalt"], rader=rader,
        diagram=Diagram("stapel", "Väntetid per insats", tuple(range(1, 1 + len(regler.VANTETIDER))),
                        staplade=True, liggande=True) if len(rader) > 1 else None,
        bredder=(44, 12, 12, 12, 12, 16, 10), summarad=True)
    langst = sorted(index, key=lambda i: (-b.dagar[i], int(t.rad[i])))
    lista = [[int(t.rad[i]), t.lagrum[i], kategorinamn(t.kategori[i]), t.kon[i] or OKANT,
              b.bas[i].astype(date), b.frist[i].astype(date), int(b.dagar[i]), int(b.manader[i]), hink[i],
              str(b.status[i])] for i in langst]
    langsta = Tabell(
        blad="Längst väntan", titel=f"Längst väntan först, {kvartal.text}",
        undertitel="Rad i underlaget pekar ut beslutet för handläggaren; inga personuppgifter.",
        rubriker=["Rad i underlaget", "Lagrum", "Insats", "Kön", "Basdatum", "Frist", "Dagar", "Månader",
                  "Väntetid", "Status"], rader=lista, bredder=(10, 8, 34, 9, 12, 12, 8, 9, 16, 24))
    return med_huvud([fordelning, langsta], huvud(inst, kvartal, lagrum_i(t))) if inst is not None else [fordelning, langsta]


@registrera("vantetid", titel="Väntetid", hjalp="""Väntetid i IVO:s indelning per insats, med diagram, och längst väntan först.

    Skriver UT/<namn>_vantetid_<kvartal>.xlsx.""",
            knapp=Knapp("evb_vantetid", "Väntetid", "Hur länge besluten väntat, i IVO:s indelning per insats, och de "
                        "längsta väntetiderna först."))
def vantetid(indata: Indata) -> Dokument:
    return Dokument(tabeller(indata.tabell, indata.bedomning, indata.kvartal, indata.matdatum,
                             {lag: indata.installningar.kategoriordning(lag) for lag in (LSS, SOL)},
                             indata.installningar))
