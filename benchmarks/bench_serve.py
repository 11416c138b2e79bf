"""Load benchmark of the web endpoint on loopback.

    python benchmarks/bench_serve.py [--index DIR] [--seconds 20] [--searchers 32] [--askers 8]

Starts `assistant serve` on a free loopback port, then runs two phases: N participants searching
and M participants asking, each sending distinct questions (no two alike) back to back for a
bounded time. Prints requests per second, p50/p95/p99 latency, errors, and the server's memory
(RSS) at the start and end of each phase."""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"

TEMPLATES = [
    "What does the research say about {}?",
    "How do police officers view {}?",
    "What are the risks of {}?",
    "Why is {} controversial?",
    "What evidence is there on {}?",
    "How has {} changed policing?",
    "Who supports {}?",
    "What did the studies find about {}?",
    "How is {} measured?",
    "What are the limits of research on {}?",
]
TOPICS = [
    "procedural justice",
    "stop and search",
    "body-worn cameras",
    "predictive policing",
    "community policing",
    "police legitimacy",
    "the Ferguson effect",
    "citizen advisory councils",
    "violence against police",
    "warrior and guardian mindsets",
    "police reform",
    "trust in police",
    "section 60 searches",
    "civilian demeanor",
    "audience legitimacy",
    "de-policing",
    "organized crime",
    "Interpol notices",
    "the OSCE",
    "racial bias in arrests",
    "officer safety",
    "police transparency",
    "media coverage of police",
    "collective efficacy",
    "drug searches in London",
    "broken windows policing",
    "municipal courts in Ferguson",
    "intelligence-led policing",
    "UNODC",
    "police militarization",
]
PLACES = ["", " in London", " in the United States", " in Europe", " since 2015", " in cities"]
GROUPS = [
    "",
    " for young people",
    " for officers",
    " for minorities",
    " for mayors",
    " according to surveys",
]


def questions() -> list[str]:
    """Distinct questions, shuffled (10,800 of them)."""
    made = [
        t.format(topic + place + group)
        for t, topic, place, group in itertools.product(TEMPLATES, TOPICS, PLACES, GROUPS)
    ]
    random.Random(7).shuffle(made)
    return made


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def phase(
    url: str, path: str, users: int, seconds: float, pool: list[str], pid: int, name: str
) -> None:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    supply = iter(pool)
    before = rss_mib(pid)
    peak = before
    deadline = time.monotonic() + seconds

    async def participant(client: httpx.AsyncClient) -> None:
        nonlocal peak
        while time.monotonic() < deadline:
            question = next(supply, None)
            if question is None:
                return  # every distinct question has been asked
            started = time.perf_counter()
            try:
                response = await client.post(path, json={"question": question, "k": 5})
                key = "" if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            latencies.append(time.perf_counter() - started)
            if key:
                errors[key] = errors.get(key, 0) + 1
            peak = max(peak, rss_mib(pid))

    limits = httpx.Limits(max_connections=users)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.monotonic()
        await asyncio.gather(*(participant(client) for _ in range(users)))
        elapsed = time.monotonic() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    print(
        f"{name}: {users} participants, {elapsed:.1f} s, {len(ordered)} requests, "
        f"{len(ordered) / elapsed:.1f} req/s, p50 {1000 * statistics.median(ordered):.0f} ms, "
        f"p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms, errors {sum(errors.values())} "
        f"{errors or ''}; server RSS {before:.0f} → {rss_mib(pid):.0f} MiB (peak {peak:.0f})"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--searchers", type=int, default=32)
    parser.add_argument("--askers", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        index = args.index
        if index is None:
            index = Path(folder) / "index"
            subprocess.run(
                [sys.executable, "-m", "cli", "index", str(CORPUS), "--index", str(index)],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        server = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--port", str(port), "--index", str(index)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.5)
            pool = questions()
            half = len(pool) // 2
            asyncio.run(
                phase(
                    url,
                    "/api/search",
                    args.searchers,
                    args.seconds,
                    pool[:half],
                    server.pid,
                    "search",
                )
            )
            asyncio.run(
                phase(url, "/api/ask", args.askers, args.seconds, pool[half:], server.pid, "ask")
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
