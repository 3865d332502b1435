"""SPEC §6: siffrorna ur de riktiga nämndhandlingarna, exakt."""

from datetime import date

import pytest
from arbetsbocker import lss_2023q4, sol_2024q1

from evb_xl.lasning.underlag import las
from evb_xl.modell.bilagor import Kolumn, Matt
from evb_xl.modell.installningar import KVARSTAENDE, Installningar
from evb_xl.rapporter import bilagor
from evb_xl.regler.kategorier import Konsgrupp
from evb_xl.regler.kvartal import Kvartal

LSS_Q4_KVARSTAENDE = {  # insats: (män, kvinnor, avbrott)
    "Ledsagarservice": (5, 5, 9),
    "Kontaktperson": (2, 1, 2),
    "Avlösarservice": (6, 1, 4),
    "Korttidsvistelse": (4, 0, 3),
    "Korttidstillsyn": (1, 0, 0),
    "Bostad med särskild service (vuxna)": (7, 7, 2),
    "Daglig verksamhet": (8, 10, 16),
    "Summa": (33, 24, 36),
}


@pytest.fixture(scope="module")
def lss_rapport(tmp_path_factory):
    u = las(lss_2023q4(tmp_path_factory.mktemp("lss") / "lss.xlsx"), Installningar(antal=KVARSTAENDE), date(2024, 1, 15))
    return bilagor.bygg(u, Kvartal(2023, 4))


MAN, KVINNOR = Kolumn(Matt.ANTAL, Konsgrupp.MAN), Kolumn(Matt.ANTAL, Konsgrupp.KVINNA)


def orsak(namn: str) -> Kolumn:
    return Kolumn(Matt.ORSAK, namn)


def _antal(b1, insats):
    r = b1.rad(insats)
    return r[MAN], r[KVINNOR], r[Kolumn(Matt.AVBROTT)]


@pytest.mark.parametrize("insats", LSS_Q4_KVARSTAENDE)
def test_lss_q4_2023_bilaga1_kvarstaende(lss_rapport, insats):
    assert _antal(lss_rapport.bilaga1["LSS"], insats) == LSS_Q4_KVARSTAENDE[insats]


def test_lss_q4_2023_raderna_i_paragrafordning_med_noll_dar_inga_finns(lss_rapport):
    namn = [r.insats for r in lss_rapport.bilaga1["LSS"].rader]
    assert namn == ["Personlig assistans", "Ledsagarservice", "Kontaktperson", "Avlösarservice", "Korttidsvistelse",
                    "Korttidstillsyn", "Bostad med särskild service (barn)", "Bostad med särskild service (vuxna)",
                    "Daglig verksamhet", "Summa"]
    assert _antal(lss_rapport.bilaga1["LSS"], "Personlig assistans") == (0, 0, 0)


def test_lss_q4_2023_utan_orsakskolumn_raknas_alla_under_orsak_saknas(lss_rapport):
    summa = lss_rapport.bilaga1["LSS"].rad("Summa")
    assert summa[orsak("Orsak saknas")] == 57
    assert summa[orsak("Den enskilde tackat nej")] == 0


def test_lss_q4_2023_sammanfattning(lss_rapport):
    s = lss_rapport.sammanfattning
    assert (s["lästa rader"], s["rapporteringspliktiga"], s["kvarstående"], s["ej rapporteringspliktiga"]) == (88, 84, 57, 4)


def test_lss_q4_2023_kontroll_namnger_de_fyra_raderna_och_varfor(lss_rapport):
    avsnitt = dict(lss_rapport.kontroll)["Rader som inte ska rapporteras i kvartalet"]
    skal = {rad[1]: rad[2] for rad in avsnitt[1:]}
    assert set(skal) == {"2", "9", "13", "41"}
    assert skal["2"] == "verkställt 2023-09-24, före kvartalets början (2023-10-01)"
    assert skal["9"] == "verkställt 2023-09-12, före kvartalets början (2023-10-01)"
    assert skal["41"] == "avslutat 2023-09-30, före kvartalets början (2023-10-01)"
    assert skal["13"] == "verkställt 2023-10-29, inom tre månader (frist 2023-11-11); aldrig rapporteringspliktigt"


def test_lss_q4_2023_bilaga2_listar_de_84_utan_identitet_sorterade(lss_rapport):
    b2 = lss_rapport.bilaga2["LSS"]
    assert len(b2) == 84
    assert [r[0] for r in b2] == list(range(1, 85))
    assert b2[0][5].startswith("9 § 3") and b2[-1][5] == "9 § 10 Daglig verksamhet"
    ledsagare = [r for r in b2 if "Ledsagar" in r[5]]
    baser = [r[3] or r[2] for r in ledsagare]
    assert baser == sorted(baser)


def test_lss_q4_2023_rapporterade_raknar_alla_84(lss_rapport, tmp_path):
    u = las(lss_2023q4(tmp_path / "lss.xlsx"), idag=date(2024, 1, 15))
    r = bilagor.bygg(u, Kvartal(2023, 4))
    summa = r.bilaga1["LSS"].rad("Summa")
    assert (summa[MAN], summa[KVINNOR]) == (52, 32)


@pytest.fixture(scope="module")
def sol_rapport(tmp_path_factory):
    u = las(sol_2024q1(tmp_path_factory.mktemp("sol") / "sol.xlsx"), idag=date(2024, 4, 15))
    return bilagor.bygg(u, Kvartal(2024, 1))


def test_sol_q1_2024_rapporterade(sol_rapport):
    b1 = sol_rapport.bilaga1["SoL"]
    bmss, kp = b1.rad("Bostad med särskild service"), b1.rad("Kontaktperson")
    assert (bmss[MAN], bmss[KVINNOR]) == (4, 2)
    assert (kp[MAN], kp[KVINNOR]) == (1, 1)
    assert kp[orsak("Avbrott i verkställighet")] == 1
    assert [r.insats for r in b1.rader] == ["Bostad med särskild service", "Kontaktperson", "Summa"]


def test_sol_q1_2024_avbrott_raknas_i_stallet_for_orsak(sol_rapport):
    summa = sol_rapport.bilaga1["SoL"].rad("Summa")
    assert sum(v for k, v in summa.items() if k.matt == Matt.ORSAK) == 8


def test_sol_q1_2024_fem_av_atta_verkstallda(sol_rapport):
    s = sol_rapport.sammanfattning
    assert (s["rapporteringspliktiga"], s["verkställda"], s["kvarstående"]) == (8, 5, 3)
