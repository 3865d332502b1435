"""Knapparna mot en attrapp av xlwings Book som vi äger (tests/falsk_bok.py): ingen licensnyckel,
och attrappen beter sig som Excel när text skrivs genom COM (= blir formel, 007 blir tal)."""

import os
from datetime import datetime
from pathlib import Path

import pytest
from arbetsbocker import STOKIGT, STOKIGT_RUBRIK, fixtur, iso
from falsk_bok import Blad, Bok, Formel
from python_calamine import CalamineWorkbook

from evb_xl import ribbon

RUBRIK = ["Löpnr", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
          "Beslutet verkställt", "Beslutet avslutat"]
DATUM = {"Beslutsdatum", "Datum för avbrott", "Beslutet verkställt", "Beslutet avslutat"}


def lss_rader():
    """SPEC §6, LSS kvartal 4 2023: datum som datum och löpnummer som tal, som i Excel."""
    rader = fixtur("lss_2023q4_bilaga2.csv")
    return [RUBRIK] + [[int(r[k]) if k == "Löpnr" else iso(r[k]) if k in DATUM else (r[k] or None)
                        for k in RUBRIK] for r in rader]


def test_ingen_licensnyckel_behovs():
    assert "XLWINGS_LICENSE_KEY" not in os.environ


def test_skapa_bilagor_skriver_ny_arbetsbok_och_lamnar_boken_orord(tmp_path):
    b = Bok({"Titel": [["Om listan"]], "Underlag": [[], *lss_rader()],
             "Inställningar": [["Kvartal", "2023 kv 4"], ["Antal", "kvarstående"], ["Nämnd", "Testnämnden"]]},
            fullname=tmp_path / "enhet.xlsx")
    fore = {s.name: dict(s.celler) for s in b.sheets}
    r = ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert r.ok and r.utfil == str(tmp_path / "enhet_bilagor_2023Q4.xlsx")
    assert {s.name: s.celler for s in b.sheets} == fore and b.sheets.tillagda == []
    assert sum(s.skrivningar for s in b.sheets) == 0
    assert len(b.rutor) == 1 and "84 rapporteringspliktiga beslut 2023Q4" in b.rutor[0]
    assert b.app.rutor[0][1] == "EVB" and b.app.books.oppnade == [r.utfil]
    ut = CalamineWorkbook.from_path(r.utfil)
    summa = next(rad for rad in ut.get_sheet_by_name("Bilaga 1").to_python() if rad[0] == "Summa")
    assert (summa[1], summa[2]) == (33.0, 24.0)


def test_skapa_bilagor_som_nya_blad_nar_installningen_sager_det(tmp_path):
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"], ["Utdata", "blad i arbetsboken"]]})
    ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert b.sheets.tillagda == ["Bilaga 1 2023Q4", "Bilaga 2 2023Q4", "Kontroll 2023Q4"]
    assert [s.name for s in b.sheets][:2] == ["Underlag", "Inställningar"]
    assert b.sheets[0].skrivningar == b.sheets[1].skrivningar == 0  # underlagets blad rörs aldrig
    assert list(tmp_path.iterdir()) == [] and "nya blad i enhet.xlsx" in b.rutor[0]
    bilaga2 = b.sheets["Bilaga 2 2023Q4"].varden()
    assert bilaga2[0][:3] == ["Löpnr", "Kön", "Beslutsdatum"] and len(bilaga2) == 85
    assert isinstance(bilaga2[1][3], datetime)  # datum är datum, inte text


def test_text_i_nya_blad_blir_text_inte_formel(tmp_path):
    """En cell som börjar med = (eller ser ut som ett tal) kommer fram som samma text."""
    rader = lss_rader()  # rad 3, 10 och 14 rapporteras inte: Kontroll visar deras löpnummer
    rader[2][0], rader[9][0], rader[13][0] = '=HYPERLINK("x")', "007", "-ab"
    b = Bok({"Underlag": rader, "Inställningar": [["Kvartal", "2023Q4"], ["Utdata", "blad i arbetsboken"]]})
    r = ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert r.ok, r.fel
    for namn in b.sheets.tillagda:
        assert b.sheets[namn].formler == {}, namn
    celler = [v for namn in b.sheets.tillagda for rad in b.sheets[namn].varden() for v in rad]
    assert '=HYPERLINK("x")' in celler and "007" in celler and "-ab" in celler
    assert not any(isinstance(v, Formel) for v in celler)
    assert "Löpnr" in celler and "Kontroll" not in celler  # rubriker som text, utan apostrof


