"""A block that fails: its exception's type, message and line in the block's own code, and
never a path or a harness traceback."""

from __future__ import annotations

import pytest


def test_an_exception_gives_its_type_message_and_line(harness):
    error = harness.error("x = 1\ny = 0\nstory.append(Paragraph('before'))\nz = x / y\n")
    assert error == {"type": "ZeroDivisionError", "message": "division by zero", "line": 4}


def test_the_line_is_the_last_one_in_the_blocks_code(harness):
    code = ("def outer():\n"
            "    return inner()\n"
            "\n"
            "def inner():\n"
            "    return {}['missing']\n"
            "\n"
            "outer()\n")
    assert harness.error(code) == {"type": "KeyError", "message": "'missing'", "line": 5}


def test_an_exception_inside_the_standard_library_points_at_the_blocks_call(harness):
    error = harness.error("import json\n\njson.loads('{oops')\n")
    assert (error["type"], error["line"]) == ("JSONDecodeError", 3)
    assert error["message"].startswith("Expecting property name")


def test_messages_carry_no_path_of_the_worker(harness):
    error = harness.error("import os\nopen(os.path.join(os.getcwd(), 'missing.txt'))\n")
    assert error == {"type": "FileNotFoundError", "line": 2,
                     "message": "[Errno 2] No such file or directory: './missing.txt'"}
    error = harness.error("import os\nraise RuntimeError(os.path.dirname(os.__file__) + '/x.py is broken')\n")
    assert error["message"] == "<python>/x.py is broken"
    # A harness failure is never a traceback either.
    for reply in (harness.run("raise ValueError('v')"), harness.run("story.append(1)")):
        text = str(reply)
        assert "Traceback" not in text and "harness" not in text and str(harness.temp_dir) not in text


SYNTAX = [
    ("x = 1\ny = (\n", "SyntaxError", 2),
    ("x = 1\nif x:\nprint(x)\n", "IndentationError", 3),
    ("def f():\n    return 1\nreturn 2\n", "SyntaxError", 3),
]


@pytest.mark.parametrize("code, kind, line", SYNTAX)
def test_a_syntax_error_gives_its_line(harness, code, kind, line):
    error = harness.error(code)
    assert (error["type"], error["line"]) == (kind, line)
    assert "<custom_block>" not in error["message"] and error["message"]


def test_a_nul_byte_in_the_code(harness):
    error = harness.error("x = 1\0")
    assert error["type"] in ("SyntaxError", "ValueError")
    assert "null" in error["message"]


def test_a_syntax_error_raised_at_run_time_points_at_the_blocks_line(harness):
    assert harness.error("x = 1\nexec('(')\n")["line"] == 2


@pytest.mark.parametrize("code, message", [
    ("import sys\nsys.exit()", "the block called sys.exit()"),
    ("import sys\nsys.exit(3)", "the block called sys.exit(3)"),
    ("exit('bye')", "the block called sys.exit('bye')"),
    ("raise SystemExit", "the block called sys.exit()"),
])
def test_exit_is_an_error_of_type_system_exit(harness, code, message):
    assert harness.error(code) == {"type": "SystemExit", "message": message, "line": code.count("\n") + 1}


def test_keyboard_interrupt_and_other_base_exceptions(harness):
    assert harness.error("raise KeyboardInterrupt")["type"] == "KeyboardInterrupt"
    assert harness.error("class Odd(BaseException):\n    pass\nraise Odd('x')\n") == \
        {"type": "Odd", "message": "x", "line": 3}


def test_a_memory_error_asks_for_a_new_worker(harness):
    reply = harness.run("chunk = bytearray(1 << 60)\n")
    assert reply["error"] == {"type": "MemoryError", "message": "", "line": 1}
    assert reply["recycle"] is True
    assert harness.run("story.append(Paragraph('next'))")["recycle"] is False


def test_endless_recursion_is_a_recursion_error_and_the_worker_goes_on(harness):
    reply = harness.run("def f(n):\n    return f(n + 1)\nf(0)\n")
    assert reply["error"]["type"] == "RecursionError"
    assert reply["error"]["line"] == 2
    assert reply["recycle"] is False
    assert harness.story("def f(n):\n    return n if n == 0 else f(n - 1)\nstory.append(Spacer(f(500)))\n")


def test_a_long_message_is_truncated(harness):
    error = harness.error("raise ValueError('x' * 2000)")
    assert len(error["message"]) == 500 and error["message"].endswith("\u2026")


def test_a_message_that_cannot_be_read(harness):
    code = "class Bad(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\nraise Bad()\n"
    assert harness.error(code) == {"type": "Bad", "message": "(the exception's message could not be read)", "line": 4}


def test_a_failed_block_returns_no_story_but_its_warnings_and_output(harness):
    reply = harness.run("story.append(Paragraph('a'))\nwarn('w')\nprint('p')\n1/0\n")
    assert "story" not in reply
    assert (reply["warnings"], reply["printed"]) == (["w"], "p\n")
