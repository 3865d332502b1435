"""Syntetiska underlag för evb-xl: röriga som i SPEC §2, deterministiska från ett frö.

Bara påhittade personer: namn ur en kort lista vanliga svenska namn, personnummer i formen
ÅÅÅÅMMDD-NNNN med giltigt födelsedatum och könssiffra men med en kontrollsiffra som medvetet
inte stämmer enligt Luhn, så att inget nummer kan tillhöra en verklig person.

    python bench/generera.py UT.xlsx --rader 100000 [--seed 0]
    python bench/generera.py --mapp DIR --filer 1000 --rader 50 [--seed 0]
"""
import argparse
import calendar
import os
import random
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

FÖRSTA, SISTA_BESLUT = date(2022, 1, 1), date(2023, 12, 31)  # två år före 2024Q1
KVARTALET_BÖRJAR, MÄTDATUM = date(2024, 1, 1), date(2024, 3, 31)  # inga datum efter kvartalet

# En rubrik per kolumn, stavad olika från fil till fil (SPEC §2, seeds/).
RUBRIKER = [
    ("Personnummer", "Personnr", "Pnr"),
    ("Namn", "Namn ", "Brukare"),
    ("Kön", "kön", "Kön "),
    ("Beslutsdatum", "Besluts-datum", "Datum för beslut"),
    ("Datum för avbrott", "Avbrottsdatum", "Datum för avbrott "),
    ("Lagrum", "lagrum", "Lagrum "),
    ("Typ av insats", "Typ av insats LSS", "Typ av bistånd"),
    ("Orsak", "Orsak till ej verkställt beslut", "Skäl till att beslutet inte verkställts"),
    ("Beslutet verkställt", "Verkställt", "Datum verkställt"),
    ("Beslutet avslutat", "Avslutat", "Datum avslutat"),
    ("Kommentar", "Övrigt", "Vad har erbjudits under tiden"),
    ("Enhet", "Verksamhet", "Enhet / verksamhet"),
]

FÖRNAMN = {
    "man": ("Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Mikael", "Oskar", "Lucas"),
    "kvinna": ("Anna", "Eva", "Maria", "Karin", "Sara", "Kristina", "Lena", "Emma", "Elsa", "Maja"),
}
EFTERNAMN = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
             "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Berg")
KÖN = {("man", False): ("Man", "Man", "M", "man "), ("kvinna", False): ("Kvinna", "Kvinna", "K"),
       ("man", True): ("Pojke",), ("kvinna", True): ("Flicka",)}

# (insats som handläggare skriver den, för barn, för vuxna)
LSS = [
    ("9 § 2 Personlig assistans", True, True),
    ("9 § 3 Ledsagarservice", True, True),
    ("9 § 4 Kontaktperson", True, True),
    ("9 § 5 Avlösarservice", True, True),
    ("9 § 6 Korttidsvistelse", True, True),
    ("9 § 6 Korttidsboende", True, False),
    ("9 § 7 Korttidsstillsyn", True, False),
    ("9 § 8 Boende för barn", True, False),
    ("9 § 9 SÄBO", False, True),
    ("Bostad med särskild service enligt 9 § 9 i form av en annan anpassad bostad", False, True),
    ("9 § 10 Daglig verksamhet", False, True),
    ("Daglig verksamhet 9 § 10", False, True),
]
SOL = [
    ("Bostad med särskild service", False, True),
    ("Särskilt boende demens", False, True),
    ("Särskilt boende servicehus", False, True),
    ("Kontaktperson", True, True),
    ("Kontaktfamilj", True, False),
    ("Boendestöd", False, True),
    ("Avlösning i hemmet", False, True),
    ("Dagverksamhet", False, True),
    ("Stödboende", False, True),
]
ORSAKER = (
    ("Resursbrist ledig bostad", "resursbrist ledig bostad", "Resursbrist - ledig bostad"),
    ("Resursbrist personal", "Resursbrist, personal", "resursbrist personal"),
    ("Den enskilde tackat nej", "Tackat nej", "tackat nej", "Enskild tackat nej"),
    ("Annat skäl", "Annat skäl ", "annat skäl"),
)
KOMMENTARER = ("", "", "", "Rekrytering pågår", "Erbjuden plats, tackade nej",
               "Väntar på ledig lägenhet", "Avvaktar SIP-möte", "Enskild önskar annan utförare",
               "Delvis verkställt, inte alla timmar", "Inflytt planerad nästa månad")
ENHETER = ("Enhet Norr", "Enhet Söder", "Enhet Öster", "Enhet Väster", "Myndighet LSS",
           "Myndighet äldre", "Individ- och familjeomsorg")


def _dag(rng, första, sista):
    return första + timedelta(days=rng.randint(0, (sista - första).days))


def _personnummer(rng, född, man):
    serie = f"{rng.randint(0, 99):02d}{rng.randrange(1 if man else 0, 10, 2)}"
    siffror = f"{född:%y%m%d}{serie}"
    summa = sum(sum(divmod(int(s) * (2 - i % 2), 10)) for i, s in enumerate(siffror))
    fel_kontroll = (-summa + 5) % 10  # Luhn-siffran + 5: synligt syntetiskt
    return f"{född:%Y%m%d}-{serie}{fel_kontroll}"


