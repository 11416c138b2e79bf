"""Formatted references from pandoc's CSL processor and the official styles. The expected
strings are what APA 7, Chicago author-date (18th ed.) and Cite Them Right Harvard prescribe
for an edited book, a chapter in it, a journal article and a report (fictional works, so no
real reference is misquoted here)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from assistant.errors import ConfigError, QueryError
from assistant.ingest.manifest import load_manifest
from assistant.sources.style import Cite, cite_of, format_references, style_path
from assistant.types import Chapter, Document, IngestReport, Metadata

BOOK = Metadata(
    title="Urban policing in Europe: Cities and their police",
    editors=("Anna Berg", "Tomas Novak"),
    year=2019,
    publisher="Northgate Press",
    place="Leeds",
    doc_type="edited book",
    chapters=(Chapter("Night-time economies and public order", ("Lena Vos",), "45", "67"),),
)
ARTICLE = Metadata(
    title="Patrol visibility and public trust: A field experiment",
    authors=("Mark Ellis", "Sara Okafor"),
    year=2021,
    doc_type="journal article",
    container_title="Journal of Urban Policing",
    volume="12",
    issue="3",
    page_range="201-219",
    url="https://doi.org/10.1234/jup.2021.0042",
)
REPORT = Metadata(
    title="Community policing in practice: A review of twelve cities",
    authors=("Daniel Fischer",),
    year=2018,
    publisher="Centre for Policing Studies",
    place="Vienna",
    doc_type="research report",
)
DOI = '<a href="https://doi.org/10.1234/jup.2021.0042">https://doi.org/10.1234/jup.2021.0042</a>'

EXPECTED = {
    "apa": (
        [
            "(Berg & Novak, 2019, p. 12)",
            "(Vos, 2019, pp. 50–51)",
            "(Ellis & Okafor, 2021, p. 205)",
            "(Fischer, 2018, p. 9)",
        ],
        [
            "Berg, A., &amp; Novak, T. (Eds.). (2019). <em>Urban policing in Europe: Cities and "
            "their police</em>. Northgate Press.",
            "Ellis, M., &amp; Okafor, S. (2021). Patrol visibility and public trust: A field "
            f"experiment. <em>Journal of Urban Policing</em>, <em>12</em>(3), 201–219. {DOI}",
            "Fischer, D. (2018). <em>Community policing in practice: A review of twelve "
            "cities</em>. Centre for Policing Studies.",
            "Vos, L. (2019). Night-time economies and public order. In A. Berg &amp; T. Novak "
            "(Eds.), <em>Urban policing in Europe: Cities and their police</em> (pp. 45–67). "
            "Northgate Press.",
        ],
    ),
    "chicago": (
        [
            "(Berg and Novak 2019, 12)",
            "(Vos 2019, 50–51)",
            "(Ellis and Okafor 2021, 205)",
            "(Fischer 2018, 9)",
        ],
        [
            "Berg, Anna, and Tomas Novak, eds. 2019. <em>Urban Policing in Europe: Cities and "
            "Their Police</em>. Northgate Press.",
            "Ellis, Mark, and Sara Okafor. 2021. “Patrol Visibility and Public Trust: A Field "
            f"Experiment.” <em>Journal of Urban Policing</em> 12 (3): 201–19. {DOI}.",
            "Fischer, Daniel. 2018. <em>Community Policing in Practice: A Review of Twelve "
            "Cities</em>. Centre for Policing Studies.",
            "Vos, Lena. 2019. “Night-Time Economies and Public Order.” In <em>Urban Policing in "
            "Europe: Cities and Their Police</em>, edited by Anna Berg and Tomas Novak. "
            "Northgate Press.",
        ],
    ),
    "harvard": (
        [
            "(Berg and Novak, 2019, p. 12)",
            "(Vos, 2019, pp. 50–51)",
            "(Ellis and Okafor, 2021, p. 205)",
            "(Fischer, 2018, p. 9)",
        ],
        [
            "Berg, A. and Novak, T. (eds) (2019) <em>Urban policing in Europe: Cities and their "
            "police</em>. Leeds: Northgate Press.",
            "Ellis, M. and Okafor, S. (2021) ‘Patrol visibility and public trust: A field "
            "experiment’, <em>Journal of Urban Policing</em>, 12(3), pp. 201–219. Available at: "
            f"{DOI}.",
            "Fischer, D. (2018) <em>Community policing in practice: A review of twelve "
            "cities</em>. Vienna: Centre for Policing Studies.",
            "Vos, L. (2019) ‘Night-time economies and public order’, in A. Berg and T. Novak "
            "(eds) <em>Urban policing in Europe: Cities and their police</em>. Leeds: Northgate "
            "Press, pp. 45–67.",
        ],
    ),
}


def _doc(meta: Metadata, file: str) -> Document:
    return Document("0" * 64, f"/corpus/{file}", file, meta, IngestReport(file, 10), 5)


def _cites() -> list[Cite]:
    return [
        cite_of(_doc(BOOK, "book.pdf"), ["12"]),  # outside the chapters: the book
        cite_of(_doc(BOOK, "book.pdf"), ["50", "51"]),  # inside a chapter: the chapter
        cite_of(_doc(ARTICLE, "article.pdf"), ["205"]),
        cite_of(_doc(REPORT, "report.pdf"), ["9"]),
    ]


def _plain(html: str) -> str:
    return re.sub(r"</?span>", "", html)


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_book_chapter_article_and_report_in_each_style(style: str) -> None:
    citations, bibliography = EXPECTED[style]
    assert list(format_references(_cites(), style).citations) == citations
    html = format_references(_cites(), style, output="html")
    assert [_plain(entry) for entry in html.bibliography] == bibliography


def test_plain_text_output_drops_the_markup() -> None:
    entries = format_references(_cites(), "apa").bibliography
    assert entries[1].startswith("Ellis, M., & Okafor, S. (2021).")
    assert "Journal of Urban Policing, 12(3), 201–219." in entries[1]
    assert not any("<" in e for e in entries)


def test_same_author_and_year_are_told_apart() -> None:
    other = Metadata(
        title="Foot patrol and calls for service",
        authors=("Mark Ellis", "Sara Okafor"),
        year=2021,
        doc_type="research report",
        publisher="Northgate Press",
    )
    cites = [cite_of(_doc(ARTICLE, "a.pdf"), ["203"]), cite_of(_doc(other, "b.pdf"), [None])]
    formatted = format_references(cites, "apa")
    # APA orders same-author, same-year works by title: "Foot…" is a, "Patrol…" b
    assert formatted.citations == ("(Ellis & Okafor, 2021b, p. 203)", "(Ellis & Okafor, 2021a)")
    assert [e[:50] for e in formatted.bibliography] == [
        "Ellis, M., & Okafor, S. (2021a). Foot patrol and c",
        "Ellis, M., & Okafor, S. (2021b). Patrol visibility",
    ]


def test_readme_manifest_example_cites_pemp_chapters_in_the_book(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", readme, flags=re.S)
    assert block is not None, "the README lost its manifest example"
    manifest = tmp_path / "sources.toml"
    manifest.write_text(block.group(1), encoding="utf-8")
    (file, meta), *_ = load_manifest(manifest).items()
    tomllib.loads(block.group(1))  # plain TOML, copyable as it stands
    book = _doc(meta, file)
    chapter = meta.chapters[0]
    inside = str(int(chapter.first_page) + 1)
    formatted = format_references([cite_of(book, [inside]), cite_of(book, ["250"])], "apa")
    # the editors wrote the introduction: the chapter and the book are 2016a and 2016b
    assert formatted.citations == (
        f"(Devroe et al., 2016a, p. {inside})",
        "(Devroe et al., 2016b, p. 250)",
    )
    chapter_entry, book_entry = sorted(formatted.bibliography, key=lambda e: "(Eds.)." in e)
    assert f"{chapter.title}. In E. Devroe, A. Edwards, & P. Ponsaers (Eds.), " in chapter_entry
    assert f"(pp. {chapter.first_page}–{chapter.last_page}). Routledge." in chapter_entry
    assert book_entry == (
        "Devroe, E., Edwards, A., & Ponsaers, P. (Eds.). (2016b). Policing European "
        "metropolises: The politics of security in city-regions. Routledge."
    )


def test_styles_by_id_or_file_and_clear_errors(tmp_path: Path) -> None:
    ieee = format_references(_cites()[2:3], "ieee")
    assert ieee.citations == ("[1, p. 205]",)
    copy = tmp_path / "my-style.csl"
    copy.write_bytes(style_path("apa").read_bytes())
    assert format_references(_cites()[:1], str(copy)).citations == ("(Berg & Novak, 2019, p. 12)",)
    with pytest.raises(QueryError, match=r"unknown citation style 'nonesuch'.*apa, chicago"):
        format_references(_cites(), "nonesuch")
    with pytest.raises(ConfigError, match=r"missing\.csl does not exist"):
        format_references(_cites(), str(tmp_path / "missing.csl"))
    with pytest.raises(QueryError, match="language tag"):
        format_references(_cites(), "apa", locale="english; rm -rf")
    broken = tmp_path / "broken.csl"
    broken.write_text("<style>not csl</style>", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.csl"):
        format_references(_cites(), str(broken))
    assert format_references([], "apa").citations == ()
    with pytest.raises(QueryError, match="footnote style"):
        format_references(_cites(), "chicago-notes-bibliography")
