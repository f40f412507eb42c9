"""The channel: the ready frame, jobs and replies, end of file."""

from __future__ import annotations

import subprocess
import time

from harness_client import PYTHON, Harness


def test_the_ready_frame_carries_hello_and_the_python_version(fresh_harness):
    version = subprocess.run([PYTHON, "-c", "import sys; print(sys.version.split()[0])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert fresh_harness.ready == {"ready": True, "layers": {}, "python": version}


def test_a_block_reads_data_and_lang(harness):
    data = {"samples": [{"name": "GW-1", "pb": 18.2}, {"name": "GW-2", "pb": 18.4}], "report": {"title": "T"}}
    code = ("names = ', '.join(s['name'] for s in data['samples'])\n"
            "story.append(Paragraph(f'{len(data[\"samples\"])} samples ({lang}): {names}'))\n")
    assert harness.story(code, data=data, lang="fr") == [
        {"kind": "paragraph", "text": "2 samples (fr): GW-1, GW-2", "style": "Normal"}]


def test_a_reply_has_exactly_the_documented_keys(harness):
    ok = harness.run("print('hello')\nwarn('careful')\n")
    assert set(ok) == {"ok", "story", "warnings", "printed", "printed_dropped", "recycle"}
    assert (ok["ok"], ok["story"], ok["warnings"], ok["printed"], ok["printed_dropped"], ok["recycle"]) == \
        (True, [], ["careful"], "hello\n", 0, False)
    failed = harness.run("warn('first')\nprint('out')\nraise ValueError('no')\n")
    assert set(failed) == {"ok", "error", "warnings", "printed", "printed_dropped", "recycle"}
    assert failed["error"] == {"type": "ValueError", "message": "no", "line": 3}
    assert (failed["warnings"], failed["printed"], failed["recycle"]) == (["first"], "out\n", False)


def test_stderr_is_captured_with_stdout(harness):
    reply = harness.run("import sys\nprint('a')\nprint('b', file=sys.stderr)\nsys.stderr.write('c')\n")
    assert reply["printed"] == "a\nb\nc"


def test_a_job_that_is_not_json_is_refused_and_the_next_one_runs(harness):
    harness.send_bytes(b"{not json")
    reply = harness.receive()
    assert reply["ok"] is False and reply["error"]["type"] == "InvalidJob"
    harness.send({"code": "x = 1"})
    assert harness.receive()["error"]["type"] == "InvalidJob"
    assert harness.run("story.append(PageBreak())")["ok"]


def test_missing_limits_take_the_defaults(harness):
    job = harness.job("story.append(Spacer(3))")
    del job["limits"]
    harness.send(job)
    assert harness.receive()["story"] == [{"kind": "spacer", "height": 3.0}]


def test_unicode_round_trips(harness):
    text = "δ²⁰⁶Pb — 18,2 ‰ 🧪"
    assert harness.story(f"story.append(Paragraph(data['t'] + {text!r}))", data={"t": "é"})[0]["text"] == "é" + text


def test_end_of_file_ends_main_cleanly(tmp_path):
    h = Harness(tmp_path / "w")
    assert h.run("story.append(Paragraph('x'))")["ok"]
    started = time.monotonic()
    assert h.close() == 0
    assert time.monotonic() - started < 5
    assert h.stderr_text() == ""


def test_nothing_but_frames_is_written_to_the_channel(tmp_path):
    h = Harness(tmp_path / "w")
    h.run("import os, sys\nprint('x' * 100)\nos.write(1, b'raw stdout')\nos.write(2, b'raw stderr')\n")
    h.sock.shutdown(1)
    rest = b""
    while chunk := h.sock.recv(65536):
        rest += chunk
    assert rest == b""
    assert h.close() == 0


def test_a_jobs_id_comes_back_in_its_reply(harness):
    job = harness.job("story.append(Spacer(1))")
    harness.send({**job, "id": "a1b2"})
    assert harness.receive()["id"] == "a1b2"
    harness.send({**harness.job("1/0"), "id": 7})
    assert harness.receive()["id"] == 7
    assert "id" not in harness.run("story.append(Spacer(1))")
