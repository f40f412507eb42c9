"""The ReportLab baseline of the long inventory report: the request
{"blocks": ["cover_page", "sample_inventory", "isotope_signatures"], "language": "en", "title": "Inventory"}
over a samples database grown to 2 000 samples (bench/scale_samples.py), built with ReportLab's
platypus the way a Python report service would, in process, to memory. Prints one JSON object: the
median and 90th percentile build times in ms, the page count and the ms per page.

    python3 bench/reportlab_inventory.py --var VAR [--runs N]

Same content as IsoFind Reports' `render` of that request (Sources/IsoFindReport/Blocks/Header/
CoverPage.swift, Samples/SampleInventory.swift, Samples/IsotopeSignatures.swift):

- the cover: title, the facts table (issued by, date, reference PREVIEW, language), the preview
  notice, the F/A/I/H badge legend, then a new page;
- "Sample inventory" (badge F): one row per sample, ascending id: name, classification (source /
  receptor), matrix / material, sector, date, coordinates "lat, lon" to 5 decimals; "not provided"
  for a missing value; header row repeated, a "Sample inventory (continued)" line above it on
  every page after the first; the source caption with the sample count;
- "Isotope signatures" (badge F): per isotope system, in order of first appearance, a level-2
  heading (⁸⁷Sr/⁸⁶Sr, δ¹³C (‰)…), one row per measurement (sample, value ± uncertainty rounded by
  the same uncertainty rule as MeasurementFormat, δ values in ‰, standard, instrument, session
  date), the "(continued)" line, and the uncertainty caption;
- A4, 56 pt margins, the same frame (header band 34 pt, footer band 28 pt), DejaVu Sans embedded at
  the same sizes (8 pt tables, 15 / 12 pt headings, 26 pt title), the running header
  ("IsoFind" / the title, no header on the cover), the footer "PREVIEW · date" and "page x / y"
  (two-pass numbered canvas), the diagonal PREVIEW watermark, zebra rows.
  Column widths follow IsoFind's rule (weights, then adjusted to the content: ColumnWidths.swift),
  computed per table from the measured text widths.

What differs: ReportLab's line breaking and line heights are its own (rows 15.5 pt for one line,
9.5 pt per extra line, against Pango's 15.3 / 9.8), a table may leave a single row at a page foot
(IsoFind keeps at least two), a caption may start a page on its own (IsoFind keeps it with the
table's last rows), and a heading is kept with its table by a conditional page break rather than
by the layout engine; no PDF outline or link targets.

Speed: LongTable (row heights carried over to the split parts), cells that fit their column on one
line as plain strings (only wrapping cells are Paragraphs), each distinct text measured once.
ReportLab's C accelerator (`_rl_accel`, PyPI package rl-accel) is not in bench/requirements.txt:
without it stringWidth and number formatting run in Python and the build is about 20 % slower
(2.0 s instead of 2.5 s for 324 pages on the 2-core bench machine). The JSON says which one ran
("accelerated").
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import io
import json
import re
import sqlite3
import statistics
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, LongTable, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)

from reportlab_pages import NumberedCanvas  # registers the fonts too

TEXT, MUTED, ACCENT = colors.HexColor("#1F2933"), colors.HexColor("#5F6B7A"), colors.HexColor("#1B5E7A")
ACCENT_LIGHT, RULE, ZEBRA = colors.HexColor("#E6F0F4"), colors.HexColor("#C9D1D9"), colors.HexColor("#F5F7F9")
WARNING, WARNING_LIGHT = colors.HexColor("#9A5B00"), colors.HexColor("#FFF4E0")

MARGIN, HEADER_BAND, FOOTER_BAND = 56, 34, 28
WIDTH = A4[0] - 2 * MARGIN
CELL_SIZE, CELL_LEADING, PAD_X, PAD_Y = 8, 9.5, 4, 3

BODY = ParagraphStyle("body", fontName="DejaVu", fontSize=9.5, leading=12.5, spaceAfter=5, textColor=TEXT)
CELL = ParagraphStyle("cell", fontName="DejaVu", fontSize=CELL_SIZE, leading=CELL_LEADING, textColor=TEXT)
CELL_RIGHT = ParagraphStyle("cell_right", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("head", parent=CELL, fontName="DejaVu-Bold")
CAPTION = ParagraphStyle("caption", fontName="DejaVu-Oblique", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=5)
TITLE = ParagraphStyle("title", fontName="DejaVu-Bold", fontSize=26, leading=31, textColor=ACCENT, spaceAfter=14)
KEY_VALUE = TableStyle([("FONT", (0, 0), (0, -1), "DejaVu-Bold", 9.5), ("FONT", (1, 0), (1, -1), "DejaVu", 9.5),
                        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("ROWBACKGROUNDS", (0, 0), (-1, -1), [colors.white, ZEBRA]),
                        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)])
NOTICE = TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 9.5), ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
                     ("BACKGROUND", (0, 0), (-1, -1), WARNING_LIGHT), ("LINEBEFORE", (0, 0), (0, -1), 3, WARNING),
                     ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 7),
                     ("BOTTOMPADDING", (0, 0), (-1, -1), 7)])

MISSING = "not provided"
TITLE_TEXT = "Inventory"
REFERENCE = "PREVIEW"
BADGES = ("Each part carries a badge for the nature of its content: F (factual) data as measured or provided; "
          "A (analytical) calculations and plots derived from the data; I (interpreted) hypotheses consistent with "
          "the data, never proofs; H (honest) limits, reservations and warnings.")
ROLES = {"source": "source", "fille": "receptor", "daughter": "receptor"}
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
NBSP, MINUS = "\u00a0", "\u2212"


def today() -> str:
    day = datetime.datetime.now(datetime.timezone.utc).date()
    return f"{day.day} {day:%B %Y}"


class InventoryCanvas(NumberedCanvas):
    """Draws the running header (not on the cover), the footer and the PREVIEW watermark."""

    date = ""

    def decorate(self, number: int, total: int) -> None:
        top, right = A4[1], A4[0] - MARGIN
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        if number > 1:
            self.setFont("DejaVu-Bold", 8)
            self.setFillColor(ACCENT)
            self.drawString(MARGIN, top - MARGIN - 7.4, "IsoFind")
            self.setFont("DejaVu", 8)
            self.setFillColor(MUTED)
            self.drawRightString(right, top - MARGIN - 7.4, TITLE_TEXT)
            self.line(MARGIN, top - MARGIN - 20, right, top - MARGIN - 20)
        self.line(MARGIN, MARGIN + 16, right, MARGIN + 16)
        self.setFont("DejaVu", 8)
        self.setFillColor(MUTED)
        self.drawString(MARGIN, MARGIN + 2.6, f"{REFERENCE} · {self.date}")
        self.drawRightString(right, MARGIN + 2.6, f"page {number} / {total}")
        self.saveState()
        self.translate(A4[0] / 2, A4[1] / 2)
        self.rotate(51.6)   # 0.9 rad, counter-clockwise in PDF space
        self.setFont("DejaVu-Bold", 80)
        self.setFillColorRGB(0.85, 0.2, 0.15, alpha=0.13)
        self.drawCentredString(0, -28, REFERENCE)
        self.restoreState()


class Heading(Flowable):
    """A level-1 heading (accent colour, FAIH badge, rule below) or a level-2 heading, with its
    space before and after counted in its height, as IsoFind's Heading."""

    def __init__(self, text: str, level: int = 1, badge: str | None = None):
        super().__init__()
        self.text, self.level, self.badge = text, level, badge
        self.size = 15 if level == 1 else 12
        self.before, self.after = (10, 9.5) if level == 1 else (7, 4)
        self.line = self.size * 1.164 * 1.05

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.before + max(self.line, 15 if self.badge else 0) + self.after

    def draw(self):
        canvas = self.canv
        box = 15 if self.badge else 0
        top = max(self.line, box) + self.after   # y of the text's top (the space before is above it)
        baseline = top - self.size * 0.928
        x = 0
        if self.badge:
            canvas.setFillColor(ACCENT)
            canvas.rect(0, top - box, box, box, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont("DejaVu-Bold", 9)
            canvas.drawCentredString(box / 2, top - box + 4.2, self.badge)
            x = box + 7
        canvas.setFillColor(ACCENT if self.level == 1 else TEXT)
        canvas.setFont("DejaVu-Bold", self.size)
        canvas.drawString(x, baseline, self.text)
        if self.level == 1:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.8)
            canvas.line(0, self.after - 4, self.width, self.after - 4)


