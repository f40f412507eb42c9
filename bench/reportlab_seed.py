"""The ReportLab baseline of the quality bars: the seed's 7-block report with 50 samples, built with
ReportLab's platypus the way a Python report service would (the engine IsoFind itself uses), in
process, to memory. Prints one JSON object: the median and 90th percentile build times in ms.

    python3 bench/reportlab_seed.py --var VAR [--runs N]

Same content as IsoFind Reports' version: a cover with the report's facts, an executive summary
with a bar chart of samples per matrix, the 50-row sample inventory (wrapping cells, header row
repeated), the Nexus processes (key figures and the process table), the Nexus chain (a drawn
diagram and the matches table), limitations and certification; A4, DejaVu Sans embedded, a
running header and a "page x / y" footer (two-pass numbered canvas).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sqlite3
import statistics
import time
from collections import Counter
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reportlab_pages import NumberedCanvas  # registers the fonts too

BODY = ParagraphStyle("body", fontName="DejaVu", fontSize=9.5, leading=12.5, spaceAfter=5)
SMALL = ParagraphStyle("small", fontName="DejaVu", fontSize=7.5, leading=9.5)
CAPTION = ParagraphStyle("caption", parent=SMALL, textColor=colors.HexColor("#5F6B76"))
H1 = ParagraphStyle("h1", fontName="DejaVu-Bold", fontSize=15, leading=19, spaceBefore=10, spaceAfter=8,
                    textColor=colors.HexColor("#1B5E7A"))
H2 = ParagraphStyle("h2", fontName="DejaVu-Bold", fontSize=11, leading=14, spaceBefore=7, spaceAfter=4)
TITLE = ParagraphStyle("title", fontName="DejaVu-Bold", fontSize=26, leading=31, textColor=colors.HexColor("#1B5E7A"))
GRID = TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 7.5), ("FONT", (0, 0), (-1, 0), "DejaVu-Bold", 7.5),
                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8F0F4")),
                   ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F7F8")]),
                   ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#1B5E7A")), ("VALIGN", (0, 0), (-1, -1), "TOP")])


class SeedCanvas(NumberedCanvas):
    """The running header (not on the cover) and the "page x / y" footer."""

    def decorate(self, number: int, total: int) -> None:
        self.setFont("DejaVu", 7.5)
        self.setFillColor(colors.HexColor("#5F6B76"))
        self.drawString(20 * mm, 12 * mm, "PREVIEW · 29 November 2026")
        self.drawRightString(A4[0] - 20 * mm, 12 * mm, f"page {number} / {total}")
        if number > 1:
            self.setFont("DejaVu-Bold", 7.5)
            self.drawString(20 * mm, A4[1] - 14 * mm, "IsoFind")
            self.setFont("DejaVu", 7.5)
            self.drawRightString(A4[0] - 20 * mm, A4[1] - 14 * mm, "Automated Audit -- Nexus session")


def cell(text: str) -> Paragraph:
    return Paragraph(text, SMALL)


def chain_drawing(result: dict) -> Drawing:
    drawing = Drawing(480, 150)
    boxes = [("Initial signature", f"{result['initial']['value']} ± {result['initial']['uncertainty']}")]
    boxes += [(p["name"][:40], f"ε = {p['epsilon']}") for p in result["processes"]]
    boxes.append(("Predicted signature", f"{result['predicted']['value']} ± {result['predicted']['uncertainty']}"))
    for index, (title, value) in enumerate(boxes):
        x, y = 10 + (index % 2) * 240, 110 - (index // 2) * 60
        drawing.add(Rect(x, y, 200, 40, strokeColor=colors.HexColor("#9AA5AE"), fillColor=colors.white))
        drawing.add(String(x + 100, y + 25, title, fontName="DejaVu-Bold", fontSize=7.5, textAnchor="middle"))
        drawing.add(String(x + 100, y + 12, value, fontName="DejaVu", fontSize=7.5, textAnchor="middle"))
        if index % 2 == 0 and index + 1 < len(boxes):
            drawing.add(Line(x + 200, y + 20, x + 240, y + 20, strokeColor=colors.HexColor("#5F6B76")))
    return drawing


def story(samples: list, result: dict) -> list:
    items = [Spacer(1, 90), Paragraph("Automated Audit -- Nexus session", TITLE), Spacer(1, 40)]
    facts = [["Issued by", "IsoFind"], ["Date", "29 November 2026"], ["Reference", "PREVIEW"], ["Language", "English"]]
    items += [Table(facts, colWidths=[140, 330], style=GRID), Spacer(1, 12),
              Paragraph("This document is a preview: it is neither recorded nor signed.", BODY), Spacer(1, 24),
              Paragraph("Each part carries a badge for the nature of its content: F (factual) data as measured or "
                        "provided; A (analytical) calculations and plots derived from the data; I (interpreted) "
                        "hypotheses consistent with the data, never proofs; H (honest) limits, reservations and "
                        "warnings.", CAPTION), PageBreak()]
    matrices = Counter(s[2] or "no matrix" for s in samples)
    items += [Paragraph("Executive summary", H1),
              Paragraph("This summary gathers the report's main figures. It suggests lines of reading; on its own "
                        "it proves no origin.", BODY),
              Paragraph(f"The report covers {len(samples)} samples (source: IsoFind samples database, isofind.db).", BODY),
              Paragraph("By matrix: " + ", ".join(f"{m} {n}" for m, n in matrices.most_common())
                        + " (source: the “matrix” column of the samples database).", BODY)]
    chart = Drawing(480, 110)
    bars = HorizontalBarChart()
    bars.x, bars.y, bars.width, bars.height = 60, 10, 400, 90
    bars.data = [[n for _, n in matrices.most_common()]]
    bars.categoryAxis.categoryNames = [m for m, _ in matrices.most_common()]
    bars.categoryAxis.labels.fontName = bars.valueAxis.labels.fontName = "DejaVu"
    chart.add(bars)
    items += [chart, Paragraph("Number of samples per matrix. Source: IsoFind samples database (isofind.db).", CAPTION)]
    items += [Paragraph("Sample inventory", H1)]
    rows = [[cell(h) for h in ("Sample", "Classification", "Matrix / material", "Sector", "Date", "Coordinates (WGS 84)")]]
    rows += [[cell(s[0]), cell(s[1] or ""), cell(f"{s[2]} / {s[3]}"), cell(s[4] or ""), cell(s[5] or ""),
              cell(f"{s[6]:.5f}, {s[7]:.5f}" if s[6] is not None else "not provided")] for s in samples]
    items += [Table(rows, colWidths=[80, 55, 95, 95, 50, 95], repeatRows=1, style=GRID),
              Paragraph(f"Source: IsoFind samples database (isofind.db), {len(samples)} samples.", CAPTION)]
    items += [Paragraph("Nexus processes", H1), Paragraph("Signatures and mass balance", H2),
              Table([["Element", result.get("element", "")],
                     ["Predicted signature", f"{result['predicted']['value']} ± {result['predicted']['uncertainty']}"],
                     ["Mass balance", f"verified: {result['mass_balance']['verified']}"]], colWidths=[140, 330], style=GRID),
              Paragraph("Processes of the chain", H2)]
    process_rows = [[cell(h) for h in ("#", "Process", "Category", "ε ± u (2σ)", "Model", "f", "Reference")]]
    process_rows += [[cell(str(i + 1)), cell(p["name"]), cell(p["category"]), cell(f"{p['epsilon']} ± {p.get('uncertainty', '')}"),
                      cell(p["model"]), cell(str(p.get("fraction", ""))), cell(p.get("reference", ""))]
                     for i, p in enumerate(result["processes"])]
    items += [Table(process_rows, colWidths=[15, 100, 60, 60, 95, 30, 110], repeatRows=1, style=GRID),
              Paragraph("f: remaining fraction. Source: Nexus session (sessions database workflows.db).", CAPTION)]
    items += [Paragraph("Nexus chain", H1), chain_drawing(result), Paragraph("Matches with the predicted signature", H2)]
    match_rows = [["Reference", "Score", "Class", "Distance (2σ)"]]
    match_rows += [[m["reference"], f"{m['score']:.3f}", m["class"], f"{m['distance']:.2f}"] for m in result["matches"]]
    items += [Table(match_rows, colWidths=[150, 80, 120, 120], style=GRID)]
    items += [Paragraph("Limitations", H1),
              Paragraph("What this report cannot establish, and the reservations to keep in mind when reading it.", BODY),
              Paragraph("Generation warnings", H2), Paragraph("No missing data and no warning were recorded.", BODY),
              Paragraph("What the signature covers", H2),
              Paragraph("An electronic signature proves the document's integrity since signing and its origin. It does "
                        "not vouch for the scientific accuracy of the results, the author's competence, any "
                        "accreditation, or the completeness of the data.", BODY),
              Paragraph("Certification", H1),
              Paragraph("This document is a preview: previews are never signed. Only the final report, generated and "
                        "recorded, carries a verifiable electronic signature.", BODY)]
    return items


def build(samples: list, result: dict) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=22 * mm,
                                 bottomMargin=20 * mm, title="Automated Audit -- Nexus session", author="IsoFind")
    document.build(story(samples, result), canvasmaker=SeedCanvas)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with sqlite3.connect(args.var / "isofind.db") as db:
        samples = db.execute("SELECT name, classification, matrix, material_type, sector, collection_date, latitude, "
                             "longitude FROM samples ORDER BY id LIMIT 50").fetchall()
    with sqlite3.connect(args.var / "workflows.db") as db:
        result = json.loads(db.execute("SELECT result_json FROM nexus_sessions ORDER BY id LIMIT 1").fetchone()[0])
    for _ in range(3):
        build(samples, result)   # warm-up: font files parsed, modules loaded
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        pdf = build(samples, result)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"name": "reportlab_seed", "runs": len(times), "p50": statistics.median(times),
                      "p90": sorted(times)[int(0.9 * len(times))], "bytes": len(pdf),
                      "pages": len(re.findall(rb"/Type /Page\b(?!s)", pdf))}))


if __name__ == "__main__":
    main()
