"""PDF av verktygets egna arbetsböcker för mötespappren, med LibreOffice (headless) som omvandlare.

Bladens utskriftsinställningar (A4 liggande, en sida bred, "Sida n av m") följer med från mallen.
Bara arbetsböcker som verktyget skrivit (märkta med egenskapen MARKE, se marka) görs till PDF:
ett underlag med personnummer och namn skrivs aldrig ut. Bilagornas PDF har bara Bilaga 1 och 2;
Kontroll blir en egen PDF när den begärs.
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

MARKE = "evb-xl"  # egen dokumentegenskap (docProps/custom.xml) med utfilens slag som värde
BILAGOR, KONTROLL = "bilagor", "Kontroll"


class InteEgenFil(RuntimeError):
    """Arbetsboken är inte en av verktygets utfiler (t.ex. ett underlag med personuppgifter)."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def marka(wb, slag: str) -> None:
    """Märk en arbetsbok (openpyxl) som verktygets utfil av slaget `slag` (bilagor, vantetid ...)."""
    from openpyxl.packaging.custom import StringProperty

    props = wb.custom_doc_props
    for p in [p for p in props.props if p.name == MARKE]:
        props.props.remove(p)
    props.append(StringProperty(name=MARKE, value=slag))


def slag(xlsx: Path) -> str | None:
    """Utfilens slag om arbetsboken är märkt av verktyget, annars None."""
    try:
        with zipfile.ZipFile(xlsx) as z:
            if "docProps/custom.xml" not in z.namelist():
                return None
            xml = z.read("docProps/custom.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile):
        return None
    m = re.search(rf'<(?:\w+:)?property\b[^>]*\bname="{re.escape(MARKE)}"[^>]*>\s*<(?:\w+:)?lpwstr\b[^>]*>([^<]*)<', xml)
    return html.unescape(m[1]) if m else None


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


def till_pdf(xlsx: Path, ut: Path, skriv_over: bool = False, namn: str | None = None,
             kontroll: bool = False) -> Path:
    """Skriv `ut/<namn>.pdf` (standard: arbetsbokens namn); atomiskt, som arbetsböckerna.

    Bara verktygets egna utfiler (InteEgenFil annars). För bilagorna: bladen utom Kontroll, eller
    med `kontroll` bara Kontroll. RuntimeError med svensk text vid fel."""
    xlsx, ut = Path(xlsx).resolve(), Path(ut).resolve()
    vad = slag(xlsx)
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
        kalla = Path(tmp, f"{mal.stem}.xlsx")
        if vad == BILAGOR:
            visa = (lambda b: b == KONTROLL) if kontroll else (lambda b: b != KONTROLL)
            if _dolj_blad(xlsx, kalla, visa) == 0:
                raise RuntimeError(f"{xlsx.name}: inga blad att skriva ut")
        else:
            shutil.copyfile(xlsx, kalla)
        profil = Path(tmp, "profil").as_uri()  # egen profil: flera körningar samtidigt krockar inte
        p = subprocess.run([program, f"-env:UserInstallation={profil}", "--headless", "--convert-to", "pdf",
                            "--outdir", tmp, str(kalla)], capture_output=True, text=True, timeout=300)
        skapad = Path(tmp, f"{mal.stem}.pdf")
        if p.returncode != 0 or not skapad.exists():
            raise RuntimeError(f"{xlsx.name}: LibreOffice kunde inte göra en PDF ({(p.stderr or p.stdout).strip()[:200]})")
        os.replace(skapad, mal)
    return mal
