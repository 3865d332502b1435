import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# --- program som vissa tester behöver -------------------------------------------------------
#
#     @pytest.mark.kraver("soffice")          # eller "pdftoppm", "strace", flera åt gången
#     def test_...():
#
# Saknas programmet hoppas testet över på en utvecklares dator, men när miljövariabeln CI är satt
# (som i .ci/run) är det ett fel: då ska ingenting som README lovar kunna bli grönt utan att prövas.

VAD_DET_AR = {"soffice": "LibreOffice", "pdftoppm": "poppler-utils", "pdftotext": "poppler-utils", "strace": "strace"}


def i_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@cache
def saknas(program: str) -> str | None:
    """None när programmet finns och går att använda, annars varför inte."""
    if shutil.which(program) is None:
        return f"{program} ({VAD_DET_AR.get(program, program)}) finns inte på datorn"
    if program == "strace":  # finns, men får kanske inte spåra processer (t.ex. i en container)
        p = subprocess.run(["strace", "-o", os.devnull, "true"], capture_output=True, text=True)
        if p.returncode != 0:
            return f"strace får inte spåra processer här: {p.stderr.strip()[:200]}"
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "kraver(*program): testet behöver programmen (soffice, pdftoppm, strace); "
                                       "saknas de hoppas testet över, utom när CI är satt: då är det ett fel")


def pytest_runtest_setup(item):
    for markering in item.iter_markers("kraver"):
        orsaker = [o for o in map(saknas, markering.args) if o]
        if orsaker:
            text = "; ".join(orsaker)
            if i_ci():
                pytest.fail(f"CI är satt men {text}", pytrace=False)
            pytest.skip(text)
