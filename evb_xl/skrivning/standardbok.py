"""Bilagorna i standardmallen utan openpyxl: samma blad, celler, format, sammanslagningar och
utskriftsinställningar som mall.bygg_mall() fylld av fyll.fyll ger, men skrivna som färdig XML
(issue 14). En liten arbetsbok skrivs på några millisekunder och openpyxl (~0,15 s att importera)
behövs inte. En egen mall (--mall) fylls som förut med openpyxl (fyll.py).

Reglerna är fyll.py:s: text skrivs som text (inlineStr, aldrig formel), datum som serienummer
i formatet ÅÅÅÅ-MM-DD, Bilaga 1:s tal med formatet 0 (andelar 0 %), och de stora tabellernas
rader efter den första läggs in av massrader.lagg_in. Cellformaten är fasta: stilarna nedan är
mallens (mall.stilar) med de talformat som fyll.satt ger dem; tests/test_standardbok.py
jämför med openpyxl-vägen cell för cell.
"""

from __future__ import annotations

import struct
import threading
import zlib
from datetime import date, datetime, timezone
from pathlib import Path

from evb_xl.modell.bilagor import Bilaga1, Matt, Rapport
from evb_xl.skrivning.bilagetext import (BILAGA2_RUBRIKER, HUVUDRADER, INGA_BESLUT, TITEL_BILAGA1, TITEL_BILAGA2,
                                         bladnamn, byt_platshallare, noter, platshallare, rubrikceller)
from evb_xl.skrivning.fyll import _DATUMKOLUMNER, _MASSGRANS, DATUMFORMAT, PROCENTFORMAT, UPPGIFT_SAKNAS
from evb_xl.skrivning.massrader import Massrader, _innehall, escape, get_column_letter, lagg_in
from evb_xl.modell.utfiler import BILAGOR
from evb_xl.skrivning.marke import egenskaper

_DATA = Path(__file__).parent / "data"
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

# --- formaten (styles.xml) ----------------------------------------------------------

_FONTER = ('<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/><scheme val="minor"/></font>',
           '<font><name val="Calibri"/><b val="1"/><sz val="14"/></font>',
           '<font><name val="Calibri"/><sz val="11"/></font>',
           '<font><name val="Calibri"/><i val="1"/><sz val="9"/></font>',
           '<font><name val="Calibri"/><b val="1"/><sz val="10"/></font>',
           '<font><name val="Calibri"/><sz val="10"/></font>',
           '<font><name val="Calibri"/><b val="1"/><sz val="12"/></font>',
           '<font><name val="Calibri"/><i val="1"/><color rgb="00595959"/><sz val="10"/></font>')
_GRA = '<color rgb="00808080"/>'
_KANTER = ("<border><left/><right/><top/><bottom/><diagonal/></border>",
           f'<border><left style="thin">{_GRA}</left><right style="thin">{_GRA}</right><top style="thin">{_GRA}</top>'
           f'<bottom style="thin">{_GRA}</bottom><diagonal/></border>',
           f'<border><left style="thin">{_GRA}</left><right style="thin">{_GRA}</right><top style="medium"/>'
           f'<bottom style="double"/><diagonal/></border>')
_MITT = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
# cellens grundformat -> (font, fyllning, kant, justering), som mallens celler
_GRUNDER = {
    "ingen": (0, 0, 0, ""),
    "titel": (1, 0, 0, ""),  # rubriken överst på bladet
    "text": (2, 0, 0, ""),  # nämnd, diarienummer
    "liten": (3, 0, 0, ""),  # perioden och lagrummet, Kontrolls förklaring
    "rubrik": (4, 2, 1, _MITT),  # mall.stilar()["rubrik"]
    "rad": (5, 0, 1, '<alignment vertical="top" wrapText="1"/>'),
    "saknas": (7, 0, 1, _MITT),  # "uppgift saknas" (fyll._uppgift_saknas)
    "summa": (4, 0, 2, ""),
    "avsnitt": (6, 0, 0, ""),  # Kontrolls avsnittsrubriker
    "krubrik": (4, 2, 1, '<alignment horizontal="left" wrapText="1"/>'),  # Kontrolls tabellrubriker
}
_TALFORMAT = {None: 0, "0": 1, PROCENTFORMAT: 9, DATUMFORMAT: 164}
# (grund, talformat) -> index i cellXfs
_STIL = {(g, f): i * len(_TALFORMAT) + j for i, g in enumerate(_GRUNDER) for j, f in enumerate(_TALFORMAT)}


