"""Conversations: follow-up questions resolved against the conversation so far.

With a language model configured, the model rewrites a follow-up into a stand-alone question
(the rewrite is used only if it keeps the question's own words). Without one, a follow-up
("Which officials made it famous?", "How was the third scenario different?") is recognised by
its referring words and searched together with the conversation's anchor, the last question
that stood on its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..search.retrieve import Filters
from .extractive import PASSAGES, Answer, Answerer

_CONNECTIVE = re.compile(r"^(and|but|so|also|then|what about|how about|and what|why)\b", re.I)
_PRONOUN = re.compile(
    r"\b(it|its|they|them|their|theirs|he|she|him|his|her|hers|these|those|there|then)\b", re.I
)
# "that"/"this" pointing back ("did that court", "about this study")
_DEMONSTRATIVE = re.compile(
    r"\b(did|does|do|was|were|is|are|in|of|about|from|with|for|on|by|at|to)\s+(that|this)\s+\w|"
    r"\b(?:once|after|before|when|since|until)\s+(?:that|this)\b|"  # 'once that's done'
    r"^(?:that|this)(?:['’]s|\s+(?:is|was|has|had))\b|"  # 'That's the first step; and then?'
    # 'Where did the council meet that year?': a time or an event named before
    r"\b(?:that|the same)\s+(?:year|month|week|day|decade|period|time|summit|meeting|session|"
    r"case|incident|event|operation)\b",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\bthe\s+(first|second|third|fourth|last|same|other|former|latter|previous|above|"
    r"study|studies|authors?|paper|article|report|book|chapter|court|officers|survey|"
    r"scenarios?|experiment|findings?|results?)\b",
    re.I,
)


def is_followup(question: str) -> bool:
    """Does the question lean on what was said before?"""
    return any(p.search(question) for p in (_CONNECTIVE, _PRONOUN, _DEMONSTRATIVE, _BACK_REFERENCE))


def resolve(question: str, anchor: str | None) -> str:
    """The stand-alone question to search for."""
    if anchor and is_followup(question):
        return f"{anchor} {question}"
    return question


@dataclass
class Conversation:
    """One user's conversation: history kept for the session, context clearable."""

    answerer: Answerer
    k: int = PASSAGES
    filters: Filters | None = None
    history: list[Answer] = field(default_factory=list)
    anchor: str | None = None
    context: list[Answer] = field(default_factory=list)  # answers since the last clear

    def ask(self, question: str, on_token: Callable[[str], None] | None = None) -> Answer:
        rewritten = self.answerer.rewrite(question, self.context) if self.context else None
        query = rewritten or resolve(question, self.anchor)
        answer = self.answerer.answer(
            question, query=query, k=self.k, filters=self.filters, on_token=on_token
        )
        if self.anchor is None or not is_followup(question):
            self.anchor = question  # the last question that stood on its own
        self.history.append(answer)
        self.context = [*self.context, answer][-3:]
        return answer

    @property
    def last(self) -> Answer | None:
        return self.history[-1] if self.history else None

    def clear(self) -> None:
        """Forget the context (follow-ups start afresh); the history stays for the session."""
        self.anchor = None
        self.context = []
