"""Alla dörrar är överens (issue 10, punkt 6): kommandoraden (Bilaga 1 och 2, som egen process),
formlerna anropade här, knappen (ribbon.on_button med en attrapp av arbetsboken) och analytikernas
DataFrame, mot ett orakel skrivet här ur SPEC §3 och §8 med bara datetime och calendar: ingen
produktkod i oraklet.

Registren slumpas med hypothesis (5–30 rader) med kantdatum: månadsslut, 29 februari, avbrott
(också märkta '231204 (avbrottsdatum)' i beslutskolumnen), stängningar före basdatum, på fristdagen
och dagen efter, på kvartalets första dag, efter mätdatum, verkställt och avslutat samma dag; datumen
som riktiga datum, text och ÅÅMMDD-tal. Exemplen är desamma varje körning (derandomize);
`EVB_FUZZ=1` ger fler och nya.
"""

from __future__ import annotations

import calendar
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import evb_xl
from evb_xl import ribbon
from evb_xl.udf import (EVB_DAGAR, EVB_FORSENAD, EVB_FRIST, EVB_MANADER, EVB_ORSAKER, EVB_RAPPORTERAS,
                        EVB_STATUS, EVB_VANTETID)

from falsk_bok import Bok
from arbetsbocker import skriv_bok
from hjalp import evb

FUZZ = bool(os.environ.get("EVB_FUZZ"))


