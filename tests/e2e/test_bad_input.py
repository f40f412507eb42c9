"""Bad input (quality.md "Reliability: bad input"): each gets a precise 4xx, and nothing in the
store changes. "Nothing changed" is checked by comparing, before and after, the template list as an
admin sees it, the matrix configuration, and the templates table of reports.db itself.

Bodies are sent as raw bytes (`data=`) so that the client does not repair them.
"""

import json
import sqlite3
import time
import uuid

import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 60
JSON = {"Content-Type": "application/json"}




def unique(prefix="bad"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Client:
    def __init__(self, stack):
        self.stack = stack
        self.base = stack.base_url
        self.admin = auth(stack.admin_token)
        self.editor = auth(stack.token("editor", name=unique("bad-editor")))

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.base + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)

    def post_raw(self, body, path=f"{API}/templates", method="POST", headers=None):
        return self.call(method, path, {**(headers or self.editor), **JSON}, data=body)

    def snapshot(self):
        templates = self.call("GET", f"{API}/templates", self.admin)
        matrices = self.call("GET", f"{API}/matrix-groups", self.admin)
        assert templates.status_code == 200 and matrices.status_code == 200
        db = sqlite3.connect(str(self.stack.var / "reports.db"), timeout=10)
        try:
            rows = db.execute("SELECT id, name, description, blocks, language, mode, updated_at FROM templates ORDER BY id").fetchall()
            sequence = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'templates'").fetchone()
            groups = db.execute("SELECT count(*) FROM matrix_groups").fetchone()
        finally:
            db.close()
        return templates.json(), matrices.json(), rows, sequence, groups


@pytest.fixture(scope="module")
def client(stack):
    return Client(stack)


@pytest.fixture(scope="module")
def user_template(client):
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": unique("target"), "blocks": ["cover_page"]})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def unchanged(client):
    """Asserts, after the test, that the store is exactly as it was before."""
    before = client.snapshot()
    yield
    assert client.snapshot() == before, "the store changed after a refused request"


def only_issue(response):
    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, list) and len(detail) == 1, detail
    issue = detail[0]
    assert set(issue) == {"loc", "msg", "type"}
    return issue


def assert_json_invalid(response, offset, message_part):
    issue = only_issue(response)
    assert issue["type"] == "json_invalid", issue
    assert issue["loc"] == ["body", offset], issue
    assert message_part in issue["msg"], issue


# --- not JSON -------------------------------------------------------------------------------------

TEMPLATE_BODY = b'{"name": "x", "blocks": ["cover_page"]}'


@pytest.mark.parametrize(
    "body,offset,message",
    [
        (b'{"name": "x", "blocks": [cover_page]}', 25, "expected a JSON value"),
        (b"{'name': 'x', 'blocks': ['cover_page']}", 1, "property name in double quotes"),
        (b'{"name": "x" "blocks": ["cover_page"]}', 13, "expected ',' or '}'"),
        (b'{"name": "x", "blocks": ["cover_page"]}}', 39, "unexpected data after the JSON document"),
        (b'{"name": "x", "blocks": ["cover_page"]} {}', 40, "unexpected data after the JSON document"),
        (b"name=x&blocks=cover_page", 0, "expected 'null'"),  # "n" starts no other JSON value
        (b"blocks=cover_page", 0, "expected a JSON value"),
        (b'{"name": "x\\q", "blocks": ["cover_page"]}', 12, "invalid escape"),
        (b'{"name": "a\tb", "blocks": ["cover_page"]}', 11, "control character"),
        (b'{"name": "x", "blocks": ["cover_page"], "n": 01}', 46, "leading zeros"),
        (b'{"name": "x", "blocks": ["cover_page"], "n": 1e999}', 45, "out of range"),
        (b'{"name": "x", "blocks": ["cover_page"], "n": NaN}', 45, "expected a JSON value"),
        (b'{"name": "\\ud800", "blocks": ["cover_page"]}', 16, "surrogate"),
    ],
)
def test_malformed_json(client, unchanged, body, offset, message):
    assert_json_invalid(client.post_raw(body), offset, message)


