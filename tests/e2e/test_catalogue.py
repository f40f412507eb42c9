"""The block catalogue, the OpenAPI document, /docs, /health, /api/ready and the Nexus sessions.

The block table is domain.md's ("Built-in blocks"): hard-coded below, because the spec is the
source of truth, and compared with the spec file itself when it is present next to the repository
(../shared/spec/domain.md). Responses are validated against the schemas the OpenAPI document
publishes, with `jsonschema` (Draft 2020-12, as OpenAPI 3.1 uses).
"""

import copy
import datetime as dt
import pathlib
import re
import sqlite3
import uuid

import jsonschema
import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 30

# domain.md "Built-in blocks": key, category, nature, licence, expert.
BLOCKS = """
cover_page header none research no
table_of_contents header none research no
executive_summary header I research no
project_context header F research no
glossary header none research no
sample_inventory samples F research no
sample_map samples F research no
isotope_signatures samples F research no
delta_delta_plot samples A research no
descriptive_statistics samples A research no
analytical_methods methods F research no
quality_control methods A research+ yes
pollutant_inventory molecules F research no
regulatory_compliance molecules A research+ no
elemental_data geochem F research no
physicochemistry geochem F research no
vertical_profiles geochem A research+ no
cross_sections geochem F research+ no
scoring_matches results I research+ no
matrix_relevance results H research no
auto_context nexus A research+ no
nexus_processes nexus A research+ no
nexus_chain nexus I research+ yes
interpretation interpretation I research+ yes
sim_csia simulation A pro yes
sim_redox simulation A pro yes
sim_plume simulation F pro no
scenario_comparison simulation A pro no
limitations closing H research no
data_provenance closing F research no
certification closing H research no
annex_raw_data closing F research yes
"""
SPEC_BLOCKS = {
    key: {"category": category, "nature": nature, "licence": licence, "expert": expert == "yes"}
    for key, category, nature, licence, expert in (line.split() for line in BLOCKS.strip().splitlines())
}

DOMAIN_MD = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "domain.md"

# Every operation served under /api/reports/ today (README "The API").
SERVED_OPERATIONS = {
    ("/api/reports/templates", "get"),
    ("/api/reports/templates", "post"),
    ("/api/reports/templates/{id}", "get"),
    ("/api/reports/templates/{id}", "put"),
    ("/api/reports/templates/{id}", "delete"),
    ("/api/reports/nexus-sessions", "get"),
    ("/api/reports/matrix-groups", "get"),
    ("/api/reports/matrix-groups", "put"),
    ("/api/reports/matrix-groups/check", "get"),
    ("/api/reports/blocks", "get"),
    ("/api/reports/openapi.json", "get"),
    ("/api/reports/preview", "post"),
    ("/api/reports/generate", "post"),
    ("/api/reports/list", "get"),
    ("/api/reports/{id}", "get"),
    ("/api/reports/{id}", "delete"),
    ("/api/reports/download/{id}", "get"),
    ("/api/reports/branding", "get"),
    ("/api/reports/branding", "put"),
    ("/api/reports/branding", "delete"),
    ("/api/reports/custom-blocks", "get"),
    ("/api/reports/custom-blocks", "post"),
    ("/api/reports/custom-blocks/{id}", "get"),
    ("/api/reports/custom-blocks/{id}", "put"),
    ("/api/reports/custom-blocks/{id}", "delete"),
    ("/api/reports/verify", "post"),
    ("/api/reports/signing-certificate", "get"),
}
SESSION_FIELDS = {"id", "name", "sample_id", "sample_name", "element", "created_at"}




def unique(prefix="cat"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def custom_block():
    """A POST /custom-blocks body with a fresh key."""
    return {"key": f"cat_{uuid.uuid4().hex[:12]}", "name": "Catalogue check", "code_python": "pass"}


def parse_time(text):
    assert isinstance(text, str) and text.endswith("Z"), text
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


class Client:
    def __init__(self, stack):
        self.stack = stack
        self.base = stack.base_url
        self.admin = auth(stack.admin_token)
        self.reader = auth(stack.token("reader", name=unique("cat-reader")))
        self.editor = auth(stack.token("editor", name=unique("cat-editor")))

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.base + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)


