"""A generated edited book: roman front matter printed in the running heads (no /PageLabels), a
contents page naming chapter authors, chapter title pages, footnotes, a references list and an
index — and the same book scanned (image-only), read by Tesseract."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.answers.extractive import ExtractiveAnswerer
from assistant.ingest.extract import OcrOptions
from assistant.ingest.ocr import LOW_CONFIDENCE, parse_tsv, tesseract_problem
from assistant.ingest.reader import Budget, Read, Reader, read_file
from assistant.ingest.structure import find_sections
from assistant.search.asked import wanted_regions
from assistant.search.describe import describe_hit
from assistant.search.retrieve import Filters, Retriever
from assistant.settings import Settings
from assistant.sources.bibliography import csl_item
from assistant.sources.cite import Verifier
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from assistant.store.indexer import Indexer
from assistant.store.version import IndexVersion
from assistant.types import REFERENCES, RawPage
from cli.main import app
from tests.pdfs import (
    BOOK_EDITORS,
    BOOK_TITLE,
    SCANNED_WORD,
    SPLIT_SENTENCE,
    book_pdf,
    image_copy,
    long_book_pdf,
    stamped_scan,
)

LABELS = ("i", "ii", "iii", "iv", "v", *(str(n) for n in range(1, 12)))
SCANNED_PAGES = 9  # of the book's 16, read by OCR: the front matter and chapter 1


@pytest.fixture(scope="session")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return book_pdf(tmp_path_factory.mktemp("book") / "harbour-cities.pdf")


@pytest.fixture(scope="session")
def book_index(
    tmp_path_factory: pytest.TempPathFactory, book: Path, embedder: SentenceTransformerEmbedder
) -> Settings:
    settings = Settings(index=tmp_path_factory.mktemp("book-index"))
    result = Indexer(settings, embedder=embedder).run([book])
    assert result.ok, result.failed
    return settings


@pytest.fixture(scope="session")
def scanned(tmp_path_factory: pytest.TempPathFactory, book: Path) -> tuple[Path, Read, Path]:
    """The book's first pages as images only, read once by OCR (about 10 s); the OCR results
    kept in a cache folder."""
    if tesseract_problem("eng"):
        pytest.fail(f"these tests need Tesseract: {tesseract_problem('eng')}")
    folder = tmp_path_factory.mktemp("scan")
    scan = image_copy(book, folder / "scan.pdf", range(SCANNED_PAGES))
    cache = folder / "cache"
    return scan, read_file(scan, ocr=OcrOptions(cache=str(cache), sha="scan")), cache


def _words(read: Read) -> list[str]:
    text = " ".join(
        [p.text for p in read.pages] + [n.text for p in read.pages for n in p.footnotes]
    )
    return re.findall(r"[a-z0-9]+", text.lower())


def test_roman_front_matter_then_arabic_without_page_labels(book: Path) -> None:
    read = read_file(book)
    assert tuple(p.label for p in read.pages) == LABELS
    assert read.label_source == "printed-numbers"


def test_the_reading_worker_reports_every_page(book: Path) -> None:
    """Progress comes a line per page from the worker (several may arrive in one read)."""
    seen: list[tuple[str, int, int]] = []
    with Reader(Budget()) as reader:
        read = reader.read(
            book, progress=lambda stage, done, total: seen.append((stage, done, total))
        )
    assert seen == [("read", n, len(LABELS)) for n in range(1, len(LABELS) + 1)]
    assert tuple(p.label for p in read.pages) == LABELS


def test_sections_from_the_contents_with_printed_pages_and_chapter_authors(book: Path) -> None:
    sections = read_file(book).sections
    found = [(s.title, s.level, s.first_page, s.last_page, s.authors) for s in sections]
    assert found == [
        ("Preface", 1, "v", "v", ()),
        ("1 Policing the waterfront", 1, "1", "4", ("Anna Berg",)),
        ("2 Night-time economies", 1, "5", "8", ("Tom Hale", "Mia Kerr")),
        ("References", 1, "9", "10", ()),
        ("Index", 1, "11", "11", ()),
    ]


def test_an_outline_entry_that_names_a_file_is_no_section() -> None:
    """Some publishers' PDFs carry the name of the file they were made from as the first
    outline entry; a reader never sees it as a heading."""
    pages = [RawPage(1, "Abstract. Police officers and advisory councils."), RawPage(2, "Results")]
    outline = [("tmp.1572637758.pdf.iUlTf", 1, 1), ("Results", 1, 2)]
    sections = find_sections(pages, [p.text for p in pages], ["1", "2"], outline)
    assert [s.title for s in sections] == ["Results"]


def test_chapter_headings_that_repeat_in_the_running_heads_still_make_sections(
    tmp_path: Path,
) -> None:
    """The running heads of a chapter repeat its title, so cleaning drops the heading on its
    opening page as one of them: the chapter still starts there."""
    read = read_file(long_book_pdf(tmp_path / "long.pdf", chapters=4, pages_per_chapter=3))
    assert [p.label for p in read.pages][10:14] == ["xi", "xii", "1", "2"]
    found = [(s.title, s.first_page, s.last_page) for s in read.sections]
    assert found == [(f"{c} Chapter on topic {c}", str(3 * c - 2), str(3 * c)) for c in range(1, 5)]
    assert sum(len(p.footnotes) for p in read.pages) == 12


def test_regions_and_footnotes(book: Path) -> None:
    pages = read_file(book).pages
    regions = [p.region_at(0) for p in pages]
    assert regions[:4] == ["front"] * 4  # cover, copyright, contents, acknowledgements
    assert set(regions[4:13]) == {"body"}
    assert regions[13:15] == ["references"] * 2 and regions[15] == "index"
    page_2 = pages[6]
    assert [(n.number, n.text) for n in page_2.footnotes] == [
        ("1", "Boarding at anchor was first tried in 1998 on tankers waiting for a berth.")
    ]
    assert "Boarding" not in page_2.text  # the note left the body text…
    assert page_2.text.endswith("board ships at anchor")  # …and so did its raised marker
    assert page_2.markers == ((len(page_2.text), "1"),)


def test_book_index_passages_know_region_section_and_notes(book_index: Settings) -> None:
    version = Store(book_index.index).open()
    (doc,) = version.documents()
    chunks = list(version.chunks(version.chunk_ids(None)).values())
    notes = [c for c in chunks if c.region == "footnote"]
    assert sorted(c.spans[0].note for c in notes) == ["1", "2", "3"]
    lorry = next(c for c in notes if "lorry thefts" in c.text)
    assert (lorry.spans[0].label, lorry.spans[0].note) == ("4", "2")
    body = [c for c in chunks if "theft from parked lorries" in c.text]
    assert body and all("2" in c.notes for c in body)
    sections = {doc.sections[c.section].title for c in chunks if c.section is not None}
    assert "2 Night-time economies" in sections
    assert doc.report.footnotes == 3 and doc.report.regions["front"] >= 1


def test_title_editors_and_year_from_the_first_pages(book_index: Settings) -> None:
    (doc,) = Store(book_index.index).open().documents()
    meta = doc.meta
    assert (meta.title, meta.editors, meta.year) == (BOOK_TITLE, BOOK_EDITORS, 2019)
    assert meta.origin("title") == meta.origin("year") == "first pages"
    assert meta.publisher == "Meridian Press"
    # chapters name their authors: a page of chapter 2 is cited as that chapter in the book
    item = csl_item(doc, "6")
    assert item["type"] == "chapter" and item["title"] == "2 Night-time economies"
    assert [a["family"] for a in item["author"]] == ["Hale", "Kerr"]
    assert item["container-title"] == BOOK_TITLE and item["page"] == "5-8"


def test_a_quote_a_footnote_interrupted_verifies_exactly(
    book_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    retriever = Retriever(Store(book_index.index).open(), embedder)
    quote = "began to board ships at anchor and the customs service shared its manifests"
    verdict = Verifier(retriever).verify(quote)
    assert (verdict.verdict, verdict.labels) == ("exact", ("2", "3"))
    assert " ".join(verdict.source_text.split()) in SPLIT_SENTENCE.replace("[1]", "")
    note = Verifier(retriever).verify("first tried in 1998 on tankers waiting for a berth")
    assert (note.verdict, note.locator) == ("exact", "p. 2 n. 1 [PDF 7]")


def test_contents_and_index_rank_below_body_text_unless_asked_for(
    book_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    retriever = Retriever(Store(book_index.index).open(), embedder)
    question = "street pastors ferry terminal licensing officers ambulance calls"
    hits = retriever.search(question, k=20)
    regions = [h.chunk.region for h in hits]
    first_other = min(i for i, r in enumerate(regions) if r in ("front", "index"))
    assert all(r in ("body", "footnote") for r in regions[:first_other])
    assert "body" in regions[:first_other]
    asked = retriever.search(question, k=3, filters=Filters(regions=("index",)))
    assert {h.chunk.region for h in asked} == {"index"}
    cited = retriever.search("Which book did Routledge publish in 2017?", k=3)
    assert cited[0].chunk.region == "references"
    within = retriever.search("officers", k=10, filters=Filters(section="night-time"))
    assert within and {describe_hit(1, h, "x")["section"]["label"] for h in within} == {
        "§2 Night-time economies"
    }


def test_a_work_cited_by_a_document_is_asked_about_in_its_body_text() -> None:
    assert REFERENCES in wanted_regions("Which journal published Huff's 2018 study?")
    assert REFERENCES in wanted_regions("Which works does the chapter cite on patrol?")
    question = "In Huff's (2018) study cited by Bussey, how did the resisting officers differ?"
    assert REFERENCES not in wanted_regions(question)
    assert REFERENCES not in wanted_regions("What did Lee (2012), as cited in the report, find?")


def test_answers_quote_contents_cover_or_index_only_when_asked_about_them(
    book_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    answerer = ExtractiveAnswerer(Retriever(Store(book_index.index).open(), embedder))
    answer = answerer.answer("How many officers does the waterfront unit count?")
    assert not answer.refused and "forty officers" in answer.text
    assert answer.citations[0].labels == ("1",)
    assert answer.citations[0].section == "§1 Policing the waterfront"
    for question in ("Who walks the nightlife district at night?", "Contents of the book"):
        found = answerer.answer(question)
        assert all(h.chunk.region not in ("front", "index") for h in found.hits)
    # …unless the question is about them: then they are what answers it
    contents = answerer.answer(
        "According to the table of contents, on which page does the chapter on night-time "
        "economies begin?"
    )
    assert not contents.refused and contents.citations[0].labels == ("iii",)
    assert "Night-time economies 5" in " ".join(contents.text.split())
    # a question that names a footnote finds it first, though the body text says more of it
    footnoted = answerer.retriever.search("According to a footnote, who trains the pastors?", 3)
    assert footnoted[0].chunk.region == "footnote" and "six evening" in footnoted[0].chunk.text
    note = answerer.answer("How many lorry thefts did the union count in 2016?")
    assert not note.refused and "212" in note.text
    assert "p. 4 n. 2" in note.citations[0].reference
    # a footnote is judged with the body text of its page, the text that refers to it first
    version = answerer.retriever.version
    footnote = next(h.chunk for h in note.hits if h.chunk.spans[0].note == "2")
    context = version.referring(footnote.doc_id, "2", footnote.spans[0].pdf_index)
    referred = [c for c in version.chunks(version.chunk_ids(None)).values() if "2" in c.notes]
    assert referred and context.startswith(referred[0].text)
    assert "theft from parked lorries" in context


def test_docs_lists_sections_and_where_the_title_came_from(book_index: Settings) -> None:
    import json

    result = CliRunner().invoke(app, ["docs", "--json", "--index", str(book_index.index)])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert doc["metadata_origins"]["title"] == "first pages"
    assert doc["sections"][1] == {
        "title": "1 Policing the waterfront",
        "level": 1,
        "first_page": "1",
        "last_page": "4",
        "first_pdf_page": 6,
        "last_pdf_page": 9,
        "authors": ["Anna Berg"],
    }
    shown = CliRunner().invoke(
        app, ["search", "thermal cameras", "-k", "1", "--index", str(book_index.index)]
    )
    assert "§1 Policing the waterfront" in shown.stdout


def test_a_scanned_copy_reads_like_the_text(book: Path, scanned: tuple[Path, Read, Path]) -> None:
    _, read, _ = scanned
    text = read_file(book)
    assert tuple(p.label for p in read.pages) == LABELS[:SCANNED_PAGES]
    assert len(read.ocr_pages) == SCANNED_PAGES and not read.ocr_low
    assert all(confidence > LOW_CONFIDENCE for _, confidence in read.ocr_pages)
    original = Counter(_words(Read(text.pages[:SCANNED_PAGES], "", "")))
    found = Counter(_words(read))
    assert sum((original & found).values()) >= 0.95 * sum(original.values())
    assert [s.title for s in read.sections][:2] == ["Preface", "1 Policing the waterfront"]
    assert read.pages[6].footnotes[0].number == "1"  # the footnote of a scanned page, too


def test_ocr_results_are_kept_and_tesseract_missing_is_reported(
    tmp_path: Path, scanned: tuple[Path, Read, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-read takes the pages from the cache (here: with no Tesseract at all); without
    Tesseract and a cache the file is still read and the warning says how to install it."""
    scan, first, cache = scanned
    assert len(list(cache.iterdir())) == 1
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on it
    again = read_file(scan, ocr=OcrOptions(cache=str(cache), sha="scan"))
    assert [p.text for p in again.pages] == [p.text for p in first.pages]
    assert again.ocr_pages == first.ocr_pages
    missing = read_file(scan, ocr=OcrOptions(cache=str(cache), sha="another"))
    assert any("apt-get install tesseract-ocr" in w for w in missing.warnings)
    assert not missing.ocr_pages