@pytest.mark.parametrize("cut", [1, 10, 24, 30, len(TEMPLATE_BODY) - 1])
def test_truncated_json(client, unchanged, cut):
    response = client.post_raw(TEMPLATE_BODY[:cut])
    issue = only_issue(response)
    assert issue["type"] == "json_invalid" and issue["loc"][0] == "body"
    assert cut - 1 <= issue["loc"][1] <= cut, issue  # at (or right at the end of) the cut
    assert any(word in issue["msg"] for word in ("ends", "unterminated", "truncated", "expected")), issue


@pytest.mark.parametrize("body,offset", [(b"", 0), (b"   \n\t", 5)])
def test_empty_body(client, unchanged, body, offset):
    assert_json_invalid(client.post_raw(body), offset, "empty")


def test_empty_body_on_put(client, user_template, unchanged):
    template_id = user_template["id"]
    assert_json_invalid(client.post_raw(b"", f"{API}/templates/{template_id}", "PUT"), 0, "empty")
    assert_json_invalid(client.post_raw(b"", f"{API}/matrix-groups", "PUT", client.admin), 0, "empty")


@pytest.mark.parametrize("body", [b"[]", b'["cover_page"]', b'"a template"', b"42", b"null", b"true"])
def test_non_object_json(client, unchanged, body):
    issue = only_issue(client.post_raw(body))
    assert issue["loc"] == ["body"]
    assert issue["type"] == "model_attributes_type"


@pytest.mark.parametrize(
    "body,offset",
    [
        (b'{"name": "\xff\xfe", "blocks": ["cover_page"]}', None),
        (b'{"name": "caf\xe9", "blocks": ["cover_page"]}', None),        # Latin-1, not UTF-8
        (b'{"name": "\xc0\xaf", "blocks": ["cover_page"]}', None),        # overlong encoding
        (b'{"name": "\xed\xa0\x80", "blocks": ["cover_page"]}', None),    # a surrogate in UTF-8
        (b'{"name": "ok", "blocks": ["cover_page"], "description": "\xf8\x88\x80\x80\x80"}', None),
        (b'\xff{"name": "x", "blocks": ["cover_page"]}', 0),
    ],
)
def test_invalid_utf8(client, unchanged, body, offset):
    issue = only_issue(client.post_raw(body))
    assert issue["type"] == "json_invalid", issue
    assert issue["loc"][0] == "body" and isinstance(issue["loc"][1], int)
    if offset is not None:
        assert issue["loc"][1] == offset
    else:
        assert "UTF-8" in issue["msg"], issue


def test_invalid_utf8_on_matrix_put(client, unchanged):
    body = b'{"groups": [{"id": "a", "name": "\xe9", "color": "#000000", "matrices": []}], "rules": []}'
    issue = only_issue(client.post_raw(body, f"{API}/matrix-groups", "PUT", client.admin))
    assert issue["type"] == "json_invalid" and "UTF-8" in issue["msg"]


@pytest.mark.parametrize(
    "body,offset,message",
    [
        (b'{"name": "a", "name": "b", "blocks": ["cover_page"]}', 14, "duplicate property 'name'"),
        (b'{"name": "a", "blocks": ["cover_page"], "blocks": ["limitations"]}', 40, "duplicate property 'blocks'"),
    ],
)
def test_duplicate_keys(client, unchanged, body, offset, message):
    assert_json_invalid(client.post_raw(body), offset, message)


def test_duplicate_keys_in_nested_objects(client, unchanged):
    body = (b'{"groups": [{"id": "a", "id": "b", "name": "A", "color": "#000000", "matrices": []}], "rules": []}')
    assert_json_invalid(client.post_raw(body, f"{API}/matrix-groups", "PUT", client.admin), 24, "duplicate property 'id'")


