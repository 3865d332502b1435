"""Build workbooks/evb_xl.xlam from the text in vba/: python vba/build_addin.py

The starting point is xlwings' own quickstart_addin_ribbon.xlam, an add-in Excel
wrote. pyopenvba replaces its VBA modules with the .bas files in vba/; zipfile
replaces the ribbon, the config sheet and the document properties. Two builds
give the same bytes.

Two of the .bas files are generated, and written into vba/ before the build so
that vba/ always holds the text that is in the add-in:
- xlwings.bas: xlwings' VBA runtime for custom add-ins (RunPython, UDF calls),
  from the installed xlwings, reading its settings under the add-in's own name
  "evb_xl" and with the per-user venv as the default interpreter.
- xlwings_udfs.bas: a VBA Function for every @xw.func in evb_xl/udf.py, written
  by xlwings' own generator. The module name is the one xlwings' Windows-only
  ImportPythonUDFsToAddin replaces, so both ways give one module.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import sys
import tempfile
import types
import zipfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from xml.sax.saxutils import escape

import xlwings
from pyopenvba import ExcelFile

VBA_DIR = Path(__file__).resolve().parent
ROOT = VBA_DIR.parent
ADDIN = ROOT / "workbooks" / "evb_xl.xlam"
# The same file inside the package, so that a wheel carries it (`evb-xl installera` copies it).
PACKAGED_ADDIN = ROOT / "evb_xl" / "data" / "evb_xl.xlam"
XLWINGS_DIR = Path(xlwings.__file__).parent
TEMPLATE = XLWINGS_DIR / "quickstart_addin_ribbon.xlam"

UDF_MODULE = "evb_xl.udf"
UDF_VBA_MODULE = "xlwings_udfs"
TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"

# Settings are read under the add-in's own name, never the user's xlwings settings:
# a sheet evb_xl.conf in the user's workbook, then the add-in's own sheet below,
# then evb_xl.conf beside the workbook, then %USERPROFILE%\.evb_xl\evb_xl.conf
# (written by `evb-xl installera`). See vba/README.md.
PROJECT_NAME = "evb_xl"
# Used when no setting names an interpreter: the per-user venv of the README.
# GetConfig expands the environment variable in Excel.
DEFAULT_INTERPRETER_WIN = r"%LOCALAPPDATA%\evb-xl\Scripts\python.exe"
TEMPLATE_CONFIG_SHEET = "_myaddin.conf"
CONFIG = (
    ("UDF Modules", UDF_MODULE),
    # evb_xl is an installed package: don't put workbook folders (which may be
    # SharePoint/OneDrive addresses) on sys.path.
    ("ADD_WORKBOOK_TO_PYTHONPATH", "false"),
)
# The versions the add-in belongs to, in its document properties (cp:keywords): `evb-xl doktor`
# compares them with the packaged add-in, also after IT has signed (and so changed) the file.
EVB_XL_VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "evb_xl" / "__init__.py").read_text()).group(1)
KEYWORDS = f"evb-xl {EVB_XL_VERSION}, xlwings {xlwings.__version__}"
TITLE = "EVB – ej verkställda beslut"
DESCRIPTION = "Formler och menyflik för rapporten om ej verkställda beslut (SoL och LSS)."

# Fixed dates so that two builds are byte-identical.
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
DOC_DATE = "2024-01-01T00:00:00Z"


def replace_once(text: str, old: str, new: str) -> str:
    """text with old replaced by new; old must occur exactly once."""
    if text.count(old) != 1:
        raise ValueError(f"expected {old!r} exactly once in the xlwings template")
    return text.replace(old, new)


def replace_n(text: str, old: str, new: str, n: int) -> str:
    """text with old replaced by new; old must occur exactly n times."""
    if text.count(old) != n:
        raise ValueError(f"expected {old!r} {n} times in the xlwings template, found {text.count(old)}")
    return text.replace(old, new)


def xlwings_module_text() -> str:
    """xlwings' VBA runtime for custom add-ins, with our PROJECT_NAME and default interpreter."""
    text = (XLWINGS_DIR / "xlwings_custom_addin.bas").read_text(encoding="ascii")
    text = replace_once(
        text,
        'PROJECT_NAME As String = "myaddin"',
        f'PROJECT_NAME As String = "{PROJECT_NAME}"\n'
        f'Public Const DEFAULT_INTERPRETER_WIN As String = "{DEFAULT_INTERPRETER_WIN}"',
    )
    # RunPython (buttons), XLPyCommand (formula server) and XLPyLoadDLL (the DLL beside it)
    return replace_n(
        text,
        'GetConfig("INTERPRETER_WIN", "")',
        'GetConfig("INTERPRETER_WIN", DEFAULT_INTERPRETER_WIN)',
        3,
    )


