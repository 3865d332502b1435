"""Kontrollbladet som data: vad som lästes, vilka rader som inte ska med och varför,
och varningarna. Pekar på rader i underlaget (och Löpnr), aldrig på personer."""

from __future__ import annotations

from datetime import date

import numpy as np

from evb_xl.modell.falt import NAMN_PA_FALT
from evb_xl.modell.fynd import FEL, INFO, VARNING
from evb_xl.rapporter.fritext import lopnr as visat_lopnr
from evb_xl.rapporter.siffror import delvis_oppna, rakna
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import Konsgrupp, kategorinamn, konsgrupp
from evb_xl.regler.kvartal import Kvartal

_NIVA = {FEL: "Fel", VARNING: "Varning", INFO: "Upplysning"}


def skal_ej_rapporteringspliktig(skal: int, frist, stangd, verkstalld_forst, kvartal: Kvartal) -> str:
    """Varför en rad inte ska med i kvartalet, i ord (skälet kommer från regler.frist.skal)."""
    hur = "verkställt" if verkstalld_forst else "avslutat"
    if skal == regler.INOM_FRISTEN:
        return f"{hur} {stangd}, inom tre månader (frist {frist}); aldrig rapporteringspliktigt"
    if skal == regler.STANGD_FORE_KVARTALET:
        return f"{hur} {stangd}, före kvartalets början ({kvartal.start})"
    return f"fristen {frist} har inte passerat före kvartalets slut ({kvartal.slut})"


def sammanfattningar(t, b, matdatum: date) -> tuple[dict, dict]:
    """(siffrorna för alla rader, {lagrum: siffrorna för bara det lagrummet}): lästa,
    rapporteringspliktiga per kön, kvarstående, verkställda och avslutade under perioden."""
    lk = t.kodad("lagrum")
    ar = {lag: lk.falt(lambda v, lag=lag: v == lag, bool) for lag in ("LSS", "SoL")}
    k = t.kodad("kon")
    grupp = np.array([konsgrupp(v) for v in k.varden], dtype=object)  # en gång per stavning
    kon = {g.value: (grupp == g)[k.koder] if len(k.varden) else np.zeros(len(t), dtype=bool) for g in Konsgrupp}
    finns = [lag for lag in ("LSS", "SoL") if ar[lag].any()]

    def siffror(urval: np.ndarray) -> dict:
        r = b.rapporteringspliktig & urval
        s = rakna(t, b, urval, orsaker=None)
        return {
            "lästa rader": int(urval.sum()),
            "rapporteringspliktiga": int(r.sum()),
            "per lagrum": {lag: int((r & ar[lag]).sum()) for lag in finns if (urval & ar[lag]).any()},
            **{namn: int((r & mask).sum()) for namn, mask in kon.items()},
            "kvarstående": s.kvarstaende,
            "verkställda": s.verkstallda,
            "avslutade": s.avslutade,
            "nya": s.nya,
            "avbrott": s.avbrott,
            "delvis": s.delvis,
            "ej rapporteringspliktiga": int((urval & ~b.rapporteringspliktig).sum()),
            "mätdatum": matdatum,
        }

    return siffror(np.ones(len(t), dtype=bool)), {lag: siffror(ar[lag]) for lag in finns}


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
        ["Orsaker", inst.orsaker, kalla("orsaker")],
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
        ["  varav nya beslut", s["nya"]],
        ["  varav avbrott i verkställighet", s["avbrott"]],
        [f"Kvarstående (ej verkställda) {rapport.matdatum}", s["kvarstående"]],
        ["  varav delvis verkställda", s["delvis"]],
        ["Verkställda under perioden", s["verkställda"]],
        ["Avslutade under perioden", s["avslutade"]],
        ["Listade i underlaget men inte rapporteringspliktiga", s["ej rapporteringspliktiga"]],
    ]))
    nya = [["Insats", "Rapporterade", "Nya beslut", "Avbrott", "Delvis"]]
    stangda = [["Insats", f"Kvarstående {rapport.matdatum}", "Verkställda under perioden", "Avslutade"]]
    for lag, ls in rapport.siffror.items():
        for namn, x in (*ls.per_insats, (f"Summa {lag}", ls.totalt)):
            if x.rapporterade or namn.startswith("Summa"):
                namn = namn if namn.startswith("Summa") else f"{namn} ({lag})"
                nya.append([namn, x.rapporterade, x.nya, x.avbrott, x.delvis])
                stangda.append([namn, x.kvarstaende, x.verkstallda, x.avslutade])
    avsnitt.append(("Per insats: nya beslut och avbrott, delvis verkställda bland de kvarstående", nya))
    avsnitt.append(("Per insats: kvarstående vid mätdatum, verkställda och avslutade under perioden", stangda))
    delvis = [["Rad i underlaget", "Löpnr", "Insats"]]
    for i in delvis_oppna(t, b):
        delvis.append([int(t.rad[i]), visat_lopnr(t.lopnr[i]), kategorinamn(t.kategori[i])])
    avsnitt.append(("Delvis verkställda beslut (öppna vid mätdatum, räknas som ej verkställda)", delvis))
    ej = [["Rad i underlaget", "Löpnr", "Skäl"]]
    index = np.flatnonzero(~b.rapporteringspliktig)
    skal = regler.skal(b.frist[index], b.stangd[index], kvartal.start, kvartal.slut)
    texter = {}  # en gång per (skäl, frist, stängd, hur): datumen som numpy skriver dem (NaT)
    for i, nyckel in zip(index.tolist(), zip(skal.tolist(), np.datetime_as_string(b.frist[index]).tolist(),
                                              np.datetime_as_string(b.stangd[index]).tolist(),
                                              b.verkstalld_forst[index].tolist())):
        if nyckel not in texter:
            texter[nyckel] = skal_ej_rapporteringspliktig(*nyckel, kvartal)
        ej.append([int(t.rad[i]), visat_lopnr(t.lopnr[i]), texter[nyckel]])
    avsnitt.append(("Rader som inte ska rapporteras i kvartalet", ej))
    lopnr = dict(zip(t.rad.tolist(), t.lopnr))
    fynd = [["Rad i underlaget", "Löpnr", "Beskrivning", "Cell", "Typ"]]
    for f in underlag.fynd:
        fynd.append([f.rad or "", visat_lopnr(f.lopnr or lopnr.get(f.rad, "")), f.text, f.cell, _NIVA[f.niva]])
    avsnitt.append(("Varningar och upplysningar", fynd))
    return avsnitt
