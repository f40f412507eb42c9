"""The service under load and while rendering saturates it, through nginx as clients meet it
(quality.md: "fast calls while rendering saturates the machine", "Load", "Memory"). Called by
`scripts/load`; prints one JSON object per measurement on stdout.

    python3 bench/load.py --base URL --var VAR --admin T --editor T --reader T --pid PID
                          [--duration S] [--concurrency N] [--saturation S] [--generations N]

Four phases, in this order, each from client processes of its own (never threads of one Python
process: the interpreter's lock would add its own waits to the latencies measured):

1. idle: the fast calls (`GET /api/reports/templates` with a reader token, `GET /health`) one
   after the other, nothing else running: the reference for phase 2.
2. saturated: 16 clients preview "Source attribution (expert)" with 200 samples and every request
   dict, back to back, for --saturation seconds; meanwhile one probe process asks the same fast
   calls at a steady pace. The previews' answers are counted (200, or 503 with Retry-After when
   the render queue is full).
3. mixed: --duration seconds of mixed traffic from --concurrency client processes: generate and
   preview (the seed report; some previews with a custom Python block), list, get, download,
   template create/update/delete, a signature check (verify), token checks that fail (unknown
   token), health. p50 and p99 per route, and every status counted: the only 5xx allowed is
   the documented 503 (with Retry-After) of the render queue.
4. memory: --generations generations of the seed report (4 clients); the responder's RSS (VmRSS
   of --pid) before, after 1 000 and after all of them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sqlite3
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from rich_requests import rich_request  # noqa: E402  (the e2e suite's rich requests)

SEED_BLOCKS = ["cover_page", "executive_summary", "sample_inventory", "nexus_processes", "nexus_chain",
               "limitations", "certification"]
CUSTOM_BLOCK = "story.append(Paragraph('Lead ratio checked by the load script.'))\n"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class Setup:
    """What every client needs, made once: requests, tokens, the ids to read."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.base = args.base
        self.admin, self.editor, self.reader = args.admin, args.editor, args.reader
        with sqlite3.connect(args.var / "isofind.db") as db:
            ids = [row[0] for row in db.execute("SELECT id FROM samples ORDER BY id")]
        with sqlite3.connect(args.var / "workflows.db") as db:
            session_id = db.execute("SELECT id FROM nexus_sessions ORDER BY id LIMIT 1").fetchone()[0]
        self.seed = {"blocks": SEED_BLOCKS, "title": "Automated Audit -- Nexus session", "nexus_session_id": session_id,
                     "language": "en", "sample_ids": ids[:50]}
        self.expert = rich_request(2, "fr") | {"sample_ids": ids[:200]}
        self.custom_key = ""
        self.report_ids: list[int] = []

    def api(self, path: str) -> str:
        return f"{self.base}/api/reports{path}"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- 1 and 2: the fast calls, idle and while rendering saturates the machine ---------------------

def probe(setup: Setup, seconds: float, pace: float, out: multiprocessing.Queue) -> None:
    """Asks the fast calls in turn for `seconds`, one every `pace` seconds; sends the timings."""
    session = requests.Session()
    times: dict[str, list[float]] = {"templates": [], "health": []}
    failures: list[str] = []
    calls = [("templates", setup.api("/templates"), auth(setup.reader)), ("health", f"{setup.base}/health", {})]
    deadline = time.perf_counter() + seconds
    turn = 0
    while time.perf_counter() < deadline:
        name, url, headers = calls[turn % 2]
        turn += 1
        started = time.perf_counter()
        response = session.get(url, headers=headers, timeout=60)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            failures.append(f"{name} {response.status_code}")
        times[name].append(elapsed)
        rest = pace - (time.perf_counter() - started)
        if rest > 0:
            time.sleep(rest)
    out.put({"times": times, "failures": failures})


