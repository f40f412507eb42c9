"""Generation, history and downloads through nginx: POST /generate, GET /list, GET /{id},
GET /download/{id} (served by nginx from its internal location), DELETE /{id}."""

from __future__ import annotations

import hashlib
import subprocess

import requests

from conftest import auth


def generate(stack, headers, **payload):
    body = {"template_id": 4, "language": "en", "title": "History check"} | payload
    response = requests.post(stack.url("/api/reports/generate"), json=body, headers=headers, timeout=120)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def test_generate_records_writes_and_serves_the_report(stack, tmp_path):
    editor, reader = auth(stack.token("editor")), auth(stack.token("reader"))
    record = generate(stack, editor, title="Suivi trimestriel — Valat Nègre")
    for key in ("id", "title", "created_at", "created_by", "template_id", "blocks", "language", "mode", "sample_ids",
                "pages", "file_size", "sha256", "path", "signature", "download_url", "warnings"):
        assert key in record, key
    assert record["template_id"] == 4 and record["pages"] >= 2
    # Signed with the installation's key at the generation time (tests/e2e/test_signing.py checks the file).
    signature = record["signature"]
    assert set(signature) == {"algorithm", "signer", "certificate_sha256", "signed_at"}, signature
    assert signature["algorithm"] == "ECDSA P-256 with SHA-256" and signature["signed_at"] == record["created_at"]
    stored = stack.var / record["path"]
    assert stored.is_file() and stored.stat().st_size == record["file_size"]
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == record["sha256"]

    fetched = requests.get(stack.url(f"/api/reports/{record['id']}"), headers=reader, timeout=10).json()
    assert {k: v for k, v in fetched.items()} == {k: v for k, v in record.items() if k != "warnings"}

    download = requests.get(stack.url(record["download_url"]), headers=reader, timeout=30)
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert hashlib.sha256(download.content).hexdigest() == record["sha256"]
    assert "attachment" in download.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in download.headers["Content-Disposition"]
    assert "X-Accel-Redirect" not in download.headers
    assert download.headers.get("Accept-Ranges") == "bytes" and download.headers.get("ETag") and download.headers.get("Last-Modified")
    part = requests.get(stack.url(record["download_url"]), headers={**reader, "Range": "bytes=0-4"}, timeout=30)
    assert part.status_code == 206 and part.content == b"%PDF-"
    again = requests.get(stack.url(record["download_url"]), headers={**reader, "If-None-Match": download.headers["ETag"]},
                         timeout=30)
    assert again.status_code == 304

    path = tmp_path / "r.pdf"
    path.write_bytes(download.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Report {record['id']}" in text and "Suivi trimestriel — Valat Nègre" in text and "PREVIEW" not in text

    # The internal location cannot be reached from outside.
    direct = requests.get(stack.url(f"/_protected_reports/{stored.name}"), headers=reader, timeout=10)
    assert direct.status_code == 404


def test_list_is_newest_first_with_paging(stack):
    editor, reader = auth(stack.token("editor")), auth(stack.token("reader"))
    ids = [generate(stack, editor, blocks=["cover_page"], template_id=None)["id"] for _ in range(3)]
    listing = requests.get(stack.url("/api/reports/list"), headers=reader, timeout=10).json()
    assert listing["success"] is True and listing["count"] == len(listing["reports"])
    listed = [report["id"] for report in listing["reports"]]
    assert listed == sorted(listed, reverse=True) and listed[:3] == ids[::-1]
    page = requests.get(stack.url("/api/reports/list"), params={"limit": 1, "offset": 1}, headers=reader, timeout=10).json()
    assert [r["id"] for r in page["reports"]] == [ids[1]] and page["total"] == listing["total"]
    bad = requests.get(stack.url("/api/reports/list"), params={"limit": 0}, headers=reader, timeout=10)
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "limit"]


def test_delete_removes_record_and_file(stack):
    editor, reader = auth(stack.token("editor")), auth(stack.token("reader"))
    record = generate(stack, editor, blocks=["cover_page", "limitations"], template_id=None)
    file = stack.var / record["path"]
    assert requests.delete(stack.url(f"/api/reports/{record['id']}"), headers=reader, timeout=10).status_code == 403
    gone = requests.delete(stack.url(f"/api/reports/{record['id']}"), headers=editor, timeout=10)
    assert gone.status_code == 200 and gone.json() == {"success": True, "id": record["id"]}
    assert not file.exists()
    assert requests.get(stack.url(f"/api/reports/{record['id']}"), headers=reader, timeout=10).status_code == 404
    assert requests.get(stack.url(record["download_url"]), headers=reader, timeout=10).status_code == 404
    assert requests.delete(stack.url(f"/api/reports/{record['id']}"), headers=editor, timeout=10).status_code == 404


