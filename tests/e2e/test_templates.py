"""Templates: the five endpoints of api.md "Templates (5)", through nginx.

The defaults are checked against domain.md's table "Built-in templates"; derived figures
(estimated_pages, min_licence) are computed from GET /api/reports/blocks, never hard-coded.
Every test creates its own templates with unique names: the stack is shared by the session.
"""

import datetime as dt
import uuid

import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 30
LICENCE_ORDER = ["research", "research+", "pro", "enterprise"]  # domain.md: research < research+ < pro < enterprise
TEMPLATE_FIELDS = {
    "id", "name", "description", "blocks", "language", "mode", "is_default",
    "created_at", "updated_at", "estimated_pages", "min_licence",
}

# domain.md, "Built-in templates (read-only, at least these)": name, mode, blocks in order.
DEFAULTS = [
    ("Source attribution (concise)", "concis",
     "cover_page, executive_summary, project_context, sample_inventory, sample_map, isotope_signatures, "
     "delta_delta_plot, scoring_matches, limitations, certification"),
    ("Source attribution (expert)", "expert",
     "cover_page, table_of_contents, executive_summary, project_context, sample_inventory, sample_map, "
     "isotope_signatures, delta_delta_plot, descriptive_statistics, analytical_methods, quality_control, "
     "elemental_data, physicochemistry, scoring_matches, matrix_relevance, nexus_processes, nexus_chain, "
     "interpretation, limitations, data_provenance, glossary, certification, annex_raw_data"),
    ("Nexus report", "expert",
     "cover_page, table_of_contents, executive_summary, sample_inventory, isotope_signatures, auto_context, "
     "nexus_processes, nexus_chain, interpretation, limitations, data_provenance, certification"),
    ("Exploratory report", "concis",
     "cover_page, executive_summary, sample_inventory, sample_map, isotope_signatures, delta_delta_plot, "
     "descriptive_statistics, limitations"),
    ("Analytical services delivery", "concis",
     "cover_page, table_of_contents, project_context, sample_inventory, analytical_methods, isotope_signatures, "
     "elemental_data, physicochemistry, pollutant_inventory, descriptive_statistics, limitations, "
     "data_provenance, certification"),
    ("Drilling and hydrogeology", "expert",
     "cover_page, table_of_contents, project_context, sample_inventory, sample_map, physicochemistry, "
     "elemental_data, vertical_profiles, cross_sections, limitations, certification"),
    ("Regulatory and traceability", "expert",
     "cover_page, table_of_contents, executive_summary, project_context, sample_inventory, sample_map, "
     "analytical_methods, quality_control, isotope_signatures, elemental_data, pollutant_inventory, "
     "regulatory_compliance, matrix_relevance, limitations, data_provenance, glossary, certification, "
     "annex_raw_data"),
    ("CSIA simulation (concise)", "concis",
     "cover_page, executive_summary, project_context, sim_csia, sim_plume, limitations, certification"),
    ("CSIA simulation (expert)", "expert",
     "cover_page, table_of_contents, executive_summary, project_context, sample_inventory, isotope_signatures, "
     "auto_context, sim_csia, sim_redox, sim_plume, scenario_comparison, interpretation, limitations, "
     "data_provenance, glossary, certification"),
]




def unique(prefix="tpl"):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def parse_time(text):
    assert isinstance(text, str) and text.endswith("Z"), text
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


