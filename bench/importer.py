"""Importträdet för `import evb_xl.cli`: de tyngsta modulerna efter kumulativ tid.

    python bench/importer.py [--antal 30] [--upprepa 5]

Kör `python -X importtime -c "import evb_xl.cli"` --upprepa gånger (med repots evb_xl och
kompilerad bytekod) och skriver medianen per modul, sorterad efter kumulativ tid.
"""
import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def en_gang(modul):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {modul}"], env=env, cwd=REPO,
                       capture_output=True, text=True, check=True)
    ut = {}
    for rad in r.stderr.splitlines():
        if not rad.startswith("import time:") or "cumulative" in rad:
            continue
        egen, kum, namn = rad.split(":", 1)[1].split("|")
        djup = len(namn) - len(namn.lstrip())
        ut[namn.strip()] = (int(egen), int(kum), djup)
    return ut


CPU = ("import resource, time; t = time.process_time(); import {modul}; "
       "print(time.process_time() - t)")


def cpu_tid(modul):
    """CPU-sekunder för importen i en ny process (tål en belastad maskin bättre än väggtiden)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    r = subprocess.run([sys.executable, "-c", CPU.format(modul=modul)], env=env, cwd=REPO,
                       capture_output=True, text=True, check=True)
    return float(r.stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--antal", type=int, default=30)
    p.add_argument("--upprepa", type=int, default=5)
    p.add_argument("--modul", default="evb_xl.cli")
    a = p.parse_args()
    en_gang(a.modul)  # bytekoden
    korningar = [en_gang(a.modul) for _ in range(a.upprepa)]
    namn = korningar[0]
    median = {n: (statistics.median(k[n][0] for k in korningar if n in k),
                  statistics.median(k[n][1] for k in korningar if n in k), namn[n][2]) for n in namn}
    topp = median[a.modul][1]
    cpu = statistics.median(cpu_tid(a.modul) for _ in range(a.upprepa))
    print(f"import {a.modul}: {topp / 1000:.0f} ms väggtid, {cpu * 1000:.0f} ms CPU-tid (medianer av {a.upprepa}), "
          f"{len(namn)} moduler")
    print(f"{'kumulativt':>10} {'egen':>7}  modul")
    for n, (egen, kum, djup) in sorted(median.items(), key=lambda x: -x[1][1])[:a.antal]:
        print(f"{kum / 1000:8.1f} ms {egen / 1000:5.1f} ms  {' ' * (djup - 1)}{n}")


if __name__ == "__main__":
    main()
