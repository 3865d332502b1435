"""Bladet Inställningar (SPEC §7): etikett/värde-par, insatstabellen och tabellen över pågående beslut,
ur bladets rader till värden för modell.installningar.Installningar."""

from __future__ import annotations

from evb_xl.modell.fynd import FEL, Fynd
from evb_xl.modell.installningar import (
    BLAD_I_ARBETSBOKEN,
    BLADNAMN,
    NY_ARBETSBOK,
    tolka_antal,
    tolka_orsaker,
)
from evb_xl.regler import datum as datum_
from evb_xl.regler.kategorier import avgor_lagrum, las_tabell, nyckel, standardtabell
from evb_xl.regler.kategorier import lagrum as tolka_lagrum
from evb_xl.regler.kvartal import Kvartal, KvartalFel
from evb_xl.regler.personnummer import visa_varde

_ETIKETTER = {
    "nämnd": "namnd", "namnd": "namnd",
    "diarienummer": "diarienummer", "dnr": "diarienummer", "enhet": "enhet",
    "kvartal": "kvartal", "antal": "antal", "orsaker": "orsaker", "mätdatum": "matdatum", "matdatum": "matdatum",
    "lagrum": "lagrum", "pågåendeper": "pagaende_datum", "pågåendedatum": "pagaende_datum",
    "utdata": "utdata", "resultat": "utdata",
    "lagrumstextlss": "lagrumstext_LSS", "lagrumstextsol": "lagrumstext_SoL",
}


def las_blad(rader: list[list], blad: str = BLADNAMN) -> tuple[dict, list[Fynd]]:
    """Etikett/värde-par, insatstabellen (Kategori, Alias, Lagrum, Ordning, [Paragraf]) och
    tabellen över pågående beslut (Pågående insats, Män, Kvinnor) ur bladets rader."""
    varden, fynd, insatser, pagaende = {}, [], [], {}
    rubriklagrum = None  # en rad med bara "LSS" eller "SoL" ovanför tabellen över pågående beslut
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
        if len([n for n in nycklar if n]) == 1 and tolka_lagrum(celler[0]) and str(celler[0]).strip().lower() in ("lss", "sol"):
            rubriklagrum = tolka_lagrum(celler[0])
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
                nyckel_ = _pagaende_nyckel(celler, kolumner, rubriklagrum, insatser)
                if nyckel_ is None:
                    fynd.append(Fynd(FEL, f"ange Lagrum för pågående insats {visa_varde(celler[0])} (kolumnen Lagrum "
                                          "eller en rad LSS/SoL ovanför tabellen)", f"A{i + 1}", i + 1, blad=blad))
                else:
                    pagaende[nyckel_] = tuple(antal)
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
    if namn == "orsaker":
        return {"orsaker": tolka_orsaker(varde)}
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


def _pagaende_nyckel(celler: list, kolumner: dict, rubriklagrum: str | None, insatser: list) -> tuple | None:
    """(lagrum, kategorinamn) för en rad i tabellen över pågående beslut (SPEC §8 p. 18): lagrum ur
    kolumnen Lagrum, en kategori som bara finns under ett lagrum, eller rubriken LSS/SoL ovanför."""
    j = kolumner.get("lagrum")
    cell = celler[j] if j is not None and j < len(celler) else ""
    text = str(celler[0]).strip()
    tabell = standardtabell().med(las_tabell(insatser)) if insatser else standardtabell()
    lag = avgor_lagrum(cell, text, tabell, rubriklagrum)
    if lag is None:
        return None
    kategori = tabell.kategori(text, lag)
    return lag, kategori.namn if kategori is not None else text
