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
    assert record["template_id"] == 4 and record["signature"] is None and record["pages"] >= 2
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
