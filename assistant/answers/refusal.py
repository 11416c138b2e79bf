"""What a refusal says: the part of the question the sources do cover, cited, and what they lack
('The sources discuss stop and search in London (Ashby 2022, p. 4) but give no figure for the
West Midlands.')."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ingest.metadata import short_reference
from ..search.lexical import STOPWORDS
from ..types import Hit
from .answer_types import TYPE_WORDS
from .context import about
from .judge import Judgement
from .questions import read_question
from .selection import Candidate
from .words import content_stems, stem

#: a refusal says what the sources do cover when they touch this much of the question's words
PARTIAL_COVERAGE = 0.4


def partial(
    query: str,
    judged: Sequence[tuple[Candidate, Judgement]],
    hits: Sequence[Hit],
    weights: dict[str, float],
) -> str:
    """What the sources do cover, when they do not answer: 'The sources discuss X (source,
    p. N) but give no figure for 2021.' Nothing when they barely touch the question."""
    if not judged:
        return ""
    candidate, judgement = judged[0]
    topic = topic_of(query, candidate.text + " " + hits[candidate.rank].chunk.text)
    total = sum(weights.values())
    # the question's words in the topic, or in the source's own title and authors ("New
    # Zealand" in a question about a New Zealand Police manual)
    words = {stem(w.lower()) for w in topic.split()} | content_stems(
        about(hits[candidate.rank].document)
    )
    covered = sum(weights.get(w, 0.0) for w in words)
    if not topic or not total or covered / total < PARTIAL_COVERAGE:
        return ""
    spans = hits[candidate.rank].chunk.spans_between(candidate.start, candidate.end)
    where = short_reference(
        hits[candidate.rank].document.meta,
        [s.label for s in spans],
        [s.pdf_index for s in spans],
    )
    spec = read_question(query)
    lacking = TYPE_WORDS.get(spec.answer_type, "answer")
    if judgement.missing:
        lacking += " for " + " and ".join(judgement.missing)
    elif judgement.conflicts:
        lacking += f" for {judgement.conflicts[0][1]} (only for {judgement.conflicts[0][2]})"
    return f"The sources discuss {topic} ({where}) but give no {lacking}."


def topic_of(query: str, text: str) -> str:
    """The longest run of the question's words that the source text holds as well."""
    present = content_stems(text)
    tokens = re.findall(r"[\w'’-]+", query)
    best: list[str] = []
    run: list[str] = []
    for token in tokens:
        lowered = token.lower()
        if stem(lowered) in present and lowered not in STOPWORDS:
            run.append(token)
        elif run and lowered in ("of", "and", "in", "the", "for") and len(run) < 6:
            run.append(token)
            continue
        else:
            while run and run[-1].lower() in ("of", "and", "in", "the", "for"):
                run.pop()
            best = max(best, run, key=len)
            run = []
    while run and run[-1].lower() in ("of", "and", "in", "the", "for"):
        run.pop()
    best = max(best, run, key=len)
    return " ".join(best)
