"""evb-xl: ej verkställda beslut (SoL och LSS) i Excel.

Kärnan är rena funktioner över datum och tabeller (regler, kvartal, datum,
kategorier, bilagor); runt den sitter tunna adaptrar: läsning (underlag),
skrivning (skriv), formler (udf), menyfliken (ribbon) och kommandoraden (cli).
"""

__version__ = "0.1.0"
