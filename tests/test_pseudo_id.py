"""IVO:s pseudo-id (evb_xl/regler/pseudo.py): form, könssiffra, stabilt mellan kvartal, bara med
en hemlig nyckel, och inget personnummer i felen."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from evb_xl.regler import pseudo

NYCKEL = b"en-nyckel-bara-for-testerna-1234"


@pytest.mark.parametrize("pnr, kon, fodd, man", [
    ("19800101-1234", "Man", "19800101", True),
    ("19750505-2348", "Kvinna", "19750505", False),
    ("20120363-3317", "Pojke", "20120303", True),  # samordningsnummer: dag + 60
    ("201203633327", "Flicka", "20120303", False),
    ("19800101-1234", None, "19800101", True),  # kön ur personnumret (näst sista siffran udda)
    ("19800101-1244", "Hen", "19800101", False),  # okänt kön: personnumret avgör
    ("19800101-1234", "K", "19800101", False),  # kön i cellen går före personnumret
    ("19800101-1234", False, "19800101", False),
])
def test_pseudo_id_har_ivos_form_och_konssiffra(pnr, kon, fodd, man):
    t = pseudo.pseudo_id(pnr, kon, NYCKEL)
    tf = pseudo.pseudo_id(pnr, kon, NYCKEL, variant="TF")
    assert re.fullmatch(rf"{fodd}-T\d{{3}}", t) and re.fullmatch(rf"{fodd}-TF\d{{2}}", tf)
    # den tredje tecknet efter T är könssiffran: udda för man, jämn för kvinna
    assert int(t.split("-T")[1][2]) % 2 == int(tf.split("-T")[1][2]) % 2 == (1 if man else 0)


def test_pseudo_id_ar_samma_varje_kvartal_och_i_varje_skrivsatt():
    assert pseudo.pseudo_id("19800101-1234", "Man", NYCKEL) == "19800101-T681"  # får aldrig ändras
    assert pseudo.pseudo_id("19800101-1234", "Man", NYCKEL, variant="TF") == "19800101-TF83"
    former = ["19800101-1234", "198001011234", " 19800101 - 1234 ", "800101-1234", "8001011234"]
    dagar = [date(2023, 12, 31), date(2024, 3, 31), date(2026, 6, 30)]
    assert {pseudo.pseudo_id(f, "Man", NYCKEL, pa_dag=d) for f in former for d in dagar} == {"19800101-T681"}
    assert pseudo.pseudo_id("19800101-1234", "Man", bytearray(NYCKEL)) == "19800101-T681"


def test_pseudo_id_foljer_den_beskrivna_algoritmen():
    import hashlib
    import hmac

    for tio, man in (("8001011234", True), ("7505052348", False), ("1203633317", True)):
        h = int.from_bytes(hmac.new(NYCKEL, b"evb-xl/ivo-pseudo-id/v1:" + tio.encode(), hashlib.sha256).digest()[:8], "big")
        pid = pseudo.pseudo_id(tio, man, NYCKEL, pa_dag=date(2024, 3, 31))
        assert pid.endswith(f"-T{h % 100:02d}{2 * (h // 100 % 5) + man}")


def test_annan_nyckel_ger_andra_nummer_och_numren_sprids():
    slump = random.Random(3)
    personer = {f"19{slump.randrange(20, 99)}{slump.randrange(1, 13):02d}{slump.randrange(1, 29):02d}-"
                f"{slump.randrange(1000):03d}{slump.randrange(10)}" for _ in range(2000)}
    a = {p: pseudo.pseudo_id(p, None, NYCKEL) for p in personer}
    b = {p: pseudo.pseudo_id(p, None, b"en-helt-annan-nyckel-0987654321") for p in personer}
    assert all(a[p][:10] == b[p][:10] for p in personer)  # födelsedag och T är desamma
    lika = sum(a[p] == b[p] for p in personer)
    assert lika < len(personer) * 0.01  # 1/500 väntat
    assert len({a[p][-3:] for p in personer}) > 400  # nästan alla 500 kombinationer används


def test_pseudo_id_kraver_en_nyckel_och_det_finns_ingen_inbyggd(tmp_path, monkeypatch):
    import inspect

    assert inspect.signature(pseudo.pseudo_id).parameters["nyckel"].default is inspect.Parameter.empty
    for dalig in (b"", None, "", b"kort"):
        with pytest.raises(pseudo.NyckelFel):
            pseudo.pseudo_id("19800101-1234", "Man", dalig)
    monkeypatch.delenv("EVB_PSEUDO_NYCKEL", raising=False)
    with pytest.raises(pseudo.NyckelFel) as e:
        pseudo.las_nyckel(None)
    assert str(e.value) == (
        "pseudo-id kräver en hemlig nyckel: ange en nyckelfil eller sätt miljövariabeln EVB_PSEUDO_NYCKEL. "
        "Använd samma nyckel varje kvartal, annars får personerna nya nummer; evb-xl har ingen inbyggd nyckel")
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", "   ")
    with pytest.raises(pseudo.NyckelFel):
        pseudo.las_nyckel(None)
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", NYCKEL.decode())
    assert pseudo.las_nyckel(None) == NYCKEL
    fil = tmp_path / "nyckel.txt"
    fil.write_bytes(b"\xef\xbb\xbf" + NYCKEL + b"\r\n")  # sparad i Anteckningar
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", "en-annan-nyckel-i-miljon-123456")
    assert pseudo.las_nyckel(fil) == NYCKEL  # filen går före miljövariabeln
    assert pseudo.las_nyckel(str(fil)) == NYCKEL


@pytest.mark.parametrize("hur, meddelande", [
    ("saknas", "nyckelfilen '{fil}' finns inte"),
    ("tom", "nyckelfilen '{fil}' är tom"),
    ("kort", "nyckeln i '{fil}' är för kort (5 tecken); använd minst 16, helst en slumpad (se ny_nyckel)"),
    ("mapp", "nyckelfilen '{fil}' är en mapp, inte en fil"),
])
def test_nyckelfil_som_inte_duger(tmp_path, hur, meddelande):
    fil = tmp_path / "nyckel"
    if hur == "tom":
        fil.write_bytes(b"\n")
    elif hur == "kort":
        fil.write_text("hemli")
    elif hur == "mapp":
        fil.mkdir()
    with pytest.raises(pseudo.NyckelFel) as e:
        pseudo.las_nyckel(fil)
    assert str(e.value) == meddelande.format(fil=fil)


@pytest.mark.parametrize("pnr", ["19801301-1234", "1980-01-01", "19800101-123", "Qvirna Zyx", "", None, "198001011234567"])
def test_personnummer_som_inte_gar_att_anvanda_visas_inte_i_felet(pnr):
    with pytest.raises(pseudo.PseudoFel) as e:
        pseudo.pseudo_id(pnr, "Man", NYCKEL)
    assert str(e.value).endswith("; värdet visas inte") and not re.search(r"\d", str(e.value))


def test_fingeravtryck_skiljer_nycklar_utan_att_visa_dem():
    assert re.fullmatch(r"[0-9a-f]{8}", pseudo.fingeravtryck(NYCKEL))
    assert pseudo.fingeravtryck(NYCKEL) == pseudo.fingeravtryck(NYCKEL) != pseudo.fingeravtryck(NYCKEL + b"x")
    assert pseudo.fingeravtryck(NYCKEL) not in NYCKEL.hex()
    assert len(pseudo.ny_nyckel()) >= 32 and pseudo.ny_nyckel() != pseudo.ny_nyckel()
