"""Listor över flera sidor som de skrivs ut (LibreOffice och pdftotext): rubrikraden (eller för Kontroll
rubriken) på varje sida, IVO-listans sekretessmärkning i sidhuvudet på varje sida, och ingen text som
skrivs över nästa rad (en lång text i "Rapporteras som" bryts och raden är så hög som texten)."""

from __future__ import annotations

import random
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from arbetsbocker import skriv_bok
from hjalp import evb

pytestmark = pytest.mark.kraver("soffice", "pdftotext")  # tests/conftest.py: fel under CI om de saknas

RUBRIK = ["Löpnr", "Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Beslutet verkställt", "Enhet",
          "Erbjudanden"]
INSATSER = [("LSS", "9 § 10 Daglig verksamhet"), ("LSS", "9 § 3 Ledsagarservice"),
            ("LSS", "Bostad med särskild service enligt 9 § 9 i form av en annan anpassad bostad"),
            ("SoL", "Särskilt boende"), ("SoL", "Hemtjänst"), ("SoL", "Kontaktperson")]


def stort_underlag(sokvag: Path) -> Path:
    """240 påhittade beslut i tre enheter, båda lagrummen, en del verkställda i kvartalet (IVO-listans
    långa "Anmälan: rapporterat beslut verkställt ..."), och 60 med kön 'Hen' (varningar i Kontroll)."""
    slump = random.Random(4)
    rader = []
    for i in range(1, 241):
        lag, insats = slump.choice(INSATSER)
        beslut = date(2022, 6, 1) + timedelta(days=slump.randint(0, 560))
        verk = beslut + timedelta(days=slump.randint(95, 700)) if slump.random() < 0.35 else None
        rader.append([i, "Hen" if i % 4 == 0 else slump.choice(["Man", "Kvinna"]), beslut, lag, insats,
                      slump.choice(["Tackat nej", "Resursbrist ledig bostad", "Annat skäl"]),
                      verk if verk is None or verk <= date(2024, 3, 31) else None,
                      slump.choice(["Enhet Norr", "Enhet Syd", "Enhet Öst"]), (beslut + timedelta(days=40)).isoformat()])
    return skriv_bok(sokvag, [RUBRIK, *rader], installningar=[["Kvartal", "2024Q1"], ["Nämnd", "Socialnämnden"]])


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    mapp = tmp_path_factory.mktemp("sidor")
    underlag = stort_underlag(mapp / "stor.xlsx")
    for kommando in (["bilagor", "--pdf", "--pdf-kontroll"], ["ivo", "--pdf"], ["enheter", "--pdf"], ["vantetid", "--pdf"]):
        p = evb(kommando[0], underlag, *kommando[1:])
        assert p.returncode == 0, (kommando, p.stderr)
    return mapp


def sidor(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def ord_per_sida(pdf: Path) -> list[list[tuple]]:
    """Varje sidas ord med sin ruta (xMin, yMin, xMax, yMax, ord), ur pdftotext -bbox."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    monster = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [[(float(a), float(b), float(c), float(d), o) for a, b, c, d, o in re.findall(monster, sida)]
            for sida in xml.split("<page ")[1:]]


def overtryck(ord_: list[tuple]) -> list[tuple[str, str]]:
    """Ord som står ovanpå varandra: rutorna täcker varandra till mer än hälften av höjden (två rader i
    samma cell gör det inte; text som flödar över nästa rad gör det)."""
    ut = []
    ord_ = sorted(ord_)
    for i, a in enumerate(ord_):
        for b in ord_[i + 1:]:
            if b[0] >= a[2]:
                break
            hojd = min(a[3] - a[1], b[3] - b[1])
            if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5 * hojd:
                ut.append((a[4], b[4]))
    return ut


def test_ivo_listan_har_sekretessmarkeringen_pa_varje_sida(pdf):
    text = sidor(pdf / "stor_ivo_SEKRETESS_2024Q1.pdf")
    assert len(text) >= 3
    for n, sida in enumerate(text, start=1):
        assert "SEKRETESS" in sida, f"sidan {n} saknar sekretessmärkningen"
        assert "Rapporteras som" in sida and "Pseudo-id" in sida, f"sidan {n} saknar rubrikraden"
    ark = openpyxl.load_workbook(pdf / "stor_ivo_SEKRETESS_2024Q1.xlsx")["SEKRETESS IVO"]
    assert ark.oddHeader.center.text.startswith("SEKRETESS")


def test_ivo_listans_langa_text_bryts_och_raden_ar_sa_hog(pdf):
    ark = openpyxl.load_workbook(pdf / "stor_ivo_SEKRETESS_2024Q1.xlsx")["SEKRETESS IVO"]
    rubrikrad = next(r for r in range(1, 20) if ark.cell(r, 1).value == "Pseudo-id")
    kolumn = next(c for c in range(1, 20) if ark.cell(rubrikrad, c).value == "Rapporteras som")
    bredd = ark.column_dimensions[openpyxl.utils.get_column_letter(kolumn)].width
    langa = 0
    for r in range(rubrikrad + 1, ark.max_row + 1):
        cell = ark.cell(r, kolumn)
        if not cell.value:
            continue
        assert cell.alignment.wrap_text, cell.coordinate
        if len(cell.value) > 1.4 * bredd:  # får inte plats på en rad i kolumnens bredd, hur smalt typsnittet än är
            langa += 1
            assert (ark.row_dimensions[r].height or 0) >= 2 * 12, (cell.coordinate, cell.value)
    assert langa >= 5  # underlaget har verkställda, tidigare rapporterade beslut: "Anmälan: ..."
    for n, ord_ in enumerate(ord_per_sida(pdf / "stor_ivo_SEKRETESS_2024Q1.pdf"), start=1):
        assert overtryck(ord_) == [], f"sidan {n}"


@pytest.mark.parametrize("fil, rubrik", [
    ("stor_kontroll_2024Q1.pdf", "Kontroll av underlaget stor.xlsx, kvartal 1 2024"),
    ("stor_ivo_SEKRETESS_2024Q1.pdf", "Rapporteras som"),
])
def test_rubriken_pa_varje_sida(pdf, fil, rubrik):
    text = sidor(pdf / fil)
    assert len(text) >= 2, fil
    for n, sida in enumerate(text, start=1):
        assert rubrik in sida, f"{fil}: sidan {n} av {len(text)}"


def test_listorna_har_rubrikraden_pa_varje_sida(pdf):
    """Bilaga 2, listan per enhet och väntetidens lista: varje sida med rader har kolumnrubrikerna."""
    for fil, titel, rubriker in (
        ("stor_bilagor_2024Q1.pdf", "Bilaga 1:", ("Löpnr", "Beslutsdatum", "Typ av insats")),
        ("stor_enheter_2024Q1.pdf", "Ej verkställda beslut per enhet", ("Skäl (orsak)", "Datum för erbjudanden")),
        ("stor_vantetid_2024Q1.pdf", "Väntetid", ("Rad i", "Basdatum", "Väntetid")),
    ):
        text = sidor(pdf / fil)
        listsidor = [s for s in text if not s.strip().startswith(titel) and "Väntetid per insats" not in s]
        assert len(listsidor) >= 2, fil
        for n, sida in enumerate(listsidor, start=1):
            assert all(r in sida for r in rubriker), f"{fil}: listsida {n}"
