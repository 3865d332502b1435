"""Skrivelsen: tjänsteskrivelsen kring bilagorna som ett Textdokument (SPEC §10, issue 11).

Per lagrum i underlaget: titel, nämnd och diarienummer, en ärendebeskrivning som citerar lagen i
kraft (regler/data/lagar.csv), en rubrik per insats i Bilaga 1:s ordning med dess siffror, en analys
med summorna, orsaksgrupperna och andelen med orsak hos den enskilde per insats, och jämförelsen med
föregående kvartal när förra kvartalets Bilaga 1 finns. Siffrorna kommer ur rapporter/siffror.py (samma som
Kontroll). Bara siffror: aldrig personnummer, namn, kommentar eller handläggare. Det bara en
människa kan skriva (varför, vad som erbjudits) står som markerade platser […].
"""

from __future__ import annotations

from datetime import date

from evb_xl.modell.dokument import Indata, Textdokument
from evb_xl.modell.installningar import ORSAKER_ALLA, Installningar
from evb_xl.rapporter import bilagor
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.rapporter.siffror import Siffror, per_lagrum
from evb_xl.regler.kategorier import LAGRUM
from evb_xl.regler.kvartal import Kvartal
from evb_xl.regler.lagar import lag_i_kraft

INGA = "Inga ärenden finns att rapportera under denna period."
PLATS = "[…]"
_MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
            "november", "december")


def svenskt_datum(dag: date) -> str:
    """`31 mars 2024`."""
    return f"{dag.day} {_MANADER[dag.month - 1]} {dag.year}"


def titel(lagrum: str, matdatum: date) -> str:
    return f"Rapportering av ej verkställda beslut enligt {lagrum} per den {svenskt_datum(matdatum)}"


def _nya(n: int) -> str:
    return f"{n} {'nytt' if n == 1 else 'nya'} beslut"


def _arenden(n: int) -> str:
    return f"{n} {'ärende' if n == 1 else 'ärenden'}"


def _verkstallda(n: int) -> str:
    return "verkställt" if n == 1 else "verkställda"


def _procent(andel: float) -> str:
    return f"{round(andel * 100)} %"


def insatstext(s: Siffror, matdatum: date) -> str:
    """Stycket under en insats: rapporterade, nya och avbrott, verkställda och avslutade, kvar, delvis, orsaker."""
    if not s.rapporterade:
        return INGA
    text = (f"Totalt {s.rapporterade} beslut rapporteras, varav {_nya(s.nya)} och {s.avbrott} avbrott i "
            f"verkställigheten. Under perioden har {s.verkstallda} beslut verkställts och {s.avslutade} avslutats. "
            f"Kvar är {s.kvarstaende} beslut som inte är {_verkstallda(s.kvarstaende)} den {svenskt_datum(matdatum)}")
    text += f", varav {s.delvis} delvis {_verkstallda(s.delvis)}." if s.delvis else "."
    text += (f" Orsak: hos den enskilde {s.hos_den_enskilde}, resursbrist {s.resursbrist}, annat {s.annat}"
             + (f", orsak saknas {s.orsak_saknas}." if s.orsak_saknas else "."))
    return text


def _arendebeskrivning(lagrum: str, kvartal: Kvartal, matdatum: date, inst: Installningar) -> list:
    lag = lag_i_kraft(lagrum, kvartal)
    egen = inst.lagrumstext.get(lagrum)
    grund = (f"Enligt {egen}" if egen else
             f"Enligt {lag.lagrum_rapportering} {lag.lagnamn}")
    return [
        ("underrubrik", "Ärendebeskrivning"),
        ("stycke", f"{grund} ska nämnden varje kvartal rapportera gynnande beslut enligt {lag.beslut} som inte "
                   "verkställts inom tre månader från dagen för beslutet, och beslut där verkställigheten avbrutits "
                   "och inte återupptagits inom tre månader, till Inspektionen för vård och omsorg (IVO) och "
                   f"kommunens revisorer ({lag.paragraf('rapportering')}). När ett rapporterat beslut har "
                   f"verkställts ska det anmälas med datum för verkställigheten ({lag.paragraf('anmalan')}). "
                   "Kommunfullmäktige får en statistikrapport med antal beslut, typ av insats och hur lång tid som "
                   f"förflutit från dagen för varje beslut ({lag.paragraf('statistik')}). Uppgifterna är "
                   "avidentifierade."),
        ("stycke", f"Rapporten avser {kvartal.text} ({kvartal.period}). Mätdatum är {matdatum.isoformat()}."),
    ]


def _jamforelse(lagrum: str, kvartal: Kvartal, nu: Siffror, foregaende: dict | None) -> str:
    """Förändringen från föregående kvartal: ur förra kvartalets Bilaga 1 (Summa) när den finns.
    Ur kvartalets lista går den inte att räkna: beslut som stängdes förra kvartalet finns inte med."""
    forra = kvartal.foregaende()
    if not foregaende or lagrum not in foregaende:
        return (f"{PLATS} Jämförelse med {forra.text}: förra kvartalets bilagor fanns inte bredvid underlaget; "
                "hämta antalet ur förra kvartalets rapport.")
    da = foregaende[lagrum]
    skillnad = nu.rapporterade - da
    hur = (f"en ökning med {skillnad}" if skillnad > 0 else f"en minskning med {-skillnad}" if skillnad < 0
           else "oförändrat")
    return (f"Under {forra.text} rapporterades {da} beslut enligt förra kvartalets Bilaga 1; nu rapporteras "
            f"{nu.rapporterade} beslut ({hur}).")


