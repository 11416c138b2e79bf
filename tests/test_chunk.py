from __future__ import annotations

from assistant.ingest.chunk import chunk_pages, prose_sentences, split_sentences
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.types import Page


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_sentence_split_respects_abbreviations_and_initials() -> None:
    text = (
        "Nix et al. (2015) found trust. P. J. Brantingham disagreed, e.g. on arrests. "
        "Was it 37%? Yes.\nA heading\nThe U.S. Department acted."
    )
    assert _sentences(text) == [
        "Nix et al. (2015) found trust.",
        "P. J. Brantingham disagreed, e.g. on arrests.",
        "Was it 37%?",
        "Yes.",
        "A heading",
        "The U.S. Department acted.",
    ]


def test_list_items_set_in_one_paragraph_are_sentences_without_their_bullets() -> None:
    text = (
        "The groups have two tasks: • planning the patrols of the harbour; • reviewing the "
        "cases of the month. • The regional groups are chaired by each of the 9 district heads."
    )
    assert _sentences(text) == [
        "The groups have two tasks:",
        "planning the patrols of the harbour;",
        "reviewing the cases of the month.",
        "The regional groups are chaired by each of the 9 district heads.",
    ]


def test_items_marked_by_dashes_are_sentences_but_a_spaced_hyphen_in_a_title_is_not() -> None:
    """A dash after a sentence's end or a colon, or a spaced U+2010 hyphen before a word in
    lower case, opens an item; 'The Harbour ‐ Pilots Act' and '5 - 6 per cent' stay whole."""
    text = (
        "The harbour plan involves: \u2010 checking every berth at night \u2010 reporting each "
        "spill to the master. Pilots must keep a log. \u2010 Masters sign it each week. "
        "The Harbour \u2010 Pilots Act 2018 sets the fee at 5 - 6 per cent."
    )
    assert _sentences(text) == [
        "The harbour plan involves:",
        "checking every berth at night",
        "reporting each spill to the master.",
        "Pilots must keep a log.",
        "Masters sign it each week.",
        "The Harbour \u2010 Pilots Act 2018 sets the fee at 5 - 6 per cent.",
    ]
    items = [text[a:b] for a, b in prose_sentences(text, items=True)]
    assert "reporting each spill to the master." in items  # an item after another, read too


def test_a_spaced_hyphen_in_a_line_marked_as_an_item_parts_its_term_from_what_it_means() -> None:
    """'‑ 6 ‐ 8 seconds ‐ unconscious' is one item (a bullet and a short term open its line):
    its hyphens part the term from what it means; in other lines they open items."""
    text = (
        "\u2011 look for how long force was applied:\n\u2011 6 \u2010 8 seconds \u2010 "
        "unconscious\n\u2011 1 \u2010 2 minutes \u2010 death\nGuards aim to: \u2010 slow "
        "the spill \u2010 keep crews safe."
    )
    assert _sentences(text) == [
        "look for how long force was applied:",
        "6 \u2010 8 seconds \u2010 unconscious",
        "1 \u2010 2 minutes \u2010 death",
        "Guards aim to:",
        "slow the spill",
        "keep crews safe.",
    ]
    long_line = "\u2011 reports of the crew and the master \u2010 photographs of the berth"
    assert _sentences(long_line) == [  # more than a term before it: the hyphen opens an item
        "reports of the crew and the master",
        "photographs of the berth",
    ]


def test_the_lowercase_items_of_a_list_are_sentences_only_when_asked_for() -> None:
    text = (
        "Thefts rose for two reasons:\n\nthe closure of the night gate at the port;\n\nno patrols."
    )
    plain = [text[a:b] for a, b in prose_sentences(text)]
    assert plain == ["Thefts rose for two reasons:"]
    listed = [text[a:b] for a, b in prose_sentences(text, items=True)]
    assert listed == [*plain, "the closure of the night gate at the port;"]  # 'no …' is short


def _pages(n: int, sentences_per_page: int) -> list[Page]:
    pages = []
    for p in range(1, n + 1):
        body = " ".join(
            f"Sentence {s} of page {p} discusses procedural justice and police legitimacy."
            for s in range(sentences_per_page)
        )
        pages.append(Page(p, str(p + 10), body))
    return pages