@pytest.mark.parametrize(
    "body,offset,message",
    [
        (b'{"name": "x", "blocks": ["cover_page",]}', 38, "expected a JSON value"),
        (b'{"name": "x", "blocks": ["cover_page"],}', 39, "property name"),
        (b'{"name": "x", "blocks": ["cover_page"], }', 40, "property name"),
    ],
)
def test_trailing_commas(client, unchanged, body, offset, message):
    assert_json_invalid(client.post_raw(body), offset, message)


# --- deep nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,offset",
    [
        (b"[" * 10_000 + b"]" * 10_000, 64),
        (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, 64 * 5),
        (b'{"name": "x", "blocks": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", 24 + 63),
        (b"[" * 10_000, 64),  # not even closed
    ],
)
def test_nesting_10000_deep(client, unchanged, body, offset):
    started = time.monotonic()
    assert_json_invalid(client.post_raw(body), offset, "nested deeper than 64 levels")
    assert time.monotonic() - started < 5
    health = client.call("GET", "/health")
    assert health.status_code == 200 and health.json()["status"] == "healthy"


def test_responder_still_serves_after_deep_nesting(client):
    for _ in range(3):
        assert client.post_raw(b"[" * 10_000 + b"]" * 10_000).status_code == 422
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": unique("alive"), "blocks": ["cover_page"]})
    assert response.status_code == 201, response.text


def test_nesting_at_the_limit_is_parsed(client, unchanged):
    # 64 levels are still JSON: the body is then refused for its shape, not as invalid JSON.
    issue = only_issue(client.post_raw(b"[" * 64 + b"]" * 64))
    assert (issue["loc"], issue["type"]) == (["body"], "model_attributes_type")


# --- wrong types, unknown fields, every problem at once -------------------------------------------


def test_wrong_types(client, unchanged):
    response = client.call(
        "POST", f"{API}/templates", client.editor,
        json={"name": 5, "blocks": "cover_page", "description": None, "language": 1, "mode": ["concis"]},
    )
    assert response.status_code == 422, response.text
    found = {(tuple(issue["loc"]), issue["type"]) for issue in response.json()["detail"]}
    assert found == {
        (("body", "name"), "string_type"),
        (("body", "blocks"), "list_type"),
        (("body", "description"), "string_type"),
        (("body", "language"), "string_type"),
        (("body", "mode"), "string_type"),
    }


def test_wrong_item_types(client, unchanged):
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": "x", "blocks": [1, None, "cover_page", {"k": 1}, True]})
    assert response.status_code == 422, response.text
    assert [(issue["loc"], issue["type"]) for issue in response.json()["detail"]] == [
        (["body", "blocks", 0], "string_type"),
        (["body", "blocks", 1], "string_type"),
        (["body", "blocks", 3], "string_type"),
        (["body", "blocks", 4], "string_type"),
    ]


def test_unknown_fields(client, unchanged):
    response = client.call(
        "POST", f"{API}/templates", client.editor,
        json={"name": unique(), "blocks": ["cover_page"], "colour": "red", "Name": "x", "is_default": True},
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {"loc": ["body", "Name"], "msg": "Extra inputs are not permitted", "type": "extra_forbidden"},
        {"loc": ["body", "colour"], "msg": "Extra inputs are not permitted", "type": "extra_forbidden"},
        {"loc": ["body", "is_default"], "msg": "Extra inputs are not permitted", "type": "extra_forbidden"},
    ]


