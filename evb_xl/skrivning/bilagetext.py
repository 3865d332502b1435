"""Orden på bilagornas blad: rubriker för Bilaga 1:s typade kolumner och Bilaga 2:s kolumner,
bladnamn, och bilagorna som rader av värden (för formeln EVB_BILAGA1 och nya blad i en öppen bok)."""

from __future__ import annotations

from datetime import date

from evb_xl.modell.bilagor import B2, Bilaga1, Kolumn, Matt, Rapport
from evb_xl.modell.installningar import KVARSTAENDE
from evb_xl.regler.kategorier import AVBROTT_I_VERKSTALLIGHET, Konsgrupp
from evb_xl.regler.lagar import med_punkt

BILAGA2_RUBRIKER = {B2.LOPNR: "Löpnr", B2.KON: "Kön", B2.BESLUT: "Beslutsdatum", B2.AVBROTT: "Datum för avbrott",
                    B2.LAGRUM: "Lagrum", B2.INSATS: "Typ av insats", B2.VERKSTALLT: "Beslutet verkställt",
                    B2.AVSLUTAT: "Beslutet avslutat"}
ORSAKSRUBRIK = "Orsak till ej verkställt beslut"
ANDELSRUBRIK = "Andel ej verkställda"
FLERA_ORSAKER = ("Ett beslut kan ha mer än en orsak; varje orsak räknas i sin kolumn, så orsakskolumnerna "
                 "kan tillsammans bli fler än Summa.")
PAGAENDE_I_SUMMA = ("Pågående och andel i summaraden avser bara de insatser där antal pågående beslut är "
                    "angivna.")
INGA_BESLUT = "Inga beslut att redovisa."


def antal_rubrik(antal: str, matdatum: date) -> str:
    if antal == KVARSTAENDE:
        return f"Antal ej verkställda beslut (kvarstående {matdatum.isoformat()})"
    return "Antal ej verkställda beslut (rapporterade under kvartalet)"


# Rad 1–4 i Bilaga 1 och 2, som mallens platshållare: (text, stil); samma i mallen (mall.bygg_mall)
# och standardboken (standardbok.py). Rad 1 är bilagans titel.
TITEL_BILAGA1 = "Bilaga 1: Ej verkställda beslut {lagrum}, {kvartal}"
TITEL_BILAGA2 = "Bilaga 2: Ej verkställda beslut {lagrum}, {kvartal}"
HUVUDRADER = (("{nämnd}", "text"), ("Diarienummer: {diarienummer}", "text"),
              ("Period {period}. Rapportering enligt {lagrumstext}.", "liten"))


def grupprubrik(b: Bilaga1, k: Kolumn) -> str:
    """Den övre rubriken (sammanslagen över kolumnerna i samma grupp)."""
    if k.matt == Matt.ANTAL:
        return antal_rubrik(b.antal, b.matdatum)
    if k.matt == Matt.PAGAENDE:
        return "Totalt antal pågående beslut" + (f" {b.pagaende_datum.isoformat()}" if b.pagaende_datum else "")
    if k.matt == Matt.ANDEL:
        return ANDELSRUBRIK
    if k.matt == Matt.ORSAK:
        return ORSAKSRUBRIK
    return AVBROTT_I_VERKSTALLIGHET


def namnrubrik(k: Kolumn) -> str:
    """Den nedre rubriken: kön eller orsak; tom för LSS-kolumnen Avbrott i verkställighet."""
    if isinstance(k.del_, Konsgrupp):
        return k.del_.value
    return k.del_ or ""


def insatsrubrik(b: Bilaga1) -> str:
    return f"{b.lagrum}-insats"


