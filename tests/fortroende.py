"""Det som testerna av förtroende delar (test_integritet, test_natverk, test_indata_orord,
test_dalig_indata, test_text_i_utfilen): produkten i samma process, fotavtryck av en fil, formerna
en text kan ha i XML, och ett underlag med påhittad identitet i varje kolumn.

Allt körs som en användare kör det (kommandoraden som egen process där processen spelar roll,
annars `evb_xl.cli.main` i samma process), och utfilerna packas upp och läses som XML, inte
genom koden under test. Personerna är påhittade.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from arbetsbocker import skriv_bok
from hjalp import REPO, blad, evb_process, xml_delar  # noqa: F401 - delas av testfilerna

from evb_xl import cli


def evb(*args) -> tuple[int, str, str]:
    """`evb-xl ARGS` i samma process: (slutkod, stdout, stderr)."""
    ut, fel = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(ut), contextlib.redirect_stderr(fel):
        try:
            kod = cli.main([str(a) for a in args])
        except SystemExit as e:
            kod = e.code
    return kod or 0, ut.getvalue(), fel.getvalue()


def fotavtryck(sokvag: Path) -> tuple:
    """Innehåll och metadata som ändras av varje skrivning, namnbyte eller ändrad behörighet."""
    s = os.stat(sokvag)
    return hashlib.sha256(Path(sokvag).read_bytes()).hexdigest(), s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_mode


def sokformer(text: str) -> set[str]:
    """Texten som den kan stå i XML: rå, XML-kodad, och personnummer med och utan skiljetecken."""
    former = {text, escape(text), escape(text, {'"': "&quot;", "'": "&apos;"})}
    siffror = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d{8}[-+]\d{4}", text):
        former |= {siffror, siffror[2:], f"{siffror[2:8]}-{siffror[8:]}"}
    return former


# --- cellerna som XML säger dem (oberoende av hur openpyxl råkade skriva dem) ------------------

_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass(frozen=True)
class Cell:
    del_: str  # t.ex. xl/worksheets/sheet2.xml
    ref: str  # t.ex. F7
    typ: str  # cellens t-attribut: s, inlineStr, str, n, b, e
    text: str | None  # texten efter XML-tolkning (delade strängar uppslagna), eller <v>
    formel: bool  # har ett <f>-element


def celler(sokvag: Path) -> list[Cell]:
    """Varje cell på varje blad, tolkad som XML. Texter jämförs då som text, inte som den XML-kodade
    formen (openpyxl skriver t.ex. å som å eller &#229; beroende på om lxml finns)."""

    def text_i(element) -> str:
        return "".join(t.text or "" for t in element.iter(f"{_S}t"))

    with zipfile.ZipFile(sokvag) as z:
        namn = z.namelist()
        delade = ([text_i(si) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{_S}si")]
                  if "xl/sharedStrings.xml" in namn else [])
        ut = []
        for del_ in namn:
            if not (del_.startswith("xl/worksheets/") and del_.endswith(".xml")):
                continue
            for c in ET.fromstring(z.read(del_)).iter(f"{_S}c"):
                typ, v = c.get("t", "n"), c.find(f"{_S}v")
                if typ == "inlineStr":
                    text = text_i(c)
                elif typ == "s":
                    text = delade[int(v.text)]
                else:
                    text = v.text if v is not None else None
                ut.append(Cell(del_, c.get("r"), typ, text, c.find(f"{_S}f") is not None))
    return ut


# --- ett underlag med identitet i varje kolumn som aldrig får följa med --------------

RUBRIK = ["Personnummer", "Namn", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
          "Orsak", "Datum för erbjudanden", "Beslutet verkställt", "Beslutet avslutat", "Kommentar",
          "Handläggare", "Enhet", "Telefon", "Gatuadress", "Kontakt anhörig"]
OMAPPADE = ["Telefon", "Gatuadress", "Kontakt anhörig"]
INSATSER = [("LSS", "9 § 10 Daglig verksamhet"), ("LSS", "9 § 9 SÄBO"), ("LSS", "9 § 3 Ledsagarservice"),
            ("SoL", "Kontaktperson"), ("SoL", "Särskilt boende demens"), ("SoL", "Boendestöd")]
ORSAKER = ["Resursbrist ledig bostad", "Den enskilde tackat nej", "Annat skäl", "Resursbrist personal", "", "Vet ej"]


def identiteter(i: int) -> dict:
    """Påhittade uppgifter för rad i; varje sträng är unik och förekommer inte i någon rubrik."""
    ar, man = 1940 + i % 60, i % 2 == 0  # (könssiffran är den näst sista; här räcker unika nummer)
    return {
        "Personnummer": f"{ar}{1 + i % 12:02d}{1 + i % 27:02d}-{100 + i:03d}{1 if man else 2}",
        "Namn": f"Qvirna{i:02d} Zyxbergsdotter",
        "Kommentar": f"Qkommentar{i:02d}: erbjöds plats på Vxgården, vill vänta på Öxbacken",
        "Handläggare": f"Hqandl{i:02d} Ptersson",
        "Telefon": f"070-99{i:05d}",
        "Gatuadress": f"Qxgatan {i}, 123 45 Ystorp",
        "Kontakt anhörig": f"Dottern Wqlma{i:02d}",
    }


def identitetsunderlag(sokvag: Path, antal: int = 150) -> tuple[Path, list[str]]:
    """Fler än 50 rader, så att både cell-för-cell-vägen och massvägen för stora tabeller
    (Bilaga 2, långa avsnitt i Kontroll) skrivs; båda lagrummen, avbrott, tidiga stängningar,
    okänt kön, okänd orsak och erbjudanden, så att alla delar av utdata får innehåll."""
    rader, hemligt = [], []
    for i in range(antal):
        idn = identiteter(i)
        hemligt += list(idn.values())
        lag, insats = INSATSER[i % len(INSATSER)]
        beslut = date(2023, 1, 5) + timedelta(days=2 * i)
        avbrott = beslut + timedelta(days=40) if i % 7 == 3 else None
        verkstallt = (date(2024, 2, 1) + timedelta(days=i % 20) if i % 3 == 0 else
                      beslut + timedelta(days=30) if i % 11 == 5 else None)
        kon = ["Man", "Kvinna", "M", "K", "", "Hen"][i % 6]
        rader.append([idn["Personnummer"], idn["Namn"], kon, beslut, avbrott, lag, insats, ORSAKER[i % len(ORSAKER)],
                      f"{beslut + timedelta(days=20)}; {beslut + timedelta(days=50)}" if i % 4 == 1 else None,
                      verkstallt, None, idn["Kommentar"], idn["Handläggare"], f"Enhet {'NSÖ'[i % 3]}",
                      idn["Telefon"], idn["Gatuadress"], idn["Kontakt anhörig"]])
    skriv_bok(sokvag, [RUBRIK, *rader], ovan=[["Ej verkställda beslut 2024"], []],
              installningar=[["Nämnd", "Socialnämnden"], ["Kvartal", "2024Q1"]])
    return sokvag, hemligt
