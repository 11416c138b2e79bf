"""Extractive answers: the sentences of the top passages that best answer the question, kept
verbatim, each citing the document and the printed page it stands on.

When even the best sentence is weak evidence, the answer is a refusal that shows the nearest
passages instead. The threshold was calibrated on ../shared/eval/dev.jsonl (see the closing
note of issue 3 and benchmarks/eval figures)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..ingest.metadata import short_reference
from ..search.lexical import proper_names, stem, stems, terms
from ..search.retrieve import Filters, Retriever
from ..types import Document, Hit, Span

PASSAGES = 5  # top passages whose sentences may answer
MAX_SENTENCES = 3
COVERAGE_WEIGHT = 0.3  # weight of the share of question words a sentence contains
WITHIN_BEST = 0.1  # a further sentence must score within this of the best one
DUPLICATE_OVERLAP = 0.6  # word overlap above which two sentences say the same thing
#: below this evidence (best sentence score) the sources are taken not to answer
REFUSAL_THRESHOLD = 0.55
REFUSAL_TEXT = "The indexed sources do not answer this question. The nearest passages are:"


@dataclass(frozen=True)
class Citation:
    """One numbered source: a document and the printed page(s) the cited text stands on."""

    number: int
    document: Document
    labels: tuple[str | None, ...]
    pdf_pages: tuple[int | None, ...]
    passage: str
    quotes: tuple[str, ...]
    score: float

    @property
    def reference(self) -> str:
        return short_reference(self.document.meta, self.labels, self.pdf_pages)

    def to_dict(self) -> dict[str, Any]:
        meta = self.document.meta
        printed = [label for label in self.labels if label is not None]
        return {
            "number": self.number,
            "document_id": self.document.id,
            "file": self.document.file,
            "title": meta.title,
            "authors": list(meta.authors),
            "year": meta.year,
            "page": printed[0] if printed else None,
            "pages": list(self.labels),
            "pdf_page": self.pdf_pages[0],
            "pdf_pages": list(self.pdf_pages),
            "reference": self.reference,
            "passage": self.passage,
            "quotes": list(self.quotes),
            "score": round(self.score, 6),
        }


@dataclass(frozen=True)
class Answer:
    question: str
    query: str  # the stand-alone question that was searched
    sentences: tuple[tuple[str, int], ...]  # (verbatim sentence, citation number)
    citations: tuple[Citation, ...]
    refused: bool
    evidence: float
    hits: tuple[Hit, ...]
    mode: str = "extractive"  # or "generated" (by a language model, every sentence checked)
    note: str = ""  # why the answer was refused, where there is a specific reason
    notice: str = ""  # e.g. why a generated answer fell back to the extractive one
    checks: tuple[Any, ...] = ()  # generate.Check per generated sentence
    supported_share: float | None = None  # of the generated sentences that are claims
    model: str = ""  # the language model asked, if any

    @property
    def text(self) -> str:
        if self.refused:
            return f"{self.note} {REFUSAL_TEXT}" if self.note else REFUSAL_TEXT
        return " ".join(f"{sentence} [{n}]" for sentence, n in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "query": self.query,
            "mode": self.mode,
            "refused": self.refused,
            "note": self.note,
            "evidence": round(self.evidence, 4),
            "answer": self.text,
            "sentences": [{"text": s, "citation": n} for s, n in self.sentences],
            "citations": [c.to_dict() for c in self.citations],
            "notice": self.notice,
            "model": self.model,
            "supported_share": (
                None if self.supported_share is None else round(self.supported_share, 4)
            ),
            "checks": [c.to_dict() for c in self.checks],
        }


class Answerer(Protocol):
    retriever: Retriever

    def answer(
        self,
        question: str,
        query: str | None = None,
        k: int = PASSAGES,
        filters: Filters | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer: ...

    def rewrite(self, question: str, previous: Sequence[Answer]) -> str | None:
        """A follow-up as a stand-alone question, or None to leave it to chat's own method."""
        ...


@dataclass(frozen=True)
class _Candidate:
    rank: int  # of the hit
    start: int
    end: int
    text: str
    words: frozenset[str]
    score: float = 0.0
    similarity: float = 0.0


