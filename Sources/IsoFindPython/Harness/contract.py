"""The names a custom block sees: `styles`, the story item constructors and `warn`.

A custom block appends story items to `story`; the report engine lays them out after the
block's code has finished. Every constructor checks its arguments at once and raises a
`TypeError` or `ValueError` that names the argument, so the error box in the report points at
the block's own line. An item is fixed when it is made: each one holds the JSON object the
worker sends back (in `_items`, a list because `KeepTogether` of the ReportLab subset stands
for several items).

JSON shapes (what the Swift side decodes):

    Paragraph    {"kind": "paragraph", "text": str, "style": one of STYLE_NAMES}
    Heading      {"kind": "heading", "text": str, "level": 2 | 3}
    Spacer       {"kind": "spacer", "height": float}
    PageBreak    {"kind": "page_break"}
    Table        {"kind": "table", "rows": [[str]], "header": bool, "col_widths": [float] | null}
    KeyValue     {"kind": "key_value", "pairs": [[str, str]]}
    Note         {"kind": "note", "text": str, "note_kind": "info" | "warning"}
    Image        {"kind": "image", "data": base64 str, "format": "png" | "jpeg",
                  "width": float | null, "caption": str | null}
    BarChart     {"kind": "bar_chart", "labels": [str], "values": [float],
                  "title": str | null, "unit": str | null}
    ScatterPlot  {"kind": "scatter_plot", "points": [[x, y, label | null]],
                  "x_label": str, "y_label": str, "title": str | null}

The harness runs this source afresh for every job (a new module each time), so a block that
changes these classes or `styles` changes them for itself only.
"""

from __future__ import annotations

import base64
import math
import numbers
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar

# The names the harness puts in a block's namespace, besides `data`, `lang` and `story`.
BLOCK_NAMES = ("styles", "Paragraph", "Heading", "Spacer", "PageBreak", "Table", "KeyValue",
               "Note", "Image", "BarChart", "ScatterPlot", "warn")

# The engine's paragraph styles.
STYLE_NAMES = ("Normal", "BodyText", "Small", "Title", "Heading1", "Heading2", "Heading3",
               "Caption", "Code", "Italic")

# Names of ReportLab's sample style sheet that the engine has no style for, and the style used.
STYLE_ALIASES = {"Heading4": "Heading3", "Heading5": "Heading3", "Heading6": "Heading3",
                 "Bullet": "Normal", "Definition": "Normal", "UnorderedList": "Normal",
                 "OrderedList": "Normal"}

# The font of each engine style, as ReportLab's sample sheet names it. A style whose font is
# bold (or italic) where its engine style's font is not gets its text wrapped in <b> (or <i>).
STYLE_FONTS = {"Normal": "Helvetica", "BodyText": "Helvetica", "Small": "Helvetica",
               "Title": "Helvetica-Bold", "Heading1": "Helvetica-Bold",
               "Heading2": "Helvetica-Bold", "Heading3": "Helvetica-BoldOblique",
               "Caption": "Helvetica", "Code": "Courier", "Italic": "Helvetica-Oblique"}

MAX_WARNINGS = 100
MAX_WARNING_CHARS = 500

# What warn() collected during this job (the harness reads it after the block has run).
WARNINGS: list[str] = []

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

ITEM_NAMES = "Paragraph, Heading, Spacer, PageBreak, Table, KeyValue, Note, Image, BarChart or ScatterPlot"


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def warn(message: object) -> None:
    """Add a warning to the generation response and to the report's limitations."""
    if len(WARNINGS) < MAX_WARNINGS:
        WARNINGS.append(truncate(str(message), MAX_WARNING_CHARS))


# --- argument checks -------------------------------------------------------------------------

def _type_name(value: object) -> str:
    return type(value).__name__


