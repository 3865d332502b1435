"""Formlerna anropade som xlwings anropar dem: datetime, serienummer, text, None, listor av listor."""

from datetime import date, datetime

import pytest
from arbetsbocker import fixtur

from evb_xl.lasning.underlag import Minnesbok, las_bok
from evb_xl.regler import kvartal
from evb_xl.udf import (
    EVB_BILAGA1,
    EVB_DAGAR,
    EVB_FORSENAD,
    EVB_FRIST,
    EVB_INSATS,
    EVB_KON,
    EVB_MANADER,
    EVB_ORSAKER,
    EVB_RAPPORTERAS,
    EVB_STATUS,
    EVB_VANTETID,
)


@pytest.mark.parametrize("varde", [datetime(2023, 11, 30), 45260, 45260.0, "2023-11-30", "231130", date(2023, 11, 30)])
def test_frist_for_en_cell_i_alla_former(varde):
    assert EVB_FRIST(varde) == date(2024, 2, 29)


def test_frist_kolumn_in_kolumn_ut_och_fel_bara_i_sin_cell():
    assert EVB_FRIST([[datetime(2023, 8, 31)], [None], ["2023-13-01"], [45260.0]]) == [
        [date(2023, 11, 30)], [""], ["#EVB: okänt datum '2023-13-01'"], [date(2024, 2, 29)]]


def test_frist_med_avbrott_kolumn_och_olika_storlek():
    assert EVB_FRIST([[date(2023, 1, 12)], [date(2023, 1, 12)]], [[date(2023, 5, 25)], [None]]) == [
        [date(2023, 8, 25)], [date(2023, 4, 12)]]
    assert EVB_FRIST([[date(2023, 1, 12)], [date(2023, 1, 12)]], [[None], [None], [None]]).startswith("#EVB: områdena")


def test_dagar_och_manader_till_stangning_eller_per():
    beslut = [[date(2023, 11, 30)], [date(2023, 11, 30)]]
    verk = [[None], [date(2023, 12, 10)]]
    assert EVB_DAGAR(beslut, None, verk, None, date(2024, 2, 29)) == [[91], [10]]
    assert EVB_MANADER(beslut, None, verk, None, date(2024, 2, 29)) == [[3], [0]]
    assert EVB_MANADER(date(2023, 11, 30), per=date(2024, 2, 28)) == 2


def test_forsenad_och_vantetid():
    assert EVB_FORSENAD(date(2023, 11, 30), per=date(2024, 2, 29)) is False
    assert EVB_FORSENAD(date(2023, 11, 30), per=date(2024, 3, 1)) is True
    assert EVB_VANTETID(date(2022, 1, 1), per=date(2023, 7, 1)) == "18 mån eller mer"
    assert EVB_VANTETID(date(2023, 1, 1), per=date(2023, 8, 1)) == "7–9 mån"


def test_rapporteras_och_status_for_lopnr_13_och_ett_oppet():
    beslut = [[date(2023, 8, 11)], [date(2023, 6, 1)], [date(2023, 6, 1)]]
    verk = [[date(2023, 10, 29)], [None], [date(2023, 11, 5)]]
    assert EVB_RAPPORTERAS("2023Q4", beslut, None, verk) == [[False], [True], [True]]
    assert EVB_STATUS("2023 kv 4", beslut, None, verk) == [
        ["ej rapporteringspliktig"], ["ej verkställt"], ["verkställt under perioden"]]
    assert EVB_STATUS("2023Q4", beslut, None, verk, None, date(2023, 11, 1)) == [
        ["ej rapporteringspliktig"], ["ej verkställt"], ["ej verkställt"]]
    assert EVB_RAPPORTERAS("2023Q5", beslut) == "#EVB: kvartal 5 finns inte (1–4)"


def test_insats_och_kon():
    assert EVB_INSATS([["9 § 6 Korttidsboende"], ["Särskilt boende demens"], ["Bostad med särskild service"]],
                      [[None], ["SoL"], ["LSS"]], [[None], [None], ["Flicka"]]) == [
        ["Korttidsvistelse"], ["Särskilt boende"], ["Bostad med särskild service (barn)"]]
    assert EVB_INSATS("Kontaktperson") == "#EVB: ange lagrum (LSS eller SoL)"  # finns under båda


