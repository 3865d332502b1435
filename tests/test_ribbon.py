"""Knapparna mot xlwings riktiga Book-API (fjärrtolkens Book(json=...)), inte en egen attrapp."""

from datetime import date

import xlwings as xw
from arbetsbocker import STOKIGT, STOKIGT_RUBRIK, fixtur
from python_calamine import CalamineWorkbook

from evb_xl import ribbon


def _cell(v):
    return v.isoformat() + "T00:00:00.000Z" if isinstance(v, date) else v


def bok(blad: dict, namn="enhet.xlsx"):
    payload = {"version": xw.__version__, "client": "Microsoft Office",
               "book": {"name": namn, "active_sheet_index": 0, "selection": "A1"}, "names": [],
               "sheets": [{"name": n, "values": [[_cell(v) for v in r] for r in rader]} for n, rader in blad.items()]}
    return xw.Book(json=payload)


def lss_rader():
    rader = fixtur("lss_2023q4_bilaga2.csv")
    return [list(rader[0])] + [[r[k] or None for k in rader[0]] for r in rader]


def atgarder(b):
    return b.json()["actions"]


def test_skapa_bilagor_skriver_ny_arbetsbok_och_lamnar_boken_orord(tmp_path):
    b = bok({"Titel": [["Om listan"]], "Underlag": [[], *lss_rader()],
             "Inställningar": [["Kvartal", "2023 kv 4"], ["Antal", "kvarstående"], ["Nämnd", "Testnämnden"]]})
    r = ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    assert r.ok and r.utfil == str(tmp_path / "enhet_bilagor_2023Q4.xlsx")
    a = atgarder(b)
    assert [x["func"] for x in a] == ["alert"]  # boken ändras inte, bara en ruta visas
    assert "84 rapporteringspliktiga beslut 2023Q4" in a[0]["args"][0] and a[0]["args"][1] == "EVB"
    ut = CalamineWorkbook.from_path(r.utfil)
    summa = next(rad for rad in ut.get_sheet_by_name("Bilaga 1").to_python() if rad[0] == "Summa")
    assert (summa[1], summa[2]) == (33.0, 24.0)


def test_skapa_bilagor_som_nya_blad_nar_installningen_sager_det(tmp_path):
    b = bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"], ["Utdata", "blad i arbetsboken"]]})
    ribbon.on_button("evb_skapa_bilagor", b, ut=tmp_path)
    a = atgarder(b)
    assert [(x["func"], x["args"][1] if x["func"] == "addSheet" else None) for x in a if x["func"] != "setValues"] == [
        ("addSheet", "Bilaga 1 2023Q4"), ("addSheet", "Bilaga 2 2023Q4"), ("addSheet", "Kontroll 2023Q4"), ("alert", None)]
    skrivna = [x for x in a if x["func"] == "setValues"]
    assert {x["sheet_position"] for x in skrivna} == {2, 3, 4}  # aldrig blad 0 och 1 (underlagets)
    assert list(tmp_path.iterdir()) == []


def test_kontrollera_visar_fel_med_cell_och_skriver_inget(tmp_path):
    rader = [STOKIGT_RUBRIK, *STOKIGT, [None, None, "Man", "2023-13-01", None, "LSS", "9 § 3", "", None, None, "", ""]]
    b = bok({"Lista": rader})
    r = ribbon.on_button("evb_kontrollera", b, ut=tmp_path)
    assert not r.ok
    text = atgarder(b)[0]["args"][0]
    assert "enhet.xlsx, blad 'Lista', cell D11: okänt datum '2023-13-01'" in text
    assert "19800101-1234" not in text and "Testa Testsson" not in text
    assert [x["func"] for x in atgarder(b)] == ["alert"] and list(tmp_path.iterdir()) == []


def test_okand_knapp_sags_till():
    b = bok({"Underlag": lss_rader()})
    ribbon.on_button("evb_finns_inte", b)
    assert "Okänd knapp" in atgarder(b)[0]["args"][0]


def test_rapportknapparna_skriver_var_sin_arbetsbok(tmp_path):
    b = bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]})
    for knapp, slag in (("evb_vantetid", "vantetid"), ("evb_trend", "trend"),
                        ("evb_aterrapportering", "aterrapportering"), ("evb_enheter", "enheter")):
        r = ribbon.on_button(knapp, b, ut=tmp_path)
        assert r.ok and r.utfil == str(tmp_path / f"enhet_{slag}_2023Q4.xlsx")
    assert [x["func"] for x in atgarder(b)] == ["alert"] * 4
    summa = next(r for r in CalamineWorkbook.from_path(str(tmp_path / "enhet_vantetid_2023Q4.xlsx"))
                 .get_sheet_by_name("Väntetid").to_python() if r[0] == "Summa")
    assert summa[-1] == 84


def test_skapa_bilagor_laser_den_oppna_boken_en_gang(tmp_path, monkeypatch):
    lasningar = []
    las = ribbon.las_oppen_bok
    monkeypatch.setattr(ribbon, "las_oppen_bok", lambda b: lasningar.append(1) or las(b))
    ribbon.on_button("evb_skapa_bilagor", bok({"Underlag": lss_rader(), "Inställningar": [["Kvartal", "2023Q4"]]}),
                     ut=tmp_path)
    assert len(lasningar) == 1
