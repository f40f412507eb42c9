"""docs/request-data.md is true: every example request in it is posted to /api/reports/preview
through nginx, must be accepted, and the PDF must print the values the example carries. And the
docs a user reads stand alone: no link leaves the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from pathlib import Path

import pytest
import requests
from conftest import auth

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "request-data.md"
TIMEOUT = 60

# What each section's example must make the PDF print (pdftotext, white space folded).
EXPECTED = {
    "project_data": ["Syndicat mixte des Gardons", "VG-2026-04", "No access to the former slag heap"],
    "nexus_result (or nexus_session_id)": ["Reductive dechlorination", "Sorption", "MW-3-2026-04"],
    "scoring_result": ["ORE-GAL-01", "SOL-REF-01-2026-03", "Mahalanobis multi-isotope (Pb, Sr)"],
    "auto_context_result": ["Zn", "Ionic strength", "0.0042", "thermodynamic"],
    "simulation_result": ["TCE", "cis-DCE", "Vinyl chloride", "1,250 m"],
    "scenarios": ["Reference case", "Low recharge", "recharge_mm", "MT3DMS"],
    "snapshots": ["through the plume"],
    "licence_data": ["Licence holder Laboratoire Cévenol d'Isotopie"],
}


def sections() -> dict[str, str]:
    """The page's `## ` sections, by heading."""
    parts = re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]
    return {part.split("\n", 1)[0].strip(): part for part in parts}


def example(section: str) -> dict:
    blocks = re.findall(r"```json\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 1, "one JSON example per section"
    return json.loads(blocks[0])


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ").split())


def test_every_example_has_expectations():
    with_examples = {name for name, text in sections().items() if "```json" in text}
    assert with_examples == set(EXPECTED)
    # Every request dict of the API is on the page.
    assert {name.split()[0] for name in sections()} >= {
        "project_data", "nexus_result", "scoring_result", "auto_context_result", "simulation_result", "scenarios",
        "snapshots", "licence_data", "mbtiles_path"}


@pytest.fixture(scope="module")
def editor(stack):
    return auth(stack.token("editor", name=f"docs-{uuid.uuid4().hex[:8]}"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_example_is_accepted_and_printed(stack, editor, name, tmp_path):
    body = example(sections()[name])
    response = requests.post(stack.url("/api/reports/preview"), json=body, headers=editor, timeout=TIMEOUT)
    assert response.status_code == 200, response.text[:2000]
    assert response.headers["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in EXPECTED[name]:
        assert expected in text, f"{name}: {expected!r} not in the PDF"


# --- the docs stand alone ----------------------------------------------------------------------

def user_docs() -> list[Path]:
    return [ROOT / "README.md", ROOT / "BENCHMARKS.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("path", user_docs(), ids=lambda p: p.name)
def test_docs_link_only_inside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text and "shared/spec" not in text
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # a URL or an anchor
        resolved = (path.parent / target.split("#")[0]).resolve()
        assert resolved.is_relative_to(ROOT), f"{path.name} links outside the repository: {target}"
        assert resolved.exists(), f"{path.name} links to a missing file: {target}"
