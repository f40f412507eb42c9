"""Several responder processes on one host, sharing one data folder (issue 10, item 6).

Two `isofind-reports serve` processes run on the same data folder, each on its own FastCGI
socket, as isofind-reports.service and isofind-reports@2.service do in production. Three nginx
instances are rendered from the same development template:

* `both`: the upstream over the two sockets, as a production site with two processes;
* `first` and `second`: one socket each, so that a test can choose which process answers.

What must hold: both processes serve through one nginx; a token revoked (by a third process, the
CLI) is refused by each process from the next request; what one process records (a report, its
file, a template) the other lists, serves and can delete at once.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from conftest import (READY_TIMEOUT, STOP_TIMEOUT, auth, describe, extra_nginx, free_port, isofind_bin, run_bash,
                      tail, wait_for)

API = "/api/reports"
TIMEOUT = 60


class Pair:
    """Two responders on one data folder, and the nginx instances in front of them."""

    def __init__(self, var: Path, bin_path: Path):
        self.var = var
        self.bin = bin_path
        self.processes: list[subprocess.Popen] = []
        self.urls: dict[str, str] = {}
        self.admin_token = (var / "dev-admin-token").read_text().strip()

    def socket(self, n: int) -> Path:
        return self.var / "run" / f"p{n}.sock"

    def log(self, n: int) -> str:
        return (self.var / f"responder-{n}.log").read_text(errors="replace")

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(self.bin), *args], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, ISOFIND_REPORTS_CONFIG=str(self.var / "config.json")))
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    def token(self, role: str, name: str) -> str:
        return self.cli("token", "create", "--name", name, "--role", role).stdout.strip().splitlines()[-1]

    def start(self, n: int) -> None:
        with open(self.var / f"responder-{n}.log", "ab") as log:
            # debug: the token checks are logged too, so a test can see which process made them.
            process = subprocess.Popen(
                [str(self.bin), "serve", "--config", str(self.var / "config.json"), "--socket", str(self.socket(n))],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env=dict(os.environ, ISOFIND_REPORTS_LOG_LEVEL="debug"))
        self.processes.append(process)
        assert wait_for(lambda: self.socket(n).is_socket() or process.poll() is not None, READY_TIMEOUT), tail(
            self.var / f"responder-{n}.log")
        assert process.poll() is None, tail(self.var / f"responder-{n}.log")

    def stop(self) -> list[int]:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        statuses = []
        for process in self.processes:
            try:
                statuses.append(process.wait(STOP_TIMEOUT))
            except subprocess.TimeoutExpired:
                process.kill()
                statuses.append(process.wait())
        return statuses

    def nginx_config(self, name: str, sockets: list[Path]) -> tuple[Path, Path, int]:
        """A dev nginx rendered for SOCKETS in its own folder (its logs, pid and temp files), whose
        downloads come from the shared data folder's reports/."""
        own = self.var.parent / f"nginx-{name}"
        (own / "nginx").mkdir(parents=True)
        (own / "tls").symlink_to(self.var / "tls")
        (own / "reports").symlink_to(self.var / "reports")
        http_port = free_port()
        conf = own / "nginx" / "nginx.conf"
        # render-nginx-conf takes several --socket; the conftest helper takes one, so it is called directly.
        proc = subprocess.run([str(Path(__file__).resolve().parents[2] / "scripts" / "lib" / "render-nginx-conf"),
                               "--var", str(own), *[a for s in sockets for a in ("--socket", str(s))],
                               "--http-port", str(http_port), "--tls-port", str(free_port()), "--out", str(conf)],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        return own / "nginx", conf, http_port


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    bin_path = isofind_bin()
    var = tmp_path_factory.mktemp("pair") / "var"
    run_bash('isofind_prepare_var "$1" "$2"', str(var), str(bin_path))
    p = Pair(var, bin_path)
    try:
        p.start(1)
        p.start(2)
        with contextlib.ExitStack() as stack:
            for name, sockets in (("both", [p.socket(1), p.socket(2)]), ("first", [p.socket(1)]),
                                  ("second", [p.socket(2)])):
                prefix, conf, port = p.nginx_config(name, sockets)
                p.urls[name] = f"http://127.0.0.1:{port}"
                stack.enter_context(extra_nginx(prefix, conf, p.urls[name] + "/docs"))
            for name, url in p.urls.items():
                assert wait_for(lambda: requests.get(url + "/api/ready", timeout=5).status_code == 200, READY_TIMEOUT), name
            yield p
    finally:
        statuses = p.stop()
        assert statuses == [0] * len(statuses), f"the responders exited with {statuses}"


def request_lines(log: str, request_ids: set[str]) -> list[str]:
    return [line for line in log.splitlines() if any(f"request_id={i}" in line for i in request_ids)]


def test_both_processes_answer_through_one_nginx(pair):
    admin = auth(pair.admin_token)
    ids = set()
    for _ in range(12):
        response = requests.get(pair.urls["both"] + f"{API}/templates", headers=admin, timeout=TIMEOUT)
        assert response.status_code == 200, describe(response)
        ids.add(response.headers["X-Request-Id"])
        # A token-less call makes one pick instead of two, so the token checks and the calls
        # that follow them do not always fall on the same process.
        assert requests.get(pair.urls["both"] + "/api/ready", timeout=TIMEOUT).status_code == 200

    def served(n: int) -> list[str]:
        return [line for line in request_lines(pair.log(n), ids) if f"path={API}/templates" in line]

    assert wait_for(lambda: served(1) and served(2), 5), "one process answered every request"
    assert len(served(1)) + len(served(2)) >= len(ids)


def test_a_stopped_process_leaves_the_other_serving(pair, tmp_path):
    """nginx's upstream skips a socket nobody listens on: the other process answers."""
    prefix, conf, port = pair.nginx_config("with-a-dead-socket", [tmp_path / "gone.sock", pair.socket(2)])
    url = f"http://127.0.0.1:{port}"
    with extra_nginx(prefix, conf, url + "/docs"):
        for _ in range(6):
            response = requests.get(url + f"{API}/templates", headers=auth(pair.admin_token), timeout=TIMEOUT)
            assert response.status_code == 200, describe(response)


def test_a_revoked_token_is_refused_by_every_process_at_once(pair):
    name = "pair-revoked"
    token = pair.token("reader", name)
    for which in ("first", "second"):  # each process has checked (and cached) the token
        response = requests.get(pair.urls[which] + f"{API}/list", headers=auth(token), timeout=TIMEOUT)
        assert response.status_code == 200, (which, describe(response))
    pair.cli("token", "revoke", name)
    for which in ("first", "second", "both", "both"):
        response = requests.get(pair.urls[which] + f"{API}/list", headers=auth(token), timeout=TIMEOUT)
        assert response.status_code == 401, (which, describe(response))
        assert response.json()["detail"] == "The token has been revoked.", describe(response)


def test_history_is_the_same_through_either_process(pair, tmp_path):
    editor = auth(pair.token("editor", "pair-editor"))
    first, second = pair.urls["first"], pair.urls["second"]
    made = requests.post(first + f"{API}/generate", headers=editor, timeout=120,
                         json={"blocks": ["cover_page", "sample_inventory"], "language": "en", "title": "Two processes"})
    assert made.status_code == 200, describe(made)
    report = made.json()
    assert wait_for(lambda: made.headers["X-Request-Id"] in pair.log(1), 5)
    assert made.headers["X-Request-Id"] not in pair.log(2)

    # Listed, described and downloaded through the other process, identically.
    record = requests.get(second + f"{API}/{report['id']}", headers=editor, timeout=TIMEOUT)
    assert record.status_code == 200, describe(record)
    assert record.json()["title"] == "Two processes"
    assert wait_for(lambda: record.headers["X-Request-Id"] in pair.log(2), 5)
    lists = [requests.get(url + f"{API}/list?limit=100", headers=editor, timeout=TIMEOUT).json() for url in (first, second)]
    assert lists[0] == lists[1] and report["id"] in [r["id"] for r in lists[1]["reports"]]
    pdfs = [requests.get(url + f"{API}/download/{report['id']}", headers=editor, timeout=TIMEOUT) for url in (first, second)]
    assert all(p.status_code == 200 and p.content.startswith(b"%PDF") for p in pdfs)
    assert pdfs[0].content == pdfs[1].content

    # Deleted through the second, gone for the first: record and file.
    deleted = requests.delete(second + f"{API}/{report['id']}", headers=editor, timeout=TIMEOUT)
    assert deleted.status_code in (200, 204), describe(deleted)
    assert requests.get(first + f"{API}/{report['id']}", headers=editor, timeout=TIMEOUT).status_code == 404
    assert requests.get(first + f"{API}/download/{report['id']}", headers=editor, timeout=TIMEOUT).status_code == 404
    assert report["id"] not in [r["id"] for r in requests.get(first + f"{API}/list", headers=editor,
                                                             timeout=TIMEOUT).json()["reports"]]


def test_the_debug_log_of_token_checks_shows_no_query(pair):
    """These responders log every token check (debug level) with the URI it was for: a token put
    in the query string must not reach that line."""
    secret = "ifr_" + "s" * 43
    ids = []
    for which in ("first", "second"):
        response = requests.get(pair.urls[which] + f"{API}/list?access_token={secret}", headers=auth(pair.admin_token),
                                timeout=TIMEOUT)
        assert response.status_code == 200, describe(response)
        ids.append((which, response.headers["X-Request-Id"]))
    for n, (_, request_id) in enumerate(ids, start=1):
        assert wait_for(lambda: f"request_id={request_id}" in pair.log(n), 5)
        lines = request_lines(pair.log(n), {request_id})
        assert any("auth" in line and "?[query omitted]" in line for line in lines), lines
    assert secret not in pair.log(1) + pair.log(2)


def test_metrics_come_from_one_process_per_location(pair):
    """/metrics asks the first process only, and the README's location for a second process asks
    that one: a scrape never mixes two processes' counters."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    snippet = next(block for block in re.findall(r"```nginx\n(.*?)```", readme, re.S) if "location = /metrics/2" in block)
    snippet = snippet.replace("unix:/run/isofind-reports/fcgi-2.sock", f"unix:{pair.socket(2)}")
    snippet = snippet.replace("include fastcgi_params;", "include /etc/nginx/fastcgi_params;")
    prefix, conf, port = pair.nginx_config("metrics", [pair.socket(1), pair.socket(2)])
    text = conf.read_text()
    assert text.count("        location / {") == 1
    conf.write_text(text.replace("        location / {", snippet + "\n        location / {"))
    url = f"http://127.0.0.1:{port}"
    with extra_nginx(prefix, conf, url + "/docs"):
        for path, n in (("/metrics", 1), ("/metrics/2", 2), ("/metrics", 1), ("/metrics/2", 2)):
            response = requests.get(url + path, timeout=TIMEOUT)
            assert response.status_code == 200 and "isofind_http_requests_total" in response.text, describe(response)
            request_id = response.headers["X-Request-Id"]
            assert wait_for(lambda: f"request_id={request_id}" in pair.log(n), 5), (path, n)
            assert f"request_id={request_id}" not in pair.log(3 - n), (path, n)


def test_a_template_saved_through_one_is_seen_by_the_other(pair):
    editor = auth(pair.token("editor", "pair-templates"))
    created = requests.post(pair.urls["second"] + f"{API}/templates", headers=editor, timeout=TIMEOUT,
                            json={"name": "seen by both", "blocks": ["cover_page"]})
    assert created.status_code == 201, describe(created)
    template_id = created.json()["id"]
    seen = requests.get(pair.urls["first"] + f"{API}/templates/{template_id}", headers=editor, timeout=TIMEOUT)
    assert seen.status_code == 200 and seen.json()["name"] == "seen by both", describe(seen)
    renamed = requests.put(pair.urls["first"] + f"{API}/templates/{template_id}", headers=editor, timeout=TIMEOUT,
                           json={"name": "renamed by the first"})
    assert renamed.status_code == 200, describe(renamed)
    listed = requests.get(pair.urls["second"] + f"{API}/templates", headers=editor, timeout=TIMEOUT).json()["templates"]
    assert [t["name"] for t in listed if t["id"] == template_id] == ["renamed by the first"]
