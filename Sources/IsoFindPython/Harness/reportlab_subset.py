"""A `reportlab` package of the worker's own: the common subset of ReportLab's platypus names,
mapped onto the story items of the custom-block contract, so that blocks written for IsoFind in
ReportLab style run unchanged. It is not the ReportLab library, which is never imported.

The subset (`SUBSET`):

    reportlab.platypus          Paragraph, Spacer, Table, TableStyle, PageBreak, Image, KeepTogether
                                (also as reportlab.platypus.paragraph / .tables / .flowables)
    reportlab.lib.styles        getSampleStyleSheet, ParagraphStyle, StyleSheet1
    reportlab.lib.colors        Color, HexColor, CMYKColor, toColor and the named colours
    reportlab.lib.units         inch, cm, mm, pica
    reportlab.lib.pagesizes     A3, A4, A5, letter, legal, landscape, portrait
    reportlab.lib.enums         TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY

Any other name is an ImportError at import time (`from reportlab.platypus import
SimpleDocTemplate`, `import reportlab.pdfgen`), with a message that lists this subset (and an
AttributeError saying the same for `platypus.SimpleDocTemplate`, so that hasattr() works). The
report engine does the layout: a block appends flowables to `story` and never builds a
document or draws on a canvas.

How the names map (see each class):
- Paragraph(text, style): the style's name picks the engine style (Heading4..6 -> Heading3,
  Bullet/Definition -> Normal, a style of the block's own -> its parent's, else Normal); a bold
  or italic font that the engine style lacks wraps the text in <b>/<i>. ReportLab's inline
  markup is brought to the engine's (<b> <i> <u> <sup> <sub> <br/> <font color>): <strong>,
  <em>, <super>, <font name="…-Bold"> are translated, other tags are dropped (their text
  kept), HTML entities (&nbsp; &deg; …) become characters, and runs of white space one space,
  as ReportLab does.
- Table(data, colWidths, repeatRows, style): the first row is the header when repeatRows >= 1.
- Image(path or file object, width, height): read at once; see Image.

The harness executes this source for every job in a new module, after putting two names in it:
`contract` (that job's contract module) and `TEMP_DIR` (the job's temporary folder), and calls
`build()`; when the job starts, it calls `install()` with what `build()` returned. (The harness
builds a job's modules while the worker waits for that job, so that their cost is not paid on
the job's path.)
"""

from __future__ import annotations

import html
import importlib.abc
import importlib.machinery
import os
import re
import sys
import types
from collections.abc import Callable
from typing import Any

# Put in this module's globals by the harness before this source runs.
contract: types.ModuleType = globals()["contract"]
TEMP_DIR: str = globals()["TEMP_DIR"]

SUBSET = ("reportlab.platypus (Paragraph, Spacer, Table, TableStyle, PageBreak, Image, KeepTogether), "
          "reportlab.lib.styles (getSampleStyleSheet, ParagraphStyle), reportlab.lib.colors, "
          "reportlab.lib.units (cm, mm, inch), reportlab.lib.pagesizes, reportlab.lib.enums")

NOTICE = ("custom blocks have a subset of ReportLab of their own, not the library (the report engine does "
          "the layout; a block appends flowables to `story`): " + SUBSET)


# --- units, page sizes, alignments -----------------------------------------------------------

inch = 72.0
cm = inch / 2.54
mm = cm * 0.1
pica = 12.0

A3 = (297 * mm, 420 * mm)
A4 = (210 * mm, 297 * mm)
A5 = (148 * mm, 210 * mm)
letter = (8.5 * inch, 11 * inch)
legal = (8.5 * inch, 14 * inch)


def landscape(pagesize: tuple[float, float]) -> tuple[float, float]:
    """The page size with its longer side across."""
    width, height = pagesize
    return (height, width) if width < height else (width, height)


def portrait(pagesize: tuple[float, float]) -> tuple[float, float]:
    """The page size with its longer side down."""
    width, height = pagesize
    return (height, width) if width > height else (width, height)


TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY = 0, 1, 2, 4

# The width of an A4 page's text frame with ReportLab's default 1-inch margins: "25%" column
# widths are a share of it (widths are relative weights for the engine anyway).
FRAME_WIDTH = A4[0] - 2 * inch


