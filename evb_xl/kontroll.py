"""Kontrollbladet som data: vad som lästes, vilka rader som inte ska med och varför,
och varningarna. Pekar på rader i underlaget (och Löpnr), aldrig på personer."""

from __future__ import annotations

from datetime import date

import numpy as np

from .fynd import FEL, INFO, VARNING
from .kategorier import ar_man
from .kvartal import Kvartal
from .rubriker import NAMN_PA_FALT

_NIVA = {FEL: "Fel", VARNING: "Varning", INFO: "Upplysning"}


def skal_ej_rapporteringspliktig(frist, stangd, verkstalld_forst, kvartal: Kvartal) -> str:
    """Varför en rad inte ska med i kvartalet (SPEC §3)."""
    hur = "verkställt" if verkstalld_forst else "avslutat"
    if not np.isnat(stangd) and stangd <= frist:
        return f"{hur} {stangd}, inom tre månader (frist {frist}); aldrig rapporteringspliktigt"
    if not np.isnat(stangd) and stangd < np.datetime64(kvartal.start, "D"):
        return f"{hur} {stangd}, före kvartalets början ({kvartal.start})"
    return f"fristen {frist} har inte passerat före kvartalets slut ({kvartal.slut})"


def sammanfattning(t, b, kvartal: Kvartal, matdatum: date, bara_lagrum: str | None = None) -> dict:
    """Siffrorna i en rad: lästa, rapporteringspliktiga (per lagrum och kön), kvarstående,
    verkställda och avslutade under perioden; för alla rader eller bara ett lagrum."""
    lagrum = np.array(t.lagrum, dtype=object)
    r = b.rapporteringspliktig & ((lagrum == bara_lagrum) if bara_lagrum else True)
    kon = np.array([ar_man(k) for k in t.kon], dtype=object)
    stangd_i_perioden = r & ~b.oppen
    return {
        "lästa rader": len(t),
        "rapporteringspliktiga": int(r.sum()),
        "per lagrum": {lag: int((r & (lagrum == lag)).sum()) for lag in ("LSS", "SoL") if (lagrum == lag).any()},
        "män": int((r & (kon == True)).sum()),  # noqa: E712
        "kvinnor": int((r & (kon == False)).sum()),  # noqa: E712
        "okänt kön": int((r & np.array([k is None for k in kon], dtype=bool)).sum()),
        "kvarstående": int((r & b.oppen).sum()),
        "verkställda": int((stangd_i_perioden & b.verkstalld_forst).sum()),
        "avslutade": int((stangd_i_perioden & ~b.verkstalld_forst).sum()),
        "avbrott": int((r & ~np.isnat(t.avbrott)).sum()),
        "ej rapporteringspliktiga": int((~r).sum()),
        "mätdatum": matdatum,
    }


def kontroll(underlag, t, b, kvartal: Kvartal, rapport) -> list[tuple[str, list[list]]]:
    """Avsnitten på bladet Kontroll: (rubrik, rader), första raden i varje avsnitt är kolumnrubriker."""
    s = rapport.sammanfattning
    inst = rapport.installningar
    kalla = lambda namn: inst.kallor.get(namn, "standard")  # noqa: E731
    avsnitt = []
    avsnitt.append(("Inläst", [
        ["Uppgift", "Värde", "Rubrik i underlaget"],
        ["Fil", underlag.fil],
        ["Blad", underlag.blad],
        ["Rubrikrad", underlag.rubrikrad],
        ["Lästa beslut (rader)", len(t)],
        *[[NAMN_PA_FALT[f], f"kolumn {bokstav}", rubrik] for f, (bokstav, rubrik) in underlag.kolumner.items()],
        *[["Läses inte", f"kolumn {bokstav}", rubrik] for bokstav, rubrik in underlag.ignorerade],
    ]))
    avsnitt.append(("Inställningar", [
        ["Inställning", "Värde", "Källa"],
        ["Kvartal", f"{kvartal} ({kvartal.period})", kalla("kvartal")],
        ["Antal", rapport.antal, kalla("antal")],
        ["Mätdatum", rapport.matdatum, kalla("matdatum")],
        ["Nämnd", inst.namnd, kalla("namnd")],
        ["Diarienummer", inst.diarienummer, kalla("diarienummer")],
    ]))
    per_lagrum = ", ".join(f"{lag} {n}" for lag, n in s["per lagrum"].items())
    avsnitt.append(("Sammanfattning", [
        ["Uppgift", "Antal"],
        ["Rapporteringspliktiga beslut i kvartalet" + (f" ({per_lagrum})" if per_lagrum else ""), s["rapporteringspliktiga"]],
        ["  varav män", s["män"]],
        ["  varav kvinnor", s["kvinnor"]],
        ["  varav okänt kön", s["okänt kön"]],
        ["  varav avbrott i verkställighet", s["avbrott"]],
        [f"Kvarstående (ej verkställda) {rapport.matdatum}", s["kvarstående"]],
        ["Verkställda under perioden", s["verkställda"]],
        ["Avslutade under perioden", s["avslutade"]],
        ["Listade i underlaget men inte rapporteringspliktiga", s["ej rapporteringspliktiga"]],
    ]))
    ej = [["Rad i underlaget", "Löpnr", "Skäl"]]
    for i in np.flatnonzero(~b.rapporteringspliktig):
        ej.append([int(t.rad[i]), t.lopnr[i], skal_ej_rapporteringspliktig(
            b.frist[i], b.stangd[i], b.verkstalld_forst[i], kvartal)])
    avsnitt.append(("Rader som inte ska rapporteras i kvartalet", ej))
    lopnr = {int(r): l for r, l in zip(t.rad, t.lopnr)}
    fynd = [["Rad i underlaget", "Löpnr", "Beskrivning", "Cell", "Typ"]]
    for f in underlag.fynd:
        fynd.append([f.rad or "", f.lopnr or lopnr.get(f.rad, ""), f.text, f.cell, _NIVA[f.niva]])
    avsnitt.append(("Varningar och upplysningar", fynd))
    return avsnitt
