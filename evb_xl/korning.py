"""En körning: underlag in, bilagor ut. Kommandoraden och knappen i Excel går båda hit.

Inställningarna läggs ihop i ordningen flagga, underlagets blad Inställningar, mallens
blad Inställningar, standard (SPEC §7, §8 p. 13).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field, replace
from typing import Callable
from datetime import date
from functools import partial
from pathlib import Path

from evb_xl.lasning import egenskaper, tidigare_bilagor
from evb_xl.lasning.installningar import las_blad
from evb_xl.lasning.underlag import LasFel, Underlag, las, las_bok
from evb_xl.modell import utfiler
from evb_xl.modell.beslut import bedom
from evb_xl.modell.bilagor import Rapport
from evb_xl.modell.dokument import Dokument, Indata, Textdokument
from evb_xl.modell.fynd import FEL, VARNING
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter import alla, kontroll, ks, trend  # noqa: F401  (alla: registrerar rapporterna)
from evb_xl.rapporter.huvud import huvud, lagrum_i, med_huvud
from evb_xl.rapporter.register import hamta
from evb_xl.regler.bojning import antal
from evb_xl.regler.kvartal import Kvartal, datumvarningar
from evb_xl.skrivning import atomiskt
from evb_xl.skrivning import fyll as skriv
from evb_xl.skrivning import standardbok
from evb_xl.skrivning.massrader import FarIntePlats
from evb_xl.skrivning.pdf import kontrollnamn, till_pdf
from evb_xl.skrivning.tabeller import skriv_tabeller
from evb_xl.skrivning.word import word


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
    namnd: str = ""  # ur Inställningar (underlagets eller mallens), annars tomt
    enhet: str = ""  # Enhet på Inställningar, annars filens namn
    per_lagrum: dict = field(default_factory=dict)
    datumvarningar: list = field(default_factory=list)  # mätdatum utanför kvartalet, kvartalet inte slut
    skriver: bool = True  # False: kontroll, som aldrig skriver något
    pdf: list = field(default_factory=list)  # PDF-filerna som skrevs (--pdf, --pdf-kontroll)
    # var varningarna står, efter "(3 varningar, ": bladet Kontroll i bilagorna, annars kommandot
    # kontroll; dörren som själv visar dem sätter "se nedan". {dem}: den eller dem.
    varningar_se: str = ""

    @property
    def ok(self) -> bool:
        return not self.fel

    def rad(self) -> str:
        """En rad på svenska om hur det gick."""
        if self.fel:
            text = f"{self.fil}: {len(self.fel)} fel"
            skrivna = [self.utfil, *self.pdf] if self.utfil else []
            if not self.skriver:
                return text
            return text + (f"; skrevs ändå: {', '.join(skrivna)}" if skrivna else ", inget skrevs")
        if not self.sammanfattning:
            return f"{self.fil} -> {self.utfil}"
        s = self.sammanfattning
        per = "; ".join(f"{lag} {n}" for lag, n in s.get("per lagrum", {}).items())
        text = (f"{self.fil}: {antal(s['rapporteringspliktiga'], 'rapporteringspliktigt', 'rapporteringspliktiga')} "
                f"beslut {self.kvartal}"
                f"{f' ({per})' if per else ''}, {antal(s['män'], 'man', 'män')}, "
                f"{antal(s['kvinnor'], 'kvinna', 'kvinnor')}"
                f"{', ' + str(s['okänt kön']) + ' okänt kön' if s['okänt kön'] else ''}; "
                f"{s['kvarstående']} kvarstår {s['mätdatum']}")
        if self.utfil:
            text += f" -> {self.utfil}"
        if self.varningar:
            n = len(self.varningar)
            se = (self.varningar_se or VARNINGAR_I_KONTROLLKOMMANDOT).replace("{dem}", "den" if n == 1 else "dem")
            text += f" ({antal(n, 'varning', 'varningar')}, {se})"
        return text


VARNINGAR_PA_KONTROLL = "se bladet Kontroll"  # bilagorna: Kontroll listar dem
VARNINGAR_I_KONTROLLKOMMANDOT = "evb-xl kontroll visar {dem}"  # rapporterna har inget blad Kontroll
VARNINGAR_NEDAN = "se nedan"  # kommandot (eller knappens ruta) visar dem själv


@dataclass(frozen=True)
class Val:
    """Det användaren valt (flaggor eller knappens inställningar)."""

    kvartal: Kvartal | None = None
    antal: str | None = None
    orsaker: str | None = None
    matdatum: date | None = None
    namnd: str | None = None
    diarienummer: str | None = None
    lagrum: str | None = None
    mall: Path | None = None
    ut: Path | None = None
    skriv_over: bool = False
    idag: date | None = None
    pdf: bool = False
    alternativ: dict = field(default_factory=dict)  # rapporternas egna val: antal_kvartal, pseudo_nyckel ...
    pdf_kontroll: bool = False  # bilagorna: Kontroll som en egen PDF
    # knappen i Excel: standardnamnet -> (namnet att skriva, skriv över); None: standardnamnet och skriv_over
    utfil: Callable[[Path], tuple[Path, bool]] | None = None

    def som_installningar(self) -> dict:
        return {"kvartal": self.kvartal, "antal": self.antal, "orsaker": self.orsaker, "matdatum": self.matdatum,
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
    resultat.datumvarningar = datumvarningar(kvartal, inst.matdatum, idag)
    resultat.namnd, resultat.enhet = inst.namnd, inst.enhet or Path(sokvag).stem
    return (None if resultat.fel else u), inst, kvartal, resultat


def indata(u: Underlag, kvartal: Kvartal, val: Val, **alternativ) -> Indata:
    """Det varje rapport får: underlaget, kvartalet, mätdatum och bedömningen, en gång."""
    matdatum = kvartal.matdatum(u.installningar.matdatum)
    return Indata(u, kvartal, matdatum, bedom(u.tabell, kvartal, matdatum), {**val.alternativ, **alternativ})


def forra_kvartalets_bilagor(sokvag: Path, val: Val, kvartal: Kvartal):
    """Märket (modell.utfiler.Bilagemarke) på förra kvartalets `<namn>_bilagor_<kvartal>.xlsx` i
    utmappen eller bredvid underlaget (skrivelsens jämförelse); None när den inte finns, en text
    (varför) när den inte går att läsa."""
    forra = kvartal.foregaende()
    for mapp in dict.fromkeys([Path(val.ut or sokvag.parent), sokvag.parent]):
        fil = utfiler.per_underlag(mapp, sokvag, forra)
        if fil.is_file():
            try:
                return tidigare_bilagor.las_en(fil)
            except (ValueError, LasFel) as e:
                return f"förra kvartalets bilagor går inte att läsa ({e})"
    return None


def las_och_bygg(sokvag: Path, val: Val, namn: str = "bilagor", mall=None, bok=None):
    """(underlag, dokument eller None, resultat) för rapporten `namn` ur ett underlag; skriver inget."""
    u, inst, kvartal, resultat = las_underlag(sokvag, val, mall, bok)
    if u is None:
        return u, None, resultat
    ind = indata(u, kvartal, val, forra_bilagor=partial(forra_kvartalets_bilagor, Path(sokvag), val, kvartal))
    dokument = hamta(namn).bygg(ind)
    if isinstance(dokument, Dokument):  # varje tabell har Bilaga 1:s huvud, med lagen i kraft (SPEC §9)
        dokument.tabeller = med_huvud(dokument.tabeller, huvud(u.installningar, kvartal, lagrum_i(u.tabell)))
    if isinstance(dokument, Rapport) and dokument.matdatum == ind.matdatum:  # bilagorna har redan räknat dem
        resultat.sammanfattning, resultat.per_lagrum = dokument.sammanfattning, dict(dokument.per_lagrum)
    else:
        resultat.sammanfattning, resultat.per_lagrum = kontroll.sammanfattningar(u.tabell, ind.bedomning, ind.matdatum)
    resultat.varningar += getattr(dokument, "varningar", [])
    if isinstance(dokument, Rapport):  # bara bilagorna har bladet Kontroll
        resultat.varningar_se = VARNINGAR_PA_KONTROLL
    return u, dokument, resultat


_OS_FEL = {errno.ENOSPC: "disken är full", errno.EACCES: "behörighet saknas", errno.EPERM: "behörighet saknas",
           errno.ENOTDIR: "en del av sökvägen är en fil, inte en mapp", errno.ENOENT: "mappen finns inte",
           errno.EROFS: "mappen är skrivskyddad", errno.EISDIR: "det finns en mapp med det namnet"}


def pdf(fil: Path, ut: Path, skriv_over: bool, utan_bilagorna: bool = False, kontroll: bool = False,
        skrivna: list | None = None) -> list[Path]:
    """PDF av en av verktygets utfiler (känd på sitt märke, aldrig ett underlag): bilagornas
    eller rapportens PDF, och med `kontroll` bilagornas Kontroll för sig. InteEgenFil och
    RuntimeError med svensk text vid fel; `skrivna` får varje PDF när den är skriven (också när
    nästa inte går)."""
    vad, skrivna = egenskaper.slag(fil), (skrivna if skrivna is not None else [])
    if not utan_bilagorna:
        skrivna.append(till_pdf(fil, ut, vad, skriv_over))
    if kontroll and kontrollnamn(fil) != Path(fil).stem:
        skrivna.append(till_pdf(fil, ut, vad, skriv_over, namn=kontrollnamn(fil), kontroll=True))
    return skrivna


def _spara(wb, ut: Path, resultat: Resultat, val: Val) -> Resultat:
    """Spara atomiskt (och som PDF om det begärts); fel blir text i resultatet, som säger vad som
    skrevs: en PDF som inte går att göra tar inte bort arbetsboken som redan skrivits."""
    try:
        atomiskt.spara_atomiskt(wb, ut, val.skriv_over)
    except atomiskt.FinnsRedan as e:
        resultat.fel.append(str(e))
        return resultat
    except OSError as e:
        resultat.fel.append(f"{ut}: kunde inte skrivas ({_OS_FEL.get(e.errno, e.strerror or type(e).__name__)})")
        return resultat
    resultat.utfil = str(ut)
    if val.pdf or val.pdf_kontroll:
        skrivna = []
        try:
            pdf(ut, ut.parent, val.skriv_over, utan_bilagorna=not val.pdf, kontroll=val.pdf_kontroll, skrivna=skrivna)
        except RuntimeError as e:
            resultat.fel.append(f"{ut.name} skrevs, men PDF:en skrevs inte: {e}")
        except OSError as e:
            orsak = _OS_FEL.get(e.errno, e.strerror or type(e).__name__)
            resultat.fel.append(f"{ut.name} skrevs, men PDF:en skrevs inte ({orsak})")
        resultat.pdf = [str(f) for f in skrivna]
    return resultat


def kor(sokvag: Path, val: Val, namn: str = "bilagor", bok=None) -> Resultat:
    """Läs underlaget, bygg rapporten `namn` (registret) och skriv `<namn>_<filnamn>_<kvartal>`."""
    mall = skriv.las_mall(val.mall) if namn == "bilagor" and val.mall is not None else None
    u, dokument, resultat = las_och_bygg(Path(sokvag), val, namn, mall, bok)
    return skriv_dokument(Path(sokvag), u, dokument, resultat, val, namn, mall)


def skriv_dokument(sokvag: Path, u: Underlag, dokument, resultat: Resultat, val: Val, namn: str = "bilagor",
                   mall=None) -> Resultat:
    """Andra halvan av kor: dokumentet som fil (mallen, tabellblad eller ...) och spara atomiskt."""
    if dokument is None:
        return resultat
    slag = hamta(namn)
    if isinstance(dokument, Dokument):
        dokument.egenskaper.setdefault("subject", f"{u.installningar.namnd} {resultat.kvartal}".strip())
    try:
        bok = SKRIVARE[type(dokument)](dokument, mall, u.fil)
    except FarIntePlats as e:
        resultat.fel.append(f"{u.fil}: {e}")
        return resultat
    ut = utfiler.per_underlag(val.ut or sokvag.parent, sokvag, resultat.kvartal, slag.filnamn, slag.filandelse)
    if val.utfil is not None:
        ut, skriv_over = val.utfil(ut)
        val = replace(val, skriv_over=skriv_over)
    return _spara(bok, ut, resultat, val)


def _tabellbok(dokument: Dokument, mall, fil: str):
    return skriv_tabeller(dokument.tabeller, dokument.egenskaper)


# dokumenttyp -> hur den blir en fil (något med save(sökväg))
SKRIVARE = {
    # standardmallen utan openpyxl (standardbok.py), en egen mall med openpyxl (fyll.py)
    Rapport: lambda dokument, mall, fil: standardbok.skriv(dokument, fil) if mall is None else skriv.fyll(dokument, mall, fil),
    Dokument: _tabellbok,
    Textdokument: lambda dokument, mall, fil: word(dokument),
}


def kor_kontroll(sokvag: Path, val: Val) -> Resultat:
    """Läs och kontrollera utan att skriva något."""
    resultat = las_och_bygg(Path(sokvag), val)[2]
    resultat.skriver, resultat.varningar_se = False, ""  # inga bilagor, inget blad Kontroll
    return resultat


def skriv_sammanstallning(resultat: list[Resultat], val: Val) -> Resultat:
    """Sammanställningen för kommunstyrelsen ur flera körningars siffror: en rad per nämnd och lagrum
    (summerad över nämndens enheter) och en per enhet, i UT/ks_sammanstallning_<kvartal>.xlsx.
    Nämnden: underlagets Inställningar, annars val.namnd (--namnd), annars filens namn."""

    kvartal = {r.kvartal for r in resultat if r.ok}
    if len(kvartal) > 1:
        raise ValueError(f"underlagen gäller olika kvartal ({', '.join(sorted(kvartal))}); ange --kvartal")
    k = Kvartal.tolka(kvartal.pop()) if kvartal else (val.kvartal or Kvartal.senast_avslutade(val.idag or date.today()))
    enheter = [ks.Enhet(r.namnd or val.namnd or Path(r.fil).stem, r.enhet or Path(r.fil).stem, r.per_lagrum)
               for r in resultat if r.ok]
    saknas = [f"{r.fil} ({r.fel[0]})" for r in resultat if not r.ok]
    ut = Resultat(fil="sammanställning", kvartal=str(k), fel=[f"{r.fil}: saknas i sammanställningen" for r in resultat if not r.ok])
    inst = Installningar().med("flagga", diarienummer=val.diarienummer)
    wb = skriv_tabeller(ks.tabeller(enheter, k, saknas, inst), slag="ks_sammanstallning")
    return _spara(wb, utfiler.samlad(val.ut or ".", "ks_sammanstallning", k), ut, val)


def kor_trend_fran_bilagor(filer: list[Path], val: Val) -> Resultat:
    """Trenden ur tidigare bilagor (Summa i varje Bilaga 1, ur bilagornas märke): UT/trend_<sista
    kvartal>.xlsx, ett blad per nämnd och definition av antal; varningarna säger vad som hölls isär
    och vilka kvartal som saknas."""

    resultat = Resultat(fil=f"{len(filer)} bilagor")
    try:
        inst = Installningar().med("flagga", **val.som_installningar())  # --namnd, --dnr
        tabeller, resultat.varningar, sista = trend.ur_bilagor(tidigare_bilagor.las(filer), inst)
    except (ValueError, LasFel) as e:
        resultat.fel.append(str(e))
        return resultat
    resultat.kvartal = str(sista)
    ut = utfiler.samlad(val.ut or Path(filer[0]).parent, "trend", sista)
    return _spara(skriv_tabeller(tabeller), ut, resultat, val)
