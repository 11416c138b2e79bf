"""Split cleaned pages into sentence-aware chunks that fit the embedding model.

Every chunk is a run of whole sentences whose word-piece count stays within the model's limit
(a sentence longer than the limit is cut at word boundaries), with a few sentences of overlap.
A chunk carries one Span per page it touches, and its text on each page is a verbatim slice of
that page's text, so any character of a chunk maps back to its page and offset.

A chunk stays within one region (body text, front matter, references, index) and knows the
section it starts in and the notes its text refers to; each footnote is a passage of its own
(after the body's passages), whose span names the note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..types import FOOTNOTE, Chunk, Page, Section, Span

TokenCounter = Callable[[Sequence[str]], list[int]]

ABBREVIATIONS = frozenset(
    [
        "al",
        "e.g",
        "i.e",
        "eg",
        "ie",
        "cf",
        "vs",
        "etc",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "no",
        "nos",
        "vol",
        "vols",
        "pp",
        "p",
        "fig",
        "figs",
        "eq",
        "eds",
        "ed",
        "approx",
        "ch",
        "sec",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "a.m",
        "p.m",
        "n",
        "op",
        "ibid",
        "para",
        "art",
    ]
)
BULLETS = "•▪●◦■"
#: dashes that mark a list's items when they follow a sentence's end ('… secure safety. ‐
#: Children are …'), as a policy's lists set in one paragraph have them
DASHES = "‐‑–-"
#: a sentence ends at . ! ? before a capital or a digit, at a line break, and before a bullet
#: or a dash after a sentence (the items of a list set in one paragraph are sentences of their own)
_BOUNDARY = re.compile(
    rf"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+|[\s;:,]+(?=[{BULLETS}]\s)"
    rf"|(?<=[.!?;:])\s+(?=[{DASHES}]\s)"
    # (a spaced hyphen before a word in lower case: an item's mark, never a title's 'Act ‐ Part')
    r"|(?P<hyphen>\s+(?=‐\s+[a-z]))"
    # a note's mark after the full stop ('… respectively.2 In a survey …')
    r"|(?<=[a-z])[.!?][\"'”’)\]]*\d{1,2}\s+(?=[A-Z][a-z])"
)
TERM_WORDS = 3  # words of a listed term that a spaced hyphen parts from what it means
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)[.!?…][\"'”’)\]]*\s*$")


@dataclass(frozen=True)
class Sentence:
    page: int  # index into the pages sequence
    start: int
    end: int
    tokens: int = 0


_LETTERS = re.compile(r"[^\W\d_]")


# sentences in a source that talk to an AI rather than about policing (kept narrow: ordinary
# prose such as "officers ignore the rules" or "supervisors act as gatekeepers" must pass)
INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|preceding|"
    r"system|your)\s+(instructions?|prompts?|messages?|rules)\b"
    r"|\b(you are now|system prompt|as an ai\b|new instructions:)"
    r"|\b(reply|respond|answer|output|say)\s+(only\s+with|with\s+only)\b"
    r"|\b(ai|assistant|chatbot|language model)s?\b.{0,30}\b(must|should|shall)\s+(now\s+)?"
    r"(say|reply|answer|respond|output|ignore)\b",
    re.I | re.S,
)


def is_prose(sentence: str) -> bool:
    """A whole sentence of prose, worth quoting in an answer: long enough, mostly letters, not
    table debris, not the tail of a sentence cut at the start of a chunk, and not talk to an
    AI ('Ignore all previous instructions …')."""
    if len(sentence) < 25 or len(sentence) > 800 or len(sentence.split()) < 5:
        return False
    if INJECTION.search(sentence):
        return False
    if sentence[0].islower():
        return False
    return len(_LETTERS.findall(sentence)) >= 0.6 * len(sentence.replace(" ", ""))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence and line of a passage, prose or not; a sentence a page
    break cut in two is one again."""
    return _rejoined(text, split_sentences(text))


