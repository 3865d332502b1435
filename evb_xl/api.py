"""Dörren för analytiker: underlaget som en pandas-tabell, efter samma regler som bilagorna.

    import evb_xl
    u = evb_xl.las("underlag.xlsx")
    df = u.beslut("2024Q1")          # en rad per beslut i listan

Läsningen är kommandoradens (lasning.underlag.las, inställningarna i samma ordning: standard,
underlagets blad Inställningar, sedan argumenten) och reglerna modellens (modell.beslut.bedom).
Här översätts bara till en DataFrame. pandas är ett valfritt tillägg (`pip install -e
'.[analys]'` i repots mapp) och importeras först i `.beslut()`, så `import evb_xl` drar aldrig in det.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from evb_xl.lasning.underlag import LasFel
from evb_xl.lasning.underlag import las as las_underlag
from evb_xl.modell.beslut import Beslutstabell, bedom
from evb_xl.modell.fynd import VARNING
from evb_xl.modell.installningar import Installningar
from evb_xl.modell.underlag import Underlag
from evb_xl.regler import datum
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import OKANT, kategorinamn
from evb_xl.regler.kategorier import lagrum as tolka_lagrum
from evb_xl.regler.kvartal import Kvartal

KOLUMNER = ("rad", "lagrum", "insats", "kon", "beslutsdatum", "avbrottsdatum", "frist", "dagar", "manader",
            "vantetid", "status", "rapporteras")
IDENTITET = ("personnummer",)
_VISA_FEL = 50


@dataclass(repr=False)
class Analysunderlag:
    """Ett läst underlag. `beslut(kvartal)` ger besluten som en DataFrame."""

    underlag: Underlag
    idag: date

    def __repr__(self) -> str:  # kort, och aldrig cellernas innehåll
        return f"<evb_xl underlag {self.fil}, blad '{self.blad}', {len(self.tabell)} beslut>"

    @property
    def fil(self) -> str:
        return self.underlag.fil

    @property
    def blad(self) -> str:
        return self.underlag.blad

    @property
    def tabell(self) -> Beslutstabell:
        return self.underlag.tabell

    @property
    def installningar(self) -> Installningar:
        return self.underlag.installningar

    @property
    def varningar(self) -> list[str]:
        """Varningarna som Kontroll listar (okänt kön, okänd insats, datum som inte räknas ...)."""
        return [self.underlag.meddelande(f) for f in self.underlag.fynd if f.niva == VARNING]

    def kvartal_och_matdatum(self, kvartal=None, matdatum=None) -> tuple[Kvartal, date]:
        """Som kommandoraden: argumentet, annars bladet Inställningar, annars standard (det senast
        avslutade kvartalet; kvartalets sista dag)."""
        inst = self.installningar.med(
            "argument",
            kvartal=Kvartal.tolka(kvartal) if kvartal is not None else None,
            matdatum=_datum(matdatum),
        )
        k = inst.kvartal or Kvartal.senast_avslutade(self.idag)
        return k, k.matdatum(inst.matdatum)

    def beslut(self, kvartal=None, matdatum=None, identitet: bool = False):
        """En rad per beslut i listan, med kolumnerna i KOLUMNER (och personnummer med
        `identitet=True`). `status` är som EVB_STATUS: vid mätdatum, eller 'ej
        rapporteringspliktig'; `dagar` och `manader` till stängningen eller mätdatum."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("pandas behövs för .beslut(): pip install pandas (eller pip install -e '.[analys]' i repots mapp)") from None

        k, mat = self.kvartal_och_matdatum(kvartal, matdatum)
        t = self.tabell
        b = bedom(t, k, mat)
        data = {
            "rad": t.rad,
            "lagrum": pd.array(t.lagrum, dtype=object),
            "insats": [kategorinamn(kat) for kat in t.kategori],
            "kon": [kon or OKANT for kon in t.kon],
            "beslutsdatum": t.beslut,
            "avbrottsdatum": t.avbrott,
            "frist": b.frist,
            "dagar": pd.array(_heltal(b.dagar), dtype="Int64"),
            "manader": pd.array(_heltal(b.manader), dtype="Int64"),
            "vantetid": regler.vantetid(b.manader).astype(object),
            "status": np.where(b.rapporteringspliktig, b.status, regler.EJ_RAPPORTERINGSPLIKTIG).astype(object),
            "rapporteras": b.rapporteringspliktig.astype(bool),
        }
        if identitet:
            data["personnummer"] = list(t.person)
        df = pd.DataFrame(data)
        df.attrs.update(kvartal=str(k), matdatum=mat, fil=self.fil)
        return df


def _heltal(varden: np.ndarray) -> list:
    return [None if np.isnan(v) else int(v) for v in varden]


def _datum(varde) -> date | None:
    return None if varde is None else datum.datum(varde)


def las(sokvag: Path | str, *, lagrum: str | None = None, idag: date | None = None) -> Analysunderlag:
    """Läs ett underlag (.xlsx/.xlsm) som kommandoraden läser det. Ett fel i underlaget (oläsbart
    datum, rad utan basdatum, lagrum som inte går att avgöra) ger LasFel med alla fel på en gång,
    som `evb-xl kontroll`; `lagrum` gäller rader där varken cell eller insatstext avgör (--lagrum)."""
    idag = idag or date.today()
    if lagrum is not None and tolka_lagrum(lagrum) is None:
        raise ValueError(f"okänt lagrum '{lagrum}' (LSS eller SoL)")
    u = las_underlag(Path(sokvag), Installningar(), idag, {"lagrum": tolka_lagrum(lagrum)})
    fel = [u.meddelande(f) for f in u.fel]
    if fel:
        visa = fel[:_VISA_FEL] + ([f"... och {len(fel) - _VISA_FEL} fel till"] if len(fel) > _VISA_FEL else [])
        raise LasFel(f"{u.fil}: {len(fel)} fel i underlaget:\n" + "\n".join(visa))
    return Analysunderlag(u, idag)
