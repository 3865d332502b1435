"""IVO-listan: bara på begäran, märkt som sekretess, pseudo-id bara med nyckel och stabilt mellan kvartal."""

import re
import zipfile

from arbetsbocker import STOKIGT, stokigt
from hjalp import evb
from python_calamine import CalamineWorkbook

NYCKEL = "testnyckel-som-bara-finns-i-testerna"


def lista(sokvag):
    bok = CalamineWorkbook.from_path(str(sokvag))
    assert bok.sheet_names == ["SEKRETESS IVO"]
    rader = bok.get_sheet_by_name("SEKRETESS IVO").to_python()
    start = next(i for i, r in enumerate(rader) if r[0] == "Pseudo-id")
    return rader[:start], [r for r in rader[start + 1:] if r[-1] != ""]


def kor(tmp_path, *args, nyckel=NYCKEL):
    return evb("ivo", *args, env={"EVB_PSEUDO_NYCKEL": nyckel or None}, timeout=120)


def test_ivo_listan_med_pseudo_id_och_sekretessmarkering(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    p = kor(tmp_path, underlag, "--kvartal", "2023Q4", "--pseudo-id")
    assert p.returncode == 0, p.stderr
    ut = tmp_path / "enhet_ivo_SEKRETESS_2023Q4.xlsx"
    huvud, rader = lista(ut)
    assert huvud[0][0].startswith("SEKRETESS") and "26 kap. 1 §" in huvud[1][0]
    pid = {int(r[-1]): r[0] for r in rader}
    for rad, man in ((5, True), (6, False), (9, True)):  # rader i underlaget med personnummer
        assert re.fullmatch(r"\d{8}-T\d{3}", pid[rad])
        assert int(pid[rad][-1]) % 2 == (1 if man else 0)
    assert pid[5].startswith("19800101-T")
    assert "personnumret går inte att läsa" in p.stdout  # raden utan personnummer får en varning
    with zipfile.ZipFile(ut) as z:
        allt = b"".join(z.read(n) for n in z.namelist()).decode("utf-8", "replace")
        assert "<cp:keywords>SEKRETESS</cp:keywords>" in allt
    for rad in STOKIGT:
        if rad[0]:
            assert rad[0] not in allt and rad[1] not in allt


def test_samma_person_far_samma_id_varje_kvartal_och_annan_nyckel_ger_annat(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    for k in ("2023Q4", "2024Q1"):
        assert kor(tmp_path, underlag, "--kvartal", k, "--pseudo-id").returncode == 0
    q4 = {int(r[-1]): r[0] for r in lista(tmp_path / "enhet_ivo_SEKRETESS_2023Q4.xlsx")[1]}
    q1 = {int(r[-1]): r[0] for r in lista(tmp_path / "enhet_ivo_SEKRETESS_2024Q1.xlsx")[1]}
    gemensamma = set(q4) & set(q1)
    assert gemensamma and all(q4[r] == q1[r] for r in gemensamma)
    assert kor(tmp_path, underlag, "--kvartal", "2023Q4", "--pseudo-id", "--skriv-over",
               nyckel="en-helt-annan-hemlig-nyckel-123").returncode == 0
    annan = {int(r[-1]): r[0] for r in lista(tmp_path / "enhet_ivo_SEKRETESS_2023Q4.xlsx")[1]}
    assert annan[5] != q4[5] and annan[5][:10] == q4[5][:10]


def test_utan_begaran_inget_pseudo_id_och_utan_nyckel_ett_fel(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    assert kor(tmp_path, underlag, "--kvartal", "2023Q4", nyckel=None).returncode == 0
    assert all(r[0] == "" for r in lista(tmp_path / "enhet_ivo_SEKRETESS_2023Q4.xlsx")[1])
    p = kor(tmp_path, underlag, "--kvartal", "2023Q4", "--pseudo-id", "--skriv-over", nyckel=None)
    assert p.returncode == 2 and "EVB_PSEUDO_NYCKEL" in p.stderr and "ingen inbyggd nyckel" in p.stderr


def test_ivo_listans_fil_raknas_inte_som_underlag_i_en_mappkorning(tmp_path):
    underlag = stokigt(tmp_path / "enhet.xlsx")
    assert kor(tmp_path, underlag, "--kvartal", "2023Q4").returncode == 0
    p = evb("kontroll", tmp_path, "--kvartal", "2023Q4")
    assert p.returncode == 0 and "SEKRETESS" not in p.stdout
