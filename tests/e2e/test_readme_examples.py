"""The README's examples, run as a reader would run them (issue: "README examples tested").

Every fenced `sh` block that calls `curl` and every `python` block that imports `requests` is
extracted from README.md and run, in the README's order, in one working folder where `var/` is
the e2e stack's data folder and `scripts/isofind-reports` runs the CLI against it. Only the
address changes (`http://127.0.0.1:8000` becomes the stack's). `curl` runs with
`--fail-with-body`, so an example that gets an HTTP error fails; in Python, any 5xx answer
fails the example, and the examples check their own answers. What an example creates
(templates, custom blocks, reports) is deleted afterwards, so the shared stack is left as found.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from conftest import auth

README = Path(__file__).resolve().parents[2] / "README.md"
ADDRESS = "http://127.0.0.1:8000"
API = "/api/reports"


def examples() -> list[tuple[str, str, str]]:
    """(id, language, code) of each runnable example, in README order."""
    text = README.read_text()
    found = []
    for match in re.finditer(r"```(sh|python)\n(.*?)```", text, re.S):
        language, code = match.group(1), match.group(2)
        runnable = ("curl " in code) if language == "sh" else ("import requests" in code)
        if runnable:
            line = text[:match.start()].count("\n") + 1
            found.append((f"README.md:{line}:{language}", language, code))
    return found


EXAMPLES = examples()

# Python examples run with this prelude: a 5xx answer is never what an example shows.
PRELUDE = """
import requests as _requests
_send = _requests.Session.send
def _checked(self, request, **kwargs):
    response = _send(self, request, **kwargs)
    if response.status_code >= 500:
        raise AssertionError(f"{request.method} {request.url} -> {response.status_code}: {response.text[:300]}")
    return response
_requests.Session.send = _checked
"""


@pytest.fixture(scope="module")
def workdir(stack, tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    (folder / "var").symlink_to(stack.var)
    (folder / "scripts").mkdir()
    shim = folder / "scripts" / "isofind-reports"
    shim.write_text(f'#!/bin/sh\nISOFIND_REPORTS_CONFIG="{stack.config}" exec "{stack.bin}" "$@"\n')
    shim.chmod(0o755)
    return folder


def snapshot(stack) -> dict[str, set[int]]:
    admin = auth(stack.admin_token)
    get = lambda path: requests.get(stack.url(API + path), headers=admin, timeout=30).json()
    return {
        "templates": {t["id"] for t in get("/templates")["templates"] if not t["is_default"]},
        "custom-blocks": {b["id"] for b in get("/custom-blocks")["blocks"]},
        "reports": {r["id"] for r in get("/list?limit=1000")["reports"]},
    }


def test_the_readme_has_examples_to_run():
    languages = [language for _, language, _ in EXAMPLES]
    assert languages.count("sh") >= 4 and languages.count("python") >= 4, EXAMPLES


@pytest.mark.parametrize("name,language,code", EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example_runs(stack, workdir, name, language, code):
    before = snapshot(stack)
    code = code.replace(ADDRESS, stack.base_url)
    try:
        if language == "sh":
            code = re.sub(r"\bcurl ", "curl --fail-with-body ", code)
            run = subprocess.run(["bash", "-e", "-c", code], cwd=workdir, capture_output=True, text=True, timeout=300)
        else:
            run = subprocess.run([sys.executable, "-c", PRELUDE + code], cwd=workdir, capture_output=True, text=True,
                                 timeout=300, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        assert run.returncode == 0, f"{name} exited {run.returncode}:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
        assert "Traceback" not in run.stderr, run.stderr
    finally:
        after = snapshot(stack)
        admin = auth(stack.admin_token)
        for kind, path in (("reports", "/{}"), ("templates", "/templates/{}"), ("custom-blocks", "/custom-blocks/{}")):
            for created in after[kind] - before[kind]:
                requests.delete(stack.url(API + path.format(created)), headers=admin, timeout=30)
