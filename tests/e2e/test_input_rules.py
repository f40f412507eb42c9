"""One rule for numbers and one for NUL, on every endpoint that takes integers or strings.

Numbers: wherever a schema says "integer", a whole number is that integer: `1.0` and `1e0` in a
body, and `1.0` in a query or path parameter (the way pydantic's lax mode reads them; JSON Schema
counts 1.0 as an integer, so the published OpenAPI document promises it). A value is never
accepted and then acted on as if it were absent. A fraction is a 422.

NUL: a string holding U+0000, at any depth of a body (request dicts included, object keys
included) or in a query parameter, is a 422 `string_nul` at its location, and nothing changes.
"""

from __future__ import annotations

import re
import sqlite3
import uuid

import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 120
JSON = {"Content-Type": "application/json"}


class Client:
    def __init__(self, stack):
        self.stack = stack
        self.admin = auth(stack.admin_token)
        self.editor = auth(stack.token("editor", name=f"rules-{uuid.uuid4().hex[:8]}"))

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.stack.base_url + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)

    def raw(self, method, path, body: str, headers=None):
        return self.call(method, path, {**(headers or self.editor), **JSON}, data=body.encode())

    def report_count(self):
        return self.call("GET", f"{API}/list", self.admin).json()["total"]

    def sample_name(self, sample_id):
        db = sqlite3.connect(str(self.stack.var / "isofind.db"))
        try:
            return db.execute("SELECT name FROM samples WHERE id = ?", (sample_id,)).fetchone()[0]
        finally:
            db.close()


@pytest.fixture(scope="module")
def client(stack):
    return Client(stack)


def only_issue(response):
    assert response.status_code == 422, response.text
    [issue] = response.json()["detail"]
    return issue


# --- numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1.0", "1e0", "10E-1"])
def test_a_whole_number_template_id_is_that_template(client, number):
    response = client.raw("POST", f"{API}/generate", f'{{"template_id": {number}, "language": "en"}}')
    assert response.status_code == 200, response.text
    record = response.json()
    template = client.call("GET", f"{API}/templates/1").json()
    assert record["template_id"] == 1
    assert record["blocks"] == template["blocks"] and record["blocks"]


def test_whole_number_sample_ids_select_those_samples(client):
    response = client.raw("POST", f"{API}/generate", '{"blocks": ["sample_inventory"], "sample_ids": [2.0, 1e0]}')
    assert response.status_code == 200, response.text
    assert response.json()["sample_ids"] == [2, 1]


def test_a_whole_number_session_id_is_looked_up(client):
    before = client.report_count()
    missing = client.raw("POST", f"{API}/generate", '{"blocks": ["nexus_processes"], "nexus_session_id": 999999.0}')
    assert missing.status_code == 404 and missing.json() == {"detail": "Nexus session 999999 not found."}
    assert client.report_count() == before
    found = client.raw("POST", f"{API}/preview", '{"blocks": ["nexus_processes"], "nexus_session_id": 3.0, "language": "en"}')
    same = client.raw("POST", f"{API}/preview", '{"blocks": ["nexus_processes"], "nexus_session_id": 3, "language": "en"}')
    assert found.status_code == same.status_code == 200, found.text
    # The two previews are made a moment apart: their metadata dates may differ by a second.
    # Cairo 1.16 writes the date as "(20261205141229Z)", without the optional "D:" prefix.
    undated = lambda pdf: re.sub(rb"/(CreationDate|ModDate) \((D:)?\d{14}", b"", pdf)
    assert undated(found.content) == undated(same.content)


@pytest.mark.parametrize("body,loc", [
    ('{"template_id": 1.5}', ["body", "template_id"]),
    ('{"blocks": ["cover_page"], "sample_ids": [1, 2.5]}', ["body", "sample_ids", 1]),
    ('{"blocks": ["cover_page"], "nexus_session_id": 3.25}', ["body", "nexus_session_id"]),
])
def test_a_fraction_is_refused_never_dropped(client, body, loc):
    before = client.report_count()
    issue = only_issue(client.raw("POST", f"{API}/generate", body))
    assert issue["loc"] == loc and issue["type"] == "int_type"
    assert client.report_count() == before


def test_query_integers_follow_the_rule(client):
    one = client.call("GET", f"{API}/list", client.admin, params={"limit": "1.0", "offset": "0.00"})
    assert one.status_code == 200, one.text
    assert one.json()["count"] == 1
    for text in ("1.5", "1e0", "abc", "1\u0000"):
        issue = only_issue(client.call("GET", f"{API}/list", client.admin, params={"limit": text}))
        assert issue["loc"] == ["query", "limit"] and issue["type"] == "int_parsing", text


