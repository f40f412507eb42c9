"""Every built-in template, in both languages, generated through nginx with rich data (every
request dict of domain.md, an offline MBTiles basemap, snapshots) and read back as a client
would: the text with pdftotext, the outline and metadata with pypdf. Then every documented
refusal of POST /generate, each leaving no record and no file behind."""

from __future__ import annotations

import base64
import io
import os
import re
import sqlite3
import subprocess

import pytest
import requests
from pypdf import PdfReader

from conftest import auth
from rich_requests import BASEMAP_NAME, PROJECTS, TEMPLATE_PROJECT, rich_request, write_basemap

API = "/api/reports"

# Names a reader sees in each language for the header and footer.
REFERENCE = {"en": "Report {id}", "fr": "Rapport n° {id}"}
SOURCE = {"en": "Source: IsoFind samples database", "fr": "Source : base d'échantillons IsoFind"}
CONTINUED = {"en": " (continued)", "fr": " (suite)"}
CONTENTS = {"en": "Contents", "fr": "Sommaire"}


@pytest.fixture(scope="module")
def basemap(stack):
    return write_basemap(stack.var / "tiles" / BASEMAP_NAME).name


@pytest.fixture(scope="module")
def editor(stack):
    return auth(stack.token("editor"))


@pytest.fixture(scope="module")
def catalogue(stack):
    blocks = requests.get(stack.url(f"{API}/blocks"), timeout=10).json()["blocks"]
    return {block["key"]: block for block in blocks}


