"""Dokumentegenskaperna i en arbetsbok (docProps/custom.xml), utan att öppna den som arbetsbok:
märket som säger att filen är verktygets utfil och vilket slag (modell.utfiler.MARKE), och
bilagornas summor (MARKE_SUMMOR)."""

from __future__ import annotations

import html
import json
import re
import zipfile
from pathlib import Path

from evb_xl.modell.utfiler import MARKE, MARKE_SUMMOR

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


def summor(xlsx: Path) -> tuple[str, dict] | None:
    """(kvartal, {lagrum: {kön: antal}}) ur bilagornas märke; None när filen inte har det (bilagor
    skrivna av en äldre evb-xl). ValueError när märket finns men inte går att läsa."""
    text = egenskaper(xlsx).get(MARKE_SUMMOR)
    if text is None:
        return None
    try:
        data = json.loads(text)
        return str(data["kvartal"]), {lag: {kon: int(n) for kon, n in per.items()} for lag, per in data["summor"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValueError(f"{Path(xlsx).name}: dokumentegenskapen '{MARKE_SUMMOR}' går inte att läsa") from None


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
