from __future__ import annotations

from collections import Counter
from pathlib import Path

from assistant.ingest.clean import clean_pages, dehyphenate, drop_running_lines, unwrap
from assistant.ingest.extract import extract
from tests.pdfs import make_pdf


def test_generated_pdf_cleaned_exactly(tmp_path: Path) -> None:
    pages = [
        [
            "POLICING EUROPEAN CITIES",
            "The oﬃcers' ﬂexible patrols were algo-",
            "rithmic in design and well-",
            "known to residents of the ﬁrst district.",
            "1",
        ],
        [
            "POLICING EUROPEAN CITIES",
            "Mayors described the scheme as well-known",
            "and eﬀective in reducing burglary.",
            "2",
        ],
        [
            "POLICING EUROPEAN CITIES",
            "A closing page with    irregular   spacing",
            "that wraps onto a second line.",
            "3",
        ],
    ]
    pdf = make_pdf(tmp_path / "clean.pdf", pages)
    cleaned = clean_pages([p.text for p in extract(pdf).pages])
    assert cleaned.pages == (
        "The officers' flexible patrols were algorithmic in design and well-known to residents "
        "of the first district.",
        "Mayors described the scheme as well-known and effective in reducing burglary.",
        "A closing page with irregular spacing that wraps onto a second line.",
    )
    repairs = dict(r.split(": ") for r in cleaned.repairs)
    assert repairs["running header/footer lines"] == "6"
    assert repairs["hyphenations joined"] == "1"


def test_ligatures_and_private_use_glyphs() -> None:
    cleaned = clean_pages(["The oﬃcers’ ﬁrst\ue001 eﬀort"])
    assert cleaned.pages == ("The officers’ first effort",)
    assert cleaned.repairs == ("ligatures: 3", "private-use glyphs: 1")


def test_dehyphenate_keeps_capitalised_and_attested_hyphens() -> None:
    text, joined = dehyphenate("the anti-\nSemitic and self-\nlegitimacy of state-\nments")
    assert text == "the anti-Semitic and selflegitimacy of statements"
    assert joined == 2
    vocab = Counter({"self-legitimacy": 3})
    text, _ = dehyphenate("officers' self-\nlegitimacy", vocab)
    assert text == "officers' self-legitimacy"


def test_space_hyphen_joined_only_when_attested() -> None:
    vocab = Counter({"reproduction": 1})
    assert dehyphenate("repro- duction and pre- and post-test", vocab)[0] == (
        "reproduction and pre- and post-test"
    )


def test_pdfium_soft_hyphen_mark_becomes_a_join() -> None:
    assert clean_pages(["mil\ufffeitarization of POLICE\ufffeCOMMUNITY"]).pages == (
        "militarization of POLICE-COMMUNITY",
    )


def test_running_lines_need_repetition() -> None:
    pages = [f"Header\nbody {i} text\nmore body" for i in range(2)]
    kept, dropped = drop_running_lines(pages)
    assert dropped == 0 and kept == pages


def test_unwrap_keeps_paragraph_ends() -> None:
    text = (
        "A long line of body text that wraps onto the next line\n"
        "and finishes its sentence here with enough words to be long.\n"
        "Short end.\n"
        "A new paragraph starts here and goes on for a while longer\n"
        "until it ends."
    )
    assert unwrap(text) == (
        "A long line of body text that wraps onto the next line and finishes its sentence "
        "here with enough words to be long. Short end.\n"
        "A new paragraph starts here and goes on for a while longer until it ends."
    )
