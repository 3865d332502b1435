"""Arbetsböckerna i workbooks/ är färska byggen av workbooks/bygg.py, del för del (som XlsxWriter
jämför sina filer), och exemplet innehåller bara påhittade personer."""

import importlib.util
import zipfile
from pathlib import Path

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


@pytest.mark.parametrize("namn, bygg", [("mall_bilagor.xlsx", "bygg_mall"), ("exempel_underlag.xlsx", "exempel")])
def test_incheckad_fil_ar_ett_farskt_bygge(tmp_path, namn, bygg):
    b = _bygg()
    wb = getattr(b, bygg)() if bygg == "exempel" else b.bygg_mall()
    b.spara_fast(wb, tmp_path / namn)
    farsk, incheckad = delar(tmp_path / namn), delar(REPO / "workbooks" / namn)
    assert sorted(farsk) == sorted(incheckad)
    for del_ in farsk:
        assert farsk[del_] == incheckad[del_], f"{namn}: {del_} skiljer sig; kör python workbooks/bygg.py"


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
    import subprocess
    p = subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profil').as_uri()}", "--headless",
                        "--convert-to", "ods", "--outdir", str(tmp_path), str(REPO / "workbooks" / namn)],
                       capture_output=True, text=True, timeout=180)
    assert p.returncode == 0 and "Error" not in p.stderr, p.stderr
    assert (tmp_path / namn.replace(".xlsx", ".ods")).stat().st_size > 1000