def _installningar(max_examples: int):
    return settings(max_examples=max_examples * (20 if FUZZ else 1), derandomize=not FUZZ, deadline=None,
                    print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- oraklet (SPEC §3, §5, §8) ----------------------------------------------------------

EJ_VERKSTALLT, VERKSTALLT, AVSLUTAT = "ej verkställt", "verkställt under perioden", "avslutat under perioden"
EJ_RAPPORTERINGSPLIKTIG = "ej rapporteringspliktig"
ORSAKER = ("Resursbrist ledig bostad", "Resursbrist personal", "Den enskilde tackat nej", "Annat skäl")
ORSAK_SAKNAS, AVBROTT = "Orsak saknas", "Avbrott i verkställighet"
# insatstext -> (lagrum, kategori, plats i kategoriordningen) enligt SPEC §4 och insatstabellen
INSATSER = {
    "9 § 3 Ledsagarservice": ("LSS", "Ledsagarservice", 3),
    "9 § 6 Korttidsboende": ("LSS", "Korttidsvistelse", 6),
    "9 § 10 Daglig verksamhet": ("LSS", "Daglig verksamhet", 10),
    "Bostad med särskild service": ("SoL", "Bostad med särskild service", 1),
    "Kontaktperson": ("SoL", "Kontaktperson", 3),
    "Hemtjänst": ("SoL", "Hemtjänst", 7),
}
MAN = {"Man": True, "Pojke": True, "Kvinna": False, "Flicka": False}


def edate(d: date, n: int) -> date:
    """Excels EDATE: n månader senare, sista dagen i månaden när dagen inte finns där."""
    m = d.month - 1 + n
    ar, manad = d.year + m // 12, m % 12 + 1
    return date(ar, manad, min(d.day, calendar.monthrange(ar, manad)[1]))


def hela_manader(bas: date, slut: date) -> int:
    """Största n med EDATE(bas, n) <= slut."""
    n = (slut.year - bas.year) * 12 + slut.month - bas.month + 1
    while edate(bas, n) > slut:
        n -= 1
    return n


def vantetid(manader: int) -> str:
    for grans, text in ((7, "under 7 mån"), (10, "7–9 mån"), (13, "10–12 mån"), (18, "13–17 mån")):
        if manader < grans:
            return text
    return "18 mån eller mer"


def kvartalets(ar: int, nr: int) -> tuple[date, date]:
    return date(ar, 3 * nr - 2, 1), date(ar, 3 * nr, calendar.monthrange(ar, 3 * nr)[1])


@dataclass
class Rad:
    kon: str
    beslut: date | None
    avbrott: date | None
    insats: str
    orsak: str
    verkstallt: date | None
    avslutat: date | None
    former: tuple  # hur varje datum står i cellen: 0 datum, 1 ISO-text, 2 ÅÅMMDD-tal
    markerat: bool = False  # avbrottsdatumet står i beslutskolumnen som '231204 (avbrottsdatum)'

    @property
    def lagrum(self) -> str:
        return INSATSER[self.insats][0]

    @property
    def kategori(self) -> str:
        return INSATSER[self.insats][1]


@dataclass
class Facit:
    bas: date
    frist: date
    verkstallt: date | None  # giltigt (inte före basdatum)
    avslutat: date | None
    stangd: date | None
    rapporteras: bool
    oppen: bool  # vid mätdatum
    status: str  # vid mätdatum
    dagar: int
    manader: int


def facit(r: Rad, start: date, slut: date, matdatum: date) -> Facit:
    bas = r.avbrott or r.beslut
    frist = edate(bas, 3)
    v = r.verkstallt if r.verkstallt is not None and r.verkstallt >= bas else None
    a = r.avslutat if r.avslutat is not None and r.avslutat >= bas else None
    stangd = min(d for d in (v, a) if d is not None) if (v or a) else None
    rapporteras = frist < slut and (stangd is None or (stangd > frist and stangd >= start))
    oppen = stangd is None or stangd > matdatum
    status = EJ_VERKSTALLT if oppen else VERKSTALLT if v is not None and (a is None or v <= a) else AVSLUTAT
    till = min(stangd, matdatum) if stangd is not None else matdatum
    return Facit(bas, frist, v, a, stangd, rapporteras, oppen, status, (till - bas).days, hela_manader(bas, till))


def facit_bilaga1(rader: list[Rad], f: list[Facit], lagrum: str, kvarstaende: bool) -> dict:
    """{kategori: {kolumn: antal}} utan nollor, och Summa (SPEC §8 p. 1–6)."""
    ut: dict = {}
    for r, x in zip(rader, f):
        if r.lagrum != lagrum or not x.rapporteras or (kvarstaende and not x.oppen):
            continue
        for namn in (r.kategori, "Summa"):
            c = ut.setdefault(namn, Counter())
            c["män" if MAN[r.kon] else "kvinnor"] += 1
            if lagrum == "SoL" and r.avbrott:
                c[AVBROTT] += 1
            else:
                c[r.orsak or ORSAK_SAKNAS] += 1
                if r.avbrott:
                    c[AVBROTT] += 1
    return {k: dict(c) for k, c in ut.items()}


def facit_bilaga2(rader: list[Rad], f: list[Facit], lagrum: str, matdatum: date) -> list[list]:
    """Löpnr, Kön, datumen, Lagrum, Typ av insats, verkställt och avslutat (tomma när de inte
    räknas: före basdatum, eller efter mätdatum, SPEC §8 p. 8 och 16), i kategori- och basdatumordning."""
    valda = [i for i, (r, x) in enumerate(zip(rader, f)) if r.lagrum == lagrum and x.rapporteras]
    valda.sort(key=lambda i: (INSATSER[rader[i].insats][2], f[i].bas, i))
    kand = lambda d: d if d is not None and d <= matdatum else None  # noqa: E731
    return [[n, rader[i].kon, rader[i].beslut, rader[i].avbrott, lagrum, rader[i].insats,
             kand(f[i].verkstallt), kand(f[i].avslutat)] for n, i in enumerate(valda, start=1)]


# --- registren --------------------------------------------------------------------------

KVARTAL = [(2023, 4), (2024, 1), (2024, 2), (2024, 3), (2025, 1)]


def _manadsslut(fran: date, till: date) -> list[date]:
    ut, d = [], date(fran.year, fran.month, 1)
    while d <= till:
        ut.append(date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]))
        d = edate(d, 1)
    return ut