# --- colours (accepted, kept, not used: the report has its own colours) ----------------------

class Color:
    """An RGB colour with alpha, components 0..1."""

    def __init__(self, red: float = 0, green: float = 0, blue: float = 0, alpha: float = 1) -> None:
        self.red, self.green, self.blue, self.alpha = float(red), float(green), float(blue), float(alpha)

    def rgb(self) -> tuple[float, float, float]:
        return self.red, self.green, self.blue

    def rgba(self) -> tuple[float, float, float, float]:
        return self.red, self.green, self.blue, self.alpha

    def hexval(self) -> str:
        return "0x" + "".join(f"{round(c * 255):02x}" for c in self.rgb())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Color) and self.rgba() == other.rgba()

    def __hash__(self) -> int:
        return hash(self.rgba())

    def __repr__(self) -> str:
        return f"Color({self.red:.3g},{self.green:.3g},{self.blue:.3g},{self.alpha:.3g})"


class CMYKColor(Color):
    """A CMYK colour (kept as its RGB equivalent)."""

    def __init__(self, cyan: float = 0, magenta: float = 0, yellow: float = 0, black: float = 0,
                 alpha: float = 1, **_ignored: Any) -> None:
        super().__init__((1 - cyan) * (1 - black), (1 - magenta) * (1 - black), (1 - yellow) * (1 - black), alpha)


def HexColor(val: str | int, htmlOnly: bool = False, hasAlpha: bool = False) -> Color:
    """A colour from '#RRGGBB', '0xRRGGBB', '#RRGGBBAA' (hasAlpha) or an int."""
    if isinstance(val, str):
        digits = val.strip().lower().removeprefix("#").removeprefix("0x")
        try:
            number = int(digits, 16)
        except ValueError:
            raise ValueError(f"HexColor: {val!r} is not a hexadecimal colour") from None
    elif isinstance(val, int) and not isinstance(val, bool):
        number, digits = val, ""
    else:
        raise TypeError(f"HexColor needs a str or an int, not {type(val).__name__}")
    alpha = 1.0
    if hasAlpha or len(digits) == 8:
        number, alpha = number >> 8, (number & 0xFF) / 255
    return Color((number >> 16 & 0xFF) / 255, (number >> 8 & 0xFF) / 255, (number & 0xFF) / 255, alpha)


_NAMED_COLOURS = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
    "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080", "pink": "#ffc0cb", "brown": "#a52a2a",
    "cyan": "#00ffff", "magenta": "#ff00ff", "navy": "#000080", "teal": "#008080", "olive": "#808000",
    "maroon": "#800000", "silver": "#c0c0c0", "gold": "#ffd700", "beige": "#f5f5dc",
    "grey": "#808080", "gray": "#808080", "lightgrey": "#d3d3d3", "lightgray": "#d3d3d3",
    "darkgrey": "#a9a9a9", "darkgray": "#a9a9a9", "dimgrey": "#696969", "dimgray": "#696969",
    "whitesmoke": "#f5f5f5", "lavender": "#e6e6fa", "aliceblue": "#f0f8ff", "lightblue": "#add8e6",
    "darkblue": "#00008b", "darkred": "#8b0000", "darkgreen": "#006400", "lightgreen": "#90ee90",
    "lightyellow": "#ffffe0", "skyblue": "#87ceeb", "steelblue": "#4682b4", "salmon": "#fa8072",
}

transparent = Color(0, 0, 0, 0)


def toColor(arg: Any, default: Any = None) -> Color:
    """A Color from a Color, a name, a hex string or an (r, g, b[, a]) tuple."""
    if isinstance(arg, Color):
        return arg
    if isinstance(arg, str):
        name = arg.strip().lower()
        if name in _NAMED_COLOURS:
            return HexColor(_NAMED_COLOURS[name])
        try:
            return HexColor(name)
        except ValueError:
            pass
    if isinstance(arg, (tuple, list)) and len(arg) in (3, 4):
        return Color(*arg)
    if default is not None:
        return default
    raise ValueError(f"toColor: cannot make a colour of {arg!r}")


