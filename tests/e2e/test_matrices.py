"""Matrix groups and relevance rules: api.md "Matrix groups (3)", through nginx.

Tests that replace the configuration restore the one they found in a `finally` block, because the
stack (and its store) is shared by the whole session.
"""

import contextlib
import copy
import uuid

import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 30




class Client:
    def __init__(self, stack):
        self.base = stack.base_url
        self.admin = auth(stack.admin_token)
        self.reader = auth(stack.token("reader", name=f"matrix-reader-{uuid.uuid4().hex[:10]}"))

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.base + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)

    def configuration(self):
        response = self.call("GET", f"{API}/matrix-groups", self.reader)
        assert response.status_code == 200, response.text
        return response.json()

    def put(self, configuration):
        return self.call("PUT", f"{API}/matrix-groups", self.admin, json=configuration)

    def check(self, a, b):
        response = self.call("GET", f"{API}/matrix-groups/check", self.reader, params={"matrix_a": a, "matrix_b": b})
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def client(stack):
    return Client(stack)


@contextlib.contextmanager
def restored(client):
    """Yields the configuration as found, and puts it back afterwards whatever happened."""
    original = client.configuration()
    try:
        yield copy.deepcopy(original)
    finally:
        response = client.put(original)
        assert response.status_code == 200, f"could not restore the matrix configuration: {response.text}"
        assert client.configuration() == original


def group_of(configuration, matrix):
    return next((g["id"] for g in configuration["groups"] if matrix in g["matrices"]), None)


# --- the default configuration --------------------------------------------------------------------


def test_default_configuration(client):
    configuration = client.configuration()
    assert set(configuration) == {"groups", "rules"}
    groups = configuration["groups"]
    assert len(groups) == 6
    names = [g["name"].lower() for g in groups]
    assert names == ["aqueous", "solid", "ore and mineral", "biota", "gas", "industrial product"]
    assert len({g["id"] for g in groups}) == 6
    for group in groups:
        assert set(group) == {"id", "name", "color", "matrices", "note"}
        assert len(group["color"]) == 7 and group["color"][0] == "#"
        int(group["color"][1:], 16)
        assert group["matrices"] and all(isinstance(m, str) and m for m in group["matrices"])
    # The matrices the French/English checks below rely on.
    assert group_of(configuration, "water") == groups[0]["id"]
    for matrix in ("soil", "sediment", "rock"):
        assert group_of(configuration, matrix) == groups[1]["id"]
    rules = configuration["rules"]
    assert rules, "a few rules from the start"
    ids = {g["id"] for g in groups}
    for rule in rules:
        assert set(rule) == {"from_group", "to_group", "relevant", "note"}
        assert rule["from_group"] in ids and rule["to_group"] in ids and isinstance(rule["relevant"], bool)
    assert len({(r["from_group"], r["to_group"]) for r in rules}) == len(rules)
    # "A sensible default set": some comparisons are not relevant.
    assert any(r["relevant"] for r in rules) and any(not r["relevant"] for r in rules)


# --- check ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a,b,group",
    [
        ("eau", "water", "aqueous"),
        ("sol", "soil", "solid"),
        ("sédiment", "sediment", "solid"),
        ("roche", "rock", "solid"),
        ("EAU", "Water", "aqueous"),
        ("Sédiment", "SEDIMENT", "solid"),
        ("SOL", "sol", "solid"),
        ("Eau souterraine", "groundwater", "aqueous"),
    ],
)
def test_check_french_and_english_names_are_one_matrix(client, a, b, group):
    verdict = client.check(a, b)
    assert verdict["matrix_a"] == a and verdict["matrix_b"] == b  # as asked
    assert verdict["group_a"] == verdict["group_b"] == group
    assert verdict["relevant"] is True and verdict["defined"] is True
    assert isinstance(verdict["note"], str) and verdict["note"]


def test_check_same_group(client):
    verdict = client.check("river water", "seawater")
    assert (verdict["group_a"], verdict["group_b"], verdict["relevant"], verdict["defined"]) == ("aqueous", "aqueous", True, True)
    assert set(verdict) == {"matrix_a", "matrix_b", "group_a", "group_b", "relevant", "defined", "note"}


def test_check_forward_and_reverse_rules(client):
    configuration = client.configuration()
    groups = {g["id"]: g for g in configuration["groups"]}
    for rule in configuration["rules"]:
        a = groups[rule["from_group"]]["matrices"][0]
        b = groups[rule["to_group"]]["matrices"][-1]
        expected = {"group_a": rule["from_group"], "group_b": rule["to_group"], "relevant": rule["relevant"],
                    "defined": True, "note": rule["note"]}
        forward = client.check(a, b)
        assert {k: forward[k] for k in expected} == expected, (a, b)
        reverse = client.check(b, a)
        assert (reverse["group_a"], reverse["group_b"]) == (rule["to_group"], rule["from_group"])
        assert (reverse["relevant"], reverse["defined"], reverse["note"]) == (rule["relevant"], True, rule["note"])


