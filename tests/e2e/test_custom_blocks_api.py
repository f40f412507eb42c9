"""Custom blocks: the five endpoints of api.md "Custom blocks (5)", through nginx.

The code of a block is compiled by the responder's embedded interpreter before anything is
saved (python-blocks.md, "Two uses of Python"), so a syntax error is a 422 whose detail is the
compile error (an object, not the usual list). Editors read, admins write. A created block is in
the catalogue at once and can be named by templates and generation requests; a deactivated or
deleted one is refused there with the unknown-key 422 that names it.

Every test makes its own blocks with unique keys and deletes them afterwards: the stack is shared
by the session, and other files count the catalogue's blocks.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest
import requests
from conftest import auth

API = "/api/reports"
BASE = f"{API}/custom-blocks"
TIMEOUT = 30
BLOCK_FIELDS = {
    "id", "key", "name", "description", "category", "nature", "icon", "licence", "expert", "language", "api_calls",
    "code_python", "active", "created_at", "updated_at",
}
SECTIONS = ["samples", "project", "nexus", "scoring", "auto_context", "simulation", "scenarios", "report"]
CODE = "story.append(Paragraph('Hello from a laboratory block'))\n"


def unique_key(prefix="cb"):
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def parse_time(text):
    assert isinstance(text, str) and text.endswith("Z"), text
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


class Client:
    def __init__(self, stack):
        self.base = stack.base_url
        self.admin = auth(stack.admin_token)
        self.editor = auth(stack.token("editor", name=f"cb-editor-{uuid.uuid4().hex[:8]}"))
        self.reader = auth(stack.token("reader", name=f"cb-reader-{uuid.uuid4().hex[:8]}"))
        self.created: list[int] = []

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.base + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)

    def create(self, **body):
        body.setdefault("key", unique_key())
        body.setdefault("name", "Laboratory block")
        body.setdefault("code_python", CODE)
        response = self.call("POST", BASE, self.admin, json=body)
        assert response.status_code == 200, response.text
        block = response.json()
        self.created.append(block["id"])
        return block

    def post(self, headers=None, **body):
        """A POST that is expected to be refused; a block it creates after all is still cleaned up."""
        response = self.call("POST", BASE, self.admin if headers is None else headers, json=body)
        if response.status_code == 200:
            self.created.append(response.json()["id"])
        return response

    def keys_in_catalogue(self):
        response = self.call("GET", f"{API}/blocks")
        assert response.status_code == 200
        return {block["key"]: block for block in response.json()["blocks"]}


@pytest.fixture(scope="module")
def client(stack):
    c = Client(stack)
    yield c
    for block_id in c.created:
        c.call("DELETE", f"{BASE}/{block_id}", c.admin)


def issues(response):
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list), detail
    return detail


def only_issue(response):
    [issue] = issues(response)
    return issue


def compile_error(response):
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, dict), detail
    assert set(detail) == {"error", "msg", "lineno", "offset", "text"}, detail
    return detail


# --- availability ---------------------------------------------------------------------------------


def test_health_reports_custom_blocks_and_stays_healthy(client):
    response = client.call("GET", "/health")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "healthy" and body["reasons"] == []
    custom = body["custom_blocks"]
    assert set(custom) == {"compile_checks", "sandbox"}
    assert isinstance(custom["sandbox"], dict)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in custom["sandbox"].items()), custom
    assert custom["compile_checks"] == "available", (
        "the responder started without its embedded interpreter, so every custom-block endpoint answers 503: "
        + custom["compile_checks"])


# --- create, read, update, delete -----------------------------------------------------------------


def test_create_with_defaults_read_update_delete(client):
    key = unique_key()
    created = client.create(key=key, name="Lab table")
    assert set(created) == BLOCK_FIELDS
    assert created["key"] == key and created["name"] == "Lab table" and created["code_python"] == CODE
    assert (created["description"], created["category"], created["nature"], created["icon"]) == ("", "custom", "I", "CB")
    assert (created["licence"], created["expert"], created["language"]) == ("pro", False, "fr")
    assert created["api_calls"] is None and created["active"] is True
    assert isinstance(created["id"], int)
    assert parse_time(created["created_at"]) == parse_time(created["updated_at"])
    block_id = created["id"]

    listed = client.call("GET", BASE, client.editor)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert set(body) == {"success", "blocks", "count"} and body["success"] is True
    assert body["count"] == len(body["blocks"])
    assert [b for b in body["blocks"] if b["id"] == block_id] == [created]
    assert client.call("GET", f"{BASE}/{block_id}", client.editor).json() == created

    time.sleep(1.1)  # timestamps have second precision
    updated = client.call("PUT", f"{BASE}/{block_id}", client.admin,
                          json={"name": "Our table", "description": "Quarterly", "api_calls": ["samples", "report"],
                                "licence": "research", "nature": "A", "icon": "T1", "expert": True, "language": "en",
                                "category": "results"})
    assert updated.status_code == 200, updated.text
    after = updated.json()
    assert after["name"] == "Our table" and after["description"] == "Quarterly" and after["api_calls"] == ["samples", "report"]
    assert (after["licence"], after["nature"], after["icon"], after["expert"], after["language"], after["category"]) == \
        ("research", "A", "T1", True, "en", "results")
    assert after["key"] == key and after["code_python"] == CODE
    assert after["created_at"] == created["created_at"]
    assert parse_time(after["updated_at"]) > parse_time(created["updated_at"])
    assert client.call("GET", f"{BASE}/{block_id}", client.admin).json() == after

    deleted = client.call("DELETE", f"{BASE}/{block_id}", client.admin)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {"success": True, "id": block_id}
    assert client.call("GET", f"{BASE}/{block_id}", client.admin).status_code == 404
    assert all(b["id"] != block_id for b in client.call("GET", BASE, client.admin).json()["blocks"])
    assert key not in client.keys_in_catalogue()
    assert client.call("DELETE", f"{BASE}/{block_id}", client.admin).status_code == 404


def test_every_field_given_on_create(client):
    block = client.create(description="What it shows", category="geochem", nature="F", icon="G7", licence="research+",
                          expert=True, language="en", api_calls=SECTIONS, active=True)
    assert (block["description"], block["category"], block["nature"], block["icon"]) == ("What it shows", "geochem", "F", "G7")
    assert (block["licence"], block["expert"], block["language"], block["api_calls"]) == ("research+", True, "en", SECTIONS)


def test_inactive_blocks_are_served_by_id_only(client):
    block = client.create(active=False)
    assert all(b["id"] != block["id"] for b in client.call("GET", BASE, client.editor).json()["blocks"])
    assert block["key"] not in client.keys_in_catalogue()
    assert client.call("GET", f"{BASE}/{block['id']}", client.editor).json()["active"] is False
    reactivated = client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"active": True})
    assert reactivated.status_code == 200 and reactivated.json()["active"] is True
    assert any(b["id"] == block["id"] for b in client.call("GET", BASE, client.editor).json()["blocks"])
    assert block["key"] in client.keys_in_catalogue()


def test_api_calls_can_be_reset_to_every_section(client):
    block = client.create(api_calls=["samples"])
    response = client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"api_calls": None})
    assert response.status_code == 200 and response.json()["api_calls"] is None
    response = client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"api_calls": []})
    assert response.status_code == 200 and response.json()["api_calls"] == []


# --- roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role,expected", [("none", 401), ("reader", 403), ("editor", 200), ("admin", 200)])
def test_editors_read(client, role, expected):
    block = client.create()
    headers = {"none": {}, "reader": client.reader, "editor": client.editor, "admin": client.admin}[role]
    for path in (BASE, f"{BASE}/{block['id']}"):
        response = client.call("GET", path, headers)
        assert response.status_code == expected, (path, response.text)


@pytest.mark.parametrize("role,expected", [("none", 401), ("reader", 403), ("editor", 403)])
def test_only_admins_write(client, role, expected):
    block = client.create()
    headers = {"none": {}, "reader": client.reader, "editor": client.editor}[role]
    key = unique_key()
    assert client.post(headers, key=key, name="x", code_python="pass").status_code == expected
    assert client.call("PUT", f"{BASE}/{block['id']}", headers, json={"name": "changed"}).status_code == expected
    assert client.call("DELETE", f"{BASE}/{block['id']}", headers).status_code == expected
    assert client.call("GET", f"{BASE}/{block['id']}", client.admin).json() == block
    assert key not in client.keys_in_catalogue()


# --- every 422 of the body ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,value,loc,kind",
    [
        ("key", "Upper_case", ["key"], "string_pattern_mismatch"),
        ("key", "ab", ["key"], "string_pattern_mismatch"),
        ("key", "a" * 51, ["key"], "string_pattern_mismatch"),
        ("key", "1abc", ["key"], "string_pattern_mismatch"),
        ("key", "has-dash", ["key"], "string_pattern_mismatch"),
        ("key", 12, ["key"], "string_type"),
        ("name", "", ["name"], "string_too_short"),
        ("name", "n" * 201, ["name"], "string_too_long"),
        ("name", None, ["name"], "string_type"),
        ("description", "d" * 2001, ["description"], "string_too_long"),
        ("category", "misc", ["category"], "literal_error"),
        ("nature", "X", ["nature"], "literal_error"),
        ("nature", "f", ["nature"], "literal_error"),
        ("icon", "ab", ["icon"], "string_pattern_mismatch"),
        ("icon", "ABC", ["icon"], "string_pattern_mismatch"),
        ("icon", "A", ["icon"], "string_pattern_mismatch"),
        ("licence", "enterprise", ["licence"], "literal_error"),
        ("licence", "free", ["licence"], "literal_error"),
        ("language", "de", ["language"], "literal_error"),
        ("expert", "yes", ["expert"], "bool_type"),
        ("expert", 1, ["expert"], "bool_type"),
        ("active", "true", ["active"], "bool_type"),
        ("api_calls", "samples", ["api_calls"], "list_type"),
        ("api_calls", ["samples", "secrets"], ["api_calls", 1], "literal_error"),
        ("api_calls", ["samples", "samples"], ["api_calls", 1], "value_error"),
        ("api_calls", [1], ["api_calls", 0], "string_type"),
        ("code_python", 42, ["code_python"], "string_type"),
        ("code_python", None, ["code_python"], "string_type"),
        ("colour", "red", ["colour"], "extra_forbidden"),
    ],
)
def test_each_field_rule_is_a_422_and_nothing_is_created(client, field, value, loc, kind):
    key = unique_key()
    body = {"key": key, "name": "x", "code_python": "pass", field: value}
    issue = only_issue(client.post(**body))
    assert issue["loc"] == ["body", *loc], issue
    assert issue["type"] == kind, issue
    assert key not in client.keys_in_catalogue()


def test_an_unknown_section_is_named(client):
    issue = only_issue(client.post(key=unique_key(), name="x", code_python="pass", api_calls=["report", "secrets"]))
    assert issue["loc"] == ["body", "api_calls", 1]
    for section in SECTIONS:
        assert f"'{section}'" in issue["msg"], issue


def test_required_fields_are_listed_together(client):
    detail = issues(client.post(description="only this"))
    assert [i["loc"] for i in detail] == [["body", "key"], ["body", "name"], ["body", "code_python"]]
    assert all(i["type"] == "missing" for i in detail)


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b'"x"', b"null", b'{"key": "abc", "key": "abd"}'])
def test_bodies_that_are_not_an_object_are_422(client, body):
    response = client.call("POST", BASE, {**client.admin, "Content-Type": "application/json"}, data=body)
    assert response.status_code == 422, response.text
    assert isinstance(response.json()["detail"], list)


@pytest.mark.parametrize("key", ["cover_page", "limitations", "sim_csia", "annex_raw_data"])
def test_a_builtin_key_is_an_invalid_key(client, key):
    issue = only_issue(client.post(key=key, name="x", code_python="pass"))
    assert issue["loc"] == ["body", "key"]
    assert issue["msg"].startswith(f"invalid key '{key}'") and "built-in" in issue["msg"], issue


def test_a_taken_key_is_refused_also_when_inactive(client):
    block = client.create(active=False)
    issue = only_issue(client.post(key=block["key"], name="again", code_python="pass"))
    assert issue["loc"] == ["body", "key"]
    assert f"'{block['key']}'" in issue["msg"] and "already exists" in issue["msg"], issue
    # Checked before the code: a broken code does not hide it.
    issue = only_issue(client.post(key=block["key"], name="again", code_python="def f(:"))
    assert issue["loc"] == ["body", "key"]


def test_concurrent_creates_of_one_key_make_one_block(client):
    from concurrent.futures import ThreadPoolExecutor
    key = unique_key()
    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(lambda _: client.post(key=key, name="race", code_python="pass"), range(6)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [422] * 5, [r.text for r in responses]
    for response in responses:
        if response.status_code == 422:
            assert response.json()["detail"][0]["loc"] == ["body", "key"]


def test_code_is_at_most_64_kib_of_utf8(client):
    fits = "#" * 65536
    block = client.create(code_python=fits)
    assert len(block["code_python"]) == 65536
    issue = only_issue(client.post(key=unique_key(), name="x", code_python=fits + "#"))
    assert issue["loc"] == ["body", "code_python"] and issue["type"] == "string_too_long"
    # Bytes, not characters: 40 000 'é' are 80 000 bytes.
    issue = only_issue(client.post(key=unique_key(), name="x", code_python="# " + "é" * 40_000))
    assert issue["loc"] == ["body", "code_python"] and "65536 bytes" in issue["msg"], issue


def test_a_nul_byte_in_code_is_refused(client):
    key = unique_key()
    issue = only_issue(client.post(key=key, name="x", code_python="x = 1\u0000\n"))
    assert issue["loc"] == ["body", "code_python"] and issue["type"] == "string_nul"
    assert key not in client.keys_in_catalogue()


# --- the compile check ----------------------------------------------------------------------------


def test_a_syntax_error_is_a_422_with_where_it_is(client):
    key = unique_key()
    detail = compile_error(client.post(key=key, name="x", code_python="x = 1\ndef f(:\n    return x\n"))
    assert detail["error"] == "SyntaxError"
    assert isinstance(detail["msg"], str) and detail["msg"]
    assert detail["lineno"] == 2
    assert isinstance(detail["offset"], int) and 1 <= detail["offset"] <= len("def f(:") + 1
    assert detail["text"] == "def f(:"
    assert key not in client.keys_in_catalogue()


def test_an_indentation_error_names_its_type(client):
    detail = compile_error(client.post(key=unique_key(), name="x", code_python="if True:\nstory.append(1)\n"))
    assert detail["error"] == "IndentationError" and detail["lineno"] == 2


def test_the_code_is_compiled_never_run(client):
    # Code that would fail at run time compiles: nothing of it runs when it is saved.
    block = client.create(code_python="raise SystemExit(1)\nimport os\nos._exit(3)\n1 / 0\n")
    assert block["active"] is True
    assert client.call("GET", "/health").status_code == 200


@pytest.mark.parametrize("code", ["(" * 65_000, "[" * 32_000 + "]" * 32_000, "x = " + "-" * 65_000 + "1",
                                  "f(" * 21_000 + ")" * 21_000, "x = " + "not " * 16_000 + "y",
                                  "if x:\n" + "".join(" " * i + "if x:\n" for i in range(1, 300)) + " " * 300 + "pass\n",
                                  "lambda: " * 8_000 + "0", "x" + "[0]" * 21_000, "a" + ".b" * 32_000])
def test_pathological_nesting_is_a_422_within_seconds(client, code):
    assert len(code.encode()) <= 65536
    started = time.monotonic()
    response = client.post(key=unique_key(), name="x", code_python=code)
    elapsed = time.monotonic() - started
    detail = compile_error(response)
    assert detail["error"] in {"SyntaxError", "IndentationError", "RecursionError", "MemoryError"}, detail
    assert detail["msg"], detail  # says why, even where Python's exception has no message
    assert elapsed < 5, elapsed
    health = client.call("GET", "/health")
    assert health.status_code == 200 and health.json()["status"] == "healthy"


def test_nesting_beyond_the_size_limit_is_refused_before_compiling(client):
    started = time.monotonic()
    issue = only_issue(client.post(key=unique_key(), name="x", code_python="(" * 200_000))
    assert issue["loc"] == ["body", "code_python"] and issue["type"] == "string_too_long"
    assert time.monotonic() - started < 5


# --- PUT ------------------------------------------------------------------------------------------


def test_keys_are_immutable(client):
    block = client.create()
    other = unique_key()
    issue = only_issue(client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"key": other, "name": "x"}))
    assert issue["loc"] == ["body", "key"]
    assert "immutable" in issue["msg"] and "templates" in issue["msg"] and f"'{block['key']}'" in issue["msg"], issue
    assert client.call("GET", f"{BASE}/{block['id']}", client.admin).json() == block
    same = client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"key": block["key"], "name": "Same key"})
    assert same.status_code == 200 and same.json()["name"] == "Same key" and same.json()["key"] == block["key"]


def test_put_needs_at_least_one_field_and_checks_each(client):
    block = client.create()
    issue = only_issue(client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={}))
    assert issue["loc"] == ["body"]
    issue = only_issue(client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"icon": "x"}))
    assert issue["loc"] == ["body", "icon"]
    issue = only_issue(client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"code_python": "#" * 65537}))
    assert issue["loc"] == ["body", "code_python"]
    issue = only_issue(client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"name": "x", "extra": 1}))
    assert issue["loc"] == ["body", "extra"]


def test_changed_code_is_compiled_again(client):
    block = client.create()
    refused = client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"name": "Broken", "code_python": "for x in:\n"})
    detail = compile_error(refused)
    assert detail["error"] == "SyntaxError" and detail["lineno"] == 1
    assert client.call("GET", f"{BASE}/{block['id']}", client.admin).json() == block, "a refused PUT changes nothing"
    fixed = client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"code_python": "story.append(Note('ok'))"})
    assert fixed.status_code == 200 and fixed.json()["code_python"] == "story.append(Note('ok'))"


# --- 404, 405, path rules -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_unknown_id_is_404(client, method):
    response = client.call(method, f"{BASE}/999999999", client.admin, json={"name": "x"} if method == "PUT" else None)
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": "Custom block 999999999 not found."}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("raw", ["abc", "1.5", "1e3", "0x10"])
def test_non_integer_id_is_422(client, method, raw):
    response = client.call(method, f"{BASE}/{raw}", client.admin, json={"name": "x"} if method == "PUT" else None)
    issue = only_issue(response)
    assert issue["loc"] == ["path", "id"], issue


def test_a_whole_number_id_is_that_id(client):
    block = client.create()
    response = client.call("GET", f"{BASE}/{block['id']}.0", client.admin)
    assert response.status_code == 200 and response.json()["id"] == block["id"]


@pytest.mark.parametrize(
    "method,path,allowed",
    [
        ("DELETE", BASE, "GET, POST"),
        ("PUT", BASE, "GET, POST"),
        ("PATCH", BASE, "GET, POST"),
        ("POST", f"{BASE}/1", "DELETE, GET, PUT"),
        ("PATCH", f"{BASE}/1", "DELETE, GET, PUT"),
    ],
)
def test_wrong_method_is_405_with_allow(client, method, path, allowed):
    response = client.call(method, path, client.admin, json={"name": "x"})
    assert response.status_code == 405, response.text
    assert response.headers["Allow"] == allowed


# --- the catalogue, templates and generation ------------------------------------------------------


def test_a_created_block_is_in_the_catalogue_templates_and_generation(client):
    block = client.create(licence="research+", icon="LT", nature="A", category="results", name="Lab table",
                          description="Our own table")
    catalogue = client.keys_in_catalogue()
    entry = catalogue[block["key"]]
    assert entry["builtin"] is False and entry["icon"] == "LT" and entry["licence"] == "research+"
    assert entry["nature"] == "A" and entry["category"] == "results"
    assert entry["name"] == {"fr": "Lab table", "en": "Lab table"}

    blocks = ["cover_page", block["key"]]
    template = client.call("POST", f"{API}/templates", client.editor,
                           json={"name": f"with {block['key']}", "blocks": blocks, "language": "en"})
    assert template.status_code == 201, template.text
    assert template.json()["min_licence"] == "research+"
    assert template.json()["estimated_pages"] == catalogue["cover_page"]["est_pages"] + entry["est_pages"]
    template_id = template.json()["id"]
    try:
        generated = client.call("POST", f"{API}/generate", client.editor, json={"template_id": template_id})
        assert generated.status_code == 200, generated.text
        assert generated.json()["blocks"] == blocks

        # Deactivated: not in the catalogue, and every way of naming it is the 422 that names it.
        assert client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"active": False}).status_code == 200
        assert block["key"] not in client.keys_in_catalogue()
        issue = only_issue(client.call("POST", f"{API}/generate", client.editor, json={"template_id": template_id}))
        assert issue["loc"] == ["body", "template_id"] and issue["msg"] == f"unknown block key '{block['key']}'"
        issue = only_issue(client.call("POST", f"{API}/preview", client.editor, json={"blocks": blocks}))
        assert issue["loc"] == ["body", "blocks", 1] and block["key"] in issue["msg"]
        issue = only_issue(client.call("POST", f"{API}/templates", client.editor, json={"name": "x", "blocks": blocks}))
        assert issue["loc"] == ["body", "blocks", 1] and block["key"] in issue["msg"]

        # Deleted: the same; the report generated before is untouched.
        assert client.call("PUT", f"{BASE}/{block['id']}", client.admin, json={"active": True}).status_code == 200
        assert client.call("DELETE", f"{BASE}/{block['id']}", client.admin).status_code == 200
        issue = only_issue(client.call("POST", f"{API}/generate", client.editor, json={"template_id": template_id}))
        assert issue["msg"] == f"unknown block key '{block['key']}'"
        report = client.call("GET", f"{API}/{generated.json()['id']}", client.editor)
        assert report.status_code == 200 and report.json()["blocks"] == blocks
        assert client.call("GET", f"{API}/download/{generated.json()['id']}", client.editor).status_code == 200
    finally:
        client.call("DELETE", f"{API}/templates/{template_id}", client.editor)
