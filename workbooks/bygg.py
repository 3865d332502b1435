"""Bygger arbetsböckerna i workbooks/ av kod, så att inget binärt är det enda originalet.

    python workbooks/bygg.py

- mall_bilagor.xlsx: standardmallen (evb_xl.mall), att ge egen stil åt.
- exempel_underlag.xlsx: ett underlag med påhittade personer för 2024Q1, stökigt som
  på riktigt (titel ovanför rubrikerna, blandade datumformer, båda lagrummen, avbrott).
Samma kod ger samma filer byte för byte (fasta tidsstämplar, fast slumpfrö). Med och utan lxml
skriver openpyxl samma XML i olika stil; tests/test_arbetsbocker_i_repot.py jämför därför
XML-delarna i kanonisk form, byggda på båda sätten.
"""

from __future__ import annotations

import random
import sys
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.properties import PageSetupProperties

HAR = Path(__file__).resolve().parent
sys.path.insert(0, str(HAR.parent))

from evb_xl.skrivning.mall import bygg_mall  # noqa: E402

FAST_TID = datetime(2024, 1, 1)
FORNAMN_M = ["Exempel", "Testar", "Prov", "Fiktiv", "Låtsas", "Påhitt"]
FORNAMN_K = ["Exemplia", "Testa", "Provina", "Fiktiva", "Låtsia", "Påhittja"]
EFTERNAMN = ["Exempelsson", "Testsson", "Provsson", "Fiktivsson", "Låtsasson", "Påhittsson"]
LSS = ["9 § 3 Ledsagarservice", "9 § 4 Kontaktperson", "9 § 5 Avlösarservice", "9 § 6 Korttidsboende",
       "9 § 9 SÄBO", "9 § 10 Daglig verksamhet", "Bostad med särskild service enligt 9 § 9"]
SOL = ["Bostad med särskild service", "Kontaktperson", "Särskilt boende demens", "Särskilt boende s-hus",
       "Boendestöd", "Kontaktfamilj"]
ORSAKER = ["Resursbrist ledig bostad", "Resursbrist personal", "Tackat nej", "Den enskilde tackat nej",
           "Annat skäl", "annat"]
KOMMENTARER = ["Erbjuden plats, tackat nej", "Väntar på ledig plats", "Rekrytering pågår", "Inväntar inskolning"]


def luhn(nio_siffror: str) -> int:
    """Kontrollsiffran som ett riktigt personnummer har (Luhn över ÅÅMMDDNNN)."""
    summa = 0
    for i, siffra in enumerate(map(int, nio_siffror)):
        produkt = siffra * (2 if i % 2 == 0 else 1)
        summa += produkt // 10 + produkt % 10
    return (10 - summa % 10) % 10


def _datumform(rng: random.Random, d: date):
    """Samma datum skrivet som staben gör: riktigt datum, text, ÅÅMMDD-tal, ÅÅ-MM-DD."""
    return rng.choice([d, d, d.isoformat(), int(d.strftime("%y%m%d")), d.strftime("%y-%m-%d")])


def exempelrader(n: int = 40, seed: int = 2024) -> list[list]:
    rng = random.Random(seed)
    rader = []
    for i in range(n):
        man = rng.random() < 0.5
        fodd = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 65))
        nio = f"{fodd:%y%m%d}9{rng.randrange(10)}{rng.choice('13579' if man else '02468')}"
        pnr = f"{fodd:%Y%m%d}-{nio[6:]}{(luhn(nio) + 1) % 10}"  # fel kontrollsiffra: kan inte vara någons
        namn = f"{rng.choice(FORNAMN_M if man else FORNAMN_K)} {rng.choice(EFTERNAMN)}"
        lss = rng.random() < 0.6
        beslut = date(2022, 9, 1) + timedelta(days=rng.randrange(480))
        avbrott = beslut + timedelta(days=rng.randrange(60, 300)) if rng.random() < 0.1 else None
        bas = avbrott or beslut
        verkstallt = avslutat = None
        if rng.random() < 0.35:
            verkstallt = bas + timedelta(days=rng.randrange(30, 500))
        elif rng.random() < 0.1:
            avslutat = bas + timedelta(days=rng.randrange(30, 400))
        kon = ("Man" if man else "Kvinna") if i % 7 else ("M" if man else "K")
        rader.append([
            pnr, namn, kon, _datumform(rng, beslut) if not avbrott or rng.random() < 0.7 else None,
            _datumform(rng, avbrott) if avbrott else None, ("LSS" if lss else "SoL") if i % 5 else None,
            rng.choice(LSS if lss else SOL), rng.choice(ORSAKER), verkstallt, avslutat,
            rng.choice(KOMMENTARER), rng.choice(["Enhet Norr", "Enhet Syd"]), f"Handläggare {i % 4 + 1}",
        ])
    return rader


