"""Stora .xlsx lästa med fastexcel (issue 14): bladet tolkas i Rust till Arrow-kolumner (arro3),
och varje kolumn blir skilda värden och en kod per rad (Kodad) utan ett Python-objekt per cell.
Resultatet ska vara exakt calamine-vägens (bocker.Kalaminbok); när det inte går att veta blir det
InteSnabbt, och läsningen går calamine-vägen i stället.

fastexcel läser alla celler som text (annars blir en kolumn med blandade typer ett fel): ett tal
blir `231120` eller `45260.5`, ett datum `2023-11-20 00:00:00`, sant/falskt `true`/`false`, tomt
och fel (#N/A) None. Text som *kan* vara ett sådant värde kan alltså ha varit ett tal, ett datum
eller text. I datumkolumnerna (och Erbjudanden) spelar det ingen roll så länge värdet går att läsa
som ett datum efter år 1900 (ett tal ger samma datum som sin text; ett datum sitt eget). I Löpnr och
Personnummer ger ett heltal samma text som calamine-vägen. I de andra kolumnerna (kön, lagrum,
insats, orsak, enhet ...) och bland rubrikerna ger sådan text InteSnabbt. Tid och varaktighet
(1899-12-31 12:00:00) är före 1901 och ger också InteSnabbt.

fastexcel ger inga sammanslagna celler; de läses ur bladets XML (<mergeCells> står sist) i en
tråd medan fastexcel tolkar bladet (fastexcel släpper GIL).
"""

from __future__ import annotations

import html
import re
import threading
import zipfile
from datetime import date
from itertools import repeat
from pathlib import Path

import numpy as np

from evb_xl.lasning.bocker import SOK_RUBRIK_I_RADER, Kalaminbok, fyll_sammanslagna_rubriker, oppna
from evb_xl.modell import falt as F
from evb_xl.modell.kolumn import Kodad
from evb_xl.regler import datum

# bladens XML (okomprimerad) från vilken fastexcel lönar sig: under den vinner calamine-vägen på
# att inte importera fastexcel och arro3 (bench/README.md, tredje omgången)
GRANS = 4 * 2**20


class InteSnabbt(Exception):
    """fastexcel-vägen kan inte ge exakt calamine-vägens resultat för filen (eller inte läsa den)."""


def lonar_sig(delar: list[zipfile.ZipInfo]) -> bool:
    """Är arbetsboken (zip-arkivets innehåll) en .xlsx/.xlsm stor nog för fastexcel?"""
    namn = {d.filename for d in delar}
    ark = sum(d.file_size for d in delar if d.filename.startswith("xl/worksheets/") and d.filename.endswith(".xml"))
    return "xl/workbook.xml" in namn and ark >= GRANS


