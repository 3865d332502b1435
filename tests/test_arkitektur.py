"""Lagren i evb_xl syns i importerna (ARCHITECTURE.md): pilarna pekar bara nedåt, inga cykler, ingen
evb_xl-import inne i en funktion, reglerna importerar ingen läsare, skrivare, Excel eller kommandorad,
och ingen modul är orimligt lång."""

import ast
import importlib
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

PAKET = Path(__file__).resolve().parents[1] / "evb_xl"

# lager -> de lager det får importera (utöver sig självt)
TILLATNA = {
    "regler": set(),
    "modell": {"regler"},
    "lasning": {"regler", "modell"},
    "rapporter": {"regler", "modell"},
    "skrivning": {"regler", "modell"},
    "dörrar": {"regler", "modell", "lasning", "rapporter", "skrivning", "dörrar"},
}
IO_BIBLIOTEK = {"openpyxl", "python_calamine", "fastexcel", "xlwings", "click", "docx", "zipfile", "tqdm", "pandas",
                "subprocess", "tempfile", "shutil"}


def moduler() -> dict[str, Path]:
    ut = {}
    for fil in PAKET.rglob("*.py"):
        delar = fil.relative_to(PAKET.parent).with_suffix("").parts
        ut[".".join(delar[:-1] if delar[-1] == "__init__" else delar)] = fil
    return ut


def lager(modul: str) -> str:
    delar = modul.split(".")
    return delar[1] if len(delar) >= 2 and delar[1] in TILLATNA else "dörrar"


def importer(fil: Path) -> list[tuple[str, bool]]:
    """(importerad modul, står i en funktion) för varje import i filen."""
    trad = ast.parse(fil.read_text(encoding="utf-8"))
    ut = []

    def besok(nod, i_funktion):
        for barn in ast.iter_child_nodes(nod):
            inne = i_funktion or isinstance(barn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(barn, ast.Import):
                ut.extend((a.name, inne) for a in barn.names)
            elif isinstance(barn, ast.ImportFrom) and barn.module:
                ut.append((barn.module, inne))
                ut.extend((f"{barn.module}.{a.name}", inne) for a in barn.names)
            besok(barn, inne)

    besok(trad, False)
    return ut


MODULER = moduler()


def beroenden(modul: str) -> set[str]:
    return {m for m, _ in importer(MODULER[modul]) if m in MODULER and m != modul}


def test_ingen_evb_xl_import_i_en_funktion():
    i_funktion = [(m, imp) for m, fil in MODULER.items() for imp, inne in importer(fil)
                  if inne and imp.split(".")[0] == "evb_xl"]
    assert not i_funktion


@pytest.mark.parametrize("modul", sorted(MODULER))
def test_pilarna_pekar_nedat(modul):
    fel = [b for b in beroenden(modul) if lager(b) != lager(modul) and lager(b) not in TILLATNA[lager(modul)]]
    assert not fel, f"{modul} ({lager(modul)}) importerar {fel}"


def test_reglerna_importerar_ingen_lasare_skrivare_excel_eller_kommandorad():
    for modul, fil in MODULER.items():
        if lager(modul) in ("regler", "modell", "rapporter"):
            tredje = {imp.split(".")[0] for imp, _ in importer(fil)} & IO_BIBLIOTEK
            assert not tredje, f"{modul} importerar {tredje}"


def test_inga_cykler():
    graf = {m: beroenden(m) for m in MODULER}
    # ett paket importeras före sina moduler: räkna paketets __init__ som beroende också
    for m in MODULER:
        graf[m] |= {p for p in MODULER if m.startswith(p + ".") and p != "evb_xl"}
    farg, stack = {}, []

    def besok(m):
        farg[m] = 1
        stack.append(m)
        for b in graf[m]:
            if farg.get(b) == 1:
                raise AssertionError("cykel: " + " -> ".join(stack[stack.index(b):] + [b]))
            if b not in farg:
                besok(b)
        stack.pop()
        farg[m] = 2

    for m in sorted(graf):
        if m not in farg:
            besok(m)


@pytest.mark.parametrize("modul", sorted(MODULER))
def test_ingen_modul_over_450_rader(modul):
    assert len(MODULER[modul].read_text(encoding="utf-8").splitlines()) <= 450


@pytest.mark.parametrize("modul", sorted(MODULER))
def test_varje_modul_gar_att_importera(modul):
    importlib.import_module(modul)


def _namn(krav: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ ;\[]", k, maxsplit=1)[0].lower().replace("_", "-") for k in krav}


PROJEKT = tomllib.loads((PAKET.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
BEROENDEN = _namn(PROJEKT["dependencies"])  # det `pip install .` installerar
VALFRIA = _namn(PROJEKT["optional-dependencies"]["analys"])  # evb-xl[analys]


def test_varje_bibliotek_produkten_importerar_installeras_av_pip_install():
    """En import utanför standardbiblioteket kommer ur ett paket i `dependencies`, inte bara ur
    testernas extra: annars fungerar testerna men inte `pip install .`. Bara inne i en funktion får
    den komma ur det valfria tillägget `analys` (pandas, i evb_xl.las(...).beslut())."""
    distributioner = packages_distributions()
    saknas = set()
    for modul, fil in MODULER.items():
        for namn, i_funktion in importer(fil):
            topp = namn.split(".")[0]
            if topp in ("evb_xl", "__future__") or topp in sys.stdlib_module_names:
                continue
            paket = {d.lower().replace("_", "-") for d in distributioner.get(topp, [topp])}
            if not paket & (BEROENDEN | (VALFRIA if i_funktion else set())):
                saknas.add(f"{modul}: {topp}")
    assert not saknas, f"importeras men står inte i dependencies: {sorted(saknas)}"
