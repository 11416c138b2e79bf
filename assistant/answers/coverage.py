"""How much of a query's words a text holds, each word weighted by its rarity in the index:
the share the judge weighs an answer and a claim's source by."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from .facts import stems_with_acronyms
from .words import content_stems, stem, words


def term_weights(
    text: str, document_frequency: Callable[[str], int], total: int
) -> dict[str, float]:
    """Inverse document frequency of each content word of a text, by stem: rare words weigh
    most."""
    weights: dict[str, float] = {}
    for word in words(text):
        key = stem(word)
        if key not in content_stems(word):
            continue
        idf = math.log((total + 1) / (document_frequency(word) + 0.5))
        weights[key] = max(weights.get(key, 0.0), idf)
    return weights


def sentence_coverage(question: str, key: Mapping[str, float], about: str, text: str) -> float:
    """Weighted share of the question's key words a text holds, those of the document's
    bibliographic data aside (they are matched there) unless nothing else is left."""
    local = {s: w for s, w in key.items() if s not in stems_with_acronyms(question, about)}
    return covered(local or key, stems_with_acronyms(question, text))


def covered(weights: Mapping[str, float], present: frozenset[str]) -> float:
    """Weighted share of the query's stems that are present."""
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in present) / total if total else 0.0
