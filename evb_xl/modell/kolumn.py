"""En kolumn som sina skilda värden och en kod per rad (Kodad): läsningen tolkar varje skilt värde
en gång och slår upp resultatet per rad med numpy, i stället för en Python-loop per cell."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

_TALTYPER = {int, float, bool}  # 1 == 1.0 == True: olika värden som är lika som nycklar
_SKILDA_TYPER = {str, date, datetime, type(None)}  # aldrig lika med ett värde av en annan typ


class Kodad:
    """`varden[koder[i]]` är rad i:s värde. Samma värde (och typ: True, 1 och 1.0 hålls isär) har
    samma kod, så en funktion av värdet räknas en gång per skilt värde."""

    __slots__ = ("koder", "varden")

    def __init__(self, koder: np.ndarray, varden: list):
        self.koder = koder
        self.varden = varden

    @classmethod
    def av_lista(cls, celler: list) -> Kodad:
        """Kolumnen ur en lista celler (python-calamine, xlwings)."""
        typer = set(map(type, celler))
        if typer <= _SKILDA_TYPER or (len(typer & _TALTYPER) == 1 and typer <= _SKILDA_TYPER | _TALTYPER):
            nycklar = celler  # inga värden av olika typ som är lika: värdet är nyckeln
            index = dict.fromkeys(nycklar)
            varden = list(index)
        else:
            nycklar = list(zip(map(type, celler), celler))
            index = dict.fromkeys(nycklar)
            varden = [k[1] for k in index]
        for i, k in enumerate(index):
            index[k] = i
        return cls(np.fromiter(map(index.__getitem__, nycklar), dtype=np.int64, count=len(nycklar)), varden)

    @classmethod
    def tom(cls, n: int, varde: object = "") -> Kodad:
        """n rader med samma värde (t.ex. en kolumn som saknas i underlaget)."""
        return cls(np.zeros(n, dtype=np.int64), [varde])

    def __len__(self) -> int:
        return len(self.koder)

    def lista(self) -> list:
        """Värdet per rad som en lista (samma objekt delas mellan raderna)."""
        return objektfalt(self.varden)[self.koder].tolist()

    def per_varde(self, f) -> Kodad:
        """f(värde) per rad, med f en gång per skilt värde."""
        return Kodad(self.koder, [f(v) for v in self.varden])

    def falt(self, f, dtype) -> np.ndarray:
        """f(värde) per rad som ett numpy-fält, med f en gång per skilt värde."""
        return np.array([f(v) for v in self.varden], dtype=dtype)[self.koder] if self.varden else np.zeros(0, dtype)

    def unika(self, identitet: bool = False) -> Kodad:
        """Samma kolumn där lika värden (värde och typ, eller med `identitet` samma objekt) har en kod."""
        nycklar = [id(v) for v in self.varden] if identitet else [(type(v), v) for v in self.varden]
        index = dict.fromkeys(nycklar)
        if len(index) == len(nycklar):
            return self
        for i, k in enumerate(index):
            index[k] = i
        ny = np.array([index[k] for k in nycklar], dtype=np.int64)
        varden = [None] * len(index)
        for k, v in zip(nycklar, self.varden):
            varden[index[k]] = v
        return Kodad(ny[self.koder], varden)

    def urval(self, index: np.ndarray) -> Kodad:
        """Raderna `index`; bara de värden som raderna använder är kvar."""
        koder = self.koder[index]
        anvands = np.bincount(koder, minlength=len(self.varden)) > 0
        if anvands.all():
            return Kodad(koder, self.varden)
        nya = np.cumsum(anvands) - 1
        return Kodad(nya[koder], [v for v, a in zip(self.varden, anvands.tolist()) if a])

    def rader_med(self, mask_per_varde) -> np.ndarray:
        """Index (i ordning) för raderna vars värde har mask_per_varde sann."""
        mask = np.asarray(mask_per_varde, dtype=bool)
        if not mask.any():
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(mask[self.koder])


def objektfalt(varden: list) -> np.ndarray:
    """Ett endimensionellt numpy-fält med objekten (också tupler, som np.array annars gör till rader)."""
    ut = np.empty(len(varden), dtype=object)
    for i, v in enumerate(varden):
        ut[i] = v
    return ut


class Kolumnrader:
    """En tabell lagrad som kolumner (listor, range eller numpy-fält) som också går att använda som
    en lista av rader: len, rader[i] (en lista med Python-värden: datum som date, NaT som None),
    rader[i:j] (en ny Kolumnrader), iteration. Skrivningen kan ta kolumnerna direkt."""

    def __init__(self, kolumner: list):
        self.kolumner = kolumner

    def __len__(self) -> int:
        return len(self.kolumner[0]) if self.kolumner else 0

    def __getitem__(self, i):
        if isinstance(i, slice):
            return Kolumnrader([k[i] for k in self.kolumner])
        return [_python(k[i]) for k in self.kolumner]

    def __iter__(self):
        kolumner = [k.tolist() if isinstance(k, np.ndarray) else k for k in self.kolumner]
        return map(list, zip(*kolumner))

    def __eq__(self, annan) -> bool:
        return list(self) == list(annan)

    def __repr__(self) -> str:
        return f"Kolumnrader({len(self)} rader × {len(self.kolumner)} kolumner)"


def _python(v):
    return v.item() if isinstance(v, np.generic) else v


def grupper(nyckel: np.ndarray) -> tuple[list, np.ndarray, np.ndarray, np.ndarray]:
    """(skilda värden i den ordning de först förekommer, grupp per rad, första index per grupp, antal
    per grupp) för ett heltalsfält. Ett litet fält med en dict (np.unique kostar tiotals µs per anrop,
    det märks när tusen små underlag läses), ett stort med np.unique."""
    if len(nyckel) <= 2000:
        index: dict = {}
        forsta, grupp = [], []
        for i, k in enumerate(nyckel.tolist()):
            g = index.get(k)
            if g is None:
                g = index[k] = len(forsta)
                forsta.append(i)
            grupp.append(g)
        per_rad = np.array(grupp, dtype=np.int64)
        return list(index), per_rad, np.array(forsta, dtype=np.int64), np.bincount(per_rad, minlength=len(forsta))
    skilda, forsta, per_rad, antal = np.unique(nyckel, return_index=True, return_inverse=True, return_counts=True)
    ordning = np.argsort(forsta, kind="stable")
    rang = np.empty_like(ordning)
    rang[ordning] = np.arange(len(ordning))
    return skilda[ordning].tolist(), rang[per_rad.ravel()], forsta[ordning], antal[ordning]
