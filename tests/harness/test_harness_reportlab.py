"""The worker's own `reportlab` subset: ReportLab-style blocks run unchanged, anything else from
ReportLab is an ImportError naming the subset, and the real library is never imported."""

from __future__ import annotations

import base64
import textwrap

import pytest
from harness_client import Harness

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
CM = 72 / 2.54

REPORTLAB_BLOCK = textwrap.dedent("""\
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle, PageBreak, KeepTogether
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    styles = getSampleStyleSheet()
    story.append(Paragraph('Lead isotope summary', styles['Heading1']))
    story.append(Spacer(1, 12))
    t = Table([['Sample', 'Pb 206/204'], ['GW-ALPHA', 18.214], ['GW-BETA', '18.473']],
              colWidths=[5*cm, 3*cm], repeatRows=1)
    t.setStyle(TableStyle([('BACKGROUND', (0, 0), (-1, 0), colors.grey),
                           ('GRID', (0, 0), (-1, -1), 0.5, colors.black),
                           ('FONTNAME', (0, 0), (-1, 0), 'Helvetica-Bold'),
                           ('TEXTCOLOR', (0, 0), (-1, 0), colors.whitesmoke),
                           ('ALIGN', (1, 1), (-1, -1), 'RIGHT'),
                           ('LINEBELOW', (0, 0), (-1, 0), 1, colors.HexColor('#336699')),
                           ('BOX', (0, 0), (-1, -1), 1, colors.Color(0.2, 0.2, 0.2))]))
    story.append(t)
    story.append(KeepTogether([Paragraph('Measured by MC-ICP-MS.', styles['Normal']), PageBreak()]))
    """)


def test_a_reportlab_style_block_renders_its_content(harness):
    assert harness.story(REPORTLAB_BLOCK) == [
        {"kind": "paragraph", "text": "Lead isotope summary", "style": "Heading1"},
        {"kind": "spacer", "height": 12.0},
        {"kind": "table", "rows": [["Sample", "Pb 206/204"], ["GW-ALPHA", "18.214"], ["GW-BETA", "18.473"]],
         "header": True, "col_widths": [pytest.approx(5 * CM), pytest.approx(3 * CM)]},
        {"kind": "paragraph", "text": "Measured by MC-ICP-MS.", "style": "Normal"},
        {"kind": "page_break"},
    ]


def test_the_reportlab_names_can_be_used_next_to_the_contracts(harness):
    code = ("import reportlab.platypus as rl\n"
            "story.append(rl.Paragraph('a'))\n"          # ReportLab's style=None: Normal
            "story.append(Paragraph('b', rl.Paragraph('x').style_name))\n")
    assert [i["style"] for i in harness.story(code)] == ["Normal", "Normal"]


STYLES = [
    ("styles['Title']", "Title", "t"),
    ("styles['BodyText']", "BodyText", "t"),
    ("styles['Italic']", "Italic", "t"),
    ("styles['Code']", "Code", "t"),
    ("styles['Heading3']", "Heading3", "t"),
    ("styles['Heading4']", "Heading3", "t"),
    ("styles['Heading6']", "Heading3", "t"),
    ("styles['h2']", "Heading2", "t"),
    ("styles['Bullet']", "Normal", "t"),
    ("styles['Definition']", "Normal", "t"),
    ("ParagraphStyle('Mine', parent=styles['Heading2'])", "Heading2", "t"),
    ("ParagraphStyle('Mine', parent=ParagraphStyle('Deeper', parent=styles['BodyText']), fontSize=14)",
     "BodyText", "t"),
    ("ParagraphStyle('Lonely')", "Normal", "t"),
    ("ParagraphStyle('Bold', parent=styles['Normal'], fontName='Helvetica-Bold')", "Normal", "<b>t</b>"),
    ("ParagraphStyle('Em', parent=styles['Normal'], fontName='Times-Italic')", "Normal", "<i>t</i>"),
    ("ParagraphStyle('Both', fontName='Helvetica-BoldOblique')", "Normal", "<b><i>t</i></b>"),
    ("ParagraphStyle('H', parent=styles['Heading1'], fontName='Helvetica-Bold')", "Heading1", "t"),
    ("'Heading5'", "Heading3", "t"),
]


@pytest.mark.parametrize("style, name, text", STYLES, ids=[s for s, _, _ in STYLES])
def test_reportlab_styles_map_onto_the_engine_styles(harness, style, name, text):
    code = ("from reportlab.platypus import Paragraph\n"
            "from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle\n"
            "styles = getSampleStyleSheet()\n"
            f"story.append(Paragraph('t', {style}))\n")
    assert harness.story(code) == [{"kind": "paragraph", "text": text, "style": name}]


