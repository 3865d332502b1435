"""En tabell som ett blad: rubrik, kolumnrubriker, rader och ev. ett diagram.

De extra rapporterna (trend, väntetid, sammanställning ...) bygger Tabell-värden som rena
data; skriv.skriv_tabeller lägger dem i en arbetsbok.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagram:
    """Ett inbyggt Excel-diagram över tabellens talkolumner.

    typ: "linje" eller "stapel"; serier: kolumnindex (0-baserat) för serierna, kategorier ur
    första kolumnen; per_rad: seriernas värden står i rader i stället för kolumner."""

    typ: str
    titel: str
    serier: tuple[int, ...]
    y_titel: str = "Antal beslut"
    per_rad: bool = False
    staplade: bool = False
    rader: tuple[int, ...] = ()  # med per_rad: vilka rader som är serier


@dataclass(frozen=True)
class Tabell:
    blad: str
    titel: str
    rubriker: list
    rader: list
    undertitel: str = ""
    diagram: Diagram | None = None
    notering: str = ""
    bredder: tuple = field(default=())
