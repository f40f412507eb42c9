"""Faults (README, "When things go wrong"): each on a stack of its own (conftest.separate_stack),
so the session's stack never sees them.

* SIGKILL of the responder during 20 concurrent generations, then a restart: every listed
  report downloads and is the recorded file, no PDF is left without a record, the store's
  `PRAGMA integrity_check` is ok, and every client got a whole answer or an error, never a
  record without a file.
* The start-up sweep with two responders on one data folder: a responder that is not alone
  removes only old files that no record names, never a file another one may be recording.
* A full disk during a generation (a small tmpfs mounted by the test, as root): a 500 that says
  the disk is full, nothing recorded, no partial file; the same request works once there is room.
* A locked or corrupt samples or sessions database: a clear detail on the calls that need it,
  while tokens, templates, the list and downloads keep working.

No timing is asserted: when to kill is chosen by watching the reports folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from conftest import Stack, describe, separate_stack, wait_for
from rich_requests import rich_request

API = "/api/reports"
CLIENTS = 20


def listed(stack: Stack, token: str) -> list[dict]:
    response = requests.get(stack.url(f"{API}/list"), params={"limit": 1000}, headers=stack.auth(token), timeout=30)
    assert response.status_code == 200, describe(response)
    body = response.json()
    assert body["count"] == body["total"], "more reports than one page"
    return body["reports"]


def recorded_files(var: Path) -> dict[int, tuple[str, int, str]]:
    """The store's own view: id -> (file name, size, sha256), read straight from reports.db."""
    with sqlite3.connect(f"file:{var / 'reports.db'}?mode=ro", uri=True) as db:
        return {row[0]: (row[1], row[2], row[3])
                for row in db.execute("SELECT id, file_name, file_size, sha256 FROM reports")}


def integrity(var: Path) -> str:
    with sqlite3.connect(f"file:{var / 'reports.db'}?mode=ro", uri=True) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def pdfs_in(var: Path) -> set[str]:
    return {entry.name for entry in (var / "reports").iterdir() if entry.name.endswith((".pdf", ".pdf.tmp"))}


def assert_every_report_whole(stack: Stack, token: str) -> list[dict]:
    """Every listed report downloads and is the recorded file; no report file without a record."""
    reports = listed(stack, token)
    records = recorded_files(stack.var)
    assert {report["id"] for report in reports} == set(records)
    for report in reports:
        download = requests.get(stack.url(report["download_url"]), headers=stack.auth(token), timeout=60)
        assert download.status_code == 200, describe(download)
        assert len(download.content) == report["file_size"] == records[report["id"]][1]
        assert hashlib.sha256(download.content).hexdigest() == report["sha256"] == records[report["id"]][2]
        assert download.content.startswith(b"%PDF-")
    assert pdfs_in(stack.var) == {name for name, _, _ in records.values()}, "a report file without a record, or the reverse"
    assert integrity(stack.var) == "ok"
    return reports


