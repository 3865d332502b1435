"""Skrivelsen (issue 11): siffrorna per insats och totalt ur seedens lista, läst tillbaka ur .docx
med python-docx och konverterad till PDF med LibreOffice; aldrig identitet.

Seed 000 (LSS Q1 2024, "Totalt 16 beslut …", 76 rapporterade) finns inte bland seeds i shared/ eller
tests/data/seeds/; testet använder i stället Q4 2023-seeden (lss_2023q4_vasteras.txt), vars text ger
siffror per insats för samma lista som tests/data/lss_2023q4_bilaga2.csv.
"""

import os
import re
import subprocess
from datetime import date

import pytest
from docx import Document

from arbetsbocker import lss_2023q4, skriv_bok, sol_2024q1
from falsk_bok import Bok
from test_ribbon import lss_rader

from evb_xl import ribbon
from evb_xl.lasning.underlag import las
from evb_xl.modell.beslut import bedom
from evb_xl.rapporter.skrivelse import INGA, skrivelse
from evb_xl.regler.kvartal import Kvartal
from evb_xl.skrivning.atomiskt import spara_atomiskt
from evb_xl.skrivning.word import word

Q4 = Kvartal.tolka("2023Q4")

# Seedens text (lss_2023q4_vasteras.txt) per insats: rapporterade, verkställda, avslutade, kvar.
# Seeden räknar alla 88 listade rader; SPEC §3 räknar 84: Löpnr 2 och 9 (Ledsagarservice, verkställda
# i september) och 41 (Korttidsvistelse, avslutad före kvartalet) stängdes före kvartalet, och Löpnr 13
# (Ledsagarservice) verkställdes inom tre månader. Det är de enda skillnaderna.
SEEDEN = {
    "Ledsagarservice": (17, 5, 2, 10),
    "Kontaktperson": (6, 2, 1, 3),
    "Avlösarservice": (12, 2, 3, 7),
    "Korttidsvistelse": (9, 1, 4, 4),
    "Korttidstillsyn": (1, 0, 0, 1),
    "Bostad med särskild service (vuxna)": (17, 3, 0, 14),
    "Daglig verksamhet": (26, 5, 3, 18),
}
EJ_RAPPORTERINGSPLIKTIGA = {"Ledsagarservice": (3, 3, 0), "Korttidsvistelse": (1, 0, 1)}  # rader, verkst., avsl.
AVBROTT = {"Bostad med särskild service (vuxna)": 2, "Daglig verksamhet": 22}  # seedens "varav … avbrott"


def _tal(text: str, monster: str) -> int:
    """Talet i mönstrets första grupp; "inga"/"inget" (texten skriver aldrig "0") är 0."""
    m = re.search(monster, text)
    assert m, (monster, text)
    return 0 if m[1].lower() in ("inga", "inget") else int(m[1])


def _siffror(text: str) -> dict:
    inga_stangda = "har inga beslut verkställts eller avslutats" in text
    return {
        "rapporterade": _tal(text, r"Totalt (\d+) beslut rapporteras"),
        "nya": _tal(text, r"varav (\d+|inga) ny"),
        "avbrott": _tal(text, r"(\d+|inga) avbrott"),
        "verkställda": 0 if inga_stangda else _tal(text, r"har (\d+|inga) beslut verkställts"),
        "avslutade": 0 if inga_stangda else _tal(text, r"och (\d+|inga) avslutats"),
        "kvar": 0 if "Inga beslut är kvar" in text else _tal(text, r"Kvar är (\d+) beslut"),
    }


def _per_insats(docx_fil) -> tuple[dict, list[str]]:
    """{insats: stycket under rubriken} och alla stycken, lästa med python-docx."""
    stycken = Document(str(docx_fil)).paragraphs
    ut = {}
    for i, p in enumerate(stycken):
        if p.style.name == "Heading 3":
            ut[p.text] = stycken[i + 1].text
    return ut, [p.text for p in stycken]


