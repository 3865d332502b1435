"""Ett Textdokument (modell.dokument) som Word-dokument (.docx), med python-docx.

A4 stående med 2,5 cm marginaler och "Sida X av Y" (fälten PAGE och NUMPAGES) i sidfoten, som
bilagornas PDF. Dokumentet märks som verktygets utfil med samma egna dokumentegenskap som
arbetsböckerna (docProps/custom.xml, modell.utfiler.MARKE = "skrivelse"), så att `pdf` känner
igen det, och sparas atomiskt av anroparen (skrivning/atomiskt.spara_atomiskt tar allt med
`save(sökväg)`).
"""

from __future__ import annotations

import html
from datetime import datetime

from evb_xl.modell.dokument import Textdokument
from evb_xl.modell.utfiler import SKRIVELSE
from evb_xl.skrivning.marke import egenskaper as marke

_NIVA = {"rubrik": 1, "underrubrik": 2, "mellanrubrik": 3}
A4_CM = (21.0, 29.7)
MARGINAL_CM = 2.5
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # egna dokumentegenskaper (som openpyxl skriver dem)


def word(dok: Textdokument):
    """Ett python-docx-dokument med titeln, rubrikerna, styckena och listorna."""
    from docx import Document  # här: python-docx och lxml bara när en skrivelse skrivs
    from docx.shared import Pt

    d = Document()
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    _sidan(d)
    d.add_heading(dok.titel, level=0)
    for slag, innehall in dok.block:
        if slag in _NIVA:
            d.add_heading(innehall, level=_NIVA[slag])
        elif slag == "lista":
            for punkt in innehall:
                d.add_paragraph(punkt, style="List Bullet")
        elif slag == "stycke":
            d.add_paragraph(innehall)
        elif slag == "sidbrytning":
            d.add_page_break()
        else:
            raise ValueError(f"okänt block {slag!r} i {dok.titel}")
    egenskaper = d.core_properties
    egenskaper.title = dok.titel
    egenskaper.author = egenskaper.last_modified_by = "evb-xl"
    egenskaper.keywords = "evb-xl"
    egenskaper.category = "evb-xl skrivelse"
    egenskaper.comments = "Skapad av evb-xl. Texten inom […] skrivs av en handläggare."
    egenskaper.created = egenskaper.modified = datetime.now().replace(microsecond=0)
    egenskaper.revision = 1
    for namn, varde in dok.egenskaper.items():
        setattr(egenskaper, namn, varde)
    _marka(d)
    return d


def _sidan(d) -> None:
    """A4 stående, marginalerna och "Sida X av Y" centrerat i sidfoten."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    for sektion in d.sections:
        sektion.orientation = WD_ORIENT.PORTRAIT
        sektion.page_width, sektion.page_height = Cm(A4_CM[0]), Cm(A4_CM[1])
        sektion.top_margin = sektion.bottom_margin = Cm(MARGINAL_CM)
        sektion.left_margin = sektion.right_margin = Cm(MARGINAL_CM)
        sektion.header_distance = sektion.footer_distance = Cm(1.25)
        fot = sektion.footer.paragraphs[0]
        fot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in ("Sida ", "PAGE", " av ", "NUMPAGES"):
            if text.isupper():
                _falt(fot, text)
            else:
                fot.add_run(text).font.size = Pt(9)


def _falt(stycke, kod: str) -> None:
    """Ett fält (PAGE, NUMPAGES) som Word och LibreOffice räknar ut när sidan visas."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for slag, text in (("begin", None), ("instr", f" {kod} "), ("separate", None), ("text", "1"), ("end", None)):
        run = stycke.add_run()
        run.font.size = Pt(9)
        if slag == "instr":
            e = OxmlElement("w:instrText")
            e.set(qn("xml:space"), "preserve")
            e.text = text
        elif slag == "text":
            e = OxmlElement("w:t")
            e.text = text
        else:
            e = OxmlElement("w:fldChar")
            e.set(qn("w:fldCharType"), slag)
        run._r.append(e)


def _marka(d) -> None:
    """Verktygets märke som egen dokumentegenskap (docProps/custom.xml), som i arbetsböckerna."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    egna = "".join(f'<property fmtid="{_FMTID}" pid="{pid}" name="{html.escape(namn)}">'
                   f"<vt:lpwstr>{html.escape(varde, quote=False)}</vt:lpwstr></property>"
                   for pid, (namn, varde) in enumerate(marke(SKRIVELSE).items(), start=2))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{egna}</Properties>')
    paket = d.part.package
    del_ = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), paket)
    paket.relate_to(del_, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