def _styles() -> str:
    xf = []
    for font, fyllning, kant, justering in _GRUNDER.values():
        for nummer in _TALFORMAT.values():
            tagg = f'<xf numFmtId="{nummer}" fontId="{font}" fillId="{fyllning}" borderId="{kant}"'
            tagg += (' applyNumberFormat="1"' if nummer else "") + (' applyAlignment="1"' if justering else "") + ' xfId="0"'
            xf.append(f"{tagg}>{justering}</xf>" if justering else f"{tagg}/>")
    return (f'<styleSheet xmlns="{_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{DATUMFORMAT}"/></numFmts>'
            f'<fonts count="{len(_FONTER)}">{"".join(_FONTER)}</fonts><fills count="3"><fill><patternFill/></fill>'
            '<fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid">'
            '<fgColor rgb="00D9E1F2"/></patternFill></fill></fills>'
            f'<borders count="{len(_KANTER)}">{"".join(_KANTER)}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xf)}">{"".join(xf)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
            "</styleSheet>")


def _talformat(v, talformat: str | None) -> str | None:
    """Cellens talformat som fyll.satt sätter det."""
    ut = DATUMFORMAT if isinstance(v, date) else None
    if talformat == DATUMFORMAT or (talformat and v is not None and not isinstance(v, (str, date))):
        ut = talformat
    return ut


# --- ett blad -----------------------------------------------------------------------


class Blad:
    """Ett blad under uppbyggnad: cellerna som färdig XML, radhöjder, sammanslagningar."""

    def __init__(self, namn: str, bredder: tuple, titelrader: str | None = None):
        self.namn, self.bredder, self.titelrader = namn, bredder, titelrader
        self.celler: dict[int, dict[int, str]] = {}
        self.hojder: dict[int, float] = {}
        self.sammanslagna: list[str] = []

    def satt(self, rad: int, kolumn: int, varde, grund: str = "ingen", talformat: str | None = None) -> None:
        if hasattr(varde, "item") and not isinstance(varde, (str, date)):  # numpy-tal
            varde = varde.item()
        s = _STIL[grund, _talformat(varde, talformat)]
        ref = f"{get_column_letter(kolumn)}{rad}"
        innehall = _innehall(varde)
        s_attr = f' s="{s}"' if s else ""
        rad_ = self.celler.setdefault(rad, {})
        if innehall:
            rad_[kolumn] = f'<c r="{ref}"{s_attr}{innehall}'
        elif s:
            rad_[kolumn] = f'<c r="{ref}"{s_attr}/>'
        else:
            rad_.pop(kolumn, None)

    def sla_ihop(self, forsta_rad: int, forsta_kol: int, sista_rad: int, sista_kol: int) -> None:
        self.sammanslagna.append(f"{get_column_letter(forsta_kol)}{forsta_rad}:{get_column_letter(sista_kol)}{sista_rad}")

    def xml(self, vald: bool) -> str:
        rader = sorted(r for r, c in self.celler.items() if c or r in self.hojder)
        kolumner = max((k for c in self.celler.values() for k in c), default=1)
        delar = [f'<worksheet xmlns="{_NS}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
                 f'<pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{get_column_letter(kolumner)}'
                 f'{max(rader, default=1)}"/><sheetViews><sheetView tabSelected="{int(vald)}" workbookViewId="0">'
                 '<selection activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
                 '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>']
        delar += [f'<col width="{b:g}" customWidth="1" min="{k}" max="{k}"/>' for k, b in enumerate(self.bredder, 1)]
        delar.append("</cols><sheetData>")
        for r in rader:
            hojd = self.hojder.get(r)
            delar.append(f'<row r="{r}" ht="{hojd:g}" customHeight="1">' if hojd else f'<row r="{r}">')
            celler = self.celler.get(r, {})
            delar += [celler[k] for k in sorted(celler)]
            delar.append("</row>")
        delar.append("</sheetData>")
        if self.sammanslagna:
            delar.append(f'<mergeCells count="{len(self.sammanslagna)}">'
                         + "".join(f'<mergeCell ref="{ref}"/>' for ref in self.sammanslagna) + "</mergeCells>")
        delar.append('<printOptions horizontalCentered="1"/><pageMargins left="0.5" right="0.5" top="1" bottom="1" '
                     'header="0.5" footer="0.5"/><pageSetup orientation="landscape" paperSize="9" fitToHeight="0" '
                     'fitToWidth="1"/><headerFooter><oddFooter>&amp;CSida &amp;P av &amp;N</oddFooter></headerFooter>'
                     "</worksheet>")
        return "".join(delar)