def test_a_scanned_page_under_a_stamped_footer_is_read_by_ocr(tmp_path: Path) -> None:
    """A page whose only text is the footer every page repeats, under a page-sized image, has
    no usable text layer: OCR reads it; with --ocr off it keeps only the footer."""
    report = stamped_scan(tmp_path / "stamped.pdf")
    read = read_file(report, ocr=OcrOptions())
    assert [n for n, _ in read.ocr_pages] == [3]
    assert SCANNED_WORD in read.pages[2].text.lower()
    assert SCANNED_WORD not in read_file(report, ocr=OcrOptions(mode="off")).pages[2].text


def test_low_confidence_is_flagged() -> None:
    rows = ["level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"]
    rows[0] += "\theight\tconf\ttext"
    for n, (word, conf) in enumerate([("Harbour", 41.0), ("p@tr0ls", 22.5), ("b3gan", 35.0)]):
        rows.append(f"5\t1\t1\t1\t1\t{n}\t{100 * n}\t50\t90\t30\t{conf}\t{word}")
    page = parse_tsv("\n".join(rows))
    assert page.text == "Harbour p@tr0ls b3gan"
    assert page.confidence < LOW_CONFIDENCE
    assert Read((), "", "", ocr_pages=((3, page.confidence), (4, 91.0))).ocr_low == (3,)


