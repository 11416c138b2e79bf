"""Index a corpus from scratch, then again unchanged, and print the figures.

    python benchmarks/bench_index.py [--corpus ../shared/corpus/docs]

Prints documents, pages, chunks, seconds per stage, chunks per second, peak memory, the share
of time outside embedding, and the time of a second, unchanged run (a fresh process, as a user
would run it).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from assistant.store.folder import Store  # noqa: E402
from assistant.store.indexer import STAGES, Indexer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(index=Path(folder) / "index")
        indexer = Indexer(settings)
        t = time.perf_counter()
        indexer.embedder.dimension  # noqa: B018 - load the model outside the timed stages
        load = time.perf_counter() - t
        result = indexer.run([args.corpus])
        version = Store(settings.index).open()
        docs = version.documents()
        pages = sum(d.report.pages for d in docs)
        chunks = version.chunk_count()
        t = result.timings
        total = t["total"]
        print(f"corpus            {args.corpus}")
        print(f"documents         {len(docs)} ({len(result.failed)} failed)")
        print(f"pdf pages         {pages}")
        print(f"chunks            {chunks}")
        print(f"model load        {load:6.2f} s (before the run)")
        for stage in STAGES:
            print(f"{stage:<17} {t[stage]:6.2f} s  {100 * t[stage] / total:5.1f} %")
        print(f"total             {total:6.2f} s")
        print(f"outside embedding {100 * (total - t['embed']) / total:5.1f} % (target <= 15 %)")
        print(f"chunks per second {chunks / total:6.1f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory       {peak:6.0f} MiB")
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cli",
                "index",
                str(args.corpus),
                "--index",
                str(settings.index),
                "--json",
            ],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        rerun = time.perf_counter() - start
        print(f"unchanged re-run  {rerun:6.2f} s (fresh process; target <= 2 s)")


if __name__ == "__main__":
    main()
