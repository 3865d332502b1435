"""Läsa ett underlag: hitta bladet och rubrikraden, tolka varje rad (SPEC §2, §8 p. 7–10).

Filen öppnas bara för läsning (python-calamine) och skrivs aldrig. Allt som är fel
samlas som fynd med fil, blad, cell och värde; inget kastas ett i taget.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from evb_xl.lasning import rubriker as R
from evb_xl.lasning.installningar import kolumnbokstav, las_blad
from evb_xl.lasning.radtolkare import Radtolkare
from evb_xl.modell import falt as F
from evb_xl.modell.beslut import Beslutstabell
from evb_xl.modell.fynd import FEL, INFO, VARNING, Fynd
from evb_xl.modell.installningar import BLADNAMN, Installningar
from evb_xl.modell.underlag import Underlag
from evb_xl.regler import datum

_SOK_RUBRIK_I_RADER = 50
_EJ_UNDERLAG = re.compile(r"^(inställningar|kontroll|bilaga\b.*|_.*)$", re.IGNORECASE)


class LasFel(Exception):
    """Filen går inte att läsa alls (ingen arbetsbok, krypterad, tom, inga rubriker)."""


# --- arbetsboken --------------------------------------------------------------------


def oppna(sokvag: Path):
    """Arbetsboken (python-calamine), eller LasFel med en svensk förklaring som namnger filen."""
    from python_calamine import CalamineWorkbook

    sokvag = Path(sokvag)
    if not sokvag.is_file():
        raise LasFel(f"{sokvag.name}: filen finns inte")
    with open(sokvag, "rb") as f:
        borjan = f.read(8)
    if not borjan:
        raise LasFel(f"{sokvag.name}: filen är tom")
    if borjan.startswith(b"\xd0\xcf\x11\xe0"):
        raise LasFel(f"{sokvag.name}: arbetsboken är lösenordsskyddad (krypterad) eller i det gamla .xls-formatet; "
                     "spara den utan lösenord som .xlsx")
    if not borjan.startswith(b"PK"):
        raise LasFel(f"{sokvag.name}: filen är ingen Excel-arbetsbok (.xlsx/.xlsm)")
    try:
        with zipfile.ZipFile(sokvag) as z:  # bara innehållsförteckningen läses
            delar = z.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise LasFel(f"{sokvag.name}: arbetsboken går inte att läsa: den är trasig (zip-arkivet är ofullständigt, t.ex. efter en avbruten "
                     "kopiering eller nedladdning); öppna originalet i Excel och spara det igen") from None
    if not any(d.lower().startswith("xl/") for d in delar):
        raise LasFel(f"{sokvag.name}: filen är ett zip-arkiv men ingen Excel-arbetsbok "
                     "(t.ex. ett Word-dokument eller en packad mapp)")
    try:
        return CalamineWorkbook.from_path(str(sokvag))
    except Exception as e:  # calamine ger olika feltyper för trasiga zip-filer
        raise LasFel(f"{sokvag.name}: arbetsboken går inte att läsa ({_kort(e)})") from None


def _kort(e: Exception) -> str:
    return str(e).splitlines()[0][:120] if str(e) else type(e).__name__


class Kalaminbok:
    """En arbetsbok på disk, läst med python-calamine (bara läsning)."""

    def __init__(self, bok):
        self._bok = bok
        self.sheet_names = list(bok.sheet_names)

    def rader(self, blad: str) -> list[list]:
        try:
            ark = self._bok.get_sheet_by_name(blad)
            rader = ark.to_python(skip_empty_area=False)
            sammanslagna = ark.merged_cell_ranges or []
        except Exception as e:
            raise LasFel(f"bladet '{blad}' går inte att läsa ({_kort(e)})") from None
        return fyll_sammanslagna_rubriker(rader, sammanslagna)

    def close(self):
        self._bok.close()


def fyll_sammanslagna_rubriker(rader: list[list], sammanslagna) -> list[list]:
    """En rubrik sammanslagen lodrätt över två rubrikrader (t.ex. Kön bredvid Datum med Beslut,
    Avbrott och Verkställt under) står bara i den översta cellen; skriv den också i cellerna under,
    så att den nedre rubrikraden blir hel. Bara kända rubriker i rubrikområdet (de första 50
    raderna); vågräta sammanslagningar lämnas, de skulle ge samma rubrik två gånger.
    `sammanslagna`: ((rad1, kol1), (rad2, kol2)) från 0, som python-calamine ger dem."""
    for (r1, c1), (r2, _) in sammanslagna:
        if not r1 < r2 or r1 >= min(len(rader), _SOK_RUBRIK_I_RADER) or c1 >= len(rader[r1]):
            continue
        varde = rader[r1][c1]
        if not (isinstance(varde, str) and R.falt(varde)):
            continue
        for r in range(r1 + 1, min(r2 + 1, len(rader), _SOK_RUBRIK_I_RADER)):
            if c1 < len(rader[r]) and rader[r][c1] in ("", None):
                rader[r][c1] = varde
    return rader


class Minnesbok:
    """Blad som redan är listor av rader (t.ex. från den öppna arbetsboken via xlwings)."""

    def __init__(self, blad: dict):
        self._blad = blad
        self.sheet_names = list(blad)

    def rader(self, blad: str) -> list[list]:
        return [["" if v is None else v for v in rad] for rad in self._blad[blad]]

    def close(self):
        pass


# --- rubrikraden --------------------------------------------------------------------


def hitta_rubrikrad(rader: list[list]) -> tuple[int, dict, list] | None:
    """(radindex, {fält: kolumnindex}, dubbletter) för den rad bland de första 50 som har
    flest kända rubriker (minst tre, varav ett datumfält); None om ingen rad duger."""
    basta, traffar = None, {}
    for i, rad in enumerate(rader[:_SOK_RUBRIK_I_RADER]):
        funna, dubbletter = {}, []
        for j, cell in enumerate(rad):
            if isinstance(cell, str) and cell.strip():
                f = R.falt(cell)
                if f is None:
                    continue
                if f in funna:
                    dubbletter.append((f, funna[f], j))
                else:
                    funna[f] = j
        traffar[i] = (i, funna, dubbletter)
        if len(funna) >= 3 and any(f in funna for f in (F.BESLUT, F.AVBROTT)):
            if basta is None or len(funna) > len(basta[1]):
                basta = traffar[i]
    # en dold eller kvarglömd kopia av rubrikraden ovanför den riktiga, med bara tomma rader
    # emellan: den nedre är rubrikraden (annars lästes den som ett beslut)
    while basta is not None:
        k = basta[0] + 1
        while k in traffar and all(j >= len(rader[k]) or datum.tom(rader[k][j]) for j in basta[1].values()):
            k += 1
        if k not in traffar or traffar[k][1] != basta[1]:
            break
        basta = traffar[k]
    return basta


def valj_blad(bok) -> tuple[str, list[list], tuple, list[Fynd]]:
    """Bladet vars rubriker passar bäst; säger vilket när flera blad har rubriker."""
    kandidater = []
    for namn in bok.sheet_names:
        if _EJ_UNDERLAG.match(namn.strip()):
            continue
        rader = bok.rader(namn)
        traff = hitta_rubrikrad(rader)
        if traff:
            kandidater.append((len(traff[1]), namn, rader, traff))
    if not kandidater:
        raise LasFel("inget blad har känd rubrikrad (t.ex. Kön, Beslutsdatum, Typ av insats)")
    kandidater.sort(key=lambda k: -k[0])
    _, namn, rader, traff = kandidater[0]
    fynd = []
    if len(kandidater) > 1:
        andra = ", ".join(f"'{k[1]}'" for k in kandidater[1:])
        fynd.append(Fynd(INFO, f"flera blad har rubriker; bladet '{namn}' passar bäst och lästes (inte {andra})"))
    return namn, rader, traff, fynd


# --- läsningen ----------------------------------------------------------------------


def las(sokvag: Path | str, installningar: Installningar | None = None, idag: date | None = None,
        flaggor: dict | None = None) -> Underlag:
    """Läs underlaget ur en fil. Se las_bok."""
    sokvag = Path(sokvag)
    return las_bok(Kalaminbok(oppna(sokvag)), sokvag.name, installningar, idag, flaggor)


def las_bok(bok, fil: str, installningar: Installningar | None = None, idag: date | None = None,
            flaggor: dict | None = None) -> Underlag:
    """Läs ett underlag ur en bok med `sheet_names` och `rader(blad)` (Kalaminbok, Minnesbok).

    Inställningarna läggs ihop här, en gång (SPEC §7, §8 p. 13): `installningar` (standard och
    mallens blad), sedan underlagets blad Inställningar, sedan `flaggor` (kommandoraden). Resultatet
    styr läsningen (lagrum, egna insatser) och följer med i Underlag.installningar."""
    try:
        return _las_bok(bok, fil, installningar or Installningar(), idag or date.today(), flaggor or {})
    except LasFel as e:
        raise LasFel(f"{fil}: {e}") from None
    finally:
        bok.close()


def _las_bok(bok, fil: str, inst: Installningar, idag: date, flaggor: dict) -> Underlag:
    fynd = []
    namn = next((n for n in bok.sheet_names if n.strip().lower() == BLADNAMN.lower()), None)
    if namn is not None:
        bladinst, fynd = las_blad(bok.rader(namn), namn)
        inst = inst.med("underlaget", **bladinst)
    inst = inst.med("flagga", **flaggor)
    blad, rader, (rubrikindex, kolumner, dubbletter), bladfynd = valj_blad(bok)
    fynd += bladfynd
    rubrikrad = rader[rubrikindex]
    for f, j1, j2 in dubbletter:
        fynd.append(Fynd(FEL, f"rubriken för {F.NAMN_PA_FALT[f]} finns två gånger "
                              f"({kolumnbokstav(j1)}{rubrikindex + 1} och {kolumnbokstav(j2)}{rubrikindex + 1})",
                         f"{kolumnbokstav(j2)}{rubrikindex + 1}"))
    ignorerade = [(kolumnbokstav(j), str(c).strip()) for j, c in enumerate(rubrikrad)
                  if isinstance(c, str) and c.strip() and j not in kolumner.values()]
    for bokstav, rubrik in ignorerade:  # ett datum som inte läses kan ändra vilka beslut som ska med
        if re.search(r"datum|verkst|avslut|avbrott|beslut", rubrik, re.IGNORECASE):
            fynd.append(Fynd(VARNING, f"kolumnen '{rubrik}' känns inte igen och läses inte; byt rubrik om den "
                                      "ska räknas (t.ex. Beslutet verkställt)", f"{bokstav}{rubrikindex + 1}"))
    tabell, radfynd = tolka_rader(rader, rubrikindex, kolumner, inst, idag)
    fynd += radfynd
    return Underlag(
        fil=fil, blad=blad, rubrikrad=rubrikindex + 1,
        kolumner={f: (kolumnbokstav(j), str(rubrikrad[j]).strip()) for f, j in kolumner.items()},
        tabell=tabell, fynd=fynd, installningar=inst, ignorerade=ignorerade,
    )


def tolka_rader(rader: list[list], rubrikindex: int, kolumner: dict, inst: Installningar,
                idag: date) -> tuple[Beslutstabell, list[Fynd]]:
    """Raderna under rubrikraden till en Beslutstabell; tomma rader hoppas över."""
    data = rader[rubrikindex + 1:]
    bredd = max(kolumner.values()) + 1
    if any(len(r) < bredd for r in data):
        data = [list(r) + [""] * (bredd - len(r)) for r in data]
    kol = {f: [r[j] for r in data] for f, j in kolumner.items()}  # bara de kända kolumnerna (zip(*data) tar allt)
    ifyllda = [i for i, celler in enumerate(zip(*kol.values()))  # första cellen avgör oftast
               if _ifylld(celler[0]) or any(_ifylld(v) for v in celler)]
    if len(ifyllda) < len(data):
        kol = {f: [v[i] for i in ifyllda] for f, v in kol.items()}
    tomma = [""] * len(ifyllda)
    kol = {f: kol.get(f, tomma) for f in F.NAMN_PA_FALT}
    return Radtolkare(kolumner, inst, idag).tolka(kol, [rubrikindex + 2 + i for i in ifyllda])


def _ifylld(v: object) -> bool:
    return v is not None and v != "" and not (type(v) is str and not v.strip())
