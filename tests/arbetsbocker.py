"""Bygg testarbetsböcker (med påhittade personer) som en användare skulle ha dem."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl

FIXTURER = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
if not FIXTURER.is_dir():  # CI: shared/ ligger bredvid klonen
    FIXTURER = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures"


def fixtur(namn: str) -> list[dict]:
    with open(FIXTURER / namn, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def iso(text: str):
    return date.fromisoformat(text) if text else None


def skriv_bok(sokvag: Path, rader: list[list], blad: str = "Underlag", ovan: list[list] = (),
              installningar: list[list] | None = None, fler_blad: dict | None = None) -> Path:
    """En arbetsbok med `ovan` (titlar, tomma rader) före raderna, och ev. Inställningar."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = blad
    for r in [*ovan, *rader]:
        ws.append(list(r))
    for namn, innehall in (fler_blad or {}).items():
        extra = wb.create_sheet(namn)
        for r in innehall:
            extra.append(list(r))
    if installningar is not None:
        inst = wb.create_sheet("Inställningar")
        for r in installningar:
            inst.append(list(r))
    wb.save(sokvag)
    return sokvag


def lss_2023q4(sokvag: Path) -> Path:
    """SPEC §6: Q4 2023 LSS Bilaga 2 (88 rader), med rubrikerna som i nämndhandlingen."""
    rader = fixtur("lss_2023q4_bilaga2.csv")
    rubrik = ["Löpnr", "Kön", "Besluts-datum", "Datum för avbrott", "Lagrum", "Typ av insats LSS",
              "Beslutet verkställt", "Beslutet avslutat"]
    data = [[int(r["Löpnr"]), r["Kön"], iso(r["Beslutsdatum"]), iso(r["Datum för avbrott"]), r["Lagrum"],
             r["Typ av insats"], iso(r["Beslutet verkställt"]), iso(r["Beslutet avslutat"])] for r in rader]
    return skriv_bok(sokvag, [rubrik, *data], ovan=[["Ej verkställda beslut LSS, Q4 2023"], []])


def sol_2024q1(sokvag: Path) -> Path:
    """SPEC §6: Q1 2024 SoL-listan, datum som ÅÅMMDD-tal som i handlingen."""
    rader = fixtur("sol_nf_2024q1_bilaga2.csv")
    rubrik = ["Löpnr", "Kön", "Besluts-datum", "Datum för avbrott", "Lagrum", "Typ av insats",
              "Beslutet verkställt", "Beslutet avslutat"]
    tal = lambda t: int(t) if t else None  # noqa: E731
    data = [[int(r["Löpnr"]), r["Kön"], tal(r["Beslutsdatum"]), tal(r["Datum för avbrott"]), r["Lagrum"],
             r["Typ av insats"], tal(r["Beslutet verkställt"]), tal(r["Beslutet avslutat"])] for r in rader]
    return skriv_bok(sokvag, [rubrik, *data])
