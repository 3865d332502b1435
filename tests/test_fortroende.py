"""Förtroende: ingen identitet i något som skrivs, underlaget orört, hela utfiler, tydliga fel.

Allt körs som en användare kör det (kommandoraden som egen process där processen spelar roll,
annars `evb_xl.cli.main` i samma process), och utfilerna packas upp och läses som XML, inte
genom koden under test. Personerna är påhittade.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
from arbetsbocker import skriv_bok, sol_2024q1
from python_calamine import CalamineWorkbook

from evb_xl import cli
from evb_xl.lasning.rubriker import falt
from evb_xl.regler import pseudo

REPO = Path(__file__).resolve().parents[1]


# --- hjälp --------------------------------------------------------------------------


def evb_process(*args, env=None, forspel: str = "", cwd=None) -> subprocess.CompletedProcess:
    """`evb-xl ARGS` som en egen Python-process; `forspel` körs före kommandoraden (t.ex. en
    krasch som ska simuleras eller en granskningskrok)."""
    kod = f"{forspel}\nimport sys\nfrom evb_xl.cli import main\nmain(sys.argv[1:])\n"
    return subprocess.run([sys.executable, "-c", kod, *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd, timeout=600)


def evb(*args) -> tuple[int, str, str]:
    """`evb-xl ARGS` i samma process: (slutkod, stdout, stderr)."""
    ut, fel = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(ut), contextlib.redirect_stderr(fel):
        try:
            kod = cli.main([str(a) for a in args])
        except SystemExit as e:
            kod = e.code
    return kod or 0, ut.getvalue(), fel.getvalue()


def fotavtryck(sokvag: Path) -> tuple:
    """Innehåll och metadata som ändras av varje skrivning, namnbyte eller ändrad behörighet."""
    s = os.stat(sokvag)
    return hashlib.sha256(Path(sokvag).read_bytes()).hexdigest(), s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_mode


def blad(sokvag: Path) -> dict:
    bok = CalamineWorkbook.from_path(str(sokvag))
    return {n: bok.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in bok.sheet_names}


def xml_delar(sokvag: Path) -> dict[str, str]:
    """Varje del i utfilen (XML och allt annat) som text."""
    with zipfile.ZipFile(sokvag) as z:
        return {n: z.read(n).decode("utf-8", errors="replace") for n in z.namelist()}


def sokformer(text: str) -> set[str]:
    """Texten som den kan stå i XML: rå, XML-kodad, och personnummer med och utan skiljetecken."""
    former = {text, escape(text), escape(text, {'"': "&quot;", "'": "&apos;"})}
    siffror = re.sub(r"\D", "", text)
    if re.fullmatch(r"\d{8}[-+]\d{4}", text):
        former |= {siffror, siffror[2:], f"{siffror[2:8]}-{siffror[8:]}"}
    return former


# --- ett underlag med identitet i varje kolumn som aldrig får följa med --------------

RUBRIK = ["Personnummer", "Namn", "Kön", "Beslutsdatum", "Datum för avbrott", "Lagrum", "Typ av insats",
          "Orsak", "Datum för erbjudanden", "Beslutet verkställt", "Beslutet avslutat", "Kommentar",
          "Handläggare", "Enhet", "Telefon", "Gatuadress", "Kontakt anhörig"]
OMAPPADE = ["Telefon", "Gatuadress", "Kontakt anhörig"]
INSATSER = [("LSS", "9 § 10 Daglig verksamhet"), ("LSS", "9 § 9 SÄBO"), ("LSS", "9 § 3 Ledsagarservice"),
            ("SoL", "Kontaktperson"), ("SoL", "Särskilt boende demens"), ("SoL", "Boendestöd")]
ORSAKER = ["Resursbrist ledig bostad", "Den enskilde tackat nej", "Annat skäl", "Resursbrist personal", "", "Vet ej"]


def identiteter(i: int) -> dict:
    """Påhittade uppgifter för rad i; varje sträng är unik och förekommer inte i någon rubrik."""
    ar, man = 1940 + i % 60, i % 2 == 0  # (könssiffran är den näst sista; här räcker unika nummer)
    return {
        "Personnummer": f"{ar}{1 + i % 12:02d}{1 + i % 27:02d}-{100 + i:03d}{1 if man else 2}",
        "Namn": f"Qvirna{i:02d} Zyxbergsdotter",
        "Kommentar": f"Qkommentar{i:02d}: erbjöds plats på Vxgården, vill vänta på Öxbacken",
        "Handläggare": f"Hqandl{i:02d} Ptersson",
        "Telefon": f"070-99{i:05d}",
        "Gatuadress": f"Qxgatan {i}, 123 45 Ystorp",
        "Kontakt anhörig": f"Dottern Wqlma{i:02d}",
    }


def identitetsunderlag(sokvag: Path, antal: int = 150) -> tuple[Path, list[str]]:
    """Fler än 50 rader, så att både cell-för-cell-vägen och massvägen för stora tabeller
    (Bilaga 2, långa avsnitt i Kontroll) skrivs; båda lagrummen, avbrott, tidiga stängningar,
    okänt kön, okänd orsak och erbjudanden, så att alla delar av utdata får innehåll."""
    rader, hemligt = [], []
    for i in range(antal):
        idn = identiteter(i)
        hemligt += list(idn.values())
        lag, insats = INSATSER[i % len(INSATSER)]
        beslut = date(2023, 1, 5) + timedelta(days=2 * i)
        avbrott = beslut + timedelta(days=40) if i % 7 == 3 else None
        verkstallt = (date(2024, 2, 1) + timedelta(days=i % 20) if i % 3 == 0 else
                      beslut + timedelta(days=30) if i % 11 == 5 else None)
        kon = ["Man", "Kvinna", "M", "K", "", "Hen"][i % 6]
        rader.append([idn["Personnummer"], idn["Namn"], kon, beslut, avbrott, lag, insats, ORSAKER[i % len(ORSAKER)],
                      f"{beslut + timedelta(days=20)}; {beslut + timedelta(days=50)}" if i % 4 == 1 else None,
                      verkstallt, None, idn["Kommentar"], idn["Handläggare"], f"Enhet {'NSÖ'[i % 3]}",
                      idn["Telefon"], idn["Gatuadress"], idn["Kontakt anhörig"]])
    skriv_bok(sokvag, [RUBRIK, *rader], ovan=[["Ej verkställda beslut 2024"], []],
              installningar=[["Nämnd", "Socialnämnden"], ["Kvartal", "2024Q1"]])
    return sokvag, hemligt


def test_identitetsunderlaget_har_de_kolumner_testet_pastar():
    assert [falt(r) for r in OMAPPADE] == [None, None, None]
    assert [falt(r) for r in ("Personnummer", "Namn", "Kommentar", "Handläggare")] == [
        "personnummer", "namn", "kommentar", "handlaggare"]


# --- integritet ---------------------------------------------------------------------

RAPPORTER = [["bilagor"], ["trend"], ["aterrapportering"], ["vantetid"], ["enheter"], ["ivo"], ["ivo", "--pseudo-id"]]


@pytest.mark.parametrize("kommando", RAPPORTER, ids=" ".join)
def test_ingen_identitet_i_nagon_del_av_utfilen(tmp_path, monkeypatch, kommando):
    """Personnummer, namn, kommentar, handläggare och omappade kolumner finns inte i någon del av
    utfilen (celler, bladnamn, definierade namn, dokumentegenskaper, kommentarer, Kontroll) eller
    i det som skrivs ut. Också IVO-listan, som bara har pseudo-id (och bara på begäran)."""
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", "en-nyckel-som-bara-finns-i-testet")
    underlag, hemligt = identitetsunderlag(tmp_path / "enhet.xlsx")
    kod, ut, fel = evb(*kommando, underlag, "--ut", tmp_path / "ut")
    assert kod == 0, fel
    utfiler = list((tmp_path / "ut").iterdir())
    assert len(utfiler) == 1 and utfiler[0].suffix == ".xlsx"
    delar = xml_delar(utfiler[0])
    assert "xl/workbook.xml" in delar and "docProps/core.xml" in delar
    hittat = [(s, del_) for s in hemligt for form in sokformer(s) for del_, text in
              [*delar.items(), ("utfilens namn", utfiler[0].name), ("stdout", ut), ("stderr", fel)] if form in text]
    assert hittat == []


def test_bilagorna_har_innehall_och_kontroll_namner_omappade_kolumner_bara_vid_rubrik(tmp_path):
    """Sökningen ovan är bara värd något om utfilen faktiskt innehåller raderna."""
    underlag, _ = identitetsunderlag(tmp_path / "enhet.xlsx")
    assert evb("bilagor", underlag, "--ut", tmp_path)[0] == 0
    b = blad(tmp_path / "enhet_bilagor_2024Q1.xlsx")
    assert list(b) == ["Bilaga 1 LSS", "Bilaga 2 LSS", "Bilaga 1 SoL", "Bilaga 2 SoL", "Kontroll"]
    assert sum(1 for r in b["Bilaga 2 LSS"] + b["Bilaga 2 SoL"] if isinstance(r[0], float)) > 50
    kontroll = b["Kontroll"]
    lases_inte = [r[2] for r in kontroll if r[0] == "Läses inte"]
    assert lases_inte == OMAPPADE
    assert any("togs från personnumret" in str(c) for r in kontroll for c in r)
    assert sum(1 for r in kontroll if "Varning" in r) > 10


def test_kontroll_kommandot_och_sammanstallningen_visar_ingen_identitet(tmp_path):
    underlag, hemligt = identitetsunderlag(tmp_path / "enhet.xlsx")
    kod, ut, fel = evb("kontroll", underlag)
    assert kod == 0 and "varning:" in ut
    kod, ut2, fel2 = evb("ks", underlag, "--ut", tmp_path / "ks")
    assert kod == 0, fel2
    delar = {d: t for f in (tmp_path / "ks").iterdir() for d, t in xml_delar(f).items()}
    text = "\n".join([ut, fel, ut2, fel2, *delar.values()])
    assert [s for s in hemligt if any(form in text for form in sokformer(s))] == []


@pytest.mark.parametrize("kolumn, cell", [("Beslutsdatum", "D"), ("Kön", "C"), ("Lagrum", "E"), ("Orsak", "G")])
def test_personnummer_i_fel_kolumn_visas_inte_i_meddelanden(tmp_path, kolumn, cell):
    """Ett personnummer som hamnat i en kolumn vars värden annars visas i fel och varningar
    (datum, kön, lagrum, orsak) visas inte: varken i utskriften eller i Kontroll."""
    pnr = "19450317-4821"
    rubrik = ["Personnummer", "Namn", "Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"]
    rad = dict(zip(rubrik, ["", "Qvirna Zyx", "Kvinna", "2023-05-01", "LSS", "9 § 10", "Annat skäl"]))
    rad[kolumn] = 194503174821 if kolumn == "Beslutsdatum" else pnr  # datumet som tal, som Excel gör om det
    underlag = skriv_bok(tmp_path / "u.xlsx", [rubrik, [rad[k] for k in rubrik]])
    kod, ut, fel = evb("kontroll", underlag, "--kvartal", "2024Q1")
    assert kod == (1 if kolumn == "Beslutsdatum" else 0)
    assert f"u.xlsx, blad 'Underlag', cell {cell}2: " in ut + fel
    assert "(ser ut som ett personnummer, visas inte)" in ut + fel
    evb("bilagor", underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    utfiler = list((tmp_path / "ut").glob("*.xlsx")) if (tmp_path / "ut").exists() else []
    assert len(utfiler) == (0 if kolumn == "Beslutsdatum" else 1)
    text = ut + fel + "".join(t for f in utfiler for t in xml_delar(f).values())
    assert [f for f in sokformer(pnr) if f in text] == []


_NATVERK = """
import sys
anrop = []
def krok(handelse, argument):
    if handelse.startswith(("socket.", "http.", "urllib.", "ftplib.", "smtplib.", "webbrowser.")):
        anrop.append(handelse)
        raise PermissionError("nätverk i evb-xl: " + handelse)