def _colour_by_name(name: str) -> Color | None:
    """Any other lowercase name (ReportLab knows about 150 CSS colours): a grey stand-in,
    since the report does not use a block's colours."""
    return Color(0.5, 0.5, 0.5) if name.isalpha() and name.islower() else None


# --- styles ----------------------------------------------------------------------------------

ParagraphStyle = contract.ParagraphStyle
StyleSheet1 = contract.StyleSheet

# ReportLab's sample sheet: name -> (font, size, parent, alias).
_SAMPLE = {
    "Normal": ("Helvetica", 10, None, None), "BodyText": ("Helvetica", 10, "Normal", None),
    "Italic": ("Helvetica-Oblique", 10, "BodyText", None), "Heading1": ("Helvetica-Bold", 18, "Normal", "h1"),
    "Title": ("Helvetica-Bold", 18, "Normal", "title"), "Heading2": ("Helvetica-Bold", 14, "Normal", "h2"),
    "Heading3": ("Helvetica-BoldOblique", 12, "Normal", "h3"),
    "Heading4": ("Helvetica-BoldOblique", 10, "Normal", "h4"),
    "Heading5": ("Helvetica-Bold", 9, "Normal", "h5"), "Heading6": ("Helvetica-Bold", 7, "Normal", "h6"),
    "Bullet": ("Helvetica", 10, "Normal", "bu"), "Definition": ("Helvetica", 10, "Normal", "df"),
    "Code": ("Courier", 8, "Normal", None), "UnorderedList": ("Helvetica", 10, None, "ul"),
    "OrderedList": ("Helvetica", 10, None, "ol"),
}


def getSampleStyleSheet() -> contract.StyleSheet:
    """ReportLab's sample style sheet (Normal, BodyText, Italic, Title, Heading1..6, Bullet,
    Definition, Code, ...), with ReportLab's fonts and sizes: a new sheet each call."""
    attributes = {name: {"fontName": font, "fontSize": size, "leading": round(size * 1.2, 1)}
                  for name, (font, size, _, _) in _SAMPLE.items()}
    attributes["Title"]["alignment"] = TA_CENTER
    return contract.make_style_sheet(attributes, parents={n: s[2] for n, s in _SAMPLE.items() if s[2]},
                                     aliases={n: s[3] for n, s in _SAMPLE.items() if s[3]})


