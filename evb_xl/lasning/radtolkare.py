"""Raderna i ett underlag tolkade kolumn för kolumn (lasning/underlag.py hittar bladet och
rubrikraden): datum, kön, lagrum, insatskategori, orsaker, och kvalitetsvarningarna. Varje skilt
värde i en kolumn tolkas en gång; fynden kommer i radordning som förut."""

from __future__ import annotations

import re
from datetime import date

import numpy as np

from evb_xl.lasning.installningar import kolumnbokstav
from evb_xl.modell import falt as F
from evb_xl.modell.beslut import Beslutstabell
from evb_xl.modell.fynd import FEL, INFO, VARNING, Fynd
from evb_xl.modell.installningar import ORSAKER_ALLA, Installningar
from evb_xl.modell.kolumn import Kodad, grupper, objektfalt
from evb_xl.regler import datum, kategorier, personnummer
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import Insatstabell, Kategori
from evb_xl.regler.personnummer import visa_varde


class Radtolkare:
    """Tolkar raderna kolumn för kolumn; samma text tolkas bara en gång."""

    def __init__(self, kolumner: dict, inst: Installningar, idag: date):
        self.bokstav = {f: kolumnbokstav(j) for f, j in kolumner.items()}
        self.har = set(kolumner)
        self.inst = inst
        self.idag = idag
        self.tabell: Insatstabell = kategorier.standardtabell().med(list(inst.insatser))
        self.fynd: list[Fynd] = []
        self._kategorier: dict = {}

    def cell(self, falt: str, rad: int) -> str:
        return f"{self.bokstav[falt]}{rad}" if falt in self.bokstav else ""

    def tolka(self, kol: dict[str, Kodad], radnr: np.ndarray) -> tuple[Beslutstabell, list[Fynd]]:
        """`kol`: varje fält som Kodad (en kod per rad), `radnr`: radernas nummer i underlaget."""
        n = len(radnr)
        rader = radnr.tolist()
        delvis, kol[F.VERKSTALLT] = _delvis(kol[F.DELVIS], kol[F.VERKSTALLT])
        kodade = {}  # fälten som läsningen redan har som koder (Beslutstabell.kodad)
        dagar, markta = {}, {}
        for f in F.DATUMFALT:
            k = kol[f]
            tolkat = [datum.tolka_en(v) for v in k.varden]  # (datum, märkt) eller DatumFel
            dagar[f] = np.array([r[0].toordinal() if type(r) is tuple and r[0] is not None else 0
                                 for r in tolkat], dtype=np.int64)[k.koder]
            markta[f] = k.rader_med([type(r) is tuple and r[1] for r in tolkat]).tolist()
            for i in k.rader_med([type(r) is not tuple for r in tolkat]).tolist():
                self.fynd.append(Fynd(FEL, f"{tolkat[k.koder[i]]} i {F.NAMN_PA_FALT[f]}", self.cell(f, rader[i]), rader[i]))
        for f, i in _flytta_avbrott(dagar, markta):
            self.fynd.append(Fynd(FEL, "två olika avbrottsdatum på samma rad", self.cell(f, rader[i]), rader[i]))
        beslut, avbrott = dagar[F.BESLUT], dagar[F.AVBROTT]
        personer = Kodad(kol[F.PERSONNUMMER].koder, personnummer.som_text_kolumn(kol[F.PERSONNUMMER].varden))
        person = personer.lista()
        kon, kodade["kon"] = self.kon(kol[F.KON], person, beslut, avbrott, rader)
        lagrum, kodade["lagrum"] = self.lagrum(kol[F.LAGRUM], kol[F.INSATS], rader)
        kategori, kodade["kategori"] = self.kategori_kolumn(kol[F.INSATS], lagrum, kodade["lagrum"], kon, person,
                                                            beslut, avbrott, rader)
        orsaker, kodade["orsaker"] = self.orsaker(kol[F.ORSAK], rader)
        kodade["orsak"] = Kodad(kodade["orsaker"].koder, [o[0] if o else None for o in kodade["orsaker"].varden]).unika()
        self.personnummer_i_fritext(kol, rader)
        erbjudanden = ([self.erbjudanden(v, r) for v, r in zip(kol[F.ERBJUDANDEN].lista(), rader)]
                       if F.ERBJUDANDEN in self.har else [()] * n)
        med_datumfel = {f.rad for f in self.fynd if f.niva == FEL}
        for i in np.flatnonzero((beslut == 0) & (avbrott == 0)).tolist():
            if rader[i] not in med_datumfel:  # en rad vars datum inte gick att läsa har redan sitt fel
                self.fynd.append(Fynd(FEL, "raden saknar både beslutsdatum och datum för avbrott", "", rader[i]))
        insatser = kol[F.INSATS].per_varde(_strip)
        tabell = Beslutstabell(
            rad=np.asarray(radnr, dtype="int64"),
            lopnr=kol[F.LOPNR].per_varde(_som_text).lista() if F.LOPNR in self.har else [""] * n,
            kon=kon,
            beslut=datum.fran_ordinal(beslut),
            avbrott=datum.fran_ordinal(avbrott),
            verkstallt=datum.fran_ordinal(dagar[F.VERKSTALLT]),
            avslutat=datum.fran_ordinal(dagar[F.AVSLUTAT]),
            lagrum=lagrum,
            insats=insatser.lista(),
            kategori=kategori,
            orsaker=orsaker,
            enhet=kol[F.ENHET].per_varde(_strip).lista(),
            erbjudanden=erbjudanden,
            delvis=delvis,
            person=person,
        ).med_koder(**{f: k for f, k in kodade.items() if k is not None})
        return tabell, self.fynd + kvalitet(tabell, self.bokstav, self.idag, personer, insatser)

    def kon(self, konceller: Kodad, person, beslut, avbrott, radnr) -> tuple[list, Kodad | None]:
        """Kön ur cellen; annars ur personnumret (som Pojke/Flicka under 18); annars okänt."""
        tolkat = [kategorier.kon(v) for v in konceller.varden]
        ut = objektfalt(tolkat)[konceller.koder].tolist()
        saknas = konceller.rader_med([k is None for k in tolkat]).tolist()
        kodad = None if saknas else Kodad(konceller.koder, tolkat).unika()
        for i in saknas:
            cell = konceller.varden[konceller.koder[i]]
            k = None
            if person[i] and personnummer.ar_man(person[i]) is not None:
                man = personnummer.ar_man(person[i])
                barn = personnummer.under_18(person[i], _dag(beslut[i]) or _dag(avbrott[i]) or self.idag)
                k = kategorier.som_barn(kategorier.MAN if man else kategorier.KVINNA, bool(barn))
                vad = "kön saknas i cellen" if datum.tom(cell) else f"kön {visa_varde(cell)} känns inte igen"
                self.fynd.append(Fynd(INFO, f"{vad} och togs från personnumret", self.cell(F.KON, radnr[i]), radnr[i]))
            elif k is None:
                vad = f"okänt kön {visa_varde(cell)}" if not datum.tom(cell) else "kön saknas"
                self.fynd.append(Fynd(VARNING, f"{vad}; räknas som okänt kön", self.cell(F.KON, radnr[i]), radnr[i]))
            ut[i] = k
        return ut, kodad

    def lagrum(self, lagrumceller: Kodad, insatser: Kodad, radnr) -> tuple[list, Kodad]:
        """(lagrum per rad, samma som Kodad); en gång per (cell, insats)."""
        bredd = max(len(insatser.varden), 1)
        par, per_rad, _, _ = grupper(lagrumceller.koder * bredd + insatser.koder)
        sedda = []
        for p in par:
            cell, insats = lagrumceller.varden[p // bredd], insatser.varden[p % bredd]
            lag = kategorier.avgor_lagrum(cell, insats, self.tabell, self.inst.lagrum)
            sedda.append((lag, kategorier.lagrum(cell) is None and not datum.tom(cell)))
        kodad = Kodad(per_rad.astype(np.int64), [lag for lag, _ in sedda]).unika()
        ut = objektfalt(kodad.varden)[kodad.koder].tolist()
        for i in np.flatnonzero(np.array([lag is None or varna for lag, varna in sedda], dtype=bool)[per_rad]).tolist():
            lag, varna = sedda[per_rad[i]]
            cell = lagrumceller.varden[lagrumceller.koder[i]]
            if varna:
                self.fynd.append(Fynd(VARNING, f"okänt lagrum {visa_varde(cell)}; "
                                               + (f"{lag} används" if lag else "går inte att avgöra"),
                                      self.cell(F.LAGRUM, radnr[i]), radnr[i]))
            if lag is None:
                plats = self.cell(F.INSATS, radnr[i]) if F.INSATS in self.har else ""
                self.fynd.append(Fynd(FEL, "lagrum går inte att avgöra (fyll i Lagrum, skriv § i insatsen "
                                           "eller ange Lagrum på bladet Inställningar)", plats, radnr[i]))
        return ut, kodad

    def kategori_kolumn(self, insatser: Kodad, lagrum, lagkod: Kodad, kon, person, beslut, avbrott,
                        radnr) -> tuple[list, Kodad | None]:
        """kategori för varje rad: en gång per (insats, lagrum) när åldern inte avgör och insatsen
        är känd, annars rad för rad (med fynden i radordning)."""
        bredd = max(len(lagkod.varden), 1)
        par, per_rad, _, _ = grupper(insatser.koder * bredd + lagkod.koder)
        saknas = object()
        direkt = []
        for p in par:
            lag = lagkod.varden[p % bredd]
            k = saknas
            if lag is None:
                k = None
            else:
                vuxen, barn = self._par(insatser.varden[p // bredd], lag)
                if barn is vuxen and vuxen is not None:
                    k = vuxen
            direkt.append(k)
        ut = objektfalt(direkt)[per_rad].tolist()
        radvis = np.flatnonzero(np.array([k is saknas for k in direkt], dtype=bool)[per_rad]).tolist()
        for i in radvis:
            ut[i] = self.kategori(insatser.varden[insatser.koder[i]], lagrum[i], kon[i], person[i],
                                  _dag(beslut[i]) or _dag(avbrott[i]), radnr[i])
        return ut, (None if radvis else Kodad(per_rad.astype(np.int64), direkt).unika(identitet=True))

    def _par(self, text, lag) -> tuple:
        """(kategori för en vuxen, för ett barn)."""
        nyckel_ = (str(text), lag)
        if nyckel_ not in self._kategorier:
            self._kategorier[nyckel_] = (self.tabell.kategori(text, lag, False), self.tabell.kategori(text, lag, True))
        return self._kategorier[nyckel_]

    def kategori(self, text, lag, kon, person, pa_dag, rad) -> Kategori | None:
        """Insatskategorin; åldern räknas bara när den avgör (LSS bostad utan paragraf, SPEC §8 p. 7)."""
        if lag is None:
            return None
        vuxen, barn = self._par(text, lag)
        k = vuxen
        if barn is not vuxen:
            ar_barn = kon in (kategorier.POJKE, kategorier.FLICKA) or bool(
                person and pa_dag and personnummer.under_18(person, pa_dag))
            k = barn if ar_barn else vuxen
        if k is None:
            vad = f"okänd insats {visa_varde(text)}" if not datum.tom(text) else "insats saknas"
            self.fynd.append(Fynd(VARNING, f"{vad} ({lag}); räknas under {kategorier.OKAND_INSATS}",
                                  self.cell(F.INSATS, rad), rad))
        return k

    def orsaker(self, celler: Kodad, radnr) -> tuple[list, Kodad]:
        if F.ORSAK not in self.har:
            if len(celler):
                self.fynd.append(Fynd(VARNING, f"kolumnen Orsak saknas i underlaget; alla {len(celler)} beslut "
                                               "räknas under Orsak saknas"))
            return [()] * len(celler), Kodad.tom(len(celler), ())
        alla = self.inst.orsaker == ORSAKER_ALLA
        sedda = [tuple(kategorier.orsaker(v)) for v in celler.varden]  # en gång per stavning
        ut = objektfalt(sedda)[celler.koder].tolist()
        for i in celler.rader_med([not funna or (len(funna) > 1 and not alla) for funna in sedda]).tolist():
            cell, rad, funna = celler.varden[celler.koder[i]], radnr[i], ut[i]
            if not funna:
                vad = f"okänd orsak {visa_varde(cell)}" if not datum.tom(cell) else "orsak saknas"
                self.fynd.append(Fynd(VARNING, f"{vad}; räknas under Orsak saknas", self.cell(F.ORSAK, rad), rad))
            else:
                self.fynd.append(Fynd(VARNING, f"flera orsaker i samma cell; den första ({funna[0]}) räknas "
                                               "(Orsaker: alla räknar var och en)", self.cell(F.ORSAK, rad), rad))
        return ut, Kodad(celler.koder, sedda).unika()

    def personnummer_i_fritext(self, kol: dict[str, Kodad], rader: list) -> None:
        """Ett personnummer (eller något som ser ut som ett) i en fritextcell som rapporterna skriver
        ut: en varning med cellen, aldrig numret. Rapporterna visar inte cellens text (rapporter/fritext.py)."""
        for f in _FRITEXT:
            if f not in self.har:
                continue
            k = kol[f]
            for i in k.rader_med([personnummer.liknar_personnummer(v) for v in k.varden]).tolist():
                self.fynd.append(Fynd(VARNING, f"{F.NAMN_PA_FALT[f]} ser ut att innehålla ett personnummer; cellens "
                                               "text visas inte i bilagorna och rapporterna (ta bort numret ur cellen)",
                                      self.cell(f, rader[i]), rader[i]))

    def erbjudanden(self, cell, rad) -> tuple:
        """Datumen för erbjudanden (SPEC §2: noll eller flera datum, för listan per enhet). De räknas
        inte i bilagorna, så fritext här ("erbjuden plats 3/5, tackat nej") är en varning med cellen
        och värdet: datumen som går att läsa används och raden räknas som vanligt."""
        if datum.tom(cell):
            return ()
        delar = [cell] if not isinstance(cell, str) else [d for d in re.split(r"[,;\n]+|\s{2,}", cell) if d.strip()]
        ut, olasbara = [], []
        for d in delar:
            try:
                dag = datum.datum(d)
            except datum.DatumFel:
                olasbara.append(d)
                continue
            if dag:
                ut.append(dag)
        if olasbara:
            vad = (f"Erbjudanden {visa_varde(cell)} är inget datum" if len(delar) == 1 else
                   f"Erbjudanden {visa_varde(cell)}: {', '.join(visa_varde(d) for d in olasbara)} är inga datum")
            self.fynd.append(Fynd(VARNING, f"{vad} och används inte (bara datum för erbjudanden läses; annan text "
                                           "hör hemma i Kommentar); raden räknas som vanligt",
                                  self.cell(F.ERBJUDANDEN, rad), rad))
        return tuple(ut)


def kvalitet(t: Beslutstabell, bokstav: dict, idag: date, personer: Kodad | None = None,
             insatser: Kodad | None = None) -> list[Fynd]:
    """Varningar om sådant som räknas men bör rättas: stängningsdatum före basdatum (räknas
    inte, SPEC §8 p. 8), beslutsdatum i framtiden, samma person, insats och basdatum två gånger.
    `personer`, `insatser`: t.person och t.insats som Kodad, om de redan finns."""

    fynd = []
    bas = regler.basdatum(t.beslut, t.avbrott)
    cell = lambda f, rad: f"{bokstav[f]}{rad}" if f in bokstav else ""  # noqa: E731
    for falt, kolumn in ((F.VERKSTALLT, t.verkstallt), (F.AVSLUTAT, t.avslutat)):
        for i in np.flatnonzero(kolumn < bas):
            fynd.append(Fynd(VARNING, f"{F.NAMN_PA_FALT[falt]} {kolumn[i]} är före basdatum {bas[i]} och räknas inte; "
                                      "beslutet räknas som öppet", cell(falt, t.rad[i]), int(t.rad[i]), t.lopnr[i]))
    for i in np.flatnonzero(t.beslut > np.datetime64(idag, "D")):
        fynd.append(Fynd(VARNING, f"beslutsdatum {t.beslut[i]} ligger i framtiden", cell(F.BESLUT, t.rad[i]),
                         int(t.rad[i]), t.lopnr[i]))
    personer = personer if personer is not None else Kodad.av_lista(t.person)
    for i, forsta in _dubbletter(t, bas, personer, insatser if insatser is not None else Kodad.av_lista(t.insats)):
        fynd.append(Fynd(VARNING, f"samma person, insats och basdatum som rad {forsta} (dubblett?)",
                         "", int(t.rad[i]), t.lopnr[i]))
    return fynd


_FRITEXT = (F.INSATS, F.ENHET, F.LOPNR)  # de celler ur underlaget som rapporterna skriver ut som text


def _dubbletter(t: Beslutstabell, bas: np.ndarray, personer: Kodad, insatser: Kodad) -> list[tuple[int, int]]:
    """(index, radnummer för den första) för varje rad, utom den första, med samma person (tio
    siffror), insats (kategori, annars texten) och basdatum som en annan rad; rader utan
    personnummer räknas inte."""
    tio = personnummer.tio_siffror_kolumn(personer.varden)
    pkod = Kodad.av_lista(tio)
    person = pkod.koder[personer.koder]
    utan = [i for i, p in enumerate(pkod.varden) if not p]
    med = np.ones(len(t), dtype=bool) if not utan else person != utan[0]
    if med.sum() < 2:
        return []
    insats = _insatsnamn(t.kategori, insatser)
    dag = grupper(bas.astype("int64"))[1]
    if len(pkod.varden) * (int(insats.max()) + 1) * (int(dag.max()) + 1) < 2**62:
        nyckel = (person * (int(insats.max()) + 1) + insats) * (int(dag.max()) + 1) + dag
    else:  # (kan inte hända med rimliga underlag) ett heltal per rad räcker inte
        nyckel = np.unique(np.stack([person, insats, dag], axis=1), axis=0, return_inverse=True)[1].ravel()
    index = np.flatnonzero(med)
    _, grupp, _, antal = grupper(nyckel[index])
    flera = antal[grupp] > 1
    if not flera.any():
        return []
    ut, sedda = [], {}
    for i, g in zip(index[flera].tolist(), grupp[flera].tolist()):
        if g in sedda:
            ut.append((i, sedda[g]))
        else:
            sedda[g] = int(t.rad[i])
    return ut


def _insatsnamn(kategori: list, insatser: Kodad) -> np.ndarray:
    """En kod per rad för kategorins namn, eller insatstexten när kategorin saknas (samma namn,
    samma kod), utan en Python-loop per rad: en gång per (kategori, insatstext)."""
    _, per_rad, forsta, _ = grupper(np.fromiter(map(id, kategori), dtype=np.int64, count=len(kategori)))
    forsta = forsta.tolist()
    bredd = max(len(insatser.varden), 1)
    par, per_rad, _, _ = grupper(per_rad * bredd + insatser.koder)
    namn = []
    for p in par:
        k = kategori[forsta[p // bredd]]
        namn.append(k.namn if k else insatser.varden[p % bredd])
    return Kodad.av_lista(namn).koder[per_rad]


def _delvis(delvisceller: Kodad, verkstalltceller: Kodad) -> tuple[np.ndarray, Kodad]:
    """(delvis per rad, verkställt-cellerna utan delvis-märket), som datum.delvis_verkstallt men
    en gång per skilt värde."""
    markerade = delvisceller.falt(datum.delvis_markering, bool)
    i_cellen = np.array([datum.delvis_i_cellen(v) for v in verkstalltceller.varden], dtype=bool)
    rader = verkstalltceller.rader_med(i_cellen)
    if not len(rader):
        return markerade, verkstalltceller
    varden = list(verkstalltceller.varden)
    tom = next((i for i, v in enumerate(varden) if type(v) is str and v == ""), None)
    if tom is None:
        tom, varden = len(varden), varden + [""]
    ny = np.arange(len(verkstalltceller.varden))
    ny[i_cellen] = tom
    markerade[rader] = True
    return markerade, Kodad(ny[verkstalltceller.koder], varden)


def _flytta_avbrott(dagar: dict, markta: dict) -> list[tuple[str, int]]:
    """datum.flytta_avbrott för ordinaltal (0 för tomt): ett datum märkt (avbrottsdatum) flyttas
    till avbrottskolumnen; (fält, index) där raden redan hade ett annat avbrottsdatum."""
    krockar = []
    avbrott = dagar[F.AVBROTT]
    for falt, index in markta.items():
        if falt == F.AVBROTT:
            continue
        for i in index:
            if avbrott[i] and avbrott[i] != dagar[falt][i]:
                krockar.append((falt, i))
            avbrott[i], dagar[falt][i] = dagar[falt][i], 0
    return krockar


def _dag(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None


def _strip(v: object) -> str:
    return str(v).strip()


def _som_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()
