"""Skrivelsens svenska: talen böjer orden ("1 beslut som inte är verkställt", "2 ... verkställda",
"1 nytt beslut", "1 ärende") och ingen mening säger "0" ("inga avbrott", "inget ärende", eller
meningen utelämnas). Varje mall i rapporter/skrivelse.py prövas med 0, 1 och 2 i varje tal."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date

import pytest

from evb_xl.modell.installningar import KVARSTAENDE, Installningar
from evb_xl.modell.utfiler import Bilagemarke
from evb_xl.rapporter import skrivelse
from evb_xl.rapporter.siffror import Lagrumssiffror, Siffror
from evb_xl.regler.kvartal import Kvartal

Q1 = Kvartal.tolka("2024Q1")
DAG = Q1.slut
TVA = Siffror(**{f.name: 2 for f in fields(Siffror)})


def analystext(s: Siffror, lagrum: str = "SoL", inst: Installningar = Installningar(), forra=None) -> str:
    ls = Lagrumssiffror(lagrum, s, (("Hemtjänst", s),))
    return "\n".join(t if isinstance(t, str) else "\n".join(t) for _, t in skrivelse.analys(ls, Q1, DAG, inst, forra))


# (siffrorna som skiljer sig från 2 överallt, text som ska stå i insatsens stycke och analysen)
FALL = [
    ({"kvarstaende": 1, "delvis": 0}, "Kvar är 1 beslut som inte är verkställt den 31 mars 2024."),
    ({"kvarstaende": 2, "delvis": 0}, "Kvar är 2 beslut som inte är verkställda den 31 mars 2024."),
    ({"kvarstaende": 0, "delvis": 0}, "Inga beslut är kvar att verkställa den 31 mars 2024."),
    ({"delvis": 1}, "som inte är verkställda den 31 mars 2024, varav 1 delvis verkställt."),
    ({"delvis": 2}, "som inte är verkställda den 31 mars 2024, varav 2 delvis verkställda."),
    ({"kvarstaende": 1, "delvis": 1}, "Kvar är 1 beslut som inte är verkställt den 31 mars 2024, och det är delvis "
                                      "verkställt."),
    ({"nya": 1}, "varav 1 nytt beslut och"),
    ({"nya": 0}, "varav inga nya beslut och"),
    ({"nya": 2}, "varav 2 nya beslut och"),
]
INSATS = [
    ({"avbrott": 0}, "och inga avbrott i verkställigheten."),
    ({"avbrott": 1}, "och 1 avbrott i verkställigheten."),
    ({"verkstallda": 0, "avslutade": 0}, "Under perioden har inga beslut verkställts eller avslutats."),
    ({"verkstallda": 1, "avslutade": 0}, "Under perioden har 1 beslut verkställts och inga avslutats."),
    ({"verkstallda": 0, "avslutade": 1}, "Under perioden har inga beslut verkställts och 1 avslutats."),
    ({"hos_den_enskilde": 0, "annat": 1, "orsak_saknas": 0},
     "Orsak: resursbrist 2, annat 1, avbrott i verkställigheten (i stället för orsak) 2."),
]
ANALYS = [
    ({"avbrott": 0}, "och inget avser avbrott i verkställigheten."),
    ({"avbrott": 1}, "och 1 avser avbrott i verkställigheten."),
    ({"verkstallda": 0, "avslutade": 0}, "Inga beslut har verkställts eller avslutats under perioden."),
    ({"verkstallda": 0, "avslutade": 1}, "Inga beslut har verkställts under perioden och 1 har avslutats."),
    ({"verkstallda": 1, "avslutade": 0}, "1 beslut har verkställts under perioden och inga har avslutats."),
    ({"hos_den_enskilde": 1, "resursbrist": 0},
     "I 1 ärende ligger orsaken hos den enskilde (den enskilde har tackat nej), i inget ärende är orsaken "
     "resursbrist (ledig bostad eller personal) och i 2 ärenden annat skäl."),
    ({"avbrott_i_stallet": 1}, "I 1 ärende avser beslutet ett avbrott i verkställigheten, som Bilaga 1 för SoL "
                               "räknar i stället för en orsak."),
    ({"avbrott_i_stallet": 2}, "I 2 ärenden avser besluten avbrott i verkställigheten,"),
    ({"orsak_saknas": 1}, "I 1 ärende saknas orsak i underlaget."),
    ({"rapporterade": 0}, "Inga beslut rapporteras under perioden."),
]


@pytest.mark.parametrize("andrat, text", FALL + INSATS)
def test_insatsens_stycke(andrat, text):
    assert text in skrivelse.insatstext(replace(TVA, **andrat), DAG, "SoL")


@pytest.mark.parametrize("andrat, text", FALL + ANALYS)
def test_analysen(andrat, text):
    assert text in analystext(replace(TVA, **andrat))


def _forra(antal: str, n: int) -> Bilagemarke:
    return Bilagemarke(fil="u_bilagor_2023Q4.xlsx", kvartal="2023Q4", summor={"SoL": {"män": n}}, antal=antal,
                       namnd="", matdatum="2023-12-31")


@pytest.mark.parametrize("antal, forra, nu, text", [
    ("rapporterade", 0, 2, "Under kvartal 4 2023 rapporterades inga beslut enligt förra kvartalets Bilaga 1; nu "
                           "rapporteras 2 beslut (en ökning med 2)."),
    ("rapporterade", 1, 2, "Under kvartal 4 2023 rapporterades 1 beslut enligt förra kvartalets Bilaga 1; nu "
                           "rapporteras 2 beslut (en ökning med 1)."),
    ("rapporterade", 2, 2, "nu rapporteras 2 beslut (oförändrat)."),
    ("kvarstående", 0, 1, "var inga beslut kvar att verkställa den 31 december 2023; nu är 1 beslut kvar den "
                          "31 mars 2024 (en ökning med 1)."),
    ("kvarstående", 1, 0, "var 1 beslut kvar att verkställa den 31 december 2023; nu är inga beslut kvar den "
                          "31 mars 2024 (en minskning med 1)."),
])
def test_jamforelsen(antal, forra, nu, text):
    s = replace(TVA, rapporterade=nu, kvarstaende=nu)
    assert text in skrivelse.jamforelse("SoL", Q1, DAG, s, "", _forra(antal, forra))


# Fel böjning eller "0" i en mening; andelen per insats, "0 % (0 av 2)", är rätt.
FEL = [
    r"(?<![\d.,:–-])0 (?!%|av \d)",
    r"(?<!\d)1 (?:nya|ärenden)\b",
    r"(?<!\d)1 beslut som inte är verkställda",
    r"(?<!\d)(?:[2-9]|\d\d+) (?:nytt|ärende)\b",
    r"(?<!\d)(?:[2-9]|\d\d+) beslut som inte är verkställt\b",
    r"varav 1 delvis verkställda",
    r"varav (?:[2-9]|\d\d+) delvis verkställt\b",
]


def _alla_siffror():
    """Varje tal 0, 1 och 2 med de andra 2, och allt 0, allt 1, allt 2."""
    yield from (Siffror(**{f.name: n for f in fields(Siffror)}) for n in (0, 1, 2))
    for f in fields(Siffror):
        for n in (0, 1):
            yield replace(TVA, **{f.name: n})


@pytest.mark.parametrize("lagrum", ["LSS", "SoL"])
@pytest.mark.parametrize("antal", ["rapporterade", KVARSTAENDE])
def test_ingen_mening_har_fel_bojning_eller_noll(lagrum, antal):
    inst = Installningar(antal=antal)
    texter = []
    for s in _alla_siffror():
        texter.append(skrivelse.insatstext(s, DAG, lagrum, antal == KVARSTAENDE))
        for forra in (None, *(_forra(a, n) for a in ("rapporterade", KVARSTAENDE) for n in (0, 1, 2))):
            texter.append(analystext(s, lagrum, inst, forra))
    for text in texter:
        for monster in FEL:
            assert not re.search(monster, text), (monster, text)
