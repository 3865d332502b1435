"""Dokumentegenskaperna i en arbetsbok (docProps/custom.xml), utan att öppna den som arbetsbok:
märket som säger att filen är verktygets utfil och vilket slag (modell.utfiler.MARKE), och
bilagornas summor med vad de räknade (MARKE_SUMMOR, modell.utfiler.Bilagemarke). Läser också
Word-dokument (skrivelsen): samma del, docProps/custom.xml."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

from evb_xl.modell.installningar import tolka_antal
from evb_xl.modell.utfiler import MARKE, MARKE_SUMMOR, Bilagemarke

_EGENSKAP = re.compile(r'<(?:\w+:)?property\b[^>]*\bname="([^"]*)"[^>]*>\s*<(?:\w+:)?lpwstr\b[^>]*>([^<]*)<')


def egenskaper(xlsx: Path) -> dict[str, str]:
    """{namn: text} för arbetsbokens egna dokumentegenskaper; {} när filen inte har några (eller
    inte är en arbetsbok)."""
    try:
        with zipfile.ZipFile(xlsx) as z:
            if "docProps/custom.xml" not in z.namelist():
                return {}
            xml = z.read("docProps/custom.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile):
        return {}
    return {html.unescape(n): html.unescape(v) for n, v in _EGENSKAP.findall(xml)}


def slag(xlsx: Path) -> str | None:
    """Utfilens slag om arbetsboken är märkt av verktyget, annars None."""
    return egenskaper(xlsx).get(MARKE)


def bilagemarke(xlsx: Path) -> Bilagemarke | None:
    """Bilagornas märke; None när filen inte har det (bilagor skrivna av en äldre evb-xl, före
    märket). Ett märke från en äldre evb-xl (version 1: bara kvartal och summor) läses också: det
    som saknas blir None. ValueError när märket finns men inte går att läsa."""
    text = egenskaper(xlsx).get(MARKE_SUMMOR)
    if text is None:
        return None
    namn = Path(xlsx).name
    try:
        data = json.loads(text)
        summor = {lag: {kon: int(n) for kon, n in per.items()} for lag, per in data["summor"].items()}
        antal = data.get("antal")
        return Bilagemarke(
            fil=namn, kvartal=str(data["kvartal"]), summor=summor,
            antal=tolka_antal(antal) if antal is not None else None,
            namnd=_text(data.get("namnd")), diarienummer=_text(data.get("diarienummer")),
            matdatum=_text(data.get("matdatum")), lagrum={str(k): str(v) for k, v in (data.get("lagrum") or {}).items()},
            version=int(data.get("version", 1)))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError(f"{namn}: dokumentegenskapen '{MARKE_SUMMOR}' går inte att läsa") from None


def _text(varde) -> str | None:
    return None if varde is None else str(varde).strip()



_KARNA = re.compile(r"<(?:\w+:)?(keywords|category)\b[^>]*>([^<]*)<")


def ar_egen(fil: Path) -> bool:
    """Är filen en av verktygets utfiler? En arbetsbok (eller ett dokument) med märket MARKE, eller
    ett Word-dokument som word.py märker i kärnegenskaperna (nyckelord och kategori "evb-xl")."""
    if slag(fil) is not None:
        return True
    try:
        with zipfile.ZipFile(fil) as z:
            if "docProps/core.xml" not in z.namelist():
                return False
            xml = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile):
        return False
    return any(re.match(rf"{MARKE}\b", html.unescape(v).strip()) for _, v in _KARNA.findall(xml))
