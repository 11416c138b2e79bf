from __future__ import annotations

import json

import pytest

from assistant.bibliography import csl_item, csl_name, export
from assistant.errors import QueryError
from assistant.types import Chapter, Document, IngestReport, Metadata

BOOK = Metadata(
    title="Policing European Metropolises: The Politics of Security in City-Regions",
    editors=("Elke Devroe", "Adam Edwards", "Paul Ponsaers"),
    year=2016,
    publisher="Routledge",
    doc_type="edited book",
    chapters=(Chapter("Policing Brussels", ("Elke Devroe", "Paul Ponsaers"), "45", "67"),),
)
ARTICLE = Metadata(
    title="Does Predictive Policing Lead to Biased Arrests?",
    authors=("P. Jeffrey Brantingham", "Matthew Valasik", "George O. Mohler"),
    year=2018,
    doc_type="journal article (version of record)",
    container_title="Statistics and Public Policy",
    url="https://doi.org/10.1080/2330443X.2018.1438940",
)
REPORT = Metadata(
    title="Stop and search in London",
    authors=("Matt Ashby",),
    year=2022,
    doc_type="research report",
    publisher="UCL Institute for Global City Policing",
)


def _doc(meta: Metadata, file: str) -> Document:
    return Document("0" * 64, f"/corpus/{file}", file, meta, IngestReport(file, 10), 5)


def test_names() -> None:
    assert csl_name("P. Jeffrey Brantingham") == {"family": "Brantingham", "given": "P. Jeffrey"}
    assert csl_name("Nix, Justin") == {"family": "Nix", "given": "Justin"}
    assert csl_name("Wikipedia contributors") == {"literal": "Wikipedia contributors"}


def test_items_for_book_chapter_article_and_report() -> None:
    book = csl_item(_doc(BOOK, "pemp.pdf"))
    assert (book["type"], book["id"]) == ("book", "devroe2016policing")
    assert book["editor"][0] == {"family": "Devroe", "given": "Elke"} and "author" not in book
    chapter = csl_item(_doc(BOOK, "pemp.pdf"), label="50")
    assert chapter["type"] == "chapter" and chapter["title"] == "Policing Brussels"
    assert chapter["container-title"] == BOOK.title and chapter["page"] == "45-67"
    assert [a["family"] for a in chapter["author"]] == ["Devroe", "Ponsaers"]
    article = csl_item(_doc(ARTICLE, "b.pdf"))
    assert article["type"] == "article-journal"
    assert article["DOI"] == "10.1080/2330443X.2018.1438940" and "URL" not in article
    assert csl_item(_doc(REPORT, "a.pdf"))["type"] == "report"


def test_bibtex_ris_and_csl_json() -> None:
    items = [csl_item(_doc(BOOK, "pemp.pdf"), label="50"), csl_item(_doc(ARTICLE, "b.pdf"))]
    bibtex = export(items, "bibtex")
    assert "@incollection{devroe2016policing-45," in bibtex
    assert (
        "  booktitle = {Policing European Metropolises: The Politics of Security in City-Regions}"
        in bibtex
    )
    assert "  editor = {Devroe, Elke and Edwards, Adam and Ponsaers, Paul}" in bibtex
    assert "  pages = {45--67}" in bibtex
    assert (
        "@article{brantingham2018does," in bibtex
        and "  journal = {Statistics and Public Policy}" in bibtex
    )
    ris = export(items, "ris")
    assert ris.startswith("TY  - CHAP\nTI  - Policing Brussels\nAU  - Devroe, Elke\n")
    assert "SP  - 45\nEP  - 67\n" in ris and ris.count("ER  - ") == 2
    assert json.loads(export(items, "csl-json")) == items
    with pytest.raises(QueryError, match="bibtex"):
        export(items, "endnote")