_byt = byt_platshallare


def _huvud(ws: Blad, titel: str, varden: dict) -> None:
    """Rad 1–4 i Bilaga 1 och 2 (mall.bygg_mall)."""
    for rad, (text, grund) in enumerate(((titel, "titel"), *HUVUDRADER), 1):
        ws.satt(rad, 1, _byt(text, varden), grund)


# --- bladen, som fyll.skriv_bilaga1, skriv_bilaga2 och skriv_kontroll ---------------


def bilaga1(namn: str, varden: dict, b: Bilaga1) -> Blad:
    ws = Blad(namn, (38,) + (13,) * 16)
    _huvud(ws, TITEL_BILAGA1, varden)
    r0, c0 = 6, 1
    ws.hojder[r0] = ws.hojder[r0 + 1] = 40
    celler, ihop = rubrikceller(b)
    for r, c, text in celler:
        ws.satt(r0 + r, c0 + c, text, "rubrik")
    ws.satt(r0 + 2, c0, None, "summa")  # mallens {summa}-cell (skrivs över av tabellen)
    for r1, k1, r2, k2 in ihop:
        ws.sla_ihop(r0 + r1, c0 + k1, r0 + r2, c0 + k2)
    forsta = r0 + 2
    if b.tom:  # fyll.skriv_bilaga1
        for k in range(len(b.kolumner) + 1):
            ws.satt(forsta, c0 + k, INGA_BESLUT if k == 0 else None, "rad")
        ws.sla_ihop(forsta, c0, forsta, c0 + len(b.kolumner))
        forsta += 1
    for i, r in enumerate(b.rader):
        grund = "summa" if r.summa else "rad"
        rad = forsta + i
        ws.satt(rad, c0, r.insats, grund)
        for k, (kol, v) in enumerate(zip(b.kolumner, r.varden)):
            ws.satt(rad, c0 + 1 + k, v, grund, PROCENTFORMAT if kol.matt == Matt.ANDEL else "0")
    for k, text in enumerate(noter(b)):
        ws.satt(forsta + len(b.rader) + 1 + k, c0, text)
    if not b.pagaende_givna:  # fyll._uppgift_saknas
        for matt in (Matt.PAGAENDE, Matt.ANDEL):
            kolumner = [k for k, kol in enumerate(b.kolumner) if kol.matt == matt]
            if kolumner:
                forsta_kol, sista_kol = c0 + 1 + kolumner[0], c0 + 1 + kolumner[-1]
                ws.satt(forsta, forsta_kol, UPPGIFT_SAKNAS, "saknas")
                ws.sla_ihop(forsta, forsta_kol, forsta + len(b.rader) - 1, sista_kol)
    return ws


def bilaga2(namn: str, varden: dict, rader: list[list], mass: Massrader) -> Blad:
    ws = Blad(namn, (7, 9, 13, 13, 8, 40, 13, 13), titelrader="$5:$5")
    _huvud(ws, TITEL_BILAGA2, varden)
    r0, c0 = 5, 1
    ws.hojder[r0] = 30
    ws.satt(r0 + 1, c0, None, "rad")  # mallens {rad}-cell
    for k, namn_ in enumerate(BILAGA2_RUBRIKER.values()):
        ws.satt(r0, c0 + k, namn_, "rubrik")
    if rader:
        for k, v in enumerate(rader[0]):
            ws.satt(r0 + 1, c0 + k, v, "rad", DATUMFORMAT if k in _DATUMKOLUMNER else None)
        mass.lagg_till(namn, r0 + 1, c0, rader[1:])
    else:  # inga rapporteringspliktiga beslut: det ska synas, inte se bortglömt ut
        for k in range(len(BILAGA2_RUBRIKER)):
            ws.satt(r0 + 1, c0 + k, INGA_BESLUT if k == 0 else None, "rad")
        ws.sla_ihop(r0 + 1, c0, r0 + 1, c0 + len(BILAGA2_RUBRIKER) - 1)
    return ws


