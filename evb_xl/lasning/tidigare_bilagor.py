"""Tidigare bilagor (`<namn>_bilagor_<kvartal>.xlsx`) som underlag för trenden och skrivelsens
jämförelse: Summa (män, kvinnor, ev. okänt kön) i varje Bilaga 1 per lagrum, och vad de räknade.

Allt läses ur bilagornas märke (dokumentegenskapen som skrivningen sätter, lasning.egenskaper,
modell.utfiler.Bilagemarke): kvartal, summor, antal (rapporterade eller kvarstående), nämnd,
diarienummer och lagrum. Bilagor från en äldre evb-xl läses så långt det går:

- utan märket: summorna ur bladen (raden Summa under rubriken `...-insats`), kvartalet ur
  filnamnet, antal ur kolumnrubriken ("Antal ej verkställda beslut (kvarstående ...)");
- med ett märke utan antal (version 1): antal ur kolumnrubriken på bladen.

Nämnd och diarienummer går inte att läsa säkert ur bladen (en egen mall lägger dem var som helst):
de är då None (okänt), och den som läser märket säger till där det spelar roll."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evb_xl.lasning import egenskaper
from evb_xl.lasning.underlag import Kalaminbok, oppna
from evb_xl.modell import utfiler
from evb_xl.modell.installningar import KVARSTAENDE, RAPPORTERADE
from evb_xl.modell.utfiler import Bilagemarke
from evb_xl.regler.kategorier import LSS, SOL, Konsgrupp

_KON = {g.value: g for g in Konsgrupp}


def las(filer: list[Path]) -> list[Bilagemarke]:
    """Ett märke per fil, i filernas ordning. ValueError (med filens namn) när en fil inte går att läsa."""
    return [las_en(Path(f)) for f in filer]


def las_en(fil: Path) -> Bilagemarke:
    markt = egenskaper.bilagemarke(fil)
    if markt is None:
        return _ur_bladen(fil)
    if markt.antal is None:  # märke från en äldre evb-xl: antal står bara på bladen
        markt = replace(markt, antal=_ur_bladen(fil, bara_antal=True).antal)
    return markt


def _ur_bladen(fil: Path, bara_antal: bool = False) -> Bilagemarke:
    """Bilagor från en äldre evb-xl: Summa-raden och antalets rubrik i varje Bilaga 1-blad."""
    namn = utfiler.kvartal_i_bilagor(fil)
    if namn is None and not bara_antal:
        raise ValueError(f"{Path(fil).name}: namnet säger inte vilket kvartal (…_bilagor_ÅÅÅÅQn.xlsx)")
    summor: dict = {}
    antal: set = set()
    bok = Kalaminbok(oppna(Path(fil)))
    try:
        blad = [b for b in bok.sheet_names if b.startswith("Bilaga 1")]
        if not blad:
            raise ValueError(f"{Path(fil).name}: inget blad Bilaga 1")
        for namn_ in blad:
            rader = bok.rader(namn_)
            antal |= {a for a in map(_antal_i, rader[:40]) if a}
            if bara_antal:
                continue
            for (lag, kon), n in _summa(rader, namn_, Path(fil).name).items():
                per = summor.setdefault(lag, {})
                per[kon] = per.get(kon, 0) + n
    finally:
        bok.close()
    return Bilagemarke(fil=Path(fil).name, kvartal=namn or "", summor=summor,
                       antal=antal.pop() if len(antal) == 1 else None)


def _antal_i(rad: list) -> str | None:
    """Antalets definition ur Bilaga 1:s kolumnrubrik (skrivning.bilagetext.antal_rubrik), om raden har den."""
    for cell in rad:
        text = str(cell or "").lower()
        if text.startswith("antal ej verkställda beslut ("):
            return KVARSTAENDE if "(kvarstående" in text else RAPPORTERADE if "(rapporterade" in text else None
    return None


def _summa(rader: list[list], blad: str, fil: str) -> dict:
    """{(lagrum, kön): antal} ur Summa-raden på ett Bilaga 1-blad (kön som text: män, kvinnor ...)."""
    try:
        rubrik = next(i for i, r in enumerate(rader) if str(r[0]).endswith("-insats"))
        summa = next(r for r in rader if r and r[0] == "Summa")
    except StopIteration:
        raise ValueError(f"{fil}: bladet '{blad}' saknar rubriken ...-insats eller raden Summa") from None
    lag = SOL if blad.endswith("SoL") else LSS if blad.endswith("LSS") else str(rader[rubrik][0]).split("-")[0]
    under = [str(c).strip().lower() for c in rader[rubrik + 1]]
    return {(lag, etikett): int(summa[under.index(etikett)] or 0) for etikett in _KON if etikett in under}