class Snabbok:
    """En .xlsx läst med fastexcel; samma gränssnitt som bocker.Radbok (rubrikomrade, kolumner)."""

    def __init__(self, sokvag: Path, delar: list[zipfile.ZipInfo]):
        if "xl/workbook.xml" not in {d.filename for d in delar}:
            raise InteSnabbt("ingen xl/workbook.xml (t.ex. .xlsb)")
        try:
            import fastexcel

            self._bok = fastexcel.read_excel(str(sokvag))
            self.sheet_names = list(self._bok.sheet_names)
        except Exception as e:  # noqa: BLE001 - vad som helst: calamine-vägen säger vad som är fel
            raise InteSnabbt(str(e)) from None
        self._sokvag = sokvag
        self._lasta: dict = {}  # blad -> (kolumner {absolut index: Arrow}, höjd, rubrikområde, ändrade rader)
        self._kalamin = None

    def rader(self, blad: str) -> list[list]:
        """Ett blad med typade värden (bladet Inställningar), med python-calamine."""
        if self._kalamin is None:
            self._kalamin = Kalaminbok(oppna(self._sokvag, kontrollerad=True))
        return self._kalamin.rader(blad)

    def _las(self, blad: str):
        if blad in self._lasta:
            return self._lasta[blad]
        sammanslagna: dict = {}
        trad = threading.Thread(target=_sammanslagna, args=(self._sokvag, blad, sammanslagna), daemon=True)
        trad.start()
        try:
            from arro3.core import RecordBatch

            ark = self._bok.load_sheet(blad, header_row=None, skip_rows=0, dtypes="string")
            plats = {c.name: c.absolute_index for c in ark.available_columns()}
            data = RecordBatch.from_arrow(ark)
            kolumner = {plats[namn]: data.column(k) for k, namn in enumerate(data.column_names)}
            hojd = data.num_rows
        except Exception as e:  # noqa: BLE001
            raise InteSnabbt(f"bladet '{blad}': {e}") from None
        finally:
            trad.join()
        if "ranges" not in sammanslagna:
            raise InteSnabbt(f"bladet '{blad}': sammanslagna celler går inte att läsa")
        n = min(hojd, SOK_RUBRIK_I_RADER)
        rader = [[""] * (max(kolumner, default=-1) + 1) for _ in range(n)]
        for j, kolumn in kolumner.items():
            for i, v in enumerate(kolumn.slice(0, n).to_pylist()):
                if v is not None:
                    rader[i][j] = v
        fore = [list(r) for r in rader]
        fyll_sammanslagna_rubriker(rader, sammanslagna["ranges"])
        andrade = [i for i, (r, f) in enumerate(zip(rader, fore)) if r != f]
        self._lasta[blad] = (kolumner, hojd, rader, andrade)
        return self._lasta[blad]

    def rubrikomrade(self, blad: str) -> list[list]:
        """De första raderna (där rubrikraden letas), sammanslagna rubriker ifyllda."""
        return self._las(blad)[2]

    def slapp(self, blad: str) -> None:
        self._lasta.pop(blad, None)

    def kolumner(self, blad: str, forsta: int, kolumner: dict) -> dict[str, Kodad]:
        """{fält: Kodad} för kolumnerna {fält: index} från raden `forsta`; InteSnabbt när texten
        från fastexcel inte säkert ger samma resultat som calamine-vägen."""
        arrow, hojd, rader, andrade = self._las(blad)
        if any(r >= forsta for r in andrade):  # en sammanslagen rubrik fyllde i en rad med data
            raise InteSnabbt("en sammanslagen rubrik går ned bland raderna")
        kanda = set(kolumner.values())
        for j, c in enumerate(rader[forsta - 1]):
            if j not in kanda and isinstance(c, str) and c.strip() and kanske_inte_text(c):
                raise InteSnabbt(f"rubrikraden: {c!r} kan vara ett tal eller datum")
        ut = {}
        for f, j in kolumner.items():
            k = _kodad(arrow[j].slice(forsta, hojd - forsta)) if j in arrow and hojd > forsta else Kodad.tom(max(hojd - forsta, 0))
            if f not in (F.NAMN, F.KOMMENTAR, F.HANDLAGGARE):
                fel = next((v for v in _kandidater(k.varden) if not _saker(f, v)), None)
                if fel is not None:
                    raise InteSnabbt(f"{F.NAMN_PA_FALT[f]}: {fel!r} kan vara ett tal, ett datum eller text")
            ut[f] = k
        return ut

    def close(self):
        if self._kalamin is not None:
            self._kalamin.close()
        self._lasta.clear()


def _kodad(kolumn) -> Kodad:
    """En Arrow-kolumn med text (None för tomt) som Kodad; tomt blir "" som i calamine-vägen."""
    from arro3 import compute as pc
    from arro3.core import dictionary_dictionary, dictionary_indices

    n = len(kolumn)
    if n == 0 or kolumn.null_count == n:
        return Kodad.tom(n)
    from arro3.core import DataType

    if not (DataType.is_string(kolumn.type) or DataType.is_large_string(kolumn.type)):
        raise InteSnabbt(f"oväntad kolumntyp {kolumn.type}")
    finns = pc.is_not_null(kolumn)
    koda = kolumn if kolumn.null_count == 0 else pc.filter(kolumn, finns)
    d = pc.dictionary_encode(koda)
    varden = dictionary_dictionary(d).to_pylist()
    index = dictionary_indices(d).to_numpy().astype(np.int64)
    if kolumn.null_count == 0:
        return Kodad(index, varden)
    tom = next((i for i, v in enumerate(varden) if v == ""), None)
    if tom is None:
        tom = len(varden)
        varden.append("")
    koder = np.full(n, tom, dtype=np.int64)
    koder[finns.to_numpy()] = index
    return Kodad(koder, varden)


_TAL = re.compile(r"-?\d+(?:\.\d+)?\Z")  # ett tal som fastexcel skriver det (aldrig med exponent)
_DATUMTID = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(?:[ T].*)?\Z", re.DOTALL)
_HELTAL = re.compile(r"(?:0|-?[1-9]\d{0,14})\Z")  # exakt som float i calamine och str(int(tal))
_PERSONNUMMER_TAL = re.compile(r"[1-9]\d{9,14}\Z")  # personnummer.som_text: str(int(tal)), tio siffror eller fler


def _kandidater(varden: list[str]) -> list[str]:
    """De värden som kanske_inte_text kan gälla (och några till), med två genomgångar i C i stället
    för ett reguljärt uttryck per värde: ett tal har inget bindestreck eller ett minustecken först,
    ett datum två bindestreck; bara text med ett bindestreck inne i sig (19800101-1234) är text."""
    n = len(varden)
    forsta = np.fromiter(map(str.find, varden, repeat("-")), dtype=np.int64, count=n)
    sista = np.fromiter(map(str.rfind, varden, repeat("-")), dtype=np.int64, count=n)
    kanske = (forsta <= 0) | (sista != forsta)
    ut = [varden[i] for i in np.flatnonzero(kanske).tolist()]
    return [v for v in ut if v in ("true", "false") or v[:1] == "-" or v.isdecimal() or "." in v or v.count("-") >= 2]