def test_attrappen_gor_som_excel_med_text_som_borjar_med_likhetstecken():
    """Utan skyddet hade knappen skrivit en formel: attrappen ser skillnaden."""
    blad = Blad("x")
    blad["A1"].value = [['=HYPERLINK("x")', "007", "'=HYPERLINK(\"x\")"]]
    assert blad.formler == {(1, 1): '=HYPERLINK("x")'}
    assert blad.celler[(1, 2)] == 7.0 and blad.celler[(1, 3)] == '=HYPERLINK("x")'
    blad["B2"].number_format = "@"
    blad["B2"].value = "=1+1"
    assert blad.celler[(2, 2)] == "=1+1" and (2, 2) not in blad.formler


@pytest.mark.parametrize("fullname", [
    "https://kommun.sharepoint.com/sites/socialtjanst/Delade dokument/enhet.xlsx",
    RuntimeError("Couldn't find your SharePoint folder"),  # som xlwings XlwingsError utan synkmapp
    "enhet.xlsx",  # inte sparad
])
def test_sharepoint_bok_sparar_i_dokument_och_sager_var(tmp_path, monkeypatch, fullname):
    hem = tmp_path / "hem"
    (hem / "Documents").mkdir(parents=True)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: hem))
    monkeypatch.setattr(ribbon, "winreg", None)  # som utanför Windows
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]}, fullname=fullname)
    r = ribbon.on_button("evb_skapa_bilagor", b)
    assert r.ok and r.utfil == str(hem / "Documents" / "enhet_bilagor_2023Q4.xlsx")
    assert Path(r.utfil).exists()
    assert f"Filen sparades i {hem / 'Documents'} eftersom arbetsboken" in b.rutor[0]
    assert "Något gick fel" not in b.rutor[0]


def test_utan_mappen_dokument_blir_det_hemmappen(tmp_path, monkeypatch):
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    monkeypatch.setattr(ribbon, "winreg", None)
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]}, fullname="https://x/y.xlsx")
    r = ribbon.on_button("evb_vantetid", b)
    assert r.ok and Path(r.utfil).parent == tmp_path and f"Filen sparades i {tmp_path}" in b.rutor[0]


def test_dokument_som_windows_visar_den_aven_flyttad_till_onedrive(tmp_path, monkeypatch):
    """På Windows kommer mappen Dokument ur registret (User Shell Folders, Personal)."""
    onedrive = tmp_path / "OneDrive - Kommunen" / "Dokument"
    onedrive.mkdir(parents=True)
    monkeypatch.setenv("EVB_TEST_ONEDRIVE", str(tmp_path / "OneDrive - Kommunen"))

    class Nyckel:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

    class FalsktRegister:
        HKEY_CURRENT_USER = "HKCU"

        @staticmethod
        def OpenKey(rot, sokvag):
            assert (rot, sokvag) == ("HKCU", r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders")
            return Nyckel()

        @staticmethod
        def QueryValueEx(nyckel, namn):
            assert namn == "Personal"
            return "$EVB_TEST_ONEDRIVE/Dokument" if os.sep == "/" else "%EVB_TEST_ONEDRIVE%\\Dokument", 2

    monkeypatch.setattr(ribbon, "winreg", FalsktRegister)
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]}, fullname="https://x/enhet.xlsx")
    r = ribbon.on_button("evb_skapa_bilagor", b)
    assert r.ok and Path(r.utfil).parent == onedrive and f"Filen sparades i {onedrive}" in b.rutor[0]


def test_lokal_bok_sparar_bredvid_sig_utan_extra_rad(tmp_path):
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]}, fullname=tmp_path / "enhet.xlsx")
    r = ribbon.on_button("evb_skapa_bilagor", b)
    assert Path(r.utfil).parent == tmp_path and "Filen sparades i" not in b.rutor[0]


