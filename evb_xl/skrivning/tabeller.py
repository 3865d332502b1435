"""De extra rapporternas tabeller (modell.dokument.Tabell) som blad i en ny arbetsbok, med diagram."""

from __future__ import annotations

from typing import TYPE_CHECKING

from evb_xl.skrivning.fyll import satt
from evb_xl.skrivning.mall import sidinstallning as _sidan
from evb_xl.skrivning.mall import stilar
from evb_xl.skrivning.marke import marka
from evb_xl.skrivning.massrader import MAX_RADER, FarIntePlats

if TYPE_CHECKING:  # openpyxl importeras först när den används
    from openpyxl import Workbook
    from openpyxl.chart.text import RichText



def skriv_tabeller(tabeller: list, egenskaper: dict | None = None, slag: str = "rapport") -> Workbook:
    """En arbetsbok med ett blad per Tabell, i mallens stil, med diagram där det finns; märkt som
    verktygets utfil av slaget `slag` (skrivning.marke)."""
    from openpyxl import Workbook  # här: openpyxl bara när en sådan rapport skrivs
    from openpyxl.styles import Alignment, Font

    rubrikstil, radstil, summastil = (stilar()[n] for n in ("rubrik", "rad", "summa"))
    wb = Workbook()
    wb.remove(wb.active)
    for t in tabeller:
        if len(t.rader) + 5 + len(t.huvud) > MAX_RADER:
            raise FarIntePlats(f"{t.blad} får inte plats på ett Excel-blad ({len(t.rader)} rader)")
        ws = wb.create_sheet(t.blad[:31])
        satt(ws.cell(1, 1), t.titel)
        ws.cell(1, 1).font = Font(name="Calibri", bold=True, size=14)
        rad = 2
        if t.undertitel:
            satt(ws.cell(rad, 1), t.undertitel)
            ws.cell(rad, 1).font = Font(name="Calibri", size=10, italic=True)
            rad += 1
        for i, text in enumerate(t.huvud):  # nämnd och diarienummer, sedan period och lagrum, som Bilaga 1
            satt(ws.cell(rad, 1), text)
            ws.cell(rad, 1).font = Font(name="Calibri", size=11) if i < 2 else Font(name="Calibri", size=9, italic=True)
            rad += 1
        forsta = rad + 1 if t.undertitel or t.huvud else 3
        for k, namn in enumerate(t.rubriker, start=1):
            satt(ws.cell(forsta, k), namn, rubrikstil)
        ws.row_dimensions[forsta].height = max(30, 13 * _rader_i_rubrik(t) + 4)
        rader = list(t.rader)
        tom = len(rader) == int(t.summarad)  # inga rader utom summan
        if tom:  # en tom rapport säger det, i stället för en tabell utan rader
            rader.insert(0, [t.tom])
        for i, rad in enumerate(rader, start=1):
            stil = summastil if t.summarad and i == len(rader) else radstil
            for k, v in enumerate(rad, start=1):
                satt(ws.cell(forsta + i, k), v, stil, "0")
            hojd = _radhojd(rad, t.bredder) if not tom else None
            if hojd:  # text som bryts på flera rader: raden blir så hög (LibreOffice räknar inte om den själv)
                ws.row_dimensions[forsta + i].height = hojd
        if tom:
            ws.cell(forsta + 1, 1).font = Font(name="Calibri", size=10, italic=True)
            for k in range(2, len(t.rubriker) + 1):
                satt(ws.cell(forsta + 1, k), None, radstil)
            if len(t.rubriker) > 1:
                ws.merge_cells(start_row=forsta + 1, start_column=1, end_row=forsta + 1, end_column=len(t.rubriker))
        sista = forsta + len(rader)
        if t.notering:
            satt(ws.cell(sista + 2, 1), t.notering)
            ws.cell(sista + 2, 1).alignment = Alignment(wrap_text=False)
        for k, bredd in enumerate(t.bredder or (), start=1):
            ws.column_dimensions[ws.cell(1, k).column_letter].width = bredd
        if t.diagram is not None and not tom:
            _diagram(ws, t, forsta, sista)
        # rubrikraden på varje sida, utom där ett diagram följer (LibreOffice ritar det över raden)
        _sidan(ws, None if t.diagram is not None else f"{forsta}:{forsta}")
        ws.page_margins.top = ws.page_margins.bottom = 0.6  # tum; mallens 1 tum tar en sjättedel av sidan
        ws.page_margins.header = ws.page_margins.footer = 0.3
        if t.sidhuvud:  # på varje utskriven sida, inte bara i en cell på den första
            ws.oddHeader.center.text = t.sidhuvud.replace("&", "&&")
            ws.oddHeader.center.font, ws.oddHeader.center.size, ws.oddHeader.center.color = "Calibri,Bold", 10, "C00000"
    wb.properties.title = tabeller[0].titel if tabeller else ""
    for namn, varde in (egenskaper or {}).items():
        setattr(wb.properties, namn, varde)
    marka(wb, slag)
    return wb


