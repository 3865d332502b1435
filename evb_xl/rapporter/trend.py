"""Trend: rapporterade beslut per kvartal och kön (som tabellen Q2-2023 ... Q1-2024 i SoL-handlingen).

Ur ett underlag räknas samma regel för varje kvartal bakåt. Ur tidigare bilagor läses Summa i
varje Bilaga 1 ur bilagornas märke (modell.utfiler.Bilagemarke), som säger vad de räknade:

- bilagor som räknade *kvarstående* läggs aldrig ihop med dem som räknade *rapporterade*: de får
  ett eget blad (och en varning som namnger filerna);
- bilagor från flera nämnder får ett blad per nämnd, med nämndens namn och diarienummer i huvudet;
- ett kvartal utan bilagor inom perioden står som "saknas" (tomt i diagrammet, inte 0), och en
  varning räknar upp kvartalen.

Upp till åtta kvartal står kvartalen som kolumner (som i handlingen); fler står som rader, så att
tabellen och diagrammet går att läsa på en A4 (skrivning/tabeller.py lutar och glesar ut etiketterna).
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from evb_xl.modell.dokument import Diagram, Dokument, Indata, Tabell, bladnamn
from evb_xl.modell.installningar import KVARSTAENDE, RAPPORTERADE, Installningar
from evb_xl.rapporter.huvud import huvud
from evb_xl.rapporter.register import Knapp, registrera
from evb_xl.regler import frist as regler
from evb_xl.regler.kategorier import LSS, SOL, Konsgrupp, konsgrupp
from evb_xl.regler.kvartal import Kvartal

_KON = (("Män", Konsgrupp.MAN), ("Kvinnor", Konsgrupp.KVINNA), ("Okänt kön", Konsgrupp.OKANT))
SAKNAS = "saknas"
KVARTAL_SOM_KOLUMNER = 8  # fler kvartal: ett kvartal per rad


def kvartalen(sista: Kvartal, antal: int) -> list[Kvartal]:
    """De `antal` kvartalen till och med `sista`, äldst först."""
    ut = [sista]
    while len(ut) < antal:
        ut.append(ut[-1].foregaende())
    return ut[::-1]


def mellan(forsta: Kvartal, sista: Kvartal) -> list[Kvartal]:
    """Kvartalen `forsta`–`sista`, äldst först."""
    ut = [sista]
    while ut[-1] > forsta:
        ut.append(ut[-1].foregaende())
    return ut[::-1]


def rubrik(k: Kvartal) -> str:
    return f"Q{k.nr}-{k.ar}"


def rakna(t, kvartal: list[Kvartal]) -> dict:
    """{(lagrum, Konsgrupp): [antal per kvartal]}."""
    f = regler.forlopp(t.beslut, t.avbrott, t.verkstallt, t.avslutat)
    lagrum = np.array(t.lagrum, dtype=object)
    kon = np.array([konsgrupp(k) for k in t.kon], dtype=object)
    ut = {}
    for lag in (LSS, SOL):
        if not (lagrum == lag).any():
            continue
        for _, man in _KON:
            grupp = (lagrum == lag) & np.array([k is man for k in kon], dtype=bool)
            ut[(lag, man)] = [int((regler.rapporteringspliktig(f.frist, f.stangd, q.start, q.slut) & grupp).sum())
                              for q in kvartal]
    return ut


def tabell(antal: dict, kvartal: list[Kvartal], kalla: str, inst: Installningar | None = None,
           definition: str = RAPPORTERADE, blad: str = "Trend", notering: str = "") -> Tabell:
    """`antal`: {(lagrum, Konsgrupp): [antal per kvartal, None där bilagor saknas]}."""
    serier = []
    for (lag, man), varden in antal.items():
        namn = next(n for n, m in _KON if m is man)
        if man is Konsgrupp.OKANT and not any(varden):
            continue
        serier.append((f"{namn} {lag}", varden))
    saknas = [all(v[i] is None for _, v in serier) and bool(serier) for i in range(len(kvartal))]
    totalt = [SAKNAS if saknas[i] else sum(v[i] or 0 for _, v in serier) for i in range(len(kvartal))]
    etiketter = [f"{rubrik(k)} {SAKNAS}" if s else rubrik(k) for k, s in zip(kvartal, saknas)]
    slag = "Kvarstående" if definition == KVARSTAENDE else "Rapporterade"
    period = rubrik(kvartal[0]) + (f" – {rubrik(kvartal[-1])}" if len(kvartal) > 1 else "")
    titel = f"{'Kvarstående' if definition == KVARSTAENDE else 'Inrapporterade'} ej verkställda beslut per kvartal, {period}"
    diagramtitel = f"{slag} beslut per kvartal och kön"
    if len(kvartal) <= KVARTAL_SOM_KOLUMNER:  # som i handlingen: ett kvartal per kolumn, Totalt sist
        rader = [[namn, *varden] for namn, varden in serier] + [["Totalt", *totalt]]
        rubriker, bredder, summarad = ["Kön per beslut", *etiketter], (30, *([11] * len(kvartal))), True
        diagram = Diagram("linje", diagramtitel, tuple(range(len(kvartal))), per_rad=True,
                          rader=tuple(range(len(serier))))
    else:  # ett kvartal per rad: går att läsa på en A4 hur många kvartal det än är
        rader = [[etikett, *(v[i] for _, v in serier), totalt[i]] for i, etikett in enumerate(etiketter)]
        rubriker, summarad = ["Kvartal", *(n for n, _ in serier), "Totalt"], False
        bredder = (16, *([12] * (len(serier) + 1)))
        diagram = Diagram("linje", diagramtitel, tuple(range(1, len(serier) + 1)))
    lagrum = sorted({lag for lag, _ in antal}, key=[LSS, SOL].index)
    return Tabell(blad=blad, titel=titel, undertitel=kalla, rubriker=rubriker, rader=rader, diagram=diagram,
                  bredder=bredder, summarad=summarad, notering=notering,
                  huvud=huvud(inst, kvartal[-1], lagrum, kvartal[0]) if inst is not None else ())


def ur_underlag(t, sista: Kvartal, antal_kvartal: int = 4, inst: Installningar | None = None) -> Tabell:
    k = kvartalen(sista, antal_kvartal)
    return tabell(rakna(t, k), k, "Räknat ur underlaget med samma regler för varje kvartal. Beslut som tagits "
                                  "bort ur listan finns inte med i de tidigare kvartalen.", inst)


def _nyckel(namnd: str) -> str:
    return re.sub(r"\s+", " ", namnd).strip().casefold()


def _filer(marken) -> str:
    return ", ".join(m.fil for m in marken)


def ur_bilagor(marken: list, inst: Installningar) -> tuple[list[Tabell], list[str], Kvartal]:
    """(ett blad per nämnd och definition av antal, varningar, sista kvartalet) ur tidigare bilagors
    märken (lasning.tidigare_bilagor.las). `inst`: flaggorna; --namnd gäller bilagor som inte säger
    sin nämnd, --dnr ersätter bilagornas diarienummer."""
    varningar = []
    okanda = [m for m in marken if m.antal is None]
    if okanda:
        varningar.append(f"{_filer(okanda)}: bilagorna säger inte om Bilaga 1 räknade rapporterade eller "
                         "kvarstående beslut (skrivna av en äldre evb-xl); de räknas här som rapporterade")
    grupper: dict = {}
    for m in marken:
        namnd = m.namnd or inst.namnd or ""
        grupper.setdefault((_nyckel(namnd), m.antal or RAPPORTERADE), []).append((namnd, m))
    namnder = {n for n, _ in grupper}
    definitioner = {d for _, d in grupper}
    tabeller, upptagna, blad_per_namnd, saknade = [], set(), [], []
    for (_, definition), grupp in sorted(grupper.items(), key=lambda x: (x[0][0] == "", x[0][0], x[0][1] != RAPPORTERADE)):
        namnd = max(grupp, key=lambda x: Kvartal.tolka(x[1].kvartal))[0].strip()  # som i det senaste kvartalet
        namn = "Trend" + (f" {namnd or 'utan nämnd'}" if len(namnder) > 1 else "") + \
               (" kvarstående" if definition == KVARSTAENDE and len(definitioner) > 1 else "")
        blad = bladnamn(namn, upptagna, "Trend")
        t, saknas = _grupp([m for _, m in grupp], inst, namnd, definition, blad)
        tabeller.append(t)
        if definition == KVARSTAENDE and len(definitioner) > 1:
            varningar.append(f"{_filer([m for _, m in grupp])}: Bilaga 1 räknade kvarstående beslut (ej verkställda "
                             "vid mätdatum), inte alla rapporterade; de läggs inte ihop med de andra utan står på "
                             f"bladet '{blad}'")
        blad_per_namnd.append(f"'{blad}': {namnd or 'utan nämnd'} ({_filer([m for _, m in grupp])})")
        if saknas:
            saknade.append(f"{namnd + ': ' if len(namnder) > 1 else ''}bilagor saknas för "
                           f"{', '.join(map(rubrik, saknas))}; kvartalen står som '{SAKNAS}' på bladet '{blad}'")
    if len(namnder) > 1:
        varningar.append(f"bilagorna gäller {len(namnder)} nämnder och läggs inte ihop; varje nämnd har ett eget "
                         f"blad: {'; '.join(blad_per_namnd)}")
    sista = max(Kvartal.tolka(m.kvartal) for m in marken)
    return tabeller, varningar + saknade, sista


def _grupp(marken: list, inst: Installningar, namnd: str, definition: str, blad: str) -> tuple[Tabell, list]:
    """Tabellen för en nämnds bilagor med samma definition av antal, och kvartalen som saknas."""
    per_kvartal: dict = {}
    for m in marken:
        raknare = per_kvartal.setdefault(Kvartal.tolka(m.kvartal), {})
        for lag, per in m.summor.items():
            for kon, n in per.items():
                if kon in {g.value for g in Konsgrupp}:
                    raknare[(lag, Konsgrupp(kon))] = raknare.get((lag, Konsgrupp(kon)), 0) + n
    kvartal = mellan(min(per_kvartal), max(per_kvartal))
    saknas = [k for k in kvartal if k not in per_kvartal]
    nycklar = [(lag, man) for lag in (LSS, SOL) for _, man in _KON if any((lag, man) in r for r in per_kvartal.values())]
    antal = {n: [per_kvartal[k].get(n, 0) if k in per_kvartal else None for k in kvartal] for n in nycklar}
    dnr = inst.diarienummer or ", ".join(dict.fromkeys(
        m.diarienummer for m in sorted(marken, key=lambda m: Kvartal.tolka(m.kvartal)) if m.diarienummer))
    kalla = f"Summa-raderna i Bilaga 1 ur {len(marken)} {'fil' if len(marken) == 1 else 'filer'} med tidigare bilagor."
    if definition == KVARSTAENDE:
        kalla += " Bilagorna räknade kvarstående beslut (ej verkställda vid mätdatum), inte alla rapporterade."
    notering = (f"Bilagor saknas för {', '.join(map(rubrik, saknas))}: kvartalen står som '{SAKNAS}' i tabellen "
                "och som ett avbrott i linjerna." if saknas else "")
    return tabell(antal, kvartal, kalla, replace(inst, namnd=namnd, diarienummer=dnr), definition, blad,
                  notering), saknas


@registrera("trend", titel="Trend", hjalp="""Rapporterade beslut per kvartal och kön, med linjediagram.

    Skriver UT/<namn>_trend_<kvartal>.xlsx (med --fran-bilagor: UT/trend_<sista kvartal>.xlsx, ett blad
    per nämnd, och bilagor som räknade kvarstående på ett eget blad).""",
            knapp=Knapp("evb_trend", "Trend", "Rapporterade beslut per kvartal och kön för de senaste fyra kvartalen, "
                        "med diagram, i en ny arbetsbok.", "ChartInsert"))
def trend(indata: Indata) -> Dokument:
    return Dokument([ur_underlag(indata.tabell, indata.kvartal, indata.alternativ.get("antal_kvartal", 4),
                                 indata.installningar)])
