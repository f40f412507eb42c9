"""Schema fuzzing (quality.md, "Reliability"): schemathesis generates requests for every
operation of /api/reports/openapi.json and sends them through the real nginx to the real
responder. No answer may be a 5xx, and every answer must match the documented status codes,
content types, headers and response schemas.

`positive_data_acceptance` is not among the checks: a well-formed block key that names no block,
or a matrix configuration whose groups repeat, is valid for the schema but rightly refused
(422) by the rules the schema cannot express. `unsupported_method` is left out because nginx
itself answers TRACE with 405 and no Allow header, before the responder sees the request.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import requests

from conftest import auth

CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "ignored_auth",
])
MIN_CASES = 2000


def test_schemathesis_finds_no_server_error_and_no_schema_violation(stack):
    admin = auth(stack.admin_token)
    matrices = requests.get(stack.url("/api/reports/matrix-groups"), headers=admin, timeout=10).json()
    st = Path(sys.executable).with_name("st")
    try:
        run = subprocess.run(
            [str(st), "run", stack.url("/api/reports/openapi.json"), "--url", stack.base_url,
             "-H", f"Authorization: Bearer {stack.admin_token}",
             "--checks", CHECKS, "--max-examples", "200", "--seed", "20261129", "--no-color"],
            capture_output=True, text=True, timeout=600, cwd=stack.var)
    finally:
        # The fuzzer may have replaced the matrix configuration: put the original back.
        restored = requests.put(stack.url("/api/reports/matrix-groups"), json=matrices, headers=admin, timeout=10)
        assert restored.status_code == 200, restored.text
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-6000:]
    generated = re.search(r"(\d+) generated", output)
    assert generated and int(generated.group(1)) >= MIN_CASES, output[-3000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", output)
    assert selected and selected.group(1) == selected.group(2), "every operation must be fuzzed: " + output[-3000:]
    errors = [line for line in stack.responder_log().splitlines() if "level=error" in line or "level=critical" in line]
    assert not errors, "\n".join(errors[:20])
