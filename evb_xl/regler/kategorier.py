"""Insats, kön, orsak och lagrum som staben skriver dem, till det bilagorna räknar.

Insatskategorierna är data: en standardtabell i paketet (`data/insatser.csv`) som
användaren kan bygga ut på bladet Inställningar, aldrig kod.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

LSS, SOL = "LSS", "SoL"
LAGRUM = (LSS, SOL)

MAN, KVINNA, POJKE, FLICKA = "Man", "Kvinna", "Pojke", "Flicka"
OKANT = "Okänt"

RESURSBRIST_BOSTAD = "Resursbrist ledig bostad"
RESURSBRIST_PERSONAL = "Resursbrist personal"
TACKAT_NEJ = "Den enskilde tackat nej"
ANNAT_SKAL = "Annat skäl"
ORSAKER = (RESURSBRIST_BOSTAD, RESURSBRIST_PERSONAL, TACKAT_NEJ, ANNAT_SKAL)
ORSAK_SAKNAS = "Orsak saknas"
AVBROTT_I_VERKSTALLIGHET = "Avbrott i verkställighet"

OKAND_INSATS = "Okänd insats"


def normalisera(text: object) -> str:
    """Gemener, ett mellanslag mellan orden, utan skiljetecken i kanterna."""
    s = str(text or "").replace("\u00ad", "").replace("\u00a0", " ").lower()
    return _BLANKTECKEN.sub(" ", s).strip(" .,;:-")


def nyckel(text: object) -> str:
    """Rubriken utan skiljetecken, mellanrum och mjuka bindestreck, i gemener."""
    return _ICKE_NYCKEL.sub("", str(text or "").lower())


_BLANKTECKEN = re.compile(r"\s+")
_ICKE_NYCKEL = re.compile(r"[^a-zåäöéü0-9]")


# --- kön ---------------------------------------------------------------------------

_KON = {
    "man": MAN, "m": MAN, "män": MAN, "manlig": MAN, "herr": MAN,
    "kvinna": KVINNA, "k": KVINNA, "kv": KVINNA, "kvinnor": KVINNA, "kvinnlig": KVINNA,
    "pojke": POJKE, "p": POJKE, "pojkar": POJKE,
    "flicka": FLICKA, "f": FLICKA, "flickor": FLICKA,
}


def kon(text: object) -> str | None:
    """Man/Kvinna/Pojke/Flicka, eller None när kön inte går att avgöra (okänt)."""
    return _kon(str(text or ""))


@lru_cache(maxsize=4096)
def _kon(text: str) -> str | None:
    return _KON.get(normalisera(text))


class Konsgrupp(Enum):
    """Hur Bilaga 1 och alla rapporter delar upp kön: pojkar räknas som män och flickor som
    kvinnor (SPEC §2); allt annat är okänt kön och räknas ändå."""

    MAN = "män"
    KVINNA = "kvinnor"
    OKANT = "okänt kön"


def konsgrupp(kon_: str | None) -> Konsgrupp:
    """Den enda indelningen i män/kvinnor/okänt kön som bilagorna och rapporterna använder."""
    if kon_ in (MAN, POJKE):
        return Konsgrupp.MAN
    if kon_ in (KVINNA, FLICKA):
        return Konsgrupp.KVINNA
    return Konsgrupp.OKANT


def ar_man(kon_: str | None) -> bool | None:
    """Som konsgrupp, som sant/falskt/None (för pseudo-id:s siffra)."""
    return {Konsgrupp.MAN: True, Konsgrupp.KVINNA: False}.get(konsgrupp(kon_))


def som_barn(kon_: str | None, barn: bool) -> str | None:
    """Man/Kvinna eller Pojke/Flicka efter ålder."""
    man = ar_man(kon_)
    if man is None:
        return None
    return (POJKE if man else FLICKA) if barn else (MAN if man else KVINNA)


# --- orsak -------------------------------------------------------------------------

_ORSAK_MONSTER = [
    (TACKAT_NEJ, re.compile(r"tack(?:at|ar|a)\s*nej|avb[öo]j|enskilde? (?:har )?tackat")),
    (RESURSBRIST_PERSONAL, re.compile(r"personal")),
    (RESURSBRIST_BOSTAD, re.compile(r"ledig\w* bostad|bostadsbrist|brist på bostad|resursbrist,? bostad")),
    (ANNAT_SKAL, re.compile(r"annat|övrig")),
]


def orsaker(text: object) -> list[str]:
    """Alla kända orsaker i cellen, i den ordning de står."""
    return list(_orsaker(str(text or "")))


@lru_cache(maxsize=8192)
def _orsaker(text: str) -> tuple[str, ...]:
    s = normalisera(text)
    traffar = []
    for orsak, monster in _ORSAK_MONSTER:
        m = monster.search(s)
        if m:
            traffar.append((m.start(), orsak))
    return tuple(o for _, o in sorted(traffar))


def raknas_under(lagrum: str | None, orsak, avbrott: bool) -> tuple[str, ...]:
    """Orsakskolumnerna i Bilaga 1 som ett beslut räknas under (SPEC §8 p. 1 och 4).

    `orsak`: en orsak, None, eller flera (en tupel: med inställningen Orsaker = alla räknas var och
    en). LSS: orsaken (eller Orsak saknas) och dessutom Avbrott i verkställighet vid avbrott. SoL: ett
    avbrott räknas under Avbrott i verkställighet *i stället för* en orsak.
    """
    if lagrum == SOL and avbrott:
        return (AVBROTT_I_VERKSTALLIGHET,)
    orsaker_ = (orsak,) if isinstance(orsak, str) or orsak is None else tuple(orsak)
    ut = tuple(o for o in orsaker_ if o) or (ORSAK_SAKNAS,)
    return ut + (AVBROTT_I_VERKSTALLIGHET,) if avbrott else ut


# --- lagrum ------------------------------------------------------------------------

_LSS_PARAGRAF = re.compile(r"9\s*§\s*(\d{1,2})(?!\d)")
_LSS_I_TEXT = re.compile(r"9\s*§|\blss\b")
_SOL_I_TEXT = re.compile(r"\b(?:4|11|12)\s*kap|\bsol\b")


def lagrum(text: object) -> str | None:
    """LSS eller SoL ur en lagrumscell (`LSS`, `sol `, `9 § LSS`...), annars None."""
    return _lagrum(str(text or ""))


@lru_cache(maxsize=4096)
def _lagrum(text: str) -> str | None:
    s = normalisera(text)
    if re.search(r"\blss\b", s):
        return LSS
    if re.search(r"\bsol\b|socialtjänstlag", s):
        return SOL
    return None


def lagrum_ur_insats(text: object) -> str | None:
    """`9 § 10` ger LSS och `4 kap 1 §`, `11 kap 1 §` eller `12 kap 1 §` ger SoL; annars None."""
    return _lagrum_ur_insats(str(text or ""))


@lru_cache(maxsize=8192)
def _lagrum_ur_insats(text: str) -> str | None:
    s = normalisera(text)
    if _LSS_I_TEXT.search(s):
        return LSS
    if _SOL_I_TEXT.search(s):
        return SOL
    return None


# --- insats ------------------------------------------------------------------------


@dataclass(frozen=True)
class Kategori:
    lagrum: str
    ordning: int
    namn: str
    paragraf: int | None = None
    alias: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Insatstabell:
    """Kategorierna per lagrum i sin ordning, med de stavningar staben använder."""

    kategorier: tuple[Kategori, ...]

    def for_lagrum(self, lagrum_: str) -> list[Kategori]:
        return sorted((k for k in self.kategorier if k.lagrum == lagrum_), key=lambda k: k.ordning)

    def med(self, egna: list[Kategori]) -> Insatstabell:
        """Tabellen utbyggd med användarens rader; samma lagrum och namn ersätter."""
        nycklar = {(k.lagrum, k.namn.lower()) for k in egna}
        kvar = [k for k in self.kategorier if (k.lagrum, k.namn.lower()) not in nycklar]
        return Insatstabell(tuple(kvar) + tuple(egna))

    def enda_lagrum(self, text: object) -> str | None:
        """Lagrummet när insatstexten bara passar kategorier under ett av dem, annars None."""
        if not normalisera(text):
            return None
        passar = [lag for lag in LAGRUM if self.kategori(text, lag) is not None]
        return passar[0] if len(passar) == 1 else None

    def kategori(self, text: object, lagrum_: str, barn: bool = False) -> Kategori | None:
        """Kategorin för en insatstext. LSS: `9 § n` avgör; annars det längsta alias som
        står i texten (tidigast i tabellen vid lika). LSS bostad med särskild service utan
        paragraf blir (barn) för barn och annars (vuxna)."""
        s = normalisera(text)
        kandidater = self.for_lagrum(lagrum_)
        if lagrum_ == LSS:
            m = _LSS_PARAGRAF.search(s)
            if m:
                for k in kandidater:
                    if k.paragraf == int(m[1]):
                        return k
        basta, langd = None, 0
        for k in kandidater:
            for alias in (k.namn.lower(), *k.alias):
                if len(alias) > langd and _alias(alias).search(s):
                    basta, langd = k, len(alias)
        if basta is not None and lagrum_ == LSS and barn and basta.paragraf == 9:
            return next((k for k in kandidater if k.paragraf == 8), basta)
        return basta


@lru_cache(maxsize=4096)
def _alias(alias: str) -> re.Pattern:
    """Aliaset som ett ord (inget ordtecken före), kompilerat en gång."""
    return re.compile(r"(?<!\w)" + re.escape(alias))


def avgor_lagrum(cell: object, insatstext: object, tabell: Insatstabell, standard: str | None = None) -> str | None:
    """Lagrummet för en rad (SPEC §8 p. 7 och 17): Lagrum-cellen; annars en §-hänvisning i
    insatstexten (`9 § 10` LSS, `4 kap`/`11 kap`/`12 kap` SoL); annars en kategori som bara finns
    under ett lagrum i tabellen ("Hemtjänst" SoL, "Daglig verksamhet" LSS); annars `standard`
    (inställningen Lagrum). None när inget avgör: då måste cellen eller inställningen fyllas i."""
    return lagrum(cell) or lagrum_ur_insats(insatstext) or tabell.enda_lagrum(insatstext) or standard


def kategorinamn(k: Kategori | None) -> str:
    """Kategorins namn, eller Okänd insats."""
    return k.namn if k is not None else OKAND_INSATS


def las_tabell(rader: list[dict[str, str]]) -> list[Kategori]:
    """Kategorier ur tabellrader med lagrum, ordning, kategori, paragraf och alias (`;`-skilda)."""
    ut = []
    for r in rader:
        alias = tuple(normalisera(a) for a in re.split(r"[;,]", r.get("alias") or "") if normalisera(a))
        paragraf = str(r.get("paragraf") or "").strip()
        ut.append(
            Kategori(
                lagrum=lagrum(r["lagrum"]) or str(r["lagrum"]).strip(),
                ordning=int(float(r.get("ordning") or 999)),
                namn=str(r["kategori"]).strip(),
                paragraf=int(float(paragraf)) if paragraf else None,
                alias=alias,
            )
        )
    return ut


@lru_cache(maxsize=1)
def standardtabell() -> Insatstabell:
    with open(Path(__file__).with_name("data") / "insatser.csv", encoding="utf-8") as f:
        rader = [
            {"lagrum": d[0], "ordning": d[1], "kategori": d[2], "paragraf": d[3], "alias": ";".join(d[4:])}
            for d in list(csv.reader(f, delimiter=";"))[1:]
            if d
        ]
    return Insatstabell(tuple(las_tabell(rader)))
