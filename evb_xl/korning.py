"""En körning: underlag in, bilagor ut. Kommandoraden och knappen i Excel går båda hit.

Inställningarna läggs ihop i ordningen flagga, underlagets blad Inställningar, mallens
blad Inställningar, standard (SPEC §7, §8 p. 13).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import bilagor, skriv
from .fynd import FEL, VARNING
from .installningar import Installningar, las_blad
from .kvartal import Kvartal
from .underlag import LasFel, Underlag, las, las_bok


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

    @property
    def ok(self) -> bool:
        return not self.fel

    def rad(self) -> str:
        """En rad på svenska om hur det gick."""
        if self.fel:
            return f"{self.fil}: {len(self.fel)} fel, inga bilagor skrevs"
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

    def som_installningar(self) -> dict:
        return {"kvartal": self.kvartal, "antal": self.antal, "matdatum": self.matdatum,
                "namnd": self.namnd, "diarienummer": self.diarienummer, "lagrum": self.lagrum}


def grundinstallningar(val: Val, mall) -> tuple[Installningar, list]:
    """Standard, sedan mallens blad, sedan flaggorna (underlagets blad läggs på efter läsningen)."""
    varden, fynd = las_blad(skriv.mallens_installningar(mall))
    inst = Installningar().med("mallen", **varden).med("flagga", **val.som_installningar())
    return inst, fynd


def installningar_for(underlag: Underlag, grund: Installningar, val: Val) -> Installningar:
    return grund.med("underlaget", **underlag.installningar).med("flagga", **val.som_installningar())


def las_och_bygg(sokvag: Path, val: Val, mall=None, bok=None):
    """(underlag, rapport eller None, resultat) för ett underlag; skriver inget. `bok`: läs ur
    en redan öppen bok (Minnesbok) i stället för filen."""
    idag = val.idag or date.today()
    mall = mall if mall is not None else skriv.las_mall(val.mall)
    grund, mallfynd = grundinstallningar(val, mall)
    resultat = Resultat(fil=Path(sokvag).name)
    if mallfynd:
        resultat.fel += [f.som_text("mallen") for f in mallfynd if f.niva == FEL]
    try:
        u = las_bok(bok, resultat.fil, grund, idag) if bok is not None else las(sokvag, grund, idag)
    except LasFel as e:
        resultat.fel.append(str(e))
        return None, None, resultat
    inst = installningar_for(u, grund, val)
    resultat.fel += [u.meddelande(f) for f in u.fynd if f.niva == FEL]
    resultat.varningar = [u.meddelande(f) for f in u.fynd if f.niva == VARNING]
    if resultat.fel:
        return u, None, resultat
    kvartal = inst.kvartal or Kvartal.senast_avslutade(idag)
    rapport = bilagor.bygg(u, inst, kvartal)
    resultat.utdata = inst.utdata
    resultat.sammanfattning = rapport.sammanfattning
    resultat.kvartal = str(kvartal)
    return u, rapport, resultat


def kor_bilagor(sokvag: Path, val: Val, bok=None) -> Resultat:
    """Läs underlaget, bygg bilagorna och skriv `<namn>_bilagor_<kvartal>.xlsx`."""
    sokvag = Path(sokvag)
    mall = skriv.las_mall(val.mall)
    u, rapport, resultat = las_och_bygg(sokvag, val, mall, bok)
    if rapport is None:
        return resultat
    ut = skriv.utfil(val.ut or sokvag.parent, sokvag, rapport.kvartal)
    try:
        skriv.spara_atomiskt(skriv.fyll(rapport, mall, u.fil), ut, val.skriv_over)
    except skriv.FinnsRedan as e:
        resultat.fel.append(str(e))
        return resultat
    except OSError as e:
        resultat.fel.append(f"{ut}: kunde inte skrivas ({e.strerror or e})")
        return resultat
    resultat.utfil = str(ut)
    return resultat


def kor_kontroll(sokvag: Path, val: Val) -> Resultat:
    """Läs och kontrollera utan att skriva något."""
    return las_och_bygg(Path(sokvag), val)[2]
