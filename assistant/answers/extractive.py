"""Extractive answers: the sentences of the top passages that best answer the question, kept
verbatim, each citing the document and the printed page it stands on.

The support judge (`judge.py`) decides which sentence answers: one that holds what the question
asks for (a figure, a year, a name …) and respects its constraints (the names and years it
mentions). The answer leads with that sentence, then the next best that answer too. When no
sentence answers, the answer is a refusal that says what the sources do cover, with the nearest
passages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..ingest.chunk import prose_sentences
from ..ingest.metadata import short_reference
from ..search.describe import section_label
from ..search.lexical import proper_names
from ..search.retrieve import Filters, Retriever
from ..types import BODY, Document, Hit, Span
from .answer_types import after_caption
from .context import SurroundingsCache, answer_regions
from .coverage import term_weights
from .facts import all_initials, names
from .judge import Evidence, Judge, Judgement, RuleJudge
from .ranking import LOWER_PENALTY
from .refusal import partial
from .selection import Candidate, listing_first, select
from .words import content_stems

PASSAGES = 5  # passages shown with an answer (and given to a language model)
CANDIDATE_PASSAGES = 12  # passages searched for the sentence that answers
#: how much better a lower passage's sentence must score to come before a top one's (unranked)
LOWER_MARGIN = 0.08
#: sentences of the lower passages judged with the top ones: those likeliest to answer (by
#: similarity and words shared); the rest only when none answers
LOWER_SENTENCES = 12
SPARE = 5  # passages more searched for, in case some stand in regions answers do not use
COVERAGE_WEIGHT = 0.3  # weight of the share of question words a sentence contains
REFUSAL_TEXT = "The indexed sources do not answer this question."
NEAREST_TEXT = "The nearest passages are:"


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
    notes: tuple[str | None, ...] = ()  # the footnote each page's text stands in, if any
    section: str = ""  # '§3 Defining intelligence-led policing'

    @property
    def reference(self) -> str:
        return short_reference(self.document.meta, self.labels, self.pdf_pages, self.notes)

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
            "note": next((n for n in self.notes if n), None),
            "section": self.section,
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
            return " ".join(t for t in (REFUSAL_TEXT, self.note, NEAREST_TEXT) if t)
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
    judge: Judge

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


class ExtractiveAnswerer:
    """Answers from the retrieved passages' own sentences; needs no language model. The judge
    decides which sentence answers the question; the answer leads with it."""

    def __init__(self, retriever: Retriever, judge: Judge | None = None) -> None:
        self.retriever = retriever
        self.judge = judge or RuleJudge()
        self._surroundings = SurroundingsCache()

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
        found = self.retriever.search(
            query, k=max(k, CANDIDATE_PASSAGES) + SPARE, filters=filters, vector=vector
        )
        usable = answer_regions(query, filters)
        hits = [h for h in found if h.chunk.region in usable][: max(k, CANDIDATE_PASSAGES)]
        scored = self.score(query, vector, hits)
        first = [c for c in scored if c.rank < PASSAGES]  # with the likeliest of the lower ones
        lower = sorted((c for c in scored if c.rank >= PASSAGES), key=lambda c: -c.score)
        judged = self.judge_all(query, first + lower[:LOWER_SENTENCES], hits)
        if not any(j.holds for _, j in judged):  # or any of the lower ones
            further = self.judge_all(query, lower[LOWER_SENTENCES:], hits)
            judged = sorted(judged + further, key=best_first)
        if not any(j.holds for _, j in judged):  # or in a note the top passages refer to
            start = len(hits)
            hits = hits + self._notes(hits[:PASSAGES])
            judged = self._more(query, vector, judged, hits, start)
        if not any(j.holds for _, j in judged):  # the asked one may come after its siblings
            start = len(hits)
            listing = {c.rank for c, j in judged if any(k == "name" for k, _, _ in j.conflicts)}
            hits = hits + self._next_passages([hits[rank] for rank in sorted(listing)])
            judged = self._more(query, vector, judged, hits, start)
        evidence = max((j.score for _, j in judged), default=0.0)
        unknown = self._unknown_names(question, hits) + self.retriever.unknown_terms(question)
        answering = [(c, j) for c, j in judged if j.holds]
        if not answering or unknown:
            nearest = tuple(_passage_citation(n, h) for n, h in enumerate(hits[:k], start=1))
            if unknown:
                note = "The indexed sources never mention " + ", ".join(map(repr, unknown)) + "."
            else:
                top = [(c, j) for c, j in judged if c.rank < PASSAGES]  # what they mostly say
                note = partial(query, top, hits, self.weights(query))
            return Answer(question, query, (), nearest, True, evidence, tuple(hits[:k]), note=note)
        chosen = select(listing_first(query, answering), hits, query, self._following)
        sentences, citations = _cite(chosen, hits)
        return Answer(question, query, sentences, citations, False, evidence, tuple(hits[:k]))

    def _more(
        self,
        query: str,
        vector: np.ndarray,
        judged: list[tuple[Candidate, Judgement]],
        hits: Sequence[Hit],
        start: int,
    ) -> list[tuple[Candidate, Judgement]]:
        """The judged sentences with those of hits[start:] judged too, best first."""
        further = self.score(query, vector, hits[start:], start)
        return sorted(judged + self.judge_all(query, further, hits), key=best_first)

    def judge_all(
        self, query: str, candidates: Sequence[Candidate], hits: Sequence[Hit]
    ) -> list[tuple[Candidate, Judgement]]:
        """Each candidate sentence judged against the question, best first."""
        weights = self.weights(query)
        judged = [
            (c, self.judge.answers(query, self.evidence(c, hits[c.rank]), weights))
            for c in candidates
        ]
        return sorted(judged, key=best_first)

    def evidence(self, candidate: Candidate, hit: Hit) -> Evidence:
        """A sentence with its neighbours, its passage, the passages around it, its document."""
        text = hit.chunk.text
        before = text[slice(*candidate.before)] if candidate.before else ""
        after = text[slice(*candidate.after)] if candidate.after else ""
        held = self._surroundings.of(self.retriever.version, hit)
        return Evidence(
            candidate.text,
            f"{before} {after}".strip(),
            held.passage,
            held.about,
            candidate.similarity,
            held.section,
            before,
            after,
            held.headings,
            held.title,
        )

    def _next_passages(self, hits: Sequence[Hit]) -> list[Hit]:
        """The passages just after these hits in their documents, that are not hits already."""
        seen = {(h.chunk.doc_id, h.chunk.ordinal) for h in hits}
        found = []
        for hit in hits:
            following = self._following(hit)
            if following is not None:
                key = (following[0].chunk.doc_id, following[0].chunk.ordinal)
                if key not in seen:
                    seen.add(key)
                    found.append(following[0])
        return found

    def _notes(self, hits: Sequence[Hit]) -> list[Hit]:
        """The footnotes on these body-text passages' pages, not hits (a look-up per document)."""
        pages: dict[str, tuple[Document, set[int | None]]] = {}
        for hit in hits:
            if hit.chunk.region == BODY:
                entry = pages.setdefault(hit.chunk.doc_id, (hit.document, set()))
                entry[1].update(s.pdf_index for s in hit.chunk.spans)
        seen = {h.chunk.id for h in hits}
        return [
            Hit(chunk=chunk, document=document, score=0.0)
            for doc_id, (document, on) in pages.items()
            for chunk in self.retriever.version.footnotes(doc_id, tuple(on))
            if chunk.id not in seen
        ]

    def _following(self, hit: Hit) -> tuple[Hit, list[tuple[int, int]]] | None:
        """The passage after a hit's in its document (same region) and the offsets of its
        sentences and list items, to read on after an answer; None at the document's end."""
        chunk = self.retriever.version.chunk_at(hit.chunk.doc_id, hit.chunk.ordinal + 1)
        if chunk is None or chunk.region != hit.chunk.region:
            return None
        offsets = prose_sentences(chunk.text, items=True)
        return Hit(chunk=chunk, document=hit.document, score=0.0), offsets

    def rewrite(self, question: str, previous: Sequence[Answer]) -> str | None:
        """No model to rewrite with: chat resolves follow-ups by its referring words."""
        return None

    def _unknown_names(self, question: str, hits: Sequence[Hit] = ()) -> list[str]:
        """Names in the question that no passage, title or author in the index contains (an
        acronym the found passages spell out is known: 'IOM', 'International … Migration')."""
        catalogue = self.retriever.catalogue
        version = self.retriever.version
        letters = all_initials(catalogue, names_only=False)  # "NZ", "ILP" for a title's words
        unknown = [
            name
            for name in dict.fromkeys(proper_names(question))
            if version.document_frequency(name.lower()) == 0
            and not _known_parts(name, version.document_frequency)
            and name.lower() not in catalogue
            and not (name.isupper() and len(name) <= 6 and name.lower() in letters)
        ]
        if any(name.isupper() for name in unknown):
            spelled = " ".join(all_initials(n.text) for h in hits for n in names(h.chunk.text))
            unknown = [n for n in unknown if not (n.isupper() and n.lower() in spelled.split())]
        return unknown

    def weights(self, query: str) -> dict[str, float]:
        """Inverse document frequency of each question word: rare words weigh most."""
        version = self.retriever.version
        return term_weights(query, version.document_frequency, version.chunk_count())

    def score(
        self, query: str, vector: np.ndarray, hits: Sequence[Hit], first: int = 0
    ) -> list[Candidate]:
        """Every usable sentence of the hits, with its similarity to the question and the share
        of the question's rarer words it holds. A passage's sentences are embedded when it is
        first read (then cached); then one matrix product per passage."""
        stored = self.retriever.sentences([h.chunk for h in hits])
        weights = self.weights(query)
        scored: list[Candidate] = []
        for rank, hit in enumerate(hits, start=first):
            offsets, matrix = stored[hit.chunk.id or 0]
            for (candidate, covered), sim in zip(
                sentence_candidates(rank, hit.chunk.text, offsets, weights),
                matrix @ vector,
                strict=True,
            ):
                scored.append(with_similarity(candidate, float(sim), covered))
        return scored