def test_styles_can_be_copied_cloned_and_even_looped(harness):
    code = textwrap.dedent("""\
        import copy
        from reportlab.lib.styles import getSampleStyleSheet
        s = getSampleStyleSheet()
        bold = s['Normal'].clone('Strong', fontName='Helvetica-Bold')
        deep = copy.deepcopy(s['Heading2'])
        deep.fontSize = 30
        loop = s['Normal'].clone('Loop')
        loop.parent = loop
        story.extend([Paragraph('a', bold), Paragraph('b', deep), Paragraph('c', loop)])
        print(bold.parent.name, s['Heading2'].fontSize, deep.fontSize)
        """)
    reply = harness.run(code)
    assert reply["printed"] == "Normal 14 30\n"
    assert reply["story"] == [{"kind": "paragraph", "text": "<b>a</b>", "style": "Normal"},
                              {"kind": "paragraph", "text": "b", "style": "Heading2"},
                              {"kind": "paragraph", "text": "c", "style": "Normal"}]


def test_a_style_sheet_works_as_reportlabs(harness):
    code = textwrap.dedent("""\
        from reportlab.lib.styles import getSampleStyleSheet, ParagraphStyle
        from reportlab.lib.enums import TA_CENTER
        styles = getSampleStyleSheet()
        styles.add(ParagraphStyle(name='Centered', parent=styles['Normal'], alignment=TA_CENTER))
        try:
            styles.add(ParagraphStyle(name='Normal'))
        except KeyError:
            print('duplicate refused')
        print(styles['Centered'].alignment, styles['Centered'].fontSize, styles['Heading1'].fontName)
        print('Centered' in styles, 'Heading9' in styles, styles.has_key('h1'))
        story.append(Paragraph('c', styles['Centered']))
        """)
    reply = harness.run(code)
    assert reply["printed"] == "duplicate refused\n1 10 Helvetica-Bold\nTrue False True\n"
    assert reply["story"] == [{"kind": "paragraph", "text": "c", "style": "Normal"}]


MARKUP = [
    ("<b>bold</b> <strong>strong</strong> <i>it</i> <em>em</em>", "<b>bold</b> <b>strong</b> <i>it</i> <i>em</i>"),
    ("x<super>2</super> y<sub>i</sub> <u>u</u>", "x<sup>2</sup> y<sub>i</sub> <u>u</u>"),
    ('<font color="red" size="12">r</font> <font size=9>s</font>', '<font color="red">r</font> s'),
    ('<font name="Helvetica-Bold">b</font>', "<b>b</b>"),
    ('<font color=#ff0000><font size=8>a</font>b</font>', '<font color="#ff0000">ab</font>'),
    ('<para align=center>A <a href="http://x">link</a> <strike>s</strike></para>', "A link s"),
    ("line one<br/>line two", "line one<br/>line two"),
    ("  spread\n   over\tlines  ", "spread over lines"),
    ("5&nbsp;&deg;C &amp; &lt;10 &micro;m", "5\u00a0\u00b0C &amp; &lt;10 \u00b5m"),
]


@pytest.mark.parametrize("rl, engine", MARKUP, ids=[m for m, _ in MARKUP])
def test_reportlab_markup_is_brought_to_the_engines(harness, rl, engine):
    code = f"from reportlab.platypus import Paragraph\nstory.append(Paragraph({rl!r}))\n"
    assert harness.story(code)[0]["text"] == engine


def test_the_contracts_paragraph_passes_markup_as_is(harness):
    assert harness.story("story.append(Paragraph('<strong>a</strong>\\nb'))")[0]["text"] == "<strong>a</strong>\nb"


def test_paragraph_bullet_text(harness):
    code = "from reportlab.platypus import Paragraph\nstory.append(Paragraph('item', bulletText='\u2022'))\n"
    assert harness.story(code)[0]["text"] == "\u2022 item"