def test_sigkill_during_concurrent_generations_loses_nothing(tmp_path):
    with separate_stack(tmp_path / "var", {"render_workers": 2, "render_queue_depth": 32,
                                           "render_queue_wait_seconds": 110}) as stack:
        editor = stack.token("editor")
        # A large report (the expert template with every request dict), so that generations are
        # still running and waiting when the responder is killed.
        body = rich_request(2, "fr")
        answers: list[tuple[int, dict | None]] = []
        lock = threading.Lock()

        def generate() -> None:
            try:
                response = requests.post(stack.url(f"{API}/generate"), json=body, headers=stack.auth(editor), timeout=180)
                try:
                    payload = response.json()
                except ValueError:
                    payload = None
                answer = (response.status_code, payload)
            except requests.RequestException:
                answer = (0, None)  # the connection itself failed: an error, as a client sees it
            with lock:
                answers.append(answer)

        with ThreadPoolExecutor(CLIENTS) as pool:
            for _ in range(CLIENTS):
                pool.submit(generate)
            # Kill once a client has its report and the others are rendering or waiting.
            assert wait_for(lambda: any(status == 200 for status, _ in answers) or len(answers) >= CLIENTS, 150), \
                stack.responder_log()
            stack.responder.send_signal(signal.SIGKILL)
            stack.responder.wait()
        assert len(answers) == CLIENTS
        assert stack.responder.returncode == -signal.SIGKILL

        # What a kill between a file and its record leaves, planted, so that the sweep is
        # checked even when this kill landed elsewhere.
        (stack.var / "reports" / "report-999991.pdf").write_bytes(b"%PDF-1.7 orphan")
        (stack.var / "reports" / ".report-999992.pdf.tmp").write_bytes(b"%PDF-1.7 partial")

        stack.stop()
        stack.start()
        reports = assert_every_report_whole(stack, editor)
        ids = {report["id"] for report in reports}
        assert "report-999991.pdf" not in pdfs_in(stack.var) and ".report-999992.pdf.tmp" not in pdfs_in(stack.var)

        ok = [payload for status, payload in answers if status == 200]
        assert ok, f"no generation finished before the kill: {answers}"
        assert len(ok) < CLIENTS, "the kill came after every generation: nothing was interrupted"
        for payload in ok:
            # Every whole answer is a listed report whose file is the one the client was told about.
            assert payload["id"] in ids
            report = next(report for report in reports if report["id"] == payload["id"])
            assert (report["sha256"], report["file_size"]) == (payload["sha256"], payload["file_size"])
        for status, payload in answers:
            assert status in (0, 200, 500, 502, 503, 504), (status, payload)

        # The restarted responder generates as before.
        again = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor), timeout=120)
        assert again.status_code == 200, describe(again)
        assert_every_report_whole(stack, editor)
        assert stack.stop() == 0, stack.responder_log()


def test_a_responder_that_is_not_alone_sweeps_only_old_orphans(tmp_path):
    with separate_stack(tmp_path / "var") as stack:
        editor = stack.token("editor")
        made = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor), timeout=120)
        assert made.status_code == 200, describe(made)

        # A second responder on the same data folder (its own socket): it holds the folder's lock.
        other_socket = stack.var / "run" / "other.sock"
        other_log = open(stack.var / "other-responder.log", "ab")
        other = subprocess.Popen([str(stack.bin), "serve", "--config", str(stack.config), "--socket", str(other_socket)],
                                 stdin=subprocess.DEVNULL, stdout=other_log, stderr=subprocess.STDOUT, start_new_session=True)
        other_log.close()
        try:
            assert wait_for(lambda: other_socket.is_socket() or other.poll() is not None, 30)
            assert other.poll() is None, (stack.var / "other-responder.log").read_text()

            reports = stack.var / "reports"
            young, young_tmp, old = reports / "report-999981.pdf", reports / ".report-999982.pdf.tmp", reports / "report-999983.pdf"
            for path in (young, young_tmp, old):
                path.write_bytes(b"%PDF-1.7 no record")
            two_hours_ago = time.time() - 2 * 3600
            os.utime(old, (two_hours_ago, two_hours_ago))

            # Restarting the first responder while the second runs: a file the second may be
            # about to record (young) stays; one left long ago goes.
            stack.stop()
            stack.start()
            assert young.exists() and young_tmp.exists()
            assert not old.exists()
        finally:
            other.send_signal(signal.SIGTERM)
            assert other.wait(35) == 0

        # Alone again, a restart removes every file that no record names.
        stack.stop()
        stack.start()
        assert not young.exists() and not young_tmp.exists()
        assert_every_report_whole(stack, editor)
        assert stack.stop() == 0, stack.responder_log()


# --- A full disk ------------------------------------------------------------------------------

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root; "
                                "CI runs the suite as root, so the full-disk tests run there")


def mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0750", "tmpfs", str(where)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, f"mount -t tmpfs on {where} failed: {proc.stderr}"


def unmount(where: Path) -> None:
    if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder: Path) -> Path:
    """Writes a file in FOLDER until its file system has no room left; returns it."""
    filler = folder / "filler"
    chunk = b"\0" * 65536
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError:
            pass
        try:
            while True:
                f.write(b"\0" * 512)
        except OSError:
            pass
    return filler


