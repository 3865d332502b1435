"""Var tiden går i `evb-xl bilagor FIL`, per fas (issue 5).

    python bench/profil.py FIL.xlsx|MAPP [--upprepa 3] [--cprofile 20]

Kör samma kod som kommandot (korning.kor) i en färsk process, med tidtagning runt
fasernas funktioner och Pythons skräpsamlare (gc.callbacks), bäst av --upprepa, med kommandots
egen gräns för skräpsamlaren (cli.main: gc.set_threshold(100_000, 50, 50)) och kompilerad
bytekod. En MAPP körs fil för fil i en process (en kärna). Python-uppstarten och hela
kommandot (`python -m evb_xl bilagor`, repots evb_xl) mäts som egna processer. --cprofile N skriver också de N funktioner som
tar mest egen tid (cProfile, en körning).
"""
import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARN = r"""
import gc, json, sys, time
gc_tid, gc_start = [0.0], [0.0]
def gc_klocka(fas, info):
    if fas == "start":
        gc_start[0] = time.perf_counter()
    else:
        gc_tid[0] += time.perf_counter() - gc_start[0]
gc.callbacks.append(gc_klocka)
t0 = time.perf_counter()
from evb_xl import cli
gc.set_threshold(100_000, 50, 50)  # som cli.main: profilen ska beskriva kommandot
from evb_xl import korning
from evb_xl.skrivning import fyll as skriv
from evb_xl.lasning import underlag
try:
    from evb_xl.lasning import bocker, snabblasning
except ImportError:  # en äldre evb_xl utan fastexcel-vägen
    bocker = snabblasning = None
from evb_xl.rapporter import bilagor
from evb_xl.skrivning import massrader
from evb_xl.skrivning import standardbok
tider = {"importer (evb_xl och det kommandot importerar i början)": time.perf_counter() - t0}
gc_tider = {}

def klocka(ägare, namn, fas):
    f = getattr(ägare, namn, None)
    if f is None:  # fasen finns inte (längre) i koden
        return
    def mätt(*a, **k):
        t, g = time.perf_counter(), gc_tid[0]
        try:
            return f(*a, **k)
        finally:
            tider[fas] = tider.get(fas, 0) + time.perf_counter() - t
            gc_tider[fas] = gc_tider.get(fas, 0) + gc_tid[0] - g
    setattr(ägare, namn, mätt)

klocka(skriv, "las_mall", "mallen byggs (openpyxl, i minnet)")
klocka((bocker or underlag).Kalaminbok, "rader", "bladet tolkas (calamine eller fastexcel)")
if snabblasning is not None:  # fastexcel tolkar bladet till Arrow (och sammanslagningarna ur XML i en tråd)
    klocka(snabblasning.Snabbok, "_las", "bladet tolkas (calamine eller fastexcel)")
klocka(korning, "las_underlag", "_läsning")
klocka(bilagor, "bygg", "bilagorna byggs (regler, Bilaga 1 och 2, Kontroll)")
klocka(skriv, "fyll", "mallen fylls (openpyxl-celler, första raden)")
try:
    from openpyxl.workbook.workbook import Workbook
    klocka(Workbook, "save", "mallen sparas (openpyxl)")
except ImportError:
    pass
klocka(massrader.Massrader, "skriv_in", "raderna som XML + zip")
# standardmallen utan openpyxl (standardbok.py, issue 14)
klocka(standardbok, "skriv", "standardboken byggs (celler, första raderna)")
klocka(standardbok, "lagg_in", "stora tabellernas rader som XML (lagg_in)")
klocka(standardbok.Standardbok, "save", "_spara")
fil, ut, cprof = sys.argv[1], sys.argv[2], int(sys.argv[3])
val = korning.Val(kvartal=korning.Kvartal.tolka("2024Q1"), ut=korning.Path(ut))
fil = korning.Path(fil)
filer = sorted(fil.glob("*.xlsx")) if fil.is_dir() else [fil]  # en mapp: fil för fil, en kärna
t, gc_tid[0] = time.perf_counter(), 0.0
if cprof:
    import cProfile, pstats
    p = cProfile.Profile()
    p.enable()
for f in filer:
    r = korning.kor(f, val)
    assert r.ok, r.fel
if cprof:
    p.disable()
    pstats.Stats(p, stream=sys.stderr).sort_stats("tottime").print_stats(cprof)
tider["_i processen"] = time.perf_counter() - t
LÄS, CAL = "läsning och normalisering (utom bladets tolkning)", "bladet tolkas (calamine eller fastexcel)"
tider.setdefault(CAL, 0.0)
gc_tider.setdefault(CAL, 0.0)
tider[LÄS] = tider.pop("_läsning") - tider[CAL]
gc_tider[LÄS] = gc_tider.pop("_läsning") - gc_tider[CAL]
gc_tider["_i processen"] = gc_tid[0]
if "_spara" in tider:
    XML = "stora tabellernas rader som XML (lagg_in)"
    tider["standardboken: övriga delar + zip"] = tider.pop("_spara") - tider.get(XML, 0)
    gc_tider["standardboken: övriga delar + zip"] = gc_tider.pop("_spara") - gc_tider.get(XML, 0)
print(json.dumps({f: (s, gc_tider.get(f, 0.0)) for f, s in tider.items()}))
"""