class Client:
    def __init__(self, stack):
        self.base = stack.base_url
        self.admin = auth(stack.admin_token)
        self.editor = auth(stack.token("editor", name=unique("tpl-editor")))
        self.reader = auth(stack.token("reader", name=unique("tpl-reader")))

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.base + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)

    def create(self, headers=None, **body):
        body.setdefault("name", unique())
        body.setdefault("blocks", ["cover_page", "limitations"])
        response = self.call("POST", f"{API}/templates", headers or self.editor, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def get(self, template_id, headers=None):
        return self.call("GET", f"{API}/templates/{template_id}", self.admin if headers is None else headers)


@pytest.fixture(scope="module")
def client(stack):
    return Client(stack)


@pytest.fixture(scope="module")
def catalogue(client):
    response = client.call("GET", f"{API}/blocks")
    assert response.status_code == 200
    return {block["key"]: block for block in response.json()["blocks"]}


def derived(catalogue, blocks):
    pages = sum(catalogue[key]["est_pages"] for key in blocks)
    licence = max((catalogue[key]["licence"] for key in blocks), key=LICENCE_ORDER.index, default="research")
    return pages, licence


# --- list -----------------------------------------------------------------------------------------


def test_list_shape_and_defaults_for_anonymous(client, catalogue):
    client.create()  # a user template exists: anonymous callers must still not see it
    response = client.call("GET", f"{API}/templates")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"success", "templates", "count"}
    assert body["success"] is True
    assert body["count"] == len(body["templates"]) == 9
    for position, (template, (name, mode, blocks)) in enumerate(zip(body["templates"], DEFAULTS), start=1):
        assert set(template) == TEMPLATE_FIELDS
        assert template["id"] == position
        assert template["name"] == name
        assert template["mode"] == mode
        assert template["blocks"] == blocks.split(", ")
        assert template["is_default"] is True
        assert template["language"] == "en"  # README: English names, so language en
        assert (template["estimated_pages"], template["min_licence"]) == derived(catalogue, template["blocks"])
        parse_time(template["created_at"])
        parse_time(template["updated_at"])


def test_default_template_figures_follow_the_catalogue(client, catalogue):
    """CSIA simulation templates hold sim_* blocks (licence pro); the others stop at research+."""
    body = client.call("GET", f"{API}/templates").json()
    by_name = {t["name"]: t for t in body["templates"]}
    assert by_name["CSIA simulation (concise)"]["min_licence"] == "pro"
    assert by_name["Exploratory report"]["min_licence"] == "research"
    assert by_name["Source attribution (expert)"]["min_licence"] == "research+"
    assert by_name["Source attribution (expert)"]["estimated_pages"] > by_name["Source attribution (concise)"]["estimated_pages"]


def test_reader_sees_user_templates_after_the_defaults_by_id(client):
    first = client.create()
    second = client.create()
    for headers in (client.reader, client.editor, client.admin):
        body = client.call("GET", f"{API}/templates", headers).json()
        ids = [t["id"] for t in body["templates"]]
        assert body["count"] == len(ids) >= 11
        assert ids[:9] == list(range(1, 10))
        assert ids[9:] == sorted(ids[9:]), "user templates must come by id"
        assert all(t["is_default"] is False for t in body["templates"][9:])
        listed = {t["id"]: t for t in body["templates"]}
        assert listed[first["id"]] == first and listed[second["id"]] == second
    anonymous = [t["id"] for t in client.call("GET", f"{API}/templates").json()["templates"]]
    assert first["id"] not in anonymous and second["id"] not in anonymous


# --- create ---------------------------------------------------------------------------------------


def test_create_returns_201_with_the_whole_template(client, catalogue):
    blocks = ["cover_page", "executive_summary", "sample_inventory", "quality_control", "sim_plume", "limitations"]
    name = unique("Suivi trimestriel")
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=2)
    response = client.call(
        "POST", f"{API}/templates", client.editor,
        json={"name": name, "description": "Rapport de suivi", "blocks": blocks, "language": "en", "mode": "expert"},
    )
    after = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2)
    assert response.status_code == 201, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    template = response.json()
    assert set(template) == TEMPLATE_FIELDS
    assert template["id"] > 1000
    assert template["name"] == name
    assert template["description"] == "Rapport de suivi"
    assert template["blocks"] == blocks
    assert template["language"] == "en"
    assert template["mode"] == "expert"
    assert template["is_default"] is False
    assert before <= parse_time(template["created_at"]) <= after
    assert template["updated_at"] == template["created_at"]
    pages, licence = derived(catalogue, blocks)
    assert template["estimated_pages"] == pages
    assert template["min_licence"] == licence == "pro"  # sim_plume needs pro


def test_create_applies_defaults(client, catalogue):
    template = client.create(name=unique("defaults"), blocks=["cover_page", "regulatory_compliance"])
    assert template["description"] == ""
    assert template["language"] == "fr"
    assert template["mode"] == "concis"
    assert (template["estimated_pages"], template["min_licence"]) == derived(catalogue, template["blocks"])
    assert template["min_licence"] == "research+"


def test_create_ids_increase_above_1000(client):
    ids = [client.create()["id"] for _ in range(3)]
    assert all(i > 1000 for i in ids)
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_create_as_admin_works_too(client):
    assert client.create(client.admin)["id"] > 1000


