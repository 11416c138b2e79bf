"""Evaluation on question sets in the format of ../shared/eval/dev.jsonl.

Page-level metrics: a retrieved passage counts when its file matches a gold file and its page
(the page of its sentence that best matches the question) is one of the gold PDF pages; for
documents without pages the file alone counts."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answers.chat import Conversation
from .answers.extractive import Answerer
from .errors import ConfigError
from .search.retrieve import locate
from .types import Hit

CUTOFFS = (1, 5, 10)
DEPTH = 10


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    question: str
    gold: tuple[dict[str, Any], ...]
    turns: tuple[str, ...] = ()


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
            items.append(
                Item(
                    str(data["id"]),
                    str(data.get("kind", "")),
                    str(data["question"]),
                    tuple(data.get("gold", ())),
                    tuple(data.get("turns", ())),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path}, line {number}: not a question record ({exc}); each line needs "
                "'id', 'question' and 'gold' [{file, pdf_pages, pages}]."
            ) from exc
    return items


def _hit_page(hit: Hit, query: str) -> tuple[str | None, int | None]:
    span = locate(hit, query)
    return span.label, span.pdf_index


def _gold_label(item: Item, file: str, pdf_page: int | None) -> tuple[bool, str | None]:
    """(counts as a hit, the gold printed label of that page)."""
    for gold in item.gold:
        if gold["file"] != file:
            continue
        if not gold.get("pdf_pages"):
            return True, None
        if pdf_page in gold["pdf_pages"]:
            return True, gold["pages"][gold["pdf_pages"].index(pdf_page)]
    return False, None


def evaluate(
    items: Sequence[Item], answerer: Answerer, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    records = []
    latencies = []
    for number, item in enumerate(items, start=1):
        conversation = Conversation(answerer, k=DEPTH)
        for turn in item.turns[:-1]:
            conversation.ask(turn)
        started = time.perf_counter()
        answer = conversation.ask(item.turns[-1] if item.turns else item.question)
        latencies.append(time.perf_counter() - started)
        hits = []
        for hit in answer.hits[:DEPTH]:
            label, pdf_page = _hit_page(hit, answer.query)
            hits.append(
                {
                    "file": hit.document.file,
                    "page": label,
                    "pdf_page": pdf_page,
                    "score": round(hit.score, 6),
                }
            )
        records.append(
            {
                "id": item.id,
                "kind": item.kind,
                "query": answer.query,
                "refused": answer.refused,
                "evidence": round(answer.evidence, 4),
                "hits": hits,
            }
        )
        if progress:
            progress(number, len(items))
    return {"metrics": metrics(items, records, latencies), "items": records}


def metrics(
    items: Sequence[Item], records: Sequence[dict[str, Any]], latencies: Sequence[float]
) -> dict[str, Any]:
    answerable = [(i, r) for i, r in zip(items, records, strict=True) if i.gold]
    unanswerable = [r for i, r in zip(items, records, strict=True) if not i.gold]
    first_ranks: list[int | None] = []
    labels_right = labels_checked = 0
    for item, record in answerable:
        rank = None
        for position, hit in enumerate(record["hits"], start=1):
            counts, gold_label = _gold_label(item, hit["file"], hit["pdf_page"])
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
    result["quotes_on_right_page"] = (
        sum(1 for r in quotes if r == 1) / len(quotes) if quotes else None
    )
    result["unanswerable_refused"] = (
        sum(r["refused"] for r in unanswerable) / len(unanswerable) if unanswerable else None
    )
    result["answerable_refused"] = sum(r["refused"] for _, r in answerable) / n
    result["page_labels_correct"] = labels_right / labels_checked if labels_checked else None
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