def test_check_known_verdicts(client):
    """Spot checks of the default rules with French names: eau/sol relevant (water-rock
    interaction), gaz/sol not relevant."""
    verdict = client.check("eau", "sol")
    assert (verdict["group_a"], verdict["group_b"], verdict["relevant"], verdict["defined"]) == ("aqueous", "solid", True, True)
    verdict = client.check("gaz", "roche")
    assert (verdict["group_a"], verdict["group_b"], verdict["relevant"], verdict["defined"]) == ("gas", "solid", False, True)


def test_check_undefined_pair(client):
    configuration = client.configuration()
    groups = {g["id"]: g for g in configuration["groups"]}
    linked = {(r["from_group"], r["to_group"]) for r in configuration["rules"]}
    pairs = [(x, y) for x in groups for y in groups if x < y and (x, y) not in linked and (y, x) not in linked]
    assert pairs, "the default rules leave some pairs undefined"
    for x, y in pairs:
        verdict = client.check(groups[x]["matrices"][0], groups[y]["matrices"][0])
        assert (verdict["group_a"], verdict["group_b"]) == (x, y)
        assert verdict["relevant"] is None and verdict["defined"] is False
        assert isinstance(verdict["note"], str) and verdict["note"]


def test_check_matrix_in_no_group(client):
    verdict = client.check("plutonium soup", "eau")
    assert verdict["group_a"] is None and verdict["group_b"] == "aqueous"
    assert verdict["relevant"] is None and verdict["defined"] is False
    assert "plutonium soup" in verdict["note"]
    verdict = client.check("moon dust", "unobtainium")
    assert verdict["group_a"] is None and verdict["group_b"] is None
    assert verdict["relevant"] is None and verdict["defined"] is False


def test_check_sql_looking_names_are_just_names(client):
    verdict = client.check("' OR 1=1 --", "eau'; DROP TABLE matrix_groups; --")
    assert verdict["matrix_a"] == "' OR 1=1 --" and verdict["matrix_b"] == "eau'; DROP TABLE matrix_groups; --"
    assert verdict["group_a"] is None and verdict["group_b"] is None and verdict["defined"] is False
    assert len(client.configuration()["groups"]) >= 1