# What xlwings.udfs uses of pywin32 when it is imported (not when it generates VBA).
PYWIN32_STAND_INS = {
    "pythoncom": {"CoInitialize": lambda: None},
    "pywintypes": {"com_error": Exception},
    "win32com": {},
    "win32com.client": {"Dispatch": None},
}


@contextmanager
def recording_udf_decorators():
    """Yield xlwings.udfs, with xw.func/arg/ret/sub recording UDF metadata.

    Outside Windows those decorators are no-ops and xlwings.udfs needs pywin32
    at import time: stand-ins for the missing pywin32 modules are in sys.modules
    for as long as the context lasts.
    """
    missing = [name for name in PYWIN32_STAND_INS if name not in sys.modules]
    for name in missing:
        sys.modules[name] = types.ModuleType(name)
        vars(sys.modules[name]).update(PYWIN32_STAND_INS[name])
    try:
        from xlwings import udfs

        with mock.patch.multiple(
            xlwings, func=udfs.xlfunc, arg=udfs.xlarg, ret=udfs.xlret, sub=udfs.xlsub
        ):
            yield udfs
    finally:
        for name in missing:
            del sys.modules[name]


def fresh_udf_module() -> types.ModuleType:
    """A new copy of evb_xl.udf, not registered in sys.modules."""
    spec = importlib.util.find_spec(UDF_MODULE)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {UDF_MODULE!r}", name=UDF_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def udf_module_text() -> str:
    """The VBA wrappers for evb_xl.udf, as xlwings generates them for an add-in."""
    out = io.StringIO()
    out.write(f'Attribute VB_Name = "{UDF_VBA_MODULE}"\n')
    out.write("' Generated by vba/build_addin.py from evb_xl/udf.py: do not edit.\n")
    out.write("#Const App = \"Microsoft Excel\"\n")
    with recording_udf_decorators() as udfs:
        # A book named *.xlam makes the wrappers pass ActiveWorkbook, not the add-in.
        addin_book = types.SimpleNamespace(Name=ADDIN.name)
        udfs.generate_vba_wrapper(UDF_MODULE, fresh_udf_module(), out, addin_book)
    return out.getvalue()


RIBBON_GROUPS = (("huvud", "evb_grupp", "Ej verkställda beslut"), ("fler", "evb_grupp_fler", "Fler rapporter"))
# The one button that does not go to Python: it stops the formula server (xlwings' KillPy), so
# that the formulas run the installed evb-xl after an upgrade (EVBRibbon.RestartFormulas).
RESTART_GROUP = ("evb_grupp_formler", "Formler")
RESTART_BUTTON = (
    'id="evb_starta_om"', 'label="Starta om formlerna"', 'imageMso="CalculateNow"', 'screentip="Starta om formlerna"',
    'supertip="Startar om Python bakom EVB-formlerna, så att de räknar med den version av evb-xl som är '
    'installerad. Behövs efter en uppdatering."', 'onAction="EVBRibbon.RestartFormulas"',
)


def customui_xml() -> str:
    """The EVB tab, one button per entry of evb_xl.ribbon.knappar() (the report registry plus
    Kontrollera underlag), each calling EVBRibbon.OnButton with its id, and Starta om formlerna."""
    from evb_xl.ribbon import knappar  # the evb_xl of this repository (main() puts it on sys.path)

    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<customUI xmlns="http://schemas.microsoft.com/office/2009/07/customui">',
             "  <ribbon>", "    <tabs>", '      <tab id="evb_flik" label="EVB">']
    for group, group_id, label in RIBBON_GROUPS:
        buttons = [k for k in knappar() if k.grupp == group]
        if not buttons:
            continue
        lines.append(f'        <group id="{group_id}" label="{escape(label)}">')
        for k in buttons:
            attributes = [f'id="{k.id}"', f'label="{escape(k.etikett)}"', *(['size="large"'] if k.stor else []),
                          f'imageMso="{k.bild}"', f'screentip="{escape(k.etikett)}"',
                          f'supertip="{escape(k.beskrivning, {chr(34): "&quot;"})}"', 'onAction="EVBRibbon.OnButton"']
            lines.append("          <button " + "\n                  ".join(attributes) + "/>")
        lines.append("        </group>")
    lines.append(f'        <group id="{RESTART_GROUP[0]}" label="{RESTART_GROUP[1]}">')
    lines.append("          <button " + "\n                  ".join(RESTART_BUTTON) + "/>")
    lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines)


