"""fastexcel-vägen (lasning/snabblasning.py) ger exakt calamine-vägens underlag: samma tabell fält för
fält, samma fynd i samma ordning, samma blad, rubrikrad och kolumner; eller så ger den upp
(InteSnabbt) och läsningen går calamine-vägen. Underlagen är röriga som på riktigt."""

import dataclasses
import zipfile
from datetime import date, datetime, time, timedelta

import numpy as np
import openpyxl
import pytest
from arbetsbocker import STOKIGT, STOKIGT_RUBRIK, lss_2023q4, skriv_bok, sol_2024q1, stokigt

from evb_xl.lasning import snabblasning
from evb_xl.lasning.bocker import kontrollera
from evb_xl.lasning.underlag import las, las_bok

IDAG = date(2024, 4, 20)
RUBRIK = ["Löpnr", "Personnummer", "Namn", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
          "Orsak", "Beslutet verkställt", "Beslutet avslutat", "Kommentar", "Enhet"]


def rad(lopnr, pnr, kon, beslut, avbrott, lagrum, insats, orsak, verkst=None, avsl=None, enhet="Enhet Norr"):
    return [lopnr, pnr, "Påhittad Person", kon, beslut, avbrott, lagrum, insats, orsak, verkst, avsl, "", enhet]


# en rad av varje sort som datumkolumnerna kan ha: riktiga datum (med och utan klockslag), text i
# flera former, ÅÅMMDD och ÅÅÅÅMMDD som tal och text, serienummer (också med bråkdel), märkt avbrott,
# blanktecken, text som inte är ett datum, fel (#N/A), dubbletter, framtid, stängt före basdatum
RORIGA = [
    rad(1, "19800101-1234", "Man", date(2023, 6, 1), None, "LSS", "9 § 10 Daglig verksamhet", "Tackat nej"),
    rad(2, "19750505-2348", " K ", datetime(2023, 5, 10, 13, 45), None, "", "9 § 9 SÄBO", "Resursbrist ledig bostad",
        "2023-10-20"),
    rad(3, "20120303-3317", "pojke ", 230415, None, "lss", "9 § 5 Avlösarservice", "Resursbrist - personal"),
    rad(4, "19601212-4561", "M", "23-03-02", "230901", "SoL", "Kontaktperson", "Annat skäl", None, None, "Enhet Syd"),
    rad(5, "19900909-8882", "Kvinna", "231204 (avbrottsdatum)", None, "SoL", "Boende", "tackat nej"),
    rad(6, "19551111-5671", "Hen", 45000, None, "", "Särskilt boende demens 4 kap 1 §", "Annat", None, "2023-11-01"),
    rad(7, "19881010-1112", "Man", 20230705, None, "LSS", "9 § 4 Kontaktperson", "=HYPERLINK(\"http://x\")"),
    rad(8, None, "Hen", "2023-02-01", None, "SoL", "Hemtjänst", "Annat skäl"),
    rad(9, "19800101-1234", "Man", date(2023, 6, 1), None, "LSS", "9 § 10 Daglig verksamhet", "Tackat nej"),
    rad(10, "19700601-1246", "", "20230110", None, "LSS", "Bostad med särskild service", ""),
    rad(11, "20150601-1239", "", 45260.5, "  ", "LSS", "Bostad med särskild service", "okänd orsak"),
    rad(12, "19451212-1236", "M", "2023-13-45", None, "LSS", "9 § 8 Korttidsvistelse", "Tackat nej"),
    rad(13, "19451212-1236", "M", None, None, "LSS", "9 § 8 Korttidsvistelse", "Tackat nej"),
    rad(14, "19451212-1236", "M", "2025-01-01", None, "LSS", "9 § 8 Korttidsvistelse", "tackat nej, resursbrist personal"),
    rad(15, "19451212-1236", "M", "2023-05-05", None, "Lagen om stöd", "Okänd sak", "Tackat nej", "2023-01-01"),
    rad(16, " 19451212-1236 ", "M", "2023-05-05", "2023-06-06", "SOL", "  Hemtjänst  ", "Tackat nej", None, None, " Enhet Syd "),
    rad(17, "abc", "K", "231204 (avbrottsdatum)", "2023-06-06", "SoL", "Hemtjänst", "Annat skäl", "2023-12-01"),
    [None] * 13,
    rad("18", "19451212-1236", "K", "2023-07-07 10:00", None, "SoL", "Boende", "Annat skäl", datetime(2023, 9, 9, 0, 0)),
]