def assert_full_disk_refusal(response: requests.Response) -> None:
    assert response.status_code == 500, describe(response)
    detail = response.json()["detail"]
    assert "disk is full" in detail and "nothing was recorded" in detail, detail
    assert "Request id" in detail
    assert "/" not in detail.split("Request id")[0], f"the detail names a server path: {detail}"


@needs_root
def test_a_full_reports_folder_gives_a_clear_error_and_records_nothing(tmp_path):
    var = tmp_path / "var"
    reports = var / "reports"
    mount_tmpfs(reports, "32k")  # smaller than any report
    try:
        with separate_stack(var) as stack:
            editor = stack.token("editor")
            before = listed(stack, editor)
            refused = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor),
                                    timeout=120)
            assert_full_disk_refusal(refused)
            assert listed(stack, editor) == before
            assert list(reports.iterdir()) == [], "a partial or temporary file was left"
            assert integrity(var) == "ok"
            # The rest of the API is unaffected.
            assert requests.get(stack.url(f"{API}/templates"), headers=stack.auth(editor), timeout=30).status_code == 200
            assert stack.stop() == 0, stack.responder_log()
    finally:
        unmount(reports)
    # With room again (the folder's own file system), the same request makes a whole report.
    with separate_stack(var) as stack:
        editor = stack.token("editor", name="editor-with-room")
        made = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor), timeout=120)
        assert made.status_code == 200, describe(made)
        assert len(assert_every_report_whole(stack, editor)) == 1


@needs_root
def test_a_full_data_folder_gives_a_clear_error_and_records_nothing(tmp_path):
    """The store, the reports and the logs on one small file system, filled up during the run: the
    store's write or the report's file fails, and either way the client is told the disk is full."""
    var = tmp_path / "var"
    mount_tmpfs(var, "16m")
    try:
        with separate_stack(var) as stack:
            editor = stack.token("editor")
            first = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor),
                                  timeout=120)
            assert first.status_code == 200, describe(first)
            before = listed(stack, editor)
            files = pdfs_in(var)
            filler = fill(var)
            try:
                for template in (1, 2):
                    refused = requests.post(stack.url(f"{API}/generate"), json={"template_id": template},
                                            headers=stack.auth(editor), timeout=120)
                    assert_full_disk_refusal(refused)
                assert listed(stack, editor) == before
                assert pdfs_in(var) == files, "a partial or temporary file was left"
                # Reads keep working on a full disk: templates, the list, downloads.
                assert requests.get(stack.url(f"{API}/templates"), headers=stack.auth(editor), timeout=30).status_code == 200
                download = requests.get(stack.url(before[0]["download_url"]), headers=stack.auth(editor), timeout=30)
                assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == before[0]["sha256"]
            finally:
                filler.unlink()
            made = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor),
                                 timeout=120)
            assert made.status_code == 200, describe(made)
            assert len(assert_every_report_whole(stack, editor)) == 2
            assert stack.stop() == 0, stack.responder_log()
    finally:
        unmount(var)


# --- A locked or corrupt samples or sessions database ------------------------------------------

class Fault:
    """Breaks one of IsoFind's databases in place, and puts it back."""

    def __init__(self, path: Path, kind: str):
        self.path, self.kind = path, kind
        self.saved = path.read_bytes()
        self.holder: sqlite3.Connection | None = None

    def __enter__(self):
        if self.kind == "locked":
            # Another program in the middle of a write: an exclusive lock, held.
            self.holder = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self.holder.execute("BEGIN EXCLUSIVE")
        else:
            # Damaged: the header (and SQLite's magic string) overwritten.
            with open(self.path, "r+b") as f:
                f.write(b"\xde\xad" * 50)
        return self

    def __exit__(self, *exc):
        if self.holder is not None:
            self.holder.execute("ROLLBACK")
            self.holder.close()
        self.path.write_bytes(self.saved)


WHAT = {"locked": "another program holds a lock on it", "corrupt": "the file is damaged or is not an SQLite database"}