def prose_sentences(text: str, items: bool = False) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a passage that `is_prose`; a sentence a page break
    cut in two ('… 44% of' / 'agencies submitted …') is one again. With `items`, the items of
    a list after a colon ('… is due to:' / 'the scale of …;' / 'a lack of …') are sentences
    too: read after the sentence that announces them, not alone (they lack a subject)."""
    spans = sentence_spans(text)
    return [
        (a, b)
        for n, (a, b) in enumerate(spans)
        if is_prose(text[a:b])
        or (items and n and _item(text, spans[n - 1][1], a) and is_prose(text[a:b].capitalize()))
        # a line in lower case after a whole sentence: the rest of one whose start the page's
        # layout put elsewhere (not a chunk's first words, which overlap the chunk before)
        or (
            n
            and text[a - 1] == "\n"
            and text[spans[n - 1][1] - 1] in ".?!"
            and is_prose(text[a:b].capitalize())
        )
    ]


def _item(text: str, previous_end: int, start: int) -> bool:
    """Is the span from `start` an item of a list: after a colon or a semicolon, or marked by a
    bullet or a dash?"""
    between = text[previous_end - 1 : start]
    return between[:1] in ":;" or any(c in BULLETS or c in DASHES for c in between[1:])


def _rejoined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans joined where one stops mid-sentence at a line break and the next goes on in
    lower case."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        last = joined[-1] if joined else (0, 0)
        cut = _CUT.search(text[last[0] : last[1]]) and not text[last[1] : start].strip()
        if joined and cut and text[start].islower():
            joined[-1] = (last[0], end)
        else:
            joined.append((start, end))
    return joined


#: the end of a piece of a sentence: a word or a comma, no full stop, colon or closing mark
_CUT = re.compile(r"[A-Za-z,]$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a text; abbreviations and initials do not end one."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group("hyphen") and _marked_line(text, match.start()):
            continue  # '‑ 6 ‐ 8 seconds ‐ unconscious': an item's term and what it means
        if match.group(0)[0] != "\n":
            before = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.end())
            if before:
                word = before.group(1).lower()
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
        end = match.start() + len(match.group(0).rstrip())
        spans.extend(_trimmed(text, start, end))
        start = match.end()
    spans.extend(_trimmed(text, start, len(text)))
    return spans


def _marked_line(text: str, at: int) -> bool:
    """Does the line around `at` open with a bullet or a dash and a term of three words at
    most before `at` ('‑ 6 ‐ 8 seconds', '‑ eyes/eyelids'): what follows says what it means?"""
    line = text[text.rfind("\n", 0, at) + 1 : at].lstrip()
    marked = len(line) > 1 and (line[0] in BULLETS or line[0] in DASHES) and line[1].isspace()
    return marked and len(re.findall(r"\w+", line)) <= TERM_WORDS


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span without its white space and a leading bullet (not part of the sentence)."""
    while start < end and (
        text[start].isspace()
        or text[start] in BULLETS
        or (text[start] in DASHES and text[start + 1 : start + 2].isspace())
    ):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []


def chunk_pages(
    doc_id: str,
    pages: Sequence[Page],
    count_tokens: TokenCounter,
    max_tokens: int,
    overlap_tokens: int,
    sections: Sequence[Section] = (),
) -> list[Chunk]:
    """Chunks of one document: its body text in reading order, a run of chunks per region,
    then its footnotes."""
    sentences = _sentences(pages, count_tokens, max_tokens)
    chapters = [(s.first_pdf, s.start) for s in sections if s.level == 1]
    chunks: list[Chunk] = []
    run: list[Sentence] = []
    region, key = None, None
    for sentence in sentences:
        here = pages[sentence.page].region_at(sentence.start)
        where = (pages[sentence.page].pdf_index or 0, sentence.start)
        chapter = sum(1 for start in chapters if start <= where)
        if run and (here, chapter) != key:  # a passage stays in one region and one chapter
            _chunk_run(doc_id, pages, run, max_tokens, overlap_tokens, chunks, region)
            run = []
        region, key = here, (here, chapter)
        run.append(sentence)
    if run:
        _chunk_run(doc_id, pages, run, max_tokens, overlap_tokens, chunks, region)
    for page in pages:
        for note in page.footnotes:
            alone = Page(page.pdf_index, page.label, note.text)
            found = _sentences([alone], count_tokens, max_tokens)
            part: list[Chunk] = []
            _chunk_run(doc_id, [alone], found, max_tokens, overlap_tokens, part, FOOTNOTE)
            for chunk in part:
                spans = tuple(replace(s, note=note.number) for s in chunk.spans)
                chunks.append(replace(chunk, ordinal=len(chunks), spans=spans))
    return [_placed(chunk, pages, sections) for chunk in chunks]