def test_a_422_lists_every_problem(client, unchanged):
    response = client.call(
        "POST", f"{API}/templates", client.editor,
        json={"name": "", "blocks": [], "language": "de", "mode": "bref", "colour": "red", "description": 3},
    )
    assert response.status_code == 422, response.text
    found = {(tuple(issue["loc"]), issue["type"]) for issue in response.json()["detail"]}
    assert found == {
        (("body", "name"), "string_too_short"),
        (("body", "blocks"), "too_short"),
        (("body", "language"), "literal_error"),
        (("body", "mode"), "literal_error"),
        (("body", "colour"), "extra_forbidden"),
        (("body", "description"), "string_type"),
    }
    assert len(response.json()["detail"]) == 6


def test_a_422_lists_every_missing_field(client, unchanged):
    response = client.call("POST", f"{API}/templates", client.editor, json={})
    assert response.status_code == 422
    assert [(issue["loc"], issue["type"]) for issue in response.json()["detail"]] == [
        (["body", "name"], "missing"), (["body", "blocks"], "missing")]


def test_a_422_lists_every_unknown_block(client, unchanged):
    response = client.call("POST", f"{API}/templates", client.editor,
                           json={"name": unique(), "blocks": ["cover_pag", "limitations", "glosary", "sim_csia", "xyz"]})
    assert response.status_code == 422
    assert [issue["loc"] for issue in response.json()["detail"]] == [
        ["body", "blocks", 0], ["body", "blocks", 2], ["body", "blocks", 4]]
    assert "'glosary'" in response.json()["detail"][1]["msg"]


@pytest.mark.parametrize(
    "body,locs",
    [
        ({"name": "", "blocks": ["cover_pag"]}, [["body", "name"], ["body", "blocks", 0]]),
        ({"name": "x", "blocks": ["cover_pag", "X"]}, [["body", "blocks", 0], ["body", "blocks", 1]]),
    ],
)
def test_a_422_lists_unknown_blocks_with_other_problems(client, unchanged, body, locs):
    """api.md: unknown block keys are request validation failures, and "every problem found is listed,
    not just the first"."""
    response = client.call("POST", f"{API}/templates", client.editor, json=body)
    assert response.status_code == 422, response.text
    assert sorted(issue["loc"] for issue in response.json()["detail"]) == sorted(locs)


def test_put_lists_every_problem(client, user_template, unchanged):
    template_id = user_template["id"]
    response = client.call("PUT", f"{API}/templates/{template_id}", client.editor,
                           json={"name": "", "blocks": "x", "mode": "expert", "language": "en"})
    assert response.status_code == 422
    found = {(tuple(issue["loc"]), issue["type"]) for issue in response.json()["detail"]}
    assert found == {
        (("body", "name"), "string_too_short"), (("body", "blocks"), "list_type"),
        (("body", "mode"), "extra_forbidden"), (("body", "language"), "extra_forbidden"),
    }


def test_too_long_strings(client, unchanged):
    response = client.call("POST", f"{API}/templates", client.editor,
                           json={"name": "n" * 201, "description": "d" * 2001, "blocks": ["cover_page"]})
    assert response.status_code == 422
    assert {(tuple(i["loc"]), i["type"]) for i in response.json()["detail"]} == {
        (("body", "name"), "string_too_long"), (("body", "description"), "string_too_long")}


# --- huge input -----------------------------------------------------------------------------------


def test_huge_block_array(client, unchanged):
    body = json.dumps({"name": unique(), "blocks": ["cover_page"] * 100_000}).encode()
    started = time.monotonic()
    response = client.post_raw(body)
    elapsed = time.monotonic() - started
    issue = only_issue(response)
    assert (issue["loc"], issue["type"]) == (["body", "blocks"], "too_long")
    assert "100000" in issue["msg"] and "80" in issue["msg"]
    assert elapsed < 5, f"took {elapsed:.1f} s"


def test_huge_distinct_block_array(client, unchanged):
    body = json.dumps({"name": unique(), "blocks": [f"block_{i}" for i in range(100_000)]}).encode()
    started = time.monotonic()
    issue = only_issue(client.post_raw(body))
    assert (issue["loc"], issue["type"]) == (["body", "blocks"], "too_long")
    assert time.monotonic() - started < 5