@pytest.fixture(scope="module")
def client(stack):
    return Client(stack)


@pytest.fixture(scope="module")
def document(client):
    response = client.call("GET", f"{API}/openapi.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()


# --- blocks ---------------------------------------------------------------------------------------


def test_spec_table_matches_domain_md():
    """The hard-coded table above is domain.md's, row for row (when the spec is at hand)."""
    if not DOMAIN_MD.is_file():
        pytest.skip(f"{DOMAIN_MD} not present")
    rows = {}
    in_table = False
    for line in DOMAIN_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_table = line.startswith("## Built-in blocks")
            continue
        if in_table and line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            rows[cells[0].strip("`")] = {
                "category": cells[1], "nature": cells[2], "licence": cells[3], "expert": cells[4] == "yes",
            }
    assert rows == SPEC_BLOCKS


def test_blocks_catalogue_matches_domain_md(client):
    response = client.call("GET", f"{API}/blocks")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["count"] == len(body["blocks"]) == 32  # no custom blocks on this installation
    blocks = {block["key"]: block for block in body["blocks"]}
    assert len(blocks) == 32, "keys must be unique"
    assert set(blocks) == set(SPEC_BLOCKS)
    for key, spec in SPEC_BLOCKS.items():
        block = blocks[key]
        assert {field: block[field] for field in spec} == spec, key
        assert block["builtin"] is True
        assert block["est_pages"] in (1, 2, 3), key
        assert isinstance(block["needs"], list) and all(isinstance(n, str) for n in block["needs"])
        for field in ("name", "description"):
            assert set(block[field]) == {"fr", "en"}, key
            assert block[field]["fr"].strip() and block[field]["en"].strip(), (key, field)
    different_names = [key for key, block in blocks.items() if block["name"]["fr"] != block["name"]["en"]]
    assert len(different_names) >= 28, f"French and English names should differ for most blocks: {different_names}"
    different_descriptions = [key for key, block in blocks.items() if block["description"]["fr"] != block["description"]["en"]]
    assert len(different_descriptions) == 32


def test_blocks_sim_blocks_need_a_simulation(client):
    blocks = {b["key"]: b for b in client.call("GET", f"{API}/blocks").json()["blocks"]}
    for key in ("sim_csia", "sim_redox", "sim_plume"):
        assert any("simulation" in need for need in blocks[key]["needs"]), blocks[key]["needs"]


# --- OpenAPI --------------------------------------------------------------------------------------


def documented_operations(document):
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    return {(path, method) for path, item in document["paths"].items() for method in item if method in methods}


def test_openapi_document_header(document):
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] and document["info"]["version"]
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["bearer"].items()
    assert {"type": "apiKey", "in": "header", "name": "X-IsoFind-Token"}.items() <= schemes["isofindToken"].items()
    operation_ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(operation_ids) == len(set(operation_ids)), "operationIds must be unique"


def test_openapi_documents_every_served_operation(document):
    assert documented_operations(document) >= SERVED_OPERATIONS


def test_openapi_documents_nothing_that_is_not_served(client, document):
    for path, method in sorted(documented_operations(document)):
        if path.startswith(f"{API}/templates/"):
            resource = client.call("POST", f"{API}/templates", client.admin, json={"name": unique(), "blocks": ["cover_page"]}).json()
        elif path.startswith(f"{API}/custom-blocks/"):
            resource = client.call("POST", f"{API}/custom-blocks", client.admin, json=custom_block()).json()
        else:  # a report of its own, for /{id} and /download/{id}
            resource = client.call("POST", f"{API}/generate", client.admin, json={"blocks": ["cover_page"]}).json()
        url = path.replace("{id}", str(resource["id"]))
        response = client.call(method.upper(), url, client.admin, json={} if method in ("put", "post") else None)
        # Whatever the answer to an empty body, it is never "no such route" nor "wrong method".
        assert response.status_code not in (404, 405), (method, path, response.status_code, response.text)
        assert response.status_code < 500, (method, path, response.status_code, response.text)