# --- markup ----------------------------------------------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)([^<>]*?)/?\s*>")
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_KEEP = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "sup": "sup", "super": "sup", "sub": "sub"}
_COLOUR = re.compile(r"""\b(?:color|fg|textcolor)\s*=\s*["']?([#\w]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_FACE = re.compile(r"""\b(?:name|face|fontname)\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in ("amp", "lt", "gt", "quot", "apos"):
        return match.group(0)
    return html.unescape(match.group(0))


def translate_markup(text: str) -> str:
    """ReportLab paragraph markup brought to the engine's inline markup (see the module's doc)."""
    closers: list[str] = []  # for each open <font>/<span>: what its closing tag becomes

    def tag(match: re.Match[str]) -> str:
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if name == "br":
            return "<br/>"
        if name in _KEEP:
            return f"<{closing}{_KEEP[name]}>"
        if name not in ("font", "span"):
            return ""  # para, a, link, strike, img, seq...: the tag goes, its text stays
        if closing:
            return closers.pop() if closers else ""
        opening, closer = "", ""
        colour = _COLOUR.search(attributes)
        if colour:
            opening, closer = f'<font color="{colour.group(1)}">', "</font>"
        named = _FACE.search(attributes)
        face = named.group(1).lower() if named else ""
        if "bold" in face:
            opening, closer = opening + "<b>", "</b>" + closer
        if "italic" in face or "oblique" in face:
            opening, closer = opening + "<i>", "</i>" + closer
        closers.append(closer)
        return opening

    return _collapse(_ENTITY.sub(_entity, _TAG.sub(tag, text)))


def _collapse(text: str) -> str:
    """Runs of ASCII white space as one space (a no-break space stays), as ReportLab does."""
    return _SPACE.sub(" ", text).strip(" ")


def plain_text(markup: str) -> str:
    """Markup as plain text: tags removed (<br/> as a space), entities as characters."""
    return _collapse(html.unescape(_TAG.sub(" ", markup)))


def escape(text: str) -> str:
    """Plain text as markup (what ReportLab shows for a str table cell)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- flowables -------------------------------------------------------------------------------

class Paragraph(contract.Paragraph):
    """ReportLab's Paragraph(text, style, bulletText): style is a ParagraphStyle (from
    getSampleStyleSheet() or the block's own), a style name, or None (Normal)."""

    def __init__(self, text: str, style: Any = None, bulletText: str | None = None, frags: Any = None,
                 caseSensitive: int = 1, encoding: str = "utf8") -> None:
        if isinstance(text, bytes):
            text = text.decode(encoding)
        body = translate_markup(contract.as_text(text, "Paragraph text"))
        if bulletText is not None:
            body = f"{translate_markup(str(bulletText))} {body}"
        super().__init__(body, style)


Spacer = contract.Spacer


class PageBreak(contract.PageBreak):
    """An explicit page break (page templates do not exist here: nextTemplate is ignored)."""

    def __init__(self, nextTemplate: Any = None) -> None:
        super().__init__()


def _command(command: Any) -> tuple[Any, ...]:
    if not isinstance(command, (tuple, list)) or not command or not isinstance(command[0], str):
        raise TypeError("a TableStyle command is a tuple such as ('GRID', (0, 0), (-1, -1), 0.5, colors.grey), "
                        f"not {command!r:.80}")
    return tuple(command)


class TableStyle:
    """ReportLab's TableStyle: a list of commands ('BACKGROUND', 'GRID', 'FONTNAME', ...).

    Every well-formed command is accepted and kept in `commands`; none changes the table, since
    the report engine draws every table with its own fixed look (see Table).
    """

    def __init__(self, cmds: Any = None, parent: TableStyle | None = None, **kw: Any) -> None:
        self.commands: list[tuple[Any, ...]] = list(parent.commands) if isinstance(parent, TableStyle) else []
        for command in cmds or []:
            self.commands.append(_command(command))
        self.options = kw

    def add(self, *cmd: Any) -> None:
        self.commands.append(_command(cmd))

    def getCommands(self) -> list[tuple[Any, ...]]:
        return self.commands


_TABLE_OPTIONS = {"rowHeights", "repeatCols", "splitByRow", "splitInRow", "emptyTableAction", "ident", "hAlign",
                  "vAlign", "normalizedData", "cellStyles", "rowSplitRange", "spaceBefore", "spaceAfter",
                  "longTableOptimize", "minRowHeights", "cornerRadii", "renderCB"}


def _column_weights(colWidths: Any, columns: int) -> list[float] | None:
    """colWidths (points, None or '*' for "share the rest", 'N%') as relative weights."""
    if colWidths is None or isinstance(colWidths, (int, float)):
        return None  # one width for every column: equal columns
    widths = contract.as_list(colWidths, "Table colWidths")
    if len(widths) != columns:
        raise ValueError(f"Table colWidths has {len(widths)} entries for {columns} columns")
    known: list[float | None] = []
    for i, width in enumerate(widths):
        if width is None or width == "*":
            known.append(None)
        elif isinstance(width, str) and width.strip().endswith("%"):
            known.append(contract.as_number(float(width.strip()[:-1]), f"Table colWidths[{i}]") / 100 * FRAME_WIDTH)
        else:
            known.append(contract.as_positive(width, f"Table colWidths[{i}]"))
    given = [w for w in known if w is not None]
    if not given:
        return None
    share = sum(given) / len(given)
    return [share if w is None else w for w in known]


def _cell(value: Any, header: bool, where: str) -> str:
    """A ReportLab cell as the engine's cell: header cells are plain text, body cells markup."""
    if isinstance(value, (list, tuple)):  # several flowables in one cell
        return (" " if header else "<br/>").join(_cell(part, header, where) for part in value)
    if isinstance(value, contract.Paragraph):
        return plain_text(value.text) if header else value.text
    if isinstance(value, contract.Flowable):
        raise TypeError(f"{where} holds a {type(value).__name__}; table cells hold text, numbers or Paragraphs")
    text = contract.as_cell(value, where)
    return text if header else escape(text)


class Table(contract.Table):
    """ReportLab's Table(data, colWidths=None, rowHeights=None, style=None, repeatRows=0, ...).

    The report engine draws every table with its own fixed look: a shaded, bold header row
    repeated on each page, thin rules, its own fonts and padding. So `repeatRows` >= 1 makes
    the first row that header (0, ReportLab's default, means no header), `colWidths` become
    relative widths, and TableStyle commands (`style=` or `setStyle`) are kept in `commands`
    but change nothing; a well-formed command is never an error. Cells hold str, numbers, None
    or Paragraphs (their text); other ReportLab keywords are accepted and ignored.
    """

    def __init__(self, data: Any, colWidths: Any = None, rowHeights: Any = None, style: Any = None,
                 repeatRows: Any = 0, **options: Any) -> None:
        unknown = sorted(set(options) - _TABLE_OPTIONS)
        if unknown:
            raise TypeError(f"Table got an unexpected keyword argument {unknown[0]!r}")
        header = bool(repeatRows) and not (isinstance(repeatRows, int) and repeatRows < 1)
        rows = [contract.as_list(row, f"Table row {r}") for r, row in enumerate(contract.as_list(data, "Table data"))]
        grid = [[_cell(value, header and r == 0, f"Table cell ({r}, {c})") for c, value in enumerate(row)]
                for r, row in enumerate(rows)]
        columns = len(grid[0]) if grid else 0
        super().__init__(grid, header=header, col_widths=_column_weights(colWidths, columns))
        self.commands: list[tuple[Any, ...]] = []
        if style is not None:
            self.setStyle(style)

    def setStyle(self, tblstyle: TableStyle | list[Any]) -> None:
        """Keep the style's commands (they do not change the engine's table)."""
        if isinstance(tblstyle, TableStyle):
            self.commands.extend(tblstyle.commands)
        else:
            self.commands.extend(_command(c) for c in contract.as_list(tblstyle, "Table style"))


def _image_bytes(source: Any) -> bytes:
    """The bytes of an image given as a path inside TEMP_DIR, a file object or bytes."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if hasattr(source, "read"):
        return source.read()
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"Image needs a file name or a file object, not {type(source).__name__}")
    path = os.fsdecode(os.fspath(source))
    root = os.path.realpath(TEMP_DIR)
    full = os.path.realpath(os.path.join(root, path))
    if os.path.commonpath([root, full]) != root:
        raise PermissionError(f"Image({path!r}): a block may read only the files it wrote in its own "
                              "temporary folder (its current directory)")
    with open(full, "rb") as file:
        return file.read()


class Image(contract.Image):
    """ReportLab's Image(filename, width=None, height=None): the file is read at once.

    `filename` is a path inside the block's own temporary folder (its current directory; any
    other path is a PermissionError), a file object (its .read()) or the bytes themselves.
    `width` (points) is the drawn width; the engine keeps the image's proportions, so `height`
    is ignored, and never draws an image wider than the column or larger than its own size.
    `drawWidth` may be set afterwards, as in ReportLab.
    """

    def __init__(self, filename: Any, width: float | None = None, height: float | None = None, kind: str = "direct",
                 mask: Any = "auto", lazy: int = 1, hAlign: str = "CENTER", useDPI: bool = False) -> None:
        super().__init__(_image_bytes(filename), width_pt=width)
        self.drawHeight = height

    @property
    def drawWidth(self) -> float | None:
        return self._items[0]["width"]

    @drawWidth.setter
    def drawWidth(self, value: float | None) -> None:
        self._items[0]["width"] = contract.as_positive(value, "Image drawWidth")


class KeepTogether(contract.Flowable):
    """ReportLab's KeepTogether(flowables): here simply its flowables, in order."""

    def __init__(self, flowables: Any, maxHeight: Any = None) -> None:
        if isinstance(flowables, contract.Flowable):
            flowables = [flowables]
        parts = contract.as_list(flowables, "KeepTogether flowables")
        for i, part in enumerate(parts):
            if not isinstance(part, contract.Flowable):
                raise TypeError(f"KeepTogether item {i} is a {type(part).__name__}, not a flowable")
        self._items = [item for part in parts for item in part._items]