def as_text(value: object, what: str) -> str:
    """`value` when it is a str that can be sent as UTF-8, else a TypeError/ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {_type_name(value)}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} holds a character that is not valid Unicode (a lone surrogate)") from None
    return str(value)


def as_optional_text(value: object, what: str) -> str | None:
    return None if value is None else as_text(value, what)


def _is_number(value: object) -> bool:
    # numbers.Real also covers numpy's scalars (numpy.float64, numpy.int64...); bool is not a number here.
    return isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool)


def as_number(value: object, what: str) -> float:
    """`value` as a finite float, else a TypeError/ValueError."""
    if not _is_number(value):
        raise TypeError(f"{what} must be a number, not {_type_name(value)}")
    result = float(value)  # type: ignore[arg-type]
    if not math.isfinite(result):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return result


def as_positive(value: object, what: str) -> float | None:
    if value is None:
        return None
    result = as_number(value, what)
    if result <= 0:
        raise ValueError(f"{what} must be greater than 0, not {value!r}")
    return result


def as_cell(value: object, what: str) -> str:
    """A table cell, key, value or label as text: str as is, numbers and bools with str(), None as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return as_text(value, what)
    if isinstance(value, bool):
        return str(value)
    if _is_number(value):
        as_number(value, what)  # refuses NaN and infinities
        return str(value)
    raise TypeError(f"{what} must be a str, a number or None, not {_type_name(value)}")


def as_list(value: object, what: str) -> list[Any]:
    """`value` as a list when it is a list, a tuple or another iterable (a numpy array...)."""
    if isinstance(value, (str, bytes, bytearray, Mapping)):
        raise TypeError(f"{what} must be a list, not {_type_name(value)}")
    try:
        return list(value)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{what} must be a list, not {_type_name(value)}") from None


# --- styles ----------------------------------------------------------------------------------

class ParagraphStyle:
    """A paragraph style, as ReportLab's: a name, an optional parent and any attributes.

    Attributes a style does not set are read from its parent (then from ReportLab's defaults).
    Only two things matter to the engine: the name, which picks the engine style (the first
    name up the parent chain that is an engine style or an alias of one, else Normal), and the
    font, which adds <b> or <i> around the text when it is bold or italic and the engine
    style's font is not (see `resolve_style`). Sizes, colours, indents and alignment are kept
    for the block to read back and otherwise ignored: the report has its own typography.
    """

    defaults: ClassVar[dict[str, Any]] = {
        "fontName": "Helvetica", "fontSize": 10, "leading": 12, "leftIndent": 0, "rightIndent": 0,
        "firstLineIndent": 0, "alignment": 0, "spaceBefore": 0, "spaceAfter": 0,
        "bulletFontName": "Helvetica", "bulletFontSize": 10, "bulletIndent": 0, "textColor": None,
        "backColor": None, "borderWidth": 0, "borderPadding": 0, "borderColor": None,
        "wordWrap": None, "allowWidows": 1, "allowOrphans": 0, "textTransform": None,
    }

    def __init__(self, name: str, parent: ParagraphStyle | None = None, **attributes: Any) -> None:
        self.name = as_text(name, "ParagraphStyle name")
        if parent is not None and not isinstance(parent, ParagraphStyle):
            raise TypeError(f"ParagraphStyle parent must be a ParagraphStyle or None, not {_type_name(parent)}")
        self.parent = parent
        self.__dict__.update(attributes)

    def __getattr__(self, attribute: str) -> Any:
        # Called only for attributes the style does not set itself.
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        parent = self.__dict__.get("parent")
        if parent is not None:
            return getattr(parent, attribute)
        if attribute in ParagraphStyle.defaults:
            return ParagraphStyle.defaults[attribute]
        raise AttributeError(f"ParagraphStyle has no attribute {attribute!r}")

    def clone(self, name: str, parent: ParagraphStyle | None = None, **attributes: Any) -> ParagraphStyle:
        """A copy of this style under `name` (its parent: `parent`, else this style), as in ReportLab."""
        copy = ParagraphStyle(name, parent if parent is not None else self)
        copy.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("name", "parent")}, **attributes)
        return copy

    def __repr__(self) -> str:
        return f"<ParagraphStyle {self.name!r}>"


