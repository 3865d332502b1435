"""De extra rapporterna (SPEC §5 'Also in the papers'): trend, återrapportering, väntetid,
per enhet, sammanställning för kommunstyrelsen och PDF, med riktiga siffror."""

import calendar
import re
from datetime import date

import pytest
from arbetsbocker import fixtur, iso, lss_2023q4, skriv_bok, sol_2024q1
from hjalp import evb
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from evb_xl.lasning.underlag import las
from evb_xl.modell import beslut
from evb_xl.rapporter import aterrapportering, trend, vantetid
from evb_xl.regler.kvartal import Kvartal


def blad(sokvag) -> dict:
    bok = CalamineWorkbook.from_path(str(sokvag))
    return {n: bok.get_sheet_by_name(n).to_python() for n in bok.sheet_names}


def rad(rader, forsta):
    return next(r for r in rader if r and r[0] == forsta)


# --- trend --------------------------------------------------------------------------


def test_trend_ur_sol_listan_ger_handlingens_q1_2024(tmp_path):
    """SoL-handlingens tabell 1 säger Q1-2024: 5 män, 3 kvinnor, 8 totalt. Tidigare kvartal i
    handlingen (Q4-2023: 4 och 4) omfattar beslut som stängdes före 2024 och därför inte står
    i Q1-listan; ur listan räknas 3 och 3, aldrig fler än handlingen."""
    u = las(sol_2024q1(tmp_path / "sol.xlsx"), idag=date(2024, 4, 15))
    t = trend.ur_underlag(u.tabell, Kvartal(2024, 1), 4)
    assert t.rubriker == ["Kön per beslut", "Q2-2023", "Q3-2023", "Q4-2023", "Q1-2024"]
    assert rad(t.rader, "Män SoL")[-1] == 5 and rad(t.rader, "Kvinnor SoL")[-1] == 3
    assert rad(t.rader, "Totalt")[-1] == 8
    assert rad(t.rader, "Män SoL")[3] == 3 <= 4 and rad(t.rader, "Kvinnor SoL")[3] == 3 <= 4


