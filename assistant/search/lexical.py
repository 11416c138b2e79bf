"""Lexical queries for the FTS5 (BM25) index: question text → a safe MATCH expression."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

#: function words, and the "et al." of a citation: "Bussey et al.'s index" is about Bussey's
#: paper, and "et"/"al" would only match every passage that cites someone (dev R@5 0.929 ->
#: 0.964, MRR@10 0.862 -> 0.896; no set lost an item)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself according
    said says say did does many much one two et al""".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def terms(text: str) -> list[str]:
    """Content words of a text, lower-cased, in order, without repeats."""
    words = (w.lower().replace("’", "'") for w in _TOKEN.findall(text))
    seen: dict[str, None] = {}
    for word in words:
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word.split("'")[0], None)
    return list(seen)


_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A light stem for comparing words ('officers' ~ 'officer'); not for the FTS5 index,
    which stems with Porter itself."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def stems(text: str) -> set[str]:
    return {stem(t) for t in terms(text)}


def proper_names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence ('ShotSpotter', 'Chicago')."""
    words = re.findall(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w’'-]*[A-Za-z])", text.strip())
    names = (re.sub(r"['’]s$", "", w) for w in words)
    return [w for w in names if w.lower() not in STOPWORDS]


def match_expression(text: str) -> str:
    """Any of the content words (each quoted, so no FTS5 syntax can leak in)."""
    return " OR ".join(f'"{t}"' for t in terms(text))


def bounded_expression(text: str, frequency: Callable[[str], int], rows: int) -> str:
    """The content words as a MATCH expression that matches about `rows` rows at most (0: no
    limit), since BM25 scores every row matched: the rarest words are kept while their
    document frequencies add up to `rows` (the commoner ones would add little to BM25 and much
    to its cost); when even the rarest word is common, every word must match."""
    words = terms(text)
    if rows <= 0 or len(words) < 2:
        return match_expression(text)
    counts = {w: frequency(w) for w in words}
    if sum(counts.values()) <= rows:
        return match_expression(text)
    kept: set[str] = set()
    total = 0
    for word in sorted(words, key=lambda w: counts[w]):
        if kept and total + counts[word] > rows:
            break
        kept.add(word)
        total += counts[word]
    if total > rows:
        return " AND ".join(f'"{w}"' for w in words)
    return " OR ".join(f'"{w}"' for w in words if w in kept)


def phrase_expression(text: str) -> str:
    """All words of a text as one phrase (for finding a quotation)."""
    words = [w.lower() for w in _TOKEN.findall(text)]
    return '"' + " ".join(words) + '"' if words else ""


#: words for a kind of document, which name the document a question is about, not its content
#: (not "book", "paper", "article", "report": as often a work the document cites)
DOCUMENT_KINDS = frozenset("guidebook guidebooks manual manuals handbook handbooks chapter".split())


def content_words(question: str, catalogue: frozenset[str]) -> str:
    """The question less the words that only say which document it is about: a kind of
    document ("the guidebook", "the manual") and a title's acronym (a word of `catalogue`,
    the titles' and authors' words) before one ("the OSCE guidebook"). They match the pages
    that introduce the document, not the passage that answers (books-dev R@5 0.958 -> 1.0,
    MRR@10 0.868 -> 0.910; dev and held-out questions unchanged). The question itself when
    nothing else is left ("What is the OSCE?": the name is the content)."""
    tokens = question.split()
    bare = [t.strip(".,;:?!()'\"‘’“”").removesuffix("'s").removesuffix("’s") for t in tokens]
    kinds = [b.lower() in DOCUMENT_KINDS for b in bare]
    kept = [
        token
        for i, token in enumerate(tokens)
        if not kinds[i]
        and not (  # "the OSCE guidebook", not "When was the OSCE founded?"
            i + 1 < len(tokens)
            and kinds[i + 1]
            and len(bare[i]) > 1
            and bare[i].isupper()
            and bare[i].lower() in catalogue
        )
    ]
    text = " ".join(kept)
    return text if terms(text) else question


#: a phrase in double quotation marks (which may hold apostrophes: "Ferguson’s police …") or
#: in single ones (an apostrophe inside a word opens none); no nested repeats, so a long
#: question with an unclosed quote costs one pass
_QUOTED = re.compile(
    r"(?:(?<=\s)|^)(?:[\"“]([^\"“”]+)[\"”]|['‘]([^'‘’\"“”]+)['’])(?=[\s,.;:?!)]|$)"
)


@lru_cache(maxsize=1024)
def quoted_phrases(question: str) -> tuple[str, ...]:
    """The phrases of two words or more a question puts in quotation marks, folded."""
    found = (folded(m.group(1) or m.group(2)).strip(" .,;:") for m in _QUOTED.finditer(question))
    return tuple(p for p in found if " " in p)


def holds_phrase(sentence: str, phrases: Sequence[str]) -> bool:
    if not phrases:
        return False
    text = folded(sentence)
    return any(p in text for p in phrases)


def folded(text: str) -> str:
    """Lower case, one kind of hyphen and of apostrophe, single spaces: for finding a phrase in
    a sentence."""
    return " ".join(re.sub(r"[‐‑–-]", "-", text.lower()).replace("’", "'").split())
