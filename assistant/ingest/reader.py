"""Reading one file — extraction, printed page labels, cleaning — in a worker process under a
budget. The worker's address space is capped (RLIMIT_AS), it is killed (SIGKILL) when a file
takes longer than its time, and pages and files over the character caps are refused. A file
over any budget is reported as too large or too complex and skipped; the next file gets a fresh
worker. (A crafted PDF of 31 KB made pdfium build 1.7 GB of text objects; one of 614 KB took
all 24 GB of a machine.)

One worker reads the files of a run one after another (a fresh Python for each would cost
~0.2 s a file); it leaves after a file that made it big, so the next one starts small. It talks
JSON lines over its standard input and a copy of its standard output; while it reads pages by
OCR it reports each page, and each page reported gives the file `ocr_seconds` more time.

Reading is: extraction (with OCR of pages without a text layer), printed labels, footnotes
split from the body text (layout), cleaning, then the document's structure (sections from the
outline or the printed contents, regions) and what its first pages print about it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import resource
import select
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from .. import errors
from ..errors import ExtractionError, TooComplex
from .extract import PageProgress, document_info, front_lines
from .files import shown, unreadable, valid_text
from .metadata import Printed, printed_front
from .pipeline import Budget, Read, read_file, read_from_json

__all__ = ["Budget", "Read", "Reader", "read_file"]

#: seconds a worker outlives its time budget on its own (SIGALRM), should its parent be gone
ORPHAN_GRACE = 5
#: seconds a new worker may take to start (Python and the PDF libraries), before any budget
START_SECONDS = 60.0
READY = b"ready\n"
#: a worker whose peak memory passed this share of its budget leaves after the file
RESTART_SHARE = 0.5


class Reader:
    """Reads files in a worker process under the budget. Use it as a context manager: the
    worker ends with the block."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self._worker: subprocess.Popen[bytes] | None = None
        self._pending = bytearray()  # what the worker wrote past the last full line

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, path: Path, sha: str = "", progress: PageProgress | None = None) -> Read:
        """Read a file; `sha` keys its OCR results, `progress(stage, done, total)` follows its
        pages (stage "read") and the pages read by OCR (stage "ocr")."""
        answer = self._ask(path, {"path": str(path), "sha": sha}, progress)
        return read_from_json(answer["read"])

    def info(self, path: Path) -> tuple[str, str, Printed]:
        """The title and author a PDF gives itself and what its first pages print (for a
        document the manifest no longer describes), read under the same budget."""
        title, author, printed = self._ask(path, {"path": str(path), "info": True})["info"]
        return str(title), str(author), Printed(**{**printed, "editors": tuple(printed["editors"])})

    def close(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            assert worker.stdin is not None and worker.stdout is not None
            with contextlib.suppress(BrokenPipeError):
                worker.stdin.close()  # the worker leaves at the end of its input
            try:
                worker.wait(timeout=5)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            worker.stdout.close()

    # -- the parent's side ------------------------------------------------------------------

    def _start(self) -> subprocess.Popen[bytes]:
        if self._worker is not None and self._worker.poll() is None:
            return self._worker
        self.close()
        root = str(Path(__file__).resolve().parents[2])  # the folder holding `assistant`
        search = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
        worker = self._worker = subprocess.Popen(
            [sys.executable, "-m", __name__, json.dumps(asdict(self.budget))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": search},
        )
        assert worker.stdout is not None
        self._pending.clear()
        if _read_line(worker.stdout, time.monotonic() + START_SECONDS, self._pending) != READY:
            worker.kill()
            self.close()
            raise ExtractionError("(reader)", "the worker process that reads files did not start")
        return worker

    def _ask(
        self,
        path: Path,
        request: dict[str, Any],
        progress: PageProgress | None = None,
    ) -> dict[str, Any]:
        line = json.dumps(request).encode() + b"\n"
        for attempt in range(2):
            worker = self._start()
            assert worker.stdin is not None
            try:
                worker.stdin.write(line)
                worker.stdin.flush()
                break
            except BrokenPipeError:  # it had left after its last file; start another
                self.close()
                if attempt:
                    raise
        assert worker.stdout is not None
        deadline = time.monotonic() + self.budget.seconds
        while True:
            reply = _read_line(worker.stdout, deadline, self._pending)
            if not reply or not reply.startswith(b'{"progress"'):
                break
            stage, done, total = json.loads(reply)["progress"]
            if stage == "ocr":
                deadline = max(deadline, time.monotonic() + self.budget.ocr_seconds)
            if progress is not None:
                progress(str(stage), int(done), int(total))
        if reply is None:
            worker.kill()  # SIGKILL: pdfium may be deep in C code
            self.close()
            raise TooComplex(
                shown(path),
                f"too large or too complex: reading it took over {self.budget.seconds:g} s "
                "(ASSISTANT_EXTRACT_SECONDS, and ASSISTANT_OCR_SECONDS for each page read by "
                "OCR) and was stopped. Skipped; if the file is genuine, split it or raise the "
                "limit.",
            )
        if not reply:
            code = worker.wait()
            self.close()
            raise _died(path, code, self.budget)
        answer: dict[str, Any] = json.loads(reply)
        if answer.get("leaving"):  # it grew big on this file; the next one gets a new worker
            self.close()
        if "error" in answer:
            kind = getattr(errors, answer["error"], ExtractionError)
            raise kind(shown(path), answer["reason"])
        return answer


def _read_line(stream: IO[bytes], deadline: float, pending: bytearray) -> bytes | None:
    """One line from the worker; b"" when it died, None when the deadline passed first. One
    read may bring several lines (progress reports come fast): the rest stays in `pending`."""
    fd = stream.fileno()
    while b"\n" not in pending:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        piece = os.read(fd, 1 << 20)
        if not piece:
            return b""
        pending += piece
    end = pending.index(b"\n") + 1
    line = bytes(pending[:end])
    del pending[:end]
    return line


def _died(path: Path, code: int, budget: Budget) -> ExtractionError:
    if code < 0 and -code in (signal.SIGABRT, signal.SIGKILL, signal.SIGBUS):
        return TooComplex(
            shown(path),
            f"too large or too complex: reading it ran over the memory budget of "
            f"{budget.memory_mb} MB (ASSISTANT_EXTRACT_MEMORY_MB; the reader ended with "
            f"{signal.Signals(-code).name}). Skipped; if the file is genuine, raise the limit.",
        )
    what = signal.Signals(-code).name if code < 0 else f"exit status {code}"
    return ExtractionError(
        shown(path),
        f"reading it crashed the PDF or text reader ({what}): the file is damaged or crafted. "
        "Download or export it again.",
    )


# -- the worker's side ---------------------------------------------------------------------


def _serve(budget: Budget) -> None:
    limit = budget.memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    import pypdf  # noqa: F401 - loaded before the first file's clock starts
    import pypdfium2  # noqa: F401

    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a C library prints must not mix with the replies
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    replies.write(READY)
    replies.flush()

    def page_read(stage: str, done: int, total: int) -> None:
        """Pages read, reported; a page read by OCR sets the orphan alarm a page's time
        further."""
        if stage == "ocr":
            signal.alarm(math.ceil(budget.seconds + budget.ocr_seconds) + ORPHAN_GRACE)
        replies.write(json.dumps({"progress": [stage, done, total]}).encode() + b"\n")
        replies.flush()

    for line in sys.stdin.buffer:
        request = json.loads(line)
        signal.alarm(math.ceil(budget.seconds) + ORPHAN_GRACE)
        leave = False
        try:
            path = Path(request["path"])
            if request.get("info"):
                title, author = map(valid_text, document_info(path))
                printed = printed_front(*front_lines(path))
                answer: dict[str, Any] = {"info": [title, author, asdict(printed)]}
            else:
                options = budget.ocr_options(request.get("sha", ""))
                answer = {"read": asdict(read_file(path, budget, options, page_read))}
        except ExtractionError as exc:
            answer = {"error": type(exc).__name__, "reason": exc.reason}
        except MemoryError:
            answer = {
                "error": "TooComplex",
                "reason": f"too large or too complex: reading it needed more than the memory "
                f"budget of {budget.memory_mb} MB (ASSISTANT_EXTRACT_MEMORY_MB). Skipped.",
            }
            leave = True
        except OSError as exc:
            answer = {"error": "ExtractionError", "reason": unreadable(exc)}
        except Exception as exc:  # a damaged file must not stop the run
            answer = {"error": "ExtractionError", "reason": f"unexpected error: {exc!r}"}
        signal.alarm(0)
        answer["leaving"] = leave or _peak_memory() > RESTART_SHARE * limit
        replies.write(json.dumps(answer).encode() + b"\n")
        replies.flush()
        if answer["leaving"]:
            return


def _peak_memory() -> int:
    """The worker's peak resident memory in bytes (VmHWM; not ru_maxrss, which after exec
    still counts the parent the worker was forked from), 0 where /proc is missing."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    _serve(Budget(**json.loads(sys.argv[1])))
