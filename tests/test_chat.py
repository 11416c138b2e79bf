from __future__ import annotations

import pytest

from assistant.answers.chat import is_followup, resolve


@pytest.mark.parametrize(
    "question",
    [
        "Which officials made it famous in the early nineties?",
        "How many arrest warrants did that court issue in 2013?",
        "How was the third scenario different from the first two?",
        "And what did the officers think?",
        "Once that's done, which officer becomes the reporting officer?",
        "Where did the ministers meet that year?",
    ],
)
def test_followups_are_recognised(question: str) -> None:
    assert is_followup(question)
    assert resolve(question, "What is broken windows policing?").startswith("What is broken")


@pytest.mark.parametrize(
    "question",
    [
        "What is the idea behind 'broken windows' policing?",
        "When did the UN Convention against Transnational Organized Crime come into force?",
        "What is Interpol's secure worldwide communications network for police called?",
    ],
)
def test_standalone_questions_are_left_alone(question: str) -> None:
    assert not is_followup(question)
    assert resolve(question, "an earlier question") == question
