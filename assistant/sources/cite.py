"""Source checking: where does a quote or a claim come from, is it quoted exactly, on which
printed page(s)?

Verdicts: exact (identical once ligatures, line-break hyphens, quote marks, dashes, white space
and case are normalised — the same normalisation on both sides), near (a close contiguous match:
the differing words are listed), paraphrase (a sentence says the same in other words), not_found.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..answers.extractive import ExtractiveAnswerer
from ..errors import QueryError
from ..ingest.metadata import page_locator, short_reference
from ..search.retrieve import Filters, Retriever
from ..types import Document, Hit

NEAR_MIN_SCORE = 0.9  # rapidfuzz partial ratio / 100 for a "near" quotation
CANDIDATE_DOCUMENTS = 3  # documents searched for a quotation, from the retrieval ranking
MIN_QUOTE_CHARS = 8
#: normalised documents a Verifier keeps: a manuscript quotes the same few sources again and
#: again, and normalising a whole document was 90% of a quotation's cost
SOURCES_KEPT = 4

_QUOTES = {**dict.fromkeys("‘’‚‛′`´", "'"), **dict.fromkeys("“”„‟″«»", '"')}
_DASHES = dict.fromkeys("‐‑‒–—―−", "-")
_LINE_HYPHEN = re.compile(r"(?<=[^\W\d_])-\s+(?=[^\W\d_])")


@dataclass(frozen=True)
class Normalised:
    """A normalised text, and for each of its characters the offset in the original (8 bytes
    a character, not the ~36 of a tuple of ints: whole books are normalised)."""

    text: str
    origin: Sequence[int]


def normalise(text: str) -> Normalised:
    """Lower case, NFKC (ligatures), one kind of quote mark and dash, single spaces, words
    broken at a line end joined — with each character's offset in the original kept."""
    pairs: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in "\u00ad\ufffe":  # soft hyphens
            continue
        for c in unicodedata.normalize("NFKC", ch):
            c = _QUOTES.get(c, _DASHES.get(c, c)).lower()
            if c.isspace():
                if not pairs or pairs[-1][0] == " ":
                    continue
                c = " "
            pairs.append((c, i))
    joined = "".join(c for c, _ in pairs)
    dropped = {k for m in _LINE_HYPHEN.finditer(joined) for k in range(m.start(), m.end())}
    kept = [p for k, p in enumerate(pairs) if k not in dropped]
    while kept and kept[0][0] == " ":
        kept.pop(0)
    while kept and kept[-1][0] == " ":
        kept.pop()
    return Normalised("".join(c for c, _ in kept), array("q", (i for _, i in kept)))


@dataclass(frozen=True)
class _Source:
    """A document as quotations are looked for in it."""

    pages: list[tuple[int | None, str | None, str]]
    whole: str
    normalised: Normalised


@dataclass(frozen=True)
class Verdict:
    verdict: str  # exact | near | paraphrase | not_found
    score: float
    quote: str
    document: Document | None = None
    labels: tuple[str | None, ...] = ()
    pdf_pages: tuple[int | None, ...] = ()
    source_text: str = ""
    differences: tuple[tuple[str, str], ...] = ()  # (as quoted, in the source)
    #: for a paraphrase: the printed pages of every sentence that supports the claim
    supporting_pages: tuple[str | None, ...] = ()

    @property
    def locator(self) -> str:
        return page_locator(self.labels, self.pdf_pages)

    @property
    def reference(self) -> str:
        if self.document is None:
            return ""
        return short_reference(self.document.meta, self.labels, self.pdf_pages)

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        printed = [label for label in self.labels if label is not None]
        return {
            "verdict": self.verdict,
            "score": round(self.score, 4),
            "quote": self.quote,
            "file": doc.file if doc else None,
            "document_id": doc.id if doc else None,
            "title": doc.meta.title if doc else None,
            "page": printed[0] if printed else None,
            "pages": list(self.labels),
            "pdf_pages": list(self.pdf_pages),
            "locator": self.locator,
            "reference": self.reference,
            "source_text": self.source_text,
            "differences": [{"quoted": q, "source": s} for q, s in self.differences],
        }