def test_insats_avgor_lagrum_som_lasningen():
    """SPEC §8 p. 17: en kategori som bara finns under ett lagrum avgör det, som i bilagorna."""
    assert EVB_INSATS([["Daglig verksamhet"], ["Särskilt boende demens"], ["Hemtjänst"], ["s-hus"], ["Boendestöd"]]) == [
        ["Daglig verksamhet"], ["Särskilt boende"], ["Hemtjänst"], ["Särskilt boende"], ["Boendestöd"]]
    assert EVB_INSATS("Kontaktperson 4 kap 1 §") == "Kontaktperson"
    assert EVB_KON([["man "], ["K"], ["Flicka"], ["Hen"], [None]]) == [["Man"], ["Kvinna"], ["Flicka"], ["Okänt"], ["Okänt"]]


def test_orsaker_summerar_och_per_insats():
    orsak = [["Tackat nej"], ["Resursbrist ledig bostad"], ["okänt"], ["tackat nej"]]
    assert EVB_ORSAKER(orsak) == [["Orsak", "Antal"], ["Resursbrist ledig bostad", 1], ["Resursbrist personal", 0],
                                  ["Den enskilde tackat nej", 2], ["Annat skäl", 0], ["Orsak saknas", 1], ["Summa", 4]]
    tabell = EVB_ORSAKER(orsak, [["DV"], ["SÄBO"], ["DV"], ["DV"]], [[True], [True], [True], [False]])
    assert tabell[1] == ["DV", 0, 0, 1, 0, 1, 2]
    assert tabell[-1] == ["Summa", 1, 0, 1, 0, 1, 3]


def test_bilaga1_som_tabell_ger_seedens_siffror():
    rader = fixtur("lss_2023q4_bilaga2.csv")
    omrade = [list(rader[0].keys())] + [[r[k] or None for k in rader[0]] for r in rader]
    tabell = EVB_BILAGA1(omrade, "2023Q4", "kvarstående")
    summa = next(r for r in tabell if r[0] == "Summa")
    assert (summa[1], summa[2], summa[-1]) == (33, 24, 36)
    assert tabell[0][0] == "LSS-insats"


def test_bilaga1_med_fel_visar_cellen():
    omrade = [["Kön", "Beslutsdatum", "Typ av insats"], ["Man", "2023-13-01", "9 § 10"]]
    assert EVB_BILAGA1(omrade, "2023Q4") == [["#EVB: cell B2: okänt datum '2023-13-01' i Beslutsdatum"]]


def test_hundratusen_datum_i_ett_anrop():
    kolumn = [[datetime(2020, 1, 1)]] * 100_000
    ut = EVB_FRIST(kolumn)
    assert len(ut) == 100_000 and ut[-1] == [date(2020, 4, 1)]


def test_avbrottsmarkering_galler_i_formlerna_som_i_bilagorna():
    """SPEC §8 p. 9: '231204 (avbrottsdatum)' är avbrottsdatum var det står; formeln och
    bilagorna ska säga samma sak om raden."""
    assert EVB_STATUS("2023Q4", "2023-06-01", None, "231204 (avbrottsdatum)") == "ej rapporteringspliktig"
    assert EVB_STATUS("2024Q1", "2023-06-01", None, "231204 (avbrottsdatum)") == "ej verkställt"  # frist 2024-03-04
    assert EVB_DAGAR("2023-06-01", None, "231204 (avbrottsdatum)", None, "2024-03-31") == 118
    assert EVB_FRIST("231204 (avbrottsdatum)") == date(2024, 3, 4)
    assert EVB_FRIST("2023-06-01", "231205 (avbrott)") == date(2024, 3, 5)


def test_frist_och_de_andra_formlerna_ser_samma_krock_i_avbrottsdatum():
    """Issue 10: EVB_FRIST('231204 (avbrottsdatum)'; '2023-12-10') gav 2024-03-10 medan EVB_DAGAR,
    EVB_STATUS och bilagorna sa 'två olika avbrottsdatum' om samma rad. Nu går alla genom forlopp."""
    krock = "#EVB: två olika avbrottsdatum"
    assert EVB_FRIST("231204 (avbrottsdatum)", "2023-12-10") == krock
    assert EVB_DAGAR("231204 (avbrottsdatum)", "2023-12-10") == krock
    assert EVB_STATUS("2024Q1", "231204 (avbrottsdatum)", "2023-12-10") == krock
    # samma datum i båda är ingen krock; en kolumn får felet bara i sin cell
    assert EVB_FRIST("231204 (avbrottsdatum)", "2023-12-04") == date(2024, 3, 4)
    assert EVB_FRIST([["231204 (avbrottsdatum)"], ["2023-11-30"]], "2023-12-10") == [[krock], [date(2024, 3, 10)]]


