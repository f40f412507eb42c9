"""POST /api/reports/preview through nginx, and the `render` command: the report engine as a
client meets it. The PDF's text is read back with pdftotext."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess

import requests

from conftest import auth

# The seed page's Python example, with its 7 blocks.
SEED_BLOCKS = ["cover_page", "executive_summary", "sample_inventory", "nexus_processes", "nexus_chain",
               "limitations", "certification"]
HEADINGS_EN = ["Executive summary", "Sample inventory", "Nexus processes", "Nexus chain", "Limitations", "Certification"]


def pdftotext(pdf: bytes, tmp_path, name: str = "report.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def catalogue_names(stack, language: str) -> dict[str, str]:
    blocks = requests.get(stack.url("/api/reports/blocks"), timeout=10).json()["blocks"]
    return {block["key"]: block["name"][language] for block in blocks}


def test_seed_workflow_previews_the_nexus_audit(stack, tmp_path):
    editor = auth(stack.token("editor"))
    sessions = requests.get(stack.url("/api/reports/nexus-sessions"), headers=editor, timeout=10).json()
    session = sessions["sessions"][0]
    files_before = set((stack.var / "reports").iterdir())
    payload = {"blocks": SEED_BLOCKS, "title": "Automated Audit -- Nexus session", "nexus_session_id": session["id"],
               "language": "en"}
    response = requests.post(stack.url("/api/reports/preview"), json=payload, headers=editor, timeout=120)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == 'inline; filename="preview.pdf"'
    pages = int(response.headers["X-Report-Pages"])
    text = pdftotext(response.content, tmp_path)
    assert "Automated Audit -- Nexus session" in text
    names = catalogue_names(stack, "en")
    for key in SEED_BLOCKS[1:]:
        assert names[key] in text, names[key]
    assert f"page 1 / {pages}" in text and f"page {pages} / {pages}" in text
    # The session's sample is the report's sample, named with its source.
    assert session["sample_name"] in text
    assert f"Nexus session {session['id']}" in text
    assert "PREVIEW" in text
    # Nothing is kept: no new file in the reports folder.
    assert set((stack.var / "reports").iterdir()) == files_before


def test_french_preview_of_a_default_template_names_every_sample(stack, tmp_path):
    editor = auth(stack.token("editor"))
    response = requests.post(stack.url("/api/reports/preview"), json={"template_id": 4, "language": "fr"},
                             headers=editor, timeout=120)
    assert response.status_code == 200, response.text[:500]
    text = pdftotext(response.content, tmp_path)
    with sqlite3.connect(stack.var / "isofind.db") as db:
        names = [row[0] for row in db.execute("SELECT name FROM samples")]
    for name in names:
        assert name in text, name
    assert "APERÇU" in text
    assert "Source : base d'échantillons IsoFind (isofind.db)" in text


def test_preview_refusals(stack):
    reader, editor = auth(stack.token("reader")), auth(stack.token("editor"))
    url = stack.url("/api/reports/preview")
    assert requests.post(url, json={"blocks": ["cover_page"]}, timeout=10).status_code == 401
    assert requests.post(url, json={"blocks": ["cover_page"]}, headers=reader, timeout=10).status_code == 403
    missing = requests.post(url, json={"title": "x"}, headers=editor, timeout=10)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body"]
    assert requests.post(url, json={"template_id": 424242}, headers=editor, timeout=10).status_code == 404
    unknown = requests.post(url, json={"blocks": ["cover_page", "cover_pag"]}, headers=editor, timeout=10)
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["msg"] == "unknown block key 'cover_pag'"
    sim = requests.post(url, json={"blocks": ["sim_csia"]}, headers=editor, timeout=10)
    assert sim.status_code == 422 and sim.json()["detail"][0]["loc"] == ["body", "simulation_result"]
    traversal = requests.post(url, json={"blocks": ["cover_page"], "mbtiles_path": "../../../etc/passwd"}, headers=editor,
                              timeout=10)
    assert traversal.status_code == 422 and traversal.json()["detail"][0]["loc"] == ["body", "mbtiles_path"]


def test_render_command_is_the_same_engine_and_reproducible(stack, tmp_path):
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"template_id": 1, "language": "en", "title": "Offline render"}))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795947300", ISOFIND_REPORTS_CONFIG=str(stack.config))
    outputs = []
    for name in ("a.pdf", "b.pdf"):
        out = tmp_path / name
        proc = subprocess.run([str(stack.bin), "render", "--request", str(request), "--out", str(out)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1], "same request, data and SOURCE_DATE_EPOCH must give the same bytes"
    text = pdftotext(outputs[0], tmp_path, "c.pdf")
    assert "Offline render" in text and "29 November 2026" in text
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"blocks": ["nope_block"]}))
    proc = subprocess.run([str(stack.bin), "render", "--request", str(bad), "--out", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "unknown block key 'nope_block'" in proc.stderr
    assert not (tmp_path / "x.pdf").exists()