sys.addaudithook(krok)
import atexit
atexit.register(lambda: anrop and sys.stderr.write("NÄTVERK: %s\\n" % anrop))
"""


@pytest.mark.parametrize("kommando", ["bilagor", "kontroll", "trend"])
def test_ingen_natverksatkomst_under_en_korning(tmp_path, kommando):
    """Pythons granskningskrokar stoppar och räknar varje försök att använda nätverket."""
    underlag, _ = identitetsunderlag(tmp_path / "enhet.xlsx")
    extra = [] if kommando == "kontroll" else ["--ut", tmp_path / "ut"]
    p = evb_process(kommando, underlag, *extra, forspel=_NATVERK)
    assert p.returncode == 0, p.stderr
    assert "NÄTVERK" not in p.stderr


def test_natverkskroken_fangar_verkligen_ett_anrop():
    """Kroken ovan är inte tom: ett anrop till en lokal port stoppas och syns."""
    kod = _NATVERK + "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept Exception:\n    pass\n"
    p = subprocess.run([sys.executable, "-c", kod], capture_output=True, text=True, timeout=60)
    assert "NÄTVERK: ['socket." in p.stderr


_NATVERKSMODULER = {"socket", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "ftplib",
                    "smtplib", "poplib", "imaplib", "xmlrpc", "websocket", "websockets", "webbrowser", "telnetlib"}


def test_ingen_modul_i_produkten_importerar_natverk():
    import ast

    for fil in sorted((REPO / "evb_xl").glob("*.py")):
        for nod in ast.walk(ast.parse(fil.read_text(encoding="utf-8"))):
            namn = ([a.name for a in nod.names] if isinstance(nod, ast.Import) else
                    [nod.module or ""] if isinstance(nod, ast.ImportFrom) else [])
            for n in namn:
                assert n.split(".")[0] not in _NATVERKSMODULER, f"{fil.name} importerar {n}"


def test_readme_sager_att_inget_gar_over_natverket():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    avsnitt = readme.split("## Vad evb-xl lovar", 1)[1].split("\n## ", 1)[0]
    assert "nätverk" in avsnitt and "test_fortroende.py" in avsnitt


# --- underlaget orört ---------------------------------------------------------------

_GRANSKA_FILER = """
import os, sys
skrivflaggor = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
UNDERLAG = os.path.realpath(os.environ["EVB_TEST_UNDERLAG"])
UT = os.path.realpath(os.environ["EVB_TEST_UT"])
handelser = []
def krok(handelse, argument):
    if handelse == "open" and isinstance(argument[0], (str, bytes, os.PathLike)):
        vag, lage, flaggor = os.path.realpath(os.fsdecode(argument[0])), argument[1] or "", argument[2]
        skriver = any(t in str(lage) for t in "wax+") or bool(flaggor & skrivflaggor)
        handelser.append(("open", vag, skriver))
    elif handelse in ("os.rename", "os.remove", "os.truncate", "os.chmod", "os.utime", "shutil.move",
                      "shutil.copyfile", "os.link", "os.symlink"):
        vagar = [os.path.realpath(os.fsdecode(a)) for a in argument if isinstance(a, (str, bytes, os.PathLike))]
        handelser.append((handelse, *vagar))