def test_en_ensam_formaterad_cell_langst_ner_laser_inte_en_miljon_rader(tmp_path):
    underlag = Blad("Underlag", lss_rader(), brukat_till=(1_048_576, 30))
    b = Bok([underlag, Blad("Inställningar", [["Kvartal", "2023Q4"]])])
    r = ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert r.ok and r.sammanfattning["rapporteringspliktiga"] == 84
    assert underlag.lasta_celler < 2_000  # 89 rader × 8 kolumner, och några celler för att hitta slutet


def test_verklig_storlek_hittar_sista_cellen_aven_langt_ut_och_efter_tomma_rader():
    blad = Blad("x", [["a", None, "b"], [], [None, "c"]], brukat_till=(500_000, 40))
    blad.celler[(70_000, 7)] = "långt ner"
    assert ribbon.verklig_storlek(blad, 1, 1, 500_000, 40) == (70_000, 7)
    bred = Blad("y", [["a"], [None, None, "b"]], brukat_till=(3, 16_384))
    assert ribbon.verklig_storlek(bred, 1, 1, 3, 16_384) == (2, 3)
    assert ribbon.verklig_storlek(Blad("tom", brukat_till=(900, 900)), 1, 1, 900, 900) == (0, 0)


def test_stort_blad_lases_i_block_med_samma_varden(monkeypatch):
    rader = [[f"r{i}", i, None] for i in range(1, 1_001)]
    blad = Blad("x", rader)
    monkeypatch.setattr(ribbon, "_LAS_DIREKT", 10)
    monkeypatch.setattr(ribbon, "_BLOCK", 100)
    lasta = ribbon.las_blad(blad)
    assert lasta == [[f"r{i}", float(i)] for i in range(1, 1_001)]


def test_kontrollera_visar_fel_med_cell_och_skriver_inget(tmp_path):
    rader = [STOKIGT_RUBRIK, *STOKIGT, [None, None, "Man", "2023-13-01", None, "LSS", "9 § 3", "", None, None, "", ""]]
    b = Bok({"Lista": rader})
    r = ribbon.on_button("evb_kontrollera", b, ut=tmp_path)
    assert not r.ok
    text = b.rutor[0]
    assert "enhet.xlsx, blad 'Lista', cell D11: okänt datum '2023-13-01'" in text
    assert "19800101-1234" not in text and "Testa Testsson" not in text
    assert len(b.rutor) == 1 and b.sheets[0].skrivningar == 0 and list(tmp_path.iterdir()) == []


def test_okand_knapp_sags_till():
    b = Bok({"Underlag": lss_rader()})
    ribbon.on_button("evb_finns_inte", b)
    assert "Okänd knapp" in b.rutor[0]


def test_rapportknapparna_skriver_var_sin_arbetsbok(tmp_path):
    b = Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]})
    for knapp, slag in (("evb_vantetid", "vantetid"), ("evb_trend", "trend"),
                        ("evb_aterrapportering", "aterrapportering"), ("evb_enheter", "enheter")):
        r = ribbon.on_button(knapp, b, ut=tmp_path)
        assert r.ok and r.utfil == str(tmp_path / f"enhet_{slag}_2023Q4.xlsx")
    assert len(b.rutor) == 4 and sum(s.skrivningar for s in b.sheets) == 0
    summa = next(r for r in CalamineWorkbook.from_path(str(tmp_path / "enhet_vantetid_2023Q4.xlsx"))
                 .get_sheet_by_name("Väntetid").to_python() if r[0] == "Summa")
    assert summa[-1] == 84


def test_skapa_bilagor_laser_den_oppna_boken_en_gang(tmp_path, monkeypatch):
    lasningar = []
    las = ribbon.las_oppen_bok
    monkeypatch.setattr(ribbon, "las_oppen_bok", lambda b: lasningar.append(1) or las(b))
    ribbon.on_button("evb_skapa_bilagor", Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]}),
                     ut=tmp_path)
    assert len(lasningar) == 1


