"""Checks of the Excel add-in workbooks/evb_xl.xlam, read back by other tools.

olevba (oletools) reads the VBA, ElementTree the ribbon, lxml validates it against
the customUI schema, a small VBA checker (vba_grammatik.py) reads every module,
ast reads evb_xl/udf.py, LibreOffice opens the add-in, and xlwings' own Windows
wheel (downloaded with pip) is compared with the VBA's DLL declarations. None of
this is Excel: vba/README.md says what must still be tried in Excel on Windows.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from packaging.specifiers import SpecifierSet
from pyopenvba.apps.excel import ExcelApplication
from python_calamine import CalamineWorkbook

import vba_grammatik

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # oletools uses old pyparsing names
    from oletools.olevba import VBA_Parser

ROOT = Path(__file__).resolve().parents[1]
VBA_DIR = ROOT / "vba"
ADDIN = ROOT / "workbooks" / "evb_xl.xlam"

# Modules the build keeps from xlwings' template instead of taking them from vba/.
TEMPLATE_MODULES = {"ThisWorkbook", "Sheet2", "Dictionary"}
# Ribbon relationship type -> the customUI namespace that goes with it ([MS-OI29500] 3.4.1.3-4).
OFFICE = "http://schemas.microsoft.com/office"
RIBBON_NAMESPACES = {
    f"{OFFICE}/2006/relationships/ui/extensibility": f"{OFFICE}/2006/01/customui",
    f"{OFFICE}/2007/relationships/ui/extensibility": f"{OFFICE}/2009/07/customui",
}
RIBBON_BUTTONS = {"evb_skapa_bilagor": "Skapa bilagor", "evb_kontrollera": "Kontrollera underlag",
                  "evb_skrivelse": "Skapa skrivelse",
                  "evb_trend": "Trend", "evb_vantetid": "Väntetid", "evb_aterrapportering": "Återrapportering",
                  "evb_enheter": "Per enhet", "evb_starta_om": "Starta om formlerna"}
# The ribbon schema: the part of Microsoft's customui14.xsd this add-in uses (see the file's header).
CUSTOMUI_XSD = Path(__file__).parent / "data" / "customui14_delmangd.xsd"
PACKAGED_ADDIN = ROOT / "evb_xl" / "data" / "evb_xl.xlam"
XLWINGS_VERSION = "0.37.8"
RUN_PYTHON = 'RunPython "import evb_xl.ribbon; evb_xl.ribbon.on_button(\'" & control.Id & "\')"'

# The formulas agreed with evb_xl/udf.py, as the VBA signatures Excel sees.
LATER_DATES = "Optional avbrott, Optional verkstallt, Optional avslutat"
UDF_CONTRACT = {
    "EVB_FRIST": "beslutsdatum, Optional avbrott",
    "EVB_DAGAR": f"beslutsdatum, {LATER_DATES}, Optional per",
    "EVB_MANADER": f"beslutsdatum, {LATER_DATES}, Optional per",
    "EVB_FORSENAD": f"beslutsdatum, {LATER_DATES}, Optional per",
    "EVB_VANTETID": f"beslutsdatum, {LATER_DATES}, Optional per",
    "EVB_RAPPORTERAS": f"kvartal, beslutsdatum, {LATER_DATES}",
    "EVB_STATUS": f"kvartal, beslutsdatum, {LATER_DATES}, Optional matdatum",
    "EVB_INSATS": "text, Optional lagrum, Optional kon",
    "EVB_KON": "text",
    "EVB_ORSAKER": "orsak, Optional insats, Optional rapporteras, Optional lagrum, Optional avbrott",
    "EVB_BILAGA1": "underlag, kvartal, Optional antal",
}


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_addin", VBA_DIR / "build_addin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_addin = load_build_script()


def normalised(source: str) -> str:
    """VBA source with LF line ends, without the Attribute lines VBA keeps in a header."""
    lines = source.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute VB_")).strip()


def bas_sources() -> dict[str, str]:
    """Module name -> text of every vba/*.bas (ASCII, or this raises)."""
    return {path.stem: path.read_text(encoding="ascii") for path in VBA_DIR.glob("*.bas")}


def vba_functions(source: str) -> dict[str, str]:
    """Function name -> parameter list, for every Function in VBA source."""
    pattern = re.compile(r"^(?:Public\s+)?Function\s+(\w+)\((.*)\)", re.MULTILINE)
    return {name: params for name, params in pattern.findall(source)}


def udf_signatures(path: Path) -> dict[str, str]:
    """Function name -> VBA parameter list, for every @xw.func function in a Python file."""
    decorators = {"xw.func", "xlwings.func", "func"}
    signatures = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        names = {ast.unparse(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list}
        if names & decorators:
            args = node.args.args
            required = len(args) - len(node.args.defaults)
            params = [("Optional " if i >= required else "") + a.arg for i, a in enumerate(args)]
            signatures[node.name] = ", ".join(params)
    return signatures


@pytest.fixture(scope="module")
def addin_modules() -> dict[str, str]:
    """Module name -> source, as olevba reads them from the add-in."""
    parser = VBA_Parser(str(ADDIN))
    try:
        return {Path(filename).stem: code for _, _, filename, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def ribbon() -> tuple[ET.Element, dict[str, str]]:
    """The ribbon XML the add-in's package relationship points at, and its namespace."""
    with zipfile.ZipFile(ADDIN) as package:
        relationships = ET.fromstring(package.read("_rels/.rels"))
        found = [r for r in relationships if r.get("Type") in RIBBON_NAMESPACES]
        assert len(found) == 1, [r.attrib for r in found]
        root = ET.fromstring(package.read(found[0].get("Target").lstrip("/")))
    namespace = RIBBON_NAMESPACES[found[0].get("Type")]
    assert root.tag == f"{{{namespace}}}customUI"
    return root, {"ui": namespace}


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "evb_xl.xlam"
    build_addin.build(out)
    return out


# (1) The VBA in the add-in is the text in vba/.


def test_addin_holds_exactly_the_modules_of_vba_dir(addin_modules):
    assert set(addin_modules) == set(bas_sources()) | TEMPLATE_MODULES


def test_addin_modules_equal_vba_dir(addin_modules):
    for name, text in bas_sources().items():
        assert normalised(addin_modules[name]) == normalised(text), name


def test_xlwings_module_is_fresh():
    """vba/xlwings.bas matches the installed xlwings (its DLL name carries the version)."""
    committed = (VBA_DIR / "xlwings.bas").read_text(encoding="ascii")
    assert committed == build_addin.xlwings_module_text()


def test_own_modules_compile():
    """pyopenvba's VBA interpreter parses the modules written for this add-in.

    xlwings.bas is xlwings' own and not checked here: the interpreter cannot read
    its line '#Const App = "Microsoft Excel" 'Adjust when ...' (a trailing comment).
    """
    app = ExcelApplication()
    app.add_workbook()
    for name in ("EVBRibbon", "xlwings_udfs"):
        app.add_module((VBA_DIR / f"{name}.bas").read_text(encoding="ascii"), name=name)


def test_config_sheet_is_the_one_xlwings_reads():
    """The add-in's only sheet is named as xlwings.bas looks for it, and names the UDF module."""
    xlwings_bas = (VBA_DIR / "xlwings.bas").read_text(encoding="ascii")
    project = re.search(r'PROJECT_NAME As String = "(\w+)"', xlwings_bas)
    book = CalamineWorkbook.from_path(str(ADDIN))
    assert book.sheet_names == [f"{project.group(1)}.conf"] == ["evb_xl.conf"]
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows == [["UDF Modules", "evb_xl.udf"], ["ADD_WORKBOOK_TO_PYTHONPATH", "false"]]


def test_addin_reads_its_own_settings_not_the_users_xlwings_ones(addin_modules):
    """Its own name: evb_xl.conf sheets and %USERPROFILE%\\.evb_xl\\evb_xl.conf, never xlwings.conf."""
    xlwings_bas = addin_modules["xlwings"]
    assert re.findall(r'PROJECT_NAME As String = "(\w+)"', xlwings_bas) == ["evb_xl"]
    assert 'Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in xlwings_bas
    assert not re.search(r'"[^"\n]*xlwings\.conf', xlwings_bas)  # no code path to the xlwings settings


def test_interpreter_defaults_to_the_per_user_venv(addin_modules):
    """Buttons, formula server and DLL all fall back to %LOCALAPPDATA%\\evb-xl (expanded by GetConfig)."""
    xlwings_bas = addin_modules["xlwings"]
    default = re.search(r'Public Const DEFAULT_INTERPRETER_WIN As String = "([^"]+)"', xlwings_bas).group(1)
    assert default == r"%LOCALAPPDATA%\evb-xl\Scripts\python.exe" == build_addin.DEFAULT_INTERPRETER_WIN
    assert xlwings_bas.count('GetConfig("INTERPRETER_WIN", DEFAULT_INTERPRETER_WIN)') == 3
    assert 'GetConfig("INTERPRETER_WIN", "")' not in xlwings_bas
    # The defaults branch of GetConfig expands environment variables too.
    get_config = xlwings_bas.split("Function GetConfig(")[1].split("End Function")[0]
    assert re.search(r"GetConfig = default\s+GetConfig = ExpandEnvironmentStrings\(GetConfig\)\s*$", get_config)


def test_packaged_addin_is_the_built_one():
    """evb_xl/data/evb_xl.xlam (in the wheel, copied by `evb-xl installera`) is workbooks/evb_xl.xlam."""
    assert PACKAGED_ADDIN.read_bytes() == ADDIN.read_bytes()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "data/*.xlam" in pyproject["tool"]["setuptools"]["package-data"]["evb_xl"]


# (1b) The VBA passes a grammar check stronger than pyopenvba's, in every kind of Office.


def test_every_module_passes_the_vba_check(addin_modules):
    for name, source in addin_modules.items():
        assert vba_grammatik.fel_i_modul(source.replace("\r\n", "\n"), name) == [], name


@pytest.mark.parametrize("change, expected", [
    (("    End If\n", ""), "if-blocket slutar aldrig"),
    (("End Sub\n\n", "\n"), "sub-blocket slutar aldrig"),
    (("    Exit Sub\nFailed:", "    Exit Sub\nFel:"), "GoTo Failed utan etiketten"),
    (("MsgBox", "MsgBöx"), "tecken utanför ASCII"),
    (("    KillPy\n", "    KillPy\n    Exit For\n"), "Exit For utanför"),
    (("Option Explicit\n", "Option Explicit\n#If VBA7 Then\n"), "#If slutar aldrig"),
    (("Option Explicit\n", "Option Explicit\nDeclare Function Sleep Lib \"kernel32\" (ByVal ms As Long) As Long\n"),
     "Declare utan PtrSafe"),
])
def test_vba_check_finds_what_compile_would(change, expected):
    source = (VBA_DIR / "EVBRibbon.bas").read_text(encoding="ascii").replace(*change, 1)
    assert any(expected in f for f in vba_grammatik.fel_i_modul(source, "EVBRibbon"))


def test_vba_check_reads_conditional_compilation_as_office_does():
    xlwings_bas = (VBA_DIR / "xlwings.bas").read_text(encoding="ascii")
    win64 = 'Declare PtrSafe Function XLPyDLLNDims Lib "xlwings64'
    assert any("PtrSafe" in f and "Windows 64 bitar" in f
               for f in vba_grammatik.fel_i_modul(xlwings_bas.replace(win64, win64.replace("PtrSafe ", "")), "x"))
    # The pre-VBA7 branch (Office 2007) never compiles in a supported Excel: no PtrSafe needed there.
    old = 'Private Declare Function XLPyDLLNDims Lib "xlwings32'
    assert old in xlwings_bas and vba_grammatik.fel_i_modul(xlwings_bas, "xlwings") == []


def test_ribbon_module_calls_procedures_that_exist(addin_modules):
    public = set().union(*(vba_grammatik.procedurer(src) for src in addin_modules.values()))
    ribbon_module = addin_modules["EVBRibbon"]
    called = set(re.findall(r"^\s+(RunPython|KillPy)\b", ribbon_module, re.MULTILINE))
    assert called == {"RunPython", "KillPy"} and called <= public


# (2) The ribbon calls Subs that exist, and those call Python.


def test_ribbon_in_addin_is_vba_customui_and_declared():
    with zipfile.ZipFile(ADDIN) as package:
        assert package.read("customUI/customUI.xml") == (VBA_DIR / "customUI.xml").read_bytes()
        types = ET.fromstring(package.read("[Content_Types].xml"))
    defaults = {t.get("Extension"): t.get("ContentType") for t in types if t.get("Extension")}
    assert defaults["xml"] == "application/xml"


def test_ribbon_has_evb_tab_with_two_buttons(ribbon):
    root, namespaces = ribbon
    tabs = root.findall(".//ui:tab", namespaces)
    assert [tab.get("label") for tab in tabs] == ["EVB"]
    buttons = {b.get("id"): b for b in tabs[0].iterfind(".//ui:button", namespaces)}
    assert {id_: b.get("label") for id_, b in buttons.items()} == RIBBON_BUTTONS
    for button in buttons.values():
        assert button.get("imageMso") and button.get("screentip") and button.get("supertip")
    from evb_xl.ribbon import (  # varje knapp som går till Python har en funktion bakom sig
        hanterare,
        knappar,
    )
    python_buttons = [id_ for id_, b in buttons.items() if b.get("onAction") == "EVBRibbon.OnButton"]
    assert python_buttons == [k.id for k in knappar()]
    assert set(python_buttons) == set(hanterare())
    assert list(buttons)[-1] == "evb_starta_om"  # bara VBA: startar om formlerna (KillPy)
    assert buttons["evb_starta_om"].get("onAction") == "EVBRibbon.RestartFormulas"


def test_customui_is_generated_from_the_registry():
    """vba/customUI.xml is what the build script makes from the report registry (evb_xl.ribbon.knappar)."""
    assert (VBA_DIR / "customUI.xml").read_text(encoding="utf-8") == build_addin.customui_xml()


def customui_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(CUSTOMUI_XSD)))


def test_ribbon_validates_against_customui_schema():
    with zipfile.ZipFile(ADDIN) as package:
        ribbon_xml = etree.fromstring(package.read("customUI/customUI.xml"))
    schema = customui_schema()
    assert schema.validate(ribbon_xml), schema.error_log


@pytest.mark.parametrize("change", [
    ('onAction="EVBRibbon.OnButton"', 'onaction="EVBRibbon.OnButton"'),  # fel skiftläge: okänt attribut
    ('size="large"', 'size="stor"'),
    ('id="evb_trend"', 'id="evb_vantetid"'),  # samma id två gånger
    ('<group id="evb_grupp_fler"', '<grupp id="evb_grupp_fler"'),
])
def test_schema_rejects_broken_ribbons(change):
    text = (VBA_DIR / "customUI.xml").read_text(encoding="utf-8").replace(*change, 1)
    if change[0].startswith("<group"):
        text = text.replace("</group>\n        <group id=\"evb_grupp_formler\"", "</grupp>\n        <group id=\"evb_grupp_formler\"")
    try:
        xml = etree.fromstring(text.encode("utf-8"))
    except etree.XMLSyntaxError:
        return
    assert not customui_schema().validate(xml)


def test_ribbon_callbacks_are_subs_taking_the_control(ribbon, addin_modules):
    callbacks = [
        (attribute, value)
        for element in ribbon[0].iter()
        for attribute, value in element.attrib.items()
        if attribute.startswith(("on", "get")) or attribute == "loadImage"
    ]
    assert callbacks
    for attribute, value in callbacks:
        # Only onAction is used; another kind of callback has another signature to check.
        assert attribute == "onAction", attribute
        module, sub = value.split(".")
        signature = rf"^Public\s+Sub\s+{sub}\s*\(\s*control\s+As\s+IRibbonControl\s*\)"
        assert re.search(signature, addin_modules[module], re.MULTILINE), value


def test_ribbon_callback_calls_python_on_button(addin_modules):
    assert RUN_PYTHON in addin_modules["EVBRibbon"]
    tree = ast.parse((ROOT / "evb_xl" / "ribbon.py").read_text(encoding="utf-8"))
    on_button = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "on_button"]
    assert len(on_button) == 1
    arguments = on_button[0].args
    assert len(arguments.args) - len(arguments.defaults) == 1  # callable with the id alone


# (2b) xlwings' own Windows wheel agrees with the VBA and with pyproject.toml.


def download_windows_wheel(python: str) -> Path:
    """xlwings' wheel for 64-bit Windows and one Python version, from PyPI (cached)."""
    cache = Path(os.environ.get("EVB_XL_HJULCACHE", Path(tempfile.gettempdir()) / "evb-xl-hjul"))
    cache.mkdir(parents=True, exist_ok=True)
    tag = "cp" + python.replace(".", "")
    pattern = f"xlwings-{XLWINGS_VERSION}-{tag}-{tag}-win_amd64.whl"
    if not list(cache.glob(pattern)):
        command = [sys.executable, "-m", "pip", "download", f"xlwings=={XLWINGS_VERSION}", "--only-binary=:all:",
                   "--platform", "win_amd64", "--python-version", python, "--no-deps", "--quiet", "-d", str(cache)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if not list(cache.glob(pattern)):
            message = f"could not download xlwings' Windows wheel for Python {python}: {result.stderr[-500:]}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
    return next(cache.glob(pattern))


@pytest.fixture(scope="module", params=["3.11", "3.12", "3.13"])
def windows_wheel(request) -> Path:
    """The wheel pip picks on 64-bit Windows for each Python we support (3.11 is the lowest)."""
    return download_windows_wheel(request.param)


def test_vba_declares_the_dlls_in_the_windows_wheel(windows_wheel, addin_modules):
    with zipfile.ZipFile(windows_wheel) as wheel:
        dlls = {Path(n).name for n in wheel.namelist() if n.lower().endswith(".dll")}
        data_dlls = {n for n in wheel.namelist() if n.endswith(".dll")}
    declared = set(re.findall(r'\bLib "([^"]+\.dll)"', addin_modules["xlwings"], re.IGNORECASE))
    xlwings_dlls = {d for d in declared if d.startswith("xlwings")}
    assert xlwings_dlls == dlls == {f"xlwings64-{XLWINGS_VERSION}.dll", f"xlwings32-{XLWINGS_VERSION}.dll"}
    # .data/data/ goes to the interpreter's prefix (the venv root): where XLPyLoadDLL looks.
    assert all(n.startswith(f"xlwings-{XLWINGS_VERSION}.data/data/") for n in data_dlls)


def test_requires_python_is_no_lower_than_xlwings():
    with zipfile.ZipFile(download_windows_wheel("3.11")) as wheel:
        metadata = wheel.read(f"xlwings-{XLWINGS_VERSION}.dist-info/METADATA").decode("utf-8")
    theirs = SpecifierSet(re.search(r"^Requires-Python: (.+)$", metadata, re.MULTILINE).group(1).strip())
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ours = SpecifierSet(pyproject["project"]["requires-python"])
    assert f"xlwings=={XLWINGS_VERSION}" in [d.split("#")[0].strip() for d in pyproject["project"]["dependencies"]]
    for version in ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"):
        if version in ours:
            assert version in theirs, f"pyproject.toml allows Python {version}, xlwings {XLWINGS_VERSION} does not"
    assert "3.10" not in ours and "3.11" in ours


# (3) The UDF wrappers in the add-in match evb_xl/udf.py.


def test_udf_wrappers_match_udf_py(addin_modules):
    vba = vba_functions(addin_modules[build_addin.UDF_VBA_MODULE])
    assert vba == udf_signatures(ROOT / "evb_xl" / "udf.py")


def test_udf_wrapper_module_is_fresh():
    """vba/xlwings_udfs.bas is what xlwings' own generator writes for evb_xl.udf now."""
    committed = (VBA_DIR / f"{build_addin.UDF_VBA_MODULE}.bas").read_text(encoding="ascii")
    assert committed == build_addin.udf_module_text()


def test_udf_wrappers_keep_the_contract(addin_modules):
    assert vba_functions(addin_modules[build_addin.UDF_VBA_MODULE]) == UDF_CONTRACT


# (4) LibreOffice opens the add-in and finds the modules.


def libreoffice_modules(ods: Path) -> dict[str, str]:
    """Module name -> source, from the Basic/<project>/<module>.xml parts of an .ods."""
    modules = {}
    with zipfile.ZipFile(ods) as package:
        for name in package.namelist():
            if name.startswith("Basic/") and not name.endswith(("-lb.xml", "-lc.xml")):
                module = ET.fromstring(package.read(name))
                modules[Path(name).stem] = module.text or ""
    return modules


def without_libreoffice_header(source: str) -> str:
    """Source without the two lines LibreOffice puts before an imported VBA module."""
    header = ("Rem Attribute VBA_ModuleType=", "Option VBASupport 1")
    return "\n".join(line for line in source.split("\n") if not line.startswith(header))


@pytest.mark.kraver("soffice")  # LibreOffice is asked to open the add-in
def test_libreoffice_converts_addin_with_modules(tmp_path):
    command = [
        "soffice",
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--infilter=Calc MS Excel 2007 VBA XML",
        "--convert-to",
        "ods",
        "--outdir",
        str(tmp_path),
        str(ADDIN),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    ods = tmp_path / "evb_xl.ods"
    assert ods.exists(), result.stdout + result.stderr
    modules = libreoffice_modules(ods)
    for name, text in bas_sources().items():
        assert normalised(without_libreoffice_header(modules[name])) == normalised(text), name


# (5) The build is reproducible and the committed add-in is its output.


def test_two_builds_are_byte_identical(fresh_build, tmp_path):
    again = tmp_path / "evb_xl.xlam"
    build_addin.build(again)
    assert again.read_bytes() == fresh_build.read_bytes()


def test_committed_addin_is_a_fresh_build(fresh_build):
    committed, fresh = build_addin.read_parts(ADDIN), build_addin.read_parts(fresh_build)
    assert sorted(committed) == sorted(fresh)
    assert [name for name in fresh if committed[name] != fresh[name]] == []