def test_huge_matrix_arrays(client, unchanged):
    huge_groups = {"groups": [{"id": f"g{i}", "name": "G", "color": "#000000", "matrices": []} for i in range(100_000)], "rules": []}
    issue = only_issue(client.post_raw(json.dumps(huge_groups).encode(), f"{API}/matrix-groups", "PUT", client.admin))
    assert (issue["loc"], issue["type"]) == (["body", "groups"], "too_long")
    huge_matrices = {"groups": [{"id": "g", "name": "G", "color": "#000000", "matrices": [f"m{i}" for i in range(100_000)]}], "rules": []}
    issue = only_issue(client.post_raw(json.dumps(huge_matrices).encode(), f"{API}/matrix-groups", "PUT", client.admin))
    assert (issue["loc"], issue["type"]) == (["body", "groups", 0, "matrices"], "too_long")


def test_large_body_under_the_limit_is_validated(client, unchanged):
    body = json.dumps({"name": unique(), "blocks": ["cover_page"], "description": "d" * (10 << 20)}).encode()
    issue = only_issue(client.post_raw(body))
    assert (issue["loc"], issue["type"]) == (["body", "description"], "string_too_long")


def assert_413(response):
    assert response.status_code == 413, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Request body too large: the limit is 25 MiB."}


def test_30_mib_body_is_413(client, unchanged):
    body = b'{"name": "x", "blocks": ["cover_page"], "description": "' + b"d" * (30 << 20) + b'"}'
    assert_413(client.post_raw(body))
    assert_413(client.post_raw(body, f"{API}/matrix-groups", "PUT", client.admin))


def test_30_mib_chunked_body_is_413(client, unchanged):
    def chunks():
        yield b'{"name": "x", "blocks": ["cover_page"], "description": "'
        for _ in range(30):
            yield b"d" * (1 << 20)
        yield b'"}'

    try:
        response = client.call("POST", f"{API}/templates", {**client.editor, **JSON}, data=chunks())
    except requests.ConnectionError:
        pytest.fail("nginx closed the connection instead of answering 413")
    assert_413(response)


def test_30_mib_body_without_token_is_refused(client, unchanged):
    response = client.call("POST", f"{API}/templates", JSON, data=b"x" * (30 << 20))
    assert response.status_code in (401, 413), response.status_code
    assert "detail" in response.json()


# --- strings that look dangerous ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,description",
    [
        ("'; DROP TABLE templates; --", "Robert'); DROP TABLE templates;--"),
        ('" OR 1=1 --', "1; DELETE FROM tokens WHERE 1=1"),
        ("<script>alert(1)</script>", "{{7*7}} ${7*7} %s %n"),
        ("../../etc/passwd", "\\x00\\u0000 not a NUL, just text"),
    ],
)
def test_sql_looking_strings_are_stored_verbatim(client, name, description):
    before = client.snapshot()
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": name, "description": description, "blocks": ["cover_page"]})
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["name"], created["description"]) == (name, description)
    fetched = client.call("GET", f"{API}/templates/{created['id']}", client.admin).json()
    assert (fetched["name"], fetched["description"]) == (name, description)
    listed = client.call("GET", f"{API}/templates", client.admin).json()["templates"]
    # Everything that was there is still there, plus exactly this one.
    assert listed == before[0]["templates"] + [created]
    assert client.call("GET", f"{API}/matrix-groups", client.admin).json() == before[1]
    assert client.call("GET", f"{API}/nexus-sessions", client.admin).json()["count"] == 8
    response = client.call("PUT", f"{API}/templates/{created['id']}", client.editor, json={"name": name + " v2"})
    assert response.status_code == 200 and response.json()["name"] == name + " v2"


