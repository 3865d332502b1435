"""Inställningarna: bladet Inställningar i underlaget eller mallen (SPEC §7), sedan flaggor.

Ordningen är: flaggan, underlagets blad, mallens blad, standardvärdet. Var varje
värde kom ifrån sparas, så att Kontroll kan visa det.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from evb_xl.regler import lagar
from evb_xl.regler.kategorier import Insatstabell, Kategori, nyckel, standardtabell
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.personnummer import visa_varde

BLADNAMN = "Inställningar"
RAPPORTERADE, KVARSTAENDE = "rapporterade", "kvarstående"
NY_ARBETSBOK, BLAD_I_ARBETSBOKEN = "ny arbetsbok", "blad i arbetsboken"
ORSAKER_EN, ORSAKER_ALLA = "en per beslut", "alla"  # SPEC §10: den första orsaken räknas, eller var och en


def tolka_antal(text: object) -> str:
    k = nyckel(text).translate(str.maketrans("åäö", "aao"))
    if k.startswith("rapporter"):
        return RAPPORTERADE
    if k.startswith("kvarstaend"):
        return KVARSTAENDE
    raise ValueError(f"okänd definition av antal {visa_varde(text)} (rapporterade eller kvarstående)")


def tolka_orsaker(text: object) -> str:
    k = nyckel(text)
    if k in ("en", "enperbeslut", "första", "forsta"):
        return ORSAKER_EN
    if k in ("alla", "allaorsaker", "flera"):
        return ORSAKER_ALLA
    raise ValueError(f"okänt värde för Orsaker {visa_varde(text)} (en per beslut eller alla)")


@dataclass(frozen=True)
class Installningar:
    namnd: str = ""
    diarienummer: str = ""
    enhet: str = ""  # sammanställningen: enhetens namn (annars filens)
    kvartal: Kvartal | None = None
    antal: str = RAPPORTERADE
    orsaker: str = ORSAKER_EN
    matdatum: date | None = None
    lagrum: str | None = None  # när varken cell eller insatstext säger lagrum
    lagrumstext: dict = field(default_factory=dict)
    insatser: tuple[Kategori, ...] = ()
    pagaende: dict = field(default_factory=dict)  # (lagrum, kategorinamn) -> (män, kvinnor)
    pagaende_datum: date | None = None
    utdata: str = NY_ARBETSBOK  # knappen: ny arbetsbok eller nya blad i den aktiva
    kallor: dict = field(default_factory=dict)  # fält -> varifrån värdet kom

    def med(self, kalla: str, **varden) -> Installningar:
        """En ny uppsättning där de givna (icke-tomma) värdena ersätter de gamla."""
        satta = {k: v for k, v in varden.items() if v not in (None, "", (), {})}
        if not satta:
            return self
        if "lagrumstext" in satta:
            satta["lagrumstext"] = {**self.lagrumstext, **satta["lagrumstext"]}
        if "insatser" in satta:
            satta["insatser"] = self.insatser + tuple(satta["insatser"])
        return replace(self, **satta, kallor={**self.kallor, **{k: kalla for k in satta}})

    def insatstabell(self) -> Insatstabell:
        """Standardtabellen utbyggd med bladets egna insatser."""
        return standardtabell().med(list(self.insatser))

    def kategoriordning(self, lagrum: str) -> list[str]:
        """Kategorinamnen för lagrummet i tabellens ordning (Bilaga 1:s rader, rapporternas sortering)."""
        return [k.namn for k in self.insatstabell().for_lagrum(lagrum)]

    @property
    def namndrad(self) -> str:
        """Nämndens rad i en rapports huvud: namnet, eller att det saknas (som Bilaga 1 och de andra)."""
        return self.namnd or "Nämnd: uppgift saknas"

    @property
    def diarienummer_text(self) -> str:
        return self.diarienummer or "uppgift saknas"

    def text_for(self, lagrum: str, kvartal: Kvartal, forsta: Kvartal | None = None) -> str:
        """Lagrumstexten för lagrummet: `Lagrumstext SoL`/`Lagrumstext LSS` om den angetts, annars
        lagen i kraft kvartalets sista dag (regler/data/lagar.csv); med `forsta` för perioden
        `forsta`–`kvartal`, med båda lagarna när den korsar ett lagbyte."""
        if self.lagrumstext.get(lagrum):
            return self.lagrumstext[lagrum]
        return lagar.lagrumstext_under(lagrum, forsta or kvartal, kvartal)
