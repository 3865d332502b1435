"""Tidigare bilagor (`<namn>_bilagor_<kvartal>.xlsx`) som underlag för trenden: Summa-raden
(män, kvinnor, ev. okänt kön) i varje Bilaga 1, per kvartal och lagrum; flera enheters bilagor för
samma kvartal läggs ihop."""

from __future__ import annotations

from pathlib import Path

from evb_xl.lasning.underlag import Kalaminbok, oppna
from evb_xl.modell import utfiler
from evb_xl.regler.kategorier import LSS, SOL, Konsgrupp
from evb_xl.regler.kvartal import Kvartal

_KON = {g.value: g for g in Konsgrupp}


def summor(filer: list[Path]) -> dict[Kvartal, dict]:
    """{kvartal: {(lagrum, Konsgrupp): antal}}."""
    per_kvartal: dict[Kvartal, dict] = {}
    for fil in filer:
        namn = utfiler.kvartal_i_bilagor(fil)
        if namn is None:
            raise ValueError(f"{Path(fil).name}: namnet säger inte vilket kvartal (…_bilagor_ÅÅÅÅQn.xlsx)")
        k = Kvartal.tolka(namn)
        bok = Kalaminbok(oppna(Path(fil)))
        try:
            blad = [b for b in bok.sheet_names if b.startswith("Bilaga 1")]
            if not blad:
                raise ValueError(f"{Path(fil).name}: inget blad Bilaga 1")
            for namn_ in blad:
                for nyckel, antal in _summa(bok.rader(namn_), namn_, Path(fil).name).items():
                    raknare = per_kvartal.setdefault(k, {})
                    raknare[nyckel] = raknare.get(nyckel, 0) + antal
        finally:
            bok.close()
    return per_kvartal


def _summa(rader: list[list], blad: str, fil: str) -> dict:
    """{(lagrum, kön): antal} ur Summa-raden på ett Bilaga 1-blad."""
    try:
        rubrik = next(i for i, r in enumerate(rader) if str(r[0]).endswith("-insats"))
        summa = next(r for r in rader if r and r[0] == "Summa")
    except StopIteration:
        raise ValueError(f"{fil}: bladet '{blad}' saknar rubriken ...-insats eller raden Summa") from None
    lag = SOL if blad.endswith("SoL") else LSS if blad.endswith("LSS") else str(rader[rubrik][0]).split("-")[0]
    under = [str(c).strip().lower() for c in rader[rubrik + 1]]
    return {(lag, man): int(summa[under.index(etikett)] or 0) for etikett, man in _KON.items() if etikett in under}
