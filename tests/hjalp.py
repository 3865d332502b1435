"""Små hjälpare som flera testfiler delar: produkten som egen process, och oberoende läsare."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

import evb_xl

REPO = Path(__file__).resolve().parents[1]
# Mappen som det importerade evb_xl ligger i: processerna nedan kör samma kopia som testerna själva
# (inte ett annat installerat evb-xl på PATH).
_PAKETROT = str(Path(evb_xl.__file__).resolve().parents[1])


def miljo(env: dict | None = None) -> dict:
    """os.environ med `env` ovanpå (None tar bort variabeln), och PYTHONPATH så att barnprocessen
    importerar samma evb_xl."""
    ny = {k: v for k, v in {**os.environ, **(env or {})}.items() if v is not None}
    ny["PYTHONPATH"] = os.pathsep.join([_PAKETROT, *filter(None, [ny.get("PYTHONPATH")])])
    return ny


def evb(*args, cwd=None, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """`evb-xl ARGS` som användaren kör det: en egen process, `python -m evb_xl`."""
    return subprocess.run([sys.executable, "-m", "evb_xl", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=miljo(env), timeout=timeout)


def evb_process(*args, env: dict | None = None, forspel: str = "", cwd=None) -> subprocess.CompletedProcess:
    """`evb-xl ARGS` som en egen Python-process; `forspel` körs före kommandoraden (t.ex. en
    krasch som ska simuleras eller en granskningskrok)."""
    kod = f"{forspel}\nimport sys\nfrom evb_xl.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", kod, *map(str, args)], capture_output=True, text=True,
                          env=miljo(env), cwd=cwd, timeout=600)


def blad(sokvag: Path) -> dict:
    """Alla blad som listor av rader, lästa med python-calamine (inte med koden under test)."""
    bok = CalamineWorkbook.from_path(str(sokvag))
    return {namn: bok.get_sheet_by_name(namn).to_python(skip_empty_area=False) for namn in bok.sheet_names}


def xml_delar(sokvag: Path) -> dict[str, str]:
    """Varje del i zip-filen som text."""
    with zipfile.ZipFile(sokvag) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def summa(sokvag: Path) -> str:
    return hashlib.sha256(Path(sokvag).read_bytes()).hexdigest()
