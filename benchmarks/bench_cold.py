"""Cold start of the command line: the wall time of `ask`, `search`, `docs` and `--help`, each
in a fresh process, as a student at a terminal waits for it.

    python benchmarks/bench_cold.py [--index DIR] [--repeat 5]

Builds an index of the shared corpus first unless --index names one. Prints, per command, the
median and best wall time and the median CPU time (user + system) of the process: on a busy
machine the CPU time shows what the command costs, the wall time what it cost this time. The
machine's load average is printed before and after."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
QUESTION = "What makes section 60 weapons searches more contentious than other searches?"
TARGETS = {"ask": 1.0, "search": 1.0, "docs": 0.5, "--help": 0.5}  # seconds, wall


def assistant() -> list[str]:
    """The installed console script (what a student runs), else the module."""
    script = Path(sys.executable).with_name("assistant")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process; it must succeed."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {errors}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    with tempfile.TemporaryDirectory() as folder:
        index = args.index
        if index is None:
            index = Path(folder) / "index"
            subprocess.run(
                [*assistant(), "index", str(CORPUS), "--index", str(index)],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        commands = {
            "ask": ["ask", QUESTION, "--index", str(index)],
            "search": ["search", QUESTION, "--index", str(index)],
            "docs": ["docs", "--index", str(index)],
            "--help": ["--help"],
        }
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        run_once([*assistant(), *commands["ask"]], env)  # page cache warm, as on a second use
        for name, argv in commands.items():
            runs = [run_once([*assistant(), *argv], env) for _ in range(args.repeat)]
            walls = [w for w, _ in runs]
            cpus = [c for _, c in runs]
            median = statistics.median(walls)
            verdict = "ok" if median <= TARGETS[name] else "over"
            print(
                f"{name:<7} wall median {median:.2f} s, best {min(walls):.2f} s; "
                f"CPU median {statistics.median(cpus):.2f} s; target {TARGETS[name]:.1f} s "
                f"{verdict} ({args.repeat} runs)"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