def test_openapi_methods_per_path_are_the_served_ones(client, document):
    """A method no route has (PATCH) gets 405 with the path's Allow list: it must name exactly the
    methods the document gives for that path."""
    for path, item in document["paths"].items():
        response = client.call("PATCH", path.replace("{id}", "1"), client.admin, json={})
        assert response.status_code == 405, (path, response.status_code, response.text)
        allowed = {method.strip().lower() for method in response.headers["Allow"].split(",")}
        assert allowed == set(item), (path, allowed, set(item))


def test_openapi_documents_the_service_endpoints(document):
    assert {("/health", "get"), ("/api/ready", "get")} <= documented_operations(document)


def test_openapi_access_is_documented(document):
    # GET templates/{id} is public for the default templates, so the token is optional there too.
    public = {("/api/reports/templates", "get"), ("/api/reports/templates/{id}", "get"), ("/api/reports/blocks", "get"),
              ("/api/reports/openapi.json", "get"), ("/api/reports/signing-certificate", "get")}
    protected = SERVED_OPERATIONS - public
    for path, method in public:
        assert {} in document["paths"][path][method]["security"], (path, method)
    for path, method in protected:
        operation = document["paths"][path][method]
        assert {} not in operation["security"], (path, method)
        assert "401" in operation["responses"], (path, method)
    # 403 (a valid token whose role is too low) can only happen where more than reader is needed.
    needs_more_than_reader = {(p, m) for p, m in SERVED_OPERATIONS
                              if (m in ("post", "put", "delete") and p != f"{API}/verify")
                              or p.startswith(f"{API}/custom-blocks")}
    for path, method in SERVED_OPERATIONS:
        responses = document["paths"][path][method]["responses"]
        assert ("403" in responses) == ((path, method) in needs_more_than_reader), (path, method)


