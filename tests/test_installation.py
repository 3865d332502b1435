"""`evb-xl installera` och `evb-xl doktor` på en påhittad Windows-dator i en tillfällig mapp.

Datorn har en användare Åsa (icke-ASCII, men i Windows teckentabell), en venv i
%LOCALAPPDATA%\\evb-xl som README beskriver, xlwings DLL där pip lägger den, och Excel i
Program Files. Det enda som inte är påhittat är tillägget, som kopieras ur paketet.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from evb_xl import __version__
from evb_xl import installation as inst

ROOT = Path(__file__).resolve().parents[1]
TILLAGG = ROOT / "evb_xl" / "data" / "evb_xl.xlam"


def windows(tmp_path: Path, anvandare: str = "Åsa", **andra) -> inst.Miljo:
    hem = tmp_path / "Users" / anvandare
    local, roaming = hem / "AppData" / "Local", hem / "AppData" / "Roaming"
    venv = local / "evb-xl"
    (venv / "Scripts").mkdir(parents=True)
    (venv / "Scripts" / "python.exe").write_bytes(b"MZ")
    (venv / inst.DLL).write_bytes(b"MZ")  # xlwings-0.37.8.data/data/ hamnar i venv:ens rot
    site = venv / "Lib" / "site-packages"
    (site / "xlwings").mkdir(parents=True)
    office = tmp_path / "Program Files" / "Microsoft Office" / "root" / "Office16"
    office.mkdir(parents=True)
    (office / "EXCEL.EXE").write_bytes(b"MZ")
    env = {"USERPROFILE": str(hem), "APPDATA": str(roaming), "LOCALAPPDATA": str(local),
           "ProgramFiles": str(tmp_path / "Program Files")}
    m = inst.Miljo(system="Windows", python=venv / "Scripts" / "python.exe", prefix=venv,
                   base_prefix=tmp_path / "Python312", version=(3, 12, 4), bitar=64, maskin="AMD64",
                   implementation="CPython", env=env, tillagg=TILLAGG, xlwings_version="0.37.8",
                   xlwings_mapp=site / "xlwings", anvandarsite=roaming / "Python" / "Python312" / "site-packages",
                   excel_mappar=(tmp_path / "Program Files" / "Microsoft Office" / "Office16", office),
                   kor_tolk=lambda tolk: None)
    return dataclasses.replace(m, **andra)


def xlstart(m: inst.Miljo) -> Path:
    return Path(m.env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"


def rader_med(svar: inst.Svar, etikett: str) -> list[str]:
    return [r for r in svar.text().splitlines() if r.startswith(etikett)]


def test_installera_lagger_tillagget_i_xlstart_och_tolken_i_installningarna(tmp_path):
    m = windows(tmp_path)
    svar = inst.installera(m)
    assert svar.ok, svar.text()
    assert (xlstart(m) / "evb_xl.xlam").read_bytes() == TILLAGG.read_bytes()
    fil = Path(m.env["USERPROFILE"]) / ".evb_xl" / "evb_xl.conf"
    # ANSI och CRLF som VBA:s Input # läser; %LOCALAPPDATA% i stället för C:\Users\Åsa\...
    assert fil.read_bytes() == b'"INTERPRETER_WIN","%LOCALAPPDATA%\\evb-xl\\Scripts\\python.exe"\r\n'
    text = svar.text()
    assert "Klart. Starta om Excel" in text and "Starta om formlerna" in text
    assert rader_med(svar, "FEL") == []


def test_doktor_efter_installera_ar_nojd(tmp_path):
    m = windows(tmp_path)
    inst.installera(m)
    svar = inst.kontrollera(m)
    assert svar.ok and svar.text().endswith("Allt ser bra ut."), svar.text()
    text = svar.text()
    for rad in ("OK   Python: CPython 3.12.4, 64 bitar (AMD64)", "OK   xlwings: 0.37.8",
                f"OK   xlwings DLL: {m.prefix / inst.DLL}", "OK   Tolken startar"):
        assert rad in text
    assert f"{m.python} (INTERPRETER_WIN i " in text


def test_doktor_fore_installera_sager_vad_som_saknas(tmp_path):
    m = windows(tmp_path)
    svar = inst.kontrollera(m)
    assert not svar.ok
    assert rader_med(svar, "FEL") == [f"FEL  Tillägget i XLSTART: evb_xl.xlam finns inte i {xlstart(m)} eller "
                                      f"{Path(m.env['ProgramFiles']) / 'Microsoft Office/root/Office16/XLSTART'}"]
    assert "Gör så här: kör evb-xl installera och starta om Excel." in svar.text()
    # utan inställningsfil: tilläggets standard, som finns i den här venv:en
    assert "(tilläggets standard %LOCALAPPDATA%\\evb-xl\\Scripts\\python.exe)" in svar.text()


def test_doktor_andrar_ingenting(tmp_path):
    m = windows(tmp_path)
    fore = sorted(p for p in tmp_path.rglob("*"))
    inst.kontrollera(m)
    assert sorted(p for p in tmp_path.rglob("*")) == fore


@pytest.mark.parametrize("andra, vad", [
    ({"bitar": 32, "maskin": "x86"}, "64 bitar (x64): nej: 32 bitar, x86"),
    ({"maskin": "ARM64"}, "64 bitar (x64): nej: 64 bitar, ARM64"),
    ({"version": (3, 10, 11)}, "Python: CPython 3.10.11"),
    ({"xlwings_version": "0.33.1"}, "xlwings: 0.33.1"),
])
def test_installera_vagrar_med_fel_python_och_ror_ingenting(tmp_path, andra, vad):
    m = windows(tmp_path, **andra)
    svar = inst.installera(m)
    assert not svar.ok and any(vad in r for r in rader_med(svar, "FEL")), svar.text()
    assert "Inget installerades" in svar.text()
    assert not xlstart(m).exists() and not (Path(m.env["USERPROFILE"]) / ".evb_xl").exists()


def test_microsoft_store_python_sags_till(tmp_path):
    store = tmp_path / "Program Files" / "WindowsApps" / "PythonSoftwareFoundation.Python.3.12_x64" / "python.exe"
    m = windows(tmp_path, python=store, prefix=store.parent)
    svar = inst.installera(m)
    assert any("Inte Microsoft Store-Python: nej" in r for r in rader_med(svar, "FEL"))


def test_pip_install_user_sags_till(tmp_path):
    """xlwings i användarens site-packages (pip --user i en Python för alla): DLL:en hamnar fel."""
    m = windows(tmp_path)
    anvandarsite = m.anvandarsite
    (anvandarsite / "xlwings").mkdir(parents=True)
    allas = tmp_path / "Program Files" / "Python312"
    allas.mkdir(parents=True)
    (allas / "python.exe").write_bytes(b"MZ")
    m = dataclasses.replace(m, python=allas / "python.exe", prefix=allas, base_prefix=allas,
                            xlwings_mapp=anvandarsite / "xlwings")
    svar = inst.installera(m)
    fel = rader_med(svar, "FEL")
    assert any("Inte pip install --user" in r for r in fel) and any("xlwings DLL" in r for r in fel)
    assert "gör en venv (README: Installation på Windows)" in svar.text()


def test_dll_saknas_bredvid_tolken(tmp_path):
    m = windows(tmp_path)
    (m.prefix / inst.DLL).unlink()
    svar = inst.installera(m)
    assert not svar.ok and not xlstart(m).exists()
    assert f"xlwings DLL: {inst.DLL} saknas bredvid {m.python}" in svar.text()


def test_for_alla_anvandare_i_excels_egen_xlstart(tmp_path):
    m = windows(tmp_path)
    svar = inst.installera(m, alla_anvandare=True)
    assert svar.ok, svar.text()
    office = Path(m.env["ProgramFiles"]) / "Microsoft Office" / "root" / "Office16"
    assert (office / "XLSTART" / "evb_xl.xlam").read_bytes() == TILLAGG.read_bytes()
    assert not xlstart(m).exists()
    assert "Alla användare får tillägget" in svar.text()
    assert inst.kontrollera(m).ok  # doktor hittar det där också


def test_for_alla_anvandare_utan_excel(tmp_path):
    m = windows(tmp_path, excel_mappar=())
    svar = inst.installera(m, alla_anvandare=True)
    assert not svar.ok and "XLSTART: hittades inte (ingen EXCEL.EXE i Office-mapparna)" in svar.text()


def test_oppet_tillagg_eller_ingen_behorighet(tmp_path, monkeypatch):
    m = windows(tmp_path)

    def nej(*a):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(inst.os, "replace", nej)
    svar = inst.installera(m)
    assert not svar.ok and "stäng Excel (filen är öppen)" in svar.text()
    svar = inst.installera(m, alla_anvandare=True)
    assert "kör kommandotolken som administratör" in svar.text()


def test_andra_installningar_i_filen_finns_kvar(tmp_path):
    m = windows(tmp_path)
    fil = Path(m.env["USERPROFILE"]) / ".evb_xl" / "evb_xl.conf"
    inst.skriv_konfig(fil, {"SHOW CONSOLE": "True", "INTERPRETER_WIN": r"C:\gammal\python.exe"})
    assert inst.installera(m).ok
    assert inst.las_konfig(fil) == {"SHOW CONSOLE": "True",
                                    "INTERPRETER_WIN": r"%LOCALAPPDATA%\evb-xl\Scripts\python.exe"}


def test_installningar_med_en_annan_tolk_ar_en_varning(tmp_path):
    m = windows(tmp_path)
    inst.installera(m)
    annan = tmp_path / "Python313" / "python.exe"
    annan.parent.mkdir()
    annan.write_bytes(b"MZ")
    (annan.parent / inst.DLL).write_bytes(b"MZ")
    inst.skriv_konfig(inst.konfigfil(m), {"INTERPRETER_WIN": str(annan)})
    svar = inst.kontrollera(m)
    assert svar.ok and any("Samma tolk som kör doktor: nej" in r for r in rader_med(svar, "OBS"))


def test_tolken_som_inte_startar(tmp_path):
    m = windows(tmp_path, kor_tolk=lambda tolk: "kan inte importera evb_xl och xlwings (ModuleNotFoundError)")
    inst.installera(m)
    svar = inst.kontrollera(m)
    assert not svar.ok and "FEL  Tolken startar: kan inte importera evb_xl" in svar.text()


def _med_nyckelord(fran: Path, till: Path, nyckelord: str | None) -> None:
    """En kopia av tillägget med andra dokumentegenskaper (som en äldre version)."""
    with zipfile.ZipFile(fran) as z, zipfile.ZipFile(till, "w") as ut:
        for namn in z.namelist():
            data = z.read(namn)
            if namn == "docProps/core.xml":
                text = re.sub(r"<cp:keywords>[^<]*</cp:keywords>",
                              f"<cp:keywords>{nyckelord}</cp:keywords>" if nyckelord else "", data.decode())
                data = text.encode()
            ut.writestr(namn, data)


def test_tillagget_vet_sin_version():
    assert inst.tillaggets_version(TILLAGG) == f"evb-xl {__version__}, xlwings {inst.XLWINGS_VERSION}"


@pytest.mark.parametrize("nyckelord, vantat", [
    ("evb-xl 0.0.9, xlwings 0.37.5", "(evb-xl 0.0.9, xlwings 0.37.5; paketets är evb-xl"),
    (None, "(okänd version; paketets är evb-xl"),
])
def test_gammal_version_av_tillagget(tmp_path, nyckelord, vantat):
    m = windows(tmp_path)
    xlstart(m).mkdir(parents=True)
    _med_nyckelord(TILLAGG, xlstart(m) / "evb_xl.xlam", nyckelord)
    svar = inst.kontrollera(m)
    assert vantat in svar.text() and not svar.ok
    assert "Gör så här: kör evb-xl installera igen (stäng Excel först)" in svar.text()


def test_signerat_tillagg_ar_samma_version(tmp_path):
    """IT:s signatur ändrar filen men inte versionen: doktor godtar den och säger att den ändrats."""
    m = windows(tmp_path)
    inst.installera(m)
    kopia = tmp_path / "signerad.xlam"
    _med_nyckelord(TILLAGG, kopia, inst.tillaggets_version(TILLAGG))
    (xlstart(m) / "evb_xl.xlam").write_bytes(kopia.read_bytes())
    svar = inst.kontrollera(m)
    assert svar.ok and "ändrad efter bygget, till exempel signerad" in svar.text()


def test_anvandarnamn_utanfor_windows_teckentabell(tmp_path):
    m = windows(tmp_path, anvandare="Łukasz")
    svar = inst.installera(m)
    assert not svar.ok and "har tecken som VBA inte kan läsa" in svar.text()
    assert "C:\\evb-xl" in svar.text()


def test_sokvagar_som_windows():
    env = {"LOCALAPPDATA": r"C:\Users\Åsa\AppData\Local", "USERPROFILE": r"C:\Users\Åsa"}
    assert inst.expandera(r"%localappdata%\evb-xl\Scripts\python.exe", env) == \
        r"C:\Users\Åsa\AppData\Local\evb-xl\Scripts\python.exe"
    assert inst.expandera("%OKAND%\\x", env) == "%OKAND%\\x"
    assert inst.med_variabler(Path(r"C:\Users\Åsa\AppData\Local\evb-xl\Scripts\python.exe"), env) in (
        r"%LOCALAPPDATA%\evb-xl\Scripts\python.exe",  # på Windows
        r"C:\Users\Åsa\AppData\Local\evb-xl\Scripts\python.exe")  # här är det ett enda filnamn
    assert inst.med_variabler(Path(r"D:\Python312\python.exe"), env).endswith("python.exe")


@pytest.mark.parametrize("system", ["Linux", "Darwin"])
def test_utanfor_windows_sags_det_rakt_ut(tmp_path, system):
    m = windows(tmp_path, system=system)
    for svar, verb in ((inst.kontrollera(m), "doktor"), (inst.installera(m), "installera")):
        assert not svar.ok
        assert f"FEL  Windows: det här är {system}" in svar.text() and f"kör evb-xl {verb} på Windows" in svar.text()
        assert f"På Windows {'kontrollerar doktor' if verb == 'doktor' else 'kopierar installera'}" in svar.text()
    assert not xlstart(m).exists()


def _kor(*argv):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "evb_xl", *argv], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)


def test_doktor_och_installera_fran_kommandoraden_har():
    r = _kor("doktor")
    assert r.returncode == (0 if sys.platform == "win32" else 1)
    assert "OK   Python: CPython" in r.stdout and "Traceback" not in r.stderr
    r = _kor("--help")
    assert r.returncode == 0 and "installera" in r.stdout and "doktor" in r.stdout
    r = _kor("installera", "--help")
    assert r.returncode == 0 and "--alla-anvandare" in r.stdout


@pytest.fixture(scope="module")
def hjul(tmp_path_factory) -> Path:
    """`pip wheel .` för en kopia av repot (bygget skriver build/ och egg-info), med pip:s egen
    byggmiljö från PyPI."""
    mapp = tmp_path_factory.mktemp("hjul")
    kalla = mapp / "kalla"
    kalla.mkdir()
    for namn in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / namn, kalla / namn)
    shutil.copytree(ROOT / "evb_xl", kalla / "evb_xl", ignore=shutil.ignore_patterns("__pycache__"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(mapp),
                        str(kalla)], capture_output=True, text=True, timeout=600)
    if r.returncode != 0 and not os.environ.get("CI") and "Could not find a version" in r.stderr:
        pytest.skip("pip kunde inte hämta byggverktygen (setuptools) från PyPI")
    assert r.returncode == 0, r.stderr[-2000:]
    return next(mapp.glob("evb_xl-*.whl"))


def test_hjulet_har_tillagget(hjul):
    """Hjulet har evb_xl/data/evb_xl.xlam, som installera kopierar, och python -m evb_xl."""
    with zipfile.ZipFile(hjul) as z:
        assert z.read("evb_xl/data/evb_xl.xlam") == TILLAGG.read_bytes()
        assert "evb_xl/__main__.py" in z.namelist()
        assert "evb_xl/skrivning/data/theme1.xml" in z.namelist()  # standardbok.py läser den
        metadata = z.read(next(n for n in z.namelist() if n.endswith("METADATA"))).decode()
    assert "Requires-Python: >=3.11" in metadata


@pytest.mark.parametrize("version, gar", [("3.10", False), ("3.11", True), ("3.12", True), ("3.13", True)])
def test_pip_vagrar_tydligt_under_3_11(hjul, tmp_path, version, gar):
    """pip på en Python 3.10 installerar inte evb-xl och säger varför (utan att hämta något)."""
    r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                        "--python-version", version, "-d", str(tmp_path), str(hjul)],
                       capture_output=True, text=True, timeout=300)
    assert (r.returncode == 0) is gar, r.stderr[-1000:]
    if not gar:
        assert "requires a different Python" in r.stderr and ">=3.11" in r.stderr


WINDOWS_312 = {"platform_system": "Windows", "sys_platform": "win32", "os_name": "nt",
               "platform_machine": "AMD64", "python_version": "3.12", "python_full_version": "3.12.4",
               "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def test_mappen_for_installation_utan_internet_ar_komplett_for_windows(hjul):
    """README:s kommando från en annan dator ger en mapp där varje beroende för 64-bitars Windows
    och Python 3.12 finns: pip räknar beroendena för värddatorn, så pywin32 och colorama anges."""
    mapp = Path(os.environ.get("EVB_XL_HJULCACHE", Path(tempfile.gettempdir()) / "evb-xl-hjul")) / "utan-internet"
    mapp.mkdir(parents=True, exist_ok=True)
    for gammalt in mapp.glob("evb_xl-*.whl"):  # pip tar annars ett tidigare bygges beroenden ur cachen
        gammalt.unlink()
    r = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--platform",
                        "win_amd64", "--python-version", "3.12", "-d", str(mapp), str(hjul), "pywin32", "colorama"],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"pip download gick inte: {r.stderr[-1000:]}")
        pytest.skip("pip kunde inte hämta hjulen från PyPI")
    hjulen = {}
    for fil in [*mapp.glob("*.whl"), hjul]:  # hjulet som nyss byggdes sist: det gäller, inte cachens
        with zipfile.ZipFile(fil) as z:
            meta = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))).decode("utf-8")
        meta = meta.replace("\r\n", "\n")
        namn = canonicalize_name(re.search(r"^Name: (.+)$", meta, re.M).group(1).strip())
        hjulen[namn] = (Version(re.search(r"^Version: (.+)$", meta, re.M).group(1).strip()),
                        [Requirement(k) for k in re.findall(r"^Requires-Dist: (.+)$", meta, re.M)])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ("--platform win_amd64 --python-version 3.12 evb_xl-0.1.0-py3-none-any.whl pywin32 colorama"
            in readme), "README:s kommando för en mapp utan internet ska vara det som prövas här"
    saknas = []
    kvar, sett = ["evb-xl"], set()
    while kvar:
        namn = kvar.pop()
        if namn in sett:
            continue
        sett.add(namn)
        for krav in hjulen[namn][1]:
            if krav.marker is not None and not krav.marker.evaluate({**WINDOWS_312, "extra": ""}):
                continue
            beroende = canonicalize_name(krav.name)
            if beroende not in hjulen or hjulen[beroende][0] not in krav.specifier:
                saknas.append(f"{namn} kräver {krav}")
            else:
                kvar.append(beroende)
    assert saknas == []
    assert {"pywin32", "xlwings", "numpy", "python-calamine"} <= sett
