"""Ingen identitet i något som skrivs: personnummer, namn, kommentar, handläggare och omappade
kolumner finns inte i någon del av någon utfil, i utskriften eller i meddelandena."""

from __future__ import annotations

import pytest
from arbetsbocker import skriv_bok
from fortroende import OMAPPADE, blad, evb, identitetsunderlag, sokformer, xml_delar

from evb_xl.lasning.rubriker import falt


def test_identitetsunderlaget_har_de_kolumner_testet_pastar():
    assert [falt(r) for r in OMAPPADE] == [None, None, None]
    assert [falt(r) for r in ("Personnummer", "Namn", "Kommentar", "Handläggare")] == [
        "personnummer", "namn", "kommentar", "handlaggare"]


# --- integritet ---------------------------------------------------------------------

RAPPORTER = [["bilagor"], ["trend"], ["aterrapportering"], ["vantetid"], ["enheter"], ["ivo"], ["ivo", "--pseudo-id"]]


@pytest.mark.parametrize("kommando", RAPPORTER, ids=" ".join)
def test_ingen_identitet_i_nagon_del_av_utfilen(tmp_path, monkeypatch, kommando):
    """Personnummer, namn, kommentar, handläggare och omappade kolumner finns inte i någon del av
    utfilen (celler, bladnamn, definierade namn, dokumentegenskaper, kommentarer, Kontroll) eller
    i det som skrivs ut. Också IVO-listan, som bara har pseudo-id (och bara på begäran)."""
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", "en-nyckel-som-bara-finns-i-testet")
    underlag, hemligt = identitetsunderlag(tmp_path / "enhet.xlsx")
    kod, ut, fel = evb(*kommando, underlag, "--ut", tmp_path / "ut")
    assert kod == 0, fel
    utfiler = list((tmp_path / "ut").iterdir())
    assert len(utfiler) == 1 and utfiler[0].suffix == ".xlsx"
    delar = xml_delar(utfiler[0])
    assert "xl/workbook.xml" in delar and "docProps/core.xml" in delar
    hittat = [(s, del_) for s in hemligt for form in sokformer(s) for del_, text in
              [*delar.items(), ("utfilens namn", utfiler[0].name), ("stdout", ut), ("stderr", fel)] if form in text]
    assert hittat == []


def test_bilagorna_har_innehall_och_kontroll_namner_omappade_kolumner_bara_vid_rubrik(tmp_path):
    """Sökningen ovan är bara värd något om utfilen faktiskt innehåller raderna."""
    underlag, _ = identitetsunderlag(tmp_path / "enhet.xlsx")
    assert evb("bilagor", underlag, "--ut", tmp_path)[0] == 0
    b = blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")
    assert list(b) == ["Bilaga 1 LSS", "Bilaga 2 LSS", "Bilaga 1 SoL", "Bilaga 2 SoL", "Kontroll"]
    assert sum(1 for r in b["Bilaga 2 LSS"] + b["Bilaga 2 SoL"] if isinstance(r[0], float)) > 50
    kontroll = b["Kontroll"]
    lases_inte = [r[2] for r in kontroll if r[0] == "Läses inte"]
    assert lases_inte == OMAPPADE
    assert any("togs från personnumret" in str(c) for r in kontroll for c in r)
    assert sum(1 for r in kontroll if "Varning" in r) > 10


def test_kontroll_kommandot_och_sammanstallningen_visar_ingen_identitet(tmp_path):
    underlag, hemligt = identitetsunderlag(tmp_path / "enhet.xlsx")
    kod, ut, fel = evb("kontroll", underlag)
    assert kod == 0 and "varning:" in ut
    kod, ut2, fel2 = evb("ks", underlag, "--ut", tmp_path / "ks")
    assert kod == 0, fel2
    delar = {d: t for f in (tmp_path / "ks").iterdir() for d, t in xml_delar(f).items()}
    text = "\n".join([ut, fel, ut2, fel2, *delar.values()])
    assert [s for s in hemligt if any(form in text for form in sokformer(s))] == []


@pytest.mark.parametrize("kolumn, cell", [("Beslutsdatum", "D"), ("Kön", "C"), ("Lagrum", "E"), ("Orsak", "G")])
def test_personnummer_i_fel_kolumn_visas_inte_i_meddelanden(tmp_path, kolumn, cell):
    """Ett personnummer som hamnat i en kolumn vars värden annars visas i fel och varningar
    (datum, kön, lagrum, orsak) visas inte: varken i utskriften eller i Kontroll."""
    pnr = "19450317-4821"
    rubrik = ["Personnummer", "Namn", "Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"]
    rad = dict(zip(rubrik, ["", "Qvirna Zyx", "Kvinna", "2023-05-01", "LSS", "9 § 10", "Annat skäl"]))
    rad[kolumn] = 194503174821 if kolumn == "Beslutsdatum" else pnr  # datumet som tal, som Excel gör om det
    underlag = skriv_bok(tmp_path / "u.xlsx", [rubrik, [rad[k] for k in rubrik]])
    kod, ut, fel = evb("kontroll", underlag, "--kvartal", "2024Q1")
    assert kod == (1 if kolumn == "Beslutsdatum" else 0)
    assert f"u.xlsx, blad 'Underlag', cell {cell}2: " in ut + fel
    assert "(ser ut som ett personnummer, visas inte)" in ut + fel
    evb("bilagor", underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    utfiler = list((tmp_path / "ut").glob("*.xlsx")) if (tmp_path / "ut").exists() else []
    assert len(utfiler) == (0 if kolumn == "Beslutsdatum" else 1)
    text = ut + fel + "".join(t for f in utfiler for t in xml_delar(f).values())
    assert [f for f in sokformer(pnr) if f in text] == []