def test_fel_i_knappen_blir_en_svensk_ruta(tmp_path, monkeypatch):
    def trasig(book):
        raise KeyError("Personnummer 19800101-1234")

    monkeypatch.setattr(ribbon, "las_oppen_bok", trasig)
    b = Bok({"Underlag": lss_rader()})
    assert ribbon.on_button("evb_kontrollera", b, ut=tmp_path) is None
    assert b.rutor[0].startswith("Något gick fel (KeyError)") and "19800101" not in b.rutor[0]


# --- en knapp som trycks en gång till ----------------------------------------------------------------


def _bok(tmp_path, namnd="Testnämnden"):
    return Bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"], ["Nämnd", namnd]]},
               fullname=tmp_path / "enhet.xlsx")


def _namnd_i(sokvag) -> str:
    return CalamineWorkbook.from_path(str(sokvag)).get_sheet_by_name("Bilaga 1").to_python()[1][0]


def test_andra_trycket_nar_forsta_bilagorna_ar_oppna_ger_ett_nytt_namn(tmp_path):
    """Första trycket öppnar bilagorna i Excel; det andra får inte falla på 'finns redan' (knappen har
    ingen --skriv-over) och inte skriva över den öppna boken: den nya heter '... (2).xlsx'."""
    b = _bok(tmp_path)
    forsta = ribbon.on_button("evb_skapa_bilagor", b)
    fore = (tmp_path / "enhet_bilagor_2023Q4.xlsx").read_bytes()
    andra = ribbon.on_button("evb_skapa_bilagor", b)
    assert forsta.ok and andra.ok, andra.fel
    assert andra.utfil == str(tmp_path / "enhet_bilagor_2023Q4 (2).xlsx")
    assert (tmp_path / "enhet_bilagor_2023Q4.xlsx").read_bytes() == fore
    assert b.app.books.oppnade == [forsta.utfil, andra.utfil]
    text = b.rutor[1]
    assert "finns redan" not in text and "--skriv-over" not in text and "Något gick fel" not in text
    assert f"-> {tmp_path / 'enhet_bilagor_2023Q4 (2).xlsx'}" in text
    assert ("enhet_bilagor_2023Q4.xlsx är öppen och lämnades orörd. Den nya filen heter enhet_bilagor_2023Q4 (2).xlsx "
            f"och ligger i {tmp_path}.") in text
    tredje = ribbon.on_button("evb_skapa_bilagor", b)  # båda är öppna
    assert tredje.ok and tredje.utfil.endswith("enhet_bilagor_2023Q4 (3).xlsx")


def test_andra_trycket_ersatter_egna_bilagor_som_inte_ar_oppna(tmp_path):
    """Stängda bilagor från evb-xl (märkta) ersätts: samma namn, det nya innehållet, ingen kopia."""
    assert ribbon.on_button("evb_skapa_bilagor", _bok(tmp_path, "Gamla nämnden"), ut=tmp_path).ok
    b = _bok(tmp_path, "Nya nämnden")  # Excel startad på nytt: inget öppet
    r = ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert r.ok and r.utfil == str(tmp_path / "enhet_bilagor_2023Q4.xlsx")
    assert _namnd_i(r.utfil) == "Nya nämnden"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["enhet_bilagor_2023Q4.xlsx"]
    assert "enhet_bilagor_2023Q4.xlsx från en tidigare körning ersattes." in b.rutor[0]


def test_en_fil_som_inte_ar_evb_xl_s_skrivs_aldrig_over(tmp_path):
    from hjalp import summa

    from arbetsbocker import skriv_bok

    egen = skriv_bok(tmp_path / "enhet_bilagor_2023Q4.xlsx", [["Min egen sammanställning", 1]])
    fore = summa(egen)
    b = _bok(tmp_path)
    r = ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert r.ok and r.utfil == str(tmp_path / "enhet_bilagor_2023Q4 (2).xlsx") and summa(egen) == fore
    assert "enhet_bilagor_2023Q4.xlsx finns redan men är inte skapad av evb-xl och lämnades orörd." in b.rutor[0]


