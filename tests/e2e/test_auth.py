"""Authentication and roles through the real nginx and responder (api.md "Authentication and roles",
quality.md "Reliability: auth matrix").

Every route built so far is called with each kind of credential:

    none, unknown, revoked, expired, reader, editor, admin

and the status must match api.md's table. Refusals are checked for their shape (401 carries
`WWW-Authenticate: Bearer` and `{"detail": "..."}`), for the reason they give, and for having
changed nothing. Successes are checked for their body, so a stub answering "200" cannot pass.
"""

import http.client
import json
import re
import secrets
import sqlite3
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from conftest import auth

API = "/api/reports"
TIMEOUT = 30
ROLE_RANK = {"reader": 0, "editor": 1, "admin": 2}
BAD_CREDENTIALS = ("unknown", "revoked", "expired")
CREDENTIALS = ("none",) + BAD_CREDENTIALS + ("reader", "editor", "admin")
TOKEN_PATTERN = re.compile(r"^ifr_[A-Za-z0-9_-]{43}$")
CUSTOM_KEY_PREFIX = f"auth_{uuid.uuid4().hex[:6]}_"




def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def expire_token(stack, name):
    """Makes the active token `name` expired.

    The CLI only takes `--expires-days D` with D >= 1, so a token cannot be created already
    expired and waiting a day is not an option. The token is created with `--expires-days 1` and
    its `expires_at` column in `reports.db` (table `tokens`, ISO 8601 UTC text such as
    `2026-11-29T10:15:00Z`, the format the store writes and parses) is then moved into the past
    with Python's sqlite3 module. The responder reads the table on every check, so the very next
    request sees the token as expired; this is the same state a token reaches after its days run
    out.
    """
    db = sqlite3.connect(str(stack.var / "reports.db"), timeout=10)
    try:
        cursor = db.execute(
            "UPDATE tokens SET expires_at = '2001-01-01T00:00:00Z' WHERE name = ? AND revoked_at IS NULL", (name,)
        )
        assert cursor.rowcount == 1, f"no active token named {name} in reports.db"
        db.commit()
    finally:
        db.close()


