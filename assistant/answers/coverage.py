"""How much of a query's words a text holds, each word weighted by its rarity in the index:
the share the judge weighs an answer and a claim's source by."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping

from ..search.asked import asking_sentence
from .expansions import stems_with_acronyms
from .facts import names
from .quantities import quantities
from .words import american, content_stems, stem, words

RESTATED_OTHER = 0.3  # at most this share of a sentence's words not in the claim: its twin
TWIN_WORDS = 12  # (of at least this many content words)
#: a document's common words: in more than this share of its passages, and more than COMMON_FLOOR
COMMON_SHARE, COMMON_FLOOR = 0.1, 3


def term_weights(
    text: str, document_frequency: Callable[[str], int], total: int
) -> dict[str, float]:
    """Inverse document frequency of each content word of a text, by stem: rare words weigh
    most."""
    weights: dict[str, float] = {}
    for word, key in _content_words(text):
        idf = math.log((total + 1) / (document_frequency(word) + 0.5))
        weights[key] = max(weights.get(key, 0.0), idf)
    return weights


def _content_words(text: str) -> Iterator[tuple[str, str]]:
    """Each content word of a text as written, with its stem."""
    for word in words(text):
        key = stem(word)
        if key in content_stems(word):
            yield word, key


def sentence_coverage(question: str, key: Mapping[str, float], about: str, text: str) -> float:
    """Weighted share of the question's key words a text holds, those of the document's
    bibliographic data aside (they are matched there) unless nothing else is left."""
    matched_there = stems_with_acronyms(question, about)
    local = {s: w for s, w in key.items() if s not in matched_there}
    return covered(local or key, stems_with_acronyms(question, text))


def asked_coverage(question: str, key: Mapping[str, float], about: str, text: str) -> float:
    """`sentence_coverage` of the asking sentence's own words, for a question whose sentences
    before it set the scene (0 for a question of one sentence): their words, or an earlier
    question's in a conversation, would dilute what is asked ('… bodies did the US create from
    1789 onwards? And which city was the first to get its own police, and when?'). The kind
    of thing asked ('which ministry') is no word of what it did."""
    asking = asking_sentence(question)
    if asking == question.strip():
        return 0.0
    kind = {stem(w.lower()) for w in re.findall(r"\b(?:which|what)\s+(\w+)", asking, re.I)}
    asked = content_stems(asking) - kind
    own = {s: w for s, w in key.items() if s in asked}
    return sentence_coverage(asking, own, about, text) if own else 0.0


def covered(weights: Mapping[str, float], present: frozenset[str]) -> float:
    """Weighted share of the query's stems that are present."""
    total = sum(weights.values())
    return sum(w for s, w in weights.items() if s in present) / total if total else 0.0


#: a claim in other words: the sentence may hold few of its words, so its similarity to the
#: claim weighs most (held-out claim sets: paraphrases found 176 -> 188 of 212, no more altered
#: or invented claims accepted; 0.5 for both lost invented claims to 'contradicted')
REWORDED_SIMILARITY = 0.7
#: unless the claim's words it lacks stand elsewhere in its passage: then it states only a part
#: ('the Tactical group meets weekly' for 'the Strategic group meets weekly and aligns …')
ELSEWHERE = 0.1
#: and it holds a quarter of the claim's words at least (the paraphrases found this way hold
#: 0.26 and more; a lower floor let cite embed many more sentences, p95 124 -> 184 ms)
REWORDED_COVERAGE = 0.25
#: a source sentence states a claim only if it holds some of the claim's words beyond those of
#: its document's title, which a claim uses to name the document (the paraphrases found hold
#: 0.23 and more of them; a sentence that only names the guidebook, 0)
OWN_WORDS = 0.1


def beyond_title(claim: str, weights: Mapping[str, float], about: str, *texts: str) -> float:
    """Weighted share of the claim's words the texts hold, those of the document's title and
    bibliographic data (`about`) aside ('The OSCE guidebook wants recruits taught ILP' has none
    in 'The OSCE Guidebook on Intelligence-Led Policing is an important step')."""
    matched_there = stems_with_acronyms(claim, about)
    own = {s: w for s, w in weights.items() if s not in matched_there}
    return covered(own or weights, stems_with_acronyms(claim, *texts))


def reworded(
    claim: str,
    sentence: str,
    passage: str,
    weights: Mapping[str, float],
    scores: tuple[float, float],
) -> float:
    """A source sentence's score as the claim said in other words, from its (similarity,
    coverage): mostly the similarity, if the sentence itself states each figure of the claim
    (not only a neighbour: 'one in four' is no '25-30% of assaults' beside it) and its passage
    holds no more of the claim's words than the sentence with its neighbours (`coverage`);
    else 0."""
    similarity, coverage = scores
    if coverage < REWORDED_COVERAGE:
        return 0.0
    stated = quantities(sentence)
    if not all(any(q.same_as(s) for s in stated) for q in quantities(claim) if q.kind != "cited"):
        return 0.0
    if covered(weights, stems_with_acronyms(claim, passage)) - coverage > ELSEWHERE:
        return 0.0
    return REWORDED_SIMILARITY * similarity + (1 - REWORDED_SIMILARITY) * coverage


def twin(claim: str, sentence: str) -> bool:
    """Is the sentence the claim's own, restated with a span of its own: a long one (a short
    one by another actor shares most of its words by chance) whose words the claim mostly
    holds?"""
    own = content_stems(sentence)
    return len(own) >= TWIN_WORDS and len(own - content_stems(claim)) <= RESTATED_OTHER * len(own)


def document_common(
    text: str, share_in_document: Callable[[str], tuple[int, int]]
) -> frozenset[str]:
    """Stems of a text's content words that a document uses throughout: in more than
    COMMON_SHARE of its passages (and more than COMMON_FLOOR), from `share_in_document(word)`:
    (its passages that hold the word, its passages). A claim built of these and one
    invented fact ('officers must photograph every child at a family harm episode') shares
    them with many of the document's sentences."""
    common = set()
    for word, key in _content_words(text):
        if key in common:
            continue
        # (counted as the lexical index reads words: a possessive or a British spelling
        # is counted in both forms, as the stem merges them)
        forms = dict.fromkeys((word, american(word)))
        holding, passages = max(share_in_document(form) for form in forms)
        if holding > max(COMMON_FLOOR, COMMON_SHARE * passages):
            common.add(key)
    return frozenset(common)


def particular(
    claim: str, sentence: str, common: frozenset[str] | None, about: str = ""
) -> int | None:
    """How many words the sentence shares with the claim that its document does not use
    throughout, nor its bibliographic data holds ('Nix', 'Justice'), a name's counting as one
    ('St. Louis County'). None: the document's common words are not known."""
    if common is None:
        return None
    shared = (content_stems(claim) & content_stems(sentence)) - common - content_stems(about)
    count = len(shared)
    for name in names(sentence):
        within = shared & {stem(part) for part in name.parts}
        count -= max(0, len(within) - 1)
        shared -= within
    return count
