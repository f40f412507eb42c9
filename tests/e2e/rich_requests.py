"""Rich report requests: every request dict of domain.md filled with realistic values, so that
every block of every built-in template has data to show. Also writes a small offline MBTiles
basemap and PNG snapshots without any imaging library (zlib + struct).

Used by test_reports.py, and by hand to look at every template as pages:

    python3 tests/e2e/rich_requests.py OUT_DIR [--tiles TILES_DIR]   # writes OUT_DIR/template-N.json
"""

from __future__ import annotations

import base64
import json
import math
import sqlite3
import struct
import sys
import zlib
from pathlib import Path

BASEMAP_NAME = "cevennes-test.mbtiles"
BASEMAP_ATTRIBUTION = "Fond de test IsoFind (synthétique)"

# One project per family of templates, as in the demo data; its texts in the report's language.
PROJECTS = {
    "gardon": {"name": "Vallée du Gardon — suivi 2026", "client": "Syndicat mixte des Gardons", "reference": "VG-2026-04",
               "en": {"objective": "Attribute the lead, zinc and strontium found in the alluvial groundwater to their sources.",
                      "constraints": ["Samples collected in April and September 2026", "No access to the former slag heap"]},
               "fr": {"objective": "Attribuer à leurs sources le plomb, le zinc et le strontium trouvés dans la nappe alluviale.",
                      "constraints": ["Prélèvements d'avril et de septembre 2026", "Pas d'accès à l'ancien crassier"]}},
    "gare": {"name": "ZI de la Gare — panache de solvants chlorés", "client": "Alès Agglomération", "reference": "ZIG-2026-02",
             "en": {"objective": "Show whether the TCE plume degrades along its flow path and how far it may extend.",
                    "constraints": "Two monitoring campaigns only (October 2025, April 2026)"},
             "fr": {"objective": "Montrer si le panache de TCE se dégrade le long de son écoulement et jusqu'où il peut s'étendre.",
                    "constraints": "Deux campagnes de surveillance seulement (octobre 2025, avril 2026)"}},
    "friche": {"name": "Friche de la fonderie du Mas Rouge — diagnostic des sols", "client": "EPF Occitanie",
               "reference": "MR-2026-07",
               "en": {"objective": "Map the smelter's lead footprint in soils and at depth before redevelopment.",
                      "constraints": ["Boreholes limited to 12 m", "Built-up areas not sampled"]},
               "fr": {"objective": "Cartographier l'empreinte en plomb de la fonderie dans les sols, en surface et en profondeur, avant reconversion.",
                      "constraints": ["Sondages limités à 12 m", "Zones bâties non prélevées"]}},
}

TITLES = {1: ("Source attribution", "Attribution des sources"), 2: ("Source attribution — expert report", "Attribution des sources — rapport d'expertise"),
          3: ("Nexus audit", "Audit Nexus"), 4: ("Exploratory survey", "Étude exploratoire"),
          5: ("Analytical results", "Résultats d'analyses"), 6: ("Drilling and hydrogeology", "Forages et hydrogéologie"),
          7: ("Regulatory and traceability report", "Rapport réglementaire et de traçabilité"),
          8: ("CSIA simulation", "Simulation CSIA"), 9: ("CSIA simulation — expert report", "Simulation CSIA — rapport d'expertise")}

# Which project each built-in template is shown with, and its Nexus session (demo-data ids).
TEMPLATE_PROJECT = {1: ("gardon", 4), 2: ("gardon", 7), 3: ("gare", 1), 4: ("friche", 6), 5: ("gardon", 5),
                    6: ("gare", 3), 7: ("gare", 3), 8: ("gare", 1), 9: ("gare", 1)}

SCORING = {"algorithm": "Mahalanobis multi-isotope (Pb, Sr)", "threshold": 0.8, "matches": [
    {"sample_id": 11, "sample_name": "GW-P11-2026-04", "reference": "ORE-GAL-01", "reference_matrix": "ore", "score": 0.934,
     "class": "full", "ratios": [{"system": "206Pb/204Pb", "compatible": True, "z": 0.41},
                                 {"system": "208Pb/206Pb", "compatible": True, "z": -0.87}]},
    {"sample_id": 11, "sample_name": "GW-P11-2026-04", "reference": "SLG-C01-2026-03", "reference_matrix": "slag",
     "score": 0.412, "class": "partial", "ratios": [{"system": "206Pb/204Pb", "compatible": True, "z": 1.62},
                                                    {"system": "208Pb/206Pb", "compatible": False, "z": 2.71}]},
    {"sample_id": 12, "sample_name": "GW-P12-2026-04", "reference": "SOL-REF-01-2026-03", "reference_matrix": "soil",
     "score": 0.021, "class": "incompatible", "ratios": [{"system": "206Pb/204Pb", "compatible": False, "z": 4.9}]},
    {"sample_id": 5, "sample_name": "SW-S04-2026-04", "reference": "SW-DM1-2026-04", "reference_matrix": "water",
     "score": 0.957, "class": "full", "ratios": [{"system": "87Sr/86Sr", "compatible": True, "z": 0.3}]},
]}

