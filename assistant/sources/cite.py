"""Source checking: where does a quote or a claim come from, is it quoted exactly, on which
printed page(s)?

Verdicts: exact (identical once ligatures, line-break hyphens, quote marks, dashes, white space
and case are normalised — the same normalisation on both sides), near (a close contiguous match:
the differing words are listed, and the facts they change), paraphrase (the support judge finds
a sentence that states every fact of the claim in other words), contradicted (the closest
sentence states the same thing with one fact different: the reason names it), not_found.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np

from ..answers.coverage import document_common
from ..answers.expansions import acronym_stems
from ..answers.extractive import ExtractiveAnswerer, sentence_candidates, with_similarity
from ..answers.judge import Evidence, Judge, Judgement, RuleJudge
from ..answers.selection import Candidate
from ..answers.words import content_stems
from ..errors import QueryError
from ..ingest.chunk import prose_sentences
from ..ingest.metadata import page_locator, short_reference
from ..search.lexical import phrase_expression
from ..search.retrieve import Filters, Retriever, valid_question
from ..types import Document, Hit
from .align import changed_spans, one_span_changed, whole_words
from .normalise import Normalised, normalise

NEAR_MIN_SCORE = 0.9  # rapidfuzz partial ratio / 100 for a "near" quotation
CANDIDATE_DOCUMENTS = 3  # documents searched for a quotation, from the retrieval ranking
PHRASE_PASSAGES = 3  # passages holding a quotation word for word whose documents come first
MIN_QUOTE_CHARS = 8
CLAIM_PASSAGES = 20  # passages whose sentences may state a claim in other words
CLAIM_CANDIDATES = 40  # of their sentences, the most similar are judged
#: sentences considered for a claim when their passages' vectors are not at hand: 8 judged the
#: claim sets as all of them did (6 lost a paraphrase in each); ~10 ms each to embed on two
#: cores, and only those the judge could find supporting or contradicting are embedded
CLAIM_EMBEDDED = 8
PASSAGE_PRIOR = 0.5  # weight of the passage's cosine in choosing the sentences to embed
#: a supporting sentence wins over a contradicting one unless that one fits this much better
SUPPORT_PREFERENCE = 0.05
#: unless it holds this many times the claim's words the supporting sentence itself holds
CLEARLY_MORE = 1.5
CACHED_DOCUMENTS = 32  # normalised document texts kept for the next quotations


@dataclass(frozen=True)
class Verdict:
    verdict: str  # exact | near | paraphrase | contradicted | not_found
    score: float
    quote: str
    document: Document | None = None
    labels: tuple[str | None, ...] = ()
    pdf_pages: tuple[int | None, ...] = ()
    source_text: str = ""
    differences: tuple[tuple[str, str], ...] = ()  # (as quoted, in the source)
    #: for a paraphrase: the printed pages of every sentence that supports the claim
    supporting_pages: tuple[str | None, ...] = ()
    reason: str = ""  # why: the changed fact of a contradicted claim, what a paraphrase matched
    notes: tuple[str | None, ...] = ()  # the footnote each page's text stands in, if any

    @property
    def locator(self) -> str:
        return page_locator(self.labels, self.pdf_pages, self.notes)

    @property
    def reference(self) -> str:
        if self.document is None:
            return ""
        return short_reference(self.document.meta, self.labels, self.pdf_pages, self.notes)

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
            "notes": list(self.notes),
            "locator": self.locator,
            "reference": self.reference,
            "source_text": self.source_text,
            "differences": [{"quoted": q, "source": s} for q, s in self.differences],
            "reason": self.reason,
        }


class Verifier:
    """Finds the source of a quotation or claim in the index."""

    def __init__(self, retriever: Retriever, judge: Judge | None = None) -> None:
        self.retriever = retriever
        self.judge = judge or RuleJudge()
        self.answerer = ExtractiveAnswerer(retriever, self.judge)
        # the rule judge's verdict only rises with the similarity, and a cross-encoder's share
        # of it is at most 1: at similarity 1 without one, it bounds every verdict it can give
        self._bound = RuleJudge() if isinstance(self.judge, RuleJudge) else None
        self._documents: OrderedDict[str, Any] = OrderedDict()

    def verify(self, text: str, filters: Filters | None = None) -> Verdict:
        quote = valid_question(text).strip().strip("\"'“”‘’").strip()
        wanted = normalise(quote).text.rstrip(".,;:!? ")
        if len(wanted) < MIN_QUOTE_CHARS:
            raise QueryError(f"the text to check is too short ({len(wanted)} characters).")
        vector = self.retriever.embed(quote)
        hits = self.retriever.search(quote, k=CLAIM_PASSAGES, filters=filters, vector=vector)
        documents = list(
            dict.fromkeys([*self._quoted_in(quote, filters), *(h.document.id for h in hits)])
        )[:CANDIDATE_DOCUMENTS]
        best: Verdict | None = None
        for doc_id in documents:
            found = self._match(quote, wanted, doc_id)
            if found and (best is None or found.score > best.score):
                best = found
                if found.verdict == "exact":
                    break
        if best is not None and best.verdict == "near":
            return replace(best, reason=self._changed(quote, best.source_text))
        if best is not None:
            return best
        return self._paraphrase(quote, vector, hits)

    def _quoted_in(self, quote: str, filters: Filters | None) -> list[str]:
        """The documents whose passages hold the quotation word for word, whatever their
        region: the ranking puts a references list or the front matter below the body text,
        where twenty passages of body text may hide the one that holds the quotation."""
        version = self.retriever.version
        found = [i for i, _ in version.lexical_search(phrase_expression(quote), PHRASE_PASSAGES)]
        chunks = version.chunks(found)
        ids = [chunks[i].doc_id for i in found if i in chunks]
        if filters is not None and filters.by_document():
            ids = [i for i in ids if filters.admits(self.retriever.documents[i])]
        return ids

    def _changed(self, quote: str, source: str) -> str:
        """The facts a near quotation states differently from its source, in words."""
        found = self.judge.supports(quote, Evidence(source), self.answerer.weights(quote))
        return "; ".join(
            f"{what}: source says {was}, quoted as {said}" for what, said, was in found.conflicts
        )

    def _document_text(
        self, doc_id: str
    ) -> tuple[list[tuple[int | None, str | None, str, str | None]], str, np.ndarray, Normalised]:
        """A document's pages, whole text, page offsets and normalised text (the last few
        documents are kept: normalising a book takes a tenth of a second)."""
        cached = self._documents.get(doc_id)
        if cached is None:
            pages = self.retriever.version.pages(doc_id)
            whole = "\n".join(text for _, _, text, _ in pages)
            starts = np.cumsum([0] + [len(t) + 1 for _, _, t, _ in pages])
            cached = (pages, whole, starts, normalise(whole))
            self._documents[doc_id] = cached
            while len(self._documents) > CACHED_DOCUMENTS:
                self._documents.popitem(last=False)
        self._documents.move_to_end(doc_id)
        return cached

    def _match(self, quote: str, wanted: str, doc_id: str) -> Verdict | None:
        from rapidfuzz import fuzz

        pages, whole, starts, source = self._document_text(doc_id)
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
            at, end = whole_words(source.text, at, end)
            verdict, score = "near", alignment.score / 100
        first, last = int(source.origin[at]), int(source.origin[max(at, end - 1)]) + 1
        touched = [
            n
            for n, (s, (_, _, t, _)) in enumerate(zip(starts[:-1], pages, strict=True))
            if s < last and s + len(t) >= first
        ]
        differences = () if verdict == "exact" else changed_spans(wanted, source.text[at:end])
        return Verdict(
            verdict,
            score,
            quote,
            document,
            tuple(pages[n][1] for n in touched),
            tuple(pages[n][0] for n in touched),
            whole[first:last],
            differences,
            notes=tuple(pages[n][3] for n in touched),
        )

    def support_on_pages(self, claim: str, doc_id: str, labels: set[str]) -> bool:
        """Does a sentence printed on these pages of one document support the claim?"""
        version = self.retriever.version
        document = self.retriever.documents[doc_id]
        chunks = [
            c
            for c in version.chunks(version.chunk_ids([doc_id])).values()
            if any(s.label in labels for s in c.spans)
        ]
        hits = [Hit(chunk, document, 0.0) for chunk in chunks]
        vector = self.retriever.embed(claim)
        candidates = [
            c
            for c in self.answerer.score(claim, vector, hits)
            if chunks[c.rank].span_at(c.start).label in labels
        ]
        return any(j.holds for _, j in self._judged(claim, candidates, hits))

    def _judged(
        self, claim: str, candidates: Sequence[Candidate], hits: Sequence[Hit]
    ) -> list[tuple[Candidate, Judgement]]:
        """The most promising candidate sentences, judged against the claim, best first."""
        weights = self.answerer.weights(claim)
        top = sorted(candidates, key=lambda c: -c.score)[:CLAIM_CANDIDATES]
        version = self.retriever.version
        common = {  # the claim's words each document uses throughout (its topic's)
            doc: document_common(claim, partial(version.share_in_document, doc_id=doc))
            for doc in {hits[c.rank].document.id for c in top}
        }
        judged = []
        for c in top:
            hit = hits[c.rank]
            evidence = replace(self.answerer.evidence(c, hit), common=common[hit.document.id])
            judged.append((c, self.judge.supports(claim, evidence, weights)))
        return sorted(judged, key=lambda cj: -cj[1].score)

    def _promising(self, quote: str, vector: np.ndarray, hits: Sequence[Hit]) -> list[Candidate]:
        """The sentences of the hits that may state the claim, scored as answers' are (their
        similarity to it and the share of its rarer words they hold): the CLAIM_EMBEDDED most
        promising by the claim's words they hold (an acronym counting for the words it stands
        for) and their passage's similarity; of those, the ones the judge could find supporting
        or contradicting the claim get their own cosine (from vectors at hand, or embedded now),
        the others their passage's. Which sentences are judged never depends on what an earlier
        question left in the cache: the same claim gets the same verdict. (Embedding every
        sentence of twenty passages took ~0.7 s a claim on two cores.)"""
        cached = self.retriever.cached_sentences([h.chunk for h in hits])
        weights = self.answerer.weights(quote)
        total = sum(weights.values()) or 1.0
        scored: list[Candidate] = []
        rough: list[tuple[float, float, Candidate, np.ndarray | None]] = []
        for rank, hit in enumerate(hits):
            stored = cached.get(hit.chunk.id or 0)
            offsets = stored[0] if stored else tuple(prose_sentences(hit.chunk.text, items=True))
            rows = dict(zip(offsets, stored[1], strict=True)) if stored else {}
            for candidate, covered in sentence_candidates(rank, hit.chunk.text, offsets, weights):
                stems = acronym_stems(candidate.text, quote)
                promise = sum(w for s, w in weights.items() if s in stems) / total
                rank_by = promise + PASSAGE_PRIOR * (hit.dense_score or 0.0)
                rough.append(
                    (rank_by, covered, candidate, rows.get((candidate.start, candidate.end)))
                )
        rough.sort(key=lambda r: -r[0])
        picked: list[tuple[float, Candidate]] = []
        for _, covered, candidate, row in rough[:CLAIM_EMBEDDED]:
            # a sentence the judge finds merely related even were it the claim's twin (it
            # lacks a fact, or is a heading) needs no vector: its passage's cosine stands in
            if self._merely_related(quote, candidate, hits, weights):
                prior = hits[candidate.rank].dense_score or 0.0
                scored.append(with_similarity(candidate, prior, covered))
            elif row is not None:
                scored.append(with_similarity(candidate, float(row @ vector), covered))
            else:
                picked.append((covered, candidate))
        if picked:
            vectors = self.retriever.embedder.encode([c.text for _, c in picked])
            for (covered, candidate), vec in zip(picked, vectors, strict=True):
                scored.append(with_similarity(candidate, float(vec @ vector), covered))
        return scored

    def _merely_related(
        self, quote: str, candidate: Candidate, hits: Sequence[Hit], weights: dict[str, float]
    ) -> bool:
        """Would the rule judge call the sentence merely related even at similarity 1?"""
        if self._bound is None:  # another judge: nothing is known of its verdicts
            return False
        evidence = replace(self.answerer.evidence(candidate, hits[candidate.rank]), similarity=1.0)
        return self._bound.supports(quote, evidence, weights).verdict == "related"

    def _paraphrase(self, quote: str, vector: np.ndarray, hits: Sequence[Hit]) -> Verdict:
        """The claim in other words: the sentence the judge finds stating every fact of it
        (paraphrase), or stating the same with one fact different (contradicted); or that
        sentence word for word but for one short span (near, naming it)."""
        judged = self._judged(quote, self._promising(quote, vector, hits), hits)
        decided = [(c, j) for c, j in judged if j.verdict in ("supports", "contradicts")]
        if not decided:
            return Verdict("not_found", judged[0][1].score if judged else 0.0, quote)
        candidate, judgement = max(
            decided, key=lambda cj: cj[1].score + (SUPPORT_PREFERENCE if cj[1].holds else 0.0)
        )
        if judgement.holds:
            candidate, judgement = _unless_contradicted(quote, candidate, judgement, decided)
        hit = hits[candidate.rank]
        spans = hit.chunk.spans_between(candidate.start, candidate.end)
        labels = tuple(s.label for s in spans)
        changed = one_span_changed(quote, candidate.text) if judgement.holds else None
        found = Verdict(
            "paraphrase",
            judgement.score,
            quote,
            hit.document,
            labels,
            tuple(s.pdf_index for s in spans),
            candidate.text,
            notes=tuple(s.note for s in spans),
        )
        if changed is not None:  # its source with one span changed, which may change a fact
            reason = "wording: source says {1}, claim says {0}".format(*changed)
            return replace(found, verdict="near", differences=(changed,), reason=reason)
        if judgement.holds:
            supporting = tuple(
                label
                for c, j in judged
                if j.holds and hits[c.rank].document.id == hit.document.id
                for label in (s.label for s in hits[c.rank].chunk.spans_between(c.start, c.end))
            )
            reason = "the source states every fact of the claim"
            return replace(found, supporting_pages=supporting, reason=reason)
        differences = tuple((said, source) for _, said, source in judgement.conflicts)
        return replace(
            found, verdict="contradicted", differences=differences, reason=judgement.reason
        )


def _unless_contradicted(
    quote: str,
    candidate: Candidate,
    judgement: Judgement,
    decided: Sequence[tuple[Candidate, Judgement]],
) -> tuple[Candidate, Judgement]:
    """A support whose own sentence holds clearly fewer of the claim's words than a sentence
    that contradicts it (a denial, a direction, a frequency) gives way to that one. And a
    support that takes a figure or a name of the claim from the sentences around it gives
    way to a sentence that itself states it otherwise ('the EU endorsed ILP in 2010' is
    contradicted by 'The EU formally endorsed ILP in 2005.', not supported by the sentence after
    it because 2010 stands nearby for another event) when that sentence holds more of the
    claim's words (by stem, an acronym counting for the words it stands for: 'ILP'); unless
    another supporting sentence states the figure itself and holds as many of them."""
    claim = content_stems(quote)

    def held(candidate: Candidate) -> int:
        return len(acronym_stems(candidate.text, quote) & claim)

    ordered = sorted(decided, key=lambda cj: -cj[1].score)
    other, verdict = next(((c, j) for c, j in ordered if not j.holds and j.conflicts), (None, None))
    if other is None or verdict is None:
        return candidate, judgement
    beside = other.rank == candidate.rank and any(
        side is not None and side[1] == other.end for side in (candidate.before, candidate.after)
    )
    if beside and held(other) > held(candidate):  # the support read the claim's words in the
        # sentence beside it, which states one of its facts otherwise
        return other, verdict
    # a figure, or a name ('a second centre in Singapore' against '… in Buenos Aires')
    figures = [
        said for kind, said, _ in verdict.conflicts if kind == "name" or any(map(str.isdigit, said))
    ]
    if not figures:  # a denial, a direction, a frequency: the sentence that holds clearly
        # more of the claim's words states it ('is not considered political corruption'
        # against 'Political corruption is the use of …', supported by the sentence beside)
        clearly = held(other) >= max(CLEARLY_MORE * held(candidate), held(candidate) + 2)
        return (other, verdict) if clearly else (candidate, judgement)

    def states(text: str) -> bool:  # "(2010)" is the year of a work cited, not a fact's
        return all(re.search(rf"(?<!\(){re.escape(f)}", text) for f in figures)

    if states(candidate.text):
        return candidate, judgement
    against = held(other)
    for supporting, holds in ordered:
        if holds.holds and states(supporting.text):
            if held(supporting) >= against:
                return supporting, holds
            break
    if against > held(candidate):
        return other, verdict
    return candidate, judgement
