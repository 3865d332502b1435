"""Arbetsböckerna i workbooks/ är färska byggen av workbooks/bygg.py, del för del (som XlsxWriter
jämför sina filer), och exemplet innehåller bara påhittade personer."""

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree.ElementTree import canonicalize

import pytest

REPO = Path(__file__).resolve().parents[1]


def _bygg():
    spec = importlib.util.spec_from_file_location("bygg", REPO / "workbooks" / "bygg.py")
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


def delar(sokvag: Path) -> dict:
    with zipfile.ZipFile(sokvag) as z:
        return {n: z.read(n) for n in z.namelist()}


def kanonisk(namn: str, data: bytes) -> bytes | str:
    """XML-delar i kanonisk form (C14N 2.0): openpyxl skriver samma XML på två sätt, med och utan
    lxml (namnrymder, attributens ordning, `<a/>` eller `<a />`). Allt annat byte för byte."""
    if namn.endswith((".xml", ".rels")):
        return canonicalize(data.decode("utf-8"))  # tolkar också: en trasig del fallerar här
    return data


def bygg_i_egen_process(tmp_path: Path, bygg: str, namn: str, lxml: bool) -> Path:
    """Bygg som `python workbooks/bygg.py` gör, med openpyxl:s lxml-väg på eller av."""
    ut = tmp_path / namn
    kod = (f"import sys; sys.path.insert(0, {str(REPO / 'workbooks')!r}); import bygg; from pathlib import Path; "
           f"bygg.spara_fast(bygg.{bygg}(), Path({str(ut)!r}))")
    p = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "OPENPYXL_LXML": str(lxml)})
    assert p.returncode == 0, p.stderr
    return ut


@pytest.mark.parametrize("lxml", [True, False], ids=["med lxml", "utan lxml"])
@pytest.mark.parametrize("namn, bygg", [("mall_bilagor.xlsx", "bygg_mall"), ("exempel_underlag.xlsx", "exempel")])
def test_incheckad_fil_ar_ett_farskt_bygge(tmp_path, namn, bygg, lxml):
    farsk = delar(bygg_i_egen_process(tmp_path, bygg, namn, lxml))
    incheckad = delar(REPO / "workbooks" / namn)
    assert list(farsk) == list(incheckad)
    for del_ in farsk:
        assert kanonisk(del_, farsk[del_]) == kanonisk(del_, incheckad[del_]), \
            f"{namn}: {del_} skiljer sig; kör python workbooks/bygg.py"


def test_kanonisk_form_ser_skillnader_i_innehallet():
    """Jämförelsen ovan är inte blind: ett ändrat värde eller attribut syns, ordning och stil inte."""
    a = b'<a xmlns="urn:x" xmlns:r="urn:r"><b r:id="1" c="2"/></a>'
    assert kanonisk("x.xml", a) == kanonisk("x.xml", b'<a xmlns="urn:x"><b c="2" xmlns:r="urn:r" r:id="1" /></a>')
    assert kanonisk("x.xml", a) != kanonisk("x.xml", b'<a xmlns="urn:x" xmlns:r="urn:r"><b r:id="1" c="3"/></a>')
    with pytest.raises(Exception):
        kanonisk("docProps/core.xml", b'<cp:c xmlns:cp="urn:cp"><d xsi:type="x">1</d></cp:c>')  # odeklarerat prefix


def test_tva_byggen_ar_byte_for_byte_lika(tmp_path):
    b = _bygg()
    for mapp in ("a", "b"):
        (tmp_path / mapp).mkdir()
        b.spara_fast(b.bygg_mall(), tmp_path / mapp / "mall.xlsx")
    assert (tmp_path / "a" / "mall.xlsx").read_bytes() == (tmp_path / "b" / "mall.xlsx").read_bytes()


def test_exemplets_personnummer_kan_inte_vara_nagons():
    """Varje nummer i exemplet har fel kontrollsiffra, så det tillhör ingen verklig person."""
    b = _bygg()
    assert b.luhn("811218987") == 6  # Skatteverkets exempel 811218-9876
    for rad in b.exempelrader():
        siffror = rad[0].replace("-", "")[2:]
        assert int(siffror[-1]) != b.luhn(siffror[:9])


@pytest.mark.kraver("soffice")
@pytest.mark.parametrize("namn", ["mall_bilagor.xlsx", "exempel_underlag.xlsx"])
def test_libreoffice_oppnar_arbetsboken_utan_anmarkning(tmp_path, namn):
    p = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                        "--convert-to", "ods", "--outdir", str(tmp_path), str(REPO / "workbooks" / namn)],
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0 and "Error" not in p.stderr, p.stderr
    assert (tmp_path / namn.replace(".xlsx", ".ods")).stat().st_size > 1000
