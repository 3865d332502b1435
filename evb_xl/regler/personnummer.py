"""Det enda personnumret används till: kön och ålder när kön saknas (SPEC §8 p. 3, p. 7).

Personnumret lämnar aldrig läsningen; det skrivs aldrig i en bilaga eller ett meddelande.
"""

from __future__ import annotations

import re
from datetime import date

_PNR = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")
_ICKE_SIFFROR = re.compile(r"\D")


def som_text(varde: object) -> str:
    """Cellens personnummer som text. Ett nummer lagrat som tal (198001011234.0, 8001011234) blir
    sina siffror, aldrig '198001011234.0'; tomt blir ''. Det enda stället där en cell blir ett nummer."""
    if varde is None or isinstance(varde, bool):
        return ""
    if isinstance(varde, float) and varde.is_integer():
        varde = int(varde)
    if isinstance(varde, int):
        s = str(varde)
        return s.zfill(10) if len(s) < 10 else s  # inledande nolla försvinner i ett tal (000101-... födda 2000)
    return str(varde).strip()


def som_text_kolumn(varden) -> list[str]:
    """som_text för en kolumn celler (text, den vanliga formen, utan ett funktionsanrop per cell)."""
    return [v.strip() if type(v) is str else som_text(v) for v in varden]


def _delar(pnr: object):
    s = re.sub(r"\s", "", str(pnr or ""))
    return _PNR.match(s)


def tio_siffror(pnr: object) -> str:
    """Numret som tio siffror (ÅÅMMDDNNNK), oavsett om det skrivits med sekel, bindestreck,
    plustecken eller mellanslag; '' för tomt. Jämför personer med detta, aldrig med texten."""
    return _ICKE_SIFFROR.sub("", str(pnr or ""))[-10:]


def giltigt(pnr: object) -> bool:
    """Har formen ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN (med eller utan sekel, bindestreck, plustecken)."""
    return _delar(pnr) is not None


def tio_siffror_kolumn(varden) -> list[str]:
    """tio_siffror för en kolumn; `ÅÅÅÅMMDD-NNNN` och bara siffror utan mönstret (isdecimal är
    samma teckenklass som \\d)."""
    if set(map(type, varden)) == {str}:
        text = "\n".join(varden).replace("-", "")
        if text.count("\n") == len(varden) - 1 and text.replace("\n", "").isdecimal():
            return [s[-10:] for s in text.split("\n")]  # bara siffror och bindestreck i varje cell
    ut = []
    for v in varden:
        s = v.replace("-", "") if type(v) is str else None
        ut.append(s[-10:] if s is not None and s.isdecimal() else tio_siffror(v))
    return ut


def ar_man(pnr: object) -> bool | None:
    """Näst sista siffran: udda för man, jämn för kvinna; None om det inte är ett personnummer."""
    m = _delar(pnr)
    return None if m is None else int(m[6][-1]) % 2 == 1


def fodelsedag(pnr: object, pa_dag: date) -> date | None:
    """Födelsedagen (samordningsnummer: dag + 60). Tiosiffriga nummer får det senaste
    sekel som inte ligger efter `pa_dag`; `+` betyder 100 år eller äldre."""
    m = _delar(pnr)
    if m is None:
        return None
    yy, mm, dd = int(m[2]), int(m[3]), int(m[4]) % 60 or int(m[4])
    if m[1]:
        ar = int(m[1]) * 100 + yy
    else:
        ar = (pa_dag.year // 100) * 100 + yy
        if ar > pa_dag.year:
            ar -= 100
        if m[5] == "+":
            ar -= 100
    try:
        return date(ar, mm, dd)
    except ValueError:
        return None


def under_18(pnr: object, pa_dag: date) -> bool | None:
    fodd = fodelsedag(pnr, pa_dag)
    if fodd is None:
        return None
    artondedag = date(fodd.year + 18, fodd.month, 28 if (fodd.month, fodd.day) == (2, 29) else fodd.day)
    return pa_dag < artondedag


_SER_UT_SOM_PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}\s?[-+]?\s?\d{4}(?!\d)")


DOLT = "(ser ut som ett personnummer, visas inte)"


def liknar_personnummer(varde: object) -> bool:
    """Innehåller texten något som ser ut som ett personnummer (t.ex. inklistrat i fel kolumn)?"""
    return bool(_SER_UT_SOM_PERSONNUMMER.search(str(varde)))


def utan_personnummer(varde: object, i_stallet: str = DOLT) -> object:
    """Ett värde ur en fritextcell som en rapport skriver ut: värdet, eller `i_stallet` när det
    innehåller något som ser ut som ett personnummer. Hela värdet byts, inte bara siffrorna: det
    som står runt ett inklistrat personnummer är ofta namnet. Det enda stället som avgör det."""
    return i_stallet if varde is not None and _SER_UT_SOM_PERSONNUMMER.search(str(varde)) else varde


def visa_varde(varde: object, max_langd: int = 40) -> str:
    """Ett cellvärde att visa i ett meddelande, kapat så att inga långa fritexter följer med,
    och aldrig något som ser ut som ett personnummer (t.ex. inklistrat i fel kolumn)."""
    text = str(varde).strip()
    if _SER_UT_SOM_PERSONNUMMER.search(text):
        return DOLT
    if len(text) > max_langd:
        return "(lång text, visas inte)"
    return repr(text)
