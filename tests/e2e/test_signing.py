"""Signed final reports (signing.md), checked as a third party would: the report is generated and
downloaded through nginx, then judged by poppler's pdfsig, by pyHanko's validator with the
installation's certificate as the only trust root, by `isofind-reports verify` and by
POST /api/reports/verify. All four must agree, on intact files and on changed ones. Then the
operator's side: a configured key, a key change that leaves old reports trusted, a key that is not
its certificate's, and what stays identical between two runs with SOURCE_DATE_EPOCH."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import requests
from asn1crypto import cms, pem
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko_certvalidator import ValidationContext
from asn1crypto import x509

from conftest import (Stack, auth, free_port, isofind_bin, nginx_test, render_nginx_conf, run_bash)

API = "/api/reports"
TIMEOUT = 120


# --- helpers ---------------------------------------------------------------------------------------

def generate(stack: Stack, headers: dict, template_id: int = 1, **fields) -> dict:
    body = {"template_id": template_id, "language": "en", "title": "Signed report check"} | fields
    response = requests.post(stack.url(f"{API}/generate"), json=body, headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def download(stack: Stack, record: dict, headers: dict) -> bytes:
    response = requests.get(stack.url(record["download_url"]), headers=headers, timeout=TIMEOUT)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf", response.text[:200]
    return response.content


def signing_certificate(stack: Stack) -> str:
    response = requests.get(stack.url(f"{API}/signing-certificate"), timeout=10)
    assert response.status_code == 200, response.text
    return response.text


def der_sha256(pem_text: str) -> str:
    _, _, der = pem.unarmor(pem_text.encode())
    return hashlib.sha256(der).hexdigest()


def pdfsig(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "pdfsig.pdf"
    path.write_bytes(pdf)
    # -nocert: trust is pyHanko's and our verifier's job here; pdfsig judges the signature itself.
    proc = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=60)
    return proc.stdout + proc.stderr


def pdfsig_valid(report: str) -> bool:
    return "Signature Validation: Signature is Valid." in report and "Total document signed" in report


def pyhanko_status(pdf: bytes, certificate_pem: str):
    """pyHanko's verdict with the installation certificate as the only trust root, or the exception
    it raised (a file too damaged to read is a refusal too)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return None, "no signature"
        _, _, der = pem.unarmor(certificate_pem.encode())
        root = x509.Certificate.load(der)
        status = validate_pdf_signature(signatures[0], ValidationContext(trust_roots=[root]))
        return status, signatures[0]
    except Exception as error:  # pyHanko refuses damaged files with several exception types
        return None, repr(error)


def cli_verify(stack: Stack, pdf: bytes, tmp_path: Path, *extra: str):
    path = tmp_path / "cli.pdf"
    path.write_bytes(pdf)
    proc = stack.cli("verify", "--json", *extra, str(path), check=False)
    return proc.returncode, json.loads(proc.stdout)


def api_verify(stack: Stack, pdf: bytes, headers: dict) -> dict:
    response = requests.post(stack.url(f"{API}/verify"), data=pdf, timeout=TIMEOUT,
                             headers={**headers, "Content-Type": "application/pdf"})
    assert response.status_code == 200, response.text[:300]
    return response.json()


@pytest.fixture(scope="module")
def editor(stack):
    return auth(stack.token("editor"))


@pytest.fixture(scope="module")
def reader(stack):
    return auth(stack.token("reader"))


@pytest.fixture(scope="module")
def signed(stack, editor, reader):
    record = generate(stack, editor, title="Certified — Valat Nègre")
    return record, download(stack, record, reader)


# --- an intact report ------------------------------------------------------------------------------

