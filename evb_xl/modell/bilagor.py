"""Bilagorna som data (SPEC §5): Bilaga 1 med typade kolumnnycklar, Bilaga 2 med typade kolumner,
och hela bilagedokumentet (Rapport). Rubriktexterna hör till skrivningen (skrivning/bilagetext.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from evb_xl.modell.installningar import Installningar
from evb_xl.regler.kategorier import Konsgrupp
from evb_xl.regler.kvartal import Kvartal


class Matt(Enum):
    """Vad en kolumn i Bilaga 1 räknar."""

    ANTAL = "antal"  # ej verkställda beslut (rapporterade eller kvarstående), per kön
    PAGAENDE = "pagaende"  # totalt antal pågående beslut (ur Inställningar), per kön
    ANDEL = "andel"  # antal / pågående, per kön
    ORSAK = "orsak"  # per orsak (för SoL också Avbrott i verkställighet)
    AVBROTT = "avbrott"  # LSS: "varav avbrott i verkställighet"


@dataclass(frozen=True)
class Kolumn:
    """En kolumn i Bilaga 1: vad den räknar och för vilket kön eller vilken orsak."""

    matt: Matt
    del_: Konsgrupp | str | None = None


@dataclass(frozen=True)
class Rad:
    insats: str
    varden: tuple
    summa: bool = False


@dataclass
class Bilaga1:
    lagrum: str
    kvartal: Kvartal
    antal: str  # RAPPORTERADE eller KVARSTAENDE
    matdatum: date
    kolumner: list  # [Kolumn] efter insatskolumnen
    rader: list  # [Rad], sist Summa
    pagaende_datum: date | None = None
    pagaende_givna: bool = False  # False: kolumnerna för pågående och andel har inga uppgifter
    flera_orsaker: bool = False  # True: ett beslut kan räknas under mer än en orsak
    pagaende_for_alla: bool = True  # False: Summa för pågående och andel gäller bara raderna som har pågående

    @property
    def tom(self) -> bool:
        """Inga insatsrader, bara Summa (SoL visar bara de insatser som har beslut)."""
        return all(r.summa for r in self.rader)

    def rad(self, insats: str) -> dict:
        """{Kolumn: värde} för raden `insats` (eller Summa)."""
        for r in self.rader:
            if r.insats == insats:
                return dict(zip(self.kolumner, r.varden))
        raise KeyError(insats)

    @property
    def summa(self) -> dict:
        return dict(zip(self.kolumner, self.rader[-1].varden))


class B2(Enum):
    """Bilaga 2:s kolumner, i ordning (SPEC §5)."""

    LOPNR = "lopnr"
    KON = "kon"
    BESLUT = "beslutsdatum"
    AVBROTT = "avbrott"
    LAGRUM = "lagrum"
    INSATS = "insats"
    VERKSTALLT = "verkstallt"
    AVSLUTAT = "avslutat"


BILAGA2_DATUM = (B2.BESLUT, B2.AVBROTT, B2.VERKSTALLT, B2.AVSLUTAT)


@dataclass
class Rapport:
    """Bilagedokumentet: Bilaga 1 och 2 per lagrum och Kontroll."""

    kvartal: Kvartal
    matdatum: date
    antal: str
    installningar: Installningar
    bilaga1: dict = field(default_factory=dict)  # lagrum -> Bilaga1
    bilaga2: dict = field(default_factory=dict)  # lagrum -> rader i B2-ordning
    kontroll: list = field(default_factory=list)  # [(rubrik, [rader])]
    sammanfattning: dict = field(default_factory=dict)
    per_lagrum: dict = field(default_factory=dict)  # lagrum -> sammanfattning för bara det lagrummet
    siffror: dict = field(default_factory=dict)  # lagrum -> rapporter.siffror.Lagrumssiffror för Kontroll

    @property
    def lagrum(self) -> list[str]:
        return list(self.bilaga1)