sys.addaudithook(krok)
import atexit
def rapport():
    with open(os.environ["EVB_TEST_LOGG"], "w", encoding="utf-8") as f:
        for h in handelser:
            f.write("\\t".join(map(str, h)) + "\\n")
atexit.register(rapport)
"""


def _granskade_handelser(logg: Path) -> list[list[str]]:
    return [rad.split("\t") for rad in logg.read_text(encoding="utf-8").splitlines()]


def test_underlaget_oppnas_bara_for_lasning_och_utfilen_byter_namn_pa_plats(tmp_path):
    """Varje öppning av underlaget i Python är för läsning; allt som skrivs hamnar i målmappen
    som en tillfällig dold fil, och utfilen uppstår bara genom ett namnbyte (os.replace)."""
    (tmp_path / "in").mkdir()
    underlag, _ = identitetsunderlag(tmp_path / "in" / "enhet.xlsx")
    ut = tmp_path / "ut"
    logg = tmp_path / "logg.tsv"
    env = {"EVB_TEST_UNDERLAG": str(underlag), "EVB_TEST_UT": str(ut), "EVB_TEST_LOGG": str(logg)}
    fore = fotavtryck(underlag)
    p = evb_process("bilagor", underlag, "--ut", ut, env=env, forspel=_GRANSKA_FILER)
    assert p.returncode == 0, p.stderr
    assert fotavtryck(underlag) == fore
    handelser = _granskade_handelser(logg)
    underlagets = [h for h in handelser if str(underlag.resolve()) in h[1:]]
    assert underlagets and all(h[0] == "open" and h[2] == "False" for h in underlagets)
    skrivna = {h[1] for h in handelser if h[0] == "open" and h[2] == "True"}
    i_ut = {Path(s) for s in skrivna if Path(s).parent == ut.resolve()}
    assert i_ut and all(s.name.startswith(".enhet_bilagor_2024Q1.") and s.suffix == ".tmp" for s in i_ut)
    namnbyten = [h for h in handelser if h[0] == "os.rename"]
    assert [Path(h[2]).name for h in namnbyten] == ["enhet_bilagor_2024Q1.xlsx"]
    assert Path(namnbyten[0][1]) in i_ut
    # annat som skrivs: Pythons cache, testets logg, och arbetsfiler i systemets temp-mapp
    # (openpyxl:s XML för bladen, namnlösa O_TMPFILE) som är borta när körningen är klar
    tmp = Path(tempfile.gettempdir()).resolve()
    ovriga = [Path(s) for s in skrivna - {str(p) for p in i_ut} if "__pycache__" not in s and Path(s) != logg.resolve()]
    assert [s for s in ovriga if not (s == tmp or s.parent == tmp)] == []
    assert [s for s in ovriga if s.parent == tmp and s.exists()] == []
    assert sorted(f.name for f in ut.iterdir()) == ["enhet_bilagor_2024Q1.xlsx"]


@pytest.mark.kraver("strace")
def test_underlaget_oppnas_bara_for_lasning_aven_av_calamine(tmp_path):
    """Samma sak på systemanropsnivå, så att också läsaren i Rust (python-calamine) räknas."""
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    logg = tmp_path / "strace.txt"
    kod = "import sys; from evb_xl.cli import main; main(sys.argv[1:])"
    p = subprocess.run(["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(logg), sys.executable, "-c", kod,
                        "bilagor", str(underlag), "--kvartal", "2024Q1", "--ut", str(tmp_path / "ut")],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    rader = [r for r in logg.read_text().splitlines() if f'"{underlag}"' in r or '"sol.xlsx"' in r]
    oppningar = [r for r in rader if re.search(r"\bopen(at)?\(", r)]
    assert len(oppningar) >= 2  # en koll av filens början, sedan calamine
    for r in rader:
        assert not re.search(r"\b(rename|unlink|truncate|chmod|chown|utime|link|symlink|setxattr)", r), r
        if re.search(r"\bopen(at)?\(", r):
            assert "O_RDONLY" in r and not re.search(r"O_(WRONLY|RDWR|CREAT|TRUNC|APPEND)", r), r


def _ut_under_en_fil(tmp_path: Path) -> list:
    fil = tmp_path / "upptagen"
    fil.write_text("en fil där en mapp skulle ligga")
    return ["--ut", fil / "ut"]


@pytest.mark.parametrize("hur", ["fel i underlaget", "utfilen finns", "utmappen går inte att skapa", "okänd flagga"])
def test_underlaget_orort_nar_korningen_misslyckas(tmp_path, hur):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    args = {"fel i underlaget": ["--ut", tmp_path / "ut"],
            "utfilen finns": ["--ut", tmp_path],
            "utmappen går inte att skapa": _ut_under_en_fil(tmp_path),
            "okänd flagga": ["--inte-en-flagga"]}[hur]
    if hur == "fel i underlaget":
        wb = openpyxl.load_workbook(underlag)
        wb.active["C5"] = "2023-02-30"
        wb.save(underlag)
    if hur == "utfilen finns":
        (tmp_path / "sol_bilagor_2024Q1.xlsx").write_bytes(b"gammal")
    fore = fotavtryck(underlag)
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1", *args)
    assert kod == (2 if hur == "okänd flagga" else 1)
    assert fotavtryck(underlag) == fore
    assert "Traceback" not in ut + fel and "oväntat fel" not in fel
    assert [f.name for f in tmp_path.rglob(".*.tmp")] == []
    meddelande = {"fel i underlaget": "sol.xlsx, blad 'Underlag', cell C5: okänt datum '2023-02-30' i Beslutsdatum",
                  "utfilen finns": "finns redan (använd --skriv-over för att ersätta den)",
                  "utmappen går inte att skapa": f"{tmp_path / 'upptagen' / 'ut' / 'sol_bilagor_2024Q1.xlsx'}: kunde inte skrivas (",
                  "okänd flagga": "okänd flagga --inte-en-flagga"}[hur]
    assert meddelande in fel


_KRASCH = """
import os
def krascha(fil, *a, **k):
    with open(fil, "wb") as f:  # en halvskriven fil, sedan dör processen som vid strömavbrott
        f.write(b"PK\\x03\\x04 halvskriven")
        f.flush()
    os._exit(70)
