"""Mätsats för evb-xl (issue 5): varje siffra och dess kvot, mätta i samma körning.

    python bench/run.py [--snabb] [--upprepa 3] [--bara fil|mapp|formler]

Processer mäts som hela processer: väggtid, bäst av --upprepa, körda omlott så att lasten på
en delad maskin träffar alla lika, och högsta RSS (getrusage i en liten mätprocess). Indata
cachas under $TMPDIR/evb_xl_bench/<hash av generera.py>, nycklat på storlek och frö.
"""
import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from generera import generera, generera_mapp
from naiv import edate

BENCH = Path(__file__).resolve().parent
CACHE = (Path(tempfile.gettempdir()) / "evb_xl_bench"
         / hashlib.sha1((BENCH / "generera.py").read_bytes()).hexdigest()[:8])
KVARTAL = "2024Q1"
GiB = 1024**3


def cachad(namn, skapa):
    """Sökvägen CACHE/namn, skapad med skapa(tillfällig sökväg) om den saknas."""
    mål = CACHE / namn
    if not mål.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = CACHE / f"tmp{os.getpid()}_{namn}"
        t = time.perf_counter()
        skapa(tmp)
        tmp.rename(mål)
        print(f"  genererade {mål.name} på {time.perf_counter() - t:.1f} s")
    return mål


# Mäter en process från en liten, färsk Python: Linux för en förälders högsta RSS vidare till
# barnet vid fork+exec, så wait4 direkt härifrån skulle räkna in den här processens minne.
MÄTARE = """import resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:]).returncode
print()  # utskriften slutar kanske inte på radbrytning
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, rc)
"""


def process(cmd):
    """(sekunder, högsta RSS i byte, returkod, sista raden på stdout, slutet av stderr)."""
    p = subprocess.run([sys.executable, "-S", "-c", MÄTARE, *map(str, cmd)],
                       capture_output=True, text=True, check=True)
    utskrift, mätning = p.stdout.rstrip().rsplit("\n", 1)
    sekunder, rss, rc = mätning.split()
    return float(sekunder), int(rss), int(rc), utskrift.strip()[-300:], p.stderr[-800:]


def mät(kommandon, upprepa):
    """Kör {namn: kommando(utmapp)} omlott `upprepa` gånger och skriv ut varje resultat.

    Ger ({namn: (bästa sekunder, högsta RSS)}, {namn: sista utskriften}); ett kommando som
    misslyckas saknas i det första."""
    bäst, fel, utskrift = {}, {}, {}
    for _ in range(upprepa):
        for namn, kommando in kommandon.items():
            with tempfile.TemporaryDirectory() as ut:
                s, rss, rc, utskrift[namn], stderr = process(kommando(ut))
            if rc:
                fel[namn] = f"misslyckades (returkod {rc}): {stderr.strip()}"
            else:
                s0, rss0 = bäst.get(namn, (s, rss))
                bäst[namn] = min(s, s0), max(rss, rss0)
    for namn in kommandon:
        if namn in fel:
            bäst.pop(namn, None)
            print(f"  {namn:<36} {fel[namn]}")
        else:
            print(f"  {namn:<36} {bäst[namn][0]:8.2f} s   RSS {bäst[namn][1] / 2**20:6.0f} MiB")
            if utskrift[namn]:
                print(f"      {utskrift[namn].splitlines()[-1]}")
    return bäst, utskrift


def evb_xl(*args):
    """En kommandobyggare för evb-xl bilagor, eller None (och ett meddelande) om det saknas."""
    cmd = shutil.which("evb-xl")
    if cmd is None:
        print("  evb-xl: ej tillgängligt ännu (saknas på PATH; pip install -e . i repot)")
        return None
    return lambda ut: [cmd, "bilagor", *args, "--kvartal", KVARTAL, "--ut", ut]


def kvot(r, täljare, nämnare, text, mål):
    if täljare in r and nämnare in r:
        print(f"  {text:<36} {r[täljare][0] / r[nämnare][0]:8.2f}     mål {mål}")


