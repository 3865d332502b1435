"""Fyll mallen med en Rapport och spara atomiskt: värden, aldrig formler.

Text som börjar med =, +, - eller @ skrivs som text. Utfilen skrivs till en tillfällig
fil i målmappen och byter namn först när den är hel.
"""

from __future__ import annotations

import os
import tempfile
from copy import copy, deepcopy
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from evb_xl.modell.bilagor import B2, BILAGA2_DATUM, Bilaga1, Matt, Rapport
from evb_xl.modell.installningar import BLADNAMN
from evb_xl.modell.utfiler import BILAGOR
from evb_xl.skrivning.bilagetext import (
    BILAGA2_RUBRIKER,
    INGA_BESLUT,
    bladnamn,
    byt_platshallare,
    noter,
    platshallare,
    rubrikceller,
)
from evb_xl.skrivning.mall import bygg_mall
from evb_xl.skrivning.marke import marka
from evb_xl.skrivning.massrader import OTILLATNA_TECKEN, Massrader

if TYPE_CHECKING:  # openpyxl importeras först när den används
    from openpyxl.workbook import Workbook

_MASSGRANS = 50  # tabeller med fler rader än så skrivs som XML efter första raden

DATUMFORMAT = "yyyy-mm-dd"
PROCENTFORMAT = "0%"
_MALLBLAD = ("Bilaga 1", "Bilaga 2", "Kontroll")


@dataclass
class Utbok:
    """En ifylld arbetsbok och de stora tabellernas rader som läggs in när den sparas."""

    wb: Workbook
    massrader: Massrader

    def save(self, sokvag) -> None:
        """Arbetsboken och sedan de stora tabellernas rader (som XML) in i `sokvag`."""
        if not self.massrader.block:
            self.wb.save(sokvag)
            return
        # den första versionen är också en tillfällig fil i målmappen, med samma sorts namn
        # (.<namn>.<slump>.tmp, skapad med O_EXCL) som atomiskt.py ger den slutliga
        sokvag = Path(sokvag)
        fd, forsta = tempfile.mkstemp(prefix=f".{sokvag.stem.lstrip('.')}.", suffix=".tmp", dir=sokvag.parent)
        os.close(fd)
        try:
            self.wb.save(forsta)
            self.massrader.skriv_in(forsta, sokvag)
        finally:
            if os.path.exists(forsta):
                os.unlink(forsta)


def las_mall(sokvag: Path | None) -> Workbook:
    if sokvag is None:
        return bygg_mall()
    import openpyxl  # här: `evb-xl bilagor` med standardmallen behöver inte openpyxl (standardbok.py)

    try:
        wb = openpyxl.load_workbook(sokvag)
    except Exception:  # noqa: BLE001 - openpyxl ger många slags fel för en fil som inte är en arbetsbok
        raise ValueError(f"{Path(sokvag).name}: mallen går inte att öppna som arbetsbok") from None
    saknas = [b for b in _MALLBLAD if b not in wb.sheetnames]
    if saknas:
        raise ValueError(f"{Path(sokvag).name}: mallen saknar bladen {', '.join(saknas)}")
    return wb


def mallens_installningar(wb: Workbook) -> list[list]:
    """Raderna på mallens blad Inställningar (tomt om det saknas)."""
    if BLADNAMN not in wb.sheetnames:
        return []
    return [list(r) for r in wb[BLADNAMN].iter_rows(values_only=True)]


# --- celler -------------------------------------------------------------------------


def satt(cell, varde, stil=None, talformat: str | None = None) -> None:
    """Ett värde i en cell; text blir alltid text (aldrig formel), datum visas ÅÅÅÅ-MM-DD.
    `stil`: en kopierad cellstil (från mallen) eller en dict som mall.RUBRIK."""
    if isinstance(stil, dict):
        for namn, v in stil.items():
            setattr(cell, namn, v)
    elif stil is not None:
        cell._style = copy(stil)
    if isinstance(varde, str):  # styrtecken (t.ex. Words radbrytning) får inte stå i en arbetsbok
        varde = OTILLATNA_TECKEN.sub("", varde)
    cell.value = varde
    if isinstance(varde, str):
        cell.data_type = "s"
    elif isinstance(varde, date):
        cell.number_format = DATUMFORMAT
    if talformat == DATUMFORMAT or (talformat and varde is not None and not isinstance(varde, (str, date))):
        cell.number_format = talformat


