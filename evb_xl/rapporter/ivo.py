"""IVO-listan: de beslut som handläggaren ska rapportera var för sig till IVO i kvartalet,
klara att föra över till IVO:s e-tjänst. Innehåller sekretessuppgifter och skrivs bara på
begäran (`evb-xl ivo`); pseudo-identiteten bara med `--pseudo-id` och en hemlig nyckel."""

from __future__ import annotations

from datetime import date

import numpy as np

from evb_xl.modell.dokument import Dokument, Indata, Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter import fritext
from evb_xl.rapporter.huvud import huvud, lagrum_i
from evb_xl.rapporter.register import registrera
from evb_xl.regler import frist as regler
from evb_xl.regler import personnummer, pseudo
from evb_xl.regler.frist import som_datum
from evb_xl.regler.kategorier import OKANT, ORSAK_SAKNAS, kategorinamn
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.lagar import lag_i_kraft

SEKRETESS = ("SEKRETESS. Innehåller uppgifter om enskilda som omfattas av sekretess inom socialtjänsten "
             "(26 kap. 1 § offentlighets- och sekretesslagen). Lämna inte ut; radera när rapporteringen är gjord.")
SIDHUVUD = ("SEKRETESS: uppgifter om enskilda som omfattas av sekretess (26 kap. 1 § offentlighets- och "
            "sekretesslagen). Lämna inte ut.")  # på varje utskriven sida
RUBRIKER = ["Pseudo-id", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Kategori",
            "Orsak", "Frist", "Dagar", "Status", "Verkställt/avslutat", "Rapporteras som", "Rad i underlaget"]
FORSTA, UPPREPAD = "Första rapport", "Upprepad rapport"


def rapporteras_som(tidigare: bool, oppen: bool, verkstalld: bool, stangd, lagrum: str, kvartal: Kvartal) -> str:
    """Första rapporten i kvartalet, en upprepad rapport, eller anmälan att ett rapporterat beslut
    verkställts (med datum och paragraf ur lagtabellen: 34 kap. 2 § SoL, 16 kap. 6 g § SoL, 28 g § LSS)."""
    if tidigare and not oppen and verkstalld:
        return (f"Anmälan: rapporterat beslut verkställt {som_datum(stangd)} "
                f"({lag_i_kraft(lagrum, kvartal).paragraf('anmalan')})")
    hur = "" if oppen else f" ({'verkställt' if verkstalld else 'avslutat'} {som_datum(stangd)})"
    return f"{UPPREPAD if tidigare else FORSTA}{hur}"


def tabell(t, b, kvartal: Kvartal, matdatum: date, nyckel: bytes | None, variant: str = "T",
          inst: Installningar | None = None) -> tuple[Tabell, list]:
    """(tabellen, varningar) ur beslutstabellen och dess bedömning `b` (bilagor.bedom). Utan
    nyckel blir kolumnen Pseudo-id tom."""
    tidigare = regler.tidigare_rapporterad(b.frist, b.stangd, kvartal)
    varningar, rader, personer = [], [], {}
    for i in sorted(np.flatnonzero(b.rapporteringspliktig), key=lambda i: (b.bas[i], int(t.rad[i]))):
        pid = ""
        if nyckel is not None:
            try:
                pid = pseudo.pseudo_id(t.person[i], t.kon[i], nyckel, variant=variant, pa_dag=matdatum)
                personer.setdefault(pid, {})[personnummer.tio_siffror(t.person[i])] = int(t.rad[i])
            except pseudo.PseudoFel as e:
                varningar.append(f"rad {int(t.rad[i])}: {e}")
        rader.append([
            pid, t.kon[i] or OKANT, som_datum(t.beslut[i]), som_datum(t.avbrott[i]), t.lagrum[i],
            fritext.insats(t.insats[i], t.kategori[i]),
            kategorinamn(t.kategori[i]), t.orsak[i] or ORSAK_SAKNAS, som_datum(b.frist[i]),
            int(b.dagar[i]), str(b.status[i]), None if b.oppen[i] else som_datum(b.stangd[i]),
            rapporteras_som(bool(tidigare[i]), bool(b.oppen[i]), bool(b.verkstalld_forst[i]), b.stangd[i],
                            t.lagrum[i], kvartal), int(t.rad[i]),
        ])
    for vilka in personer.values():
        if len(vilka) > 1:  # formatet har bara plats för tre siffror: 1 på 500 för samma födelsedag och kön
            rader_ = ", ".join(str(r) for r in sorted(vilka.values()))
            varningar.append(f"raderna {rader_} är olika personer men fick samma pseudo-id; ange dem för hand hos IVO")
    undertitel = SEKRETESS
    if nyckel is not None:
        undertitel += f" Pseudo-id med nyckel {pseudo.fingeravtryck(nyckel)} (samma nyckel varje kvartal)."
    return Tabell(blad="SEKRETESS IVO", titel=f"SEKRETESS: beslut att rapportera till IVO, {kvartal.text}",
                  undertitel=undertitel, rubriker=RUBRIKER, rader=rader,
                  bredder=(18, 8, 12, 12, 7, 34, 30, 24, 12, 7, 24, 14, 44, 10), sidhuvud=SIDHUVUD,
                  huvud=huvud(inst, kvartal, lagrum_i(t)) if inst is not None else ()), varningar


@registrera("ivo", titel="IVO-listan", filnamn="ivo_SEKRETESS", sekretess=True, hjalp="""SEKRETESS: de beslut som ska rapporteras var för sig till IVO i kvartalet.

    Skriver UT/<namn>_ivo_SEKRETESS_<kvartal>.xlsx, märkt som sekretess. Pseudo-identiteten
    räknas bara fram med --pseudo-id och en nyckel som ni håller hemlig och använder varje kvartal.""")
def ivo(indata: Indata) -> Dokument:
    """Ingen knapp: sekretessuppgifter skrivs bara med ett uttryckligt kommando."""
    a = indata.alternativ
    t, varningar = tabell(indata.tabell, indata.bedomning, indata.kvartal, indata.matdatum, a.get("pseudo_nyckel"),
                          a.get("pseudo_variant", "T"), indata.installningar)
    return Dokument([t], varningar, {"keywords": "SEKRETESS", "category": "Sekretess"})