def previewer(setup: Setup, seconds: float, out: multiprocessing.Queue) -> None:
    """Previews the expert report back to back for `seconds`."""
    session = requests.Session()
    statuses: dict[str, int] = {}
    times: list[float] = []
    pages = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        response = session.post(setup.api("/preview"), json=setup.expert, headers=auth(setup.editor), timeout=180)
        key = str(response.status_code)
        if response.status_code == 503:
            key += " retry-after" if response.headers.get("Retry-After", "").isdigit() else " no retry-after"
            time.sleep(min(int(response.headers.get("Retry-After", "1") or 1), 2))
        elif response.status_code == 200:
            times.append((time.perf_counter() - started) * 1000)
            pages = int(response.headers.get("X-Report-Pages", 0))
        statuses[key] = statuses.get(key, 0) + 1
    out.put({"statuses": statuses, "times": times, "pages": pages})


def fast_calls(setup: Setup, args: argparse.Namespace) -> None:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    # Idle: the same probe, nothing else running.
    idle = multiprocessing.Process(target=probe, args=(setup, 10, 0.01, queue))
    idle.start()
    idle_result = queue.get()
    idle.join()

    clients = [multiprocessing.Process(target=previewer, args=(setup, args.saturation, queue)) for _ in range(16)]
    for client in clients:
        client.start()
    time.sleep(3)  # every client has a preview in flight, the queue is full
    busy = multiprocessing.Process(target=probe, args=(setup, args.saturation - 6, 0.02, queue))
    busy.start()
    results = [queue.get() for _ in range(17)]
    for process in [*clients, busy]:
        process.join()
    busy_result = next(r for r in results if "failures" in r)
    previews = [r for r in results if "statuses" in r]
    statuses: dict[str, int] = {}
    for result in previews:
        for key, count in result["statuses"].items():
            statuses[key] = statuses.get(key, 0) + count
    preview_times = [t for r in previews for t in r["times"]]
    for name in ("templates", "health"):
        idle_times, busy_times = idle_result["times"][name], busy_result["times"][name]
        print(json.dumps({
            "name": f"fast_{name}", "idle_n": len(idle_times), "idle_p50": percentile(idle_times, 0.5),
            "idle_p99": percentile(idle_times, 0.99), "busy_n": len(busy_times), "busy_p50": percentile(busy_times, 0.5),
            "busy_p99": percentile(busy_times, 0.99), "busy_max": max(busy_times),
            "failures": idle_result["failures"] + busy_result["failures"]}), flush=True)
    print(json.dumps({"name": "saturating_previews", "clients": 16, "seconds": args.saturation, "statuses": statuses,
                      "pages": max(r["pages"] for r in previews), "p50": percentile(preview_times, 0.5),
                      "p99": percentile(preview_times, 0.99)}), flush=True)


# --- 3: mixed traffic ------------------------------------------------------------------------------

# (route, weight): how often each call is made, out of the sum.
MIX = [("GET /templates (token check)", 14), ("GET /health", 4), ("GET /templates (unknown token, 401)", 3),
       ("GET /list", 12), ("GET /{id}", 10), ("GET /download/{id}", 10), ("POST /verify", 3),
       ("POST /preview", 8), ("POST /preview (custom block)", 3), ("POST /generate", 8),
       ("POST /templates", 3), ("PUT /templates/{id}", 3), ("DELETE /templates/{id}", 3)]