def _placed(chunk: Chunk, pages: Sequence[Page], sections: Sequence[Section]) -> Chunk:
    """The chunk with its section (the last heading before its start) and the notes its
    text refers to."""
    first = chunk.spans[0]
    where = (first.pdf_index or 0, first.page_start if first.note is None else 1 << 30)
    section = None
    best = (-1, -1)
    for number, s in enumerate(sections):  # the heading nearest before it (the deeper on a tie)
        if best <= (s.first_pdf, s.start) <= where:
            section, best = number, (s.first_pdf, s.start)
    notes: list[str] = []
    if chunk.region != FOOTNOTE:
        by_index = {p.pdf_index: p for p in pages}
        for span in chunk.spans:
            page = by_index.get(span.pdf_index)
            if page is None:
                continue
            end = span.page_start + span.end - span.start
            notes += [n for at, n in page.markers if span.page_start <= at <= end]
    return replace(chunk, section=section, notes=tuple(dict.fromkeys(notes)))


def _chunk_run(
    doc_id: str,
    pages: Sequence[Page],
    sentences: Sequence[Sentence],
    max_tokens: int,
    overlap_tokens: int,
    chunks: list[Chunk],
    region: str | None,
) -> None:
    """Chunk a run of sentences of one region, appending to `chunks`."""
    i = 0
    while i < len(sentences):
        j, total = i, 0
        while j < len(sentences) and (j == i or total + sentences[j].tokens <= max_tokens):
            total += sentences[j].tokens
            j += 1
        chunk = _make_chunk(doc_id, len(chunks), pages, sentences[i:j], total)
        chunks.append(replace(chunk, region=region) if region else chunk)
        if j >= len(sentences):
            break
        # step back over trailing sentences that fit in the overlap, but always move forward
        back, kept = j, 0
        while back - 1 > i and kept + sentences[back - 1].tokens <= overlap_tokens:
            back -= 1
            kept += sentences[back].tokens
        i = back


def _sentences(pages: Sequence[Page], count: TokenCounter, max_tokens: int) -> list[Sentence]:
    located = [
        (number, start, end)
        for number, page in enumerate(pages)
        for start, end in split_sentences(page.text)
    ]
    tokens = count([pages[p].text[s:e] for p, s, e in located]) if located else []
    result: list[Sentence] = []
    for (page, start, end), n in zip(located, tokens, strict=True):
        if n <= max_tokens:
            result.append(Sentence(page, start, end, n))
        else:
            result.extend(_split_long(pages[page].text, page, start, end, count, max_tokens))
    return result


def _split_long(
    text: str, page: int, start: int, end: int, count: TokenCounter, max_tokens: int
) -> list[Sentence]:
    """Cut an over-long sentence at word boundaries into pieces within the limit."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    counts = count([text[start + a : start + b] for a, b in words])
    pieces: list[Sentence] = []
    first, total = 0, 0
    for k, n in enumerate(counts):
        if k > first and total + n > max_tokens:
            pieces.append(Sentence(page, start + words[first][0], start + words[k - 1][1], total))
            first, total = k, 0
        total += n
    pieces.append(Sentence(page, start + words[first][0], start + words[-1][1], total))
    return pieces


def _make_chunk(
    doc_id: str, ordinal: int, pages: Sequence[Page], run: Sequence[Sentence], tokens: int
) -> Chunk:
    """Join a run of sentences: one verbatim page slice per page, slices joined by a newline."""
    groups: list[tuple[int, int, int]] = []  # (page, first char, last char) per page touched
    for sentence in run:
        if groups and groups[-1][0] == sentence.page:
            groups[-1] = (sentence.page, groups[-1][1], sentence.end)
        else:
            groups.append((sentence.page, sentence.start, sentence.end))
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for number, first, last in groups:
        page = pages[number]
        text = page.text[first:last]
        spans.append(Span(page.pdf_index, page.label, offset, offset + len(text), first))
        parts.append(text)
        offset += len(text) + 1
    return Chunk(doc_id, ordinal, "\n".join(parts), tuple(spans), tokens)