def test_the_footnotes_on_a_passages_pages_are_read_for_an_answer(
    book_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    """A passage's notes stand on its pages: when the passages found do not answer, the notes
    they carry are read too (their markers are not always told from a figure's digits)."""
    answerer = ExtractiveAnswerer(Retriever(Store(book_index.index).open(), embedder))
    version = answerer.retriever.version
    (doc,) = version.documents()
    on_page_four = version.footnotes(doc.id, [_footnote_page(version, "lorry thefts")])
    assert [c.spans[0].note for c in on_page_four] == ["2"]
    body = [
        h
        for h in answerer.retriever.search("community meetings with dock workers", k=5)
        if "theft from parked lorries" in h.chunk.text
    ]
    notes = answerer._notes(body)
    assert notes and all(h.chunk.region == "footnote" for h in notes)
    assert any("212 lorry thefts" in h.chunk.text for h in notes)


def test_a_passage_is_judged_with_the_notes_it_refers_to(
    book_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    """Whom a passage quotes, or the work it cites, may be named only in its footnote: the
    evidence for its sentences reads the notes its markers refer to, not other numbers'."""
    answerer = ExtractiveAnswerer(Retriever(Store(book_index.index).open(), embedder))
    version = answerer.retriever.version
    query = "theft from parked lorries"
    hit = next(h for h in answerer.retriever.search(query, k=5) if query in h.chunk.text)
    assert "2" in hit.chunk.notes
    assert "212 lorry thefts" in version.notes_of(hit.chunk)
    assert version.notes_of(dataclasses.replace(hit.chunk, notes=("7",))) == ""
    candidate = answerer.score(query, answerer.retriever.embed(query), [hit])[0]
    assert "212 lorry thefts" in answerer.evidence(candidate, hit).section


def _footnote_page(version: IndexVersion, text: str) -> int | None:
    """The PDF page of the footnote that holds the text."""
    chunks = version.chunks(version.chunk_ids(None)).values()
    return next(c.spans[0].pdf_index for c in chunks if c.region == "footnote" and text in c.text)
