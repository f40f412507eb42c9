"""The cost of a custom block (quality.md: "custom block overhead, warm worker, trivial block
≤ 3 ms"), through nginx as a client meets it. Called by `scripts/bench --custom-blocks`; prints
one JSON object per measurement on stdout.

The overhead is the difference of two medians: previews of the same one-block report without and
with a trivial custom block, requested alternately so that both see the same machine. Then ten
clients do the same at once, and the difference is taken again under that load.

    python3 bench/custom_blocks.py --base URL --admin TOKEN --editor TOKEN [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
import uuid

import requests

TRIVIAL = "story.append(Paragraph('trivial'))\n"
BASE_BLOCKS = ["limitations"]


def pairs(session: requests.Session, url: str, key: str, runs: int) -> tuple[list[float], list[float]]:
    """`runs` alternating previews without and with the custom block, in milliseconds."""
    without, with_block = [], []
    for _ in range(runs):
        for blocks, times in ((BASE_BLOCKS, without), (BASE_BLOCKS + [key], with_block)):
            start = time.perf_counter()
            response = session.post(url, json={"blocks": blocks, "language": "en"}, timeout=60)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200 or response.headers.get("X-Report-Warnings") != "0":
                raise SystemExit(f"{blocks}: {response.status_code} warnings={response.headers.get('X-Report-Warnings')}")
    return without, with_block


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--admin", required=True)
    parser.add_argument("--editor", required=True)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    admin = requests.Session()
    admin.headers["Authorization"] = f"Bearer {args.admin}"
    key = f"bench_{uuid.uuid4().hex[:10]}"
    created = admin.post(f"{args.base}/api/reports/custom-blocks", timeout=30, json={
        "key": key, "name": "Trivial block", "code_python": TRIVIAL, "licence": "research", "language": "en"})
    created.raise_for_status()

    url = f"{args.base}/api/reports/preview"
    editor = requests.Session()
    editor.headers["Authorization"] = f"Bearer {args.editor}"
    pairs(editor, url, key, 20)  # warm-up
    without, with_block = pairs(editor, url, key, args.runs)
    print(json.dumps({"name": "sequential", "runs": args.runs, "without_p50": statistics.median(without),
                      "with_p50": statistics.median(with_block),
                      "overhead_ms": statistics.median(with_block) - statistics.median(without)}))

    results: list[tuple[list[float], list[float]]] = []
    lock = threading.Lock()

    def client() -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {args.editor}"
        measured = pairs(session, url, key, max(args.runs // 5, 20))
        with lock:
            results.append(measured)

    threads = [threading.Thread(target=client) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    without = [t for r in results for t in r[0]]
    with_block = [t for r in results for t in r[1]]
    print(json.dumps({"name": "concurrent_10", "runs": len(without), "without_p50": statistics.median(without),
                      "with_p50": statistics.median(with_block),
                      "overhead_ms": statistics.median(with_block) - statistics.median(without)}))
    admin.delete(f"{args.base}/api/reports/custom-blocks/{created.json()['id']}", timeout=30)


if __name__ == "__main__":
    main()
