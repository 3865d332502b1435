"""Knapparna på fliken EVB i Excel, ett tunt lager över korning.py.

VBA-anropet (vba/EVBRibbon.bas) skickar knappens id:
`RunPython "import evb_xl.ribbon; evb_xl.ribbon.on_button('evb_skapa_bilagor')"`.
Den aktiva arbetsboken läses som den ser ut just nu (även osparad) och ändras aldrig,
utom när bladet Inställningar säger `Utdata: blad i arbetsboken`; då läggs nya blad
till (eller våra egna blad från förra gången skrivs om) och inga andra blad rörs.
"""

from __future__ import annotations

from pathlib import Path

import xlwings as xw

from evb_xl import korning
from evb_xl.lasning.underlag import Minnesbok
from evb_xl.modell.installningar import BLAD_I_ARBETSBOKEN
from evb_xl.rapporter import alla
from evb_xl.rapporter.register import Knapp
from evb_xl.skrivning import bilagetext
from evb_xl.skrivning import fyll as skriv

TITEL = "EVB"
_VISA_HOGST = 15


def on_button(control_id: str, book=None, ut: Path | None = None):
    """Kör knappen med id `control_id` på den aktiva arbetsboken (eller `book`)."""
    import gc

    gc.set_threshold(100_000, 50, 50)  # som på kommandoraden (cli.main): RunPython är en egen process
    book = book if book is not None else xw.Book.caller()
    knapp = hanterare().get(control_id)
    if knapp is None:
        book.app.alert(f"Okänd knapp '{control_id}'.", title=TITEL)
        return None
    try:
        return knapp(book, ut)
    except Exception as e:  # noqa: BLE001 - användaren ska få svensk text, aldrig en traceback
        # bara typen: felets text kan vara engelsk eller innehålla cellinnehåll
        book.app.alert(f"Något gick fel ({type(e).__name__}) och inget skrevs. Kör Kontrollera underlag, "
                       "eller be IT köra evb-xl med EVB_XL_FELSOK=1 för detaljer.", title=TITEL)
        return None


def las_oppen_bok(book) -> Minnesbok:
    """Varje blads värden med cellerna på sina riktiga platser (A1 först)."""
    blad = {}
    for sheet in book.sheets:
        omrade = sheet.used_range
        varden = omrade.options(ndim=2).value or []
        blad[sheet.name] = [[] for _ in range(omrade.row - 1)] + [[None] * (omrade.column - 1) + list(r) for r in varden]
    return Minnesbok(blad)


def _mapp(book, ut: Path | None) -> Path:
    if ut is not None:
        return Path(ut)
    mapp = Path(book.fullname).parent
    return mapp if mapp.is_absolute() and mapp.is_dir() else Path.home()


def skapa_bilagor(book, ut: Path | None = None) -> korning.Resultat:
    """Knappen Skapa bilagor: en ny arbetsbok ur mallen bredvid underlaget, eller nya blad."""
    val = korning.Val(ut=_mapp(book, ut))
    mall = skriv.las_mall(val.mall)
    u, rapport, resultat = korning.las_och_bygg(Path(book.name), val, "bilagor", mall, bok=las_oppen_bok(book))
    if rapport is not None and resultat.utdata == BLAD_I_ARBETSBOKEN:
        for namn, rader in bilagetext.som_blad(rapport).items():
            _skriv_blad(book, f"{namn} {rapport.kvartal}", rader)
        resultat.utfil = f"nya blad i {book.name}"
    elif rapport is not None:
        resultat = korning.skriv_dokument(Path(book.name), u, rapport, resultat, val, "bilagor", mall)
        if resultat.utfil:
            _oppna(book, resultat.utfil)
    book.app.alert(meddelande(resultat), title=TITEL)
    return resultat


def kontrollera(book, ut: Path | None = None) -> korning.Resultat:
    """Knappen Kontrollera underlag: läser och visar fel och varningar, skriver inget."""
    resultat = korning.las_och_bygg(Path(book.name), korning.Val(), bok=las_oppen_bok(book))[2]
    book.app.alert(meddelande(resultat, kontroll=True), title=TITEL)
    return resultat


def _rapport(namn: str):
    """Knappen för en rapport i registret: ny fil bredvid underlaget."""

    def knapp(book, ut: Path | None = None) -> korning.Resultat:
        resultat = korning.kor(Path(book.name), korning.Val(ut=_mapp(book, ut)), namn, bok=las_oppen_bok(book))
        if resultat.utfil:
            _oppna(book, resultat.utfil)
        book.app.alert(meddelande(resultat), title=TITEL)
        return resultat

    return knapp


KONTROLLERA = Knapp("evb_kontrollera", "Kontrollera underlag", "Går igenom underlaget i den aktiva arbetsboken och "
                    "visar fel och varningar. Inga bilagor skapas.", "DataValidation", "huvud", stor=True)


def knappar() -> list[Knapp]:
    """Knapparna på fliken EVB i ordning: registrets rapporter med knapp, och Kontrollera underlag
    efter Skapa bilagor. vba/build_addin.py bygger customUI.xml av denna lista."""
    ut = [r.knapp for r in alla.rapporter() if r.knapp is not None]
    return sorted(ut[:1] + [KONTROLLERA] + ut[1:], key=lambda k: k.grupp != "huvud")  # flikens ordning: huvudgruppen först


def hanterare() -> dict:
    """Knappens id -> funktionen bakom den."""
    ut = {r.knapp.id: _rapport(r.namn) for r in alla.rapporter() if r.knapp is not None}
    ut.update({"evb_skapa_bilagor": skapa_bilagor, KONTROLLERA.id: kontrollera})
    return ut


def meddelande(r: korning.Resultat, kontroll: bool = False) -> str:
    """Det användaren ser i rutan, på svenska."""
    rader = [r.rad()]
    if kontroll and r.ok and not r.varningar:
        rader.append("Inga fel eller varningar.")
    for rubrik, lista in (("Fel (inga bilagor skapas förrän de är rättade)", r.fel), ("Varningar", r.varningar)):
        if lista:
            rader += ["", f"{rubrik}:"] + [f"- {t}" for t in lista[:_VISA_HOGST]]
            if len(lista) > _VISA_HOGST:
                rader.append(f"... och {len(lista) - _VISA_HOGST} till (se bladet Kontroll).")
    return "\n".join(rader)


def _skriv_blad(book, namn: str, rader: list[list]) -> None:
    namn = namn[:31]
    finns = [s for s in book.sheets if s.name == namn]
    sheet = finns[0] if finns else book.sheets.add(namn, after=book.sheets[len(book.sheets) - 1])
    if finns:
        sheet.clear_contents()
    bredd = max((len(r) for r in rader), default=1)
    sheet["A1"].value = [[("" if v is None else v) for v in r] + [""] * (bredd - len(r)) for r in rader]


def _oppna(book, sokvag: str) -> None:
    """Öppna den nya arbetsboken i Excel (går inte i testernas fjärrbok; då räcker filen)."""
    try:
        book.app.books.open(sokvag)
    except Exception:  # noqa: BLE001 - att inte kunna öppna den är inget fel, filen finns
        pass
