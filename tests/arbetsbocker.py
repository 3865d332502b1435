"""Bygg testarbetsböcker (med påhittade personer) som en användare skulle ha dem."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl

DATA = Path(__file__).resolve().parent / "data"  # fixturer och seeds hör till repot


def fixtur(namn: str) -> list[dict]:
    with open(DATA / namn, encoding="utf-8") as f:
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
    for rad in ws.iter_rows():
        for c in rad:  # text som börjar med = ska vara text även i testunderlagen
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"
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


# Påhittade personer; personnumren följer formen men är uppdiktade.
STOKIGT_RUBRIK = ["Personnummer", "Namn", "Kön", "Besluts-datum", "Datum för avbrott", "Lagrum",
                  "Typ av insats", "Orsak", "Beslutet verkställt", "Beslutet avslutat", "Kommentar", "Enhet"]
STOKIGT = [
    # pnr, namn, kön, beslut, avbrott, lagrum, insats, orsak, verkställt, avslutat, kommentar, enhet
    ["19800101-1234", "Testa Testsson", "Man", date(2023, 6, 1), None, "LSS", "9 § 10 Daglig verksamhet",
     "Tackat nej", None, None, "Vill byta verksamhet", "Enhet Norr"],
    ["19750505-2348", "Provia Provsdotter", "K", "2023-05-10", None, "", "9 § 9 SÄBO",
     "Resursbrist ledig bostad", "2023-10-20", None, "Flyttade in", "Enhet Norr"],
    ["20120303-3317", "Lillen Låtsas", "pojke ", 230415, None, "LSS", "9 § 5 Avlösarservice",
     "Resursbrist - personal", None, None, "", "Enhet Syd"],
    [None, None, None, None, None, None, None, None, None, None, None, None],  # tom rad mitt i
    ["19601212-4561", "Fiktiv Fiktivsson", "M", "23-03-02", "230901", "SoL", "Kontaktperson",
     "Annat skäl", None, None, "", "Enhet Syd"],
    ["19900909-8882", "Påhittad Person", "Kvinna", "231204 (avbrottsdatum)", None, "SoL", "Boende",
     "tackat nej", None, None, "", "Enhet Syd"],
    ["19551111-5671", "Exempel Exemplarsson", "Hen", 45000, None, "", "Särskilt boende demens 4 kap 1 §",
     "Annat", None, "2023-11-01", "", "Enhet Öst"],
    ["19881010-1112", "Sista Testsson", "Man", 20230705, None, "LSS", "9 § 4 Kontaktperson",
     "=HYPERLINK(\"http://x\")", None, None, "", "Enhet Öst"],
    [None, None, "Hen", "2023-02-01", None, "SoL", "Hemtjänst", "Annat skäl", None, None, "", "Enhet Öst"],
]


def stokigt(sokvag: Path, extra: list[list] = ()) -> Path:
    """Ett underlag som staben skriver det: titel och tomrad ovanför, blandade datumformer,
    olika stavningar, tom rad, båda lagrummen, avbrottsdatum i beslutskolumnen."""
    return skriv_bok(sokvag, [STOKIGT_RUBRIK, *STOKIGT, *extra],
                     ovan=[["Ej verkställda beslut, Enhet Norr och Syd"], ["Uppdaterad av handläggare"], []])
