"""GET /metrics through nginx: the Prometheus text format, counters that move as requests are
made, what never appears in it, and who may read it.

* a scrape parses with prometheus_client's own parser, with the documented types;
* between two scrapes, the requests made here (two listings, a preview, a refused token, a 404
  on a known route and one on an unknown path) move exactly the series they should, by exactly
  their number, with route templates as labels, never raw paths;
* no token, token name or report title appears in a scrape, even one that sent a token;
* nginx lets only its allowed addresses in (loopback by default) and answers others 403 with a
  FastAPI-style body; a request that reaches the responder by another location gets its 404.

The stack is shared with the other files of the session, so every check is a difference between
two scrapes taken around this file's own requests.
"""

from __future__ import annotations

import re

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from conftest import describe, extra_nginx, free_port

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
TITLE = "Metrics probe for Laboratoire Dupont"


def scrape(stack, **kwargs) -> tuple[str, dict[tuple[str, tuple], float], dict[str, str]]:
    """The scrape's text, its samples by (name, sorted labels), and each family's type."""
    response = requests.get(stack.url("/metrics"), timeout=10, **kwargs)
    assert response.status_code == 200, describe(response)
    assert response.headers["Content-Type"] == CONTENT_TYPE
    samples, types = {}, {}
    for family in text_string_to_metric_families(response.text):
        types[family.name] = family.type
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return response.text, samples, types


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def moved(before, after, name: str, **labels) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


def moved_in_all(before, after, name: str, **labels) -> float:
    """How much the samples of NAME with these labels, whatever their other labels, moved together."""
    def total(samples) -> float:
        wanted = set(labels.items())
        return sum(v for (n, ls), v in samples.items() if n == name and wanted <= set(ls))
    return total(after) - total(before)


def test_scrape_parses_with_the_documented_types(stack):
    _, samples, types = scrape(stack)
    expected = {
        "isofind_http_requests": "counter", "isofind_http_request_duration_seconds": "histogram",
        "isofind_http_requests_in_flight": "gauge", "isofind_fastcgi_threads": "gauge",
        "isofind_token_checks": "counter", "isofind_reports": "counter", "isofind_report_duration_seconds": "histogram",
        "isofind_report_pages": "histogram", "isofind_report_warnings": "histogram", "isofind_renders_in_progress": "gauge",
        "isofind_signing_failures": "counter", "isofind_python_workers": "gauge", "isofind_python_workers_killed": "counter",
        "isofind_python_workers_replaced": "counter", "isofind_python_worker_wait_seconds": "histogram",
    }
    for name, kind in expected.items():
        if name not in types:
            continue  # a series appears with its first event; those that must start at 0 are checked below
        assert types[name] == kind, f"{name} is a {types[name]}, expected {kind}"
    for name in ("isofind_http_requests", "isofind_signing_failures", "isofind_python_workers_killed", "isofind_renders_in_progress",
                 "isofind_http_requests_in_flight", "isofind_fastcgi_threads"):
        assert name in types, f"{name} is missing from the scrape"
    assert value(samples, "isofind_fastcgi_threads") >= 1
    # The scrape itself is in flight while it is rendered.
    assert value(samples, "isofind_http_requests_in_flight") == 1
    assert value(samples, "isofind_renders_in_progress", kind="preview") == 0
    for reason in ("timeout", "memory", "cpu", "crash", "protocol"):
        assert ("isofind_python_workers_killed_total", (("reason", reason),)) in samples
    # The worker pool of the stack is up and nothing runs now.
    if ("isofind_python_workers", (("state", "idle"),)) in samples:
        assert value(samples, "isofind_python_workers", state="busy") == 0
        assert value(samples, "isofind_python_workers", state="idle") >= 1


def test_counters_move_with_the_requests_made(stack):
    reader = stack.token("reader")
    editor_name = "metrics-editor-Jeanne-Martin"
    editor = stack.token("editor", name=editor_name)
    refused = "isofind-not-a-token-0123456789"

    _, before, _ = scrape(stack)

    for _ in range(2):
        r = requests.get(stack.url("/api/reports/templates"), headers=stack.auth(reader), timeout=10)
        assert r.status_code == 200, describe(r)
    preview = requests.post(stack.url("/api/reports/preview"), json={"template_id": 1, "language": "en", "title": TITLE},
                            headers=stack.auth(editor), timeout=120)
    assert preview.status_code == 200, describe(preview)
    pages, warnings = int(preview.headers["X-Report-Pages"]), int(preview.headers["X-Report-Warnings"])
    r = requests.get(stack.url("/api/reports/templates"), headers=stack.auth(refused), timeout=10)
    assert r.status_code == 401, describe(r)
    r = requests.get(stack.url("/api/reports/987654"), headers=stack.auth(reader), timeout=10)
    assert r.status_code == 404, describe(r)
    r = requests.get(stack.url("/api/reports/no-such-thing/4242"), headers=stack.auth(reader), timeout=10)
    assert r.status_code == 404, describe(r)

    # This scrape sends a token: it must change nothing and appear nowhere.
    text, after, _ = scrape(stack, headers=stack.auth(editor))

    http = "isofind_http_requests_total"
    assert moved(before, after, http, route="/api/reports/templates", method="GET", status="200") == 2
    assert moved(before, after, http, route="/api/reports/preview", method="POST", status="200") == 1
    assert moved(before, after, http, route="/api/reports/{id}", method="GET", status="404") == 1
    assert moved(before, after, http, route="unmatched", method="GET", status="404") == 1
    # Every request here carried a token, so nginx asked /_auth first: five yes, one no. The
    # subrequest keeps the client's method (the preview's is a POST).
    assert moved_in_all(before, after, http, route="/_auth", status="204") == 5
    assert moved(before, after, http, route="/_auth", method="POST", status="204") == 1
    assert moved(before, after, http, route="/_auth", method="GET", status="401") == 1
    # The first scrape, counted once it had answered.
    assert moved(before, after, http, route="/metrics", method="GET", status="200") == 1
    assert moved(before, after, "isofind_http_request_duration_seconds_count",
                 route="/api/reports/templates", method="GET") == 2
    assert moved(before, after, "isofind_http_request_duration_seconds_bucket",
                 route="/api/reports/templates", method="GET", le="+Inf") == 2

    checks = "isofind_token_checks_total"
    assert moved(before, after, checks, outcome="accepted", reason="valid", scheme="bearer") == 5
    assert moved(before, after, checks, outcome="refused", reason="unknown", scheme="bearer") == 1

    assert moved(before, after, "isofind_reports_total", kind="preview", outcome="made") == 1
    assert moved(before, after, "isofind_report_duration_seconds_count", kind="preview") == 1
    assert moved(before, after, "isofind_report_pages_count", kind="preview") == 1
    assert moved(before, after, "isofind_report_pages_sum", kind="preview") == pages
    assert moved(before, after, "isofind_report_warnings_count", kind="preview") == 1
    assert moved(before, after, "isofind_report_warnings_sum", kind="preview") == warnings
    assert moved(before, after, "isofind_reports_total", kind="generate", outcome="made") == 0
    assert moved(before, after, "isofind_signing_failures_total") == 0

    for secret in (reader, editor, refused, editor_name, stack.admin_token, TITLE, "Dupont", "987654", "no-such-thing"):
        assert secret not in text, f"{secret!r} appears in the scrape"
    labels = set(re.findall(r'(\w+)="', text))
    assert labels <= {"route", "method", "status", "outcome", "reason", "scheme", "kind", "state", "result", "le"}, labels


