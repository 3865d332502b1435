"""Slumpade indata med hypothesis: datum- och könstolkningen, personnummer och pseudo-id, och hela
läsningen (slumpade celler under slumpade rubriker, och förstörda filer).

Exemplen är desamma varje körning (derandomize), så att testerna inte fladdrar. `EVB_FUZZ=1`
ger många fler och nya exempel varje gång: `EVB_FUZZ=1 python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date, datetime, time

import pytest
from arbetsbocker import skriv_bok, sol_2024q1
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from evb_xl.lasning import rubriker as R
from evb_xl.lasning.underlag import LasFel, Minnesbok, las, las_bok
from evb_xl.modell import beslut
from evb_xl.modell.fynd import FEL
from evb_xl.rapporter import bilagor
from evb_xl.regler import datum, kategorier, pseudo
from evb_xl.regler.kvartal import Kvartal
from evb_xl.skrivning import bilagetext

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=150, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", deadline=None, max_examples=3000, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("fuzz" if os.environ.get("EVB_FUZZ") else "ci")

IDAG = date(2024, 5, 1)
FILEXEMPEL = 10 if not os.environ.get("EVB_FUZZ") else 300


def fuzzgrad(n: int) -> int:
    return n if not os.environ.get("EVB_FUZZ") else n * 20


# --- datum ----------------------------------------------------------------------------

VARDEN = st.one_of(
    st.none(), st.booleans(), st.text(max_size=30), st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True), st.dates(), st.datetimes(), st.times(),
    st.timedeltas(), st.from_regex(r"\A\s*\d{2,8}([-/. ]\d{1,4}){0,2}\s*(\(avbrott(sdatum)?\))?\s*\Z"),
)


@given(VARDEN)
def test_datumtolkningen_ger_ett_datum_eller_ett_datumfel(varde):
    try:
        dag, avbrott = datum.tolka(varde)
    except datum.DatumFel as e:
        assert str(e).startswith("okänt datum ") and len(str(e)) < 500  # långa värden kapas
        return
    assert (dag is None or type(dag) is date) and isinstance(avbrott, bool)
    assert dag is not None or (not avbrott and datum.tom(varde))


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)), st.sampled_from("-/."),
       st.text(" \t", max_size=2), st.text(" \t", max_size=2))
def test_datum_med_fyrsiffrigt_ar_tolkas_tillbaka(dag, skiljetecken, fore, efter):
    text = f"{dag.year:04d}{skiljetecken}{dag.month:02d}{skiljetecken}{dag.day:02d}"
    assert datum.tolka(fore + text + efter) == (dag, False)
    assert datum.tolka(datetime.combine(dag, time(13, 5))) == (dag, False)
    assert datum.tolka(f"{text} (avbrottsdatum)") == (dag, True)
    assert datum.tolka(f"{text}(Avbrott)") == (dag, True)
    if dag.year >= 1000:
        assert datum.tolka(int(f"{dag:%Y%m%d}")) == (dag, False)
        assert datum.tolka(f"{dag:%Y%m%d}") == (dag, False)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
@example(date(2005, 1, 1))
def test_datum_med_tvasiffrigt_ar_ar_2000_talet(dag):
    assert datum.tolka(f"{dag:%y-%m-%d}") == (dag, False)
    assert datum.tolka(f"{dag:%y%m%d}") == (dag, False)  # som text: också 050101
    assert datum.tolka(f"{dag:%y%m%d} (avbrottsdatum)") == (dag, True)
    if dag.year >= 2010:  # som tal försvinner inledande nolla: 050101 blir 50101, ett serienummer
        assert datum.tolka(int(f"{dag:%y%m%d}")) == (dag, False)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2173, 10, 13)), st.floats(0, 0.999))
def test_excels_serienummer_tolkas_tillbaka(dag, klockslag):
    serie = datum.till_serie(dag)
    assert serie < 100000  # sex siffror vore ÅÅMMDD
    assert datum.tolka(serie) == (dag, False)
    assert datum.tolka(serie + klockslag) == (dag, False)
    assert datum.tolka(str(serie)) == (dag, False)


# --- kön ------------------------------------------------------------------------------

KANDA = {"Man": kategorier.MAN, "man": kategorier.MAN, "M": kategorier.MAN, "män": kategorier.MAN,
         "Kvinna": kategorier.KVINNA, "K": kategorier.KVINNA, "kvinnor": kategorier.KVINNA,
         "Pojke": kategorier.POJKE, "P": kategorier.POJKE, "Flicka": kategorier.FLICKA, "F": kategorier.FLICKA}
KONEN = {kategorier.MAN, kategorier.KVINNA, kategorier.POJKE, kategorier.FLICKA, None}


@given(VARDEN)
def test_kon_ar_alltid_ett_av_de_fyra_eller_okant(varde):
    k = kategorier.kon(varde)
    assert k in KONEN
    assert kategorier.ar_man(k) is (None if k is None else k in (kategorier.MAN, kategorier.POJKE))


@given(st.sampled_from(sorted(KANDA)), st.text(" \t\u00a0.,;:-", max_size=3), st.text(" \t\u00a0.,;:-", max_size=3),
       st.booleans())
def test_kanda_stavningar_kanns_igen_med_skrap_runt_om(stavning, fore, efter, versaler):
    assert kategorier.kon(fore + (stavning.upper() if versaler else stavning) + efter) == KANDA[stavning]


@given(st.text(max_size=12))
@example("Hen")
@example("Okänt")
@example("Man och kvinna")
@example("Mk")
def test_okant_kon_gissas_aldrig(text):
    k = kategorier.kon(text)
    ord_ = re.sub(r"[\s.,;:\-\u00a0\u00ad]+", " ", text.lower().replace("\u00ad", "")).strip()
    kanda = {s.lower() for s in KANDA} | {"manlig", "herr", "kv", "kvinnlig", "pojkar", "flickor"}
    assert (k is not None) == (ord_ in kanda)


# --- personnummer och pseudo-id ------------------------------------------------------------

NYCKEL = b"en-nyckel-bara-for-fuzztesterna"
PERSONER = st.tuples(st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 3, 31)),
                     st.integers(0, 999), st.integers(0, 9), st.booleans())


@given(PERSONER, st.sampled_from(["Man", "Kvinna", "Pojke", "Flicka", "M", "K", None, "Hen", True, False]),
       st.sampled_from(["T", "TF"]))
def test_pseudo_id_form_konssiffra_och_skrivsatt(person, kon, variant):
    fodd, lopnr, kontroll, samordning = person
    dag = fodd.day + 60 if samordning else fodd.day
    tolv = f"{fodd:%Y%m}{dag:02d}-{lopnr:03d}{kontroll}"
    pid = pseudo.pseudo_id(tolv, kon, NYCKEL, variant=variant)
    assert re.fullmatch(rf"{fodd:%Y%m%d}-{variant}\d{{{4 - len(variant)}}}", pid)
    man = kategorier.ar_man(kategorier.kon(kon)) if not isinstance(kon, bool) else kon
    if man is None:
        man = (lopnr % 10) % 2 == 1
    assert int(pid[-1]) % 2 == man
    # samma person, skriven utan bindestreck, med mellanslag eller med tio siffror (inom 100 år)
    assert pseudo.pseudo_id(tolv.replace("-", ""), kon, NYCKEL, variant=variant) == pid
    assert pseudo.pseudo_id(f" {tolv[:8]} {tolv[9:]} ", kon, NYCKEL, variant=variant) == pid
    pa_dag = date(2024, 3, 31)
    if (pa_dag - fodd).days < 365 * 99:
        assert pseudo.pseudo_id(tolv[2:], kon, NYCKEL, variant=variant, pa_dag=pa_dag) == pid


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.none()))
def test_pseudo_id_ur_vad_som_helst_ger_ett_id_eller_ett_fel_utan_vardet(varde):
    try:
        pid = pseudo.pseudo_id(varde, None, NYCKEL)
    except pseudo.PseudoFel as e:
        assert not re.search(r"\d", str(e))
        return
    assert re.fullmatch(r"\d{8}-T\d{3}", pid)


# --- hela läsningen ---------------------------------------------------------------------------

STAVNINGAR = {
    R.PERSONNUMMER: ["Personnummer", "Pnr", "personnr"], R.NAMN: ["Namn", "Klient"], R.KON: ["Kön", "kon", "KÖN "],
    R.LOPNR: ["Löpnr", "Nr"], R.BESLUT: ["Beslutsdatum", "Besluts-datum", "Datum för beslut"],
    R.AVBROTT: ["Datum för avbrott", "Avbrottsdatum"], R.LAGRUM: ["Lagrum", "Lag"],
    R.INSATS: ["Typ av insats", "Insats", "Typ av bistånd"], R.ORSAK: ["Orsak", "Skäl"],
    R.VERKSTALLT: ["Beslutet verkställt", "Verkställt"], R.AVSLUTAT: ["Beslutet avslutat", "Avslutat"],
    R.ERBJUDANDEN: ["Erbjudanden", "Datum för erbjudande"], R.KOMMENTAR: ["Kommentar", "Anteckningar"],
    R.ENHET: ["Enhet", "Verksamhet"], R.HANDLAGGARE: ["Handläggare"],
}
IDENTITET = {R.PERSONNUMMER, R.NAMN, R.KOMMENTAR, R.HANDLAGGARE}
REALISTISKA = st.sampled_from([
    "Man", "Kvinna", "M", "K", "Pojke", "Flicka", "Hen", "", " ", "LSS", "SoL", "sol", "lss", "9 § 10",
    "9 § 10 Daglig verksamhet", "9 § 9 SÄBO", "9 § 8", "Kontaktperson", "Särskilt boende demens 4 kap 1 §",
    "Bostad med särskild service", "Tackat nej", "Resursbrist ledig bostad", "Resursbrist - personal",
    "Annat skäl", "Annat", "2023-11-20", "231120", "23-11-20", "20231120", "231204 (avbrottsdatum)",
    "2023-02-30", "45260", "=1+1", "+46", "-", "@x", "2023-01-05; 2023-02-01", "x" * 200,
])
CELLER = st.one_of(
    REALISTISKA, st.none(), st.integers(-10**13, 10**13), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1)), st.datetimes(min_value=datetime(1900, 3, 1)), st.booleans(),
    st.text(max_size=40), st.dates(min_value=date(2020, 1, 1), max_value=date(2025, 12, 31)),
)
DAGAR = st.dates(min_value=date(2022, 6, 1), max_value=date(2024, 6, 30))
BRA = {  # värden som går att läsa, så att en stor del av underlagen blir hela bilagor
    R.KON: st.sampled_from(["Man", "Kvinna", "M", "K", "Pojke", "Flicka", "man ", "Hen", ""]),
    R.BESLUT: st.one_of(DAGAR, DAGAR.map(date.isoformat), DAGAR.map(lambda d: int(f"{d:%y%m%d}"))),
    R.AVBROTT: st.one_of(st.none(), st.none(), DAGAR, DAGAR.map(lambda d: f"{d:%y%m%d} (avbrottsdatum)")),
    R.VERKSTALLT: st.one_of(st.none(), st.none(), DAGAR), R.AVSLUTAT: st.one_of(st.none(), st.none(), DAGAR),
    R.LAGRUM: st.sampled_from(["LSS", "SoL", "lss", ""]),
    R.INSATS: st.sampled_from(["9 § 10 Daglig verksamhet", "9 § 9 SÄBO", "9 § 3", "9 § 8 Boende för barn",
                               "Kontaktperson 4 kap 1 §", "Särskilt boende demens 4 kap 1 §", "Simskola 9 § 5"]),
    R.ORSAK: st.sampled_from(["Tackat nej", "Resursbrist ledig bostad", "Annat skäl", "", "Resursbrist personal, annat"]),
    R.ERBJUDANDEN: st.one_of(st.none(), DAGAR, st.lists(DAGAR, max_size=3).map(lambda d: "; ".join(map(str, d)))),
}
IDENTITETSVARDEN = st.builds(lambda n, s: f"IDENT{n:06d}{s}", st.integers(0, 999999), st.sampled_from(["", "-4821", " Qx"]))


@st.composite
def underlag(draw, textceller=CELLER):
    falt = draw(st.lists(st.sampled_from(sorted(STAVNINGAR)), min_size=1, max_size=10, unique=True))
    if draw(st.booleans()):
        falt = list(dict.fromkeys([R.BESLUT, R.KON, R.INSATS, *falt]))  # oftast ett läsbart underlag
    rubrik = [draw(st.sampled_from(STAVNINGAR[f])) for f in falt]
    extra = draw(st.lists(st.sampled_from(["Telefon", "Adress", "", None]), max_size=2))
    rubrik += extra
    rader, bra = [], draw(st.sampled_from([0.0, 0.5, 0.9, 1.0, 1.0]))  # andelen läsbara celler
    for _ in range(draw(st.integers(0, 12))):
        rad = [draw(IDENTITETSVARDEN) if f in IDENTITET else
               draw(BRA[f]) if f in BRA and draw(st.floats(0, 1)) < bra else draw(textceller) for f in falt]
        rad += [draw(IDENTITETSVARDEN) if e else None for e in extra]
        rader.append(rad)
    ovan = draw(st.lists(st.lists(textceller, max_size=3), max_size=3))
    return ovan, rubrik, rader, falt


def _kontrollera(u, rubrik, rader, falt, fil):
    """Det som måste gälla för varje läst underlag."""
    event(f"{len(u.tabell)} beslut, " + ("med fel" if u.fel else "utan fel"))
    hemligt = {str(v) for rad in rader for v in rad if isinstance(v, str) and v.startswith("IDENT")}
    for f in u.fynd:
        text = u.meddelande(f)
        assert text.startswith(fil)
        assert not any(h in text for h in hemligt), text
        if f.niva == FEL:
            assert f.cell or f.rad or f.blad or "rubrik" in f.text
    assert all(isinstance(r, int) and r > u.rubrikrad for r in u.tabell.rad.tolist())
    assert len(set(u.tabell.rad.tolist())) == len(u.tabell)
    if not u.fel:
        rapport = bilagor.bygg(u, Kvartal.tolka("2024Q1"))
        antal = int(beslut.bedom(u.tabell, Kvartal.tolka("2024Q1"), date(2024, 3, 31)).rapporteringspliktig.sum())
        assert sum(len(r) for r in rapport.bilaga2.values()) == antal
        allt = repr(bilagetext.som_blad(rapport))
        assert not any(h in allt for h in hemligt)


@settings(max_examples=fuzzgrad(300))
@given(underlag())
def test_lasningen_av_slumpade_celler(data):
    """Läsningen ger ett Underlag eller ett LasFel, aldrig något annat; fynden pekar på celler och
    visar ingen identitet; bilagorna går att bygga när det inte finns fel."""
    ovan, rubrik, rader, falt = data
    bok = Minnesbok({"Underlag": [*ovan, rubrik, *rader]})
    try:
        u = las_bok(bok, "fuzz.xlsx", idag=IDAG)
    except LasFel as e:
        assert str(e).startswith("fuzz.xlsx: ")
        event("LasFel")
        return
    _kontrollera(u, rubrik, rader, falt, "fuzz.xlsx")


SKRIVBAR_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
FILCELLER = st.one_of(REALISTISKA, st.none(), st.integers(-10**13, 10**13),
                      st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
                      st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)), st.booleans(), SKRIVBAR_TEXT)


@settings(max_examples=FILEXEMPEL)
@given(underlag(textceller=FILCELLER))
def test_lasningen_av_slumpade_arbetsbocker_pa_disk(tmp_path_factory, data):
    """Samma sak genom en riktig fil (openpyxl skriver, python-calamine läser), och filen ändras inte."""
    ovan, rubrik, rader, falt = data
    sokvag = skriv_bok(tmp_path_factory.mktemp("fuzz") / "fuzz.xlsx", [rubrik, *rader], ovan=ovan)
    fore = sokvag.read_bytes()
    try:
        u = las(sokvag, idag=IDAG)
    except LasFel as e:
        assert str(e).startswith("fuzz.xlsx: ")
    else:
        _kontrollera(u, rubrik, rader, falt, "fuzz.xlsx")
    assert sokvag.read_bytes() == fore


@settings(max_examples=fuzzgrad(60))
@given(st.binary(max_size=3000), st.sampled_from([b"", b"PK", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"]))
def test_slumpade_bytes_ar_aldrig_en_arbetsbok(tmp_path_factory, innehall, borjan):
    sokvag = tmp_path_factory.mktemp("bytes") / "slump.xlsx"
    sokvag.write_bytes(borjan + innehall)
    with pytest.raises(LasFel) as e:
        las(sokvag, idag=IDAG)
    assert str(e.value).startswith("slump.xlsx: ")


@pytest.fixture(scope="module")
def bra_bok(tmp_path_factory) -> bytes:
    return sol_2024q1(tmp_path_factory.mktemp("bra") / "sol.xlsx").read_bytes()


@settings(max_examples=fuzzgrad(80))
@given(st.data())
def test_forstorda_arbetsbocker(tmp_path_factory, bra_bok, data):
    """En riktig arbetsbok som klippts av, fått bytes ändrade eller en del bytt: läsningen ger ett
    Underlag eller ett LasFel med filens namn, aldrig en krasch (inte heller en panik i Rust)."""
    innehall = bytearray(bra_bok)
    hur = data.draw(st.sampled_from(["klipp", "andra", "del"]))
    if hur == "klipp":
        innehall = innehall[:data.draw(st.integers(0, len(innehall) - 1))]
    elif hur == "andra":
        for _ in range(data.draw(st.integers(1, 20))):
            innehall[data.draw(st.integers(0, len(innehall) - 1))] = data.draw(st.integers(0, 255))
    else:
        with zipfile.ZipFile(io.BytesIO(bra_bok)) as z:
            delar = {n: z.read(n) for n in z.namelist()}
        namn = data.draw(st.sampled_from(sorted(delar)))
        delar[namn] = data.draw(st.one_of(st.binary(max_size=200), st.just(delar[namn][: len(delar[namn]) // 2]),
                                          st.just(b"<?xml version='1.0'?><x/>")))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for n, d in delar.items():
                z.writestr(n, d)
        innehall = buf.getvalue()
    sokvag = tmp_path_factory.mktemp("trasig") / "trasig.xlsx"
    sokvag.write_bytes(bytes(innehall))
    try:
        u = las(sokvag, idag=IDAG)
    except LasFel as e:
        assert str(e).startswith("trasig.xlsx: ")
        event(f"{hur}: LasFel {str(e).split(': ', 1)[1][:40]}")
    except BaseException as e:
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        pytest.fail(f"{hur}: {type(e).__name__}: {e}")
    else:
        assert u.fil == "trasig.xlsx"
        event(f"{hur}: läst")