def test_table_cells_and_options(harness):
    code = textwrap.dedent("""\
        from reportlab.platypus import Paragraph, Table, TableStyle
        from reportlab.lib.styles import getSampleStyleSheet
        s = getSampleStyleSheet()
        rows = [[Paragraph('<b>Name</b> &amp; id', s['Normal']), 'Value'],
                [Paragraph('<i>GW</i>-1', s['Normal']), 'a < b & c'],
                [None, [Paragraph('x'), Paragraph('y')]]]
        t = Table(rows, colWidths=[None, '25%'], style=[('GRID', (0, 0), (-1, -1), 0.25, 'black')],
                  hAlign='LEFT', rowHeights=[20, 20, 20])
        t.setStyle([('VALIGN', (0, 0), (-1, -1), 'TOP')])
        t.setStyle(TableStyle([('SPAN', (0, 0), (1, 0))], parent=TableStyle([('BOX', (0, 0), (-1, -1), 1, 'red')])))
        t.hAlign = 'RIGHT'
        story.append(t)
        print([c[0] for c in t.commands])
        story.append(Table([['no', 'header']]))
        story.append(Table([['h']], repeatRows=2, colWidths=40))
        """)
    reply = harness.run(code)
    assert reply["ok"], reply
    assert reply["printed"] == "['GRID', 'VALIGN', 'BOX', 'SPAN']\n"
    quarter = (210 * 72 / 25.4 - 144) / 4
    assert reply["story"] == [
        {"kind": "table", "header": False, "col_widths": [pytest.approx(quarter), pytest.approx(quarter)],
         "rows": [["<b>Name</b> &amp; id", "Value"], ["<i>GW</i>-1", "a &lt; b &amp; c"], ["", "x<br/>y"]]},
        {"kind": "table", "header": False, "col_widths": None, "rows": [["no", "header"]]},
        {"kind": "table", "header": True, "col_widths": None, "rows": [["h"]]},
    ]


def test_a_header_row_is_plain_text(harness):
    code = ("from reportlab.platypus import Paragraph, Table\n"
            "story.append(Table([[Paragraph('<b>A</b> &amp; B'), 'x < y'], ['<b>c</b>', 'd']], repeatRows=1))\n")
    assert harness.story(code)[0]["rows"] == [["A & B", "x < y"], ["&lt;b&gt;c&lt;/b&gt;", "d"]]


@pytest.mark.parametrize("code, kind, message", [
    ("Table([['a']], style=['GRID'])", "TypeError", "a TableStyle command is a tuple"),
    ("TableStyle([(1, 2)])", "TypeError", "a TableStyle command is a tuple"),
    ("Table([['a']], colwidths=[1])", "TypeError", "unexpected keyword argument 'colwidths'"),
    ("Table([[Spacer(1, 2)]])", "TypeError", "Table cell (0, 0) holds a Spacer"),
    ("Table([['a', 'b']], colWidths=[1])", "ValueError", "colWidths has 1 entries for 2 columns"),
    ("KeepTogether([Paragraph('a'), 'b'])", "TypeError", "KeepTogether item 1 is a str"),
])
def test_reportlab_misuse_is_a_clear_error(harness, code, kind, message):
    error = harness.error(f"from reportlab.platypus import *\n{code}\n")
    assert (error["type"], error["line"]) == (kind, 2)
    assert message in error["message"]


def test_images_from_the_blocks_own_folder_or_a_file_object(harness):
    code = textwrap.dedent(f"""\
        import io, os
        from reportlab.platypus import Image
        with open('plot.png', 'wb') as f:
            f.write({PNG!r})
        os.mkdir('sub')
        with open('sub/b.png', 'wb') as f:
            f.write({PNG!r})
        story.append(Image('plot.png', width=100, height=50))
        story.append(Image(os.path.join(os.getcwd(), 'sub', 'b.png')))
        img = Image(io.BytesIO({PNG!r}))
        img.drawWidth = 72
        img.drawHeight = 10
        story.append(img)
        """)
    png = base64.b64encode(PNG).decode()
    assert harness.story(code) == [
        {"kind": "image", "data": png, "format": "png", "width": 100.0, "caption": None},
        {"kind": "image", "data": png, "format": "png", "width": None, "caption": None},
        {"kind": "image", "data": png, "format": "png", "width": 72.0, "caption": None},
    ]


@pytest.mark.parametrize("path", ["/etc/hostname", "../outside.png", "sub/../../outside.png", "link.png"])
def test_an_image_path_outside_the_blocks_folder_is_refused(harness, path):
    code = ("import os\n"
            "from reportlab.platypus import Image\n"
            "os.symlink('/etc/hostname', 'link.png')\n"
            f"Image({path!r})\n")
    error = harness.error(code)
    assert (error["type"], error["line"]) == ("PermissionError", 4)
    assert error["message"] == (f"Image({path!r}): a block may read only the files it wrote in its own "
                                "temporary folder (its current directory)")