if os.environ["EVB_TEST_KRASCH"] == "spara":
    import openpyxl.workbook.workbook as w
    w.Workbook.save = lambda self, fil: krascha(fil)
else:
    import evb_xl.skrivning.massrader as m
    m.Massrader.skriv_in = lambda self, fran, till: krascha(till)
"""


@pytest.mark.parametrize("var", ["spara", "stora tabeller"])
@pytest.mark.parametrize("fanns", [False, True])
def test_krasch_mitt_i_skrivningen_lamnar_ingen_halv_utfil(tmp_path, var, fanns):
    """Processen dör mitt i skrivningen: utfilen saknas (eller är den gamla, orörd), underlaget är
    orört, och nästa körning i mappen tar inte den tillfälliga filen för ett underlag."""
    underlag, _ = identitetsunderlag(tmp_path / "enhet.xlsx")
    utfil = tmp_path / "enhet_bilagor_2024Q1.xlsx"
    if fanns:
        assert evb("bilagor", underlag)[0] == 0
    gammal = utfil.read_bytes() if fanns else None
    fore = fotavtryck(underlag)
    p = evb_process("bilagor", underlag, *(["--skriv-over"] if fanns else []), env={"EVB_TEST_KRASCH": var},
                    forspel=_KRASCH)
    assert p.returncode == 70
    assert fotavtryck(underlag) == fore
    if fanns:
        assert utfil.read_bytes() == gammal
    else:
        assert not utfil.exists()
    kvar = [f for f in tmp_path.iterdir() if f.name.endswith(".tmp")]
    assert kvar and all(f.name.startswith(".enhet_bilagor_2024Q1.") for f in kvar)
    kod, ut, fel = evb("bilagor", tmp_path, "--skriv-over")
    assert kod == 0, fel
    assert [r for r in ut.splitlines() if r.startswith("enhet")] == [r for r in ut.splitlines() if r.startswith("enhet.xlsx: ")]
    assert len(ut.splitlines()) == 1 and ".tmp" not in ut + fel
    assert openpyxl.load_workbook(utfil).sheetnames[-1] == "Kontroll"


def test_fel_vid_sparandet_stadar_undan_den_tillfalliga_filen(tmp_path, monkeypatch):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")

    def fullt(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fullt)
    kod, _, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 1
    assert f"{tmp_path / 'sol_bilagor_2024Q1.xlsx'}: kunde inte skrivas (disken är full)" in fel
    assert sorted(f.name for f in tmp_path.iterdir()) == ["sol.xlsx"]


def test_befintliga_utfiler_i_en_mappkorning(tmp_path):
    """Utan --skriv-over: den befintliga utfilen lämnas, användaren får veta det, de andra blir klara."""
    sol_2024q1(tmp_path / "a.xlsx")
    sol_2024q1(tmp_path / "b.xlsx")
    ut = tmp_path / "ut"
    ut.mkdir()
    (ut / "a_bilagor_2024Q1.xlsx").write_bytes(b"gammal")
    kod, _, fel = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", ut)
    assert kod == 1
    assert f"  fel: {ut / 'a_bilagor_2024Q1.xlsx'} finns redan (använd --skriv-over för att ersätta den)" in fel
    assert (ut / "a_bilagor_2024Q1.xlsx").read_bytes() == b"gammal"
    assert (ut / "b_bilagor_2024Q1.xlsx").exists()
    kod, _, fel = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", ut, "--skriv-over")
    assert kod == 0, fel
    assert blad(ut / "a_bilagor_2024Q1.xlsx")["Kontroll"]


def test_utfilen_far_samma_behorighet_som_andra_nya_filer(tmp_path):
    """Den tillfälliga filen skapas bara läsbar för ägaren; utfilen ska ändå gå att läsa för dem
    som får läsa andra nya filer i mappen (umask), och en ersatt fil behåller sin behörighet."""
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    gammal = os.umask(0o022)
    try:
        assert evb("bilagor", underlag, "--kvartal", "2024Q1")[0] == 0
        utfil = tmp_path / "sol_bilagor_2024Q1.xlsx"
        assert utfil.stat().st_mode & 0o777 == 0o644
        os.chmod(utfil, 0o664)
        assert evb("bilagor", underlag, "--kvartal", "2024Q1", "--skriv-over")[0] == 0
        assert utfil.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(gammal)


def lasfil(anvandare: str = "Hqandl01 Ptersson") -> bytes:
    """Som Excels ägarfil (~$namn.xlsx) bredvid en öppen bok: användarens namn i en liten binär fil."""
    namn = anvandare.encode("latin-1")[:53]
    bred = anvandare.encode("utf-16-le")[:108]
    return bytes([len(namn)]) + namn.ljust(53, b" ") + bytes([len(anvandare), 0]) + bred + b" \x00" * ((110 - len(bred)) // 2)


def test_arbetsbok_oppen_i_excel_lases_och_lasfilen_ar_ingen_arbetsbok(tmp_path):
    underlag = sol_2024q1(tmp_path / "sol.xlsx")
    (tmp_path / "~$sol.xlsx").write_bytes(lasfil())
    fore = fotavtryck(underlag)
    with open(underlag, "r+b"):  # en annan process har boken öppen
        kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "a")
    assert kod == 0, fel
    assert (tmp_path / "a" / "sol_bilagor_2024Q1.xlsx").exists()
    kod, ut, fel = evb("bilagor", tmp_path, "--kvartal", "2024Q1", "--ut", tmp_path / "b")
    assert kod == 0 and "~$" not in ut + fel
    # som när skalet expanderar *.xlsx: låsfilen kommer med bland filerna
    kod, ut, fel = evb("bilagor", *sorted(tmp_path.glob("*.xlsx")), "--kvartal", "2024Q1", "--ut", tmp_path / "c")
    assert kod == 0, fel
    assert "~$" not in ut + fel and "Hqandl" not in ut + fel
    assert sorted(f.name for f in (tmp_path / "c").iterdir()) == ["sol_bilagor_2024Q1.xlsx"]
    assert fotavtryck(underlag) == fore


# --- dåliga underlag ----------------------------------------------------------------


def krypterad(sokvag: Path, kalla: Path) -> Path:
    import msoffcrypto.format.ooxml

    with open(kalla, "rb") as inn, open(sokvag, "wb") as ut:
        msoffcrypto.format.ooxml.OOXMLFile(inn).encrypt("hemligt lösenord", ut)
    return sokvag


def trasiga_underlag(mapp: Path) -> dict[str, list[str]]:
    """{filnamn: de exakta felen}, en fil per sorts dåligt underlag, och en bra fil (sol.xlsx)."""
    mapp.mkdir(exist_ok=True)
    bra = sol_2024q1(mapp / "sol.xlsx")
    slump = random.Random(7)
    (mapp / "slump.xlsx").write_bytes(bytes(slump.randrange(256) for _ in range(4096)))
    (mapp / "csv.xlsx").write_text("Kön;Beslutsdatum;Typ av insats\nMan;2023-01-01;9 § 10\n", encoding="utf-8")
    (mapp / "avkortad.xlsx").write_bytes(bra.read_bytes()[:3000])
    zipbuf = io.BytesIO()
    with zipfile.ZipFile(zipbuf, "w") as z:
        z.writestr("bilder/foto.txt", "ingen arbetsbok")
    (mapp / "zip.xlsx").write_bytes(zipbuf.getvalue())
    krypterad(mapp / "krypterad.xlsx", bra)
    (mapp / "noll.xlsx").write_bytes(b"")
    openpyxl.Workbook().save(mapp / "tom.xlsx")
    skriv_bok(mapp / "utan_rubriker.xlsx", [["Namn", "Anteckning"], ["Qvirna Zyx", "hej"]])
    skriv_bok(mapp / "dubbel.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Besluts-datum"],
                                     ["Man", "2023-01-01", "9 § 3", "2023-01-02"]])
    skriv_bok(mapp / "datum.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"],
                                    ["Man", "2023-01-01", "9 § 3", "LSS"], ["Kvinna", "2023-02-30", "9 § 3", "LSS"]])
    skriv_bok(mapp / "kvartal.xlsx", [["Kön", "Beslutsdatum", "Typ av insats", "Lagrum"], ["Man", "2023-01-10", "9 § 10", "LSS"]],
              installningar=[["Nämnd", "Testnämnden"], ["Kvartal", "2024 kv 5"]])
    ej = "filen är ingen Excel-arbetsbok (.xlsx/.xlsm)"
    return {
        "slump.xlsx": f"slump.xlsx: {ej}",
        "csv.xlsx": f"csv.xlsx: {ej}",
        "avkortad.xlsx": "avkortad.xlsx: arbetsboken går inte att läsa: den är trasig (zip-arkivet är ofullständigt, t.ex. efter en avbruten "
                         "kopiering eller nedladdning); öppna originalet i Excel och spara det igen",
        "zip.xlsx": "zip.xlsx: filen är ett zip-arkiv men ingen Excel-arbetsbok (t.ex. ett Word-dokument eller en packad mapp)",
        "krypterad.xlsx": "krypterad.xlsx: arbetsboken är lösenordsskyddad (krypterad) eller i det gamla "
                          ".xls-formatet; spara den utan lösenord som .xlsx",
        "noll.xlsx": "noll.xlsx: filen är tom",
        "tom.xlsx": "tom.xlsx: inget blad har känd rubrikrad (t.ex. Kön, Beslutsdatum, Typ av insats)",
        "utan_rubriker.xlsx": "utan_rubriker.xlsx: inget blad har känd rubrikrad (t.ex. Kön, Beslutsdatum, Typ av insats)",
        "dubbel.xlsx": "dubbel.xlsx, blad 'Underlag', cell D1: rubriken för Beslutsdatum finns två gånger (B1 och D1)",
        "datum.xlsx": ["datum.xlsx, blad 'Underlag', cell B3: okänt datum '2023-02-30' i Beslutsdatum"],
        "kvartal.xlsx": "kvartal.xlsx, blad 'Inställningar', cell B2: kvartal 5 finns inte (1–4)",
    }


@pytest.mark.parametrize("kommando", ["bilagor", "kontroll"])
def test_mapp_med_alla_sorters_daliga_underlag(tmp_path, kommando):
    """Varje dålig fil får sitt eget svenska fel med fil (och blad, cell, värde där det finns);
    den bra filen blir klar, slutkoden är 1, ingen traceback, inga filer ändrade."""
    vantat = trasiga_underlag(tmp_path / "in")
    fore = {f.name: fotavtryck(f) for f in (tmp_path / "in").iterdir()}
    extra = ["--ut", tmp_path / "ut"] if kommando == "bilagor" else []
    p = evb_process(kommando, tmp_path / "in", "--kvartal", "2024Q1", *extra)
    assert p.returncode == 1
    fel = [r.removeprefix("  fel: ") for r in p.stderr.splitlines() if r.startswith("  fel: ")]
    for fil, meddelande in vantat.items():
        assert [f for f in fel if f.startswith(fil)] == (meddelande if isinstance(meddelande, list) else [meddelande])
    assert "sol.xlsx: 8 rapporteringspliktiga beslut 2024Q1" in p.stdout
    if kommando == "bilagor":
        assert sorted(f.name for f in (tmp_path / "ut").iterdir()) == ["sol_bilagor_2024Q1.xlsx"]
    assert "Traceback" not in p.stdout + p.stderr and "oväntat fel" not in p.stderr
    assert {f.name: fotavtryck(f) for f in (tmp_path / "in").iterdir()} == fore


def test_datum_fore_beslutet_och_beslut_i_framtiden_ar_varningar_i_kontroll(tmp_path):
    framtid = date.today().replace(day=1) + timedelta(days=400)
    underlag = skriv_bok(tmp_path / "u.xlsx", [
        ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Beslutet verkställt", "Orsak"],
        ["Man", "2023-01-10", "LSS", "9 § 10", "2022-12-01", "Tackat nej"],
        ["Kvinna", framtid.isoformat(), "LSS", "9 § 10", None, "Tackat nej"],
    ])
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "(2 varningar, se Kontroll)" in ut
    kontroll = blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Kontroll"]
    varningar = [(r[3], r[2]) for r in kontroll if r[4] == "Varning"]
    assert varningar == [
        ("E2", "Beslutet verkställt 2022-12-01 är före basdatum 2023-01-10 och räknas inte; beslutet räknas som öppet"),
        ("B3", f"beslutsdatum {framtid} ligger i framtiden"),
    ]
    b2 = blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Bilaga 2"]
    assert [r[1] for r in b2 if r[0] == 1.0] == ["Man"]  # raden räknas som öppen och rapporteras


FORMELLIKNANDE = ["=1+1", "=HYPERLINK(\"http://x\";\"klicka\")", "+46701234567", "-9 § 10 Daglig verksamhet",
                  "@SUMMA(A1:A9)", "=", "+", "-", "@", " =1+1", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("antal", [len(FORMELLIKNANDE), 60])
def test_text_som_liknar_en_formel_skrivs_som_text(tmp_path, antal):
    """Både i de första raderna (openpyxl) och i stora tabeller (massvägen), och i flaggor."""
    rader = [["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak"]]
    for i in range(antal):
        text = FORMELLIKNANDE[i % len(FORMELLIKNANDE)]
        rader.append(["Man", date(2023, 1, 1) + timedelta(days=i), "LSS", text, text])
    underlag = skriv_bok(tmp_path / "u.xlsx", rader)
    kod, _, fel = evb("bilagor", underlag, "--kvartal", "2024Q1", "--namnd", "=1+2", "--dnr", "@dnr")
    assert kod == 0, fel
    utfil = tmp_path / "u_bilagor_2024Q1.xlsx"
    delar = xml_delar(utfil)
    bladxml = "".join(t for n, t in delar.items() if n.startswith("xl/worksheets/"))
    assert "<f>" not in bladxml and "<f " not in bladxml
    b = blad(utfil)
    insatser = [r[5] for r in b["Bilaga 2"] if isinstance(r[0], float)]
    assert sorted(insatser) == sorted(r[3].strip() for r in rader[1:])
    assert b["Bilaga 1"][1][0] == "=1+2" and "@dnr" in b["Bilaga 1"][2][0]
    for text in {t.strip() for t in FORMELLIKNANDE}:
        celler = re.findall(rf'<c r="[A-Z]+\d+"[^>]*>(?:(?!</c>).)*?<t[^>]*>{re.escape(escape(text))}</t>', bladxml)
        assert celler and all('t="inlineStr"' in c or 't="s"' in c for c in celler), text


def _med_ersatt_text(kalla: Path, mal: Path, byten: dict[str, str]) -> Path:
    """En kopia av arbetsboken där texter byts direkt i bladets XML (för sådant som openpyxl
    inte skriver: text längre än 32 767 tecken, styrtecken som Excel sparar som _x000B_)."""
    with zipfile.ZipFile(kalla) as inn, zipfile.ZipFile(mal, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            data = inn.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for gammal, ny in byten.items():
                    text = text.replace(gammal, ny)
                data = text.encode("utf-8")
            ut.writestr(info, data)
    return mal


def test_mycket_lang_text_och_styrtecken(tmp_path):
    """Text över Excels gräns (32 767 tecken) och styrtecken (Word-radbrytning, sparad som _x000B_)
    i insatser som skrivs i Bilaga 2, både på första raden (openpyxl) och därefter (massvägen):
    utfilen blir giltig. En lång kommentar syns ingenstans, ett långt värde i ett fel visas inte."""
    rubrik = ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Kommentar"]
    rader = [rubrik, ["Kvinna", date(2023, 3, 1), "LSS", "LANG1", "LANGORSAK", "LANGKOMMENTAR"],
             ["Man", date(2023, 3, 2), "LSS", "STYRTECKEN", "Annat skäl", ""],
             ["Man", date(2023, 3, 3), "LSS", "LANG2", "Annat skäl", ""]]
    lang1 = "9 § 3 Ledsagarservice_x000B_" + "lång beskrivning " * 3000
    lang2 = "9 § 10 Daglig verksamhet " + "mycket lång beskrivning " * 2000
    underlag = _med_ersatt_text(skriv_bok(tmp_path / "kalla.xlsx", rader), tmp_path / "u.xlsx", {
        "LANG1": lang1, "LANG2": lang2, "LANGORSAK": "Qorsak " * 8000, "LANGKOMMENTAR": "Qkommentar " * 9000,
        "STYRTECKEN": "Kontakt_x000B_person_x0001_ 9 § 4"})
    assert min(len(lang1), len(lang2)) > 32767
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    utfil = tmp_path / "u_bilagor_2024Q1.xlsx"
    delar = xml_delar(utfil)
    assert "Qkommentar" not in "".join(delar.values())
    for namn, text in delar.items():
        for m in re.finditer(r"<t[^>]*>([^<]*)</t>", text):
            assert len(m[1]) <= 32767, namn
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x000[0-9A-F]_", text), namn
    b2 = [r for r in blad(utfil)["Bilaga 2"] if isinstance(r[0], float)]
    insatser = [r[5] for r in b2]
    assert insatser[0].startswith("9 § 3 Ledsagarservice") and len(insatser[0]) == 32767
    assert insatser[1].startswith("Kontakt") and insatser[1].endswith(" 9 § 4") and "\x0b" not in insatser[1]
    assert insatser[2] == lang2[:32767]
    kontroll = blad(utfil)["Kontroll"]
    assert any(r[2] == "okänd orsak (lång text, visas inte); räknas under Orsak saknas" for r in kontroll)
    # ett långt värde i ett fel
    fel_underlag = _med_ersatt_text(skriv_bok(tmp_path / "k2.xlsx", [rubrik, ["Man", "LANGDATUM", "LSS", "9 § 10", "", ""]]),
                                    tmp_path / "f.xlsx", {"LANGDATUM": "2023-01-01 " * 5000})
    kod, _, fel = evb("bilagor", fel_underlag, "--kvartal", "2024Q1")
    assert kod == 1
    assert "f.xlsx, blad 'Underlag', cell B2: okänt datum (lång text, visas inte) i Beslutsdatum" in fel
    assert len(fel) < 1000


@pytest.mark.parametrize("kommando", ["bilagor", "enheter", "vantetid", "aterrapportering", "ivo"])
def test_styrtecken_i_underlaget_ger_valformad_xml_i_varje_rapport(tmp_path, kommando):
    """Styrtecken i insats, orsak och enhet (som blir bladnamn i rapporten per enhet): varje del
    av utfilen är välformad XML, så att Excel öppnar den."""
    import xml.dom.minidom

    rader = [["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Enhet", "Beslutet verkställt"]]
    for i in range(60):
        rader.append(["Man", date(2023, 1, 2) + timedelta(days=i), "LSS", "INSATS", "ORSAK", "ENHET",
                      date(2024, 2, 1) if i % 2 else None])
    underlag = _med_ersatt_text(skriv_bok(tmp_path / "k.xlsx", rader), tmp_path / "u.xlsx", {
        "INSATS": "9 § 10_x000B_Daglig_x0001_", "ORSAK": "Tackat_x000C_nej", "ENHET": "Norr_x000B_Syd"})
    kod, _, fel = evb(kommando, underlag, "--kvartal", "2024Q1", "--ut", tmp_path / "ut")
    assert kod == 0, fel
    (utfil,) = (tmp_path / "ut").iterdir()
    for namn, text in xml_delar(utfil).items():
        if namn.endswith((".xml", ".rels")):
            xml.dom.minidom.parseString(text.encode("utf-8"))  # kastar vid ogiltig XML


def _rubrik_i_tva_rader(sokvag: Path) -> Path:
    """Rubriker i två rader: Kön, Lagrum, Typ av insats och Orsak sammanslagna lodrätt, och
    Datum sammanslaget vågrätt över Beslut, Avbrott, Verkställt."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Underlag"
    ws.append(["Ej verkställda beslut, Enhet Norr"])
    ws.merge_cells("A1:G1")
    ws.append(["Kön", "Lagrum", "Typ av insats", "Datum", None, None, "Orsak"])
    ws.append([None, None, None, "Beslut", "Avbrott", "Verkställt", None])
    for k in "ABCG":
        ws.merge_cells(f"{k}2:{k}3")
    ws.merge_cells("D2:F2")
    ws.append(["Man", "LSS", "9 § 10", date(2023, 6, 1), None, None, "Tackat nej"])
    ws.append(["Kvinna", "SoL", "Kontaktperson", date(2023, 5, 2), date(2023, 9, 1), date(2024, 2, 1), "Annat skäl"])
    wb.save(sokvag)
    return sokvag


