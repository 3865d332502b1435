"""Spara en utfil atomiskt: till en tillfällig fil i målmappen, som byter namn först när den är hel.
En körning som avbryts lämnar aldrig en halv fil, och en gammal utfil står kvar orörd."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class FinnsRedan(FileExistsError):
    """Utfilen finns och får inte skrivas över utan --skriv-over."""


def spara_atomiskt(bok, sokvag: Path, skriv_over: bool = False) -> Path:
    """Spara `bok` (allt med `save(sökväg)`: en arbetsbok, en Utbok, ett Word-dokument) till en
    tillfällig fil bredvid målet och byt namn när filen är hel."""
    sokvag = Path(sokvag)
    if sokvag.exists() and not skriv_over:
        raise FinnsRedan(f"{sokvag} finns redan (använd --skriv-over för att ersätta den)")
    sokvag.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{sokvag.stem}.", suffix=".tmp", dir=sokvag.parent)
    os.close(fd)
    try:
        bok.save(tmp)
        _behorighet(tmp, sokvag)
        os.replace(tmp, sokvag)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return sokvag


def _behorighet(tmp: str, sokvag: Path) -> None:
    """mkstemp skapar filen läsbar bara för ägaren; utfilen ska ha samma behörighet som en fil
    den ersätter, annars som andra nya filer (umask), så att kollegor kan läsa den i en delad mapp."""
    try:
        if sokvag.exists():
            mode = sokvag.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
    except OSError:
        pass


