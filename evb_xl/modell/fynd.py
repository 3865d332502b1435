"""Det läsningen och kontrollen hittar: fel (inga bilagor), varningar och upplysningar.

Ett fynd pekar på fil, blad, cell och värde, aldrig på en person: texterna får inte
innehålla personnummer, namn eller kommentarer.
"""

from __future__ import annotations

from dataclasses import dataclass

FEL, VARNING, INFO = "fel", "varning", "info"


@dataclass(frozen=True)
class Fynd:
    niva: str
    text: str
    cell: str = ""
    rad: int | None = None  # raden i underlaget (Excel-numrering)
    lopnr: str = ""
    blad: str = ""  # när fyndet gäller ett annat blad än underlagets (t.ex. Inställningar)

    def som_text(self, fil: str = "", blad: str = "") -> str:
        blad = self.blad or blad
        plats = [p for p in (fil, f"blad '{blad}'" if blad else "", f"cell {self.cell}" if self.cell else
                 (f"rad {self.rad}" if self.rad else "")) if p]
        return (", ".join(plats) + ": " if plats else "") + self.text