class ContinuedTable(LongTable):
    """A long table whose parts after the first show "<heading> (continued)" above their repeated
    header row (IsoFind's Table.continuation)."""

    label = ""
    continued = False
    LABEL_HEIGHT = 9.3 + 3

    def _extra(self):
        return self.LABEL_HEIGHT if self.continued else 0

    def wrap(self, availWidth, availHeight):
        width, height = super().wrap(availWidth, availHeight - self._extra())
        return width, height + self._extra()

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight - self._extra())
        if len(parts) == 2:
            parts[0].label = parts[1].label = self.label
            parts[0].continued, parts[1].continued = self.continued, True
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        if self.continued:
            canvas.setFont("DejaVu-Oblique", 8)
            canvas.setFillColor(MUTED)
            canvas.drawString(x, y + self._height + 3 + 2, self.label + " (continued)")
        super().drawOn(canvas, x, y, _sW)


def distribute(width: float, needs: list[tuple[float, float, float]]) -> list[float]:
    """IsoFind's ColumnWidths.distribute: widths by weight, then room moved from the columns wider
    than their natural width to those that wrap, then no column narrower than its widest word.
    `needs`: (weight, minimum, natural), padding included."""
    total = sum(w for w, _, _ in needs)
    widths = [width * w / total for w, _, _ in needs]
    surplus = [max(0.0, widths[i] - n) for i, (_, _, n) in enumerate(needs)]
    lack = [max(0.0, n - widths[i]) for i, (_, _, n) in enumerate(needs)]
    given = min(sum(surplus), sum(lack))
    if given > 0:
        ts, tl = sum(surplus), sum(lack)
        widths = [widths[i] + given * (lack[i] / tl - surplus[i] / ts) for i in range(len(needs))]
    minimums = [m for _, m, _ in needs]
    if sum(minimums) > width:
        return minimums   # never the case for these tables
    deficit = sum(max(0.0, minimums[i] - widths[i]) for i in range(len(needs)))
    if deficit > 0:
        room = sum(max(0.0, widths[i] - minimums[i]) for i in range(len(needs)))
        widths = [minimums[i] if widths[i] < minimums[i] else widths[i] - deficit * (widths[i] - minimums[i]) / room
                  for i in range(len(needs))]
    return widths


