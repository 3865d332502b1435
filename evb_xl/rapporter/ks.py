"""Sammanställning för kommunstyrelsen ur flera underlag: en rad per nämnd och lagrum, summerad över
nämndens enheter (underlag), och ett blad med en rad per enhet."""

from __future__ import annotations

from dataclasses import dataclass

from evb_xl.modell.dokument import Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter import fritext
from evb_xl.rapporter.huvud import huvud
from evb_xl.regler.kategorier import LSS, SOL
from evb_xl.regler.kvartal import Kvartal

KOLUMNER = ("Rapporterade män", "Rapporterade kvinnor", "Rapporterade okänt kön", "Rapporterade totalt",
            "varav avbrott", "Kvarstående", "Verkställda under perioden", "Avslutade under perioden")
_NYCKLAR = ("män", "kvinnor", "okänt kön", "rapporteringspliktiga", "avbrott", "kvarstående", "verkställda",
            "avslutade")
_LAGRUM = (LSS, SOL)


@dataclass(frozen=True)
class Enhet:
    """Ett underlags siffror: nämnden, enhetens namn och {lagrum: sammanfattning} (Rapport.per_lagrum)."""

    namnd: str
    enhet: str
    per_lagrum: dict


def rad(s: dict) -> list[int]:
    """Talen i en rad ur ett lagrums sammanfattning."""
    return [s[n] for n in _NYCKLAR]


def _ordning(lag: str) -> int:
    return _LAGRUM.index(lag) if lag in _LAGRUM else len(_LAGRUM)


def _summa(rader: list[list], forsta: int) -> list:
    return ["Summa", *[""] * (forsta - 1), *[sum(r[k] for r in rader) for k in range(forsta, forsta + len(KOLUMNER))]]


def tabeller(enheter: list[Enhet], kvartal: Kvartal, saknas: list[str],
             inst: Installningar | None = None) -> list[Tabell]:
    """[per nämnd och lagrum, per enhet]; `saknas`: underlag som inte gick att läsa."""
    per_namnd: dict[tuple, list[int]] = {}
    for e in enheter:
        for lag, s in e.per_lagrum.items():
            summa = per_namnd.setdefault((e.namnd, lag), [0] * len(KOLUMNER))
            per_namnd[(e.namnd, lag)] = [a + b for a, b in zip(summa, rad(s))]
    namnder = [[n, lag, *v] for (n, lag), v in sorted(per_namnd.items(), key=lambda x: (x[0][0], _ordning(x[0][1])))]
    per_enhet = sorted(([e.namnd, fritext.enhet(e.enhet), lag, *rad(s)] for e in enheter
                        for lag, s in e.per_lagrum.items()),
                       key=lambda r: (r[0], r[1], _ordning(r[2])))
    lagrum = sorted({lag for e in enheter for lag in e.per_lagrum}, key=_ordning)
    rubrik = huvud(inst or Installningar(), kvartal, lagrum,
                   namnd=f"Nämnder: {', '.join(sorted({e.namnd for e in enheter})) or 'inga'}")
    notering = ""
    if saknas:
        notering = "OBS! Dessa underlag kunde inte läsas och saknas i summorna: " + "; ".join(saknas)
    tom = "Inga beslut att redovisa." if enheter else "Inga beslut att redovisa: inget underlag gick att läsa."
    return [
        Tabell(blad="Sammanställning", titel=f"Ej verkställda beslut enligt SoL och LSS, {kvartal.text}",
               undertitel="Sammanställning för kommunstyrelsen: en rad per nämnd och lagrum, summerad över "
                          "nämndens enheter.",
               rubriker=["Nämnd", "Lagrum", *KOLUMNER], rader=[*namnder, _summa(namnder, 2)],
               notering=notering, tom=tom, bredder=(44, 8, *([12] * len(KOLUMNER))), huvud=rubrik, summarad=True),
        Tabell(blad="Per enhet", titel=f"Ej verkställda beslut per enhet, {kvartal.text}",
               undertitel="En rad per underlag (enhet) och lagrum. Enheten heter som bladet Inställningars Enhet, "
                          "annars som filen.",
               rubriker=["Nämnd", "Enhet", "Lagrum", *KOLUMNER], rader=[*per_enhet, _summa(per_enhet, 3)],
               notering=notering, tom=tom, bredder=(36, 28, 8, *([12] * len(KOLUMNER))), huvud=rubrik, summarad=True),
    ]
