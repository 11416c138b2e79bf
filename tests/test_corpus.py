"""Integration over ../shared/corpus: every document indexed, printed labels as the dev set has."""

from __future__ import annotations

import json

from assistant.settings import Settings
from assistant.store.folder import Store
from tests.conftest import DEV_SET, shared_document_count


def test_every_shared_document_is_indexed(corpus_index: Settings) -> None:
    version = Store(corpus_index.index).open()
    docs = {d.file: d for d in version.documents()}
    assert len(docs) == shared_document_count()
    assert all(d.n_chunks > 0 for d in docs.values())
    assert docs["nix-2021-procedural-justice-in-policing.pdf"].meta.source == "manifest"
    tregle = docs["tregle-nix-pickett-2022-bwc-transparency.pdf"].report
    # its appendix tables (pages 26-35) have no text layer: OCR reads them, and so the three
    # scanned pages of the NZ Police manual under the footer stamped on every page
    assert not tregle.pages_without_text
    assert [page for page, _ in tregle.ocr_pages] == list(range(26, 36)) and not tregle.ocr_low
    nz = docs["nz-police-2022-family-harm-policy.pdf"].report
    assert [page for page, _ in nz.ocr_pages] == [33, 34, 42] and not nz.pages_without_text
    assert any("re-read with pypdf" in r for r in tregle.repairs)
    brantingham = docs["brantingham-valasik-mohler-2018-predictive-policing-biased-arrests.pdf"]
    assert brantingham.report.label_source == "page-labels"
    assert "cover sheet" in brantingham.report.warnings[0]
    assert docs[
        "nix-pickett-mitchell-2019-civilian-demeanor-experiments.pdf"
    ].report.label_source == ("pdf-index")
    # token limit: no chunk loses its tail to the model's truncation
    assert max(c.n_tokens for c in version.chunks(list(range(1, 3000))).values()) <= 200


def test_printed_labels_match_the_dev_set(corpus_index: Settings) -> None:
    """Every (file, PDF page) in the gold answers carries the gold printed label."""
    version = Store(corpus_index.index).open()
    ids = {d.file: d.id for d in version.documents()}
    labels: dict[tuple[str, int], str | None] = {}
    for chunk in version.chunks(list(range(1, 3000))).values():
        for span in chunk.spans:
            if span.pdf_index is not None:
                labels[(chunk.doc_id, span.pdf_index)] = span.label
    checked = 0
    for line in DEV_SET.read_text().splitlines():
        for gold in json.loads(line)["gold"]:
            for pdf_page, label in zip(gold["pdf_pages"], gold["pages"], strict=True):
                assert labels[(ids[gold["file"]], pdf_page)] == label, (gold["file"], pdf_page)
                checked += 1
    assert checked >= 20


def test_words_survive_two_column_extraction(corpus_index: Settings) -> None:
    version = Store(corpus_index.index).open()
    hits = version.lexical_search('"imperfect proxy for other types of police contacts"', 3)
    assert hits, "a phrase from the two-column Brantingham PDF must be found with its spaces"
    (chunk,) = version.chunks([hits[0][0]]).values()
    assert chunk.span_at(chunk.text.index("imperfect proxy")).label == "5"
