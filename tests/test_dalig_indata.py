"""Dåliga och stökiga underlag: varje sorts trasig fil får ett tydligt svenskt fel, rubriker i
flera rader och dolda rader går bra, och ett blad fyllt till Excels sista rad ger ett fel, inte en
utfil som Excel inte kan öppna."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from arbetsbocker import skriv_bok, sol_2024q1
from fortroende import blad, evb, evb_process, fotavtryck


def krypterad(sokvag: Path, kalla: Path) -> Path:
    import msoffcrypto.format.ooxml

    with open(kalla, "rb") as inn, open(sokvag, "wb") as ut:
        msoffcrypto.format.ooxml.OOXMLFile(inn).encrypt("hemligt lösenord", ut)
    return sokvag


def trasiga_underlag(mapp: Path) -> dict[str, list[str]]:
    """{filnamn: de exakta felen}, en fil per sorts dåligt underlag, och en bra fil (sol.xlsx)."""
    mapp.mkdir(exist_ok=True)
    bra = sol_2024q1(mapp / "sol.xlsx")
    slump = random.Random(7)
    (mapp / "slump.xlsx").write_bytes(bytes(slump.randrange(256) for _ in range(4096)))
    (mapp / "csv.xlsx").write_text("Kön;Beslutsdatum;Typ av insats\nMan;2023-01-01;9 § 10\n", encoding="utf-8")
    (mapp / "avkortad.xlsx").write_bytes(bra.read_bytes()[:3000])
    zipbuf = io.BytesIO()
    with zipfile.ZipFile(zipbuf, "w") as z:
        z.writestr("bilder/foto.txt", "ingen arbetsbok")
    (mapp / "zip.xlsx").write_bytes(zipbuf.getvalue())
    krypterad(mapp / "krypterad.xlsx", bra)
    (mapp / "noll.xlsx").write_bytes(b"")
    openpyxl.Workbook().save(mapp / "tom.xlsx")
    skriv_bok(mapp / "utan_rubriker.xlsx", [["Namn", "Anteckning"], ["Qvirna Zyx", "hej"]])
    skriv_bok(mapp / "dubbel.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Besluts-datum"],
                                     ["Man", "2023-01-01", "9 § 3", "2023-01-02"]])
    skriv_bok(mapp / "datum.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"],
                                    ["Man", "2023-01-01", "9 § 3", "LSS"], ["Kvinna", "2023-02-30", "9 § 3", "LSS"]])
    skriv_bok(mapp / "kvartal.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"], ["Man", "2023-01-10", "9 § 10", "LSS"]],
              installningar=[["Nämnd", "Testnämnden"], ["Kvartal", "2024 kv 5"]])
    ej = "filen är ingen Excel-arbetsbok (.xlsx/.xlsm)"
    return {
        "slump.xlsx": f"slump.xlsx: {ej}",
        "csv.xlsx": f"csv.xlsx: {ej}",
        "avkortad.xlsx": "avkortad.xlsx: arbetsboken går inte att läsa: den är trasig (zip-arkivet är ofullständigt, t.ex. efter en avbruten "
                         "kopiering eller nedladdning); öppna originalet i Excel och spara det igen",
        "zip.xlsx": "zip.xlsx: filen är ett zip-arkiv men ingen Excel-arbetsbok (t.ex. ett Word-dokument eller en packad mapp)",
        "krypterad.xlsx": "krypterad.xlsx: arbetsboken är lösenordsskyddad (krypterad) eller i det gamla "
                          ".xls-formatet; spara den utan lösenord som .xlsx",
        "noll.xlsx": "noll.xlsx: filen är tom",
        "tom.xlsx": "tom.xlsx: inget blad har känd rubrikrad (t.ex. Kön, Beslutsdatum, Typ av insats)",
        "utan_rubriker.xlsx": "utan_rubriker.xlsx: inget blad har känd rubrikrad (t.ex. Kön, Beslutsdatum, Typ av insats)",
        "dubbel.xlsx": "dubbel.xlsx, blad 'Underlag', cell D1: rubriken för Beslutsdatum finns två gånger (B1 och D1)",
        "datum.xlsx": ["datum.xlsx, blad 'Underlag', cell B3: okänt datum '2023-02-30' i Beslutsdatum"],
        "kvartal.xlsx": "kvartal.xlsx, blad 'Inställningar', cell B2: kvartal 5 finns inte (1–4)",
    }


@pytest.mark.parametrize("kommando", ["bilagor", "kontroll"])
def test_mapp_med_alla_sorters_daliga_underlag(tmp_path, kommando):
    """Varje dålig fil får sitt eget svenska fel med fil (och blad, cell, värde där det finns);
    den bra filen blir klar, slutkoden är 1, ingen traceback, inga filer ändrade."""
    vantat = trasiga_underlag(tmp_path / "in")
    fore = {f.name: fotavtryck(f) for f in (tmp_path / "in").iterdir()}
    extra = ["--ut", tmp_path / "ut"] if kommando == "bilagor" else []
    p = evb_process(kommando, tmp_path / "in", "--kvartal", "2024Q1", *extra)
    assert p.returncode == 1
    fel = [r.removeprefix("  fel: ") for r in p.stderr.splitlines() if r.startswith("  fel: ")]
    for fil, meddelande in vantat.items():
        assert [f for f in fel if f.startswith(fil)] == (meddelande if isinstance(meddelande, list) else [meddelande])
    assert "sol.xlsx: 8 rapporteringspliktiga beslut 2024Q1" in p.stdout
    if kommando == "bilagor":
        assert sorted(f.name for f in (tmp_path / "ut").iterdir()) == ["sol_bilagor_2024Q1.xlsx"]
    assert "Traceback" not in p.stdout + p.stderr and "oväntat fel" not in p.stderr
    assert {f.name: fotavtryck(f) for f in (tmp_path / "in").iterdir()} == fore


def test_datum_fore_beslutet_och_beslut_i_framtiden_ar_varningar_i_kontroll(tmp_path):
    framtid = date.today().replace(day=1) + timedelta(days=400)
    underlag = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Beslutet verkställt", "Orsak"],
        ["Man", "2023-01-10", "LSS", "9 § 10", "2022-12-01", "Tackat nej"],
        ["Kvinna", framtid.isoformat(), "LSS", "9 § 10", None, "Tackat nej"],
    ])
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "(2 varningar, se bladet Kontroll)" in ut
    kontroll = blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Kontroll"]
    varningar = [(r[3], r[2]) for r in kontroll if r[4] == "Varning"]
    assert varningar == [
        ("E2", "Beslutet verkställt 2022-12-01 är före basdatum 2023-01-10 och räknas inte; beslutet räknas som öppet"),
        ("B3", f"beslutsdatum {framtid} ligger i framtiden"),
    ]
    b2 = blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Bilaga 2"]
    assert [r[1] for r in b2 if r[0] == 1.0] == ["Man"]  # raden räknas som öppen och rapporteras


def _rubrik_i_tva_rader(sokvag: Path) -> Path:
    """Rubriker i två rader: Kön, Lagrum, Typ av insats och Orsak sammanslagna lodrätt, och
    Datum sammanslaget vågrätt över Beslut, Avbrott, Verkställt."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Underlag"
    ws.append(["Ej verkställda beslut, Enhet Norr"])
    ws.merge_cells("A1:G1")
    ws.append(["Kön", "Lagrum", "Typ av insats", "Datum", None, None, "Orsak"])
    ws.append([None, None, None, "Beslut", "Avbrott", "Verkställt", None])
    for k in "ABCG":
        ws.merge_cells(f"{k}2:{k}3")
    ws.merge_cells("D2:F2")
    ws.append(["Man", "LSS", "9 § 10", date(2023, 6, 1), None, None, "Tackat nej"])
    ws.append(["Kvinna", "SoL", "Kontaktperson", date(2023, 5, 2), date(2023, 9, 1), date(2024, 2, 1), "Annat skäl"])
    wb.save(sokvag)
    return sokvag


