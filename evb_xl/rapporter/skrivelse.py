"""Skrivelsen: tjänsteskrivelsen kring bilagorna som ett Textdokument (SPEC §10, issue 11).

Per lagrum i underlaget: titel, nämnd och diarienummer, en ärendebeskrivning som citerar lagen i
kraft (regler/data/lagar.csv), en rubrik per insats i Bilaga 1:s ordning med dess siffror, en analys
med summorna, orsaksgrupperna och andelen med orsak hos den enskilde per insats, och jämförelsen med
föregående kvartal när förra kvartalets Bilaga 1 finns och räknade samma sak (rapporterade eller
kvarstående) för samma nämnd. Siffrorna kommer ur rapporter/siffror.py (samma som Kontroll), och
orsakerna räknas som i Bilaga 1 (ett SoL-avbrott under Avbrott i stället för sin orsak). Bara
siffror: aldrig personnummer, namn, kommentar eller handläggare. Det bara en människa kan skriva
(varför, vad som erbjudits) står som markerade platser […]. Talen böjer orden ("1 beslut som inte
är verkställt", "inga avbrott"), och ingen mening säger "0".
"""

from __future__ import annotations

from datetime import date

from evb_xl.modell.dokument import Indata, Textdokument
from evb_xl.modell.installningar import KVARSTAENDE, ORSAKER_ALLA, Installningar
from evb_xl.rapporter import bilagor
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.rapporter.siffror import ANNAT, HOS_DEN_ENSKILDE, RESURSBRIST, Siffror, per_lagrum
from evb_xl.regler.bojning import antal
from evb_xl.regler.kategorier import LAGRUM, SOL
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
    return antal(n, "nytt beslut", "nya beslut", "inga nya beslut")


def _avbrott(n: int) -> str:
    return antal(n, "avbrott i verkställigheten", "avbrott i verkställigheten", "inga avbrott i verkställigheten")


def _arenden(n: int) -> str:
    return antal(n, "ärende", "ärenden", "inget ärende")


def _procent(andel: float) -> str:
    return f"{round(andel * 100)} %"


def _verkstallda_och_avslutade(s: Siffror) -> str:
    """`Under perioden har 2 beslut verkställts och 1 avslutats.`"""
    if not s.verkstallda and not s.avslutade:
        return "Under perioden har inga beslut verkställts eller avslutats."
    return (f"Under perioden har {antal(s.verkstallda, 'beslut', 'beslut', 'inga beslut')} verkställts och "
            f"{s.avslutade or 'inga'} avslutats.")


def _kvar(s: Siffror, matdatum: date) -> str:
    """`Kvar är 1 beslut som inte är verkställt den 31 mars 2024, ...` (verkställt/verkställda efter antalet)."""
    dag = svenskt_datum(matdatum)
    if not s.kvarstaende:
        return f"Inga beslut är kvar att verkställa den {dag}."
    text = f"Kvar är {s.kvarstaende} beslut som inte är {'verkställt' if s.kvarstaende == 1 else 'verkställda'} den {dag}"
    if s.delvis and s.kvarstaende == 1:
        return text + ", och det är delvis verkställt."
    if s.delvis:
        return text + f", varav {s.delvis} delvis {'verkställt' if s.delvis == 1 else 'verkställda'}."
    return text + "."


def _orsaker_kort(s: Siffror, lagrum: str, kvarstaende: bool) -> str:
    """`Orsak: hos den enskilde 3, annat 1.`: bara grupperna som har beslut, som Bilaga 1 räknar dem."""
    delar = [(HOS_DEN_ENSKILDE, s.hos_den_enskilde), (RESURSBRIST, s.resursbrist), (ANNAT, s.annat)]
    if lagrum == SOL:
        delar.append(("avbrott i verkställigheten (i stället för orsak)", s.avbrott_i_stallet))
    delar.append(("saknas", s.orsak_saknas))
    delar = [f"{namn} {n}" for namn, n in delar if n]
    if not delar:
        return ""
    return f" Orsak{' bland de kvarstående' if kvarstaende else ''}: {', '.join(delar)}."


def insatstext(s: Siffror, matdatum: date, lagrum: str = "", kvarstaende: bool = False) -> str:
    """Stycket under en insats: rapporterade, nya och avbrott, verkställda och avslutade, kvar, delvis, orsaker.
    `kvarstaende`: orsakerna räknas bland de kvarstående (Bilaga 1 med Antal = kvarstående)."""
    if not s.rapporterade:
        return INGA
    return (f"Totalt {s.rapporterade} beslut rapporteras, varav {_nya(s.nya)} och {_avbrott(s.avbrott)}. "
            f"{_verkstallda_och_avslutade(s)} {_kvar(s, matdatum)}" + _orsaker_kort(s, lagrum, kvarstaende))


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


def _forandring(skillnad: int) -> str:
    return (f"en ökning med {skillnad}" if skillnad > 0 else f"en minskning med {-skillnad}" if skillnad < 0
            else "oförändrat")


