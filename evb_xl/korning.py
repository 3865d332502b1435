"""En körning: underlag in, bilagor ut. Kommandoraden och knappen i Excel går båda hit.

Inställningarna läggs ihop i ordningen flagga, underlagets blad Inställningar, mallens
blad Inställningar, standard (SPEC §7, §8 p. 13).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from evb_xl.lasning import tidigare_bilagor
from evb_xl.lasning.installningar import las_blad
from evb_xl.lasning.underlag import LasFel, Underlag, las, las_bok
from evb_xl.modell import beslut
from evb_xl.modell.fynd import FEL, VARNING
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter import aterrapportering, bilagor, enheter, ivo, kontroll, ks, trend, vantetid
from evb_xl.regler.kvartal import Kvartal
from evb_xl.skrivning import atomiskt, utfiler
from evb_xl.skrivning import fyll as skriv
from evb_xl.skrivning.massrader import FarIntePlats
from evb_xl.skrivning.pdf import till_pdf
from evb_xl.skrivning.tabeller import skriv_tabeller


@dataclass
class Resultat:
    """Vad en körning gav för ett underlag (bara text och tal, så det går mellan processer)."""

    fil: str
    utfil: str = ""
    fel: list = field(default_factory=list)
    varningar: list = field(default_factory=list)
    sammanfattning: dict = field(default_factory=dict)
    kvartal: str = ""
    utdata: str = ""
    namnd: str = ""
    per_lagrum: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.fel

    def rad(self) -> str:
        """En rad på svenska om hur det gick."""
        if self.fel:
            return f"{self.fil}: {len(self.fel)} fel, inget skrevs"
        if not self.sammanfattning:
            return f"{self.fil} -> {self.utfil}"
        s = self.sammanfattning
        per = "; ".join(f"{lag} {n}" for lag, n in s.get("per lagrum", {}).items())
        text = (f"{self.fil}: {s['rapporteringspliktiga']} rapporteringspliktiga beslut {self.kvartal}"
                f"{f' ({per})' if per else ''}, {s['män']} män, {s['kvinnor']} kvinnor"
                f"{', ' + str(s['okänt kön']) + ' okänt kön' if s['okänt kön'] else ''}; "
                f"{s['kvarstående']} kvarstår {s['mätdatum']}")
        if self.utfil:
            text += f" -> {self.utfil}"
        if self.varningar:
            text += f" ({len(self.varningar)} varning{'ar' if len(self.varningar) > 1 else ''}, se Kontroll)"
        return text


@dataclass(frozen=True)
class Val:
    """Det användaren valt (flaggor eller knappens inställningar)."""

    kvartal: Kvartal | None = None
    antal: str | None = None
    matdatum: date | None = None
    namnd: str | None = None
    diarienummer: str | None = None
    lagrum: str | None = None
    mall: Path | None = None
    ut: Path | None = None
    skriv_over: bool = False
    idag: date | None = None
    antal_kvartal: int = 4  # trenden
    pdf: bool = False
    pseudo_nyckel: bytes | None = None  # IVO-listan: bara när användaren bett om pseudo-id
    pseudo_variant: str = "T"

    def som_installningar(self) -> dict:
        return {"kvartal": self.kvartal, "antal": self.antal, "matdatum": self.matdatum,
                "namnd": self.namnd, "diarienummer": self.diarienummer, "lagrum": self.lagrum}


def mallens_installningar(mall) -> tuple[Installningar, list]:
    """Standard och sedan mallens blad Inställningar (den inbyggda mallen har inget sådant)."""
    varden, fynd = las_blad(skriv.mallens_installningar(mall)) if mall is not None else ({}, [])
    return Installningar().med("mallen", **varden), fynd


def sla_ihop_radfel(u: Underlag, fel: list) -> list[str]:
    """Felen i radordning; samma fel på rad efter rad (utan cell) blir en rad: 'rad 22–1048576: ...'."""
    fel = sorted(fel, key=lambda f: f.rad or 0)
    ut, i = [], 0
    while i < len(fel):
        j = i
        while (j + 1 < len(fel) and not fel[i].cell and not fel[j + 1].cell and fel[j + 1].text == fel[i].text
               and fel[j + 1].rad == fel[j].rad + 1):
            j += 1
        if j > i + 1:
            ut.append(f"{u.fil}, blad '{u.blad}', rad {fel[i].rad}–{fel[j].rad}: {fel[i].text} ({j - i + 1} rader)")
        else:
            ut += [u.meddelande(f) for f in fel[i:j + 1]]
        i = j + 1
    return ut


def las_underlag(sokvag: Path, val: Val, mall=None, bok=None):
    """(underlag, inställningar, kvartal, resultat) — underlaget är None vid fel. `bok`: läs ur en
    redan öppen bok (Minnesbok) i stället för filen."""
    idag = val.idag or date.today()
    if mall is None and val.mall is not None:
        mall = skriv.las_mall(val.mall)
    grund, mallfynd = mallens_installningar(mall)
    resultat = Resultat(fil=Path(sokvag).name)
    resultat.fel += [f.som_text("mallen") for f in mallfynd if f.niva == FEL]
    flaggor = val.som_installningar()
    try:
        u = (las_bok(bok, resultat.fil, grund, idag, flaggor) if bok is not None
             else las(sokvag, grund, idag, flaggor))
    except LasFel as e:
        resultat.fel.append(str(e))
        return None, None, None, resultat
    inst = u.installningar
    resultat.fel += sla_ihop_radfel(u, u.fel)
    resultat.varningar = [u.meddelande(f) for f in u.fynd if f.niva == VARNING]
    kvartal = inst.kvartal or Kvartal.senast_avslutade(idag)
    resultat.kvartal, resultat.utdata = str(kvartal), inst.utdata
    resultat.namnd = inst.namnd or Path(sokvag).stem
    return (None if resultat.fel else u), inst, kvartal, resultat


def las_och_bygg(sokvag: Path, val: Val, mall=None, bok=None):
    """(underlag, rapport eller None, resultat) för ett underlag; skriver inget."""
    u, inst, kvartal, resultat = las_underlag(sokvag, val, mall, bok)
    if u is None:
        return u, None, resultat
    rapport = bilagor.bygg(u, kvartal)
    resultat.sammanfattning, resultat.per_lagrum = rapport.sammanfattning, rapport.per_lagrum
    return u, rapport, resultat


_OS_FEL = {errno.ENOSPC: "disken är full", errno.EACCES: "behörighet saknas", errno.EPERM: "behörighet saknas",
           errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp", errno.ENOENT: "mappen finns inte",
           errno.EROFS: "mappen är skrivskyddad", errno.EISDIR: "det finns en mapp med det namnet"}


def _spara(wb, ut: Path, resultat: Resultat, val: Val) -> Resultat:
    """Spara atomiskt (och som PDF om det begärts); fel blir text i resultatet."""
    try:
        atomiskt.spara_atomiskt(wb, ut, val.skriv_over)
        if val.pdf:

            till_pdf(ut, ut.parent, val.skriv_over)
    except (atomiskt.FinnsRedan, RuntimeError) as e:
        resultat.fel.append(str(e))
        return resultat
    except OSError as e:
        resultat.fel.append(f"{ut}: kunde inte skrivas ({_OS_FEL.get(e.errno, e.strerror or type(e).__name__)})")
        return resultat
    resultat.utfil = str(ut)
    return resultat


def kor_bilagor(sokvag: Path, val: Val, bok=None) -> Resultat:
    """Läs underlaget, bygg bilagorna och skriv `<namn>_bilagor_<kvartal>.xlsx`."""
    mall = skriv.las_mall(val.mall)
    u, rapport, resultat = las_och_bygg(Path(sokvag), val, mall, bok)
    return skriv_bilagor(Path(sokvag), u, rapport, resultat, val, mall)


def skriv_bilagor(sokvag: Path, u: Underlag, rapport, resultat: Resultat, val: Val, mall) -> Resultat:
    """Andra halvan av kor_bilagor: fyll mallen med en byggd rapport och spara atomiskt."""
    if rapport is None:
        return resultat
    try:
        bok = skriv.fyll(rapport, mall, u.fil)
    except FarIntePlats as e:
        resultat.fel.append(f"{u.fil}: {e}")
        return resultat
    return _spara(bok, utfiler.per_underlag(val.ut or sokvag.parent, sokvag, rapport.kvartal), resultat, val)


def kor_kontroll(sokvag: Path, val: Val) -> Resultat:
    """Läs och kontrollera utan att skriva något."""
    return las_och_bygg(Path(sokvag), val)[2]


def _kategoriordning(inst) -> dict:
    return {lag: bilagor.kategoriordning(inst, lag) for lag in ("LSS", "SoL")}


def _trend(u, inst, kvartal, b, val):

    return [trend.ur_underlag(u.tabell, kvartal, val.antal_kvartal)], []


def _aterrapportering(u, inst, kvartal, b, val):

    return aterrapportering.tabeller(u.tabell, b, kvartal, _kategoriordning(inst)), []


def _vantetid(u, inst, kvartal, b, val):

    return vantetid.tabeller(u.tabell, b, kvartal, inst.matdatum or kvartal.slut, _kategoriordning(inst)), []


def _enheter(u, inst, kvartal, b, val):

    return enheter.tabeller(u.tabell, b, kvartal, inst.matdatum or kvartal.slut), []


def _ivo(u, inst, kvartal, b, val):

    t, varningar = ivo.tabell(u.tabell, b, kvartal, inst.matdatum or kvartal.slut, val.pseudo_nyckel,
                              val.pseudo_variant)
    return [t], varningar


# slag -> funktion som ger (tabeller, varningar); namnen är utfilernas (utfiler.PER_UNDERLAG)
RAPPORTER = {"trend": _trend, "aterrapportering": _aterrapportering, "vantetid": _vantetid, "enheter": _enheter,
             "ivo_SEKRETESS": _ivo}
SEKRETESS = {"ivo_SEKRETESS"}


def kor_rapport(sokvag: Path, val: Val, slag: str, bok=None) -> Resultat:
    """En av de extra rapporterna (RAPPORTER) för ett underlag: `<namn>_<slag>_<kvartal>.xlsx`."""
    sokvag = Path(sokvag)
    u, inst, kvartal, resultat = las_underlag(sokvag, val, bok=bok)
    if u is None:
        return resultat
    matdatum = inst.matdatum or kvartal.slut
    b = beslut.bedom(u.tabell, kvartal, matdatum)
    resultat.sammanfattning = kontroll.sammanfattningar(u.tabell, b, matdatum)[0]
    tabeller, varningar = RAPPORTER[slag](u, inst, kvartal, b, val)
    resultat.varningar += varningar
    egenskaper = {"subject": f"{inst.namnd} {kvartal}".strip()}
    if slag in SEKRETESS:
        egenskaper.update(keywords="SEKRETESS", category="Sekretess")
    try:
        wb = skriv_tabeller(tabeller, egenskaper)
    except FarIntePlats as e:
        resultat.fel.append(f"{u.fil}: {e}")
        return resultat
    return _spara(wb, utfiler.per_underlag(val.ut or sokvag.parent, sokvag, kvartal, slag), resultat, val)


def skriv_sammanstallning(resultat: list[Resultat], val: Val) -> Resultat:
    """Sammanställningen för kommunstyrelsen ur flera körningars siffror (en rad per nämnd och lagrum)."""

    kvartal = {r.kvartal for r in resultat if r.ok}
    if len(kvartal) > 1:
        raise ValueError(f"underlagen gäller olika kvartal ({', '.join(sorted(kvartal))}); ange --kvartal")
    k = Kvartal.tolka(kvartal.pop()) if kvartal else (val.kvartal or Kvartal.senast_avslutade(val.idag or date.today()))
    rader = [ks.rad(r.namnd, lag, s) for r in resultat if r.ok for lag, s in r.per_lagrum.items()]
    saknas = [f"{r.fil} ({r.fel[0]})" for r in resultat if not r.ok]
    ut = Resultat(fil="sammanställning", kvartal=str(k), fel=[f"{r.fil}: saknas i sammanställningen" for r in resultat if not r.ok])
    wb = skriv_tabeller([ks.tabell(rader, k, saknas)])
    ut = _spara(wb, utfiler.samlad(val.ut or ".", "ks_sammanstallning", k), ut, val)
    return ut


def kor_trend_fran_bilagor(filer: list[Path], val: Val) -> Resultat:
    """Trenden ur tidigare bilagor (Summa-raden i varje Bilaga 1): UT/trend_<sista kvartal>.xlsx."""

    resultat = Resultat(fil=f"{len(filer)} bilagor")
    try:
        t, sista = trend.ur_summor(tidigare_bilagor.summor(filer), len(filer))
    except (ValueError, LasFel) as e:
        resultat.fel.append(str(e))
        return resultat
    resultat.kvartal = str(sista)
    ut = utfiler.samlad(val.ut or Path(filer[0]).parent, "trend", sista)
    return _spara(skriv_tabeller([t]), ut, resultat, val)