def _rader_i_rubrik(t) -> int:
    """Hur många rader den längsta kolumnrubriken bryts på i sin kolumnbredd (ord för ord)."""
    return max([1, *(_radbrytning(namn, bredd) for namn, bredd in zip(t.rubriker, t.bredder or ()))])


def _radbrytning(text, bredd: float, per_enhet: float = 1.0) -> int:
    """Hur många rader texten bryts på i en kolumn med bredden `bredd` (ord för ord, och vid radbyten).
    `per_enhet`: tecken per breddenhet; 1 för fetstil (rubrikerna), _TECKEN_PER_ENHET för radernas
    text i 10 punkter (LibreOffice får in omkring 1,3; hellre en rad för mycket än text över nästa rad)."""
    plats = max(1, int(bredd * per_enhet) - 1)
    rader = 0
    for stycke in str(text).split("\n"):
        rader, langd = rader + 1, 0
        for ord_ in stycke.split():
            while len(ord_) > plats and langd == 0:  # ett ord längre än kolumnen bryts mitt i
                rader, ord_ = rader + 1, ord_[plats:]
            if langd and langd + 1 + len(ord_) > plats:
                rader, langd = rader + 1, len(ord_)
            else:
                langd += (1 if langd else 0) + len(ord_)
    return max(rader, 1)


_PUNKTER_PER_RAD = 13  # en rad med 10 punkters text
_TECKEN_PER_ENHET = 1.2


def _radhojd(rad: list, bredder) -> float | None:
    """Radens höjd i punkter när en text i den bryts på mer än en rad, annars None (standardhöjden)."""
    flest = max([1, *(_radbrytning(v, b, _TECKEN_PER_ENHET) for v, b in zip(rad, bredder or ()) if isinstance(v, str))])
    return _PUNKTER_PER_RAD * flest + 3 if flest > 1 else None


_TEXTSTORLEK = 9  # punkter för axlarnas och förklaringens text, hur många kategorier det än är
_CM_PER_KATEGORI = 2.6  # trendens bredd: så att Q1-2024 får plats vågrätt
_SIDHOJD_CM = 17.5  # det som får plats på en A4 liggande med marginalerna nedan (21 − 2 × 1,52 cm, lite kvar)
_RAD_CM = 0.5  # en rad med 10 punkters text (LibreOffice: 0,45)
_VAGRATA_KATEGORIER = 8  # fler: diagrammet får sidans bredd, och kategoriernas etiketter lutar
_SIDBREDD_CM = 26.0  # A4 liggande med marginalerna (29,7 − 2 × 1,27 cm, lite kvar)
_CM_PER_LUTANDE_ETIKETT = 1.0  # en etikett som Q1-2024 i 9 punkter, lutad 45°, tar så mycket vågrätt


