"""Arbetsböckerna som läsningen läser ur: en fil på disk med python-calamine (Kalaminbok) och
blad som redan är listor (Minnesbok, från xlwings). Båda ger bladens rader och, för underlaget,
de kända kolumnerna som Kodad (skilda värden och en kod per rad); lasning/snabblasning.py läser
stora filer med fastexcel i stället och ger samma sak.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from evb_xl.lasning import rubriker as R
from evb_xl.modell.kolumn import Kodad

SOK_RUBRIK_I_RADER = 50  # rubrikraden letas bland de första 50 raderna


class LasFel(Exception):
    """Filen går inte att läsa alls (ingen arbetsbok, krypterad, tom, inga rubriker)."""


# --- arbetsboken --------------------------------------------------------------------


def kontrollera(sokvag: Path) -> list[zipfile.ZipInfo]:
    """Zip-arkivets innehållsförteckning om filen ser ut som en .xlsx/.xlsm, annars LasFel med en
    svensk förklaring som namnger filen."""
    sokvag = Path(sokvag)
    if not sokvag.is_file():
        raise LasFel(f"{sokvag.name}: filen finns inte")
    with open(sokvag, "rb") as f:
        borjan = f.read(8)
    if not borjan:
        raise LasFel(f"{sokvag.name}: filen är tom")
    if borjan.startswith(b"\xd0\xcf\x11\xe0"):
        raise LasFel(f"{sokvag.name}: arbetsboken är lösenordsskyddad (krypterad) eller i det gamla .xls-formatet; "
                     "spara den utan lösenord som .xlsx")
    if not borjan.startswith(b"PK"):
        raise LasFel(f"{sokvag.name}: filen är ingen Excel-arbetsbok (.xlsx/.xlsm)")
    try:
        with zipfile.ZipFile(sokvag) as z:  # bara innehållsförteckningen läses
            delar = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise LasFel(f"{sokvag.name}: arbetsboken går inte att läsa: den är trasig (zip-arkivet är ofullständigt, t.ex. efter en avbruten "
                     "kopiering eller nedladdning); öppna originalet i Excel och spara det igen") from None
    if not any(d.filename.lower().startswith("xl/") for d in delar):
        raise LasFel(f"{sokvag.name}: filen är ett zip-arkiv men ingen Excel-arbetsbok "
                     "(t.ex. ett Word-dokument eller en packad mapp)")
    return delar


def oppna(sokvag: Path, kontrollerad: bool = False):
    """Arbetsboken (python-calamine), eller LasFel med en svensk förklaring som namnger filen.
    `kontrollerad`: kontrollera(sokvag) är redan gjord."""
    from python_calamine import CalamineWorkbook

    sokvag = Path(sokvag)
    if not kontrollerad:
        kontrollera(sokvag)
    try:
        return CalamineWorkbook.from_path(str(sokvag))
    except Exception as e:  # calamine ger olika feltyper för trasiga zip-filer
        raise LasFel(f"{sokvag.name}: arbetsboken går inte att läsa ({_kort(e)})") from None


def _kort(e: Exception) -> str:
    return str(e).splitlines()[0][:120] if str(e) else type(e).__name__


class Radbok:
    """Det läsningen av ett underlag behöver av en bok vars blad är listor av rader (`rader(blad)`):
    rubrikområdet och de kända kolumnerna. Bladet läses en gång."""

    _lasta: dict

    def rubrikomrade(self, blad: str) -> list[list]:
        """Bladets rader; rubrikraden letas bland de första SOK_RUBRIK_I_RADER."""
        if blad not in self._lasta:
            self._lasta[blad] = self.rader(blad)
        return self._lasta[blad]

    def slapp(self, blad: str) -> None:
        """Bladet behövs inte mer (det hade ingen rubrikrad)."""
        self._lasta.pop(blad, None)

    def kolumner(self, blad: str, forsta: int, kolumner: dict) -> dict[str, Kodad]:
        """{fält: Kodad} för kolumnerna {fält: index} från raden `forsta` (index från 0) och nedåt."""
        data = self.rubrikomrade(blad)[forsta:]
        bredd = max(kolumner.values()) + 1
        if any(len(r) < bredd for r in data):
            data = [list(r) + [""] * (bredd - len(r)) for r in data]
        return {f: Kodad.av_lista([r[j] for r in data]) for f, j in kolumner.items()}


class Kalaminbok(Radbok):
    """En arbetsbok på disk, läst med python-calamine (bara läsning)."""

    def __init__(self, bok):
        self._bok = bok
        self.sheet_names = list(bok.sheet_names)
        self._lasta = {}

    def rader(self, blad: str) -> list[list]:
        try:
            ark = self._bok.get_sheet_by_name(blad)
            rader = ark.to_python(skip_empty_area=False)
            sammanslagna = ark.merged_cell_ranges or []
        except Exception as e:
            raise LasFel(f"bladet '{blad}' går inte att läsa ({_kort(e)})") from None
        return fyll_sammanslagna_rubriker(rader, sammanslagna)

    def close(self):
        self._bok.close()


def fyll_sammanslagna_rubriker(rader: list[list], sammanslagna) -> list[list]:
    """En rubrik sammanslagen lodrätt över två rubrikrader (t.ex. Kön bredvid Datum med Beslut,
    Avbrott och Verkställt under) står bara i den översta cellen; skriv den också i cellerna under,
    så att den nedre rubrikraden blir hel. Bara kända rubriker i rubrikområdet (de första 50
    raderna); vågräta sammanslagningar lämnas, de skulle ge samma rubrik två gånger.
    `sammanslagna`: ((rad1, kol1), (rad2, kol2)) från 0, som python-calamine ger dem."""
    for (r1, c1), (r2, _) in sammanslagna:
        if not r1 < r2 or r1 >= min(len(rader), SOK_RUBRIK_I_RADER) or c1 >= len(rader[r1]):
            continue
        varde = rader[r1][c1]
        if not (isinstance(varde, str) and R.falt(varde)):
            continue
        for r in range(r1 + 1, min(r2 + 1, len(rader), SOK_RUBRIK_I_RADER)):
            if c1 < len(rader[r]) and rader[r][c1] in ("", None):
                rader[r][c1] = varde
    return rader


class Minnesbok(Radbok):
    """Blad som redan är listor av rader (t.ex. från den öppna arbetsboken via xlwings)."""

    def __init__(self, blad: dict):
        self._blad = blad
        self.sheet_names = list(blad)
        self._lasta = {}

    def rader(self, blad: str) -> list[list]:
        return [["" if v is None else v for v in rad] for rad in self._blad[blad]]

    def close(self):
        pass
