"""Papper som går att skriva ut som de är (issue 13): sammanställningen per nämnd och enhet, huvudet i
varje rapport, tomma rapporter som säger det, pdf bara av egna utfiler, kvartalets former och
meddelandena på svenska."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from arbetsbocker import lss_2023q4, skriv_bok
from evb_xl import korning
from evb_xl.regler.kvartal import Kvartal
from evb_xl.skrivning import bilagetext

ROT = Path(__file__).resolve().parents[1]


def evb(*args, cwd=None) -> subprocess.CompletedProcess:
    """Produkten ur det här repot (inte ett evb-xl någon annanstans på PATH)."""
    miljo = {**os.environ, "PYTHONPATH": str(ROT)}
    return subprocess.run([sys.executable, "-m", "evb_xl.cli", *map(str, args)], capture_output=True, text=True,
                          env=miljo, cwd=cwd, timeout=300)


def blad(sokvag) -> dict:
    bok = CalamineWorkbook.from_path(str(sokvag))
    return {n: bok.get_sheet_by_name(n).to_python() for n in bok.sheet_names}


def rader_med(rader, forsta):
    return [r for r in rader if r and r[0] == forsta]


SOL_RUBRIK = ["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt"]


def enhet(sokvag, namnd=None, enhet_=None, rader=2):
    inst = [r for r in (["Nämnd", namnd] if namnd else None, ["Enhet", enhet_] if enhet_ else None) if r]
    data = [["Kvinna", "2023-05-02", "Särskilt boende", "SoL", None], ["Man", "2023-06-02", "Särskilt boende", "SoL", None]]
    return skriv_bok(sokvag, [SOL_RUBRIK, *data[:rader]], installningar=inst or None)


# --- kommunstyrelsen ----------------------------------------------------------------


def test_ks_en_rad_per_namnd_summerad_over_enheterna_och_ett_blad_per_enhet(tmp_path):
    mapp = tmp_path / "in"
    mapp.mkdir()
    enhet(mapp / "norr.xlsx", "Äldrenämnden", "Hemtjänst Norr")
    enhet(mapp / "syd.xlsx", "Äldrenämnden", rader=1)
    lss_2023q4(mapp / "nf_lss.xlsx")
    p = evb("ks", mapp, "--kvartal", "2023Q4", "--namnd", "Nämnden för funktionsstöd")
    assert p.returncode == 0, p.stderr
    ut = mapp / "ks_sammanstallning_2023Q4.xlsx"  # underlagets mapp, som hjälpen säger
    assert ut.exists() and not Path("ks_sammanstallning_2023Q4.xlsx").exists()
    b = blad(ut)
    t = b["Sammanställning"]
    assert rader_med(t, "Äldrenämnden") == [["Äldrenämnden", "SoL", 1, 2, 0, 3, 0, 3, 0, 0]]
    # --namnd namnger bara underlaget som inte säger sin nämnd
    assert rader_med(t, "Nämnden för funktionsstöd")[0][1:6] == ["LSS", 52, 32, 0, 84]
    assert t[1][0] == "Sammanställning för kommunstyrelsen: en rad per nämnd och lagrum, summerad över nämndens enheter."
    e = b["Per enhet"]
    assert [r[:4] for r in rader_med(e, "Äldrenämnden")] == [["Äldrenämnden", "Hemtjänst Norr", "SoL", 1],
                                                           ["Äldrenämnden", "syd", "SoL", 0]]
    assert rader_med(e, "Summa")[0][3:7] == [53, 34, 0, 87]


# --- tomma rapporter ----------------------------------------------------------------


def test_aterrapportering_visar_lss_tabellen_aven_nar_den_ar_0(tmp_path):
    """Ett blandat underlag: LSS-tabellen står med, med 'Inga beslut att redovisa', så att 'inga'
    går att skilja från 'glömt'; SoL-tabellen har sitt beslut."""
    underlag = skriv_bok(tmp_path / "blandat.xlsx", [
        ["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt"],
        ["Kvinna", "2023-05-02", "Särskilt boende", "SoL", "2024-02-20"],
        ["Man", "2024-01-10", "Daglig verksamhet", "LSS", None]],
        installningar=[["Nämnd", "Socialnämnden"], ["Diarienummer", "SN 2024/7"]])
    p = evb("aterrapportering", underlag, "--kvartal", "2024Q1")
    assert p.returncode == 0, p.stderr
    b = blad(tmp_path / "blandat_aterrapportering_2024Q1.xlsx")
    assert list(b) == ["Återrapportering LSS", "Återrapportering SoL"]
    lss = b["Återrapportering LSS"]
    assert any(str(r[0]).startswith("Inga beslut att redovisa") for r in lss)
    assert rader_med(lss, "Summa")[0][-1] == 0
    assert rader_med(b["Återrapportering SoL"], "Summa")[0][-1] == 1
    for rader in b.values():  # huvudet som Bilaga 1
        assert ["Socialnämnden"] == rader[2][:1] and rader[3][0] == "Diarienummer: SN 2024/7"
        assert rader[4][0].startswith("Period 2024-01-01 – 2024-03-31.")


def test_tom_rapport_och_tom_bilaga2_sager_det(tmp_path):
    underlag = skriv_bok(tmp_path / "tom.xlsx", [
        ["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt"],
        ["Kvinna", "2024-01-02", "Särskilt boende", "SoL", None]])  # inte rapporteringspliktigt ännu
    for kommando, fil, namn in (("vantetid", "tom_vantetid_2024Q1.xlsx", "Längst väntan"),
                                ("bilagor", "tom_bilagor_2024Q1.xlsx", "Bilaga 2"),
                                ("bilagor", "tom_bilagor_2024Q1.xlsx", "Bilaga 1")):
        p = evb(kommando, underlag, "--kvartal", "2024Q1", "--skriv-over")
        assert p.returncode == 0, p.stderr
        assert any(r[0] == "Inga beslut att redovisa." for r in blad(tmp_path / fil)[namn]), (kommando, namn)
    # SoL visar bara insatser med beslut: raden står mellan rubrikerna och Summa, som står kvar med 0
    b1 = blad(tmp_path / "tom_bilagor_2024Q1.xlsx")["Bilaga 1"]
    rubrik = next(i for i, r in enumerate(b1) if r[0] == "SoL-insats")
    assert [r[0] for r in b1[rubrik + 2:rubrik + 4]] == ["Inga beslut att redovisa.", "Summa"]
    assert b1[rubrik + 3][1:3] == [0, 0]


def test_bilaga1_utan_pagaende_sager_uppgift_saknas(tmp_path):
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    assert evb("bilagor", underlag, "--kvartal", "2023Q4").returncode == 0
    b1 = blad(tmp_path / "lss_bilagor_2023Q4.xlsx")["Bilaga 1"]
    rubrik = next(i for i, r in enumerate(b1) if r[0] == "LSS-insats")
    grupper = b1[rubrik]
    forsta = b1[rubrik + 2]
    for grupp in ("Totalt antal pågående beslut", "Andel ej verkställda"):
        assert forsta[grupper.index(grupp)] == "uppgift saknas"


# --- svenska hela vägen -------------------------------------------------------------


@pytest.mark.parametrize("text", ["kvartal 1 2024", "Kvartal 1 2024", "1/2024", "1 / 2024", "24Q1", "24 kv 1",
                                  "2024 kvartal 1"])
def test_fler_kvartalsformer(text):
    assert Kvartal.tolka(text) == Kvartal(2024, 1)


@pytest.mark.parametrize("args, text", [
    (["bilagr", "x.xlsx"], "okänt kommando 'bilagr'. Menade du 'bilagor'?"),
    (["bilagor", "--kvartl", "2024Q1", "x.xlsx"], "okänd flagga --kvartl. Menade du '--kvartal'?"),
    (["trend", "--antal-kvartl", "8", "x.xlsx"], "Menade du '--antal-kvartal'?"),
    (["bilagor"], "argumentet SÖKVÄG... saknas"),
    (["pdf"], "argumentet ARBETSBOK... saknas"),
])
def test_kommandofel_pa_svenska_med_forslag(args, text):
    p = evb(*args)
    assert p.returncode == 2 and text in p.stderr, p.stderr
    assert "Did you" not in p.stderr and "Missing" not in p.stderr


def test_varning_for_matdatum_utanfor_kvartalet_och_kvartal_som_inte_slutat(tmp_path):
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    p = evb("kontroll", underlag, "--kvartal", "2024Q1", "--matdatum", "2023-12-31")
    assert p.returncode == 0
    assert "varning: mätdatum 2023-12-31 ligger utanför kvartal 1 2024" in p.stderr
    p = evb("kontroll", underlag, "--kvartal", "2099Q1")
    assert "varning: kvartal 1 2099 har inte slutat än" in p.stderr
    assert "varning" not in evb("kontroll", underlag, "--kvartal", "2023Q4").stderr


def test_kontroll_sager_inte_inget_skrevs(tmp_path):
    (tmp_path / "trasig.xlsx").write_bytes(b"inte en arbetsbok")
    p = evb("kontroll", tmp_path / "trasig.xlsx")
    assert p.returncode == 1 and "trasig.xlsx: 1 fel" in p.stdout and "skrevs" not in p.stdout + p.stderr


def test_tomma_bilagor_som_nya_blad_i_arbetsboken_sager_det(tmp_path):
    """Knappen med `Utdata: blad i arbetsboken` (bilagetext.som_blad) och formeln EVB_BILAGA1
    (bilagetext.som_rader): samma rad Inga beslut att redovisa som i utfilen."""
    underlag = skriv_bok(tmp_path / "tom.xlsx", [
        ["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt"],
        ["Kvinna", "2024-01-02", "Särskilt boende", "SoL", None]])
    _, rapport, resultat = korning.las_och_bygg(underlag, korning.Val(kvartal=Kvartal.tolka("2024Q1")))
    assert rapport is not None, resultat.fel
    blad_ = bilagetext.som_blad(rapport)
    assert [r[0] for r in blad_["Bilaga 1"][2:]] == ["Inga beslut att redovisa.", "Summa"]
    assert blad_["Bilaga 2"][1:] == [["Inga beslut att redovisa."]]


@pytest.mark.parametrize("mall", [None, "workbooks/mall_bilagor.xlsx"])
def test_utan_namnd_och_diarienummer_sager_bilagorna_att_uppgiften_saknas(tmp_path, mall):
    """Utan Nämnd och Diarienummer (inget blad Inställningar, inga flaggor) står det i Bilaga 1 och 2,
    som i rapporternas huvud, att uppgiften saknas: inte en tom rad och "Diarienummer: " som går till
    nämnden utan att någon ser det. Med dem står de som de är."""
    underlag = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"],
        ["Man", "2023-06-01", "LSS", "9 § 10 Daglig verksamhet", "Resursbrist personal"],
    ])
    extra = ["--mall", Path(__file__).resolve().parent.parent / mall] if mall else []
    p = evb("bilagor", underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "ut", *extra)
    assert p.returncode == 0, p.stderr
    assert "u.xlsx: 1 rapporteringspliktigt beslut 2024Q1 (LSS 1), 1 man, 0 kvinnor" in p.stdout  # singular
    for namn in ("Bilaga 1", "Bilaga 2"):  # ett lagrum: bladen heter bara så
        rader = blad(tmp_path / "ut" / "u_bilagor_2024Q1.xlsx")[namn]
        assert rader[1][0] == "Nämnd: uppgift saknas" and rader[2][0] == "Diarienummer: uppgift saknas", namn
    p = evb("bilagor", underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "ut2", "--namnd", "Omsorgsnämnden",
            "--dnr", "ON 2024/17", *extra)
    assert p.returncode == 0, p.stderr
    rader = blad(tmp_path / "ut2" / "u_bilagor_2024Q1.xlsx")["Bilaga 1"]
    assert rader[1][0] == "Omsorgsnämnden" and rader[2][0] == "Diarienummer: ON 2024/17"