def en_stor_fil(rader, upprepa):
    print(f"\nEn stor arbetsbok: {rader} rader × 12 kolumner")
    fil = cachad(f"underlag_{rader}r_s0.xlsx", lambda p: generera(p, rader, seed=0))
    a, b, c = "(a) golv: calamine läser allt", "(b) evb-xl bilagor FIL", "(c) naivt: pandas + loop"
    kommandon = {a: lambda ut: [sys.executable, BENCH / "golv.py", fil]}
    if evb := evb_xl(fil):
        kommandon[b] = evb
    kommandon[c] = lambda ut: [sys.executable, BENCH / "naiv.py", fil]
    r, utskrift = mät(kommandon, upprepa)
    kvot(r, b, a, "(b)/(a)", "≤ 2")
    kvot(r, c, b, "(c)/(b)", "≥ 5")
    kvot(r, c, a, "(c)/(a)", "(referens)")
    if b in r:
        print(f"  {'högsta RSS (b)':<36} {r[b][1] / GiB:8.2f} GiB  mål < 1 GiB")
    antal = {n: re.search(r"(\d+) rapporteringspliktiga", utskrift.get(n, "")) for n in (b, c)}
    if all(antal.values()):
        evb, naiv = (int(antal[n][1]) for n in (b, c))
        print(f"  {'rapporteringspliktiga (b) och (c)':<36} {evb} och {naiv}: "
              + ("samma" if evb == naiv else "OLIKA, se python bench/korskoll.py FIL"))


def många_filer(filer, rader, upprepa):
    print(f"\nMånga arbetsböcker: {filer} filer × {rader} rader, {os.cpu_count()} kärnor")
    mapp = cachad(f"mapp_{filer}x{rader}_s0", lambda p: generera_mapp(p, filer, rader, seed=0))
    golv = "golv: calamine + openpyxl per fil"
    kommandon = {golv: lambda ut: [sys.executable, BENCH / "golv.py", mapp, ut]}
    if evb := evb_xl(mapp):
        kommandon["evb-xl bilagor MAPP"] = evb
    r, _ = mät(kommandon, upprepa)
    kvot(r, "evb-xl bilagor MAPP", golv, "evb-xl / golv", "≤ 3")


def bäst_av(upprepa, f, arg):
    tider = []
    for _ in range(upprepa):
        t = time.perf_counter()
        f(arg)
        tider.append(time.perf_counter() - t)
    return min(tider)


def formler(rader, upprepa):
    print(f"\nFormler i processen: en kolumn med {rader} datum (lista av listor, som från xlwings)")
    start = datetime(2022, 1, 1)
    kolumn = [[start + timedelta(days=(i * 7919) % 730)] for i in range(rader)]
    naiv = bäst_av(upprepa, lambda k: [[edate(rad[0])] for rad in k], kolumn)
    print(f"  {'naiv UDF: EDATE per rad i Python':<36} {naiv / rader * 1e6:8.2f} µs/rad")
    try:
        from evb_xl.udf import EVB_FRIST
    except ImportError as fel:
        print(f"  EVB_FRIST: ej tillgänglig ännu ({fel})")
        return
    try:
        evb = bäst_av(upprepa, EVB_FRIST, kolumn)
    except Exception as fel:  # noqa: BLE001 - vilket fel som helst ska synas, resten mäts ändå
        print(f"  EVB_FRIST: misslyckades: {fel!r}")
        return
    print(f"  {'evb_xl.udf.EVB_FRIST':<36} {evb / rader * 1e6:8.2f} µs/rad")
    print(f"  {'naiv / EVB_FRIST':<36} {naiv / evb:8.2f}")


def version():
    """Versionen som mäts: commit och om evb_xl/ har ändringar som inte är incheckade."""
    try:
        git = ["git", "-C", str(BENCH.parent)]
        commit = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        ändrat = subprocess.run(git + ["status", "--porcelain", "--", "evb_xl"],
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "okänd (inget git)"
    return commit + (" med ändringar i evb_xl/ som inte är incheckade" if ändrat else "")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--snabb", action="store_true", help="mindre storlekar, för en snabb koll")
    p.add_argument("--upprepa", type=int, default=3, help="körningar per mått (bästa räknas)")
    p.add_argument("--bara", choices=("fil", "mapp", "formler"), action="append",
                   help="bara den delen (kan upprepas), t.ex. för att mäta om en störd del")
    a = p.parse_args()
    skala = 10 if a.snabb else 1
    print(f"evb-xl bench {time.strftime('%Y-%m-%d %H:%M')}, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} kärnor, last {os.getloadavg()[0]:.2f}, bäst av {a.upprepa}")
    print(f"evb-xl: {version()}")
    delar = a.bara or ("fil", "mapp", "formler")
    if "fil" in delar:
        en_stor_fil(100_000 // skala, a.upprepa)
    if "mapp" in delar:
        många_filer(1000 // skala, 50, a.upprepa)
    if "formler" in delar:
        formler(100_000 // skala, a.upprepa)


if __name__ == "__main__":
    main()