@pytest.mark.parametrize(
    "params,missing",
    [
        ({"matrix_b": "eau"}, ["matrix_a"]),
        ({"matrix_a": "eau"}, ["matrix_b"]),
        ({}, ["matrix_a", "matrix_b"]),
        ({"matrix_x": "eau", "matrix_y": "sol"}, ["matrix_a", "matrix_b"]),
    ],
)
def test_check_missing_parameter_is_422(client, params, missing):
    response = client.call("GET", f"{API}/matrix-groups/check", client.reader, params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert [issue["loc"] for issue in detail] == [["query", name] for name in missing]
    assert all(issue["type"] == "missing" for issue in detail)


@pytest.mark.parametrize("value,kind", [("", "string_too_short"), ("   ", "string_pattern_mismatch")])
def test_check_empty_parameter_is_422(client, value, kind):
    # The query parameter is checked by its documented schema: at least one character, and one
    # that is not a space (the pattern \S), as the branding's organisation name.
    response = client.call("GET", f"{API}/matrix-groups/check", client.reader, params={"matrix_a": value, "matrix_b": "sol"})
    assert response.status_code == 422, response.text
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["query", "matrix_a"] and issue["type"] == kind


# --- replace --------------------------------------------------------------------------------------

NEW_CONFIGURATION = {
    "groups": [
        {"id": "waters", "name": "Eaux", "color": "#0000ff", "matrices": ["eau", "groundwater"], "note": "test group"},
        {"id": "rocks", "name": "Roches", "color": "#A0522D", "matrices": ["roche", "soil", "Sédiment"]},
        {"id": "living", "name": "Vivant", "color": "#00FF00", "matrices": ["plant"], "note": None},
        {"id": "lonely", "name": "Seul", "color": "#123456", "matrices": []},
    ],
    "rules": [
        {"from_group": "rocks", "to_group": "waters", "relevant": False, "note": "test rule"},
        {"from_group": "waters", "to_group": "living", "relevant": True},
    ],
}


def test_put_full_replace_round_trip(client):
    with restored(client) as original:
        response = client.put(NEW_CONFIGURATION)
        assert response.status_code == 200, response.text
        saved = response.json()
        expected = {
            "groups": [{**g, "note": g.get("note")} for g in NEW_CONFIGURATION["groups"]],
            "rules": [{**r, "note": r.get("note")} for r in NEW_CONFIGURATION["rules"]],
        }
        assert saved == expected
        assert client.configuration() == expected
        assert saved != original

        # The check endpoint answers from the new configuration at once.
        verdict = client.check("water", "rock")
        assert (verdict["group_a"], verdict["group_b"], verdict["relevant"], verdict["defined"], verdict["note"]) == (
            "waters", "rocks", False, True, "test rule")
        verdict = client.check("sediment", "sol")
        assert (verdict["group_a"], verdict["group_b"], verdict["relevant"]) == ("rocks", "rocks", True)
        verdict = client.check("plante", "eau")  # reverse of waters -> living
        assert (verdict["group_a"], verdict["group_b"], verdict["relevant"], verdict["defined"]) == ("living", "waters", True, True)
        verdict = client.check("gaz", "eau")  # gas is in no group any more
        assert (verdict["group_a"], verdict["relevant"], verdict["defined"]) == (None, None, False)

    assert client.configuration() == original
    assert client.check("gaz", "roche")["group_a"] == "gas"


def test_put_empty_configuration_is_allowed(client):
    with restored(client):
        response = client.put({"groups": [], "rules": []})
        assert response.status_code == 200, response.text
        assert response.json() == {"groups": [], "rules": []}
        verdict = client.check("eau", "water")
        assert (verdict["group_a"], verdict["relevant"], verdict["defined"]) == (None, None, False)


def test_put_matrix_listed_twice_in_one_group_is_accepted(client):
    with restored(client):
        configuration = {"groups": [{"id": "g", "name": "G", "color": "#000000", "matrices": ["eau", "water", "EAU"]}], "rules": []}
        response = client.put(configuration)
        assert response.status_code == 200, response.text
        assert response.json()["groups"][0]["matrices"] == ["eau", "water", "EAU"]


def base_configuration():
    return copy.deepcopy(NEW_CONFIGURATION)


# Group 3 ("lonely") is named by no rule, so changing its id raises no other problem.
def missing_id(c):
    del c["groups"][3]["id"]
    return c


def empty_id(c):
    c["groups"][3]["id"] = ""
    return c


def blank_id(c):
    c["groups"][3]["id"] = "   "
    return c


def repeated_id(c):
    c["groups"][3]["id"] = "waters"
    return c


def colour(value):
    def change(c):
        c["groups"][1]["color"] = value
        return c
    return change


def matrix_in_two_groups(c):
    c["groups"][2]["matrices"].append("groundwater")
    return c


def matrix_in_two_groups_french(c):
    c["groups"][2]["matrices"].append("water")  # group 0 lists it as "eau"
    return c


def matrix_in_two_groups_french_only(c):
    c["groups"][3]["matrices"].append("sol")  # group 1 holds "soil"
    return c


def rule_unknown_from(c):
    c["rules"][1]["from_group"] = "nowhere"
    return c


def rule_unknown_to(c):
    c["rules"][0]["to_group"] = "Waters"  # ids are exact
    return c


def repeated_pair(c):
    c["rules"].append({"from_group": "rocks", "to_group": "waters", "relevant": True})
    return c


def rule_to_itself(c):
    c["rules"].append({"from_group": "living", "to_group": "living", "relevant": True})
    return c


def missing_rules(c):
    del c["rules"]
    return c


def rule_missing_relevant(c):
    del c["rules"][0]["relevant"]
    return c


def unknown_field(c):
    c["groups"][0]["colour"] = "#000000"
    return c


REFUSALS = {
    "missing id": (missing_id, [(["body", "groups", 3, "id"], "missing")]),
    "empty id": (empty_id, [(["body", "groups", 3, "id"], "string_too_short")]),
    "blank id": (blank_id, [(["body", "groups", 3, "id"], "value_error")]),
    "repeated id": (repeated_id, [(["body", "groups", 3, "id"], "value_error")]),
    "colour word": (colour("red"), [(["body", "groups", 1, "color"], "string_pattern_mismatch")]),
    "colour short": (colour("#FFF"), [(["body", "groups", 1, "color"], "string_pattern_mismatch")]),
    "colour not hex": (colour("#12345G"), [(["body", "groups", 1, "color"], "string_pattern_mismatch")]),
    "colour no hash": (colour("1F77B4"), [(["body", "groups", 1, "color"], "string_pattern_mismatch")]),
    "colour alpha": (colour("#1F77B4FF"), [(["body", "groups", 1, "color"], "string_pattern_mismatch")]),
    "matrix in two groups": (matrix_in_two_groups, [(["body", "groups", 2, "matrices", 1], "value_error")]),
    "matrix in two groups via english/french": (matrix_in_two_groups_french, [(["body", "groups", 2, "matrices", 1], "value_error")]),
    "matrix in two groups via french synonym": (matrix_in_two_groups_french_only, [(["body", "groups", 3, "matrices", 0], "value_error")]),
    "rule from unknown group": (rule_unknown_from, [(["body", "rules", 1, "from_group"], "value_error")]),
    "rule to unknown group": (rule_unknown_to, [(["body", "rules", 0, "to_group"], "value_error")]),
    "repeated pair": (repeated_pair, [(["body", "rules", 2], "value_error")]),
    "rule to itself": (rule_to_itself, [(["body", "rules", 2], "value_error")]),
    "missing rules": (missing_rules, [(["body", "rules"], "missing")]),
    "rule without relevant": (rule_missing_relevant, [(["body", "rules", 0, "relevant"], "missing")]),
    "unknown field": (unknown_field, [(["body", "groups", 0, "colour"], "extra_forbidden")]),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_put_refusals(client, name):
    change, expected = REFUSALS[name]
    before = client.configuration()
    try:
        response = client.put(change(base_configuration()))
        assert response.status_code == 422, response.text
        detail = response.json()["detail"]
        assert [(issue["loc"], issue["type"]) for issue in detail] == expected, detail
        assert all(isinstance(issue["msg"], str) and issue["msg"] for issue in detail)
    finally:
        after = client.configuration()
        if after != before:  # never leave the shared store changed, even when the test fails
            client.put(before)
    assert after == before, "a refused PUT changed the stored configuration"


def test_put_refusal_messages_name_the_problem(client):
    response = client.put(matrix_in_two_groups_french_only(base_configuration()))
    [issue] = response.json()["detail"]
    assert "sol" in issue["msg"] and "soil" in issue["msg"] and "rocks" in issue["msg"]
    response = client.put(repeated_id(base_configuration()))
    assert "waters" in response.json()["detail"][0]["msg"] and "repeated" in response.json()["detail"][0]["msg"]
    response = client.put(colour("red")(base_configuration()))
    assert "red" in response.json()["detail"][0]["msg"] or "#" in response.json()["detail"][0]["msg"]
    response = client.put(rule_unknown_from(base_configuration()))
    assert "nowhere" in response.json()["detail"][0]["msg"]


def test_put_lists_every_domain_problem_at_once(client):
    before = client.configuration()
    configuration = base_configuration()
    configuration["groups"][2]["matrices"].append("eau")         # in two groups
    configuration["groups"][3]["id"] = "waters"                   # repeated id
    configuration["rules"][1]["to_group"] = "nowhere"            # unknown group
    configuration["rules"].append(dict(configuration["rules"][0]))  # repeated pair
    response = client.put(configuration)
    assert response.status_code == 422, response.text
    locs = [issue["loc"] for issue in response.json()["detail"]]
    assert locs == [
        ["body", "groups", 2, "matrices", 1],
        ["body", "groups", 3, "id"],
        ["body", "rules", 1, "to_group"],
        ["body", "rules", 2],
    ]
    assert client.configuration() == before


def test_put_lists_every_schema_problem_at_once(client):
    before = client.configuration()
    configuration = base_configuration()
    configuration["groups"][0]["color"] = "blue"
    del configuration["groups"][1]["name"]
    configuration["groups"][2]["matrices"] = "plant"
    configuration["rules"][0]["relevant"] = "yes"
    response = client.put(configuration)
    assert response.status_code == 422, response.text
    found = {(tuple(issue["loc"]), issue["type"]) for issue in response.json()["detail"]}
    assert found == {
        (("body", "groups", 0, "color"), "string_pattern_mismatch"),
        (("body", "groups", 1, "name"), "missing"),
        (("body", "groups", 2, "matrices"), "list_type"),
        (("body", "rules", 0, "relevant"), "bool_type"),
    }
    assert client.configuration() == before


def test_put_lists_schema_and_domain_problems_together(client):
    """api.md: "Every problem found is listed, not just the first"."""
    before = client.configuration()
    configuration = base_configuration()
    configuration["groups"][0]["color"] = "blue"         # schema
    configuration["groups"][3]["id"] = "waters"          # configuration rule
    try:
        response = client.put(configuration)
        assert response.status_code == 422, response.text
        locs = [issue["loc"] for issue in response.json()["detail"]]
        assert ["body", "groups", 0, "color"] in locs
        assert ["body", "groups", 3, "id"] in locs
    finally:
        assert client.configuration() == before
