"""PDF av en arbetsbok för mötespappren, med LibreOffice (headless) som omvandlare.

Bladens utskriftsinställningar (A4 liggande, en sida bred) följer med från mallen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def till_pdf(xlsx: Path, ut: Path, skriv_over: bool = False) -> Path:
    """Skriv `ut/<namn>.pdf`; atomiskt, som arbetsböckerna. RuntimeError med svensk text vid fel."""
    program = soffice()
    if program is None:
        raise RuntimeError("PDF kräver LibreOffice (soffice), som inte finns på datorn")
    xlsx, ut = Path(xlsx).resolve(), Path(ut).resolve()
    mal = ut / f"{xlsx.stem}.pdf"
    if mal.exists() and not skriv_over:
        raise RuntimeError(f"{mal} finns redan (använd --skriv-over för att ersätta den)")
    with tempfile.TemporaryDirectory(prefix=".evb-pdf-", dir=ut) as tmp:
        profil = Path(tmp, "profil").as_uri()  # egen profil: flera körningar samtidigt krockar inte
        p = subprocess.run([program, f"-env:UserInstallation={profil}", "--headless", "--convert-to", "pdf",
                            "--outdir", tmp, str(xlsx)], capture_output=True, text=True, timeout=300)
        skapad = Path(tmp, f"{xlsx.stem}.pdf")
        if p.returncode != 0 or not skapad.exists():
            raise RuntimeError(f"{xlsx.name}: LibreOffice kunde inte göra en PDF ({(p.stderr or p.stdout).strip()[:200]})")
        os.replace(skapad, mal)
    return mal