def test_trend_kommando_med_linjediagram(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    p = evb("trend", underlag, "--kvartal", "2024Q1", "--antal-kvartal", "6")
    assert p.returncode == 0, p.stderr
    ut = tmp_path / "sol_trend_2024Q1.xlsx"
    t = blad(ut)["Trend"]
    assert rad(t, "Kön per beslut")[1:] == ["Q4-2022", "Q1-2023", "Q2-2023", "Q3-2023", "Q4-2023", "Q1-2024"]
    import zipfile
    with zipfile.ZipFile(ut) as z:
        diagram = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert diagram and "lineChart>" in z.read(diagram[0]).decode()


def test_trend_ur_tidigare_bilagor(tmp_path):
    """Summa-raderna ur bilagor som verktyget skrivit för två kvartal."""
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    for k in ("2023Q3", "2023Q4"):
        assert evb("bilagor", underlag, "--kvartal", k, "--ut", tmp_path / "b").returncode == 0
    p = evb("trend", tmp_path / "b", "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    t = blad(tmp_path / "trend_2023Q4.xlsx")["Trend"]
    assert rad(t, "Kön per beslut")[1:] == ["Q3-2023", "Q4-2023"]
    assert rad(t, "Män LSS")[2] == 52 and rad(t, "Kvinnor LSS")[2] == 32  # rapporterade Q4 2023


def test_trend_laser_bilagornas_marke_inte_bladens_etiketter(tmp_path):
    """Summorna och kvartalet kommer ur bilagornas dokumentegenskap: en bilaga där raden Summa
    fått ett annat namn (som i en kommuns egen mall) läses ändå. En bilaga utan märket (från en
    äldre evb-xl) läses ur bladen, som förut, och utan både märke och Summa blir det ett fel."""
    import zipfile

    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    assert evb("bilagor", underlag, "--kvartal", "2023Q4", "--ut", tmp_path / "b").returncode == 0
    fil = tmp_path / "b" / "lss_bilagor_2023Q4.xlsx"
    ny, utan = tmp_path / "c" / "lss_bilagor_2023Q4.xlsx", tmp_path / "d" / "lss_bilagor_2023Q4.xlsx"
    ny.parent.mkdir(), utan.parent.mkdir()
    with zipfile.ZipFile(fil) as inn, zipfile.ZipFile(ny, "w") as ut1, zipfile.ZipFile(utan, "w") as ut2:
        for info in inn.infolist():
            data = inn.read(info)
            ut1.writestr(info.filename, data.replace(b">Summa<", b">Totalt i kvartalet<"), zipfile.ZIP_DEFLATED)
            if info.filename == "docProps/custom.xml":
                data = re.sub(rb'<property[^>]*name="evb-xl summor".*?</property>', b"", data, flags=re.S)
            ut2.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    assert rad(blad(ny)["Bilaga 1"], "Totalt i kvartalet")[1:3] == [52, 32]
    for mapp in ("c", "d"):
        p = evb("trend", tmp_path / mapp, "--fran-bilagor", "--ut", tmp_path / mapp)
        assert p.returncode == 0, p.stderr
        t = blad(tmp_path / mapp / "trend_2023Q4.xlsx")["Trend"]
        assert rad(t, "Män LSS")[1:] == [52] and rad(t, "Kvinnor LSS")[1:] == [32], mapp
    # utan märket och utan raden Summa: ett tydligt fel, som förut
    with zipfile.ZipFile(ny) as inn, zipfile.ZipFile(tmp_path / "e_bilagor_2023Q4.xlsx", "w") as ut:
        for info in inn.infolist():
            data = inn.read(info)
            if info.filename == "docProps/custom.xml":
                data = re.sub(rb'<property[^>]*name="evb-xl summor".*?</property>', b"", data, flags=re.S)
            ut.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    p = evb("trend", tmp_path / "e_bilagor_2023Q4.xlsx", "--fran-bilagor", "--ut", tmp_path)
    assert p.returncode == 1 and "raden Summa" in p.stderr


# --- återrapportering ---------------------------------------------------------------


def _frist(d: date) -> date:
    """Ett eget, enkelt orakel för fristen (inte koden under test)."""
    ar, manad = divmod(d.month - 1 + 3, 12)
    ar, manad = d.year + ar, manad + 1
    return date(ar, manad, min(d.day, calendar.monthrange(ar, manad)[1]))


def test_aterrapportering_lss_q4_2023_mot_ett_eget_orakel(tmp_path):
    u = las(lss_2023q4(tmp_path / "lss.xlsx"), idag=date(2024, 1, 15))
    from evb_xl.regler import frist as regler
    t = u.tabell
    mask, verkstalld = aterrapportering.urval(regler.forlopp(t.beslut, t.avbrott, t.verkstallt, t.avslutat),
                                              Kvartal(2023, 4))
    vantat = []
    for r in fixtur("lss_2023q4_bilaga2.csv"):
        bas = iso(r["Datum för avbrott"]) or iso(r["Beslutsdatum"])
        stangd = min(d for d in (iso(r["Beslutet verkställt"]), iso(r["Beslutet avslutat"]), date.max) if d and d >= bas)
        if date(2023, 10, 1) <= stangd <= date(2023, 12, 31) and _frist(bas) < date(2023, 9, 30):
            vantat.append(r["Löpnr"])
    assert [u.tabell.lopnr[i] for i in range(len(u.tabell)) if mask[i]] == vantat
    assert len(vantat) == 24  # av de 27 som stängdes i kvartalet hade 3 sin frist först i Q4


def test_handlingens_31_verkstallda_eller_avslutade(tmp_path):
    """LSS-handlingen: 'Totalt rapporterades 88 beslut ... varav 31 verkställda/avslutade under
    perioden.' Det är de 27 rapporteringspliktiga som stängdes i kvartalet plus de 4 listade raderna
    som inte skulle ha rapporterats (2, 9, 41 stängda före kvartalet, 13 verkställd inom tre månader)."""
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    from evb_xl.rapporter import bilagor
    r = bilagor.bygg(las(underlag, idag=date(2024, 1, 15)), Kvartal(2023, 4))
    s = r.sammanfattning
    assert s["verkställda"] + s["avslutade"] + s["ej rapporteringspliktiga"] == 31


def test_aterrapportering_kommando_per_insats_och_kon(tmp_path):
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    assert evb("aterrapportering", underlag, "--kvartal", "2023Q4").returncode == 0
    t = blad(tmp_path / "lss_aterrapportering_2023Q4.xlsx")["Återrapportering LSS"]
    assert rad(t, "LSS-insats")[1:] == ["Verkställda män", "Verkställda kvinnor", "Avslutade män",
                                        "Avslutade kvinnor", "Okänt kön", "Totalt"]
    assert rad(t, "Summa")[-1] == 24
    assert sum(r[-1] for r in t if r and r[0] not in ("LSS-insats", "Summa") and isinstance(r[-1], float)) == 24


# --- väntetid -----------------------------------------------------------------------


def test_vantetid_hinkar_och_langst_forst(tmp_path):
    slut = date(2024, 3, 31)
    manader = [4, 6, 7, 9, 10, 12, 13, 17, 18, 30]
    rader = [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"]]
    for m in manader:  # basdatum exakt m månader före mätdatum
        ar, mon = divmod(slut.month - 1 - m, 12)
        rader.append(["Kvinna", date(slut.year + ar, mon + 1, 31 if mon + 1 in (1, 3, 5, 7, 8, 10, 12) else 30
                                     if mon + 1 != 2 else 28), "9 § 10 Daglig verksamhet", "LSS"])
    u = las(skriv_bok(tmp_path / "v.xlsx", rader), idag=date(2024, 4, 2))
    b = beslut.bedom(u.tabell, Kvartal(2024, 1), slut)
    fordelning, langst = vantetid.tabeller(u.tabell, b, Kvartal(2024, 1), slut, {})
    assert rad(fordelning.rader, "Daglig verksamhet (LSS)")[1:] == [2, 2, 2, 2, 2, 10]
    assert [r[7] for r in langst.rader] == sorted(manader, reverse=True)
    assert langst.rader[0][8] == "18 mån eller mer"


# --- per enhet ----------------------------------------------------------------------


def test_enheter_med_erbjudanden_utan_identitet(tmp_path):
    rader = [["Personnummer", "Namn", "Kön", "Beslutsdatum", "Typ av bistånd", "Orsak", "Datum för erbjudanden",
              "Kommentar", "Enhet", "Lagrum"],
             ["19400101-1239", "Anna Påhittad", "Kvinna", "231009", "Särskilt boende demens", "Tackat nej",
              "231016, 231229, 240129", "Hemlig anteckning", "Äldreomsorg", "SoL"],
             ["19410101-1248", "Bertil Påhittad", "Man", "231016", "Särskilt boende s-hus", "Tackat nej",
              "231026; 240108", "", "Äldreomsorg", "SoL"],
             ["19900101-1234", "Cecilia Påhittad", "K", "230829", "Boende (utslussboende)", "Resursbrist ledig bostad",
              "", "", "Vuxenenheten", "SoL"]]
    underlag = skriv_bok(tmp_path / "u.xlsx", rader)
    assert evb("enheter", underlag, "--kvartal", "2024Q1").returncode == 0
    b = blad(tmp_path / "u_enheter_2024Q1.xlsx")
    assert rad(b["Översikt"], "Äldreomsorg")[1:] == [2.0, 2.0] and rad(b["Översikt"], "Summa")[1] == 3
    aldre = b["Äldreomsorg"]
    forsta = rad(aldre, 1.0)
    assert forsta[4] == "Särskilt boende demens" and forsta[5] == "Den enskilde tackat nej"
    assert forsta[6] == "2023-10-16, 2023-12-29, 2024-01-29"
    alla = repr(b)
    for hemligt in ("19400101-1239", "Anna Påhittad", "Hemlig anteckning", "Bertil"):
        assert hemligt not in alla


def test_enhet_som_personnummer_eller_med_apostrof_blir_ett_giltigt_blad_utan_personnummer(tmp_path):
    """En enhet som ser ut som ett personnummer visas aldrig (inte som blad, inte i en cell), och
    en enhet med apostrof först blir ett bladnamn som Excel och LibreOffice öppnar."""
    rader = [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Enhet"],
             ["Kvinna", "230801", "Hemtjänst", "SoL", "800101-1234"], ["Man", "230802", "Hemtjänst", "SoL", "'citat'"]]
    underlag = skriv_bok(tmp_path / "u.xlsx", rader)
    p = evb("enheter", underlag, "--kvartal", "2024Q1")
    assert p.returncode == 0, p.stderr
    b = blad(tmp_path / "u_enheter_2024Q1.xlsx")
    assert "800101" not in repr(b) and "citat" in b and not any(n.startswith("'") or n.endswith("'") for n in b)


def test_en_enhet_som_heter_totalt_ar_ingen_summarad(tmp_path):
    """Summaraden är den rapporten säger är summa, inte en rad som råkar heta Summa eller Totalt:
    en enhet med det namnet får vanlig stil och gör inte rapporten 'tom'."""
    rader = [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Enhet"],
             ["Kvinna", "230801", "Hemtjänst", "SoL", "Totalt"], ["Man", "230802", "Hemtjänst", "SoL", "Summa"]]
    underlag = skriv_bok(tmp_path / "u.xlsx", rader)
    assert evb("enheter", underlag, "--kvartal", "2024Q1").returncode == 0
    ws = load_workbook(tmp_path / "u_enheter_2024Q1.xlsx")["Översikt"]
    assert "Inga beslut att redovisa." not in [c.value for c in ws["A"]]
    rader = [(c.value, bool(c.font.b), ws.cell(c.row, 2).value) for c in ws["A"] if c.value in ("Totalt", "Summa")]
    assert sorted(rader[:-1]) == [("Summa", False, 1), ("Totalt", False, 1)] and rader[-1] == ("Summa", True, 2)


# --- kommunstyrelsen ----------------------------------------------------------------


def test_sammanstallning_for_kommunstyrelsen(tmp_path):
    mapp = tmp_path / "in"
    mapp.mkdir()
    lss_2023q4(mapp / "nf_lss.xlsx")
    skriv_bok(mapp / "aldre.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum", "Beslutet verkställt"],
                                   ["Kvinna", "2023-05-02", "Särskilt boende", "SoL", "2023-11-20"],
                                   ["Man", "2023-06-02", "Särskilt boende", "SoL", None]],
              installningar=[["Nämnd", "Äldrenämnden"]])
    p = evb("ks", mapp, "--kvartal", "2023Q4", "--ut", tmp_path)
    assert p.returncode == 0, p.stderr
    t = blad(tmp_path / "ks_sammanstallning_2023Q4.xlsx")["Sammanställning"]
    assert rad(t, "Nämnd")[2:] == ["Rapporterade män", "Rapporterade kvinnor", "Rapporterade okänt kön",
                                   "Rapporterade totalt", "varav avbrott", "Kvarstående",
                                   "Verkställda under perioden", "Avslutade under perioden"]
    assert rad(t, "Äldrenämnden")[1:] == ["SoL", 1, 1, 0, 2, 0, 1, 1, 0]
    assert rad(t, "nf_lss")[1:] == ["LSS", 52, 32, 0, 84, 53, 57, 15, 12]
    assert rad(t, "Summa")[2:] == [53, 33, 0, 86, 53, 58, 16, 12]


def test_sammanstallning_sager_vilket_underlag_som_saknas(tmp_path):
    mapp = tmp_path / "in"
    mapp.mkdir()
    sol_2024q1(mapp / "sol.xlsx")
    (mapp / "trasig.xlsx").write_bytes(b"inte en arbetsbok")
    p = evb("ks", mapp, "--kvartal", "2024Q1", "--ut", tmp_path)
    assert p.returncode == 1
    t = blad(tmp_path / "ks_sammanstallning_2024Q1.xlsx")["Sammanställning"]
    assert any("trasig.xlsx" in str(r[0]) and "saknas i summorna" in str(r[0]) for r in t)


# --- PDF ----------------------------------------------------------------------------


@pytest.mark.kraver("soffice")
def test_pdf_a4_liggande(tmp_path):
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    p = evb("bilagor", underlag, "--kvartal", "2023Q4", "--pdf")
    assert p.returncode == 0, p.stderr
    pdf = (tmp_path / "lss_bilagor_2023Q4.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    bredd, hojd = map(float, re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf).groups())
    assert (round(bredd), round(hojd)) == (842, 595)  # A4 liggande i punkter
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".")] == []


