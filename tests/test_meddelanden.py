"""Det kommandoraden säger om en körning stämmer med det som hände: var varningarna står (bara
bilagorna har bladet Kontroll), vad som skrevs när PDF:en inte gick, och fritext i Erbjudanden
som en varning i stället för ett fel som stoppar bilagorna."""

from __future__ import annotations

import os
from pathlib import Path

from arbetsbocker import lss_2023q4, skriv_bok
from hjalp import blad, evb

RUBRIK = ["Löpnr", "Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Erbjudanden", "Beslutet verkställt"]


def underlag_med_en_varning(sokvag: Path) -> Path:
    """Tre rapporteringspliktiga beslut 2024Q1; raden med kön 'Hen' ger varningen (okänt kön)."""
    return skriv_bok(sokvag, [RUBRIK,
                              [1, "Man", "2023-05-02", "LSS", "9 § 10 Daglig verksamhet", "Tackat nej", None, None],
                              [2, "Kvinna", "2023-06-01", "LSS", "9 § 10 Daglig verksamhet", "Tackat nej", None, None],
                              [3, "Hen", "2023-07-03", "LSS", "9 § 3 Ledsagarservice", "Annat skäl", None, None]])


def test_varningarna_pekas_dit_de_star(tmp_path):
    underlag = underlag_med_en_varning(tmp_path / "enhet.xlsx")
    bilagor = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert bilagor.returncode == 0 and "(1 varning, se bladet Kontroll)" in bilagor.stdout
    assert "okänt kön 'Hen'" in str(blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")["Kontroll"])
    for kommando in ("vantetid", "trend", "aterrapportering", "enheter", "skrivelse"):
        p = evb(kommando, underlag, "--kvartal", "2024Q1")
        assert p.returncode == 0, p.stderr
        assert "(1 varning, evb-xl kontroll visar den)" in p.stdout, (kommando, p.stdout)
        assert "se Kontroll" not in p.stdout and "se bladet Kontroll" not in p.stdout, kommando
    kontroll = evb("kontroll", underlag, "--kvartal", "2024Q1")
    rader = kontroll.stdout.splitlines()
    assert "(1 varning, se nedan)" in rader[0]
    assert rader[1] == "  varning: enhet.xlsx, blad 'Underlag', cell B4: okänt kön 'Hen'; räknas som okänt kön"
    ivo = evb("ivo", underlag, "--kvartal", "2024Q1")
    assert "(1 varning, se nedan)" in ivo.stdout and "varning: enhet.xlsx, blad 'Underlag', cell B4" in ivo.stdout
    ks = evb("ks", underlag, "--kvartal", "2024Q1")
    assert "(1 varning, evb-xl kontroll visar den)" in ks.stdout and "se Kontroll" not in ks.stdout


def test_tva_varningar_i_plural(tmp_path):
    underlag = skriv_bok(tmp_path / "u.xlsx", [RUBRIK,
                                                [1, "Hen", "2023-05-02", "LSS", "9 § 10", "Tackat nej", None, None],
                                                [2, "Hen", "2023-06-01", "LSS", "9 § 10", "Tackat nej", None, None]])
    assert "(2 varningar, evb-xl kontroll visar dem)" in evb("vantetid", underlag, "--kvartal", "2024Q1").stdout


def test_pdf_som_inte_gar_sager_att_arbetsboken_skrevs(tmp_path):
    """Utan LibreOffice: arbetsboken skrivs, PDF:en inte, och det är precis vad som sägs (inte 'inget skrevs')."""
    underlag = lss_2023q4(tmp_path / "lss.xlsx")
    utan_soffice = {"PATH": str(tmp_path / "tom"), "HOME": os.environ.get("HOME")}
    p = evb("bilagor", underlag, "--kvartal", "2023Q4", "--pdf", env=utan_soffice)
    xlsx = tmp_path / "lss_bilagor_2023Q4.xlsx"
    assert p.returncode == 1 and xlsx.exists() and not (tmp_path / "lss_bilagor_2023Q4.pdf").exists()
    assert f"lss.xlsx: 1 fel; skrevs ändå: {xlsx}" in p.stdout, p.stdout
    assert ("fel: lss_bilagor_2023Q4.xlsx skrevs, men PDF:en skrevs inte: PDF kräver LibreOffice (soffice), "
            "som inte finns på datorn") in p.stderr, p.stderr
    assert "inget skrevs" not in p.stdout + p.stderr
    assert blad(xlsx)["Bilaga 1"]  # en hel arbetsbok
    p = evb("vantetid", underlag, "--kvartal", "2023Q4", "--pdf", env=utan_soffice)
    assert p.returncode == 1 and "skrevs ändå" in p.stdout and "vantetid_2023Q4.xlsx skrevs, men PDF:en" in p.stderr


def test_fritext_i_erbjudanden_ar_en_varning_och_raden_raknas(tmp_path):
    """SPEC §2: Erbjudanden är datum för erbjudanden (noll eller flera). Fritext stoppar inte bilagorna."""
    underlag = skriv_bok(tmp_path / "enhet.xlsx", [RUBRIK,
        [1, "Man", "2023-05-02", "LSS", "9 § 10 Daglig verksamhet", "Tackat nej", "erbjuden plats 3/5, tackat nej", None],
        [2, "Kvinna", "2023-06-01", "LSS", "9 § 10 Daglig verksamhet", "Tackat nej", "2023-09-01; 2023-10-15", None],
        [3, "Kvinna", "2023-07-03", "LSS", "9 § 3 Ledsagarservice", "Annat skäl", "2023-11-20, ringt, ej svar", None]])
    p = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert p.returncode == 0, p.stderr
    assert "3 rapporteringspliktiga beslut 2024Q1" in p.stdout and "(2 varningar, se bladet Kontroll)" in p.stdout
    bok = blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")
    summa = next(r for r in bok["Bilaga 1"] if r[0] == "Summa")
    assert (summa[1], summa[2]) == (1, 2)  # raden med fritext räknas (män, kvinnor)
    varningar = [(r[0], r[3], r[2]) for r in bok["Kontroll"] if len(r) > 4 and r[4] == "Varning"]
    assert varningar == [
        (2, "G2", "Erbjudanden 'erbjuden plats 3/5, tackat nej': 'erbjuden plats 3/5', 'tackat nej' är inga datum "
                  "och används inte (bara datum för erbjudanden läses; annan text hör hemma i Kommentar); "
                  "raden räknas som vanligt"),
        (4, "G4", "Erbjudanden '2023-11-20, ringt, ej svar': 'ringt', 'ej svar' är inga datum och används inte "
                  "(bara datum för erbjudanden läses; annan text hör hemma i Kommentar); raden räknas som vanligt"),
    ]
    kontroll = evb("kontroll", underlag, "--kvartal", "2024Q1")
    assert "varning: enhet.xlsx, blad 'Underlag', cell G2: Erbjudanden 'erbjuden plats 3/5, tackat nej'" in kontroll.stdout
    assert evb("enheter", underlag, "--kvartal", "2024Q1").returncode == 0
    enheter = [r for rader in blad(tmp_path / "enhet_enheter_2024Q1.xlsx").values() for r in rader]
    erbjudanden = {r[-3] for r in enheter if r and r[-3] and str(r[-3])[:2] == "20"}
    assert erbjudanden == {"2023-09-01, 2023-10-15", "2023-11-20"}  # datumen som gick att läsa används
