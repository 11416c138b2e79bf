"""Rank fusion: pure functions over ranked id lists."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

#: the usual reciprocal-rank-fusion constant: damps the difference between the very top ranks
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[K, float]]:
    """Fuse ranked lists: score(id) = Σ weight / (k + rank), rank from 1. Best first; ties keep
    the order in which ids were first seen."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def diversify(ranked: Sequence[tuple[K, str]], per_group: int) -> list[K]:
    """Keep ranked order but allow at most `per_group` items per group (e.g. per document);
    the items held back follow, in order, so nothing is lost past the cut."""
    counts: dict[str, int] = {}
    first: list[K] = []
    later: list[K] = []
    for key, group in ranked:
        counts[group] = counts.get(group, 0) + 1
        (first if counts[group] <= per_group else later).append(key)
    return first + later