def test_trend_ur_bilagor_lagger_ihop_enheter_och_hoppar_over_sin_egen_fil(tmp_path):
    """Två enheters bilagor för samma kvartal läggs ihop (inte den sista vinner), och trendfilen
    i samma mapp räknas varken som bilagor eller som underlag."""
    lss_2023q4(tmp_path / "enhetA.xlsx")
    lss_2023q4(tmp_path / "enhetB.xlsx")
    for namn in ("enhetA", "enhetB"):
        assert evb("bilagor", tmp_path / f"{namn}.xlsx", "--kvartal", "2023Q4", "--ut", tmp_path / "b").returncode == 0
    assert evb("trend", tmp_path / "b", "--fran-bilagor").returncode == 0
    t = blad(tmp_path / "b" / "trend_2023Q4.xlsx")["Trend"]
    assert rad(t, "Totalt")[1:] == [168]  # 2 × 84
    assert evb("trend", tmp_path / "b", "--fran-bilagor", "--skriv-over").returncode == 0  # trendfilen hoppas över
    p = evb("kontroll", tmp_path / "b", "--kvartal", "2023Q4")
    assert p.returncode == 2 and "inga arbetsböcker" in p.stderr  # bara egna utfiler i mappen


def test_trend_ur_bilagor_med_fel_sorts_fil_ger_svenskt_fel(tmp_path):
    (tmp_path / "x_bilagor_2024Q1.xlsx").write_bytes(b"PK\x03\x04trasig")
    p = evb("trend", tmp_path, "--fran-bilagor")
    assert p.returncode == 1 and "x_bilagor_2024Q1.xlsx: " in p.stderr and "oväntat" not in p.stderr
    (tmp_path / "x_bilagor_2024Q1.xlsx").unlink()
    skriv_bok(tmp_path / "y_bilagor_2024Q1.xlsx", [["Hej"]])
    p = evb("trend", tmp_path, "--fran-bilagor")
    assert p.returncode == 1 and "y_bilagor_2024Q1.xlsx: inget blad Bilaga 1" in p.stderr


def test_siffrorna_per_lagrum_summerar_till_helheten(tmp_path):
    from arbetsbocker import stokigt

    from evb_xl.rapporter import bilagor
    r = bilagor.bygg(las(stokigt(tmp_path / "enhet.xlsx"), idag=date(2024, 1, 20)), Kvartal(2023, 4))
    lss, sol = r.per_lagrum["LSS"], r.per_lagrum["SoL"]
    assert (lss["lästa rader"], sol["lästa rader"]) == (4, 4)
    for nyckel in ("lästa rader", "rapporteringspliktiga", "män", "kvinnor", "okänt kön", "kvarstående",
                   "ej rapporteringspliktiga", "avbrott"):
        assert lss[nyckel] + sol[nyckel] == r.sammanfattning[nyckel], nyckel
    assert sol["ej rapporteringspliktiga"] == 1  # avbrottet 2023-12-04 har frist i 2024
