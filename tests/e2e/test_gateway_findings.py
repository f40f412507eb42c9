"""What a black-box probe through nginx found, each fixed, each checked here through the real
nginx and responder (issue 10, item 5):

* HEAD answers carry the Content-Length that GET would send (RFC 9110 §8.6);
* a token header sent twice is refused with 401, whatever its copies hold (raw sockets:
  `requests` would merge the copies into one header);
* a token in the query string never reaches the access log;
* the errors nginx produces itself are FastAPI-style JSON: 400 (%00 in the path, a duplicate
  Authorization header, a header over 8 KiB, plain HTTP on the TLS port), 414, 405 for TRACE,
  413, and with the responder down or silent 503 (with Retry-After) and 504;
* a body sent without a token to a route that needs one is refused before the responder reads it;
* token answers carry Cache-Control: no-store; error messages and GET /branding show no absolute
  server paths; the development data folder's store and log are not world-readable.

The responder-down and responder-silent cases run a second nginx (rendered from the same
template) in front of a socket nobody answers on, so the session's stack is never stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import ssl
import stat
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import auth, describe, extra_nginx, free_port, render_nginx_conf, stop_process, wait_for

API = "/api/reports"
TIMEOUT = 30
MIB = 1024 * 1024


# --------------------------------------------------------------------------------------------
# raw HTTP/1.1, for what `requests` cannot send (repeated headers, %00, TRACE, huge headers)


def raw(port: int, request: bytes, tls: bool = False) -> tuple[int, dict[str, list[str]], bytes]:
    """Send REQUEST as bytes, read the answer until the server closes; (status, headers, body)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        sock = context.wrap_socket(sock, server_hostname="127.0.0.1")
    with sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    length = headers.get("content-length")
    if length:
        body = body[: int(length[0])]
    return status, headers, body


def get(path: str, *headers: tuple[str, str], method: str = "GET") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
             *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def assert_json_detail(status: int, headers: dict[str, list[str]], body: bytes, expected_status: int,
                       *words: str) -> str:
    assert status == expected_status, (status, headers, body[:300])
    assert headers["content-type"] == ["application/json"], (headers, body[:300])
    document = json.loads(body)
    assert set(document) == {"detail"} and isinstance(document["detail"], str), document
    for word in words:
        assert word in document["detail"], document
    return document["detail"]


# --------------------------------------------------------------------------------------------
# HEAD


@pytest.fixture(scope="module")
def report_id(stack):
    editor = auth(stack.token("editor"))
    response = requests.post(stack.url(f"{API}/generate"), headers=editor, timeout=120,
                             json={"blocks": ["cover_page"], "language": "en", "title": "HEAD check"})
    assert response.status_code == 200, describe(response)
    return response.json()["id"]


@pytest.mark.parametrize("path,with_token", [
    ("/health", False), (f"{API}/templates", False), (f"{API}/openapi.json", False),
    (f"{API}/list", True), (f"{API}/templates", True), (f"{API}/{{id}}", True),
    (f"{API}/list", False),  # the 401's JSON body
])
def test_head_carries_the_length_get_would_send(stack, report_id, path, with_token):
    url = stack.url(path.replace("{id}", str(report_id)))
    headers = auth(stack.admin_token) if with_token else {}
    got = requests.get(url, headers=headers, timeout=TIMEOUT)
    head = requests.head(url, headers=headers, timeout=TIMEOUT)
    assert got.content, describe(got)
    assert head.status_code == got.status_code, describe(head)
    assert head.content == b""
    assert head.headers.get("Content-Length") == str(len(got.content)), (head.headers, len(got.content))
    assert got.headers.get("Content-Length") == str(len(got.content))


def test_head_on_a_download_carries_the_file_length(stack, report_id):
    url = stack.url(f"{API}/download/{report_id}")
    headers = auth(stack.admin_token)
    pdf = requests.get(url, headers=headers, timeout=TIMEOUT)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), describe(pdf)
    head = requests.head(url, headers=headers, timeout=TIMEOUT)
    assert head.status_code == 200 and head.headers["Content-Length"] == str(len(pdf.content))


# --------------------------------------------------------------------------------------------
# repeated token headers


@pytest.fixture(scope="module")
def reader_token(stack):
    return stack.token("reader")