def test_names_round_trip_exactly(client):
    name = "Réseau d’eau potable — Île-de-France ≥ 2 µg/L 🧪 " + uuid.uuid4().hex[:6]
    template = client.create(name=name, description="δ¹³C ‰ ⁸⁷Sr/⁸⁶Sr\n\ttabulé")
    fetched = client.get(template["id"]).json()
    assert fetched["name"] == name
    assert fetched["description"] == "δ¹³C ‰ ⁸⁷Sr/⁸⁶Sr\n\ttabulé"


def test_create_boundaries(client):
    assert client.create(name="x" * 200)["name"] == "x" * 200
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": "x" * 201, "blocks": ["cover_page"]})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "name"], "msg": "String should have at most 200 characters", "type": "string_too_long"}
    ]
    response = client.call("POST", f"{API}/templates", client.editor, json={"name": "empty", "blocks": []})
    assert response.status_code == 422
    assert [(i["loc"], i["type"]) for i in response.json()["detail"]] == [(["body", "blocks"], "too_short")]


def test_create_refuses_unknown_and_repeated_block_keys(client):
    names_before = template_names(client)
    response = client.call(
        "POST", f"{API}/templates", client.editor,
        json={"name": unique(), "blocks": ["cover_page", "cover_page"]},
    )
    assert response.status_code == 422
    assert [(i["loc"], i["type"]) for i in response.json()["detail"]] == [(["body", "blocks", 1], "value_error")]
    assert "repeated" in response.json()["detail"][0]["msg"]

    response = client.call(
        "POST", f"{API}/templates", client.editor,
        json={"name": unique(), "blocks": ["cover_pag", "limitations", "nope"]},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "blocks", 0], "msg": "unknown block key 'cover_pag'", "type": "value_error"},
        {"loc": ["body", "blocks", 2], "msg": "unknown block key 'nope'", "type": "value_error"},
    ]
    assert template_names(client) == names_before


def template_names(client):
    return [t["name"] for t in client.call("GET", f"{API}/templates", client.admin).json()["templates"]]


@pytest.mark.parametrize(
    "field,value,error_type",
    [("language", "de", "literal_error"), ("mode", "bref", "literal_error"), ("language", "FR", "literal_error")],
)
def test_create_refuses_values_out_of_range(client, field, value, error_type):
    response = client.call(
        "POST", f"{API}/templates", client.editor, json={"name": unique(), "blocks": ["cover_page"], field: value}
    )
    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["body", field] and issue["type"] == error_type


# --- get ------------------------------------------------------------------------------------------


def test_get_by_id(client, catalogue):
    template = client.create()
    for headers in (client.reader, client.editor, client.admin):
        response = client.get(template["id"], headers)
        assert response.status_code == 200
        assert response.json() == template


def test_get_default_by_id_anonymously(client, catalogue):
    for template_id, (name, mode, blocks) in enumerate(DEFAULTS, start=1):
        response = client.get(template_id, {})
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["id"], body["name"], body["mode"], body["blocks"]) == (template_id, name, mode, blocks.split(", "))
        assert body["is_default"] is True