def test_sql_looking_path_id(client, unchanged):
    response = client.call("GET", f"{API}/templates/1%20OR%201=1", client.admin)
    issue = only_issue(response)
    assert issue["loc"] == ["path", "id"]
    response = client.call("DELETE", f"{API}/templates/1001;DROP%20TABLE%20templates", client.admin)
    assert only_issue(response)["loc"] == ["path", "id"]


# --- NUL bytes ------------------------------------------------------------------------------------
#
# A name or description containing U+0000 is valid JSON and a valid string. Refusing it (422 at its
# loc) would be acceptable; what is not acceptable is to answer 201 with the string and then store
# or return something else. Today the responder accepts it, so it must round-trip exactly.


@pytest.mark.parametrize("field", ["name", "description"])
def test_nul_bytes_are_refused_not_cut(client, unchanged, field):
    # SQLite text and C strings end at U+0000, so a NUL would be stored cut: the responder refuses
    # it with a 422 at the field (type string_nul) and stores nothing.
    body = {"name": unique(), "blocks": ["cover_page"], field: "before\u0000after"}
    issue = only_issue(client.call("POST", f"{API}/templates", client.editor, json=body))
    assert issue["loc"] == ["body", field] and issue["type"] == "string_nul"
    assert "NUL" in issue["msg"]


def test_nul_byte_in_a_block_key_is_refused(client, unchanged):
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": unique(), "blocks": ["cover_page\u0000"]})
    issue = only_issue(response)
    assert issue["loc"] == ["body", "blocks", 0] and issue["type"] == "string_nul"


def test_nul_byte_in_a_query_parameter(client, unchanged):
    response = client.call("GET", f"{API}/matrix-groups/check", client.admin, params={"matrix_a": "eau\u0000", "matrix_b": "sol"})
    issue = only_issue(response)
    assert issue["loc"] == ["query", "matrix_a"] and issue["type"] == "string_nul"


# --- wrong method ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path,allowed",
    [
        ("PATCH", f"{API}/templates", "GET, POST"),
        ("DELETE", f"{API}/templates", "GET, POST"),
        ("POST", f"{API}/templates/1", "DELETE, GET, PUT"),
        ("PATCH", f"{API}/templates/1001", "DELETE, GET, PUT"),
        ("POST", f"{API}/matrix-groups", "GET, PUT"),
        ("DELETE", f"{API}/matrix-groups", "GET, PUT"),
        ("PUT", f"{API}/matrix-groups/check", "GET"),
        ("POST", f"{API}/nexus-sessions", "GET"),
        ("PUT", f"{API}/blocks", "GET"),
        ("DELETE", f"{API}/openapi.json", "GET"),
    ],
)
def test_wrong_method_is_405_with_allow(client, unchanged, method, path, allowed):
    response = client.call(method, path, client.admin, json={"name": "x", "blocks": ["cover_page"]})
    assert response.status_code == 405, response.text
    assert response.headers["Allow"] == allowed
    detail = response.json()["detail"]
    assert method in detail and allowed in detail


def test_nul_in_matrix_strings_is_refused_everywhere(client, unchanged):
    configuration = {
        "groups": [{"id": "a\u0000b", "name": "A\u0000Z", "color": "#000000", "matrices": ["x\u0000y"], "note": "n\u0000m"},
                   {"id": "a\u0000c", "name": "C", "color": "#000000", "matrices": ["y"]}],
        "rules": [{"from_group": "a\u0000b", "to_group": "b", "relevant": True, "note": None}],
    }
    response = client.call("PUT", f"{API}/matrix-groups", client.admin, json=configuration)
    assert response.status_code == 422, response.text
    nul = sorted(tuple(map(str, issue["loc"])) for issue in response.json()["detail"] if issue["type"] == "string_nul")
    assert nul == sorted([("body", "groups", "0", "id"), ("body", "groups", "0", "name"),
                          ("body", "groups", "0", "matrices", "0"), ("body", "groups", "0", "note"),
                          ("body", "groups", "1", "id"), ("body", "rules", "0", "from_group")])
