"""Trend: rapporterade beslut per kvartal och kön (som tabellen Q2-2023 ... Q1-2024 i SoL-handlingen).

Ur ett underlag räknas samma regel för varje kvartal bakåt. Ur tidigare bilagor läses
Summa-raden i varje Bilaga 1.
"""

from __future__ import annotations

import numpy as np

from evb_xl.modell.dokument import Diagram, Dokument, Indata, Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter.huvud import huvud
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import LSS, SOL, Konsgrupp, konsgrupp
from evb_xl.regler.kvartal import Kvartal

_KON = (("Män", Konsgrupp.MAN), ("Kvinnor", Konsgrupp.KVINNA), ("Okänt kön", Konsgrupp.OKANT))


def kvartalen(sista: Kvartal, antal: int) -> list[Kvartal]:
    """De `antal` kvartalen till och med `sista`, äldst först."""
    ut = [sista]
    while len(ut) < antal:
        ut.append(ut[-1].foregaende())
    return ut[::-1]


def rubrik(k: Kvartal) -> str:
    return f"Q{k.nr}-{k.ar}"


def rakna(t, kvartal: list[Kvartal]) -> dict:
    """{(lagrum, Konsgrupp): [antal per kvartal]}."""
    f = regler.forlopp(t.beslut, t.avbrott, t.verkstallt, t.avslutat)
    lagrum = np.array(t.lagrum, dtype=object)
    kon = np.array([konsgrupp(k) for k in t.kon], dtype=object)
    ut = {}
    for lag in (LSS, SOL):
        if not (lagrum == lag).any():
            continue
        for _, man in _KON:
            grupp = (lagrum == lag) & np.array([k is man for k in kon], dtype=bool)
            ut[(lag, man)] = [int((regler.rapporteringspliktig(f.frist, f.stangd, q.start, q.slut) & grupp).sum())
                              for q in kvartal]
    return ut


def tabell(antal: dict, kvartal: list[Kvartal], kalla: str, inst: Installningar | None = None) -> Tabell:
    rader = []
    for (lag, man), varden in antal.items():
        namn = next(n for n, m in _KON if m is man)
        if man is Konsgrupp.OKANT and not any(varden):
            continue
        rader.append([f"{namn} {lag}", *varden])
    serier = list(range(len(rader)))
    totalt = [sum(r[i] for r in rader) for i in range(1, len(kvartal) + 1)]
    rader.append(["Totalt", *totalt])
    return Tabell(
        blad="Trend", titel=f"Inrapporterade ej verkställda beslut per kvartal, {rubrik(kvartal[0])} – {rubrik(kvartal[-1])}",
        undertitel=kalla, rubriker=["Kön per beslut", *map(rubrik, kvartal)], rader=rader,
        diagram=Diagram("linje", "Rapporterade beslut per kvartal och kön", tuple(range(len(kvartal))),
                        per_rad=True, rader=tuple(serier)),
        bredder=(30, *([11] * len(kvartal))), summarad=True,
        huvud=huvud(inst, kvartal[-1], sorted({lag for lag, _ in antal}, key=["LSS", "SoL"].index), kvartal[0])
        if inst is not None else (),
    )


def ur_underlag(t, sista: Kvartal, antal_kvartal: int = 4, inst: Installningar | None = None) -> Tabell:
    k = kvartalen(sista, antal_kvartal)
    return tabell(rakna(t, k), k, "Räknat ur underlaget med samma regler för varje kvartal. Beslut som tagits "
                                  "bort ur listan finns inte med i de tidigare kvartalen.", inst)


def ur_summor(per_kvartal: dict, antal_filer: int, inst: Installningar | None = None) -> tuple[Tabell, Kvartal]:
    """(tabellen, sista kvartalet) ur tidigare bilagors Summa-rader (lasning.tidigare_bilagor.summor)."""
    kvartal = sorted(per_kvartal)
    nycklar = [(lag, man) for lag in (LSS, SOL) for _, man in _KON
               if any((lag, man) in per_kvartal[k] for k in kvartal)]
    antal = {n: [per_kvartal[k].get(n, 0) for k in kvartal] for n in nycklar}
    return tabell(antal, kvartal, f"Summa-raderna i Bilaga 1 ur {antal_filer} tidigare bilagor.", inst), kvartal[-1]


@registrera("trend", titel="Trend", hjalp="""Rapporterade beslut per kvartal och kön, med linjediagram.

    Skriver UT/<namn>_trend_<kvartal>.xlsx (med --fran-bilagor: UT/trend_<sista kvartal>.xlsx).""",
            knapp=Knapp("evb_trend", "Trend", "Rapporterade beslut per kvartal och kön för de senaste fyra kvartalen, "
                        "med diagram, i en ny arbetsbok.", "ChartInsert"))
def trend(indata: Indata) -> Dokument:
    return Dokument([ur_underlag(indata.tabell, indata.kvartal, indata.alternativ.get("antal_kvartal", 4),
                                 indata.installningar)])