def _platser(ws) -> dict:
    """{etikett: (rad, kolumn, stil)} för mallens tabelletiketter; cellerna töms."""
    ut = {}
    for rad in ws.iter_rows():
        for c in rad:
            if isinstance(c.value, str) and c.value.strip() in ("{tabell}", "{rad}", "{summa}", "{avsnitt}"):
                ut[c.value.strip()[1:-1]] = (c.row, c.column, copy(c._style))
                c.value = None
    return ut


def _byt_text(ws, varden: dict) -> None:
    for rad in ws.iter_rows():
        for c in rad:
            if isinstance(c.value, str) and "{" in c.value:
                satt(c, byt_platshallare(c.value, varden))


# --- bladen -------------------------------------------------------------------------


def _sla_ihop(ws, **granser) -> None:
    """Slå ihop celler utan openpyxl:s omformatering av kanterna (cellerna har redan mallens
    format); det var den största kostnaden per liten arbetsbok."""
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    ws.merged_cells.add(MergedCellRange(ws, CellRange(**granser).coord))


def skriv_bilaga1(ws, b: Bilaga1) -> None:
    p = _platser(ws)
    r0, c0, rubrikstil = p["tabell"]
    radstil = p.get("rad", p["tabell"])[2]
    summastil = p.get("summa", p.get("rad", p["tabell"]))[2]
    ws.row_dimensions[r0 + 1].height = ws.row_dimensions[r0].height
    celler, ihop = rubrikceller(b)
    for r, c, text in celler:
        satt(ws.cell(r0 + r, c0 + c), text, rubrikstil)
    for r1, k1, r2, k2 in ihop:
        _sla_ihop(ws, min_row=r0 + r1, min_col=c0 + k1, max_row=r0 + r2, max_col=c0 + k2)
    forsta = r0 + 2
    if b.tom:  # bara Summa: det ska synas, som i Bilaga 2 (bilagetext.som_rader)
        for k in range(len(b.kolumner) + 1):
            satt(ws.cell(forsta, c0 + k), INGA_BESLUT if k == 0 else None, radstil)
        _sla_ihop(ws, min_row=forsta, min_col=c0, max_row=forsta, max_col=c0 + len(b.kolumner))
        forsta += 1
    for i, r in enumerate(b.rader):
        stil = summastil if r.summa else radstil
        rad = forsta + i
        satt(ws.cell(rad, c0), r.insats, stil)
        for k, (kol, v) in enumerate(zip(b.kolumner, r.varden)):
            satt(ws.cell(rad, c0 + 1 + k), v, stil, PROCENTFORMAT if kol.matt == Matt.ANDEL else "0")
    for k, text in enumerate(noter(b)):
        satt(ws.cell(forsta + len(b.rader) + 1 + k, c0), text)
    _uppgift_saknas(ws, b, forsta, c0 + 1, radstil)


UPPGIFT_SAKNAS = "uppgift saknas"


def _uppgift_saknas(ws, b: Bilaga1, forsta: int, c0: int, stil) -> None:
    """Pågående och andel utan antal pågående beslut (Inställningar): ett sammanslaget fält per grupp
    med texten 'uppgift saknas', i stället för tomma celler som ser bortglömda ut. Kolumnerna står
    kvar, så att tabellen ser ut som i förra kvartalets handling."""
    if b.pagaende_givna:
        return
    from openpyxl.styles import Alignment, Font

    for matt in (Matt.PAGAENDE, Matt.ANDEL):
        kolumner = [k for k, kol in enumerate(b.kolumner) if kol.matt == matt]
        if not kolumner:
            continue
        forsta_kol, sista_kol = c0 + kolumner[0], c0 + kolumner[-1]
        cell = ws.cell(forsta, forsta_kol)
        satt(cell, UPPGIFT_SAKNAS, stil)
        cell.font = Font(name=cell.font.name, size=cell.font.size, italic=True, color="595959")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        _sla_ihop(ws, min_row=forsta, min_col=forsta_kol, max_row=forsta + len(b.rader) - 1, max_col=sista_kol)


