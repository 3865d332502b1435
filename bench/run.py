"""Mätsats för evb-xl (issue 5, 14): varje siffra och dess golv, mätta i samma körning.

    python bench/run.py [--snabb] [--upprepa N] [--bara stor|liten|mapp|formler] [--naiv]

Processer mäts som hela processer (`python -m evb_xl bilagor`, med repots evb_xl och kompilerad
bytekod): väggtid och högsta RSS (getrusage i en liten mätprocess). Varje mått körs i parade
varv tillsammans med sitt golv (Python startar och läser samma fil med python-calamine, och med
fastexcel om det finns); kvoten är medianen av varvens kvoter. Ett första varv räknas inte.
Indata cachas under $TMPDIR/evb_xl_bench/<hash av generera.py>, nycklat på storlek och frö.
"""
import argparse
import hashlib
import os
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
barn = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - t, barn.ru_maxrss * 1024, rc, barn.ru_utime + barn.ru_stime)
"""


def process(cmd):
    """(sekunder, högsta RSS i byte, returkod, sista raden på stdout, slutet av stderr, CPU-sekunder)."""
    p = subprocess.run([sys.executable, "-S", "-c", MÄTARE, *map(str, cmd)],
                       capture_output=True, text=True, check=True, cwd=BENCH.parent)
    utskrift, mätning = p.stdout.rstrip().rsplit("\n", 1)
    sekunder, rss, rc, cpu = mätning.split()
    return float(sekunder), int(rss), int(rc), utskrift.strip()[-300:], p.stderr[-800:], float(cpu)


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def mät(kommandon, upprepa, värm=True):
    """Kör {namn: kommando(utmapp)} omlott `upprepa` gånger (parade varv: i varje varv körs alla
    kommandon direkt efter varandra) och skriv ut medianen och högsta RSS för vart och ett.

    Ger ({namn: [sekunder per varv]}, {namn: högsta RSS}, {namn: sista utskriften}); ett
    kommando som misslyckas saknas. `värm`: ett första, oräknat varv (bytekoden kompileras,
    filerna hamnar i sidcachen)."""
    tider, rss, fel, utskrift = {}, {}, {}, {}
    for varv in range(upprepa + värm):
        for namn, kommando in kommandon.items():
            with tempfile.TemporaryDirectory() as ut:
                s, r, rc, utskrift[namn], stderr, cpu = process(kommando(ut))
            if rc:
                fel[namn] = f"misslyckades (returkod {rc}): {stderr.strip()}"
            elif varv or not värm:
                tider.setdefault(namn, []).append(s)
                CPU.setdefault(namn, []).append(cpu)
                rss[namn] = max(r, rss.get(namn, 0))
    for namn in kommandon:
        if namn in fel:
            tider.pop(namn, None)
            print(f"  {namn:<40} {fel[namn]}")
        else:
            t = tider[namn]
            print(f"  {namn:<40} {median(t):8.3f} s (median; {min(t):.3f}–{max(t):.3f})"
                  f"   CPU {median(CPU[namn]):7.3f} s   RSS {rss[namn] / 2**20:6.0f} MiB")
            sista = utskrift[namn].splitlines()[-1] if utskrift[namn] else ""
            if "rapporteringspliktiga" in sista:
                print(f"      {sista[:160]}")
    return tider, rss, utskrift


def evb_xl(*args, repo=None):
    """`python -m evb_xl bilagor ...` med repots evb_xl (PYTHONPATH sätts i main), eller med
    evb_xl i mappen `repo` (en annan version att jämföra med, i samma varv)."""
    if repo is None:
        return lambda ut: [sys.executable, "-m", "evb_xl", "bilagor", *args, "--kvartal", KVARTAL, "--ut", ut]
    kod = f"import sys; sys.path.insert(0, {str(repo)!r}); from evb_xl.cli import main; main()"
    return lambda ut: [sys.executable, "-c", kod, "bilagor", *args, "--kvartal", KVARTAL, "--ut", ut]


JÄMFÖR = []  # [mapp med en annan version av repot], från --jamfor


CPU = {}  # namn -> [CPU-sekunder (användare + system, processen och dess barn) per varv]


def kvot(tider, täljare, nämnare, text, mål=""):
    """Medianen av kvoterna i de parade varven, väggtid och CPU-tid (och kvoten av medianerna)."""
    if täljare not in tider or nämnare not in tider:
        return None
    par = median([a / b for a, b in zip(tider[täljare], tider[nämnare])])
    cpu = median([a / b for a, b in zip(CPU[täljare], CPU[nämnare])])
    print(f"  {text:<40} {par:8.2f}   (kvot av medianerna "
          f"{median(tider[täljare]) / median(tider[nämnare]):.2f}; CPU-tid {cpu:.2f})   {mål}")
    return par


CAL, FAST = "golv: python + calamine läser allt", "golv: python + fastexcel läser allt"


def golv(fil):
    kommandon = {CAL: lambda ut: [sys.executable, BENCH / "golv.py", fil]}
    try:
        import fastexcel  # noqa: F401
        kommandon[FAST] = lambda ut: [sys.executable, BENCH / "golv.py", "--fastexcel", fil]
    except ImportError:
        print("  (fastexcel saknas: pip install fastexcel för dess golv)")
    return kommandon


def en_fil(rader, upprepa, mål, naiv=False):
    print(f"\nEn arbetsbok: {rader} rader × 12 kolumner, median av {upprepa} parade varv")
    fil = cachad(f"underlag_{rader}r_s0.xlsx", lambda p: generera(p, rader, seed=0))
    kommandon = golv(fil)
    b = "evb-xl bilagor FIL"
    kommandon[b] = evb_xl(fil)
    for repo in JÄMFÖR:
        kommandon[f"evb-xl bilagor FIL ({Path(repo).name})"] = evb_xl(fil, repo=repo)
    if naiv:
        kommandon["naivt: pandas + loop"] = lambda ut: [sys.executable, BENCH / "naiv.py", fil]
    tider, rss, utskrift = mät(kommandon, upprepa)
    kvot(tider, b, CAL, "evb-xl / calamine-golvet", mål)
    kvot(tider, b, FAST, "evb-xl / fastexcel-golvet")
    for repo in JÄMFÖR:
        kvot(tider, f"evb-xl bilagor FIL ({Path(repo).name})", CAL, f"{Path(repo).name} / calamine-golvet")
        kvot(tider, b, f"evb-xl bilagor FIL ({Path(repo).name})", f"evb-xl / {Path(repo).name}")
    if naiv:
        kvot(tider, "naivt: pandas + loop", b, "naivt / evb-xl", "≥ 5")
    if b in rss:
        print(f"  {'högsta RSS evb-xl':<40} {rss[b] / GiB:8.2f} GiB  mål < 1 GiB")


def många_filer(filer, rader, upprepa):
    print(f"\nMånga arbetsböcker: {filer} filer × {rader} rader, {os.cpu_count()} kärnor, "
          f"median av {upprepa} parade varv")
    mapp = cachad(f"mapp_{filer}x{rader}_s0", lambda p: generera_mapp(p, filer, rader, seed=0))
    g = "golv: calamine + openpyxl per fil"
    kommandon = {g: lambda ut: [sys.executable, BENCH / "golv.py", mapp, ut],
                 "evb-xl bilagor MAPP": evb_xl(mapp)}
    for repo in JÄMFÖR:
        kommandon[f"evb-xl bilagor MAPP ({Path(repo).name})"] = evb_xl(mapp, repo=repo)
    tider, _, _ = mät(kommandon, upprepa)
    kvot(tider, "evb-xl bilagor MAPP", g, "evb-xl / golvet (läsa + skriva)", "mål ≤ 2")
    for repo in JÄMFÖR:
        kvot(tider, f"evb-xl bilagor MAPP ({Path(repo).name})", g, f"{Path(repo).name} / golvet")


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
    p.add_argument("--upprepa", type=int, default=None,
                   help="parade varv per mått (standard: 3 för stora, 7 för små, 3 för mappen)")
    p.add_argument("--bara", choices=("stor", "liten", "mapp", "formler"), action="append",
                   help="bara den delen (kan upprepas), t.ex. för att mäta om en störd del")
    p.add_argument("--naiv", action="store_true", help="mät också det naiva sättet (pandas) på den stora filen")
    p.add_argument("--jamfor", action="append", default=[], metavar="MAPP",
                   help="mät också evb_xl i MAPP (t.ex. en utcheckning av en äldre commit) i samma varv")
    a = p.parse_args()
    JÄMFÖR.extend(Path(m).resolve() for m in a.jamfor)
    # barnen ska köra repots evb_xl, med kompilerad bytekod som en installation har
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH.parent), os.environ.get("PYTHONPATH")]))
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    skala = 10 if a.snabb else 1
    print(f"evb-xl bench {time.strftime('%Y-%m-%d %H:%M')}, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} kärnor, last {os.getloadavg()[0]:.2f}")
    print(f"evb-xl: {version()}")
    print("Maskinen är delad: jämför kvoterna (parade varv), inte sekunderna.")
    delar = a.bara or ("stor", "liten", "mapp")
    if "stor" in delar:
        en_fil(100_000 // skala, a.upprepa or 3, "mål ≤ 1,5", a.naiv)
    if "liten" in delar:
        en_fil(500, a.upprepa or 7, "mål ≤ 5")
        en_fil(40, a.upprepa or 7, "")
    if "mapp" in delar:
        många_filer(1000 // skala, 50, a.upprepa or 3)
    if "formler" in delar:
        formler(100_000 // skala, a.upprepa or 3)


if __name__ == "__main__":
    main()