def vägg(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("fil", type=Path)
    p.add_argument("--upprepa", type=int, default=3)
    p.add_argument("--cprofile", type=int, default=0, metavar="N")
    a = p.parse_args()
    import os
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent),
                                                            os.environ.get("PYTHONPATH")]))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    bäst, gc, hela = {}, {}, {}
    for _ in range(a.upprepa):
        with tempfile.TemporaryDirectory() as ut:
            r = subprocess.run([sys.executable, "-c", BARN, a.fil, ut, "0"],
                               capture_output=True, text=True, check=True)
            for fas, (s, g) in json.loads(r.stdout).items():
                if s < bäst.get(fas, s + 1):
                    bäst[fas], gc[fas] = s, g
        for namn, cmd in (("python -c pass", [sys.executable, "-c", "pass"]),
                          ("python -m evb_xl bilagor", [sys.executable, "-m", "evb_xl"])):
            with tempfile.TemporaryDirectory() as ut:
                if namn != "python -c pass":
                    cmd = cmd + ["bilagor", str(a.fil), "--kvartal", "2024Q1", "--ut", ut]
                s = vägg(cmd)
            hela[namn] = min(s, hela.get(namn, s))
    mapp = a.fil.is_dir()
    antal = len(list(a.fil.glob("*.xlsx"))) if mapp else 1
    faser = [("python startar", hela["python -c pass"])]
    faser += [(f, s) for f, s in bäst.items() if not f.startswith("_")]
    faser.sort(key=lambda f: -f[1])
    faser.append(("övrigt i kor_bilagor", bäst["_i processen"]
                  - sum(s for f, s in bäst.items() if not f.startswith(("_", "imp")))))
    if mapp:  # kommandot kör på alla kärnor; andelarna gäller en kärna, fil för fil
        helt = sum(s for _, s in faser)
        print(f"{a.fil.name}: {antal} filer i en process på en kärna, bäst av {a.upprepa}: "
              f"{helt:.2f} s, {bäst['_i processen'] / antal * 1000:.1f} ms per fil")
    else:
        helt = hela["python -m evb_xl bilagor"]
        print(f"{a.fil.name}: bäst av {a.upprepa}; andel av hela kommandot ({helt:.2f} s)")
    enhet, skala = ("ms/fil", 1000 / antal) if mapp else ("s", 1)
    print(f"  {'fas':<58} {enhet:>8}  {'andel':>5}  varav gc (Pythons skräpsamlare)")
    for fas, s in faser:
        print(f"  {fas:<58} {s * skala:8.2f}  {s / helt:5.0%}  {gc.get(fas, 0) * skala:6.2f}")
    if not mapp:
        rest = helt - sum(s for _, s in faser)
        print(f"  {'resten (click, sökvägar, processens slut)':<58} {rest:8.2f}  {rest / helt:5.0%}")
    g = gc["_i processen"]
    print(f"  {'gc i hela kor_bilagor':<58} {g * skala:8.2f}  {g / helt:5.0%}")
    for namn, s in hela.items():
        print(f"  {'hela: ' + namn:<58} {s:6.2f} s")
    if a.cprofile:
        with tempfile.TemporaryDirectory() as ut:
            r = subprocess.run([sys.executable, "-c", BARN, a.fil, ut, str(a.cprofile)],
                               capture_output=True, text=True, check=True)
        print(r.stderr)


if __name__ == "__main__":
    main()
