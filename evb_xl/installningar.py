"""Inställningarna: bladet Inställningar i underlaget eller mallen (SPEC §7), sedan flaggor.

Ordningen är: flaggan, underlagets blad, mallens blad, standardvärdet. Var varje
värde kom ifrån sparas, så att Kontroll kan visa det.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from . import datum as datum_
from .fynd import FEL, Fynd, visa_varde
from .kategorier import LSS, Kategori, lagrum as tolka_lagrum, las_tabell
from .kvartal import Kvartal, KvartalFel
from .rubriker import nyckel

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
    kvartal: Kvartal | None = None
    antal: str = RAPPORTERADE
    matdatum: date | None = None
    lagrum: str | None = None  # när varken cell eller insatstext säger lagrum
    lagrumstext: dict = field(default_factory=dict)
    insatser: tuple[Kategori, ...] = ()
    pagaende: dict = field(default_factory=dict)  # kategorinamn -> (män, kvinnor)
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

    def text_for(self, lagrum: str, kvartal: Kvartal) -> str:
        return self.lagrumstext.get(lagrum) or standard_lagrumstext(lagrum, kvartal)


_ETIKETTER = {
    "nämnd": "namnd", "namnd": "namnd",
    "diarienummer": "diarienummer", "dnr": "diarienummer",
    "kvartal": "kvartal", "antal": "antal", "mätdatum": "matdatum", "matdatum": "matdatum",
    "lagrum": "lagrum", "pågåendeper": "pagaende_datum", "pågåendedatum": "pagaende_datum",
    "utdata": "utdata", "resultat": "utdata",
    "lagrumstextlss": "lagrumstext_LSS", "lagrumstextsol": "lagrumstext_SoL",
}


def las_blad(rader: list[list], blad: str = BLADNAMN) -> tuple[dict, list[Fynd]]:
    """Etikett/värde-par, insatstabellen (Kategori, Alias, Lagrum, Ordning, [Paragraf]) och
    tabellen över pågående beslut (Pågående insats, Män, Kvinnor) ur bladets rader."""
    varden, fynd, insatser, pagaende = {}, [], [], {}
    tabell, kolumner = None, {}
    for i, rad in enumerate(rader):
        celler = [c for c in rad]
        nycklar = [nyckel(c) for c in celler]
        if not any(nycklar):
            tabell = None
            continue
        if "kategori" in nycklar and "lagrum" in nycklar:
            tabell, kolumner = "insatser", {k: j for j, k in enumerate(nycklar) if k}
            continue
        if nycklar[0].startswith("pågående") and "män" in nycklar:
            tabell, kolumner = "pagaende", {k: j for j, k in enumerate(nycklar) if k}
            continue
        if tabell == "insatser":
            varde = {k: (celler[j] if j < len(celler) else "") for k, j in kolumner.items()}
            if str(varde.get("kategori", "")).strip():
                insatser.append({"lagrum": varde.get("lagrum"), "ordning": varde.get("ordning") or 999,
                                 "kategori": varde["kategori"], "paragraf": varde.get("paragraf"),
                                 "alias": varde.get("alias")})
            continue
        if tabell == "pagaende":
            antal = []
            for k in ("män", "kvinnor"):
                j = kolumner[k]
                v = celler[j] if j < len(celler) else ""
                try:
                    antal.append(int(float(v or 0)))
                except (ValueError, TypeError):
                    fynd.append(Fynd(FEL, f"antalet pågående beslut {visa_varde(v)} är inget tal",
                                     f"{kolumnbokstav(j)}{i + 1}", i + 1, blad=blad))
            if len(antal) == 2:
                pagaende[str(celler[0]).strip()] = tuple(antal)
            continue
        namn = _ETIKETTER.get(nycklar[0])
        if namn is None or len(celler) < 2 or datum_.tom(celler[1]):
            continue
        try:
            varden.update(_tolka_varde(namn, celler[1]))
        except (ValueError, KvartalFel) as e:
            fynd.append(Fynd(FEL, str(e), f"B{i + 1}", i + 1, blad=blad))
    try:
        if insatser:
            varden["insatser"] = tuple(las_tabell(insatser))
    except (ValueError, TypeError, KeyError):
        fynd.append(Fynd(FEL, "insatstabellen går inte att läsa: Ordning och Paragraf ska vara heltal", blad=blad))
    if pagaende:
        varden["pagaende"] = pagaende
    return varden, fynd


def _tolka_varde(namn: str, varde: object) -> dict:
    if namn == "kvartal":
        return {"kvartal": Kvartal.tolka(varde)}
    if namn == "antal":
        return {"antal": tolka_antal(varde)}
    if namn in ("matdatum", "pagaende_datum"):
        return {namn: datum_.datum(varde)}
    if namn == "lagrum":
        lagrum = tolka_lagrum(varde)
        if lagrum is None:
            raise ValueError(f"okänt lagrum {visa_varde(varde)} (LSS eller SoL)")
        return {"lagrum": lagrum}
    if namn == "utdata":
        k = nyckel(varde)
        if k.startswith("blad"):
            return {"utdata": BLAD_I_ARBETSBOKEN}
        if k.startswith("ny") or k.startswith("arbetsbok"):
            return {"utdata": NY_ARBETSBOK}
        raise ValueError(f"okänt värde för Utdata {visa_varde(varde)} (ny arbetsbok eller blad i arbetsboken)")
    if namn.startswith("lagrumstext_"):
        return {"lagrumstext": {namn.split("_")[1]: str(varde).strip()}}
    return {namn: str(varde).strip()}


def kolumnbokstav(index: int) -> str:
    s = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        s = chr(65 + rest) + s
    return s

