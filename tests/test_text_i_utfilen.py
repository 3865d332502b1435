"""Text ur underlaget i utfilen: det som liknar en formel skrivs som text, text över Excels gräns
kortas, styrtecken tas bort, och varje del av utfilen är välformad XML."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from arbetsbocker import skriv_bok
from fortroende import blad, celler, evb, xml_delar

FORMELLIKNANDE = ["=1+1", "=HYPERLINK(\"http://x\";\"klicka\")", "+46701234567", "-9 § 10 Daglig verksamhet",
                  "@SUMMA(A1:A9)", "=", "+", "-", "@", " =1+1", "=cmd|' /C calc'!A0"]
# som insatser som känns igen: Bilaga 2 skriver bara en sådan som personalen skrev den (rapporter/fritext.py)
INSATSER = [t if "Daglig" in t else f"{t} Daglig verksamhet" for t in FORMELLIKNANDE]


@pytest.mark.parametrize("antal", [len(FORMELLIKNANDE), 60])
def test_text_som_liknar_en_formel_skrivs_som_text(tmp_path, antal):
    """Både i de första raderna (openpyxl) och i stora tabeller (massvägen), och i flaggor."""
    rader = [["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"]]
    for i in range(antal):
        text = FORMELLIKNANDE[i % len(FORMELLIKNANDE)]
        rader.append(["Man", date(2023, 1, 1) + timedelta(days=i), "LSS", INSATSER[i % len(INSATSER)], text])
    underlag = skriv_bok(tmp_path / "u.xlsx", rader)
    kod, _, fel = evb("bilagor", underlag, "--kvartal", "2024Q1", "--namnd", "=1+2", "--dnr", "@dnr")
    assert kod == 0, fel
    utfil = tmp_path / "u_bilagor_2024Q1.xlsx"
    delar = xml_delar(utfil)
    bladxml = "".join(t for n, t in delar.items() if n.startswith("xl/worksheets/"))
    assert "<f>" not in bladxml and "<f " not in bladxml
    b = blad(utfil)
    insatser = [r[5] for r in b["Bilaga 2"] if isinstance(r[0], float)]
    assert sorted(insatser) == sorted(r[3].strip() for r in rader[1:])
    assert b["Bilaga 1"][1][0] == "=1+2" and "@dnr" in b["Bilaga 1"][2][0]
    # cellerna tolkade som XML (inte den XML-kodade texten, som openpyxl skriver olika med och utan
    # lxml): varje cell med en formellik text är en textcell, ingen har en formel
    alla = celler(utfil)
    assert not any(c.formel for c in alla)
    for text in {t.strip() for t in INSATSER}:
        med_texten = [c for c in alla if c.text == text]
        assert med_texten and all(c.typ in ("inlineStr", "s") for c in med_texten), (text, med_texten)


def _med_ersatt_text(kalla: Path, mal: Path, byten: dict[str, str]) -> Path:
    """En kopia av arbetsboken där texter byts direkt i bladets XML (för sådant som openpyxl
    inte skriver: text längre än 32 767 tecken, styrtecken som Excel sparar som _x000B_)."""
    with zipfile.ZipFile(kalla) as inn, zipfile.ZipFile(mal, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            data = inn.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for gammal, ny in byten.items():
                    text = text.replace(gammal, ny)
                data = text.encode("utf-8")
            ut.writestr(info, data)
    return mal


def test_mycket_lang_text_och_styrtecken(tmp_path):
    """Text över Excels gräns (32 767 tecken) och styrtecken (Word-radbrytning, sparad som _x000B_)
    i insatser som skrivs i Bilaga 2, både på första raden (openpyxl) och därefter (massvägen):
    utfilen blir giltig. En lång kommentar syns ingenstans, ett långt värde i ett fel visas inte."""
    rubrik = ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Kommentar"]
    rader = [rubrik, ["Kvinna", date(2023, 3, 1), "LSS", "LANG1", "LANGORSAK", "LANGKOMMENTAR"],
             ["Man", date(2023, 3, 2), "LSS", "STYRTECKEN", "Annat skäl", ""],
             ["Man", date(2023, 3, 3), "LSS", "LANG2", "Annat skäl", ""]]
    lang1 = "9 § 3 Ledsagarservice_x000B_" + "lång beskrivning " * 3000
    lang2 = "9 § 10 Daglig verksamhet " + "mycket lång beskrivning " * 2000
    underlag = _med_ersatt_text(skriv_bok(tmp_path / "kalla.xlsx", rader), tmp_path / "u.xlsx", {
        "LANG1": lang1, "LANG2": lang2, "LANGORSAK": "Qorsak " * 8000, "LANGKOMMENTAR": "Qkommentar " * 9000,
        "STYRTECKEN": "Kontakt_x000B_person_x0001_ 9 § 4"})
    assert min(len(lang1), len(lang2)) > 32767
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    utfil = tmp_path / "u_bilagor_2024Q1.xlsx"
    delar = xml_delar(utfil)
    assert "Qkommentar" not in "".join(delar.values())
    for namn, text in delar.items():  # inga styrtecken, varken som tecken eller som Excels _x000B_
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x000[0-9A-F]_", text), namn
    # längden räknas på texten i cellen (som XML tolkad), inte på dess XML-kodade form; tolkningen
    # fallerar också på en teckenreferens till ett styrtecken (&#11;)
    texter = [c for c in celler(utfil) if c.typ in ("s", "inlineStr", "str")]
    assert max(len(c.text) for c in texter) == 32767
    assert [c.ref for c in texter if len(c.text) > 32767 or re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c.text)] == []
    b2 = [r for r in blad(utfil)["Bilaga 2"] if isinstance(r[0], float)]
    insatser = [r[5] for r in b2]
    assert insatser[0].startswith("9 § 3 Ledsagarservice") and len(insatser[0]) == 32767
    assert insatser[1].startswith("Kontakt") and insatser[1].endswith(" 9 § 4") and "\x0b" not in insatser[1]
    assert insatser[2] == lang2[:32767]
    kontroll = blad(utfil)["Kontroll"]
    assert any(r[2] == "okänd orsak (lång text, visas inte); räknas under Orsak saknas" for r in kontroll)
    # ett långt värde i ett fel
    fel_underlag = _med_ersatt_text(skriv_bok(tmp_path / "k2.xlsx", [rubrik, ["Man", "LANGDATUM", "LSS", "9 § 10", "", ""]]),
                                    tmp_path / "f.xlsx", {"LANGDATUM": "2023-01-01 " * 5000})
    kod, _, fel = evb("bilagor", fel_underlag, "--kvartal", "2024Q1")
    assert kod == 1
    assert "f.xlsx, blad 'Underlag', cell B2: okänt datum (lång text, visas inte) i Beslutsdatum" in fel
    assert len(fel) < 1000


@pytest.mark.parametrize("kommando", ["bilagor", "enheter", "vantetid", "aterrapportering", "ivo"])
def test_styrtecken_i_underlaget_ger_valformad_xml_i_varje_rapport(tmp_path, kommando):
    """Styrtecken i insats, orsak och enhet (som blir bladnamn i rapporten per enhet): varje del
    av utfilen är välformad XML, så att Excel öppnar den."""
    import xml.dom.minidom

    rader = [["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Enhet", "Beslutet verkställt"]]
    for i in range(60):
        rader.append(["Man", date(2023, 1, 2) + timedelta(days=i), "LSS", "INSATS", "ORSAK", "ENHET",
                      date(2024, 2, 1) if i % 2 else None])
    underlag = _med_ersatt_text(skriv_bok(tmp_path / "k.xlsx", rader), tmp_path / "u.xlsx", {
        "INSATS": "9 § 10_x000B_Daglig_x0001_", "ORSAK": "Tackat_x000C_nej", "ENHET": "Norr_x000B_Syd"})
    kod, _, fel = evb(kommando, underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    assert kod == 0, fel
    (utfil,) = (tmp_path / "ut").iterdir()
    for namn, text in xml_delar(utfil).items():
        if namn.endswith((".xml", ".rels")):
            xml.dom.minidom.parseString(text.encode("utf-8"))  # kastar vid ogiltig XML