RUBRIKER = ["Personnummer", "Namn", "Kön", "Besluts-datum", "Datum för avbrott", "Lagrum", "Typ av insats",
            "Orsak", "Beslutet verkställt", "Beslutet avslutat", "Kommentar", "Enhet", "Handläggare"]


def exempel() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ej verkställda"
    ws.append(["Ej verkställda beslut, Exempelkommun (påhittade personer)"])
    ws.append([])
    ws.append(RUBRIKER)
    for rad in exempelrader():
        ws.append(rad)
    for rad in ws.iter_rows(min_row=4):
        for c in rad:
            if isinstance(c.value, (date, datetime)):
                c.number_format = "yyyy-mm-dd"
    for kol, bredd in zip("ABCDEFGHIJKLM", (15, 22, 8, 11, 11, 9, 34, 24, 11, 11, 28, 11, 13)):
        ws.column_dimensions[kol].width = bredd
    for c in ws[3]:  # hela rubriker: radbrytning i stället för avklippt "Datum för avbro"
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 30
    # utskrift: A4 liggande, en sida bred, rubrikraden på varje sida, sidnummer i sidfoten
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.print_title_rows = "3:3"
    ws.oddFooter.center.text = "Sida &P av &N"
    inst = wb.create_sheet("Inställningar")
    for rad in [["Nämnd", "Socialnämnden i Exempelkommun"], ["Diarienummer", "SN 2024/0001"], ["Kvartal", "2024Q1"],
                ["Antal", "rapporterade"], ["Mätdatum", None], ["Lagrum", "SoL"], [],
                ["Kategori", "Alias", "Lagrum", "Ordning"], ["Boendestöd", "boendestöd; stöd i boendet", "SoL", 5]]:
        inst.append(rad)
    inst.column_dimensions["A"].width = 16
    inst.column_dimensions["B"].width = 32
    wb.properties.creator = "evb-xl"
    wb.properties.created = wb.properties.modified = FAST_TID
    return wb


NAMNRYMDER = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def fast_core_xml(data: bytes) -> bytes:
    """docProps/core.xml med fast ändringstid, skriven på ett enda sätt.

    openpyxl skriver alltid in 'nu' som ändrad, och med lxml installerat deklarerar den namnrymderna
    på varje element i stället för på roten. Därför tolkas delen och skrivs om med ElementTree:
    samma egenskaper ger samma byte, med eller utan lxml."""
    for prefix, uri in NAMNRYMDER.items():
        ET.register_namespace(prefix, uri)
    rot = ET.fromstring(data)
    andrad = rot.find("dcterms:modified", NAMNRYMDER)
    if andrad is None:
        andrad = ET.SubElement(rot, f"{{{NAMNRYMDER['dcterms']}}}modified")
    andrad.set(f"{{{NAMNRYMDER['xsi']}}}type", "dcterms:W3CDTF")
    andrad.text = f"{FAST_TID:%Y-%m-%dT%H:%M:%S}Z"
    return ET.tostring(rot, encoding="unicode").encode("utf-8")


def spara_fast(wb: openpyxl.Workbook, sokvag: Path) -> None:
    """Spara med fasta tider i zip-filen, så två byggen blir byte för byte lika."""
    tmp = sokvag.with_suffix(".tmp")
    wb.save(tmp)
    with zipfile.ZipFile(tmp) as inn, zipfile.ZipFile(sokvag, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            data = inn.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = fast_core_xml(data)
            ut.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    tmp.unlink()


def main() -> None:
    spara_fast(bygg_mall(), HAR / "mall_bilagor.xlsx")
    spara_fast(exempel(), HAR / "exempel_underlag.xlsx")
    print("Byggde workbooks/mall_bilagor.xlsx och workbooks/exempel_underlag.xlsx")


if __name__ == "__main__":
    main()