def test_the_text_layout_caches_count_what_renders_reuse(stack):
    """Each render thread keeps a text from its second sight on and reuses it: the same preview
    ten times (on as many threads as there are cores, each keeping the texts of its second
    report) finds most of its layouts in the caches."""
    editor = stack.token("editor")
    _, before, types = scrape(stack)
    assert types["isofind_text_layout_cache_lookups"] == "counter"
    for _ in range(10):
        r = requests.post(stack.url("/api/reports/preview"), json={"template_id": 1, "language": "fr", "title": "Cache"},
                          headers=stack.auth(editor), timeout=120)
        assert r.status_code == 200, describe(r)
    _, after, _ = scrape(stack)
    hits = moved(before, after, "isofind_text_layout_cache_lookups_total", result="hit")
    misses = moved(before, after, "isofind_text_layout_cache_lookups_total", result="miss")
    assert hits + misses > 100, (hits, misses)
    assert hits > misses, (hits, misses)


def test_a_refused_preview_is_counted_by_outcome(stack):
    editor = stack.token("editor")
    _, before, _ = scrape(stack)
    r = requests.post(stack.url("/api/reports/preview"), json={"template_id": 424242}, headers=stack.auth(editor), timeout=10)
    assert r.status_code == 404, describe(r)
    r = requests.post(stack.url("/api/reports/preview"), json={"title": "x"}, headers=stack.auth(editor), timeout=10)
    assert r.status_code == 422, describe(r)
    _, after, _ = scrape(stack)
    assert moved(before, after, "isofind_reports_total", kind="preview", outcome="not_found") == 1
    assert moved(before, after, "isofind_reports_total", kind="preview", outcome="invalid") == 1
    assert moved(before, after, "isofind_report_duration_seconds_count", kind="preview") == 0


def test_only_the_metrics_location_publishes_them(stack, tmp_path):
    """A copy of the running dev config on other ports, where loopback is not allowed, and with a
    location that passes /metrics to the responder without the metrics location's mark."""
    http_port, tls_port = free_port(), free_port()
    conf = stack.nginx_conf.read_text()
    var_nginx = str(stack.var / "nginx")
    for old, new in ((f"pid {var_nginx}/nginx.pid;", f"pid {tmp_path}/nginx.pid;"),
                     (f"listen 127.0.0.1:{stack.http_port};", f"listen 127.0.0.1:{http_port};"),
                     (f"listen 127.0.0.1:{stack.tls_port} ssl http2;", f"listen 127.0.0.1:{tls_port} ssl http2;"),
                     ("allow 127.0.0.1;", ""),
                     ("location = /metrics {",
                      "location = /unmarked-metrics {\n"
                      f"    include /etc/nginx/fastcgi_params;\n"
                      "    fastcgi_param DOCUMENT_URI /metrics;\n"
                      f"    fastcgi_pass unix:{stack.socket};\n"
                      "}\n"
                      "location = /metrics {")):
        assert conf.count(old) == 1, f"{old!r} not found once in the rendered config"
        conf = conf.replace(old, new)
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    base = f"http://127.0.0.1:{http_port}"
    with extra_nginx(tmp_path, path, base + "/health"):
        r = requests.get(base + "/metrics", timeout=10)
        assert r.status_code == 403, describe(r)
        assert r.headers["Content-Type"].startswith("application/json")
        assert isinstance(r.json()["detail"], str) and "/metrics" in r.json()["detail"]
        r = requests.get(base + "/unmarked-metrics", timeout=10)
        assert r.status_code == 404, describe(r)
        assert r.json() == {"detail": "Not found: /metrics"}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_metrics_are_read_only(stack, method):
    r = requests.request(method, stack.url("/metrics"), timeout=10)
    assert r.status_code == 405, describe(r)
    assert r.headers.get("Allow") == "GET"
    assert isinstance(r.json()["detail"], str)
