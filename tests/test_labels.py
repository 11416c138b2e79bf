from __future__ import annotations

from pathlib import Path

from assistant.ingest.extract import extract
from assistant.ingest.labels import (
    SOURCE_NONE,
    SOURCE_PAGE_LABELS,
    SOURCE_PDF_INDEX,
    SOURCE_PRINTED,
    assign_labels,
    printed_numbers,
)
from assistant.types import RawPage
from tests.pdfs import make_pdf

BODY = [
    "Community policing asks officers to work with residents on local problems.",
    "Patrol officers met neighbourhood groups every month during the trial.",
    "The evaluation compared complaints before and after the programme began.",
]


def test_printed_numbers_at_page_edges() -> None:
    assert printed_numbers("12\nBody text here\nmore") == ({12}, set())
    assert printed_numbers("2 P. J. SMITH ET AL.\nBody")[0] == {2}
    assert printed_numbers("Body\nJOURNAL OF POLICING 17") == ({17}, set())
    assert printed_numbers("Body\n- iv -") == (set(), {"iv"})
    middle = "a\nb\nc\n42\nd\ne\nmil"
    assert printed_numbers(middle) == (set(), set())


def test_roman_front_matter_and_arabic_body_from_page_labels(tmp_path: Path) -> None:
    pages = [
        ["Preface", *BODY, "i"],
        ["Acknowledgements", *BODY, "ii"],
        ["POLICING CITIES", *BODY, "1"],
        ["POLICING CITIES", *BODY, "2"],
        ["POLICING CITIES", *BODY, "3"],
    ]
    pdf = make_pdf(tmp_path / "book.pdf", pages, labels=[(0, "/r", 1), (2, "/D", 1)])
    result = assign_labels(extract(pdf).pages)
    assert result.labels == ("i", "ii", "1", "2", "3")
    assert result.source == SOURCE_PAGE_LABELS


def test_post_print_numbers_behind_pdf_index(tmp_path: Path) -> None:
    pages = [["A Title Page Without Number", *BODY]] + [[str(n), *BODY] for n in range(1, 6)]
    result = assign_labels(extract(make_pdf(tmp_path / "post.pdf", pages)).pages)
    assert result.labels == (None, "1", "2", "3", "4", "5")
    assert result.source == SOURCE_PRINTED


def test_journal_pagination_in_running_heads(tmp_path: Path) -> None:
    pages = [
        [f"{611 + i} J. NIX ET AL." if i % 2 else f"JOURNAL OF POLICING {611 + i}", *BODY]
        for i in range(4)
    ]
    result = assign_labels(extract(make_pdf(tmp_path / "journal.pdf", pages)).pages)
    assert result.labels == ("611", "612", "613", "614")


def test_cover_sheet_with_repeated_page_label(tmp_path: Path) -> None:
    pages = [
        ["Publisher cover sheet", "Terms and conditions of use"],
        ["JOURNAL OF POLICING", *BODY],
        ["2 P. SMITH ET AL.", *BODY],
        ["JOURNAL OF POLICING 3", *BODY],
    ]
    pdf = make_pdf(tmp_path / "cover.pdf", pages, labels=[(0, "/D", 1), (1, "/D", 1)])
    result = assign_labels(extract(pdf).pages)
    assert result.labels == (None, "1", "2", "3")
    assert result.source == SOURCE_PAGE_LABELS
    assert "cover sheet" in result.notes[0]


def test_page_labels_contradicted_by_printed_numbers(tmp_path: Path) -> None:
    pages = [["Title page", *BODY]] + [[str(n), *BODY] for n in range(1, 5)]
    pdf = make_pdf(tmp_path / "wrong.pdf", pages, labels=[(0, "/D", 1)])
    result = assign_labels(extract(pdf).pages)
    assert result.labels == (None, "1", "2", "3", "4")
    assert result.source == SOURCE_PRINTED


def test_no_printed_numbers_falls_back_to_pdf_index(tmp_path: Path) -> None:
    pages = [BODY, BODY, BODY]
    result = assign_labels(extract(make_pdf(tmp_path / "plain.pdf", pages)).pages)
    assert result.labels == ("1", "2", "3")
    assert result.source == SOURCE_PDF_INDEX


def test_text_documents_have_no_labels() -> None:
    result = assign_labels([RawPage(None, "Some text")])
    assert result.labels == (None,)
    assert result.source == SOURCE_NONE
