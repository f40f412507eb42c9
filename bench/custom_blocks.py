"""The cost of a custom block (the quality bar: "custom block overhead, warm worker, trivial block
≤ 3 ms"), through nginx as a client meets it. Called by `scripts/bench --custom-blocks`; prints
one JSON object per measurement on stdout.

The overhead is the difference of two medians: previews of the same one-block report without and
with a trivial custom block, requested in turn so that both see the same machine. The trivial
block names `api_calls: ["report"]`, so what it costs is the custom-block machinery itself (the
bar). The same block with `api_calls: null` is measured too: it is sent every section of `data`,
here every sample of the demo database with its records, and what that adds is the price of the
data, which grows with the report. Then ten clients preview at once, one variant at a time in
turn: on a machine with fewer cores than clients, each request's latency grows with everything
queued before it, so the figure per block there is the difference of total wall times divided
by the reports (what a block costs the saturated machine); the medians are printed too.

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


VARIANTS = {"trivial": ["report"], "all_data": None}  # name -> api_calls


def reports(keys: dict[str, str]) -> dict[str, list[str]]:
    """The blocks of each variant's report: "without" a custom block, then one per block key."""
    return {"without": BASE_BLOCKS, **{name: BASE_BLOCKS + [key] for name, key in keys.items()}}


def preview(session: requests.Session, url: str, blocks: list[str]) -> float:
    """One preview's time in milliseconds; anything but a clean 200 stops the benchmark."""
    start = time.perf_counter()
    response = session.post(url, json={"blocks": blocks, "language": "en"}, timeout=60)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200 or response.headers.get("X-Report-Warnings") != "0":
        raise RuntimeError(f"{blocks}: {response.status_code} warnings={response.headers.get('X-Report-Warnings')}")
    return elapsed


def rounds(session: requests.Session, url: str, variants: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """`runs` rounds of one preview of each variant in turn; the times by variant."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, blocks in variants.items():
            times[name].append(preview(session, url, blocks))
    return times


def summary(name: str, times: dict[str, list[float]], wall: dict[str, float] | None = None) -> str:
    """One JSON row: each variant's median and its difference from the report without a custom
    block; given the phases' wall times, also the wall-time difference per report."""
    without = statistics.median(times["without"])
    runs = len(times["without"])
    row: dict[str, object] = {"name": name, "runs": runs, "without_p50": without}
    for variant in VARIANTS:
        row[f"{variant}_p50"] = statistics.median(times[variant])
        row[f"{variant}_overhead_ms"] = statistics.median(times[variant]) - without
        if wall is not None:
            row[f"{variant}_per_block_ms"] = (wall[variant] - wall["without"]) / runs
    return json.dumps(row)


def concurrent(token: str, url: str, variants: dict[str, list[str]],
               per_client: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Ten clients at once, each previewing `per_client` reports of one variant, the variants in
    turn (ten phases each). Latencies by variant, and each variant's total wall time: the
    difference of wall times divided by the reports is the cost per block when the machine is
    saturated, the figure the ten-client bar is about."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    wall = dict.fromkeys(variants, 0.0)
    sessions = []
    for _ in range(10):
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        sessions.append(session)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def client(session: requests.Session, name: str) -> None:
        try:
            measured = [preview(session, url, variants[name]) for _ in range(per_client)]
        except BaseException as exc:  # a thread's exception would otherwise only be printed
            with lock:
                errors.append(exc)
            return
        with lock:
            times[name].extend(measured)

    for phase in range(10):
        names = list(variants)
        names = names[phase % len(names):] + names[:phase % len(names)]
        for name in names:
            threads = [threading.Thread(target=client, args=(session, name)) for session in sessions]
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall[name] += (time.perf_counter() - start) * 1000
            if errors:
                raise errors[0]
    return times, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--admin", required=True)
    parser.add_argument("--editor", required=True)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    admin = requests.Session()
    admin.headers["Authorization"] = f"Bearer {args.admin}"
    keys: dict[str, str] = {}
    ids: list[int] = []
    for variant, api_calls in VARIANTS.items():
        key = f"bench_{variant}_{uuid.uuid4().hex[:8]}"
        created = admin.post(f"{args.base}/api/reports/custom-blocks", timeout=30, json={
            "key": key, "name": f"Trivial block ({variant})", "code_python": TRIVIAL, "licence": "research",
            "language": "en", "api_calls": api_calls})
        created.raise_for_status()
        keys[variant] = key
        ids.append(created.json()["id"])

    url = f"{args.base}/api/reports/preview"
    editor = requests.Session()
    editor.headers["Authorization"] = f"Bearer {args.editor}"
    variants = reports(keys)
    rounds(editor, url, variants, 20)  # warm-up
    print(summary("sequential", rounds(editor, url, variants, args.runs)))

    print(summary("concurrent_10", *concurrent(args.editor, url, variants, max(args.runs // 10, 5))))
    for block_id in ids:
        admin.delete(f"{args.base}/api/reports/custom-blocks/{block_id}", timeout=30)


if __name__ == "__main__":
    main()