def write_generated_sources() -> None:
    """Write the generated modules and the ribbon into vba/ as text."""
    generated = {"xlwings": xlwings_module_text(), UDF_VBA_MODULE: udf_module_text()}
    for name, text in generated.items():
        (VBA_DIR / f"{name}.bas").write_text(text, encoding="ascii", newline="\n")
    (VBA_DIR / "customUI.xml").write_text(customui_xml(), encoding="utf-8", newline="\n")


def vba_sources() -> dict[str, str]:
    """Module name -> source with CRLF line ends, for every vba/*.bas."""
    return {
        path.stem: path.read_text(encoding="ascii").replace("\n", "\r\n")
        for path in sorted(VBA_DIR.glob("*.bas"))
    }


def write_vba_project(out: Path) -> None:
    """Save the template to out with the modules of vba/ in place of its own.

    The template's ThisWorkbook and Sheet2 (attribute lines only) and xlwings'
    Dictionary class (used on macOS) stay as Excel wrote them.
    """
    with ExcelFile(TEMPLATE) as book:
        project = book.vba_project()
        project.delete_module(TEMPLATE_RIBBON_MODULE)
        for name, source in vba_sources().items():
            if name in project.module_names():
                book.set_module(name, source)
            else:
                project.add_module(name, source)
        problems = project.validate()
        if problems:
            raise RuntimeError(f"pyopenvba reports problems: {problems}")
        book.save(out)


def config_sheet_xml() -> bytes:
    """The add-in's config sheet: key in column A, value in column B (shared strings)."""
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{2 * r - 2}</v></c>'
        f'<c r="B{r}" t="s"><v>{2 * r - 1}</v></c></row>'
        for r in range(1, len(CONFIG) + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetPr codeName="Sheet2"/>'
        f'<dimension ref="A1:B{len(CONFIG)}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        '<cols><col min="1" max="2" width="32" customWidth="1"/></cols>'
        f"<sheetData>{rows}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    ).encode("utf-8")


def shared_strings_xml() -> bytes:
    """The strings of the config sheet, in the order config_sheet_xml numbers them."""
    strings = [text for pair in CONFIG for text in pair]
    items = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    ).encode("utf-8")


def workbook_xml(template_xml: bytes) -> bytes:
    """The template's workbook part with the config sheet renamed so xlwings reads it."""
    text = replace_once(
        template_xml.decode("utf-8"),
        f'name="{TEMPLATE_CONFIG_SHEET}"',
        f'name="{PROJECT_NAME}.conf"',
    )
    return text.encode("utf-8")


def core_properties_xml() -> bytes:
    """Title and description (shown in Excel's Add-ins dialog), fixed dates."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        "<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(TITLE)}</dc:title>"
        f"<dc:description>{escape(DESCRIPTION)}</dc:description>"
        f"<cp:keywords>{escape(KEYWORDS)}</cp:keywords>"
        "<dc:creator>evb-xl</dc:creator>"
        "<cp:lastModifiedBy>evb-xl</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{DOC_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{DOC_DATE}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def read_parts(path: Path) -> dict[str, bytes]:
    """Part name -> bytes, for every entry of a zip package."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def write_package(parts: dict[str, bytes], out: Path) -> None:
    """Write parts as a zip with fixed order, dates and attributes, atomically."""
    partial = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(partial, "w") as package:
        for name in sorted(parts):  # "[Content_Types].xml" sorts first
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            package.writestr(info, parts[name], compresslevel=9)
    os.replace(partial, out)


def build(out: Path) -> None:
    """Build the add-in from vba/ into out."""
    with tempfile.TemporaryDirectory() as tmp:
        with_vba = Path(tmp) / "with_vba.xlam"
        write_vba_project(with_vba)
        parts = read_parts(with_vba)
    parts["customUI/customUI.xml"] = (VBA_DIR / "customUI.xml").read_bytes()
    parts["xl/worksheets/sheet1.xml"] = config_sheet_xml()
    parts["xl/sharedStrings.xml"] = shared_strings_xml()
    parts["xl/workbook.xml"] = workbook_xml(parts["xl/workbook.xml"])
    parts["docProps/core.xml"] = core_properties_xml()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_package(parts, out)


def main() -> None:
    sys.path.insert(0, str(ROOT))  # the evb_xl of this repository
    write_generated_sources()
    build(ADDIN)
    PACKAGED_ADDIN.parent.mkdir(parents=True, exist_ok=True)
    PACKAGED_ADDIN.write_bytes(ADDIN.read_bytes())
    print(f"Skrev {ADDIN.relative_to(ROOT)} och {PACKAGED_ADDIN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
