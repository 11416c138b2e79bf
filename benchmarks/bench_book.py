"""Index a generated 600-page book, and a scanned (image-only) slice of it, and print the time
per page of each stage.

    python benchmarks/bench_book.py [--pages-per-chapter 21] [--scanned 30]

The book (tests/pdfs.py `long_book_pdf`): 12 front pages numbered i-xii in the running heads, a
contents page, 28 chapters of dense text with a footnote on every page. The scanned copy of its
first `--scanned` pages is read by Tesseract (OCR cache empty). Prints pages, chunks, seconds and
milliseconds per page for parse, OCR, clean, chunk, embed and store, the progress events seen
(one per page read), the peak memory of this process and of the reading worker, and what the
reading found (labels, sections, footnotes).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from assistant.store.folder import Store  # noqa: E402
from assistant.store.indexer import STAGES, Indexer  # noqa: E402
from tests.pdfs import image_copy, long_book_pdf  # noqa: E402


def _run(settings: Settings, indexer: Indexer, pdf: Path, label: str) -> None:
    events: Counter[str] = Counter()
    indexer.progress = lambda stage, done, total, name: events.update([stage])
    start, cpu = time.perf_counter(), _cpu()
    result = indexer.run([pdf])
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    assert result.ok, result.failed
    version = Store(settings.index).open()
    (doc,) = [d for d in version.documents() if d.file == pdf.name]
    pages = doc.report.pages
    t = result.timings
    print(f"\n{label}: {pdf.name}")
    print(f"  pages             {pages}")
    print(f"  chunks            {doc.n_chunks}")
    print(f"  footnotes         {doc.report.footnotes}")
    print(f"  progress events   {dict(events)}")
    for stage in STAGES:
        per_page = 1000 * t[stage] / pages
        print(f"  {stage:<17} {t[stage]:7.2f} s  {per_page:7.1f} ms/page")
    print(f"  total (run)       {wall:7.2f} s  {1000 * wall / pages:7.1f} ms/page")
    print(f"  CPU time          {cpu:7.2f} s  {1000 * cpu / pages:7.1f} ms/page (all processes)")
    print(f"  labels            {doc.report.label_source}")
    print(f"  sections          {len(doc.sections)}")
    if doc.report.ocr_pages:
        confidence = sum(c for _, c in doc.report.ocr_pages) / len(doc.report.ocr_pages)
        print(f"  OCR pages         {len(doc.report.ocr_pages)} ({len(doc.report.ocr_low)} low)")
        print(f"  OCR confidence    {confidence:.1f} (mean word confidence)")


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the reader, Tesseract): a
    figure a busy machine inflates less than the wall clock."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chapters", type=int, default=28)
    parser.add_argument("--pages-per-chapter", type=int, default=21)
    parser.add_argument("--scanned", type=int, default=30, help="pages of the scanned copy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        t = time.perf_counter()
        book = long_book_pdf(base / "long-book.pdf", args.chapters, args.pages_per_chapter)
        print(f"generated the book in {time.perf_counter() - t:.1f} s")
        settings = Settings(index=base / "index")
        indexer = Indexer(settings)
        t = time.perf_counter()
        indexer.embedder.dimension  # noqa: B018 - load the model outside the timed stages
        print(f"model load        {time.perf_counter() - t:6.2f} s (before the runs)")
        _run(settings, indexer, book, "text book")
        if args.scanned:
            scan = image_copy(book, base / "long-book-scanned.pdf", range(args.scanned))
            _run(settings, indexer, scan, "scanned slice")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"\npeak memory       {own:6.0f} MiB (this process), {worker:6.0f} MiB (reader)")


if __name__ == "__main__":
    main()
