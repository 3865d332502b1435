"""Kommandoraden på svenska hela vägen: varje kommando med --help och med de vanliga felen (argument
som saknas, okänd flagga, flagga utan sitt värde, värde till en flagga som inte tar något, fel val,
fil som inte finns, argument för mycket). Inget av click:s engelska texter får synas.

Listan över click:s engelska texter byggs ur click:s egen källkod (varje text till gettext, `_()`
och `ngettext()`, och typernas namn som click gör till metavar, t.ex. TEXT och INTEGER), så att en
ny text i en ny click-version fångas här utan att någon skrivit in den."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from hjalp import evb_process, miljo

# ord som är svenska också, och som click:s katalog råkar ha som ett helt fragment
_OCKSA_SVENSKA = {"version"}


@cache
def click_engelska() -> tuple[list[str], list[str]]:
    """(fragment ur click:s gettext-texter, typnamn som metavar med versaler) ur click:s källkod."""
    mapp = Path(find_spec("click").origin).parent
    texter, typer = set(), set()
    for fil in mapp.glob("*.py"):
        trad = ast.parse(fil.read_text(encoding="utf-8"))
        for nod in ast.walk(trad):
            if isinstance(nod, ast.Call) and getattr(nod.func, "id", None) in ("_", "ngettext"):
                texter |= {a.value for a in nod.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            if fil.name == "types.py" and isinstance(nod, ast.ClassDef):  # name = "text", "integer" ...
                for sats in nod.body:
                    if (isinstance(sats, ast.Assign) and [getattr(m, "id", None) for m in sats.targets] == ["name"]
                            and isinstance(sats.value, ast.Constant)):
                        typer.add(sats.value.value.upper())
    for text in ("file", "directory", "path"):  # click.Path:s namn (gettext) blir också metavar
        typer.add(text.upper())
    fragment = set()
    for text in texter:
        for del_ in re.split(r"\{[^}]*\}|%\([^)]*\)[sd]|[\n\t]", text):
            del_ = del_.strip(" .,:;!?()'\"")
            if len(del_) >= 3 and re.search(r"[A-Za-z]{3}", del_) and del_ not in _OCKSA_SVENSKA:
                fragment.add(del_)
    return sorted(fragment), sorted(typer)


def engelska_i(text: str) -> list[str]:
    """click:s engelska fragment som står i `text` (hela ord, skiftläget som i click)."""
    fragment, typer = click_engelska()
    return [f for f in [*fragment, *typer] if re.search(rf"(?<![\wÅÄÖåäö]){re.escape(f)}(?![\wÅÄÖåäö])", text)]


def test_listan_ur_click_har_de_kanda_texterna():
    """Listan byggs ur källkoden: de texter användare sett på engelska finns med, som kontroll av listan."""
    fragment, typer = click_engelska()
    for kand in ("Missing argument", "No such option", "Show this message and exit", "Usage", "Options",
                 "Commands", "does not take a value", "requires an argument", "Got unexpected extra argument",
                 "Invalid value for"):
        assert kand in fragment, kand
    assert {"TEXT", "INTEGER", "FILE", "PATH", "DIRECTORY"} <= set(typer)
    assert "requires an argument" in engelska_i("evb-xl: Option '--kvartal' requires an argument.")
    assert engelska_i("  --namnd TEXT   Nämndens namn") == ["TEXT"]
    assert engelska_i("filen 'x' finns inte; Text som börjar med =") == []


# Körs i en egen process med evb-xl:s main(), ett anrop per kommandorad (en process för alla, så att
# testet tar sekunder och inte minuter): {"argv": [...], "kod": slutkod, "ut": stdout, "fel": stderr}.
_KOR_ALLA = r"""
import contextlib, io, json, sys
from evb_xl.cli import main
fall = json.loads(sys.argv[1])
svar = []
for argv in fall:
    ut, fel = io.StringIO(), io.StringIO()
    kod = 0
    with contextlib.redirect_stdout(ut), contextlib.redirect_stderr(fel):
        try:
            kod = main(argv)
        except SystemExit as e:
            kod = e.code
    svar.append({"argv": argv, "kod": kod, "ut": ut.getvalue(), "fel": fel.getvalue()})
