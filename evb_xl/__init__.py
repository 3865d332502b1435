"""evb-xl: ej verkställda beslut (SoL och LSS) i Excel.

Lagren, uppifrån: dörrarna (cli, udf = formlerna, ribbon = knapparna, api = analytikernas
`evb_xl.las`), körningen (korning), läsning, rapporter och skrivning, modellen (modell/) och
reglerna (regler/), som inte läser eller skriver något. Pilarna pekar bara nedåt.

    import evb_xl
    df = evb_xl.las("underlag.xlsx").beslut("2024Q1")   # kräver pandas: evb-xl[analys]
"""

__version__ = "0.1.0"

from evb_xl.api import las  # noqa: E402  (importerar varken pandas, openpyxl eller xlwings)

__all__ = ["las", "__version__"]
