"""Underlaget orört och hela utfiler: underlaget öppnas bara för läsning och är byte för byte
detsamma efteråt, också när körningen misslyckas eller kraschar; utfilen skrivs atomiskt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from arbetsbocker import sol_2024q1
from fortroende import blad, evb, evb_process, fotavtryck, identitetsunderlag
from hjalp import miljo

_GRANSKA_FILER = """
import os, sys
skrivflaggor = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
UNDERLAG = os.path.realpath(os.environ["EVB_TEST_UNDERLAG"])
UT = os.path.realpath(os.environ["EVB_TEST_UT"])
handelser = []
def krok(handelse, argument):
    if handelse == "open" and isinstance(argument[0], (str, bytes, os.PathLike)):
        vag, lage, flaggor = os.path.realpath(os.fsdecode(argument[0])), argument[1] or "", argument[2]
        skriver = any(t in str(lage) for t in "wax+") or bool(flaggor & skrivflaggor)
        handelser.append(("open", vag, skriver))
    elif handelse in ("os.rename", "os.remove", "os.truncate", "os.chmod", "os.utime", "shutil.move",
                      "shutil.copyfile", "os.link", "os.symlink"):
        vagar = [os.path.realpath(os.fsdecode(a)) for a in argument if isinstance(a, (str, bytes, os.PathLike))]
        handelser.append((handelse, *vagar))
sys.addaudithook(krok)
import atexit
def rapport():
    with open(os.environ["EVB_TEST_LOGG"], "w", encoding="utf-8") as f:
        for h in handelser:
            f.write("\\t".join(map(str, h)) + "\\n")