def rubrikceller(b: Bilaga1) -> tuple[list[tuple[int, int, str | None]], list[tuple[int, int, int, int]]]:
    """Bilaga 1:s två rubrikrader, lika för mallen och standardboken: ([(rad, kolumn, text)],
    [(rad1, kolumn1, rad2, kolumn2)] att slå ihop), räknat från tabellens övre vänstra cell (0, 0).
    Kolumnerna i samma grupp delar en sammanslagen övre rubrik; en kolumn utan nedre rubrik
    (LSS-kolumnen Avbrott i verkställighet) slås ihop över båda raderna, liksom insatsrubriken."""
    celler = [(0, 0, insatsrubrik(b)), (1, 0, None)]
    ihop = [(0, 0, 1, 0)]
    grupper = [grupprubrik(b, k) for k in b.kolumner]
    j = 0
    while j < len(b.kolumner):
        slut = j
        while slut + 1 < len(b.kolumner) and grupper[slut + 1] == grupper[j]:
            slut += 1
        for k in range(j, slut + 1):
            celler += [(0, 1 + k, grupper[j] if k == j else None), (1, 1 + k, namnrubrik(b.kolumner[k]) or None)]
        if slut > j:
            ihop.append((0, 1 + j, 0, 1 + slut))
        elif not namnrubrik(b.kolumner[j]):
            ihop.append((0, 1 + j, 1, 1 + j))
        j = slut + 1
    return celler, ihop


def noter(b: Bilaga1) -> list[str]:
    """Noterna under Bilaga 1 (en rad var, efter en tom rad under tabellen)."""
    ut = []
    if b.pagaende_givna and not b.pagaende_for_alla:
        ut.append(PAGAENDE_I_SUMMA)
    if b.flera_orsaker:
        ut.append(FLERA_ORSAKER)
    return ut


def som_rader(b: Bilaga1) -> list[list]:
    """Två rubrikrader och tabellraderna, som en formel eller ett blad visar dem; utan insatsrader
    en rad Inga beslut att redovisa före Summa, som de andra tomma tabellerna."""
    return [[insatsrubrik(b), *[grupprubrik(b, k) for k in b.kolumner]],
            ["", *[namnrubrik(k) for k in b.kolumner]],
            *([[INGA_BESLUT]] if b.tom else []),
            *[[r.insats, *r.varden] for r in b.rader]]


def bladnamn(mallnamn: str, lagrum: str, flera: bool) -> str:
    """`Bilaga 1`, eller `Bilaga 1 LSS` när underlaget har båda lagrummen (SPEC §8 p. 14)."""
    return f"{mallnamn} {lagrum}" if flera else mallnamn


def som_blad(rapport: Rapport) -> dict[str, list[list]]:
    """Varje blad som rader av värden (för nya blad i en öppen arbetsbok)."""
    flera = len(rapport.lagrum) > 1
    ut = {}
    for lag in rapport.lagrum:
        ut[bladnamn("Bilaga 1", lag, flera)] = som_rader(rapport.bilaga1[lag])
        ut[bladnamn("Bilaga 2", lag, flera)] = [list(BILAGA2_RUBRIKER.values()), *(rapport.bilaga2[lag] or [[INGA_BESLUT]])]
    kontroll = []
    for titel, tabell in rapport.kontroll:
        kontroll += [[titel], *tabell, []]
    ut["Kontroll"] = kontroll
    return ut


def platshallare(rapport: Rapport, fil: str, lagrum: str | None = None) -> dict[str, str]:
    """Mallens {platshållare} för ett blad: Bilaga 1 och 2 för `lagrum` (med lagen i kraft för
    kvartalet), eller Kontroll (alla lagrum, ingen lagrumstext) när `lagrum` är None."""
    inst = rapport.installningar
    return {
        "kvartal": rapport.kvartal.text, "period": rapport.kvartal.period, "nämnd": inst.namndrad,
        "diarienummer": inst.diarienummer_text, "mätdatum": rapport.matdatum.isoformat(), "fil": fil,
        "antal": "kvarstående" if rapport.antal == KVARSTAENDE else "rapporterade",
        "lagrum": lagrum if lagrum is not None else ", ".join(rapport.lagrum),
        "lagrumstext": inst.text_for(lagrum, rapport.kvartal) if lagrum is not None else "",
    }


def byt_platshallare(text: str, varden: dict[str, str]) -> str:
    """`{namn}` i texten byts mot värdena; en punkt direkt efter ett värde som redan slutar med
    punkt faller bort (med_punkt), så att "enligt {lagrumstext}." aldrig blir "kap..". """
    for namn, v in varden.items():
        v = str(v)
        if v.rstrip().endswith("."):
            text = text.replace("{" + namn + "}.", med_punkt(v))
        text = text.replace("{" + namn + "}", v)
    return text