def _dolda_rader_och_sammanslagen_rubrik(sokvag: Path, gammal_rubrik: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Underlag"
    ws.append(["Ej verkställda beslut"])
    ws.merge_cells("A1:F1")
    ws.append(["Instruktion: fyll i en rad per beslut (dold rad)"])
    ws.append(gammal_rubrik)
    ws.append([])
    ws.append(["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", None, "Orsak"])
    ws.merge_cells("D5:E5")
    for r in (2, 3, 4):
        ws.row_dimensions[r].hidden = True
    ws.append(["Man", date(2023, 6, 1), "LSS", "9 § 10 Daglig verksamhet", None, "Tackat nej"])
    ws.append(["Kvinna", date(2023, 6, 2), "LSS", "9 § 3 Ledsagarservice", None, "Annat skäl"])
    wb.save(sokvag)
    return sokvag


def test_rubrik_i_tva_rader_med_sammanslagna_celler(tmp_path):
    kod, ut, fel = evb("bilagor", _rubrik_i_tva_rader(tmp_path / "u.xlsx"), "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "u.xlsx: 2 rapporteringspliktiga beslut 2024Q1 (LSS 1; SoL 1), 1 man, 1 kvinna" in ut
    inlast = {r[0]: r[1] for r in blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Kontroll"] if r[1]}
    assert inlast["Rubrikrad"] == 3.0
    assert (inlast["Kön"], inlast["Typ av insats"], inlast["Beslutsdatum"], inlast["Orsak"]) == (
        "kolumn A", "kolumn C", "kolumn D", "kolumn G")


@pytest.mark.parametrize("gammal_rubrik", [[], ["Kön", "Beslut"], ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", None, "Orsak"]],
                         ids=["tom", "kortare", "samma"])
def test_dolda_rader_och_sammanslagna_celler_i_rubrikomradet(tmp_path, gammal_rubrik):
    underlag = _dolda_rader_och_sammanslagen_rubrik(tmp_path / "u.xlsx", gammal_rubrik)
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "u.xlsx: 2 rapporteringspliktiga beslut 2024Q1 (LSS 2), 1 man, 1 kvinna" in ut
    b = blad(tmp_path / "u_bilagor_2024Q1.xlsx")
    assert [r[5] for r in b["Bilaga 2"] if isinstance(r[0], float)] == ["9 § 3 Ledsagarservice", "9 § 10 Daglig verksamhet"]
    assert {r[0]: r[1] for r in b["Kontroll"] if r[1]}["Rubrikrad"] == 5.0


# --- 1 048 576 rader -------------------------------------------------------------------

_HUVUD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def excels_sista_rad(sokvag: Path, fyll: str) -> Path:
    """En arbetsbok med rubrikrad och data ända ned till Excels sista rad, 1 048 576, skriven
    direkt som XML (openpyxl behöver minuter för så många celler).

    fyll="alla": ett beslut på varje rad (1 048 575 beslut);
    fyll="sista": 20 beslut och en kvarglömd cell på rad 1 048 576."""
    delade = ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Man", "Kvinna", "LSS",
              "9 § 10 Daglig verksamhet", "Tackat nej", "x"]
    i = {s: n for n, s in enumerate(delade)}
    rubrik = '<row r="1">' + "".join(f'<c r="{k}1" t="s"><v>{n}</v></c>' for k, n in zip("ABCDE", range(5))) + "</row>"

    def rad(r: int) -> str:
        return (f'<row r="{r}"><c r="A{r}" t="s"><v>{i["Man"] if r % 2 else i["Kvinna"]}</v></c>'
                f'<c r="B{r}"><v>{44927 + r % 300}</v></c><c r="C{r}" t="s"><v>{i["LSS"]}</v></c>'
                f'<c r="D{r}" t="s"><v>{i["9 § 10 Daglig verksamhet"]}</v></c>'
                f'<c r="E{r}" t="s"><v>{i["Tackat nej"]}</v></c></row>')

    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(sokvag, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="Underlag" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in delade) + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write((_HUVUD + rubrik).encode())
            sista = 1_048_576 if fyll == "alla" else 21
            for start in range(2, sista + 1, 20000):
                f.write("".join(rad(r) for r in range(start, min(start + 20000, sista + 1))).encode())
            if fyll == "sista":
                f.write(f'<row r="1048576"><c r="K1048576" t="s"><v>{i["x"]}</v></c></row>'.encode())
            f.write(b"</sheetData></worksheet>")
    return sokvag


def test_kvarglomd_cell_pa_excels_sista_rad(tmp_path):
    """Ett vanligt misstag: något ligger kvar på rad 1 048 576. Det läses snabbt och ändrar inget."""
    underlag = excels_sista_rad(tmp_path / "u.xlsx", "sista")
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "u.xlsx: 20 rapporteringspliktiga beslut 2024Q1 (LSS 20), 10 män, 10 kvinnor" in ut
    kontroll = blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Kontroll"]
    assert ["Lästa beslut (rader)", 20.0] == kontroll[next(i for i, r in enumerate(kontroll) if r[0] == "Lästa beslut (rader)")][:2]


def test_ett_blad_fyllt_till_excels_sista_rad(tmp_path):
    """1 048 575 beslut under rubrikraden: Bilaga 2 får inte plats på ett Excel-blad (mallens
    rubriker tar rader), så svaret är ett tydligt fel i stället för en utfil som Excel inte kan
    öppna; underlaget är orört och ingen tillfällig fil blir kvar. Ca 15 s och 1 GB minne."""
    underlag = excels_sista_rad(tmp_path / "alla.xlsx", "alla")
    fore = fotavtryck(underlag)
    p = evb_process("bilagor", underlag, "--kvartal", "2024Q1")
    assert p.returncode == 1
    assert ("alla.xlsx: Bilaga 2 får inte plats på ett Excel-blad: 1 048 575 rader behövs från rad 6, "
            "men ett blad har högst 1 048 576 rader") in p.stderr
    assert "Traceback" not in p.stderr and "oväntat fel" not in p.stderr
    assert fotavtryck(underlag) == fore
    assert sorted(f.name for f in tmp_path.iterdir()) == ["alla.xlsx"]
