"""Standardmallen för bilagorna, byggd av kod så att den alltid går att återskapa.

Mallen fylls genom sina etiketter, inte genom fasta celler: en kommun kan ändra
typsnitt, färger, bredder och texter i sin kopia utan att röra koden.

- Platshållare i text: {lagrum} {kvartal} {period} {nämnd} {diarienummer} {mätdatum}
  {antal} {lagrumstext} {fil} byts mot värdena.
- {tabell}: tabellens övre vänstra hörn; cellens format blir rubrikradernas format.
- {rad}: formatet för tabellens rader. {summa}: formatet för Summa-raden.
- {avsnitt} (Kontroll): formatet för avsnittsrubrikerna.
Blad: "Bilaga 1", "Bilaga 2", "Kontroll". Kör `python -m evb_xl.mall FIL` för en ny mall.
Utan --mall skriver standardbok.py samma arbetsbok utan openpyxl: en ändring här ska göras där
också (tests/test_standardbok.py jämför dem).
"""

from __future__ import annotations

import sys
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from evb_xl.skrivning.atomiskt import spara_atomiskt
from evb_xl.skrivning.bilagetext import HUVUDRADER, TITEL_BILAGA1, TITEL_BILAGA2

if TYPE_CHECKING:  # openpyxl importeras först när den används
    from openpyxl import Workbook


@lru_cache(maxsize=None)
def stilar() -> dict:
    """{"rubrik", "rad", "summa": cellformat som dict (font, fill, border, alignment)}; openpyxl
    importeras här, inte när modulen importeras (`evb-xl bilagor` med standardmallen behöver det inte)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    tunn = Side(style="thin", color="808080")
    ram = Border(left=tunn, right=tunn, top=tunn, bottom=tunn)
    return {
        "rubrik": dict(font=Font(name="Calibri", bold=True, size=10), fill=PatternFill("solid", fgColor="D9E1F2"),
                       border=ram, alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        "rad": dict(font=Font(name="Calibri", size=10), border=ram, alignment=Alignment(vertical="top", wrap_text=True)),
        "summa": dict(font=Font(name="Calibri", bold=True, size=10), border=Border(
            left=tunn, right=tunn, top=Side(style="medium"), bottom=Side(style="double"))),
    }


_FAST_TID = datetime(2024, 1, 1)


def _satt(cell, varde, **stil):
    cell.value = varde
    for namn, v in stil.items():
        setattr(cell, namn, v)


def sidinstallning(ws, titelrader: str | None = None):
    """A4 liggande, en sida bred, sidnummer i sidfoten, ev. rubrikrader på varje sida."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Sida &P av &N"
    if titelrader:
        ws.print_title_rows = titelrader


def _huvud(ws, titel: str) -> None:
    """Rad 1–4 i Bilaga 1 och 2: titeln och bilagetext.HUVUDRADER."""
    from openpyxl.styles import Font

    typsnitt = {"titel": Font(name="Calibri", bold=True, size=14), "text": Font(name="Calibri", size=11),
                "liten": Font(name="Calibri", size=9, italic=True)}
    for rad, (text, stil) in enumerate(((titel, "titel"), *HUVUDRADER), 1):
        _satt(ws.cell(rad, 1), text, font=typsnitt[stil])


def bygg_mall() -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    RUBRIK, RAD, SUMMA = (stilar()[n] for n in ("rubrik", "rad", "summa"))
    wb = Workbook()
    b1 = wb.active
    b1.title = "Bilaga 1"
    _huvud(b1, TITEL_BILAGA1)
    _satt(b1["A6"], "{tabell}", **RUBRIK)
    b1.row_dimensions[6].height = 40
    _satt(b1["A7"], "{rad}", **RAD)
    _satt(b1["A8"], "{summa}", **SUMMA)
    b1.column_dimensions["A"].width = 38
    for kol in "BCDEFGHIJKLMNOPQ":
        b1.column_dimensions[kol].width = 13
    sidinstallning(b1)

    b2 = wb.create_sheet("Bilaga 2")
    _huvud(b2, TITEL_BILAGA2)
    _satt(b2["A5"], "{tabell}", **RUBRIK)
    b2.row_dimensions[5].height = 30
    _satt(b2["A6"], "{rad}", **RAD)
    for kol, bredd in zip("ABCDEFGH", (7, 9, 13, 13, 8, 40, 13, 13)):
        b2.column_dimensions[kol].width = bredd
    sidinstallning(b2, "5:5")

    k = wb.create_sheet("Kontroll")
    _satt(k["A1"], "Kontroll av underlaget {fil}, {kvartal}", font=Font(name="Calibri", bold=True, size=14))
    _satt(k["A2"], "Uppgifterna här pekar på rader i underlaget, aldrig på personer.",
          font=Font(name="Calibri", size=9, italic=True))
    _satt(k["A4"], "{avsnitt}", font=Font(name="Calibri", bold=True, size=12))
    _satt(k["A5"], "{tabell}", **{**RUBRIK, "alignment": Alignment(horizontal="left", wrap_text=True)})
    _satt(k["A6"], "{rad}", **RAD)
    for kol, bredd in zip("ABCDE", (48, 30, 90, 10, 12)):
        k.column_dimensions[kol].width = bredd
    sidinstallning(k, "1:2")  # vilket underlag och kvartal, och att det inte pekar på personer, på varje sida

    wb.properties.creator = "evb-xl"
    wb.properties.created = wb.properties.modified = _FAST_TID
    return wb


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    ut = Path(argv[0] if argv else "workbooks/mall_bilagor.xlsx")

    spara_atomiskt(bygg_mall(), ut, skriv_over=True)
    print(f"Mallen skrevs till {ut}")


if __name__ == "__main__":
    main()
