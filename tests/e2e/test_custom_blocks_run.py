"""Custom blocks at generation time, through nginx: the code runs in the sandboxed worker pool
(python-blocks.md), its story is laid out like a built-in block's, and a block that fails, in
any of the ways python-blocks.md lists, gives an error box in that block, a warning naming its
key, a correct rest of the report, and a responder that serves the next request as before.

The PDF's text is read back with pdftotext, its images with pdfimages.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import time
import uuid

import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 120


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def pdf_images(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return listing.splitlines()[2:]


class Blocks:
    """Makes custom blocks (admin) and reports with them (editor); deletes the blocks at the end."""

    def __init__(self, stack):
        self.stack = stack
        self.admin = auth(stack.admin_token)
        self.editor = auth(stack.token("editor", name=f"run-editor-{uuid.uuid4().hex[:8]}"))
        self.ids: list[int] = []

    def create(self, code: str, name: str = "Laboratory block", **fields) -> dict:
        body = {"key": f"run_{uuid.uuid4().hex[:12]}", "name": name, "code_python": code, "licence": "research",
                "language": "en", **fields}
        response = requests.post(self.stack.url(f"{API}/custom-blocks"), json=body, headers=self.admin, timeout=30)
        assert response.status_code == 200, response.text
        block = response.json()
        self.ids.append(block["id"])
        return block

    def generate(self, keys: list[str], **body) -> tuple[dict, bytes]:
        payload = {"blocks": keys, "language": "en", "title": "Custom block run", **body}
        response = requests.post(self.stack.url(f"{API}/generate"), json=payload, headers=self.editor, timeout=TIMEOUT)
        assert response.status_code == 200, response.text[:1000]
        record = response.json()
        pdf = requests.get(self.stack.url(record["download_url"]), headers=self.editor, timeout=60).content
        assert pdf.startswith(b"%PDF-")
        return record, pdf

    def preview(self, keys: list[str], **body) -> requests.Response:
        payload = {"blocks": keys, "language": "en", **body}
        return requests.post(self.stack.url(f"{API}/preview"), json=payload, headers=self.editor, timeout=TIMEOUT)

    def cleanup(self):
        for block_id in self.ids:
            requests.delete(self.stack.url(f"{API}/custom-blocks/{block_id}"), headers=self.admin, timeout=30)


@pytest.fixture(scope="module")
def blocks(stack):
    b = Blocks(stack)
    yield b
    b.cleanup()


@pytest.fixture(scope="module")
def samples(stack, blocks):
    """Two demo samples: their ids and names."""
    listing = blocks.preview(["sample_inventory"], sample_ids=[1, 2])
    assert listing.status_code == 200
    return [1, 2]


# --- The contract -----------------------------------------------------------------------------

def test_a_block_reads_data_and_lang(blocks, samples, tmp_path):
    block = blocks.create(
        "names = [s['name'] for s in data['samples']]\n"
        "story.append(Paragraph(f'<b>{len(names)} samples</b> seen in {lang}: ' + ', '.join(names)))\n"
        "story.append(Table([['Sample', 'Matrix']] + [[s['name'], s['matrix'] or '-'] for s in data['samples']]))\n"
        "story.append(KeyValue([('Report title', data['report']['title'])]))\n",
        name="Sample digest")
    record, pdf = blocks.generate([block["key"], "sample_inventory"], sample_ids=samples)
    assert not [w for w in record["warnings"] if w.startswith(block["key"])], record["warnings"]
    text = pdf_text(pdf, tmp_path)
    assert "Sample digest" in text                      # the block's name is its heading
    assert "2 samples seen in en:" in text
    assert "Report title" in text and text.count("Custom block run") >= 2   # the header and the block's list
    # The names the block printed are the samples' own: the inventory prints them too.
    names = re.search(r"seen in en: (.*?) Sample Matrix", text).group(1).split(", ")
    assert len(names) == 2 and all(text.count(name) >= 2 for name in names), names


def test_api_calls_limit_what_a_block_sees(blocks, samples, tmp_path):
    block = blocks.create("story.append(Paragraph('sections: ' + ' '.join(sorted(data))))\n", api_calls=["report", "project"])
    everything = blocks.create("story.append(Paragraph('all sections: ' + ' '.join(sorted(data))))\n")
    _, pdf = blocks.generate([block["key"], everything["key"]], sample_ids=samples, project="Lead survey")
    text = pdf_text(pdf, tmp_path)
    assert "sections: project report" in text
    assert "all sections: auto_context nexus project report samples scenarios scoring simulation" in text


def test_blocks_naming_different_sections_each_see_only_theirs(blocks, samples, tmp_path):
    """No block of the report sees everything: the responder builds only the sections named, and
    each block still gets exactly its own."""
    report_only = blocks.create("story.append(Paragraph('report block sees: ' + ' '.join(sorted(data))))\n",
                                api_calls=["report"])
    samples_only = blocks.create(
        "story.append(Paragraph('samples block sees: ' + ' '.join(sorted(data))"
        " + f' ({len(data[\"samples\"])} samples, first {data[\"samples\"][0][\"id\"]})'))\n",
        api_calls=["samples"])
    _, pdf = blocks.generate([report_only["key"], samples_only["key"]], sample_ids=samples)
    text = pdf_text(pdf, tmp_path)
    assert "report block sees: report" in text
    assert "samples block sees: samples (2 samples, first 1)" in text


def test_a_reportlab_style_block_renders_its_content(blocks, tmp_path):
    block = blocks.create(
        "from reportlab.platypus import Paragraph, Spacer, Table, TableStyle\n"
        "from reportlab.lib.styles import getSampleStyleSheet\n"
        "from reportlab.lib import colors\n"
        "from reportlab.lib.units import cm\n"
        "styles = getSampleStyleSheet()\n"
        "story.append(Paragraph('Lead isotope summary', styles['Heading2']))\n"
        "story.append(Spacer(1, 12))\n"
        "t = Table([['Sample', 'Pb 206/204'], ['GW-ALPHA', '18.214'], ['GW-BETA', '18.473']], colWidths=[5*cm, 3*cm], repeatRows=1)\n"
        "t.setStyle(TableStyle([('BACKGROUND', (0, 0), (-1, 0), colors.grey), ('GRID', (0, 0), (-1, -1), 0.5, colors.black),\n"
        "                       ('FONTNAME', (0, 0), (-1, 0), 'Helvetica-Bold'), ('ALIGN', (1, 1), (-1, -1), 'RIGHT')]))\n"
        "story.append(t)\n"
        "story.append(Paragraph('Measured by MC-ICP-MS.', styles['Normal']))\n",
        name="ReportLab block")
    record, pdf = blocks.generate([block["key"]])
    assert not [w for w in record["warnings"] if w.startswith(block["key"])], record["warnings"]
    text = pdf_text(pdf, tmp_path)
    for expected in ["ReportLab block", "Lead isotope summary", "Sample Pb 206/204", "GW-ALPHA 18.214", "GW-BETA 18.473",
                     "Measured by MC-ICP-MS."]:
        assert expected in text, expected


def test_a_numpy_and_matplotlib_block_embeds_its_figure(blocks, tmp_path):
    block = blocks.create(
        "import io\n"
        "import numpy as np\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "x = np.linspace(0.0, 1.0, 50)\n"
        "fig, ax = plt.subplots(figsize=(4, 3))\n"
        "ax.plot(x, x ** 2)\n"
        "buffer = io.BytesIO()\n"
        "fig.savefig(buffer, format='png', dpi=72)\n"
        "plt.close(fig)\n"
        "story.append(Image(buffer.getvalue(), width_pt=300, caption='Quadratic fit'))\n"
        "story.append(Paragraph(f'mean of x squared: {np.mean(x ** 2):.4f}'))\n",
        name="Scientific block")
    record, pdf = blocks.generate([block["key"]])
    assert not [w for w in record["warnings"] if w.startswith(block["key"])], record["warnings"]
    text = pdf_text(pdf, tmp_path)
    expected = sum((i / 49) ** 2 for i in range(50)) / 50
    assert f"mean of x squared: {expected:.4f}" in text
    assert "Quadratic fit" in text
    images = pdf_images(pdf, tmp_path)
    assert any(" image " in line and re.search(r"\s288\s+216\s", line) for line in images), images


def test_an_exception_is_an_error_box_with_its_line(blocks, tmp_path):
    block = blocks.create("x = 1\ny = 0\nstory.append(Paragraph('before'))\nz = x / y\n", name="Broken block")
    record, pdf = blocks.generate([block["key"], "limitations"])
    warnings = [w for w in record["warnings"] if w.startswith(block["key"])]
    assert warnings and "ZeroDivisionError" in warnings[0], record["warnings"]
    text = pdf_text(pdf, tmp_path)
    assert "This custom block could not be produced: ZeroDivisionError: division by zero (line 4)." in text
    assert "before" not in text.split("Broken block", 1)[1].split("Limitations", 1)[0]
    assert "/" + "tmp" not in text and "harness" not in text and "Traceback" not in text


# --- Hostile blocks ---------------------------------------------------------------------------

HOSTILE = {
    "endless_loop": ("while True:\n    pass\n", "TimeoutError"),
    "unbounded_allocation": ("chunks = []\nwhile True:\n    chunks.append(bytearray(50 << 20))\n", "MemoryError"),
    # One C-level operation that holds the GIL (about 2 s here): repeated, it outlasts the 5 s limit.
    "huge_power": ("for n in range(10):\n    x = 7 ** (7 ** 8)\n", "TimeoutError"),
    "exit": ("import os\nos._exit(1)\n", "WorkerExited"),
    "segfault": ("import ctypes\nctypes.string_at(0)\n", "WorkerCrashed"),
    "endless_recursion": ("def f(n):\n    return f(n + 1)\nf(0)\n", "RecursionError"),
    "open_store": ("open({store!r}, 'rb').read()\n", "PermissionError"),
    "read_signing_key": ("import os\nfor name in os.listdir({keys!r}):\n    open(os.path.join({keys!r}, name)).read()\n"
                         "open({keys!r} + '/signing.key').read()\n", "PermissionError"),
    "socket": ("import socket\ns = socket.create_connection(('127.0.0.1', {port}))\n", "PermissionError"),
    "subprocess": ("import subprocess\nsubprocess.run(['/bin/sh', '-c', 'echo pwned'])\n", "PermissionError"),
    "os_system": ("import os\nstatus = os.system('echo pwned')\nif status != 0:\n    raise PermissionError(f'os.system refused ({{status}})')\n",
                  "PermissionError"),
    "fork": ("import os\nos.fork()\n", "PermissionError"),
}


def trivial_round_trip(blocks, key) -> float:
    started = time.monotonic()
    response = blocks.preview([key])
    assert response.status_code == 200, response.text[:500]
    return time.monotonic() - started


@pytest.fixture(scope="module")
def trivial(blocks):
    block = blocks.create("story.append(Paragraph('trivial block ran'))\n", name="Trivial block")
    # Warm, then the reference time of a report with a trivial custom block.
    trivial_round_trip(blocks, block["key"])
    reference = min(trivial_round_trip(blocks, block["key"]) for _ in range(3))
    return block["key"], reference


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_block_is_contained(name, stack, blocks, trivial, tmp_path):
    code, error = HOSTILE[name]
    code = code.format(store=str(stack.var / "reports.db"), keys=str(stack.var / "keys"), port=stack.http_port)
    block = blocks.create(code, name=f"Hostile {name}")
    record, pdf = blocks.generate([block["key"], "limitations"])
    warnings = [w for w in record["warnings"] if w.startswith(block["key"])]
    assert warnings, record["warnings"]
    assert error in warnings[0], warnings
    text = pdf_text(pdf, tmp_path)
    assert f"Hostile {name}" in text
    assert f"This custom block could not be produced: {error}" in text
    assert "Limitations" in text                         # the rest of the report is there
    assert "pwned" not in text
    # The next request is served at normal speed.
    key, reference = trivial
    elapsed = min(trivial_round_trip(blocks, key) for _ in range(2))
    assert elapsed < max(3 * reference, reference + 1.0), (elapsed, reference)


def test_a_print_flood_is_truncated_in_the_log(stack, blocks, tmp_path):
    block = blocks.create("for i in range(200000):\n    print('flood line', i)\nstory.append(Paragraph('flood done'))\n")
    record, pdf = blocks.generate([block["key"]])
    assert "flood done" in pdf_text(pdf, tmp_path)
    log = stack.responder_log()
    lines = [line for line in log.splitlines() if "custom block printed" in line and block["key"] in line]
    assert lines, "the printed output was not logged"
    assert all(len(line) < 200_000 for line in lines)
    assert "dropped_bytes" in lines[-1] and "flood line 0" in lines[-1]


def process_status(pid: int) -> dict[str, int]:
    """The responder's RSS (KiB) and its own threads. libdispatch's worker threads (named
    `com.apple.root.<qos>`, shown truncated in /proc) are not counted: Foundation starts them on
    demand and libdispatch ends them after a few idle seconds, so their number depends on timing,
    not on what the responder holds. They are counted apart, and must stay few."""
    fields = {}
    for line in open(f"/proc/{pid}/status"):
        key, _, value = line.partition(":")
        if key == "VmRSS":
            fields[key] = int(value.split()[0])
    names = []
    for task in glob.glob(f"/proc/{pid}/task/*/comm"):
        try:
            names.append(open(task).read().strip())
        except OSError:  # the thread ended meanwhile
            pass
    dispatch = [n for n in names if n.endswith("-qos") or n.endswith(".overcommit") or n.startswith("com.apple.root")]
    fields["Threads"] = len(names) - len(dispatch)
    fields["DispatchThreads"] = len(dispatch)
    return fields


def test_the_responder_is_unchanged_after_200_hostile_jobs(stack, blocks):
    hostile = [blocks.create(code)["key"] for code in (
        "import os\nos._exit(3)\n",
        "import ctypes\nctypes.string_at(0)\n",
        "raise ValueError('no')\n",
        "import os\nos.fork()\n",
        "open('/etc/shadow').read()\n",
    )]
    pid = stack.responder.pid
    # Settle: the first jobs of each kind warm caches that stay.
    for key in hostile * 4:
        assert blocks.preview([key]).status_code == 200
    before = process_status(pid)
    for index in range(200):
        assert blocks.preview([hostile[index % len(hostile)]]).status_code == 200
    after = process_status(pid)
    assert after["Threads"] == before["Threads"], (before, after)
    assert after["DispatchThreads"] <= 4, (before, after)
    # RSS within noise: at most 10 % or 8 MiB more, whichever is larger.
    assert after["VmRSS"] <= before["VmRSS"] + max(before["VmRSS"] // 10, 8 * 1024), (before, after)
    # No worker left behind: the responder's children are its pool's workers, no more.
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    assert len(children) <= 2, children
    zombies = [c for c in children if open(f"/proc/{c}/stat").read().split(") ")[1].startswith("Z")]
    assert not zombies
