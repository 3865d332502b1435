"""Inställningarna: bladet Inställningar i underlaget eller mallen (SPEC §7), sedan flaggor.

Ordningen är: flaggan, underlagets blad, mallens blad, standardvärdet. Var varje
värde kom ifrån sparas, så att Kontroll kan visa det.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from evb_xl.regler.kategorier import LSS, Insatstabell, Kategori, nyckel, standardtabell
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.personnummer import visa_varde

BLADNAMN = "Inställningar"
RAPPORTERADE, KVARSTAENDE = "rapporterade", "kvarstående"
NY_ARBETSBOK, BLAD_I_ARBETSBOKEN = "ny arbetsbok", "blad i arbetsboken"


def standard_lagrumstext(lagrum: str, kvartal: Kvartal | None) -> str:
    if lagrum == LSS:
        return "28 f–h §§ lagen (1993:387) om stöd och service till vissa funktionshindrade (LSS)"
    if kvartal is not None and kvartal.start < date(2025, 7, 1):
        return "16 kap. 6 f–h §§ socialtjänstlagen (2001:453)"
    return "socialtjänstlagen (2025:400)"


def tolka_antal(text: object) -> str:
    k = nyckel(text).translate(str.maketrans("åäö", "aao"))
    if k.startswith("rapporter"):
        return RAPPORTERADE
    if k.startswith("kvarstaend"):
        return KVARSTAENDE
    raise ValueError(f"okänd definition av antal {visa_varde(text)} (rapporterade eller kvarstående)")


@dataclass(frozen=True)
class Installningar:
    namnd: str = ""
    diarienummer: str = ""
    enhet: str = ""  # sammanställningen: enhetens namn (annars filens)
    kvartal: Kvartal | None = None
    antal: str = RAPPORTERADE
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

    def text_for(self, lagrum: str, kvartal: Kvartal) -> str:
        return self.lagrumstext.get(lagrum) or standard_lagrumstext(lagrum, kvartal)
