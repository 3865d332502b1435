"""Ett läst underlag: var det kom ifrån (fil, blad, rubrikrad, kolumner), besluten, fynden och
de sammanlagda inställningarna. Läsningen (lasning/) fyller i det; rapporterna läser det."""

from __future__ import annotations

from dataclasses import dataclass, field

from evb_xl.modell.beslut import Beslutstabell
from evb_xl.modell.fynd import FEL, Fynd
from evb_xl.modell.installningar import Installningar


@dataclass
class Underlag:
    fil: str
    blad: str
    rubrikrad: int
    kolumner: dict  # fält -> (kolumnbokstav, rubrik)
    tabell: Beslutstabell
    fynd: list
    installningar: Installningar  # standard, mallen, bladet Inställningar och flaggorna, i den ordningen
    ignorerade: list = field(default_factory=list)  # (kolumnbokstav, rubrik)

    @property
    def fel(self) -> list[Fynd]:
        return [f for f in self.fynd if f.niva == FEL]

    def meddelande(self, f: Fynd) -> str:
        return f.som_text(self.fil, self.blad if f.cell or f.rad else "")
