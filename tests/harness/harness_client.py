"""Starts the custom-block harness the way the Swift worker does, in a child Python process,
and speaks its channel protocol: the test suite's only way into the harness.

The child runs `python3 -I -c BOOTSTRAP`: it reads the three sources of
Sources/IsoFindPython/Harness, executes harness.py in a fresh dict holding `_SOURCES` (as
WorkerProcess.runHarness does) and calls `main(fd, hello)` on its end of a socketpair.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HARNESS_DIR = Path(__file__).resolve().parents[2] / "Sources" / "IsoFindPython" / "Harness"

# The interpreter the harness runs in: $ISOFIND_HARNESS_PYTHON, else the one running the tests.
PYTHON = os.environ.get("ISOFIND_HARNESS_PYTHON", sys.executable)

DEFAULT_LIMITS = {"max_items": 5000, "max_text_bytes": 2097152, "max_image_bytes": 10485760,
                  "max_print_bytes": 65536, "cpu_seconds": 5}

BOOTSTRAP = r"""
import builtins, json, sys
folder, fd, hello, extra_path = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), json.loads(sys.argv[4])
sys.path[:0] = extra_path
def source(name):
    with open(f"{folder}/{name}.py", encoding="utf-8") as file:
        return file.read()
g = {"__builtins__": builtins, "__name__": "isofind_harness",
     "_SOURCES": {"contract": source("contract"), "reportlab_subset": source("reportlab_subset")}}
exec(compile(source("harness"), "<isofind-harness>", "exec"), g)
g["main"](fd, hello)
"""


class Harness:
    """One harness process: `run(code)` sends a job and returns the reply (a dict)."""

    def __init__(self, temp_dir: Path, *, extra_path: list[str] | None = None, python: str | None = None,
                 hello: dict[str, Any] | None = None, timeout: float = 20) -> None:
        self.temp_dir = Path(temp_dir)
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        parent, child = socket.socketpair()
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [python or PYTHON, "-I", "-c", BOOTSTRAP, str(HARNESS_DIR), str(child.fileno()),
             json.dumps({"layers": {}} if hello is None else hello), json.dumps(extra_path or [])],
            pass_fds=(child.fileno(),), cwd=self.temp_dir, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=self.stderr)
        child.close()
        self.sock = parent
        self.sock.settimeout(timeout)
        self.ready = self.receive()

    # --- framing ---

    def send_bytes(self, payload: bytes) -> None:
        self.sock.sendall(struct.pack(">I", len(payload)) + payload)

    def send(self, message: dict[str, Any]) -> None:
        self.send_bytes(json.dumps(message).encode("utf-8"))

    def _exactly(self, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def receive(self) -> dict[str, Any] | None:
        """The next frame, or None when the harness closed the channel."""
        header = self._exactly(4)
        if header is None:
            return None
        payload = self._exactly(struct.unpack(">I", header)[0])
        assert payload is not None, "the channel closed inside a frame"
        return json.loads(payload.decode("utf-8"))

    # --- jobs ---

    def job(self, code: str, *, data: Any = None, lang: str = "en", limits: dict[str, int] | None = None,
            key: str = "test_block") -> dict[str, Any]:
        return {"key": key, "code": code, "lang": lang, "data": {} if data is None else data,
                "limits": {**DEFAULT_LIMITS, **(limits or {})}, "temp_dir": str(self.temp_dir)}

    def run(self, code: str, **options: Any) -> dict[str, Any]:
        """Send one job, return its reply."""
        self.send(self.job(code, **options))
        reply = self.receive()
        assert reply is not None, f"the harness ended: {self.stderr_text()}"
        return reply

    def story(self, code: str, **options: Any) -> list[dict[str, Any]]:
        """The story of a job that must succeed."""
        reply = self.run(code, **options)
        assert reply["ok"], reply
        return reply["story"]

    def error(self, code: str, **options: Any) -> dict[str, Any]:
        """The error of a job that must fail."""
        reply = self.run(code, **options)
        assert not reply["ok"], reply
        return reply["error"]

    def stderr_text(self) -> str:
        """What the harness process wrote on its standard error (nothing, normally)."""
        if self.stderr.closed:
            return self.final_stderr
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def close(self, timeout: float = 10) -> int:
        """End of file on the channel; the harness's exit status."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        try:
            return self.process.wait(timeout)
        finally:
            self.sock.close()
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.final_stderr = self.stderr_text()
            self.stderr.close()
