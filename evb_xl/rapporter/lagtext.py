"""Lagen i kraft på rapporternas blad: en rad under titeln som citerar lagrummen för kvartalet
(SPEC §9). Texten kommer ur regler/data/lagar.csv, eller ur `Lagrumstext SoL`/`Lagrumstext LSS`."""

from __future__ import annotations

from dataclasses import replace

from evb_xl.modell.dokument import Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.regler.kategorier import LAGRUM
from evb_xl.regler.kvartal import Kvartal


def lagrad(inst: Installningar, kvartal: Kvartal, lagrum=LAGRUM) -> str:
    """`Rapportering enligt 28 f–h §§ ... (LSS) av ...; 34 kap. 1–3 §§ socialtjänstlagen (2025:400) ...`"""
    texter = [inst.text_for(lag, kvartal) for lag in LAGRUM if lag in lagrum]
    return f"Rapportering enligt {'; '.join(texter)}." if texter else ""


def med_lagrad(tabeller: list[Tabell], rad: str) -> list[Tabell]:
    """Tabellerna med lagraden sist i undertiteln."""
    if not rad:
        return list(tabeller)
    return [replace(t, undertitel=f"{t.undertitel} {rad}".strip()) for t in tabeller]