def best_first(judged: tuple[Candidate, Judgement]) -> tuple[bool, float]:
    """Sort key, best answer first: sentences that answer by their rank (`ranking`), then the
    others by the judge's score; less a margin for a passage below the top ones."""
    candidate, judgement = judged
    lower = candidate.rank >= PASSAGES
    if judgement.holds and judgement.rank is not None:  # (a judge that ranks nothing: by score)
        return False, -(judgement.rank - (LOWER_PENALTY if lower else 0.0))
    return not judgement.holds, -(judgement.score - (LOWER_MARGIN if lower else 0.0))


def _known_parts(name: str, frequency: Callable[[str], int]) -> bool:
    """A hyphenated name whose capitalised parts the index holds ('Ferguson-type incidents':
    the name is 'Ferguson')."""
    pieces = re.split(r"[-‐‑]", name)
    parts = [p for p in pieces if p[:1].isupper()]
    return len(pieces) > 1 and bool(parts) and all(frequency(p.lower()) for p in parts)


def sentence_candidates(
    rank: int, text: str, offsets: Sequence[tuple[int, int]], weights: dict[str, float]
) -> list[tuple[Candidate, float]]:
    """Each sentence of a passage (the `rank`-th hit) as a candidate not yet scored, with the
    weighted share of the query's words it holds."""
    total = sum(weights.values())
    found = []
    for i, (start, end) in enumerate(offsets):
        start += after_caption(text[start:end])  # not a chart's labels glued before it
        sentence = text[start:end]
        words = frozenset(content_stems(sentence))
        covered = sum(w for s, w in weights.items() if s in words) / total if total else 0.0
        before = offsets[i - 1] if i > 0 else None
        after = offsets[i + 1] if i + 1 < len(offsets) else None
        found.append(
            (Candidate(rank, start, end, sentence, words, 0.0, 0.0, before, after), covered)
        )
    return found


def with_similarity(candidate: Candidate, similarity: float, covered: float) -> Candidate:
    """The candidate scored: its similarity to the query plus a share of the words it holds
    (built anew: `dataclasses.replace` cost more than the rest of scoring)."""
    c = candidate
    score = similarity + COVERAGE_WEIGHT * covered
    return Candidate(c.rank, c.start, c.end, c.text, c.words, score, similarity, c.before, c.after)


def _cite(
    chosen: Sequence[Candidate], hits: Sequence[Hit]
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
            tuple(s.note for s in spans),
            section_label(hits[rank].document.section(hits[rank].chunk.section)),
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
        tuple(s.note for s in spans),
        section_label(hit.document.section(hit.chunk.section)),
    )
