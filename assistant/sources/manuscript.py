"""Checking a manuscript: every quotation and every parenthetical citation such as
(Nix, 2021, p. 5) or (Devroe et al. 2016: 45) is looked up in the index.

Statuses: ok, wrong_page (with the right page), wrong_source (found in another document),
altered_quote (with the differences), contradicted (the source states a fact differently: the
detail names it, with the source's page), not_found."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, QueryError, UnsupportedFormat
from ..ingest.metadata import surname
from ..search.retrieve import Filters
from ..types import Document
from .cite import Verdict, Verifier

MANUSCRIPT_SUFFIXES = {".md", ".markdown", ".txt", ".text"}
MIN_QUOTE_WORDS = 5
NEAR_CITATION = 150  # characters after a quotation in which its citation may stand

MAX_CITATION_CHARS = 300  # inside one pair of parentheses

# every pattern here runs in time linear in the text: parentheses are matched as a whole and
# then searched for a year (a lazy scan to a year, then greedy to ")" was quadratic)
_QUOTE = re.compile(r"[“\"]([^“”\"]{10,2000}?)[”\"]")
_PARENTHESES = re.compile(rf"\(([^()]{{0,{MAX_CITATION_CHARS}}})\)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}[a-z]?\b")
_ONE = re.compile(
    r"^\s*(?:see\s+|cf\.\s+)?(?P<authors>[^;:()]*?),?\s+"
    r"(?P<year>(?:1[89]|20)\d{2})[a-z]?"
    r"(?:\s*[,:]\s*(?:pp?\.\s*)?(?P<pages>[0-9ivxlc]+(?:\s*[-–]\s*[0-9ivxlc]+)?))?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Cited:
    """One parenthetical citation: first author's surname, year, and page(s) if given."""

    text: str
    author: str
    year: int
    first_page: str | None
    last_page: str | None


@dataclass(frozen=True)
class Finding:
    line: int
    kind: str  # quote | claim
    text: str
    cited: Cited | None
    status: str
    detail: str
    verdict: Verdict

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.kind,
            "text": self.text,
            "cited": self.cited.text if self.cited else None,
            "status": self.status,
            "detail": self.detail,
            "found": self.verdict.to_dict(),
        }


def read_manuscript(path: Path) -> str:
    if path.suffix.lower() not in MANUSCRIPT_SUFFIXES:
        raise UnsupportedFormat(
            str(path),
            f"manuscripts are read as {', '.join(sorted(MANUSCRIPT_SUFFIXES))}; "
            "save it as Markdown or plain text (Word: File › Save As › Plain Text).",
        )
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read as UTF-8 text ({exc}).") from exc


def parse_citations(inside: str) -> list[Cited]:
    """The citations in one pair of parentheses ("Nix, 2021, p. 5; Ashby 2022")."""
    found = []
    for part in inside.split(";"):
        match = _ONE.match(part)
        if not match or not re.search("[A-Za-z]", match.group("authors")):
            continue
        authors = re.split(r"\s+(?:and|&)\s+|,\s*|\s+et al\.?", match.group("authors"))
        first = next((a.strip() for a in authors if a.strip()), "")
        pages = re.split(r"\s*[-–]\s*", match.group("pages")) if match.group("pages") else []
        found.append(
            Cited(
                part.strip(),
                first,
                int(match.group("year")),
                pages[0] if pages else None,
                pages[-1] if pages else None,
            )
        )
    return found


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _sentence_before(text: str, offset: int) -> str:
    start = max(text.rfind(".", 0, offset - 1), text.rfind("\n", 0, offset)) + 1
    return " ".join(text[start:offset].split())


