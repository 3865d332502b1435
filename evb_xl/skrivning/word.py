"""Ett Textdokument (modell.dokument) som Word-dokument (.docx), med python-docx.

Dokumentet märks som ett evb-xl-dokument i filens egenskaper (som arbetsböckerna) och sparas
atomiskt av anroparen (skrivning/atomiskt.spara_atomiskt tar allt med `save(sökväg)`).
"""

from __future__ import annotations

from datetime import datetime

from evb_xl.modell.dokument import Textdokument

_NIVA = {"rubrik": 1, "underrubrik": 2, "mellanrubrik": 3}


def word(dok: Textdokument):
    """Ett python-docx-dokument med titeln, rubrikerna, styckena och listorna."""
    from docx import Document  # här: python-docx och lxml bara när en skrivelse skrivs
    from docx.shared import Pt

    d = Document()
    normal = d.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
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
    return d