print(json.dumps(svar))
"""

_VARDEN = {  # flaggor med ett värde som inte går -> värdet
    "--kvartal": "2024Q5", "--antal": "alla", "--orsaker": "flera-ibland", "--matdatum": "2024-13-01",
    "--lagrum": "HSL", "--antal-kvartal": "många", "--variant": "X",
}


def fall(tmp_path: Path) -> list[list[str]]:
    """Varje kommando med --help och de vanliga felen."""
    import click

    from evb_xl.cli import cli

    finns_inte = str(tmp_path / "finns_inte.xlsx")
    mapp = str(tmp_path)
    ut = [[], ["--help"], ["-h"], ["bilagr"], ["--finns-inte"], ["--version", "extra"]]
    with click.Context(cli) as ctx:
        for namn in cli.list_commands(ctx):
            k = cli.get_command(ctx, namn)
            argument = [p for p in k.params if isinstance(p, click.Argument)]
            flaggor = [p for p in k.params if isinstance(p, click.Option) and p.opts[0] != "--help"]
            arg = [finns_inte] if argument else []
            ut += [[namn, "--help"], [namn, "--finns-inte", *arg]]
            if argument:
                ut += [[namn], [namn, finns_inte]]  # argumentet saknas; filen finns inte
            else:
                ut.append([namn, "extra"])  # argument för mycket
            for p in flaggor:
                flagga = p.opts[0]
                if p.is_flag:
                    ut.append([namn, f"{flagga}=ja", *arg])  # en flagga som fått ett värde
                    continue
                ut.append([namn, *arg, flagga])  # flaggan utan sitt värde
                if flagga in _VARDEN:
                    ut.append([namn, flagga, _VARDEN[flagga], *arg])  # fel val
                if flagga in ("--mall", "--nyckel"):
                    ut.append([namn, flagga, finns_inte, *arg, *(["--pseudo-id"] if flagga == "--nyckel" else [])])
                    ut.append([namn, flagga, mapp, *arg, *(["--pseudo-id"] if flagga == "--nyckel" else [])])
                if flagga == "--ut":
                    ut.append([namn, *arg, flagga, str(Path(__file__))])  # en fil, inte en mapp
    return ut


def test_varje_kommando_och_varje_vanligt_fel_pa_svenska(tmp_path):
    kommandorader = fall(tmp_path)
    p = subprocess.run([sys.executable, "-c", _KOR_ALLA, json.dumps(kommandorader)], capture_output=True,
                       text=True, env=miljo(), timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    svar = json.loads(p.stdout.strip().splitlines()[-1])
    assert len(svar) == len(kommandorader) > 100
    engelska = {}
    for s in svar:
        text = s["ut"] + s["fel"]
        assert text.strip(), s["argv"]
        hjalp = any(a in ("--help", "-h") for a in s["argv"])
        if hjalp:
            assert s["kod"] == 0 and ("Användning:" in text and "Flaggor:" in text), s
        elif s["argv"] != ["--version", "extra"]:  # --version avslutar innan argumenten läses
            assert s["kod"] in (1, 2) and "evb-xl" in text, s
        if engelska_i(text):
            engelska[" ".join(s["argv"]).replace(str(tmp_path), "TMP")] = (engelska_i(text), text[:300])
    assert not engelska, "\n".join(f"evb-xl {k}: {v}" for k, v in engelska.items())


def test_typiska_fel_med_svensk_text_som_sager_vad_som_ar_fel(tmp_path):
    p = evb_process("bilagor", str(tmp_path / "x.xlsx"), "--kvartal")
    assert p.returncode == 2 and "flaggan --kvartal behöver ett värde" in p.stderr, p.stderr
    p = evb_process("bilagor", "--skriv-over=ja", str(tmp_path / "x.xlsx"))
    assert p.returncode == 2 and "flaggan --skriv-over tar inget värde" in p.stderr, p.stderr
    p = evb_process("ivo", str(tmp_path / "x.xlsx"), "--pseudo-id", "--nyckel", str(tmp_path))
    assert p.returncode == 2 and "är en mapp, inte en fil" in p.stderr, p.stderr
    hjalp = evb_process("ivo", "--help").stdout
    assert "--nyckel FIL" in hjalp and "--kvartal KVARTAL" in hjalp and "--lagrum LSS|SoL" in hjalp


if __name__ == "__main__":  # listan som den ser ut i den här click-versionen
    print("\n".join(click_engelska()[0] + click_engelska()[1]), file=sys.stdout)