def _text(storlek: int = _TEXTSTORLEK, lutning: int = 0) -> RichText:
    """Fast textstorlek och vågrät text, eller lutad `lutning` grader (Excel och LibreOffice
    krymper och vrider annars själva)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RichTextProperties,
    )

    tecken = CharacterProperties(sz=storlek * 100)
    return RichText(bodyPr=RichTextProperties(rot=lutning * 60000, vert="horz"),
                    p=[Paragraph(pPr=ParagraphProperties(defRPr=tecken), endParaRPr=tecken)])


def _diagram(ws, t, forsta: int, sista: int) -> None:
    """Diagrammet under tabellen (så skrivs båda ut i full storlek på en A4 liggande)."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.marker import Marker
    from openpyxl.drawing.text import CharacterProperties, ParagraphProperties
    from openpyxl.worksheet.pagebreak import Break

    d = t.diagram
    chart = LineChart() if d.typ == "linje" else BarChart()
    if d.typ != "linje":
        chart.type = "bar" if d.liggande else "col"
        if d.staplade:
            chart.grouping, chart.overlap = "stacked", 100
    chart.title, chart.y_axis.title = d.titel, d.y_titel
    tabellslut = sista
    if t.summarad:
        sista -= 1  # summan är ingen kategori
    kategorier = max(d.serier) + 1 if d.per_rad else sista - forsta
    if d.liggande:  # en rad per kategori, uppifrån och ned i tabellens ordning
        chart.width, chart.height = 22, min(_SIDHOJD_CM - 1, max(7.0, 0.9 * kategorier + 4))
        chart.x_axis.scaling.orientation = "maxMin"
        chart.y_axis.crosses = "max"
    elif kategorier > _VAGRATA_KATEGORIER:  # sidans bredd; etiketterna lutar, och glesas ut så att de inte krockar
        chart.width, chart.height = _SIDBREDD_CM, 11.0
    else:
        chart.width, chart.height = max(18.0, _CM_PER_KATEGORI * kategorier + 6), 8.5
    if d.per_rad:  # serierna är rader, kategorierna är kolumnrubrikerna
        for r in d.rader:
            chart.add_data(Reference(ws, min_col=1, max_col=1 + max(d.serier) + 1, min_row=forsta + 1 + r),
                           from_rows=True, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, max_col=2 + max(d.serier), min_row=forsta))
    else:
        for k in d.serier:
            chart.add_data(Reference(ws, min_col=k + 1, min_row=forsta, max_row=sista), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=forsta + 1, max_row=sista))
    for serie in chart.series:
        serie.smooth = False  # inga påhittade värden mellan kvartalen
        if d.typ == "linje":  # en punkt per kvartal: syns också ensam mellan två kvartal som saknas
            serie.marker = Marker(symbol="circle", size=5)
    for axel in (chart.x_axis, chart.y_axis):
        axel.delete = False
        axel.txPr = _text()
        if axel.title is not None:
            axel.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(sz=_TEXTSTORLEK * 100, b=False))
    if not d.liggande and kategorier > _VAGRATA_KATEGORIER:
        chart.x_axis.txPr = _text(lutning=-45)
        ryms = int((_SIDBREDD_CM - 3) / _CM_PER_LUTANDE_ETIKETT)  # etiketter som får plats längs axeln
        chart.x_axis.tickLblSkip = -(-kategorier // ryms)  # var n:te kategori har en etikett
        chart.x_axis.tickMarkSkip = 1
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(sz=1200, b=True))
    chart.legend.position = "b"
    chart.legend.txPr = _text()
    plats = tabellslut + (4 if t.notering else 2)
    if plats * _RAD_CM + chart.height > _SIDHOJD_CM:  # diagrammet på en egen sida, aldrig delat
        ws.row_breaks.append(Break(id=plats - 1))
    ws.add_chart(chart, f"A{plats}")
