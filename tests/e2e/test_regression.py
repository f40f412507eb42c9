"""The PDF regression check (tests/regression/pdf_digests.py): every built-in template in both
languages, with the rich requests and a fixed SOURCE_DATE_EPOCH, renders the bytes whose SHA-256
digests are committed. A refactoring of the engine or the generation pipeline must keep them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import isofind_bin

SCRIPT = Path(__file__).resolve().parents[1] / "regression" / "pdf_digests.py"


def test_every_template_renders_the_committed_bytes():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--bin", str(isofind_bin())], capture_output=True, text=True)
    assert proc.returncode == 0, (
        "the rendered PDFs differ from tests/regression/pdf-digests.json; if the change is intended, run "
        f"`{SCRIPT.relative_to(SCRIPT.parents[2])} --bin BIN --update` and say in the commit which reports changed "
        f"and why:\n{proc.stdout}{proc.stderr}")
    assert "all 18 reports match" in proc.stdout