def test_get_user_template_anonymously_is_401(client):
    template = client.create()
    response = client.get(template["id"], {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "reader" in response.json()["detail"]


@pytest.mark.parametrize("template_id", [9999999, 10, 1000, 0, -1])
def test_get_missing_is_404(client, template_id):
    response = client.get(template_id)
    assert response.status_code == 404, response.text
    assert response.json() == {"detail": f"Template {template_id} not found."}


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
@pytest.mark.parametrize("raw_id", ["abc", "1.5", "1e3", "0x10", "99999999999999999999999"])
def test_non_integer_id_is_422(client, method, raw_id):
    kwargs = {"json": {"name": "x"}} if method == "PUT" else {}
    response = client.call(method, f"{API}/templates/{raw_id}", client.admin, **kwargs)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert [issue["loc"] for issue in detail] == [["path", "id"]]
    assert detail[0]["type"] == "int_parsing"


# --- update ---------------------------------------------------------------------------------------


def test_put_changes_only_the_given_fields(client, catalogue):
    template = client.create(name=unique("put"), description="first", blocks=["cover_page", "limitations"],
                             language="en", mode="expert")
    response = client.call("PUT", f"{API}/templates/{template['id']}", client.editor, json={"description": "second"})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert set(updated) == TEMPLATE_FIELDS
    assert updated["description"] == "second"
    unchanged = {k: v for k, v in template.items() if k not in ("description", "updated_at")}
    assert {k: v for k, v in updated.items() if k not in ("description", "updated_at")} == unchanged
    assert parse_time(updated["updated_at"]) >= parse_time(template["updated_at"])
    assert client.get(template["id"]).json() == updated

    blocks = ["cover_page", "sim_csia", "scenario_comparison", "limitations"]
    response = client.call("PUT", f"{API}/templates/{template['id']}", client.editor, json={"blocks": blocks, "name": "renamed"})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["blocks"] == blocks and updated["name"] == "renamed" and updated["description"] == "second"
    assert (updated["language"], updated["mode"]) == ("en", "expert")
    assert (updated["estimated_pages"], updated["min_licence"]) == derived(catalogue, blocks)
    assert updated["min_licence"] == "pro"
    assert updated["created_at"] == template["created_at"]
    assert client.get(template["id"]).json() == updated


@pytest.mark.parametrize("field,value", [("language", "en"), ("mode", "expert"), ("id", 5), ("is_default", True)])
def test_put_refuses_other_fields(client, field, value):
    template = client.create()
    response = client.call("PUT", f"{API}/templates/{template['id']}", client.editor, json={"name": "changed", field: value})
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {"loc": ["body", field], "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}
    ]
    assert client.get(template["id"]).json() == template  # not even the name changed


def test_put_empty_body_is_422(client):
    template = client.create()
    response = client.call("PUT", f"{API}/templates/{template['id']}", client.editor, json={})
    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["body"]
    assert "name" in issue["msg"] and "blocks" in issue["msg"] and "description" in issue["msg"]
    assert client.get(template["id"]).json() == template


def test_put_unknown_block_is_422(client):
    template = client.create()
    response = client.call("PUT", f"{API}/templates/{template['id']}", client.editor, json={"blocks": ["cover_page", "sim_csi"]})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "blocks", 1], "msg": "unknown block key 'sim_csi'", "type": "value_error"}
    ]
    assert client.get(template["id"]).json() == template


@pytest.mark.parametrize("template_id", range(1, 10))
def test_defaults_are_read_only(client, template_id):
    before = client.get(template_id, {}).json()
    for method, kwargs in (("PUT", {"json": {"name": "mine now"}}), ("DELETE", {})):
        response = client.call(method, f"{API}/templates/{template_id}", client.admin, **kwargs)
        assert response.status_code == 403, response.text
        detail = response.json()["detail"]
        assert isinstance(detail, str)
        assert f"Template {template_id} is a default template and is read-only" in detail
    assert client.get(template_id, {}).json() == before


def test_put_missing_is_404(client):
    template = client.create()
    assert client.call("DELETE", f"{API}/templates/{template['id']}", client.editor).status_code == 200
    response = client.call("PUT", f"{API}/templates/{template['id']}", client.editor, json={"name": "ghost"})
    assert response.status_code == 404
    assert response.json() == {"detail": f"Template {template['id']} not found."}
    assert client.get(template["id"]).status_code == 404


# --- delete ---------------------------------------------------------------------------------------


def test_delete_then_get_and_delete_are_404(client):
    template = client.create()
    keep = client.create()
    response = client.call("DELETE", f"{API}/templates/{template['id']}", client.editor)
    assert response.status_code == 200, response.text
    assert response.json() == {"success": True, "id": template["id"]}
    response = client.get(template["id"])
    assert response.status_code == 404
    assert response.json() == {"detail": f"Template {template['id']} not found."}
    response = client.call("DELETE", f"{API}/templates/{template['id']}", client.editor)
    assert response.status_code == 404
    assert response.json() == {"detail": f"Template {template['id']} not found."}
    listed = [t["id"] for t in client.call("GET", f"{API}/templates", client.reader).json()["templates"]]
    assert template["id"] not in listed and keep["id"] in listed
    assert client.get(keep["id"]).json() == keep


def test_deleted_ids_are_not_reused(client):
    template = client.create()
    client.call("DELETE", f"{API}/templates/{template['id']}", client.editor)
    assert client.create()["id"] > template["id"]


def test_delete_missing_is_404(client):
    response = client.call("DELETE", f"{API}/templates/9999999", client.editor)
    assert response.status_code == 404
    assert response.json() == {"detail": "Template 9999999 not found."}