@pytest.mark.parametrize("first,second", [
    ("garbage", "VALID"),      # the probe's case: the last copy used to win (200)
    ("VALID", "garbage"),
    ("VALID", "VALID"),        # even the same token twice: one header, once
    ("", "VALID"),             # an empty first copy: nginx would take the request as anonymous
    ("VALID", ""),
])
@pytest.mark.parametrize("path", [f"{API}/nexus-sessions", f"{API}/templates"])
def test_a_repeated_token_header_is_refused(stack, reader_token, path, first, second):
    values = [v.replace("VALID", reader_token) for v in (first, second)]
    status, headers, body = raw(stack.http_port, get(path, *(("X-IsoFind-Token", v) for v in values)))
    detail = assert_json_detail(status, headers, body, 401, "more than once")
    assert headers["www-authenticate"] == ['Bearer realm="isofind-reports"'], headers
    assert reader_token not in detail
    # One copy of the same header works, so the refusal is about the repetition.
    status, _, body = raw(stack.http_port, get(path, ("X-IsoFind-Token", reader_token)))
    assert status == 200, body[:300]


def test_a_repeated_token_header_cannot_write(stack):
    """The write is refused, and nothing is created."""
    editor = stack.token("editor")
    before = requests.get(stack.url(f"{API}/templates"), headers=auth(editor), timeout=TIMEOUT).json()["templates"]
    body = b'{"name": "repeated-header", "blocks": ["cover_page"]}'
    request = (f"POST {API}/templates HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               f"X-IsoFind-Token: garbage\r\nX-IsoFind-Token: {editor}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    status, headers, answer = raw(stack.http_port, request)
    assert_json_detail(status, headers, answer, 401, "more than once")
    after = requests.get(stack.url(f"{API}/templates"), headers=auth(editor), timeout=TIMEOUT).json()["templates"]
    assert after == before


def test_a_duplicate_authorization_header_is_a_json_400_from_nginx(stack, reader_token):
    status, headers, body = raw(stack.http_port, get(f"{API}/nexus-sessions", ("Authorization", "Bearer garbage"),
                                                     ("Authorization", f"Bearer {reader_token}")))
    assert_json_detail(status, headers, body, 400, "Authorization")


# --------------------------------------------------------------------------------------------
# the access log


def test_a_token_in_the_query_string_never_reaches_the_access_log(stack, reader_token):
    log = stack.var / "nginx" / "access.log"
    ids = []
    for query in (f"token={reader_token}", f"access_token={reader_token}&limit=5", f"x=1&api_key={reader_token}"):
        for path in (f"{API}/list", "/health", "/nowhere"):
            response = requests.get(stack.url(f"{path}?{query}"), timeout=TIMEOUT)
            ids.append((path, response.headers["X-Request-Id"]))
    assert wait_for(lambda: all(f"id={i}" in log.read_text(errors="replace") for _, i in ids), 5)
    text = log.read_text(errors="replace")
    assert reader_token not in text and reader_token[4:20] not in text
    lines = {i: next(line for line in text.splitlines() if f"id={i}" in line) for _, i in ids}
    for path, request_id in ids:
        assert f'"GET {path}?[query omitted] HTTP/1.1"' in lines[request_id], lines[request_id]


def test_a_path_without_query_is_logged_as_sent(stack):
    log = stack.var / "nginx" / "access.log"
    request_id = requests.get(stack.url(f"{API}/templates"), timeout=TIMEOUT).headers["X-Request-Id"]
    assert wait_for(lambda: f"id={request_id}" in log.read_text(errors="replace"), 5)
    line = next(line for line in log.read_text(errors="replace").splitlines() if f"id={request_id}" in line)
    assert f'"GET {API}/templates HTTP/1.1" 200 ' in line, line


# --------------------------------------------------------------------------------------------
# nginx's own errors, as JSON


def test_nul_in_the_path_is_a_json_400(stack):
    for method in ("GET", "POST", "HEAD"):
        status, headers, body = raw(stack.http_port, get(f"{API}/templates%00x", method=method))
        if method == "HEAD":
            assert status == 400 and headers["content-type"] == ["application/json"] and body == b""
        else:
            assert_json_detail(status, headers, body, 400, "%00")


def test_a_header_over_8_kib_is_a_json_400(stack):
    status, headers, body = raw(stack.http_port, get(f"{API}/templates", ("X-Padding", "x" * (9 * 1024))))
    assert_json_detail(status, headers, body, 400, "8 KiB")


def test_a_uri_over_8_kib_is_a_json_414(stack):
    status, headers, body = raw(stack.http_port, get(f"{API}/templates?x=" + "y" * (9 * 1024)))
    assert_json_detail(status, headers, body, 414, "8 KiB")


def test_an_unparsable_request_line_is_a_json_400(stack):
    status, headers, body = raw(stack.http_port, b"NOT HTTP AT ALL\r\n\r\n")
    assert_json_detail(status, headers, body, 400)


def test_trace_is_a_json_405(stack):
    for path in ("/health", f"{API}/templates", "/"):
        status, headers, body = raw(stack.http_port, get(path, method="TRACE"))
        assert_json_detail(status, headers, body, 405, "TRACE")


def test_plain_http_on_the_tls_port_is_a_json_400(stack):
    status, headers, body = raw(stack.tls_port, get("/health"))
    assert_json_detail(status, headers, body, 400, "https://")


def test_a_folder_listing_is_a_json_403(stack):
    response = requests.get(stack.url("/docs/swagger-ui/"), timeout=TIMEOUT)
    assert response.status_code == 403 and response.json() == {"detail": "Forbidden"}, describe(response)


def test_internal_error_uris_are_unreachable(stack):
    for code in (400, 414, 494, 497):
        response = requests.get(stack.url(f"/_nginx_error/{code}"), timeout=TIMEOUT)
        assert response.status_code == 404 and response.json() == {"detail": "Not Found"}, describe(response)


# --------------------------------------------------------------------------------------------
# token-less writes are refused before the responder reads them


@pytest.mark.parametrize("method,path,role", [
    ("POST", f"{API}/generate", "editor"),
    ("POST", f"{API}/preview", "editor"),
    ("PUT", f"{API}/matrix-groups", "admin"),
    ("POST", f"{API}/verify", "reader"),
    ("POST", f"{API}/no-such-route", "reader"),  # default deny
])
def test_a_large_body_without_a_token_is_refused_unread(stack, method, path, role):
    before = stack.responder_log()
    response = requests.request(method, stack.url(path), data=b" " * (24 * MIB),
                                headers={"Content-Type": "application/json"}, timeout=120)
    assert response.status_code == 401, describe(response)
    assert response.headers["Content-Type"] == "application/json"
    assert response.raw.headers.getlist("WWW-Authenticate") == ['Bearer realm="isofind-reports"']
    # The same sentence the responder's own role check gives (it comes from the token check).
    assert response.json()["detail"] == (f"This operation needs a token with the {role} role; "
                                         "send it as Authorization: Bearer TOKEN or X-IsoFind-Token."), describe(response)
    assert response.headers.get("Cache-Control") is None
    # The token check is logged at debug level only: no request line means no body was read.
    time.sleep(0.2)
    assert f"path={path}" not in stack.responder_log()[len(before):], "the responder served the request itself"


def test_token_less_reads_still_skip_the_check(stack):
    """GET and HEAD without a token go straight to the responder (one round trip): its own 401."""
    before = stack.responder_log()
    response = requests.get(stack.url(f"{API}/list"), timeout=TIMEOUT)
    assert response.status_code == 401
    assert wait_for(lambda: f"path={API}/list" in stack.responder_log()[len(before):], 5)


# --------------------------------------------------------------------------------------------
# minor findings


def test_token_answers_are_not_stored_by_caches(stack, reader_token, report_id):
    for path in (f"{API}/list", f"{API}/{report_id}", f"{API}/templates", f"{API}/nexus-sessions", f"{API}/matrix-groups"):
        response = requests.get(stack.url(path), headers=auth(reader_token), timeout=TIMEOUT)
        assert response.status_code == 200, describe(response)
        assert response.headers.get("Cache-Control") == "no-store", (path, response.headers)
    download = requests.get(stack.url(f"{API}/download/{report_id}"), headers=auth(reader_token), timeout=TIMEOUT)
    # A download keeps the handler's own choice: only the token holder's browser may keep it.
    assert download.status_code == 200 and download.headers.get("Cache-Control") == "private, no-transform"
    public = requests.get(stack.url(f"{API}/templates"), timeout=TIMEOUT)
    assert public.status_code == 200 and "Cache-Control" not in public.headers


def test_a_basemap_refusal_does_not_show_the_tiles_folder(stack):
    editor = auth(stack.token("editor"))
    for mbtiles in ("../isofind.db", "/etc/passwd.mbtiles", str(stack.var / "tiles" / ".." / "x.mbtiles")):
        response = requests.post(stack.url(f"{API}/preview"), headers=editor, timeout=TIMEOUT,
                                 json={"blocks": ["cover_page"], "language": "en", "mbtiles_path": mbtiles})
        assert response.status_code == 422, describe(response)
        messages = " ".join(issue["msg"] for issue in response.json()["detail"])
        assert "tiles folder" in messages and "tiles_dir" in messages, messages
        assert str(stack.var) not in messages, messages


def test_branding_shows_the_logo_relative_to_the_data_folder(stack, tmp_path):
    admin, reader = auth(stack.admin_token), auth(stack.token("reader"))
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    try:
        saved = requests.put(stack.url(f"{API}/branding"), headers=admin, json={"logo_path": str(logo)}, timeout=TIMEOUT)
        assert saved.status_code == 200, describe(saved)
        for headers in (reader, admin):
            shown = requests.get(stack.url(f"{API}/branding"), headers=headers, timeout=TIMEOUT).json()["logo_path"]
            assert re.fullmatch(r"branding/logo-[0-9a-f]{32}\.svg", shown), shown
            assert (stack.var / shown).read_bytes() == logo.read_bytes()
        assert saved.json()["logo_path"] == shown
    finally:
        assert requests.delete(stack.url(f"{API}/branding"), headers=admin, timeout=TIMEOUT).status_code == 200


def test_the_development_store_and_log_are_not_world_readable(stack):
    """isofind_prepare_var (shared by scripts/run and this suite) makes them 0640 at most, as
    the production unit's UMask=0027 does."""
    for name in ("reports.db", "reports.db-wal", "reports.db-shm", "responder.log", "config.json"):
        path = stack.var / name
        if name.endswith(("-wal", "-shm")) and not path.exists():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o007 == 0, f"{name} is mode {mode:o}"
    assert stat.S_IMODE(stack.var.stat().st_mode) & 0o007 == 0


# --------------------------------------------------------------------------------------------
# the responder down or silent: a second nginx from the same template


@contextlib.contextmanager
def nginx_in_front_of(stack, tmp_path: Path, socket_path: Path, timeout_seconds: int | None = None):
    """A second dev nginx whose responder socket is SOCKET_PATH; yields its HTTP port."""
    var = tmp_path / "v"
    (var / "nginx").mkdir(parents=True)
    shutil.copytree(stack.var / "tls", var / "tls")
    http_port, tls_port = free_port(), free_port()
    conf = var / "nginx" / "nginx.conf"
    render_nginx_conf(var, socket_path, http_port, tls_port, conf)
    if timeout_seconds is not None:
        text = re.sub(r"fastcgi_read_timeout \d+s;", f"fastcgi_read_timeout {timeout_seconds}s;", conf.read_text())
        conf.write_text(text)
    # Up once it serves /docs, a page of its own: /health would wait for the responder.
    with extra_nginx(var / "nginx", conf, f"http://127.0.0.1:{http_port}/docs"):
        yield http_port


def test_a_down_responder_is_a_json_503_with_retry_after(stack, tmp_path):
    nobody = tmp_path / "nobody.sock"  # no process listens here
    with nginx_in_front_of(stack, tmp_path, nobody) as port:
        base = f"http://127.0.0.1:{port}"
        cases = [
            ("GET", "/health", {}),
            ("GET", f"{API}/templates", {}),                             # no token: straight to the responder
            ("GET", f"{API}/templates", auth("ifr_" + "x" * 43)),       # a token: the auth subrequest fails
            ("GET", f"{API}/list", {"X-IsoFind-Token": "ifr_" + "y" * 43}),
            ("POST", f"{API}/generate", {}),                             # a token-less write: the check
            ("GET", "/metrics", {}),
        ]
        for method, path, headers in cases:
            response = requests.request(method, base + path, headers=headers, timeout=TIMEOUT)
            assert response.status_code == 503, (path, headers, describe(response))
            assert response.headers["Content-Type"] == "application/json", describe(response)
            assert response.raw.headers.getlist("Retry-After") == ["5"], response.headers
            detail = response.json()["detail"]
            assert "unavailable" in detail and response.headers["X-Request-Id"] in detail, detail


def test_a_silent_responder_is_a_json_504_or_503(stack, tmp_path):
    """A responder that accepts and never answers: nginx's read timeout (shortened to 1 s here)
    gives 504 JSON; a token check that times out means the service is unavailable (503)."""
    path = tmp_path / "silent.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o777)
    listener.listen(64)
    held, stop = [], threading.Event()

    def hold():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    try:
        with nginx_in_front_of(stack, tmp_path, path, timeout_seconds=1) as port:
            base = f"http://127.0.0.1:{port}"
            response = requests.get(f"{base}{API}/templates", timeout=TIMEOUT)
            assert response.status_code == 504, describe(response)
            assert response.headers["Content-Type"] == "application/json"
            assert "did not answer in time" in response.json()["detail"]
            assert "Retry-After" not in response.headers
            response = requests.get(f"{base}{API}/templates", headers=auth("ifr_" + "z" * 43), timeout=TIMEOUT)
            assert response.status_code == 503, describe(response)
            assert "unavailable" in response.json()["detail"] and response.headers["Retry-After"] == "5"
    finally:
        stop.set()
        thread.join(5)
        for connection in held:
            connection.close()
        listener.close()


def test_the_responders_own_errors_keep_their_status_and_body(stack):
    """error_page rewrites only what nginx produces: a responder 404, 405 and 422 pass unchanged."""
    admin = auth(stack.admin_token)
    response = requests.get(stack.url(f"{API}/templates/999999999"), headers=admin, timeout=TIMEOUT)
    assert response.status_code == 404 and "999999999" in response.json()["detail"]
    response = requests.patch(stack.url(f"{API}/templates"), headers=admin, timeout=TIMEOUT)
    assert response.status_code == 405 and "PATCH" in response.json()["detail"] and response.headers["Allow"]
    assert "Retry-After" not in response.headers


def test_the_responders_own_503_keeps_its_headers(stack, tmp_path):
    """A responder whose store cannot be opened answers every API route 503 itself; nginx adds no
    Retry-After to that (waiting will not fix it) and keeps the responder's body."""
    data = tmp_path / "data"
    (data / "reports.db").mkdir(parents=True)  # a folder where the store should be
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"data_dir": str(data), "samples_db": str(stack.var / "isofind.db"),
                                  "sessions_db": str(stack.var / "workflows.db"), "licence": "pro", "threads": 2,
                                  "render_workers": 1, "python_workers": 1}))
    sock = tmp_path / "broken.sock"
    log = open(tmp_path / "broken.log", "ab")
    responder = subprocess.Popen([str(stack.bin), "serve", "--config", str(config), "--socket", str(sock)],
                                 stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    try:
        assert wait_for(lambda: sock.is_socket() or responder.poll() is not None, 30), (tmp_path / "broken.log").read_text()
        assert responder.poll() is None, (tmp_path / "broken.log").read_text()
        with nginx_in_front_of(stack, tmp_path, sock) as port:
            response = requests.get(f"http://127.0.0.1:{port}{API}/templates", timeout=TIMEOUT)
            assert response.status_code == 503, describe(response)
            assert response.json()["detail"].startswith("Reports module not loaded"), describe(response)
            assert "Retry-After" not in response.headers, response.headers
    finally:
        stop_process(responder)


def test_repeated_token_headers_over_http2(stack, reader_token):
    """HTTP/2 carries header fields one by one too: the same refusals hold on the TLS listener."""
    def call(*headers: str) -> tuple[str, str]:
        args = ["curl", "-sS", "-k", "--http2", "-o", "-", "-w", "\n%{http_version} %{http_code}"]
        for header in headers:
            args += ["-H", header]
        out = subprocess.run(args + [stack.tls_url + f"{API}/nexus-sessions"], capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        body, _, status = out.stdout.rpartition("\n")
        return status, body

    status, body = call("X-IsoFind-Token: garbage", f"X-IsoFind-Token: {reader_token}")
    assert status == "2 401" and "more than once" in json.loads(body)["detail"], (status, body)
    status, body = call("Authorization: Bearer garbage", f"Authorization: Bearer {reader_token}")
    assert status == "2 400" and "Authorization" in json.loads(body)["detail"], (status, body)
    status, body = call(f"X-IsoFind-Token: {reader_token}")
    assert status == "2 200", (status, body)