class Client:
    """requests against the stack, with a timeout and the admin token at hand."""

    def __init__(self, stack):
        self.stack = stack
        self.base = stack.base_url
        self.admin = auth(stack.admin_token)

    def call(self, method, path, headers=None, **kwargs):
        return requests.request(method, self.base + path, headers=headers or {}, timeout=TIMEOUT, **kwargs)

    def new_template(self, **fields):
        body = {"name": unique("auth"), "blocks": ["cover_page", "sample_inventory", "limitations"], **fields}
        response = self.call("POST", f"{API}/templates", self.admin, json=body)
        assert response.status_code == 201, response.text
        return response.json()

    def template(self, template_id):
        response = self.call("GET", f"{API}/templates/{template_id}", self.admin)
        return response.status_code, response.json()

    def user_template_names(self):
        response = self.call("GET", f"{API}/templates", self.admin)
        assert response.status_code == 200, response.text
        return {t["name"] for t in response.json()["templates"] if not t["is_default"]}

    def new_custom_block_key(self):
        """A key in this module's own namespace, so that its blocks can be found and deleted."""
        return f"{CUSTOM_KEY_PREFIX}{uuid.uuid4().hex[:12]}"

    def new_custom_block(self):
        body = {"key": self.new_custom_block_key(), "name": "Auth block", "code_python": "story.append(Paragraph('x'))\n"}
        response = self.call("POST", f"{API}/custom-blocks", self.admin, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def custom_block(self, block_id):
        response = self.call("GET", f"{API}/custom-blocks/{block_id}", self.admin)
        return response.status_code, response.json()

    def custom_block_keys(self):
        response = self.call("GET", f"{API}/custom-blocks", self.admin)
        assert response.status_code == 200, response.text
        return {b["key"] for b in response.json()["blocks"]}

    def delete_custom_blocks(self):
        """Deletes the blocks this module made: the catalogue tests expect none on the stack."""
        response = self.call("GET", f"{API}/custom-blocks", self.admin)
        for block in response.json()["blocks"]:
            if block["key"].startswith(CUSTOM_KEY_PREFIX):
                self.call("DELETE", f"{API}/custom-blocks/{block['id']}", self.admin)

    def matrix_configuration(self):
        response = self.call("GET", f"{API}/matrix-groups", self.admin)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def client(stack):
    c = Client(stack)
    yield c
    c.delete_custom_blocks()


@pytest.fixture(scope="module")
def credentials(stack, client):
    """Headers for each kind of credential. Revoked and expired tokens are admin tokens: their role
    would allow everything, so a 401 can only come from their state."""
    headers = {"none": {}, "unknown": auth("ifr_" + secrets.token_urlsafe(32))}
    for role in ROLE_RANK:
        token = stack.token(role, name=unique(f"matrix-{role}"))
        assert TOKEN_PATTERN.match(token), f"unexpected token format: {token!r}"
        headers[role] = auth(token)

    revoked_name = unique("matrix-revoked")
    revoked = stack.token("admin", name=revoked_name)
    assert client.call("GET", f"{API}/nexus-sessions", auth(revoked)).status_code == 200
    stack.cli("token", "revoke", revoked_name)
    headers["revoked"] = auth(revoked)

    expired_name = unique("matrix-expired")
    expired = stack.token("admin", name=expired_name, expires_days=1)
    assert client.call("GET", f"{API}/nexus-sessions", auth(expired)).status_code == 200
    expire_token(stack, expired_name)
    headers["expired"] = auth(expired)
    return headers


# --- the routes built so far ------------------------------------------------------------------
#
# Each case makes its call with the given headers and returns (response, check_success,
# check_unchanged): the first validates a successful answer's body, the second proves that a
# refused call changed nothing.


def _nothing():
    pass


def case_list_templates(client, headers):
    response = client.call("GET", f"{API}/templates", headers)

    def success():
        body = response.json()
        assert body["success"] is True and body["count"] == len(body["templates"]) >= 9
        assert [t["id"] for t in body["templates"][:9]] == list(range(1, 10))

    return response, success, _nothing


def case_create_template(client, headers):
    name = unique("auth-create")
    response = client.call("POST", f"{API}/templates", headers, json={"name": name, "blocks": ["cover_page"]})

    def success():
        body = response.json()
        assert body["name"] == name and body["id"] > 1000 and body["is_default"] is False
        assert client.template(body["id"])[1]["name"] == name

    def unchanged():
        assert name not in client.user_template_names()

    return response, success, unchanged


def case_get_default_template(client, headers):
    response = client.call("GET", f"{API}/templates/3", headers)

    def success():
        body = response.json()
        assert body["id"] == 3 and body["is_default"] is True and body["name"] == "Nexus report"

    return response, success, _nothing


def case_get_user_template(client, headers):
    template = client.new_template()
    response = client.call("GET", f"{API}/templates/{template['id']}", headers)

    def success():
        assert response.json() == template

    return response, success, _nothing


def case_put_user_template(client, headers):
    template = client.new_template(description="before")
    response = client.call("PUT", f"{API}/templates/{template['id']}", headers, json={"description": "after"})

    def success():
        assert response.json()["description"] == "after"
        assert client.template(template["id"])[1]["description"] == "after"

    def unchanged():
        assert client.template(template["id"]) == (200, template)

    return response, success, unchanged


def case_delete_user_template(client, headers):
    template = client.new_template()
    response = client.call("DELETE", f"{API}/templates/{template['id']}", headers)

    def success():
        assert response.json() == {"success": True, "id": template["id"]}
        assert client.template(template["id"])[0] == 404

    def unchanged():
        assert client.template(template["id"]) == (200, template)

    return response, success, unchanged


def case_put_default_template(client, headers):
    before = client.template(2)
    response = client.call("PUT", f"{API}/templates/2", headers, json={"name": "hijacked"})

    def unchanged():
        assert client.template(2) == before

    return response, unchanged, unchanged


def case_delete_default_template(client, headers):
    before = client.template(5)
    response = client.call("DELETE", f"{API}/templates/5", headers)

    def unchanged():
        assert client.template(5) == before

    return response, unchanged, unchanged


def case_nexus_sessions(client, headers):
    response = client.call("GET", f"{API}/nexus-sessions", headers)

    def success():
        body = response.json()
        assert body["success"] is True and body["count"] == len(body["sessions"]) == 8

    return response, success, _nothing


def case_get_matrix_groups(client, headers):
    response = client.call("GET", f"{API}/matrix-groups", headers)

    def success():
        assert response.json() == client.matrix_configuration()
        assert {g["id"] for g in response.json()["groups"]} >= {"aqueous", "solid"}

    return response, success, _nothing


def case_put_matrix_groups(client, headers):
    before = client.matrix_configuration()
    # Saving the configuration as it is: a real full replace that leaves it as it was.
    response = client.call("PUT", f"{API}/matrix-groups", headers, json=before)

    def success():
        assert response.json() == before
        assert client.matrix_configuration() == before

    def unchanged():
        assert client.matrix_configuration() == before

    return response, success, unchanged


def case_check_matrices(client, headers):
    response = client.call("GET", f"{API}/matrix-groups/check", headers, params={"matrix_a": "eau", "matrix_b": "sol"})

    def success():
        body = response.json()
        assert (body["group_a"], body["group_b"], body["defined"]) == ("aqueous", "solid", True)

    return response, success, _nothing


def case_blocks(client, headers):
    response = client.call("GET", f"{API}/blocks", headers)

    def success():
        body = response.json()
        assert body["success"] is True and body["count"] == len(body["blocks"]) >= 32

    return response, success, _nothing


def case_openapi(client, headers):
    response = client.call("GET", f"{API}/openapi.json", headers)

    def success():
        assert response.json()["openapi"].startswith("3.1")

    return response, success, _nothing


def case_list_custom_blocks(client, headers):
    block = client.new_custom_block()
    response = client.call("GET", f"{API}/custom-blocks", headers)

    def success():
        body = response.json()
        assert body["success"] is True and body["count"] == len(body["blocks"])
        assert block in body["blocks"]

    return response, success, _nothing


def case_get_custom_block(client, headers):
    block = client.new_custom_block()
    response = client.call("GET", f"{API}/custom-blocks/{block['id']}", headers)

    def success():
        assert response.json() == block

    return response, success, _nothing


def case_create_custom_block(client, headers):
    key = client.new_custom_block_key()
    response = client.call("POST", f"{API}/custom-blocks", headers,
                           json={"key": key, "name": "Auth block", "code_python": "story.append(Paragraph('x'))\n"})

    def success():
        assert response.json()["key"] == key and key in client.custom_block_keys()

    def unchanged():
        assert key not in client.custom_block_keys()

    return response, success, unchanged


def case_put_custom_block(client, headers):
    block = client.new_custom_block()
    response = client.call("PUT", f"{API}/custom-blocks/{block['id']}", headers, json={"description": "after"})

    def success():
        assert response.json()["description"] == "after"
        assert client.custom_block(block["id"])[1]["description"] == "after"

    def unchanged():
        assert client.custom_block(block["id"]) == (200, block)

    return response, success, unchanged


def case_delete_custom_block(client, headers):
    block = client.new_custom_block()
    response = client.call("DELETE", f"{API}/custom-blocks/{block['id']}", headers)

    def success():
        assert response.json() == {"success": True, "id": block["id"]}
        assert client.custom_block(block["id"])[0] == 404

    def unchanged():
        assert client.custom_block(block["id"]) == (200, block)

    return response, success, unchanged


def case_signing_certificate(client, headers):
    response = client.call("GET", f"{API}/signing-certificate", headers)

    def success():
        assert response.headers["Content-Type"].startswith("application/x-pem-file")
        assert response.text.startswith("-----BEGIN CERTIFICATE-----\n"), response.text[:80]

    return response, success, _nothing


def case_verify(client, headers):
    # Not a PDF: the verdict says so (a 200 for any caller the route admits).
    response = client.call("POST", f"{API}/verify", {**headers, "Content-Type": "application/pdf"}, data=b"not a pdf")

    def success():
        body = response.json()
        assert body["valid"] is False and body["trusted"] is False
        assert "not a PDF file" in body["reason"], body

    return response, success, _nothing


# (case, role needed or None for anyone, status for an allowed caller)
ROUTES = {
    "GET templates": (case_list_templates, None, 200),
    "POST templates": (case_create_template, "editor", 201),
    "GET templates/{default}": (case_get_default_template, None, 200),
    "GET templates/{user}": (case_get_user_template, "reader", 200),
    "PUT templates/{user}": (case_put_user_template, "editor", 200),
    "DELETE templates/{user}": (case_delete_user_template, "editor", 200),
    # Allowed callers still get 403 here: default templates are read-only (checked separately).
    "PUT templates/{default}": (case_put_default_template, "editor", 403),
    "DELETE templates/{default}": (case_delete_default_template, "editor", 403),
    "GET nexus-sessions": (case_nexus_sessions, "reader", 200),
    "GET matrix-groups": (case_get_matrix_groups, "reader", 200),
    "PUT matrix-groups": (case_put_matrix_groups, "admin", 200),
    "GET matrix-groups/check": (case_check_matrices, "reader", 200),
    "GET blocks": (case_blocks, None, 200),
    "GET custom-blocks": (case_list_custom_blocks, "editor", 200),
    "GET custom-blocks/{id}": (case_get_custom_block, "editor", 200),
    "POST custom-blocks": (case_create_custom_block, "admin", 200),
    "PUT custom-blocks/{id}": (case_put_custom_block, "admin", 200),
    "DELETE custom-blocks/{id}": (case_delete_custom_block, "admin", 200),
    "GET openapi.json": (case_openapi, None, 200),
    "GET signing-certificate": (case_signing_certificate, None, 200),
    "POST verify": (case_verify, "reader", 200),
}

EXPECTED_401_REASON = {
    "none": "needs a token",
    "unknown": "not valid",
    "revoked": "revoked",
    "expired": "expired",
}


def expected_status(credential, required, allowed_status):
    if credential in BAD_CREDENTIALS:
        return 401  # even on public routes: a broken token is never mistaken for a working one
    if required is None:
        return allowed_status
    if credential == "none":
        return 401
    return allowed_status if ROLE_RANK[credential] >= ROLE_RANK[required] else 403


def assert_401(response, credential):
    assert response.status_code == 401, response.text
    assert response.headers.get("WWW-Authenticate", "").startswith("Bearer"), response.headers
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], str)
    assert EXPECTED_401_REASON[credential] in body["detail"], body


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("route", list(ROUTES))
def test_auth_matrix(client, credentials, route, credential):
    case, required, allowed_status = ROUTES[route]
    response, check_success, check_unchanged = case(client, credentials[credential])
    expected = expected_status(credential, required, allowed_status)
    assert response.status_code == expected, f"{route} with {credential}: {response.status_code} {response.text}"
    if expected == 401:
        assert_401(response, credential)
        check_unchanged()
    elif expected == 403:
        body = response.json()
        assert set(body) == {"detail"} and isinstance(body["detail"], str)
        if credential in ROLE_RANK and ROLE_RANK[credential] < ROLE_RANK[required]:
            # Refused for the role, by the auth subrequest: names the role needed and the one held.
            assert f"needs the {required} role" in body["detail"], body
            assert f"has the {credential} role" in body["detail"], body
            assert "WWW-Authenticate" not in response.headers
        else:
            assert "read-only" in body["detail"], body
        check_unchanged()
    else:
        check_success()


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize("path", ["/health", "/api/ready", "/docs"])
def test_service_endpoints_answer_everyone(client, credentials, path, credential):
    """/health, /api/ready and /docs live outside /api/reports/: nginx runs no auth subrequest for
    them (probes and the offline docs page need no token), so they answer whatever is sent."""
    response = client.call("GET", path, credentials[credential])
    assert response.status_code == 200, response.text
    if path == "/docs":
        assert response.headers["Content-Type"].startswith("text/html")
        assert f"{API}/openapi.json" in response.text  # the page Swagger UI starts from
    else:
        assert response.json()["status"] == {"/health": "healthy", "/api/ready": "ready"}[path]