def kontroll(varden: dict, avsnitt: list, mass: Massrader) -> Blad:
    ws = Blad("Kontroll", (48, 30, 90, 10, 12), titelrader="$1:$2")
    ws.satt(1, 1, _byt("Kontroll av underlaget {fil}, {kvartal}", varden), "titel")
    ws.satt(2, 1, "Uppgifterna här pekar på rader i underlaget, aldrig på personer.", "liten")
    rad, c0 = 4, 1
    for r, grund in ((4, "avsnitt"), (5, "krubrik"), (6, "rad")):  # mallens {avsnitt}, {tabell}, {rad}
        ws.satt(r, c0, None, grund)
    for titel, tabell in avsnitt:
        ws.satt(rad, c0, titel, "avsnitt")
        rad += 1
        for i, rader in enumerate(tabell[:_MASSGRANS + 2]):
            for k, v in enumerate(rader):
                ws.satt(rad, c0 + k, v, "krubrik" if i == 0 else "rad")
            rad += 1
        if len(tabell) > _MASSGRANS + 2:
            mass.lagg_till(ws.namn, rad - 1, c0, tabell[_MASSGRANS + 2:])
            rad += len(tabell) - _MASSGRANS - 2
        if len(tabell) == 1:
            ws.satt(rad, c0, "Inga.", "rad")
            rad += 1
        rad += 1
    return ws


# --- hela arbetsboken ---------------------------------------------------------------


class Standardbok:
    """Bladen och de stora tabellernas rader; `save(sökväg)` skriver arbetsboken (atomiskt.py)."""

    def __init__(self, blad: list[Blad], massrader: Massrader, marke: dict[str, str] | None = None):
        self.blad, self.massrader, self.marke = blad, massrader, marke or egenskaper(BILAGOR)

    def delar(self) -> dict[str, str]:
        """{del i zip-filen: XML}."""
        n = len(self.blad)
        ark = {f"xl/worksheets/sheet{i}.xml": ws.xml(i == 1) for i, ws in enumerate(self.blad, 1)}
        namn = [escape(ws.namn).replace('"', "&quot;") for ws in self.blad]
        titlar = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                         f"{escape(chr(39) + ws.namn.replace(chr(39), chr(39) * 2) + chr(39))}!{ws.titelrader}</definedName>"
                         for i, ws in enumerate(self.blad) if ws.titelrader)
        bok = (f'<workbook xmlns="{_NS}"><workbookPr/><bookViews><workbookView visibility="visible" minimized="0" '
               'showHorizontalScroll="1" showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" '
               'activeTab="0" autoFilterDateGrouping="1"/></bookViews><sheets>'
               + "".join(f'<sheet xmlns:r="{_R}" name="{nm}" sheetId="{i}" state="visible" r:id="rId{i}"/>'
                         for i, nm in enumerate(namn, 1))
               + "</sheets>" + (f"<definedNames>{titlar}</definedNames>" if titlar else "")
               + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
        typ = "application/vnd.openxmlformats-officedocument"
        delar = {
            "[Content_Types].xml": (
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                f'<Override PartName="/xl/styles.xml" ContentType="{typ}.spreadsheetml.styles+xml"/>'
                f'<Override PartName="/xl/theme/theme1.xml" ContentType="{typ}.theme+xml"/>'
                '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
                f'<Override PartName="/docProps/app.xml" ContentType="{typ}.extended-properties+xml"/>'
                f'<Override PartName="/docProps/custom.xml" ContentType="{typ}.custom-properties+xml"/>'
                + "".join(f'<Override PartName="/{d}" ContentType="{typ}.spreadsheetml.worksheet+xml"/>' for d in ark)
                + f'<Override PartName="/xl/workbook.xml" ContentType="{typ}.spreadsheetml.sheet.main+xml"/></Types>'),
            "_rels/.rels": (
                f'<Relationships xmlns="{_PKG}">'
                f'<Relationship Type="{_R}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
                f'<Relationship Type="{_PKG}/metadata/core-properties" Target="docProps/core.xml" Id="rId2"/>'
                f'<Relationship Type="{_R}/extended-properties" Target="docProps/app.xml" Id="rId3"/>'
                f'<Relationship Type="{_R}/custom-properties" Target="docProps/custom.xml" Id="rId4"/></Relationships>'),
            "docProps/app.xml": ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                                 "<Application>Microsoft Excel Compatible / evb-xl</Application></Properties>"),
            "docProps/core.xml": (
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>evb-xl</dc:creator>'
                '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
                f'<dcterms:modified xsi:type="dcterms:W3CDTF">{datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ}'
                "</dcterms:modified></cp:coreProperties>"),
            "docProps/custom.xml": (
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
                + "".join(f'<property name="{escape(namn)}" fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" '
                          f'pid="{pid}"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
                          f'docPropsVTypes">{escape(varde)}</vt:lpwstr></property>'
                          for pid, (namn, varde) in enumerate(self.marke.items(), start=2))
                + "</Properties>"),
            "xl/workbook.xml": bok,
            "xl/_rels/workbook.xml.rels": (
                f'<Relationships xmlns="{_PKG}">'
                + "".join(f'<Relationship Type="{_R}/worksheet" Target="/xl/worksheets/sheet{i}.xml" Id="rId{i}"/>'
                          for i in range(1, n + 1))
                + f'<Relationship Type="{_R}/styles" Target="styles.xml" Id="rId{n + 1}"/>'
                f'<Relationship Type="{_R}/theme" Target="theme/theme1.xml" Id="rId{n + 2}"/></Relationships>'),
            "xl/styles.xml": _styles(),
            "xl/theme/theme1.xml": (_DATA / "theme1.xml").read_text(encoding="utf-8"),
            **ark,
        }
        return delar

    def save(self, sokvag) -> None:
        delar = self.delar()
        blad = {ws.namn: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(self.blad, 1)}
        block: dict[str, list] = {}
        for b in self.massrader.block:
            block.setdefault(blad[b.blad], []).append(b)
        packade: dict[str, tuple] = {}
        tradar = []
        for namn, xml in delar.items():  # ett stort blad packas i en tråd medan nästa byggs (zlib släpper GIL)
            for b in block.get(namn, ()):
                xml = lagg_in(xml, b)
            data = xml.encode("utf-8")
            if len(data) < 1 << 20:
                packade[namn] = _packa(data)
                continue
            trad = threading.Thread(target=lambda n=namn, d=data: packade.__setitem__(n, _packa(d)), daemon=True)
            trad.start()
            tradar.append(trad)
        for trad in tradar:
            trad.join()
        _skriv_zip(sokvag, [(namn, *packade[namn]) for namn in delar])


