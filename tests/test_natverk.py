"""Inget nätverk: ingen körning öppnar en anslutning och ingen modul importerar ett nätverksbibliotek."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fortroende import REPO, evb_process, identitetsunderlag

_NATVERK = """
import sys
anrop = []
def krok(handelse, argument):
    if handelse.startswith(("socket.", "http.", "urllib.", "ftplib.", "smtplib.", "webbrowser.")):
        anrop.append(handelse)
        raise PermissionError("nätverk i evb-xl: " + handelse)
sys.addaudithook(krok)
import atexit
atexit.register(lambda: anrop and sys.stderr.write("NÄTVERK: %s\\n" % anrop))
"""


@pytest.mark.parametrize("kommando", ["bilagor", "kontroll", "trend"])
def test_ingen_natverksatkomst_under_en_korning(tmp_path, kommando):
    """Pythons granskningskrokar stoppar och räknar varje försök att använda nätverket."""
    underlag, _ = identitetsunderlag(tmp_path / "enhet.xlsx")
    extra = [] if kommando == "kontroll" else ["--ut", tmp_path / "ut"]
    p = evb_process(kommando, underlag, *extra, forspel=_NATVERK)
    assert p.returncode == 0, p.stderr
    assert "NÄTVERK" not in p.stderr


def test_natverkskroken_fangar_verkligen_ett_anrop():
    """Kroken ovan är inte tom: ett anrop till en lokal port stoppas och syns."""
    kod = _NATVERK + "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept Exception:\n    pass\n"
    p = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, timeout=60)
    assert "NÄTVERK: ['socket." in p.stderr


_NATVERKSMODULER = {"socket", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "ftplib",
                    "smtplib", "poplib", "imaplib", "xmlrpc", "websocket", "websockets", "webbrowser", "telnetlib"}


def test_ingen_modul_i_produkten_importerar_natverk():
    import ast

    filer = sorted((REPO / "evb_xl").rglob("*.py"))  # också regler/, lasning/, skrivning/ osv.
    assert len(filer) > 30 and any(f.parent.name == "skrivning" for f in filer)
    for fil in filer:
        for nod in ast.walk(ast.parse(fil.read_text(encoding="utf-8"))):
            namn = ([a.name for a in nod.names] if isinstance(nod, ast.Import) else
                    [nod.module or ""] if isinstance(nod, ast.ImportFrom) else [])
            for n in namn:
                assert n.split(".")[0] not in _NATVERKSMODULER, f"{fil.relative_to(REPO)} importerar {n}"


def test_readme_sager_att_inget_gar_over_natverket():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    avsnitt = readme.split("## Vad evb-xl lovar", 1)[1].split("\n## ", 1)[0]
    assert "nätverk" in avsnitt and "test_natverk.py" in avsnitt
