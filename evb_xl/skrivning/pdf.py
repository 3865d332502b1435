"""PDF av verktygets egna utfiler för mötespappren, med LibreOffice (headless) som omvandlare.

Bladens utskriftsinställningar (A4 liggande, en sida bred, "Sida n av m") följer med från mallen.
Bara filer som verktyget skrivit (märkta med egenskapen MARKE, se marka) görs till PDF: ett
underlag med personnummer och namn skrivs aldrig ut. Bilagornas PDF har bara Bilaga 1 och 2;
Kontroll blir en egen PDF när den begärs. Skrivelsen (.docx, märkt på samma sätt av word.py) görs
till PDF av LibreOffice Writer, med sin egen sidinställning (A4 stående, "Sida X av Y").
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from evb_xl.modell.utfiler import BILAGOR

KONTROLL = "Kontroll"


class InteEgenFil(RuntimeError):
    """Arbetsboken är inte en av verktygets utfiler (t.ex. ett underlag med personuppgifter)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def kontrollnamn(bilagor: Path) -> str:
    """`<namn>_kontroll_<kvartal>` för bilagorna `<namn>_bilagor_<kvartal>.xlsx` (annars namnet som det är)."""
    return re.sub(r"_bilagor_(\d{4}Q[1-4])$", r"_kontroll_\1", Path(bilagor).stem)


def _dolj_blad(kalla: Path, mal: Path, visa) -> int:
    """Kopiera arbetsboken och dölj de blad som `visa(namn)` inte vill ha (LibreOffice skriver inte
    ut dolda blad); antalet synliga blad."""
    synliga, index, forsta = 0, -1, None

    def byt(m: re.Match) -> str:
        nonlocal synliga, index, forsta
        tagg = m[0]
        index += 1
        namn = html.unescape(re.search(r'\bname="([^"]*)"', tagg)[1])
        if visa(namn):
            synliga += 1
            forsta = index if forsta is None else forsta
            return tagg
        tagg = re.sub(r'\s+state="[^"]*"', "", tagg)
        return re.sub(r"\s*/>$", ' state="hidden"/>', tagg)

    with zipfile.ZipFile(kalla) as inn, zipfile.ZipFile(mal, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            data = inn.read(info.filename)
            if info.filename == "xl/workbook.xml":
                text = re.sub(r"<(?:\w+:)?sheet\b[^>]*/>", byt, data.decode("utf-8"))
                # det aktiva bladet får inte vara dolt (LibreOffice visar och skriver då ut det)
                text = re.sub(r'\s(?:activeTab|firstSheet)="\d+"', "", text)
                text = re.sub(r"<(?:\w+:)?workbookView\b", lambda m: f'{m[0]} activeTab="{forsta or 0}"', text, count=1)
                data = text.encode("utf-8")
            ut.writestr(info, data)
    return synliga


def till_pdf(xlsx: Path, ut: Path, vad: str | None, skriv_over: bool = False, namn: str | None = None,
             kontroll: bool = False) -> Path:
    """Skriv `ut/<namn>.pdf` (standard: filens namn); atomiskt, som arbetsböckerna. `xlsx`: en
    arbetsbok, eller skrivelsens .docx.

    `vad`: utfilens slag ur dess märke (lasning.egenskaper.slag); bara verktygets egna utfiler
    skrivs ut (InteEgenFil när `vad` är None). För bilagorna: bladen utom Kontroll, eller med
    `kontroll` bara Kontroll. RuntimeError med svensk text vid fel."""
    xlsx, ut = Path(xlsx).resolve(), Path(ut).resolve()
    if vad is None:
        raise InteEgenFil(f"{xlsx.name}: inte en av evb-xl:s bilagor eller rapporter; evb-xl gör bara PDF av "
                          "sina egna utfiler, så att ett underlag med personuppgifter aldrig skrivs ut")
    program = soffice()
    if program is None:
        raise RuntimeError("PDF kräver LibreOffice (soffice), som inte finns på datorn")
    mal = ut / f"{namn or xlsx.stem}.pdf"
    if mal.exists() and not skriv_over:
        raise RuntimeError(f"{mal} finns redan (använd --skriv-over för att ersätta den)")
    ut.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".evb-pdf-", dir=ut) as tmp:
        kalla = Path(tmp, f"{mal.stem}{xlsx.suffix.lower()}")  # .xlsx, eller .docx för skrivelsen
        if vad == BILAGOR:
            visa = (lambda b: b == KONTROLL) if kontroll else (lambda b: b != KONTROLL)
            if _dolj_blad(xlsx, kalla, visa) == 0:
                raise RuntimeError(f"{xlsx.name}: inga blad att skriva ut")
        else:
            shutil.copyfile(xlsx, kalla)
        profil = Path(tmp, "profil").as_uri()  # egen profil: flera körningar samtidigt krockar inte
        filter_ = "pdf:writer_pdf_Export" if kalla.suffix == ".docx" else "pdf:calc_pdf_Export"
        p = subprocess.run([program, f"-env:UserInstallation={profil}", "--headless", "--convert-to", filter_,
                            "--outdir", tmp, str(kalla)], capture_output=True, text=True, timeout=300)
        skapad = Path(tmp, f"{mal.stem}.pdf")
        if p.returncode != 0 or not skapad.exists():
            raise RuntimeError(f"{xlsx.name}: LibreOffice kunde inte göra en PDF ({(p.stderr or p.stdout).strip()[:200]})")
        os.replace(skapad, mal)
    return mal
