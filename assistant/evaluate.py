"""Evaluation on the sets of ../shared/eval: questions (dev.jsonl, books-dev.jsonl), refusals
(unanswerable-dev.jsonl) and claims to verify (claims-dev.jsonl), in one format.

Page-level retrieval: a passage counts when its file matches a gold file and its page (the page
of its sentence that best matches the question) is one of the gold PDF pages; for documents
without pages the file alone counts. An answer is *accurate* when the sentences that cite a gold
page hold at least 60% of the content words of the gold snippet (or of an `evidence` text of that
page). Claims: the verdict matrix per kind, and whether each verdict cites the gold page."""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answers.chat import Conversation
from .answers.extractive import Answer, Answerer
from .errors import ConfigError
from .search.describe import locate
from .search.lexical import stems
from .sources.cite import Verdict, Verifier

CUTOFFS = (1, 5, 10)
DEPTH = 10
SNIPPET_SHARE = 0.6  # of the gold snippet's content words an accurate answer holds
CLAIM_KINDS = ("paraphrase", "altered", "invented")
ACCEPTED = ("exact", "near", "paraphrase")


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    question: str  # the question, or the claim to verify
    gold: tuple[dict[str, Any], ...]
    turns: tuple[str, ...] = ()
    snippets: tuple[tuple[int | None, str], ...] = ()  # (PDF page or None: any gold page, text)
    is_claim: bool = False


def load_items(path: Path) -> list[Item]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc}).") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            snippets: list[tuple[int | None, str]] = (
                [(None, str(data["snippet"]))] if data.get("snippet") else []
            )
            snippets += [  # a file without pages (Markdown) gives evidence without one
                (None if e.get("pdf_page") is None else int(e["pdf_page"]), str(e["text"]))
                for e in data.get("evidence", ())
            ]
            items.append(
                Item(
                    str(data["id"]),
                    str(data.get("kind", "")),
                    str(data["claim"] if "claim" in data else data["question"]),
                    tuple(data.get("gold", ())),
                    tuple(data.get("turns", ())),
                    tuple(snippets),
                    "claim" in data,
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path}, line {number}: not an evaluation record ({exc}); each line needs "
                "'id', 'question' (or 'claim') and 'gold' [{file, pdf_pages, pages}]."
            ) from exc
    return items


def _on_gold(item: Item, file: str, pdf_page: int | None) -> tuple[bool, str | None]:
    """(the page is a gold page, its gold printed label)."""
    for gold in item.gold:
        if gold["file"] != file:
            continue
        if not gold.get("pdf_pages"):
            return True, None
        if pdf_page in gold["pdf_pages"]:
            return True, gold["pages"][gold["pdf_pages"].index(pdf_page)]
    return False, None


def _accurate(item: Item, answer: Answer) -> bool:
    """Do the answer's sentences that cite a gold page hold the gold snippet's words?"""
    if answer.refused or not item.snippets:
        return False
    cited: dict[int | None, set[str]] = {}
    for text, number in answer.sentences:
        citation = answer.citations[number - 1]
        for pdf_page in citation.pdf_pages:
            if _on_gold(item, citation.document.file, pdf_page)[0]:
                cited.setdefault(pdf_page, set()).update(stems(text))
    for page, snippet in item.snippets:
        wanted = stems(snippet)
        for cited_page, words in cited.items():
            if page in (None, cited_page) and len(wanted & words) >= SNIPPET_SHARE * len(wanted):
                return True
    return False


def _answer_record(item: Item, answer: Answer) -> dict[str, Any]:
    hits = []
    for hit in answer.hits[:DEPTH]:
        span = locate(hit, answer.query)
        hits.append(
            {
                "file": hit.document.file,
                "page": span.label,
                "pdf_page": span.pdf_index,
                "score": round(hit.score, 6),
            }
        )
    citations = [
        {"file": c.document.file, "page": label, "pdf_page": pdf_page}
        for c in ([] if answer.refused else answer.citations)
        for label, pdf_page in zip(c.labels, c.pdf_pages, strict=True)
    ]
    return {
        "id": item.id,
        "kind": item.kind,
        "query": answer.query,
        "refused": answer.refused,
        "answer": answer.text,
        "note": answer.note,
        "evidence": round(answer.evidence, 4),
        "citations": citations,
        "hits": hits,
        "accurate": _accurate(item, answer),
    }


def _verdict_record(item: Item, verdict: Verdict) -> dict[str, Any]:
    document = verdict.document
    on_gold = document is not None and any(
        _on_gold(item, document.file, p)[0] for p in (verdict.pdf_pages or (None,))
    )
    return {
        "verdict": verdict.verdict,
        "score": round(verdict.score, 4),
        "file": document.file if document else None,
        "pages": list(verdict.labels),
        "pdf_pages": list(verdict.pdf_pages),
        "reason": verdict.reason,
        "source_text": verdict.source_text,
        "on_gold_page": on_gold,
    }