class StyleSheet(Mapping):
    """Named styles, as ReportLab's StyleSheet1: `sheet['Normal']`, `sheet.add(style)`, aliases."""

    def __init__(self) -> None:
        self.byName: dict[str, ParagraphStyle] = {}
        self.byAlias: dict[str, ParagraphStyle] = {}

    def __getitem__(self, key: str) -> ParagraphStyle:
        if key in self.byName:
            return self.byName[key]
        if key in self.byAlias:
            return self.byAlias[key]
        raise KeyError(f"no style {key!r}; this sheet has: {', '.join(self.byName)}")

    def __iter__(self) -> Iterator[str]:
        return iter(self.byName)

    def __len__(self) -> int:
        return len(self.byName)

    def add(self, style: ParagraphStyle, alias: str | None = None) -> None:
        """Add `style` under its name (and `alias`); a name already in the sheet is a KeyError."""
        if not isinstance(style, ParagraphStyle):
            raise TypeError(f"a style sheet holds ParagraphStyle objects, not {_type_name(style)}")
        if style.name in self.byName:
            raise KeyError(f"style {style.name!r} is already in this sheet")
        if alias is not None:
            if alias in self.byAlias:
                raise KeyError(f"style alias {alias!r} is already in this sheet")
            self.byAlias[alias] = style
        self.byName[style.name] = style

    def has_key(self, key: str) -> bool:
        return key in self

    def list(self) -> None:
        """ReportLab prints the sheet; here it prints the names (to the block's captured output)."""
        print(", ".join(self.byName))


def _engine_style(name: str) -> str | None:
    if name in STYLE_NAMES:
        return name
    return STYLE_ALIASES.get(name)


def resolve_style(style: object) -> tuple[str, bool, bool]:
    """The engine style for `style` and whether to add bold and italic: (name, bold, italic).

    `style` is a style name, a ParagraphStyle (from `styles`, getSampleStyleSheet() or the
    block's own) or None (Normal). A ParagraphStyle maps onto the first name up its parent
    chain that is an engine style or an alias (Heading4..6 -> Heading3, Bullet -> Normal...),
    else Normal; its font adds <b>/<i> when bold/italic where the engine style's is not.
    """
    if style is None:
        return "Normal", False, False
    if isinstance(style, str):
        name = _engine_style(style)
        if name is None:
            raise ValueError(f"unknown style {style!r}; the styles are: {', '.join(STYLE_NAMES)}")
        return name, False, False
    if not isinstance(style, ParagraphStyle):
        raise TypeError(f"a paragraph style must be a style name or one of `styles`, not {_type_name(style)}")
    name, seen = "Normal", set()
    link: ParagraphStyle | None = style
    while isinstance(link, ParagraphStyle) and id(link) not in seen:  # a parent cycle ends the walk
        seen.add(id(link))
        found = _engine_style(link.__dict__.get("name", ""))
        if found is not None:
            name = found
            break
        link = link.__dict__.get("parent")
    try:
        font = style.fontName if isinstance(style.fontName, str) else ""
    except RecursionError:  # a parent cycle without fontName
        font = ""
    base = STYLE_FONTS[name].lower()
    bold = "bold" in font.lower() and "bold" not in base
    italic = any(word in font.lower() for word in ("italic", "oblique")) and not any(
        word in base for word in ("italic", "oblique"))
    return name, bold, italic


def make_style_sheet(attributes: Mapping[str, Mapping[str, Any]], parents: Mapping[str, str] | None = None,
                     aliases: Mapping[str, str] | None = None) -> StyleSheet:
    """A sheet with one style per entry of `attributes` (name -> its attributes), in order."""
    sheet = StyleSheet()
    for name, values in attributes.items():
        parent = sheet.byName.get((parents or {}).get(name, ""))
        sheet.add(ParagraphStyle(name, parent=parent, **values), alias=(aliases or {}).get(name))
    return sheet


styles = make_style_sheet({name: {"fontName": font} for name, font in STYLE_FONTS.items()})


# --- story items -----------------------------------------------------------------------------