def _citations(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """Parentheses that hold a year, in order."""
    for match in _PARENTHESES.finditer(text, start, len(text) if end is None else end):
        if _YEAR.search(match.group(1)):
            yield match


@dataclass(frozen=True)
class Item:
    """Something to check: a quotation (with the citation right after it, if any) or a claim
    (the sentence before a parenthetical citation)."""

    line: int
    kind: str  # quote | claim
    text: str
    cited: Cited | None


def find_items(text: str) -> list[Item]:
    """Every quotation and every other parenthetical citation of a manuscript, in order
    (cheap: nothing is looked up yet)."""
    items: list[Item] = []
    used: set[int] = set()
    for quote in _QUOTE.finditer(text):
        body = quote.group(1)
        if len(body.split()) < MIN_QUOTE_WORDS:
            continue
        cited = None
        for match in _citations(text, quote.end(), quote.end() + NEAR_CITATION):
            citations = parse_citations(match.group(1))
            if citations:
                cited = citations[0]
                used.add(match.start())
                break
        items.append(Item(_line_of(text, quote.start()), "quote", body, cited))
    for match in _citations(text):
        if match.start() in used:
            continue
        claim = _sentence_before(text, match.start())
        if len(claim.split()) < MIN_QUOTE_WORDS:
            continue
        for cited in parse_citations(match.group(1))[:1]:
            items.append(Item(_line_of(text, match.start()), "claim", claim, cited))
    return sorted(items, key=lambda i: i.line)


def check_text(text: str, verifier: Verifier) -> list[Finding]:
    """Every quotation and every parenthetical citation of a manuscript, judged."""
    return [check_item(item, verifier) for item in find_items(text)]


def check_item(item: Item, verifier: Verifier) -> Finding:
    if item.kind == "quote":
        verdict = verifier.verify(item.text)
        status, detail = judge(verdict, item.cited, quotation=True)
        return Finding(item.line, "quote", item.text, item.cited, status, detail, verdict)
    claim, cited = item.text, item.cited
    assert cited is not None  # a claim is found by its citation
    verdict = _verify_claim(verifier, claim, cited)
    status, detail = judge(verdict, cited, quotation=False)
    if status == "wrong_page" and verdict.document is not None and cited.first_page:
        pages = _page_range(cited.first_page, cited.last_page or cited.first_page)
        if verifier.support_on_pages(claim, verdict.document.id, pages):
            status = "ok"
            detail = f"supported on p. {cited.first_page} of {verdict.document.meta.title}"
    return Finding(item.line, "claim", claim, cited, status, detail, verdict)


def _verify_claim(verifier: Verifier, claim: str, cited: Cited) -> Verdict:
    """A claim is first looked for in the work it cites, then anywhere."""
    work = Filters(author=cited.author, year_from=cited.year, year_to=cited.year)
    try:
        verdict = verifier.verify(claim, filters=work)
    except QueryError:  # the cited work is not in the index
        verdict = Verdict("not_found", 0.0, claim)
    return verdict if verdict.document is not None else verifier.verify(claim)


def _names(doc: Document) -> set[str]:
    meta = doc.meta
    people = [*meta.authors, *meta.editors, *(a for c in meta.chapters for a in c.authors)]
    return {surname(p).lower() for p in people}


def judge(verdict: Verdict, cited: Cited | None, quotation: bool) -> tuple[str, str]:
    if verdict.document is None:
        return "not_found", "no indexed passage says this"
    where = verdict.reference
    if quotation and verdict.verdict not in ("exact", "near"):
        return "not_found", f"not quoted from any indexed text (closest in meaning: {where})"
    if verdict.verdict == "contradicted":
        return "contradicted", f"{verdict.reason} ({where})"
    if cited is not None:
        doc = verdict.document
        if cited.author.lower() not in _names(doc) or (
            doc.meta.year and doc.meta.year != cited.year
        ):
            return "wrong_source", f"found in {where}"
        if cited.first_page is not None:
            cited_pages = _page_range(cited.first_page, cited.last_page or cited.first_page)
            found_on = {label for label in verdict.labels + verdict.supporting_pages if label}
            if not cited_pages & found_on:
                return "wrong_page", f"on {verdict.locator}, not p. {cited.first_page}"
    if quotation and verdict.verdict == "near":
        changes = "; ".join(f"'{q}' → '{s}'" for q, s in verdict.differences)
        return "altered_quote", f"the source reads differently: {changes} ({where})"
    return "ok", where


def _page_range(first: str, last: str) -> set[str]:
    if first.isdigit() and last.isdigit() and 0 <= int(last) - int(first) < 100:
        return {str(n) for n in range(int(first), int(last) + 1)}
    return {first, last}


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.status] = counts.get(finding.status, 0) + 1
    return counts
