"""Standardmallen utan openpyxl (skrivning/standardbok.py) ger samma arbetsbok som standardmallen
fylld med openpyxl (mall.bygg_mall + fyll.fyll): samma blad, värden, cellformat, sammanslagningar,
radhöjder, kolumnbredder och utskriftsinställningar, och samma märke (pdf.MARKE)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from arbetsbocker import lss_2023q4, skriv_bok, sol_2024q1, stokigt
from evb_xl import korning
from evb_xl.regler.kvartal import Kvartal
from evb_xl.skrivning import fyll, standardbok
from evb_xl.lasning.egenskaper import slag


def _pagaende(tmp_path):
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    wb = openpyxl.load_workbook(underlag)
    inst = wb.create_sheet("Inställningar")
    for rad in [["Kvartal", "2023Q4"], ["Antal", "kvarstående"], ["Pågående per", "2023-12-31"], [],
                ["Pågående insats", "Män", "Kvinnor"], ["Ledsagarservice", 20, 25], ["Daglig verksamhet", 160, 200],
                [], ["Nämnd", "Nämnden & <styrelsen> \"A\""], ["Diarienummer", "  =1+1 "], ["Orsaker", "alla"]]:
        inst.append(rad)
    wb.save(underlag)
    return underlag


def _tom(tmp_path):
    return skriv_bok(tmp_path / "tom.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt"],
                                            ["Kvinna", "2024-01-02", "Särskilt boende", "SoL", None]])


def _manga(tmp_path):
    """Fler rader än massgränsen i Bilaga 2 och i Kontroll (massrader), orsaker i flera stavningar."""
    rubrik = ["Kön", "Beslutsdatum", "Datum för avbrott", "Typ av insats", "Lagrum", "Orsak", "Beslutet verkställt"]
    rader = [[("Man", "Kvinna", "okänt")[i % 3], date(2023, 1 + i % 12, 1 + i % 27), None,
              ("9 § 10 Daglig verksamhet", "Särskilt boende", "Något annat")[i % 3], ("LSS", "SoL", "LSS")[i % 3],
              ("Tackat nej", "", "=HYPERLINK(\"x\")", "Resursbrist personal")[i % 4], None] for i in range(180)]
    return skriv_bok(tmp_path / "manga.xlsx", [rubrik, *rader])


UNDERLAG = {"lss": lambda p: lss_2023q4(p / "lss.xlsx"), "sol": lambda p: sol_2024q1(p / "sol.xlsx"),
            "stokigt": lambda p: stokigt(p / "enhet.xlsx"), "pagaende": _pagaende, "tom": _tom, "manga": _manga}


def _stil(c) -> tuple:
    f, a, b = c.font, c.alignment, c.border
    return (c.number_format, f.name, f.b, f.i, f.sz, f.color.rgb if f.color is not None and f.color.type == "rgb" else None,
            c.fill.fill_type, c.fill.fgColor.rgb if c.fill.fill_type else None,
            tuple((s.style, s.color.rgb if s.color is not None else None) for s in (b.left, b.right, b.top, b.bottom)),
            a.horizontal, a.vertical, bool(a.wrap_text))


def _bok(sokvag: Path) -> dict:
    wb = openpyxl.load_workbook(sokvag)
    ut = {"blad": wb.sheetnames, "aktivt": wb.active.title, "skapad": wb.properties.created,
          "skapare": wb.properties.creator, "märke": slag(sokvag)}
    for ws in wb.worksheets:
        # openpyxl skriver tal med 16 siffror, standardbok med repr (som massrader): jämför 15
        celler = {c.coordinate: (float(f"{c.value:.15g}") if type(c.value) is float else c.value, _stil(c))
                  for rad in ws.iter_rows() for c in rad
                  if c.value is not None or c.has_style and c.style_id != 0}
        celler = {k: v for k, v in celler.items() if v[0] is not None or v[1] != _stil(ws["ZZ1000"])}
        ut[ws.title] = {
            "celler": celler,
            "sammanslagna": sorted(str(r) for r in ws.merged_cells.ranges),
            "höjder": {r: d.height for r, d in ws.row_dimensions.items() if d.height},
            "bredder": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            "utskrift": (ws.page_setup.orientation, str(ws.page_setup.paperSize), ws.page_setup.fitToWidth,
                         ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage,
                         ws.print_options.horizontalCentered, ws.oddFooter.center.text, ws.print_title_rows,
                         ws.page_margins.left, ws.page_margins.right, ws.page_margins.top, ws.page_margins.bottom),
            "vald": bool(ws.sheet_view.tabSelected),
        }
    return ut


@pytest.mark.parametrize("namn", sorted(UNDERLAG))
def test_standardboken_ar_standardmallen_fylld_av_openpyxl(tmp_path, namn):
    underlag = UNDERLAG[namn](tmp_path)
    val = korning.Val(kvartal=Kvartal.tolka("2023Q4" if namn in ("lss", "stokigt", "pagaende") else "2024Q1"),
                      idag=date(2024, 6, 1))
    u, rapport, resultat = korning.las_och_bygg(underlag, val)
    assert rapport is not None, resultat.fel
    fyll.fyll(rapport, fyll.las_mall(None), u.fil).save(tmp_path / "openpyxl.xlsx")
    standardbok.skriv(rapport, u.fil).save(tmp_path / "standard.xlsx")
    fore, efter = _bok(tmp_path / "openpyxl.xlsx"), _bok(tmp_path / "standard.xlsx")
    assert efter.keys() == fore.keys()
    for nyckel in fore:
        assert efter[nyckel] == fore[nyckel], nyckel
    with zipfile.ZipFile(tmp_path / "standard.xlsx") as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml


def test_kommandot_skriver_standardboken_utan_openpyxl(tmp_path):
    import subprocess
    import sys
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    kod = ("import sys, runpy; sys.argv = ['evb-xl', 'bilagor', sys.argv[1], '--kvartal', '2024Q1'];"
           "from evb_xl import cli\ntry:\n    cli.main()\nexcept SystemExit:\n    pass\n"
           "print(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'docx', 'lxml', 'pandas', 'xlwings'}))")
    p = subprocess.run([sys.executable, "-c", kod, str(underlag)], capture_output=True, text=True,
                       cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "sol_bilagor_2024Q1.xlsx").exists()