@st.composite
def register(draw):
    ar, nr = draw(st.sampled_from(KVARTAL))
    start, slut = kvartalets(ar, nr)
    matdatum = draw(st.one_of(st.none(), st.sampled_from([start, edate(start, 1) - timedelta(1), slut - timedelta(1)]),
                              st.dates(start, slut)))
    mat = matdatum or slut
    tidigast = edate(start, -15)
    kanter = sorted({*_manadsslut(tidigast, slut), date(2024, 2, 29), date(2023, 11, 30), date(2023, 8, 31), start,
                     *(edate(slut, -3) + timedelta(k) for k in (-1, 0, 1)),  # fristen dagen före, på, efter slutet
                     *(edate(start, -3) + timedelta(k) for k in (-1, 0, 1))})
    kanter = [d for d in kanter if tidigast <= d <= slut]
    datum_ = st.one_of(st.sampled_from(kanter), st.dates(tidigast, slut))
    rader = []
    for _ in range(draw(st.integers(5, 30))):
        beslut = draw(datum_)
        avbrott = draw(st.one_of(st.none(), st.none(), st.dates(beslut, slut),
                                 st.sampled_from([0, 1, 31, 92]).map(lambda k, b=beslut: min(b + timedelta(k), slut))))
        markerat = False
        if avbrott is not None and draw(st.integers(0, 4)) == 0:
            beslut = None  # bara avbrottsdatum, som i LSS-seeden
            markerat = draw(st.booleans())  # och ibland i beslutskolumnen, märkt (SPEC §8 p. 9)
        bas = avbrott or beslut
        frist = edate(bas, 3)
        stangning = st.one_of(
            st.none(), st.none(),
            st.sampled_from([bas - timedelta(1), bas - timedelta(40), bas, frist - timedelta(1), frist,
                             frist + timedelta(1), start - timedelta(1), start, slut, mat, mat + timedelta(1),
                             slut + timedelta(1), slut + timedelta(45)]),
            st.dates(bas - timedelta(60), slut + timedelta(90)))
        verkstallt = draw(stangning)
        avslutat = verkstallt if draw(st.integers(0, 5)) == 0 else draw(stangning)  # samma dag ibland
        rader.append(Rad(
            kon=draw(st.sampled_from(sorted(MAN))), beslut=beslut, avbrott=avbrott,
            insats=draw(st.sampled_from(sorted(INSATSER))), orsak=draw(st.sampled_from([*ORSAKER, ""])),
            verkstallt=verkstallt, avslutat=avslutat, former=tuple(draw(st.integers(0, 2)) for _ in range(4)),
            markerat=markerat))
    kvarstaende = draw(st.booleans())
    return (ar, nr), matdatum, kvarstaende, rader


RUBRIK = ["Löpnr", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats", "Orsak",
          "Beslutet verkställt", "Beslutet avslutat"]


def _cell(d: date | None, form: int):
    """Datumet som staben skrivit det: ett riktigt datum, text 2023-11-30 eller talet 231130."""
    if d is None:
        return None
    return d if form == 0 else d.isoformat() if form == 1 else int(d.strftime("%y%m%d"))


def _som_xlwings(v):
    """Som xlwings ger cellen till Python: datum som datetime, tal som float."""
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    return float(v) if isinstance(v, int) else v


def celler(r: Rad) -> list:
    datumen = [_cell(d, f) for d, f in zip((r.beslut, r.avbrott, r.verkstallt, r.avslutat), r.former)]
    if r.markerat:
        datumen[:2] = [f"{r.avbrott:%y%m%d} (avbrottsdatum)", None]
    return [None, r.kon, datumen[0], datumen[1], r.lagrum, r.insats, r.orsak or None, datumen[2], datumen[3]]


def underlag(rader: list[Rad]) -> list[list]:
    ut = [RUBRIK]
    for i, r in enumerate(rader, start=1):
        c = celler(r)
        c[0] = i
        ut.append(c)
    return ut


def installningar(kvartal: tuple, matdatum: date | None, kvarstaende: bool) -> list[list]:
    rader = [["Kvartal", f"{kvartal[0]}Q{kvartal[1]}"], ["Antal", "kvarstående" if kvarstaende else "rapporterade"]]
    return rader + ([["Mätdatum", matdatum]] if matdatum else [])


# --- bilagorna som en användare ser dem (python-calamine) --------------------------------


def _datum_ut(v):
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else None


