"""Stora tabeller (Bilaga 2, långa avsnitt i Kontroll) utan att gå cell för cell genom openpyxl.

openpyxl skriver mallen, rubrikerna och tabellens *första* rad; den raden bär mallens
cellformat. När arbetsboken är sparad läggs resten av raderna in som XML direkt efter den,
med samma format per kolumn. Text skrivs som text (inlineStr, aldrig formel), datum som
Excels serienummer i datumformatet från första raden.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np

from evb_xl.modell.kolumn import Kodad, Kolumnrader, objektfalt
from evb_xl.regler.datum import till_serie

# tecken som inte får stå i XML: styrtecken utom tab och radbrytningar (som openpyxl:s
# ILLEGAL_CHARACTERS_RE) och dessutom U+FFFE/U+FFFF
OTILLATNA_TECKEN = re.compile("[\x00-\x08]|[\x0b-\x0c]|[\x0e-\x1f]|[\ufffe\uffff]")


def escape(text: str) -> str:
    """&, < och > som XML-entiteter (som xml.sax.saxutils.escape, utan att importera urllib och http)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def get_column_letter(kolumn: int) -> str:
    """Kolumnens bokstäver, 1 -> A, 27 -> AA (som openpyxl.utils.get_column_letter)."""
    bokstaver = ""
    while kolumn > 0:
        kolumn, rest = divmod(kolumn - 1, 26)
        bokstaver = chr(65 + rest) + bokstaver
    return bokstaver

_CELL = re.compile(r'<c r="([A-Z]+)\d+"([^>]*?)/?>')
_STIL = re.compile(r'\bs="(\d+)"')


MAX_RADER = 1_048_576  # rader på ett Excel-blad


class FarIntePlats(ValueError):
    """En tabell är längre än ett Excel-blad."""


def _tal(n: int) -> str:
    return f"{n:,}".replace(",", " ")


@dataclass
class Block:
    blad: str
    rad: int  # den första (redan skrivna) radens nummer
    kolumn: int  # första kolumnen (1-baserad)
    rader: list  # raderna efter den första


@dataclass
class Massrader:
    block: list = field(default_factory=list)

    def lagg_till(self, blad: str, rad: int, kolumn: int, rader: list) -> None:
        if rad + len(rader) > MAX_RADER:  # annars en arbetsbok som Excel inte kan öppna
            raise FarIntePlats(f"{blad} får inte plats på ett Excel-blad: {_tal(len(rader) + 1)} rader behövs från "
                               f"rad {rad}, men ett blad har högst {_tal(MAX_RADER)} rader")
        if rader:
            self.block.append(Block(blad, rad, kolumn, rader))

    def skriv_in(self, fran: Path, till: Path) -> None:
        """Kopiera arbetsboken `fran` till `till` med blockens rader inlagda."""
        with zipfile.ZipFile(fran) as inn:
            delar = _bladdelar(inn)
            andrade = {}
            for b in self.block:
                del_ = delar[b.blad]
                xml = andrade.get(del_) or inn.read(del_).decode("utf-8")
                andrade[del_] = lagg_in(xml, b)
            with zipfile.ZipFile(till, "w", zipfile.ZIP_DEFLATED) as ut:
                for info in inn.infolist():
                    if info.filename in andrade:
                        ut.writestr(info, andrade[info.filename].encode("utf-8"), compresslevel=1)
                    else:
                        ut.writestr(info, inn.read(info.filename))