class Verifier:
    """Finds the source of a quotation or claim in the index."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.answerer = ExtractiveAnswerer(retriever)
        self._sources: dict[str, _Source] = {}

    def _source(self, doc_id: str) -> _Source:
        """A document's pages, its whole text and that text normalised (the last few kept)."""
        found = self._sources.pop(doc_id, None)
        if found is None:
            pages = self.retriever.version.pages(doc_id)
            whole = "\n".join(text for _, _, text in pages)
            found = _Source(pages, whole, normalise(whole))
        self._sources[doc_id] = found
        while len(self._sources) > SOURCES_KEPT:
            del self._sources[next(iter(self._sources))]
        return found

    def verify(self, text: str, filters: Filters | None = None) -> Verdict:
        quote = text.strip().strip("\"'“”‘’").strip()
        wanted = normalise(quote).text.rstrip(".,;:!? ")
        if len(wanted) < MIN_QUOTE_CHARS:
            raise QueryError(f"the text to check is too short ({len(wanted)} characters).")
        vector = self.retriever.embed(quote)
        hits = self.retriever.search(quote, k=10, filters=filters, vector=vector)
        documents = list(dict.fromkeys(h.document.id for h in hits))[:CANDIDATE_DOCUMENTS]
        best: Verdict | None = None
        for doc_id in documents:
            found = self._match(quote, wanted, doc_id)
            if found and (best is None or found.score > best.score):
                best = found
                if found.verdict == "exact":
                    break
        if best is not None:
            return best
        return self._paraphrase(quote, filters)

    def _match(self, quote: str, wanted: str, doc_id: str) -> Verdict | None:
        from rapidfuzz import fuzz

        found = self._source(doc_id)
        pages, whole, source = found.pages, found.whole, found.normalised
        starts = np.cumsum([0] + [len(t) + 1 for _, _, t in pages])
        document = self.retriever.documents[doc_id]
        at = source.text.find(wanted)
        if at >= 0:
            verdict, score, end = "exact", 1.0, at + len(wanted)
        else:
            alignment = fuzz.partial_ratio_alignment(
                wanted, source.text, score_cutoff=100 * NEAR_MIN_SCORE
            )
            if alignment is None:
                return None
            at, end = alignment.dest_start, alignment.dest_end
            at, end = _whole_words(source.text, at, end)
            verdict, score = "near", alignment.score / 100
        first, last = source.origin[at], source.origin[max(at, end - 1)] + 1
        touched = [
            n
            for n, (s, (_, _, t)) in enumerate(zip(starts[:-1], pages, strict=True))
            if s < last and s + len(t) >= first
        ]
        differences = () if verdict == "exact" else _differences(wanted, source.text[at:end])
        return Verdict(
            verdict,
            score,
            quote,
            document,
            tuple(pages[n][1] for n in touched),
            tuple(pages[n][0] for n in touched),
            whole[first:last],
            differences,
        )

    def support_on_pages(self, claim: str, doc_id: str, labels: set[str]) -> float:
        """The best evidence score for the claim among the sentences printed on these pages
        of one document (same scoring as answers)."""
        version = self.retriever.version
        document = self.retriever.documents[doc_id]
        chunks = [
            c
            for c in version.chunks(version.chunk_ids([doc_id])).values()
            if any(s.label in labels for s in c.spans)
        ]
        hits = [Hit(chunk, document, 0.0) for chunk in chunks]
        candidates = self.answerer.score(claim, self.retriever.embed(claim), hits)
        on_pages = [c.score for c in candidates if chunks[c.rank].span_at(c.start).label in labels]
        return max(on_pages, default=0.0)

    def _paraphrase(self, quote: str, filters: Filters | None) -> Verdict:
        """The claim in other words: the sentence the extractive answerer would cite first
        (same evidence score and threshold as its refusals)."""
        answer = self.answerer.answer(quote, filters=filters)
        if answer.refused:
            return Verdict("not_found", answer.evidence, quote)
        sentence, number = answer.sentences[0]
        citation = answer.citations[number - 1]
        supporting = tuple(
            label
            for c in answer.citations
            if c.document.id == citation.document.id
            for label in c.labels
        )
        return Verdict(
            "paraphrase",
            answer.evidence,
            quote,
            citation.document,
            citation.labels,
            citation.pdf_pages,
            sentence,
            supporting_pages=supporting,
        )


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _differences(quoted: str, source: str) -> tuple[tuple[str, str], ...]:
    a, b = quoted.split(), source.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return tuple(
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )
