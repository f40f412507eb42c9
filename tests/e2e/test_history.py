"""Generation, history and downloads through nginx: POST /generate, GET /list, GET /{id},
GET /download/{id} (served by nginx from its internal location), DELETE /{id}; the history's
filters and keyset paging, on real reports and on a second stack whose store holds a seeded
history (`isofind-reports seed-history`)."""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import subprocess

import pytest
import requests

from conftest import auth, separate_stack


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


# --- filters and keyset paging ---------------------------------------------------------------

SEEDED = 2500


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A stack of its own whose store holds SEEDED seeded records (a history of 400 days), so that
    filters and pages are checked against a known store without touching the shared stack's
    history."""
    with separate_stack(tmp_path_factory.mktemp("history") / "var") as s:
        out = s.cli("seed-history", "--config", str(s.config), "--count", str(SEEDED), "--days", "400").stdout
        assert f"Seeded {SEEDED} made-up report records (ids 1–{SEEDED})" in out, out
        yield s
        assert s.stop() == 0, s.responder_log()[-3000:]


def store_ids(stack, where: str = "", args: tuple = ()) -> list[int]:
    """The ids the store holds for WHERE, newest first: the oracle of the listing tests."""
    with sqlite3.connect(f"file:{stack.var / 'reports.db'}?mode=ro", uri=True) as db:
        return [row[0] for row in db.execute(f"SELECT id FROM reports {where} ORDER BY id DESC", args)]


def walk(stack, headers, limit: int, **filters) -> tuple[list[int], set[int]]:
    """Every page of GET /list by keyset (before_id = the last id of the previous page); returns the
    ids in order and the totals seen."""
    ids, totals, params = [], set(), {"limit": limit, **filters}
    while True:
        page = requests.get(stack.url("/api/reports/list"), params=params, headers=headers, timeout=10)
        assert page.status_code == 200, page.text
        body = page.json()
        assert body["count"] == len(body["reports"]) <= limit
        totals.add(body["total"])
        ids += [report["id"] for report in body["reports"]]
        if body["count"] < limit:
            return ids, totals
        params["before_id"] = body["reports"][-1]["id"]


def test_keyset_paging_visits_every_seeded_record_once_newest_first(seeded):
    reader = auth(seeded.token("reader"))
    ids, totals = walk(seeded, reader, 1000)
    assert ids == store_ids(seeded) == list(range(SEEDED, 0, -1))
    assert totals == {SEEDED}
    # The same deep page by offset and by keyset.
    by_offset = requests.get(seeded.url("/api/reports/list"), params={"limit": 100, "offset": SEEDED - 100},
                             headers=reader, timeout=10).json()
    by_keyset = requests.get(seeded.url("/api/reports/list"), params={"limit": 100, "before_id": 101},
                             headers=reader, timeout=10).json()
    assert [r["id"] for r in by_offset["reports"]] == [r["id"] for r in by_keyset["reports"]] == list(range(100, 0, -1))
    assert by_offset["total"] == by_keyset["total"] == SEEDED
    # Offset counts from before_id.
    both = requests.get(seeded.url("/api/reports/list"), params={"limit": 3, "before_id": 50, "offset": 10},
                        headers=reader, timeout=10).json()
    assert [r["id"] for r in both["reports"]] == [39, 38, 37]


def test_filters_select_exactly_the_matching_records(seeded):
    reader = auth(seeded.token("reader"))
    with sqlite3.connect(f"file:{seeded.var / 'reports.db'}?mode=ro", uri=True) as db:
        creator = db.execute("SELECT created_by FROM reports GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 2").fetchone()[0]
        middle = db.execute("SELECT created_at FROM reports WHERE id = ?", (SEEDED // 2,)).fetchone()[0]
    start = datetime.datetime.fromisoformat(middle.replace("Z", "+00:00"))
    after = (start - datetime.timedelta(days=30)).date().isoformat()             # a date: midnight UTC
    before = (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+01:00")   # = start, in UTC
    cases = [
        ({"template_id": 2}, "WHERE template_id = ?", (2,)),
        ({"created_by": creator}, "WHERE created_by = ?", (creator,)),
        ({"created_by": "nobody-at-all"}, "WHERE created_by = ?", ("nobody-at-all",)),
        ({"created_after": after}, "WHERE created_at >= ?", (after + "T00:00:00Z",)),
        ({"created_before": before}, "WHERE created_at < ?", (middle,)),
        ({"created_after": after, "created_before": before, "template_id": 1, "created_by": creator},
         "WHERE created_at >= ? AND created_at < ? AND template_id = 1 AND created_by = ?",
         (after + "T00:00:00Z", middle, creator)),
    ]
    for filters, where, args in cases:
        expected = store_ids(seeded, where, args)
        ids, totals = walk(seeded, reader, 97, **filters)
        assert ids == expected, filters
        assert totals == {len(expected)}, filters
        if "created_by" in filters and expected:
            page = requests.get(seeded.url("/api/reports/list"), params=filters, headers=reader, timeout=10).json()
            assert {r["created_by"] for r in page["reports"]} == {filters["created_by"]}
    # The filters are not vacuous: each non-empty case above selected some but not all records.
    assert 0 < len(store_ids(seeded, "WHERE template_id = 2")) < SEEDED
    assert 0 < len(store_ids(seeded, *cases[-1][1:])) < len(store_ids(seeded, "WHERE created_by = ?", (creator,)))
    # The upper bound is exclusive: the record created at `middle` is on the far side of it.
    assert SEEDED // 2 not in store_ids(seeded, "WHERE created_at < ?", (middle,))


@pytest.mark.parametrize("params, loc, message", [
    ({"template_id": "two"}, "template_id", "Input should be a valid integer"),
    ({"template_id": 0}, "template_id", "Input should be greater than or equal to 1"),
    ({"before_id": 0}, "before_id", "Input should be greater than or equal to 1"),
    ({"before_id": "1.5"}, "before_id", "Input should be a valid integer"),
    ({"created_by": ""}, "created_by", "String should have at least 1 character"),
    ({"created_after": "yesterday"}, "created_after", "Input should be an ISO 8601 date or date and time"),
    ({"created_after": "2026-02-30"}, "created_after", "Input should be an ISO 8601 date or date and time"),
    ({"created_before": "2026-03-01T25:00:00Z"}, "created_before", "Input should be an ISO 8601 date or date and time"),
    ({"created_before": "2026-03-01T10:00:00+0100x"}, "created_before", "Input should be an ISO 8601 date or date and time"),
    ({"created_after": "2026-03-01", "created_before": "2026-03-01"}, "created_before",
     "created_before must be later than created_after"),
])
def test_bad_filter_values_are_422_at_their_query_location(seeded, params, loc, message):
    reader = auth(seeded.token("reader"))
    response = requests.get(seeded.url("/api/reports/list"), params=params, headers=reader, timeout=10)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert [issue["loc"] for issue in detail] == [["query", loc]], detail
    assert detail[0]["msg"].startswith(message), detail


def test_every_problem_of_a_listing_is_reported_at_once(seeded):
    reader = auth(seeded.token("reader"))
    response = requests.get(seeded.url("/api/reports/list"), headers=reader, timeout=10,
                            params={"limit": 0, "created_after": "soon", "template_id": "x"})
    assert response.status_code == 422
    assert sorted(issue["loc"][1] for issue in response.json()["detail"]) == ["created_after", "limit", "template_id"]


def test_a_seeded_record_says_what_it_is_and_has_no_file(seeded):
    reader = auth(seeded.token("reader"))
    record = requests.get(seeded.url("/api/reports/7"), headers=reader, timeout=10).json()
    assert record["title"].startswith("[seeded] ") and record["signature"] is None
    assert record["path"] == "reports/seeded-7.pdf" and record["sha256"] == "0" * 64
    assert not (seeded.var / "reports" / "seeded-7.pdf").exists()
    download = requests.get(seeded.url(record["download_url"]), headers=reader, timeout=10)
    assert download.status_code == 404 and download.json() == {"detail": "The file of report 7 is missing."}
    # --remove deletes what was seeded; seeding again continues the numbering. (This changes the
    # module's store: it is the last test of the module on `seeded`.)
    removed = seeded.cli("seed-history", "--config", str(seeded.config), "--remove")
    assert f"Deleted {SEEDED} seeded records" in removed.stdout
    assert requests.get(seeded.url("/api/reports/list"), headers=reader, timeout=10).json()["total"] == 0
    again = seeded.cli("seed-history", "--config", str(seeded.config), "--count", str(SEEDED), "--days", "400")
    assert f"(ids {SEEDED + 1}–{2 * SEEDED})" in again.stdout, "ids are reserved, never reused"
    assert requests.get(seeded.url("/api/reports/list"), headers=reader, timeout=10).json()["total"] == SEEDED


def test_the_seeder_refuses_a_store_with_real_reports(stack):
    editor = auth(stack.token("editor"))
    generate(stack, editor, blocks=["cover_page"], template_id=None)
    refused = stack.cli("seed-history", "--config", str(stack.config), "--count", "5", check=False)
    assert refused.returncode != 0 and "real reports" in refused.stderr and "--alongside-real-reports" in refused.stderr


def test_real_reports_filter_by_their_token_and_template(stack):
    name = f"history-filter-{datetime.datetime.now().strftime('%H%M%S%f')}"
    mine, other = auth(stack.token("editor", name=name)), auth(stack.token("editor"))
    reader = auth(stack.token("reader"))
    first = generate(stack, mine, blocks=["cover_page"], template_id=None)
    generate(stack, other, blocks=["cover_page"], template_id=None)
    second = generate(stack, mine)   # template 4
    assert first["created_by"] == second["created_by"] == name
    listing = requests.get(stack.url("/api/reports/list"), params={"created_by": name}, headers=reader, timeout=10).json()
    assert [r["id"] for r in listing["reports"]] == [second["id"], first["id"]] and listing["total"] == 2
    both = requests.get(stack.url("/api/reports/list"), params={"created_by": name, "template_id": 4}, headers=reader,
                        timeout=10).json()
    assert [r["id"] for r in both["reports"]] == [second["id"]] and both["total"] == 1
    since = requests.get(stack.url("/api/reports/list"), headers=reader, timeout=10,
                         params={"created_by": name, "created_after": first["created_at"]}).json()
    assert {r["id"] for r in since["reports"]} == {first["id"], second["id"]}, "created_after is inclusive"


def test_the_openapi_document_describes_the_filters(stack):
    document = requests.get(stack.url("/api/reports/openapi.json"), timeout=10).json()
    operation = document["paths"]["/api/reports/list"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"limit", "offset", "before_id", "template_id", "created_by", "created_after", "created_before"}
    assert parameters["created_after"]["schema"].get("format") == "date-time"
    assert parameters["before_id"]["schema"]["minimum"] == 1
    assert "before_id" in operation["description"] and "422" in operation["responses"]