atexit.register(rapport)
"""


def _granskade_handelser(logg: Path) -> list[list[str]]:
    return [rad.split("\t") for rad in logg.read_text(encoding="utf-8").splitlines()]


def test_underlaget_oppnas_bara_for_lasning_och_utfilen_byter_namn_pa_plats(tmp_path):
    """Varje öppning av underlaget i Python är för läsning; allt som skrivs hamnar i målmappen
    som en tillfällig dold fil, och utfilen uppstår bara genom ett namnbyte (os.replace)."""
    (tmp_path / "in").mkdir()
    underlag, _ = identitetsunderlag(tmp_path / "in" / "enhet.xlsx")
    ut = tmp_path / "ut"
    logg = tmp_path / "logg.tsv"
    env = {"EVB_TEST_UNDERLAG": str(underlag), "EVB_TEST_UT": str(ut), "EVB_TEST_LOGG": str(logg)}
    fore = fotavtryck(underlag)
    p = evb_process("bilagor", underlag, "--ut", ut, env=env, forspel=_GRANSKA_FILER)
    assert p.returncode == 0, p.stderr
    assert fotavtryck(underlag) == fore
    handelser = _granskade_handelser(logg)
    underlagets = [h for h in handelser if str(underlag.resolve()) in h[1:]]
    assert underlagets and all(h[0] == "open" and h[2] == "False" for h in underlagets)
    skrivna = {h[1] for h in handelser if h[0] == "open" and h[2] == "True"}
    i_ut = {Path(s) for s in skrivna if Path(s).parent == ut.resolve()}
    assert i_ut and all(s.name.startswith(".enhet_bilagor_2024Q1.") and s.suffix == ".tmp" for s in i_ut)
    namnbyten = [h for h in handelser if h[0] == "os.rename"]
    assert [Path(h[2]).name for h in namnbyten] == ["enhet_bilagor_2024Q1.xlsx"]
    assert Path(namnbyten[0][1]) in i_ut
    # annat som skrivs: Pythons cache, testets logg, och arbetsfiler i systemets temp-mapp
    # (openpyxl:s XML för bladen, namnlösa O_TMPFILE) som är borta när körningen är klar
    tmp = Path(tempfile.gettempdir()).resolve()
    ovriga = [Path(s) for s in skrivna - {str(p) for p in i_ut} if "__pycache__" not in s and Path(s) != logg.resolve()]
    assert [s for s in ovriga if not (s == tmp or s.parent == tmp)] == []
    assert [s for s in ovriga if s.parent == tmp and s.exists()] == []
    assert sorted(f.name for f in ut.iterdir()) == ["enhet_bilagor_2024Q1.xlsx"]


@pytest.mark.kraver("strace")
def test_underlaget_oppnas_bara_for_lasning_aven_av_calamine(tmp_path):
    """Samma sak på systemanropsnivå, så att också läsaren i Rust (python-calamine) räknas."""
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    logg = tmp_path / "strace.txt"
    kod = "import sys; from evb_xl.cli import main; main(sys.argv[1:])"
    p = subprocess.run(["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(logg), sys.executable, "-c", kod,
                        "bilagor", str(underlag), "--kvartal", "2024Q1", "--ut", str(tmp_path / "ut")],
                       capture_output=True, text=True, env=miljo(), timeout=300)
    assert p.returncode == 0, p.stderr
    rader = [r for r in logg.read_text().splitlines() if f'"{underlag}"' in r or '"sol.xlsx"' in r]
    oppningar = [r for r in rader if re.search(r"\bopen(at)?\(", r)]
    assert len(oppningar) >= 2  # en koll av filens början, sedan calamine
    for r in rader:
        assert not re.search(r"\b(rename|unlink|truncate|chmod|chown|utime|link|symlink|setxattr)", r), r
        if re.search(r"\bopen(at)?\(", r):
            assert "O_RDONLY" in r and not re.search(r"O_(WRONLY|RDWR|CREAT|TRUNC|APPEND)", r), r


def _ut_under_en_fil(tmp_path: Path) -> list:
    fil = tmp_path / "upptagen"
    fil.write_text("en fil där en mapp skulle ligga")
    return ["--ut", fil / "ut"]


@pytest.mark.parametrize("hur", ["fel i underlaget", "utfilen finns", "utmappen går inte att skapa", "okänd flagga"])
def test_underlaget_orort_nar_korningen_misslyckas(tmp_path, hur):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    args = {"fel i underlaget": ["--ut", tmp_path / "ut"],
            "utfilen finns": ["--ut", tmp_path],
            "utmappen går inte att skapa": _ut_under_en_fil(tmp_path),
            "okänd flagga": ["--inte-en-flagga"]}[hur]
    if hur == "fel i underlaget":
        wb = openpyxl.load_workbook(underlag)
        wb.active["C5"] = "2023-02-30"
        wb.save(underlag)
    if hur == "utfilen finns":
        (tmp_path / "sol_bilagor_2024Q1.xlsx").write_bytes(b"gammal")
    fore = fotavtryck(underlag)
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1", *args)
    assert kod == (2 if hur == "okänd flagga" else 1)
    assert fotavtryck(underlag) == fore
    assert "Traceback" not in ut + fel and "oväntat fel" not in fel
    assert [f.name for f in tmp_path.rglob(".*.tmp")] == []
    meddelande = {"fel i underlaget": "sol.xlsx, blad 'Underlag', cell C5: okänt datum '2023-02-30' i Beslutsdatum",
                  "utfilen finns": "finns redan (använd --skriv-over för att ersätta den)",
                  "utmappen går inte att skapa": f"{tmp_path / 'upptagen' / 'ut' / 'sol_bilagor_2024Q1.xlsx'}: kunde inte skrivas (",
                  "okänd flagga": "okänd flagga --inte-en-flagga"}[hur]
    assert meddelande in fel


_KRASCH = """
import os
def krascha(fil, *a, **k):
    with open(fil, "wb") as f:  # en halvskriven fil, sedan dör processen som vid strömavbrott
        f.write(b"PK\\x03\\x04 halvskriven")
        f.flush()
    os._exit(70)
if os.environ["EVB_TEST_KRASCH"] == "spara":  # standardmallen skrivs utan openpyxl (standardbok.py)
    import evb_xl.skrivning.standardbok as s
    s.Standardbok.save = lambda self, fil: krascha(fil)
else:  # mitt i zip-filen, när bladen (med de stora tabellerna) skrivs (standardbok._skriv_zip)
    import evb_xl.skrivning.standardbok as s
    skriv = s._skriv_zip
    def halvvags(fil, delar):
        skriv(fil, [d for d in delar if "worksheets/" not in d[0]])  # delarna före bladen, sedan dör den
        os._exit(70)
    s._skriv_zip = halvvags
