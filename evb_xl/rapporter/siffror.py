"""Siffrorna som Kontroll och skrivelsen delar, räknade på ett ställe (SPEC §10): rapporterade,
nya beslut och avbrott, verkställda och avslutade under perioden, kvarstående vid mätdatum,
delvis verkställda bland dem, och orsaksgrupperna, i helhet och per insats."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evb_xl.modell.installningar import ORSAKER_ALLA, ORSAKER_EN
from evb_xl.modell.kolumn import grupper
from evb_xl.regler.kategorier import (
    ANNAT_SKAL,
    RESURSBRIST_BOSTAD,
    RESURSBRIST_PERSONAL,
    TACKAT_NEJ,
)

HOS_DEN_ENSKILDE, RESURSBRIST, ANNAT = "hos den enskilde", "resursbrist", "annat"
ORSAKSGRUPP = {TACKAT_NEJ: HOS_DEN_ENSKILDE, RESURSBRIST_BOSTAD: RESURSBRIST, RESURSBRIST_PERSONAL: RESURSBRIST,
               ANNAT_SKAL: ANNAT}


@dataclass(frozen=True)
class Siffror:
    """Siffrorna för ett urval beslut i kvartalet. Orsaksgrupperna räknar beslut: med Orsaker = alla
    räknas ett beslut i varje grupp det har en orsak i, så grupperna kan bli fler än rapporterade."""

    rapporterade: int = 0
    nya: int = 0  # utan avbrott
    avbrott: int = 0
    verkstallda: int = 0  # under perioden
    avslutade: int = 0  # under perioden
    kvarstaende: int = 0  # ej verkställda vid mätdatum
    delvis: int = 0  # delvis verkställda bland de kvarstående
    hos_den_enskilde: int = 0
    resursbrist: int = 0
    annat: int = 0
    orsak_saknas: int = 0

    @property
    def andel_hos_den_enskilde(self) -> float | None:
        return self.hos_den_enskilde / self.rapporterade if self.rapporterade else None


@dataclass(frozen=True)
class Lagrumssiffror:
    lagrum: str
    totalt: Siffror
    per_insats: tuple  # ((insats, Siffror), ...) i Bilaga 1:s ordning


def rakna(t, b, urval: np.ndarray, orsaker: str | None = ORSAKER_EN) -> Siffror:
    """Siffrorna för de rapporteringspliktiga besluten i `urval` (t: Beslutstabell, b: Bedomning);
    `orsaker` None: utan orsaksgrupperna (de kräver en genomgång rad för rad)."""
    r = b.rapporteringspliktig & urval
    avbrott = ~np.isnat(t.avbrott)
    stangd = r & ~b.oppen
    grupper = dict.fromkeys((HOS_DEN_ENSKILDE, RESURSBRIST, ANNAT), 0)
    saknas = 0
    for i in np.flatnonzero(r) if orsaker is not None else ():
        funna = {ORSAKSGRUPP[o] for o in (t.orsaker[i] if orsaker == ORSAKER_ALLA else t.orsaker[i][:1])}
        for g in funna:
            grupper[g] += 1
        saknas += not funna
    if orsaker is None:
        saknas = 0
    return Siffror(
        rapporterade=int(r.sum()), nya=int((r & ~avbrott).sum()), avbrott=int((r & avbrott).sum()),
        verkstallda=int((stangd & b.verkstalld_forst).sum()), avslutade=int((stangd & ~b.verkstalld_forst).sum()),
        kvarstaende=int((r & b.oppen).sum()), delvis=int((r & b.oppen & t.delvis).sum()),
        hos_den_enskilde=grupper[HOS_DEN_ENSKILDE], resursbrist=grupper[RESURSBRIST], annat=grupper[ANNAT],
        orsak_saknas=saknas,
    )


def per_lagrum(t, b, lagrum: str, ordning: list, orsaker: str | None = ORSAKER_EN) -> Lagrumssiffror:
    """Siffrorna för ett lagrum, i helhet och per insats: insatserna i `ordning` (Bilaga 1:s rader)
    och sedan de andra som har rapporteringspliktiga beslut. `orsaker` None: utan orsaksgrupperna."""
    lag = t.lagrum_array == lagrum
    namn = t.kodad("kategorinamn")  # kategorinamnen som koder: en jämförelse av heltal per insats
    kod = {n: i for i, n in enumerate(namn.varden)}
    skilda = grupper(namn.koder[lag & b.rapporteringspliktig])[0]  # i radordning
    insatser = list(dict.fromkeys([*ordning, *(namn.varden[k] for k in skilda)]))
    return Lagrumssiffror(lagrum, rakna(t, b, lag, orsaker),
                          tuple((n, rakna(t, b, lag & (namn.koder == kod.get(n, -1)), orsaker)) for n in insatser))


def delvis_oppna(t, b) -> np.ndarray:
    """Index för de rapporteringspliktiga beslut som är delvis verkställda och öppna vid mätdatum."""
    return np.flatnonzero(b.rapporteringspliktig & b.oppen & t.delvis)