def test_path_integers_follow_the_rule(client):
    template = client.call("GET", f"{API}/templates/2.0")
    assert template.status_code == 200 and template.json()["id"] == 2
    record = client.call("POST", f"{API}/generate", client.editor, json={"blocks": ["cover_page"]}).json()
    same = client.call("GET", f"{API}/{record['id']}.0", client.admin)
    assert same.status_code == 200 and same.json()["id"] == record["id"]
    download = client.call("GET", f"{API}/download/{record['id']}.0", client.admin)
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert client.call("DELETE", f"{API}/{record['id']}.0", client.editor).json() == {"success": True, "id": record["id"]}
    assert client.call("GET", f"{API}/{record['id']}", client.admin).status_code == 404
    issue = only_issue(client.call("GET", f"{API}/{record['id']}.5", client.admin))
    assert issue["loc"] == ["path", "id"] and issue["type"] == "int_parsing"


# --- NUL --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body,loc", [
    ('{"blocks": ["cover_page"], "title": "a\\u0000b"}', ["body", "title"]),
    ('{"blocks": ["cover_page"], "project": "a\\u0000b"}', ["body", "project"]),
    ('{"blocks": ["cover_page"], "project_data": {"name": "alpha\\u0000beta"}}', ["body", "project_data", "name"]),
    ('{"blocks": ["cover_page"], "project_data": {"constraints": ["ok", "no\\u0000"]}}', ["body", "project_data", "constraints", 1]),
    ('{"blocks": ["scoring_matches"], "scoring_result": {"matches": [{"reference": "R\\u0000"}]}}',
     ["body", "scoring_result", "matches", 0, "reference"]),
    ('{"blocks": ["cover_page"], "licence_data": {"holder\\u0000": "Lab"}}', ["body", "licence_data", "holder\u0000"]),
    ('{"blocks": ["cover_page"], "scenarios": [{"meta": {"k": "v\\u0000"}}]}', ["body", "scenarios", 0, "meta", "k"]),
    ('{"blocks": ["cover_page"], "mbtiles_path": "x\\u0000.mbtiles"}', ["body", "mbtiles_path"]),
    ('{"blocks": ["cover_page\\u0000"]}', ["body", "blocks", 0]),
])
@pytest.mark.parametrize("endpoint", ["generate", "preview"])
def test_nul_is_refused_at_every_depth_of_a_generation(client, body, loc, endpoint):
    before = client.report_count()
    issue = only_issue(client.raw("POST", f"{API}/{endpoint}", body))
    assert issue["loc"] == loc and issue["type"] == "string_nul"
    assert client.report_count() == before


def test_nul_is_refused_in_templates(client):
    created = client.call("POST", f"{API}/templates", client.editor, json={"name": "rules", "blocks": ["cover_page"]}).json()
    issue = only_issue(client.raw("PUT", f"{API}/templates/{created['id']}", '{"description": "x\\u0000"}'))
    assert issue["loc"] == ["body", "description"] and issue["type"] == "string_nul"
    assert client.call("GET", f"{API}/templates/{created['id']}", client.editor).json()["description"] == ""


@pytest.mark.parametrize("body,loc", [
    ('{"organization_name": "Lab\\u0000"}', ["body", "organization_name"]),
    ('{"logo_path": "/tmp/logo\\u0000.png"}', ["body", "logo_path"]),
])
def test_nul_is_refused_in_branding(client, body, loc):
    before = client.call("GET", f"{API}/branding", client.admin).json()
    issue = only_issue(client.raw("PUT", f"{API}/branding", body, client.admin))
    assert issue["loc"] == loc and issue["type"] == "string_nul"
    assert client.call("GET", f"{API}/branding", client.admin).json() == before


def test_nul_is_refused_in_matrix_groups(client):
    configuration = client.call("GET", f"{API}/matrix-groups", client.admin).json()
    changed = {**configuration, "groups": [{**configuration["groups"][0], "matrices": ["eau", "sol\u0000"]}] + configuration["groups"][1:]}
    issue = only_issue(client.call("PUT", f"{API}/matrix-groups", client.admin, json=changed))
    assert issue["loc"] == ["body", "groups", 0, "matrices", 1] and issue["type"] == "string_nul"
    assert client.call("GET", f"{API}/matrix-groups", client.admin).json() == configuration


@pytest.mark.parametrize("name", ["matrix_a", "matrix_b"])
def test_nul_is_refused_in_query_parameters(client, name):
    params = {"matrix_a": "eau", "matrix_b": "sol", name: "eau\u0000"}
    issue = only_issue(client.call("GET", f"{API}/matrix-groups/check", client.admin, params=params))
    assert issue["loc"] == ["query", name] and issue["type"] == "string_nul"
