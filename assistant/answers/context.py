"""What surrounds a passage, for answers: the regions an answer may quote, the titles of the
sections a passage stands in, and its document's bibliographic data as text."""

from __future__ import annotations

from dataclasses import dataclass

from ..search.asked import wanted_regions
from ..search.retrieve import Filters
from ..store.version import IndexVersion
from ..types import Document, Hit

HELD = 4096  # passages whose surroundings are kept, per answerer


@dataclass(frozen=True)
class Surroundings:
    """What every sentence of one passage is judged with (the same text objects for all of
    them: the judge's caches hash each once)."""

    passage: str  # the passage, a footnote with the body text that refers to it
    about: str  # its document's bibliographic data
    section: str  # its section's titles and the passages around it
    headings: str  # its section's titles
    title: str  # its document's title


class SurroundingsCache:
    """The surroundings of the passages an answerer has read, per index version."""

    def __init__(self) -> None:
        self._version: IndexVersion | None = None
        self._held: dict[tuple[int | None, str, int], Surroundings] = {}

    def of(self, version: IndexVersion, hit: Hit) -> Surroundings:
        chunk = hit.chunk
        key = (chunk.id, chunk.doc_id, chunk.ordinal)
        held = self._held
        if version is not self._version or len(held) >= HELD:  # (a reload: start again)
            held = self._held = {}
            self._version = version
        found = held.get(key)
        if found is None:
            found = held[key] = _surroundings(version, hit)
        return found


def _surroundings(version: IndexVersion, hit: Hit) -> Surroundings:
    text = hit.chunk.text
    around = version.neighbourhood(hit.chunk.doc_id, hit.chunk.ordinal)
    around += " " + version.notes_of(hit.chunk)  # whom it quotes, the work it cites
    note = hit.chunk.spans[0].note if hit.chunk.spans else None
    titles = section_titles(hit)
    if note:  # a footnote, read with the body text that refers to it
        text += " " + version.referring(hit.chunk.doc_id, note, hit.chunk.spans[0].pdf_index)
    return Surroundings(
        text.strip(),
        about(hit.document),
        f"{titles} {around}".strip(),
        titles,
        hit.document.meta.title,
    )


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
