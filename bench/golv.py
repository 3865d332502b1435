"""Golvet: det minsta ett program måste göra med samma indata.

    python bench/golv.py FIL.xlsx               läs alla celler med python-calamine
    python bench/golv.py --fastexcel FIL.xlsx   läs alla celler med fastexcel (till Arrow)
    python bench/golv.py MAPP UTMAPP            läs varje arbetsbok i MAPP och skriv en liten
                                                arbetsbok per fil (openpyxl), på alla kärnor
"""
import os
import sys
from pathlib import Path


def läs(path):
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return [wb.get_sheet_by_name(namn).to_python() for namn in wb.sheet_names]


def läs_fastexcel(path):
    import fastexcel

    bok = fastexcel.read_excel(str(path))
    return [bok.load_sheet(namn, header_row=None) for namn in bok.sheet_names]


def läs_och_skriv(jobb):
    from openpyxl import Workbook  # inte i golvet för en fil, som bara läser

    path, ut = jobb
    wb = Workbook()
    for rad in läs(path)[0]:
        wb.active.append(rad)
    wb.save(ut)


def main(args):
    if args[0] == "--fastexcel":
        läs_fastexcel(args[1])
        return
    if len(args) == 1:
        läs(args[0])
        return
    from concurrent.futures import ProcessPoolExecutor

    mapp, ut = map(Path, args)
    jobb = [(p, ut / p.name) for p in sorted(mapp.glob("*.xlsx"))]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(läs_och_skriv, jobb, chunksize=16))


if __name__ == "__main__":
    main(sys.argv[1:])
