"""Modellens kärna: besluten som kolumner (Beslutstabell) och reglerna tillämpade på dem för ett
kvartal och ett mätdatum (Bedomning). Allt annat (bilagorna, rapporterna, formlerna) räknar på dessa."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property

import numpy as np

from evb_xl.modell.kolumn import Kodad, grupper, objektfalt
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import kategorinamn
from evb_xl.regler.kvartal import Kvartal


@dataclass
class Beslutstabell:
    """En post per beslut, som kolumner. `person` är personnumret och stannar här."""

    rad: np.ndarray
    lopnr: list
    kon: list
    beslut: np.ndarray
    avbrott: np.ndarray
    verkstallt: np.ndarray
    avslutat: np.ndarray
    lagrum: list
    insats: list
    kategori: list
    orsaker: list  # en tupel per beslut; den första räknas med inställningen Orsaker = en per beslut
    enhet: list
    erbjudanden: list
    delvis: np.ndarray  # bool: delvis verkställt (SPEC §10); märket stänger inte beslutet
    person: list = field(repr=False)

    @cached_property
    def orsak(self) -> list:
        """Den orsak som räknas per beslut (den första), eller None."""
        return [o[0] if o else None for o in self.orsaker]

    @cached_property
    def lagrum_array(self) -> np.ndarray:
        """lagrum som numpy-fält (för urval med ==), byggt en gång per tabell."""
        k = self.kodad("lagrum")
        return objektfalt(k.varden)[k.koder]

    @cached_property
    def kategorinamn(self) -> np.ndarray:
        """Insatskategorins namn per beslut (Okänd insats för None), byggt en gång per tabell."""
        k = self.kodad("kategorinamn")
        return objektfalt(k.varden)[k.koder]

    def med_koder(self, **kodade: Kodad) -> Beslutstabell:
        """Tabellen med fält som läsningen redan har som Kodad (samma värden per rad, så som kodad ger dem)."""
        self.__dict__.setdefault("_kodade", {}).update(kodade)
        return self

    def kodad(self, falt: str) -> Kodad:
        """Fältet som Kodad (skilda värden och en kod per beslut), byggt en gång per tabell; en
        kategori hålls isär på identitet (de delas mellan besluten), annat på värde och typ."""
        kodade = self.__dict__.setdefault("_kodade", {})
        if falt == "kategorinamn" and falt not in kodade:
            k = self.kodad("kategori")
            kodade[falt] = Kodad(k.koder, [kategorinamn(v) for v in k.varden]).unika()
        if falt not in kodade:
            varden = getattr(self, falt)
            if falt == "kategori":
                _, koder, forsta, _ = grupper(np.fromiter(map(id, varden), dtype=np.int64, count=len(varden)))
                kodade[falt] = Kodad(koder, [varden[i] for i in forsta.tolist()])
            else:
                kodade[falt] = Kodad.av_lista(varden.tolist() if isinstance(varden, np.ndarray) else list(varden))
        return kodade[falt]

    def __len__(self) -> int:
        return len(self.rad)

    def urval(self, mask: np.ndarray) -> Beslutstabell:
        index = np.flatnonzero(mask)
        return Beslutstabell(**{
            f.name: (v[index] if isinstance(v, np.ndarray) else [v[i] for i in index])
            for f in fields(self) for v in (getattr(self, f.name),)
        })


@dataclass
class Bedomning:
    """Reglerna tillämpade på varje rad för ett kvartal och ett mätdatum."""

    bas: np.ndarray
    frist: np.ndarray
    stangd: np.ndarray
    verkstalld_forst: np.ndarray
    rapporteringspliktig: np.ndarray
    oppen: np.ndarray  # öppet vid mätdatum
    status: np.ndarray
    dagar: np.ndarray
    manader: np.ndarray
    verkstallt: np.ndarray  # giltigt verkställt-datum som det var känt vid mätdatum (annars NaT)
    avslutat: np.ndarray  # giltigt avslutat-datum som det var känt vid mätdatum (annars NaT)


def bedom(t: Beslutstabell, kvartal: Kvartal, matdatum: date) -> Bedomning:
    f = regler.forlopp(t.beslut, t.avbrott, t.verkstallt, t.avslutat)
    mat = np.datetime64(matdatum, "D")
    slut = regler.tid_slut(f.stangd, mat)
    return Bedomning(
        bas=f.bas, frist=f.frist, stangd=f.stangd, verkstalld_forst=f.verkstalld_forst,
        rapporteringspliktig=regler.rapporteringspliktig(f.frist, f.stangd, kvartal.start, kvartal.slut),
        oppen=regler.oppen(f.stangd, mat),
        status=regler.status(f.stangd, f.verkstalld_forst, mat),
        dagar=regler.dagar(f.bas, slut),
        manader=regler.hela_manader(f.bas, slut),
        verkstallt=regler.kand_vid(regler.giltig_stangning(f.bas, t.verkstallt), mat),
        avslutat=regler.kand_vid(regler.giltig_stangning(f.bas, t.avslutat), mat),
    )