def _datum(rng, d):
    """Ett datum i en av formerna i SPEC §2: riktigt Excel-datum, text eller tal."""
    form = rng.random()
    if form < 0.5:
        return d
    if form < 0.65:
        return d.isoformat()
    if form < 0.8:
        return int(f"{d:%y%m%d}")
    if form < 0.9:
        return f"{d:%y-%m-%d}"
    return int(f"{d:%Y%m%d}")


def _rad(rng, efternamn_först, lss_andel):
    man, barn = rng.random() < 0.5, rng.random() < 0.15
    kön = "man" if man else "kvinna"
    avbrott = rng.random() < 0.075
    bas = _dag(rng, FÖRSTA, SISTA_BESLUT)
    beslut = bas
    if avbrott:
        beslut = None if rng.random() < 0.8 else bas - timedelta(days=rng.randint(30, 700))
    ålder = rng.randint(3, 16) if barn else rng.randint(21, 95)  # barn är under 18 vid båda datumen
    år = bas.year - ålder - 1
    mån = rng.randint(1, 12)
    född = date(år, mån, rng.randint(1, calendar.monthrange(år, mån)[1]))

    lss = rng.random() < lss_andel
    insats = rng.choice([t for t, för_barn, för_vuxna in (LSS if lss else SOL)
                         if (för_barn if barn else för_vuxna)])
    lagrum = rng.choice(("LSS", "LSS", "lss") if lss else ("SoL", "SoL", "SOL"))
    if lss and rng.random() < 0.1:
        lagrum = None  # härleds ur "9 § n" i insatstexten
    orsak = None if rng.random() < 0.01 else rng.choice(rng.choice(ORSAKER))

    # Som i seeds/ (Q4 2023 LSS: 31 av 88 stängda under perioden, 4 ej rapporteringspliktiga):
    # en tredjedel stängs under kvartalet, några före det, resten är öppna.
    verkställt = avslutat = stängd = None
    tidigast, stängs = bas + timedelta(days=14), rng.random()
    if stängs < 0.35:
        stängd = _dag(rng, max(tidigast, KVARTALET_BÖRJAR), MÄTDATUM)
    elif stängs < 0.4 and tidigast < KVARTALET_BÖRJAR:
        stängd = _dag(rng, tidigast, KVARTALET_BÖRJAR - timedelta(days=1))
    if stängd and rng.random() < 0.8:
        verkställt = stängd
    elif stängd:
        avslutat = stängd

    förnamn, efternamn = rng.choice(FÖRNAMN[kön]), rng.choice(EFTERNAMN)
    avbrott_cell = None
    if avbrott:
        avbrott_cell = f"{bas:%y%m%d} (avbrottsdatum)" if rng.random() < 0.1 else _datum(rng, bas)
    return [
        _personnummer(rng, född, man),
        f"{efternamn}, {förnamn}" if efternamn_först else f"{förnamn} {efternamn}",
        rng.choice(KÖN[kön, barn]),
        beslut and _datum(rng, beslut),
        avbrott_cell,
        lagrum,
        insats,
        orsak,
        verkställt and _datum(rng, verkställt),
        avslutat and _datum(rng, avslutat),
        rng.choice(KOMMENTARER) or None,
        rng.choice(ENHETER),
    ]


def generera(path, rader, seed=0, lss_andel=0.5):
    """Skriv ett underlag med `rader` beslutsrader till `path` (.xlsx); samma frö ger samma innehåll."""
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(rng.choice(("Underlag", "Blad1", "EVB")))
    enhet = rng.choice(ENHETER)
    ws.append([f"Ej verkställda beslut – underlag 2024 kv 1, {enhet}"])
    ws.append([])
    ws.append([rng.choice(varianter) for varianter in RUBRIKER])
    efternamn_först = rng.random() < 0.5
    for _ in range(rader):
        ws.append(_rad(rng, efternamn_först, lss_andel))
    wb.save(path)


def _generera_fil(arg):
    generera(*arg)


def generera_mapp(mapp, filer, rader, seed=0):
    """Skriv `filer` små underlag (`underlag_0000.xlsx` ...) i `mapp`, på alla kärnor."""
    mapp = Path(mapp)
    mapp.mkdir(parents=True, exist_ok=True)
    jobb = [(mapp / f"underlag_{i:04d}.xlsx", rader, seed + i) for i in range(filer)]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(_generera_fil, jobb, chunksize=16))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("ut", nargs="?", help="en arbetsbok att skriva")
    p.add_argument("--mapp", help="en mapp att fylla med --filer arbetsböcker")
    p.add_argument("--filer", type=int, default=1000)
    p.add_argument("--rader", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if bool(a.ut) == bool(a.mapp):
        p.error("ange antingen UT.xlsx eller --mapp DIR")
    if a.mapp:
        generera_mapp(a.mapp, a.filer, a.rader, a.seed)
    else:
        generera(a.ut, a.rader, a.seed)


if __name__ == "__main__":
    main()