def text_table(label: str, columns: list[tuple[str, float, bool]], rows: list[list[str]]) -> ContinuedTable:
    """IsoFind's Table: `columns` as (title, weight, right-aligned). Widths sized to the content;
    a cell that fits its column on one line stays a plain string, the others become Paragraphs."""
    natural_of: dict[str, float] = {}   # each distinct cell text measured once

    def natural(text: str) -> float:
        found = natural_of.get(text)
        if found is None:
            found = natural_of[text] = pdfmetrics.stringWidth(text, "DejaVu", CELL_SIZE)
        return found

    def widest_word(text: str, font: str = "DejaVu") -> float:
        return max(pdfmetrics.stringWidth(word, font, CELL_SIZE) for word in text.split(" "))

    pad = 2 * PAD_X + 0.5
    needs = []
    for index, (title, weight, _) in enumerate(columns):
        most = pdfmetrics.stringWidth(title, "DejaVu-Bold", CELL_SIZE)
        least = widest_word(title, "DejaVu-Bold")
        for row in rows:
            width = natural(row[index])
            if width > most:
                most = width
            if width > least:   # a text no wider than the widest word so far cannot widen it
                least = max(least, widest_word(row[index]))
        needs.append((weight, least + pad, most + pad))
    widths = distribute(WIDTH, needs)
    inner = [w - 2 * PAD_X for w in widths]
    header = [title if pdfmetrics.stringWidth(title, "DejaVu-Bold", CELL_SIZE) <= inner[i]
              else Paragraph(escape(title), HEAD)
              for i, (title, _, _) in enumerate(columns)]
    styles = [CELL_RIGHT if right else CELL for _, _, right in columns]
    data = [header]
    data += [[text if natural_of[text] <= inner[i] else Paragraph(escape(text), styles[i])
              for i, text in enumerate(row)] for row in rows]
    style = [("FONT", (0, 0), (-1, -1), "DejaVu", CELL_SIZE, CELL_LEADING),
             ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", CELL_SIZE, CELL_LEADING),
             ("TEXTCOLOR", (0, 0), (-1, -1), TEXT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
             ("TOPPADDING", (0, 0), (-1, -1), PAD_Y), ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
             ("BACKGROUND", (0, 0), (-1, 0), ACCENT_LIGHT),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
             ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT), ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE)]
    style += [("ALIGN", (i, 0), (i, -1), "RIGHT") for i, (_, _, right) in enumerate(columns) if right]
    table = ContinuedTable(data, colWidths=widths, repeatRows=1, style=TableStyle(style), spaceAfter=8)
    table.label = label
    return table


