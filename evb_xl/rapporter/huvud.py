"""Rapporternas huvud: samma rader som Bilaga 1 har under titeln (nämnd, diarienummer, lagrum och
period), ur Inställningar, så att varje papper i en nämndhandling säger vems och vilket det är."""

from __future__ import annotations

from dataclasses import replace

from evb_xl.modell.installningar import Installningar
from evb_xl.regler.kategorier import LSS, SOL
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.lagar import med_punkt


def lagrum_i(t) -> list[str]:
    """Lagrummen som finns i beslutstabellen, LSS först."""
    finns = set(t.lagrum)
    return [lag for lag in (LSS, SOL) if lag in finns]


def huvud(inst: Installningar, kvartal: Kvartal, lagrum: list[str], forsta: Kvartal | None = None,
          namnd: str | None = None) -> tuple[str, ...]:
    """Nämnd, Diarienummer, Lagrum och Period (med lagrumstexten), som Bilaga 1. `forsta`: perioden
    börjar med det kvartalet (trenden); `namnd`: i stället för inställningens (sammanställningen)."""
    rader = [inst.namndrad if namnd is None else namnd or "Nämnd: uppgift saknas",
             f"Diarienummer: {inst.diarienummer_text}",
             f"Period {(forsta or kvartal).start.isoformat()} – {kvartal.slut.isoformat()}."
             + (f" Lagrum: {' och '.join(lagrum)}." if lagrum else "")]
    rader += [f"{lag}: rapportering enligt {med_punkt(inst.text_for(lag, kvartal, forsta))}" for lag in lagrum]
    return tuple(rader)


def med_huvud(tabeller: list, rader: tuple[str, ...]) -> list:
    """Tabellerna med huvudet `rader` (de som redan har ett behåller sitt)."""
    return [t if t.huvud else replace(t, huvud=rader) for t in tabeller]