def roriga(sokvag, extra=(), rubrik=RUBRIK, **kw):
    return skriv_bok(sokvag, [rubrik, *RORIGA, *extra], ovan=[["Ej verkställda beslut"], ["Uppdaterad"], []], **kw)


def jamfor(fil, **kw):
    """(calamine-vägens underlag, fastexcel-vägens eller None när den gav upp); samma när den inte gav upp."""
    kalamin = las(fil, idag=IDAG, snabbt=False, **kw)
    try:
        snabb = las_bok(snabblasning.Snabbok(fil, kontrollera(fil)), fil.name, None, IDAG, kw.get("flaggor"))
    except snabblasning.InteSnabbt:
        snabb = None
    else:
        lika(kalamin, snabb)
    lika(kalamin, las(fil, idag=IDAG, snabbt=True, **kw))  # med reserven: alltid samma
    return kalamin, snabb


def lika(a, b):
    for f in ("fil", "blad", "rubrikrad", "kolumner", "ignorerade", "installningar"):
        assert getattr(a, f) == getattr(b, f), f
    assert [dataclasses.astuple(f) for f in a.fynd] == [dataclasses.astuple(f) for f in b.fynd]
    for f in dataclasses.fields(a.tabell):
        x, y = getattr(a.tabell, f.name), getattr(b.tabell, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.tolist() == y.tolist(), f.name
        else:
            assert type(x) is type(y) is list and x == y, f.name
            assert [type(v) for v in x] == [type(v) for v in y], f.name


def test_roriga_datum_text_och_tal_gar_fastexcel_vagen_med_samma_resultat(tmp_path):
    kalamin, snabb = jamfor(roriga(tmp_path / "u.xlsx"))
    assert snabb is not None
    assert len(kalamin.tabell) == 18 and len(kalamin.fel) >= 2  # 2023-13-45, raden utan datum
    texter = [f.text for f in kalamin.fynd]
    assert any("dubblett" in t for t in texter) and any("framtiden" in t for t in texter)
    assert any("före basdatum" in t for t in texter) and any("två olika avbrottsdatum" in t for t in texter)


def test_underlagen_i_testerna_ger_samma_resultat(tmp_path):
    for namn, bygg in (("lss.xlsx", lss_2023q4), ("sol.xlsx", sol_2024q1), ("stokigt.xlsx", stokigt)):
        kalamin, snabb = jamfor(bygg(tmp_path / namn))
        assert snabb is not None, namn  # Löpnr som tal och ÅÅMMDD-tal i datumen går fastexcel-vägen
        assert len(kalamin.tabell) > 5


@pytest.mark.parametrize("kolumn, varde, snabbt", [
    ("Kön", 1, False),  # tal i en textkolumn: 1.0 i calamine, "1" i fastexcel
    ("Typ av insats", 10, False),
    ("Enhet", 4501, False),
    ("Lagrum", True, False),  # sant/falskt
    ("Orsak", date(2023, 1, 1), False),
    ("Beslutsdatum", True, False),  # sant som datum: fel med värdet, som skrivs olika
    ("Beslutsdatum", time(12, 0), False),  # klockslag: 1899-12-31 12:00:00 i fastexcel
    ("Beslutsdatum", timedelta(days=2), False),
    ("Beslutsdatum", 5, False),  # serienummer 5 = 1900-01-05
    ("Beslutsdatum", -3, False),
    ("Beslutsdatum", 1e20, False),
    ("Beslutsdatum", "abc", True),  # text som inte är ett datum: felet är detsamma
    ("Beslutsdatum", "true", False),  # text "true" kan ha varit sant: ger upp, samma fel den vägen
    ("Beslutsdatum", "2023-02-30", True),  # fastexcel skriver bara giltiga datum: texten är text
    ("Datum för avbrott", 45260.75, True),
    ("Beslutet verkställt", "delvis 2024-02-01", True),
    ("Personnummer", 198001011234, True),  # tolv siffror: samma text
    ("Personnummer", 101011234, False),  # nio siffror: calamine-vägen fyller på med en nolla
    ("Löpnr", 7.0, True),
    ("Löpnr", 7.5, False),
    ("Kön", "1", False),  # text som ser ut som ett tal: kan ha varit ett tal
    ("Kön", "Kvinna ", True),
])
def test_en_cell_av_varje_sort(tmp_path, kolumn, varde, snabbt):
    extra = rad(19, "19451212-1236", "K", "2023-07-07", None, "SoL", "Boende", "Annat skäl")
    extra[RUBRIK.index(kolumn)] = varde
    kalamin, snabb = jamfor(roriga(tmp_path / "u.xlsx", [extra]))
    assert (snabb is not None) is snabbt


def test_fel_i_cellen_som_na_ar_tomt_i_bada(tmp_path):
    fil = roriga(tmp_path / "u.xlsx")
    wb = openpyxl.load_workbook(fil)
    wb.active["E6"] = "=NA()"  # formel utan sparat värde
    wb.active["J7"] = "#N/A"  # felvärde
    wb.save(fil)
    assert jamfor(fil)[1] is not None


def test_rubriken_som_tal_och_okanda_kolumner(tmp_path):
    rubrik = [*RUBRIK, "Datum för beslut om avbrott", 2024]
    kalamin, snabb = jamfor(roriga(tmp_path / "u.xlsx", rubrik=rubrik))
    assert snabb is None  # 2024 i rubrikraden: talet eller texten "2024"?
    rubrik = [*RUBRIK, "Datum för beslut om avbrott", "Anteckning"]
    kalamin, snabb = jamfor(roriga(tmp_path / "v.xlsx", rubrik=rubrik))
    assert snabb is not None and [r for _, r in kalamin.ignorerade] == ["Datum för beslut om avbrott", "Anteckning"]


def test_sammanslagna_rubriker_forskjutna_kolumner_och_flera_blad(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Underlag"
    ws["C2"] = "Ej verkställda beslut"
    ws["B4"], ws["C4"], ws["F4"] = "Kön", "Datum", "Typ av insats"
    ws["C5"], ws["D5"], ws["E5"] = "Beslut", "Avbrott", "Verkställt"
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:E4")
    ws.merge_cells("F4:F5")
    for i, r in enumerate([["Man", "2023-01-05", None, None, "9 § 9 SÄBO"],
                           ["K", 230205, "2023-03-01", 45000, "9 § 10 Daglig verksamhet"],
                           ["M", date(2023, 4, 4), None, None, "Hemtjänst"]]):
        for j, v in enumerate(r):
            ws.cell(row=6 + i, column=2 + j, value=v)
    andra = wb.create_sheet("Gammal lista")
    for r in [["Kön", "Beslutsdatum", "Insats"], ["Man", "2023-01-01", "x"]]:
        andra.append(r)
    inst = wb.create_sheet("Inställningar")
    for r in [["Inställning", "Värde"], ["Lagrum", "LSS"], ["Mätdatum", date(2024, 3, 31)]]:
        inst.append(r)
    fil = tmp_path / "s.xlsx"
    wb.save(fil)
    kalamin, snabb = jamfor(fil)
    assert snabb is not None
    assert kalamin.rubrikrad == 5 and kalamin.kolumner["kon"] == ("B", "Kön") and len(kalamin.tabell) == 3
    assert any("passar bäst" in f.text for f in kalamin.fynd)


def test_dold_kopia_av_rubrikraden_och_delvis_och_erbjudanden(tmp_path):
    rubrik = ["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt", "Delvis verkställt", "Erbjudanden"]
    rader = [rubrik, [], rubrik,
             ["Man", "2023-01-05", "Hemtjänst", "SoL", None, "ja", "2023-02-01; 2023-03-01"],
             ["K", "2023-01-06", "Hemtjänst", "SoL", "delvis 2023-05-01", "", "2023-02-30"],
             ["K", "2023-01-07", "Hemtjänst", "SoL", None, "nej", None]]
    kalamin, snabb = jamfor(skriv_bok(tmp_path / "d.xlsx", rader))
    assert snabb is not None and kalamin.rubrikrad == 3
    assert kalamin.tabell.delvis.tolist() == [True, True, False]


def test_flaggor_och_tomt_underlag(tmp_path):
    rader = [["Kön", "Beslutsdatum", "Typ av insats"], ["Man", "2023-01-05", "Boende"]]
    kalamin, snabb = jamfor(skriv_bok(tmp_path / "f.xlsx", rader), flaggor={"lagrum": "SoL"})
    assert snabb is not None and kalamin.tabell.lagrum == ["SoL"]
    kalamin, snabb = jamfor(skriv_bok(tmp_path / "t.xlsx", [["Kön", "Beslutsdatum", "Typ av insats"]]))
    assert len(kalamin.tabell) == 0


def test_bladet_i_xml_och_sammanslagningarna(tmp_path):
    """Bladets del hittas via workbook.xml och relationerna, också när namnet har & och '."""
    fil = skriv_bok(tmp_path / "a.xlsx", [["Kön", "Beslutsdatum", "Typ av insats"], ["Man", "2023-01-05", "Boende"]],
                    blad="R&D's lista")
    wb = openpyxl.load_workbook(fil)
    wb.active.merge_cells("A5:B6")
    wb.save(fil)
    ut = {}
    snabblasning._sammanslagna(fil, "R&D's lista", ut)
    assert ut["ranges"] == [((4, 0), (5, 1))]
    assert jamfor(fil)[1] is not None


def test_stor_fil_lonar_sig_liten_inte(tmp_path):
    fil = skriv_bok(tmp_path / "a.xlsx", [["Kön", "Beslutsdatum", "Typ av insats"], ["Man", "2023-01-05", "Boende"]])
    with zipfile.ZipFile(fil) as z:
        delar = z.infolist()
    assert not snabblasning.lonar_sig(delar)
    for d in delar:
        if d.filename.startswith("xl/worksheets/"):
            d.file_size = snabblasning.GRANS
    assert snabblasning.lonar_sig(delar)


def test_stokigt_med_fler_rader_och_samma_person(tmp_path):
    extra = [[r[0], *r[1:]] for r in STOKIGT if r[0]] * 3
    kalamin, snabb = jamfor(skriv_bok(tmp_path / "x.xlsx", [STOKIGT_RUBRIK, *STOKIGT, *extra]))
    assert snabb is not None
    assert sum("dubblett" in f.text for f in kalamin.fynd) >= 8


def test_datumsystemet_1904(tmp_path):
    """En arbetsbok från en gammal Mac räknar serienumren från 1904: datumcellerna blir samma datum."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    fil = roriga(tmp_path / "mac.xlsx")
    wb = openpyxl.load_workbook(fil)
    wb.epoch = CALENDAR_MAC_1904
    wb.active["E5"] = date(2023, 6, 1)
    wb.save(fil)
    kalamin, snabb = jamfor(fil)
    assert snabb is not None and kalamin.tabell.beslut[0] == np.datetime64("2023-06-01")
