"""Hostile files for the ingest stage: crafted PDFs under the reader's memory, time and character
budgets (a real worker process, a real SIGKILL), adversarial text for cleaning, page labels,
Markdown and manuscripts (linear time), text encodings and binary data."""

from __future__ import annotations

import codecs
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.errors import ExtractionError, TooComplex, UnsupportedFormat
from assistant.ingest.clean import clean_pages
from assistant.ingest.extract import extract, markdown_to_text
from assistant.ingest.labels import printed_numbers
from assistant.ingest.reader import Budget, Reader, read_file
from assistant.sources.manuscript import find_items
from tests.pdfs import crafted_pdf, make_pdf

N = 100_000  # characters of adversarial input
#: generous: the quadratic cases took 59 s to minutes before the fix, and take 2 s at most now
BOUND = 20.0


def test_crafted_pdf_over_the_memory_budget_is_refused(tmp_path: Path) -> None:
    """A 10 KB PDF whose one page holds 10^6 text operators makes pdfium build ~600 MB of text
    objects; with a 256 MB budget the worker ends and the file is too large or too complex."""
    pdf = crafted_pdf(tmp_path / "bomb.pdf", 10**6)
    assert pdf.stat().st_size < 20_000
    good = make_pdf(tmp_path / "good.pdf", [["An ordinary page about foot patrols."]])
    with Reader(Budget(memory_mb=256)) as reader:
        with pytest.raises(TooComplex, match=r"bomb\.pdf: too large or too complex.*256 MB"):
            reader.read(pdf)
        assert "foot patrols" in reader.read(good).pages[0].text  # a fresh worker goes on


def test_a_reader_over_its_time_is_killed(tmp_path: Path) -> None:
    """2·10^7 graphics operators (80 KB, little memory) keep pdfium busy for over a second: the
    worker gets SIGKILL at the deadline and the next file gets a new one."""
    slow = crafted_pdf(tmp_path / "slow.pdf", 2 * 10**7, b"q Q\n")
    good = tmp_path / "good.txt"
    good.write_text("Body-worn cameras record police encounters.")
    with Reader(Budget(seconds=0.25)) as reader:
        assert reader.read(good).pages[0].text.startswith("Body-worn")
        worker = reader._worker
        assert worker is not None
        started = time.monotonic()
        with pytest.raises(TooComplex, match=r"slow\.pdf: too large or too complex.*0\.25 s"):
            reader.read(slow)
        assert time.monotonic() - started < 10
        assert worker.returncode == -9  # killed, and reaped
        with pytest.raises(ProcessLookupError):
            os.kill(worker.pid, 0)
        assert reader.read(good).pages[0].text.startswith("Body-worn")


def test_character_caps_per_page_and_per_document(tmp_path: Path) -> None:
    pdf = crafted_pdf(tmp_path / "dense.pdf", 20_000)
    with pytest.raises(TooComplex, match=r"page 1 holds 20,000 characters.*MAX_PAGE_CHARS"):
        read_file(pdf, Budget(page_chars=10_000))
    text = tmp_path / "long.txt"
    text.write_text("word " * 5_000)
    with pytest.raises(TooComplex, match=r"long\.txt: too large.*over 20,000 characters"):
        read_file(text, Budget(document_chars=20_000))
    assert read_file(pdf).pages[0].text == "x" * 20_000  # the defaults take it


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "text",
    [
        "x" * N,  # a run without spaces (what extraction gives when they are lost): 214 s before
        ("a" * 50 + "-\n") * (N // 52),
        "a- " * (N // 3),
        "x" + " " * N + "12",  # page-number patterns on a long edge line
        "12" + " " * N + "| x",
    ],
    ids=["letters", "line-hyphens", "space-hyphens", "trailing-number", "leading-number"],
)
def test_cleaning_is_linear(text: str) -> None:
    assert _timed(lambda: clean_pages([text, text[: N // 2]])) < BOUND
    assert _timed(lambda: printed_numbers(text)) < BOUND


@pytest.mark.parametrize(
    "source",
    ["[x " * (N // 3), "[" * N, "![" * (N // 2), "*a" * (N // 2), "{%" * (N // 2), "> " * N],
    ids=["open-links", "brackets", "images", "emphasis", "template-tags", "quotes"],
)
def test_markdown_is_linear(source: str) -> None:
    assert _timed(lambda: markdown_to_text(source)) < BOUND


def test_manuscript_citations_are_found_in_linear_time() -> None:
    text = "(" + "Nix 2016 " * (N // 9) + "and so on. " + '"' + "a" * N
    assert _timed(lambda: find_items(text)) < BOUND


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", b""),
    ],
)
def test_wide_encodings_are_decoded(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "wide.txt"
    text = "Procedural justice shapes trust in the police — Café de Flore.\n" * 3
    path.write_bytes(bom + text.encode(encoding))
    extracted = extract(path)
    assert extracted.pages[0].text == text
    assert "\x00" not in extracted.pages[0].text
    assert bool(extracted.warnings) == (not bom)  # read by its zero bytes: said so


def test_binary_data_is_refused_with_a_reason(tmp_path: Path) -> None:
    noise = random.Random(12).randbytes(20_000)
    for name in ("random.md", "random.txt", "random.html"):
        path = tmp_path / name
        path.write_bytes(noise)
        with pytest.raises(UnsupportedFormat, match=r"binary data, not text: \d+%.*UTF-8"):
            extract(path)
    text = tmp_path / "mostly.txt"
    text.write_bytes(b"Ordinary text with a form feed\x0c and a tab\t. " * 50)
    assert extract(text).pages[0].text.startswith("Ordinary")


def test_malformed_html_is_a_reported_failure(tmp_path: Path) -> None:
    page = tmp_path / "odd.html"
    page.write_text("<p>Text</p><![" * 50)
    with pytest.raises(ExtractionError, match=r"odd\.html: not well-formed HTML") as caught:
        extract(page)
    assert type(caught.value) is ExtractionError