def uncertainty_text(value: float, uncertainty: float | None) -> str:
    """MeasurementFormat.format without the scientific branch (no value here needs it): the
    uncertainty to 2 significant digits when it starts with 1 or 2, else 1, never more decimals
    than stored, half away from zero; the value to the same decimal; U+00A0 around ±."""
    v = Decimal(repr(value))
    if uncertainty is None or uncertainty == 0:
        text = format(Decimal(f"{value:.6g}").normalize(), "f")
        text = text if uncertainty is None else text + f"{NBSP}±{NBSP}0"
    else:
        u = Decimal(repr(abs(uncertainty)))
        power = u.adjusted()
        digits = 2 if u.as_tuple().digits[0] <= 2 else 1
        stored = max(0, -u.normalize().as_tuple().exponent)
        decimals = min(digits - 1 - power, stored)
        rounded = u.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        if rounded.adjusted() > power:
            decimals -= 1
        shown = max(0, decimals)
        rv = v.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        text = f"{rv:,.{shown}f}{NBSP}±{NBSP}{rounded:,.{shown}f}"
    return text.replace("-", MINUS)


RATIO = re.compile(r"(\d{1,3})([A-Z][a-z]?)\s*/\s*(\d{1,3})([A-Z][a-z]?)(?:\s*\((.+)\))?")
MASS = re.compile(r"(?:^|(?<=[\s/(\[,;:=δ]))([1-9]\d{0,2})(?=[A-Z])")


def isotope_label(system: str, has_ratio: bool) -> str:
    """IsotopeNotation as IsotopeSignatures uses it: a system with a ratio value, or a radiogenic
    one, is typeset as is (`87Sr/86Sr` → ⁸⁷Sr/⁸⁶Sr); the others are headed by their δ label in ‰
    (`13C/12C (TCE)` → δ¹³C-TCE (‰), `δ34S` → δ³⁴S (‰))."""
    superscript = lambda text: MASS.sub(lambda m: m[1].translate(SUPERSCRIPT), text)
    if not has_ratio:
        ratio = RATIO.fullmatch(system.strip())
        if ratio and ratio[2] == ratio[4] and not (ratio[2] in ("Pb", "He", "Th") or (
                ratio[2] == "Sr" and "87" in (ratio[1], ratio[3]))):
            return f"δ{ratio[1].translate(SUPERSCRIPT)}{ratio[2]}{'-' + ratio[5] if ratio[5] else ''} (‰)"
        if re.match(r"(δ|d|delta)\d", system.strip()):
            return superscript(re.sub(r"^(d|delta)(?=\d)", "δ", system.strip())) + " (‰)"
    return superscript(system)


def inventory_rows(samples: list) -> list[list[str]]:
    rows = []
    for _, name, classification, matrix, material, sector, date, latitude, longitude in samples:
        kind = " / ".join(m for m in (matrix, material) if m is not None)
        rows.append([name, ROLES.get((classification or "").strip().lower(), "unclassified"), kind or MISSING,
                     sector or MISSING, date[:10] if date else MISSING,
                     f"{latitude:.5f}, {longitude:.5f}".replace("-", MINUS) if latitude is not None
                     and longitude is not None else MISSING])
    return rows


def signature_sections(samples: list, isotopes: list) -> list[tuple[str, list[list[str]]]]:
    names = {s[0]: s[1] for s in samples}
    by_sample: dict[int, list] = {}
    for row in isotopes:
        by_sample.setdefault(row[0], []).append(row)
    systems: dict[str, list] = {}
    ratio_systems = set()
    for sample_id, name in names.items():
        for _, system, delta_notation, ratio, ratio_2se, delta, delta_2sd, standard, instrument, session in \
                by_sample.get(sample_id, ()):
            key = system or delta_notation or MISSING
            if ratio is not None:
                ratio_systems.add(key)
                value = uncertainty_text(ratio, ratio_2se)
            elif delta is not None:
                value = uncertainty_text(delta, delta_2sd) + NBSP + "‰"
            else:
                value = MISSING
            systems.setdefault(key, []).append([name, value, standard or MISSING, instrument or MISSING,
                                                session[:10] if session else MISSING])
    return [(isotope_label(key, key in ratio_systems) if key != MISSING else key, rows)
            for key, rows in systems.items()]


