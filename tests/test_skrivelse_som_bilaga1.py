"""Skrivelsen och Bilaga 1 säger samma sak: antal och orsaker per insats och lagrum räknas på samma
sätt (SPEC §8 p. 1: ett SoL-avbrott räknas under Avbrott i verkställighet *i stället för* sin orsak,
ett LSS-avbrott under sin orsak och dessutom i kolumnen Avbrott), och jämförelsen med förra
kvartalet görs bara lika med lika (rapporterade med rapporterade, kvarstående med kvarstående,
samma nämnd), annars säger texten varför inte.

Bilagorna och skrivelsen skrivs av kommandoraden, Bilaga 1 läses med python-calamine och
skrivelsen med python-docx."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from arbetsbocker import lss_2023q4, skriv_bok
from docx import Document
from hjalp import blad, evb

# Avbrott i båda lagrummen, med orsak; ett LSS-beslut utan orsak; två stängda under kvartalet.
RADER = [
    ["Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Orsak", "Beslutet verkställt"],
    ["Man", date(2023, 9, 1), None, "LSS", "9 § 10 Daglig verksamhet", "Tackat nej", None],
    ["Kvinna", date(2022, 1, 1), date(2023, 11, 15), "LSS", "9 § 10 Daglig verksamhet", "Resursbrist personal", None],
    ["Man", date(2023, 6, 1), date(2023, 11, 1), "LSS", "9 § 10 Daglig verksamhet", "Tackat nej", date(2024, 3, 10)],
    ["Kvinna", date(2023, 8, 1), None, "LSS", "9 § 4 Kontaktperson", None, None],
    ["Man", date(2023, 9, 1), None, "SoL", "Hemtjänst", "Resursbrist personal", None],
    ["Kvinna", date(2023, 1, 1), date(2023, 11, 1), "SoL", "Hemtjänst", "Tackat nej", None],
    ["Man", date(2023, 2, 1), date(2023, 10, 20), "SoL", "Boendestöd", "Annat skäl", date(2024, 3, 15)],
    ["Kvinna", date(2023, 10, 15), None, "SoL", "Boendestöd", "Tackat nej", None],
    ["Man", date(2023, 3, 1), date(2023, 12, 1), "SoL", "Boendestöd", "Resursbrist ledig bostad", None],
]


def bilaga1(xlsx: Path) -> dict:
    """{(lagrum, insats eller Summa): {kolumn: värde}} ur bladen Bilaga 1 LSS och Bilaga 1 SoL."""
    ut = {}
    for namn, rader in blad(xlsx).items():
        if not namn.startswith("Bilaga 1"):
            continue
        lag = namn.split()[-1]
        i = next(i for i, r in enumerate(rader) if str(r[0]).endswith("-insats"))
        grupp, under = rader[i], rader[i + 1]
        kolumner = [u or g for g, u in zip(grupp, under)]
        for r in rader[i + 2:]:
            if r[0]:  # män och kvinnor: antalets kolumner (de första; pågående och andel har samma rubriker)
                rad = ut.setdefault((lag, r[0]), {})
                for k, v in zip(kolumner[1:], r[1:]):
                    rad.setdefault(k, v if v != "" else 0)
    return ut


def skrivelsen(docx: Path) -> dict:
    """{(lagrum, insats eller Analys): text} ur skrivelsen: stycket under varje insats, och analysens
    två första stycken."""
    ut, lag, rubrik = {}, None, None
    for p in Document(str(docx)).paragraphs:
        if p.style.name == "Heading 1":
            lag, rubrik = re.search(r"enligt (LSS|SoL)", p.text)[1], None
        elif p.style.name in ("Heading 2", "Heading 3"):
            rubrik = p.text
            ut[(lag, rubrik)] = ""
        elif rubrik is not None and (rubrik != "Analys" or ut[(lag, rubrik)].count("\n") < 2):
            ut[(lag, rubrik)] += p.text + "\n"
    return ut


def grupp(text: str, namn: str) -> int:
    """`hos den enskilde 3` i insatsstyckets orsaker (saknas gruppen är den 0)."""
    m = re.search(rf"Orsak[^:]*:.*?\b{re.escape(namn)} (\d+)", text)
    return int(m[1]) if m else 0


def arenden(text: str, monster: str) -> int:
    """Talet i analysens `I 3 ärenden ...`; `inget ärende` är 0, och en mening som saknas är 0."""
    m = re.search(rf"(\d+|inget) ärenden? {monster}", text, re.IGNORECASE)
    return 0 if m is None or m[1] == "inget" else int(m[1])


@pytest.mark.parametrize("antal", ["rapporterade", "kvarstående"])
def test_skrivelsens_antal_och_orsaker_ar_bilaga_1_s(tmp_path, antal):
    underlag = skriv_bok(tmp_path / "u.xlsx", RADER)
    for kommando in ("bilagor", "skrivelse"):
        p = evb(kommando, underlag, "--kvartal", "2024Q1", "--antal", antal, "--ut", tmp_path)
        assert p.returncode == 0, p.stderr
    b1 = bilaga1(tmp_path / "u_bilagor_2024Q1.xlsx")
    s = skrivelsen(tmp_path / "u_skrivelse_2024Q1.docx")
    kvar = antal == "kvarstående"
    jamforda = 0
    for (lag, insats), k in b1.items():
        n = k["män"] + k["kvinnor"]
        if insats == "Summa":
            text = s[(lag, "Analys")]
            assert int(re.search(r"Kvar är (\d+)" if kvar else r"Totalt rapporteras (\d+)", text)[1]) == n
            assert arenden(text, "ligger orsaken hos den enskilde") == k["Den enskilde tackat nej"]
            assert arenden(text, "är orsaken resursbrist") == k["Resursbrist ledig bostad"] + k["Resursbrist personal"]
            assert arenden(text, "annat skäl") == k["Annat skäl"]
            assert arenden(text, "saknas orsak") == k.get("Orsak saknas", 0)
            if lag == "SoL":
                assert arenden(text, "avser besluten? (?:ett )?avbrott") == k["Avbrott i verkställighet"] == (2 if kvar else 3)
            jamforda += 1
            continue
        text = s[(lag, insats)]
        if n == 0 and not kvar:
            assert text.startswith("Inga ärenden finns att rapportera"), (lag, insats)
            continue
        if n == 0:
            continue
        tal = re.search(r"Kvar är (\d+) beslut" if kvar else r"Totalt (\d+) beslut rapporteras", text)
        assert int(tal[1]) == n, (lag, insats, text)
        assert grupp(text, "hos den enskilde") == k["Den enskilde tackat nej"], (lag, insats, text)
        assert grupp(text, "resursbrist") == k["Resursbrist ledig bostad"] + k["Resursbrist personal"]
        assert grupp(text, "annat") == k["Annat skäl"]
        assert grupp(text, "saknas") == k.get("Orsak saknas", 0)
        if lag == "SoL":
            assert grupp(text, "avbrott i verkställigheten (i stället för orsak)") == k["Avbrott i verkställighet"]
        elif not kvar:
            assert int(re.search(r"och (\d+|inga) avbrott", text)[1].replace("inga", "0")) == \
                k["Avbrott i verkställighet"]
        jamforda += 1
    assert jamforda >= 5
    # SoL Hemtjänst: ett avbrott med orsaken tackat nej räknas under Avbrott, inte hos den enskilde
    assert b1[("SoL", "Hemtjänst")]["Den enskilde tackat nej"] == 0
    assert grupp(s[("SoL", "Hemtjänst")], "hos den enskilde") == 0


# --- jämförelsen med förra kvartalet ----------------------------------------------------------


def jamforelse(docx: Path) -> str:
    return next(p.text for p in Document(str(docx)).paragraphs
                if "förra kvartalets" in p.text.lower())


@pytest.fixture
def lss(tmp_path) -> Path:
    return lss_2023q4(tmp_path / "lss.xlsx")


def skrivelse_q4(lss: Path, *flaggor) -> str:
    p = evb("skrivelse", lss, "--kvartal", "2023Q4", "--skriv-over", *flaggor)
    assert p.returncode == 0, p.stderr
    return jamforelse(lss.parent / "lss_skrivelse_2023Q4.docx")


def test_forra_kvartalet_raknade_kvarstaende_jamfors_med_kvarstaende(lss):
    """Q3 2023 räknat som kvarstående: 66 beslut inte verkställda den 30 september; Q4: 57 den 31
    december (SPEC §6). Förut jämfördes 66 med Q4:s 84 rapporterade ("en ökning med 18")."""
    assert evb("bilagor", lss, "--kvartal", "2023Q3", "--antal", "kvarstående").returncode == 0
    text = skrivelse_q4(lss)
    assert text == ("Enligt förra kvartalets Bilaga 1, som räknade kvarstående beslut, var 66 beslut kvar att "
                    "verkställa den 30 september 2023; nu är 57 beslut kvar den 31 december 2023 (en minskning "
                    "med 9).")


def test_forra_kvartalet_rapporterade_jamfors_med_rapporterade(lss):
    assert evb("bilagor", lss, "--kvartal", "2023Q3", "--namnd", "LSS-nämnden").returncode == 0
    text = skrivelse_q4(lss, "--namnd", "lss-nämnden", "--antal", "kvarstående")
    assert text == ("Under kvartal 3 2023 rapporterades 69 beslut enligt förra kvartalets Bilaga 1; nu "
                    "rapporteras 84 beslut (en ökning med 15).")


def test_en_annan_namnds_bilagor_jamfors_inte(lss):
    assert evb("bilagor", lss, "--kvartal", "2023Q3", "--namnd", "Äldrenämnden").returncode == 0
    text = skrivelse_q4(lss, "--namnd", "LSS-nämnden")
    assert text == ("[…] Ingen jämförelse med kvartal 3 2023 är möjlig: förra kvartalets bilagor "
                    "(lss_bilagor_2023Q3.xlsx) gäller Äldrenämnden, inte LSS-nämnden; hämta antalet ur förra "
                    "kvartalets rapport.")


def test_bilagor_som_inte_sager_vad_de_raknade_jamfors_inte(lss, tmp_path):
    """Ett märke från en äldre evb-xl (bara kvartal och summor) och en egen mall utan antalets
    rubrik: ingen jämförelse, och texten säger varför."""
    from test_trend_bilagor import som_version_1

    assert evb("bilagor", lss, "--kvartal", "2023Q3", "--ut", tmp_path / "ny").returncode == 0
    som_version_1(tmp_path / "ny" / "lss_bilagor_2023Q3.xlsx", lss.parent / "lss_bilagor_2023Q3.xlsx",
                  utan_antalrubrik=True)
    text = skrivelse_q4(lss, "--namnd", "LSS-nämnden")
    assert text == ("[…] Ingen jämförelse med kvartal 3 2023 är möjlig: förra kvartalets bilagor "
                    "(lss_bilagor_2023Q3.xlsx) säger inte om Bilaga 1 räknade rapporterade eller kvarstående "
                    "beslut (skrivna av en äldre evb-xl); hämta antalet ur förra kvartalets rapport.")
    # med antalets rubrik kvar på bladet går jämförelsen, och texten säger att nämnden är okänd
    som_version_1(tmp_path / "ny" / "lss_bilagor_2023Q3.xlsx", lss.parent / "lss_bilagor_2023Q3.xlsx")
    text = skrivelse_q4(lss, "--namnd", "LSS-nämnden")
    assert text.startswith("Under kvartal 3 2023 rapporterades 69 beslut enligt förra kvartalets Bilaga 1; nu "
                           "rapporteras 84 beslut (en ökning med 15). Förra kvartalets bilagor säger inte vilken "
                           "nämnd de gäller")