def _packa(data: bytes) -> tuple:
    """(crc32, okomprimerad storlek, data komprimerad med deflate nivå 1)."""
    z = zlib.compressobj(1, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), z.compress(data) + z.flush()


def _skriv_zip(sokvag, delar: list[tuple]) -> None:
    """Ett zip-arkiv (deflate, utan zip64: en arbetsbok under 4 GiB) med färdigpackade delar
    (namn, crc32, storlek, packat), som zipfile skriver det."""
    nu = datetime.now()
    tid = (nu.hour << 11) | (nu.minute << 5) | (nu.second // 2)
    dag = ((nu.year - 1980) << 9) | (nu.month << 5) | nu.day
    katalog, plats = [], 0
    with open(sokvag, "wb") as f:
        for namn, crc, storlek, packat in delar:
            if storlek >= 0xFFFFFFFF or plats >= 0xFFFFFFFF:
                raise ValueError("arbetsboken blir större än 4 GiB")
            b = namn.encode("utf-8")
            huvud = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, tid, dag, crc, len(packat), storlek, len(b), 0)
            f.write(huvud + b)
            f.write(packat)
            katalog.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, tid, dag, crc, len(packat),
                                       storlek, len(b), 0, 0, 0, 0, 0, plats) + b)
            plats += len(huvud) + len(b) + len(packat)
        data = b"".join(katalog)
        f.write(data)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(katalog), len(katalog), len(data), plats, 0))


def skriv(rapport: Rapport, fil: str) -> Standardbok:
    """Standardmallen fylld med rapporten (som fyll.fyll(rapport, mall.bygg_mall(), fil))."""
    mass = Massrader()
    flera = len(rapport.lagrum) > 1
    blad = []
    for lag in rapport.lagrum:
        varden = platshallare(rapport, fil, lag)
        blad.append(bilaga1(bladnamn("Bilaga 1", lag, flera), varden, rapport.bilaga1[lag]))
        blad.append(bilaga2(bladnamn("Bilaga 2", lag, flera), varden, rapport.bilaga2[lag], mass))
    blad.append(kontroll(platshallare(rapport, fil), rapport.kontroll, mass))
    return Standardbok(blad, mass, egenskaper(BILAGOR, rapport))  # med summorna, som trenden läser