def _bladdelar(z: zipfile.ZipFile) -> dict:
    """{bladnamn: del i zip-filen} ur workbook.xml och dess relationer."""
    bok = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    mal = {m[2]: m[1].lstrip("/") for m in re.finditer(r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    mal.update({m[1]: m[2].lstrip("/") for m in re.finditer(r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)})
    ut = {}
    for m in re.finditer(r'<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', bok):
        del_ = mal[m[2]]
        ut[_avkoda(m[1])] = del_ if del_.startswith("xl/") else f"xl/{del_}"
    return ut


def _avkoda(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def lagg_in(xml: str, b: Block) -> str:
    """Bladets XML med blockets rader direkt efter rad `b.rad`, och dimension uppdaterad."""
    m = re.search(rf'<row r="{b.rad}"[^>]*?(?:/>|>.*?</row>)', xml, re.DOTALL)
    if m is None:
        raise ValueError(f"raden {b.rad} på bladet {b.blad} saknas")
    stilar = {kol: (_STIL.search(attr)[1] if _STIL.search(attr) else None) for kol, attr in _CELL.findall(m[0])}
    kolumnvis = isinstance(b.rader, Kolumnrader)
    bredd = len(b.rader.kolumner) if kolumnvis else max(len(r) for r in b.rader)
    bokstaver = [get_column_letter(b.kolumn + k) for k in range(bredd)]
    s_attr = [f' s="{stilar[k]}"' if stilar.get(k) else "" for k in bokstaver]
    if kolumnvis and all(s_attr) and b.kolumn == 1:
        delar = [_kolumner(b.rader.kolumner, b.rad + 1, s_attr)]
    elif kolumnvis or all(len(r) == bredd for r in b.rader):
        delar = _kolumnvis(b if not kolumnvis else Block(b.blad, b.rad, b.kolumn, list(b.rader)), bokstaver, s_attr)
    else:
        delar = _radvis(b, bokstaver, s_attr)
    sista = b.rad + len(b.rader)
    fore = re.sub(r'<dimension ref="([A-Z]+)\d*:?([A-Z]*)(\d*)"',  # före raderna: bara den lilla delen skrivs om
                  lambda d: f'<dimension ref="{d[1]}1:{max(d[2] or d[1], bokstaver[-1], key=lambda x: (len(x), x))}'
                            f'{max(int(d[3] or 0), sista)}"', xml[:m.end()], count=1)
    return fore + "".join(delar) + xml[m.end():]


def _kolumnvis(b: Block, bokstaver: list, s_attr: list) -> list[str]:
    """Raderna som XML, byggda kolumn för kolumn (alla rader lika långa): samma XML som
    _radvis, men varje kolumns celler i en listbyggare och varje värde tolkat en gång."""
    nummer = range(b.rad + 1, b.rad + 1 + len(b.rader))
    if all(s_attr):  # varje kolumn har en stil: en tom cell är <c r=".." s=".."/>, en rad är en mall
        mall = ('<row r="{0}">' + "".join(f'<c r="{bokstav}{{0}}"{s}{{{k + 1}}}' for k, (bokstav, s)
                                             in enumerate(zip(bokstaver, s_attr))) + "</row>")
        return list(map(mall.format, nummer, *(_innehall_snabbt(kolumn, "/>") for kolumn in zip(*b.rader))))
    kolumner = []
    for k, kolumn in enumerate(zip(*b.rader)):
        borjan, s = f'<c r="{bokstaver[k]}', s_attr[k]
        tom = f"{s}/>" if s else ""
        kolumner.append([f'{borjan}{n}"{s}{inn}' if inn else (f'{borjan}{n}"{tom}' if tom else "")
                         for n, inn in zip(nummer, _innehall_kolumn(kolumn))])
    return [f'<row r="{n}">{"".join(celler)}</row>' for n, celler in zip(nummer, zip(*kolumner))]


def _kolumner(kolumner: list, forsta: int, s_attr: list) -> str:
    """Raderna från `forsta` som XML ur kolumnerna (Kolumnrader): varje kolumns celler en gång per
    skilt värde och sedan uppslagna, raderna ihopfogade i C (zip och join). Cellerna har inget r=
    (det är valfritt: en cell utan r är den närmast till höger om den förra, och varje kolumn har en
    cell, också en tom); raderna har det."""
    n = len(kolumner[0])
    nummer = range(forsta, forsta + n)
    if isinstance(kolumner[0], range):  # Löpnr: raden och dess första cell i samma f-sträng
        s, forskjutning = s_attr[0], kolumner[0].start - forsta
        mall = f'<row r="{{}}"><c{s}><v>{{}}</v></c>'
        delar = [list(map(mall.format, nummer, range(forsta + forskjutning, forsta + forskjutning + n)))]
        kolumner, s_attr = kolumner[1:], s_attr[1:]
    else:
        delar = [[f'<row r="{r}">' for r in nummer]]
    for kolumn, s in zip(kolumner, s_attr):
        celler = _Celler(s)
        if isinstance(kolumn, range):
            delar.append([f"<c{s}><v>{v}</v></c>" for v in kolumn])
        elif isinstance(kolumn, np.ndarray) and kolumn.dtype.kind == "M":  # datum: serienummer, NaT tomt
            serie = (kolumn.astype("datetime64[D]") - _EXCEL_EPOK).astype(np.int64)
            serie[np.isnat(kolumn)] = _NAT
            delar.append(list(map(celler.__getitem__, serie.tolist())))
        else:
            varden = kolumn.tolist() if isinstance(kolumn, np.ndarray) else list(kolumn)
            if set(map(type, varden)) <= {str, type(None)}:  # text: värdet är nyckeln
                delar.append(list(map(celler.__getitem__, varden)))
            else:  # tal av olika typ (1, 1.0, True) hålls isär
                k = Kodad.av_lista(varden)
                delar.append(objektfalt([celler[v] for v in k.varden])[k.koder].tolist())
    delar.append(["</row>"] * n)
    return "".join(map("".join, zip(*delar)))


class _Celler(dict):
    """värde -> hela cellen (<c s=".."...), räknat första gången; serienummer för datum (int, _NAT tomt)."""

    def __init__(self, s: str):
        super().__init__()
        self.s = s

    def __missing__(self, v) -> str:
        if type(v) is int:
            ut = f"<c{self.s}/>" if v == _NAT else f"<c{self.s}><v>{v}</v></c>"
        else:
            inn = _innehall(v)
            ut = f"<c{self.s}{inn}" if inn else f"<c{self.s}/>"
        self[v] = ut
        return ut


_NAT = np.iinfo(np.int64).min
_EXCEL_EPOK = np.datetime64("1899-12-30", "D")  # datum.till_serie: dagar sedan 1899-12-30
_TAL = {int, float, bool}
_OLIKA_ALLTID = {str, date, datetime, type(None)}  # aldrig lika med ett värde av en annan typ


class _Innehall(dict):
    """värde -> _innehall(värde), räknat första gången värdet efterfrågas."""

    def __init__(self, tom: str):
        super().__init__()
        self.tom = tom

    def __missing__(self, v) -> str:
        ut = self[v] = _innehall(v) or self.tom
        return ut


def _innehall_snabbt(kolumn, tom: str) -> list[str]:
    """_innehall för varje värde i kolumnen (`tom` för en tom cell), varje värde en gång och
    utan en Python-loop per cell. Tal av olika typ (1, 1.0, True) är lika som nycklar: en sådan
    kolumn (eller en med andra typer) går den långsamma vägen."""
    typer = set(map(type, kolumn))
    if typer == {int}:  # t.ex. Löpnr: unika, ingen idé att minnas
        return [f"><v>{v}</v></c>" for v in kolumn]
    if len(typer & _TAL) > 1 or typer - _TAL - _OLIKA_ALLTID:
        return [inn or tom for inn in _innehall_kolumn(kolumn)]
    return list(map(_Innehall(tom).__getitem__, kolumn))


def _innehall_kolumn(kolumn) -> list[str]:
    """_innehall för varje värde i kolumnen; samma text och datum tolkas en gång."""
    ut, sedda = [], {}
    for v in kolumn:
        typ = type(v)
        if typ is int:  # t.ex. Löpnr: unika, ingen idé att minnas
            ut.append(f"><v>{v}</v></c>")
            continue
        # text, datum och None är aldrig lika med något av en annan typ; tal och sant/falskt kan vara det
        nyckel = v if typ is str or typ is date or v is None else (typ, v)
        innehall = sedda.get(nyckel)
        if innehall is None:
            innehall = sedda[nyckel] = _innehall(v)
        ut.append(innehall)
    return ut


def _radvis(b: Block, bokstaver: list, s_attr: list) -> list[str]:
    delar = []
    varden: dict = {}  # (typ, värde) -> cellens innehåll efter referensen; samma text och datum upprepas
    for n, rad in enumerate(b.rader, start=b.rad + 1):
        celler = []
        for k, v in enumerate(rad):
            if type(v) is int:  # t.ex. Löpnr: unika, ingen idé att minnas
                innehall = f"><v>{v}</v></c>"
            else:
                nyckel = (type(v), v)
                innehall = varden.get(nyckel)
                if innehall is None:
                    innehall = varden[nyckel] = _innehall(v)
            if innehall:
                celler.append(f'<c r="{bokstaver[k]}{n}"{s_attr[k]}{innehall}')
            elif s_attr[k]:
                celler.append(f'<c r="{bokstaver[k]}{n}"{s_attr[k]}/>')
        delar.append(f'<row r="{n}">{"".join(celler)}</row>')
    return delar


def _innehall(v) -> str:
    """Det som följer på `<c r=".." s=".."`: typ och värde, eller '' för en tom cell."""
    if v is None or v == "":
        return ""
    if isinstance(v, bool):
        return f' t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (datetime, date)):
        return f"><v>{till_serie(v if type(v) is date else v.date())}</v></c>"
    if isinstance(v, (int, float)):
        return f"><v>{v!r}</v></c>"
    text = OTILLATNA_TECKEN.sub("", str(v))[:32767]  # Excels gräns för en cell
    bevara = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{bevara}>{escape(text)}</t></is></c>'