def _dolda_rader_och_sammanslagen_rubrik(sokvag: Path, gammal_rubrik: list) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Underlag"
    ws.append(["Ej verkställda beslut"])
    ws.merge_cells("A1:F1")
    ws.append(["Instruktion: fyll i en rad per beslut (dold rad)"])
    ws.append(gammal_rubrik)
    ws.append([])
    ws.append(["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", None, "Orsak"])
    ws.merge_cells("D5:E5")
    for r in (2, 3, 4):
        ws.row_dimensions[r].hidden = True
    ws.append(["Man", date(2023, 6, 1), "LSS", "9 § 10 Daglig verksamhet", None, "Tackat nej"])
    ws.append(["Kvinna", date(2023, 6, 2), "LSS", "9 § 3 Ledsagarservice", None, "Annat skäl"])
    wb.save(sokvag)
    return sokvag


def test_rubrik_i_tva_rader_med_sammanslagna_celler(tmp_path):
    kod, ut, fel = evb("bilagor", _rubrik_i_tva_rader(tmp_path / "u.xlsx"), "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "u.xlsx: 2 rapporteringspliktiga beslut 2024Q1 (LSS 1; SoL 1), 1 män, 1 kvinnor" in ut
    inlast = {r[0]: r[1] for r in blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Kontroll"] if r[1]}
    assert inlast["Rubrikrad"] == 3.0
    assert (inlast["Kön"], inlast["Typ av insats"], inlast["Beslutsdatum"], inlast["Orsak"]) == (
        "kolumn A", "kolumn C", "kolumn D", "kolumn G")


@pytest.mark.parametrize("gammal_rubrik", [[], ["Kön", "Beslut"], ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", None, "Orsak"]],
                         ids=["tom", "kortare", "samma"])
def test_dolda_rader_och_sammanslagna_celler_i_rubrikomradet(tmp_path, gammal_rubrik):
    underlag = _dolda_rader_och_sammanslagen_rubrik(tmp_path / "u.xlsx", gammal_rubrik)
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "u.xlsx: 2 rapporteringspliktiga beslut 2024Q1 (LSS 2), 1 män, 1 kvinnor" in ut
    b = blad(tmp_path / "u_bilagor_2024Q1.xlsx")
    assert [r[5] for r in b["Bilaga 2"] if isinstance(r[0], float)] == ["9 § 3 Ledsagarservice", "9 § 10 Daglig verksamhet"]
    assert {r[0]: r[1] for r in b["Kontroll"] if r[1]}["Rubrikrad"] == 5.0


# --- 1 048 576 rader -------------------------------------------------------------------

_HUVUD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def excels_sista_rad(sokvag: Path, fyll: str) -> Path:
    """En arbetsbok med rubrikrad och data ända ned till Excels sista rad, 1 048 576, skriven
    direkt som XML (openpyxl behöver minuter för så många celler).

    fyll="alla": ett beslut på varje rad (1 048 575 beslut);
    fyll="sista": 20 beslut och en kvarglömd cell på rad 1 048 576."""
    delade = ["Kön", "Beslutsdatum", "Lagrum", "Typ av insats", "Orsak", "Man", "Kvinna", "LSS",
              "9 § 10 Daglig verksamhet", "Tackat nej", "x"]
    i = {s: n for n, s in enumerate(delade)}
    rubrik = '<row r="1">' + "".join(f'<c r="{k}1" t="s"><v>{n}</v></c>' for k, n in zip("ABCDE", range(5))) + "</row>"

    def rad(r: int) -> str:
        return (f'<row r="{r}"><c r="A{r}" t="s"><v>{i["Man"] if r % 2 else i["Kvinna"]}</v></c>'
                f'<c r="B{r}"><v>{44927 + r % 300}</v></c><c r="C{r}" t="s"><v>{i["LSS"]}</v></c>'
                f'<c r="D{r}" t="s"><v>{i["9 § 10 Daglig verksamhet"]}</v></c>'
                f'<c r="E{r}" t="s"><v>{i["Tackat nej"]}</v></c></row>')

    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(sokvag, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="Underlag" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in delade) + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write((_HUVUD + rubrik).encode())
            sista = 1_048_576 if fyll == "alla" else 21
            for start in range(2, sista + 1, 20000):
                f.write("".join(rad(r) for r in range(start, min(start + 20000, sista + 1))).encode())
            if fyll == "sista":
                f.write(f'<row r="1048576"><c r="K1048576" t="s"><v>{i["x"]}</v></c></row>'.encode())
            f.write(b"</sheetData></worksheet>")
    return sokvag


def test_kvarglomd_cell_pa_excels_sista_rad(tmp_path):
    """Ett vanligt misstag: något ligger kvar på rad 1 048 576. Det läses snabbt och ändrar inget."""
    underlag = excels_sista_rad(tmp_path / "u.xlsx", "sista")
    kod, ut, fel = evb("bilagor", underlag, "--kvartal", "2024Q1")
    assert kod == 0, fel
    assert "u.xlsx: 20 rapporteringspliktiga beslut 2024Q1 (LSS 20), 10 män, 10 kvinnor" in ut
    kontroll = blad(tmp_path / "u_bilagor_2024Q1.xlsx")["Kontroll"]
    assert ["Lästa beslut (rader)", 20.0] == kontroll[next(i for i, r in enumerate(kontroll) if r[0] == "Lästa beslut (rader)")][:2]


def test_ett_blad_fyllt_till_excels_sista_rad(tmp_path):
    """1 048 575 beslut under rubrikraden: Bilaga 2 får inte plats på ett Excel-blad (mallens
    rubriker tar rader), så svaret är ett tydligt fel i stället för en utfil som Excel inte kan
    öppna; underlaget är orört och ingen tillfällig fil blir kvar. Ca 15 s och 1 GB minne."""
    underlag = excels_sista_rad(tmp_path / "alla.xlsx", "alla")
    fore = fotavtryck(underlag)
    p = evb_process("bilagor", underlag, "--kvartal", "2024Q1")
    assert p.returncode == 1
    assert ("alla.xlsx: Bilaga 2 får inte plats på ett Excel-blad: 1 048 575 rader behövs från rad 6, "
            "men ett blad har högst 1 048 576 rader") in p.stderr
    assert "Traceback" not in p.stderr and "oväntat fel" not in p.stderr
    assert fotavtryck(underlag) == fore
    assert sorted(f.name for f in tmp_path.iterdir()) == ["alla.xlsx"]


# --- pseudo-id (evb_xl/pseudo.py) -------------------------------------------------------

NYCKEL = b"en-nyckel-bara-for-testerna-1234"


@pytest.mark.parametrize("pnr, kon, fodd, man", [
    ("19800101-1234", "Man", "19800101", True),
    ("19750505-2348", "Kvinna", "19750505", False),
    ("20120363-3317", "Pojke", "20120303", True),  # samordningsnummer: dag + 60
    ("201203633327", "Flicka", "20120303", False),
    ("19800101-1234", None, "19800101", True),  # kön ur personnumret (näst sista siffran udda)
    ("19800101-1244", "Hen", "19800101", False),  # okänt kön: personnumret avgör
    ("19800101-1234", "K", "19800101", False),  # kön i cellen går före personnumret
    ("19800101-1234", False, "19800101", False),
])
def test_pseudo_id_har_ivos_form_och_konssiffra(pnr, kon, fodd, man):
    t = pseudo.pseudo_id(pnr, kon, NYCKEL)
    tf = pseudo.pseudo_id(pnr, kon, NYCKEL, variant="TF")
    assert re.fullmatch(rf"{fodd}-T\d{{3}}", t) and re.fullmatch(rf"{fodd}-TF\d{{2}}", tf)
    # den tredje tecknet efter T är könssiffran: udda för man, jämn för kvinna
    assert int(t.split("-T")[1][2]) % 2 == int(tf.split("-T")[1][2]) % 2 == (1 if man else 0)


def test_pseudo_id_ar_samma_varje_kvartal_och_i_varje_skrivsatt():
    assert pseudo.pseudo_id("19800101-1234", "Man", NYCKEL) == "19800101-T681"  # får aldrig ändras
    assert pseudo.pseudo_id("19800101-1234", "Man", NYCKEL, variant="TF") == "19800101-TF83"
    former = ["19800101-1234", "198001011234", " 19800101 - 1234 ", "800101-1234", "8001011234"]
    dagar = [date(2023, 12, 31), date(2024, 3, 31), date(2026, 6, 30)]
    assert {pseudo.pseudo_id(f, "Man", NYCKEL, pa_dag=d) for f in former for d in dagar} == {"19800101-T681"}
    assert pseudo.pseudo_id("19800101-1234", "Man", bytearray(NYCKEL)) == "19800101-T681"


def test_pseudo_id_foljer_den_beskrivna_algoritmen():
    import hashlib
    import hmac

    for tio, man in (("8001011234", True), ("7505052348", False), ("1203633317", True)):
        h = int.from_bytes(hmac.new(NYCKEL, b"evb-xl/ivo-pseudo-id/v1:" + tio.encode(), hashlib.sha256).digest()[:8], "big")
        pid = pseudo.pseudo_id(tio, man, NYCKEL, pa_dag=date(2024, 3, 31))
        assert pid.endswith(f"-T{h % 100:02d}{2 * (h // 100 % 5) + man}")


def test_annan_nyckel_ger_andra_nummer_och_numren_sprids():
    slump = random.Random(3)
    personer = {f"19{slump.randrange(20, 99)}{slump.randrange(1, 13):02d}{slump.randrange(1, 29):02d}-"
                f"{slump.randrange(1000):03d}{slump.randrange(10)}" for _ in range(2000)}
    a = {p: pseudo.pseudo_id(p, None, NYCKEL) for p in personer}
    b = {p: pseudo.pseudo_id(p, None, b"en-helt-annan-nyckel-0987654321") for p in personer}
    assert all(a[p][:10] == b[p][:10] for p in personer)  # födelsedag och T är desamma
    lika = sum(a[p] == b[p] for p in personer)
    assert lika < len(personer) * 0.01  # 1/500 väntat
    assert len({a[p][-3:] for p in personer}) > 400  # nästan alla 500 kombinationer används


def test_pseudo_id_kraver_en_nyckel_och_det_finns_ingen_inbyggd(tmp_path, monkeypatch):
    import inspect

    assert inspect.signature(pseudo.pseudo_id).parameters["nyckel"].default is inspect.Parameter.empty
    for dalig in (b"", None, "", b"kort"):
        with pytest.raises(pseudo.NyckelFel):
            pseudo.pseudo_id("19800101-1234", "Man", dalig)
    monkeypatch.delenv("EVB_PSEUDO_NYCKEL", raising=False)
    with pytest.raises(pseudo.NyckelFel) as e:
        pseudo.las_nyckel(None)
    assert str(e.value) == (
        "pseudo-id kräver en hemlig nyckel: ange en nyckelfil eller sätt miljövariabeln EVB_PSEUDO_NYCKEL. "
        "Använd samma nyckel varje kvartal, annars får personerna nya nummer; evb-xl har ingen inbyggd nyckel")
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", "   ")
    with pytest.raises(pseudo.NyckelFel):
        pseudo.las_nyckel(None)
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", NYCKEL.decode())
    assert pseudo.las_nyckel(None) == NYCKEL
    fil = tmp_path / "nyckel.txt"
    fil.write_bytes(b"\xef\xbb\xbf" + NYCKEL + b"\r\n")  # sparad i Anteckningar
    monkeypatch.setenv("EVB_PSEUDO_NYCKEL", "en-annan-nyckel-i-miljon-123456")
    assert pseudo.las_nyckel(fil) == NYCKEL  # filen går före miljövariabeln
    assert pseudo.las_nyckel(str(fil)) == NYCKEL


@pytest.mark.parametrize("hur, meddelande", [
    ("saknas", "nyckelfilen '{fil}' finns inte"),
    ("tom", "nyckelfilen '{fil}' är tom"),
    ("kort", "nyckeln i '{fil}' är för kort (5 tecken); använd minst 16, helst en slumpad (se ny_nyckel)"),
    ("mapp", "nyckelfilen '{fil}' är en mapp, inte en fil"),
])
def test_nyckelfil_som_inte_duger(tmp_path, hur, meddelande):
    fil = tmp_path / "nyckel"
    if hur == "tom":
        fil.write_bytes(b"\n")
    elif hur == "kort":
        fil.write_text("hemli")
    elif hur == "mapp":
        fil.mkdir()
    with pytest.raises(pseudo.NyckelFel) as e:
        pseudo.las_nyckel(fil)
    assert str(e.value) == meddelande.format(fil=fil)


@pytest.mark.parametrize("pnr", ["19801301-1234", "1980-01-01", "19800101-123", "Qvirna Zyx", "", None, "198001011234567"])
def test_personnummer_som_inte_gar_att_anvanda_visas_inte_i_felet(pnr):
    with pytest.raises(pseudo.PseudoFel) as e:
        pseudo.pseudo_id(pnr, "Man", NYCKEL)
    assert str(e.value).endswith("; värdet visas inte") and not re.search(r"\d", str(e.value))


def test_fingeravtryck_skiljer_nycklar_utan_att_visa_dem():
    assert re.fullmatch(r"[0-9a-f]{8}", pseudo.fingeravtryck(NYCKEL))
    assert pseudo.fingeravtryck(NYCKEL) == pseudo.fingeravtryck(NYCKEL) != pseudo.fingeravtryck(NYCKEL + b"x")
    assert pseudo.fingeravtryck(NYCKEL) not in NYCKEL.hex()
    assert len(pseudo.ny_nyckel()) >= 32 and pseudo.ny_nyckel() != pseudo.ny_nyckel()
