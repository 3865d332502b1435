"""Korskoll rad för rad: evb-xl:s rapporteringsplikt mot det naiva skriptets (naiv.py).

    python bench/korskoll.py FIL.xlsx|MAPP [--kvartal 2024Q1]

Läser varje underlag två gånger: med evb_xl (underlag.las + bilagor.bedom, samma kod som
`evb-xl bilagor`) och med naiv.py (pandas + openpyxl, kolumnerna efter plats). Skriver antalen,
varje rad där de skiljer sig (med cellerna) och vilka rubriker evb-xl inte kände igen.
Slutar med returkod 1 om någon rad skiljer sig.
"""
import argparse
import sys
from collections import Counter
from pathlib import Path

from naiv import läs, rapporteringspliktiga

from evb_xl.lasning.underlag import las
from evb_xl.modell.beslut import bedom
from evb_xl.regler.kvartal import Kvartal


def jämför(fil: Path, kvartal: Kvartal, visa: int = 5):
    """(antal evb-xl, antal naivt, olika radnummer, okända rubriker)."""
    u = las(fil)
    b = bedom(u.tabell, kvartal, kvartal.slut)
    evb = dict(zip(u.tabell.rad.tolist(), b.rapporteringspliktig.tolist()))
    df = läs(fil)
    naiv = {i + u.rubrikrad + 1: f for i, f in enumerate(rapporteringspliktiga(df))}
    olika = sorted(r for r in evb.keys() | naiv.keys() if evb.get(r) != naiv.get(r))
    for r in olika[:visa]:
        celler = df.iloc[r - u.rubrikrad - 1].tolist() if r - u.rubrikrad - 1 < len(df) else "saknas"
        print(f"    rad {r}: evb-xl {evb.get(r)}, naivt {naiv.get(r)}: {celler}")
    return sum(evb.values()), sum(naiv.values()), olika, [r for _, r in u.ignorerade]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("underlag", type=Path)
    p.add_argument("--kvartal", default="2024Q1")
    a = p.parse_args()
    kvartal = Kvartal.tolka(a.kvartal)
    filer = sorted(a.underlag.glob("*.xlsx")) if a.underlag.is_dir() else [a.underlag]
    summa_evb = summa_naiv = filer_olika = 0
    okända = Counter()
    for fil in filer:
        n_evb, n_naiv, olika, ignorerade = jämför(fil, kvartal)
        summa_evb, summa_naiv = summa_evb + n_evb, summa_naiv + n_naiv
        okända.update(ignorerade)
        if olika or len(filer) == 1:
            print(f"  {fil.name}: evb-xl {n_evb}, naivt {n_naiv}, {len(olika)} rader skiljer sig")
        filer_olika += bool(olika)
    print(f"{len(filer)} underlag: evb-xl {summa_evb} rapporteringspliktiga, naivt {summa_naiv}; "
          f"{filer_olika} underlag med rader som skiljer sig")
    print(f"rubriker som evb-xl inte läste: {dict(okända) or 'inga'}")
    return 1 if filer_olika else 0


if __name__ == "__main__":
    sys.exit(main())
