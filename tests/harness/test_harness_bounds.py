"""The story's bounds, the bounded output and the CPU limit."""

from __future__ import annotations

import math
import signal
import time

from harness_client import Harness

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 92  # 100 bytes


def test_too_many_items(harness):
    assert harness.run("for i in range(10):\n    story.append(Spacer(1))\n", limits={"max_items": 10})["ok"]
    error = harness.error("for i in range(11):\n    story.append(Spacer(1))\n", limits={"max_items": 10})
    assert error == {"type": "ValueError", "message": "the story has 11 items; at most 10 are allowed", "line": None}


def test_keep_together_counts_its_items(harness):
    code = "from reportlab.platypus import KeepTogether\nstory.append(KeepTogether([Spacer(1)] * 3))\n"
    assert harness.error(code, limits={"max_items": 2})["message"].startswith("the story has 3 items")


def test_too_much_text(harness):
    # Every string counts, in UTF-8 bytes: 'é' is two.
    code = "story.append(Paragraph('é' * 40))\nstory.append(Table([['x' * 10, 'y' * 10]]))\n"
    assert harness.run(code, limits={"max_text_bytes": 100})["ok"]
    error = harness.error(code + "story.append(Note('z'))\n", limits={"max_text_bytes": 100})
    assert error == {"type": "ValueError", "message": "the story has 101 bytes of text; at most 100 are allowed",
                     "line": None}


def test_too_many_image_bytes(harness):
    code = f"story.append(Image({PNG!r}))\nstory.append(Image({PNG!r}, caption='c'))\n"
    assert harness.run(code, limits={"max_image_bytes": 200})["ok"]
    error = harness.error(code, limits={"max_image_bytes": 199})
    assert error["message"] == "the story's images have 200 bytes; at most 199 are allowed"


def test_a_story_too_large_to_send(harness):
    # Numbers are not text: a bar chart of a million values is still bounded by the reply's size.
    limits = {"max_items": 1, "max_text_bytes": 10, "max_image_bytes": 0, "max_print_bytes": 0}
    error = harness.error("story.append(BarChart(['a'] * 80000, [0.1234567890123456] * 80000))", limits=limits)
    assert error["type"] == "ValueError" and error["message"].startswith("the story has")
    error = harness.error("story.append(BarChart([''] * 80000, [0.1234567890123456] * 80000))", limits=limits)
    assert error["type"] == "ValueError" and error["message"].startswith("the story is too large to send")


def test_a_print_flood_is_bounded_and_quick(harness):
    started = time.monotonic()
    reply = harness.run("print('x' * 10_000_000)\nfor i in range(100_000):\n    print('flood line', i)\n"
                        "story.append(Paragraph('done'))\n", limits={"max_print_bytes": 65536})
    assert time.monotonic() - started < 5
    assert reply["ok"] and reply["story"][0]["text"] == "done"
    assert len(reply["printed"].encode()) == 65536
    assert reply["printed_dropped"] == 10_000_001 + sum(len(f"flood line {i}\n") for i in range(100_000)) - 65536


def test_the_kept_output_never_splits_a_character(harness):
    reply = harness.run("import sys\nsys.stdout.write('é' * 10)\nprint('!')", limits={"max_print_bytes": 5})
    assert reply["printed"] == "éé!"
    assert reply["printed_dropped"] == 20 - 4 + 1


def test_output_that_is_not_str_is_refused_as_print_would(harness):
    assert harness.error("import sys\nsys.stdout.write(b'x')\n")["type"] == "TypeError"


def test_the_cpu_limit_is_the_time_used_so_far_plus_the_jobs(harness):
    code = ("import resource\n"
            "u = resource.getrusage(resource.RUSAGE_SELF)\n"
            "soft, hard = resource.getrlimit(resource.RLIMIT_CPU)\n"
            "print(soft, u.ru_utime + u.ru_stime, hard == resource.RLIM_INFINITY)\n")
    soft, used, unlimited = harness.run(code, limits={"cpu_seconds": 7})["printed"].split()
    assert int(soft) - 7 in (math.ceil(float(used)), math.ceil(float(used)) - 1)
    assert unlimited == "True"  # the hard limit is kept


def test_a_block_over_its_cpu_time_ends_the_worker_with_sigxcpu(tmp_path):
    h = Harness(tmp_path / "w")
    # A handler that an earlier job installed is gone: SIGXCPU ends the worker (the responder
    # reports it as the block's CPU time limit).
    h.run("import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\n")
    started = time.monotonic()
    h.send(h.job("while True:\n    pass\n", limits={"cpu_seconds": 1}))
    assert h.receive() is None
    assert h.close() == -signal.SIGXCPU
    assert time.monotonic() - started < 20  # about 1-2 s of CPU time; wall time depends on the machine's load
