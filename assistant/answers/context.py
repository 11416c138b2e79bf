"""What surrounds a passage, for answers: the regions an answer may quote, the titles of the
sections a passage stands in, and its document's bibliographic data as text."""

from __future__ import annotations

from ..search.asked import wanted_regions
from ..search.retrieve import Filters
from ..types import Document, Hit


def answer_regions(query: str, filters: Filters | None) -> tuple[str, ...]:
    """The regions an answer may quote: body text and footnotes; a references list, the
    contents or an index only when the question is about them (as search ranks them), or the
    regions the filters ask for."""
    if filters is not None and filters.regions:
        return filters.regions
    return wanted_regions(query)


def section_titles(hit: Hit) -> str:
    """The titles of the section a passage stands in and of the sections above it."""
    sections = hit.document.sections
    number = hit.chunk.section
    if number is None or not 0 <= number < len(sections):
        return ""
    titles = [sections[number].title]
    level = sections[number].level
    for earlier in reversed(sections[:number]):
        if earlier.level < level:
            titles.insert(0, earlier.title)
            level = earlier.level
    return ". ".join(titles) + "."


def about(document: Document) -> str:
    """A document's bibliographic data as text, for matching names, years and titles."""
    meta = document.meta
    parts = [
        meta.title,
        *meta.authors,
        *meta.editors,
        meta.container_title,
        meta.publisher,
        str(meta.year or ""),
        document.file.rsplit(".", 1)[0].replace("-", " ").replace("_", " "),
    ]
    return ". ".join(p for p in parts if p)