def test_the_lib_modules(harness):
    code = textwrap.dedent("""\
        from reportlab.lib import colors
        from reportlab.lib.units import cm, mm, inch, pica
        from reportlab.lib.pagesizes import A4, letter, landscape, portrait
        from reportlab.lib.enums import TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY
        import reportlab
        print(round(cm, 4), round(mm, 5), inch, pica)
        print([round(v, 2) for v in A4], letter, [round(v, 2) for v in landscape(A4)], portrait((2, 1)))
        print(TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY)
        print(colors.black.rgb(), colors.red.hexval(),
              colors.HexColor('#336699').rgb() == colors.HexColor(0x336699).rgb())
        print(colors.toColor('lightgrey') == colors.lightgrey, colors.toColor((0, 0, 1)).rgb(),
              colors.navajowhite.alpha)
        print(colors.CMYKColor(0, 0, 0, 1).rgb(), colors.Color(1, 0, 0, alpha=0.5).alpha)
        print(reportlab.Version)
        """)
    reply = harness.run(code)
    assert reply["ok"], reply
    assert reply["printed"].splitlines() == [
        "28.3465 2.83465 72.0 12.0",
        "[595.28, 841.89] (612.0, 792.0) [841.89, 595.28] (1, 2)",
        "0 1 2 4",
        "(0.0, 0.0, 0.0) 0xff0000 True",
        "True (0.0, 0.0, 1.0) 1.0",
        "(0.0, 0.0, 0.0) 0.5",
        "isofind-subset",
    ]


@pytest.mark.parametrize("code, line", [
    ("import reportlab.pdfgen", 1),
    ("from reportlab.pdfgen import canvas", 1),
    ("import reportlab.graphics.shapes", 1),
    ("from reportlab.platypus import SimpleDocTemplate", 1),
    ("from reportlab.platypus import Paragraph, Frame", 1),
    ("from reportlab.lib import utils", 1),
    ("import importlib\nimportlib.import_module('reportlab.pdfbase.ttfonts')", 2),
])
def test_anything_else_from_reportlab_is_an_import_error_naming_the_subset(harness, code, line):
    error = harness.error(code)
    assert (error["type"], error["line"]) == ("ImportError", line)
    assert "subset of ReportLab" in error["message"]
    subset = "reportlab.platypus (Paragraph, Spacer, Table, TableStyle, PageBreak, Image, KeepTogether)"
    assert subset in error["message"]


def test_a_name_outside_the_subset_is_an_attribute_error_naming_it(harness):
    error = harness.error("x = 1\nimport reportlab.platypus as p\nprint(hasattr(p, 'Frame'))\np.BaseDocTemplate")
    assert (error["type"], error["line"]) == ("AttributeError", 4)
    assert error["message"].startswith(
        "reportlab.platypus.BaseDocTemplate is not available: custom blocks have a subset")


def test_the_real_reportlab_is_never_imported(tmp_path):
    # A stand-in "real" ReportLab first on the worker's sys.path: it would leave a mark if imported.
    package = tmp_path / "site" / "reportlab"
    (package / "pdfgen").mkdir(parents=True)
    mark = tmp_path / "imported"
    for folder in (package, package / "pdfgen"):
        (folder / "__init__.py").write_text(f"open({str(mark)!r}, 'w').close()\nREAL = True\n")
    h = Harness(tmp_path / "worker", extra_path=[str(tmp_path / "site")])
    try:
        code = textwrap.dedent("""\
            import sys, reportlab
            import reportlab.platypus
            print(hasattr(reportlab, 'REAL'), reportlab.Version)
            for name in [n for n in sys.modules if n.startswith('reportlab')]:
                del sys.modules[name]
            import reportlab.lib.styles
            print(hasattr(reportlab.lib.styles, 'getSampleStyleSheet'))
            try:
                import reportlab.pdfgen
            except ImportError as error:
                print('refused')
            """)
        reply = h.run(code)
        assert reply["ok"], reply
        assert reply["printed"] == "False isofind-subset\nTrue\nrefused\n"
        # Another job, even after the block took the subset's finder away.
        h.run("import sys\nsys.meta_path[:] = [f for f in sys.meta_path if 'Subset' not in type(f).__name__]\n")
        assert h.run("import reportlab\nprint(hasattr(reportlab, 'REAL'))")["printed"] == "False\n"
        assert not mark.exists()
    finally:
        h.close()