def las_bilagor(sokvag: Path, lagrum: set) -> dict:
    """{lagrum: (Bilaga 1 som {kategori: {kolumn: antal}} utan nollor, Bilaga 2:s rader)}."""
    bok = CalamineWorkbook.from_path(str(sokvag))
    ut = {}
    for lag in lagrum:
        namn = (lambda b: b if len(lagrum) == 1 else f"{b} {lag}")  # noqa: E731
        b1 = bok.get_sheet_by_name(namn("Bilaga 1")).to_python()
        i = next(i for i, r in enumerate(b1) if str(r[0]).endswith("-insats"))
        grupper, namnen = b1[i], b1[i + 1]
        grupp, kolumner = "", []
        for g, n in zip(grupper[1:], namnen[1:]):
            grupp = g or grupp  # gruppens rubrik står över dess första kolumn
            kolumner.append(AVBROTT if grupp == AVBROTT else n if grupp.startswith(("Antal", "Orsak")) else None)
        tabell1 = {}
        for r in b1[i + 2:]:
            if not r[0]:
                break
            if r[0] == "Inga beslut att redovisa.":  # en tom Bilaga 1 säger det före Summa
                continue
            varden = {k: v for k, v in zip(kolumner, r[1:]) if k is not None and v != 0}
            assert all(isinstance(v, float) and v.is_integer() for v in varden.values()), r  # tal, inte text
            if varden:
                tabell1[r[0]] = {k: int(v) for k, v in varden.items()}
        b2 = bok.get_sheet_by_name(namn("Bilaga 2")).to_python()
        j = next(j for j, r in enumerate(b2) if r[0] == "Löpnr")
        tabell2 = [[int(r[0]), r[1], _datum_ut(r[2]), _datum_ut(r[3]), r[4], r[5], _datum_ut(r[6]), _datum_ut(r[7])]
                   for r in b2[j + 1:] if r[0] not in ("", "Inga beslut att redovisa.")]  # en tom bilaga säger det
        ut[lag] = (tabell1, tabell2)
    return ut


def facit_bilagor(rader, f, lagrum: set, matdatum: date, kvarstaende: bool) -> dict:
    return {lag: (facit_bilaga1(rader, f, lag, kvarstaende), facit_bilaga2(rader, f, lag, matdatum)) for lag in lagrum}


# --- testerna ------------------------------------------------------------------------------


def _oraklet(kvartal, matdatum, rader):
    start, slut = kvartalets(*kvartal)
    return start, slut, matdatum or slut, [facit(r, start, slut, matdatum or slut) for r in rader]


@_installningar(60)
@given(register())
def test_formlerna_och_dataframen_ar_overens_med_oraklet(fall):
    kvartal, matdatum, _, rader = fall
    start, slut, mat, f = _oraklet(kvartal, matdatum, rader)
    k = f"{kvartal[0]}Q{kvartal[1]}"

    # (b) formlerna, anropade som xlwings anropar dem: en kolumn in, en kolumn ut
    kol = list(zip(*[[[_som_xlwings(v)] for v in celler(r)] for r in rader]))
    beslut, avbrott, verkstallt, avslutat = (list(kol[j]) for j in (2, 3, 7, 8))
    ut = lambda varden: [v[0] for v in varden]  # noqa: E731
    assert ut(EVB_FRIST(beslut, avbrott)) == [x.frist for x in f]
    assert ut(EVB_DAGAR(beslut, avbrott, verkstallt, avslutat, mat)) == [x.dagar for x in f]
    assert ut(EVB_MANADER(beslut, avbrott, verkstallt, avslutat, mat)) == [x.manader for x in f]
    assert ut(EVB_VANTETID(beslut, avbrott, verkstallt, avslutat, mat)) == [vantetid(x.manader) for x in f]
    assert ut(EVB_FORSENAD(beslut, avbrott, verkstallt, avslutat, mat)) == [mat > x.frist and x.oppen for x in f]
    assert ut(EVB_RAPPORTERAS(k, beslut, avbrott, verkstallt, avslutat)) == [x.rapporteras for x in f]
    status = [x.status if x.rapporteras else EJ_RAPPORTERINGSPLIKTIG for x in f]
    assert ut(EVB_STATUS(k, beslut, avbrott, verkstallt, avslutat, matdatum)) == status
    # orsakerna som i Bilaga 1 (SoL: avbrott i stället för orsak), för de rapporterade besluten
    rapporteras = EVB_RAPPORTERAS(k, beslut, avbrott, verkstallt, avslutat)
    tabell = EVB_ORSAKER([[r.orsak or None] for r in rader], [[r.kategori] for r in rader], rapporteras,
                         [[r.lagrum] for r in rader], [[b[0], a[0]] for b, a in zip(beslut, avbrott)])
    orsaker = {rad[0]: {k: v for k, v in zip(tabell[0][1:-1], rad[1:-1]) if v} | {"antal": rad[-1]} for rad in tabell[1:]}
    facit_ = {}
    for lag in ("LSS", "SoL"):
        for namn, c in facit_bilaga1(rader, f, lag, kvarstaende=False).items():
            d = facit_.setdefault(namn, Counter())
            d.update({k: v for k, v in c.items() if k not in ("män", "kvinnor")} | {"antal": c.get("män", 0) + c.get("kvinnor", 0)})
    assert orsaker == {namn: dict(c) for namn, c in facit_.items()} | ({} if "Summa" in facit_ else {"Summa": {"antal": 0}})

    # (d) analytikernas DataFrame ur en sparad arbetsbok
    with tempfile.TemporaryDirectory() as mapp:
        df = evb_xl.las(skriv_bok(Path(mapp) / "lista.xlsx", underlag(rader))).beslut(k, matdatum=matdatum)
    assert list(df.rad) == list(range(2, len(rader) + 2))
    tid = lambda d: pd.Timestamp(d) if d else pd.NaT  # noqa: E731
    assert df.frist.tolist() == [tid(x.frist) for x in f]
    assert df.beslutsdatum.tolist() == [tid(r.beslut) for r in rader]
    assert df.avbrottsdatum.tolist() == [tid(r.avbrott) for r in rader]
    assert df.dagar.tolist() == [x.dagar for x in f] and df.manader.tolist() == [x.manader for x in f]
    assert df.vantetid.tolist() == [vantetid(x.manader) for x in f]
    assert df.rapporteras.tolist() == [x.rapporteras for x in f] and df.status.tolist() == status
    assert df.insats.tolist() == [r.kategori for r in rader] and df.lagrum.tolist() == [r.lagrum for r in rader]
    assert df.kon.tolist() == [r.kon for r in rader]


