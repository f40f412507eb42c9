"""The names a block sees: every constructor's JSON, their checks, styles, warn()."""

from __future__ import annotations

import base64

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16

CONSTRUCTORS = [
    ("Paragraph('Hello <b>world</b>')", {"kind": "paragraph", "text": "Hello <b>world</b>", "style": "Normal"}),
    ("Paragraph('t', 'Heading2')", {"kind": "paragraph", "text": "t", "style": "Heading2"}),
    ("Paragraph('t', style=styles['Caption'])", {"kind": "paragraph", "text": "t", "style": "Caption"}),
    ("Heading('Results')", {"kind": "heading", "text": "Results", "level": 2}),
    ("Heading('Detail', level=3)", {"kind": "heading", "text": "Detail", "level": 3}),
    ("Heading('Top', 1)", {"kind": "heading", "text": "Top", "level": 2}),
    ("Heading('Deep', 6)", {"kind": "heading", "text": "Deep", "level": 3}),
    ("Spacer(10)", {"kind": "spacer", "height": 10.0}),
    ("Spacer(1, 12)", {"kind": "spacer", "height": 12.0}),
    ("Spacer(width=1, height=4.5)", {"kind": "spacer", "height": 4.5}),
    ("PageBreak()", {"kind": "page_break"}),
    ("Table([['a', 'b'], [1, 2.5], [True, None]])",
     {"kind": "table", "rows": [["a", "b"], ["1", "2.5"], ["True", ""]], "header": True, "col_widths": None}),
    ("Table([['x']], header=False, col_widths=[2])",
     {"kind": "table", "rows": [["x"]], "header": False, "col_widths": [2.0]}),
    ("Table(((1, 2),), col_widths=(1, 3))",
     {"kind": "table", "rows": [["1", "2"]], "header": True, "col_widths": [1.0, 3.0]}),
    ("KeyValue([('Lab', 'Iso'), ('n', 3)])", {"kind": "key_value", "pairs": [["Lab", "Iso"], ["n", "3"]]}),
    ("KeyValue({'a': 'b', 'c': None})", {"kind": "key_value", "pairs": [["a", "b"], ["c", ""]]}),
    ("Note('Careful')", {"kind": "note", "text": "Careful", "note_kind": "info"}),
    ("Note('Careful', kind='warning')", {"kind": "note", "text": "Careful", "note_kind": "warning"}),
    (f"Image({PNG!r})", {"kind": "image", "data": base64.b64encode(PNG).decode(), "format": "png",
                         "width": None, "caption": None}),
    (f"Image(bytearray({JPEG!r}), width_pt=200, caption='Fig. 1')",
     {"kind": "image", "data": base64.b64encode(JPEG).decode(), "format": "jpeg", "width": 200.0, "caption": "Fig. 1"}),
    (f"Image(memoryview({PNG!r}), 50)", {"kind": "image", "data": base64.b64encode(PNG).decode(), "format": "png",
                                         "width": 50.0, "caption": None}),
    ("BarChart(['a', 2020], [1, 2.5], title='T', unit='mg/L')",
     {"kind": "bar_chart", "labels": ["a", "2020"], "values": [1.0, 2.5], "title": "T", "unit": "mg/L"}),
    ("BarChart(('a',), (0,))", {"kind": "bar_chart", "labels": ["a"], "values": [0.0], "title": None, "unit": None}),
    ("ScatterPlot([(1, 2), (3, 4, 'S1'), [5, 6, None]], 'x', 'y', title='T')",
     {"kind": "scatter_plot", "points": [[1.0, 2.0, None], [3.0, 4.0, "S1"], [5.0, 6.0, None]],
      "x_label": "x", "y_label": "y", "title": "T"}),
]


@pytest.mark.parametrize("code, expected", CONSTRUCTORS, ids=[c for c, _ in CONSTRUCTORS])
def test_each_constructor_gives_its_json(harness, code, expected):
    assert harness.story(f"story.append({code})") == [expected]


def test_all_items_in_one_story_keep_their_order(harness):
    code = "\n".join(f"story.append({c})" for c, _ in CONSTRUCTORS)
    assert harness.story(code) == [e for _, e in CONSTRUCTORS]


def test_styles_holds_the_engine_styles(harness):
    reply = harness.run("print(sorted(styles))\nprint(styles['Heading1'].name)")
    assert reply["printed"] == ("['BodyText', 'Caption', 'Code', 'Heading1', 'Heading2', 'Heading3', 'Italic', "
                                "'Normal', 'Small', 'Title']\nHeading1\n")
    for name in ["Normal", "BodyText", "Small", "Title", "Heading1", "Heading2", "Heading3", "Caption", "Code",
                 "Italic"]:
        assert harness.story(f"story.append(Paragraph('t', styles[{name!r}]))")[0]["style"] == name
        assert harness.story(f"story.append(Paragraph('t', {name!r}))")[0]["style"] == name


def test_numpy_like_numbers_and_iterables_are_accepted(harness):
    # A class registered as numbers.Integral/Real stands in for numpy's scalars.
    code = ("import numbers, fractions\n"
            "story.append(BarChart(iter(['a', 'b']), (v for v in [fractions.Fraction(1, 2), 3])))\n")
    assert harness.story(code)[0]["values"] == [0.5, 3.0]


