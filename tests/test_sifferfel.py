"""De fyra sifferfelen som issue 10 hittade, var och ett läst ur utfilen med en oberoende läsare
(python-calamine): pågående per lagrum, status vid mätdatum i Bilaga 2, lagrum ur en kategori som bara
finns under ett lagrum, och personnummer lagrade som tal."""

from datetime import date

from arbetsbocker import skriv_bok
from test_cli import blad, evb, rad_med

RUBRIK = ["Personnummer", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Orsak",
          "Beslutet verkställt", "Beslutet avslutat"]


def _kor(tmp_path, rader, installningar=None, *flaggor):
    underlag = skriv_bok(tmp_path / "u.xlsx", [RUBRIK, *rader], installningar=installningar)
    p = evb("bilagor", underlag, "--ut", tmp_path / "ut", *flaggor)
    assert p.returncode == 0, p.stderr
    return blad(next((tmp_path / "ut").glob("u_bilagor_*.xlsx")))


def test_pagaende_summa_och_andel_per_lagrum(tmp_path):
    """SPEC §8 p. 18: Kontaktperson finns under båda lagrummen; varje blad räknar bara sina egna rader
    (förr visade LSS Summa pågående alla lagrums tal)."""
    rader = [["", "Man", date(2023, 6, 1), None, "LSS", "Kontaktperson", "Annat skäl", None, None],
             ["", "Kvinna", date(2023, 6, 1), None, "SoL", "Kontaktperson", "Annat skäl", None, None],
             ["", "Man", date(2023, 6, 1), None, "LSS", "Daglig verksamhet", "Annat skäl", None, None]]
    inst = [["Kvartal", "2023Q4"], ["Pågående per", "2023-12-31"], [],
            ["Pågående insats", "Lagrum", "Män", "Kvinnor"],
            ["Kontaktperson", "LSS", 10, 20], ["Kontaktperson", "SoL", 30, 40], ["Daglig verksamhet", "", 100, 200]]
    b = _kor(tmp_path, rader, inst)
    lss, sol = b["Bilaga 1 LSS"], b["Bilaga 1 SoL"]
    assert rad_med(lss, "Kontaktperson")[1:5] == [1.0, 0.0, 10.0, 20.0]
    assert rad_med(lss, "Summa")[1:5] == [2.0, 0.0, 110.0, 220.0]
    assert rad_med(lss, "Summa")[5] == 2 / 110
    assert rad_med(sol, "Kontaktperson")[1:5] == [0.0, 1.0, 30.0, 40.0]
    assert rad_med(sol, "Summa")[1:5] == [0.0, 1.0, 30.0, 40.0]
    assert rad_med(sol, "Summa")[6] == 1 / 40


NOT = "Pågående och andel i summaraden avser bara de insatser där antal pågående beslut är angivna."


def test_pagaende_summa_bara_for_bladets_rader_med_pagaende(tmp_path):
    """SPEC §8 p. 18: Summa pågående är kolumnens summa över bladets rader (inte Hemtjänst, som har
    pågående men ingen rad i SoL:s Bilaga 1), och Summa andel är antalet i de rader som har pågående
    delat med den (inte Boendestöd, som saknar pågående); en not säger det."""
    rader = [["", "Man", date(2023, 6, 1), None, "SoL", "Kontaktperson", "Annat skäl", None, None],
             ["", "Kvinna", date(2023, 6, 2), None, "SoL", "Kontaktperson", "Annat skäl", None, None],
             ["", "Kvinna", date(2023, 6, 3), None, "SoL", "Kontaktperson", "Annat skäl", None, None],
             ["", "Kvinna", date(2023, 6, 4), None, "SoL", "Boendestöd", "Annat skäl", None, None]]
    inst = [["Kvartal", "2023Q4"], ["Pågående per", "2023-12-31"], [],
            ["Pågående insats", "Lagrum", "Män", "Kvinnor"],
            ["Kontaktperson", "SoL", 10, 40], ["Hemtjänst", "SoL", 100, 200]]
    sol = _kor(tmp_path, rader, inst)["Bilaga 1"]
    assert rad_med(sol, "Kontaktperson")[1:7] == [1.0, 2.0, 10.0, 40.0, 0.1, 0.05]
    assert rad_med(sol, "Boendestöd")[1:7] == [0.0, 1.0, "", "", "", ""]
    assert rad_med(sol, "Summa")[1:7] == [1.0, 3.0, 10.0, 40.0, 1 / 10, 2 / 40]
    assert [NOT] in [[c for c in r if c != ""] for r in sol]


def test_pagaende_for_alla_rader_ger_ingen_not_och_noll_pagaende_ingen_andel(tmp_path):
    rader = [["", "Man", date(2023, 6, 1), None, "SoL", "Kontaktperson", "Annat skäl", None, None],
             ["", "Kvinna", date(2023, 6, 2), None, "SoL", "Boendestöd", "Annat skäl", None, None]]
    inst = [["Kvartal", "2023Q4"], [], ["Pågående insats", "Lagrum", "Män", "Kvinnor"],
            ["Kontaktperson", "SoL", 4, 0], ["Boendestöd", "SoL", 0, 5]]
    sol = _kor(tmp_path, rader, inst)["Bilaga 1"]
    assert rad_med(sol, "Summa")[1:7] == [1.0, 1.0, 4.0, 5.0, 0.25, 0.2]
    assert rad_med(sol, "Kontaktperson")[3:7] == [4.0, 0.0, 0.25, ""]  # 0 pågående kvinnor: ingen andel
    assert not any(NOT in str(c) for r in sol for c in r)