def mixed_client(setup: Setup, seconds: float, seed: int, out: multiprocessing.Queue) -> None:
    rng = random.Random(seed)
    session = requests.Session()
    routes = [name for name, _ in MIX]
    weights = [weight for _, weight in MIX]
    samples: list[tuple[str, int, float, bool]] = []
    my_templates: list[int] = []
    pdf: bytes | None = None
    ids = list(setup.report_ids)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        route = rng.choices(routes, weights)[0]
        if route == "PUT /templates/{id}" and not my_templates or route == "DELETE /templates/{id}" and not my_templates:
            route = "POST /templates"
        if route == "POST /verify" and pdf is None:
            route = "GET /download/{id}"
        started = time.perf_counter()
        if route == "GET /templates (token check)":
            response = session.get(setup.api("/templates"), headers=auth(setup.reader), timeout=180)
        elif route == "GET /health":
            response = session.get(f"{setup.base}/health", timeout=180)
        elif route == "GET /templates (unknown token, 401)":
            response = session.get(setup.api("/templates"), headers=auth("ifr_" + uuid.uuid4().hex), timeout=180)
        elif route == "GET /list":
            offset = rng.choice([0, 0, 20, 100])
            response = session.get(setup.api(f"/list?limit=20&offset={offset}"), headers=auth(setup.reader), timeout=180)
        elif route == "GET /{id}":
            response = session.get(setup.api(f"/{rng.choice(ids)}"), headers=auth(setup.reader), timeout=180)
        elif route == "GET /download/{id}":
            response = session.get(setup.api(f"/download/{rng.choice(ids)}"), headers=auth(setup.reader), timeout=180)
            if response.status_code == 200:
                pdf = response.content
        elif route == "POST /verify":
            response = session.post(setup.api("/verify"), data=pdf, headers=auth(setup.reader) | {"Content-Type": "application/pdf"},
                                    timeout=180)
        elif route == "POST /preview":
            response = session.post(setup.api("/preview"), json=setup.seed, headers=auth(setup.editor), timeout=180)
        elif route == "POST /preview (custom block)":
            body = setup.seed | {"blocks": [*SEED_BLOCKS, setup.custom_key]}
            response = session.post(setup.api("/preview"), json=body, headers=auth(setup.editor), timeout=180)
        elif route == "POST /generate":
            response = session.post(setup.api("/generate"), json=setup.seed, headers=auth(setup.editor), timeout=180)
            if response.status_code == 200:
                ids.append(response.json()["id"])
        elif route == "POST /templates":
            response = session.post(setup.api("/templates"), headers=auth(setup.editor), timeout=180, json={
                "name": f"Load {uuid.uuid4().hex[:8]}", "blocks": SEED_BLOCKS, "language": "en"})
            if response.status_code == 201:
                my_templates.append(response.json()["id"])
        elif route == "PUT /templates/{id}":
            response = session.put(setup.api(f"/templates/{rng.choice(my_templates)}"), headers=auth(setup.editor),
                                   timeout=180, json={"description": f"revised {time.time():.3f}"})
        else:
            response = session.delete(setup.api(f"/templates/{my_templates.pop()}"), headers=auth(setup.editor), timeout=180)
        elapsed = (time.perf_counter() - started) * 1000
        retry_after = response.headers.get("Retry-After", "").isdigit()
        samples.append((route, response.status_code, elapsed, retry_after))
        if response.status_code == 503 and retry_after:
            time.sleep(min(int(response.headers["Retry-After"]), 2))
    for template_id in my_templates:
        session.delete(setup.api(f"/templates/{template_id}"), headers=auth(setup.editor), timeout=180)
    out.put(samples)


EXPECTED = {"GET /templates (unknown token, 401)": {401}, "POST /templates": {201}, "DELETE /templates/{id}": {204, 200}}


def mixed(setup: Setup, args: argparse.Namespace) -> None:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    clients = [multiprocessing.Process(target=mixed_client, args=(setup, args.duration, seed, queue))
               for seed in range(args.concurrency)]
    started = time.perf_counter()
    for client in clients:
        client.start()
    samples = [sample for _ in clients for sample in queue.get()]
    for client in clients:
        client.join()
    wall = time.perf_counter() - started
    for route, _ in MIX:
        mine = [s for s in samples if s[0] == route]
        statuses: dict[str, int] = {}
        for _, status, _, retry_after in mine:
            key = str(status) + (" retry-after" if status == 503 and retry_after else "")
            statuses[key] = statuses.get(key, 0) + 1
        answered = [s[2] for s in mine if s[1] != 503]
        expected = EXPECTED.get(route, {200})
        print(json.dumps({"name": "mixed", "route": route, "n": len(mine), "statuses": statuses,
                          "p50": percentile(answered, 0.5), "p99": percentile(answered, 0.99),
                          "unexpected": sum(1 for s in mine if s[1] not in expected and not (s[1] == 503 and s[3]))}),
              flush=True)
    print(json.dumps({"name": "mixed_total", "n": len(samples), "seconds": wall, "concurrency": args.concurrency,
                      "shed_503": sum(1 for s in samples if s[1] == 503 and s[3]),
                      "other_5xx": sum(1 for s in samples if s[1] >= 500 and not (s[1] == 503 and s[3])),
                      "gateway_502_504": sum(1 for s in samples if s[1] in (502, 504))}), flush=True)