BAD_ARGUMENTS = [
    ("Paragraph(42)", "TypeError", "Paragraph text must be a str, not int"),
    ("Paragraph('x', 'Fancy')", "ValueError", "unknown style 'Fancy'"),
    ("Paragraph('x', style=3)", "TypeError", "a paragraph style must be"),
    ("Paragraph('\\ud800')", "ValueError", "lone surrogate"),
    ("Heading('x', level='2')", "TypeError", "Heading level must be an int"),
    ("Spacer()", "TypeError", "Spacer needs a height"),
    ("Spacer(-1)", "ValueError", "Spacer height must be 0 or more"),
    ("Spacer(float('nan'))", "ValueError", "must be a finite number"),
    ("Spacer(True)", "TypeError", "Spacer height must be a number, not bool"),
    ("Table([])", "ValueError", "at least one row"),
    ("Table([['a', 'b'], ['c']])", "ValueError", "Table row 1 has 1 cells but row 0 has 2"),
    ("Table([[object()]])", "TypeError", "Table cell (0, 0) must be a str, a number or None, not object"),
    ("Table([[float('inf')]])", "ValueError", "Table cell (0, 0) must be a finite number"),
    ("Table('ab')", "TypeError", "Table rows must be a list, not str"),
    ("Table([['a']], col_widths=[1, 2])", "ValueError", "col_widths has 2 entries for 1 columns"),
    ("Table([['a']], col_widths=[0])", "ValueError", "must be greater than 0"),
    ("KeyValue([('a', 'b', 'c')])", "ValueError", "KeyValue pair 0 must be (key, value)"),
    ("KeyValue([])", "ValueError", "at least one pair"),
    ("Note('x', kind='error')", "ValueError", "Note kind must be 'info' or 'warning'"),
    ("Image('plot.png')", "TypeError", "Image needs the image's bytes"),
    ("Image(b'GIF89a....')", "ValueError", "neither PNG nor JPEG"),
    (f"Image({PNG!r}, width_pt=-3)", "ValueError", "Image width must be greater than 0"),
    ("BarChart(['a', 'b'], [1])", "ValueError", "2 labels but 1 values"),
    ("BarChart([], [])", "ValueError", "at least one value"),
    ("BarChart(['a'], [float('nan')])", "ValueError", "BarChart value 0 must be a finite number"),
    ("BarChart(['a'], ['1'])", "TypeError", "BarChart value 0 must be a number, not str"),
    ("ScatterPlot([(1,)], 'x', 'y')", "ValueError", "must be (x, y) or (x, y, label)"),
    ("ScatterPlot([(1, float('-inf'))], 'x', 'y')", "ValueError", "ScatterPlot y 0 must be a finite number"),
    ("ScatterPlot([(1, 2)], 'x', None)", "TypeError", "ScatterPlot y_label must be a str"),
]


@pytest.mark.parametrize("call, kind, message", BAD_ARGUMENTS, ids=[c for c, _, _ in BAD_ARGUMENTS])
def test_constructors_check_their_arguments_at_the_blocks_line(harness, call, kind, message):
    error = harness.error(f"x = 1\n\nitem = {call}\nstory.append(item)\n")
    assert error["type"] == kind
    assert message in error["message"]
    assert error["line"] == 3


def test_warn_keeps_100_warnings_of_500_characters(harness):
    reply = harness.run("warn('w' * 600)\nfor i in range(150):\n    warn(i)\n")
    assert reply["ok"]
    assert len(reply["warnings"]) == 100
    assert len(reply["warnings"][0]) == 500 and reply["warnings"][0].endswith("\u2026")
    assert reply["warnings"][1:4] == ["0", "1", "2"]


def test_story_items_must_be_made_by_the_constructors(harness):
    error = harness.error("story.append(Paragraph('ok'))\nstory.append({'kind': 'paragraph', 'text': 'x'})\n")
    assert error["type"] == "TypeError" and error["line"] is None
    assert error["message"].startswith("story[1] is a dict, not a story item (made by Paragraph")
    assert harness.error("story.append('text')")["message"].startswith("story[0] is a str")
    assert harness.error("story = 'text'")["message"] == "story must be a list of story items, not str"
    assert "deleted" in harness.error("del story")["message"]
    error = harness.error("class Fake:\n    _items = [{'kind': 'page_break'}]\nstory.append(Fake())\n")
    assert error["message"].startswith("story[0] is a Fake")


def test_story_may_be_rebound_to_a_new_list(harness):
    assert harness.story("story = [Spacer(1)]\n") == [{"kind": "spacer", "height": 1.0}]


def test_an_item_is_fixed_when_made(harness):
    code = ("p = Paragraph('a')\nstory.append(p)\nprint(p.text)\n"
            "try:\n    p.text = 'b'\nexcept AttributeError:\n    print('read-only')\n")
    reply = harness.run(code)
    assert reply["story"][0]["text"] == "a" and reply["printed"] == "a\nread-only\n"