class Flowable:
    """What every story item is. A block makes items with the constructors below, not this."""

    _items: list[dict[str, Any]]

    def __repr__(self) -> str:
        return f"<{_type_name(self)} {truncate(repr(self._items), 120)}>"


class Paragraph(Flowable):
    """A paragraph. `text` may hold <b> <i> <u> <sup> <sub> <br/> <font color=…>; `style` is a
    name from `styles` (default Normal) or a style object."""

    def __init__(self, text: str, style: str | ParagraphStyle | None = "Normal") -> None:
        body = as_text(text, "Paragraph text")
        name, bold, italic = resolve_style(style)
        if italic:
            body = f"<i>{body}</i>"
        if bold:
            body = f"<b>{body}</b>"
        self._items = [{"kind": "paragraph", "text": body, "style": name}]

    @property
    def text(self) -> str:
        return self._items[0]["text"]

    @property
    def style_name(self) -> str:
        return self._items[0]["style"]


class Heading(Flowable):
    """A heading inside the block (the block's own name is the level-1 heading): level 2 or 3;
    other levels are brought into that range. Plain text, no markup."""

    def __init__(self, text: str, level: int = 2) -> None:
        body = as_text(text, "Heading text")
        if isinstance(level, bool) or not isinstance(level, numbers.Integral):
            raise TypeError(f"Heading level must be an int, not {_type_name(level)}")
        self._items = [{"kind": "heading", "text": body, "level": min(max(int(level), 2), 3)}]


class Spacer(Flowable):
    """Vertical space in points: Spacer(height) or, as ReportLab, Spacer(width, height)."""

    def __init__(self, width: float | None = None, height: float | None = None, isGlue: bool = False) -> None:
        if height is None:
            width, height = None, width  # Spacer(height)
        if height is None:
            raise TypeError("Spacer needs a height in points: Spacer(12) or Spacer(1, 12)")
        if width is not None:
            as_number(width, "Spacer width")
        value = as_number(height, "Spacer height")
        if value < 0:
            raise ValueError(f"Spacer height must be 0 or more, not {height!r}")
        self._items = [{"kind": "spacer", "height": value}]


class PageBreak(Flowable):
    """An explicit page break."""

    def __init__(self) -> None:
        self._items = [{"kind": "page_break"}]


def _widths(col_widths: object, columns: int) -> list[float] | None:
    """Table col_widths: None, or one positive number per column."""
    if col_widths is None:
        return None
    widths = as_list(col_widths, "Table col_widths")
    if len(widths) != columns:
        raise ValueError(f"Table col_widths has {len(widths)} entries for {columns} columns")
    result = []
    for i, width in enumerate(widths):
        value = as_number(width, f"Table col_widths[{i}]")
        if value <= 0:
            raise ValueError(f"Table col_widths[{i}] must be greater than 0, not {width!r}")
        result.append(value)
    return result


class Table(Flowable):
    """Rows of cells: str, int or float (written with str()), bool, or None (an empty cell).

    `header`: the first row is the header, repeated on every page the table runs onto.
    `col_widths`: relative column widths (any positive numbers: points, weights...).
    Every row has the same number of cells. Body cells may hold inline markup; header cells are
    plain text.
    """

    def __init__(self, rows: list[list[Any]], header: bool = True, col_widths: list[float] | None = None) -> None:
        grid = [[as_cell(cell, f"Table cell ({r}, {c})") for c, cell in enumerate(as_list(row, f"Table row {r}"))]
                for r, row in enumerate(as_list(rows, "Table rows"))]
        if not grid or not grid[0]:
            raise ValueError("a Table needs at least one row of at least one cell")
        for r, row in enumerate(grid):
            if len(row) != len(grid[0]):
                raise ValueError(f"Table row {r} has {len(row)} cells but row 0 has {len(grid[0])}; "
                                 "every row needs the same number (use None for an empty cell)")
        self._items = [{"kind": "table", "rows": grid, "header": bool(header),
                        "col_widths": _widths(col_widths, len(grid[0]))}]