@_installningar(20)
@given(register())
def test_knappen_ar_overens_med_oraklet(fall):
    kvartal, matdatum, kvarstaende, rader = fall
    _, _, mat, f = _oraklet(kvartal, matdatum, rader)
    lagrum = {r.lagrum for r in rader}
    with tempfile.TemporaryDirectory() as mapp:
        bok = Bok({"Underlag": underlag(rader), "Inställningar": installningar(kvartal, matdatum, kvarstaende)},
                   "enhet.xlsx", str(Path(mapp) / "enhet.xlsx"))
        r = ribbon.on_button("evb_skapa_bilagor", bok, ut=Path(mapp))
        assert r is not None and r.ok, bok.app.rutor
        assert las_bilagor(Path(r.utfil), lagrum) == facit_bilagor(rader, f, lagrum, mat, kvarstaende)


@_installningar(8)
@given(register())
def test_kommandoraden_ar_overens_med_oraklet(fall):
    kvartal, matdatum, kvarstaende, rader = fall
    _, _, mat, f = _oraklet(kvartal, matdatum, rader)
    lagrum = {r.lagrum for r in rader}
    with tempfile.TemporaryDirectory() as mapp:
        lista = skriv_bok(Path(mapp) / "lista.xlsx", underlag(rader))
        flaggor = ["--kvartal", f"{kvartal[0]}Q{kvartal[1]}", "--antal", "kvarstaende" if kvarstaende else "rapporterade"]
        flaggor += ["--matdatum", matdatum.isoformat()] if matdatum else []
        p = evb("bilagor", lista, "--ut", mapp, *flaggor)  # python -m evb_xl, samma kopia som testerna
        assert p.returncode == 0, p.stdout + p.stderr
        ut = las_bilagor(Path(mapp) / f"lista_bilagor_{kvartal[0]}Q{kvartal[1]}.xlsx", lagrum)
    assert ut == facit_bilagor(rader, f, lagrum, mat, kvarstaende)


# --- oraklet självt, mot SPEC:s exempel -----------------------------------------------------


def test_oraklet_foljer_spec():
    assert edate(date(2023, 11, 30), 3) == date(2024, 2, 29) and edate(date(2023, 8, 31), 3) == date(2023, 11, 30)
    assert hela_manader(date(2023, 11, 30), date(2024, 2, 29)) == 3
    assert hela_manader(date(2023, 11, 30), date(2024, 2, 28)) == 2
    start, slut = kvartalets(2023, 4)
    lopnr_13 = Rad("Man", date(2023, 8, 11), None, "9 § 10 Daglig verksamhet", "", date(2023, 10, 29), None, (0,) * 4)
    assert not facit(lopnr_13, start, slut, slut).rapporteras
    pa_forsta = Rad("Man", date(2023, 6, 1), None, "9 § 10 Daglig verksamhet", "", date(2023, 10, 1), None, (0,) * 4)
    assert facit(pa_forsta, start, slut, slut).rapporteras and facit(pa_forsta, start, slut, slut).status == VERKSTALLT
