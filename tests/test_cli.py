"""Kommandoraden som en användare kör den: en process, slutkod, filer, och en oberoende läsare."""

import zipfile
from datetime import date, datetime

import pytest
from arbetsbocker import lss_2023q4, skriv_bok, sol_2024q1, stokigt
from hjalp import blad, evb, summa  # noqa: F401 - evb används också av andra testfiler via test_cli


def rad_med(rader, forsta):
    return next(r for r in rader if r and r[0] == forsta)


def test_lss_q4_2023_kvarstaende_hela_vagen(tmp_path):
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    fore = summa(underlag)
    p = evb("bilagor", underlag, "--kvartal", "2023Q4", "--antal", "kvarstaende", "--ut", tmp_path / "ut",
            "--namnd", "Nämnden för personer med funktionsnedsättning", "--dnr", "NF 2024/00004")
    assert p.returncode == 0, p.stderr
    assert summa(underlag) == fore
    ut = tmp_path / "ut" / "lss_bilagor_2023Q4.xlsx"
    assert str(ut) in p.stdout and "84 rapporteringspliktiga" in p.stdout
    b = blad(ut)
    assert list(b) == ["Bilaga 1", "Bilaga 2", "Kontroll"]
    b1 = b["Bilaga 1"]
    assert b1[0][0] == "Bilaga 1: Ej verkställda beslut LSS, kvartal 4 2023"
    assert b1[1][0] == "Nämnden för personer med funktionsnedsättning"
    assert "NF 2024/00004" in b1[2][0]
    assert rad_med(b1, "Ledsagarservice")[1:3] == [5.0, 5.0]
    s = rad_med(b1, "Summa")
    assert (s[1], s[2], s[-1]) == (33.0, 24.0, 36.0)
    rubrik = rad_med(b1, "LSS-insats")
    assert "kvarstående 2023-12-31" in rubrik[1]
    b2 = b["Bilaga 2"]
    start = next(i for i, r in enumerate(b2) if r[0] == "Löpnr")
    assert b2[start] == ["Löpnr", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
                         "Beslutet verkställt", "Beslutet avslutat"]
    data = [r for r in b2[start + 1:] if r[0] != ""]
    assert len(data) == 84
    assert all(isinstance(r[2] or r[3], (date, datetime)) for r in data)
    kontroll = b["Kontroll"]
    skal = {r[1]: r[2] for r in kontroll if len(r) > 2 and r[1] in ("2", "9", "13", "41")}
    assert set(skal) == {"2", "9", "13", "41"} and "inom tre månader" in skal["13"]