def test_openapi_request_bodies_match_the_contract(document):
    schemas = document["components"]["schemas"]
    create = schemas["TemplateCreate"]
    assert create["additionalProperties"] is False
    assert set(create["required"]) == {"name", "blocks"}
    assert create["properties"]["language"]["enum"] == ["fr", "en"] and create["properties"]["language"]["default"] == "fr"
    assert set(create["properties"]["mode"]["enum"]) == {"concis", "expert"} and create["properties"]["mode"]["default"] == "concis"
    assert create["properties"]["description"]["default"] == ""
    assert (create["properties"]["name"]["minLength"], create["properties"]["name"]["maxLength"]) == (1, 200)
    blocks = create["properties"]["blocks"]
    assert (blocks["minItems"], blocks["maxItems"], blocks["uniqueItems"]) == (1, 80, True)
    update = schemas["TemplateUpdate"]
    assert update["additionalProperties"] is False and update["minProperties"] == 1
    assert set(update["properties"]) == {"name", "blocks", "description"}
    assert document["paths"]["/api/reports/templates"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TemplateCreate"}
    parameters = {p["name"]: p for p in document["paths"]["/api/reports/matrix-groups/check"]["get"]["parameters"]}
    assert parameters["matrix_a"]["in"] == parameters["matrix_b"]["in"] == "query"
    assert parameters["matrix_a"]["required"] is parameters["matrix_b"]["required"] is True
    [path_parameter] = document["paths"]["/api/reports/templates/{id}"]["get"]["parameters"]
    assert (path_parameter["name"], path_parameter["in"], path_parameter["schema"]["type"]) == ("id", "path", "integer")


def validator_for(document, path, method, status):
    responses = document["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}: {sorted(responses)}"
    schema = responses[str(status)]["content"]["application/json"]["schema"]
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "components": document["components"]}
    jsonschema.Draft202012Validator.check_schema(root)
    return jsonschema.Draft202012Validator(root)


def conformance_calls(client):
    """(operation path, method, description, call) for each status each operation can show."""
    editor, reader, admin = client.editor, client.reader, client.admin
    bad = auth("ifr_" + "x" * 43)

    def new_template():
        response = client.call("POST", f"{API}/templates", editor, json={"name": unique(), "blocks": ["cover_page", "sim_redox"]})
        assert response.status_code == 201
        return response.json()["id"]

    def configuration():
        return client.call("GET", f"{API}/matrix-groups", reader).json()

    t = "/api/reports/templates"
    ti = "/api/reports/templates/{id}"
    mg = "/api/reports/matrix-groups"
    mc = "/api/reports/matrix-groups/check"
    return [
        (t, "get", 200, lambda: client.call("GET", t)),
        (t, "get", 200, lambda: client.call("GET", t, reader)),
        (t, "get", 401, lambda: client.call("GET", t, bad)),
        (t, "post", 201, lambda: client.call("POST", t, editor, json={"name": unique(), "blocks": ["cover_page"], "mode": "expert"})),
        (t, "post", 401, lambda: client.call("POST", t, json={"name": unique(), "blocks": ["cover_page"]})),
        (t, "post", 403, lambda: client.call("POST", t, reader, json={"name": unique(), "blocks": ["cover_page"]})),
        (t, "post", 422, lambda: client.call("POST", t, editor, json={"name": "", "blocks": "cover_page", "extra": 1})),
        (ti, "get", 200, lambda: client.call("GET", f"{t}/1")),
        (ti, "get", 200, lambda: client.call("GET", f"{t}/{new_template()}", reader)),
        (ti, "get", 404, lambda: client.call("GET", f"{t}/9999999", reader)),
        (ti, "get", 401, lambda: client.call("GET", f"{t}/{new_template()}")),
        (ti, "get", 422, lambda: client.call("GET", f"{t}/abc", reader)),
        (ti, "put", 200, lambda: client.call("PUT", f"{t}/{new_template()}", editor, json={"name": unique()})),
        (ti, "put", 404, lambda: client.call("PUT", f"{t}/9999999", editor, json={"name": "x"})),
        (ti, "put", 403, lambda: client.call("PUT", f"{t}/1", editor, json={"name": "x"})),
        (ti, "put", 403, lambda: client.call("PUT", f"{t}/{new_template()}", reader, json={"name": "x"})),
        (ti, "put", 401, lambda: client.call("PUT", f"{t}/1", json={"name": "x"})),
        (ti, "put", 422, lambda: client.call("PUT", f"{t}/{new_template()}", editor, json={})),
        (ti, "delete", 200, lambda: client.call("DELETE", f"{t}/{new_template()}", editor)),
        (ti, "delete", 404, lambda: client.call("DELETE", f"{t}/9999999", editor)),
        (ti, "delete", 403, lambda: client.call("DELETE", f"{t}/3", admin)),
        (ti, "delete", 401, lambda: client.call("DELETE", f"{t}/{new_template()}", bad)),
        (ti, "delete", 422, lambda: client.call("DELETE", f"{t}/x1", editor)),
        ("/api/reports/nexus-sessions", "get", 200, lambda: client.call("GET", "/api/reports/nexus-sessions", reader)),
        ("/api/reports/nexus-sessions", "get", 401, lambda: client.call("GET", "/api/reports/nexus-sessions")),
        (mg, "get", 200, lambda: client.call("GET", mg, reader)),
        (mg, "get", 401, lambda: client.call("GET", mg)),
        (mg, "put", 200, lambda: client.call("PUT", mg, admin, json=configuration())),
        (mg, "put", 403, lambda: client.call("PUT", mg, editor, json=configuration())),
        (mg, "put", 401, lambda: client.call("PUT", mg, json=configuration())),
        (mg, "put", 422, lambda: client.call("PUT", mg, admin, json={"groups": [{"id": "a"}], "rules": 3})),
        (mc, "get", 200, lambda: client.call("GET", mc, reader, params={"matrix_a": "eau", "matrix_b": "gaz"})),
        (mc, "get", 200, lambda: client.call("GET", mc, reader, params={"matrix_a": "eau", "matrix_b": "xyz"})),
        (mc, "get", 401, lambda: client.call("GET", mc, params={"matrix_a": "eau", "matrix_b": "gaz"})),
        (mc, "get", 422, lambda: client.call("GET", mc, reader, params={"matrix_b": "gaz"})),
        ("/api/reports/blocks", "get", 200, lambda: client.call("GET", "/api/reports/blocks")),
        ("/api/reports/blocks", "get", 401, lambda: client.call("GET", "/api/reports/blocks", bad)),
        ("/api/reports/openapi.json", "get", 200, lambda: client.call("GET", "/api/reports/openapi.json")),
        ("/api/reports/openapi.json", "get", 401, lambda: client.call("GET", "/api/reports/openapi.json", bad)),
        *report_calls(client, bad),
        *custom_block_calls(client, bad),
    ]


def custom_block_calls(client, bad):
    """The custom-block endpoints: every status each can show on an installation with Python."""
    editor, reader, admin = client.editor, client.reader, client.admin
    cb, cbi = f"{API}/custom-blocks", f"{API}/custom-blocks/{{id}}"

    def block():
        response = client.call("POST", cb, admin, json=custom_block())
        assert response.status_code == 200, response.text
        return response.json()["id"]

    return [
        (cb, "get", 200, lambda: client.call("GET", cb, editor)),
        (cb, "get", 401, lambda: client.call("GET", cb)),
        (cb, "get", 403, lambda: client.call("GET", cb, reader)),
        (cb, "post", 200, lambda: client.call("POST", cb, admin, json=custom_block())),
        (cb, "post", 401, lambda: client.call("POST", cb, bad, json=custom_block())),
        (cb, "post", 403, lambda: client.call("POST", cb, editor, json=custom_block())),
        (cb, "post", 422, lambda: client.call("POST", cb, admin, json={"key": "X"})),
        (cb, "post", 422, lambda: client.call("POST", cb, admin, json={**custom_block(), "code_python": "def f(:"})),
        (cbi, "get", 200, lambda: client.call("GET", f"{cb}/{block()}", editor)),
        (cbi, "get", 401, lambda: client.call("GET", f"{cb}/1")),
        (cbi, "get", 403, lambda: client.call("GET", f"{cb}/1", reader)),
        (cbi, "get", 404, lambda: client.call("GET", f"{cb}/9999999", editor)),
        (cbi, "get", 422, lambda: client.call("GET", f"{cb}/abc", editor)),
        (cbi, "put", 200, lambda: client.call("PUT", f"{cb}/{block()}", admin, json={"name": "Renamed"})),
        (cbi, "put", 401, lambda: client.call("PUT", f"{cb}/1", json={"name": "x"})),
        (cbi, "put", 403, lambda: client.call("PUT", f"{cb}/1", editor, json={"name": "x"})),
        (cbi, "put", 404, lambda: client.call("PUT", f"{cb}/9999999", admin, json={"name": "x"})),
        (cbi, "put", 422, lambda: client.call("PUT", f"{cb}/{block()}", admin, json={"code_python": "for x in:"})),
        (cbi, "put", 422, lambda: client.call("PUT", f"{cb}/{block()}", admin, json={})),
        (cbi, "delete", 200, lambda: client.call("DELETE", f"{cb}/{block()}", admin)),
        (cbi, "delete", 401, lambda: client.call("DELETE", f"{cb}/1")),
        (cbi, "delete", 403, lambda: client.call("DELETE", f"{cb}/1", editor)),
        (cbi, "delete", 404, lambda: client.call("DELETE", f"{cb}/9999999", admin)),
        (cbi, "delete", 422, lambda: client.call("DELETE", f"{cb}/abc", admin)),
    ]


def report_calls(client, bad):
    """Generation, consultation and branding: every status each can show."""
    editor, reader, admin = client.editor, client.reader, client.admin
    pv, gen, lst = f"{API}/preview", f"{API}/generate", f"{API}/list"
    one, dl, br = f"{API}/{{id}}", f"{API}/download/{{id}}", f"{API}/branding"
    vf, sc = f"{API}/verify", f"{API}/signing-certificate"
    small = {"blocks": ["cover_page"], "language": "en"}

    def report():
        response = client.call("POST", gen, editor, json=small)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    return [
        (pv, "post", 200, lambda: client.call("POST", pv, editor, json=small)),
        (pv, "post", 401, lambda: client.call("POST", pv, json=small)),
        (pv, "post", 403, lambda: client.call("POST", pv, reader, json=small)),
        (pv, "post", 404, lambda: client.call("POST", pv, editor, json={"template_id": 9999999})),
        (pv, "post", 422, lambda: client.call("POST", pv, editor, json={})),
        (gen, "post", 200, lambda: client.call("POST", gen, editor, json=small)),
        (gen, "post", 401, lambda: client.call("POST", gen, bad, json=small)),
        (gen, "post", 403, lambda: client.call("POST", gen, reader, json=small)),
        (gen, "post", 404, lambda: client.call("POST", gen, editor, json={"blocks": ["cover_page"], "nexus_session_id": 9999999})),
        (gen, "post", 422, lambda: client.call("POST", gen, editor, json={"blocks": ["cover_pag"]})),
        (lst, "get", 200, lambda: client.call("GET", lst, reader)),
        (lst, "get", 401, lambda: client.call("GET", lst)),
        (lst, "get", 422, lambda: client.call("GET", lst, reader, params={"limit": "many"})),
        (one, "get", 200, lambda: client.call("GET", f"{API}/{report()}", reader)),
        (one, "get", 401, lambda: client.call("GET", f"{API}/1")),
        (one, "get", 404, lambda: client.call("GET", f"{API}/9999999", reader)),
        (one, "get", 422, lambda: client.call("GET", f"{API}/abc", reader)),
        (one, "delete", 200, lambda: client.call("DELETE", f"{API}/{report()}", editor)),
        (one, "delete", 401, lambda: client.call("DELETE", f"{API}/1")),
        (one, "delete", 403, lambda: client.call("DELETE", f"{API}/1", reader)),
        (one, "delete", 404, lambda: client.call("DELETE", f"{API}/9999999", editor)),
        (one, "delete", 422, lambda: client.call("DELETE", f"{API}/abc", editor)),
        (dl, "get", 200, lambda: client.call("GET", f"{API}/download/{report()}", reader)),
        (dl, "get", 401, lambda: client.call("GET", f"{API}/download/1")),
        (dl, "get", 404, lambda: client.call("GET", f"{API}/download/9999999", reader)),
        (dl, "get", 422, lambda: client.call("GET", f"{API}/download/abc", reader)),
        (br, "get", 200, lambda: client.call("GET", br, reader)),
        (br, "get", 401, lambda: client.call("GET", br)),
        (br, "put", 200, lambda: client.call("PUT", br, admin, json={"organization_name": "Laboratoire de test"})),
        (br, "put", 400, lambda: client.call("PUT", br, admin, json={"logo_path": "/nonexistent/logo.png"})),
        (br, "put", 401, lambda: client.call("PUT", br, json={"organization_name": "x"})),
        (br, "put", 403, lambda: client.call("PUT", br, editor, json={"organization_name": "x"})),
        (br, "put", 422, lambda: client.call("PUT", br, admin, json={})),
        (br, "delete", 200, lambda: client.call("DELETE", br, admin)),
        (br, "delete", 401, lambda: client.call("DELETE", br)),
        (br, "delete", 403, lambda: client.call("DELETE", br, editor)),
        (vf, "post", 200, lambda: client.call("POST", vf, {**reader, "Content-Type": "application/pdf"}, data=b"%PDF-1.5\n")),
        (vf, "post", 401, lambda: client.call("POST", vf, {"Content-Type": "application/pdf"}, data=b"%PDF-1.5\n")),
        (sc, "get", 200, lambda: client.call("GET", sc)),
        (sc, "get", 401, lambda: client.call("GET", sc, bad)),
    ]


# Statuses a call cannot show on a healthy installation: 500 and 503 need a broken one, and 403 needs
# an operation whose role is above reader (no token has a lower role than reader).
UNREACHABLE = {"500", "503"}
ROLE_ABOVE_READER = {
    ("/api/reports/preview", "post"),
    ("/api/reports/generate", "post"),
    ("/api/reports/{id}", "delete"),
    ("/api/reports/branding", "put"),
    ("/api/reports/branding", "delete"),
    ("/api/reports/templates", "post"),
    ("/api/reports/templates/{id}", "put"),
    ("/api/reports/templates/{id}", "delete"),
    ("/api/reports/matrix-groups", "put"),
    ("/api/reports/custom-blocks", "get"),
    ("/api/reports/custom-blocks", "post"),
    ("/api/reports/custom-blocks/{id}", "get"),
    ("/api/reports/custom-blocks/{id}", "put"),
    ("/api/reports/custom-blocks/{id}", "delete"),
}
# Statuses only an installation that does not sign can show (the unit tests cover them).
NOT_ON_A_SIGNING_INSTALLATION = {("/api/reports/signing-certificate", "get"): {"404"}}


def test_documented_statuses_are_what_calls_show(client, document):
    seen = {}
    for path, method, status, call in conformance_calls(client):
        response = call()
        assert response.status_code == status, (method, path, response.status_code, response.text)
        if response.headers.get("Content-Type") == "application/pdf":
            assert response.content.startswith(b"%PDF-"), (method, path)
            content = document["paths"][path][method]["responses"][str(status)]["content"]
            assert "application/pdf" in content, (method, path, status)
        elif response.headers.get("Content-Type") == "application/x-pem-file":
            assert response.text.startswith("-----BEGIN CERTIFICATE-----"), (method, path)
            content = document["paths"][path][method]["responses"][str(status)]["content"]
            assert "application/x-pem-file" in content, (method, path, status)
        else:
            validator = validator_for(document, path, method, status)
            errors = [e.message for e in validator.iter_errors(response.json())]
            assert not errors, (method, path, status, errors, response.text[:500])
        seen.setdefault((path, method), set()).add(str(status))
    for path, method in SERVED_OPERATIONS:
        documented = (set(document["paths"][path][method]["responses"]) - UNREACHABLE
                      - NOT_ON_A_SIGNING_INSTALLATION.get((path, method), set()))
        if (path, method) not in ROLE_ABOVE_READER:
            documented.discard("403")
        assert documented <= seen[(path, method)], (path, method, documented - seen[(path, method)])


def test_schema_validation_catches_wrong_bodies(client, document):
    """The validators above are not vacuous: a template without its id, or with an extra field,
    or a check verdict with a string `relevant`, fails them."""
    template = client.call("GET", f"{API}/templates/1").json()
    validator = validator_for(document, "/api/reports/templates/{id}", "get", 200)
    assert validator.is_valid(template)
    broken = copy.deepcopy(template)
    del broken["id"]
    assert not validator.is_valid(broken)
    assert not validator.is_valid({**template, "secret": 1})
    assert not validator.is_valid({**template, "language": "de"})
    verdict = client.call("GET", f"{API}/matrix-groups/check", client.reader, params={"matrix_a": "eau", "matrix_b": "sol"}).json()
    check = validator_for(document, "/api/reports/matrix-groups/check", "get", 200)
    assert check.is_valid(verdict)
    assert not check.is_valid({**verdict, "relevant": "yes"})


def test_date_times_are_rfc3339(client):
    template = client.call("POST", f"{API}/templates", client.editor, json={"name": unique(), "blocks": ["cover_page"]}).json()
    for field in ("created_at", "updated_at"):
        parse_time(template[field])


# --- /docs, /health, /api/ready -------------------------------------------------------------------


def test_docs_page_is_swagger_ui_from_this_server(client):
    """/docs is Swagger UI as static files from nginx; that it lists every operation and that
    "Try it out" works is tests/e2e/test_docs_ui.py's job, in a real browser."""
    response = client.call("GET", "/docs")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.lstrip().lower().startswith("<!doctype html>")
    # The browser may load nothing from elsewhere, and the page asks for nothing from elsewhere.
    policy = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert assets and all(asset.startswith("/") and not asset.startswith("//") for asset in assets), assets
    types = {".js": "application/javascript", ".css": "text/css", ".png": "image/png", ".json": "application/json"}
    for asset in assets:
        served = client.call("GET", asset)
        assert served.status_code == 200, (asset, served.status_code)
        assert served.headers["Content-Type"].startswith(types[pathlib.PurePosixPath(asset).suffix]), asset
    assert "/docs/swagger-ui/swagger-ui-bundle.js" in assets and "/docs/isofind-docs.js" in assets
    starter = client.call("GET", "/docs/isofind-docs.js").text
    assert 'url: "/api/reports/openapi.json"' in starter and "validatorUrl: null" in starter
    # Swagger UI's licence ships with it.
    licence = client.call("GET", "/docs/swagger-ui/LICENSE")
    assert licence.status_code == 200 and "Apache License" in licence.text


def test_docs_files_that_do_not_exist_are_json_404(client):
    for path in ("/docs/", "/docs/index.html", "/docs/swagger-ui/nothing.js", "/docs/swagger-ui/../docs"):
        response = client.call("GET", path)
        assert response.status_code == 404, (path, response.status_code)
        assert response.json() == {"detail": "Not Found"}, path


def test_health(client):
    response = client.call("GET", "/health")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["status"] == "healthy"
    assert body.get("reasons", []) == []


def test_ready(client):
    response = client.call("GET", "/api/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_unknown_paths_outside_the_api_are_json_404(client):
    for path in ("/", "/healthz", "/api/readyz", "/docs/extra", "/_auth", "/_protected_reports/x.pdf"):
        response = client.call("GET", path, client.admin)
        assert response.status_code == 404, (path, response.status_code)
        assert response.json() == {"detail": "Not Found"}, path


# --- Nexus sessions -------------------------------------------------------------------------------


def read_db(path, sql, arguments=()):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql, arguments)]
    finally:
        db.close()


