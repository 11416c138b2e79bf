"""OCR for pages without a usable text layer: pdfium renders the page, the Tesseract command
reads it (TSV: words with their boxes and confidences), and the words become lines with a
size and a place, like the lines pdfium gives, so the same layout rules apply.

The command rather than a binding: it needs no compiled package (the one binding with wheels,
tesserocr, ships its own Tesseract for x86-64 only), the language packs are Debian's, and two
pages are read at once on two cores. Measured on the Tregle tables at 200 dpi, one thread each:
the command 2.5-4.2 s a page, the binding 1.6-2.8 s (it keeps the model loaded), so the
command reading two pages at a time is as fast as the binding reading one.

Results are kept per document (its sha256), languages and resolution in a cache folder beside
the index versions, so a re-index, even --rebuild, does not read the pages again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..types import Line

OCR_DPI = 200  # 300 costs twice the time for the same words on printed pages
OCR_MODES = ("auto", "off", "force")
#: a page whose words Tesseract is on average less sure of than this is flagged
LOW_CONFIDENCE = 70.0
#: pages read at once (one Tesseract process each, one thread each)
PARALLEL = max(1, min(2, os.cpu_count() or 1))
INSTALL_HINT = (
    "install Tesseract (Debian/Ubuntu: `apt-get install tesseract-ocr tesseract-ocr-eng`; "
    "macOS: `brew install tesseract`) and index again"
)
CACHE_VERSION = 1
#: a page with fewer characters of its own than this has no usable text layer
MIN_PAGE_CHARS = 20
#: an image covering this share of a page makes it a scan, when the page's text is only what
#: most pages repeat (a footer stamped on every page of a scanned document)
SCAN_SHARE = 0.5
REPEATED_SHARE = 0.3  # a line on at least this share of the pages (and 3) is repeated text


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[Line, ...]
    confidence: float  # mean word confidence, 0-100 (0 when no word was found)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _line_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def pages_to_read(document: Any, texts: Sequence[str], force: bool = False) -> list[int]:
    """The pages (0-based) OCR should read: every page when forced; else the pages without any
    text, and the pages an image mostly covers whose own text is a few characters or only lines
    most pages repeat (a scanned page under a footer the publisher stamped on every page). A
    page with a short text and no such image is a page with a short text."""
    if force:
        return list(range(len(texts)))
    lines = [[line for line in text.splitlines() if line.strip()] for text in texts]
    seen = Counter(key for page in lines for key in {_line_key(line) for line in page})
    many = max(3.0, REPEATED_SHARE * len(texts))
    wanted = []
    for index, page in enumerate(lines):
        own = sum(len(line.strip()) for line in page if seen[_line_key(line)] < many)
        if own < MIN_PAGE_CHARS and (not page or _image_share(document, index) >= SCAN_SHARE):
            wanted.append(index)
    return wanted


def _image_share(document: Any, index: int) -> float:
    """The share of the page the largest image on it covers (0 if it cannot tell)."""
    import pypdfium2.raw as pdfium_c

    try:
        page = document[index]
        width, height = page.get_size()
        largest = 0.0
        for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
            left, bottom, right, top = image.get_bounds()
            largest = max(largest, (right - left) * (top - bottom))
        return largest / (width * height) if width * height > 0 else 0.0
    except Exception:  # a damaged page: no image found
        return 0.0


def tesseract_problem(langs: str) -> str | None:
    """Why OCR cannot run with these languages (no Tesseract, a missing language pack), or
    None when it can."""
    return _problem(langs, shutil.which("tesseract"))


@lru_cache(maxsize=8)
def _problem(langs: str, command: str | None) -> str | None:
    if command is None:
        return "Tesseract is not installed: " + INSTALL_HINT
    try:
        listed = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return f"Tesseract does not run ({exc}): " + INSTALL_HINT
    known = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    missing = [lang for lang in langs.split("+") if lang and lang not in known]
    if missing:
        packs = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        return (
            f"the Tesseract language data for {', '.join(missing)} is not installed "
            f"(ASSISTANT_OCR_LANGS={langs}): `apt-get install {packs}`, or set "
            "ASSISTANT_OCR_LANGS to installed languages"
        )
    return None


class OcrCache:
    """The pages of one document already read, on disk: CACHE/<sha256>-<langs>-<dpi>.json."""

    def __init__(self, folder: Path | None, sha: str, langs: str) -> None:
        self.path = (
            folder / f"{sha}-{langs.replace('+', '_')}-{OCR_DPI}.json" if folder and sha else None
        )
        self.pages: dict[int, OcrPage] = {}
        if self.path is not None and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == CACHE_VERSION:
                    for key, page in data["pages"].items():
                        lines = tuple(Line(**line) for line in page["lines"])
                        self.pages[int(key)] = OcrPage(lines, float(page["confidence"]))
            except (OSError, ValueError, KeyError, TypeError):
                self.pages = {}  # a damaged cache is read again

    def save(self) -> None:
        if self.path is None:
            return
        data = {
            "version": CACHE_VERSION,
            "pages": {
                str(k): {"lines": [asdict(line) for line in p.lines], "confidence": p.confidence}
                for k, p in sorted(self.pages.items())
            },
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written costs time, not results


def read_pages(
    document: Any,
    indexes: Sequence[int],
    langs: str,
    cache: OcrCache,
    progress: Callable[[int, int], None] | None = None,
) -> dict[int, OcrPage]:
    """OCR of the pages (0-based indexes) of an open pdfium document, from the cache where it
    has them; `progress(done, total)` after each page."""
    result = {i: cache.pages[i] for i in indexes if i in cache.pages}
    todo = [i for i in indexes if i not in result]
    done = len(result)
    if progress and done:
        progress(done, len(indexes))
    if not todo:
        return result
    command = shutil.which("tesseract") or "tesseract"
    with ThreadPoolExecutor(PARALLEL) as pool:
        running: list[tuple[int, Future[OcrPage]]] = []
        for index, image in _rendered(document, todo):
            running.append((index, pool.submit(_recognise, command, image, langs)))
            while len(running) >= PARALLEL + 1 or (running and index == todo[-1]):
                first, future = running.pop(0)
                result[first] = cache.pages[first] = future.result()
                done += 1
                if progress:
                    progress(done, len(indexes))
                if done % 10 == 0:
                    cache.save()
    cache.save()
    return result


def _rendered(document: Any, indexes: Sequence[int]) -> Iterator[tuple[int, bytes]]:
    """Each page as a greyscale PGM image at OCR_DPI (pdfium is not thread-safe: rendered here,
    one at a time)."""
    for index in indexes:
        bitmap = document[index].render(scale=OCR_DPI / 72, grayscale=True)
        pixels = bitmap.to_numpy()
        height, width = pixels.shape[:2]
        yield (
            index,
            b"P5\n%d %d\n255\n" % (width, height) + pixels.reshape(height, -1)[:, :width].tobytes(),
        )


def _recognise(command: str, image: bytes, langs: str) -> OcrPage:
    done = subprocess.run(
        [command, "stdin", "stdout", "-l", langs, "--dpi", str(OCR_DPI), "tsv"],
        input=image,
        capture_output=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        check=False,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OSError(f"Tesseract failed ({message[-1] if message else done.returncode})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str, dpi: int = OCR_DPI) -> OcrPage:
    """Tesseract's TSV (level 5 rows are words) as lines: words of one (block, paragraph,
    line) joined, their median height as the size, in points; in Tesseract's reading order."""
    scale = 72 / dpi
    groups: dict[tuple[str, str, str], list[tuple[int, int, int, int, float, str]]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        groups.setdefault((cells[2], cells[3], cells[4]), []).append(
            (left, top, width, height, float(cells[10]), cells[11])
        )
    lines = []
    confidences = []
    for words in groups.values():
        heights = sorted(w[3] for w in words)
        lines.append(
            Line(
                " ".join(w[5] for w in words),
                round(heights[len(heights) // 2] * scale, 2),
                round(min(w[0] for w in words) * scale, 1),
                round(min(w[1] for w in words) * scale, 1),
                round(max(w[1] + w[3] for w in words) * scale, 1),
            )
        )
        confidences += [w[4] for w in words if w[4] >= 0]
    confidence = sum(confidences) / len(confidences) if confidences else 0.0
    return OcrPage(tuple(lines), round(confidence, 1))
