"""Deployment checks: nginx configs, systemd units, and what nginx itself guarantees.

* both nginx configs pass `nginx -t` (the production site inside a throwaway nginx.conf with its
  paths moved to temporary files), the locations of the two are identical, and the production
  site is started for real on loopback ports in front of the test responder;
* both systemd units pass `systemd-analyze verify`, the service's sandbox scores "OK" in
  `systemd-analyze security --offline=yes`, and the units keep the settings the deployment needs;
* through the running dev nginx: /health and /api/ready need no token, HTTPS speaks HTTP/2, the
  internal download location is unreachable, bodies over 25 MiB get 413 from nginx, the auth
  subrequest's 401/403 reach the client as FastAPI-style JSON, client-sent identity headers
  change nothing, the responder's own errors pass through untouched, and downloads are served by
  nginx through X-Accel-Redirect with Range support.

Notes on systemd-analyze in a container: `systemd-analyze verify` does not need systemd as PID 1
(it loads the units into a private manager), so it works here. It exits 0 even on unknown keys
or bad values, which it only prints as warnings, so the tests also require that nothing is
printed about our units. `--man=no` skips the Documentation= man-page lookups. A missing
ExecStart binary is an error, hence ExecStart is rewritten to $ISOFIND_BIN.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from conftest import REPO, auth, describe, extra_nginx, free_port, isofind_bin, nginx_test, render_nginx_conf, wait_for

# Some checks use verify=False on purpose (TLS and HTTP/2 only, not the certificate).
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

NGINX_DIR = REPO / "nginx"
SYSTEMD_DIR = REPO / "systemd"
PROD_SITE = NGINX_DIR / "isofind-reports.conf"
PROD_HTTP = NGINX_DIR / "isofind-reports-http.conf"
DEV_TEMPLATE = NGINX_DIR / "dev.conf.template"
MIB = 1024 * 1024


# --------------------------------------------------------------------------------------------
# helpers


def strip_nginx_comments(text: str) -> str:
    """Remove # comments (outside quotes) from nginx config text."""
    out, quote = [], None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            out.append(c)
            if c == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
            out.append(c)
        elif c == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def nginx_locations(text: str) -> dict[str, str]:
    """Map each `location ... {}` block (by its head) to its whitespace-normalised body."""
    text = strip_nginx_comments(text)
    blocks = {}
    for m in re.finditer(r"\blocation\s+([^{;]+?)\s*\{", text):
        depth, i, quote = 1, m.end(), None
        while depth:
            c = text[i]
            if quote:
                if c == "\\":
                    i += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            i += 1
        head = " ".join(m.group(1).split())
        blocks[head] = " ".join(text[m.end():i - 1].split())
    return blocks


def make_cert(directory: Path, cert_name: str, key_name: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(directory / key_name), "-out", str(directory / cert_name)],
        check=True, capture_output=True)


def replace_exactly(text: str, old: str, new: str) -> str:
    assert old in text, f"expected {old!r} in {PROD_SITE.name}; update this test if the site changed"
    return text.replace(old, new)