def test_datum_visas_som_aaaa_mm_dd(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    assert evb("bilagor", underlag, "--kvartal", "2024 kv 1", "--ut", tmp_path).returncode == 0
    with zipfile.ZipFile(tmp_path / "sol_bilagor_2024Q1.xlsx") as z:
        stilar = z.read("xl/styles.xml").decode()
    assert 'formatCode="yyyy-mm-dd"' in stilar


def test_stokigt_underlag_med_bada_lagrummen(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    fore = summa(underlag)
    p = evb("bilagor", underlag, "--kvartal", "2023-Q4", "--ut", tmp_path / "ut")
    assert p.returncode == 0, p.stderr
    assert summa(underlag) == fore
    b = blad(tmp_path / "ut" / "enhet_bilagor_2023Q4.xlsx")
    assert list(b) == ["Bilaga 1 LSS", "Bilaga 2 LSS", "Bilaga 1 SoL", "Bilaga 2 SoL", "Kontroll"]
    alla = "\n".join(str(c) for rader in b.values() for r in rader for c in r)
    for identitet in ("19800101-1234", "Testa Testsson", "Vill byta verksamhet", "Flyttade in"):
        assert identitet not in alla
    sol = b["Bilaga 1 SoL"]
    i = next(i for i, r in enumerate(sol) if r[0] == "SoL-insats")
    underrubriker = sol[i + 1]
    assert underrubriker[1:4] == ["män", "kvinnor", "okänt kön"]
    assert rad_med(sol, "Summa")[1:4] == [2.0, 0.0, 1.0]  # avbrottet 2023-12-04 har frist 2024-03-04: inte i Q4


def test_text_som_borjar_med_likhetstecken_skrivs_som_text(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    assert evb("bilagor", underlag, "--kvartal", "2023Q4", "--ut", tmp_path).returncode == 0
    with zipfile.ZipFile(tmp_path / "enhet_bilagor_2023Q4.xlsx") as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml  # inga formler någonstans


def test_mapp_med_lasfil_och_tidigare_utfiler(tmp_path):
    lss_2023q4(tmp_path / "lss.xlsx")
    sol_2024q1(tmp_path / "sol.xlsx")
    (tmp_path / "~$lss.xlsx").write_bytes(b"\0lock")
    (tmp_path / "gammal_bilagor_2023Q4.xlsx").write_bytes(b"inte en arbetsbok")
    (tmp_path / "undermapp").mkdir()
    lss_2023q4(tmp_path / "undermapp" / "djup.xlsx")
    p = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    assert p.returncode == 0, p.stderr
    assert sorted(f.name for f in (tmp_path / "ut").iterdir()) == ["lss_bilagor_2024Q1.xlsx", "sol_bilagor_2024Q1.xlsx"]


def test_ett_trasigt_underlag_stoppar_inte_de_andra(tmp_path):
    sol_2024q1(tmp_path / "sol.xlsx")
    (tmp_path / "trasig.xlsx").write_text("Kön;Beslutsdatum\nMan;2023-01-01\n")
    stokigt(tmp_path / "fel.xlsx", extra=[["", "", "Man", "2023-13-01", None, "LSS", "9 § 3", "", None, None, "", ""]])
    p = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    assert p.returncode == 1
    assert (tmp_path / "ut" / "sol_bilagor_2024Q1.xlsx").exists()
    assert not (tmp_path / "ut" / "fel_bilagor_2024Q1.xlsx").exists()
    assert "trasig.xlsx: filen är ingen Excel-arbetsbok" in p.stderr
    assert "fel.xlsx, blad 'Underlag', cell D14: okänt datum '2023-13-01'" in p.stderr
    assert "Traceback" not in p.stderr + p.stdout


def test_befintlig_utfil_ersatts_bara_med_skriv_over(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    assert evb("bilagor", underlag, "--kvartal", "2024Q1").returncode == 0
    ut = tmp_path / "sol_bilagor_2024Q1.xlsx"
    fore = summa(ut)
    p = evb("bilagor", underlag, "--kvartal", "2024Q1", "--namnd", "Ny nämnd")
    assert p.returncode == 1 and "finns redan" in p.stderr and "--skriv-over" in p.stderr
    assert summa(ut) == fore
    assert evb("bilagor", underlag, "--kvartal", "2024Q1", "--namnd", "Ny nämnd", "--skriv-over").returncode == 0
    assert blad(ut)["Bilaga 1"][1][0] == "Ny nämnd"
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".")] == []  # inga tillfälliga filer kvar


@pytest.mark.parametrize("args, text", [
    (["--kvartal", "2024Q5"], "kvartal 5 finns inte"),
    (["--kvartal", "nästa"], "okänt kvartal"),
    (["--antal", "alla"], "okänd definition av antal"),
    (["--matdatum", "2024-02-30"], "okänt datum"),
    (["--flagga"], "okänd flagga --flagga"),
])
def test_fel_i_kommandot_ger_slutkod_2_pa_svenska(tmp_path, args, text):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    p = evb("bilagor", underlag, *args)
    assert p.returncode == 2 and text in p.stderr
    assert list(tmp_path.iterdir()) == [underlag]


def test_sokvag_som_inte_finns(tmp_path):
    p = evb("bilagor", tmp_path / "saknas.xlsx")
    assert p.returncode == 2 and "finns inte" in p.stderr


def test_kvartal_fran_installningar_och_flaggan_gar_fore(tmp_path):
    rader = [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"], ["Man", "2023-01-10", "9 § 10", "LSS"]]
    underlag = skriv_bok(tmp_path / "u.xlsx", rader, installningar=[["Kvartal", "2023 kv 3"], ["Nämnd", "Testnämnden"]])
    assert evb("bilagor", underlag).returncode == 0
    assert (tmp_path / "u_bilagor_2023Q3.xlsx").exists()
    assert evb("bilagor", underlag, "--kvartal", "2023Q4").returncode == 0
    assert blad(tmp_path / "u_bilagor_2023Q4.xlsx")["Bilaga 1"][1][0] == "Testnämnden"


def test_kontroll_skriver_inget(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    p = evb("kontroll", underlag, "--kvartal", "2023Q4")
    assert p.returncode == 0
    assert "varning: enhet.xlsx, blad 'Underlag', cell C13: okänt kön 'Hen'" in p.stdout
    assert list(tmp_path.iterdir()) == [underlag]


def test_hjalptexten_ar_pa_svenska():
    p = evb("bilagor", "--help")
    assert p.returncode == 0 and "Skapa Bilaga 1, Bilaga 2 och Kontroll" in p.stdout


def test_samma_fel_rad_efter_rad_blir_en_rad_och_utskriften_har_ett_tak(tmp_path):
    """En kolumn ifylld ända ner (t.ex. 'LSS' kopierat) ska inte ge en miljon rader på skärmen."""
    rader = [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"], ["Man", "2023-01-10", "9 § 10", "LSS"],
             *[["", "", "", "LSS"] for _ in range(500)],
             *[["Man", f"2023-13-{i:02d}", "9 § 10", "LSS"] for i in range(1, 61)]]
    p = evb("bilagor", skriv_bok(tmp_path / "u.xlsx", rader), "--kvartal", "2023Q4")
    assert p.returncode == 1
    fel = [r for r in p.stderr.splitlines() if r.startswith("  fel: ")]
    assert fel[0] == ("  fel: u.xlsx, blad 'Underlag', rad 3–502: raden saknar både beslutsdatum och datum för "
                      "avbrott (500 rader)")
    assert len(fel) == 50 and "... och 11 fel till (evb-xl kontroll visar alla)" in p.stderr


def test_ut_som_ar_en_fil_ger_svenskt_fel(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    p = evb("bilagor", underlag, "--ut", underlag)
    assert p.returncode == 2 and "är en fil, inte en mapp" in p.stderr


def test_pagaende_och_andel_fylls_nar_de_ges_pa_installningar(tmp_path):
    """SPEC §5: med antalet pågående beslut per insats och kön (vid ett angivet datum) fylls
    kolumnerna pågående och andel, och rubriken visar datumet ur data, inte ett gammalt."""
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    from openpyxl import load_workbook
    wb = load_workbook(underlag)
    inst = wb.create_sheet("Inställningar")
    for rad in [["Kvartal", "2023Q4"], ["Antal", "kvarstående"], ["Pågående per", "2023-12-31"], [],
                ["Pågående insats", "Män", "Kvinnor"], ["Ledsagarservice", 20, 25], ["Daglig verksamhet", 160, 200]]:
        inst.append(rad)
    wb.save(underlag)
    assert evb("bilagor", underlag, "--ut", tmp_path / "ut").returncode == 0
    b1 = blad(tmp_path / "ut" / "lss_bilagor_2023Q4.xlsx")["Bilaga 1"]
    rubrik = rad_med(b1, "LSS-insats")
    assert "Totalt antal pågående beslut 2023-12-31" in rubrik
    ledsagare, dv, summa = rad_med(b1, "Ledsagarservice"), rad_med(b1, "Daglig verksamhet"), rad_med(b1, "Summa")
    assert ledsagare[1:7] == [5.0, 5.0, 20.0, 25.0, 0.25, 0.2]
    assert dv[1:7] == [8.0, 10.0, 160.0, 200.0, 0.05, 0.05]
    # SPEC §8 p. 18: Summa av pågående och andel bara för raderna med pågående (Ledsagarservice och
    # Daglig verksamhet, 5 + 8 män och 5 + 10 kvinnor), inte alla 33 män och 24 kvinnor
    assert summa[1:7] == pytest.approx([33.0, 24.0, 180.0, 225.0, 13 / 180, 15 / 225])
    assert rad_med(b1, "Kontaktperson")[3:7] == ["", "", "", ""]  # inget angivet: tomt, inte 0
    assert ["Pågående och andel i summaraden avser bara de insatser där antal pågående beslut är angivna."] in [
        [c for c in r if c != ""] for r in b1]


def test_xlsm_las_och_ror_inte_makrona(tmp_path):
    import shutil as sh
    underlag = tmp_path / "lista.xlsm"
    sh.copy(sol_2024q1(tmp_path / "sol.xlsx"), underlag)
    (tmp_path / "sol.xlsx").unlink()
    fore = summa(underlag)
    p = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "ut" / "lista_bilagor_2024Q1.xlsx").exists() and summa(underlag) == fore


def test_pagaende_som_inte_ar_tal_ger_fel_i_ratt_cell(tmp_path):
    from datetime import datetime as dt
    underlag = skriv_bok(tmp_path / "u.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"],
                                             ["Man", "2023-01-10", "9 § 10", "LSS"]],
                        installningar=[["Pågående insats", "Män", "Kvinnor"], ["Daglig verksamhet", dt(2023, 1, 1), 4]])
    p = evb("bilagor", underlag, "--kvartal", "2023Q4")
    assert p.returncode == 1 and "oväntat" not in p.stderr
    assert "blad 'Inställningar', cell B2: antalet pågående beslut '2023-01-01' är inget tal" in p.stderr


def test_mall_utan_mallens_blad_ar_ett_fel_i_kommandot(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    p = evb("bilagor", underlag, "--mall", underlag)
    assert p.returncode == 2 and "mallen saknar bladen Bilaga 1, Bilaga 2, Kontroll" in p.stderr
