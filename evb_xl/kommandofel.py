"""Kommandoraden på svenska: click:s egna texter (hjälp, fel) översatta, och fel i kommandot (click:s
UsageError) som en svensk rad: vilket kommando, vilken flagga eller vilket argument, och det närmaste
rätta namnet ("Menade du 'bilagor'?") när det finns ett."""

from __future__ import annotations

import difflib
import sys

import click

# click bygger sina texter med gettext i varje modul; här får de svenska motsvarigheter, så att
# hjälp och fel är på svenska (ingen annan del av processen använder click). Görs när modulen
# importeras, av cli.py. Hela click:s katalog står här (tests/test_kommandorad_svenska.py läser den
# ur click:s källkod och kör varje kommando med --help och de vanliga felen).
_CLICK_PA_SVENSKA = {
    # hjälpen
    "Usage:": "Användning:", "Options": "Flaggor", "Commands": "Kommandon", "default": "standard",
    "required": "krävs", "deprecated": "föråldrad", "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}", "(dynamic)": "(räknas fram)",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.", "%(prog)s, version %(version)s": "%(prog)s %(version)s",
    "Do you want to continue?": "Vill du fortsätta?", "Confirm the action without prompting.": "Bekräfta utan att fråga.",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}", "Choice({choices})": "Val({choices})",
    "file": "fil", "directory": "mapp", "path": "sökväg",
    # fel i kommandot
    "No such command {name!r}.": "okänt kommando {name!r}", "No such option {name!r}.": "okänd flagga {name!r}",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du någon av {possibilities}?)",
    "Got unexpected extra argument ({args})": "oväntat argument ({args})",
    "Got unexpected extra arguments ({args})": "oväntade argument ({args})",
    "Missing command.": "kommando saknas", "Missing argument": "argument saknas", "Missing option": "flagga saknas",
    "Missing parameter": "värde saknas", "Missing parameter: {param_name}": "värde saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "Option {name!r} requires an argument.": "flaggan {name} behöver ett värde (skriv värdet efter flaggan)",
    "Option {name!r} requires {nargs} arguments.": "flaggan {name} behöver {nargs} värden",
    "Option {name!r} does not take a value.": "flaggan {name} tar inget värde (skriv bara flaggan, utan =)",
    "Argument {name!r} takes {nargs} values.": "argumentet {name!r} tar {nargs} värden",
    "Invalid start character for option ({option})": "flaggan börjar med fel tecken ({option})",
    "Invalid value for {param_hint}: {message}": "fel värde för {param_hint}: {message}",
    "Invalid value: {message}": "fel värde: {message}", "Value must be an iterable.": "värdet ska vara en lista",
    "Takes {nargs} values but 1 was given.": "tar {nargs} värden men 1 gavs",
    "Takes {nargs} values but {len} were given.": "tar {nargs} värden men {len} gavs",
    "{len_type} values are required, but {len_value} was given.": "{len_type} värden krävs men {len_value} gavs",
    "{len_type} values are required, but {len_value} were given.": "{len_type} värden krävs men {len_value} gavs",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}",
    "{value!r} is not one of {choices}.": "{value!r} är inte något av {choices}",
    "{value!r} does not match the format {format}.": "{value!r} har inte formen {format}",
    "{value!r} does not match the formats {formats}.": "{value!r} har ingen av formerna {formats}",
    "{value} is not in the range {range}.": "{value} ligger utanför {range}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget {number_type}",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} är inte ja eller nej ({states})",
    "{value!r} is not a valid UUID.": "{value!r} är inget UUID",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil, inte en mapp",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp, inte en fil",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva till",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra",
    "Could not open file {filename!r}: {message}": "filen {filename!r} går inte att öppna: {message}",
    "Error: {message}": "Fel: {message}", "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "unknown error": "okänt fel", "Aborted!": "Avbrutet.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Varning: kommandot {name!r} ska inte längre användas.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Varning: {param_type} {name!r} ska inte längre användas.{extra_message}",
    # frågor och terminalen (används inte av evb-xl, men hör till katalogen)
    "Press any key to continue...": "Tryck på en tangent för att fortsätta ...",
    "Repeat for confirmation": "Skriv en gång till för att bekräfta",
    "Error: The two entered values do not match.": "Fel: de två värdena är olika.",
    "Error: invalid input": "Fel: svaret går inte att använda", "Unknown color {colour!r}": "okänd färg {colour!r}",
    "Unknown standard stream '{name}'": "okänd standardström '{name}'",
    "Windows error: {error}": "fel i Windows: {error}", "{editor}: Editing failed": "{editor}: redigeringen misslyckades",
    "{editor}: Editing failed: {e}": "{editor}: redigeringen misslyckades: {e}",
    "Shell completion is not supported for Bash versions older than 4.4.": "Komplettering kräver Bash 4.4 eller senare.",
    "Couldn't detect Bash version, shell completion is not supported.": "Bash-versionen går inte att avgöra; ingen komplettering.",
    # fel i programmet (en flagga deklarerad fel), aldrig användarens
    "Could not determine name for option with declarations {decls!r}": "flaggan {decls!r} saknar namn",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?": "namnet {name} utan flagga; menades ett argument eller '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "ett argument har ett namn, inte {length}: {decls}",
    "Name '{name}' defined twice": "namnet '{name}' finns två gånger",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "flaggan {decl!r} kan inte vara både på och av",
}
# Värdenas typer i hjälpen (metavar: typens namn med versaler, t.ex. TEXT eller INTEGER) och i felen
# ("... är inget heltal"), för en flagga som inte har ett eget metavar.
_TYPER_PA_SVENSKA = {"StringParamType": "värde", "UnprocessedParamType": "värde", "IntParamType": "heltal",
                     "IntRange": "heltal", "FloatParamType": "decimaltal", "FloatRange": "decimaltal",
                     "BoolParamType": "ja|nej", "DateTime": "datum", "File": "filnamn", "Choice": "val",
                     "UUIDParameterType": "uuid"}


def _svenska(text: str) -> str:
    return _CLICK_PA_SVENSKA.get(text, text)


def _oversatt_click() -> None:
    """click:s inlästa moduler får svenska texter och typnamn (click importerar alla de moduler som
    kommandoraden använder när click importeras; _termui_impl och shell_completion används inte)."""
    for namn, modul in list(sys.modules.items()):
        if namn.startswith("click.") and modul is not None:
            if isinstance(modul.__dict__.get("_"), type(_svenska)):
                modul._ = _svenska
            if isinstance(modul.__dict__.get("ngettext"), type(_svenska)):
                modul.ngettext = lambda en, flera, n: _svenska(en if n == 1 else flera)
    for klass, namn in _TYPER_PA_SVENSKA.items():
        if hasattr(click.types, klass):
            getattr(click.types, klass).name = namn


_oversatt_click()


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


def utskrift(e: click.exceptions.UsageError) -> str:
    """Det som skrivs på stderr för felet: `evb-xl` utan kommando ger hjälpen (click:s
    NoArgsIsHelpError), annars felet på en rad och hur man får hjälp."""
    if type(e).__name__ == "NoArgsIsHelpError":
        return e.format_message()
    return f"evb-xl: {text(e)}\nSkriv 'evb-xl --help' för hjälp."