# Speciation of each project's element of concern, under its measured conditions.
AUTO_CONTEXT = {
    "gardon": {"element": "Zn", "source": "ml_speciation",
               "conditions": {"pH": 6.8, "Eh_mV": 320, "temperature_c": 12.5, "ionic_strength": 0.0042},
               "species": [{"name": "Zn2+", "fraction": 0.71}, {"name": "ZnSO4(aq)", "fraction": 0.19},
                           {"name": "ZnHCO3+", "fraction": 0.07}, {"name": "ZnOH+", "fraction": 0.03}],
               "dominant": "Zn2+", "confidence": 0.86},
    "gare": {"element": "Fe", "source": "thermodynamic",
             "conditions": {"pH": 6.9, "Eh_mV": -120, "temperature_c": 14.8, "ionic_strength": 0.011},
             "species": [{"name": "Fe2+", "fraction": 0.82}, {"name": "FeHCO3+", "fraction": 0.12},
                         {"name": "FeSO4(aq)", "fraction": 0.05}, {"name": "Fe(OH)3(aq)", "fraction": 0.01}],
             "dominant": "Fe2+", "confidence": 0.93},
    "friche": {"element": "Pb", "source": "thermodynamic",
               "conditions": {"pH": 7.4, "Eh_mV": 280, "temperature_c": 13.0, "ionic_strength": 0.006},
               "species": [{"name": "PbCO3(aq)", "fraction": 0.58}, {"name": "Pb2+", "fraction": 0.21},
                           {"name": "PbHCO3+", "fraction": 0.14}, {"name": "PbOH+", "fraction": 0.07}],
               "dominant": "PbCO3(aq)", "confidence": 0.78},
}

SIMULATION = {"type": "csia", "compound": "TCE", "element": "C", "epsilon": -13.0, "delta0": -27.8, "half_life_days": 240,
              "points": [{"f": f, "delta": round(-27.8 + -13.0 * math.log(f), 2)} for f in (1.0, 0.8, 0.6, 0.4, 0.2, 0.1, 0.05)],
              "metabolites": [{"name": "cis-DCE", "fraction": 0.62}, {"name": "Chlorure de vinyle", "fraction": 0.11},
                              {"name": "Éthène", "fraction": 0.04}],
              "redox": {"pH": 7.1, "boundary_pe": 4.2,
                        "points": [{"pe": pe, "reduced_fraction": round(1 / (1 + 10 ** (pe - 4.2)), 4)}
                                   for pe in (-4, -2, 0, 2, 3, 4, 4.2, 5, 6, 8, 10)]},
              "plume": {"max_extent_m": 1250, "max_concentration": 845.5, "unit": "µg/L", "duration_days": 3650}}

SCENARIOS = [
    {"id": "s1", "label": "Référence", "ts": "2026-10-01T09:00:00Z",
     "meta": {"recharge_mm": 250, "k_m_s": 0.0003, "source_kg": 120, "biodegradation": True, "model": "MT3DMS"}},
    {"id": "s2", "label": "Recharge faible", "ts": "2026-10-02T09:00:00Z",
     "meta": {"recharge_mm": 120, "k_m_s": 0.0003, "source_kg": 120, "biodegradation": True, "model": "MT3DMS"}},
    {"id": "s3", "label": "Sans biodégradation", "ts": "2026-10-03T09:00:00Z",
     "meta": {"recharge_mm": 250, "k_m_s": 0.0003, "source_kg": 120, "biodegradation": False, "model": "MT3DMS"}},
]

LICENCE = {"holder": "Laboratoire Cévenol d'Isotopie", "tier": "pro", "number": "PRO-2026-0042", "expires": "2027-06-30"}