def evaluate(
    items: Sequence[Item],
    answerer: Answerer,
    progress: Callable[[int, int], None] | None = None,
    verifier: Verifier | None = None,
) -> dict[str, Any]:
    """Every item answered (questions) or verified (claims); quotes and claims in question sets
    are both answered and verified."""
    verifier = verifier or Verifier(answerer.retriever, answerer.judge)
    records, latencies = [], []
    for number, item in enumerate(items, start=1):
        started = time.perf_counter()
        if item.is_claim:
            verdict = verifier.verify(item.question)
            latencies.append(time.perf_counter() - started)
            records.append(
                {"id": item.id, "kind": item.kind, "claim": item.question}
                | _verdict_record(item, verdict)
            )
        else:
            conversation = Conversation(answerer, k=DEPTH)
            for turn in item.turns[:-1]:
                conversation.ask(turn)
            started = time.perf_counter()
            answer = conversation.ask(item.turns[-1] if item.turns else item.question)
            latencies.append(time.perf_counter() - started)
            record = _answer_record(item, answer)
            if item.kind in ("quote", "claim"):
                record |= _verdict_record(item, verifier.verify(item.question))
            records.append(record)
        if progress:
            progress(number, len(items))
    return {"metrics": metrics(items, records, latencies), "items": records}


def _share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def metrics(
    items: Sequence[Item], records: Sequence[dict[str, Any]], latencies: Sequence[float]
) -> dict[str, Any]:
    pairs = list(zip(items, records, strict=True))
    questions = [(i, r) for i, r in pairs if not i.is_claim]
    answerable = [(i, r) for i, r in questions if i.gold]
    result: dict[str, Any] = {}
    if questions:
        result |= _retrieval(answerable)
        result["answer_accuracy"] = _share([r["accurate"] for i, r in answerable if i.snippets])
        result["unanswerable_refused"] = _share([r["refused"] for i, r in questions if not i.gold])
        result["answerable_refused"] = _share([r["refused"] for _, r in answerable])
        verified = [(i.kind, r) for i, r in answerable if "verdict" in r]
        result["quotes_exact_on_gold"] = _share(
            [r["verdict"] == "exact" and r["on_gold_page"] for k, r in verified if k == "quote"]
        )
        result["claims_supported_on_gold"] = _share(
            [r["verdict"] in ACCEPTED and r["on_gold_page"] for k, r in verified if k == "claim"]
        )
    claims = [(i, r) for i, r in pairs if i.is_claim]
    if claims:
        result |= _claims(claims)
    ordered = sorted(latencies)
    result["latency_p50_ms"] = round(1000 * statistics.median(ordered), 1) if ordered else None
    result["latency_p95_ms"] = (
        round(1000 * ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)
        if ordered
        else None
    )
    result["items"] = len(items)
    result["answerable"] = len(answerable)
    return result


def _retrieval(answerable: Sequence[tuple[Item, dict[str, Any]]]) -> dict[str, Any]:
    first_ranks: list[int | None] = []
    labels_right = labels_checked = 0
    for item, record in answerable:
        rank = None
        for position, hit in enumerate(record["hits"], start=1):
            counts, gold_label = _on_gold(item, hit["file"], hit["pdf_page"])
            if counts and rank is None:
                rank = position
            if counts and hit["pdf_page"] is not None:
                labels_checked += 1
                labels_right += hit["page"] == gold_label
        first_ranks.append(rank)
    n = max(1, len(answerable))
    result: dict[str, Any] = {
        f"recall@{k}": sum(1 for r in first_ranks if r is not None and r <= k) / n for k in CUTOFFS
    }
    result["mrr@10"] = sum(1 / r for r in first_ranks if r is not None and r <= DEPTH) / n
    quotes = [r for (i, _), r in zip(answerable, first_ranks, strict=True) if i.kind == "quote"]
    result["quotes_on_right_page"] = _share([r == 1 for r in quotes])
    result["page_labels_correct"] = labels_right / labels_checked if labels_checked else None
    return result


def _claims(claims: Sequence[tuple[Item, dict[str, Any]]]) -> dict[str, Any]:
    """The verdict matrix per kind, and the shares the targets are stated in."""
    matrix = {
        kind: dict(Counter(r["verdict"] for i, r in claims if i.kind == kind))
        for kind in dict.fromkeys(i.kind for i, _ in claims)
    }
    by_kind = {kind: [r for i, r in claims if i.kind == kind] for kind in CLAIM_KINDS}
    return {
        "verdicts": matrix,
        "paraphrase_found_on_gold": _share(
            [r["verdict"] == "paraphrase" and r["on_gold_page"] for r in by_kind["paraphrase"]]
        ),
        "altered_accepted": _share(
            [r["verdict"] in ("exact", "paraphrase") for r in by_kind["altered"]]
        ),
        "altered_flagged": _share(
            [r["verdict"] in ("near", "contradicted") for r in by_kind["altered"]]
        ),
        "invented_accepted": _share([r["verdict"] in ACCEPTED for r in by_kind["invented"]]),
    }
