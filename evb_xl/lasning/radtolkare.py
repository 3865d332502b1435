"""Raderna i ett underlag tolkade kolumn för kolumn (lasning/underlag.py hittar bladet och
rubrikraden): datum, kön, lagrum, insatskategori, orsaker, och kvalitetsvarningarna. Varje skilt
värde i en kolumn tolkas en gång; fynden kommer i radordning som förut."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

import numpy as np

from evb_xl.lasning.installningar import kolumnbokstav
from evb_xl.modell import falt as F
from evb_xl.modell.beslut import Beslutstabell
from evb_xl.modell.fynd import FEL, INFO, VARNING, Fynd
from evb_xl.modell.installningar import ORSAKER_ALLA, Installningar
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

    def tolka(self, kol: dict, radnr: list) -> tuple[Beslutstabell, list[Fynd]]:
        n = len(radnr)
        delvis, kol[F.VERKSTALLT] = datum.delvis_verkstallt(kol[F.DELVIS], kol[F.VERKSTALLT])
        dagar, markta = {}, {}
        for f in F.DATUMFALT:
            dagar[f], markta[f], fel = datum.tolka_kolumn(kol[f])
            for i, e in fel.items():
                self.fynd.append(Fynd(FEL, f"{e} i {F.NAMN_PA_FALT[f]}", self.cell(f, radnr[i]), radnr[i]))
        for f, i in datum.flytta_avbrott(dagar, markta, F.AVBROTT):
            self.fynd.append(Fynd(FEL, "två olika avbrottsdatum på samma rad", self.cell(f, radnr[i]), radnr[i]))
        beslut, avbrott = dagar[F.BESLUT], dagar[F.AVBROTT]
        person = personnummer.som_text_kolumn(kol[F.PERSONNUMMER])
        kon = self.kon(kol[F.KON], person, beslut, avbrott, radnr)
        lagrum = self.lagrum(kol[F.LAGRUM], kol[F.INSATS], radnr)
        kategori = self.kategori_kolumn(kol[F.INSATS], lagrum, kon, person, beslut, avbrott, radnr)
        orsaker = self.orsaker(kol[F.ORSAK], radnr)
        self.personnummer_i_fritext(kol, radnr)
        erbjudanden = ([self.erbjudanden(v, r) for v, r in zip(kol[F.ERBJUDANDEN], radnr)]
                       if F.ERBJUDANDEN in self.har else [()] * n)
        med_datumfel = {f.rad for f in self.fynd if f.niva == FEL}
        beslut, avbrott = datum.kolumn(beslut), datum.kolumn(avbrott)
        for i in np.flatnonzero(np.isnat(beslut) & np.isnat(avbrott)).tolist():
            if radnr[i] not in med_datumfel:  # en rad vars datum inte gick att läsa har redan sitt fel
                self.fynd.append(Fynd(FEL, "raden saknar både beslutsdatum och datum för avbrott", "", radnr[i]))
        tabell = Beslutstabell(
            rad=np.array(radnr, dtype="int64"),
            lopnr=[_som_text(v) for v in kol[F.LOPNR]] if F.LOPNR in self.har else [""] * n,
            kon=kon,
            beslut=beslut,
            avbrott=avbrott,
            verkstallt=datum.kolumn(dagar[F.VERKSTALLT]),
            avslutat=datum.kolumn(dagar[F.AVSLUTAT]),
            lagrum=lagrum,
            insats=per_varde(_strip, kol[F.INSATS]),
            kategori=kategori,
            orsaker=orsaker,
            enhet=per_varde(_strip, kol[F.ENHET]),
            erbjudanden=erbjudanden,
            delvis=np.array(delvis, dtype=bool),
            person=person,
        )
        return tabell, self.fynd + kvalitet(tabell, self.bokstav, self.idag)

    def kon(self, konceller, person, beslut, avbrott, radnr) -> list:
        """Kön ur cellen; annars ur personnumret (som Pojke/Flicka under 18); annars okänt."""
        ut = per_varde(kategorier.kon, konceller)
        if None not in set(ut):
            return ut
        for i in [i for i, k in enumerate(ut) if k is None]:
            cell = konceller[i]
            k = None
            if person[i] and personnummer.ar_man(person[i]) is not None:
                man = personnummer.ar_man(person[i])
                barn = personnummer.under_18(person[i], beslut[i] or avbrott[i] or self.idag)
                k = kategorier.som_barn(kategorier.MAN if man else kategorier.KVINNA, bool(barn))
                vad = "kön saknas i cellen" if datum.tom(cell) else f"kön {visa_varde(cell)} känns inte igen"
                self.fynd.append(Fynd(INFO, f"{vad} och togs från personnumret", self.cell(F.KON, radnr[i]), radnr[i]))
            elif k is None:
                vad = f"okänt kön {visa_varde(cell)}" if not datum.tom(cell) else "kön saknas"
                self.fynd.append(Fynd(VARNING, f"{vad}; räknas som okänt kön", self.cell(F.KON, radnr[i]), radnr[i]))
            ut[i] = k
        return ut

    def lagrum(self, lagrumceller, insatser, radnr) -> list:
        # en gång per (cell, insats); True, 1 och 1.0 hålls isär
        nycklar = list(zip(map(type, lagrumceller), lagrumceller, map(type, insatser), insatser))
        sedda = {}
        for nyckel_ in set(nycklar):
            cell, insats = nyckel_[1], nyckel_[3]
            lag = kategorier.avgor_lagrum(cell, insats, self.tabell, self.inst.lagrum)
            sedda[nyckel_] = (lag, kategorier.lagrum(cell) is None and not datum.tom(cell))
        ut = list(map({k: v[0] for k, v in sedda.items()}.__getitem__, nycklar))
        if all(lag is not None and not varna for lag, varna in sedda.values()):
            return ut
        for i, nyckel_ in enumerate(nycklar):
            lag, varna = sedda[nyckel_]
            cell = nyckel_[1]
            if varna:
                self.fynd.append(Fynd(VARNING, f"okänt lagrum {visa_varde(cell)}; "
                                                   + (f"{lag} används" if lag else "går inte att avgöra"),
                                      self.cell(F.LAGRUM, radnr[i]), radnr[i]))
            if lag is None:
                plats = self.cell(F.INSATS, radnr[i]) if F.INSATS in self.har else ""
                self.fynd.append(Fynd(FEL, "lagrum går inte att avgöra (fyll i Lagrum, skriv § i insatsen "
                                           "eller ange Lagrum på bladet Inställningar)", plats, radnr[i]))
        return ut

    def kategori_kolumn(self, insatser, lagrum, kon, person, beslut, avbrott, radnr) -> list:
        """kategori för varje rad: en gång per (insats, lagrum) när åldern inte avgör och insatsen
        är känd, annars rad för rad (med fynden i radordning)."""
        nycklar = list(zip(map(type, insatser), insatser, lagrum))
        direkt = {}
        for nyckel_ in set(nycklar):
            lag = nyckel_[2]
            if lag is None:
                direkt[nyckel_] = None
                continue
            vuxen, barn = self._par(nyckel_[1], lag)
            if barn is vuxen and vuxen is not None:
                direkt[nyckel_] = vuxen
        saknas = object()
        ut = [direkt.get(k, saknas) for k in nycklar]
        if len(direkt) < len(set(nycklar)):
            for i in [i for i, k in enumerate(ut) if k is saknas]:
                ut[i] = self.kategori(insatser[i], lagrum[i], kon[i], person[i], beslut[i] or avbrott[i], radnr[i])
        return ut

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

    def orsaker(self, celler, radnr) -> list:
        if F.ORSAK not in self.har:
            if celler:
                self.fynd.append(Fynd(VARNING, f"kolumnen Orsak saknas i underlaget; alla {len(celler)} beslut "
                                               "räknas under Orsak saknas"))
            return [()] * len(celler)
        alla = self.inst.orsaker == ORSAKER_ALLA
        nycklar = list(zip(map(type, celler), celler))  # en gång per stavning
        sedda = {k: tuple(kategorier.orsaker(k[1])) for k in set(nycklar)}
        ut = list(map(sedda.__getitem__, nycklar))
        if all(funna and (len(funna) == 1 or alla) for funna in sedda.values()):
            return ut
        for cell, rad, funna in zip(celler, radnr, ut):
            if not funna:
                vad = f"okänd orsak {visa_varde(cell)}" if not datum.tom(cell) else "orsak saknas"
                self.fynd.append(Fynd(VARNING, f"{vad}; räknas under Orsak saknas", self.cell(F.ORSAK, rad), rad))
            elif len(funna) > 1 and not alla:
                self.fynd.append(Fynd(VARNING, f"flera orsaker i samma cell; den första ({funna[0]}) räknas "
                                               "(Orsaker: alla räknar var och en)", self.cell(F.ORSAK, rad), rad))
        return ut

    def personnummer_i_fritext(self, kol: dict, radnr: list) -> None:
        """Ett personnummer (eller något som ser ut som ett) i en fritextcell som rapporterna skriver
        ut: en varning med cellen, aldrig numret. Rapporterna visar inte cellens text (rapporter/fritext.py)."""
        for f in _FRITEXT:
            if f not in self.har:
                continue
            liknar = per_varde(personnummer.liknar_personnummer, kol[f])
            for i in [i for i, ja in enumerate(liknar) if ja]:
                self.fynd.append(Fynd(VARNING, f"{F.NAMN_PA_FALT[f]} ser ut att innehålla ett personnummer; cellens "
                                               "text visas inte i bilagorna och rapporterna (ta bort numret ur cellen)",
                                      self.cell(f, radnr[i]), radnr[i]))

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


def kvalitet(t: Beslutstabell, bokstav: dict, idag: date) -> list[Fynd]:
    """Varningar om sådant som räknas men bör rättas: stängningsdatum före basdatum (räknas
    inte, SPEC §8 p. 8), beslutsdatum i framtiden, samma person, insats och basdatum två gånger."""

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
    personer = personnummer.tio_siffror_kolumn(t.person)
    insatser = [k.namn if k else text for k, text in zip(t.kategori, t.insats)]
    nycklar = list(zip(personer, insatser, bas.astype("int64").tolist()))
    antal = Counter(n for n, p in zip(nycklar, personer) if p)
    if any(a > 1 for a in antal.values()):
        sedda = {}
        for i, nyckel_ in enumerate(nycklar):
            if antal.get(nyckel_, 0) < 2:
                continue
            if nyckel_ in sedda:
                fynd.append(Fynd(VARNING, f"samma person, insats och basdatum som rad {sedda[nyckel_]} (dubblett?)",
                                 "", int(t.rad[i]), t.lopnr[i]))
            else:
                sedda[nyckel_] = int(t.rad[i])
    return fynd


_FRITEXT = (F.INSATS, F.ENHET, F.LOPNR)  # de celler ur underlaget som rapporterna skriver ut som text


def per_varde(f, kolumn) -> list:
    """[f(v) for v in kolumn], med f en gång per skilt värde (typ och värde: True, 1 och 1.0
    hålls isär) och utan en Python-loop per cell."""
    typer = set(map(type, kolumn))
    if typer <= _SKILDA_TYPER or (len(typer & _TALTYPER) == 1 and typer <= _SKILDA_TYPER | _TALTYPER):
        tolkat = {v: f(v) for v in set(kolumn)}  # inga värden av olika typ som är lika: värdet som nyckel
        return list(map(tolkat.__getitem__, kolumn))
    nycklar = list(zip(map(type, kolumn), kolumn))
    tolkat = {k: f(k[1]) for k in set(nycklar)}
    return list(map(tolkat.__getitem__, nycklar))


_TALTYPER = {int, float, bool}  # 1 == 1.0 == True
_SKILDA_TYPER = {str, date, datetime, type(None)}  # aldrig lika med ett värde av en annan typ


def _strip(v: object) -> str:
    return str(v).strip()


def _som_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()