def png(width: int, height: int, pixel) -> bytes:
    """An RGB PNG whose pixel (x, y) is pixel(x, y) -> (r, g, b)."""
    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def section_png() -> bytes:
    """A hydrogeological cross-section: three layers and a plume, 480 × 200."""
    def pixel(x, y):
        top = 40 + 10 * math.sin(x / 60)
        if y < top:
            return (226, 236, 244)
        if y < 110:
            colour = (214, 190, 140)
        elif y < 160:
            colour = (176, 196, 160)
        else:
            colour = (150, 140, 130)
        if (x - 150) ** 2 / 160 ** 2 + (y - 120) ** 2 / 25 ** 2 < 1:
            colour = (200, 80, 70)
        return colour
    return png(480, 200, pixel)


def map_png() -> bytes:
    """A map snapshot: a river across a meadow, 400 × 260."""
    def pixel(x, y):
        river = abs(y - (130 + 60 * math.sin(x / 70))) < 7
        return (90, 150, 205) if river else (232, 240, 214) if (x // 40 + y // 40) % 2 else (222, 234, 204)
    return png(400, 260, pixel)


def tile_png(z: int, x: int, y: int) -> bytes:
    """A 256 × 256 basemap tile: a pale ground, a graticule every 64 px, a river through the valley."""
    def pixel(px, py):
        gx, gy = x * 256 + px, y * 256 + py
        if px % 64 == 0 or py % 64 == 0:
            return (208, 214, 200)
        river = abs(gy - (y * 256 + 128 + 40 * math.sin(gx / (30 * (1 << max(0, z - 10)))))) < 3
        return (120, 170, 215) if river else (238, 240, 228)
    return png(256, 256, pixel)


def tile_xy(lat: float, lon: float, z: int) -> tuple[int, int]:
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def write_basemap(path: Path, south=44.03, west=3.90, north=44.16, east=4.05, zooms=range(9, 16)) -> Path:
    """An MBTiles basemap (TMS rows) over the demo samples' area."""
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)")
        db.executemany("INSERT INTO metadata VALUES (?, ?)", [
            ("name", "Cévennes test"), ("format", "png"), ("bounds", f"{west},{south},{east},{north}"),
            ("minzoom", str(min(zooms))), ("maxzoom", str(max(zooms))), ("attribution", BASEMAP_ATTRIBUTION)])
        for z in zooms:
            x0, y0 = tile_xy(north, west, z)
            x1, y1 = tile_xy(south, east, z)
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, (1 << z) - 1 - y, tile_png(z, x, y)))
    return path


def rich_request(template_id: int, language: str, basemap: str | None = None) -> dict:
    """A generation request for a built-in template, with every request dict its project has:
    the scoring result for the Gardon valley (its samples), a speciation per project, and the
    simulation, scenarios and cross-section for the solvent plume of the ZI de la Gare."""
    project, session = TEMPLATE_PROJECT[template_id]
    info = PROJECTS[project]
    section = base64.b64encode(section_png()).decode()
    snapshot = base64.b64encode(map_png()).decode()
    request = {
        "template_id": template_id, "language": language,
        "title": TITLES[template_id][language == "fr"],
        "project_data": {"name": info["name"], "client": info["client"], "reference": info["reference"], **info[language]},
        "nexus_session_id": session, "auto_context_result": AUTO_CONTEXT[project],
        "snapshots": {"map": [{"image": f"data:image/png;base64,{snapshot}",
                               "caption": {"en": "Site overview", "fr": "Vue d'ensemble du site"}[language]}]},
        "licence_data": LICENCE,
    }
    if project == "gardon":
        request["scoring_result"] = SCORING
    if project == "gare":
        request |= {"simulation_result": SIMULATION, "scenarios": SCENARIOS}
        request["snapshots"]["section"] = [{"image": section, "caption": {"en": "Cross-section AA' — TCE plume",
                                                                          "fr": "Coupe AA' — panache de TCE"}[language]}]
    if basemap:
        request["mbtiles_path"] = basemap
    return request


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    basemap = None
    if "--tiles" in sys.argv:
        tiles = Path(sys.argv[sys.argv.index("--tiles") + 1])
        tiles.mkdir(parents=True, exist_ok=True)
        basemap = write_basemap(tiles / BASEMAP_NAME).name
    for template in range(1, 10):
        for language in ("en", "fr"):
            (out / f"template-{template}-{language}.json").write_text(
                json.dumps(rich_request(template, language, basemap), ensure_ascii=False, indent=1))
