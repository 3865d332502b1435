"""Underlagets fält: nycklarna som läsningen, modellen och rapporterna delar, och deras namn."""

PERSONNUMMER = "personnummer"
NAMN = "namn"
KON = "kon"
LOPNR = "lopnr"
BESLUT = "beslutsdatum"
AVBROTT = "avbrott"
LAGRUM = "lagrum"
INSATS = "insats"
ORSAK = "orsak"
VERKSTALLT = "verkstallt"
AVSLUTAT = "avslutat"
ERBJUDANDEN = "erbjudanden"
KOMMENTAR = "kommentar"
ENHET = "enhet"
HANDLAGGARE = "handlaggare"
DELVIS = "delvis"  # delvis verkställt (SPEC §10): beslutet står kvar som öppet

DATUMFALT = (BESLUT, AVBROTT, VERKSTALLT, AVSLUTAT)

NAMN_PA_FALT = {
    PERSONNUMMER: "Personnummer", NAMN: "Namn", KON: "Kön", LOPNR: "Löpnr",
    BESLUT: "Beslutsdatum", AVBROTT: "Datum för avbrott", LAGRUM: "Lagrum",
    INSATS: "Typ av insats", ORSAK: "Orsak", VERKSTALLT: "Beslutet verkställt",
    AVSLUTAT: "Beslutet avslutat", ERBJUDANDEN: "Erbjudanden", KOMMENTAR: "Kommentar",
    ENHET: "Enhet", HANDLAGGARE: "Handläggare", DELVIS: "Delvis verkställt",
}
