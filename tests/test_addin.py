"""Checks of the Excel add-in workbooks/evb_xl.xlam, read back by other tools.

olevba (oletools) reads the VBA, ElementTree the ribbon, ast reads evb_xl/udf.py,
LibreOffice opens the add-in. None of this is Excel: vba/README.md says what
must still be tried in Excel on Windows.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from pyopenvba.apps.excel import ExcelApplication
from python_calamine import CalamineWorkbook

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
                  "evb_enheter": "Per enhet"}
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
    assert book.sheet_names == [f"{project.group(1)}.conf"]
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows == [["UDF Modules", "evb_xl.udf"], ["ADD_WORKBOOK_TO_PYTHONPATH", "false"]]


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
    from evb_xl.ribbon import (  # varje knapp som syns har en Python-funktion bakom sig
        hanterare,
        knappar,
    )
    assert list(buttons) == [k.id for k in knappar()]
    assert set(buttons) == set(hanterare())


def test_customui_is_generated_from_the_registry():
    """vba/customUI.xml is what the build script makes from the report registry (evb_xl.ribbon.knappar)."""
    assert (VBA_DIR / "customUI.xml").read_text(encoding="utf-8") == build_addin.customui_xml()


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


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed, so it cannot be asked to open the add-in",
)
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