def pdftotext(pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", *args, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def project_samples(stack, project: str) -> list[str]:
    with sqlite3.connect(stack.var / "isofind.db") as db:
        return [row[0] for row in db.execute("SELECT name FROM samples WHERE project = ? ORDER BY id", (project,))]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("template_id", range(1, 10))
def test_every_template_with_rich_data(stack, basemap, editor, catalogue, template_id, language, tmp_path):
    template = requests.get(stack.url(f"{API}/templates/{template_id}"), timeout=10).json()
    payload = rich_request(template_id, language, basemap)
    response = requests.post(stack.url(f"{API}/generate"), json=payload, headers=editor, timeout=300)
    assert response.status_code == 200, response.text[:800]
    record = response.json()
    # Rich data leaves no block without data; a concise template only says that it carries
    # expert blocks.
    # Warnings read "block_key: message".
    unexpected = [w for w in record["warnings"]
                  if not (template["mode"] == "concis" and catalogue[w.split(":")[0]]["expert"])]
    assert not unexpected, unexpected
    assert record["blocks"] == template["blocks"] and record["language"] == language and record["mode"] == template["mode"]

    pdf = requests.get(stack.url(record["download_url"]), headers=editor, timeout=60).content
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages == record["pages"]
    assert reader.metadata.title == payload["title"]

    # The outline has one entry per block, in the template's order, with the block's name.
    names = [CONTENTS[language] if key == "table_of_contents" else catalogue[key]["name"][language]
             for key in template["blocks"]]
    assert outline_titles(reader) == names

    text = pdftotext(pdf, tmp_path, "-layout")
    flat = " ".join(text.split())   # no-break spaces and line ends as plain spaces
    assert " ".join(payload["title"].split()) in flat
    for name in names[1:]:
        assert " ".join(name.split()) in flat, name
    # Every page has its footer: "page x / y" and the report's reference.
    for page in range(1, pages + 1):
        assert f"page {page} / {pages}" in text
    assert REFERENCE[language].format(id=record["id"]) in text
    # Sample names, values with their sources.
    project = PROJECTS[TEMPLATE_PROJECT[template_id][0]]["name"]
    if "sample_inventory" in template["blocks"]:
        missing = [name for name in project_samples(stack, project) if name not in text]
        assert not missing, missing
        assert SOURCE[language] in flat
    if "isotope_signatures" in template["blocks"]:
        number = r"\d,\d+ ± \d,\d+" if language == "fr" else r"\d\.\d+ ± \d\.\d+"
        assert re.search(number, text), "a value with its uncertainty, in the report's number format"
    if "sample_map" in template["blocks"]:
        assert "MBTiles" in flat and "Fond de test IsoFind" in flat
        # The basemap's frame carries its coordinates: latitudes and longitudes in the report's format.
        assert re.search(r"44[.,]\d+°\s+N", flat) and re.search(r"[34][.,]\d+°\s+E", flat)
    # Continued tables say what they continue.
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.endswith(CONTINUED[language]):
            assert len(stripped) > len(CONTINUED[language]) + 1
    # Nothing a reader would stumble on: no unresolved plural marks after a count, no stray markup.
    assert not re.search(r"\b1 \w+\(s\)", flat), re.search(r"\b1 \w+\(s\)", flat)
    assert "<b>" not in text and "&amp;" not in text


def test_french_report_typesets_species_and_french_matrices(stack, basemap, editor, tmp_path):
    payload = rich_request(3, "fr", basemap)
    record = requests.post(stack.url(f"{API}/generate"), json=payload, headers=editor, timeout=300).json()
    pdf = requests.get(stack.url(record["download_url"]), headers=editor, timeout=60).content
    text = pdftotext(pdf, tmp_path)
    assert "Fe²⁺" in text and "FeHCO₃⁺" in text and "Fe2+" not in text
    assert "eau" in text and "Par matrice : eau" in " ".join(text.split())


# Every refusal documented for POST /generate (api.md, "Generation"), in the order of precedence.
def refusals(basemap: str):
    cover = ["cover_page"]
    not_an_image = base64.b64encode(b"GIF89a not a png").decode()
    return [
        ("neither template nor blocks", {"title": "x"}, 422, ["body"]),
        ("template not found", {"template_id": 424242}, 404, None),
        ("unknown block keys", {"blocks": ["cover_page", "cover_pag", "limitation"]}, 422, ["body", "blocks", 1]),
        ("sim block without simulation", {"blocks": ["cover_page", "sim_plume"]}, 422, ["body", "simulation_result"]),
        ("Nexus session not found", {"blocks": cover, "nexus_session_id": 424242}, 404, None),
        ("unknown sample ids", {"blocks": cover, "sample_ids": [1, 424242, 424243]}, 422, ["body", "sample_ids"]),
        ("language", {"blocks": cover, "language": "de"}, 422, ["body", "language"]),
        ("basemap outside the tiles folder", {"blocks": cover, "mbtiles_path": "../isofind.db"}, 422, ["body", "mbtiles_path"]),
        ("basemap that does not exist", {"blocks": cover, "mbtiles_path": "absent.mbtiles"}, 422, ["body", "mbtiles_path"]),
        ("basemap that is not MBTiles", {"blocks": cover, "mbtiles_path": basemap.replace(".mbtiles", ".png")}, 422,
         ["body", "mbtiles_path"]),
        ("snapshot that is not an image", {"blocks": ["sample_map"], "snapshots": {"map": [not_an_image]}}, 422,
         ["body", "snapshots", "map", 0]),
        ("too many scenarios", {"blocks": ["scenario_comparison"], "simulation_result": {"type": "csia"},
                                "scenarios": [{"id": f"s{i}", "label": f"S{i}", "meta": {}} for i in range(11)]}, 422,
         ["body", "scenarios"]),
    ]


def test_every_documented_refusal_leaves_no_trace(stack, basemap, editor):
    (stack.var / "tiles" / basemap.replace(".mbtiles", ".png")).write_bytes(b"\x89PNG\r\n\x1a\n")
    reader = auth(stack.token("reader"))
    before = requests.get(stack.url(f"{API}/list"), headers=reader, timeout=10).json()["total"]
    files = set((stack.var / "reports").iterdir())
    for name, body, status, loc in refusals(basemap):
        response = requests.post(stack.url(f"{API}/generate"), json=body, headers=editor, timeout=60)
        assert response.status_code == status, (name, response.status_code, response.text)
        detail = response.json()["detail"]
        if status == 422:
            assert isinstance(detail, list) and detail, (name, detail)
            assert detail[0]["loc"][:len(loc)] == loc, (name, detail)
            assert all(item["msg"] for item in detail), (name, detail)
        else:
            assert isinstance(detail, str) and "not found" in detail, (name, detail)
    # Both unknown keys are named, each at its place in the list.
    unknown = requests.post(stack.url(f"{API}/generate"), json={"blocks": ["cover_page", "cover_pag", "limitation"]},
                            headers=editor, timeout=60).json()["detail"]
    assert [item["loc"] for item in unknown] == [["body", "blocks", 1], ["body", "blocks", 2]]
    # Unknown sample ids are listed, each at its place.
    samples = requests.post(stack.url(f"{API}/generate"), json={"blocks": ["cover_page"], "sample_ids": [1, 424242, 424243]},
                            headers=editor, timeout=60).json()["detail"]
    assert [(item["loc"], item["msg"]) for item in samples] == [
        (["body", "sample_ids", 1], "sample 424242 does not exist"), (["body", "sample_ids", 2], "sample 424243 does not exist")]
    assert requests.get(stack.url(f"{API}/list"), headers=reader, timeout=10).json()["total"] == before
    assert set((stack.var / "reports").iterdir()) == files


def test_blocks_above_the_licence_are_refused_naming_them(stack, tmp_path):
    """The licence check (403 over HTTP) is the engine's own validation: the render command, run
    with a Research licence, refuses the Pro blocks by name."""
    request = tmp_path / "request.json"
    request.write_text('{"blocks": ["cover_page", "sim_csia", "sim_plume"], "simulation_result": {"type": "csia"}}')
    proc = subprocess.run([str(stack.bin), "render", "--config", str(stack.config), "--request", str(request),
                           "--out", str(tmp_path / "x.pdf")], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, ISOFIND_REPORTS_LICENCE="research"))
    assert proc.returncode != 0
    assert "sim_csia" in proc.stderr and "sim_plume" in proc.stderr and "pro" in proc.stderr.lower()
    assert not (tmp_path / "x.pdf").exists()


def test_download_of_a_report_whose_file_is_gone_is_404(stack, editor):
    record = requests.post(stack.url(f"{API}/generate"), json={"blocks": ["cover_page"], "language": "en"},
                           headers=editor, timeout=60).json()
    (stack.var / record["path"]).unlink()
    response = requests.get(stack.url(record["download_url"]), headers=editor, timeout=10)
    assert response.status_code == 404
    assert requests.delete(stack.url(f"{API}/{record['id']}"), headers=editor, timeout=10).status_code == 200