class ExtractiveAnswerer:
    """Answers from the retrieved passages' own sentences; needs no language model."""

    def __init__(self, retriever: Retriever, threshold: float = REFUSAL_THRESHOLD) -> None:
        self.retriever = retriever
        self.threshold = threshold

    def answer(
        self,
        question: str,
        query: str | None = None,
        k: int = PASSAGES,
        filters: Filters | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        """`on_token` is for answerers that stream; extractive answers come whole."""
        query = (query or question).strip()
        vector = self.retriever.embed(query)
        hits = self.retriever.search(query, k=max(k, PASSAGES), filters=filters, vector=vector)
        candidates = self.score(query, vector, hits[:PASSAGES])
        evidence = max((c.score for c in candidates), default=0.0)
        unknown = self._unknown_names(question)
        if evidence < self.threshold or unknown:
            nearest = tuple(_passage_citation(n, h) for n, h in enumerate(hits[:k], start=1))
            note = (
                "The indexed sources never mention " + ", ".join(repr(n) for n in unknown) + "."
                if unknown
                else ""
            )
            return Answer(question, query, (), nearest, True, evidence, tuple(hits[:k]), note=note)
        chosen = _select(candidates)
        sentences, citations = _cite(chosen, hits)
        return Answer(question, query, sentences, citations, False, evidence, tuple(hits[:k]))

    def rewrite(self, question: str, previous: Sequence[Answer]) -> str | None:
        """No model to rewrite with: chat resolves follow-ups by its referring words."""
        return None

    def _unknown_names(self, question: str) -> list[str]:
        """Names in the question that no passage, title or author in the index contains."""
        catalogue = self.retriever.catalogue
        version = self.retriever.version
        return [
            name
            for name in dict.fromkeys(proper_names(question))
            if version.document_frequency(name.lower()) == 0 and name.lower() not in catalogue
        ]

    def _weights(self, query: str) -> dict[str, float]:
        """Inverse document frequency of each question word: rare words weigh most."""
        version = self.retriever.version
        total = version.chunk_count() + 1
        weights: dict[str, float] = {}
        for word in terms(query):
            weights[stem(word)] = max(
                weights.get(stem(word), 0.0),
                math.log(total / (version.document_frequency(word) + 0.5)),
            )
        return weights

    def score(self, query: str, vector: np.ndarray, hits: Sequence[Hit]) -> list[_Candidate]:
        """Every usable sentence of the hits, scored against the question. The sentence vectors
        were computed at indexing time, so this costs one matrix product per passage."""
        stored = self.retriever.version.sentences([h.chunk.id for h in hits if h.chunk.id])
        weights = self._weights(query)
        total = sum(weights.values())
        scored: list[_Candidate] = []
        for rank, hit in enumerate(hits):
            text = hit.chunk.text
            offsets, matrix = stored[hit.chunk.id or 0]
            for (start, end), sim in zip(offsets, matrix @ vector, strict=True):
                sentence = text[start:end]
                words = frozenset(stems(sentence))
                covered = sum(w for s, w in weights.items() if s in words)
                score = float(sim) + COVERAGE_WEIGHT * (covered / total if total else 0.0)
                scored.append(_Candidate(rank, start, end, sentence, words, score, float(sim)))
        return scored


def _select(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """The best sentences, no two saying the same thing, in reading order."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    chosen: list[_Candidate] = []
    for candidate in ranked:
        if len(chosen) == MAX_SENTENCES or candidate.score < ranked[0].score - WITHIN_BEST:
            break
        if any(_overlap(candidate.words, c.words) > DUPLICATE_OVERLAP for c in chosen):
            continue
        chosen.append(candidate)
    return sorted(chosen, key=lambda c: (c.rank, c.start))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def _cite(
    chosen: Sequence[_Candidate], hits: Sequence[Hit]
) -> tuple[tuple[tuple[str, int], ...], tuple[Citation, ...]]:
    """Number the sources: one citation per passage and page(s) the sentences stand on."""
    found: dict[tuple[int, tuple[int | None, ...]], tuple[tuple[Span, ...], list[str]]] = {}
    sentences = []
    for candidate in chosen:
        spans = hits[candidate.rank].chunk.spans_between(candidate.start, candidate.end)
        key = (candidate.rank, tuple(s.pdf_index for s in spans))
        found.setdefault(key, (spans, []))[1].append(candidate.text)
        sentences.append((candidate.text, list(found).index(key) + 1))
    citations = tuple(
        Citation(
            number,
            hits[rank].document,
            tuple(s.label for s in spans),
            pages,
            hits[rank].chunk.text,
            tuple(quotes),
            hits[rank].score,
        )
        for number, ((rank, pages), (spans, quotes)) in enumerate(found.items(), start=1)
    )
    return tuple(sentences), citations


def _passage_citation(number: int, hit: Hit) -> Citation:
    spans = hit.chunk.spans
    return Citation(
        number,
        hit.document,
        tuple(s.label for s in spans),
        tuple(s.pdf_index for s in spans),
        hit.chunk.text,
        (),
        hit.score,
    )
