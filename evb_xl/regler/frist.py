"""Reglerna i SPEC §3, skrivna en gång över hela kolumner.

Varje funktion tar datum som numpy-kolumner (`datetime64[D]`, NaT för tomt) eller
något som går att göra till en sådan (en lista med `date`/None, ett enda datum) och
ger en kolumn tillbaka. Formlerna i Excel, knappen och kommandoraden använder alla
samma funktioner, så samma regel ger samma svar överallt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

DAG = "datetime64[D]"
FRIST_MANADER = 3  # SPEC §3: beslutet ska vara verkställt inom tre månader
MANAD = "datetime64[M]"

EJ_VERKSTALLT = "ej verkställt"
VERKSTALLT = "verkställt under perioden"
AVSLUTAT = "avslutat under perioden"
EJ_RAPPORTERINGSPLIKTIG = "ej rapporteringspliktig"

VANTETIDER = ("under 7 mån", "7–9 mån", "10–12 mån", "13–17 mån", "18 mån eller mer")
_VANTETID_GRANSER = np.array([7, 10, 13, 18])


def kolumn(datum) -> np.ndarray:
    """Datum (ett eller många, None för tomt) som en kolumn `datetime64[D]`."""
    if isinstance(datum, np.ndarray) and datum.dtype == np.dtype(DAG):
        return datum
    if datum is None:
        return np.array([np.datetime64("NaT")], dtype=DAG)
    return np.atleast_1d(np.asarray(datum, dtype=DAG))


def edate(datum, manader) -> np.ndarray:
    """Samma dag `manader` månader senare; finns inte dagen i målmånaden blir det dess sista dag.

    Som Excels EDATE: 2023-11-30 + 3 = 2024-02-29, 2023-08-31 + 3 = 2023-11-30.
    Månaderna läggs alltid till utgångsdatumet, aldrig månad för månad.
    """
    d = kolumn(datum)
    manad = d.astype(MANAD)
    dag_i_manaden = d - manad.astype(DAG)
    mal = manad + np.asarray(manader).astype("timedelta64[M]")
    sista = (mal + 1).astype(DAG) - 1
    return np.minimum(mal.astype(DAG) + dag_i_manaden, sista)


def basdatum(beslut, avbrott=None) -> np.ndarray:
    """Datum för avbrott om det finns, annars beslutsdatum."""
    b, a = kolumn(beslut), kolumn(avbrott)
    return np.where(np.isnat(a), b, a)


def frist(beslut, avbrott=None) -> np.ndarray:
    """Basdatum + 3 kalendermånader (EDATE). Verkställt på fristdagen är i tid."""
    return edate(basdatum(beslut, avbrott), FRIST_MANADER)


def giltig_stangning(bas, stangning) -> np.ndarray:
    """Ett verkställt- eller avslutatdatum före basdatum räknas inte (SPEC §8 p. 8)."""
    s = kolumn(stangning)
    return np.where(s < kolumn(bas), np.datetime64("NaT"), s)


def stangd(bas, verkstallt=None, avslutat=None) -> np.ndarray:
    """Det tidigaste giltiga av verkställt och avslutat; NaT när beslutet är öppet."""
    return np.fmin(giltig_stangning(bas, verkstallt), giltig_stangning(bas, avslutat))


def verkstalld_forst(bas, verkstallt=None, avslutat=None) -> np.ndarray:
    """Sant där beslutet stängdes genom verkställighet (vid lika datum: verkställt)."""
    v, a = giltig_stangning(bas, verkstallt), giltig_stangning(bas, avslutat)
    return ~np.isnat(v) & (np.isnat(a) | (v <= a))


@dataclass(frozen=True)
class Forlopp:
    """Det alla andra regler bygger på, per beslut: basdatum, frist, stängningsdag (NaT när
    öppet) och om stängningen var en verkställighet."""

    bas: np.ndarray
    frist: np.ndarray
    stangd: np.ndarray
    verkstalld_forst: np.ndarray


def forlopp(beslut, avbrott=None, verkstallt=None, avslutat=None) -> Forlopp:
    """Basdatum, frist, stängning och hur den skedde, ur underlagets fyra datumkolumner."""
    bas = basdatum(beslut, avbrott)
    return Forlopp(bas, edate(bas, FRIST_MANADER), stangd(bas, verkstallt, avslutat),
                   verkstalld_forst(bas, verkstallt, avslutat))


RAPPORTERINGSPLIKTIG, INOM_FRISTEN, STANGD_FORE_KVARTALET, FRISTEN_EJ_PASSERAD = 0, 1, 2, 3


def skal(frist_, stangd_, start: date, slut: date) -> np.ndarray:
    """Per beslut: RAPPORTERINGSPLIKTIG (0) i kvartalet [start, slut], annars varför inte:
    INOM_FRISTEN (stängt senast på fristdagen: aldrig pliktigt), STANGD_FORE_KVARTALET, eller
    FRISTEN_EJ_PASSERAD (fristen har inte passerat före kvartalets slut). Regeln (SPEC §3) står
    bara här; rapporteringspliktig och Kontrolls skäl läser båda härifrån."""
    f, s = kolumn(frist_), kolumn(stangd_)
    start, slut = np.datetime64(start, "D"), np.datetime64(slut, "D")
    stangt = ~np.isnat(s)
    return np.select([stangt & (s <= f), stangt & (s < start), ~(f < slut)],
                     [INOM_FRISTEN, STANGD_FORE_KVARTALET, FRISTEN_EJ_PASSERAD], RAPPORTERINGSPLIKTIG).astype("int8")


def rapporteringspliktig(frist_, stangd_, start: date, slut: date) -> np.ndarray:
    """Ska med i kvartalet [start, slut]: fristen har passerat före slutet och beslutet
    är fortfarande öppet, eller stängdes efter fristen och tidigast på kvartalets första dag."""
    return skal(frist_, stangd_, start, slut) == RAPPORTERINGSPLIKTIG


def tidigare_rapporterad(frist_, stangd_, kvartal) -> np.ndarray:
    """Rapporterad ett tidigare kvartal, för ett beslut som är öppet när `kvartal` börjar: då
    räcker det att det var rapporteringspliktigt kvartalet före (var det pliktigt ännu tidigare
    och fortfarande öppet, så var det pliktigt även då)."""
    forra = kvartal.foregaende()
    return rapporteringspliktig(frist_, stangd_, forra.start, forra.slut)


def kand_vid(dag, per) -> np.ndarray:
    """Ett datum som det var känt vid `per`: ett datum efter `per` hade inte inträffat då (NaT)
    (SPEC §8 p. 16: en rapport per mätdatum visar aldrig senare verkställanden)."""
    d = kolumn(dag)
    return np.where(d > kolumn(per), np.datetime64("NaT"), d)


def oppen(stangd_, per) -> np.ndarray:
    """Öppet vid dagen `per`: inte stängt, eller stängt efter `per`."""
    s = kolumn(stangd_)
    return np.isnat(s) | (s > kolumn(per))


def status(stangd_, verkstalld_forst_, matdatum) -> np.ndarray:
    """Ej verkställt / verkställt under perioden / avslutat under perioden, vid mätdatum."""
    return np.where(
        oppen(stangd_, matdatum),
        EJ_VERKSTALLT,
        np.where(verkstalld_forst_, VERKSTALLT, AVSLUTAT),
    )


def forsenad(frist_, stangd_, per) -> np.ndarray:
    """Försenad vid `per`: fristen har passerat och beslutet var inte stängt senast `per`."""
    return (kolumn(per) > kolumn(frist_)) & oppen(stangd_, per)


def tid_slut(stangd_, per) -> np.ndarray:
    """Väntetiden räknas till stängningsdagen eller till `per`, det som kommer först."""
    return np.fmin(kolumn(stangd_), kolumn(per))


def dagar(bas, slut) -> np.ndarray:
    """Dagar från basdatum till `slut` (0 på basdagen); NaN där något datum saknas."""
    d = (kolumn(slut) - kolumn(bas)).astype("float64")
    d[np.isnat(kolumn(slut)) | np.isnat(kolumn(bas))] = np.nan
    return d


def hela_manader(bas, slut) -> np.ndarray:
    """Största n med EDATE(bas, n) ≤ slut, så på fristdagen har exakt 3 månader gått
    (2023-11-30 till 2024-02-29 är 3 månader). NaN där något datum saknas."""
    b, s = np.broadcast_arrays(kolumn(bas), kolumn(slut))
    saknar = np.isnat(b) | np.isnat(s)
    b, s = np.where(saknar, np.datetime64("2000-01-01"), b), np.where(saknar, np.datetime64("2000-01-01"), s)
    n = (s.astype(MANAD) - b.astype(MANAD)).astype("int64")
    n = n - (edate(b, n) > s)
    ut = n.astype("float64")
    ut[saknar] = np.nan
    return ut


def som_datum(dag: np.datetime64) -> date | None:
    """Ett värde ur en datumkolumn som `date`, eller None för NaT."""
    return None if np.isnat(dag) else dag.astype(date)


def vantetid(manader) -> np.ndarray:
    """IVO:s indelning: under 7 mån, 7–9, 10–12, 13–17, 18 eller mer ('' där månader saknas)."""
    m = np.asarray(manader, dtype="float64")
    klass = np.digitize(np.nan_to_num(m, nan=-1), _VANTETID_GRANSER)
    return np.where(np.isnan(m), "", np.asarray(VANTETIDER, dtype=object)[klass])
