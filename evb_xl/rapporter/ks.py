"""Sammanställning för kommunstyrelsen: en rad per nämnd och lagrum över flera underlag."""

from __future__ import annotations

from evb_xl.modell.dokument import Tabell
from evb_xl.regler.kvartal import Kvartal

KOLUMNER = ("Rapporterade män", "Rapporterade kvinnor", "Rapporterade okänt kön", "Rapporterade totalt",
            "varav avbrott", "Kvarstående", "Verkställda under perioden", "Avslutade under perioden")


def rad(namnd: str, lagrum: str, s: dict) -> list:
    """En rad ur en underlagsrapports siffror för ett lagrum (bilagor.Rapport.per_lagrum)."""
    return [namnd, lagrum, s["män"], s["kvinnor"], s["okänt kön"], s["rapporteringspliktiga"], s["avbrott"],
            s["kvarstående"], s["verkställda"], s["avslutade"]]


def tabell(rader: list[list], kvartal: Kvartal, saknas: list[str]) -> Tabell:
    summa = ["Summa", "", *[sum(r[k] for r in rader) for k in range(2, 2 + len(KOLUMNER))]]
    notering = ""
    if saknas:
        notering = "OBS! Dessa underlag kunde inte läsas och saknas i summorna: " + "; ".join(saknas)
    return Tabell(blad="Sammanställning", titel=f"Ej verkställda beslut enligt SoL och LSS, {kvartal.text}",
                  undertitel=f"Sammanställning för kommunstyrelsen. Period {kvartal.period}.",
                  rubriker=["Nämnd", "Lagrum", *KOLUMNER], rader=[*rader, summa], notering=notering,
                  bredder=(44, 8, *([12] * len(KOLUMNER))))
