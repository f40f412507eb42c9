"""End-to-end harness: a real nginx in front of a real `isofind-reports serve`.

The session-scoped `stack` fixture does what scripts/run does, on free loopback ports and in a
temporary data folder:

* prepares the folder with `isofind_prepare_var` from scripts/lib/common.sh (one implementation
  for both: config.json, demo data, dev TLS certificate, admin token),
* renders nginx/dev.conf.template with scripts/lib/render-nginx-conf and checks it with nginx -t,
* starts the responder (`$ISOFIND_BIN serve --config VAR/config.json --socket VAR/run/fcgi.sock`)
  and nginx (`nginx -p VAR/nginx -e ... -c ... -g 'daemon off;'`), each in its own session,
* waits for GET /api/ready = 200,
* at the end stops nginx (SIGQUIT, graceful) and the responder (SIGTERM) and checks that the
  responder exited 0.

ISOFIND_BIN (required) is the responder binary, e.g. .build/debug/isofind-reports; scripts/test
sets it. Tests import the helpers directly: `from conftest import auth, describe`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
COMMON_SH = REPO / "scripts" / "lib" / "common.sh"
RENDER = REPO / "scripts" / "lib" / "render-nginx-conf"

# The suite talks to 127.0.0.1 only: never through a proxy from the environment.
for _var in ("NO_PROXY", "no_proxy"):
    os.environ[_var] = ",".join(filter(None, ["127.0.0.1", "localhost", os.environ.get(_var)]))

READY_TIMEOUT = 30.0
STOP_TIMEOUT = 35.0


def auth(token: str) -> dict[str, str]:
    """Headers that authenticate with a service token."""
    return {"Authorization": f"Bearer {token}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isofind_bin() -> Path:
    value = os.environ.get("ISOFIND_BIN")
    if not value:
        pytest.fail("ISOFIND_BIN is not set: point it at the isofind-reports binary "
                    "(scripts/test does: ISOFIND_BIN=$(swift build --show-bin-path)/isofind-reports)",
                    pytrace=False)
    path = Path(value).resolve()
    if not os.access(path, os.X_OK):
        pytest.fail(f"ISOFIND_BIN={value} is not an executable file", pytrace=False)
    return path


def run_bash(script: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run a bash snippet with scripts/lib/common.sh sourced; $1.. are args."""
    proc = subprocess.run(
        ["bash", "-c", f'set -euo pipefail; source "$0"; {script}', str(COMMON_SH), *args],
        capture_output=True, text=True, cwd=REPO)
    if check and proc.returncode != 0:
        raise AssertionError(f"bash {script!r} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def render_nginx_conf(var: Path, socket_path: Path, http_port: int, tls_port: int, out: Path) -> None:
    proc = subprocess.run(
        [str(RENDER), "--var", str(var), "--socket", str(socket_path),
         "--http-port", str(http_port), "--tls-port", str(tls_port), "--out", str(out)],
        capture_output=True, text=True)
    assert proc.returncode == 0, f"render-nginx-conf failed:\n{proc.stderr}"


def nginx_test(prefix: Path, conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a config; returns the completed process (output in stderr)."""
    return subprocess.run(["nginx", "-t", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)],
                          capture_output=True, text=True)


@contextlib.contextmanager
def extra_nginx(prefix: Path, conf: Path, health_url: str):
    """A second nginx on CONF (checked with nginx -t first) for one test, up once HEALTH_URL
    answers; stopped gracefully (SIGQUIT) at the end of the block."""
    check = nginx_test(prefix, conf)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen(["nginx", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf),
                             "-g", "daemon off;"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)

    def up() -> bool:
        try:
            requests.get(health_url, verify=False, timeout=2)
            return True
        except requests.RequestException:
            return proc.poll() is not None

    try:
        assert wait_for(up, 10) and proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        yield
    finally:
        stop_process(proc, signal.SIGQUIT)


def stop_process(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    """Sends SIG and waits for the process; kills it if it is still there after TIMEOUT seconds."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_for(predicate, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def tail(path: Path, lines: int = 60) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return f"({path} does not exist)"


@dataclass
class Stack:
    bin: Path
    var: Path
    http_port: int
    tls_port: int
    responder: subprocess.Popen | None = None
    nginx: subprocess.Popen | None = None
    admin_token: str = ""
    _names: itertools.count = field(default_factory=lambda: itertools.count(1))

    # --- addresses and files ------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def tls_url(self) -> str:
        return f"https://127.0.0.1:{self.tls_port}"

    @property
    def config(self) -> Path:
        return self.var / "config.json"

    @property
    def socket(self) -> Path:
        return self.var / "run" / "fcgi.sock"

    @property
    def nginx_conf(self) -> Path:
        return self.var / "nginx" / "nginx.conf"

    @property
    def responder_log_path(self) -> Path:
        return self.var / "responder.log"

    def responder_log(self) -> str:
        """Everything the responder wrote on stdout/stderr so far."""
        try:
            return self.responder_log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def nginx_error_log(self) -> str:
        return tail(self.var / "nginx" / "error.log", 200)

    # --- helpers ------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def auth(self, token: str | None = None) -> dict[str, str]:
        """Authorization headers for TOKEN (default: the admin token)."""
        return auth(token or self.admin_token)

    def cli(self, *args: str, check: bool = True, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
        """Run `isofind-reports ARGS` with ISOFIND_REPORTS_CONFIG pointing at the stack's config."""
        env = dict(os.environ, ISOFIND_REPORTS_CONFIG=str(self.config))
        proc = subprocess.run([str(self.bin), *map(str, args)], capture_output=True, text=True,
                              env=env, input=input, timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"isofind-reports {' '.join(map(str, args))} exited {proc.returncode}:\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        return proc

    def token(self, role: str, name: str | None = None, expires_days: int | None = None) -> str:
        """Create a service token with `token create` and return its value (the last line printed)."""
        name = name or f"e2e-{role}-{next(self._names)}-{os.getpid()}"
        args = ["token", "create", "--config", str(self.config), "--name", name, "--role", role]
        if expires_days is not None:
            args += ["--expires-days", str(expires_days)]
        out = self.cli(*args).stdout.strip().splitlines()
        assert out, f"token create --name {name} printed nothing"
        return out[-1].strip()

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        log = open(self.responder_log_path, "ab")
        try:
            self.responder = subprocess.Popen(
                [str(self.bin), "serve", "--config", str(self.config), "--socket", str(self.socket)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()
        wait_for(lambda: self.socket.is_socket() or self.responder.poll() is not None, READY_TIMEOUT)
        if not self.socket.is_socket():
            raise AssertionError(f"the responder did not create {self.socket} "
                                 f"(exit status {self.responder.poll()}):\n{self.responder_log()}")

        nginx_out = open(self.var / "nginx" / "stderr.log", "ab")
        try:
            self.nginx = subprocess.Popen(
                ["nginx", "-p", str(self.var / "nginx"), "-e", str(self.var / "nginx" / "error.log"),
                 "-c", str(self.nginx_conf), "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=nginx_out, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            nginx_out.close()

        def ready() -> bool:
            if self.responder.poll() is not None or self.nginx.poll() is not None:
                return True
            try:
                return requests.get(self.url("/api/ready"), timeout=2).status_code == 200
            except requests.RequestException:
                return False

        wait_for(ready, READY_TIMEOUT)
        problems = []
        if self.responder.poll() is not None:
            problems.append(f"the responder exited with status {self.responder.returncode}")
        if self.nginx.poll() is not None:
            problems.append(f"nginx exited with status {self.nginx.returncode}: "
                            f"{tail(self.var / 'nginx' / 'stderr.log')}\n{self.nginx_error_log()}")
        if not problems:
            try:
                status = requests.get(self.url("/api/ready"), timeout=5).status_code
            except requests.RequestException as exc:
                status = exc
            if status != 200:
                problems.append(f"GET /api/ready did not answer 200 within {READY_TIMEOUT:.0f} s (last: {status})")
        if problems:
            self.stop()
            raise AssertionError("; ".join(problems) + f"\nresponder log:\n{tail(self.responder_log_path)}")

    def stop(self) -> int | None:
        """Stop nginx (graceful) then the responder (SIGTERM); return the responder's exit status."""
        for proc, sig in ((self.nginx, signal.SIGQUIT), (self.responder, signal.SIGTERM)):
            if proc is None:
                continue
            if proc.poll() is None:
                stop_process(proc, sig, STOP_TIMEOUT)
        return self.responder.returncode if self.responder else None


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """A running nginx + responder pair on free loopback ports, shared by the whole session."""
    bin_path = isofind_bin()
    # A short base keeps VAR/run/fcgi.sock well under the 107-byte unix socket limit.
    var = tmp_path_factory.mktemp("isofind") / "var"
    run_bash('isofind_prepare_var "$1" "$2"', str(var), str(bin_path))

    http_port, tls_port = free_port(), free_port()
    while tls_port == http_port:
        tls_port = free_port()
    s = Stack(bin=bin_path, var=var, http_port=http_port, tls_port=tls_port)
    s.admin_token = (var / "dev-admin-token").read_text().strip()
    assert s.admin_token, "isofind_prepare_var left an empty dev-admin-token"

    render_nginx_conf(var, s.socket, http_port, tls_port, s.nginx_conf)
    check = nginx_test(var / "nginx", s.nginx_conf)
    assert check.returncode == 0, f"nginx -t failed on the rendered dev config:\n{check.stderr}"

    s.start()
    try:
        yield s
    finally:
        status = s.stop()
        assert status == 0, (f"the responder exited with status {status} after SIGTERM (expected 0); "
                             f"last log lines:\n{tail(s.responder_log_path)}")


def json_or_text(response: requests.Response):
    """The JSON body of a response, or its text when it is not JSON (for assertion messages)."""
    try:
        return response.json()
    except ValueError:
        return response.text


def describe(response: requests.Response) -> str:
    return (f"{response.request.method} {response.url} -> {response.status_code} "
            f"{response.headers.get('Content-Type')}: {response.text[:500]!r}")



@contextlib.contextmanager
def separate_stack(var: Path, config: dict | None = None):
    """A stack of its own on the data folder VAR (prepared like the session's, then CONFIG merged
    into its config.json), for tests that kill, restart or break it; the session's `stack` is
    never touched. Yields the started Stack; stops it at the end (its exit status is the test's
    business: `stack.stop()` returns it)."""
    import json

    bin_path = isofind_bin()
    run_bash('isofind_prepare_var "$1" "$2"', str(var), str(bin_path))
    if config:
        path = var / "config.json"
        path.write_text(json.dumps(json.loads(path.read_text()) | config, indent=2))
    http_port, tls_port = free_port(), free_port()
    while tls_port == http_port:
        tls_port = free_port()
    s = Stack(bin=bin_path, var=var, http_port=http_port, tls_port=tls_port)
    s.admin_token = (var / "dev-admin-token").read_text().strip()
    render_nginx_conf(var, s.socket, http_port, tls_port, s.nginx_conf)
    check = nginx_test(var / "nginx", s.nginx_conf)
    assert check.returncode == 0, check.stderr
    s.start()
    try:
        yield s
    finally:
        s.stop()
