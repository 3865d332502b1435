"""Läsa ett underlag: hitta bladet och rubrikraden, tolka varje rad (SPEC §2, §8 p. 7–10).

Filen öppnas bara för läsning (python-calamine) och skrivs aldrig. Allt som är fel
samlas som fynd med fil, blad, cell och värde; inget kastas ett i taget.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np

from evb_xl.lasning import rubriker as R
from evb_xl.lasning import snabblasning
from evb_xl.lasning.bocker import SOK_RUBRIK_I_RADER, Kalaminbok, LasFel, Minnesbok, kontrollera, oppna
from evb_xl.lasning.installningar import kolumnbokstav, las_blad
from evb_xl.lasning.radtolkare import Radtolkare
from evb_xl.modell import falt as F
from evb_xl.modell.beslut import Beslutstabell
from evb_xl.modell.kolumn import Kodad
from evb_xl.modell.fynd import FEL, INFO, VARNING, Fynd
from evb_xl.modell.installningar import BLADNAMN, Installningar
from evb_xl.modell.underlag import Underlag
from evb_xl.regler import datum

__all__ = ["Kalaminbok", "LasFel", "Minnesbok", "Underlag", "las", "las_bok", "oppna"]

_EJ_UNDERLAG = re.compile(r"^(inställningar|kontroll|bilaga\b.*|_.*)$", re.IGNORECASE)


# --- rubrikraden --------------------------------------------------------------------


def hitta_rubrikrad(rader: list[list]) -> tuple[int, dict, list] | None:
    """(radindex, {fält: kolumnindex}, dubbletter) för den rad bland de första 50 som har
    flest kända rubriker (minst tre, varav ett datumfält); None om ingen rad duger."""
    basta, traffar = None, {}
    for i, rad in enumerate(rader[:SOK_RUBRIK_I_RADER]):
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
    """Bladet vars rubriker passar bäst (namn, rubrikområde, träff, fynd); säger vilket när
    flera blad har rubriker."""
    kandidater = []
    for namn in bok.sheet_names:
        if _EJ_UNDERLAG.match(namn.strip()):
            continue
        rader = bok.rubrikomrade(namn)
        traff = hitta_rubrikrad(rader)
        if traff:
            kandidater.append((len(traff[1]), namn, rader, traff))
        else:
            bok.slapp(namn)
    if not kandidater:
        raise LasFel("inget blad har känd rubrikrad (t.ex. Kön, Beslutsdatum, Typ av insats)")
    kandidater.sort(key=lambda k: -k[0])
    _, namn, rader, traff = kandidater[0]
    fynd = []
    if len(kandidater) > 1:
        andra = ", ".join(f"'{k[1]}'" for k in kandidater[1:])
        fynd.append(Fynd(INFO, f"flera blad har rubriker; bladet '{namn}' passar bäst och lästes (inte {andra})"))
        for k in kandidater[1:]:
            bok.slapp(k[1])
    return namn, rader, traff, fynd


# --- läsningen ----------------------------------------------------------------------


def las(sokvag: Path | str, installningar: Installningar | None = None, idag: date | None = None,
        flaggor: dict | None = None, snabbt: bool | None = None) -> Underlag:
    """Läs underlaget ur en fil. Se las_bok.

    En stor .xlsx läses med fastexcel (lasning/snabblasning.py), annars och när den vägen inte
    kan ge exakt samma resultat (t.ex. tal i en textkolumn) med python-calamine. `snabbt`: True
    prövar alltid fastexcel först, False aldrig, None efter filens storlek."""
    sokvag = Path(sokvag)
    delar = kontrollera(sokvag)
    if snabbt or (snabbt is None and snabblasning.lonar_sig(delar)):
        try:
            bok = snabblasning.Snabbok(sokvag, delar)
        except snabblasning.InteSnabbt:
            bok = None
        if bok is not None:
            try:
                return las_bok(bok, sokvag.name, installningar, idag, flaggor)
            except (snabblasning.InteSnabbt, LasFel):
                pass  # calamine-vägen avgör (och ger sitt eget fel)
    return las_bok(Kalaminbok(oppna(sokvag, kontrollerad=True)), sokvag.name, installningar, idag, flaggor)


def las_bok(bok, fil: str, installningar: Installningar | None = None, idag: date | None = None,
            flaggor: dict | None = None) -> Underlag:
    """Läs ett underlag ur en bok med `sheet_names`, `rader(blad)`, `rubrikomrade(blad)` och
    `kolumner(...)` (Kalaminbok, Minnesbok, snabblasning.Snabbok).

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
    kol = bok.kolumner(blad, rubrikindex + 1, kolumner)  # innan fynden: fastexcel-vägen kan ge upp här
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
    tabell, radfynd = tolka_rader(kol, rubrikindex + 1, kolumner, inst, idag)
    fynd += radfynd
    return Underlag(
        fil=fil, blad=blad, rubrikrad=rubrikindex + 1,
        kolumner={f: (kolumnbokstav(j), str(rubrikrad[j]).strip()) for f, j in kolumner.items()},
        tabell=tabell, fynd=fynd, installningar=inst, ignorerade=ignorerade,
    )


def tolka_rader(kol: dict[str, Kodad], forsta: int, kolumner: dict, inst: Installningar,
                idag: date) -> tuple[Beslutstabell, list[Fynd]]:
    """De kända kolumnerna från raden `forsta` (index från 0, raden under rubrikraden) till en
    Beslutstabell; tomma rader hoppas över."""
    n = len(next(iter(kol.values())))
    ifylld = np.zeros(n, dtype=bool)
    for k in sorted(kol.values(), key=lambda k: len(k.varden)):  # få skilda värden först: billigast
        ifylld |= _ifyllda(k.varden)[k.koder]
        if ifylld.all():  # (oftast efter kön eller ett datum: namn och personnummer behöver inte prövas)
            break
    index = np.flatnonzero(ifylld)
    kol = {f: (kol[f].urval(index) if f in kol else Kodad.tom(len(index))) for f in F.NAMN_PA_FALT}
    return Radtolkare(kolumner, inst, idag).tolka(kol, index + forsta + 1)


def _ifyllda(varden: list) -> np.ndarray:
    """_ifylld för varje värde (text, den vanliga formen, utan ett funktionsanrop per värde)."""
    if set(map(type, varden)) == {str}:
        return (np.fromiter(map(bool, varden), dtype=bool, count=len(varden))
                & ~np.fromiter(map(str.isspace, varden), dtype=bool, count=len(varden)))
    return np.array([_ifylld(v) for v in varden], dtype=bool)


def _ifylld(v: object) -> bool:
    return v is not None and v != "" and not (type(v) is str and not v.strip())