def _samma_namnd(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def jamforelse(lagrum: str, kvartal: Kvartal, matdatum: date, nu: Siffror, namnd: str, forra) -> str:
    """Förändringen från föregående kvartal, ur förra kvartalets bilagor (`forra`: deras märke,
    modell.utfiler.Bilagemarke; None när de inte finns; en text när de inte gick att läsa). Ur
    kvartalets lista går den inte att räkna: beslut som stängdes förra kvartalet finns inte med.

    Bara lika med lika: rapporterade med rapporterade, kvarstående med kvarstående (förra kvartalets
    Bilaga 1 säger vilket), och samma nämnd; annars säger texten varför ingen jämförelse görs."""
    fore = kvartal.foregaende()
    hamta = "hämta antalet ur förra kvartalets rapport."
    if forra is None:
        return f"{PLATS} Jämförelse med {fore.text}: förra kvartalets bilagor fanns inte bredvid underlaget; {hamta}"
    if isinstance(forra, str):
        return f"{PLATS} Ingen jämförelse med {fore.text} är möjlig: {forra}; {hamta}"
    ingen = f"{PLATS} Ingen jämförelse med {fore.text} är möjlig: förra kvartalets bilagor ({forra.fil})"
    if forra.kvartal != str(fore):
        return f"{ingen} gäller {forra.kvartal} enligt sitt märke, inte {fore}; {hamta}"
    if namnd and forra.namnd and not _samma_namnd(namnd, forra.namnd):
        return f"{ingen} gäller {forra.namnd}, inte {namnd}; {hamta}"
    if forra.antal is None:
        return (f"{ingen} säger inte om Bilaga 1 räknade rapporterade eller kvarstående beslut (skrivna av en "
                f"äldre evb-xl); {hamta}")
    if lagrum not in forra.summor:
        return f"{ingen} har ingen Bilaga 1 för {lagrum}; {hamta}"
    da = sum(forra.summor[lagrum].values())
    okand_namnd = (" Förra kvartalets bilagor säger inte vilken nämnd de gäller (skrivna av en äldre evb-xl); "
                   "de har samma namn som underlaget." if namnd and forra.namnd is None else "")
    def beslut(n: int) -> str:
        return antal(n, "beslut", "beslut", "inga beslut")

    if forra.antal == KVARSTAENDE:  # förra Bilaga 1 räknade kvarstående: jämför med kvarstående nu
        den = svenskt_datum(date.fromisoformat(forra.matdatum)) if forra.matdatum else f"slutet av {fore.text}"
        return (f"Enligt förra kvartalets Bilaga 1, som räknade kvarstående beslut, var {beslut(da)} kvar att "
                f"verkställa den {den}; nu är {beslut(nu.kvarstaende)} kvar den {svenskt_datum(matdatum)} "
                f"({_forandring(nu.kvarstaende - da)}).{okand_namnd}")
    return (f"Under {fore.text} rapporterades {beslut(da)} enligt förra kvartalets Bilaga 1; nu rapporteras "
            f"{beslut(nu.rapporterade)} ({_forandring(nu.rapporterade - da)}).{okand_namnd}")


def _orsaksstycke(s: Siffror, lagrum: str, orsaker: str, kvarstaende: bool, matdatum: date) -> str:
    text = ""
    if kvarstaende:
        text = ("Orsakerna räknas, som i Bilaga 1, bara bland de kvarstående besluten, de som inte är verkställda "
                f"den {svenskt_datum(matdatum)}. ")
    text += (f"I {_arenden(s.hos_den_enskilde)} ligger orsaken hos den enskilde (den enskilde har tackat nej), i "
             f"{_arenden(s.resursbrist)} är orsaken resursbrist (ledig bostad eller personal) och i "
             f"{_arenden(s.annat)} annat skäl.")
    if lagrum == SOL and s.avbrott_i_stallet:
        n = s.avbrott_i_stallet
        text += (f" I {_arenden(n)} avser {'beslutet ett avbrott' if n == 1 else 'besluten avbrott'} i "
                 "verkställigheten, som Bilaga 1 för SoL räknar i stället för en orsak.")
    if s.orsak_saknas:
        text += f" I {_arenden(s.orsak_saknas)} saknas orsak i underlaget."
    if orsaker == ORSAKER_ALLA:
        text += " Ett beslut kan ha mer än en orsak och räknas då i varje grupp."
    return text


def analys(ls, kvartal: Kvartal, matdatum: date, inst: Installningar, forra) -> list:
    """Analysens block för ett lagrum (ls: rapporter.siffror.Lagrumssiffror)."""
    s, kvarstaende = ls.totalt, inst.antal == KVARSTAENDE
    block = [("underrubrik", "Analys")]
    if not s.rapporterade:
        block.append(("stycke", "Inga beslut rapporteras under perioden."))
    else:
        avbrott = f"{s.avbrott} avser" if s.avbrott else "inget avser"
        if not s.verkstallda and not s.avslutade:
            stangda = "Inga beslut har verkställts eller avslutats under perioden."
        else:
            stangda = (f"{antal(s.verkstallda, 'beslut', 'beslut', 'Inga beslut')} har verkställts under perioden "
                       f"och {s.avslutade or 'inga'} har avslutats.")
        block += [
            ("stycke", f"Totalt rapporteras {s.rapporterade} beslut, varav {_nya(s.nya)} och {avbrott} avbrott i "
                       f"verkställigheten. {stangda} {_kvar(s, matdatum)}"),
            ("stycke", _orsaksstycke(s, ls.lagrum, inst.orsaker, kvarstaende, matdatum)),
        ]
        andelar = [f"{namn}: {_procent(x.andel_hos_den_enskilde)} ({x.hos_den_enskilde} av {x.orsaksbas}"
                   + (f"; orsak saknas för {x.orsak_saknas})" if x.orsak_saknas else ")")
                   for namn, x in ls.per_insats if x.orsaksbas]
        if andelar:
            block += [("stycke", f"Andel av de {'kvarstående' if kvarstaende else 'rapporterade'} besluten där "
                                 "orsaken ligger hos den enskilde, per insats:"),
                      ("lista", tuple(andelar))]
    block += [
        ("stycke", jamforelse(ls.lagrum, kvartal, matdatum, s, inst.namnd, forra)),
        ("stycke", f"{PLATS} Beskriv vad som gjorts för att verkställa besluten och vad nämnden ser framåt."),
    ]
    return block


def skrivelse(t, b, inst: Installningar, kvartal: Kvartal, matdatum: date, forra=None) -> Textdokument:
    """Skrivelsen för underlagets lagrum (t: Beslutstabell, b: Bedomning för kvartalet och mätdatum).
    `forra`: förra kvartalets bilagors märke (modell.utfiler.Bilagemarke), en text när de inte gick
    att läsa, eller None när de inte finns (jamforelse)."""
    finns = [lag for lag in LAGRUM if lag in set(t.lagrum)]
    kvarstaende = inst.antal == KVARSTAENDE
    block = []
    for lag in finns:
        ordning = inst.kategoriordning(lag)
        b1 = bilagor.bilaga1(t, b, lag, kvartal, matdatum, inst.antal, None, None, ordning, inst.orsaker)
        ls = per_lagrum(t, b, lag, [r.insats for r in b1.rader if not r.summa], inst.orsaker, inst.antal)
        if len(finns) > 1:
            block += [*([("sidbrytning", "")] if block else []), ("rubrik", titel(lag, kvartal.slut))]
        block += [("stycke", f"Nämnd: {inst.namnd or PLATS}"),
                  ("stycke", f"Diarienummer: {inst.diarienummer or PLATS}"),
                  *_arendebeskrivning(lag, kvartal, matdatum, inst),
                  ("underrubrik", "Ej verkställda beslut per insats")]
        for namn, s in ls.per_insats:
            block += [("mellanrubrik", namn), ("stycke", insatstext(s, matdatum, lag, kvarstaende))]
            if s.rapporterade:
                block.append(("stycke", f"{PLATS} Varför besluten inte har verkställts och vad som har erbjudits."))
        block += analys(ls, kvartal, matdatum, inst, forra)
        block += [("underrubrik", "Förslag till beslut"),
                  ("stycke", f"{PLATS} Nämnden godkänner rapporteringen av ej verkställda beslut enligt {lag} för "
                             f"{kvartal.text} och överlämnar den till kommunfullmäktige och kommunens revisorer."),
                  ("stycke", "Bilagor: Bilaga 1, Bilaga 2")]
    huvud = titel(" och ".join(finns) or "LSS och SoL", kvartal.slut)
    return Textdokument(titel=huvud, block=tuple(block),
                        egenskaper={"subject": f"{inst.namnd} {kvartal}".strip()})


@registrera("skrivelse", titel="Skapa skrivelse", filandelse=".docx", hjalp="""Skrivelsen kring bilagorna som Word-dokument: siffrorna per insats, analys och lagen i kraft.

    Skriver UT/<namn>_skrivelse_<kvartal>.docx (A4, med --pdf också en PDF); det bara en människa kan
    skriva står som […]. Jämförelsen med förra kvartalet tas ur <namn>_bilagor_<förra kvartalet>.xlsx
    när den ligger bredvid underlaget, och görs bara när den räknade samma sak för samma nämnd.""",
            knapp=Knapp("evb_skrivelse", "Skapa skrivelse", "Skapar ett utkast till tjänsteskrivelsen (Word) med "
                        "kvartalets siffror per insats, analysen och lagen i kraft, ur underlaget i den aktiva "
                        "arbetsboken. Inga personuppgifter kommer med.", "ExportWord", "huvud"))
def skapa(indata: Indata) -> Textdokument:
    """`forra_bilagor` i alternativ: en funktion som ger förra kvartalets bilagors märke (se
    jamforelse); dörren läser filen bara när skrivelsen frågar."""
    forra = indata.alternativ.get("forra_bilagor")
    return skrivelse(indata.tabell, indata.bedomning, indata.installningar, indata.kvartal, indata.matdatum,
                     forra() if callable(forra) else forra)
