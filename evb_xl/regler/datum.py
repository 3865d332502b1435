"""Datum i alla former som underlagen har (SPEC §2 och §8 punkt 9).

- riktiga Excel-datum (`datetime`/`date`),
- heltal med 6 siffror: ÅÅMMDD (år 20ÅÅ); med 8 siffror: ÅÅÅÅMMDD;
  andra tal: Excels serienummer (1900-systemet, 45260 = 2023-11-30),
- text: `2023-11-20`, `23-11-20`, `231120`, `20231120`, samma med `/` eller `.`,
- text märkt `(avbrottsdatum)` eller `(avbrott)`: ett avbrottsdatum var det än står.

Ett värde som inte går att läsa är ett fel som bär med sig värdet, aldrig ett tyst tomt.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np

from evb_xl.regler.personnummer import visa_varde

EXCEL_EPOK = date(1899, 12, 30)  # serienummer 1 = 1900-01-01 efter Excels skottdagsfel (60 = 1900-02-29)
_MAX_SERIE = 2958465  # 9999-12-31

_AVBROTT = re.compile(r"\(\s*avbrott(?:sdatum)?\s*\)", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_KORT = re.compile(r"^(\d{2})[-/.](\d{1,2})[-/.](\d{1,2})$")
_TAL = re.compile(r"^\d+(?:[.,]\d+)?$")


class DatumFel(ValueError):
    """Ett värde som inte är ett datum i någon av de kända formerna."""

    def __init__(self, varde: object):

        self.varde = varde
        super().__init__(f"okänt datum {visa_varde(varde)}")


def tom(varde: object) -> bool:
    return varde is None or (isinstance(varde, str) and not varde.strip())


def tolka(varde: object) -> tuple[date | None, bool]:
    """(datum, märkt som avbrott). Tomt ger (None, False); oläsbart ger DatumFel."""
    if type(varde) is datetime:
        return varde.date(), False
    if type(varde) is date:
        return varde, False
    if tom(varde):
        return None, False
    if isinstance(varde, str):
        return _tolka_text(varde.strip())
    if isinstance(varde, (int, float)) and not isinstance(varde, bool):
        return fran_tal(varde), False
    if isinstance(varde, datetime):  # underklasser, t.ex. pandas.Timestamp
        return varde.date(), False
    if isinstance(varde, date):
        return varde, False
    raise DatumFel(varde)


def datum(varde: object) -> date | None:
    """Som `tolka`, utan avbrottsmärket."""
    return tolka(varde)[0]


@lru_cache(maxsize=65536)
def _tolka_text(text: str) -> tuple[date | None, bool]:
    avbrott = bool(_AVBROTT.search(text))
    s = _AVBROTT.sub("", text).strip() if avbrott else text
    try:
        m = _ISO.match(s)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])), avbrott
        m = _KORT.match(s)
        if m:
            return date(2000 + int(m[1]), int(m[2]), int(m[3])), avbrott
        if len(s) == 6 and s.isascii() and s.isdigit():  # ÅÅMMDD, också med inledande nolla (050101)
            return date(2000 + int(s[:2]), int(s[2:4]), int(s[4:])), avbrott
        if _TAL.match(s):
            return fran_tal(float(s.replace(",", "."))), avbrott
    except (ValueError, DatumFel):
        pass
    raise DatumFel(text)


def fran_tal(tal: float) -> date:
    """Ett tal: 6 siffror ÅÅMMDD, 8 siffror ÅÅÅÅMMDD, annars Excels serienummer."""
    try:
        if float(tal).is_integer():
            heltal = int(tal)
            if 100000 <= heltal <= 999999:
                return date(2000 + heltal // 10000, heltal // 100 % 100, heltal % 100)
            if 10000000 <= heltal <= 99999999:
                return date(heltal // 10000, heltal // 100 % 100, heltal % 100)
        return fran_serie(tal)
    except ValueError:
        raise DatumFel(tal) from None


def fran_serie(serie: float) -> date:
    """Excels serienummer (1900-systemet) till datum; bråkdelen (klockslaget) kastas."""
    if not 1 <= serie <= _MAX_SERIE:
        raise DatumFel(serie)
    dag = int(serie)
    if dag < 61:  # före Excels påhittade 1900-02-29
        dag += 1
    return EXCEL_EPOK + timedelta(days=dag)


def till_serie(dag: date) -> int:
    """Datum till Excels serienummer (för datum från 1900-03-01)."""
    return (dag - EXCEL_EPOK).days


_EPOK_ORDINAL = date(1970, 1, 1).toordinal()


def kolumn(dagar: list) -> np.ndarray:
    """Datum (date/datetime, None för tomt) som `datetime64[D]`, via ordinaltal: mycket
    snabbare än att låta numpy tolka varje objekt."""
    return fran_ordinal(np.fromiter((d.toordinal() if d is not None else 0 for d in dagar), dtype="int64",
                                    count=len(dagar)))


def fran_ordinal(tal: np.ndarray) -> np.ndarray:
    """Ordinaltal (date.toordinal(), 0 för tomt) som `datetime64[D]`."""
    ut = (tal - _EPOK_ORDINAL).astype("datetime64[D]")
    ut[tal == 0] = np.datetime64("NaT")
    return ut


def tolka_kolumn(varden: list) -> tuple[list, list, dict]:
    """(datum, index märkta som avbrott, {index: DatumFel}) för en kolumn celler; samma värde
    tolkas bara en gång. Läsningen av underlag och formlerna använder båda denna."""
    snabbt = _tolka_kolumn_snabbt(varden)
    if snabbt is not None:
        return snabbt
    ut, markta, fel, sedda = [], [], {}, {}
    for i, v in enumerate(varden):
        if type(v) is date or v is None:
            ut.append(v)
            continue
        if type(v) is datetime:
            ut.append(v.date())
            continue
        try:
            d, markt = sedda[v] if v in sedda else sedda.setdefault(v, tolka(v))
        except DatumFel as e:
            fel[i], d, markt = e, None, False
        except TypeError:  # ohashbart värde: tolka direkt
            d, markt = tolka(v)
        ut.append(d)
        if markt:
            markta.append(i)
    return ut, markta, fel


_TALTYPER = {int, float, bool}
_KANDA_TYPER = {str, date, datetime, type(None)}  # aldrig lika med ett värde av en annan typ


def tolka_en(v):
    """(datum, märkt) eller DatumFel, för ett värde."""
    if type(v) is date or v is None:
        return v, False
    if type(v) is datetime:
        return v.date(), False
    try:
        return tolka(v)
    except DatumFel as e:
        return e


def _tolka_kolumn_snabbt(varden: list) -> tuple[list, list, dict] | None:
    """Som tolka_kolumn men varje skilt värde tolkas först och sedan slås upp, utan en
    Python-loop per cell; None när kolumnen har värden som kan vara lika fast de är av olika
    typ (1, 1.0, True) eller av andra typer: då går tolka_kolumn den vanliga vägen."""
    typer = set(map(type, varden))
    if len(typer & _TALTYPER) > 1 or typer - _TALTYPER - _KANDA_TYPER:
        return None
    tolkat = {v: tolka_en(v) for v in set(varden)}
    resultat = list(map(tolkat.__getitem__, varden))
    if all(type(r) is tuple and not r[1] for r in tolkat.values()):  # inga fel, inga märkta
        return [r[0] for r in resultat], [], {}
    ut, markta, fel = [], [], {}
    for i, r in enumerate(resultat):
        if type(r) is tuple:
            ut.append(r[0])
            if r[1]:
                markta.append(i)
        else:
            ut.append(None)
            fel[i] = r
    return ut, markta, fel


def flytta_avbrott(kolumner: dict, markta: dict, avbrott: str) -> list[tuple[str, int]]:
    """Ett datum märkt (avbrottsdatum) är avbrottsdatum var det än står (SPEC §8 p. 9): flyttas
    dit i `kolumner` (ändras). Ger (fält, index) där raden redan hade ett annat avbrottsdatum."""
    krockar = []
    for falt, index in markta.items():
        if falt == avbrott:
            continue
        for i in index:
            if kolumner[avbrott][i] is not None and kolumner[avbrott][i] != kolumner[falt][i]:
                krockar.append((falt, i))
            kolumner[avbrott][i], kolumner[falt][i] = kolumner[falt][i], None
    return krockar


_INTE_DELVIS = {"", "nej", "n", "0", "false", "falskt", "-"}


def delvis_markering(markering: object) -> bool:
    return not tom(markering) and str(markering).strip().lower() not in _INTE_DELVIS


def delvis_i_cellen(cell: object) -> bool:
    return isinstance(cell, str) and "delvis" in cell.lower()


def _per_varde(f, kolumn) -> list:
    """[f(v) for v in kolumn], f en gång per skilt värde (True, 1 och 1.0 hålls isär)."""
    nycklar = list(zip(map(type, kolumn), kolumn))
    tolkat = {k: f(k[1]) for k in set(nycklar)}
    return list(map(tolkat.__getitem__, nycklar))


def delvis_verkstallt(delvisceller: list, verkstalltceller: list) -> tuple[list[bool], list]:
    """(delvis per rad, verkställt-cellerna utan delvis-märket) (SPEC §10). Delvis är en cell i
    kolumnen Delvis verkställt med ja, x eller ett datum, eller ordet "delvis" i verkställt-cellen
    ("delvis 2024-02-01"); märket stänger inte beslutet, så den cellen räknas som tom. Varje
    skilt värde tolkas en gång."""
    markerade = _per_varde(delvis_markering, delvisceller)
    i_cellen = _per_varde(delvis_i_cellen, verkstalltceller)
    if not any(i_cellen):
        return markerade, list(verkstalltceller)
    return ([m or c for m, c in zip(markerade, i_cellen)],
            ["" if c else v for v, c in zip(verkstalltceller, i_cellen)])