@pytest.fixture(scope="module")
def lss_skrivelse(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("skrivelse")
    u = las(lss_2023q4(mapp / "lss.xlsx"), idag=date(2024, 5, 1))
    b = bedom(u.tabell, Q4, Q4.slut)
    dok = skrivelse(u.tabell, b, u.installningar, Q4, Q4.slut)
    ut = spara_atomiskt(word(dok), mapp / "lss_skrivelse_2023Q4.docx")
    return ut


def test_siffrorna_per_insats_ar_seedens(lss_skrivelse):
    per_insats, _ = _per_insats(lss_skrivelse)
    assert list(per_insats)[:2] == ["Personlig assistans", "Ledsagarservice"]  # Bilaga 1:s ordning, 9 § 2 först
    assert per_insats["Personlig assistans"] == INGA
    assert per_insats["Bostad med särskild service (barn)"] == INGA
    for insats, (rapp, verk, avsl, kvar) in SEEDEN.items():
        s = _siffror(per_insats[insats])
        rader, v, a = EJ_RAPPORTERINGSPLIKTIGA.get(insats, (0, 0, 0))
        assert (s["rapporterade"], s["verkställda"], s["avslutade"], s["kvar"]) == \
            (rapp - rader, verk - v, avsl - a, kvar), insats
        assert s["nya"] + s["avbrott"] == s["rapporterade"]
        if insats in AVBROTT:
            assert s["avbrott"] == AVBROTT[insats]


def test_analysen_ger_summorna(lss_skrivelse):
    _, stycken = _per_insats(lss_skrivelse)
    analys = next(t for t in stycken if t.startswith("Totalt rapporteras"))
    # seeden: 88 rapporterade, 31 verkställda/avslutade, 57 ej verkställda; SPEC §3 ger 84 och 27
    assert _tal(analys, r"Totalt rapporteras (\d+) beslut") == 84
    assert _tal(analys, r"(\d+) beslut har verkställts") + _tal(analys, r"och (\d+) har avslutats") == 27
    assert _tal(analys, r"Kvar är (\d+) beslut") == 57
    assert _tal(analys, r"varav (\d+) ny") + _tal(analys, r"och (\d+) avser avbrott") == 84
    assert stycken[0] == "Rapportering av ej verkställda beslut enligt LSS per den 31 december 2023"
    assert "Bilagor: Bilaga 1, Bilaga 2" in stycken
    assert any("28 f–h §§ lagen (1993:387)" in t and "28 g § LSS" in t for t in stycken)
    assert any(t.startswith("[…]") for t in stycken)


def test_dokumentet_ar_markt_som_evb_xl(lss_skrivelse):
    egenskaper = Document(str(lss_skrivelse)).core_properties
    assert egenskaper.keywords == "evb-xl" and egenskaper.author == "evb-xl"


@pytest.mark.kraver("soffice")
def test_libreoffice_gor_pdf_av_skrivelsen(lss_skrivelse, tmp_path):
    p = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(lss_skrivelse)],
                       capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "lss_skrivelse_2023Q4.pdf"
    assert pdf.exists(), p.stderr
    assert pdf.read_bytes().startswith(b"%PDF")


def test_ingen_identitet_och_lagen_i_kraft_for_sol_2025q3(tmp_path):
    fil = skriv_bok(tmp_path / "u.xlsx", [
        ["Personnummer", "Namn", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Orsak",
         "Beslutet verkställt", "Kommentar", "Handläggare", "Delvis verkställt"],
        ["19800101-1234", "Hemlig Hemligsson", "Man", date(2025, 1, 10), None, "SoL", "11 kap. 1 § Kontaktperson",
         "Tackat nej; Resursbrist personal", None, "Tackade nej HEMLIGKOMMENTAR", "Handläggare Hemlig", "ja"],
        ["19900202-2345", "Annan Person", "Kvinna", None, date(2025, 2, 1), "SoL", "Boendestöd", "Annat skäl",
         date(2025, 8, 1), "HEMLIGKOMMENTAR 2", "Handläggare Hemlig", None],
    ])
    k = Kvartal.tolka("2025Q3")
    u = las(fil, idag=date(2025, 11, 1))
    dok = skrivelse(u.tabell, bedom(u.tabell, k, k.slut), u.installningar, k, k.slut)
    ut = spara_atomiskt(word(dok), tmp_path / "s.docx")
    text = "\n".join(p.text for p in Document(str(ut)).paragraphs)
    for hemligt in ("19800101", "800101", "Hemlig", "HEMLIGKOMMENTAR", "Annan Person", "19900202"):
        assert hemligt not in text
    assert "34 kap. 1–3 §§ socialtjänstlagen (2025:400)" in text and "11 kap. 1 § och 12 kap. 1 §" in text
    assert "34 kap. 2 § SoL" in text and "2001:453" not in text
    assert "Kvar är 1 beslut som inte är verkställt den 30 september 2025, och det är delvis verkställt." in text
    assert "1 delvis verkställda" not in text and "1 beslut som inte är verkställda" not in text