def test_all_four_verifiers_accept_a_generated_report(stack, signed, reader, tmp_path):
    record, pdf = signed
    certificate = signing_certificate(stack)
    assert hashlib.sha256(pdf).hexdigest() == record["sha256"] and len(pdf) == record["file_size"]
    assert record["signature"]["certificate_sha256"] == der_sha256(certificate)
    assert record["signature"]["signed_at"] == record["created_at"]

    report = pdfsig(pdf, tmp_path)
    assert pdfsig_valid(report), report
    assert "Signature Type: adbe.pkcs7.detached" in report and "Signing Hash Algorithm: SHA-256" in report, report

    status, embedded = pyhanko_status(pdf, certificate)
    assert status is not None, embedded
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded.docmdp_level == MDPPerm.FILL_FORMS  # a certification signature, /P 2

    code, by_cli = cli_verify(stack, pdf, tmp_path)
    by_api = api_verify(stack, pdf, reader)
    assert code == 0 and by_cli == by_api, (by_cli, by_api)
    assert by_api == {"valid": True, "report_id": record["id"], "signer": record["signature"]["signer"],
                      "signed_at": record["signature"]["signed_at"],
                      "certificate_sha256": record["signature"]["certificate_sha256"], "trusted": True, "reason": None}


def test_the_certification_block_prints_the_signature(stack, signed, tmp_path):
    record, pdf = signed
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert record["signature"]["certificate_sha256"] in flat
    assert record["signature"]["signer"].replace(" ", "") in flat
    assert f"Report {record['id']}" in text and "ECDSA P-256 with SHA-256" in text
    assert "carries an electronic certification signature" in text
    for way in ("signature panel of any PDF reader", "pdfsig report.pdf", "isofind-reports verify report.pdf",
                "POST /api/reports/verify"):
        assert way in text.replace("\n", " "), way
    flat_text = " ".join(text.split())
    assert "Neither the scientific accuracy of the results, nor the author's competence, nor any accreditation" in flat_text


def test_a_preview_is_not_signed_and_says_so(stack, editor, reader, tmp_path):
    response = requests.post(stack.url(f"{API}/preview"), json={"template_id": 1, "language": "en"}, headers=editor,
                             timeout=TIMEOUT)
    assert response.status_code == 200
    verdict = api_verify(stack, response.content, reader)
    assert verdict["valid"] is False and verdict["reason"] == "the PDF has no signature (it has no form fields)"
    assert "does not contain any signatures" in pdfsig(response.content, tmp_path)


# --- changed files ---------------------------------------------------------------------------------

def flip(pdf: bytes, offset: int) -> bytes:
    changed = bytearray(pdf)
    changed[offset] ^= 0x01
    return bytes(changed)


