"""Formlerna för handläggare (xlwings UDF): en dörr som bara översätter Excels värden till
reglerna (regler/) och modellen och tillbaka; inga egna regler.

Varje formel tar en cell eller en hel kolumn och ger samma form tillbaka (en kolumn in,
en kolumn ut som spiller), så en formel per kolumn räcker: xlwings gör en rundresa per
anrop. Ett värde som inte går att läsa ger `#EVB: ...` i just den cellen, aldrig en
Python-traceback, och de andra raderna räknas ändå.

Anropade från Python tar de det xlwings skickar: datetime, serienummer (float), text,
None, eller en lista av listor för ett område.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import xlwings as xw

from evb_xl.lasning.underlag import LasFel, Minnesbok, las_bok
from evb_xl.modell.beslut import bedom
from evb_xl.modell.installningar import BLADNAMN, Installningar, tolka_antal
from evb_xl.rapporter import bilagor as bilagor_
from evb_xl.regler import datum, kategorier
from evb_xl.regler import frist as regler
from evb_xl.regler import kvartal as kvartal_
from evb_xl.regler.kvartal import Kvartal, KvartalFel
from evb_xl.skrivning import bilagetext

FEL = "#EVB: "
SUMMA = "Summa"


class _Fel(ValueError):
    pass


def _platt(varde) -> tuple[list, tuple | None]:
    """(värdena i en lista, formen) — formen är None för en enda cell."""
    if not isinstance(varde, (list, tuple)):
        return [varde], None
    if not varde:
        return [], (0, 0)
    if not isinstance(varde[0], (list, tuple)):  # en rad som platt lista
        return list(varde), (1, len(varde))
    bredd = len(varde[0])
    return ([r[0] for r in varde] if bredd == 1 else [v for r in varde for v in r]), (len(varde), bredd)


def _forma(varden: list, form: tuple | None):
    if form is None:
        return varden[0]
    rader, kolumner = form
    if kolumner == 1:
        return [[v] for v in varden]
    return [varden[i * kolumner:(i + 1) * kolumner] for i in range(rader)]


def _bredda(varde, n: int) -> list:
    """Ett valfritt argument som kolumn med n värden (en cell gäller alla rader)."""
    platt, form = _platt(varde)
    if form is None or len(platt) == 1:
        return platt * n
    if len(platt) != n:
        raise _Fel(f"områdena har olika storlek ({len(platt)} och {n} celler)")
    return platt


def _tolka_datum(varden: list, fel: list) -> tuple[list, list]:
    """(datum, index märkta som avbrottsdatum); ett oläsbart värde ger fel i just den cellen."""
    dagar, markta, olasbara = datum.tolka_kolumn(varden)
    for i, e in olasbara.items():
        fel[i] = fel[i] or f"{FEL}{e}"
    return dagar, markta


def _formel(berakna, form_fran: int = 0):
    """Gör en beräkning över kolumner till en formel: formen på argument nummer `form_fran`
    in ger samma form ut; de andra argumenten breddas till den; fel hamnar per cell."""

    def formel(*argument):
        try:
            platt, form = _platt(argument[form_fran])
            n = len(platt)
            fel = [None] * n
            kolumner = [platt if i == form_fran else _bredda(a, n) for i, a in enumerate(argument)]
            varden = berakna(kolumner, fel)
        except _Fel as e:
            return f"{FEL}{e}"
        return _forma([f if f else ("" if v is None else v) for v, f in zip(varden, fel)], form)

    formel.__name__ = berakna.__name__
    formel.__doc__ = berakna.__doc__
    return formel


_DATUMARGUMENT = ("beslut", "avbrott", "verkstallt", "avslutat")


def _forlopp(kolumner, fel) -> regler.Forlopp:
    """Regelns grund ur de fyra datumargumenten (beslut, avbrott, verkställt, avslutat); ett datum
    märkt (avbrottsdatum) räknas som avbrottsdatum var det står, och "delvis 2024-02-01" i
    verkställt stänger inte beslutet, som i bilagorna."""
    dagar, markta = {}, {}
    kolumner = [*kolumner[:2], datum.delvis_verkstallt([""] * len(kolumner[2]), kolumner[2])[1], *kolumner[3:]]
    for falt, varden in zip(_DATUMARGUMENT, kolumner[:4]):
        dagar[falt], markta[falt] = _tolka_datum(varden, fel)
    for _, i in datum.flytta_avbrott(dagar, markta, "avbrott"):
        fel[i] = fel[i] or f"{FEL}två olika avbrottsdatum"
    return regler.forlopp(*(datum.kolumn(dagar[f]) for f in _DATUMARGUMENT))


def _dagar_med_standard(varden: list, fel: list, standard) -> np.ndarray:
    """En datumkolumn där tomma celler får `standard(None)` (regelns standardvärde)."""
    dagar, _ = _tolka_datum(varden, fel)
    return datum.kolumn([standard(d) for d in dagar])


def _tider(kolumner, fel):
    """Förloppet och `per` (standard i dag, kvartal.per) för dagar, månader, försenad och väntetid."""
    f = _forlopp(kolumner, fel)
    idag = date.today()
    return f, _dagar_med_standard(kolumner[4], fel, lambda d: kvartal_.per(d, idag))


def _utan_bas(varden, bas):
    return [None if np.isnat(b) else v for v, b in zip(varden, bas)]


def _frist(kolumner, fel):
    """Dagen då de tre månaderna går ut: basdatum (avbrott, annars beslut) + 3 månader; samma
    förlopp som de andra formlerna och bilagorna, så ett datum märkt (avbrottsdatum) räknas lika."""
    tomma = [None] * len(kolumner[0])
    return list(_forlopp([*kolumner, tomma, tomma], fel).frist.astype(object))


def _dagar(kolumner, fel):
    """Dagar från basdatum till stängning, annars till `per` (standard idag)."""
    f, per = _tider(kolumner, fel)
    d = regler.dagar(f.bas, regler.tid_slut(f.stangd, per))
    return [None if np.isnan(x) else int(x) for x in d]


def _manader(kolumner, fel):
    """Hela månader som fristen räknar dem, till stängning eller `per`."""
    f, per = _tider(kolumner, fel)
    m = regler.hela_manader(f.bas, regler.tid_slut(f.stangd, per))
    return [None if np.isnan(x) else int(x) for x in m]


def _forsenad(kolumner, fel):
    """SANT när fristen har passerat vid `per` och beslutet inte var stängt då."""
    f, per = _tider(kolumner, fel)
    return _utan_bas([bool(x) for x in regler.forsenad(f.frist, f.stangd, per)], f.bas)


def _vantetid(kolumner, fel):
    """IVO:s indelning av väntetiden: under 7 mån, 7–9, 10–12, 13–17, 18 eller mer."""
    f, per = _tider(kolumner, fel)
    return _utan_bas(list(regler.vantetid(regler.hela_manader(f.bas, regler.tid_slut(f.stangd, per)))), f.bas)


def _kvartal(varde) -> Kvartal:
    try:
        return Kvartal.tolka(varde)
    except KvartalFel as e:
        raise _Fel(str(e)) from None


def _rapporteras(kolumner, fel):
    """SANT när beslutet ska rapporteras i kvartalet."""
    kvartal = _kvartal(kolumner[0][0])
    f = _forlopp(kolumner[1:5], fel)
    r = regler.rapporteringspliktig(f.frist, f.stangd, kvartal.start, kvartal.slut)
    return _utan_bas([bool(x) for x in r], f.bas)


def _status(kolumner, fel):
    """Ej verkställt / verkställt under perioden / avslutat under perioden vid mätdatum
    (standard: kvartalets sista dag), eller 'ej rapporteringspliktig'."""
    kvartal = _kvartal(kolumner[0][0])
    f = _forlopp(kolumner[1:5], fel)
    matdatum = _dagar_med_standard(kolumner[5], fel, kvartal.matdatum)
    r = regler.rapporteringspliktig(f.frist, f.stangd, kvartal.start, kvartal.slut)
    s = regler.status(f.stangd, f.verkstalld_forst, matdatum)
    return _utan_bas([str(x) if ok else regler.EJ_RAPPORTERINGSPLIKTIG for x, ok in zip(s, r)], f.bas)


def _insats(kolumner, fel):
    """Kategorin som bilagorna räknar insatsen under; lagrum avgörs som vid läsningen (cellen, § i
    texten, en kategori som bara finns under ett lagrum: kategorier.avgor_lagrum)."""
    ut = []
    tabell = kategorier.standardtabell()
    for i, (text, lagrum, kon) in enumerate(zip(*kolumner)):
        if datum.tom(text):
            ut.append(None)
            continue
        lag = kategorier.avgor_lagrum(lagrum, text, tabell)
        if lag is None:
            fel[i] = f"{FEL}ange lagrum (LSS eller SoL)"
            ut.append(None)
            continue
        k = tabell.kategori(text, lag, kategorier.kon(kon) in (kategorier.POJKE, kategorier.FLICKA))
        ut.append(kategorier.kategorinamn(k))
    return ut


def _kon(kolumner, fel):
    """Man, Kvinna, Pojke, Flicka eller Okänt, som bilagorna räknar det."""
    return [kategorier.kon(v) or kategorier.OKANT for v in kolumner[0]]


# --- formlerna som Excel ser ------------------------------------------------------


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_FRIST(beslutsdatum, avbrott=None):
    """Dagen då de tre månaderna går ut (EDATE på avbrottsdatum, annars beslutsdatum)."""
    return _formel(_frist)(beslutsdatum, avbrott)


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_DAGAR(beslutsdatum, avbrott=None, verkstallt=None, avslutat=None, per=None):
    """Dagar som beslutet väntat: till verkställt/avslutat, annars till per (standard idag)."""
    return _formel(_dagar)(beslutsdatum, avbrott, verkstallt, avslutat, per)


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_MANADER(beslutsdatum, avbrott=None, verkstallt=None, avslutat=None, per=None):
    """Hela månader som beslutet väntat, räknade som fristen (på fristdagen: 3)."""
    return _formel(_manader)(beslutsdatum, avbrott, verkstallt, avslutat, per)


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_FORSENAD(beslutsdatum, avbrott=None, verkstallt=None, avslutat=None, per=None):
    """SANT när beslutet är försenat vid per (standard idag)."""
    return _formel(_forsenad)(beslutsdatum, avbrott, verkstallt, avslutat, per)


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_VANTETID(beslutsdatum, avbrott=None, verkstallt=None, avslutat=None, per=None):
    """Väntetiden i IVO:s indelning: under 7 mån, 7–9, 10–12, 13–17, 18 mån eller mer."""
    return _formel(_vantetid)(beslutsdatum, avbrott, verkstallt, avslutat, per)


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_RAPPORTERAS(kvartal, beslutsdatum, avbrott=None, verkstallt=None, avslutat=None):
    """SANT när beslutet ska rapporteras i kvartalet (t.ex. "2024Q1")."""
    return _formel(_rapporteras, form_fran=1)(kvartal, beslutsdatum, avbrott, verkstallt, avslutat)


@xw.func
@xw.arg("beslutsdatum", ndim=2)
def EVB_STATUS(kvartal, beslutsdatum, avbrott=None, verkstallt=None, avslutat=None, matdatum=None):
    """Status vid mätdatum, eller 'ej rapporteringspliktig' för kvartalet."""
    return _formel(_status, form_fran=1)(kvartal, beslutsdatum, avbrott, verkstallt, avslutat, matdatum)


@xw.func
@xw.arg("text", ndim=2)
def EVB_INSATS(text, lagrum=None, kon=None):
    """Insatskategorin som bilagorna räknar (t.ex. "9 § 6 Korttidsboende" -> Korttidsvistelse)."""
    return _formel(_insats)(text, lagrum, kon)


@xw.func
@xw.arg("text", ndim=2)
def EVB_KON(text):
    """Man, Kvinna, Pojke, Flicka eller Okänt."""
    return _formel(_kon)(text)


@xw.func
@xw.arg("orsak", ndim=2)
def EVB_ORSAKER(orsak, insats=None, rapporteras=None, lagrum=None, avbrott=None):
    """Antal beslut per orsak (och per insats när den ges), räknade som i Bilaga 1: med lagrum och
    avbrott räknas ett avbrott i SoL under Avbrott i verkställighet i stället för en orsak. `avbrott`:
    kolumnen Datum för avbrott, eller Beslutsdatum:Datum för avbrott (då räknas ett datum märkt
    (avbrottsdatum) i beslutskolumnen också)."""
    platt, _ = _platt(orsak)
    n = len(platt)
    try:
        insatser = _bredda(insats, n) if insats is not None else [None] * n
        med = _bredda(rapporteras, n) if rapporteras is not None else [True] * n
        lagrummen = _bredda(lagrum, n) if lagrum is not None else [None] * n
        avbrotten = _avbrotten(avbrott, n)
    except _Fel as e:
        return f"{FEL}{e}"
    kolumner = [*kategorier.ORSAKER, kategorier.ORSAK_SAKNAS]
    if avbrott is not None:
        kolumner.append(kategorier.AVBROTT_I_VERKSTALLIGHET)
    tabell = kategorier.standardtabell()
    rader: dict = {}  # insats -> (antal beslut, {kolumn: antal})
    for o, ins, ok, lag, avb in zip(platt, insatser, med, lagrummen, avbrotten):
        if not ok or (datum.tom(o) and datum.tom(ins) and datum.tom(lag) and not avb):  # tom rad i området
            continue
        lag_ = kategorier.avgor_lagrum(lag, ins, tabell)
        if avb and lag_ is None:
            return f"{FEL}ange lagrum (LSS eller SoL) för besluten med avbrott"
        funna = kategorier.orsaker(o)
        rad = rader.setdefault(str(ins).strip() if insats is not None else SUMMA, [0, dict.fromkeys(kolumner, 0)])
        rad[0] += 1
        for k in kategorier.raknas_under(lag_, funna[0] if funna else None, avb):
            rad[1][k] += 1
    if insats is None:
        antal, c = rader.get(SUMMA, (0, dict.fromkeys(kolumner, 0)))
        return [["Orsak", "Antal"], *[[k, c[k]] for k in kolumner], [SUMMA, antal]]
    ut = [["Insats", *kolumner, SUMMA]]
    for namn, (antal, c) in rader.items():
        ut.append([namn, *[c[k] for k in kolumner], antal])
    ut.append([SUMMA, *[sum(c[k] for _, c in rader.values()) for k in kolumner], sum(a for a, _ in rader.values())])
    return ut


def _avbrotten(avbrott, n: int) -> list[bool]:
    """Avbrott per rad: kolumnen Datum för avbrott (ett datum eller SANT), eller två kolumner
    Beslutsdatum:Datum för avbrott, där ett datum märkt (avbrottsdatum) räknas var det står (SPEC §8 p. 9)."""
    if avbrott is None:
        return [False] * n
    platt, form = _platt(avbrott)
    if n and form == (n, 2):
        return [_markt_avbrott(b) or _ar_avbrott(a) for b, a in zip(platt[0::2], platt[1::2])]
    return [_ar_avbrott(v) for v in _bredda(avbrott, n)]


def _ar_avbrott(v) -> bool:
    """Ett avbrottsdatum (eller SANT) i cellen; tomt, FALSKT och 0 är inget avbrott."""
    return not (datum.tom(v) or v is False or (isinstance(v, (int, float)) and not isinstance(v, bool) and v == 0))


def _markt_avbrott(v) -> bool:
    """Ett datum märkt (avbrottsdatum) eller (avbrott), som läsningen tolkar det."""
    try:
        return isinstance(v, str) and datum.tolka(v)[1]
    except datum.DatumFel:
        return False


@xw.func
@xw.arg("underlag", "range")
def EVB_BILAGA1(underlag, kvartal, antal=None):
    """Hela Bilaga 1 ur underlagets område (med rubrikraden), som en tabell, med lagrumstexten under.

    Som knappen och kommandoraden: arbetsbokens blad Inställningar gäller (Lagrum, Lagrumstext,
    Antal, Orsaker, Mätdatum, egna insatser, pågående beslut), med `kvartal` och `antal` som
    flaggor ovanpå; ett fel pekar på bladets cell (t.ex. D14), inte på en cell i området. Formeln
    räknas om när området ändras; efter en ändring på Inställningar: Ctrl+Alt+F9."""
    try:
        k = _kvartal(kvartal)
        antal_ = tolka_antal(antal) if not datum.tom(antal) else None
    except (_Fel, ValueError) as e:
        return f"{FEL}{e}"
    rader, blad, installningar = _omrade(underlag)
    bok = {"Underlag": rader, **({BLADNAMN: installningar} if installningar is not None else {})}
    try:  # samma läsning och samma inställningar som knappen och kommandoraden (korning.las_underlag)
        u = las_bok(Minnesbok(bok), "området", Installningar(), flaggor={"kvartal": k, "antal": antal_})
    except LasFel:
        return f"{FEL}ingen rubrikrad i området (t.ex. Kön, Beslutsdatum, Typ av insats)"
    if u.fel:
        return [[f"{FEL}{f.som_text(blad=blad)}"] for f in u.fel]
    t, inst = u.tabell, u.installningar
    matdatum = k.matdatum(inst.matdatum)
    b = bedom(t, k, matdatum)
    ut = []
    for lag in (kategorier.LSS, kategorier.SOL):
        if lag in t.lagrum:
            b1 = bilagor_.bilaga1(t, b, lag, k, matdatum, inst.antal, inst.pagaende or None, inst.pagaende_datum,
                                  inst.kategoriordning(lag), inst.orsaker)
            if ut:
                ut.append([""])
            ut += [["" if v is None else v for v in rad] for rad in bilagetext.som_rader(b1)]
            ut.append([f"Rapportering enligt {inst.text_for(lag, k)}."])
    bredd = max(len(r) for r in ut)
    return [r + [""] * (bredd - len(r)) for r in ut]


def _omrade(underlag) -> tuple[list[list], str, list[list] | None]:
    """(områdets värden på sina platser på bladet, bladets namn, bladet Inställningars värden eller None).

    Excel ger området som ett xlwings Range (bladet, cellerna och arbetsboken med Inställningar);
    anropad från Python med en lista av listor står området i A1 och inga inställningar finns."""
    if not hasattr(underlag, "sheet"):
        return [list(r) for r in (underlag if isinstance(underlag, (list, tuple)) else [[underlag]])], "", None
    varden = underlag.options(ndim=2).value or []
    rader = [[] for _ in range(underlag.row - 1)] + [[None] * (underlag.column - 1) + list(r) for r in varden]
    blad = underlag.sheet
    inst = next((s for s in blad.book.sheets if s.name.strip().lower() == BLADNAMN.lower() and s.name != blad.name), None)
    return rader, blad.name, _blad(inst) if inst is not None else None


def _blad(sheet) -> list[list]:
    """Bladets värden från A1 (Inställningar: ett litet blad, läst i ett anrop)."""
    omrade = sheet.used_range
    varden = omrade.options(ndim=2).value or []
    return [[] for _ in range(omrade.row - 1)] + [[None] * (omrade.column - 1) + list(r) for r in varden]