def story(samples: list, isotopes: list, date: str) -> list:
    items = [Paragraph(TITLE_TEXT, TITLE), Spacer(1, 40)]   # IsoFind drops the 90 pt space at the page top
    facts = [["Issued by", "IsoFind"], ["Date", date], ["Reference", REFERENCE], ["Language", "English"]]
    items += [Table(facts, colWidths=[WIDTH / 3.2, WIDTH * 2.2 / 3.2], style=KEY_VALUE, spaceAfter=8),
              Table([[Paragraph("This document is a preview: it is neither recorded nor signed.", BODY)]],
                    colWidths=[WIDTH], style=NOTICE, spaceAfter=6),
              Spacer(1, 24), Paragraph(BADGES, CAPTION), PageBreak()]

    rows = inventory_rows(samples)
    items += [Heading("Sample inventory", 1, "F"),
              text_table("Sample inventory", [("Sample", 1.75, False), ("Classification", 0.65, False),
                                              ("Matrix / material", 1.6, False), ("Sector", 1.3, False),
                                              ("Date", 1.0, False), (f"Coordinates (WGS{NBSP}84)", 1.5, False)], rows),
              Paragraph(f"Source: IsoFind samples database (isofind.db), {len(rows):,} sample(s).", CAPTION)]

    items += [CondPageBreak(100), Heading("Isotope signatures", 1, "F")]
    for label, system_rows in signature_sections(samples, isotopes):
        items += [CondPageBreak(70), Heading(label, 2),
                  text_table(label, [("Sample", 1.3, False), ("Value ± uncertainty", 1.6, True),
                                     ("Standard", 1.2, False), ("Instrument", 1.6, False), ("Session", 0.8, False)],
                             system_rows),
                  Paragraph(f"{label}: expanded uncertainties (2SE for ratios, 2SD for δ values in ‰). "
                            "Source: IsoFind samples database.", CAPTION)]
    return items


class Counting(InventoryCanvas):
    pages = 0

    def save(self):
        Counting.pages = len(self._pages)
        super().save()


def build(samples: list, isotopes: list) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    date = today()
    Counting.date = date
    cover = Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, 0, 0, 0, 0, id="cover")
    body = Frame(MARGIN, MARGIN + FOOTER_BAND, WIDTH, A4[1] - 2 * MARGIN - HEADER_BAND - FOOTER_BAND, 0, 0, 0, 0,
                 id="body")
    document = BaseDocTemplate(buffer, pagesize=A4, title=TITLE_TEXT, author="IsoFind", subject=REFERENCE,
                               keywords="cover_page, sample_inventory, isotope_signatures",
                               pageTemplates=[PageTemplate("cover", [cover], autoNextPageTemplate="body"),
                                              PageTemplate("body", [body])])
    document.build(story(samples, isotopes, date), canvasmaker=Counting)
    return buffer.getvalue(), Counting.pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with sqlite3.connect(args.var / "isofind.db") as db:
        samples = db.execute("SELECT id, name, classification, matrix, material_type, sector, collection_date, "
                             "latitude, longitude FROM samples ORDER BY id").fetchall()
        isotopes = db.execute("SELECT sample_id, system, delta_notation, ratio, ratio_2se, delta_value, delta_2sd, "
                              "standard, instrument, session_date FROM sample_isotope ORDER BY id").fetchall()
    build(samples, isotopes)   # warm-up: font files parsed, modules loaded
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        pdf, pages = build(samples, isotopes)
        times.append((time.perf_counter() - start) * 1000)
    p50 = statistics.median(times)
    print(json.dumps({"name": "reportlab_inventory", "runs": len(times), "p50": p50,
                      "p90": sorted(times)[int(0.9 * len(times))], "pages": pages, "ms_per_page": p50 / pages,
                      "bytes": len(pdf), "accelerated": importlib.util.find_spec("_rl_accel") is not None}))


if __name__ == "__main__":
    main()
