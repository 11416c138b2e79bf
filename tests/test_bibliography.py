from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import ManifestError, QueryError
from assistant.sources.bibliography import csl_item, csl_name, export
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


BIB = r"""
@article{nixwolfe2018,
  title = {Management-level Officers' Experiences with the {Ferguson} Effect},
  author = {Nix, Justin and Wolfe, Scott E.},
  journal = {Policing: An International Journal},
  year = {2018},
  pages = {262--275},
  doi = {10.1108/PIJPSM-11-2016-0164},
  file = {Full Text:files/7/ferguson-effect.pdf:application/pdf}
}
@incollection{devroe2016,
  title = {Policing Brussels},
  author = {Devroe, Elke and Ponsaers, Paul},
  editor = {Devroe, Elke and Edwards, Adam and Ponsaers, Paul},
  booktitle = {Policing European Metropolises},
  publisher = {Routledge},
  year = {2016}
}
@book{missing2020, title = {Not Here}, author = {Nobody, A.}, year = {2020}}
"""


def test_import_bibtex_into_the_manifest(tmp_path: Path) -> None:
    from assistant.ingest.manifest import load_manifest
    from assistant.sources.bibliography import import_references

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ferguson-effect.pdf").write_bytes(b"%PDF")
    (docs / "devroe2016-brussels.pdf").write_bytes(b"%PDF")
    manifest = tmp_path / "sources.toml"
    manifest.write_text('[[document]]\nfile = "other.pdf"\ntitle = "Kept as it was"\n')
    source = tmp_path / "zotero.bib"
    source.write_text(BIB)
    added, unmatched = import_references(source, manifest, docs)
    assert added == ["ferguson-effect.pdf", "devroe2016-brussels.pdf"]
    assert unmatched == ["missing2020"]
    entries = load_manifest(manifest)
    assert entries["other.pdf"].title == "Kept as it was"
    article = entries["ferguson-effect.pdf"]
    assert article.title == "Management-level Officers' Experiences with the Ferguson Effect"
    assert article.authors == ("Justin Nix", "Scott E. Wolfe") and article.year == 2018
    assert article.url == "https://doi.org/10.1108/PIJPSM-11-2016-0164"
    assert article.doc_type == "journal article"
    chapter = entries["devroe2016-brussels.pdf"]
    assert chapter.editors == ("Elke Devroe", "Adam Edwards", "Paul Ponsaers")
    assert chapter.container_title == "Policing European Metropolises"
    assert import_references(source, manifest, docs)[0] == []  # nothing twice


def test_import_csl_json(tmp_path: Path) -> None:
    from assistant.ingest.manifest import load_manifest
    from assistant.sources.bibliography import import_references

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ashby2022.pdf").write_bytes(b"%PDF")
    items = [csl_item(_doc(REPORT, "x.pdf")) | {"id": "ashby2022"}]
    source = tmp_path / "refs.json"
    source.write_text(json.dumps(items))
    added, _ = import_references(source, tmp_path / "sources.toml", docs)
    assert added == ["ashby2022.pdf"]
    meta = load_manifest(tmp_path / "sources.toml")["ashby2022.pdf"]
    assert (meta.title, meta.authors, meta.doc_type) == (REPORT.title, ("Matt Ashby",), "report")


def test_volume_issue_pages_and_place_travel_from_manifest_to_exports_and_back(
    tmp_path: Path,
) -> None:
    from assistant.ingest.manifest import load_manifest
    from assistant.sources.bibliography import import_references

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "nix2019.pdf").write_bytes(b"%PDF-1.4")
    manifest = tmp_path / "sources.toml"
    manifest.write_text(
        '[[document]]\nfile = "nix2019.pdf"\ntitle = "Compliance, noncompliance"\n'
        'authors = ["Justin Nix"]\nyear = 2019\ndoc_type = "journal article"\n'
        'container_title = "Journal of Experimental Criminology"\nvolume = 15\nissue = "4"\n'
        'page_range = "611-639"\nplace = "Dordrecht"\n',
        encoding="utf-8",
    )
    meta = load_manifest(manifest)["nix2019.pdf"]
    assert (meta.volume, meta.issue, meta.page_range, meta.place) == (
        "15",
        "4",
        "611-639",
        "Dordrecht",
    )
    item = csl_item(_doc(meta, "nix2019.pdf"))
    assert (item["volume"], item["issue"], item["page"]) == ("15", "4", "611-639")
    bib = export([item], "bibtex")
    assert "volume = {15}" in bib and "number = {4}" in bib and "pages = {611--639}" in bib
    ris = export([item], "ris")
    assert "VL  - 15\n" in ris and "IS  - 4\n" in ris and "SP  - 611\nEP  - 639\n" in ris
    # and back: the BibTeX export imported into an empty manifest gives the same fields
    (tmp_path / "refs.bib").write_text(bib.replace(item["id"], "nix2019"), encoding="utf-8")
    fresh = tmp_path / "new.toml"
    added, _ = import_references(tmp_path / "refs.bib", fresh, docs)
    assert added == ["nix2019.pdf"]
    again = load_manifest(fresh)["nix2019.pdf"]
    assert (again.volume, again.issue, again.page_range) == ("15", "4", "611-639")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[document]]\nfile = "x.pdf"\nvolume = [1]\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="field 'volume' must be a string"):
        load_manifest(bad)