_TAL = re.compile(r"-?\d+(?:\.\d+)?\Z")  # ett tal som fastexcel skriver det (aldrig med exponent)
_DATUMTID = re.compile(r"(-?\d{4,})-(\d\d)-(\d\d)(?:[ T].*)?\Z", re.DOTALL)
_HELTAL = re.compile(r"(?:0|-?[1-9]\d{0,14})\Z")  # exakt som float i calamine och str(int(tal))
_PERSONNUMMER_TAL = re.compile(r"[1-9]\d{9,14}\Z")  # personnummer.som_text: str(int(tal)), tio siffror eller fler


def _kandidater(varden: list[str]) -> list[str]:
    """De värden som kanske_inte_text kan gälla (och några till), med en handfull genomgångar i C i
    stället för ett reguljärt uttryck per värde: bara siffror (ett tal), ett minustecken först
    eller en punkt (ett tal), två bindestreck (ett datum), true och false."""
    n = len(varden)
    kanske = (np.fromiter(map(str.isdecimal, varden), dtype=bool, count=n)
              | np.fromiter(map(str.startswith, varden, repeat("-")), dtype=bool, count=n)
              | np.fromiter(map(str.__contains__, varden, repeat(".")), dtype=bool, count=n)
              | (np.fromiter(map(str.count, varden, repeat("-")), dtype=np.int64, count=n) >= 2))
    ut = [varden[i] for i in np.flatnonzero(kanske).tolist()]
    return ut + [v for v in ("true", "false") if v in varden]


def kanske_inte_text(s: str) -> bool:
    """Kan `s` vara fastexcels text för en cell som inte är text (tal, datum, tid, sant/falskt)?"""
    if s in ("true", "false") or _TAL.match(s) is not None:
        return True
    m = _DATUMTID.match(s)
    if m is None:
        return False
    try:  # fastexcel skriver bara giltiga datum: 2023-02-30 är text
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return False
    return True


def _saker(falt: str, s: str) -> bool:
    """Ger texten `s` i kolumnen `falt` samma resultat vilken cell den än kom från?"""
    if falt in (F.NAMN, F.KOMMENTAR, F.HANDLAGGARE) or not kanske_inte_text(s):
        return True  # bara om cellen är tom räknas, eller så var cellen text
    if falt in F.DATUMFALT or falt == F.ERBJUDANDEN:  # erbjudanden: ett datum per cell som inte är text
        r = datum.tolka_en(s)
        return type(r) is tuple and r[0] is not None and r[0].year > 1900
    if falt == F.LOPNR:
        return _HELTAL.match(s) is not None
    if falt == F.PERSONNUMMER:
        return _PERSONNUMMER_TAL.match(s) is not None
    return False


def _sammanslagna(sokvag: Path, blad: str, ut: dict) -> None:
    """ut["ranges"] = bladets sammanslagna celler ((rad1, kol1), (rad2, kol2)) från 0, som
    python-calamine ger dem; ingenting vid fel."""
    try:
        with zipfile.ZipFile(sokvag) as z:
            with z.open(_bladdel(z, blad)) as f:
                svans, xml = b"", None
                while chunk := f.read(1 << 20):
                    if xml is not None:
                        xml += chunk
                        continue
                    i = (svans + chunk).find(b"<mergeCells")
                    if i >= 0:
                        xml = (svans + chunk)[i:]
                    svans = chunk[-16:]
        ut["ranges"] = [_omrade(ref) for ref in re.findall(rb'<mergeCell\b[^>]*?\bref="([A-Z]+\d+:[A-Z]+\d+)"', xml or b"")]
    except Exception:  # noqa: BLE001 - läsaren ser att "ranges" saknas
        pass


def _omrade(ref: bytes) -> tuple:
    (k1, r1), (k2, r2) = (re.match(rb"([A-Z]+)(\d+)", d).groups() for d in ref.split(b":"))
    return (int(r1) - 1, _kolumn(k1)), (int(r2) - 1, _kolumn(k2))


def _kolumn(bokstaver: bytes) -> int:
    n = 0
    for b in bokstaver:
        n = n * 26 + b - 64
    return n - 1


def _bladdel(z: zipfile.ZipFile, blad: str) -> str:
    """Bladets del i zip-arkivet, ur workbook.xml och dess relationer."""
    bok = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    mal = {}
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        id_, target = re.search(r'\bId="([^"]+)"', m[0]), re.search(r'\bTarget="([^"]+)"', m[0])
        if id_ and target:
            mal[id_[1]] = target[1]
    for m in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", bok):
        namn, rid = re.search(r'\sname="([^"]*)"', m[0]), re.search(r'\s\w+:id="([^"]+)"', m[0])
        if namn and rid and html.unescape(namn[1]) == blad:
            del_ = mal[rid[1]]
            return del_.lstrip("/") if del_.startswith("/") else f"xl/{del_}"
    raise KeyError(blad)
