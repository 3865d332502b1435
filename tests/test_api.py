"""evb_xl.las(...).beslut(...): analytikernas dörr, mot siffrorna i SPEC §6."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import evb_xl
from evb_xl.api import KOLUMNER
from evb_xl.lasning.underlag import LasFel

from arbetsbocker import STOKIGT_RUBRIK, lss_2023q4, skriv_bok, sol_2024q1, stokigt

ROT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lss(tmp_path_factory):
    return evb_xl.las(lss_2023q4(tmp_path_factory.mktemp("lss") / "lss.xlsx"))


def test_lss_q4_2023_som_i_spec(lss):
    df = lss.beslut("2023Q4")
    assert list(df.columns) == list(KOLUMNER)
    assert len(df) == 88 and df.rapporteras.sum() == 84
    # Löpnr n står på rad n + 3 (titel, tomrad, rubrikrad): 2, 9 och 41 stängdes före kvartalet,
    # 13 verkställdes inom sina tre månader
    assert sorted(df.rad[~df.rapporteras] - 3) == [2, 9, 13, 41]
    kvar = df[df.rapporteras & (df.status == "ej verkställt")]
    assert len(kvar) == 57
    man = kvar.kon.isin(["Man", "Pojke"])
    per_insats = {insats: (int(man[g.index].sum()), int((~man[g.index]).sum()), int(g.avbrottsdatum.notna().sum()))
                  for insats, g in kvar.groupby("insats")}
    assert per_insats == {
        "Ledsagarservice": (5, 5, 9), "Kontaktperson": (2, 1, 2), "Avlösarservice": (6, 1, 4),
        "Korttidsvistelse": (4, 0, 3), "Korttidstillsyn": (1, 0, 0), "Bostad med särskild service (vuxna)": (7, 7, 2),
        "Daglig verksamhet": (8, 10, 16)}
    assert (int(man.sum()), int((~man).sum()), int(kvar.avbrottsdatum.notna().sum())) == (33, 24, 36)
    assert df.attrs["kvartal"] == "2023Q4" and df.attrs["matdatum"] == date(2023, 12, 31)


def test_lopnr_13_och_datumen(lss):
    df = lss.beslut("2023Q4").set_index("rad")
    r = df.loc[13 + 3]
    assert (r.beslutsdatum, r.frist) == (pd.Timestamp("2023-08-11"), pd.Timestamp("2023-11-11"))
    assert (r.dagar, r.manader, r.vantetid, r.status, bool(r.rapporteras)) == (
        79, 2, "under 7 mån", "ej rapporteringspliktig", False)  # verkställd 2023-10-29


def test_sol_q1_2024_som_i_spec(tmp_path):
    df = evb_xl.las(sol_2024q1(tmp_path / "sol.xlsx")).beslut("2024 kv 1")
    assert df.rapporteras.all() and len(df) == 8
    antal = df.groupby(["insats", "kon"]).size().to_dict()
    assert antal == {("Bostad med särskild service", "Man"): 4, ("Bostad med särskild service", "Kvinna"): 2,
                     ("Kontaktperson", "Man"): 1, ("Kontaktperson", "Kvinna"): 1}
    assert df[df.insats == "Kontaktperson"].avbrottsdatum.notna().sum() == 1
    assert (df.status == "verkställt under perioden").sum() == 5
    assert set(df.lagrum) == {"SoL"}


def test_matdatum_andrar_status_och_tid_men_inte_rapporteringen(lss):
    tidigt = lss.beslut("2023Q4", matdatum="2023-10-15")
    sent = lss.beslut("2023Q4")
    assert (tidigt.rapporteras == sent.rapporteras).all()
    assert (tidigt.status == "ej verkställt").sum() > (sent.status == "ej verkställt").sum()
    assert (tidigt.dagar <= sent.dagar).all()


def test_ingen_identitet_utan_att_be_om_den(tmp_path):
    u = evb_xl.las(stokigt(tmp_path / "stokigt.xlsx"))
    df = u.beslut("2024Q1")
    text = df.to_csv()
    assert "personnummer" not in df.columns and "19800101-1234" not in text and "Testa Testsson" not in text
    med = u.beslut("2024Q1", identitet=True)
    assert list(med.columns) == [*KOLUMNER, "personnummer"]
    assert med.personnummer.iloc[0] == "19800101-1234"
    # "231204 (avbrottsdatum)" i beslutskolumnen är avbrottsdatum, som i bilagorna
    rad = med[med.personnummer == "19900909-8882"].iloc[0]
    assert pd.isna(rad.beslutsdatum) and rad.avbrottsdatum == pd.Timestamp("2023-12-04")
    assert any("Hen" in v for v in u.varningar)
    assert repr(u) == "<evb_xl underlag stokigt.xlsx, blad 'Underlag', 8 beslut>"


def test_kvartal_ur_installningarna_och_annars_senast_avslutade(tmp_path):
    rubrik = ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats"]
    med = skriv_bok(tmp_path / "med.xlsx", [rubrik, ["Man", "2023-06-01", "LSS", "9 § 10"]],
                    installningar=[["Kvartal", "2023 kv 4"], ["Mätdatum", "2023-11-30"]])
    df = evb_xl.las(med).beslut()
    assert df.attrs["kvartal"] == "2023Q4" and df.attrs["matdatum"] == date(2023, 11, 30)
    utan = skriv_bok(tmp_path / "utan.xlsx", [rubrik, ["Man", "2023-06-01", "LSS", "9 § 10"]])
    assert evb_xl.las(utan, idag=date(2024, 5, 5)).beslut().attrs["kvartal"] == "2024Q1"


def test_fel_i_underlaget_ger_lasfel_med_alla_celler_och_ingen_identitet(tmp_path):
    rader = [STOKIGT_RUBRIK,
             ["19800101-1234", "Testa Testsson", "Man", "2023-13-01", None, "LSS", "9 § 3", "", None, None, "", ""],
             ["19800101-1234", "Testa Testsson", "Man", "2023-01-01", None, None, "Kontaktperson", "", None, None, "", ""]]
    with pytest.raises(LasFel) as e:
        evb_xl.las(skriv_bok(tmp_path / "fel.xlsx", rader))
    text = str(e.value)
    assert "2 fel" in text and "cell D2: okänt datum '2023-13-01'" in text and "lagrum" in text
    assert "19800101-1234" not in text and "Testa Testsson" not in text
    # --lagrum som på kommandoraden
    u = evb_xl.las(skriv_bok(tmp_path / "ok.xlsx", [rader[0], rader[2]]), lagrum="sol")
    assert list(u.beslut("2023Q2").lagrum) == ["SoL"]
    with pytest.raises(ValueError):
        evb_xl.las(tmp_path / "ok.xlsx", lagrum="XYZ")


def test_import_evb_xl_drar_inte_in_pandas_openpyxl_eller_xlwings():
    kod = ("import sys, evb_xl; print(evb_xl.las.__module__, "
           "sorted(m for m in ('pandas', 'openpyxl', 'xlwings') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROT), os.environ.get("PYTHONPATH", "")])}
    ut = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, env=env, check=True)
    assert ut.stdout.split() == ["evb_xl.api", "[]"]
