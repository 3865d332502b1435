"""Lista per enhet med orsak och erbjudanden (som äldreomsorgens och IFO:s listor i SoL-handlingen),
utan identitet: ingen personuppgift och ingen kommentar, bara datum, insats, orsak och status."""

from __future__ import annotations

from datetime import date

import numpy as np

from evb_xl.modell import dokument
from evb_xl.modell.dokument import Dokument, Indata, Tabell
from evb_xl.modell.installningar import Installningar
from evb_xl.rapporter import fritext
from evb_xl.rapporter.huvud import huvud, lagrum_i, med_huvud
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.regler.frist import som_datum
from evb_xl.regler.kategorier import OKANT, ORSAK_SAKNAS
from evb_xl.regler.kvartal import Kvartal

RUBRIKER = ["Nr", "Kön", "Beslutsdatum", "Datum för avbrott", "Typ av bistånd", "Skäl (orsak)",
            "Datum för erbjudanden", "Status", "Verkställt/avslutat"]


def bladnamn(enhet: str, upptagna: set) -> str:
    return dokument.bladnamn(enhet, upptagna, fritext.UTAN_ENHET)


def tabeller(t, b, kvartal: Kvartal, matdatum: date, inst: Installningar | None = None) -> list[Tabell]:
    index = np.flatnonzero(b.rapporteringspliktig)
    enheter: dict[str, list] = {}
    for i in sorted(index, key=lambda i: (t.enhet[i], b.bas[i], int(t.rad[i]))):
        enheter.setdefault(fritext.enhet(t.enhet[i]), []).append(i)
    upptagna = {"översikt"}
    oversikt = Tabell(blad="Översikt", titel=f"Ej verkställda beslut per enhet, {kvartal.text}",
                      undertitel="Rapporteringspliktiga beslut per enhet, utan personuppgifter.",
                      rubriker=["Enhet", "Antal ej verkställda beslut", "varav kvarstår " + str(matdatum)],
                      rader=[[e, len(ix), int(b.oppen[ix].sum())] for e, ix in enheter.items()]
                      + [["Summa", len(index), int(b.oppen[index].sum())]], bredder=(40, 16, 16), summarad=True)
    ut = [oversikt]
    for enhet, ix in enheter.items():
        insatser = fritext.insatser(t, ix)
        rader = [[n, t.kon[i] or OKANT, som_datum(t.beslut[i]), som_datum(t.avbrott[i]), insatser[n - 1],
                  t.orsak[i] or ORSAK_SAKNAS, ", ".join(d.isoformat() for d in t.erbjudanden[i]), str(b.status[i]),
                  som_datum(b.stangd[i]) if not b.oppen[i] else None] for n, i in enumerate(ix, start=1)]
        ut.append(Tabell(blad=bladnamn(enhet, upptagna), titel=f"{enhet}: ej verkställda beslut, {kvartal.text}",
                         undertitel=f"Antal ej verkställda beslut: {len(ix)}", rubriker=RUBRIKER, rader=rader,
                         bredder=(5, 8, 12, 12, 34, 26, 30, 24, 14)))
    return med_huvud(ut, huvud(inst, kvartal, lagrum_i(t))) if inst is not None else ut


@registrera("enheter", titel="Per enhet", hjalp="""Lista per enhet med orsak och datum för erbjudanden, utan identitet.

    Skriver UT/<namn>_enheter_<kvartal>.xlsx.""",
            knapp=Knapp("evb_enheter", "Per enhet", "Besluten per enhet med orsak och datum för erbjudanden, utan "
                        "personuppgifter."))
def enheter(indata: Indata) -> Dokument:
    return Dokument(tabeller(indata.tabell, indata.bedomning, indata.kvartal, indata.matdatum, indata.installningar))