def test_bilagorna_ser_samma_krock_som_formeln():
    rubrik = ["Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats"]
    u = las_bok(Minnesbok({"Underlag": [rubrik, ["Man", "231204 (avbrottsdatum)", "2023-12-10", "LSS", "9 § 10"]]}),
                "lista.xlsx")
    assert [f.text for f in u.fel] == ["två olika avbrottsdatum på samma rad"]


def test_per_och_matdatum_har_sina_standardvarden_pa_ett_stalle(monkeypatch):
    assert kvartal.Kvartal(2024, 1).matdatum() == date(2024, 3, 31)
    assert kvartal.Kvartal(2024, 1).matdatum(date(2024, 2, 1)) == date(2024, 2, 1)
    assert kvartal.per(None, date(2024, 5, 5)) == date(2024, 5, 5)
    assert kvartal.per(date(2024, 1, 1), date(2024, 5, 5)) == date(2024, 1, 1)
    monkeypatch.setattr(kvartal, "per", lambda angivet=None, idag=None: angivet or date(2024, 2, 29))
    assert EVB_DAGAR("2023-11-30") == 91  # formeln tar standardvärdet därifrån
    monkeypatch.setattr(kvartal.Kvartal, "matdatum", lambda k, angivet=None: angivet or date(2024, 1, 15))
    assert EVB_STATUS("2024Q1", "2023-06-01", None, "2024-02-01") == "ej verkställt"


def test_orsaker_raknar_sol_avbrott_som_bilaga1():
    """Issue 10 / SPEC §8 p. 1: i SoL räknas ett avbrott under Avbrott i verkställighet i stället för en
    orsak; i LSS är avbrott en extra varav-kolumn. Q1 2024 SoL-seeden: 3+0+3+1+1 = 8 = Summa."""
    orsak = [["Tackat nej"], ["Annat skäl"], ["Tackat nej"], [None]]
    lagrum = [["SoL"], ["SoL"], ["LSS"], ["LSS"]]
    avbrott = [[None], [date(2023, 5, 25)], [date(2023, 6, 1)], ["230101"]]
    tabell = EVB_ORSAKER(orsak, None, None, lagrum, avbrott)
    assert tabell == [["Orsak", "Antal"], ["Resursbrist ledig bostad", 0], ["Resursbrist personal", 0],
                      ["Den enskilde tackat nej", 2], ["Annat skäl", 0], ["Orsak saknas", 1],
                      ["Avbrott i verkställighet", 3], ["Summa", 4]]
    # per insats, lagrum ur insatstexten som vid läsningen
    per_insats = EVB_ORSAKER(orsak, [["Hemtjänst"], ["Hemtjänst"], ["9 § 10"], ["9 § 10"]], None, None, avbrott)
    assert per_insats[0] == ["Insats", "Resursbrist ledig bostad", "Resursbrist personal", "Den enskilde tackat nej",
                             "Annat skäl", "Orsak saknas", "Avbrott i verkställighet", "Summa"]
    assert per_insats[1] == ["Hemtjänst", 0, 0, 1, 0, 0, 1, 2]
    assert per_insats[2] == ["9 § 10", 0, 0, 1, 0, 1, 2, 2]
    # utan lagrum går SoL-regeln inte att använda: sägs, räknas inte fel
    assert EVB_ORSAKER([["Annat"]], [["Kontaktperson"]], None, None, [[date(2023, 5, 25)]]).startswith("#EVB: ange lagrum")
    # Beslutsdatum:Datum för avbrott: ett datum märkt (avbrottsdatum) i beslutskolumnen är ett avbrott
    tva = [["231204 (avbrottsdatum)", None], ["2023-01-05", None], [date(2023, 1, 1), date(2023, 2, 1)]]
    assert EVB_ORSAKER([["Annat"]] * 3, None, None, [["SoL"]] * 3, tva) == [
        ["Orsak", "Antal"], ["Resursbrist ledig bostad", 0], ["Resursbrist personal", 0],
        ["Den enskilde tackat nej", 0], ["Annat skäl", 1], ["Orsak saknas", 0], ["Avbrott i verkställighet", 2],
        ["Summa", 3]]
    # utan avbrott-argumentet som förut
    assert EVB_ORSAKER(orsak, None, None, lagrum)[-1] == ["Summa", 4]


