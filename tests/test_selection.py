"""Which sentences an answer quotes, on constructed passages and judgements (no model)."""

from __future__ import annotations

from assistant.answers.judge import Judgement
from assistant.answers.selection import MAX_EXPLAINING, MAX_SENTENCES, Candidate, select
from assistant.answers.words import content_stems
from assistant.types import Chunk, Hit, Span

SENTENCES = [
    "Harbour patrols were cut because the port budget fell by a third.",
    "Night shifts on the quay were hard to staff after the new contract.",
    "Insurers paid for cameras, which made foot patrols look costly.",
    "Dock unions asked for fewer checks at the container gates.",
    "The port authority moved its own guards to the ferry terminal.",
]


def _answering(text: str) -> tuple[list[tuple[Candidate, Judgement]], list[Hit]]:
    chunk = Chunk("doc", 0, text, (Span(1, "1", 0, len(text), 0),), id=1)
    hit = Hit(chunk, None, 1.0)  # type: ignore[arg-type]  # the document is not read here
    answering = []
    for n, sentence in enumerate(reversed(SENTENCES)):  # the lead ends the passage
        start = text.index(sentence)
        candidate = Candidate(0, start, start + len(sentence), sentence, content_stems(sentence))
        answering.append((candidate, Judgement("answers", 0.7 - 0.01 * n)))
    return answering, [hit]


def test_an_explanation_quotes_more_sentences_than_a_fact() -> None:
    text = " ".join(SENTENCES)
    answering, hits = _answering(text)
    why = select(answering, hits, "Why did the port cut its harbour patrols?")
    assert len(why) == MAX_EXPLAINING > MAX_SENTENCES
    answering, hits = _answering(text)
    count = select(answering, hits, "How many harbour patrols did the port cut?")
    assert len(count) == MAX_SENTENCES
    assert [c.text for c in why[:MAX_SENTENCES]] == [c.text for c in count]


def test_a_lead_that_announces_what_follows_is_read_on() -> None:
    """A lead ending in a colon introduces the lines after it, which hold the answer: they
    are quoted with it, as printed (a line of figures alone is no sentence to quote)."""
    lines = [
        "Each risk factor is scored as follows:",
        "Weapons = 3 x 2 = 6",
        "Violence = 2 x 4 = 8 The total is 14.",
        "Harbour patrols were cut because the port budget fell by a third.",
    ]
    text = "\n".join(lines)  # each on a line of its own, as a list is printed
    chunk = Chunk("doc", 0, text, (Span(1, "1", 0, len(text), 0),), id=1)
    hit = Hit(chunk, None, 1.0)  # type: ignore[arg-type]  # the document is not read here
    lead = Candidate(0, 0, len(lines[0]), lines[0], content_stems(lines[0]))
    chosen = select([(lead, Judgement("answers", 0.7))], [hit], "What total do the factors give?")
    assert [c.text for c in chosen] == [lines[0], lines[2], lines[3]]
