"""Bilagornas märke säger vad Summa räknade (antal, nämnd, diarienummer, kvartal, lagrum), och
`evb-xl trend --fran-bilagor` använder det: kvarstående läggs aldrig ihop med rapporterade, flera
nämnder blir ett blad var, kvartal som saknas står som "saknas" (och i en varning), huvudet har
nämnd och diarienummer, och en period över lagbytet 2025Q3 citerar båda socialtjänstlagarna.

Siffrorna är seedens (SPEC §6): LSS Q4 2023 ger 52 män och 32 kvinnor rapporterade, 33 och 24
kvarstående; samma lista räknad för Q3 2023 ger 41 och 28 (test_rapporter.py använder samma)."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from arbetsbocker import lss_2023q4, skriv_bok
from hjalp import blad, evb

from evb_xl.lasning import tidigare_bilagor
from evb_xl.regler import lagar
from evb_xl.regler.kvartal import Kvartal


def rad(rader, forsta):
    return next(r for r in rader if r and r[0] == forsta)


def marke(xlsx: Path) -> dict:
    """Märket ur docProps/custom.xml, läst med zipfile och json (inte med koden under test)."""
    with zipfile.ZipFile(xlsx) as z:
        xml = z.read("docProps/custom.xml").decode()
    m = re.search(r'name="evb-xl summor".*?<vt:lpwstr[^>]*>([^<]*)<', xml, re.S)
    return json.loads(m[1].replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))


def bilagor(underlag: Path, ut: Path, kvartal: str, *flaggor) -> Path:
    p = evb("bilagor", underlag, "--kvartal", kvartal, "--ut", ut, *flaggor)
    assert p.returncode == 0, p.stderr
    return ut / f"{underlag.stem}_bilagor_{kvartal}.xlsx"


def som_version_1(kalla: Path, mal: Path, utan_antalrubrik: bool = False) -> Path:
    """Bilagorna som en äldre evb-xl skrev dem: märket har bara kvartal och summor (och utan
    `utan_antalrubrik` står antalets definition kvar i kolumnrubriken, som den alltid gjort)."""
    gammalt = {k: v for k, v in marke(kalla).items() if k in ("kvartal", "summor")}
    text = json.dumps(gammalt, ensure_ascii=False).replace("&", "&amp;").replace('"', "&quot;")
    mal.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(kalla) as inn, zipfile.ZipFile(mal, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            data = inn.read(info)
            if info.filename == "docProps/custom.xml":
                data = re.sub(rb'(name="evb-xl summor".*?<vt:lpwstr[^>]*>)[^<]*', lambda m: m[1] + text.encode(), data,
                              flags=re.S)
            if utan_antalrubrik and info.filename.startswith("xl/"):
                data = re.sub(rb"Antal ej verkst\xc3\xa4llda beslut \([^)<]*\)", b"Antal", data)
            ut.writestr(info.filename, data)
    return mal


@pytest.fixture(scope="module")
def lss(tmp_path_factory) -> Path:
    return lss_2023q4(tmp_path_factory.mktemp("underlag") / "lss.xlsx")


# --- A: märket ------------------------------------------------------------------------------


def test_market_sager_antal_namnd_dnr_kvartal_och_lagrum(lss, tmp_path):
    fil = bilagor(lss, tmp_path, "2023Q4", "--antal", "kvarstående", "--namnd", "Nämnden för LSS",
                  "--dnr", "NF 2024/00004")
    m = marke(fil)
    assert m["version"] == 2 and m["kvartal"] == "2023Q4" and m["matdatum"] == "2023-12-31"
    assert m["antal"] == "kvarstående"
    assert m["namnd"] == "Nämnden för LSS" and m["diarienummer"] == "NF 2024/00004"
    assert m["lagrum"] == {"LSS": "28 f–h §§ lagen (1993:387) om stöd och service till vissa funktionshindrade "
                                  "(LSS) av gynnande beslut enligt 9 § LSS"}
    assert m["summor"] == {"LSS": {"män": 33, "kvinnor": 24}}  # SPEC §6, kvarstående
    assert marke(bilagor(lss, tmp_path, "2023Q3"))["antal"] == "rapporterade"


def test_ett_aldre_marke_lases_och_antalet_tas_ur_kolumnrubriken(lss, tmp_path):
    kvar = som_version_1(bilagor(lss, tmp_path / "ny", "2023Q4", "--antal", "kvarstående", "--namnd", "N"),
                         tmp_path / "gammal" / "lss_bilagor_2023Q4.xlsx")
    m = tidigare_bilagor.las_en(kvar)
    assert (m.kvartal, m.antal, m.namnd, m.diarienummer) == ("2023Q4", "kvarstående", None, None)
    assert m.summor == {"LSS": {"män": 33, "kvinnor": 24}}
    okant = som_version_1(kvar, tmp_path / "okant" / "lss_bilagor_2023Q4.xlsx", utan_antalrubrik=True)
    assert tidigare_bilagor.las_en(okant).antal is None
    p = evb("trend", okant, "--fran-bilagor", "--ut", tmp_path / "okant")
    assert p.returncode == 0, p.stderr
    assert ("lss_bilagor_2023Q4.xlsx: bilagorna säger inte om Bilaga 1 räknade rapporterade eller kvarstående "
            "beslut (skrivna av en äldre evb-xl); de räknas här som rapporterade") in p.stdout


# --- B: trend --fran-bilagor ------------------------------------------------------------------


def test_kvarstaende_laggs_inte_ihop_med_rapporterade(lss, tmp_path):
    ut = tmp_path / "b"
    bilagor(lss, ut, "2023Q3", "--namnd", "N")
    bilagor(lss, ut, "2023Q4", "--namnd", "N", "--antal", "kvarstående")
    p = evb("trend", ut, "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    b = blad(tmp_path / "trend_2023Q4.xlsx")
    assert list(b) == ["Trend", "Trend kvarstående"]
    assert rad(b["Trend"], "Kön per beslut")[1:2] == ["Q3-2023"] and rad(b["Trend"], "Totalt")[1:2] == [69]
    kvar = b["Trend kvarstående"]
    assert kvar[0][0].startswith("Kvarstående ej verkställda beslut per kvartal, Q4-2023")
    assert rad(kvar, "Män LSS")[1:2] == [33] and rad(kvar, "Kvinnor LSS")[1:2] == [24]
    assert ("lss_bilagor_2023Q4.xlsx: Bilaga 1 räknade kvarstående beslut (ej verkställda vid mätdatum), inte "
            "alla rapporterade; de läggs inte ihop med de andra utan står på bladet 'Trend kvarstående'") in p.stdout


def test_flera_namnder_ett_blad_per_namnd_med_namnd_och_dnr_i_huvudet(lss, tmp_path):
    ut = tmp_path / "b"
    a, b_ = shutil.copy(lss, tmp_path / "a.xlsx"), shutil.copy(lss, tmp_path / "b.xlsx")
    bilagor(Path(a), ut, "2023Q4", "--namnd", "Äldrenämnden", "--dnr", "ÄN 2024/1")
    bilagor(Path(b_), ut, "2023Q4", "--namnd", "Socialnämnden", "--dnr", "SN 2024/7")
    bilagor(Path(b_), ut, "2023Q3", "--namnd", "socialnämnden ", "--dnr", "SN 2023/99")  # samma nämnd
    p = evb("trend", ut, "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    b = blad(tmp_path / "trend_2023Q4.xlsx")
    assert list(b) == ["Trend Socialnämnden", "Trend Äldrenämnden"]
    aldre, social = b["Trend Äldrenämnden"], b["Trend Socialnämnden"]
    assert rad(aldre, "Totalt")[1:2] == [84] and rad(aldre, "Kön per beslut")[1:2] == ["Q4-2023"]
    assert rad(social, "Kön per beslut")[1:3] == ["Q3-2023", "Q4-2023"] and rad(social, "Totalt")[1:3] == [69, 84]
    assert "Äldrenämnden" in [r[0] for r in aldre] and "Diarienummer: ÄN 2024/1" in [r[0] for r in aldre]
    assert "Diarienummer: SN 2023/99, SN 2024/7" in [r[0] for r in social]
    assert ("bilagorna gäller 2 nämnder och läggs inte ihop; varje nämnd har ett eget blad: 'Trend Socialnämnden': "
            "Socialnämnden (b_bilagor_2023Q3.xlsx, b_bilagor_2023Q4.xlsx); 'Trend Äldrenämnden': Äldrenämnden "
            "(a_bilagor_2023Q4.xlsx)") in p.stdout


def test_bilagor_utan_namnd_far_namnden_ur_flaggan(lss, tmp_path):
    """Ett märke från en äldre evb-xl säger ingen nämnd: --namnd säger den (som i ks)."""
    ny = bilagor(lss, tmp_path / "ny", "2023Q4", "--namnd", "Socialnämnden")
    gammal = som_version_1(bilagor(lss, tmp_path / "g", "2023Q3"), tmp_path / "ny" / "lss_bilagor_2023Q3.xlsx")
    assert gammal.exists() and ny.exists()
    p = evb("trend", tmp_path / "ny", "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 0 and list(blad(tmp_path / "trend_2023Q4.xlsx")) == ["Trend Socialnämnden",
                                                                               "Trend utan nämnd"]
    p = evb("trend", tmp_path / "ny", "--fran-bilagor", "--ut", tmp_path, "--skriv-over", "--namnd", "Socialnämnden")
    assert p.returncode == 0, p.stderr
    b = blad(tmp_path / "trend_2023Q4.xlsx")
    assert list(b) == ["Trend"] and rad(b["Trend"], "Totalt")[1:3] == [69, 84] and "varning" not in p.stdout


def test_kvartal_som_saknas_star_som_saknas_och_i_en_varning(lss, tmp_path):
    ut = tmp_path / "b"
    for k in ("2023Q1", "2023Q2", "2023Q4"):
        bilagor(lss, ut, k, "--namnd", "N", "--dnr", f"D {k}")
    p = evb("trend", ut, "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    t = blad(tmp_path / "trend_2023Q4.xlsx")["Trend"]
    assert rad(t, "Kön per beslut")[1:] == ["Q1-2023", "Q2-2023", "Q3-2023 saknas", "Q4-2023"]
    assert rad(t, "Män LSS")[3] in ("", None) and rad(t, "Män LSS")[4] == 52
    assert rad(t, "Totalt")[3] == "saknas" and rad(t, "Totalt")[4] == 84
    assert "bilagor saknas för Q3-2023; kvartalen står som 'saknas' på bladet 'Trend'" in p.stdout
    assert "N" in [r[0] for r in t] and "Diarienummer: D 2023Q1, D 2023Q2, D 2023Q4" in [r[0] for r in t]
    with zipfile.ZipFile(tmp_path / "trend_2023Q4.xlsx") as z:
        diagram = z.read("xl/charts/chart1.xml").decode()
    assert '<dispBlanksAs val="gap"/>' in diagram.replace("c:", "")  # ett avbrott i linjen, inte 0


def _sol_2025(sokvag: Path) -> Path:
    """SoL-beslut som är rapporteringspliktiga både i 2025Q2 och 2025Q3 (och ett LSS-beslut)."""
    return skriv_bok(sokvag, [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"],
        ["Man", date(2024, 12, 1), "SoL", "Hemtjänst", "Annat skäl"],
        ["Kvinna", date(2025, 1, 15), "SoL", "Boendestöd", "Resursbrist personal"],
        ["Kvinna", date(2025, 1, 15), "LSS", "9 § 10 Daglig verksamhet", "Annat skäl"],
    ])


LAGBYTET = "16 kap. 6 f § SoL (2001:453) t.o.m. 2025Q2, 34 kap. 1 § SoL (2025:400) fr.o.m. 2025Q3"


def test_lagrumstexten_over_lagbytet_citerar_bada_lagarna():
    assert lagar.lagrumstext_under("SoL", Kvartal.tolka("2024Q3"), Kvartal.tolka("2026Q1")) == LAGBYTET
    assert lagar.lagrumstext_under("SoL", Kvartal.tolka("2025Q3"), Kvartal.tolka("2026Q1")).startswith(
        "34 kap. 1–3 §§ socialtjänstlagen (2025:400)")
    assert lagar.lagrumstext_under("LSS", Kvartal.tolka("2024Q3"), Kvartal.tolka("2026Q1")).startswith("28 f–h §§ lagen")


def test_trenden_over_lagbytet_citerar_bada_lagarna(tmp_path):
    underlag = _sol_2025(tmp_path / "sol.xlsx")
    for k in ("2025Q2", "2025Q3"):
        bilagor(underlag, tmp_path / "b", k)
    p = evb("trend", tmp_path / "b", "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    ur_bilagor = [r[0] for r in blad(tmp_path / "trend_2025Q3.xlsx")["Trend"]]
    p = evb("trend", underlag, "--kvartal", "2025Q3", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    ur_underlaget = [r[0] for r in blad(tmp_path / "sol_trend_2025Q3.xlsx")["Trend"]]
    for rader in (ur_bilagor, ur_underlaget):
        assert f"SoL: rapportering enligt {LAGBYTET}." in rader
        assert any(r.startswith("LSS: rapportering enligt 28 f–h §§ lagen (1993:387)") for r in rader)
    assert rad([[r] for r in ur_bilagor], "Period 2025-04-01 – 2025-09-30. Lagrum: LSS och SoL.")


# --- trenden med 40 kvartal går att läsa på papper -------------------------------------------------

EXEMPEL = Path(__file__).resolve().parents[1] / "workbooks" / "exempel_underlag.xlsx"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"


def ord_med_ruta(pdf: Path) -> list[tuple[int, str, float]]:
    """(sida, ord, höjd i punkter) för varje ord, med pdftotext -bbox."""
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    ut = []
    for n, sida in enumerate(html.split("<page ")[1:], start=1):
        for y0, y1, text in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)">([^<]*)</word>', sida):
            ut.append((n, text, float(y1) - float(y0)))
    return ut


@pytest.mark.kraver("soffice", "pdftotext")
def test_trenden_med_40_kvartal_gar_att_lasa_pa_a4(tmp_path):
    """Förut blev tabellen 41 kolumner bred och diagrammet 110 cm, och LibreOffice krympte sidan till
    en fjärdedel (texten under 3 punkter). Nu: ett kvartal per rad, diagrammet sidans bredd, och
    kategoriernas etiketter lutar och glesas ut (Excel) så att de inte krockar."""
    from xml.etree import ElementTree

    p = evb("trend", EXEMPEL, "--antal-kvartal", "40", "--pdf", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    xlsx = tmp_path / "exempel_underlag_trend_2024Q1.xlsx"
    t = blad(xlsx)["Trend"]
    kvartal = [r[0] for r in t if re.fullmatch(r"Q[1-4]-\d{4}", str(r[0]))]
    assert len(kvartal) == 40 and kvartal[0] == "Q2-2014" and kvartal[-1] == "Q1-2024"
    assert rad(t, "Kvartal")[1:] == ["Män LSS", "Kvinnor LSS", "Män SoL", "Kvinnor SoL", "Totalt"]
    assert rad(t, "Q1-2024")[1:] == [10, 7, 7, 7, 31]  # som fyra kvartal (test_utskrift_pdf: 31 i Q1 2024)
    with zipfile.ZipFile(xlsx) as z:
        diagram = ElementTree.fromstring(z.read("xl/charts/chart1.xml"))
        bredd = int(next(ElementTree.fromstring(z.read("xl/drawings/drawing1.xml")).iter(f"{XDR}ext")).get("cx"))
    assert bredd / 360000 <= 26.5  # cm: sidans bredd, inte 110 cm
    kategoriaxel = next(diagram.iter(f"{C}catAx"))
    assert next(kategoriaxel.iter(f"{A}bodyPr")).get("rot") == "-2700000"  # 45° lutning
    assert int(next(kategoriaxel.iter(f"{C}tickLblSkip")).get("val")) >= 2
    assert len(list(diagram.iter(f"{C}ser"))) == 4
    ord_ = ord_med_ruta(tmp_path / "exempel_underlag_trend_2024Q1.pdf")
    hojd = {text: h for _, text, h in ord_ if re.fullmatch(r"Q[1-4]-\d{4}", text)}
    assert len(hojd) == 40 and min(hojd.values()) >= 10  # pdftotext: 10 punkters text är ~12,8 högt
    rubrik = [(sida, h) for sida, text, h in ord_ if text == "Rapporterade"]  # diagrammets titel, 12 punkter
    assert rubrik and rubrik[0][1] >= 14
