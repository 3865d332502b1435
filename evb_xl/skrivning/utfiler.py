"""Namnen på verktygets egna utfiler, på ett ställe: skrivningen, mappkörningarnas filter
(SPEC §8 p. 14) och trenden ur tidigare bilagor använder samma regler."""

from __future__ import annotations

import re
from pathlib import Path

PER_UNDERLAG = ("bilagor", "trend", "aterrapportering", "vantetid", "enheter", "ivo_SEKRETESS")
SAMLADE = ("trend", "ks_sammanstallning")  # en fil för många underlag

_KVARTAL = r"(\d{4}Q[1-4])"
_EGEN = re.compile(rf"(_({'|'.join(PER_UNDERLAG)})_{_KVARTAL}|^({'|'.join(SAMLADE)})_{_KVARTAL})$")


def per_underlag(ut: Path, underlag: Path, kvartal, slag: str = "bilagor") -> Path:
    """`<underlagets namn>_<slag>_<kvartal>.xlsx` i mappen `ut`."""
    assert slag in PER_UNDERLAG, slag
    return Path(ut) / f"{Path(underlag).stem}_{slag}_{kvartal}.xlsx"


def samlad(ut: Path, slag: str, kvartal) -> Path:
    """`<slag>_<kvartal>.xlsx` i mappen `ut`, för det som samlar flera underlag."""
    assert slag in SAMLADE, slag
    return Path(ut) / f"{slag}_{kvartal}.xlsx"


def ar_egen(sokvag: Path) -> bool:
    return bool(_EGEN.search(Path(sokvag).stem))


def kvartal_i_bilagor(sokvag: Path) -> str | None:
    """Kvartalet i `<namn>_bilagor_<kvartal>.xlsx`, annars None."""
    m = re.search(rf"_bilagor_{_KVARTAL}$", Path(sokvag).stem)
    return m[1] if m else None