def assert_rest_unaffected(stack: Stack, reader: str, report: dict) -> None:
    """What does not need IsoFind's databases: token checks, templates, the list, downloads."""
    for path in (f"{API}/templates", f"{API}/list", f"{API}/{report['id']}"):
        response = requests.get(stack.url(path), headers=stack.auth(reader), timeout=30)
        assert response.status_code == 200, describe(response)
    download = requests.get(stack.url(report["download_url"]), headers=stack.auth(reader), timeout=30)
    assert download.status_code == 200 and hashlib.sha256(download.content).hexdigest() == report["sha256"]
    refused = requests.get(stack.url(f"{API}/templates"), headers=stack.auth("not-a-token"), timeout=30)
    assert refused.status_code == 401, describe(refused)


@contextlib.contextmanager
def stack_with_a_report(tmp_path: Path):
    """A stack of its own with an editor's and a reader's token, and one report made before the fault."""
    with separate_stack(tmp_path / "var") as stack:
        editor, reader = stack.token("editor"), stack.token("reader")
        report = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor),
                               timeout=120).json()
        yield stack, editor, reader, report


@pytest.mark.parametrize("kind", ["locked", "corrupt"])
def test_a_broken_sessions_database_gives_a_clear_error_and_nothing_else_changes(tmp_path, kind):
    with stack_with_a_report(tmp_path) as (stack, editor, reader, report):
        with Fault(stack.var / "workflows.db", kind):
            sessions = requests.get(stack.url(f"{API}/nexus-sessions"), headers=stack.auth(reader), timeout=60)
            # Locked is a passing state: 503 with a retry hint. Damaged is not: 500.
            assert sessions.status_code == (503 if kind == "locked" else 500), describe(sessions)
            if kind == "locked":
                assert sessions.headers.get("Retry-After") == "2", sessions.headers
            detail = sessions.json()["detail"]
            assert "the Nexus sessions database workflows.db cannot be" in detail and WHAT[kind] in detail, detail
            assert str(stack.var) not in detail, "the detail names the server's folder"
            # A report that names a session is still made, and says why the session is missing
            # (README, "When a source cannot be read").
            made = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1, "nexus_session_id": 1},
                                 headers=stack.auth(editor), timeout=120)
            assert made.status_code == 200, describe(made)
            assert any("Nexus session could not be read" in warning and WHAT[kind] in warning
                       for warning in made.json()["warnings"]), made.json()["warnings"]
            assert_rest_unaffected(stack, reader, report)
        sessions = requests.get(stack.url(f"{API}/nexus-sessions"), headers=stack.auth(reader), timeout=60)
        assert sessions.status_code == 200 and sessions.json()["count"] > 0, describe(sessions)
        assert stack.stop() == 0, stack.responder_log()


@pytest.mark.parametrize("kind", ["locked", "corrupt"])
def test_a_broken_samples_database_gives_a_clear_warning_and_nothing_else_changes(tmp_path, kind):
    with stack_with_a_report(tmp_path) as (stack, editor, reader, report):
        with Fault(stack.var / "isofind.db", kind):
            for route in ("generate", "preview"):
                made = requests.post(stack.url(f"{API}/{route}"), json={"template_id": 1, "sample_ids": [1, 2]},
                                     headers=stack.auth(editor), timeout=120)
                assert made.status_code == 200, describe(made)
            warnings = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1},
                                     headers=stack.auth(editor), timeout=120).json()["warnings"]
            assert any(warning.startswith("The samples database could not be read") and WHAT[kind] in warning
                       for warning in warnings), warnings
            assert not any(str(stack.var) in warning for warning in warnings)
            sessions = requests.get(stack.url(f"{API}/nexus-sessions"), headers=stack.auth(reader), timeout=60)
            assert sessions.status_code == 200, describe(sessions)
            assert_rest_unaffected(stack, reader, report)
        warnings = requests.post(stack.url(f"{API}/generate"), json={"template_id": 1}, headers=stack.auth(editor),
                                 timeout=120).json()["warnings"]
        assert not any("samples database" in warning for warning in warnings), warnings
        assert_every_report_whole(stack, editor)
        assert stack.stop() == 0, stack.responder_log()