class KeyValue(Flowable):
    """A two-column definition list, from a dict or a list of (key, value) pairs."""

    def __init__(self, pairs: Mapping[Any, Any] | list[tuple[Any, Any]]) -> None:
        entries = list(pairs.items()) if isinstance(pairs, Mapping) else as_list(pairs, "KeyValue pairs")
        result = []
        for i, pair in enumerate(entries):
            parts = as_list(pair, f"KeyValue pair {i}")
            if len(parts) != 2:
                raise ValueError(f"KeyValue pair {i} must be (key, value), not {len(parts)} values")
            result.append([as_cell(parts[0], f"KeyValue key {i}"), as_cell(parts[1], f"KeyValue value {i}")])
        if not result:
            raise ValueError("KeyValue needs at least one pair")
        self._items = [{"kind": "key_value", "pairs": result}]


class Note(Flowable):
    """A framed notice: kind 'info' (default) or 'warning'."""

    def __init__(self, text: str, kind: str = "info") -> None:
        body = as_text(text, "Note text")
        if kind not in ("info", "warning"):
            raise ValueError(f"Note kind must be 'info' or 'warning', not {kind!r}")
        self._items = [{"kind": "note", "text": body, "note_kind": kind}]


class Image(Flowable):
    """A PNG or JPEG the block made (bytes), drawn at `width_pt` points when given, never wider
    than the column or its own size. A matplotlib figure:
    `buf = io.BytesIO(); fig.savefig(buf, format='png'); Image(buf.getvalue())`."""

    def __init__(self, data: bytes, width_pt: float | None = None, caption: str | None = None) -> None:
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise TypeError(f"Image needs the image's bytes (PNG or JPEG), not {_type_name(data)}")
        if data.startswith(PNG_MAGIC):
            kind = "png"
        elif data.startswith(JPEG_MAGIC):
            kind = "jpeg"
        else:
            raise ValueError("Image data is neither PNG nor JPEG (judged by its first bytes)")
        self._items = [{"kind": "image", "data": base64.b64encode(data).decode("ascii"), "format": kind,
                        "width": as_positive(width_pt, "Image width"),
                        "caption": as_optional_text(caption, "Image caption")}]


class BarChart(Flowable):
    """A bar chart drawn by the report engine: one label per value."""

    def __init__(self, labels: list[str], values: list[float], title: str | None = None,
                 unit: str | None = None) -> None:
        names = [as_cell(label, f"BarChart label {i}") for i, label in enumerate(as_list(labels, "BarChart labels"))]
        heights = [as_number(value, f"BarChart value {i}")
                   for i, value in enumerate(as_list(values, "BarChart values"))]
        if len(names) != len(heights):
            raise ValueError(f"BarChart has {len(names)} labels but {len(heights)} values")
        if not names:
            raise ValueError("BarChart needs at least one value")
        self._items = [{"kind": "bar_chart", "labels": names, "values": heights,
                        "title": as_optional_text(title, "BarChart title"),
                        "unit": as_optional_text(unit, "BarChart unit")}]


class ScatterPlot(Flowable):
    """A scatter plot drawn by the report engine: points as (x, y) or (x, y, label)."""

    def __init__(self, points: list[tuple[Any, ...]], x_label: str, y_label: str, title: str | None = None) -> None:
        result = []
        for i, point in enumerate(as_list(points, "ScatterPlot points")):
            parts = as_list(point, f"ScatterPlot point {i}")
            if len(parts) not in (2, 3):
                raise ValueError(f"ScatterPlot point {i} must be (x, y) or (x, y, label), not {len(parts)} values")
            label = None if len(parts) == 2 or parts[2] is None else as_cell(parts[2], f"ScatterPlot label {i}")
            result.append([as_number(parts[0], f"ScatterPlot x {i}"), as_number(parts[1], f"ScatterPlot y {i}"), label])
        if not result:
            raise ValueError("ScatterPlot needs at least one point")
        self._items = [{"kind": "scatter_plot", "points": result, "x_label": as_text(x_label, "ScatterPlot x_label"),
                        "y_label": as_text(y_label, "ScatterPlot y_label"),
                        "title": as_optional_text(title, "ScatterPlot title")}]