def test_bilagor_som_ar_oppna_hos_nagon_annan_skrivs_inte_over(tmp_path):
    """Excels låsfil ~$namn (boken öppen i en annan Excel, t.ex. hos en kollega i en delad mapp)."""
    assert ribbon.on_button("evb_skapa_bilagor", _bok(tmp_path), ut=tmp_path).ok
    (tmp_path / "~$enhet_bilagor_2023Q4.xlsx").write_bytes(b"kollega")
    r = ribbon.on_button("evb_skapa_bilagor", _bok(tmp_path), ut=tmp_path)
    assert r.ok and r.utfil.endswith("enhet_bilagor_2023Q4 (2).xlsx")


def test_rapportknappen_en_gang_till(tmp_path):
    b = _bok(tmp_path)
    forsta = ribbon.on_button("evb_vantetid", b, ut=tmp_path)
    andra = ribbon.on_button("evb_vantetid", b, ut=tmp_path)
    assert forsta.ok and andra.ok and andra.utfil == str(tmp_path / "enhet_vantetid_2023Q4 (2).xlsx")
    assert ribbon.on_button("evb_vantetid", _bok(tmp_path), ut=tmp_path).utfil == forsta.utfil  # stängd: ersätts


def test_skrivelsen_oppnas_i_word_och_inte_i_excel(tmp_path, monkeypatch):
    """Excel kan inte öppna en .docx: skrivelsen öppnas med Windows standardprogram (os.startfile);
    ett andra tryck när Word har den öppen (Words låsfil: ~$ och namnet utan sina två första tecken)
    ger ett nytt namn."""
    startade = []
    monkeypatch.setattr(ribbon.os, "startfile", startade.append, raising=False)
    b = _bok(tmp_path)
    r = ribbon.on_button("evb_skrivelse", b, ut=tmp_path)
    assert r.ok and r.utfil == str(tmp_path / "enhet_skrivelse_2023Q4.docx")
    assert startade == [r.utfil] and b.app.books.oppnade == []
    assert f"-> {r.utfil}" in b.rutor[0]
    (tmp_path / "~$het_skrivelse_2023Q4.docx").write_bytes(b"Word")  # Word har den öppen
    andra = ribbon.on_button("evb_skrivelse", b, ut=tmp_path)
    assert andra.ok and andra.utfil == str(tmp_path / "enhet_skrivelse_2023Q4 (2).docx")
    assert startade == [r.utfil, andra.utfil]
    assert "enhet_skrivelse_2023Q4.docx är öppen och lämnades orörd." in b.rutor[1]


def test_kommandoraden_skriver_fortfarande_inte_over_utan_flaggan(tmp_path):
    from hjalp import evb

    from arbetsbocker import lss_2023q4

    underlag = lss_2023q4(tmp_path / "enhet.xlsx")
    assert evb("bilagor", underlag, "--kvartal", "2023Q4").returncode == 0
    p = evb("bilagor", underlag, "--kvartal", "2023Q4")
    assert p.returncode == 1 and "finns redan (använd --skriv-over för att ersätta den)" in p.stderr
    assert not (tmp_path / "enhet_bilagor_2023Q4 (2).xlsx").exists()
    assert evb("bilagor", underlag, "--kvartal", "2023Q4", "--skriv-over").returncode == 0


def test_rutan_pekar_dit_varningarna_star(tmp_path):
    """Bara bilagorna har bladet Kontroll: en rapportknapp pekar inte på ett blad som inte finns."""
    rader = lss_rader()
    for rad in rader[1:21]:
        rad[1] = "Hen"  # 20 varningar om okänt kön (och en om kolumnen Orsak)
    b = Bok({"Underlag": rader, "Inställningar": [["Kvartal", "2023Q4"]]}, fullname=tmp_path / "enhet.xlsx")
    ribbon.on_button("evb_vantetid", b)
    ribbon.on_button("evb_skapa_bilagor", b)
    ribbon.on_button("evb_kontrollera", b)
    vantetid, bilagor, kontroll = b.rutor
    assert "(21 varningar, se nedan)" in vantetid and "... och 6 till (Skapa bilagor visar alla på bladet Kontroll)." in vantetid
    assert "se bladet Kontroll)" not in vantetid
    assert "... och 6 till (se bladet Kontroll i enhet_bilagor_2023Q4.xlsx)." in bilagor
    assert "... och 6 till (Skapa bilagor visar alla på bladet Kontroll)." in kontroll
