"""En ny rapport är en modul och en post i registret: den får ett kommando, ett filnamn, en knapp
med en Python-funktion bakom, och en plats i tilläggets menyflik, utan att något annat ändras."""

import importlib.util
from pathlib import Path

import pytest
from arbetsbocker import sol_2024q1
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from evb_xl import ribbon
from evb_xl.cli import cli
from evb_xl.modell import utfiler
from evb_xl.modell.dokument import Dokument, Indata, Tabell
from evb_xl.rapporter import alla
from evb_xl.rapporter.register import RAPPORTER, Knapp, registrera

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def liten_rapport():
    @registrera("antal", titel="Antal", hjalp="Antal beslut i underlaget och hur många som ska rapporteras.",
                knapp=Knapp("evb_antal", "Antal", "Antal beslut i underlaget."))
    def antal(indata: Indata) -> Dokument:
        return Dokument([Tabell(blad="Antal", titel=f"Antal beslut, {indata.kvartal.text}", rubriker=["Lästa", "Pliktiga"],
                                rader=[[len(indata.tabell), int(indata.bedomning.rapporteringspliktig.sum())]])])

    yield antal
    del RAPPORTER["antal"]


def test_registret_har_varje_rapport_en_gang():
    namn = [r.namn for r in alla.rapporter()]
    assert namn[:6] == ["bilagor", "trend", "vantetid", "aterrapportering", "enheter", "ivo"]
    assert len(set(namn)) == len(namn) and len({r.filnamn for r in alla.rapporter()}) == len(namn)
    assert [r.namn for r in alla.rapporter() if r.sekretess] == ["ivo"]
    assert all(r.knapp is None for r in alla.rapporter() if r.sekretess)  # sekretess bara med ett kommando


def test_en_ny_rapport_far_kommando_filnamn_och_knapp(tmp_path, liten_rapport):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    # kommandot
    assert "antal" in cli.list_commands(None)
    r = CliRunner().invoke(cli, ["antal", str(underlag), "--kvartal", "2024Q1", "--ut", str(tmp_path / "ut")])
    assert r.exit_code == 0, r.output
    # filnamnet, och mappkörningar hoppar över den som verktygets egen fil
    utfil = tmp_path / "ut" / "sol_antal_2024Q1.xlsx"
    rader = CalamineWorkbook.from_path(str(utfil)).get_sheet_by_name("Antal").to_python()
    assert [8.0, 8.0] in rader
    assert utfiler.ar_egen(utfil, [r.filnamn for r in alla.rapporter()])
    # knappen: en Python-funktion bakom, och en knapp i flikens XML som tillägget byggs med
    assert "evb_antal" in ribbon.hanterare() and "evb_antal" in [k.id for k in ribbon.knappar()]
    spec = importlib.util.spec_from_file_location("build_addin", REPO / "vba" / "build_addin.py")
    build_addin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_addin)
    assert 'id="evb_antal"' in build_addin.customui_xml()


def test_samma_namn_tva_ganger_ar_ett_fel(liten_rapport):
    with pytest.raises(ValueError, match="finns redan"):
        registrera("antal", titel="x", hjalp="x")(lambda indata: None)
