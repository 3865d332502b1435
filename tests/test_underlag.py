"""Läsningen: blad, rubrikrad, stavningar, datumformer, kön, lagrum, fel med cell och värde."""

from datetime import date

import numpy as np
import pytest
from arbetsbocker import STOKIGT_RUBRIK, skriv_bok, stokigt

from evb_xl.lasning.underlag import LasFel, las
from evb_xl.modell.fynd import VARNING
from evb_xl.regler import kategorier

IDAG = date(2024, 1, 20)


def dagar(kolumn):
    return [None if np.isnat(d) else d.astype(date) for d in kolumn]


@pytest.fixture
def stokig(tmp_path):
    return las(stokigt(tmp_path / "enhet.xlsx"), idag=IDAG)


def test_hittar_rubrikraden_under_titlarna(stokig):
    assert (stokig.blad, stokig.rubrikrad) == ("Underlag", 4)
    assert stokig.kolumner["beslutsdatum"] == ("D", "Besluts-datum")
    assert len(stokig.tabell) == 8  # den tomma raden hoppas över


def test_alla_datumformer_och_avbrott_i_beslutskolumnen(stokig):
    t = stokig.tabell
    assert dagar(t.beslut) == [date(2023, 6, 1), date(2023, 5, 10), date(2023, 4, 15), date(2023, 3, 2), None,
                               date(2023, 3, 15), date(2023, 7, 5), date(2023, 2, 1)]
    assert dagar(t.avbrott)[3:5] == [date(2023, 9, 1), date(2023, 12, 4)]
    assert list(t.rad) == [5, 6, 7, 9, 10, 11, 12, 13]


def test_kon_lagrum_och_insats(stokig):
    t = stokig.tabell
    assert t.kon == ["Man", "Kvinna", "Pojke", "Man", "Kvinna", "Man", "Man", None]
    assert t.lagrum == ["LSS", "LSS", "LSS", "SoL", "SoL", "SoL", "LSS", "SoL"]
    assert [k.namn for k in t.kategori] == ["Daglig verksamhet", "Bostad med särskild service (vuxna)",
                                            "Avlösarservice", "Kontaktperson", "Boende", "Särskilt boende",
                                            "Kontaktperson", "Hemtjänst"]
    assert t.orsak[:6] == [kategorier.TACKAT_NEJ, kategorier.RESURSBRIST_BOSTAD, kategorier.RESURSBRIST_PERSONAL,
                           kategorier.ANNAT_SKAL, kategorier.TACKAT_NEJ, kategorier.ANNAT_SKAL]


def test_okant_kon_och_okand_orsak_ar_varningar_med_cell(stokig):
    varningar = {(f.cell, f.text) for f in stokig.fynd if f.niva == VARNING}
    assert ("C13", "okänt kön 'Hen'; räknas som okänt kön") in varningar
    assert ("H12", "okänd orsak '=HYPERLINK(\"http://x\")'; räknas under Orsak saknas") in varningar
    assert any(f.cell == "C11" and "togs från personnumret" in f.text for f in stokig.fynd)
    assert not stokig.fel


def test_identitet_finns_inte_i_nagot_meddelande(stokig):
    text = " ".join(stokig.meddelande(f) for f in stokig.fynd)
    for rad in [r for r in __import__("arbetsbocker").STOKIGT if r[0]]:
        assert rad[0] not in text and rad[1] not in text


def test_olasbart_datum_ar_fel_som_namnger_fil_blad_cell_och_varde(tmp_path):
    u = las(stokigt(tmp_path / "enhet.xlsx", extra=[["", "", "Man", "2023-13-01", None, "LSS", "9 § 3 Ledsagare",
                                                      "", None, None, "", ""]]), idag=IDAG)
    assert [u.meddelande(f) for f in u.fel] == [
        "enhet.xlsx, blad 'Underlag', cell D14: okänt datum '2023-13-01' i Beslutsdatum",
    ]  # ett fel per rad: att datumet saknas följer av att det inte gick att läsa


def test_lagrum_som_inte_gar_att_avgora_ar_fel_tills_installningen_anger_det(tmp_path):
    rader = [["Kön", "Beslutsdatum", "Typ av insats"], ["Man", "2023-01-01", "Kontaktperson"]]  # finns i båda
    u = las(skriv_bok(tmp_path / "a.xlsx", rader), idag=IDAG)
    assert [f.cell for f in u.fel] == ["C2"]
    u = las(skriv_bok(tmp_path / "b.xlsx", rader, installningar=[["Lagrum", "SoL"]]), idag=IDAG)
    assert not u.fel and u.tabell.lagrum == ["SoL"]


def test_lagrum_ur_en_kategori_som_bara_finns_under_ett_lagrum(tmp_path):
    """SPEC §8 p. 17: SoL-insatser utan Lagrum-kolumn blir SoL, även när inställningen säger LSS
    (förr stoppades körningen, eller så blev de LSS "Okänd insats")."""
    texter = ["Särskilt boende demens", "s-hus", "Hemtjänst", "Boendestöd", "Kontaktfamilj", "Daglig verksamhet",
              "Ledsagarservice"]
    rader = [["Kön", "Beslutsdatum", "Typ av insats"], *[["Man", "2023-01-01", s] for s in texter]]
    for namn, inst in (("a.xlsx", None), ("b.xlsx", [["Lagrum", "LSS"]])):
        u = las(skriv_bok(tmp_path / namn, rader, installningar=inst), idag=IDAG)
        assert not u.fel
        assert u.tabell.lagrum == ["SoL"] * 5 + ["LSS"] * 2
        assert [k.namn for k in u.tabell.kategori] == ["Särskilt boende", "Särskilt boende", "Hemtjänst", "Boendestöd",
                                                        "Kontaktfamilj", "Daglig verksamhet", "Ledsagarservice"]