def test_refused_generation_and_previews_leave_no_trace(stack):
    editor, reader = auth(stack.token("editor")), auth(stack.token("reader"))
    before = requests.get(stack.url("/api/reports/list"), headers=reader, timeout=10).json()["total"]
    files = set((stack.var / "reports").iterdir())
    assert requests.post(stack.url("/api/reports/generate"), json={"blocks": ["cover_pag"]}, headers=editor,
                         timeout=30).status_code == 422
    assert requests.post(stack.url("/api/reports/generate"), json={"template_id": 1}, headers=reader,
                         timeout=30).status_code == 403
    assert requests.post(stack.url("/api/reports/preview"), json={"template_id": 1, "language": "en"}, headers=editor,
                         timeout=120).status_code == 200
    assert requests.get(stack.url("/api/reports/list"), headers=reader, timeout=10).json()["total"] == before
    assert set((stack.var / "reports").iterdir()) == files


def test_the_seed_example_generates_and_downloads(stack, tmp_path):
    """The seed page's Python example, as an integrator runs it (with a token)."""
    session = requests.Session()
    session.headers.update(auth(stack.token("editor")))
    base = stack.base_url
    sessions = session.get(f"{base}/api/reports/nexus-sessions").json()
    session_id = sessions["sessions"][0]["id"]
    payload = {
        "blocks": ["cover_page", "executive_summary", "sample_inventory", "nexus_processes", "nexus_chain",
                   "limitations", "certification"],
        "title": "Automated Audit -- Nexus session",
        "nexus_session_id": session_id,
        "language": "en",
    }
    report = session.post(f"{base}/api/reports/generate", json=payload).json()
    pdf = session.get(f"{base}/api/reports/download/{report['id']}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Automated Audit -- Nexus session" in text
    for heading in ("Executive summary", "Sample inventory", "Nexus processes", "Nexus chain", "Limitations", "Certification"):
        assert heading in text, heading
    assert f"Nexus session {session_id}" in text
    assert f"page {report['pages']} / {report['pages']}" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {report['pages']}" in info and "IsoFind Reports" in info


def test_branding_appears_in_later_reports(stack, tmp_path):
    admin, editor = auth(stack.admin_token), auth(stack.token("editor"))
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1B5E7A"/></svg>')
    try:
        saved = requests.put(stack.url("/api/reports/branding"), headers=admin, timeout=10,
                             json={"organization_name": "Laboratoire Cévenol d'Isotopie", "logo_path": str(logo)})
        assert saved.status_code == 200, saved.text
        assert saved.json()["is_default"] is False
        report = generate(stack, editor, blocks=["cover_page", "sample_inventory"], template_id=None)
        pdf = requests.get(stack.url(report["download_url"]), headers=editor, timeout=30).content
        path = tmp_path / "branded.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert text.count("Laboratoire Cévenol d'Isotopie") >= 2, "on the cover and in the running header"
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "Author:          Laboratoire Cévenol d'Isotopie" in info
    finally:
        assert requests.delete(stack.url("/api/reports/branding"), headers=admin, timeout=10).status_code == 200


def test_branding_refusals_say_what_is_wrong_and_change_nothing(stack, tmp_path):
    """Every documented 400 of PUT /branding (api.md, "Branding"), each leaving the branding as it was."""
    admin = auth(stack.admin_token)
    url = stack.url("/api/reports/branding")
    before = requests.get(url, headers=admin, timeout=10).json()
    gif = tmp_path / "logo.gif"
    gif.write_bytes(b"GIF89a\x01\x00\x01\x00")
    fake_png = tmp_path / "logo.PNG"
    fake_png.write_text("this is not a PNG")
    fake_svg = tmp_path / "logo.svg"
    fake_svg.write_text("<html>not an svg</html>")
    folder = tmp_path / "folder.png"
    folder.mkdir()
    cases = [
        (str(tmp_path / "absent.png"), f"Logo file not found: {tmp_path / 'absent.png'}"),
        (str(gif), "Unsupported logo file extension '.gif'"),
        (str(fake_png), "not a valid PNG"),
        (str(fake_svg), "not a valid SVG"),
        (str(folder), "not a regular file"),
    ]
    for path, message in cases:
        response = requests.put(url, json={"logo_path": path}, headers=admin, timeout=10)
        assert response.status_code == 400, (path, response.status_code, response.text)
        assert message in response.json()["detail"], (path, response.json())
    assert requests.get(url, headers=admin, timeout=10).json() == before
