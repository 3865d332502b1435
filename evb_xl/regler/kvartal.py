"""Ett kvartal: tolka `2024Q1`, `2024-Q1`, `2024 kv 1`, `Q1 2024`, `kvartal 1 2024`, `1/2024`, `24Q1`;
start, slut, föregående; varningar för ett mätdatum utanför kvartalet och ett kvartal som inte slutat."""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from evb_xl.regler.personnummer import visa_varde

_KV = r"(?:q|kv\.?|kvartal)"
_FORMER = [
    re.compile(rf"^(?P<ar>\d{{4}})\s*-?\s*{_KV}\s*(?P<nr>\d)$"),  # 2024Q1, 2024-Q1, 2024 kv 1
    re.compile(rf"^{_KV}\s*(?P<nr>\d)\s*-?\s*(?P<ar>\d{{4}})$"),  # Q1 2024, kvartal 1 2024
    re.compile(r"^(?P<nr>\d)\s*/\s*(?P<ar>\d{4})$"),  # 1/2024
    re.compile(rf"^(?P<ar2>\d{{2}})\s*-?\s*{_KV}\s*(?P<nr>\d)$"),  # 24Q1: år 2000–2099
]


class KvartalFel(ValueError):
    """Texten är inget kvartal (eller ett kvartal som inte finns)."""


@dataclass(frozen=True, order=True)
class Kvartal:
    ar: int
    nr: int

    def __post_init__(self):
        if not 1 <= self.nr <= 4:
            raise KvartalFel(f"kvartal {self.nr} finns inte (1–4)")
        if not 1900 <= self.ar <= 9999:
            raise KvartalFel(f"året {self.ar} går inte att använda")

    @classmethod
    def tolka(cls, text: object) -> Kvartal:
        """`2024Q1`, `2024-Q1`, `2024 kv 1`, `Q1 2024`, `Q1-2024`, `kvartal 1 2024`, `1/2024`, `24Q1`
        (tvåsiffrigt år är 2000–2099), i valfri skiftläge."""
        if isinstance(text, Kvartal):
            return text
        s = re.sub(r"\s+", " ", str(text).strip().lower())
        for form in _FORMER:
            m = form.match(s)
            if m:
                ar = int(m["ar"]) if "ar" in m.groupdict() else 2000 + int(m["ar2"])
                return cls(ar, int(m["nr"]))

        raise KvartalFel(f"okänt kvartal {visa_varde(text)} (skriv t.ex. 2024Q1, 2024 kv 1 eller 1/2024)")

    @classmethod
    def senast_avslutade(cls, idag: date) -> Kvartal:
        """Det senaste kvartal som slutade före `idag`."""
        return cls.som_innehaller(idag).foregaende()

    @classmethod
    def som_innehaller(cls, dag: date) -> Kvartal:
        return cls(dag.year, (dag.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.ar, 3 * self.nr - 2, 1)

    @property
    def slut(self) -> date:
        manad = 3 * self.nr
        return date(self.ar, manad, monthrange(self.ar, manad)[1])

    def matdatum(self, angivet: date | None = None) -> date:
        """Mätdatum: det angivna, annars kvartalets sista dag (SPEC §8 p. 11). Det enda stället
        där standardvärdet bestäms."""
        return angivet or self.slut

    def foregaende(self) -> Kvartal:
        return Kvartal(self.ar - 1, 4) if self.nr == 1 else Kvartal(self.ar, self.nr - 1)

    @property
    def period(self) -> str:
        return f"{self.start.isoformat()} – {self.slut.isoformat()}"

    @property
    def text(self) -> str:
        """Som i nämndhandlingarna: `kvartal 1 2024`."""
        return f"kvartal {self.nr} {self.ar}"

    def __str__(self) -> str:
        return f"{self.ar}Q{self.nr}"


def datumvarningar(kvartal: Kvartal, matdatum: date | None, idag: date) -> list[str]:
    """Varningar (inga fel) för ett mätdatum utanför kvartalet och ett kvartal som inte har slutat."""
    ut = []
    if matdatum is not None and not kvartal.start <= matdatum <= kvartal.slut:
        ut.append(f"mätdatum {matdatum.isoformat()} ligger utanför {kvartal.text} ({kvartal.period}); "
                  "status och kvarstående räknas ändå per det datumet")
    if kvartal.slut >= idag:
        ut.append(f"{kvartal.text} har inte slutat än (sista dagen är {kvartal.slut.isoformat()}); "
                  "siffrorna är preliminära")
    return ut


# --- dagen formlerna mäter till (mätdatum: Kvartal.matdatum) -------------------------


def per(angivet: date | None = None, idag: date | None = None) -> date:
    """Dagen formlerna räknar väntetid till när beslutet är öppet: den angivna, annars i dag
    (SPEC §8 p. 15). Den enda platsen för standardvärdet."""
    if angivet is not None:
        return angivet
    return idag if idag is not None else date.today()
