"""Load benchmark of the web endpoint on loopback, driven by wrk (a C load generator).

    python benchmarks/bench_serve.py [--index DIR] [--seconds 20] [--searchers 32] [--askers 16]
                                     [--workers 1] [--soak 0] [--settle 300]

Starts `assistant serve` on a free loopback port and runs wrk against it: N connections
searching, then M connections asking, every request a question no other request asks. Prints
requests per second, p50/p95/p99 latency, errors (connect, read, write, timeouts and non-2xx
answers), the server's memory (RSS of all its processes) at the start, end and peak of each
phase, and the CPU time the server used. The phases start once the server has embedded the
sentences of its passages, as it does while idle after start-up (`--settle 0`: at once, on a
cold server). `--soak 300` adds a five-minute search run that
prints the memory each minute: it should stay flat. wrk is installed by scripts/system-deps
(Debian's package) when missing. Nothing leaves this machine: the server listens on 127.0.0.1."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
TARGETS = {"search": (120.0, 300.0), "ask": (None, 500.0)}  # req/s at least, p95 ms at most

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
PLACES = ["", " in London", " in the United States", " in Europe", " in cities", " abroad"]
GROUPS = ["", " for young people", " for officers", " for minorities", " according to surveys"]
WHEN = ["", *(f" since {year}" for year in range(2000, 2025))]

#: wrk's script: each connection sends the next question of the file; done() prints the figures
SCRIPT = """
local bodies, n, i = {}, 0, 0
local count = 0
function setup(thread)
  thread:set("offset", count * 1000003)
  count = count + 1
end
function init(args)
  for line in io.lines(args[1]) do
    n = n + 1
    bodies[n] = line
  end
  i = (offset or 0) % n
end
function request()
  i = i % n + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"connect\\": %d, \\"read\\": %d, "
    .. "\\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, \\"p50\\": %d, \\"p95\\": %d, "
    .. "\\"p99\\": %d}\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def questions() -> list[str]:
    """Distinct questions, shuffled (234,000 of them)."""
    made = [
        t.format(topic + place + group + when)
        for t, topic, place, group, when in itertools.product(
            TEMPLATES, TOPICS, PLACES, GROUPS, WHEN
        )
    ]
    random.Random(7).shuffle(made)
    return made


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (the workers), MiB."""
    total = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        pids.extend(int(c) for c in children)
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")),
            0,
        )
    return total / 1024


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live children, seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        pids.extend(int(c) for c in children)
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


class Memory:
    """Samples the server's memory every half second while a phase runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(0.5):
            self.samples.append((time.monotonic() - started, tree_rss_mib(self.pid)))

    def __enter__(self) -> Memory:
        self.samples.append((0.0, tree_rss_mib(self.pid)))
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((self.samples[-1][0], tree_rss_mib(self.pid)))


def wrk(url: str, connections: int, seconds: float, bodies: Path, script: Path) -> dict[str, int]:
    argv = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
        "--",
        str(bodies),
    ]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    return dict(json.loads(line[len("RESULT ") :]))


def phase(
    name: str, url: str, connections: int, seconds: float, pool: list[str], pid: int, tmp: Path
) -> None:
    kind = name.split()[0]
    bodies = tmp / f"{name.replace(' ', '-')}.jsonl"
    bodies.write_text("".join(json.dumps({"question": q, "k": 5}) + "\n" for q in pool))
    script = tmp / "questions.lua"
    script.write_text(SCRIPT)
    cpu = tree_cpu_seconds(pid)
    with Memory(pid) as memory:
        result = wrk(f"{url}/api/{kind}", connections, seconds, bodies, script)
    cpu = tree_cpu_seconds(pid) - cpu
    elapsed = result["duration_us"] / 1e6
    errors = {k: result[k] for k in ("connect", "read", "write", "status", "timeout") if result[k]}
    rps = result["requests"] / elapsed
    least_rps, most_p95 = TARGETS[kind]
    met = (least_rps is None or rps >= least_rps) and result["p95"] / 1000 <= most_p95
    rss = [r for _, r in memory.samples]
    print(
        f"{name}: {connections} connections, {elapsed:.1f} s, {result['requests']} requests, "
        f"{rps:.1f} req/s, p50 {result['p50'] / 1000:.0f} ms, p95 {result['p95'] / 1000:.0f} ms, "
        f"p99 {result['p99'] / 1000:.0f} ms, errors {sum(errors.values())} {errors or ''}; "
        f"server RSS {rss[0]:.0f} → {rss[-1]:.0f} MiB (peak {max(rss):.0f}), server CPU "
        f"{cpu:.1f} s; target {'met' if met and not errors else 'missed'}",
        flush=True,
    )
    if seconds >= 120:  # a soak: the memory each minute
        marks = []
        for minute in range(int(seconds // 60) + 1):
            at = [r for t, r in memory.samples if t <= minute * 60 + 0.5]
            if at:
                marks.append(f"{minute} min {at[-1]:.0f}")
        print(f"  memory: {', '.join(marks)} MiB", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_wrk() -> None:
    if shutil.which("wrk") is None:
        subprocess.run([str(ROOT / "scripts" / "system-deps")], check=True)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run scripts/system-deps (as root) first.")


def wait_ready(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.5)


def wait_warm(url: str, limit: float) -> None:
    """Wait (up to `limit` seconds) for the server to embed its passages' sentences, as it does
    while idle after start-up: participants meet a warm server. Prints how long it took."""
    started = time.monotonic()
    health: dict[str, object] = {}
    while time.monotonic() - started < limit:
        health = httpx.get(f"{url}/api/health", timeout=5).json()
        if health.get("sentences_ready") == health.get("chunks"):
            break
        time.sleep(1)
    print(
        f"warm-up: sentences of {health.get('sentences_ready')} of {health.get('chunks')} "
        f"passages embedded in {time.monotonic() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--searchers", type=int, default=32)
    parser.add_argument("--askers", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--soak", type=float, default=0, help="seconds of a soak run (300)")
    parser.add_argument(
        "--settle",
        type=float,
        default=300,
        help="seconds to wait at most for the server's warm-up (0: measure a cold server)",
    )
    args = parser.parse_args()
    ensure_wrk()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        index = args.index
        if index is None:
            index = tmp / "index"
            subprocess.run(
                [sys.executable, "-m", "cli", "index", str(CORPUS), "--index", str(index)],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        argv = [sys.executable, "-m", "cli", "serve", "--port", str(port), "--index", str(index)]
        if args.workers != 1:
            argv += ["--workers", str(args.workers)]
        server = subprocess.Popen(argv, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url, server)
            if args.settle:
                wait_warm(url, args.settle)
            print(f"load average before: {os.getloadavg()[0]:.2f}; workers: {args.workers}")
            pool = questions()
            third = len(pool) // 3
            if args.searchers:  # 0: skip the phase
                phase("search", url, args.searchers, args.seconds, pool[:third], server.pid, tmp)
            if args.askers:
                phase(
                    "ask", url, args.askers, args.seconds, pool[third : 2 * third], server.pid, tmp
                )
            if args.soak and args.searchers:
                phase(
                    "search soak",
                    url,
                    args.searchers,
                    args.soak,
                    pool[2 * third :],
                    server.pid,
                    tmp,
                )
            print(f"load average after: {os.getloadavg()[0]:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