def production_prefix(tmp: Path, socket_path: str, reports_dir: str,
                      http_port: int | None = None, tls_port: int | None = None) -> Path:
    """A throwaway nginx prefix that runs the production site with its paths moved into TMP.

    Returns the nginx.conf path. Ports are rewritten to loopback ports when given."""
    make_cert(tmp / "tls", "fullchain.pem", "privkey.pem")
    shutil.copy("/etc/nginx/fastcgi_params", tmp / "fastcgi_params")
    site = PROD_SITE.read_text()
    site = replace_exactly(site, "/etc/isofind-reports/tls/fullchain.pem", str(tmp / "tls" / "fullchain.pem"))
    site = replace_exactly(site, "/etc/isofind-reports/tls/privkey.pem", str(tmp / "tls" / "privkey.pem"))
    site = replace_exactly(site, "unix:/run/isofind-reports/fcgi.sock", f"unix:{socket_path}")
    site = replace_exactly(site, "alias /var/lib/isofind-reports/reports/;", f"alias {reports_dir.rstrip('/')}/;")
    site = replace_exactly(site, "/var/log/nginx/isofind-reports.access.log", str(tmp / "site-access.log"))
    site = replace_exactly(site, "/var/log/nginx/isofind-reports.error.log", str(tmp / "site-error.log"))
    if http_port is not None:
        site = replace_exactly(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
        site = replace_exactly(site, "listen [::]:80;", "")
    if tls_port is not None:
        site = replace_exactly(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{tls_port} ssl http2;")
        site = replace_exactly(site, "listen [::]:443 ssl http2;", "")
    leftover = [p for p in ("/etc/isofind-reports", "/run/isofind-reports", "/var/lib/isofind-reports", "/var/log")
                if p in strip_nginx_comments(site)]
    assert not leftover, f"production paths left after rewriting: {leftover}"
    (tmp / "isofind-reports.conf").write_text(site)
    shutil.copy(PROD_HTTP, tmp / "isofind-reports-http.conf")
    user_line = "user root root;" if os.geteuid() == 0 else ""
    temp_paths = "\n".join(f"    {name}_temp_path {tmp / (name + '_temp')};"
                           for name in ("client_body", "fastcgi", "proxy", "scgi", "uwsgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(f"""{user_line}
pid {tmp / 'nginx.pid'};
error_log {tmp / 'error.log'} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp_paths}
    access_log {tmp / 'access.log'};
    include {tmp / 'isofind-reports-http.conf'};
    include {tmp / 'isofind-reports.conf'};
}}
""")
    return conf


def problems_in(nginx_t_output: str) -> list[str]:
    return [line for line in nginx_t_output.splitlines() if re.search(r"\[(warn|emerg|alert|crit|error)\]", line)]


def unit_settings(path: Path) -> dict[str, dict[str, list[str]]]:
    """Parse a unit file into {section: {key: [values...]}} (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        assert current is not None, f"{path.name}: setting outside a section: {raw!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


@pytest.fixture(scope="module")
def template_units(tmp_path_factory) -> tuple[Path, Path]:
    """Instance 2 of the template units (verify refuses a bare template), ExecStart on $ISOFIND_BIN."""
    bin_path = isofind_bin()
    tmp = tmp_path_factory.mktemp("template-units")
    socket_unit = tmp / "isofind-reports@2.socket"
    service_unit = tmp / "isofind-reports@2.service"
    shutil.copy(SYSTEMD_DIR / "isofind-reports@.socket", socket_unit)
    text = (SYSTEMD_DIR / "isofind-reports@.service").read_text()
    service_unit.write_text(text.replace("ExecStart=/usr/local/bin/isofind-reports", f"ExecStart={bin_path}"))
    return socket_unit, service_unit


@pytest.fixture(scope="module")
def systemd_units(tmp_path_factory) -> tuple[Path, Path]:
    """Copies of both units, ExecStart pointing at $ISOFIND_BIN (verify needs an executable)."""
    bin_path = isofind_bin()
    tmp = tmp_path_factory.mktemp("units")
    socket_unit = tmp / "isofind-reports.socket"
    service_unit = tmp / "isofind-reports.service"
    shutil.copy(SYSTEMD_DIR / "isofind-reports.socket", socket_unit)
    text = (SYSTEMD_DIR / "isofind-reports.service").read_text()
    assert "ExecStart=/usr/local/bin/isofind-reports serve" in text
    service_unit.write_text(text.replace("ExecStart=/usr/local/bin/isofind-reports", f"ExecStart={bin_path}"))
    return socket_unit, service_unit


# --------------------------------------------------------------------------------------------
# nginx configs


def test_rendered_dev_config_passes_nginx_t(stack):
    result = nginx_test(stack.var / "nginx", stack.nginx_conf)
    assert result.returncode == 0, result.stderr
    assert not problems_in(result.stderr), result.stderr


def test_render_script_rejects_bad_input(tmp_path):
    script = REPO / "scripts" / "lib" / "render-nginx-conf"
    base = ["--socket", str(tmp_path / "s.sock"), "--out", str(tmp_path / "out.conf")]
    cases = {
        "space in path": ["--var", str(tmp_path / "a b"), "--http-port", "1", "--tls-port", "2"],
        "port out of range": ["--var", str(tmp_path), "--http-port", "70000", "--tls-port", "2"],
        "same ports": ["--var", str(tmp_path), "--http-port", "8000", "--tls-port", "8000"],
        "missing argument": ["--var", str(tmp_path), "--http-port", "1"],
    }
    for name, args in cases.items():
        proc = subprocess.run([str(script), *args, *base], capture_output=True, text=True)
        assert proc.returncode != 0, f"{name}: render-nginx-conf accepted {args}"
        assert not (tmp_path / "out.conf").exists(), f"{name}: wrote a config anyway"
    long_socket = tmp_path / ("x" * 120) / "fcgi.sock"
    proc = subprocess.run([str(script), "--var", str(tmp_path), "--socket", str(long_socket), "--http-port", "1",
                           "--tls-port", "2", "--out", str(tmp_path / "out.conf")], capture_output=True, text=True)
    assert proc.returncode != 0 and "107" in proc.stderr, proc.stderr


def test_render_fills_every_placeholder(tmp_path):
    var = tmp_path / "var"
    out = tmp_path / "nginx.conf"
    render_nginx_conf(var, var / "run" / "fcgi.sock", 18080, 18443, out)
    text = out.read_text()
    assert not re.search(r"@[A-Z_]+@", text)
    assert "listen 127.0.0.1:18080;" in text and "listen 127.0.0.1:18443 ssl http2;" in text
    assert f"unix:{var}/run/fcgi.sock;" in text and f"alias {var}/reports/;" in text
    assert not re.search(r"^\s*listen\s+(?!127\.0\.0\.1:)", strip_nginx_comments(text), re.M), \
        "the dev config must listen on 127.0.0.1 only"


def test_dev_and_production_locations_are_identical():
    dev = DEV_TEMPLATE.read_text()
    prod = strip_nginx_comments(PROD_SITE.read_text())
    prod = prod.replace("unix:/run/isofind-reports/fcgi.sock", "unix:@SOCKET@")
    prod = prod.replace("alias /var/lib/isofind-reports/reports/;", "alias @VAR@/reports/;")
    prod = prod.replace("include fastcgi_params;", "include @FASTCGI_PARAMS@;")
    prod = prod.replace("alias /usr/share/isofind-reports/docs/", "alias @DOCS_PAGE@/")
    prod = prod.replace("alias /usr/share/isofind-reports/swagger-ui/", "alias @SWAGGER_UI@/")
    dev_locations, prod_locations = nginx_locations(dev), nginx_locations(prod)
    assert set(dev_locations) == set(prod_locations)
    for head, body in prod_locations.items():
        assert dev_locations[head] == body, f"location {head} differs between dev and production"
    expected = {"= /health", "= /api/ready", "= /docs", "= /docs/isofind-docs.js", "/docs/swagger-ui/", "= /_auth", "= /api/reports", "/api/reports/",
                "/_protected_reports/", "/", "@auth_401", "@auth_403", "= /metrics", "@metrics_403", "@api_500",
                "@nginx_403", "@nginx_404", "@nginx_405", "@nginx_413", "@nginx_429", "@nginx_500", "@nginx_503", "@nginx_504",
                "= /_nginx_error/400", "= /_nginx_error/414", "= /_nginx_error/494", "= /_nginx_error/497"}
    assert expected <= set(prod_locations)
    api = prod_locations["/api/reports/"]
    for directive in ("auth_request /_auth;", "fastcgi_param ISOFIND_AUTH_SUBJECT $auth_subject;",
                      "fastcgi_param ISOFIND_AUTH_ROLE $auth_role;", 'fastcgi_param HTTP_AUTHORIZATION "";',
                      'fastcgi_param HTTP_X_ISOFIND_TOKEN "";', "fastcgi_param REQUEST_ID $request_id;",
                      "error_page 401 = @auth_401;", "error_page 403 = @auth_403;"):
        assert directive in api, f"/api/reports/ lacks {directive}"
    for body in prod_locations.values():
        assert "fastcgi_keep_conn" not in body and "fastcgi_intercept_errors" not in body
        assert "add_header" not in body, "an add_header in a location drops the server-level headers there"
    assert "internal;" in prod_locations["= /_auth"] and "internal;" in prod_locations["/_protected_reports/"]
    assert all("internal;" in body for head, body in prod_locations.items() if head.startswith("= /_nginx_error/"))
    # nginx's own errors: JSON from every location that has its own error_page list.
    for head in ("/api/reports/", "@api_anonymous", "= /metrics"):
        for directive in ("error_page 502 503 = @nginx_503;", "error_page 504 @nginx_504;", "error_page 429 @nginx_429;"):
            assert directive in prod_locations[head], f"{head} lacks {directive}"
    assert "error_page 500 = @api_500;" in api and "auth_request_set $auth_status $upstream_status;" in api
    assert "recursive_error_pages on;" in api, "without it, @api_anonymous's own error pages are never used"
    assert "auth_request" not in prod_locations["= /health"] + prod_locations["= /api/ready"]
    # /metrics: loopback only, no token check, marked for the responder, token headers blanked.
    metrics = prod_locations["= /metrics"]
    assert "allow 127.0.0.1; allow ::1; deny all;" in metrics
    assert "auth_request" not in metrics and "error_page 403 @metrics_403;" in metrics
    for directive in ("fastcgi_param ISOFIND_METRICS 1;", 'fastcgi_param HTTP_AUTHORIZATION "";',
                      'fastcgi_param HTTP_X_ISOFIND_TOKEN "";'):
        assert directive in metrics, f"= /metrics lacks {directive}"
    assert sum("ISOFIND_METRICS" in body for body in prod_locations.values()) == 1, "only = /metrics may mark requests"


def server_level(text: str, server_index: int = -1) -> list[str]:
    """The directives of a server{} block outside its locations, whitespace-normalised."""
    text = strip_nginx_comments(text)
    starts = [m.start() for m in re.finditer(r"\bserver\s*\{", text)]
    start = starts[server_index]
    depth, i = 0, text.index("{", start)
    body_start = i + 1
    while True:
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    body = text[body_start:i]
    body = re.sub(r"\blocation\s+[^{]+\{(?:[^{}]|\{[^{}]*\})*\}", "", body)
    return [" ".join(d.split()) for d in body.split(";") if d.strip()]


def http_level(text: str) -> list[str]:
    """The map and log_format definitions of an http{} context, whitespace-normalised."""
    text = strip_nginx_comments(text)
    found = re.findall(r"\bmap\s+[^{]+\{[^}]*\}|\blog_format\s+[^;]+;", text)
    return [" ".join(d.split()) for d in found]


def test_dev_and_production_share_error_pages_and_http_definitions():
    """The server-level error pages and headers, and the maps and log format of http{}, are the
    same in development and production (the locations are compared above)."""
    wanted = ("error_page", "add_header", "large_client_header_buffers", "client_")
    dev = [d for d in server_level(DEV_TEMPLATE.read_text()) if d.startswith(wanted)]
    prod = [d for d in server_level(PROD_SITE.read_text()) if d.startswith(wanted)]
    prod = [d for d in prod if not d.startswith("add_header Strict-Transport-Security")]  # HSTS: production only
    assert dev == prod
    assert "error_page 400 = /_nginx_error/400" in dev and "add_header Retry-After $isofind_retry_after always" in dev
    dev_http = http_level(DEV_TEMPLATE.read_text())
    prod_http = http_level(PROD_HTTP.read_text())
    assert dev_http == prod_http and len(dev_http) == 4, (dev_http, prod_http)
    assert any("$isofind_logged_uri" in d for d in dev_http if d.startswith("log_format"))
    assert not any("$request " in d or '"$request"' in d or "$args" in d or "$query_string" in d for d in dev_http)


def test_every_location_passes_to_one_upstream_of_responder_processes():
    """Several responder processes: one upstream group, least_conn, that every location uses."""
    dev, prod = strip_nginx_comments(DEV_TEMPLATE.read_text()), strip_nginx_comments(PROD_SITE.read_text())
    for text, servers in ((dev, "@UPSTREAM_SERVERS@"), (prod, "server unix:/run/isofind-reports/fcgi.sock;")):
        block = re.search(r"upstream isofind_reports \{([^}]*)\}", text)
        assert block and " ".join(block.group(1).split()) == f"least_conn; {servers}", block and block.group(1)
        passes = re.findall(r"fastcgi_pass\s+([^;]+);", text)
        first = "unix:@SOCKET@" if text is dev else "unix:/run/isofind-reports/fcgi.sock"
        # Every location but /metrics, which asks the first process (a process's own counts).
        assert passes.count(first) == 1 and set(passes) == {"isofind_reports", first}, passes
        assert f"fastcgi_pass {first};" in nginx_locations(text)["= /metrics"]


def test_render_lists_every_socket_in_the_upstream(tmp_path):
    var = tmp_path / "var"
    out = tmp_path / "nginx.conf"
    proc = subprocess.run([str(REPO / "scripts" / "lib" / "render-nginx-conf"), "--var", str(var),
                           "--socket", str(var / "run" / "a.sock"), "--socket", str(var / "run" / "b.sock"),
                           "--http-port", "18080", "--tls-port", "18443", "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    block = re.search(r"upstream isofind_reports \{([^}]*)\}", out.read_text()).group(1)
    assert " ".join(block.split()) == f"least_conn; server unix:{var}/run/a.sock; server unix:{var}/run/b.sock;"
    same = subprocess.run([str(REPO / "scripts" / "lib" / "render-nginx-conf"), "--var", str(var),
                           "--socket", str(var / "a.sock"), "--socket", str(var / "a.sock"),
                           "--http-port", "18080", "--tls-port", "18443", "--out", str(tmp_path / "x.conf")],
                          capture_output=True, text=True)
    assert same.returncode != 0 and "twice" in same.stderr


def test_production_site_passes_nginx_t(tmp_path):
    conf = production_prefix(tmp_path, str(tmp_path / "fcgi.sock"), str(tmp_path / "reports"))
    result = nginx_test(tmp_path, conf)
    assert result.returncode == 0, result.stderr
    assert not problems_in(result.stderr), result.stderr


def test_production_site_serves_through_real_nginx(stack, tmp_path):
    """The production site itself, on loopback ports, in front of the test responder."""
    http_port, tls_port = free_port(), free_port()
    conf = production_prefix(tmp_path, str(stack.socket), str(stack.var / "reports"), http_port, tls_port)
    tls = f"https://127.0.0.1:{tls_port}"
    with extra_nginx(tmp_path, conf, tls + "/health"):
        r = requests.get(f"http://127.0.0.1:{http_port}/api/reports/list?limit=5",
                         headers={"Host": "reports.example.org"}, allow_redirects=False, timeout=10)
        assert r.status_code == 301, describe(r)
        assert r.headers["Location"] == "https://reports.example.org/api/reports/list?limit=5"

        r = requests.get(tls + "/health", verify=False, timeout=10)
        assert r.status_code == 200, describe(r)
        assert r.headers.get("Strict-Transport-Security") == "max-age=63072000"
        assert r.headers.get("X-Content-Type-Options") == "nosniff"
        assert r.headers.get("Server") == "nginx", "server_tokens off must hide the version"

        out = subprocess.run(["curl", "-sS", "-k", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                              tls + "/api/ready"], capture_output=True, text=True, timeout=20)
        assert out.stdout == "2 200", out.stderr

        r = requests.get(tls + "/api/reports/list", verify=False, timeout=10)
        assert r.status_code == 401, describe(r)
        assert r.headers["Content-Type"].startswith("application/json")
        assert r.headers.get("Strict-Transport-Security") == "max-age=63072000"
        assert isinstance(r.json()["detail"], str)
        r = requests.get(tls + "/_protected_reports/x.pdf", verify=False, timeout=10)
        assert r.status_code == 404, describe(r)
        r = requests.get(tls + "/metrics", verify=False, timeout=10)  # from loopback, so allowed
        assert r.status_code == 200, describe(r)
        assert r.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"

        # The production log format leaves query strings (and so tokens sent there) out.
        secret = "ifr_" + "q" * 43
        r = requests.get(tls + f"/api/reports/list?access_token={secret}", verify=False, timeout=10)
        assert r.status_code == 401, describe(r)
        log = tmp_path / "site-access.log"
        assert wait_for(lambda: r.headers["X-Request-Id"] in log.read_text(), 5)
        assert secret not in log.read_text()
        assert '"GET /api/reports/list?[query omitted] HTTP/1.1" 401' in log.read_text(), log.read_text()[-500:]
        # nginx's own errors are JSON here too, and so is a token-less write (refused unread).
        r = requests.request("TRACE", tls + "/health", verify=False, timeout=10)
        assert r.status_code == 405 and r.json()["detail"] == "Method TRACE is not allowed here.", describe(r)
        r = requests.post(tls + "/api/reports/generate", data=b"{}", verify=False, timeout=10)
        assert r.status_code == 401 and "editor role" in r.json()["detail"], describe(r)


# --------------------------------------------------------------------------------------------
# systemd units


def test_systemd_units_verify(systemd_units):
    socket_unit, service_unit = systemd_units
    if shutil.which("systemd-analyze") is None:
        pytest.fail("systemd-analyze not found (Debian package systemd)")
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", str(socket_unit), str(service_unit)],
                          capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    ours = [line for line in output.splitlines() if "isofind-reports" in line]
    assert not ours, "systemd-analyze verify complained about our units:\n" + "\n".join(ours)


def test_systemd_template_units_verify(template_units):
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", *map(str, template_units)],
                          capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    ours = [line for line in output.splitlines() if "isofind-reports" in line]
    assert not ours, "systemd-analyze verify complained about the template units:\n" + "\n".join(ours)


def test_template_units_are_the_single_units_on_their_own_socket():
    """isofind-reports@.service/.socket run more responder processes: the same settings as the
    single units (sandbox, user, folders, limits), only their names and socket path differ."""
    for kind, differences in (
        ("service", {("Unit", "Description"): "IsoFind Reports FastCGI responder %i",
                     ("Unit", "Requires"): "isofind-reports@%i.socket", ("Unit", "After"): "isofind-reports@%i.socket",
                     ("Service", "SyslogIdentifier"): "isofind-reports-%i", ("Install", "Also"): "isofind-reports@%i.socket"}),
        ("socket", {("Unit", "Description"): "IsoFind Reports FastCGI socket %i",
                    ("Socket", "ListenStream"): "/run/isofind-reports/fcgi-%i.sock"}),
    ):
        single = unit_settings(SYSTEMD_DIR / f"isofind-reports.{kind}")
        template = unit_settings(SYSTEMD_DIR / f"isofind-reports@.{kind}")
        assert set(single) == set(template), kind
        for section, keys in single.items():
            assert set(keys) == set(template[section]), (kind, section)
            for key, values in keys.items():
                expected = [differences[(section, key)]] if (section, key) in differences else values
                assert template[section][key] == expected, (kind, section, key, template[section][key])


@pytest.mark.parametrize("which", ["single", "template"])
def test_systemd_service_sandbox_scores_ok(systemd_units, template_units, which):
    _, service_unit = systemd_units if which == "single" else template_units
    proc = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", str(service_unit)],
                          capture_output=True, text=True, timeout=120)
    m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", proc.stdout + proc.stderr)
    assert m, proc.stdout + proc.stderr
    assert float(m.group(1)) <= 2.0, f"exposure {m.group(1)} (OK is below 3):\n{proc.stdout}"


def test_systemd_units_keep_the_deployment_settings():
    sock = unit_settings(SYSTEMD_DIR / "isofind-reports.socket")["Socket"]
    assert sock["ListenStream"] == ["/run/isofind-reports/fcgi.sock"]
    assert sock["SocketMode"] == ["0660"] and sock["SocketGroup"] == ["www-data"] and sock["Accept"] == ["no"]

    service = unit_settings(SYSTEMD_DIR / "isofind-reports.service")["Service"]
    one = {key: values[-1] for key, values in service.items()}
    assert one["ExecStart"] == "/usr/local/bin/isofind-reports serve --config /etc/isofind-reports/config.json"
    expected = {
        "StandardInput": "socket", "StandardOutput": "journal", "StandardError": "journal",
        "SyslogIdentifier": "isofind-reports", "User": "isofind-reports", "Group": "isofind-reports",
        "SupplementaryGroups": "www-data", "StateDirectory": "isofind-reports", "UMask": "0027",
        "TimeoutStopSec": "30", "Restart": "on-failure", "MemoryMax": "2G", "TasksMax": "256",
        "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
        "NoNewPrivileges": "yes", "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes",
        "ProtectControlGroups": "yes", "RestrictNamespaces": "yes", "RestrictRealtime": "yes",
        "RestrictSUIDSGID": "yes", "LockPersonality": "yes", "RestrictAddressFamilies": "AF_UNIX",
        "CapabilityBoundingSet": "",
    }
    for key, value in expected.items():
        assert one.get(key) == value, f"{key}={one.get(key)!r}, expected {value!r}"
    # @system-service, plus the calls the Python workers need to install their own seccomp filter
    # and Landlock ruleset (systemd 252's @system-service leaves them out).
    assert service["SystemCallFilter"][0] == "@system-service"
    allowed = set(" ".join(service["SystemCallFilter"]).split())
    assert {"seccomp", "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self"} <= allowed, allowed
    # Deleted at stop, it would take the socket path the .socket unit still listens on.
    assert "RuntimeDirectory" not in service
    # libffi closures in the Python workers may need W+X memory.
    assert "MemoryDenyWriteExecute" not in service
    # nginx (www-data) must be able to traverse the data folder to reach reports/.
    assert int(one["StateDirectoryMode"], 8) & 0o001


# --------------------------------------------------------------------------------------------
# the running stack


def test_health_and_ready_need_no_token(stack):
    for path in ("/health", "/api/ready"):
        r = requests.get(stack.url(path), timeout=10)
        assert r.status_code == 200, describe(r)
        assert r.headers["Content-Type"].startswith("application/json"), describe(r)
        assert re.fullmatch(r"[0-9a-f]{32}", r.headers.get("X-Request-Id", "")), "nginx adds X-Request-Id"
    assert requests.get(stack.url("/health"), timeout=10).json()["status"] in ("healthy", "degraded")
    assert requests.get(stack.url("/api/ready"), timeout=10).json() == {"status": "ready"}


def test_docs_need_no_token(stack):
    r = requests.get(stack.url("/docs"), timeout=10)
    assert r.status_code == 200, describe(r)


def test_https_answers_with_http2(stack):
    out = subprocess.run(["curl", "-sS", "-k", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                          stack.tls_url + "/health"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "2 200"
    r = requests.get(stack.tls_url + "/health", verify=False, timeout=10)
    assert r.status_code == 200, describe(r)
    r = requests.get(stack.tls_url + "/health", verify=str(stack.var / "tls" / "cert.pem"), timeout=10)
    assert r.status_code == 200, "the dev certificate must be valid for 127.0.0.1"


def test_access_log_carries_the_request_id(stack):
    r = requests.get(stack.url("/health"), timeout=10)
    request_id = r.headers["X-Request-Id"]
    log = stack.var / "nginx" / "access.log"
    assert wait_for(lambda: f"id={request_id}" in log.read_text(), 5), f"{request_id} not in {log}"


def test_internal_download_location_is_unreachable(stack):
    probe = stack.var / "reports" / "e2e-probe.pdf"
    probe.write_bytes(b"%PDF-1.5\n% probe\n")
    try:
        for headers in ({}, auth(stack.admin_token)):
            for path in ("/_protected_reports/e2e-probe.pdf", "/_protected_reports/",
                         "/_protected_reports/../reports/e2e-probe.pdf"):
                r = requests.get(stack.url(path), headers=headers, timeout=10)
                assert r.status_code == 404, describe(r)
                assert b"probe" not in r.content
                assert r.headers["Content-Type"].startswith("application/json"), describe(r)
        r = requests.get(stack.url("/_auth"), headers=auth(stack.admin_token), timeout=10)
        assert r.status_code == 404, describe(r)
    finally:
        probe.unlink()


def test_unknown_paths_get_404(stack):
    for path in ("/", "/nope", "/api", "/api/reports", "/api/reportsX", "/reports/1", "/.env"):
        r = requests.get(stack.url(path), allow_redirects=False, timeout=10)
        assert r.status_code == 404, describe(r)
        assert r.json() == {"detail": "Not Found"}, describe(r)


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "admin"])
def test_body_over_25_mib_gets_413_from_nginx(stack, with_token):
    headers = {"Content-Type": "application/json", **(auth(stack.admin_token) if with_token else {})}
    before = stack.responder_log()
    r = requests.post(stack.url("/api/reports/generate"), data=b" " * (30 * MIB), headers=headers, timeout=60)
    assert r.status_code == 413, describe(r)
    assert r.headers["Content-Type"].startswith("application/json")
    assert "detail" in r.json()
    time.sleep(0.2)
    assert "/api/reports/generate" not in stack.responder_log()[len(before):], \
        "a refused body must never reach the responder"


# --------------------------------------------------------------------------------------------
# the auth_request contract (nginx side of it)


def www_authenticate(r: requests.Response) -> list[str]:
    return r.raw.headers.getlist("WWW-Authenticate")


def test_missing_token_gets_401_json_with_one_bearer_challenge(stack):
    r = requests.get(stack.url("/api/reports/list"), timeout=10)
    assert r.status_code == 401, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail, describe(r)
    challenges = www_authenticate(r)
    assert len(challenges) == 1 and challenges[0].startswith("Bearer"), challenges


@pytest.mark.parametrize("header", ["Authorization", "X-IsoFind-Token"])
def test_unknown_token_gets_401(stack, header):
    value = "Bearer not-a-real-token" if header == "Authorization" else "not-a-real-token"
    r = requests.get(stack.url("/api/reports/list"), headers={header: value}, timeout=10)
    assert r.status_code == 401, describe(r)
    assert isinstance(r.json()["detail"], str)
    assert len(www_authenticate(r)) == 1


def test_both_token_headers_are_accepted(stack):
    token = stack.token("reader")
    for headers in (auth(token), {"X-IsoFind-Token": token}):
        r = requests.get(stack.url("/api/reports/nexus-sessions"), headers=headers, timeout=10)
        assert r.status_code == 200, describe(r)


def test_role_too_low_gets_403_json(stack):
    reader = stack.token("reader")
    r = requests.post(stack.url("/api/reports/templates"), json={"name": "x", "blocks": ["cover_page"]},
                      headers=auth(reader), timeout=60)
    assert r.status_code == 403, describe(r)
    assert r.headers["Content-Type"].startswith("application/json"), describe(r)
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]
    assert not www_authenticate(r)


def test_client_sent_identity_headers_change_nothing(stack):
    forged = {"X-Auth-Role": "admin", "X-Auth-Subject": "dev-admin", "X-IsoFind-Auth-Role": "admin",
              "Isofind-Auth-Role": "admin", "X-Original-URI": "/health", "X-Original-Method": "GET"}
    r = requests.get(stack.url("/api/reports/nexus-sessions"), headers=forged, timeout=10)
    assert r.status_code == 401, describe(r)
    reader = stack.token("reader")
    r = requests.put(stack.url("/api/reports/matrix-groups"), json={"groups": [], "rules": []},
                     headers={**forged, **auth(reader)}, timeout=60)
    assert r.status_code == 403, describe(r)


def test_revoked_token_is_refused_from_the_next_request(stack):
    name = f"e2e-revoke-{os.getpid()}"
    token = stack.token("reader", name=name)
    assert requests.get(stack.url("/api/reports/nexus-sessions"), headers=auth(token), timeout=10).status_code == 200
    stack.cli("token", "revoke", name)
    r = requests.get(stack.url("/api/reports/nexus-sessions"), headers=auth(token), timeout=10)
    assert r.status_code == 401, describe(r)


def test_anonymous_may_read_default_templates(stack):
    r = requests.get(stack.url("/api/reports/templates"), timeout=10)
    assert r.status_code == 200, describe(r)


def test_responder_errors_pass_through_unchanged(stack):
    """error_page only rewrites nginx's own errors; the responder's 4xx reach the client as sent."""
    admin = auth(stack.admin_token)
    r = requests.get(stack.url("/api/reports/templates/999999999"), headers=admin, timeout=10)
    assert r.status_code == 404, describe(r)
    assert isinstance(r.json()["detail"], str)
    r = requests.get(stack.url("/api/reports/templates/not-an-id"), headers=admin, timeout=10)
    assert r.status_code == 422, describe(r)
    assert isinstance(r.json()["detail"], list), "a 422 from the responder carries a list"
    # Admin passes the auth subrequest, so a 403 here is the responder's own (default templates
    # are read-only) and must keep its own detail, not nginx's auth fallback.
    templates = requests.get(stack.url("/api/reports/templates"), headers=admin, timeout=10).json()["templates"]
    default = next(t for t in templates if t.get("is_default"))
    r = requests.put(stack.url(f"/api/reports/templates/{default['id']}"), json={"name": "renamed"},
                     headers=admin, timeout=10)
    assert r.status_code == 403, describe(r)
    assert r.json()["detail"] not in ("Not enough permissions.", ""), describe(r)


