from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import QueryError
from assistant.search.asked import ASKS_FIGURE, titles_named
from assistant.search.lexical import bounded_expression, match_expression, terms
from assistant.search.retrieve import Filters, Retriever
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from tests.conftest import index_texts


@pytest.fixture(scope="module")
def retriever(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> Retriever:
    return Retriever(Store(corpus_index.index).open(model=embedder.name), embedder)


def test_lexical_terms_are_safe_fts_expressions() -> None:
    assert terms("What did the officers' NIBRS data say?") == ["officers", "nibrs", "data"]
    assert (
        match_expression('he said "DROP TABLE" OR x*') == '"drop" OR "table"'
    )  # one letter: noise


def test_a_citation_s_et_al_is_no_search_term(retriever: Retriever) -> None:
    question = "In Bussey et al.'s survey, which reform proposal failed to load on the factor?"
    assert terms(question) == ["bussey", "survey", "reform", "proposal", "failed", "load", "factor"]
    pages = [s.label for h in retriever.search(question, k=5) for s in h.chunk.spans]
    assert "19" in pages  # where the item that did not load is named, not the pages citing most


def test_lexical_query_leaves_out_common_words_past_its_row_budget(retriever: Retriever) -> None:
    question = "police stop and search in London under section 60"
    frequency = retriever.version.document_frequency
    words = terms(question)
    counts = {w: frequency(w) for w in words}
    assert bounded_expression(question, frequency, 0) == match_expression(question)
    assert bounded_expression(question, frequency, sum(counts.values())) == match_expression(
        question
    )
    rarest = min(words, key=lambda w: counts[w])
    budget = counts[rarest] + 1
    kept = bounded_expression(question, frequency, budget)
    assert f'"{rarest}"' in kept and f'"{max(words, key=lambda w: counts[w])}"' not in kept
    matched = sum(s.count_matching(kept) for s in retriever.version.segments)
    assert matched <= budget
    # even the rarest word is too common: every word must match
    assert bounded_expression(question, frequency, 1) == " AND ".join(f'"{w}"' for w in words)
    # a common word alone: only the newest rows it matches are scored
    newest = sorted(
        (i for s in retriever.version.segments for i, _ in s.lexical_search('"police"', 500, None)),
        reverse=True,
    )
    capped = retriever.version.lexical_search('"police"', 50, rows=3)
    assert len(newest) > 3 and sorted(i for i, _ in capped) == sorted(newest[:3])
    bounded = Retriever(retriever.version, retriever.embedder, lexical_rows=budget)
    top = bounded.search(
        "What makes section 60 weapons searches more contentious than ordinary searches?", k=5
    )[0]
    assert top.document.file == "ashby-2022-stop-and-search-london.pdf"


def test_hybrid_search_finds_the_gold_page(retriever: Retriever) -> None:
    hits = retriever.search(
        "What makes section 60 weapons searches more contentious than ordinary searches?", k=5
    )
    top = hits[0]
    assert top.document.file == "ashby-2022-stop-and-search-london.pdf"
    assert 4 in [s.pdf_index for s in top.chunk.spans]
    assert top.dense_rank is not None and top.lexical_rank is not None
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_filters_by_author_year_and_document(retriever: Retriever) -> None:
    question = "police legitimacy and procedural justice"
    by_author = retriever.search(question, k=10, filters=Filters(author="ashby"))
    assert {h.document.file for h in by_author} == {"ashby-2022-stop-and-search-london.pdf"}
    by_year = retriever.search(question, k=10, filters=Filters(year_from=2020, year_to=2022))
    assert by_year and all(2020 <= (h.document.meta.year or 0) <= 2022 for h in by_year)
    one = "nix-2021-procedural-justice-in-policing.pdf"
    assert {h.document.file for h in retriever.search(question, filters=Filters((one,)))} == {one}
    with pytest.raises(QueryError, match="no indexed document matches"):
        retriever.search(question, filters=Filters(author="nobody-at-all"))


def test_diversify_spreads_hits_over_documents(retriever: Retriever) -> None:
    question = "procedural justice and trust in the police"
    plain = retriever.search(question, k=6)
    spread = retriever.search(question, k=6, diverse=True)
    per_doc = max([h.document.id for h in spread].count(d) for d in {h.document.id for h in spread})
    assert per_doc <= 2
    assert len({h.document.id for h in spread}) >= len({h.document.id for h in plain})


def test_empty_and_over_long_questions_are_refused(retriever: Retriever) -> None:
    with pytest.raises(QueryError, match="empty"):
        retriever.search("   ")
    with pytest.raises(QueryError, match="limit"):
        retriever.search("why " * 600)


def test_words_that_only_name_the_document_are_not_searched_for(retriever: Retriever) -> None:
    """'the OSCE guidebook' says which document; its words match the pages that introduce it.
    The lexical query leaves them out, unless nothing else is left."""
    content = retriever._content("Does the OSCE guidebook's chapter want analysts to brief?")
    assert terms(content) == ["want", "analysts", "brief"]
    assert retriever._content("What is the OSCE?") == "What is the OSCE?"
    assert "osce" in terms(retriever._content("When was the OSCE founded?"))  # the subject
    assert terms(retriever._content("What do the police manuals say?")) == ["police"]
    assert "book" in terms(retriever._content("Which edition of his book does the OSCE cite?"))


def test_a_question_naming_the_reference_list_searches_it(retriever: Retriever) -> None:
    """'… its reference list' asks the references list; a question about the same works that
    does not name the list is answered from the body text and notes first."""
    asked = retriever.search(
        "Which of Ratcliffe's works does the OSCE guidebook's reference list give?", k=3
    )
    assert asked[0].chunk.region == "references"
    assert asked[0].document.file.startswith("osce-2017")
    plain = retriever.search("Which of Ratcliffe's works does the OSCE guidebook give?", k=3)
    assert plain[0].chunk.region != "references"


def test_a_phrase_quoted_from_a_title_names_that_document(retriever: Retriever) -> None:
    """As an author's surname does: its passages gain a ranking of their own."""
    question = "How do the authors define 'perceived audience legitimacy'?"
    named = retriever._named(question)
    assert [retriever.documents[d].file[:24] for d in named] == ["nix-pickett-wolfe-2020-p"]
    assert retriever._named("How do the authors define perceived audience legitimacy?") == {}
    hits = retriever.search(question, k=3)
    assert hits[0].document.file.startswith("nix-pickett-wolfe-2020")


def test_a_document_named_by_its_title_and_kind_of_work(retriever: Retriever) -> None:
    """'Wikipedia's article on the police', 'the OSCE article' (its title's initials): the
    title's head with a word of its kind (an encyclopedia article) names the document."""
    question = (
        "How did Interpol fare in the 2007 accountability report, as cited in Wikipedia's"
        " article on the police?"
    )
    named = retriever._named(question)
    assert [retriever.documents[d].file for d in named] == ["wikipedia-police-2019.md"]
    osce = retriever._named("What does the Wikipedia OSCE article say about Kosovo?")
    assert [retriever.documents[d].file for d in osce] == ["wikipedia-osce.md"]
    assert retriever._named("What do the police say about the accountability report?") == {}
    hits = retriever.search(question, k=3)  # the report is the police article's, not Interpol's
    assert any("accountability report" in h.chunk.text.lower() for h in hits[:2])
    assert titles_named({"x": ("Stop and search in London: April 2021", "report")}) is not None
    assert (
        titles_named({"x": ("A title of nine words that no question would quote", "report")})
        is None
    )


def test_a_markdown_title_comes_from_its_heading(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    texts = {
        "scheme.md": "# Harbour watch: a reporting scheme\n\nDock workers phone the duty "
        "officer about unattended containers.\n",
        "notes.md": "Calls rose in 2015.\n\n# Later heading\n\nStaffing did not.\n",
    }
    settings = index_texts(tmp_path, texts, embedder)
    local = Retriever(Store(settings.index).open(), embedder)
    found = {d.file: (d.meta.title, d.meta.source) for d in local.documents.values()}
    assert found["scheme.md"] == ("Harbour watch: a reporting scheme", "heading")
    assert found["notes.md"] == ("notes", "file name")  # a heading further on is a section's


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How many officers were assaulted in 2020?", True),
        ("What share of searches found nothing?", True),
        ("When did the EU endorse intelligence-led policing?", True),
        ("When officers speak with children, what should they avoid?", False),
        ("Why do officers resist reform?", False),
    ],
)
def test_a_question_after_a_figure_weighs_bm25_more(question: str, figure: bool) -> None:
    assert bool(ASKS_FIGURE.search(question)) is figure
