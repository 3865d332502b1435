"""Siffrorna som Kontroll och skrivelsen delar, räknade på ett ställe (SPEC §10): rapporterade,
nya beslut och avbrott, verkställda och avslutade under perioden, kvarstående vid mätdatum,
delvis verkställda bland dem, och orsaksgrupperna, i helhet och per insats.

Orsaksgrupperna räknas som Bilaga 1:s orsakskolumner (regler.kategorier.raknas_under, SPEC §8
p. 1): för SoL räknas ett avbrott under Avbrott i verkställighet *i stället för* sin orsak, för LSS
under sin orsak (och avbrottet är en "varav"-kolumn). De räknas bland samma beslut som Bilaga 1:
de rapporterade, eller med Antal = kvarstående de som är öppna vid mätdatum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evb_xl.modell.installningar import KVARSTAENDE, ORSAKER_ALLA, ORSAKER_EN, RAPPORTERADE
from evb_xl.modell.kolumn import grupper
from evb_xl.regler.kategorier import (
    ANNAT_SKAL,
    AVBROTT_I_VERKSTALLIGHET,
    ORSAK_SAKNAS,
    RESURSBRIST_BOSTAD,
    RESURSBRIST_PERSONAL,
    SOL,
    TACKAT_NEJ,
    raknas_under,
)

HOS_DEN_ENSKILDE, RESURSBRIST, ANNAT = "hos den enskilde", "resursbrist", "annat"
ORSAKSGRUPP = {TACKAT_NEJ: HOS_DEN_ENSKILDE, RESURSBRIST_BOSTAD: RESURSBRIST, RESURSBRIST_PERSONAL: RESURSBRIST,
               ANNAT_SKAL: ANNAT}


@dataclass(frozen=True)
class Siffror:
    """Siffrorna för ett urval beslut i kvartalet. Orsaksgrupperna räknar beslut bland `orsaksbas`
    (de rapporterade, eller de kvarstående när Bilaga 1 räknar dem): med Orsaker = alla räknas ett
    beslut i varje grupp det har en orsak i, så grupperna kan bli fler än orsaksbas."""

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
    avbrott_i_stallet: int = 0  # SoL: avbrott som Bilaga 1 räknar under Avbrott i stället för en orsak
    orsaksbas: int = 0  # besluten som orsaksgrupperna räknas bland (Bilaga 1:s Summa)

    @property
    def andel_hos_den_enskilde(self) -> float | None:
        return self.hos_den_enskilde / self.orsaksbas if self.orsaksbas else None


@dataclass(frozen=True)
class Lagrumssiffror:
    lagrum: str
    totalt: Siffror
    per_insats: tuple  # ((insats, Siffror), ...) i Bilaga 1:s ordning


def rakna(t, b, urval: np.ndarray, orsaker: str | None = ORSAKER_EN, antal: str = RAPPORTERADE) -> Siffror:
    """Siffrorna för de rapporteringspliktiga besluten i `urval` (t: Beslutstabell, b: Bedomning);
    `orsaker` None: utan orsaksgrupperna (de kräver en genomgång rad för rad). `antal`: Bilaga 1:s
    definition, som avgör vilka beslut orsaksgrupperna räknas bland."""
    r = b.rapporteringspliktig & urval
    avbrott = ~np.isnat(t.avbrott)
    stangd = r & ~b.oppen
    bas = r & b.oppen if antal == KVARSTAENDE else r
    per_grupp = dict.fromkeys((HOS_DEN_ENSKILDE, RESURSBRIST, ANNAT, ORSAK_SAKNAS, AVBROTT_I_VERKSTALLIGHET), 0)
    for i in np.flatnonzero(bas) if orsaker is not None else ():
        orsak = t.orsaker[i] if orsaker == ORSAKER_ALLA else t.orsak[i]
        kolumner = raknas_under(t.lagrum[i], orsak, bool(avbrott[i]))
        if t.lagrum[i] != SOL:  # LSS: avbrottet är en "varav"-kolumn bredvid orsaken
            kolumner = tuple(k for k in kolumner if k != AVBROTT_I_VERKSTALLIGHET)
        for g in {ORSAKSGRUPP.get(k, k) for k in kolumner}:
            per_grupp[g] += 1
    return Siffror(
        rapporterade=int(r.sum()), nya=int((r & ~avbrott).sum()), avbrott=int((r & avbrott).sum()),
        verkstallda=int((stangd & b.verkstalld_forst).sum()), avslutade=int((stangd & ~b.verkstalld_forst).sum()),
        kvarstaende=int((r & b.oppen).sum()), delvis=int((r & b.oppen & t.delvis).sum()),
        hos_den_enskilde=per_grupp[HOS_DEN_ENSKILDE], resursbrist=per_grupp[RESURSBRIST], annat=per_grupp[ANNAT],
        orsak_saknas=per_grupp[ORSAK_SAKNAS], avbrott_i_stallet=per_grupp[AVBROTT_I_VERKSTALLIGHET],
        orsaksbas=int(bas.sum()) if orsaker is not None else 0,
    )


def per_lagrum(t, b, lagrum: str, ordning: list, orsaker: str | None = ORSAKER_EN,
               antal: str = RAPPORTERADE) -> Lagrumssiffror:
    """Siffrorna för ett lagrum, i helhet och per insats: insatserna i `ordning` (Bilaga 1:s rader)
    och sedan de andra som har rapporteringspliktiga beslut. `orsaker` None: utan orsaksgrupperna."""
    lag = t.lagrum_array == lagrum
    namn = t.kodad("kategorinamn")  # kategorinamnen som koder: en jämförelse av heltal per insats
    kod = {n: i for i, n in enumerate(namn.varden)}
    skilda = grupper(namn.koder[lag & b.rapporteringspliktig])[0]  # i radordning
    insatser = list(dict.fromkeys([*ordning, *(namn.varden[k] for k in skilda)]))
    return Lagrumssiffror(lagrum, rakna(t, b, lag, orsaker, antal),
                          tuple((n, rakna(t, b, lag & (namn.koder == kod.get(n, -1)), orsaker, antal)) for n in insatser))


def delvis_oppna(t, b) -> np.ndarray:
    """Index för de rapporteringspliktiga beslut som är delvis verkställda och öppna vid mätdatum."""
    return np.flatnonzero(b.rapporteringspliktig & b.oppen & t.delvis)
