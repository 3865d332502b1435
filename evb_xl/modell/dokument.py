"""En tabell som ett blad: rubrik, kolumnrubriker, rader och ev. ett diagram.

De extra rapporterna (trend, väntetid, sammanställning ...) bygger Tabell-värden som rena
data; skrivning/tabeller.py lägger dem i en arbetsbok. Indata är det varje rapport får.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from evb_xl.modell.beslut import Bedomning, Beslutstabell
from evb_xl.modell.installningar import Installningar
from evb_xl.modell.underlag import Underlag
from evb_xl.regler.kvartal import Kvartal


def bladnamn(namn: str, upptagna: set, tomt: str) -> str:
    """Ett bladnamn som Excel och LibreOffice öppnar, skilt från dem i `upptagna` (gemener; läggs
    till): högst 31 tecken, utan [ ] : * ? / \\ och apostrof först eller sist; `tomt` när inget blir kvar."""
    # Excel förbjuder [ ] : * ? / \ och apostrof först eller sist; styrtecken är ogiltig XML
    namn = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "-", namn or tomt)[:28].strip().strip("'").strip() or tomt
    kandidat, n = namn, 2
    while kandidat.lower() in upptagna:
        kandidat, n = f"{namn[:25]} ({n})", n + 1
    upptagna.add(kandidat.lower())
    return kandidat


@dataclass(frozen=True)
class Diagram:
    """Ett inbyggt Excel-diagram över tabellens talkolumner.

    typ: "linje" eller "stapel"; serier: kolumnindex (0-baserat) för serierna, kategorier ur
    första kolumnen; per_rad: seriernas värden står i rader i stället för kolumner; liggande:
    staplarna ligger (kategorierna läses vågrätt uppifrån och ned, hur långa de än är)."""

    typ: str
    titel: str
    serier: tuple[int, ...]
    y_titel: str = "Antal beslut"
    per_rad: bool = False
    staplade: bool = False
    rader: tuple[int, ...] = ()  # med per_rad: vilka rader som är serier
    liggande: bool = False


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
    # nämnd, diarienummer, period och lagrum, som i Bilaga 1 (rapporter.huvud): de två första som
    # mallens nämnd och diarienummer, resten som dess periodrad
    huvud: tuple[str, ...] = ()
    tom: str = "Inga beslut att redovisa."  # i stället för raderna när tabellen inte har några
    summarad: bool = False  # sista raden är tabellens summa: rapporten säger det, inte radens text
    sidhuvud: str = ""  # i utskriftens sidhuvud på varje sida (t.ex. IVO-listans sekretessmärkning)


@dataclass(frozen=True)
class Indata:
    """Det varje rapport får: det lästa underlaget, kvartalet, mätdatum, bedömningen och de val
    som bara vissa rapporter har (t.ex. antal_kvartal för trenden, pseudo_nyckel för IVO-listan)."""

    underlag: Underlag
    kvartal: Kvartal
    matdatum: date
    bedomning: Bedomning
    alternativ: dict = field(default_factory=dict)

    @property
    def tabell(self) -> Beslutstabell:
        return self.underlag.tabell

    @property
    def installningar(self) -> Installningar:
        return self.underlag.installningar

    @property
    def fil(self) -> str:
        return self.underlag.fil

    @property
    def fynd(self) -> list:
        return self.underlag.fynd


@dataclass
class Dokument:
    """En rapport som arbetsbok: ett blad per Tabell, varningar till användaren och
    dokumentegenskaper (t.ex. sekretessmärkning)."""

    tabeller: list
    varningar: list = field(default_factory=list)
    egenskaper: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Textdokument:
    """Ett textdokument (skrivelsen) som rena data; skrivning/word.py gör det till .docx.

    block: ("rubrik", text) | ("underrubrik", text) | ("mellanrubrik", text) (rubriknivå 1–3),
    ("stycke", text) | ("lista", (text, ...)) | ("sidbrytning", "")."""

    titel: str
    block: tuple
    egenskaper: dict = field(default_factory=dict)

    def text(self) -> str:
        """Hela texten, ett block per rad (för test och sökning)."""
        rader = [self.titel]
        for slag, innehall in self.block:
            rader += list(innehall) if slag == "lista" else [innehall] if innehall else []
        return "\n".join(rader)