"""


@pytest.mark.parametrize("var", ["spara", "stora tabeller"])
@pytest.mark.parametrize("fanns", [False, True])
def test_krasch_mitt_i_skrivningen_lamnar_ingen_halv_utfil(tmp_path, var, fanns):
    """Processen dör mitt i skrivningen: utfilen saknas (eller är den gamla, orörd), underlaget är
    orört, och nästa körning i mappen tar inte den tillfälliga filen för ett underlag."""
    underlag, _ = identitetsunderlag(tmp_path / "enhet.xlsx")
    utfil = tmp_path / "enhet_bilagor_2024Q1.xlsx"
    if fanns:
        assert evb("bilagor", underlag)[0] == 0
    gammal = utfil.read_bytes() if fanns else None
    fore = fotavtryck(underlag)
    p = evb_process("bilagor", underlag, *(["--skriv-over"] if fanns else []), env={"EVB_TEST_KRASCH": var},
                    forspel=_KRASCH)
    assert p.returncode == 70
    assert fotavtryck(underlag) == fore
    if fanns:
        assert utfil.read_bytes() == gammal
    else:
        assert not utfil.exists()
    kvar = [f for f in tmp_path.iterdir() if f.name.endswith(".tmp")]
    assert kvar and all(f.name.startswith(".enhet_bilagor_2024Q1.") for f in kvar)
    kod, ut, fel = evb("bilagor", tmp_path, "--skriv-over")
    assert kod == 0, fel
    assert [r for r in ut.splitlines() if r.startswith("enhet")] == [r for r in ut.splitlines() if r.startswith("enhet.xlsx: ")]
    assert len(ut.splitlines()) == 1 and ".tmp" not in ut + fel
    assert openpyxl.load_workbook(utfil).sheetnames[-1] == "Kontroll"


def test_fel_vid_sparandet_stadar_undan_den_tillfalliga_filen(tmp_path, monkeypatch):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")

    def fullt(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fullt)
    kod, _, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 1
    assert f"{tmp_path / 'sol_bilagor_2024Q1.xlsx'}: kunde inte skrivas (disken är full)" in fel
    assert sorted(f.name for f in tmp_path.iterdir()) == ["sol.xlsx"]


def test_befintliga_utfiler_i_en_mappkorning(tmp_path):
    """Utan --skriv-over: den befintliga utfilen lämnas, användaren får veta det, de andra blir klara."""
    sol_2024q1(tmp_path / "a.xlsx")
    sol_2024q1(tmp_path / "b.xlsx")
    ut = tmp_path / "ut"
    ut.mkdir()
    (ut / "a_bilagor_2024Q1.xlsx").write_bytes(b"gammal")
    kod, _, fel = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", ut)
    assert kod == 1
    assert f"  fel: {ut / 'a_bilagor_2024Q1.xlsx'} finns redan (använd --skriv-over för att ersätta den)" in fel
    assert (ut / "a_bilagor_2024Q1.xlsx").read_bytes() == b"gammal"
    assert (ut / "b_bilagor_2024Q1.xlsx").exists()
    kod, _, fel = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", ut, "--skriv-over")
    assert kod == 0, fel
    assert blad(ut / "a_bilagor_2024Q1.xlsx")["Kontroll"]


def test_utfilen_far_samma_behorighet_som_andra_nya_filer(tmp_path):
    """Den tillfälliga filen skapas bara läsbar för ägaren; utfilen ska ändå gå att läsa för dem
    som får läsa andra nya filer i mappen (umask), och en ersatt fil behåller sin behörighet."""
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    gammal = os.umask(0o022)
    try:
        assert evb("bilagor", underlag, "--kvartal", "2024Q1")[0] == 0
        utfil = tmp_path / "sol_bilagor_2024Q1.xlsx"
        assert utfil.stat().st_mode & 0o777 == 0o644
        os.chmod(utfil, 0o664)
        assert evb("bilagor", underlag, "--kvartal", "2024Q1", "--skriv-over")[0] == 0
        assert utfil.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(gammal)


def lasfil(anvandare: str = "Hqandl01 Ptersson") -> bytes:
    """Som Excels ägarfil (~$namn.xlsx) bredvid en öppen bok: användarens namn i en liten binär fil."""
    namn = anvandare.encode("latin-1")[:53]
    bred = anvandare.encode("utf-16-le")[:108]
    return bytes([len(namn)]) + namn.ljust(53, b" ") + bytes([len(anvandare), 0]) + bred + b" \x00" * ((110 - len(bred)) // 2)


def test_arbetsbok_oppen_i_excel_lases_och_lasfilen_ar_ingen_arbetsbok(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    (tmp_path / "~$sol.xlsx").write_bytes(lasfil())
    fore = fotavtryck(underlag)
    with open(underlag, "r+b"):  # en annan process har boken öppen
        kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "a")
    assert kod == 0, fel
    assert (tmp_path / "a" / "sol_bilagor_2024Q1.xlsx").exists()
    kod, ut, fel = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", tmp_path / "b")
    assert kod == 0 and "~$" not in ut + fel
    # som när skalet expanderar *.xlsx: låsfilen kommer med bland filerna
    kod, ut, fel = evb("bilagor", *sorted(tmp_path.glob("*.xlsx")), "--kvartal", "2024Q1", "--ut", tmp_path / "c")
    assert kod == 0, fel
    assert "~$" not in ut + fel and "Hqandl" not in ut + fel
    assert sorted(f.name for f in (tmp_path / "c").iterdir()) == ["sol_bilagor_2024Q1.xlsx"]
    assert fotavtryck(underlag) == fore
