"""Lagen i kraft per kvartal (SPEC §9): bladen citerar den lag som gäller kvartalets sista dag."""

from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from arbetsbocker import skriv_bok
from evb_xl import korning
from evb_xl.regler.kategorier import lagrum_ur_insats
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.lagar import lag_i_kraft, lagrumstext

GAMLA = "16 kap. 6 f–h §§ socialtjänstlagen (2001:453) av gynnande beslut enligt 4 kap. 1 §"
NYA = "34 kap. 1–3 §§ socialtjänstlagen (2025:400) av gynnande beslut enligt 11 kap. 1 § och 12 kap. 1 §"
LSS = "28 f–h §§ lagen (1993:387) om stöd och service till vissa funktionshindrade (LSS) av gynnande beslut enligt 9 § LSS"


def blad(sokvag) -> dict:
    bok = CalamineWorkbook.from_path(str(sokvag))
    return {n: bok.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in bok.sheet_names}


def text(rader) -> str:
    return "\n".join(str(c) for r in rader for c in r if c not in ("", None))


@pytest.mark.parametrize("kvartal, sol", [("2024Q1", GAMLA), ("2025Q2", GAMLA), ("2025Q3", NYA), ("2026Q3", NYA)])
def test_bilagorna_citerar_lagen_i_kraft(tmp_path, kvartal, sol):
    k = Kvartal.tolka(kvartal)
    beslut = date(k.start.year - 1, 12, 1)
    underlag = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"],
        ["Man", beslut, "LSS", "9 § 10 Daglig verksamhet", "Annat skäl"],
        ["Kvinna", beslut, "SoL", "Kontaktperson", "Annat skäl"],
        ["Kvinna", beslut, "", "11 kap. 1 § Kontaktperson", "Annat skäl"],
    ])
    r = korning.kor(underlag, korning.Val(kvartal=k, ut=tmp_path))
    assert r.ok, r.fel
    b = blad(r.utfil)
    for namn in ("Bilaga 1 SoL", "Bilaga 2 SoL"):
        assert f"Rapportering enligt {sol}." in text(b[namn][:5]), namn
        assert "28 f" not in text(b[namn][:5])
    for namn in ("Bilaga 1 LSS", "Bilaga 2 LSS"):
        assert f"Rapportering enligt {LSS}." in text(b[namn][:5]), namn
        assert "socialtjänstlagen" not in text(b[namn][:5])
    # 11 kap. i insatsen utan Lagrum räknas som SoL: tre SoL-rader ... två SoL-beslut
    assert sum(1 for rad in b["Bilaga 2 SoL"] if rad and rad[0] in (1.0, 2.0)) == 2

    rapport = korning.kor(underlag, korning.Val(kvartal=k, ut=tmp_path), "vantetid")
    assert rapport.ok, rapport.fel
    huvud = text(next(iter(blad(rapport.utfil).values()))[:8])  # titeln, sedan huvudet som Bilaga 1:s
    assert f"SoL: rapportering enligt {sol}." in huvud and f"LSS: rapportering enligt {LSS}." in huvud


def test_egen_lagrumstext_pa_installningar_galler_fore_tabellen(tmp_path):
    underlag = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats"], ["Man", date(2025, 1, 2), "SoL", "Kontaktperson"]],
        installningar=[["Lagrumstext SoL", "egen text om SoL"]])
    r = korning.kor(underlag, korning.Val(kvartal=Kvartal.tolka("2025Q3"), ut=tmp_path))
    assert "Rapportering enligt egen text om SoL." in text(blad(r.utfil)["Bilaga 1"][:5])


@pytest.mark.parametrize("mall", [None, "workbooks/mall_bilagor.xlsx"], ids=["standardbok", "egen mall"])
def test_egen_lagrumstext_som_slutar_med_punkt_far_inte_tva(tmp_path, mall):
    """En lagrumstext som slutar med en förkortning ("99 kap.") följd av meningens punkt blir "99 kap.",
    inte "99 kap..": i bilagornas huvud (standardboken och en egen mall via fyll.py) och i rapporternas."""
    underlag = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats"], ["Man", date(2023, 1, 2), "SoL", "Kontaktperson"]],
        installningar=[["Lagrumstext SoL", "egen text enligt 99 kap. "]])
    k = Kvartal.tolka("2024Q1")
    mallfil = None if mall is None else Path(__file__).resolve().parents[1] / mall
    r = korning.kor(underlag, korning.Val(kvartal=k, ut=tmp_path / "b", mall=mallfil))
    assert r.ok, r.fel
    bilagor = blad(r.utfil)
    for namn in ("Bilaga 1", "Bilaga 2"):
        assert "Rapportering enligt egen text enligt 99 kap." in text(bilagor[namn][:5]), namn
    v = korning.kor(underlag, korning.Val(kvartal=k, ut=tmp_path / "v"), "vantetid")
    assert v.ok, v.fel
    assert "SoL: rapportering enligt egen text enligt 99 kap." in text(next(iter(blad(v.utfil).values()))[:8])
    alla = text([r for b in [*bilagor.values(), *blad(v.utfil).values()] for r in b])
    assert "kap.." not in alla and "kap. ." not in alla


def test_lagtabellen_valjer_efter_kvartalets_sista_dag():
    assert lag_i_kraft("SoL", Kvartal.tolka("2025Q2")).lagnamn == "socialtjänstlagen (2001:453)"
    assert lag_i_kraft("SoL", Kvartal.tolka("2025Q3")).lagnamn == "socialtjänstlagen (2025:400)"
    assert lag_i_kraft("SoL", date(2025, 6, 30)).paragraf("anmalan") == "16 kap. 6 g § SoL"
    assert lag_i_kraft("SoL", date(2025, 7, 1)).paragraf("anmalan") == "34 kap. 2 § SoL"
    assert lag_i_kraft("LSS", date(2030, 1, 1)).paragraf("anmalan") == "28 g § LSS"
    assert lagrumstext("LSS", Kvartal.tolka("2019Q1")) == LSS


@pytest.mark.parametrize("insats", ["11 kap 1 § hemtjänst", "12 kap. 1 § ekonomiskt bistånd", "4 kap 1 § Boendestöd"])
def test_kapitel_i_insatsen_betyder_sol(insats):
    assert lagrum_ur_insats(insats) == "SoL"
