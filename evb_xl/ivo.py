"""IVO-listan: de beslut som handläggaren ska rapportera var för sig till IVO i kvartalet,
klara att föra över till IVO:s e-tjänst. Innehåller sekretessuppgifter och skrivs bara på
begäran (`evb-xl ivo`); pseudo-identiteten bara med `--pseudo-id` och en hemlig nyckel."""

from __future__ import annotations

from datetime import date

import numpy as np

from . import bilagor, pseudo, regler
from .bilagor import ORSAK_SAKNAS
from .kategorier import OKAND_INSATS, OKANT
from .kvartal import Kvartal
from .regler import som_datum
from .tabell import Tabell

SEKRETESS = ("SEKRETESS. Innehåller uppgifter om enskilda som omfattas av sekretess inom socialtjänsten "
             "(26 kap. 1 § offentlighets- och sekretesslagen). Lämna inte ut; radera när rapporteringen är gjord.")
RUBRIKER = ["Pseudo-id", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Kategori",
            "Orsak", "Frist", "Dagar", "Status", "Verkställt/avslutat", "Anmälan", "Rad i underlaget"]


def tabell(t, kvartal: Kvartal, matdatum: date, nyckel: bytes | None, variant: str = "T") -> tuple[Tabell, list]:
    """(tabellen, varningar). Utan nyckel blir kolumnen Pseudo-id tom."""
    b = bilagor.bedom(t, kvartal, matdatum)
    forra = kvartal.foregaende()
    tidigare = regler.rapporteringspliktig(b.frist, b.stangd, forra.start, forra.slut)
    varningar, rader = [], []
    for i in sorted(np.flatnonzero(b.rapporteringspliktig), key=lambda i: (b.bas[i], int(t.rad[i]))):
        pid = ""
        if nyckel is not None:
            try:
                pid = pseudo.pseudo_id(t.person[i], t.kon[i], nyckel, variant=variant, pa_dag=matdatum)
            except pseudo.PseudoFel as e:
                varningar.append(f"rad {int(t.rad[i])}: {e}")
        rader.append([
            pid, t.kon[i] or OKANT, som_datum(t.beslut[i]), som_datum(t.avbrott[i]), t.lagrum[i], t.insats[i],
            t.kategori[i].namn if t.kategori[i] else OKAND_INSATS, t.orsak[i] or ORSAK_SAKNAS, som_datum(b.frist[i]),
            int(b.dagar[i]), str(b.status[i]), None if b.oppen[i] else som_datum(b.stangd[i]),
            "tidigare rapporterad" if tidigare[i] else "ny i kvartalet", int(t.rad[i]),
        ])
    personer: dict = {}
    for r, i in zip(rader, sorted(np.flatnonzero(b.rapporteringspliktig), key=lambda i: (b.bas[i], int(t.rad[i])))):
        if r[0]:
            personer.setdefault(r[0], set()).add(t.person[i].replace("-", "").replace("+", "")[-10:])
    for pid, vilka in personer.items():
        if len(vilka) > 1:  # formatet har bara plats för tre siffror: 1 på 500 för samma födelsedag och kön
            varningar.append(f"{len(vilka)} olika personer fick samma pseudo-id {pid[:10]}...; ange dem för hand hos IVO")
    undertitel = SEKRETESS
    if nyckel is not None:
        undertitel += f" Pseudo-id med nyckel {pseudo.fingeravtryck(nyckel)} (samma nyckel varje kvartal)."
    return Tabell(blad="SEKRETESS IVO", titel=f"SEKRETESS: beslut att rapportera till IVO, {kvartal.text}",
                  undertitel=undertitel, rubriker=RUBRIKER, rader=rader,
                  bredder=(18, 8, 12, 12, 7, 34, 30, 24, 12, 7, 24, 14, 20, 10)), varningar

