"""Installationen på Windows: `evb-xl installera` och `evb-xl doktor`.

Allt här är rena funktioner över en `Miljo`: var Python, Excel och användarens mappar finns.
`Miljo.har()` läser den riktiga datorn; testerna bygger en påhittad Windows-dator i en tillfällig
mapp. Inget här startar Excel.

Det tillägget (workbooks/evb_xl.xlam, byggt av vba/build_addin.py) gör på Windows:
- läser sina inställningar ur `%USERPROFILE%\\.evb_xl\\evb_xl.conf` (rader `"NYCKEL","värde"`, i
  Windows ANSI-teckentabell, läst med VBA:s `Input #`), annars används
  `%LOCALAPPDATA%\\evb-xl\\Scripts\\python.exe`;
- laddar `xlwings64-<version>.dll` från tolkens mapp eller mappen ovanför (en venv:s rot), där
  pip lägger den för en Python för 64-bitars Windows (x64).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

XLWINGS_VERSION = "0.37.8"  # samma som pyproject.toml och tilläggets VBA
DLL = f"xlwings64-{XLWINGS_VERSION}.dll"
TILLAGG = "evb_xl.xlam"
STANDARDTOLK = r"%LOCALAPPDATA%\evb-xl\Scripts\python.exe"
KONFIGNYCKEL = "INTERPRETER_WIN"
LAGSTA_PYTHON = (3, 11)
_ANSI = "cp1252"  # VBA läser konfigurationsfilen och skickar sökvägar med Windows ANSI-teckentabell


@dataclass(frozen=True)
class Miljo:
    """Det installera och doktor behöver veta om datorn ("layouten")."""

    system: str  # platform.system(): "Windows", "Linux", "Darwin"
    python: Path  # tolken som kör evb-xl (sys.executable)
    prefix: Path  # sys.prefix: där pip lägger xlwings DLL (venv:ens rot)
    base_prefix: Path  # sys.base_prefix: skiljer sig från prefix i en venv
    version: tuple  # sys.version_info[:3]
    bitar: int  # 64 eller 32
    maskin: str  # platform.machine(): AMD64, ARM64, x86
    implementation: str  # "CPython"
    env: dict  # miljövariablerna (USERPROFILE, APPDATA, LOCALAPPDATA, ProgramFiles ...)
    tillagg: Path  # tillägget i paketet (evb_xl/data/evb_xl.xlam)
    xlwings_version: str | None = None
    xlwings_mapp: Path | None = None  # där xlwings-paketet ligger
    anvandarsite: Path | None = None  # site.USER_SITE: dit `pip install --user` lägger paket
    excel_mappar: tuple = ()  # mappar där EXCEL.EXE kan ligga (för alla användares XLSTART)
    kor_tolk: object = None  # (tolk) -> felmeddelande eller None; None: provkör inte tolken

    @classmethod
    def har(cls) -> "Miljo":
        """Den dator och den Python som kör just nu."""
        import importlib.metadata  # här, inte vid import: `evb-xl bilagor` behöver dem inte
        import importlib.util
        import platform

        try:
            xlwings_version = importlib.metadata.version("xlwings")
        except importlib.metadata.PackageNotFoundError:
            xlwings_version = None
        xlwings_mapp = None
        spec = importlib.util.find_spec("xlwings") if xlwings_version else None
        if spec is not None and spec.origin:
            xlwings_mapp = Path(spec.origin).parent
        env = dict(os.environ)
        program = [env.get(k) for k in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)") if env.get(k)]
        excel = tuple(Path(p) / "Microsoft Office" / d for p in program
                      for d in (r"root\Office16", "Office16", r"root\Office15", "Office15"))
        return cls(system=platform.system(), python=Path(sys.executable), prefix=Path(sys.prefix),
                   base_prefix=Path(sys.base_prefix), version=tuple(sys.version_info[:3]),
                   bitar=64 if sys.maxsize > 2**32 else 32, maskin=platform.machine(),
                   implementation=platform.python_implementation(), env=env,
                   tillagg=Path(__file__).parent / "data" / TILLAGG, xlwings_version=xlwings_version,
                   xlwings_mapp=xlwings_mapp, anvandarsite=_anvandarsite(), excel_mappar=excel,
                   kor_tolk=_provkor)


def _anvandarsite() -> Path | None:
    import sysconfig

    scheme = f"{os.name}_user"
    try:
        return Path(sysconfig.get_path("purelib", scheme))
    except KeyError:
        return None


def _provkor(tolk: Path) -> str | None:
    """Startar tolken och importerar evb_xl och xlwings; felet som text, annars None."""
    import subprocess

    try:
        r = subprocess.run([str(tolk), "-c", "import evb_xl, xlwings"], capture_output=True, text=True,
                           timeout=60)
    except OSError as e:
        return f"kunde inte startas ({e.strerror or type(e).__name__})"
    except subprocess.TimeoutExpired:
        return "svarade inte inom en minut"
    if r.returncode != 0:
        sista = (r.stderr.strip().splitlines() or ["okänt fel"])[-1]
        return f"kan inte importera evb_xl och xlwings ({sista})"
    return None


@dataclass
class Kontroll:
    """En rad i doktorns svar."""

    namn: str
    ok: bool
    text: str
    atgard: str = ""
    bara_varning: bool = False  # visas som OBS och gör inte att slutkoden blir 1

    def rader(self) -> list[str]:
        etikett = "OK " if self.ok else ("OBS" if self.bara_varning else "FEL")
        ut = [f"{etikett}  {self.namn}: {self.text}"]
        if self.atgard and not self.ok:
            ut.append(f"     Gör så här: {self.atgard}")
        return ut


@dataclass
class Svar:
    """Det kommandot skriver ut, och om allt är bra (slutkod 0) eller något ska rättas (1)."""

    kontroller: list = field(default_factory=list)
    rader: list = field(default_factory=list)  # före kontrollerna
    efter: list = field(default_factory=list)  # efter kontrollerna
    klart: str = "Allt ser bra ut."

    @property
    def ok(self) -> bool:
        return all(k.ok or k.bara_varning for k in self.kontroller)

    def text(self) -> str:
        ut = list(self.rader)
        for k in self.kontroller:
            ut += k.rader()
        fel = sum(1 for k in self.kontroller if not k.ok and not k.bara_varning)
        ut += [""] + self.efter if self.efter else []
        ut.append("")
        ut.append(self.klart if fel == 0 else f"{fel} sak{'er' if fel > 1 else ''} att rätta (FEL ovan).")
        return "\n".join(ut)


# --- sökvägar -----------------------------------------------------------------------------


def expandera(text: str, env: dict) -> str:
    """%VARIABEL% ersatt med sitt värde, som Windows gör (okända lämnas kvar)."""
    stora = {k.upper(): v for k, v in env.items()}
    return re.sub(r"%([^%]+)%", lambda m: stora.get(m.group(1).upper(), m.group(0)), text)


def med_variabler(sokvag: Path, env: dict) -> str:
    """Sökvägen med %LOCALAPPDATA% eller %USERPROFILE% i stället för början, om den ligger där:
    då står inga bokstäver som å, ä, ö ur användarens namn i konfigurationsfilen."""
    text = str(PureWindowsPath(sokvag))
    for variabel in ("LOCALAPPDATA", "APPDATA", "USERPROFILE"):
        rot = env.get(variabel)
        if rot and text.lower().startswith(str(PureWindowsPath(rot)).lower() + "\\"):
            return f"%{variabel}%" + text[len(str(PureWindowsPath(rot))):]
    return text


def sokvag(text: str) -> Path:
    """En Windows-sökväg som Path (på andra system med / i stället för \\, för testerna)."""
    return Path(text if os.sep == "\\" else text.replace("\\", "/"))


def konfigfil(m: Miljo) -> Path:
    """%USERPROFILE%\\.evb_xl\\evb_xl.conf, som tilläggets GetConfigFilePath."""
    return Path(m.env.get("USERPROFILE") or Path.home()) / ".evb_xl" / "evb_xl.conf"


def xlstart(m: Miljo, alla_anvandare: bool = False) -> Path | None:
    """Användarens XLSTART (%APPDATA%\\Microsoft\\Excel\\XLSTART), eller Excels egen för alla
    användare (bredvid EXCEL.EXE); None om den inte går att hitta."""
    if not alla_anvandare:
        appdata = m.env.get("APPDATA")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART" if appdata else None
    for mapp in m.excel_mappar:
        if (Path(mapp) / "EXCEL.EXE").is_file():
            return Path(mapp) / "XLSTART"
    return None


def las_konfig(fil: Path) -> dict:
    """Nyckel -> värde ur en konfigurationsfil med rader "NYCKEL","värde"."""
    if not fil.is_file():
        return {}
    ut = {}
    for rad in fil.read_bytes().decode(_ANSI, errors="replace").splitlines():
        m = re.match(r'^\s*"([^"]*)"\s*,\s*"([^"]*)"\s*$', rad)
        if m:
            ut[m.group(1)] = m.group(2)
    return ut


def skriv_konfig(fil: Path, varden: dict) -> None:
    """Skriv filen i Windows ANSI-teckentabell med CRLF, som VBA läser den; byts i ett steg."""
    text = "".join(f'"{k}","{v}"\r\n' for k, v in varden.items())
    fil.parent.mkdir(parents=True, exist_ok=True)
    tmp = fil.with_name(fil.name + ".tmp")
    tmp.write_bytes(text.encode(_ANSI))
    os.replace(tmp, fil)


def konfigurerad_tolk(m: Miljo) -> tuple[Path, str]:
    """(tolken som tillägget använder, varifrån den kommer)."""
    varde = las_konfig(konfigfil(m)).get(KONFIGNYCKEL)
    if varde:
        return sokvag(expandera(varde, m.env)), f"{KONFIGNYCKEL} i {konfigfil(m)}"
    return sokvag(expandera(STANDARDTOLK, m.env)), f"tilläggets standard {STANDARDTOLK}"


def dll_bredvid(tolk: Path) -> Path | None:
    """DLL-filen där tillägget letar (XLPyLoadDLL): tolkens mapp, annars mappen ovanför."""
    for mapp in (tolk.parent, tolk.parent.parent):
        if (mapp / DLL).is_file():
            return mapp / DLL
    return None


def tillaggets_version(fil: Path) -> str | None:
    """Versionerna tillägget byggdes för ("evb-xl 0.1.0, xlwings 0.37.8"), ur dess dokumentegenskaper."""
    try:
        with zipfile.ZipFile(fil) as z:
            core = z.read("docProps/core.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    m = re.search(r"<cp:keywords>([^<]*)</cp:keywords>", core)
    return m.group(1) if m else None


def _ar_ansi(text: str) -> bool:
    try:
        text.encode(_ANSI)
        return True
    except UnicodeEncodeError:
        return False


# --- doktor -------------------------------------------------------------------------------


def kontrollera_python(m: Miljo) -> list[Kontroll]:
    """Det som gäller tolken som kör evb-xl, på vilken dator som helst."""
    ut = []
    v = ".".join(map(str, m.version))
    ut.append(Kontroll("Python", m.version[:2] >= LAGSTA_PYTHON and m.implementation == "CPython",
                       f"{m.implementation} {v}, {m.bitar} bitar ({m.maskin})",
                       "installera Python 3.11 eller senare (64 bitar) från python.org."))
    if m.system == "Windows":
        x64 = m.bitar == 64 and m.maskin.upper() in ("AMD64", "X86_64")
        ut.append(Kontroll("64 bitar (x64)", x64,
                           "ja" if x64 else f"nej: {m.bitar} bitar, {m.maskin}; xlwings har ingen DLL för den",
                           "installera 64-bitars Python (Windows installer (64-bit)) från python.org; "
                           "Excel kan vara 32 eller 64 bitar."))
        store = "WindowsApps" in str(m.python) or "PythonSoftwareFoundation" in str(m.prefix)
        ut.append(Kontroll("Inte Microsoft Store-Python", not store,
                           "ja" if not store else f"nej: {m.python}",
                           "installera Python från python.org; Store-versionen gömmer DLL-filen för Excel."))
    ok = m.xlwings_version == XLWINGS_VERSION
    ut.append(Kontroll("xlwings", ok, m.xlwings_version or "saknas",
                       f"python -m pip install xlwings=={XLWINGS_VERSION} i samma miljö (installera om evb-xl)."))
    if m.xlwings_mapp and m.anvandarsite and str(m.xlwings_mapp).lower().startswith(str(m.anvandarsite).lower()):
        ut.append(Kontroll("Inte pip install --user", False,
                           f"xlwings ligger i {m.xlwings_mapp}, där Excel inte hittar dess DLL",
                           "gör en venv (README: Installation på Windows) och installera där, utan --user."))
    return ut


def kontrollera(m: Miljo) -> Svar:
    """`evb-xl doktor`: vad som är på plats och vad som ska rättas. Ändrar ingenting."""
    svar = Svar()
    if m.system != "Windows":
        svar.kontroller.append(Kontroll(
            "Windows", False, f"det här är {m.system or 'okänt system'}; Excel-tillägget fungerar bara på Windows",
            "kör evb-xl doktor på Windows-datorn där Excel finns."))
        svar.kontroller += kontrollera_python(m)
        svar.efter += ["På Windows kontrollerar doktor också att Python är 64 bitar (x64) och inte från",
                       "Microsoft Store, att xlwings inte är installerat med --user, vilken tolk tillägget",
                       "använder (%USERPROFILE%\\.evb_xl\\evb_xl.conf, annars",
                       f"{STANDARDTOLK}), att den tolken finns och kan importera",
                       f"evb_xl, att {DLL} ligger där tillägget letar, att {TILLAGG} ligger i",
                       "XLSTART och är samma version som paketets, och att sökvägarna går att skriva i",
                       "Windows teckentabell (cp1252)."]
        return svar
    svar.kontroller += kontrollera_python(m)
    tolk, kalla = konfigurerad_tolk(m)
    finns = tolk.is_file()
    svar.kontroller.append(Kontroll("Tolken tillägget använder", finns, f"{tolk} ({kalla})",
                                    "kör evb-xl installera med den Python där evb-xl är installerat."))
    if finns and Path(os.path.normcase(tolk)) != Path(os.path.normcase(m.python)):
        svar.kontroller.append(Kontroll("Samma tolk som kör doktor", False,
                                        f"nej: tillägget använder {tolk}, doktor körs med {m.python}",
                                        "kör evb-xl installera med den Python som ska användas.",
                                        bara_varning=True))
    if finns:
        dll = dll_bredvid(tolk)
        svar.kontroller.append(Kontroll(
            "xlwings DLL", dll is not None, str(dll) if dll else f"{DLL} saknas i {tolk.parent} och {tolk.parent.parent}",
            f"installera evb-xl i en venv med 64-bitars Python (då hamnar {DLL} i venv:ens rot)."))
        if m.kor_tolk is not None:
            fel = m.kor_tolk(tolk)
            svar.kontroller.append(Kontroll("Tolken startar", fel is None, "evb_xl och xlwings går att importera"
                                            if fel is None else fel, "installera om evb-xl i den miljön."))
    if not _ar_ansi(str(tolk)):
        svar.kontroller.append(Kontroll("Sökväg i Windows teckentabell", False,
                                        f"{tolk} har tecken som VBA inte kan skicka vidare",
                                        "installera Python och venv:en i en mapp med enklare namn, t.ex. C:\\evb-xl."))
    svar.kontroller.append(_kontrollera_tillagg(m))
    return svar


def _kontrollera_tillagg(m: Miljo) -> Kontroll:
    platser = [p for p in (xlstart(m), xlstart(m, alla_anvandare=True)) if p is not None]
    hittade = [p / TILLAGG for p in platser if (p / TILLAGG).is_file()]
    if not hittade:
        return Kontroll("Tillägget i XLSTART", False, f"{TILLAGG} finns inte i {' eller '.join(map(str, platser))}",
                        "kör evb-xl installera och starta om Excel.")
    paketets = tillaggets_version(m.tillagg)
    versioner = [tillaggets_version(p) for p in hittade]
    aktuellt = paketets is not None and all(v == paketets for v in versioner)
    text = ", ".join(map(str, hittade))
    if not aktuellt:
        text += f" ({' / '.join(v or 'okänd version' for v in versioner)}; paketets är {paketets or 'okänd'})"
    elif any(p.read_bytes() != m.tillagg.read_bytes() for p in hittade):
        text += f" ({paketets}; ändrad efter bygget, till exempel signerad)"
    else:
        text += f" ({paketets})"
    return Kontroll("Tillägget i XLSTART", aktuellt, text,
                    "kör evb-xl installera igen (stäng Excel först) och klicka Starta om formlerna.")


# --- installera ---------------------------------------------------------------------------


def installera(m: Miljo, alla_anvandare: bool = False) -> Svar:
    """`evb-xl installera`: tillägget till XLSTART och tolken till konfigurationsfilen."""
    svar = Svar()
    if m.system != "Windows":
        svar.kontroller.append(Kontroll("Windows", False, f"det här är {m.system or 'okänt system'}; inget installerades",
                                        "kör evb-xl installera på Windows-datorn där Excel finns."))
        svar.efter += [f"På Windows kopierar installera {TILLAGG} till XLSTART (%APPDATA%\\Microsoft\\Excel\\XLSTART,",
                       "eller Excels egen XLSTART med --alla-anvandare), skriver den Python som kör evb-xl",
                       "i %USERPROFILE%\\.evb_xl\\evb_xl.conf och kontrollerar att xlwings DLL ligger där",
                       "tillägget letar."]
        return svar
    forst = kontrollera_python(m)
    dll = dll_bredvid(m.python)
    forst.append(Kontroll("xlwings DLL", dll is not None, str(dll) if dll else f"{DLL} saknas bredvid {m.python}",
                          f"installera evb-xl i en venv med 64-bitars Python (då hamnar {DLL} i venv:ens rot)."))
    if not all(k.ok for k in forst):
        svar.kontroller = forst
        svar.rader.append("Inget installerades: den här Python fungerar inte med tillägget.")
        return svar
    svar.kontroller += forst
    mapp = xlstart(m, alla_anvandare)
    if mapp is None:
        svar.kontroller.append(Kontroll("XLSTART", False, "hittades inte" + (
            " (ingen EXCEL.EXE i Office-mapparna)" if alla_anvandare else " (APPDATA saknas)"),
            "ange mappen i Excel: Arkiv > Alternativ > Säkerhetscenter > Betrodda platser."))
        return svar
    if not m.tillagg.is_file():
        svar.kontroller.append(Kontroll("Tillägget i paketet", False, f"{m.tillagg} saknas",
                                        "installera evb-xl från ett hjul eller repot (python vba/build_addin.py)."))
        return svar
    mal = mapp / TILLAGG
    try:
        mapp.mkdir(parents=True, exist_ok=True)
        tmp = mapp / (TILLAGG + ".tmp")
        shutil.copyfile(m.tillagg, tmp)
        os.replace(tmp, mal)
    except PermissionError:
        atgard = ("kör kommandotolken som administratör." if alla_anvandare
                  else "stäng Excel (filen är öppen) och kör evb-xl installera igen.")
        svar.kontroller.append(Kontroll("Tillägget i XLSTART", False, f"{mal} gick inte att skriva", atgard))
        return svar
    svar.kontroller.append(Kontroll("Tillägget i XLSTART", True, str(mal)))
    fil = konfigfil(m)
    varden = las_konfig(fil)
    varden[KONFIGNYCKEL] = med_variabler(m.python, m.env)
    if not _ar_ansi(str(m.python)):
        svar.kontroller.append(Kontroll("Inställningar", False, f"{m.python} har tecken som VBA inte kan läsa",
                                        "installera Python och venv:en i en mapp med enklare namn, t.ex. C:\\evb-xl."))
        return svar
    skriv_konfig(fil, varden)
    svar.kontroller.append(Kontroll("Inställningar", True, f'{fil}: "{KONFIGNYCKEL}","{varden[KONFIGNYCKEL]}"'))
    svar.klart = "Klart. Starta om Excel; fliken EVB syns i alla arbetsböcker."
    svar.efter.append("Efter en uppdatering av evb-xl: klicka Starta om formlerna på fliken EVB.")
    if alla_anvandare:
        svar.efter.append(f"Alla användare får tillägget; var och en behöver en tolk: {STANDARDTOLK}, "
                          f"eller en egen {fil.name} (kör evb-xl installera som den användaren).")
    return svar