def test_nexus_sessions(client, stack):
    response = client.call("GET", f"{API}/nexus-sessions", client.reader)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"success", "sessions", "count"}
    assert body["success"] is True
    sessions = body["sessions"]
    assert body["count"] == len(sessions) == 8
    assert len(sessions) <= 50
    for session in sessions:
        assert set(session) == SESSION_FIELDS
        assert isinstance(session["id"], int) and session["name"]
        assert isinstance(session["sample_id"], int) and session["sample_name"] and session["element"]
        parse_time(session["created_at"])
    stamps = [parse_time(s["created_at"]) for s in sessions]
    assert stamps == sorted(stamps, reverse=True), "newest first"
    assert len({s["id"] for s in sessions}) == 8

    # The same rows as the sessions database holds, and real samples.
    rows = read_db(stack.var / "workflows.db",
                   "SELECT id, name, sample_id, sample_name, element, created_at FROM nexus_sessions "
                   "ORDER BY created_at DESC, id DESC LIMIT 50")
    assert sessions == rows
    samples = {row["id"]: row["name"] for row in read_db(stack.var / "isofind.db", "SELECT id, name FROM samples")}
    assert len(samples) == 53
    for session in sessions:
        assert samples.get(session["sample_id"]) == session["sample_name"], session


def test_nexus_sessions_do_not_leak_results(client):
    body = client.call("GET", f"{API}/nexus-sessions", client.admin).json()
    assert all("result_json" not in s for s in body["sessions"])
