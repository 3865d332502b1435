"""Namnen på verktygets egna utfiler, på ett ställe: skrivningen, mappkörningarnas filter
(SPEC §8 p. 14) och trenden ur tidigare bilagor använder samma regler."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
MARKE_SUMMOR = "evb-xl summor"  # bilagorna: Bilagemarke som JSON, se nedan
BILAGOR = "bilagor"
SKRIVELSE = "skrivelse"  # skrivelsens .docx bär samma märke, så att pdf känner igen den
MARKE_VERSION = 2  # 1 (utan "version"): bara kvartal och summor


@dataclass(frozen=True)
class Bilagemarke:
    """Det bilagornas märke (MARKE_SUMMOR) säger om dem, så att den som läser dem senare (trenden,
    skrivelsens jämförelse) vet vad Summa räknade:

        {"version": 2, "kvartal": "2024Q1", "antal": "rapporterade", "namnd": "Socialnämnden",
         "diarienummer": "SN 2024/12", "matdatum": "2024-03-31",
         "lagrum": {"LSS": "28 f–h §§ lagen (1993:387) ..."}, "summor": {"LSS": {"män": 10, ...}}}

    Bilagor från en äldre evb-xl saknar allt utom kvartal och summor: då är `antal`, `namnd` och
    `diarienummer` None (okänt), inte tomma."""

    fil: str
    kvartal: str
    summor: dict  # {lagrum: {kön: antal}} ur Bilaga 1:s Summa
    antal: str | None = None  # "rapporterade" eller "kvarstående"; None: okänt
    namnd: str | None = None  # "" när bilagorna inte hade någon nämnd; None: okänt
    diarienummer: str | None = None
    matdatum: str | None = None
    lagrum: dict = field(default_factory=dict)  # {lagrum: lagrumstexten som bilagan citerade}
    version: int = 1
