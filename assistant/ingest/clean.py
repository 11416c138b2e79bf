"""Repair extracted text: pure functions, text in, text out.

Unicode NFKC (ligatures), private-use glyphs dropped, running headers/footers and page-number
lines dropped, end-of-line hyphenation joined, wrapped lines unwrapped, whitespace normalised.
Every step takes time linear in the text's length (a pattern that can start at every letter of a
run must be anchored to the run's start): extracted text can hold any run of characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .labels import EDGE_LINES, page_number_line

SOFT_HYPHEN_MARK = "\ufffe"  # pdfium marks a hyphen at a line break with this
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_NUMBERED_HEAD = re.compile(r"^#\s|\s#$")  # a running head that carries the page number
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: a match starts only where a word starts: without the look-behind the engine retried from
#: every letter of a long run, quadratic in its length (40,000 letters took 30 s)
_LINE_HYPHEN = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-\n[ \t]*([^\W\d_]+)")
_SPACE_HYPHEN = re.compile(r"\b([a-z]+)- ([a-z]+)\b")
_SENTENCE_END = re.compile(r"[.?!:;\"”’)](?:\u2063[^\u2064]*\u2064)?$")  # a note marker may follow
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
#: a line recurring at the page edges on at least this many pages (and share) is a running head
MIN_REPEATS = 3
MIN_REPEAT_SHARE = 0.3


@dataclass(frozen=True)
class Cleaned:
    pages: tuple[str, ...]
    repairs: tuple[str, ...]
    notes: tuple[tuple[str, ...], ...] = ()  # the footnotes of each page, cleaned


def clean_pages(
    texts: Sequence[str],
    notes: Sequence[Sequence[str]] = (),
    labels: Sequence[str | None] = (),
) -> Cleaned:
    """Clean every page of one document (running heads need the view across pages), and the
    footnotes of each page (`notes`, one list per page) with the same vocabulary. With the
    pages' printed `labels`, a head that carries its page's own number needs to recur on two
    pages only (a chapter's title in the heads of a short chapter)."""
    counts: Counter[str] = Counter()
    pages = []
    for text in texts:
        counts["ligatures"] += len(_LIGATURES.findall(text))
        counts["private-use glyphs"] += len(_PRIVATE_USE.findall(text))
        text = unicodedata.normalize("NFKC", text.replace(SOFT_HYPHEN_MARK, "-\n"))
        pages.append(_PRIVATE_USE.sub("", text))
    pages, dropped = drop_running_lines(pages, labels)
    counts["running header/footer lines"] += dropped
    vocabulary = word_counts(pages)
    result = []
    for text in pages:
        text, joined = dehyphenate(text, vocabulary)
        counts["hyphenations joined"] += joined
        result.append(unwrap(text))
    cleaned_notes = []
    for page_notes in notes:
        done = []
        for note in page_notes:
            note = unicodedata.normalize("NFKC", note.replace(SOFT_HYPHEN_MARK, "-\n"))
            note, joined = dehyphenate(_PRIVATE_USE.sub("", note), vocabulary)
            counts["hyphenations joined"] += joined
            done.append(" ".join(unwrap(note).split()))
        cleaned_notes.append(tuple(done))
    repairs = tuple(f"{what}: {n}" for what, n in counts.items() if n)
    return Cleaned(tuple(result), repairs, tuple(cleaned_notes))


def clean_text(text: str) -> str:
    """Clean a single page or a plain-text document."""
    return clean_pages([text]).pages[0]


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def drop_running_lines(
    pages: Sequence[str], labels: Sequence[str | None] = ()
) -> tuple[list[str], int]:
    """Drop page-number lines and lines repeated at the top/bottom edge of many pages (or of
    two, when they carry the page's own printed number)."""
    split = [text.split("\n") for text in pages]
    edge_shapes: Counter[str] = Counter()
    for lines in split:
        edges = _edge_indices(lines)
        edge_shapes.update({_shape(lines[i]) for i in edges})
    share = MIN_REPEAT_SHARE * len(pages)
    # heads that carry the page number alternate between odd and even pages: half as many suffice
    running = {
        s
        for s, n in edge_shapes.items()
        if len(s) > 1
        and n
        >= (
            max(MIN_REPEATS - 1, share / 2) if _NUMBERED_HEAD.search(s) else max(MIN_REPEATS, share)
        )
    }
    dropped = 0
    result = []
    for number, lines in enumerate(split):
        edges = _edge_indices(lines)
        label = labels[number] if number < len(labels) else None
        keep = []
        for i, line in enumerate(lines):
            shape = _shape(line)
            own = label is not None and edge_shapes[shape] >= 2 and _carries(line, label)
            if i in edges and (shape in running or own or page_number_line(line)):
                dropped += 1
                continue
            keep.append(line)
        result.append("\n".join(keep))
    return result, dropped


def _carries(line: str, label: str) -> bool:
    """Does a line open or end with the page's printed number ("12 Title", "Title 12")?"""
    words = line.split()
    return len(words) > 1 and label in (words[0].rstrip("."), words[-1])


def _edge_indices(lines: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) <= 1:
        return set()  # a page with one line keeps it
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def word_counts(texts: Sequence[str]) -> Counter[str]:
    """How often each word occurs, leaving out the halves of words broken at a line end."""
    return Counter(w.lower() for t in texts for w in _WORD.findall(_LINE_HYPHEN.sub(" ", t)))


def dehyphenate(text: str, vocabulary: Counter[str] | None = None) -> tuple[str, int]:
    """Join words broken at a line end ("algo-\\nrithmic"). The hyphen is kept where the document
    itself writes the word with a hyphen ("self-\\nlegitimacy") or both parts as words of their own
    ("six-\\nyear"), or the second part is capitalised.
    A "word- word" break with a space (a lost line break) is joined only where the document
    attests the joined word."""
    vocab = vocabulary if vocabulary is not None else word_counts([text])
    joined = 0

    def line_break(m: re.Match[str]) -> str:
        nonlocal joined
        first, second = m.group(1), m.group(2)
        whole = (first + second).lower()
        hyphenated = f"{first}-{second}".lower()
        two_words = vocab[first.lower()] and vocab[second.lower()]
        if second[0].isupper() or ((vocab[hyphenated] or two_words) and not vocab[whole]):
            return f"{first}-{second}"
        joined += 1
        return first + second

    def space_break(m: re.Match[str]) -> str:
        nonlocal joined
        whole = m.group(1) + m.group(2)
        if vocab[whole.lower()]:
            joined += 1
            return whole
        return m.group(0)

    text = _LINE_HYPHEN.sub(line_break, text)
    text = _SPACE_HYPHEN.sub(space_break, text)
    return text, joined


def unwrap(text: str) -> str:
    """Rejoin wrapped lines into paragraphs. A line break stays where a short line ends a
    sentence (paragraph end) or where blank lines separate paragraphs."""
    blocks = re.split(r"\n[ \t]*\n", text)
    out = []
    for block in blocks:
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        width = sorted(len(line) for line in lines)[len(lines) // 2]
        paragraph: list[str] = []
        paragraphs = []
        for line in lines:
            paragraph.append(line)
            if _SENTENCE_END.search(line) and len(line) < 0.7 * width:
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        if paragraph:
            paragraphs.append(" ".join(paragraph))
        out.append("\n".join(paragraphs))
    return "\n\n".join(out).strip()