def test_kommandot_skriver_docx_och_jamfor_med_forra_kvartalets_bilaga1(tmp_path):
    import sys
    from pathlib import Path

    from evb_xl import korning

    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    forra = korning.kor(underlag, korning.Val(kvartal=Kvartal.tolka("2023Q3")))
    assert forra.ok and forra.utfil.endswith("lss_bilagor_2023Q3.xlsx")
    miljo = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    p = subprocess.run([sys.executable, "-m", "evb_xl.cli", "skrivelse", str(underlag), "--kvartal", "2023Q4",
                        "--namnd", "Nämnden för personer med funktionsnedsättning", "--dnr", "NF 2024/00004"],
                       capture_output=True, text=True, env=miljo, timeout=300)
    assert p.returncode == 0, p.stderr
    ut = tmp_path / "lss_skrivelse_2023Q4.docx"
    _, stycken = _per_insats(ut)
    assert "Nämnd: Nämnden för personer med funktionsnedsättning" in stycken
    assert "Diarienummer: NF 2024/00004" in stycken
    # förra kvartalets Bilaga 1 (byggd ur samma lista för 2023Q3) ger jämförelsen
    jamforelse = next(t for t in stycken if t.startswith("Under kvartal 3 2023 rapporterades"))
    assert "nu rapporteras 84 beslut" in jamforelse


def test_knappen_skapa_skrivelse_skriver_word_dokumentet(tmp_path):
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"], ["Nämnd", "Nämnden"]]},
            fullname=tmp_path / "enhet.xlsx")
    fore = {s.name: dict(s.celler) for s in b.sheets}
    r = ribbon.on_button("evb_skrivelse", b, ut=tmp_path)
    assert r.ok and r.utfil == str(tmp_path / "enhet_skrivelse_2023Q4.docx"), r.fel
    assert {s.name: s.celler for s in b.sheets} == fore and len(b.rutor) == 1  # boken orörd, en ruta
    _, stycken = _per_insats(tmp_path / "enhet_skrivelse_2023Q4.docx")
    assert "Nämnd: Nämnden" in stycken and any(t.startswith("Totalt rapporteras 84 beslut") for t in stycken)


def test_bada_lagrummen_var_sitt_avsnitt_pa_egen_sida(tmp_path):
    fil = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"],
        ["Man", date(2023, 9, 1), "LSS", "9 § 10 Daglig verksamhet", "Annat skäl"],
        ["Kvinna", date(2023, 9, 1), "SoL", "Hemtjänst", "Resursbrist personal"],
    ])
    k = Kvartal.tolka("2024Q1")
    u = las(fil, idag=date(2024, 5, 1))
    dok = skrivelse(u.tabell, bedom(u.tabell, k, k.slut), u.installningar, k, k.slut)
    ut = spara_atomiskt(word(dok), tmp_path / "s.docx")
    d = Document(str(ut))
    rubriker = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert rubriker == ["Rapportering av ej verkställda beslut enligt LSS per den 31 mars 2024",
                        "Rapportering av ej verkställda beslut enligt SoL per den 31 mars 2024"]
    assert d.paragraphs[0].text == "Rapportering av ej verkställda beslut enligt LSS och SoL per den 31 mars 2024"
    assert 'w:type="page"' in d.element.xml
    text = "\n".join(p.text for p in d.paragraphs)
    assert "16 kap. 6 f–h §§ socialtjänstlagen (2001:453)" in text and "28 f–h §§ lagen (1993:387)" in text


def test_sol_q1_2024_ger_seedens_siffror(tmp_path):
    """sol_2024q1_vasteras.txt (nämnden för personer med funktionsnedsättning, SoL): bostad med särskild
    service 6 rapporterade, 3 verkställda, 3 kvar; kontaktperson 2, varav 1 avbrott, båda verkställda;
    totalt 8 rapporterade, 5 verkställda, 3 kvar."""
    k = Kvartal.tolka("2024Q1")
    u = las(sol_2024q1(tmp_path / "sol.xlsx"), idag=date(2024, 5, 1))
    dok = skrivelse(u.tabell, bedom(u.tabell, k, k.slut), u.installningar, k, k.slut)
    per_insats, stycken = _per_insats(spara_atomiskt(word(dok), tmp_path / "sol_skrivelse_2024Q1.docx"))
    bostad = _siffror(per_insats["Bostad med särskild service"])
    assert (bostad["rapporterade"], bostad["verkställda"], bostad["avslutade"], bostad["kvar"]) == (6, 3, 0, 3)
    kontakt = _siffror(per_insats["Kontaktperson"])
    assert (kontakt["rapporterade"], kontakt["avbrott"], kontakt["verkställda"], kontakt["kvar"]) == (2, 1, 2, 0)
    analys = next(t for t in stycken if t.startswith("Totalt rapporteras"))
    assert _tal(analys, r"Totalt rapporteras (\d+) beslut") == 8
    assert _tal(analys, r"(\d+) beslut har verkställts") == 5 and _tal(analys, r"Kvar är (\d+) beslut") == 3
