#!/usr/bin/env python3
"""Same request, same data, same bytes: the PDF regression check.

Renders every built-in template in both languages with the end-to-end suite's rich requests
(tests/e2e/rich_requests.py: every request dict, an MBTiles basemap, snapshots) through
`isofind-reports render`, with SOURCE_DATE_EPOCH fixed and the demo data of the default seed,
and compares each PDF's SHA-256 with the digests committed in pdf-digests.json beside this file.

    tests/regression/pdf_digests.py --bin .build/debug/isofind-reports            # check
    tests/regression/pdf_digests.py --bin .build/debug/isofind-reports --update   # rewrite the digests
    tests/regression/pdf_digests.py --bin ... --keep OUT_DIR                       # keep the PDFs

A change that alters the bytes on purpose (a new warning, a reworded notice) updates the digests
in the same commit and says which reports changed and why. The end-to-end suite runs the check
(tests/e2e/test_regression.py). The digests hold for the fonts and libraries that
scripts/lib/common.sh installs on Debian 12; another system renders other bytes.

Exit status: 0 when every digest matches (or after --update), 1 when one differs, 2 on errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DIGESTS = HERE / "pdf-digests.json"
sys.path.insert(0, str(REPO / "tests" / "e2e"))

from rich_requests import BASEMAP_NAME, rich_request, write_basemap  # noqa: E402

# 2026-12-01T09:00:00Z: the generation time printed in every report of the check.
SOURCE_DATE_EPOCH = "1796115600"
TEMPLATES = range(1, 10)
LANGUAGES = ("en", "fr")


def prepare(binary: Path, var: Path) -> Path:
    """A data folder with the demo data and the basemap; returns its config file."""
    for folder in ("reports", "branding", "keys", "tiles"):
        (var / folder).mkdir(parents=True, exist_ok=True)
    config = var / "config.json"
    config.write_text(json.dumps({
        "data_dir": str(var), "samples_db": str(var / "isofind.db"), "sessions_db": str(var / "workflows.db"),
        "licence": "pro", "tiles_dir": str(var / "tiles"),
    }))
    subprocess.run([str(binary), "demo-data", "--out", str(var)], check=True, capture_output=True)
    write_basemap(var / "tiles" / BASEMAP_NAME)
    return config


def render_all(binary: Path, var: Path, out: Path) -> dict[str, str]:
    """Renders the 18 reports into `out`; returns {name: sha256}."""
    config = prepare(binary, var)
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, ISOFIND_REPORTS_CONFIG=str(config))
    digests: dict[str, str] = {}
    for template in TEMPLATES:
        for language in LANGUAGES:
            name = f"template-{template}-{language}"
            request = var / f"{name}.json"
            request.write_text(json.dumps(rich_request(template, language, BASEMAP_NAME), ensure_ascii=False))
            pdf = out / f"{name}.pdf"
            proc = subprocess.run([str(binary), "render", "--request", str(request), "--out", str(pdf)],
                                  env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"render {name} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
            digests[name] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    return digests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, type=Path, help="the isofind-reports binary")
    parser.add_argument("--update", action="store_true", help=f"write the digests to {DIGESTS.name}")
    parser.add_argument("--keep", type=Path, help="keep the rendered PDFs in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="isofind-digests-") as temporary:
        out = args.keep or Path(temporary) / "out"
        out.mkdir(parents=True, exist_ok=True)
        try:
            digests = render_all(args.bin.resolve(), Path(temporary) / "var", out)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    if args.update:
        DIGESTS.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
        print(f"wrote {len(digests)} digests to {DIGESTS}")
        return 0
    expected = json.loads(DIGESTS.read_text())
    changed = sorted(name for name in expected.keys() | digests.keys() if expected.get(name) != digests.get(name))
    for name in changed:
        print(f"{name}: expected {expected.get(name)}, rendered {digests.get(name)}")
    if changed:
        print(f"{len(changed)} of {len(expected)} reports differ from {DIGESTS.name}", file=sys.stderr)
        return 1
    print(f"all {len(digests)} reports match {DIGESTS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
