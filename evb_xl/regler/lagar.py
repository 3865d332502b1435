"""Lagen i kraft för ett kvartal (SPEC §9): en tabell med lagtexter efter datum, inte strängar i koden.

Kvartalets sista dag avgör: kvartal som slutar före 2025-07-01 citerar socialtjänstlagen
(2001:453), från 2025Q3 socialtjänstlagen (2025:400). LSS är oförändrad. En period över flera
kvartal (trenden) som korsar lagbytet citerar båda lagarna, var och en med sina kvartal.
"""

from __future__ import annotations

import csv
import re
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

    @property
    def sfs(self) -> str:
        """`2025:400`: lagens nummer i SFS, ur lagnamnet."""
        m = re.search(r"\((\d{4}:\d+)\)", self.lagnamn)
        return m[1] if m else ""

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


def lagar_under(lagrum: str, forsta: Kvartal, sista: Kvartal) -> list[tuple[Lag, Kvartal, Kvartal]]:
    """[(lagen, dess första kvartal, dess sista kvartal)] för kvartalen `forsta`–`sista`, äldst först."""
    ut: list[list] = []
    k = sista
    while True:
        lag = lag_i_kraft(lagrum, k)
        if ut and ut[0][0] == lag:
            ut[0][1] = k
        else:
            ut.insert(0, [lag, k, k])
        if k <= forsta:
            break
        k = k.foregaende()
    return [tuple(d) for d in ut]


def lagrumstext_under(lagrum: str, forsta: Kvartal, sista: Kvartal) -> str:
    """Texten efter "Rapportering enligt" för en period: som lagrumstext när en lag gäller hela
    perioden, annars varje lags rapporteringsparagraf med sina kvartal: `16 kap. 6 f § SoL
    (2001:453) t.o.m. 2025Q2, 34 kap. 1 § SoL (2025:400) fr.o.m. 2025Q3`."""
    delar = lagar_under(lagrum, forsta, sista)
    if len(delar) == 1:
        return delar[0][0].text
    texter = []
    for i, (lag, fran, till) in enumerate(delar):
        kort = f"{lag.paragraf('rapportering')} ({lag.sfs})"
        nar = f"t.o.m. {till}" if i == 0 else f"fr.o.m. {fran}" if i == len(delar) - 1 else f"{fran}–{till}"
        texter.append(f"{kort} {nar}")
    return ", ".join(texter)


def med_punkt(text: str) -> str:
    """Texten som slutet på en mening: med en punkt, men inte två när texten redan slutar med en
    (en egen lagrumstext som slutar "16 kap." blir inte "16 kap..")."""
    text = text.rstrip()
    return text if text.endswith(".") else f"{text}."
