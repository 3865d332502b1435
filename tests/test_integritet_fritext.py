"""Personnummer och namn som hamnat i en fritextcell som rapporterna skriver ut (Typ av insats, Enhet,
Löpnr) följer aldrig med: varje rapport i registret körs som användaren kör den på ett förgiftat
underlag, och varje utfil (all XML i xlsx och docx, texten i varje PDF) söks efter siffrorna.

Beslutet om namn (rapporter/fritext.py): en insats som inte känns igen skrivs som Okänd insats i
Bilaga 2, listan per enhet och IVO-listan, som raden i Bilaga 1; Kontroll pekar ut cellen (och
visar, som för andra värden som inte känns igen, en kort text som inte liknar ett personnummer)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from arbetsbocker import skriv_bok
from hjalp import blad, evb

from evb_xl.rapporter import fritext
from evb_xl.rapporter.alla import rapporter
from evb_xl.regler.kategorier import standardtabell

# påhittade nummer, ett för varje ställe de kan hamna på
I_INSATS_MED_KATEGORI = "19720315-4821"  # "9 § 10 Daglig verksamhet 19720315-4821"
I_INSATS_ENSAMT = "630412-2291"  # hela cellen, SoL
I_INSATS_MED_NAMN = "8203114455"  # "Kontaktperson 8203114455 Qvirna Xyz", SoL
I_ENHET = "5510203345"
I_ENHET_MED_TEXT = "19900101-2388"  # "Hemtjänst Norr 19900101-2388"
I_LOPNR = "480707+1156"
I_PERSONNUMMERKOLUMNEN = "19451212-1238"
I_INSTALLNINGARNAS_ENHET = "770707-7788"  # Enhet på bladet Inställningar (sammanställningens enhet)
PERSONNUMMER = [I_INSATS_MED_KATEGORI, I_INSATS_ENSAMT, I_INSATS_MED_NAMN, I_ENHET, I_ENHET_MED_TEXT, I_LOPNR,
                I_PERSONNUMMERKOLUMNEN, I_INSTALLNINGARNAS_ENHET]
NAMN_I_INSATS = "Qvirnelia Zyxberg"  # ett namn ensamt i Typ av insats: känns inte igen som insats
NAMN_MED_PNR = "Qvirna Xyz"
NAMN = "Qnamnet Ystorpsson"  # kolumnen Namn
KOMMENTAR = "Qkommentaren: erbjöds plats på Vxgården"

RUBRIK = ["Löpnr", "Personnummer", "Namn", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
          "Orsak", "Datum för erbjudanden", "Beslutet verkställt", "Beslutet avslutat", "Kommentar", "Enhet"]


def poisoned(sokvag: Path) -> Path:
    """Sju rapporteringspliktiga beslut i 2024Q1 (LSS 3, SoL 4) och ett som inte ska med."""
    def rad(lopnr, kon, beslut, lagrum, insats, enhet, orsak="Annat skäl", verkstallt=None, avbrott=None):
        return [lopnr, I_PERSONNUMMERKOLUMNEN, NAMN, kon, beslut, avbrott, lagrum, insats, orsak,
                "2023-09-01; 2023-10-01", verkstallt, None, KOMMENTAR, enhet]
    rader = [
        rad(1, "Man", date(2023, 6, 1), "LSS", f"9 § 10 Daglig verksamhet {I_INSATS_MED_KATEGORI}", "Enhet Norr"),
        rad(2, "Kvinna", date(2023, 6, 2), "LSS", "9 § 3 Ledsagarservice", I_ENHET, "Den enskilde tackat nej"),
        rad(3, "Man", date(2023, 6, 3), "LSS", "9 § 10 Daglig verksamhet", f"Hemtjänst Norr {I_ENHET_MED_TEXT}"),
        rad(4, "Kvinna", date(2023, 6, 4), "SoL", I_INSATS_ENSAMT, "Enhet Norr"),
        rad(5, "Kvinna", date(2023, 6, 5), "SoL", f"Kontaktperson {I_INSATS_MED_NAMN} {NAMN_MED_PNR}", "Enhet Syd"),
        rad(6, "Man", date(2023, 6, 6), "SoL", NAMN_I_INSATS, "Enhet Syd", verkstallt=date(2024, 2, 1)),
        rad(I_LOPNR, "Hen", date(2023, 6, 7), "SoL", "Hemtjänst", "Enhet Syd", "Vet ej"),
        rad(8, "Man", date(2023, 6, 8), "LSS", "9 § 10 Daglig verksamhet", "Enhet Norr", verkstallt=date(2023, 7, 1)),
    ]
    return skriv_bok(sokvag, [RUBRIK, *rader], ovan=[["Ej verkställda beslut"], []],
                     installningar=[["Nämnd", "Socialnämnden"], ["Kvartal", "2024Q1"],
                                    ["Enhet", f"Qarin {I_INSTALLNINGARNAS_ENHET}"]])


def former(pnr: str) -> set[str]:
    """De tio siffrorna, med och utan bindestreck eller plus: den tolvsiffriga formen innehåller dem."""
    tio = re.sub(r"\D", "", pnr)[-10:]
    return {tio, f"{tio[:6]}-{tio[6:]}", f"{tio[:6]}+{tio[6:]}", f"{tio[:6]} {tio[6:]}"}


HEMLIGT = {s for p in PERSONNUMMER for s in former(p)} | {NAMN, KOMMENTAR, NAMN_MED_PNR, "Qkommentaren", "Qnamnet"}


def texter(fil: Path) -> dict[str, str]:
    """{del: text} för en utfil: varje del i zip-filen (xlsx, docx) som rå XML, en PDF som pdftotext ser den."""
    if fil.suffix == ".pdf":
        return {"pdf": subprocess.run(["pdftotext", "-layout", str(fil), "-"], capture_output=True, text=True,
                                      check=True).stdout}
    with zipfile.ZipFile(fil) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def hittat(filer: list[Path], *utskrift: str) -> list[tuple]:
    """(vad, fil, del) för varje hemlighet som står någonstans; namnet i insatsen bara utanför Kontroll."""
    ut = []
    for fil in filer:
        kontroll = _kontrolldelar(fil)
        for del_, text in texter(fil).items():
            ut += [(s, fil.name, del_) for s in HEMLIGT if s in text]
            if NAMN_I_INSATS in text and del_ not in kontroll:
                ut.append((NAMN_I_INSATS, fil.name, del_))
    # meddelandena är Kontrolls fynd: där får en kort okänd insats stå, men aldrig ett personnummer
    return ut + [(s, "utskriften", "") for s in HEMLIGT if any(s in u for u in utskrift)]


def _kontrolldelar(fil: Path) -> set[str]:
    """Kontroll (bladet, och dess egen PDF) får visa en kort okänd insats, som andra okända värden:
    Kontrolls PDF, och i bilagornas arbetsbok bladet Kontroll och de delade texterna."""
    if "_kontroll_" in fil.name:
        return {"pdf"}
    if fil.suffix != ".xlsx" or "_bilagor_" not in fil.name:
        return set()
    with zipfile.ZipFile(fil) as z:
        bok, rels = z.read("xl/workbook.xml").decode(), z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="Kontroll"[^>]*r:id="(rId\d+)"', bok)[1]
    mal = re.search(rf'<Relationship [^>]*(?:Target="([^"]+)"[^>]*Id="{rid}"|Id="{rid}"[^>]*Target="([^"]+)")', rels)
    return {"xl/sharedStrings.xml", "xl/" + (mal[1] or mal[2]).removeprefix("/xl/")}


KOMMANDON = [[r.namn] for r in rapporter()] + [["ivo", "--pseudo-id"], ["ks"]]


def test_alla_rapporter_i_registret_provas():
    assert {k[0] for k in KOMMANDON} >= {"bilagor", "trend", "vantetid", "aterrapportering", "enheter", "ivo",
                                         "skrivelse", "ks"}


@pytest.mark.parametrize("kommando", KOMMANDON, ids=" ".join)
def test_inget_personnummer_eller_namn_ur_fritext_i_nagon_utfil(tmp_path, kommando):
    underlag = poisoned(tmp_path / "enhet.xlsx")
    p = evb(*kommando, underlag, "--ut", tmp_path / "ut", env={"EVB_PSEUDO_NYCKEL": "en-nyckel-som-bara-finns-i-testet"})
    assert p.returncode == 0, p.stderr
    filer = sorted((tmp_path / "ut").iterdir())
    assert filer and all(f.stat().st_size > 1000 for f in filer)
    assert hittat(filer, p.stdout, p.stderr, *(f.name for f in filer)) == []


def test_namnet_i_insatsen_star_bara_pa_bladet_kontroll(tmp_path):
    underlag = poisoned(tmp_path / "enhet.xlsx")
    assert evb("bilagor", underlag, "--ut", tmp_path).returncode == 0
    bok = blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")
    var = {namn for namn, rader in bok.items() for r in rader for c in r if NAMN_I_INSATS in str(c)}
    assert var == {"Kontroll"}


def _typ_av_insats(rader: list[list], rubrik: str = "Typ av insats") -> list:
    start = next(i for i, r in enumerate(rader) if rubrik in r)
    k = rader[start].index(rubrik)
    return [r[k] for r in rader[start + 1:] if r[k] != ""]


def test_bilaga_2_enheter_och_ivo_visar_kategorin_i_stallet(tmp_path):
    """Typ av insats som personalen skrev den när den känns igen; med ett personnummer i cellen
    kategorins namn; en text som inte känns igen som insats: Okänd insats (som raden i Bilaga 1)."""
    underlag = poisoned(tmp_path / "enhet.xlsx")
    for k in ("bilagor", "enheter", "ivo"):
        assert evb(k, underlag, "--ut", tmp_path).returncode == 0
    bok = blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")
    assert _typ_av_insats(bok["Bilaga 2 LSS"]) == ["9 § 3 Ledsagarservice", "Daglig verksamhet",
                                                   "9 § 10 Daglig verksamhet"]
    assert _typ_av_insats(bok["Bilaga 2 SoL"]) == ["Kontaktperson", "Hemtjänst", "Okänd insats", "Okänd insats"]
    okand = [r for r in bok["Bilaga 1 SoL"] if r[0] == "Okänd insats"]
    assert [r[1:3] for r in okand] == [[1.0, 1.0]]  # en man och en kvinna, som i Bilaga 2
    ivo = blad(tmp_path / "enhet_ivo_SEKRETESS_2024Q1.xlsx")["SEKRETESS IVO"]
    assert sorted(_typ_av_insats(ivo)) == sorted(["Daglig verksamhet", "9 § 3 Ledsagarservice",
                                                  "9 § 10 Daglig verksamhet", "Okänd insats", "Kontaktperson",
                                                  "Okänd insats", "Hemtjänst"])
    enheter = blad(tmp_path / "enhet_enheter_2024Q1.xlsx")
    assert sorted(enheter) == sorted(["Översikt", "Enhet Norr", "Enhet Syd", "Enhet som ser ut som ett per"])
    oversikt = {r[0]: r[1] for r in enheter["Översikt"] if isinstance(r[1], float)}
    assert oversikt == {"Enhet Norr": 2.0, "Enhet Syd": 3.0, "Enhet som ser ut som ett personnummer (visas inte)": 2.0,
                        "Summa": 7.0}
    assert sorted(v for b in enheter.values() for v in (_typ_av_insats(b, "Typ av bistånd") if b is not
                                                         enheter["Översikt"] else [])) == sorted(
        ["Daglig verksamhet", "Okänd insats", "Kontaktperson", "Okänd insats", "Hemtjänst", "9 § 3 Ledsagarservice",
         "9 § 10 Daglig verksamhet"])


def test_sammanstallningens_enhet_visas_inte_om_den_liknar_ett_personnummer(tmp_path):
    underlag = poisoned(tmp_path / "enhet.xlsx")
    assert evb("ks", underlag, "--ut", tmp_path).returncode == 0
    per_enhet = blad(tmp_path / "ks_sammanstallning_2024Q1.xlsx")["Per enhet"]
    assert [r[:3] for r in per_enhet if r[0] == "Socialnämnden"] == [
        ["Socialnämnden", "Enhet som ser ut som ett personnummer (visas inte)", "LSS"],
        ["Socialnämnden", "Enhet som ser ut som ett personnummer (visas inte)", "SoL"]]


def test_kontroll_namner_cellen_men_inte_numret(tmp_path):
    underlag = poisoned(tmp_path / "enhet.xlsx")
    p = evb("kontroll", underlag)
    assert p.returncode == 0, p.stderr
    text = "ser ut att innehålla ett personnummer; cellens text visas inte i bilagorna och rapporterna"
    for cell, falt in (("H4", "Typ av insats"), ("H7", "Typ av insats"), ("H8", "Typ av insats"), ("N5", "Enhet"),
                       ("N6", "Enhet"), ("A10", "Löpnr")):
        assert f"enhet.xlsx, blad 'Underlag', cell {cell}: {falt} {text}" in p.stdout, cell
    assert p.stdout.count(text) == 6
    assert not [s for s in HEMLIGT if s in p.stdout + p.stderr]
    assert evb("bilagor", underlag, "--ut", tmp_path).returncode == 0
    kontroll = blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")["Kontroll"]
    fynd = [(r[3], r[1]) for r in kontroll if len(r) > 3 and isinstance(r[2], str) and text in r[2]]
    assert fynd == [("H4", "1"), ("H7", "4"), ("H8", "5"), ("N5", "2"), ("N6", "3"),
                    ("A10", "(ser ut som ett personnummer, visas inte)")]


@pytest.mark.kraver("soffice", "pdftotext")
def test_inget_personnummer_eller_namn_ur_fritext_i_nagon_pdf(tmp_path):
    """Samma sökning i texten i varje PDF: varje rapport i registret med --pdf (också skrivelsens docx),
    Kontroll för sig och ks."""
    underlag = poisoned(tmp_path / "enhet.xlsx")
    utskrift = []
    alla_rapporter = rapporter()
    for kommando in [*([r.namn, "--pdf"] for r in alla_rapporter), ["bilagor", "--pdf-kontroll", "--skriv-over"],
                     ["ks", "--pdf"]]:
        p = evb(*kommando, underlag, "--ut", tmp_path / "ut")
        assert p.returncode == 0, (kommando, p.stderr)
        utskrift += [p.stdout, p.stderr]
    pdf = sorted((tmp_path / "ut").glob("*.pdf"))
    assert len(pdf) == len(alla_rapporter) + 2
    assert all(len(texter(f)["pdf"]) > 200 for f in pdf)
    assert hittat(pdf, *utskrift) == []
    assert NAMN_I_INSATS not in texter(tmp_path / "ut" / "enhet_bilagor_2024Q1.pdf")["pdf"]


@pytest.mark.parametrize("text", ["19850101-1234", "850101-1234", "8501011234", "850101+1234", "198501011234",
                                  "Daglig verksamhet 850101 - 1234", "Anna 850101-1234 Svensson"])
def test_varje_form_av_personnummer_doljs_hela_cellen(text):
    daglig = standardtabell().kategori("9 § 10 Daglig verksamhet", "LSS", False)
    assert fritext.insats(text, daglig) == "Daglig verksamhet"
    assert fritext.insats(text, None) == "Okänd insats"
    assert fritext.enhet(text) == "Enhet som ser ut som ett personnummer (visas inte)"
    assert fritext.lopnr(text) == "(ser ut som ett personnummer, visas inte)"


@pytest.mark.parametrize("text", ["9 § 10 Daglig verksamhet", "Enhet 12", "2024-03-31", "SN 2024/0001", "1234567"])
def test_annan_text_star_kvar(text):
    daglig = standardtabell().kategori("9 § 10 Daglig verksamhet", "LSS", False)
    assert fritext.insats(text, daglig) == text
    assert fritext.enhet(text) == text and fritext.lopnr(text) == text
