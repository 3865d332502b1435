"""Rubrikerna i underlagen: de många stavningarna av varje fält i SPEC §2."""

from __future__ import annotations

from functools import lru_cache

from evb_xl.modell.falt import (
    AVBROTT,
    AVSLUTAT,
    BESLUT,
    DELVIS,
    ENHET,
    ERBJUDANDEN,
    HANDLAGGARE,
    INSATS,
    KOMMENTAR,
    KON,
    LAGRUM,
    LOPNR,
    NAMN,
    ORSAK,
    PERSONNUMMER,
    VERKSTALLT,
)
from evb_xl.regler.kategorier import nyckel

_EXAKT = {
    PERSONNUMMER: "personnummer pnr personnr persnr personnummerååååmmddxxxx samordningsnummer",
    NAMN: "namn klient klientnamn brukare förnamnochefternamn efternamnförnamn",
    KON: "kön kon könperbeslut",
    LOPNR: "löpnr lopnr löpnummer nr radnr",
    BESLUT: "beslutsdatum datumförbeslut beslutsdag datumbeslut beslutdatum beslut",
    AVBROTT: "datumföravbrott avbrottsdatum avbrott datumavbrott avbrottdatum",
    LAGRUM: "lagrum lag",
    INSATS: "typavinsats insats bistånd insatstyp biståndstyp typavbistånd lssinsats solinsats",
    ORSAK: "orsak skäl orsaktillejverkställtbeslut",
    VERKSTALLT: "beslutetverkställt verkställt verkställd verkställtdatum datumförverkställighet verkställighetsdatum "
                "datumverkställt datumverkställd verkställtden",
    AVSLUTAT: "beslutetavslutat avslutat avslutad avslutsdatum datumföravslut datumavslutat datumavslutad "
              "avslutatden",
    ERBJUDANDEN: "erbjudanden erbjudande datumförerbjudande datumförerbjudanden erbjudandedatum",
    KOMMENTAR: "kommentar kommentarer övrigt anteckning anteckningar vadharerbjudits vadharerbjuditsundertiden",
    ENHET: "enhet verksamhet enhetverksamhet avdelning",
    HANDLAGGARE: "handläggare ansvarighandläggare",
    DELVIS: "delvisverkställt delvisverkställd delvis delvisverkställighet delvisverkställtdatum",
}
_NYCKEL_TILL_FALT = {nyckel: falt for falt, nycklar in _EXAKT.items() for nyckel in nycklar.split()}

# (början, fält) prövas i ordning när ingen exakt stavning passar
_BORJAN = [
    ("skältillattbeslutetinteverkställts", ORSAK),
    ("orsak", ORSAK),
    ("typavinsats", INSATS),
    ("typavbistånd", INSATS),
    ("beslutsdatum", BESLUT),
    ("personnummer", PERSONNUMMER),
    ("vadharerbjudits", KOMMENTAR),
    ("kommentar", KOMMENTAR),
    ("datumförerbjudande", ERBJUDANDEN),
]




def falt(rubrik: object) -> str | None:
    """Fältet en rubrik betyder, eller None."""
    return _falt(rubrik) if type(rubrik) is str else _falt_ur_nyckel(nyckel(rubrik))


@lru_cache(maxsize=8192)
def _falt(rubrik: str) -> str | None:  # samma text i många celler (kön, lagrum, insats) tolkas en gång
    return _falt_ur_nyckel(nyckel(rubrik))


def _falt_ur_nyckel(k: str) -> str | None:
    if not k:
        return None
    if k in _NYCKEL_TILL_FALT:
        return _NYCKEL_TILL_FALT[k]
    if "erbjudande" in k and "datum" in k:
        return ERBJUDANDEN
    for borjan, f in _BORJAN:
        if k.startswith(borjan):
            return f
    return None
