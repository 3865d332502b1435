"""Alla rapporter. Importen registrerar dem (register.py), och ordningen här är kommandonas och
knapparnas ordning. En ny rapport: en modul i rapporter/ och en rad här."""
# ruff: noqa: I001, F401

from evb_xl.rapporter import bilagor
from evb_xl.rapporter import trend
from evb_xl.rapporter import vantetid
from evb_xl.rapporter import aterrapportering
from evb_xl.rapporter import enheter
from evb_xl.rapporter import ivo
from evb_xl.rapporter import skrivelse
from evb_xl.rapporter.register import RAPPORTER


def rapporter() -> list:
    """Registrets rapporter i ordning (också de som registrerats efter importen, t.ex. i ett test)."""
    return list(RAPPORTER.values())