def places(pdf: bytes) -> dict[str, int]:
    contents = pdf.index(b"/Contents <") + len(b"/Contents ")
    stream = pdf.index(b"stream\n", len(pdf) // 3) + 200
    return {"first byte": 0, "middle of a content stream": stream, "right after /Contents": contents,
            "last byte": len(pdf) - 1}


@pytest.mark.parametrize("where", ["first byte", "middle of a content stream", "right after /Contents", "last byte"])
def test_one_flipped_byte_is_caught_by_all_four(stack, signed, reader, tmp_path, where):
    _, pdf = signed
    changed = flip(pdf, places(pdf)[where])
    assert not pdfsig_valid(pdfsig(changed, tmp_path))
    status, why = pyhanko_status(changed, signing_certificate(stack))
    assert status is None or not (status.intact and status.valid), why
    code, by_cli = cli_verify(stack, changed, tmp_path)
    by_api = api_verify(stack, changed, reader)
    assert code == 1 and by_cli == by_api and by_api["valid"] is False and by_api["trusted"] is False
    assert by_api["reason"], by_api


def test_a_second_revision_appended_is_reported(stack, signed, reader, tmp_path):
    _, pdf = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/Lang"] = pdf_string("de")  # a later, unsigned change
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    appended = out.getvalue()
    assert appended.startswith(pdf) and len(appended) > len(pdf)

    assert "Total document signed" not in pdfsig(appended, tmp_path)
    status, why = pyhanko_status(appended, signing_certificate(stack))
    assert status is not None and status.coverage != SignatureCoverageLevel.ENTIRE_FILE, why
    code, by_cli = cli_verify(stack, appended, tmp_path)
    by_api = api_verify(stack, appended, reader)
    assert code == 1 and by_cli == by_api
    assert by_api["valid"] is False
    assert by_api["reason"] == (f"{len(appended) - len(pdf)} bytes were added after the signed revision: "
                                "the file was changed after signing")


@pytest.mark.parametrize("case", ["empty", "garbage", "truncated", "html", "nul bytes"])
def test_verify_answers_precisely_on_bad_input(stack, signed, reader, case):
    _, pdf = signed
    body = {"empty": b"", "garbage": os.urandom(4096), "truncated": pdf[: len(pdf) // 2],
            "html": b"<html><body>%PDF-1.7</body></html>", "nul bytes": b"\0" * 10000}[case]
    verdict = api_verify(stack, body, reader)
    assert verdict["valid"] is False and verdict["trusted"] is False and verdict["reason"], verdict
    if case == "empty":
        assert verdict["reason"] == "the request body is empty: send the PDF's bytes as the body"
    if case == "truncated":
        assert "not a complete PDF" in verdict["reason"], verdict


def test_a_30_mib_body_is_refused_by_nginx(stack, reader):
    response = requests.post(stack.url(f"{API}/verify"), data=b"%PDF-1.5\n" + b"0" * (30 << 20),
                             headers={**reader, "Content-Type": "application/pdf"}, timeout=TIMEOUT)
    assert response.status_code == 413 and "detail" in response.json()


def test_the_certificate_is_public_and_pins_the_reports(stack, signed, tmp_path):
    record, pdf = signed
    certificate = signing_certificate(stack)
    assert certificate.startswith("-----BEGIN CERTIFICATE-----")
    # A third party without the installation: verify with the pinned certificate only.
    pinned = tmp_path / "pinned.pem"
    pinned.write_text(certificate)
    path = tmp_path / "third-party.pdf"
    path.write_bytes(pdf)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ISOFIND_REPORTS_")}
    env["ISOFIND_REPORTS_DATA_DIR"] = str(tmp_path / "no-installation")
    proc = subprocess.run([str(stack.bin), "verify", "--trust", str(pinned), str(path)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith(f"{path}: VALID.") and f"report:" in proc.stdout
    assert not (tmp_path / "no-installation").exists(), "verify must not create an installation"
    # Without the pin, nothing is trusted: valid, exit status 2.
    proc = subprocess.run([str(stack.bin), "verify", str(path)], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2 and "VALID but NOT TRUSTED" in proc.stdout, proc.stdout


def test_the_key_is_made_once_with_mode_0600(stack):
    key = stack.var / "keys" / "signing-key.pem"
    assert key.is_file() and (key.stat().st_mode & 0o777) == 0o600
    assert (stack.var / "keys" / "signing-certificate.pem").read_text() == signing_certificate(stack)
    text = subprocess.run(["openssl", "x509", "-noout", "-text", "-in", str(stack.var / "keys" / "signing-certificate.pem")],
                          capture_output=True, text=True, check=True).stdout
    assert "ASN1 OID: prime256v1" in text and "Digital Signature, Non Repudiation" in text


# --- the operator's side: own stacks ---------------------------------------------------------------

def own_stack(base: Path, **config) -> Stack:
    """A stack of its own (data folder, nginx, responder) with CONFIG merged into its config.json."""
    var = base / "var"
    run_bash('isofind_prepare_var "$1" "$2"', str(var), str(isofind_bin()))
    settings = json.loads((var / "config.json").read_text())
    (var / "config.json").write_text(json.dumps(settings | config, indent=2))
    http_port, tls_port = free_port(), free_port()
    while tls_port == http_port:
        tls_port = free_port()
    stack = Stack(bin=isofind_bin(), var=var, http_port=http_port, tls_port=tls_port)
    stack.admin_token = (var / "dev-admin-token").read_text().strip()
    render_nginx_conf(var, stack.socket, http_port, tls_port, stack.nginx_conf)
    assert nginx_test(var / "nginx", stack.nginx_conf).returncode == 0
    return stack


def make_key(folder: Path, name: str, organization: str) -> tuple[Path, Path]:
    """An operator's key and certificate, made with the openssl command (as a laboratory PKI would)."""
    folder.mkdir(parents=True, exist_ok=True)
    key, cert = folder / f"{name}-key.pem", folder / f"{name}-cert.pem"
    subprocess.run(["openssl", "req", "-utf8", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "3650", "-subj", f"/O={organization}/CN={organization} reports",
                    "-addext", "keyUsage=critical,digitalSignature,nonRepudiation"],
                   check=True, capture_output=True)
    return key, cert


def test_reports_signed_before_a_key_change_stay_trusted(tmp_path):
    stack = own_stack(tmp_path / "rotation")
    stack.start()
    try:
        headers = stack.auth()
        old = generate(stack, headers)
        old_pdf = download(stack, old, headers)
        old_certificate = signing_certificate(stack)
    finally:
        assert stack.stop() == 0

    key, cert = make_key(tmp_path / "pki", "lab", "Laboratoire Cévenol")
    settings = json.loads(stack.config.read_text())
    stack.config.write_text(json.dumps(settings | {"signing_key": str(key), "signing_certificate": str(cert)}))
    stack.start()
    try:
        headers = stack.auth()
        assert signing_certificate(stack) == cert.read_text()
        new = generate(stack, headers)
        new_pdf = download(stack, new, headers)
        assert new["signature"]["certificate_sha256"] == der_sha256(cert.read_text())
        assert new["signature"]["certificate_sha256"] != old["signature"]["certificate_sha256"]
        assert new["signature"]["signer"] == "CN=Laboratoire Cévenol reports,O=Laboratoire Cévenol"
        for record, pdf in ((old, old_pdf), (new, new_pdf)):
            verdict = api_verify(stack, pdf, headers)
            assert verdict["valid"] and verdict["trusted"], verdict
            assert verdict["certificate_sha256"] == record["signature"]["certificate_sha256"]
            code, by_cli = cli_verify(stack, pdf, tmp_path)
            assert code == 0 and by_cli == verdict
        # The new report passes the independent tools with the new certificate.
        assert pdfsig_valid(pdfsig(new_pdf, tmp_path))
        status, why = pyhanko_status(new_pdf, cert.read_text())
        assert status is not None and status.intact and status.valid and status.trusted, why
        status, why = pyhanko_status(old_pdf, old_certificate)
        assert status is not None and status.trusted, why
    finally:
        assert stack.stop() == 0


def test_a_key_that_is_not_its_certificates_stops_start_up(tmp_path):
    key, _ = make_key(tmp_path / "pki", "one", "One")
    _, other = make_key(tmp_path / "pki", "two", "Two")
    stack = own_stack(tmp_path / "mismatch", signing_key=str(key), signing_certificate=str(other))
    proc = subprocess.run([str(stack.bin), "serve", "--config", str(stack.config), "--socket", str(stack.socket)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 1, proc.stderr
    assert "the private key does not match its certificate" in proc.stderr, proc.stderr
    assert not stack.socket.exists()


def test_with_source_date_epoch_and_a_fixed_key_only_the_signature_value_differs(tmp_path, monkeypatch):
    key, cert = make_key(tmp_path / "pki", "fixed", "Fixed Lab")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796400000")  # 2026-12-04T16:00:00Z
    files = []
    for run in ("a", "b"):
        stack = own_stack(tmp_path / run, signing_key=str(key), signing_certificate=str(cert))
        stack.start()
        try:
            record = generate(stack, stack.auth())
            files.append((record, download(stack, record, stack.auth())))
        finally:
            assert stack.stop() == 0
    (first, a), (second, b) = files
    assert first["created_at"] == second["created_at"] == "2026-12-04T16:00:00Z"
    assert first["signature"] == second["signature"]
    # Same size, same bytes everywhere but inside the /Contents hole.
    assert len(a) == len(b)
    start = a.index(b"/Contents <") + len(b"/Contents <")
    end = a.index(b">", start)
    assert a[:start] == b[:start] and a[end:] == b[end:]
    # Inside it, the CMS differs only in the ECDSA signature value (random nonces on OpenSSL 3.0).
    infos = []
    for pdf in (a, b):
        # The zero padding after the DER is ignored (strict=False stops at the structure's end).
        signed_data = cms.ContentInfo.load(bytes.fromhex(pdf[start:end].decode()), strict=False)["content"]
        infos.append((signed_data, signed_data["signer_infos"][0]))
    (data_a, info_a), (data_b, info_b) = infos
    assert info_a["signed_attrs"].dump() == info_b["signed_attrs"].dump()
    assert data_a["certificates"].dump() == data_b["certificates"].dump()
    assert info_a["signature"].native != info_b["signature"].native