def _analys(ls, kvartal: Kvartal, matdatum: date, orsaker: str, foregaende: dict | None) -> list:
    s = ls.totalt
    block = [
        ("underrubrik", "Analys"),
        ("stycke", f"Totalt rapporteras {s.rapporterade} beslut, varav {_nya(s.nya)} och {s.avbrott} avser "
                   f"avbrott i verkställigheten. {s.verkstallda} beslut har verkställts under perioden och "
                   f"{s.avslutade} har avslutats. Kvar är {s.kvarstaende} beslut som inte är "
                   f"{_verkstallda(s.kvarstaende)} den {svenskt_datum(matdatum)}, varav {s.delvis} delvis "
                   f"{_verkstallda(s.delvis)}."),
        ("stycke", f"I {_arenden(s.hos_den_enskilde)} ligger orsaken hos den enskilde (den enskilde har tackat "
                   f"nej), i {_arenden(s.resursbrist)} är orsaken resursbrist (ledig bostad eller personal) och i "
                   f"{_arenden(s.annat)} annat skäl."
                   + (f" I {_arenden(s.orsak_saknas)} saknas orsak i underlaget." if s.orsak_saknas else "")
                   + (" Ett beslut kan ha mer än en orsak och räknas då i varje grupp." if orsaker == ORSAKER_ALLA
                      else "")),
    ]
    andelar = [f"{namn}: {_procent(x.andel_hos_den_enskilde)} ({x.hos_den_enskilde} av {x.rapporterade}"
               + (f"; orsak saknas för {x.orsak_saknas})" if x.orsak_saknas else ")")
               for namn, x in ls.per_insats if x.rapporterade]
    if andelar:
        block += [("stycke", "Andel av de rapporterade besluten där orsaken ligger hos den enskilde, per insats:"),
                  ("lista", tuple(andelar))]
    block += [
        ("stycke", _jamforelse(ls.lagrum, kvartal, s, foregaende)),
        ("stycke", f"{PLATS} Beskriv vad som gjorts för att verkställa besluten och vad nämnden ser framåt."),
    ]
    return block


def skrivelse(t, b, inst: Installningar, kvartal: Kvartal, matdatum: date,
              foregaende: dict | None = None) -> Textdokument:
    """Skrivelsen för underlagets lagrum (t: Beslutstabell, b: Bedomning för kvartalet och mätdatum).
    `foregaende`: {lagrum: antal beslut i Summa} ur förra kvartalets Bilaga 1, om den finns."""
    finns = [lag for lag in LAGRUM if lag in set(t.lagrum)]
    block = []
    for lag in finns:
        ordning = inst.kategoriordning(lag)
        b1 = bilagor.bilaga1(t, b, lag, kvartal, matdatum, inst.antal, None, None, ordning, inst.orsaker)
        ls = per_lagrum(t, b, lag, [r.insats for r in b1.rader if not r.summa], inst.orsaker)
        if len(finns) > 1:
            block += [*([("sidbrytning", "")] if block else []), ("rubrik", titel(lag, kvartal.slut))]
        block += [("stycke", f"Nämnd: {inst.namnd or PLATS}"),
                  ("stycke", f"Diarienummer: {inst.diarienummer or PLATS}"),
                  *_arendebeskrivning(lag, kvartal, matdatum, inst),
                  ("underrubrik", "Ej verkställda beslut per insats")]
        for namn, s in ls.per_insats:
            block += [("mellanrubrik", namn), ("stycke", insatstext(s, matdatum))]
            if s.rapporterade:
                block.append(("stycke", f"{PLATS} Varför besluten inte har verkställts och vad som har erbjudits."))
        block += _analys(ls, kvartal, matdatum, inst.orsaker, foregaende)
        block += [("underrubrik", "Förslag till beslut"),
                  ("stycke", f"{PLATS} Nämnden godkänner rapporteringen av ej verkställda beslut enligt {lag} för "
                             f"{kvartal.text} och överlämnar den till kommunfullmäktige och kommunens revisorer."),
                  ("stycke", "Bilagor: Bilaga 1, Bilaga 2")]
    huvud = titel(" och ".join(finns) or "LSS och SoL", kvartal.slut)
    return Textdokument(titel=huvud, block=tuple(block),
                        egenskaper={"subject": f"{inst.namnd} {kvartal}".strip()})


@registrera("skrivelse", titel="Skapa skrivelse", filandelse=".docx", hjalp="""Skrivelsen kring bilagorna som Word-dokument: siffrorna per insats, analys och lagen i kraft.

    Skriver UT/<namn>_skrivelse_<kvartal>.docx; det bara en människa kan skriva står som […]. Jämförelsen
    med förra kvartalet tas ur <namn>_bilagor_<förra kvartalet>.xlsx när den ligger bredvid underlaget.""",
            knapp=Knapp("evb_skrivelse", "Skapa skrivelse", "Skapar ett utkast till tjänsteskrivelsen (Word) med "
                        "kvartalets siffror per insats, analysen och lagen i kraft, ur underlaget i den aktiva "
                        "arbetsboken. Inga personuppgifter kommer med.", "ExportWord", "huvud"))
def skapa(indata: Indata) -> Textdokument:
    """`forra_summor` i alternativ: en funktion som ger {lagrum: antal} ur förra kvartalets Bilaga 1
    (dörren läser filen bara när skrivelsen frågar)."""
    forra = indata.alternativ.get("forra_summor")
    return skrivelse(indata.tabell, indata.bedomning, indata.installningar, indata.kvartal, indata.matdatum,
                     forra() if callable(forra) else forra)
