"""Pappren som de skrivs ut (issue 13): varje utfil görs till PDF med LibreOffice, och sidorna läses
med pdftotext: antal sidor, "Sida n av m" på varje sida, huvudet som Bilaga 1, ingen Kontroll i
bilagornas PDF och väntetiden som liggande staplar. Utan LibreOffice hoppas testerna över, utom när
CI är satt: då fallerar de."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from test_utskrift import evb

EXEMPEL = Path(__file__).resolve().parents[1] / "workbooks" / "exempel_underlag.xlsx"
NAMND, DNR = "Socialnämnden i Exempelkommun", "Diarienummer: SN 2024/0001"


pytestmark = pytest.mark.kraver("soffice", "pdftotext")  # tests/conftest.py: fel under CI om de saknas


def sidor(pdf: Path) -> list[str]:
    """Texten på varje sida (pdftotext skiljer sidorna med sidmatning)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def utfiler(tmp_path_factory) -> Path:
    """Alla utfiler ur exempelunderlaget (båda lagrummen), med --pdf."""
    ut = tmp_path_factory.mktemp("utskrift")
    kommandon = [["bilagor", "--pdf", "--pdf-kontroll"], ["trend", "--pdf", "--antal-kvartal", "8"],
                 ["vantetid", "--pdf"], ["aterrapportering", "--pdf"], ["enheter", "--pdf"], ["ivo", "--pdf"],
                 ["ks", "--pdf"]]
    for k in kommandon:
        p = evb(k[0], EXEMPEL, "--ut", ut, *k[1:])
        assert p.returncode == 0, (k, p.stderr)
    return ut


# namn -> antal sidor för exempelunderlaget
SIDOR = {"exempel_underlag_bilagor_2024Q1": 4, "exempel_underlag_kontroll_2024Q1": 2,
         "exempel_underlag_trend_2024Q1": 1, "exempel_underlag_vantetid_2024Q1": 3,
         "exempel_underlag_aterrapportering_2024Q1": 2, "exempel_underlag_enheter_2024Q1": 3,
         "exempel_underlag_ivo_SEKRETESS_2024Q1": 1, "ks_sammanstallning_2024Q1": 2}


@pytest.mark.parametrize("namn", SIDOR)
def test_varje_utfil_har_sina_sidor_numrerade(utfiler, namn):
    text = sidor(utfiler / f"{namn}.pdf")
    assert len(text) == SIDOR[namn]
    for n, sida in enumerate(text, start=1):
        assert f"Sida {n} av {len(text)}" in sida, (namn, n)
        innehall = [r for r in sida.splitlines() if r.strip() and not r.strip().startswith("Sida ")]
        assert len(innehall) >= 3, f"{namn}: sidan {n} är nästan tom"


def test_bilagornas_pdf_har_bara_bilaga_1_och_2(utfiler):
    text = sidor(utfiler / "exempel_underlag_bilagor_2024Q1.pdf")
    rubriker = [next(r.strip() for r in s.splitlines() if r.strip()) for s in text]
    assert [r.split(":")[0] for r in rubriker] == ["Bilaga 1", "Bilaga 2", "Bilaga 1", "Bilaga 2"]
    assert not any("Kontroll av underlaget" in s or "Varningar och upplysningar" in s for s in text)
    assert all("Sida" in s for s in text)
    kontroll = sidor(utfiler / "exempel_underlag_kontroll_2024Q1.pdf")
    assert "Kontroll av underlaget" in kontroll[0] and not any("Bilaga 1:" in s for s in kontroll)


@pytest.mark.parametrize("namn", [n for n in SIDOR if "bilagor" not in n and "kontroll" not in n])
def test_varje_rapport_har_bilaga_1_s_huvud(utfiler, namn):
    forsta = sidor(utfiler / f"{namn}.pdf")[0]
    if not namn.startswith("ks_"):
        assert NAMND in forsta
    assert DNR in forsta or namn.startswith("ks_")
    assert "Period " in forsta and "rapportering enligt" in forsta


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


def xml(xlsx: Path, del_: str) -> ElementTree.Element:
    with zipfile.ZipFile(xlsx) as z:
        return ElementTree.fromstring(z.read(del_))


def textstorlekar(diagram: ElementTree.Element) -> list[int]:
    """Den fasta textstorleken (hundradels punkter) för axlarna och förklaringen."""
    return [int(r.get("sz")) for del_ in ("catAx", "valAx", "legend")
            for r in diagram.iter(f"{C}{del_}") for r in r.iter(f"{A}defRPr") if r.get("sz")]


def test_vantetiden_ar_liggande_staplar_med_fast_textstorlek(utfiler):
    diagram = xml(utfiler / "exempel_underlag_vantetid_2024Q1.xlsx", "xl/charts/chart1.xml")
    assert [b.get("val") for b in diagram.iter(f"{C}barDir")] == ["bar"]  # <c:barDir val="bar"/>
    storlekar = textstorlekar(diagram)
    assert len(storlekar) >= 3 and set(storlekar) == {900}
    text = sidor(utfiler / "exempel_underlag_vantetid_2024Q1.pdf")[1]  # diagrammet på en egen sida
    assert "Bostad med särskild service (vuxna) (LSS)" in text  # hela kategorinamnet, vågrätt


def test_trenden_med_atta_kvartal_har_fast_textstorlek_och_ar_bred(utfiler):
    xlsx = utfiler / "exempel_underlag_trend_2024Q1.xlsx"
    storlekar = textstorlekar(xml(xlsx, "xl/charts/chart1.xml"))
    assert len(storlekar) >= 3 and set(storlekar) == {900}
    bredd = int(next(xml(xlsx, "xl/drawings/drawing1.xml").iter(f"{XDR}ext")).get("cx")) / 360000  # EMU -> cm
    assert bredd >= 26
    text = sidor(utfiler / "exempel_underlag_trend_2024Q1.pdf")[0]
    assert re.search(r"Q2-2022\s+Q3-2022\s+Q4-2022\s+Q1-2023\s+Q2-2023\s+Q3-2023\s+Q4-2023\s+Q1-2024", text)


# --- evb-xl pdf ---------------------------------------------------------------------


def test_pdf_vagrar_ett_underlag_med_personuppgifter(tmp_path):
    underlag = tmp_path / "underlag.xlsx"
    shutil.copyfile(EXEMPEL, underlag)
    p = evb("pdf", underlag, "--ut", tmp_path / "ut")
    assert p.returncode == 1
    assert "inte en av evb-xl:s bilagor eller rapporter" in p.stderr
    assert not list(tmp_path.rglob("*.pdf"))


def test_pdf_skapar_mappen_ut_och_lamnar_kontroll_utanfor(tmp_path):
    assert evb("bilagor", EXEMPEL, "--ut", tmp_path).returncode == 0
    bilagor = tmp_path / "exempel_underlag_bilagor_2024Q1.xlsx"
    p = evb("pdf", bilagor, "--ut", tmp_path / "ny" / "mapp", "--kontroll")
    assert p.returncode == 0, p.stderr
    text = sidor(tmp_path / "ny" / "mapp" / "exempel_underlag_bilagor_2024Q1.pdf")
    assert len(text) == 4 and not any("Kontroll av underlaget" in s for s in text)
    assert (tmp_path / "ny" / "mapp" / "exempel_underlag_kontroll_2024Q1.pdf").exists()
