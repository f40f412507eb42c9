"""Report benchmarks through nginx, as a client meets them (quality.md, "Speed"). Called by
`scripts/bench --reports`; prints one JSON object per measurement on stdout.

    python3 bench/reports.py --base URL --token TOKEN --var VAR [--pid PID] [--runs N] [--duration S]

The responder keeps each distinct text it has shaped (README, "How text is laid out and drawn"),
so a request repeated back to back finds every layout ready. Beside each repeated request, the
same report is measured over a different window of samples on each run: the labels, headings and
running texts are found again, the sample names and values are new, as when a laboratory reports
on new samples. With --pid, the responder's peak RSS (VmHWM) is given after the expert runs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from rich_requests import rich_request  # noqa: E402  (the e2e suite's rich requests)

SEED_BLOCKS = ["cover_page", "executive_summary", "sample_inventory", "nexus_processes", "nexus_chain",
               "limitations", "certification"]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def server_timing(response: requests.Response) -> dict[str, float]:
    """`validate;dur=0.41, gather;dur=2.10, ...` → {"validate": 0.41, ...} (milliseconds)."""
    phases = {}
    for part in response.headers["Server-Timing"].split(","):
        name, _, duration = part.strip().partition(";dur=")
        phases[name] = float(duration)
    return phases


def timed(session: requests.Session, url: str, payload, runs: int, warmup: int = 5) -> tuple[list[float], list]:
    """PAYLOAD is a dict, or a function of the run's index that gives one."""
    times, answers = [], []
    for index in range(warmup + runs):
        start = time.perf_counter()
        response = session.post(url, json=payload(index) if callable(payload) else payload, timeout=300)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            sys.exit(f"{url}: {response.status_code} {response.text[:300]}")
        if index >= warmup:
            times.append(elapsed)
            answers.append(response)
    return times, answers


def windows(ids: list[int], size: int):
    """The run's index → a request's sample ids: consecutive windows of SIZE, none twice in a row
    of len(ids) // size runs."""
    count = max(1, len(ids) // size)
    return lambda index: ids[(index % count) * size:(index % count) * size + size]


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--var", required=True, type=Path)
    parser.add_argument("--pid", type=int, help="the responder's process id, for its peak RSS")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()

    with sqlite3.connect(args.var / "isofind.db") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM samples ORDER BY id")]
    with sqlite3.connect(args.var / "workflows.db") as db:
        session_id = db.execute("SELECT id FROM nexus_sessions ORDER BY id LIMIT 1").fetchone()[0]
    seed = {"blocks": SEED_BLOCKS, "title": "Automated Audit -- Nexus session", "nexus_session_id": session_id,
            "language": "en", "sample_ids": ids[:50]}

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {args.token}"

    def emit(name: str, times: list[float], pages: int, **extra) -> None:
        print(json.dumps({"name": name, "runs": len(times), "p50": statistics.median(times),
                          "p90": percentile(times, 0.9), "pages": pages, **extra}), flush=True)

    # 1. The seed's 7-block report with 50 samples, previewed.
    times, answers = timed(session, f"{args.base}/api/reports/preview", seed, args.runs)
    emit("seed_preview", times, int(answers[0].headers["X-Report-Pages"]))
    # 1b. The same report over a different 50 samples on each run (samples 51 onwards).
    window = windows(ids[50:], 50)
    times, answers = timed(session, f"{args.base}/api/reports/preview", lambda index: seed | {"sample_ids": window(index)},
                           args.runs)
    emit("seed_preview_new_samples", times, int(answers[0].headers["X-Report-Pages"]))

    # 2. The same, generated (written, fsynced, recorded); the records are deleted afterwards.
    times, answers = timed(session, f"{args.base}/api/reports/generate", seed, args.runs)
    # Signing is a phase of its own: the responder's Server-Timing header gives its duration.
    phases = [server_timing(response) for response in answers]
    signing = [phase["sign"] for phase in phases]
    emit("seed_generate", times, answers[0].json()["pages"], sign_p50=statistics.median(signing),
         sign_p90=percentile(signing, 0.9), render_p50=statistics.median(phase["render"] for phase in phases),
         validate_p50=statistics.median(phase["validate"] for phase in phases),
         gather_p50=statistics.median(phase["gather"] for phase in phases),
         file_size=answers[0].json()["file_size"])
    for response in answers:
        session.delete(f"{args.base}/api/reports/{response.json()['id']}", timeout=30)

    # 3. "Source attribution (expert)" with 200 samples and every request dict.
    expert = rich_request(2, "en") | {"sample_ids": ids[:200]}
    times, answers = timed(session, f"{args.base}/api/reports/preview", expert, max(10, args.runs // 4), warmup=2)
    emit("expert_200_preview", times, int(answers[0].headers["X-Report-Pages"]),
         peak_rss_mib=peak_rss_mib(args.pid) if args.pid else None)
    # 3b. The same over a different 200 samples on each run: every window once (7 runs after 2
    # warm-ups with 2 000 samples).
    window = windows(ids[200:], 200)
    times, answers = timed(session, f"{args.base}/api/reports/preview", lambda index: expert | {"sample_ids": window(index)},
                           max(1, len(ids[200:]) // 200 - 2), warmup=2)
    emit("expert_200_preview_new_samples", times, int(answers[0].headers["X-Report-Pages"]))

    # 3c. The 2 000-sample inventory and signatures through the service, as the expert report is
    # measured (the render command, timed by scripts/bench, pays a process start-up as well).
    inventory = {"blocks": ["cover_page", "sample_inventory", "isotope_signatures"], "language": "en",
                 "title": "Inventory", "sample_ids": ids}
    times, answers = timed(session, f"{args.base}/api/reports/preview", inventory, 5, warmup=2)
    emit("inventory_preview", times, int(answers[0].headers["X-Report-Pages"]))

    # 4. Throughput: the seed preview from 4 concurrent clients.
    done = []
    stop = time.perf_counter() + args.duration

    def client() -> None:
        own = requests.Session()
        own.headers["Authorization"] = f"Bearer {args.token}"
        count = 0
        while time.perf_counter() < stop:
            if own.post(f"{args.base}/api/reports/preview", json=seed, timeout=300).status_code == 200:
                count += 1
        done.append(count)

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"name": "seed_throughput_c4", "reports_per_second": sum(done) / args.duration}), flush=True)


if __name__ == "__main__":
    main()
