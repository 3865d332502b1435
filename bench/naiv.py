"""Det naiva sättet: pandas read_excel(engine="openpyxl"), sedan en Python-loop rad för rad
som tolkar datumen, räknar fristen (EDATE) och rapporteringsplikten för 2024Q1 (SPEC §3).

    python bench/naiv.py FIL.xlsx     skriver antalet rapporteringspliktiga och antalet rader
"""
import calendar
import sys
from datetime import date, datetime

import pandas as pd

START, SLUT = date(2024, 1, 1), date(2024, 3, 31)


def edate(d, månader=3):
    """Excels EDATE: samma dag `månader` senare, eller månadens sista dag om den är kortare."""
    år, mån = divmod(d.month - 1 + månader, 12)
    år, mån = d.year + år, mån + 1
    return date(år, mån, min(d.day, calendar.monthrange(år, mån)[1]))


def datum(v):
    if pd.isna(v) or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, (int, float)):
        text = str(int(v))
        return datetime.strptime(text, "%y%m%d" if len(text) == 6 else "%Y%m%d").date()
    text = str(v).split("(")[0].strip()
    for form in ("%Y-%m-%d", "%y-%m-%d", "%y%m%d", "%Y%m%d"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise ValueError(f"oläsligt datum: {v!r}")


def läs(path):
    return pd.read_excel(path, engine="openpyxl", header=2)


def rapporteringspliktiga(df):
    """En bool per rad: rapporteringspliktig i kvartalet (SPEC §3, §8 p. 8)."""
    ut = []
    for _, rad in df.iterrows():
        bas = datum(rad.iloc[4]) or datum(rad.iloc[3])
        frist = edate(bas)
        stängda = [d for d in (datum(rad.iloc[8]), datum(rad.iloc[9])) if d and d >= bas]
        stängd = min(stängda) if stängda else None
        ut.append(frist < SLUT and (stängd is None or (stängd > frist and stängd >= START)))
    return ut


def main(path):
    df = läs(path)
    print(f"{sum(rapporteringspliktiga(df))} rapporteringspliktiga av {len(df)} (naivt räknat)")


if __name__ == "__main__":
    main(sys.argv[1])