# --- the modules -----------------------------------------------------------------------------

_FLOWABLES = ("Paragraph", "Spacer", "Table", "TableStyle", "PageBreak", "Image", "KeepTogether")

# Module name -> the names it offers (all defined above).
LAYOUT: dict[str, tuple[str, ...]] = {
    "reportlab": (),
    "reportlab.platypus": _FLOWABLES,
    "reportlab.platypus.paragraph": ("Paragraph",),
    "reportlab.platypus.tables": ("Table", "TableStyle"),
    "reportlab.platypus.flowables": ("Spacer", "PageBreak", "Image", "KeepTogether"),
    "reportlab.lib": (),
    "reportlab.lib.styles": ("getSampleStyleSheet", "ParagraphStyle", "StyleSheet1"),
    "reportlab.lib.colors": ("Color", "CMYKColor", "HexColor", "toColor", "transparent"),
    "reportlab.lib.units": ("inch", "cm", "mm", "pica"),
    "reportlab.lib.pagesizes": ("A3", "A4", "A5", "letter", "legal", "landscape", "portrait"),
    "reportlab.lib.enums": ("TA_LEFT", "TA_CENTER", "TA_RIGHT", "TA_JUSTIFY"),
}


def _missing_name(module: str, fallback: Callable[[str], Any] | None = None) -> Callable[[str], Any]:
    """A module's __getattr__: a name outside the subset is an AttributeError naming it.

    Every module of the subset is a package (`__path__ = []`), so `from module import name`
    for a name it lacks asks the finder for `module.name`, which raises the ImportError."""

    def __getattr__(name: str) -> Any:
        value = fallback(name) if fallback is not None and not name.startswith("_") else None
        if value is None:
            raise AttributeError(f"{module}.{name} is not available: {NOTICE}", name=name)
        return value

    return __getattr__


class SubsetFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """First on sys.meta_path: serves the subset's modules and refuses every other reportlab
    module, so the real library is never imported even when it is installed."""

    isofind_reportlab_subset = True

    def __init__(self, modules: dict[str, types.ModuleType]) -> None:
        self.modules = modules

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "reportlab" and not fullname.startswith("reportlab."):
            return None
        if fullname in self.modules:
            return self.modules[fullname].__spec__
        raise ImportError(f"{fullname} is not available: {NOTICE}", name=fullname)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return self.modules[spec.name]

    def exec_module(self, module: types.ModuleType) -> None:
        pass  # built already



def build_modules(finder: SubsetFinder) -> dict[str, types.ModuleType]:
    """The subset's modules, by name, linked to one another as in a package, loaded by `finder`."""
    names = globals()
    modules: dict[str, types.ModuleType] = {}
    for name, exported in LAYOUT.items():
        module = types.ModuleType(name, f"IsoFind's ReportLab subset: {SUBSET}")
        module.__spec__ = importlib.machinery.ModuleSpec(name, finder, is_package=True)
        module.__loader__ = finder
        module.__package__ = name
        module.__path__ = []
        for attribute in exported:
            setattr(module, attribute, names[attribute])
        fallback = _colour_by_name if name == "reportlab.lib.colors" else None
        module.__dict__["__getattr__"] = _missing_name(name, fallback)
        modules[name] = module
    for name, value in _NAMED_COLOURS.items():
        setattr(modules["reportlab.lib.colors"], name, HexColor(value))
    modules["reportlab"].__dict__["Version"] = "isofind-subset"
    for name, module in modules.items():
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(modules[parent], child, module)
    return modules


def build() -> SubsetFinder:
    """The subset's finder, its modules built, for install()."""
    finder = SubsetFinder({})
    finder.modules.update(build_modules(finder))
    return finder


def install(finder: SubsetFinder) -> None:
    """Put the modules of `finder` (from build()) in sys.modules, dropping any other reportlab
    module, and the finder first on sys.meta_path (instead of an earlier job's)."""
    for name in [n for n in sys.modules if n == "reportlab" or n.startswith("reportlab.")]:
        del sys.modules[name]
    sys.modules.update(finder.modules)
    sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "isofind_reportlab_subset", False)]
    sys.meta_path.insert(0, finder)
