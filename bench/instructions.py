#!/usr/bin/env python3
"""Instructions per report, counted by callgrind: a noise-free "is it slower?" for a change.

Wall-clock timings on a shared 2-core machine drift by tens of percent between runs; the number
of instructions a render executes does not. This script renders the same reports with each
binary given (`isofind-reports render`, SOURCE_DATE_EPOCH fixed, the demo data of the default
seed) under `valgrind --tool=callgrind`, and subtracts the cost of starting the command (a
one-block report), so that what remains is the report itself:

    bench/instructions.py --bin OLD=path/to/old/isofind-reports --bin NEW=.build/release/isofind-reports

The reports: the seed's 7-block report (50 samples, a Nexus session) and "Source attribution
(expert)" with the end-to-end suite's rich request. valgrind reads no debug information here:
the binaries are copied stripped (valgrind 3.19 cannot read Swift 6's DWARF 5).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
from rich_requests import BASEMAP_NAME, rich_request, write_basemap  # noqa: E402

SEED_BLOCKS = ["cover_page", "executive_summary", "sample_inventory", "nexus_processes", "nexus_chain",
               "limitations", "certification"]
REQUESTS = {
    "start-up (one-block report)": {"blocks": ["cover_page"], "sample_ids": [1]},
    "seed report, 50 samples": {"blocks": SEED_BLOCKS, "title": "Automated Audit -- Nexus session", "nexus_session_id": 1,
                                "language": "en", "sample_ids": list(range(1, 51))},
    "Source attribution (expert), rich request": rich_request(2, "en", BASEMAP_NAME),
}


def instructions(binary: Path, request: Path, config: Path, out: Path) -> int:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1796115600", ISOFIND_REPORTS_CONFIG=str(config))
    proc = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.cg", str(binary), "render",
                           "--request", str(request), "--out", str(out)], env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or not found:
        sys.exit(f"callgrind failed for {binary}:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", action="append", required=True, metavar="NAME=PATH", help="a binary to measure (repeat)")
    args = parser.parse_args()
    binaries = dict(item.split("=", 1) for item in args.bin)
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (Debian package valgrind)")
    with tempfile.TemporaryDirectory(prefix="isofind-instructions-") as temporary:
        work = Path(temporary)
        var = work / "var"
        for folder in ("reports", "branding", "keys", "tiles"):
            (var / folder).mkdir(parents=True)
        config = var / "config.json"
        config.write_text(json.dumps({"data_dir": str(var), "samples_db": str(var / "isofind.db"),
                                      "sessions_db": str(var / "workflows.db"), "licence": "pro",
                                      "tiles_dir": str(var / "tiles")}))
        first = Path(next(iter(binaries.values())))
        subprocess.run([str(first), "demo-data", "--out", str(var)], check=True, capture_output=True)
        write_basemap(var / "tiles" / BASEMAP_NAME)
        counts: dict[str, dict[str, int]] = {}
        for name, path in binaries.items():
            stripped = work / f"bin-{name}"
            subprocess.run(["strip", "-o", str(stripped), path], check=True)
            counts[name] = {}
            for label, request in REQUESTS.items():
                file = work / f"{re.sub(r'[^a-z0-9]+', '-', label.lower())}.json"
                file.write_text(json.dumps(request, ensure_ascii=False))
                counts[name][label] = instructions(stripped, file, config, work / f"{name}.pdf")
    names = list(binaries)
    start = "start-up (one-block report)"
    print("| report | " + " | ".join(f"{name} (M instructions)" for name in names) + " |")
    print("|---|" + "---:|" * len(names))
    for label in REQUESTS:
        cells = []
        for name in names:
            value = counts[name][label] - (0 if label == start else counts[name][start])
            cells.append(f"{value / 1e6:,.1f}")
        print(f"| {label}{'' if label == start else ' (minus start-up)'} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
