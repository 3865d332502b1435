"""Delvis verkställt, flera orsaker och nya beslut/avbrott i Kontroll (SPEC §10)."""

from datetime import date

from python_calamine import CalamineWorkbook

from arbetsbocker import skriv_bok
from evb_xl import korning
from evb_xl.lasning.underlag import las
from evb_xl.modell.bilagor import Matt
from evb_xl.modell.installningar import ORSAKER_ALLA, Installningar
from evb_xl.modell.beslut import bedom
from evb_xl.rapporter import bilagor
from evb_xl.rapporter.siffror import per_lagrum
from evb_xl.regler.kvartal import Kvartal

Q1 = Kvartal.tolka("2024Q1")
RUBRIK = ["Löpnr", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Orsak",
          "Beslutet verkställt", "Delvis verkställt"]


def underlag(tmp_path, installningar=None):
    return skriv_bok(tmp_path / "u.xlsx", [
        RUBRIK,
        [1, "Man", date(2023, 9, 1), None, "LSS", "9 § 3 Ledsagarservice", "Den enskilde tackat nej",
         "delvis 2024-02-01", None],
        [2, "Kvinna", date(2023, 9, 1), None, "LSS", "9 § 3 Ledsagarservice",
         "Tackat nej; Resursbrist personal", None, "ja"],
        [3, "Kvinna", None, date(2023, 8, 1), "LSS", "9 § 10 Daglig verksamhet", "Annat skäl",
         date(2024, 2, 10), None],
        [4, "Man", date(2023, 8, 1), None, "LSS", "9 § 10 Daglig verksamhet", "Resursbrist personal", None, "x"],
        [5, "Man", date(2023, 8, 1), None, "LSS", "9 § 10 Daglig verksamhet", "Resursbrist personal", None, "nej"],
    ], installningar=installningar)


def blad(sokvag):
    bok = CalamineWorkbook.from_path(str(sokvag))
    return {n: bok.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in bok.sheet_names}


def avsnitt(rader, titel):
    start = next(i for i, r in enumerate(rader) if r and str(r[0]).startswith(titel))
    ut = []
    for r in rader[start + 1:]:
        if not r or r[0] in ("", None):
            break
        ut.append(r)
    return ut


def test_delvis_haller_beslutet_oppet_och_kontroll_raknar_det(tmp_path):
    u = las(underlag(tmp_path), idag=date(2024, 5, 1))
    assert not u.fel, [u.meddelande(f) for f in u.fel]
    assert list(u.tabell.delvis) == [True, True, False, True, False]
    assert str(u.tabell.verkstallt[0]) == "NaT"  # "delvis 2024-02-01" stänger inte
    assert not any("datum" in f.text for f in u.fynd)
    r = korning.kor(underlag(tmp_path), korning.Val(kvartal=Q1, ut=tmp_path / "ut"))
    assert r.ok, r.fel
    k = blad(r.utfil)["Kontroll"]
    summering = {str(rad[0]).strip(): rad[1] for rad in avsnitt(k, "Sammanfattning")[1:]}
    assert summering["Kvarstående (ej verkställda) 2024-03-31"] == 4
    assert summering["varav delvis verkställda"] == 3
    assert summering["varav nya beslut"] == 4 and summering["varav avbrott i verkställighet"] == 1
    delvis = avsnitt(k, "Delvis verkställda")
    assert [rad[:2] for rad in delvis[1:]] == [[2.0, "1"], [3.0, "2"], [5.0, "4"]]
    nya = next(rad for rad in avsnitt(k, "Per insats: nya") if rad[0] == "Daglig verksamhet (LSS)")
    assert nya[1:5] == [3.0, 2.0, 1.0, 1.0]  # rapporterade, nya, avbrott, delvis
    stangda = next(rad for rad in avsnitt(k, "Per insats: kvarstående") if rad[0] == "Daglig verksamhet (LSS)")
    assert stangda[1:4] == [2.0, 1.0, 0.0]  # kvarstående, verkställda, avslutade
    assert next(rad for rad in avsnitt(k, "Per insats: nya") if rad[0] == "Summa LSS")[1:5] == [5.0, 4.0, 1.0, 3.0]
    text = "\n".join(str(c) for rad in k for c in rad)
    assert "Man" not in text.split("Varningar")[0]  # ingen identitet, bara rader och Löpnr


def _orsakskolumner(rapport, insats):
    rad = rapport.bilaga1["LSS"].rad(insats)
    return {k.del_: v for k, v in rad.items() if k.matt == Matt.ORSAK}


def test_alla_raknar_bada_orsakerna_i_en_cell(tmp_path):
    en = las(underlag(tmp_path), idag=date(2024, 5, 1))
    r_en = bilagor.bygg(en, Q1)
    assert _orsakskolumner(r_en, "Ledsagarservice")["Resursbrist personal"] == 0
    assert _orsakskolumner(r_en, "Ledsagarservice")["Den enskilde tackat nej"] == 2
    assert any("flera orsaker" in f.text for f in en.fynd)
    assert not r_en.bilaga1["LSS"].flera_orsaker

    alla = las(underlag(tmp_path), Installningar(orsaker=ORSAKER_ALLA), idag=date(2024, 5, 1))
    r_alla = bilagor.bygg(alla, Q1)
    o = _orsakskolumner(r_alla, "Ledsagarservice")
    assert (o["Den enskilde tackat nej"], o["Resursbrist personal"]) == (2, 1)
    assert r_alla.bilaga1["LSS"].flera_orsaker
    b = bedom(alla.tabell, Q1, Q1.slut)
    ls = per_lagrum(alla.tabell, b, "LSS", ["Ledsagarservice"], ORSAKER_ALLA).per_insats[0]
    assert ls[0] == "Ledsagarservice" and (ls[1].hos_den_enskilde, ls[1].resursbrist) == (2, 1)
    ls = per_lagrum(alla.tabell, b, "LSS", ["Ledsagarservice"]).per_insats[0]  # en per beslut: den första
    assert (ls[1].hos_den_enskilde, ls[1].resursbrist) == (2, 0)


def test_orsaker_alla_pa_installningar_och_som_flagga(tmp_path):
    fil = underlag(tmp_path, installningar=[["Orsaker", "alla"]])
    r = korning.kor(fil, korning.Val(kvartal=Q1, ut=tmp_path / "ut"))
    b1 = blad(r.utfil)["Bilaga 1"]
    assert any("mer än en orsak" in str(c) for rad in b1 for c in rad)
    assert ["Orsaker", "alla", "underlaget"] in [rad[:3] for rad in blad(r.utfil)["Kontroll"]]
    r = korning.kor(fil, korning.Val(kvartal=Q1, ut=tmp_path / "ut2", orsaker="en per beslut"))
    assert not any("mer än en orsak" in str(c) for rad in blad(r.utfil)["Bilaga 1"] for c in rad)


def test_formlerna_laser_delvis_som_bilagorna():
    from evb_xl import udf

    assert udf.EVB_STATUS("2024Q1", "2023-09-01", None, "delvis 2024-02-01") == "ej verkställt"
    assert udf.EVB_FORSENAD("2023-09-01", None, "Delvis verkställt 2024-02-01", None, "2024-03-31") is True
    assert udf.EVB_STATUS("2024Q1", "2023-09-01", None, "2024-02-01") == "verkställt under perioden"
