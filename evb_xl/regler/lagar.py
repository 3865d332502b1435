"""Lagen i kraft för ett kvartal (SPEC §9): en tabell med lagtexter efter datum, inte strängar i koden.

Kvartalets sista dag avgör: kvartal som slutar före 2025-07-01 citerar socialtjänstlagen
(2001:453), från 2025Q3 socialtjänstlagen (2025:400). LSS är oförändrad.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from evb_xl.regler.kvartal import Kvartal


@dataclass(frozen=True)
class Lag:
    """Paragraferna för ett lagrum under en tid (en rad i data/lagar.csv)."""

    lagrum: str
    fran: date | None
    till: date | None
    lagnamn: str  # "socialtjänstlagen (2025:400)"
    forkortning: str  # "SoL"
    beslut: str  # besluten som omfattas: "11 kap. 1 § och 12 kap. 1 §"
    rapportering: str  # rapporten till IVO och revisorerna: "34 kap. 1 §"
    anmalan: str  # anmälan när ett rapporterat beslut verkställts: "34 kap. 2 §"
    statistik: str  # statistikrapporten till kommunfullmäktige: "34 kap. 3 §"
    avgift: str  # särskild avgift
    lagrum_rapportering: str  # rapporteringsplikten i sin helhet: "34 kap. 1–3 §§"

    def galler(self, dag: date) -> bool:
        return (self.fran is None or self.fran <= dag) and (self.till is None or dag <= self.till)

    @property
    def text(self) -> str:
        """Det ett blad skriver efter "Rapportering enligt": paragraferna, lagen och besluten."""
        return f"{self.lagrum_rapportering} {self.lagnamn} av gynnande beslut enligt {self.beslut}"

    def paragraf(self, vad: str) -> str:
        """`34 kap. 2 § SoL`: en paragraf (rapportering, anmalan, statistik, avgift) med lagens förkortning."""
        return f"{getattr(self, vad)} {self.forkortning}"


def _dag(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


@lru_cache(maxsize=1)
def tabell() -> tuple[Lag, ...]:
    with resources.files("evb_xl.regler").joinpath("data/lagar.csv").open(encoding="utf-8") as f:
        rader = list(csv.DictReader(f, delimiter=";"))
    return tuple(Lag(**{**r, "fran": _dag(r["fran"]), "till": _dag(r["till"])}) for r in rader)


def lag_i_kraft(lagrum: str, kvartal: Kvartal | date) -> Lag:
    """Lagen för lagrummet (LSS/SoL) som gäller kvartalets sista dag (eller en given dag)."""
    dag = kvartal.slut if isinstance(kvartal, Kvartal) else kvartal
    for lag in tabell():
        if lag.lagrum == lagrum and lag.galler(dag):
            return lag
    raise KeyError(f"ingen lag för {lagrum} den {dag}")


def lagrumstext(lagrum: str, kvartal: Kvartal | date) -> str:
    """Texten efter "Rapportering enligt" för lagrummet och kvartalet."""
    return lag_i_kraft(lagrum, kvartal).text


def med_punkt(text: str) -> str:
    """Texten som slutet på en mening: med en punkt, men inte två när texten redan slutar med en
    (en egen lagrumstext som slutar "16 kap." blir inte "16 kap..")."""
    text = text.rstrip()
    return text if text.endswith(".") else f"{text}."