def test_pagaende_bara_for_insatser_utan_rad_ger_uppgift_saknas(tmp_path):
    """Pågående finns bara för Hemtjänst, som inte har någon rad i bladet: pågående och andel saknas
    för bladet, som när inga pågående angetts alls (förr: Summa pågående 100 och 200)."""
    rader = [["", "Man", date(2023, 6, 1), None, "SoL", "Kontaktperson", "Annat skäl", None, None]]
    inst = [["Kvartal", "2023Q4"], [], ["Pågående insats", "Lagrum", "Män", "Kvinnor"], ["Hemtjänst", "SoL", 100, 200]]
    sol = _kor(tmp_path, rader, inst)["Bilaga 1"]
    rubrik = next(i for i, r in enumerate(sol) if r[0] == "SoL-insats")
    assert [sol[rubrik][3], sol[rubrik][5]] == ["Totalt antal pågående beslut", "Andel ej verkställda"]
    assert sol[rubrik + 2][0] == "Kontaktperson" and sol[rubrik + 2][3:7] == ["uppgift saknas", "", "uppgift saknas", ""]
    assert rad_med(sol, "Summa")[1:7] == [1.0, 0.0, "", "", "", ""]
    assert not any(NOT in str(c) for r in sol for c in r)


def test_pagaende_utan_lagrum_for_en_kategori_i_bada_ar_ett_fel(tmp_path):
    rader = [["", "Man", date(2023, 6, 1), None, "LSS", "Kontaktperson", "Annat skäl", None, None]]
    inst = [["Kvartal", "2023Q4"], [], ["Pågående insats", "Män", "Kvinnor"], ["Kontaktperson", 10, 20]]
    underlag = skriv_bok(tmp_path / "u.xlsx", [RUBRIK, *rader], installningar=inst)
    p = evb("bilagor", underlag, "--ut", tmp_path / "ut")
    assert p.returncode == 1
    assert "blad 'Inställningar', cell A4: ange Lagrum för pågående insats 'Kontaktperson'" in p.stderr


def test_bilaga2_visar_inte_verkstallt_efter_matdatum(tmp_path):
    """SPEC §8 p. 16: en Q1 2024-rapport visar aldrig 2024-08-06; beslutet räknas som öppet vid mätdatum."""
    rader = [["", "Man", date(2023, 6, 1), None, "LSS", "Daglig verksamhet", "Annat skäl", date(2024, 8, 6), None],
             ["", "Kvinna", date(2023, 6, 1), None, "LSS", "Daglig verksamhet", "Annat skäl", None, date(2025, 3, 5)],
             ["", "Kvinna", date(2023, 6, 1), None, "LSS", "Daglig verksamhet", "Annat skäl", date(2024, 2, 1), None]]
    b = _kor(tmp_path, rader, [["Kvartal", "2024Q1"], ["Antal", "kvarstående"]])
    bilaga2 = b["Bilaga 2"]
    rubrik = bilaga2.index(rad_med(bilaga2, "Löpnr"))
    datumceller = [r[6:8] for r in bilaga2[rubrik + 1:rubrik + 4]]
    assert datumceller == [["", ""], ["", ""], [date(2024, 2, 1), ""]]
    assert rad_med(b["Bilaga 1"], "Summa")[1:3] == [1.0, 1.0]  # två kvarstår vid 2024-03-31


def test_sol_insatser_utan_lagrumskolumn(tmp_path):
    """SPEC §8 p. 17: förr stoppade 'lagrum går inte att avgöra' körningen, och med --lagrum LSS blev de
    LSS 'Okänd insats'."""
    rubrik = ["Kön", "Beslutsdatum", "Typ av insats", "Orsak"]
    rader = [["Man", date(2023, 6, 1), t, "Annat skäl"] for t in
             ("Särskilt boende demens", "s-hus", "Hemtjänst", "Boendestöd")]
    for flaggor in ((), ("--lagrum", "LSS")):
        underlag = skriv_bok(tmp_path / "s.xlsx", [rubrik, *rader])
        p = evb("bilagor", underlag, "--kvartal", "2023Q4", "--ut", tmp_path / "ut", "--skriv-over", *flaggor)
        assert p.returncode == 0, p.stderr
        b = blad(tmp_path / "ut" / "s_bilagor_2023Q4.xlsx")
        assert set(b) == {"Bilaga 1", "Bilaga 2", "Kontroll"}
        b1 = b["Bilaga 1"]
        assert rad_med(b1, "SoL-insats")
        assert rad_med(b1, "Särskilt boende")[1] == 2.0
        assert rad_med(b1, "Hemtjänst")[1] == 1.0 and rad_med(b1, "Boendestöd")[1] == 1.0
        assert not any(r and r[0] == "Okänd insats" for r in b1)


def test_personnummer_lagrat_som_tal_ger_kon_och_alder(tmp_path):
    """Ett personnummer som tal (198001011234.0) är samma nummer som texten: kön och ålder ur det."""
    rader = [[198001011234.0, "", date(2023, 6, 1), None, "LSS", "Daglig verksamhet", "Annat skäl", None, None],
             [198001011244, "", date(2023, 6, 1), None, "LSS", "Daglig verksamhet", "Annat skäl", None, None],
             [201506011239, "", date(2023, 6, 1), None, "LSS", "Bostad med särskild service", "Annat skäl", None, None]]
    b = _kor(tmp_path, rader, [["Kvartal", "2023Q4"]])
    bilaga2 = b["Bilaga 2"]
    rubrik = bilaga2.index(rad_med(bilaga2, "Löpnr"))
    kon = sorted((r[5], r[1]) for r in bilaga2[rubrik + 1:rubrik + 4])
    assert kon == [("Bostad med särskild service", "Pojke"), ("Daglig verksamhet", "Kvinna"),
                   ("Daglig verksamhet", "Man")]
    assert rad_med(b["Bilaga 1"], "Bostad med särskild service (barn)")[1] == 1.0