@pytest.mark.parametrize("credential", CREDENTIALS)
@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", f"{API}/no-such/route"),
        ("GET", f"{API}/templates/1/blocks"),
        ("POST", f"{API}/no-such/route"),
        ("GET", f"{API}/"),
    ],
)
def test_unknown_routes_are_default_deny(client, credentials, method, path, credential):
    """A path that is not in the route table needs a reader token: anonymous probes learn nothing."""
    response = client.call(method, path, credentials[credential])
    if credential in ("none",) + BAD_CREDENTIALS:
        assert_401(response, credential)
    else:
        assert response.status_code == 404, response.text
        assert isinstance(response.json()["detail"], str)


def test_api_root_without_slash_is_404(client):
    response = client.call("GET", API, allow_redirects=False)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# --- the two headers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader_token(stack):
    return stack.token("reader", name=unique("headers-reader"))


def test_x_isofind_token_header_works(client, reader_token):
    response = client.call("GET", f"{API}/nexus-sessions", {"X-IsoFind-Token": reader_token})
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 8


def test_x_isofind_token_carries_the_role(client, reader_token):
    response = client.call("PUT", f"{API}/matrix-groups", {"X-IsoFind-Token": reader_token}, json={"groups": [], "rules": []})
    assert response.status_code == 403, response.text
    assert "has the reader role" in response.json()["detail"]


