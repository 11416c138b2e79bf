"""Word alignment of a quotation or claim with its source: the spans that differ, and whether a
claim is its source with one short span put in other words ('geared toward senior police
executives' for 'geared toward mid-level police managers')."""

from __future__ import annotations

import difflib
import re

from ..answers.quantities import MONTHS
from ..answers.words import stem
from ..search.lexical import STOPWORDS

#: a claim that keeps this share of its source's words in order and changes one span of at
#: most CHANGED_WORDS words on either side states the source with that span changed
KEPT_SHARE = 0.6
CHANGED_WORDS = 3
KEPT_WORDS = 4  # and keeps this many words at least

_WORD = re.compile(r"[\w][\w'’-]*")


def changed_spans(quoted: str, source: str) -> tuple[tuple[str, str], ...]:
    """(quoted, source) for each span where the two differ, word by word."""
    a, b = quoted.split(), source.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return tuple(
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


#: words of a heading the sentence splitter may leave before a source sentence ('Evaluation
#: and close off All cases referred …')
HEADING_WORDS = 8
#: words of a clause a claim may open with that says whose words it gives or where they hold
#: ('According to the OSCE guidebook, …', 'In the EU policy cycle, …'): its source has none
LEAD_WORDS = 8
#: such a clause says whose words or where, with no figure or month of its own ('In 2018, …',
#: 'In March, …', 'In three forces, …' say when or how many); or it links to what went before
_OPENING = re.compile(
    r"(?:(?:according to|in|under|within|across|at|during|for|as per|per)\b"
    rf"(?![^,]*\b(?:{'|'.join(sorted(MONTHS))}|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand)\b)[^\d]*"
    r"|however|overall|moreover|furthermore|indeed|as [^,\d]{1,60} (?:notes?|puts? it|says?))$",
    re.I,
)
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})


def one_span_changed(claim: str, source: str) -> tuple[str, str] | None:
    """(the claim's words, the source's) where a claim is its source word for word but for one
    short span of content words ('occasional' for 'regular'); None when it is reworded more
    widely, or the span differs only in form ('payment' for 'payments') or in small words on
    both sides. The source may open with a heading's words before its sentence's capital, the
    claim with a clause of its own before a comma."""
    words = _WORD.findall(source.translate(_HYPHENS))
    heading = range(1, min(len(words), HEADING_WORDS + 1))
    starts = [0] + [k for k in heading if words[k][0].isupper()]
    lead, comma, rest = claim.partition(",")
    opening = _OPENING.match(lead.strip()) and len(_WORD.findall(lead)) <= LEAD_WORDS
    claims = [claim, rest] if comma and opening else [claim]
    named = {w.lower() for w in _WORD.findall(claim)[1:] if w[:1].isupper()} | _WORKS
    for said in claims:
        a = [w.lower() for w in _WORD.findall(said.translate(_HYPHENS))]
        for start in starts:
            found = _one_span(a, [w.lower() for w in words[start:]], named)
            if found is not None:
                return found
    return None


def _one_span(a: list[str], b: list[str], named: set[str]) -> tuple[str, str] | None:
    """`one_span_changed` of the claim's and the source's words."""
    spans: list[list[int]] = []  # [i1, i2, j1, j2] of the changes, those one word apart joined
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            if spans and i1 - spans[-1][1] <= 1 and j1 - spans[-1][3] <= 1:
                spans[-1][1], spans[-1][3] = i2, j2
            else:
                spans.append([i1, i2, j1, j2])
    if spans and _named_for(a[: spans[0][1]], b[: spans[0][3]], spans[0], named):
        spans = spans[1:]  # 'The OSCE guidebook groups …' for 'This guidebook groups …'
    if len(spans) != 1:
        return None
    i1, i2, j1, j2 = spans[0]
    kept = len(a) - (i2 - i1)
    if min(i2 - i1, j2 - j1) == 0 or max(i2 - i1, j2 - j1) > CHANGED_WORDS:
        return None
    if kept < max(KEPT_WORDS, KEPT_SHARE * len(b)):
        return None
    said, was = a[i1:i2], b[j1:j2]
    own = {stem(w) for w in said if w not in STOPWORDS}
    theirs = {stem(w) for w in was if w not in STOPWORDS}
    if own == theirs:  # ('only high-risk' for 'all' changes the claim's scope)
        return None
    return " ".join(said), " ".join(was)


#: words by which a source refers to itself or its authors ('This guidebook', 'We', 'Our study')
_SELF = frozenset("this these present current our we us same".split())
#: words that name a work ('the OSCE guidebook', 'the report')
_WORKS = frozenset("guidebook report study paper article chapter handbook manual policy".split())


def _named_for(said: list[str], was: list[str], span: list[int], named: set[str]) -> bool:
    """Does the claim open by naming what its source opens by referring to ('The OSCE
    guidebook' for 'This guidebook', 'Nix and Wolfe' for 'We'), by a name or a work's noun?"""
    opening = span[0] == 0 and span[2] == 0 and 0 < len(said) <= LEAD_WORDS
    referred = bool(was) and was[0] in _SELF and set(was) <= _SELF | set(said)
    return opening and referred and bool(set(said) & named)
