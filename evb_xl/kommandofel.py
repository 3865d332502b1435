"""Kommandoraden på svenska: click:s egna texter (hjälp, fel) översatta, och fel i kommandot (click:s
UsageError) som en svensk rad: vilket kommando, vilken flagga eller vilket argument, och det närmaste
rätta namnet ("Menade du 'bilagor'?") när det finns ett."""

from __future__ import annotations

import difflib

import click

# click bygger sina texter med gettext i varje modul; här får de svenska motsvarigheter, så att
# hjälp och fel är på svenska (ingen annan del av processen använder click). Görs när modulen
# importeras, av cli.py.
_CLICK_PA_SVENSKA = {
    "Usage:": "Användning:", "Options": "Flaggor", "Commands": "Kommandon", "default": "standard",
    "required": "krävs", "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.", "No such command {name!r}.": "okänt kommando {name!r}",
    "Got unexpected extra argument ({args})": "oväntat argument ({args})",
    "Got unexpected extra arguments ({args})": "oväntade argument ({args})",
}


def _svenska(text: str) -> str:
    return _CLICK_PA_SVENSKA.get(text, text)


for _modul in (click.core, click.formatting, click.decorators, click.exceptions, click.types):
    if hasattr(_modul, "_"):
        _modul._ = _svenska
    if hasattr(_modul, "ngettext"):
        _modul.ngettext = lambda en, flera, n: _svenska(en if n == 1 else flera)


def _menade_du(namn: str, mojliga) -> str:
    """'. Menade du 'x'?' med det närmaste av de möjliga namnen (difflib), annars inget."""
    basta = difflib.get_close_matches(namn, list(mojliga or []), n=1, cutoff=0.6)
    return f". Menade du '{basta[0]}'?" if basta else ""


def _okant_kommando(e) -> str:
    grupp = e.ctx.command if e.ctx is not None else None
    mojliga = grupp.list_commands(e.ctx) if isinstance(grupp, click.Group) else e.possibilities
    return f"okänt kommando '{e.command_name}'{_menade_du(e.command_name, mojliga)}"


def _okand_flagga(e: click.exceptions.NoSuchOption) -> str:
    mojliga = e.possibilities or []
    if e.ctx is not None:  # kommandots alla flaggor, inte bara dem click hittade
        mojliga = [o for p in e.ctx.command.params for o in (*p.opts, *p.secondary_opts) if o.startswith("-")]
    return f"okänd flagga {e.option_name}{_menade_du(e.option_name, mojliga)}"


def _saknas(e: click.exceptions.MissingParameter) -> str:
    p = e.param
    if p is None:
        return f"{e.param_hint or 'ett argument'} saknas"
    if isinstance(p, click.Argument):
        kommando = e.ctx.info_name if e.ctx is not None else "bilagor"
        exempel = "underlag_bilagor_2024Q1.xlsx" if kommando == "pdf" else "underlag.xlsx"
        return f"argumentet {p.metavar or p.name.upper()} saknas (t.ex. evb-xl {kommando} {exempel})"
    return f"flaggan {p.opts[-1]} saknas"


_SVENSKA = {  # den första typen som stämmer gäller (NoSuchCommand före de allmänna)
    **({click.exceptions.NoSuchCommand: _okant_kommando} if hasattr(click.exceptions, "NoSuchCommand") else {}),
    click.exceptions.NoSuchOption: _okand_flagga,
    click.exceptions.MissingParameter: _saknas,
    click.exceptions.BadParameter: lambda e: f"fel värde för {_flagga(e)}: {e.message}",
}


def _flagga(e: click.exceptions.BadParameter) -> str:
    if e.param_hint:
        return str(e.param_hint)
    return e.param.opts[-1] if e.param is not None and e.param.opts else "ett värde"


def text(e: click.exceptions.UsageError) -> str:
    """Felets text på svenska (click:s egen, redan översatt, för de fel som inte står i _SVENSKA)."""
    oversatt = next((f for typ, f in _SVENSKA.items() if isinstance(e, typ)), None)
    return oversatt(e) if oversatt else e.format_message()
