"""CI som inte kan bli grön av misstag: .ci/run kör README:ns testkommando, installerar det testerna
behöver eller fallerar, och räknar 'inga tester' som ett fel; markeringen kraver() fallerar i CI."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hjalp import REPO, evb

CI_RUN = REPO / ".ci" / "run"
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_testkommando() -> str:
    """Kodblocket efter 'Testerna:' i README."""
    m = re.search(r"^Testerna:\s*\n+```\n(.+?)\n```", README, re.M | re.S)
    assert m, "README har inget testkommando efter 'Testerna:'"
    rader = m.group(1).strip().splitlines()
    assert len(rader) == 1, "README:ns testkommando ska vara ett enda kommando"
    return rader[0]


def test_ci_kor_readmes_testkommando_ordagrant():
    kommando = readme_testkommando()
    assert "pytest" in kommando and "pip install -e '.[test]'" in kommando
    assert [r.strip() for r in CI_RUN.read_text().splitlines() if r.strip() == kommando] == [kommando]


def test_python_m_evb_xl_ar_kommandot_evb_xl():
    p = evb("--help")
    assert p.returncode == 0 and p.stdout.startswith("Användning: evb-xl "), p.stdout
    p = evb("bilagor", "/finns/inte.xlsx")
    assert p.returncode == 2 and p.stderr.startswith("evb-xl: "), p.stderr


# --- .ci/run med låtsasprogram: vad händer när något saknas -------------------------------------


def _program(mapp: Path, namn: str, kropp: str = "exit 0") -> None:
    fil = mapp / namn
    fil.write_text(f"#!{shutil.which('bash')}\n{kropp}\n")
    fil.chmod(fil.stat().st_mode | stat.S_IEXEC)


def kor_ci(tmp_path: Path, *, finns=("soffice", "pdftoppm", "strace"), pytest_kod: int = 0, root: bool = False,
           apt_get: str | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    """Kör .ci/run med en PATH som bara har låtsasprogram (och några grundverktyg)."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for verktyg in ("dirname", "tr", "env"):
        (bin_ / verktyg).symlink_to(shutil.which(verktyg))
    _program(bin_, "id", "echo 0" if root else "echo 1000")
    for namn in finns:
        _program(bin_, namn)
    if apt_get is not None:
        _program(bin_, "apt-get", apt_get)
    logg = tmp_path / "logg"
    _program(bin_, "pip", f'echo "pip $*" >> {logg}')
    _program(bin_, "python", f'echo "python $* CI=$CI" >> {logg}; exit {pytest_kod}')
    miljo = {k: v for k, v in os.environ.items() if k not in ("CI",)}
    miljo["PATH"] = str(bin_)
    p = subprocess.run([shutil.which("bash"), str(CI_RUN)], capture_output=True, text=True, env=miljo, timeout=60)
    return p, logg


def test_ci_kor_testerna_med_ci_satt(tmp_path):
    p, logg = kor_ci(tmp_path)
    assert p.returncode == 0, p.stderr
    assert logg.read_text().splitlines() == ["pip install -e .[test]", "python -m pytest CI=1"]


@pytest.mark.parametrize("kod", [1, 2, 5])
def test_ci_fallerar_nar_pytest_fallerar_eller_inte_samlar_in_nagot(tmp_path, kod):
    p, _ = kor_ci(tmp_path, pytest_kod=kod)
    assert p.returncode != 0
    if kod == 5:
        assert "FEL: pytest samlade inte in några tester" in p.stderr


@pytest.mark.parametrize("saknas", ["soffice", "pdftoppm", "strace"])
@pytest.mark.parametrize("hur", ["ingen apt-get", "inte root", "apt-get misslyckas", "installerades inte"])
def test_ci_fallerar_nar_ett_program_saknas_och_inte_gar_att_installera(tmp_path, saknas, hur):
    finns = [n for n in ("soffice", "pdftoppm", "strace") if n != saknas]
    apt_get, varfor = {"ingen apt-get": (None, "apt-get finns inte"),
                       "inte root": ("exit 0", "kräver root"),
                       "apt-get misslyckas": ("exit 100", "misslyckades"),
                       "installerades inte": ("exit 0", "saknas fortfarande")}[hur]
    p, logg = kor_ci(tmp_path, finns=finns, apt_get=apt_get, root=hur != "inte root")
    assert p.returncode == 1, p.stderr
    fel = p.stderr.strip().splitlines()[-1]
    assert fel.startswith(".ci/run: FEL:") and saknas in fel and varfor in fel, p.stderr
    assert not logg.exists()  # testerna kördes aldrig


def test_ci_installerar_det_som_saknas(tmp_path):
    """apt-get får rätt paket; när programmen finns efteråt körs testerna."""
    bin_ = tmp_path / "bin"
    apt = tmp_path / "apt"
    installera = (f'echo "apt-get $*" >> {apt}; for p in soffice pdftoppm strace; do '
                  f'printf "#!/bin/sh\\nexit 0\\n" > {bin_}/$p; {shutil.which("chmod")} +x {bin_}/$p; done')
    p, logg = kor_ci(tmp_path, finns=(), root=True, apt_get=installera)
    assert p.returncode == 0, p.stderr
    update, install = apt.read_text().splitlines()
    assert update == "apt-get update -qq"
    assert {"libreoffice-calc", "libreoffice-writer", "poppler-utils", "strace"} <= set(install.split())
    assert logg.read_text().splitlines()[-1] == "python -m pytest CI=1"


# --- kraver(): hoppa över hemma, fallera i CI --------------------------------------------------


@pytest.mark.parametrize("ci, vantat", [(None, 0), ("1", 1), ("true", 1)])
def test_saknat_program_ar_ett_fel_i_ci(tmp_path, ci, vantat):
    shutil.copy(REPO / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n@pytest.mark.kraver('evb-program-som-inte-finns')\ndef test_x():\n    pass\n")
    miljo = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci:
        miljo["CI"] = ci
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", str(tmp_path)],
                       capture_output=True, text=True, env=miljo, cwd=tmp_path, timeout=120)
    assert p.returncode == vantat, p.stdout
    assert "evb-program-som-inte-finns" in p.stdout
    assert ("1 error" if ci else "1 skipped") in p.stdout


def test_testerna_laser_inget_utanfor_repot():
    """Testernas data ligger i tests/data/: ingen testfil pekar på en mapp bredvid eller ovanför repot."""
    for fil in sorted((REPO / "tests").glob("*.py")):
        if fil.name == "test_ci.py":
            continue
        text = fil.read_text(encoding="utf-8")
        traff = re.findall(r"parents\[[2-9]\]|/work/|\"\.\./|'\.\./|shared/(?:fixtures|seeds)", text)
        assert traff == [], f"{fil.name}: {traff}"
    assert sorted(p.name for p in (REPO / "tests" / "data").glob("*.csv")) == [
        "lss_2023q4_bilaga2.csv", "sol_nf_2024q1_bilaga2.csv"]