def test_bearer_scheme_is_case_insensitive(client, reader_token):
    response = client.call("GET", f"{API}/nexus-sessions", {"Authorization": f"bearer {reader_token}"})
    assert response.status_code == 200, response.text


def test_same_token_in_both_headers_works(client, reader_token):
    headers = {"Authorization": f"Bearer {reader_token}", "X-IsoFind-Token": reader_token}
    assert client.call("GET", f"{API}/matrix-groups", headers).status_code == 200


def test_two_different_tokens_are_refused(client, stack, reader_token):
    other = stack.token("admin", name=unique("headers-admin"))
    headers = {"Authorization": f"Bearer {reader_token}", "X-IsoFind-Token": other}
    response = client.call("GET", f"{API}/templates", headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Two different tokens" in response.json()["detail"]


@pytest.mark.parametrize(
    "authorization",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc", "ifr_notascheme"],
)
def test_malformed_authorization_is_401_even_on_public_routes(client, authorization):
    response = client.call("GET", f"{API}/blocks", {"Authorization": authorization})
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Authorization", "X-IsoFind-Token"])
@pytest.mark.parametrize("path", [f"{API}/templates", f"{API}/templates/1", f"{API}/blocks", f"{API}/openapi.json"])
def test_bad_token_on_public_route_is_401(client, header, path):
    value = ("Bearer " if header == "Authorization" else "") + "ifr_" + secrets.token_urlsafe(32)
    response = client.call("GET", path, {header: value})
    assert_401(response, "unknown")


# --- revocation -----------------------------------------------------------------------------------


def test_revocation_takes_effect_on_the_next_request(client, stack):
    name = unique("revoke-now")
    token = stack.token("editor", name=name)
    other = stack.token("editor", name=unique("revoke-bystander"))
    assert client.call("GET", f"{API}/nexus-sessions", auth(token)).status_code == 200
    stack.cli("token", "revoke", name)
    response = client.call("GET", f"{API}/nexus-sessions", auth(token))
    assert_401(response, "revoked")
    # On a public route too, and through the other header.
    assert_401(client.call("GET", f"{API}/templates", {"X-IsoFind-Token": token}), "revoked")
    # Revoking one token leaves the others alone.
    assert client.call("GET", f"{API}/nexus-sessions", auth(other)).status_code == 200


def test_expired_token_is_refused_and_listed_as_expired(client, stack):
    name = unique("expire-now")
    token = stack.token("admin", name=name, expires_days=1)
    assert client.call("GET", f"{API}/matrix-groups", auth(token)).status_code == 200
    expire_token(stack, name)
    assert_401(client.call("GET", f"{API}/matrix-groups", auth(token)), "expired")
    assert_401(client.call("GET", f"{API}/blocks", auth(token)), "expired")
    listed = [t for t in json.loads(stack_cli_stdout(stack, "token", "list", "--json")) if t["name"] == name]
    assert len(listed) == 1 and listed[0]["expires_at"] == "2001-01-01T00:00:00Z"
    assert "token_hash" not in listed[0] and token not in json.dumps(listed)


def stack_cli_stdout(stack, *args):
    result = stack.cli(*args)
    return result if isinstance(result, str) else result.stdout


def test_token_with_days_left_works(client, stack):
    token = stack.token("reader", name=unique("days-left"), expires_days=30)
    assert client.call("GET", f"{API}/nexus-sessions", auth(token)).status_code == 200


# --- forged identity ------------------------------------------------------------------------------

FORGED = {
    "X-Auth-Role": "admin",
    "X-Auth-Subject": "admin",
    "X-Auth-Detail": "ok",
    "ISOFIND_AUTH_ROLE": "admin",
    "ISOFIND_AUTH_SUBJECT": "admin",
    "Isofind-Auth-Role": "admin",
    "Isofind-Auth-Subject": "admin",
    "X-Original-URI": f"{API}/blocks",
    "X-Original-Method": "GET",
}


def test_forged_identity_headers_without_token_change_nothing(client):
    user_template = client.new_template()
    before = client.matrix_configuration()

    response = client.call("PUT", f"{API}/matrix-groups", FORGED, json={"groups": [], "rules": []})
    assert_401(response, "none")
    assert client.matrix_configuration() == before

    assert_401(client.call("GET", f"{API}/nexus-sessions", FORGED), "none")
    assert_401(client.call("DELETE", f"{API}/templates/{user_template['id']}", FORGED), "none")
    assert client.template(user_template["id"]) == (200, user_template)

    listed = client.call("GET", f"{API}/templates", FORGED)
    assert listed.status_code == 200
    templates = listed.json()["templates"]
    assert [t["id"] for t in templates] == list(range(1, 10)), "anonymous callers must see the defaults only"
    assert all(t["is_default"] for t in templates)


def test_forged_identity_headers_with_reader_token_change_nothing(client, reader_token):
    before = client.matrix_configuration()
    headers = {**FORGED, **auth(reader_token)}
    response = client.call("PUT", f"{API}/matrix-groups", headers, json={"groups": [], "rules": []})
    assert response.status_code == 403, response.text
    assert "has the reader role" in response.json()["detail"]
    assert client.matrix_configuration() == before

    name = unique("forged")
    response = client.call("POST", f"{API}/templates", headers, json={"name": name, "blocks": ["cover_page"]})
    assert response.status_code == 403, response.text
    assert name not in client.user_template_names()


# --- path tricks ----------------------------------------------------------------------------------


def raw_request(stack, method, raw_path, headers=None, body=None):
    """Sends `raw_path` exactly as written (no client-side normalisation or re-encoding)."""
    host = urlsplit(stack.base_url).netloc
    connection = http.client.HTTPConnection(host, timeout=TIMEOUT)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = dict(headers or {})
        if payload is not None:
            all_headers["Content-Type"] = "application/json"
        connection.request(method, raw_path, body=payload, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


NEXUS_TRICKS = [
    f"{API}/templates/../nexus-sessions",
    f"{API}/templates/%2e%2e/nexus-sessions",
    f"{API}/templates/%2E%2E/nexus-sessions",
    f"{API}/blocks/..%2Fnexus-sessions",
    f"{API}/templates%2F..%2Fnexus-sessions",
    f"{API}/templates/1/../../nexus-sessions",
    f"{API}/./nexus-sessions",
    f"/api//reports//nexus-sessions",
    f"/api/reports/nexus-sessions/",
    f"{API}/openapi.json/%2e%2e/nexus-sessions",
    f"{API}/blocks/%2e%2e/nexus-sessions?x=/../blocks",
    # %FF is not UTF-8: a normaliser that gave up on decoding would judge the raw path.
    f"{API}/templates/1/%FF/%2e%2e/%2e%2e/%2e%2e/nexus-sessions",
    f"/api/x/../reports/nexus-sessions",
]


@pytest.mark.parametrize("raw_path", NEXUS_TRICKS)
def test_path_tricks_do_not_bypass_auth(stack, raw_path, reader_token):
    status, headers, body = raw_request(stack, "GET", raw_path)
    assert status == 401, (raw_path, status, body)
    assert headers.get("WWW-Authenticate", "").startswith("Bearer")
    assert "needs a token" in json.loads(body)["detail"]
    # The same path with a token really reaches the protected route, so the 401 above was the
    # auth check refusing it, not a path that led nowhere.
    status, _, body = raw_request(stack, "GET", raw_path, auth(reader_token))
    assert status == 200, (raw_path, status, body)
    assert json.loads(body)["count"] == 8 and "sessions" in json.loads(body)


@pytest.mark.parametrize(
    "raw_path",
    [f"{API}/blocks/../matrix-groups", f"{API}/templates/%2e%2e/matrix-groups", f"{API}/templates/1/..%2F..%2Fmatrix-groups"],
)
def test_path_tricks_do_not_raise_the_role(client, stack, raw_path, reader_token):
    before = client.matrix_configuration()
    status, _, body = raw_request(stack, "PUT", raw_path, {}, body=before)
    assert status == 401, (raw_path, status, body)
    status, _, body = raw_request(stack, "PUT", raw_path, auth(reader_token), body=before)
    assert status == 403, (raw_path, status, body)
    assert "needs the admin role" in json.loads(body)["detail"]
    assert client.matrix_configuration() == before


def test_path_trick_to_a_user_template_needs_a_token(client, stack):
    template = client.new_template()
    status, _, body = raw_request(stack, "GET", f"{API}/templates/1/../{template['id']}")
    assert status == 401, body
    status, _, body = raw_request(stack, "GET", f"{API}/templates/1/../{template['id']}", client.admin)
    assert status == 200 and json.loads(body)["id"] == template["id"]


# --- tokens never logged --------------------------------------------------------------------------


def _wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_tokens_never_appear_in_logs(client, stack):
    name = unique("log-secret")
    token = stack.token("editor", name=name)
    revoked_name = unique("log-revoked")
    revoked = stack.token("reader", name=revoked_name)
    stack.cli("token", "revoke", revoked_name)
    bogus = "ifr_" + secrets.token_urlsafe(32)

    request_ids = []
    for headers in (auth(token), {"X-IsoFind-Token": token}, auth(bogus), auth(revoked), {"X-IsoFind-Token": bogus}):
        for method, path, kwargs in (
            ("GET", f"{API}/nexus-sessions", {}),
            ("GET", f"{API}/templates", {}),
            ("POST", f"{API}/templates", {"json": {"name": unique("log"), "blocks": ["cover_page"]}}),
            ("PUT", f"{API}/matrix-groups", {"json": {"groups": [], "rules": []}}),
            ("GET", f"{API}/no-such/route", {}),
        ):
            response = client.call(method, path, headers, **kwargs)
            request_ids.append(response.headers["X-Request-Id"])

    access_log = stack.var / "nginx" / "access.log"
    # The logs were written (else the test would prove nothing): the responder's line names the
    # token, and nginx's access log carries each request id.
    assert _wait_for(lambda: f"token={name}" in stack.responder_log()), "the responder log has no line for the token"
    assert _wait_for(lambda: request_ids[-1] in access_log.read_text(errors="replace"))
    for secret in (token, revoked, bogus):
        assert secret not in stack.responder_log()
        assert secret not in access_log.read_text(errors="replace")
        # Nor a recognisable part of it.
        assert secret[4:24] not in stack.responder_log()
        assert secret[4:24] not in access_log.read_text(errors="replace")


# --- over TLS -------------------------------------------------------------------------------------


def test_auth_over_tls(stack, reader_token):
    """The same checks hold on the HTTPS listener (development certificate for 127.0.0.1)."""
    certificate = str(stack.var / "tls" / "cert.pem")
    url = f"{stack.tls_url}{API}/nexus-sessions"
    response = requests.get(url, timeout=TIMEOUT, verify=certificate)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    response = requests.get(url, headers=auth(reader_token), timeout=TIMEOUT, verify=certificate)
    assert response.status_code == 200 and response.json()["count"] == 8
    response = requests.put(f"{stack.tls_url}{API}/matrix-groups", headers={"X-IsoFind-Token": reader_token},
                            json={"groups": [], "rules": []}, timeout=TIMEOUT, verify=certificate)
    assert response.status_code == 403