_DATUMKOLUMNER = {i for i, k in enumerate(B2) if k in BILAGA2_DATUM}


def skriv_bilaga2(ws, rader: list[list], mass: Massrader) -> None:
    p = _platser(ws)
    r0, c0, rubrikstil = p["tabell"]
    radstil = p.get("rad", p["tabell"])[2]
    for k, namn in enumerate(BILAGA2_RUBRIKER.values()):
        satt(ws.cell(r0, c0 + k), namn, rubrikstil)
    if rader:
        for k, v in enumerate(rader[0]):
            satt(ws.cell(r0 + 1, c0 + k), v, radstil, DATUMFORMAT if k in _DATUMKOLUMNER else None)
        mass.lagg_till(ws.title, r0 + 1, c0, rader[1:])
    else:  # inga rapporteringspliktiga beslut: det ska synas, inte se bortglömt ut
        for k in range(len(BILAGA2_RUBRIKER)):
            satt(ws.cell(r0 + 1, c0 + k), INGA_BESLUT if k == 0 else None, radstil)
        _sla_ihop(ws, min_row=r0 + 1, min_col=c0, max_row=r0 + 1, max_col=c0 + len(BILAGA2_RUBRIKER) - 1)


def skriv_kontroll(ws, avsnitt: list, mass: Massrader) -> None:
    p = _platser(ws)
    rad, c0, avsnittsstil = p.get("avsnitt", p["tabell"])
    rubrikstil, radstil = p["tabell"][2], p.get("rad", p["tabell"])[2]
    for titel, tabell in avsnitt:
        satt(ws.cell(rad, c0), titel, avsnittsstil)
        rad += 1
        for i, rader in enumerate(tabell[:_MASSGRANS + 2]):
            for k, v in enumerate(rader):
                satt(ws.cell(rad, c0 + k), v, rubrikstil if i == 0 else radstil)
            rad += 1
        if len(tabell) > _MASSGRANS + 2:
            mass.lagg_till(ws.title, rad - 1, c0, tabell[_MASSGRANS + 2:])
            rad += len(tabell) - _MASSGRANS - 2
        if len(tabell) == 1:
            satt(ws.cell(rad, c0), "Inga.", radstil)
            rad += 1
        rad += 1


# --- hela arbetsboken ---------------------------------------------------------------


def fyll(rapport: Rapport, mall: Workbook, fil: str) -> Utbok:
    """Mallen med Bilaga 1 och 2 per lagrum och Kontroll; mallens övriga blad tas bort."""
    wb = mall
    mass = Massrader()
    flera = len(rapport.lagrum) > 1
    ordning = []
    for lag in rapport.lagrum:
        for mallnamn, skriv, data in (("Bilaga 1", skriv_bilaga1, rapport.bilaga1[lag]),
                                      ("Bilaga 2", partial(skriv_bilaga2, mass=mass), rapport.bilaga2[lag])):
            ws = _kopia(wb, wb[mallnamn]) if flera else wb[mallnamn]
            ws.title = bladnamn(mallnamn, lag, flera)
            _byt_text(ws, platshallare(rapport, fil, lag))
            skriv(ws, data)
            ordning.append(ws)
    kontroll = wb["Kontroll"]
    _byt_text(kontroll, platshallare(rapport, fil))
    skriv_kontroll(kontroll, rapport.kontroll, mass)
    ordning.append(kontroll)
    for ws in list(wb.worksheets):
        if ws not in ordning:
            wb.remove(ws)
    wb._sheets = ordning
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is ordning[0]
    marka(wb, BILAGOR, rapport)  # med summorna, som trenden läser
    return Utbok(wb, mass)


def _kopia(wb: Workbook, mall):
    """En kopia av mallens blad med allt som skrivs ut: openpyxl:s copy_worksheet tar inte med
    sidhuvud och sidfot ("Sida &P av &N") eller rubrikraderna."""
    ws = wb.copy_worksheet(mall)
    ws.HeaderFooter = deepcopy(mall.HeaderFooter)
    ws.print_title_rows = mall.print_title_rows
    ws.print_title_cols = mall.print_title_cols
    return ws
