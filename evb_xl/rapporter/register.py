"""Registret över rapporterna: varje rapport står här en gång, med titel, filnamnsdel, kommando,
knapp i menyfliken och om den innehåller sekretessuppgifter.

Kommandoraden (ett kommando per rapport), knapparna (ribbon.py och customUI.xml som byggs av
vba/build_addin.py), utfilernas namn och README-testet läser alla härifrån. En ny rapport är en
modul med en funktion `Indata -> Dokument` och ett `@registrera(...)` ovanför den; se README,
"Så är koden byggd".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Knapp:
    """En knapp på fliken EVB i Excel."""

    id: str
    etikett: str
    beskrivning: str
    bild: str = "TableInsert"  # en imageMso-ikon
    grupp: str = "fler"  # "huvud" (Ej verkställda beslut) eller "fler" (Fler rapporter)
    stor: bool = False


@dataclass(frozen=True)
class Rapportslag:
    namn: str  # kommandot, t.ex. "vantetid"
    titel: str  # på svenska, t.ex. "Väntetid"
    hjalp: str  # hjälptexten för kommandot
    bygg: Callable  # Indata -> Dokument (eller bilagornas Rapport, skrivelsens Textdokument)
    filnamn: str  # delen i <underlag>_<filnamn>_<kvartal><filandelse>
    knapp: Knapp | None = None
    sekretess: bool = False
    filandelse: str = ".xlsx"


RAPPORTER: dict[str, Rapportslag] = {}


def registrera(namn: str, *, titel: str, hjalp: str, knapp: Knapp | None = None, sekretess: bool = False,
               filnamn: str | None = None, filandelse: str = ".xlsx"):
    """Dekorator: lägg rapporten `namn` i registret (ett namn en gång)."""

    def dekorera(bygg: Callable) -> Callable:
        if namn in RAPPORTER and RAPPORTER[namn].bygg is not bygg:
            raise ValueError(f"rapporten {namn} finns redan i registret")
        RAPPORTER[namn] = Rapportslag(namn, titel, hjalp, bygg, filnamn or namn, knapp, sekretess, filandelse)
        return bygg

    return dekorera


def hamta(namn: str) -> Rapportslag:
    return RAPPORTER[namn]