# --- 4: memory over many generations ----------------------------------------------------------------

def generator(setup: Setup, count: int, out: multiprocessing.Queue) -> None:
    session = requests.Session()
    statuses: dict[int, int] = {}
    for _ in range(count):
        response = session.post(setup.api("/generate"), json=setup.seed, headers=auth(setup.editor), timeout=180)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if response.status_code == 503:
            time.sleep(1)
    out.put(statuses)


def generations(setup: Setup, args: argparse.Namespace) -> None:
    def run(total: int) -> dict[int, int]:
        queue: multiprocessing.Queue = multiprocessing.Queue()
        clients = [multiprocessing.Process(target=generator, args=(setup, total // 4, queue)) for _ in range(4)]
        for client in clients:
            client.start()
        statuses: dict[int, int] = {}
        for _ in clients:
            for status, count in queue.get().items():
                statuses[status] = statuses.get(status, 0) + count
        for client in clients:
            client.join()
        return statuses

    before = rss_mib(args.pid)
    first = run(1000)
    after_1000 = rss_mib(args.pid)
    started = time.perf_counter()
    rest = run(args.generations - 1000)
    after_all = rss_mib(args.pid)
    statuses = {str(k): first.get(k, 0) + rest.get(k, 0) for k in set(first) | set(rest)}
    print(json.dumps({"name": "rss", "before_mib": before, "after_1000_mib": after_1000, "generations": args.generations,
                      "after_all_mib": after_all, "statuses": statuses,
                      "rate": (args.generations - 1000) / (time.perf_counter() - started)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--var", required=True, type=Path)
    parser.add_argument("--admin", required=True)
    parser.add_argument("--editor", required=True)
    parser.add_argument("--reader", required=True)
    parser.add_argument("--pid", required=True, type=int, help="the responder's process id (for its RSS)")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--saturation", type=float, default=30)
    parser.add_argument("--generations", type=int, default=10_000)
    args = parser.parse_args()
    if args.generations < 2000:
        parser.error("--generations must be at least 2000 (the RSS is read after 1 000 and after all of them)")

    setup = Setup(args)
    session = requests.Session()
    # Reports to read and download in the mixed phase, and a custom block to preview.
    for _ in range(20):
        response = session.post(setup.api("/generate"), json=setup.seed, headers=auth(setup.editor), timeout=180)
        response.raise_for_status()
        setup.report_ids.append(response.json()["id"])
    setup.custom_key = f"load_{uuid.uuid4().hex[:8]}"
    session.post(setup.api("/custom-blocks"), headers=auth(setup.admin), timeout=60, json={
        "key": setup.custom_key, "name": "Load script block", "code_python": CUSTOM_BLOCK, "licence": "research",
        "language": "en", "api_calls": ["report"]}).raise_for_status()
    check = session.post(setup.api("/preview"), headers=auth(setup.editor), timeout=180,
                         json=setup.seed | {"blocks": [*SEED_BLOCKS, setup.custom_key]})
    if check.status_code != 200 or check.headers.get("X-Report-Warnings") != "0":
        raise RuntimeError(f"the custom block preview failed: {check.status_code} {check.text[:300]}")

    fast_calls(setup, args)
    mixed(setup, args)
    generations(setup, args)


if __name__ == "__main__":
    main()