def test_kon_ur_personnummer_och_barn_ger_bostad_for_barn(tmp_path):
    rader = [["Personnummer", "Kön", "Beslutsdatum", "Typ av insats", "Lagrum"],
             ["20150601-1239", "", "2023-01-10", "Bostad med särskild service", "LSS"],
             ["19700601-1246", "", "2023-01-10", "Bostad med särskild service", "LSS"]]
    t = las(skriv_bok(tmp_path / "a.xlsx", rader), idag=IDAG).tabell
    assert t.kon == ["Pojke", "Kvinna"]
    assert [k.namn for k in t.kategori] == ["Bostad med särskild service (barn)", "Bostad med särskild service (vuxna)"]


def test_samma_rubrik_tva_ganger_ar_fel(tmp_path):
    u = las(skriv_bok(tmp_path / "a.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Besluts-datum"],
                                          ["Man", "2023-01-01", "9 § 3", "2023-01-02"]]), idag=IDAG)
    assert [(f.cell, f.text) for f in u.fel] == [("D1", "rubriken för Beslutsdatum finns två gånger (B1 och D1)")]


def test_valjer_bladet_med_bast_rubriker_och_sager_det(tmp_path):
    sokvag = skriv_bok(tmp_path / "a.xlsx", [STOKIGT_RUBRIK, *[r for r in __import__("arbetsbocker").STOKIGT if r[0]]],
                       blad="Lista", fler_blad={"Anteckningar": [["Kön", "Beslutsdatum", "Insats"], ["Man", 1, "x"]]})
    u = las(sokvag, idag=IDAG)
    assert u.blad == "Lista"
    assert any("bladet 'Lista' passar bäst" in f.text for f in u.fynd)


def test_egna_insatskategorier_fran_installningar(tmp_path):
    rader = [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"], ["Man", "2023-01-01", "Simskola för vuxna", "SoL"]]
    inst = [["Kategori", "Alias", "Lagrum", "Ordning"], ["Simundervisning", "simskola; simträning", "SoL", 20]]
    t = las(skriv_bok(tmp_path / "a.xlsx", rader, installningar=inst), idag=IDAG).tabell
    assert t.kategori[0].namn == "Simundervisning"


def test_stangning_fore_basdatum_ger_varning(tmp_path):
    rader = [["Kön", "Beslutsdatum", "Datum för avbrott", "Typ av insats", "Beslutet verkställt"],
             ["Man", "2023-01-01", "2023-05-25", "9 § 10", "2023-01-20"]]
    u = las(skriv_bok(tmp_path / "a.xlsx", rader), idag=IDAG)
    assert any(f.cell == "E2" and "före basdatum" in f.text for f in u.fynd)


@pytest.mark.parametrize("innehall, vantat", [
    (b"", "filen är tom"),
    (b"hej;hopp\n1;2\n", "ingen Excel-arbetsbok"),
    (b"PK\x03\x04trasig", "går inte att läsa"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "lösenordsskyddad"),
])
def test_filer_som_inte_ar_arbetsbocker(tmp_path, innehall, vantat):
    p = tmp_path / "inte.xlsx"
    p.write_bytes(innehall)
    with pytest.raises(LasFel) as e:
        las(p)
    assert str(e.value).startswith("inte.xlsx: ") and vantat in str(e.value)


def test_arbetsbok_utan_rubriker(tmp_path):
    with pytest.raises(LasFel, match="inget blad har känd rubrikrad"):
        las(skriv_bok(tmp_path / "a.xlsx", [["Hej"], ["Hopp"]]))


def test_dubbletter_ar_varningar_som_pekar_pa_forsta_raden(tmp_path):
    rader = [["Personnummer", "Kön", "Beslutsdatum", "Typ av insats", "Lagrum"],
             ["19800101-1234", "Man", "2023-01-10", "9 § 10 Daglig verksamhet", "LSS"],
             ["19800101-1234", "Man", "2023-01-11", "9 § 10 Daglig verksamhet", "LSS"],
             ["198001011234", "Man", "230110", "9 § 10 DV", "LSS"],
             ["19800101-1234", "Man", "2023-01-10", "9 § 3 Ledsagarservice", "LSS"]]
    u = las(skriv_bok(tmp_path / "a.xlsx", rader), idag=IDAG)
    dubbletter = [(f.rad, f.text) for f in u.fynd if "dubblett" in f.text]
    assert dubbletter == [(4, "samma person, insats och basdatum som rad 2 (dubblett?)")]


def test_installningarnas_ordning_flagga_blad_mall_standard(tmp_path):
    from evb_xl.modell.installningar import Installningar
    rader = [["Kön", "Beslutsdatum", "Typ av insats"], ["Man", "2023-01-10", "Kontaktperson"]]  # finns under båda lagrummen
    sokvag = skriv_bok(tmp_path / "a.xlsx", rader, installningar=[["Lagrum", "SoL"], ["Nämnd", "Bladets nämnd"]])
    mallen = Installningar().med("mallen", lagrum="LSS", namnd="Mallens nämnd", diarienummer="M 1")
    u = las(sokvag, mallen, IDAG)
    assert (u.tabell.lagrum, u.installningar.namnd, u.installningar.diarienummer) == (["SoL"], "Bladets nämnd", "M 1")
    u = las(sokvag, mallen, IDAG, flaggor={"lagrum": "LSS", "namnd": None})
    assert (u.tabell.lagrum, u.installningar.namnd) == (["LSS"], "Bladets nämnd")
    assert u.installningar.kallor == {"lagrum": "flagga", "namnd": "underlaget", "diarienummer": "mallen"}
