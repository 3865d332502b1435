"""Fritext ur underlaget som rapporterna skriver ut (Typ av insats, Enhet, Löpnr), bestämd på ett ställe.

Personalen skriver fritt i cellerna, och ibland hamnar ett personnummer eller ett namn i fel cell.
Ingen rapport skriver därför en sådan cell rakt av, utan genom funktionerna här:

- något som ser ut som ett personnummer (regler.personnummer.utan_personnummer) visas aldrig, och
  då inte heller resten av cellen (det som står runt numret är ofta namnet);
- en insats som inte känns igen skrivs som *Okänd insats*, som raden i Bilaga 1: en text som inte är
  någon insats kan vara ett namn, och Kontroll pekar ut cellen så att den går att rätta.

Läsningen (lasning/radtolkare.py) säger i Kontroll vilka celler det gäller, med fil, blad och cell.
"""

from __future__ import annotations

from evb_xl.regler.kategorier import OKAND_INSATS
from evb_xl.regler.personnummer import DOLT, utan_personnummer

DOLD_ENHET = "Enhet som ser ut som ett personnummer (visas inte)"
UTAN_ENHET = "Utan enhet"


def insats(text: object, kategori) -> str:
    """Typ av insats som en rapport skriver den: som personalen skrev den (SPEC §8 p. 12) när den
    känns igen som en kategori; kategorins namn när texten innehåller något som ser ut som ett
    personnummer; Okänd insats när den inte känns igen."""
    if kategori is None:
        return OKAND_INSATS
    return utan_personnummer(text, kategori.namn)


def insatser(t, index) -> list[str]:
    """insats() för raderna `index` i beslutstabellen `t`, en gång per skild text och kategori."""
    sedda: dict = {}
    ut = []
    for i in index:
        text, kategori = t.insats[i], t.kategori[i]
        nyckel = (text, id(kategori))
        if nyckel not in sedda:
            sedda[nyckel] = insats(text, kategori)
        ut.append(sedda[nyckel])
    return ut


def enhet(text: object) -> str:
    """Enhetens namn i en rapport (rubrik, bladnamn, cell): aldrig något som ser ut som ett personnummer."""
    if text is None or not str(text).strip():
        return UTAN_ENHET
    return utan_personnummer(str(text).strip(), DOLD_ENHET)


def lopnr(text: object) -> object:
    """Löpnr ur underlaget i Kontroll: aldrig något som ser ut som ett personnummer."""
    return utan_personnummer(text, DOLT)
