"""En liten attrapp av xlwings Book/Sheet/Range som vi äger, för knapparnas tester.

Den gör det evb_xl/ribbon.py använder av xlwings, och beter sig som Excel där det spelar roll:
- en text som skrivs med `Range.value` blir en formel om den börjar med = + - eller @, ett tal
  om den ser ut som ett tal och ett datum om den ser ut som ett ISO-datum, precis som när den
  skrivs genom COM; utom när cellen har talformatet "@" (Text) eller texten börjar med en
  apostrof (som då inte blir en del av värdet);
- tal läses tillbaka som float och datum som datetime (så som xlwings ger dem);
- `used_range` omfattar också celler som bara har format (`brukat_till=`), som i Excel;
- `Range.end` går som Ctrl+pil;
- varje läsning räknas (`Blad.lasta_celler`), så att ett test ser hur mycket som lästes.
Allt som skrivs sparas (värden, formler, talformat, nya blad, rutor, öppnade filer).
"""

from __future__ import annotations

import re
from datetime import date, datetime

RADER, KOLUMNER = 1_048_576, 16_384
_TAL = re.compile(r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Formel(str):
    """En cell som Excel gjort till en formel av en text."""


def _adress(a1: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", a1)
    if not m:
        raise ValueError(f"adress som attrappen inte kan: {a1!r}")
    kol = 0
    for b in m.group(1).upper():
        kol = kol * 26 + ord(b) - 64
    return int(m.group(2)), kol


def _som_excel(v, format_: str | None):
    """Värdet som Excel lagrar när `v` skrivs genom COM i en cell med talformatet `format_`."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, str):
        if v == "":
            return None
        if v.startswith("'"):
            return v[1:]
        if format_ == "@":
            return v
        if v[0] in "=@" or (v[0] in "+-" and len(v) > 1 and not _TAL.match(v)):
            return Formel(v)
        if _TAL.match(v):
            return float(v.strip().replace(",", "."))
        if _ISO.match(v):
            return datetime.fromisoformat(v)
        return v
    raise TypeError(f"värde som attrappen inte kan skriva: {type(v).__name__}")


class Omrade:
    """Ett rektangulärt område (xlwings Range) på ett blad."""

    def __init__(self, blad: "Blad", fran: tuple[int, int], till: tuple[int, int] | None = None, ndim=None):
        self.blad, self.fran, self.till, self._ndim = blad, fran, till or fran, ndim

    @property
    def sheet(self) -> "Blad":
        return self.blad

    @property
    def row(self) -> int:
        return self.fran[0]

    @property
    def column(self) -> int:
        return self.fran[1]

    @property
    def shape(self) -> tuple[int, int]:
        return self.till[0] - self.fran[0] + 1, self.till[1] - self.fran[1] + 1

    @property
    def last_cell(self) -> "Omrade":
        return Omrade(self.blad, self.till)

    def options(self, ndim=None, **_):
        return Omrade(self.blad, self.fran, self.till, ndim)

    def _celler(self):
        for r in range(self.fran[0], self.till[0] + 1):
            yield [(r, k) for k in range(self.fran[1], self.till[1] + 1)]

    @property
    def value(self):
        rader, kolumner = self.shape
        self.blad.lasta_celler += rader * kolumner
        varden = [[self.blad.celler.get(c) for c in rad] for rad in self._celler()]
        if self._ndim == 2:
            return varden
        if rader == kolumner == 1:
            return varden[0][0]
        return varden[0] if rader == 1 else [r[0] for r in varden] if kolumner == 1 else varden

    @value.setter
    def value(self, v):
        if not isinstance(v, (list, tuple)):
            v = [[v]]
        elif not v or not isinstance(v[0], (list, tuple)):
            v = [list(v)]
        for i, rad in enumerate(v):
            for j, x in enumerate(rad):
                cell = (self.fran[0] + i, self.fran[1] + j)
                lagrat = _som_excel(x, self.blad.format.get(cell))
                if lagrat is None:
                    self.blad.celler.pop(cell, None)
                else:
                    self.blad.celler[cell] = lagrat
        self.blad.skrivningar += 1

    @property
    def number_format(self):
        formaten = {self.blad.format.get(c, "General") for rad in self._celler() for c in rad}
        return formaten.pop() if len(formaten) == 1 else None

    @number_format.setter
    def number_format(self, f: str):
        for rad in self._celler():
            for c in rad:
                self.blad.format[c] = f

    def end(self, riktning: str) -> "Omrade":
        """Som Ctrl+pil i Excel: till kanten av ett block med innehåll, eller till nästa cell med innehåll."""
        dr, dk = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}[riktning]
        finns = self.blad.celler.__contains__
        r, k = self.fran
        if finns((r, k)) and finns((r + dr, k + dk)):  # till blockets kant
            while finns((r + dr, k + dk)):
                r, k = r + dr, k + dk
            return Omrade(self.blad, (r, k))
        # annars till nästa cell med innehåll på linjen, eller till bladets kant
        if dk == 0:
            pa_linjen = [rr for rr, kk in self.blad.celler if kk == k and (rr - r) * dr > 0]
            mal = (min(pa_linjen, key=lambda rr: abs(rr - r)) if pa_linjen else (1 if dr < 0 else RADER), k)
        else:
            pa_linjen = [kk for rr, kk in self.blad.celler if rr == r and (kk - k) * dk > 0]
            mal = (r, min(pa_linjen, key=lambda kk: abs(kk - k)) if pa_linjen else (1 if dk < 0 else KOLUMNER))
        return Omrade(self.blad, mal)


class Blad:
    """Ett blad (xlwings Sheet)."""

    def __init__(self, namn: str, rader=(), brukat_till: tuple[int, int] | None = None):
        self.name = namn
        self.book = None  # Bok sätter sig själv här
        self.celler: dict[tuple[int, int], object] = {}
        self.format: dict[tuple[int, int], str] = {}
        self.brukat_till = brukat_till
        self.lasta_celler = 0
        self.skrivningar = 0
        for i, rad in enumerate(rader, start=1):
            for j, v in enumerate(rad, start=1):
                lagrat = _som_excel(v, "@") if isinstance(v, str) else _som_excel(v, None)
                if lagrat is not None:
                    self.celler[(i, j)] = lagrat

    @property
    def formler(self) -> dict[tuple[int, int], str]:
        return {c: v for c, v in self.celler.items() if isinstance(v, Formel)}

    @property
    def used_range(self) -> Omrade:
        celler = list(self.celler) + list(self.format) + ([self.brukat_till] if self.brukat_till else [])
        if not celler:
            return Omrade(self, (1, 1))
        return Omrade(self, (min(r for r, _ in celler), min(k for _, k in celler)),
                      (max(r for r, _ in celler), max(k for _, k in celler)))

    def range(self, fran, till=None) -> Omrade:
        fran = _adress(fran) if isinstance(fran, str) else tuple(fran)
        till = _adress(till) if isinstance(till, str) else (tuple(till) if till else None)
        return Omrade(self, fran, till)

    def __getitem__(self, a1: str) -> Omrade:
        return self.range(*a1.split(":"))

    def clear_contents(self) -> None:
        self.celler.clear()

    def varden(self) -> list[list]:
        """Bladets värden från A1 till sista cellen med innehåll (för testernas kontroller)."""
        if not self.celler:
            return []
        rader, kolumner = max(r for r, _ in self.celler), max(k for _, k in self.celler)
        return [[self.celler.get((r, k)) for k in range(1, kolumner + 1)] for r in range(1, rader + 1)]


class Bladen:
    """book.sheets: index, namn, iteration och add."""

    def __init__(self, blad: list[Blad]):
        self._blad = blad
        self.tillagda: list[str] = []

    def __iter__(self):
        return iter(list(self._blad))

    def __len__(self):
        return len(self._blad)

    def __getitem__(self, nyckel):
        if isinstance(nyckel, int):
            return self._blad[nyckel]
        return next(b for b in self._blad if b.name == nyckel)

    def add(self, name=None, before=None, after=None) -> Blad:
        if any(b.name == name for b in self._blad):
            raise ValueError(f"bladet {name!r} finns redan")
        blad = Blad(name or f"Blad{len(self._blad) + 1}")
        blad.book = self._blad[0].book if self._blad else None
        plats = self._blad.index(after) + 1 if after is not None else (
            self._blad.index(before) if before is not None else 0)
        self._blad.insert(plats, blad)
        self.tillagda.append(blad.name)
        return blad


class Bocker:
    """app.books: de böcker som öppnats (Excel kan inte ha två böcker med samma namn öppna)."""

    def __init__(self):
        self.oppnade: list[str] = []

    def open(self, sokvag):
        if str(sokvag).lower().endswith((".docx", ".doc")):
            raise RuntimeError("Excel kan inte öppna ett Word-dokument")  # som Excel: filformatet stämmer inte
        self.oppnade.append(str(sokvag))

    def __iter__(self):
        return iter([OppenBok(s) for s in self.oppnade])


class OppenBok:
    def __init__(self, sokvag: str):
        self.fullname, self.name = sokvag, re.split(r"[\\/]", sokvag)[-1]


class App:
    def __init__(self):
        self.rutor: list[tuple[str, str]] = []
        self.books = Bocker()

    def alert(self, prompt, title=None, **_):
        self.rutor.append((prompt, title))


class Bok:
    """En öppen arbetsbok (xlwings Book). `fullname` kan vara en sökväg, en https-adress eller ett
    undantag (som xlwings när en SharePoint-/OneDrive-fil saknar lokal synkmapp)."""

    def __init__(self, blad: dict[str, list[list]] | list[Blad], name="enhet.xlsx", fullname=None):
        if isinstance(blad, dict):
            blad = [Blad(n, rader) for n, rader in blad.items()]
        self.sheets = Bladen(list(blad))
        for b in self.sheets:
            b.book = self
        self.name = name
        self._fullname = fullname if fullname is not None else name
        self.app = App()

    @property
    def fullname(self) -> str:
        if isinstance(self._fullname, BaseException):
            raise self._fullname
        return str(self._fullname)

    @property
    def rutor(self) -> list[str]:
        return [text for text, _ in self.app.rutor]
