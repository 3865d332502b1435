"""IVO:s pseudo-identitet (SPEC §5): `ÅÅÅÅMMDD-T` och tre siffror, ur personnumret och en hemlig nyckel.

IVO:s e-tjänst tar en identitet per person i formen `ÅÅÅÅMMDD-T123` (eller `ÅÅÅÅMMDD-TF10`):
födelsedatum, `T` och tre siffror (eller `TF` och två), där den sista siffran (den tredje
efter `T`) är udda för en man och jämn för en kvinna. Samma person ska ha samma nummer i all
rapportering, så siffrorna räknas fram ur personnumret med HMAC-SHA256 och en nyckel som
användaren håller hemlig och använder varje kvartal. Utan nyckeln går siffrorna inte att
räkna fram, och det finns ingen inbyggd nyckel: utan nyckel blir det ett fel.

API (för kommandot `evb-xl ivo --pseudo-id`):

    nyckel = las_nyckel(fil)           # fil: str | Path | None -> bytes
    pid = pseudo_id("19800101-1234", "Man", nyckel)   # -> "19800101-T" + tre siffror

- `las_nyckel(fil=None, miljo=None) -> bytes`: nyckeln ur filen `fil` om den anges, annars ur
  miljövariabeln `EVB_PSEUDO_NYCKEL` (`miljo`: en annan uppsättning än `os.environ`, för test).
  Inledande och avslutande blanktecken och radslut tas bort (och en UTF-8-BOM), så att en fil
  sparad i Anteckningar ger samma nyckel. NyckelFel (svensk text) när nyckel saknas, filen inte
  går att läsa eller nyckeln är kortare än MIN_LANGD (16) tecken.
- `pseudo_id(personnummer, kon, nyckel, *, variant="T", pa_dag=None) -> str`:
  `personnummer`: tolv eller tio siffror, med eller utan `-`/`+` (samordningsnummer går: dag + 60);
  `kon`: "Man"/"Kvinna"/"Pojke"/"Flicka"/"M"/"K" (som i underlaget), True för man, False för
  kvinna, eller None/okänt: då avgör personnumrets näst sista siffra (SPEC §8 p. 3);
  `variant`: "T" (tre siffror, standard) eller "TF" (två siffror);
  `pa_dag`: dagen som avgör århundradet för tiosiffriga nummer (standard i dag).
  PseudoFel (svensk text, utan personnumret) när personnumret inte går att tolka.
- `fingeravtryck(nyckel) -> str`: åtta tecken som visar om två körningar använt samma nyckel,
  utan att avslöja den (skriv gärna ut det i Kontroll).
- `ny_nyckel() -> str`: en ny slumpad nyckel att spara i en fil.

Siffrorna: HMAC-SHA256(nyckel, "evb-xl/ivo-pseudo-id/v1:" + personnumrets tio sista siffror)
som ett heltal h (de åtta första byten, big-endian). Variant T: `h % 100` med två siffror, sedan
könssiffran `2 * (h // 100 % 5) + (1 för man, 0 för kvinna)`. Variant TF: `h % 10`, sedan
könssiffran på samma sätt. Samma nyckel och samma personnummer ger alltid samma id, oavsett om
numret skrivs med tio eller tolv siffror. Två personer med samma födelsedag och kön får samma id
med sannolikheten 1/500 (TF: 1/50); IVO:s format har inte plats för fler siffror.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from evb_xl.regler import kategorier, personnummer

MILJOVARIABEL = "EVB_PSEUDO_NYCKEL"
MIN_LANGD = 16
_ETIKETT = b"evb-xl/ivo-pseudo-id/v1:"


class NyckelFel(ValueError):
    """Nyckeln saknas, går inte att läsa eller är för kort."""


class PseudoFel(ValueError):
    """Personnumret går inte att använda (texten innehåller aldrig numret)."""


def las_nyckel(fil: str | os.PathLike | None = None, miljo=None) -> bytes:
    """Nyckeln ur filen `fil`, annars ur miljövariabeln EVB_PSEUDO_NYCKEL; aldrig en inbyggd."""
    if fil is not None and str(fil) != "":
        namn = str(fil)
        try:
            nyckel = Path(fil).read_bytes()
        except FileNotFoundError:
            raise NyckelFel(f"nyckelfilen '{namn}' finns inte") from None
        except IsADirectoryError:
            raise NyckelFel(f"nyckelfilen '{namn}' är en mapp, inte en fil") from None
        except OSError as e:
            raise NyckelFel(f"nyckelfilen '{namn}' går inte att läsa ({e.strerror or e})") from None
        nyckel = _rensa(nyckel)
        if not nyckel:
            raise NyckelFel(f"nyckelfilen '{namn}' är tom")
        return _kontrollera(nyckel, f"nyckeln i '{namn}'")
    miljo = os.environ if miljo is None else miljo
    varde = miljo.get(MILJOVARIABEL)
    if varde is None or not varde.strip():
        raise NyckelFel(
            "pseudo-id kräver en hemlig nyckel: ange en nyckelfil eller sätt miljövariabeln "
            f"{MILJOVARIABEL}. Använd samma nyckel varje kvartal, annars får personerna nya nummer; "
            "evb-xl har ingen inbyggd nyckel")
    return _kontrollera(_rensa(varde.encode("utf-8")), f"nyckeln i {MILJOVARIABEL}")


def _rensa(nyckel: bytes) -> bytes:
    if nyckel.startswith(b"\xef\xbb\xbf"):
        nyckel = nyckel[3:]
    return nyckel.strip()


def _kontrollera(nyckel, vad: str = "nyckeln") -> bytes:
    if isinstance(nyckel, str):
        nyckel = nyckel.encode("utf-8")
    if not isinstance(nyckel, (bytes, bytearray)):
        raise NyckelFel("pseudo-id kräver en hemlig nyckel (bytes); evb-xl har ingen inbyggd nyckel")
    if len(nyckel) < MIN_LANGD:
        raise NyckelFel(f"{vad} är för kort ({len(nyckel)} tecken); använd minst {MIN_LANGD}, "
                        "helst en slumpad (se ny_nyckel)")
    return bytes(nyckel)


def ny_nyckel() -> str:
    """En ny slumpad nyckel (43 tecken) att spara i en fil och använda varje kvartal."""
    import secrets  # hashlib, hmac och secrets (OpenSSL) bara när pseudo-id räknas

    return secrets.token_urlsafe(32)


def fingeravtryck(nyckel: bytes) -> str:
    """Åtta hexadecimala tecken som skiljer nycklar åt utan att avslöja dem."""
    nyckel = _kontrollera(nyckel)
    import hashlib
    import hmac

    return hmac.new(nyckel, b"evb-xl/fingeravtryck", hashlib.sha256).hexdigest()[:8]


def pseudo_id(personnummer_: object, kon: object, nyckel: bytes, *, variant: str = "T",
              pa_dag: date | None = None) -> str:
    """`ÅÅÅÅMMDD-T` och tre siffror (variant "TF": `ÅÅÅÅMMDD-TF` och två), sista siffran udda för
    man och jämn för kvinna. Se modulens beskrivning."""
    nyckel = _kontrollera(nyckel)
    if variant not in ("T", "TF"):
        raise ValueError(f"okänd variant {variant!r} (T eller TF)")
    if not personnummer.giltigt(personnummer_):
        raise PseudoFel("personnumret går inte att läsa (väntade ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN); "
                        "värdet visas inte")
    tio = personnummer.tio_siffror(personnummer_)
    fodd = personnummer.fodelsedag(personnummer_, pa_dag or date.today())
    if fodd is None:
        raise PseudoFel("personnumret har inget giltigt födelsedatum; värdet visas inte")
    man = _ar_man(kon)
    if man is None:
        man = personnummer.ar_man(personnummer_)
    import hashlib
    import hmac

    h = int.from_bytes(hmac.new(nyckel, _ETIKETT + tio.encode("ascii"), hashlib.sha256).digest()[:8], "big")
    if variant == "T":
        siffror = f"{h % 100:02d}{2 * (h // 100 % 5) + int(man)}"
    else:
        siffror = f"{h % 10}{2 * (h // 10 % 5) + int(man)}"
    return f"{fodd:%Y%m%d}-{variant}{siffror}"


def _ar_man(kon: object) -> bool | None:
    if isinstance(kon, bool):
        return kon
    if kon is None:
        return None
    return kategorier.ar_man(kategorier.kon(kon))
