"""Skrivelsen på papper: A4 stående med marginaler och "Sida X av Y" i sidfoten (läst med python-docx
och i PDF:en med pdfinfo och pdftotext), och `skrivelse --pdf` och `pdf` gör PDF av den: den är
märkt som evb-xl:s utfil, som bilagorna, medan ett annat Word-dokument vägras."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from arbetsbocker import lss_2023q4
from docx import Document
from hjalp import evb

pytestmark = pytest.mark.kraver("soffice", "pdftotext", "pdfinfo")


def sidor(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def skrivelse(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("skrivelse_pdf")
    underlag = lss_2023q4(mapp / "lss.xlsx")
    p = evb("skrivelse", underlag, "--kvartal", "2023Q4", "--pdf", "--namnd", "Nämnden", "--ut", mapp / "ut")
    assert p.returncode == 0, p.stderr
    return mapp / "ut"


def test_skrivelse_pdf_skriver_docx_och_pdf(skrivelse):
    assert sorted(f.name for f in skrivelse.iterdir()) == ["lss_skrivelse_2023Q4.docx", "lss_skrivelse_2023Q4.pdf"]
    text = sidor(skrivelse / "lss_skrivelse_2023Q4.pdf")
    assert len(text) >= 2
    helt = " ".join(" ".join(s.split()) for s in text)
    assert "Rapportering av ej verkställda beslut enligt LSS per den 31 december 2023" in helt
    assert "Nämnd: Nämnden" in helt and "Totalt rapporteras 84 beslut" in helt
    for n, sida in enumerate(text, start=1):
        assert f"Sida {n} av {len(text)}" in sida, n


def test_docx_ar_a4_med_marginaler_och_sidnummer(skrivelse):
    d = Document(str(skrivelse / "lss_skrivelse_2023Q4.docx"))
    for sektion in d.sections:
        assert (round(sektion.page_width.cm, 2), round(sektion.page_height.cm, 2)) == (21.0, 29.7)  # i twips
        for marginal in (sektion.top_margin, sektion.bottom_margin, sektion.left_margin, sektion.right_margin):
            assert 2.0 <= marginal.cm <= 3.0
        fot = sektion.footer.paragraphs[0]
        assert fot.text.startswith("Sida ") and " av " in fot.text
        instr = re.findall(r"<w:instrText[^>]*>([^<]*)<", fot._p.xml)
        assert [i.strip() for i in instr] == ["PAGE", "NUMPAGES"]
    info = subprocess.run(["pdfinfo", str(skrivelse / "lss_skrivelse_2023Q4.pdf")], capture_output=True, text=True,
                          check=True).stdout
    bredd, hojd = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(bredd), round(hojd)) == (595, 842)  # A4 stående i punkter


def test_docx_ar_markt_och_evb_xl_pdf_tar_den_men_inte_ett_annat_worddokument(skrivelse, tmp_path):
    with zipfile.ZipFile(skrivelse / "lss_skrivelse_2023Q4.docx") as z:
        custom = z.read("docProps/custom.xml").decode()
    assert re.search(r'name="evb-xl"><vt:lpwstr>skrivelse<', custom)
    p = evb("pdf", skrivelse / "lss_skrivelse_2023Q4.docx", "--ut", tmp_path / "pdf")
    assert p.returncode == 0, p.stderr
    assert "Sida 1 av" in sidor(tmp_path / "pdf" / "lss_skrivelse_2023Q4.pdf")[0]
    annan = tmp_path / "annat.docx"
    dok = Document()
    dok.add_paragraph("19800101-1234 Hemlig Hemligsson")
    dok.save(str(annan))
    p = evb("pdf", annan, "--ut", tmp_path / "pdf")
    assert p.returncode == 1 and "inte en av evb-xl:s bilagor eller rapporter" in p.stderr
    assert not (tmp_path / "pdf" / "annat.pdf").exists()
