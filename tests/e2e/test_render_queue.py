"""The render pool and its bounded queue, through nginx (README, "Rendering never starves the fast
calls"): a stack of its own with one render thread and a queue of two, so that a burst of large
previews overflows it.

Checked, as a client sees it: every answer is a whole PDF or a JSON 503 with Retry-After and a
detail that says why (never an nginx 502/504); the token checks, listings and health checks asked
during the burst are answered; the refusals, waits and queue depth are in GET /metrics and agree
with what the clients saw. Timing is never asserted: how long the calls took is the load script's
business (scripts/load).
"""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest
import requests

from conftest import Stack, describe, separate_stack
from rich_requests import rich_request

WORKERS, DEPTH, WAIT_SECONDS = 1, 2, 1
BURST = 10


@pytest.fixture(scope="module")
def small_queue(tmp_path_factory):
    config = {"render_workers": WORKERS, "render_queue_depth": DEPTH, "render_queue_wait_seconds": WAIT_SECONDS}
    with separate_stack(tmp_path_factory.mktemp("queue") / "var", config) as stack:
        yield stack
        assert stack.stop() == 0, stack.responder_log()


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one series in the Prometheus text, 0 when absent."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if match and match[1] == name:
            have = ",".join(sorted((match[2] or "").split(","))) if match[2] else ""
            if have == wanted:
                return float(match[3])
    return 0.0


def burst(stack: Stack, route: str, body: dict, token: str, count: int
          ) -> tuple[list[requests.Response], list[threading.Thread]]:
    """`count` clients POSTing `body` to /api/reports/`route` at once, started; the answers list
    fills as they finish (join the threads before reading it)."""
    answers: list[requests.Response] = []
    lock = threading.Lock()

    def post() -> None:
        response = requests.post(stack.url(f"/api/reports/{route}"), json=body, headers=stack.auth(token), timeout=120)
        with lock:
            answers.append(response)

    clients = [threading.Thread(target=post) for _ in range(count)]
    for client in clients:
        client.start()
    return answers, clients


def test_a_burst_of_large_previews_is_rendered_or_refused_with_retry_after(small_queue: Stack):
    editor = small_queue.token("editor")
    reader = small_queue.token("reader")
    with sqlite3.connect(small_queue.var / "isofind.db") as db:
        sample_ids = [row[0] for row in db.execute("SELECT id FROM samples ORDER BY id")]
    body = rich_request(2, "fr") | {"sample_ids": sample_ids}
    before = requests.get(small_queue.url("/metrics"), timeout=10).text

    answers, clients = burst(small_queue, "preview", body, editor, BURST)
    # The fast calls, while the burst is rendered or waiting: each answered (never held behind
    # the renders, which hold at most WORKERS + DEPTH request threads).
    fast = []
    while any(client.is_alive() for client in clients):
        fast.append(requests.get(small_queue.url("/api/reports/templates"), headers=small_queue.auth(reader), timeout=30))
        fast.append(requests.get(small_queue.url("/health"), timeout=30))
    for client in clients:
        client.join()

    assert all(response.status_code == 200 for response in fast), [describe(r) for r in fast if r.status_code != 200]
    statuses = sorted(response.status_code for response in answers)
    assert set(statuses) <= {200, 503}, [describe(r) for r in answers if r.status_code not in (200, 503)]
    made = [r for r in answers if r.status_code == 200]
    refused = [r for r in answers if r.status_code == 503]
    # One renders, two may wait: the other seven or more are refused at once.
    assert 1 <= len(made) <= WORKERS + DEPTH, statuses
    assert len(refused) >= BURST - WORKERS - DEPTH, statuses
    for response in made:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-1024:]
    full = wait = 0
    for response in refused:
        assert response.headers["Content-Type"].startswith("application/json"), describe(response)
        retry_after = response.headers.get("Retry-After", "")
        assert retry_after.isdigit() and 1 <= int(retry_after) <= 120, describe(response)
        detail = response.json()["detail"]
        assert detail.endswith(f"Retry after {retry_after} s."), detail
        if f"{DEPTH} reports are already waiting to be rendered" in detail:
            full += 1
        elif f"no render thread became free within {WAIT_SECONDS} s" in detail:
            wait += 1
        else:
            pytest.fail(f"unexpected 503 detail: {detail}")
    assert full >= BURST - WORKERS - DEPTH

    after = requests.get(small_queue.url("/metrics"), timeout=10).text
    def grew(name: str, **labels: str) -> float:
        return metric(after, name, **labels) - metric(before, name, **labels)

    assert grew("isofind_render_queue_refused_total", reason="full") == full
    assert grew("isofind_render_queue_refused_total", reason="timeout") == wait
    assert grew("isofind_reports_total", kind="preview", outcome="refused") == len(refused)
    assert grew("isofind_reports_total", kind="preview", outcome="made") == len(made)
    # Every report that reached the queue was timed there: those made and those that gave up.
    assert grew("isofind_render_queue_wait_seconds_count") == len(made) + wait
    assert metric(after, "isofind_render_workers") == WORKERS
    assert metric(after, "isofind_render_queue_depth") == 0
    assert metric(after, "isofind_render_workers_busy") == 0
    assert metric(after, "isofind_fastcgi_threads") == 8 + WORKERS + DEPTH


def test_a_refused_generation_records_nothing(small_queue: Stack):
    """A /generate the queue turns away leaves no record and no file: only made reports are listed."""
    editor = small_queue.token("editor")
    with sqlite3.connect(small_queue.var / "isofind.db") as db:
        sample_ids = [row[0] for row in db.execute("SELECT id FROM samples ORDER BY id")]
    body = rich_request(2, "en") | {"sample_ids": sample_ids}
    listed_before = requests.get(small_queue.url("/api/reports/list?limit=100"), headers=small_queue.auth(editor),
                                 timeout=30).json()
    answers, clients = burst(small_queue, "generate", body, editor, 6)
    for client in clients:
        client.join()
    assert {r.status_code for r in answers} <= {200, 503}, [describe(r) for r in answers]
    made = {r.json()["id"] for r in answers if r.status_code == 200}
    assert made and len(made) < len(answers), [r.status_code for r in answers]
    listed_after = requests.get(small_queue.url("/api/reports/list?limit=100"), headers=small_queue.auth(editor),
                                timeout=30).json()
    before_ids = {report["id"] for report in listed_before["reports"]}
    after_ids = {report["id"] for report in listed_after["reports"]}
    assert after_ids - before_ids == made
    files = {path.name for path in (small_queue.var / "reports").iterdir() if path.suffix == ".pdf"}
    assert files == {f"report-{report_id}.pdf" for report_id in after_ids}
