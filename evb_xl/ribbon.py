"""Knapparna på fliken EVB i Excel, ett tunt lager över korning.py.

VBA-anropet (vba/EVBRibbon.bas) skickar knappens id:
`RunPython "import evb_xl.ribbon; evb_xl.ribbon.on_button('evb_skapa_bilagor')"`.
Den aktiva arbetsboken läses som den ser ut just nu (även osparad) och ändras aldrig,
utom när bladet Inställningar säger `Utdata: blad i arbetsboken`; då läggs nya blad
till (eller våra egna blad från förra gången skrivs om) och inga andra blad rörs.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import xlwings as xw

try:
    import winreg
except ImportError:  # inte Windows
    winreg = None

from evb_xl import korning
from evb_xl.lasning.egenskaper import ar_egen
from evb_xl.lasning.underlag import Minnesbok
from evb_xl.modell.installningar import BLAD_I_ARBETSBOKEN
from evb_xl.rapporter import alla
from evb_xl.rapporter.register import Knapp
from evb_xl.skrivning import bilagetext
from evb_xl.skrivning import fyll as skriv

TITEL = "EVB"
_VISA_HOGST = 15
_LAS_DIREKT = 200_000  # celler: ett så litet använt område läses som det är
_BLOCK = 250_000  # celler per läsning genom COM


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
    return Minnesbok({sheet.name: las_blad(sheet) for sheet in book.sheets})


def las_blad(sheet) -> list[list]:
    """Bladets värden från A1 till den sista cellen med innehåll, läst i block.

    Excels använda område (used_range) räknar också med celler som bara har format: en enda
    sådan cell på rad 1 048 576 vore en miljon rader att läsa genom COM. Ett stort område
    krymps därför först till den sista raden och kolumnen med innehåll (verklig_storlek).
    """
    omrade = sheet.used_range
    rad0, kol0 = omrade.row, omrade.column
    rader, kolumner = omrade.shape
    if rader * kolumner > _LAS_DIREKT:
        rader, kolumner = verklig_storlek(sheet, rad0, kol0, rader, kolumner)
    if rader == 0 or kolumner == 0:
        return []
    varden = []
    steg = max(1, _BLOCK // kolumner)
    for start in range(rad0, rad0 + rader, steg):
        slut = min(start + steg, rad0 + rader) - 1
        varden += sheet.range((start, kol0), (slut, kol0 + kolumner - 1)).options(ndim=2).value or []
    return [[] for _ in range(rad0 - 1)] + [[None] * (kol0 - 1) + list(r) for r in varden]


def verklig_storlek(sheet, rad0: int, kol0: int, rader: int, kolumner: int) -> tuple[int, int]:
    """(rader, kolumner) från (rad0, kol0) till den sista cellen med innehåll.

    Som Ctrl+pil i Excel (Range.end) från områdets nedre (eller högra) kant, en gång per kolumn
    (eller rad, om de är färre): högst två anrop per kolumn, i stället för att läsa alla celler.
    """
    sista_rad = sista_kol = 0
    if kolumner <= rader:
        nederst = rad0 + rader - 1
        for kol in range(kol0, kol0 + kolumner):
            cell = sheet.range((nederst, kol))
            if cell.value is None:
                cell = cell.end("up")
                if cell.row < rad0 or cell.value is None:
                    continue  # tom kolumn
            sista_rad, sista_kol = max(sista_rad, cell.row), kol
    else:
        hogerst = kol0 + kolumner - 1
        for rad in range(rad0, rad0 + rader):
            cell = sheet.range((rad, hogerst))
            if cell.value is None:
                cell = cell.end("left")
                if cell.column < kol0 or cell.value is None:
                    continue  # tom rad
            sista_rad, sista_kol = rad, max(sista_kol, cell.column)
    if not sista_rad:
        return 0, 0
    return sista_rad - rad0 + 1, sista_kol - kol0 + 1


def utmapp(book, ut: Path | None) -> tuple[Path, str]:
    """(mapp för nya filer, en rad om varför det inte blev arbetsbokens mapp, annars "").

    En arbetsbok på SharePoint eller OneDrive har ingen mapp på datorn (xlwings ger en
    https-adress eller ett fel när ingen synkmapp hittas), och en osparad bok har ingen alls:
    då hamnar filen i Dokument (eller hemmappen) och användaren får veta var.
    """
    if ut is not None:
        return Path(ut), ""
    try:
        fullname = str(book.fullname)
    except Exception:  # noqa: BLE001 - xlwings XlwingsError när en SharePoint-bok saknar synkmapp
        fullname = ""
    mapp = Path(fullname).parent if fullname and "://" not in fullname else None
    if mapp is not None and mapp.is_absolute() and mapp.is_dir():
        return mapp, ""
    reserv = dokumentmapp()
    orsak = ("arbetsboken ligger på SharePoint eller OneDrive utan en mapp på den här datorn"
             if "://" in fullname or not fullname else "arbetsboken är inte sparad i någon mapp")
    return reserv, f"Filen sparades i {reserv} eftersom {orsak}."


_SKALMAPPAR = r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"


def dokumentmapp() -> Path:
    """Användarens mapp Dokument: på Windows den Utforskaren visar (också när den flyttats till
    OneDrive), annars ~/Documents, och hemmappen om ingen av dem finns."""
    if winreg is not None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, _SKALMAPPAR) as nyckel:
                mapp = Path(os.path.expandvars(winreg.QueryValueEx(nyckel, "Personal")[0]))
            if mapp.is_dir():
                return mapp
        except OSError:
            pass
    dokument = Path.home() / "Documents"
    return dokument if dokument.is_dir() else Path.home()


def skapa_bilagor(book, ut: Path | None = None) -> korning.Resultat:
    """Knappen Skapa bilagor: en ny arbetsbok ur mallen bredvid underlaget, eller nya blad."""
    mapp, anm = utmapp(book, ut)
    utfil = Utfil(book)
    val = korning.Val(ut=mapp, utfil=utfil)
    mall = skriv.las_mall(val.mall) if val.mall is not None else None  # None: standardbok.py, utan openpyxl
    u, rapport, resultat = korning.las_och_bygg(Path(book.name), val, "bilagor", mall, bok=las_oppen_bok(book))
    kontrollblad = ""
    if rapport is not None and resultat.utdata == BLAD_I_ARBETSBOKEN:
        for namn, rader in bilagetext.som_blad(rapport).items():
            _skriv_blad(book, f"{namn} {rapport.kvartal}", rader)
        resultat.utfil, anm, kontrollblad = f"nya blad i {book.name}", "", f"'Kontroll {rapport.kvartal}'"
    elif rapport is not None:
        resultat = korning.skriv_dokument(Path(book.name), u, rapport, resultat, val, "bilagor", mall)
        if resultat.utfil:
            _oppna(book, resultat.utfil)
            kontrollblad = f"Kontroll i {Path(resultat.utfil).name}"
            anm = " ".join(filter(None, [anm, utfil.anm]))
    book.app.alert(meddelande(resultat, anm=anm if resultat.utfil else "", kontrollblad=kontrollblad), title=TITEL)
    return resultat


def kontrollera(book, ut: Path | None = None) -> korning.Resultat:
    """Knappen Kontrollera underlag: läser och visar fel och varningar, skriver inget."""
    resultat = korning.las_och_bygg(Path(book.name), korning.Val(), bok=las_oppen_bok(book))[2]
    book.app.alert(meddelande(resultat, kontroll=True), title=TITEL)
    return resultat


def _rapport(namn: str):
    """Knappen för en rapport i registret: ny fil bredvid underlaget."""

    def knapp(book, ut: Path | None = None) -> korning.Resultat:
        mapp, anm = utmapp(book, ut)
        utfil = Utfil(book)
        resultat = korning.kor(Path(book.name), korning.Val(ut=mapp, utfil=utfil), namn, bok=las_oppen_bok(book))
        if resultat.utfil:
            _oppna(book, resultat.utfil)
            anm = " ".join(filter(None, [anm, utfil.anm]))
        book.app.alert(meddelande(resultat, anm=anm if resultat.utfil else ""), title=TITEL)
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


def meddelande(r: korning.Resultat, kontroll: bool = False, anm: str = "", kontrollblad: str = "") -> str:
    """Det användaren ser i rutan, på svenska (`anm`: en rad till, t.ex. var filen hamnade).
    Varningarna står i rutan; `kontrollblad`: bladet där alla står (bilagornas Kontroll), annars
    inget (en rapport eller Kontrollera underlag har inget sådant blad)."""
    rader = [replace(r, varningar_se=korning.VARNINGAR_NEDAN).rad()] + ([anm] if anm else [])
    if kontroll and r.ok and not r.varningar:
        rader.append("Inga fel eller varningar.")
    resten_varningar = f"se bladet {kontrollblad}" if kontrollblad else "Skapa bilagor visar alla på bladet Kontroll"
    for rubrik, lista, resten in (("Fel (inga bilagor skapas förrän de är rättade)", r.fel, "rätta de här och tryck igen"),
                                  ("Varningar", r.varningar, resten_varningar)):
        if lista:
            rader += ["", f"{rubrik}:"] + [f"- {t}" for t in lista[:_VISA_HOGST]]
            if len(lista) > _VISA_HOGST:
                rader.append(f"... och {len(lista) - _VISA_HOGST} till ({resten}).")
    return "\n".join(rader)


def _skriv_blad(book, namn: str, rader: list[list]) -> None:
    """Ett av våra blad (nytt, eller det från förra gången tömt) med raderna från A1."""
    namn = namn[:31]
    finns = [s for s in book.sheets if s.name == namn]
    sheet = finns[0] if finns else book.sheets.add(namn, after=book.sheets[len(book.sheets) - 1])
    if finns:
        sheet.clear_contents()
    bredd = max((len(r) for r in rader), default=1)
    sheet["A1"].value = [[som_cell(v) for v in r] + [""] * (bredd - len(r)) for r in rader]


def som_cell(v):
    """Ett värde som Excel lagrar som det är när det skrivs genom COM (Range.value).

    COM tolkar text som om den skrevs in för hand: "=HYPERLINK(...)" blir en formel, "007" ett
    tal och "2024-01-05" ett datum. En apostrof först gör den till text (och syns inte i värdet).
    """
    if v is None:
        return ""
    if isinstance(v, str) and v:
        return "'" + v
    return v


def _oppna(book, sokvag: str) -> None:
    """Öppna den nya filen: en arbetsbok i Excel, annat (skrivelsen, .docx) med Windows standardprogram
    (Word); Excel kan inte öppna ett Word-dokument. Går det inte räcker filen: rutan säger var den är."""
    try:
        if Path(sokvag).suffix.lower() in (".xlsx", ".xlsm"):
            book.app.books.open(sokvag)
        elif hasattr(os, "startfile"):  # bara Windows
            os.startfile(sokvag)  # noqa: S606 - vår egen utfil, med det program Windows valt för den
    except Exception:  # noqa: BLE001 - att inte kunna öppna den är inget fel, filen finns
        pass


_HOGST_NUMMER = 99


class Utfil:
    """Knappens val av utfil (korning.Val.utfil). Den som trycker en gång till vill ha nya bilagor,
    inte ett fel om --skriv-over som knappen inte har: en tidigare utfil från evb-xl med samma namn
    ersätts när den inte är öppen; är den öppen (i Excel eller Word, här eller hos en kollega), eller
    inte evb-xl:s egen, lämnas den orörd och filen får nästa lediga namn, `namn (2).xlsx`. `anm`:
    vad som hände, på svenska, för rutan."""

    def __init__(self, book):
        self.book, self.anm = book, ""

    def __call__(self, standard: Path) -> tuple[Path, bool]:
        orord = []  # (fil, varför den inte ersattes)
        for n in range(1, _HOGST_NUMMER + 1):
            fil = standard if n == 1 else standard.with_name(f"{standard.stem} ({n}){standard.suffix}")
            if not fil.exists() and not fil.is_symlink():
                self.anm = self._text(orord, fil, ersatt=False)
                return fil, False
            if not ar_egen(fil):
                orord.append((fil, "finns redan men är inte skapad av evb-xl"))
            elif ar_oppen(self.book, fil):
                orord.append((fil, "är öppen"))
            else:
                self.anm = self._text(orord, fil, ersatt=True)
                return fil, True
        return standard, False  # alla namn upptagna: spara_atomiskt säger att filen finns

    @staticmethod
    def _text(orord: list, fil: Path, ersatt: bool) -> str:
        delar = [f"{f.name} {varfor} och lämnades orörd." for f, varfor in orord]
        if ersatt:
            delar.append(f"{fil.name} från en tidigare körning ersattes.")
        if orord:
            delar.append(f"Den nya filen heter {fil.name} och ligger i {fil.parent}.")
        return " ".join(delar)


def ar_oppen(book, fil: Path) -> bool:
    """Är filen öppen? I den här Excel (Excel kan inte ha två böcker med samma namn öppna), hos någon
    annan (Excels och Words låsfil ~$..., som Word gör av namnet utan dess två första tecken), eller
    låst av Windows för skrivning."""
    try:
        if any(str(b.name).lower() == fil.name.lower() for b in book.app.books):
            return True
    except Exception:  # noqa: BLE001 - Excel svarar inte på frågan: de andra sätten avgör
        pass
    if any((fil.parent / f"~${namn}").exists() for namn in (fil.name, fil.name[2:])):
        return True
    try:
        with open(fil, "r+b"):
            return False
    except OSError:  # Windows: öppen i Excel eller Word (delningsläget nekar skrivning), eller skrivskyddad
        return True
