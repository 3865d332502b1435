"""Kommandoraden `evb-xl`: ett tunt lager över korning.py.

Slutkoder: 0 allt klart, 1 något underlag gick inte (de andra blev klara), 2 fel i kommandot.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path

import click

from evb_xl import __version__, installation, kommandofel, korning
from evb_xl.modell import utfiler
from evb_xl.modell.installningar import tolka_antal, tolka_orsaker
from evb_xl.rapporter import alla
from evb_xl.rapporter.register import RAPPORTER, Rapportslag
from evb_xl.regler import datum, pseudo
from evb_xl.regler.kategorier import lagrum as tolka_lagrum
from evb_xl.regler.kvartal import Kvartal, KvartalFel
from evb_xl.skrivning.fyll import las_mall


class _Kommando(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)


class _Grupp(click.Group):
    """Gruppen `evb-xl`: de fasta kommandona och ett kommando per rapport i registret, som
    läses när kommandot behövs (en rapport som registreras senare får också sitt kommando)."""

    command_class = _Kommando

    def list_commands(self, ctx) -> list[str]:
        return [r.namn for r in alla.rapporter()] + [n for n in super().list_commands(ctx) if n not in RAPPORTER]

    def get_command(self, ctx, name: str):
        if name in RAPPORTER:
            return rapportkommando(RAPPORTER[name])
        return super().get_command(ctx, name)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)


_LAS_FLERA_PARALLELLT = 8  # så många underlag eller fler: använd alla kärnor
_VISA_FEL = 50  # fel per underlag i bilagor och rapporter; kontroll visar alla


def hitta_underlag(sokvagar, tidigare_bilagor: bool = False) -> list[Path]:
    """Arbetsböckerna: filerna som de är, och .xlsx/.xlsm direkt i mapparna (inte undermappar),
    utan Excels låsfiler (~$...) och verktygets egna utfiler (*_bilagor_<kvartal> m.fl.); med
    `tidigare_bilagor` i stället bara verktygets bilagor (<namn>_bilagor_<kvartal>.xlsx)."""
    ut = []
    for s in map(Path, sokvagar):
        if s.is_dir():
            ut += sorted(p for p in s.iterdir() if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm")
                         and not p.name.startswith("~$")
                         and (bool(utfiler.kvartal_i_bilagor(p)) if tidigare_bilagor else not utfiler.ar_egen(p, [r.filnamn for r in alla.rapporter()])))
        elif s.exists():
            if not s.name.startswith("~$"):  # Excels låsfil, t.ex. från skalets *.xlsx
                ut.append(s)
        else:
            raise click.BadParameter(f"'{s}' finns inte", param_hint="SÖKVÄG")
    return ut


def _tolkad(tolka, *fel):
    """En click-callback: `tolka(värdet)`, där felen `fel` blir ett fel i flaggan (slutkod 2)."""

    def callback(ctx, param, varde):
        try:
            return tolka(varde) if varde else None
        except fel as e:
            raise click.BadParameter(str(e)) from None

    return callback


_kvartal = _tolkad(Kvartal.tolka, KvartalFel)
_antal = _tolkad(tolka_antal, ValueError)
_orsaker = _tolkad(tolka_orsaker, ValueError)
_datum = _tolkad(datum.datum, datum.DatumFel)


def _mapp(ctx, param, varde):
    if varde is not None and Path(varde).exists() and not Path(varde).is_dir():
        raise click.BadParameter(f"'{varde}' är en fil, inte en mapp")
    return Path(varde) if varde is not None else None


def _fil(ctx, param, varde):
    if varde is not None and not Path(varde).is_file():
        raise click.BadParameter(f"filen '{varde}' finns inte" if not Path(varde).exists() else f"'{varde}' är ingen fil")
    return Path(varde) if varde is not None else None


def _mallfil(ctx, param, varde):
    """Mallen prövas en gång här, så att ett fel i den är ett fel i kommandot (slutkod 2)."""

    sokvag = _fil(ctx, param, varde)
    if sokvag is not None:
        try:
            las_mall(sokvag)
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
    return sokvag


def _antal_kvartal(ctx, param, varde):
    try:
        n = int(varde)
    except (TypeError, ValueError):
        raise click.BadParameter(f"'{varde}' är inget heltal") from None
    if not 2 <= n <= 40:
        raise click.BadParameter(f"{n} kvartal går inte (2–40)")
    return n


def _variant(ctx, param, varde):
    if varde.upper() not in ("T", "TF"):
        raise click.BadParameter(f"'{varde}' finns inte (T eller TF)")
    return varde.upper()


def _lagrum(ctx, param, varde):
    if varde and tolka_lagrum(varde) is None:
        raise click.BadParameter(f"okänt lagrum '{varde}' (LSS eller SoL)")
    return tolka_lagrum(varde) if varde else None


def gemensamma_flaggor(f):
    for dekor in reversed([
        click.argument("sokvagar", nargs=-1, required=True, metavar="SÖKVÄG...", type=click.Path()),
        click.option("--kvartal", callback=_kvartal, metavar="KVARTAL", help="Kvartalet, t.ex. 2024Q1, '2024 kv 1', 1/2024 eller 24Q1. "
                     "Annars bladet Inställningar, annars det senast avslutade kvartalet."),
        click.option("--antal", callback=_antal, metavar="rapporterade|kvarstaende",
                     help="Vilka beslut Bilaga 1 räknar (standard: rapporterade)."),
        click.option("--orsaker", callback=_orsaker, metavar="en|alla",
                     help="en: den första orsaken i en cell räknas (standard); alla: varje orsak räknas i sin kolumn."),
        click.option("--matdatum", callback=_datum, metavar="ÅÅÅÅ-MM-DD",
                     help="Mätdatum för status och kvarstående (standard: kvartalets sista dag)."),
        click.option("--namnd", metavar="NAMN", help="Nämndens namn i bilagornas sidhuvud."),
        click.option("--dnr", metavar="DNR", help="Diarienummer i bilagornas sidhuvud."),
        click.option("--lagrum", callback=_lagrum, metavar="LSS|SoL", help="Lagrum (LSS eller SoL) för rader där det inte går att avgöra."),
        click.option("--mall", callback=_mallfil, metavar="FIL",
                     help="Egen mall (se workbooks/mall_bilagor.xlsx)."),
    ]):
        f = dekor(f)
    return f


def _val(kvartal, antal, matdatum, namnd, dnr, lagrum, mall, orsaker=None, **ovrigt) -> korning.Val:
    return korning.Val(kvartal=kvartal, antal=antal, matdatum=matdatum, namnd=namnd, diarienummer=dnr,
                       lagrum=lagrum, mall=mall, orsaker=orsaker, **ovrigt)


def utflaggor(f):
    f = click.option("--skriv-over", is_flag=True, help="Ersätt filer som redan finns.")(f)
    f = click.option("--pdf", is_flag=True, help="Skriv också en PDF (kräver LibreOffice).")(f)
    return click.option("--ut", callback=_mapp, metavar="MAPP",
                        help="Mapp för utfilerna (standard: underlagets mapp).")(f)


def _skyddad(uppgift, fil: Path) -> korning.Resultat:
    """Ett oväntat fel i ett underlag blir det underlagets fel; de andra körs ändå."""
    try:
        return uppgift(fil)
    except Exception as e:  # noqa: BLE001
        if os.environ.get("EVB_XL_FELSOK"):
            raise
        # bara typen: felets text kan innehålla cellinnehåll (EVB_XL_FELSOK=1 visar allt)
        return korning.Resultat(fil=Path(fil).name, fel=[f"{Path(fil).name}: oväntat fel ({type(e).__name__}); "
                                                         "kör med EVB_XL_FELSOK=1 för detaljer"])


class _IngenStapel:
    """Som tqdm:s stapel när ingen visas (ett underlag): tqdm importeras inte alls."""

    def __enter__(self):
        return self

    def __exit__(self, *fel):
        return False

    def update(self):
        pass

    write = staticmethod(click.echo)


def _stapel(antal: int, visa: bool):
    if not visa:
        return _IngenStapel()
    from tqdm import tqdm

    return tqdm(total=antal, desc="Underlag", unit="fil", disable=None, file=sys.stderr, leave=False)


def _kor(uppgift, filer: list[Path], visa_varningar: bool = False) -> list[korning.Resultat]:
    """Kör uppgiften över filerna, med förloppsindikator och alla kärnor när de är många.
    `visa_varningar`: underlagets varningar skrivs under dess rad (kontroll, ivo); annars säger raden
    var de står (bladet Kontroll, eller kommandot kontroll)."""
    uppgift = partial(_skyddad, uppgift)
    visa = len(filer) > 1
    resultat = []
    with _stapel(len(filer), visa) as stapel:
        def klar(r: korning.Resultat):
            resultat.append(r)
            skriv = stapel.write if visa else click.echo
            if visa_varningar:
                r.varningar_se = korning.VARNINGAR_NEDAN
            skriv(r.rad())
            for rad in r.datumvarningar:
                skriv(f"  varning: {rad}", file=sys.stderr)
            for rad in r.fel[:_VISA_FEL]:
                skriv(f"  fel: {rad}", file=sys.stderr)
            if len(r.fel) > _VISA_FEL:
                skriv(f"  ... och {len(r.fel) - _VISA_FEL} fel till (evb-xl kontroll visar alla)", file=sys.stderr)
            for rad in r.varningar if visa_varningar else ():
                skriv(f"  varning: {rad}")
            stapel.update()

        if len(filer) >= _LAS_FLERA_PARALLELLT and (os.cpu_count() or 1) > 1:
            from concurrent.futures import (
                ProcessPoolExecutor,  # logging och multiprocessing: bara här
            )

            with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
                for r in pool.map(uppgift, filer, chunksize=max(1, len(filer) // 64)):
                    klar(r)
        else:
            for f in filer:
                klar(uppgift(f))
    return resultat


def _slutkod(resultat) -> int:
    return 0 if all(r.ok for r in resultat) else 1


@click.group(cls=_Grupp, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="evb-xl %(version)s")
def cli():
    """evb-xl: ej verkställda beslut (SoL och LSS), från underlag till bilagor."""


def _forsta_mapp(sokvagar) -> Path:
    """Mappen för det som samlar flera underlag: den första sökvägen om den är en mapp, annars dess mapp."""
    forsta = Path(sokvagar[0])
    return forsta if forsta.is_dir() else forsta.parent


def _filer(sokvagar, tidigare_bilagor: bool = False) -> list[Path]:
    filer = hitta_underlag(sokvagar, tidigare_bilagor)
    if not filer:
        raise click.UsageError("inga arbetsböcker (.xlsx/.xlsm) hittades")
    return filer


def _kor_rapport(namn: str, sokvagar, ut, skriv_over, pdf, alternativ=None, visa_varningar=False, **flaggor) -> list:
    val = _val(ut=ut, skriv_over=skriv_over, pdf=pdf, alternativ=alternativ or {}, **flaggor)
    return _kor(partial(korning.kor, val=val, namn=namn), _filer(sokvagar), visa_varningar)


def _rapportkommando(slag: Rapportslag) -> click.Command:
    """Kommandot för en rapport i registret: de gemensamma flaggorna, en körning per underlag."""

    @gemensamma_flaggor
    @utflaggor
    def kommando(sokvagar, ut, skriv_over, pdf, **flaggor):
        sys.exit(_slutkod(_kor_rapport(slag.namn, sokvagar, ut, skriv_over, pdf, **flaggor)))

    return _Kommando(slag.namn, callback=kommando, params=kommando.__click_params__[::-1], help=slag.hjalp)


@gemensamma_flaggor
@utflaggor
@click.option("--antal-kvartal", callback=_antal_kvartal, default="4", metavar="N",
              help="Hur många kvartal bakåt till och med --kvartal, 2–40 (standard 4).")
@click.option("--fran-bilagor", is_flag=True,
              help="SÖKVÄG är tidigare bilagor (<namn>_bilagor_<kvartal>.xlsx) i stället för ett underlag.")
def _trend(sokvagar, ut, skriv_over, pdf, antal_kvartal, fran_bilagor, **flaggor):
    if not fran_bilagor:
        sys.exit(_slutkod(_kor_rapport("trend", sokvagar, ut, skriv_over, pdf, {"antal_kvartal": antal_kvartal},
                                       **flaggor)))
    r = korning.kor_trend_fran_bilagor(_filer(sokvagar, tidigare_bilagor=True), _val(ut=ut, skriv_over=skriv_over,
                                                                                     pdf=pdf, **flaggor))
    click.echo(r.rad() if r.ok else f"trend: {r.fel[0]}", err=not r.ok)
    for v in r.varningar:
        click.echo(f"  varning: {v}")
    sys.exit(_slutkod([r]))


@gemensamma_flaggor
@utflaggor
@click.option("--pseudo-id", "pseudo_id", is_flag=True,
              help="Räkna fram IVO:s pseudo-identitet (ÅÅÅÅMMDD-T123) med en hemlig nyckel.")
@click.option("--nyckel", "nyckelfil", type=click.Path(dir_okay=False), metavar="FIL",
              help="Fil med den hemliga nyckeln (annars miljövariabeln EVB_PSEUDO_NYCKEL).")
@click.option("--variant", callback=_variant, default="T", metavar="T|TF",
              help="T och tre siffror (standard), eller TF och två.")
def _ivo(sokvagar, ut, skriv_over, pdf, pseudo_id, nyckelfil, variant, **flaggor):
    nyckel = None
    if pseudo_id:
        try:
            nyckel = pseudo.las_nyckel(nyckelfil)
        except pseudo.NyckelFel as e:
            raise click.UsageError(str(e)) from None
    elif nyckelfil:
        raise click.UsageError("--nyckel används bara med --pseudo-id")
    resultat = _kor_rapport("ivo", sokvagar, ut, skriv_over, pdf, {"pseudo_nyckel": nyckel, "pseudo_variant": variant},
                            visa_varningar=True, **flaggor)  # också pseudo-id:ts varningar, som inte står i Kontroll
    sys.exit(_slutkod(resultat))


@gemensamma_flaggor
@utflaggor
@click.option("--pdf-kontroll", is_flag=True,
              help="Skriv också Kontroll som en egen PDF, UT/<namn>_kontroll_<kvartal>.pdf (kräver LibreOffice); "
                   "bilagornas PDF (--pdf) har bara Bilaga 1 och 2.")
def _bilagor(sokvagar, ut, skriv_over, pdf, pdf_kontroll, **flaggor):
    sys.exit(_slutkod(_kor_rapport("bilagor", sokvagar, ut, skriv_over, pdf, pdf_kontroll=pdf_kontroll, **flaggor)))


# rapporter med egna flaggor; alla andra i registret får _rapportkommando
_EGNA_KOMMANDON = {"bilagor": _bilagor, "trend": _trend, "ivo": _ivo}


def rapportkommando(slag: Rapportslag) -> click.Command:
    egen = _EGNA_KOMMANDON.get(slag.namn)
    if egen is None:
        return _rapportkommando(slag)
    return _Kommando(slag.namn, callback=egen, params=egen.__click_params__[::-1], help=slag.hjalp)


@cli.command()
@gemensamma_flaggor
@utflaggor
def ks(sokvagar, ut, skriv_over, pdf, **flaggor):
    """Sammanställning för kommunstyrelsen ur flera underlag: en rad per nämnd och lagrum
    (summerad över nämndens enheter) och ett blad med en rad per enhet.

    Nämnden tas från underlagets blad Inställningar (Nämnd); --namnd ger nämnden för de underlag
    som inte säger den, annars filens namn. Enheten: Inställningar (Enhet), annars filens namn.
    Skriver UT/ks_sammanstallning_<kvartal>.xlsx (standard: det första underlagets mapp).
    """
    val = _val(ut=ut or _forsta_mapp(sokvagar), skriv_over=skriv_over, pdf=pdf, **flaggor)
    resultat = _kor(partial(korning.kor_kontroll, val=replace(val, namnd=None)), _filer(sokvagar))
    try:
        r = korning.skriv_sammanstallning(resultat, val)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if r.utfil:
        click.echo(f"Sammanställningen -> {r.utfil}")
    for rad in r.fel:
        click.echo(f"  fel: {rad}", err=True)
    sys.exit(_slutkod([*resultat, r]))


@cli.command()
@click.argument("filer", nargs=-1, required=True, metavar="ARBETSBOK...", callback=lambda c, p, v: [_fil(c, p, f) for f in v])
@click.option("--ut", callback=_mapp, metavar="MAPP", help="Mapp för PDF-filerna (standard: bokens mapp).")
@click.option("--skriv-over", is_flag=True, help="Ersätt PDF-filer som redan finns.")
@click.option("--kontroll", is_flag=True,
              help="Bilagornas Kontroll som en egen PDF, <namn>_kontroll_<kvartal>.pdf.")
def pdf(filer, ut, skriv_over, kontroll):
    """PDF (A4 liggande) av färdiga bilagor eller rapporter från evb-xl (och skrivelsen), med LibreOffice.

    Bara evb-xl:s egna utfiler: ett underlag (med personnummer och namn) skrivs aldrig ut.
    Bilagornas PDF har Bilaga 1 och 2 men inte Kontroll. Mappen --ut skapas om den inte finns.
    """

    kod = 0
    for f in map(Path, filer):
        try:
            for skriven in korning.pdf(f, ut or f.parent, skriv_over, kontroll=kontroll):
                click.echo(f"{f.name} -> {skriven}")
        except RuntimeError as e:
            click.echo(f"evb-xl: {e}", err=True)
            kod = 1
    sys.exit(kod)


@cli.command()
@gemensamma_flaggor
def kontroll(sokvagar, **flaggor):
    """Läs och kontrollera underlag utan att skriva något."""
    resultat = _kor(partial(korning.kor_kontroll, val=_val(**flaggor)), _filer(sokvagar), visa_varningar=True)
    sys.exit(_slutkod(resultat))


@cli.command()
@click.option("--alla-anvandare", is_flag=True,
              help="Lägg tillägget i Excels egen XLSTART för alla användare (kräver administratör).")
def installera(alla_anvandare):
    """Windows: lägg Excel-tillägget i XLSTART och skriv den här Python i tilläggets inställningar.

    Skriver %USERPROFILE%\\.evb_xl\\evb_xl.conf och kontrollerar att xlwings DLL ligger där
    tillägget letar. Slutkod 0 när allt är klart, 1 om något ska rättas först.
    """
    svar = installation.installera(installation.Miljo.har(), alla_anvandare)
    click.echo(svar.text())
    sys.exit(0 if svar.ok else 1)


@cli.command()
def doktor():
    """Kontrollera Python, xlwings, DLL-filen, inställningarna och tillägget; ändrar ingenting.

    Slutkod 0 när allt är bra, 1 om något ska rättas (med vad man gör åt det).
    """
    svar = installation.kontrollera(installation.Miljo.har())
    click.echo(svar.text())
    sys.exit(0 if svar.ok else 1)


def main(argv=None) -> int:
    """Som `evb-xl`; felmeddelanden i kommandot på svenska, slutkod 2."""
    # En körning skapar miljontals små objekt (celler, datum) men få cykler: med standardgränsen
    # 700 går en femtedel av tiden till skräpsamlaren (bench/README.md). Cykler samlas ändå in.
    gc.set_threshold(100_000, 50, 50)
    try:
        return cli.main(args=argv, prog_name="evb-xl", standalone_mode=False) or 0
    except click.exceptions.UsageError as e:
        click.echo(kommandofel.utskrift(e), err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("evb-xl: avbrutet", err=True)
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - aldrig en traceback till användaren
        if os.environ.get("EVB_XL_FELSOK"):
            raise
        click.echo(f"evb-xl: oväntat fel ({type(e).__name__}). Kör med EVB_XL_FELSOK=1 för detaljer.", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
