"""Namnen på verktygets egna utfiler, på ett ställe: skrivningen, mappkörningarnas filter
(SPEC §8 p. 14) och trenden ur tidigare bilagor använder samma regler."""

from __future__ import annotations

import re
from pathlib import Path

SAMLADE = ("trend", "ks_sammanstallning")  # en fil för många underlag
_KVARTAL = r"(\d{4}Q[1-4])"


def per_underlag(ut: Path, underlag: Path, kvartal, del_: str = "bilagor", filandelse: str = ".xlsx") -> Path:
    """`<underlagets namn>_<del>_<kvartal><filandelse>` i mappen `ut`."""
    return Path(ut) / f"{Path(underlag).stem}_{del_}_{kvartal}{filandelse}"


def samlad(ut: Path, slag: str, kvartal) -> Path:
    """`<slag>_<kvartal>.xlsx` i mappen `ut`, för det som samlar flera underlag."""
    assert slag in SAMLADE, slag
    return Path(ut) / f"{slag}_{kvartal}.xlsx"


def ar_egen(sokvag: Path, delar) -> bool:
    """Är filen en av verktygets egna utfiler? `delar`: rapporternas filnamnsdelar (registret)."""
    monster = rf"(_({'|'.join(map(re.escape, delar))})_{_KVARTAL}|^({'|'.join(SAMLADE)})_{_KVARTAL})$"
    return bool(re.search(monster, Path(sokvag).stem))


def kvartal_i_bilagor(sokvag: Path) -> str | None:
    """Kvartalet i `<namn>_bilagor_<kvartal>.xlsx`, annars None."""
    m = re.search(rf"_bilagor_{_KVARTAL}$", Path(sokvag).stem)
    return m[1] if m else None


# Utfilerna bär sitt slag i en egen dokumentegenskap (docProps/custom.xml), så att verktyget känner
# igen dem utan att läsa namn eller etiketter: `pdf` skriver bara ut dem, och trenden läser
# bilagornas summor ur MARKE_SUMMOR i stället för ur raden som heter Summa.
MARKE = "evb-xl"  # värdet: utfilens slag (bilagor, vantetid, ks_sammanstallning ...)
MARKE_SUMMOR = "evb-xl summor"  # bilagorna: {"kvartal": "2024Q1", "summor": {"LSS": {"män": 10, ...}}} som JSON
BILAGOR = "bilagor"
