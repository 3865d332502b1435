"""Märket på verktygets utfiler (modell.utfiler.MARKE): en egen dokumentegenskap med filens slag,
och för bilagorna Summa-radernas antal per lagrum och kön med det som säger vad de räknade
(MARKE_SUMMOR, modell.utfiler.Bilagemarke): antal (rapporterade eller kvarstående), nämnd,
diarienummer, kvartal, mätdatum och lagrummen med lagtexten. Trenden och skrivelsen läser det."""

from __future__ import annotations

import json

from evb_xl.modell.bilagor import Kolumn, Matt, Rapport
from evb_xl.modell.utfiler import MARKE, MARKE_SUMMOR, MARKE_VERSION
from evb_xl.regler.kategorier import Konsgrupp


def marka(wb, slag: str, rapport: Rapport | None = None) -> None:
    """Märk en arbetsbok (openpyxl) som verktygets utfil av slaget `slag`; med bilagornas `rapport`
    också Summa per lagrum och kön."""
    from openpyxl.packaging.custom import StringProperty  # openpyxl först när den används

    varden = egenskaper(slag, rapport)
    props = wb.custom_doc_props
    for p in [p for p in props.props if p.name in varden]:
        props.props.remove(p)
    for namn, varde in varden.items():
        props.append(StringProperty(name=namn, value=varde))


def egenskaper(slag: str, rapport: Rapport | None = None) -> dict[str, str]:
    """{egenskapens namn: text}: slaget, och för bilagornas `rapport` summorna och vad de räknade som JSON."""
    varden = {MARKE: slag}
    if rapport is not None:
        inst = rapport.installningar
        varden[MARKE_SUMMOR] = json.dumps({
            "version": MARKE_VERSION, "kvartal": str(rapport.kvartal), "antal": rapport.antal,
            "namnd": inst.namnd or "", "diarienummer": inst.diarienummer or "",
            "matdatum": rapport.matdatum.isoformat(),
            "lagrum": {lag: inst.text_for(lag, rapport.kvartal) for lag in rapport.lagrum},
            "summor": summor(rapport)}, ensure_ascii=False, sort_keys=True)
    return varden


def summor(rapport: Rapport) -> dict:
    """{lagrum: {kön: antal}} ur Bilaga 1:s Summa, för de kön som har en kolumn."""
    ut = {}
    for lag, b in rapport.bilaga1.items():
        summa = b.summa
        ut[lag] = {g.value: int(summa[Kolumn(Matt.ANTAL, g)]) for g in Konsgrupp if Kolumn(Matt.ANTAL, g) in summa}
    return ut
