"""Tidigare bilagor (`<namn>_bilagor_<kvartal>.xlsx`) som underlag för trenden: Summa (män,
kvinnor, ev. okänt kön) i varje Bilaga 1, per kvartal och lagrum; flera enheters bilagor för
samma kvartal läggs ihop.

Summorna och kvartalet läses ur bilagornas märke (dokumentegenskapen som skrivningen sätter,
lasning.egenskaper), inte ur bladen. Bara bilagor från en äldre evb-xl, utan märket, läses ur
bladen: raden Summa under rubriken `...-insats`, kvartalet ur filnamnet."""

from __future__ import annotations

from pathlib import Path

from evb_xl.lasning import egenskaper
from evb_xl.lasning.underlag import Kalaminbok, oppna
from evb_xl.modell import utfiler
from evb_xl.regler.kategorier import LSS, SOL, Konsgrupp
from evb_xl.regler.kvartal import Kvartal

_KON = {g.value: g for g in Konsgrupp}


def summor(filer: list[Path]) -> dict[Kvartal, dict]:
    """{kvartal: {(lagrum, Konsgrupp): antal}}."""
    per_kvartal: dict[Kvartal, dict] = {}
    for fil in filer:
        for nyckel, antal in _antal(Path(fil)).items():
            raknare = per_kvartal.setdefault(nyckel[0], {})
            raknare[nyckel[1:]] = raknare.get(nyckel[1:], 0) + antal
    return per_kvartal


def _antal(fil: Path) -> dict:
    """{(kvartal, lagrum, Konsgrupp): antal} för en fil: ur märket, annars ur bladen."""
    markt = egenskaper.summor(fil)
    if markt is not None:
        kvartal, summor = markt
        k = Kvartal.tolka(kvartal)
        return {(k, lag, _KON[kon]): n for lag, per in summor.items() for kon, n in per.items() if kon in _KON}
    return _ur_bladen(fil)


def _ur_bladen(fil: Path) -> dict:
    """Bilagor från en äldre evb-xl, utan märket: Summa-raden i varje Bilaga 1-blad."""
    ut: dict = {}
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
            for (lag, kon), antal in _summa(bok.rader(namn_), namn_, Path(fil).name).items():
                ut[(k, lag, kon)] = ut.get((k, lag, kon), 0) + antal
    finally:
        bok.close()
    return ut


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