def test_orsaker_ger_bilaga1_for_sol_seeden():
    rader = fixtur("sol_nf_2024q1_bilaga2.csv")
    orsak = [["tackat nej"], ["Resursbrist ledig bostad"], ["Annat skäl"], [None], ["Resursbrist ledig bostad"],
             ["Resursbrist ledig bostad"], ["tackat nej"], ["tackat nej"]]  # påhittade orsaker, en per rad
    tabell = EVB_ORSAKER(orsak, [[r["Typ av insats"]] for r in rader], None, [[r["Lagrum"]] for r in rader],
                         [[r["Datum för avbrott"] or None] for r in rader])
    summa = dict(zip(tabell[0], tabell[-1]))
    assert summa["Avbrott i verkställighet"] == 1 and summa["Summa"] == 8
    assert sum(summa[k] for k in tabell[0][1:-1]) == 8  # SoL: varje beslut i exakt en kolumn


# --- EVB_BILAGA1 i en arbetsbok: Inställningar och bladets celler (tests/falsk_bok.py) ---------------


def _lista_i_bok(installningar):
    """Listan på bladet Lista från B3 (titel och tom rad ovanför, kolumn A tom), som Excel ger formeln
    området B3:G7 (ett xlwings Range), och ev. ett blad Inställningar."""
    from falsk_bok import Blad, Bok

    rader = [["Ej verkställda beslut"], [],
             [None, "Kön", "Beslutsdatum", "Typ av insats", "Orsak", "Lagrum", "Beslutet verkställt"],
             [None, "Man", "2023-05-02", "Daglig verksamhet", "Tackat nej", None, None],
             [None, "Kvinna", "2023-06-01", "Kontaktperson", "Annat skäl", None, None],  # lagrum: Inställningar
             [None, "Kvinna", "2023-06-20", "Bostad med särskild service", "Tackat nej", "LSS", None],
             [None, "Man", "2023-07-03", "Daglig verksamhet", "Tackat nej", "LSS", None]]
    blad = [Blad("Lista", rader)]
    if installningar is not None:
        blad.append(Blad("Inställningar", installningar))
    bok = Bok(blad)
    return bok.sheets["Lista"].range("B3", "G7")


def test_bilaga1_i_boken_anvander_installningarnas_lagrum_och_lagrumstext():
    """Kontaktperson finns under både LSS och SoL: utan Lagrum på Inställningar går raden inte att
    avgöra; med den räknas den, och Lagrumstext LSS står under tabellen, som på bladet Bilaga 1."""
    egen = "28 f–h §§ LSS enligt nämndens beslut 2024-01-15"
    omrade = _lista_i_bok([["Lagrum", "LSS"], ["Lagrumstext LSS", egen], ["Antal", "kvarstående"]])
    tabell = EVB_BILAGA1(omrade, "2024Q1")
    summa = next(r for r in tabell if r[0] == "Summa")
    assert (summa[1], summa[2]) == (2, 2)  # alla fyra räknas som LSS
    assert next(r for r in tabell if r[0] == "Kontaktperson")[1:3] == [0, 1]
    assert tabell[0][1] == "Antal ej verkställda beslut (kvarstående 2024-03-31)"  # Antal från Inställningar
    assert tabell[-1][0] == f"Rapportering enligt {egen}."
    assert EVB_BILAGA1(omrade, "2024Q1", "rapporterade")[0][1].startswith("Antal ej verkställda beslut (rapporterade")


def test_bilaga1_i_boken_utan_installningar_pekar_pa_bladets_cell():
    """Felet namnger bladet och cellen där värdet står (D5 på bladet Lista), inte cellen i området (C3)."""
    omrade = _lista_i_bok(None)
    fel = EVB_BILAGA1(omrade, "2024Q1")
    assert fel == [["#EVB: blad 'Lista', cell D5: lagrum går inte att avgöra (fyll i Lagrum, skriv § i insatsen "
                    "eller ange Lagrum på bladet Inställningar)"]]
    datumfel = _lista_i_bok([["Lagrum", "LSS"]])
    datumfel.sheet.range("C7").number_format = "@"  # text, som Excel lämnar ett datum som inte finns
    datumfel.sheet.range("C7").value = "2023-13-01"
    assert EVB_BILAGA1(datumfel, "2024Q1") == [["#EVB: blad 'Lista', cell C7: okänt datum '2023-13-01' i Beslutsdatum"]]


def test_bilaga1_i_boken_lagrumstext_efter_kvartalets_lag_utan_installning():
    tabell = EVB_BILAGA1(_lista_i_bok([["Lagrum", "SoL"]]), "2025Q3")
    texter = [r[0] for r in tabell if str(r[0]).startswith("Rapportering enligt")]
    assert len(texter) == 2 and "34 kap. 1–3 §§ socialtjänstlagen (2025:400)" in texter[1]