def test_chunks_fit_the_model_and_map_back_to_their_pages(
    embedder: SentenceTransformerEmbedder,
) -> None:
    pages = _pages(3, 12)
    chunks = chunk_pages("doc", pages, embedder.count_tokens, 100, 20)
    assert len(chunks) > 3
    real = embedder.count_tokens([c.text for c in chunks])
    assert max(real) <= 100
    assert [c.n_tokens for c in chunks] == real
    by_index = {p.pdf_index: p for p in pages}
    for chunk in chunks:
        for span in chunk.spans:
            piece = chunk.text[span.start : span.end]
            page_text = by_index[span.pdf_index].text
            assert page_text[span.page_start : span.page_start + len(piece)] == piece
            assert span.label == str(span.pdf_index + 10)
    # consecutive chunks overlap by at least one sentence
    first_of_second = split_sentences(chunks[1].text)[0]
    assert chunks[1].text[first_of_second[0] : first_of_second[1]] in chunks[0].text


def test_a_chunk_across_a_page_break_knows_both_pages(
    embedder: SentenceTransformerEmbedder,
) -> None:
    pages = [
        Page(4, "3", "The first page ends with this sentence about patrols."),
        Page(5, "4", "The second page begins with a sentence about complaints."),
    ]
    (chunk,) = chunk_pages("doc", pages, embedder.count_tokens, 200, 40)
    assert chunk.text == pages[0].text + "\n" + pages[1].text
    assert [s.label for s in chunk.spans] == ["3", "4"]
    assert chunk.span_at(chunk.text.index("complaints")).label == "4"
    assert chunk.span_at(chunk.text.index("patrols")).label == "3"
    assert [s.label for s in chunk.spans_between(0, len(chunk.text))] == ["3", "4"]


def test_an_over_long_sentence_is_cut_not_truncated(
    embedder: SentenceTransformerEmbedder,
) -> None:
    words = " ".join(f"word{n}" for n in range(400))
    chunks = chunk_pages("doc", [Page(1, "1", words + ".")], embedder.count_tokens, 120, 20)
    assert len(chunks) > 1
    assert max(embedder.count_tokens([c.text for c in chunks])) <= 120
    joined = " ".join(c.text for c in chunks)
    assert all(f"word{n}" in joined for n in range(400))
    assert chunks[-1].text.endswith("word399.")


def test_a_sentence_a_page_break_cut_is_read_as_one() -> None:
    """Passages keep the sentences they were cut into, one a line; a piece that stops on a
    word and goes on in lower case on the next line (a page break) is one sentence again."""
    text = (
        "In 2019, just 37% of stations sent data.\n"
        "In 2022, the latest year, 44% of\n"
        "stations sent all twelve months of data and 25% sent some of it.\n"
        "Harbour Patrols\n"
        "The patrol boats left at dawn."
    )
    found = [text[a:b] for a, b in prose_sentences(text)]
    assert found[1] == (
        "In 2022, the latest year, 44% of\nstations sent all twelve months of data and 25% sent "
        "some of it."
    )
    assert "In 2019, just 37% of stations sent data." in found
    assert not any("Harbour Patrols" in s and "patrol boats" in s for s in found)


def test_the_rest_of_a_sentence_whose_start_stands_elsewhere_is_kept() -> None:
    """A line in lower case after a whole sentence is the rest of a sentence the page's layout
    put elsewhere: it is quoted as it stands; a chunk's first words in lower case (the tail
    of the chunk before's last sentence) are not."""
    text = (
        "the harbour watch at the start of this chunk.\n"
        "Arrests fell sharply in the month after the storm.\n"
        "the main task for the harbour master is to restore the ferry timetable quickly.\n"
        "Ferries resumed in May."
    )
    found = [text[a:b] for a, b in prose_sentences(text)]
    rest = "the main task for the harbour master is to restore the ferry timetable quickly."
    assert rest in found
    assert not any(s.startswith("the harbour watch") for s in found)
