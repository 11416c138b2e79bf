"""A manuscript with right and wrong citations gets the right verdict for each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.errors import UnsupportedFormat
from assistant.search.retrieve import Retriever
from assistant.settings import Settings
from assistant.sources.cite import Verifier
from assistant.sources.manuscript import check_text, parse_citations, read_manuscript
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from cli.main import app

MANUSCRIPT = """# Draft chapter

Body-worn cameras are everywhere now: "BWCs are now part of policing and we can expect that
they are here to stay" (Tregle et al., 2022, p. 16).

Trust differs from legitimacy. "It is important to note that one could view the police as a
legitimate authority without necessarily trusting certain officers" (Nix et al. 2015, p. 9).

Arrest data have limits: "Arrests are a perfect proxy for other types of police contacts
including stops, searches and detentions short of arrest" (Brantingham et al., 2018, p. 5).

"CACs are a review-focused form of oversight, allowing the community to weigh in on internal
policies" (Ashby, 2022, p. 4).

"Community policing was invented in Rotterdam in 1921 by a group of mayors" (Devroe, 2016, p. 3).

In 2016, only about a third of agencies submitted NIBRS data (Bussey, Nix and Sierra-Arévalo
2024, p. 8).

According to LEOKA data, the FBI has counted police deaths since 1957 (Bussey et al., 2024, p. 4).
"""

EXPECTED = [  # (line, kind, status)
    (3, "quote", "ok"),
    (6, "quote", "wrong_page"),
    (9, "quote", "altered_quote"),
    (12, "quote", "wrong_source"),
    (15, "quote", "not_found"),
    (17, "claim", "ok"),
    (20, "claim", "contradicted"),
]


@pytest.fixture(scope="module")
def verifier(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> Verifier:
    return Verifier(Retriever(Store(corpus_index.index).open(), embedder))


def test_parenthetical_citations_are_parsed() -> None:
    (one,) = parse_citations("Nix & Wolfe, 2018, pp. 9–10")
    assert (one.author, one.year, one.first_page, one.last_page) == ("Nix", 2018, "9", "10")
    assert [c.author for c in parse_citations("see Ashby 2022; Devroe et al. 2016: 45")] == [
        "Ashby",
        "Devroe",
    ]
    assert parse_citations("a note, not a citation") == []


def test_each_citation_gets_the_right_verdict(verifier: Verifier) -> None:
    findings = check_text(MANUSCRIPT, verifier)
    assert [(f.line, f.kind, f.status) for f in findings] == EXPECTED
    by_line = {f.line: f for f in findings}
    assert "p. 5 [PDF 6]" in by_line[6].detail  # the right page is named
    assert "'a perfect' → 'an imperfect'" in by_line[9].detail
    assert "Nix et al. (2018)" in by_line[12].detail  # where the quote really comes from
    assert by_line[20].detail.startswith("year: source says 1937, claim says 1957 (Bussey")
    assert by_line[20].verdict.labels  # the right fact, with the page it stands on


def test_check_command_exit_status_and_json(tmp_path: Path, corpus_index: Settings) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(MANUSCRIPT)
    result = CliRunner().invoke(
        app, ["check", str(paper), "--json", "--index", str(corpus_index.index)]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {
        "ok": 2,
        "wrong_page": 1,
        "altered_quote": 1,
        "wrong_source": 1,
        "not_found": 1,
        "contradicted": 1,
    }
    styled = CliRunner().invoke(
        app, ["check", str(paper), "--json", "--style", "apa", "--index", str(corpus_index.index)]
    )
    rows = json.loads(styled.stdout)["findings"]
    wrong_page = next(r for r in rows if r["status"] == "wrong_page")
    assert wrong_page["cite_as"] == f"(Nix et al., 2015, p. {wrong_page['found']['page']})"
    assert all(r["cite_as"] is None for r in rows if r["status"] == "not_found")
    assert json.loads(styled.stdout)["bibliography"]
    good = tmp_path / "good.md"
    good.write_text(MANUSCRIPT.split("\n\n")[1])
    passed = CliRunner().invoke(app, ["check", str(good), "--index", str(corpus_index.index)])
    assert passed.exit_code == 0, passed.output
    assert "1 ok" in passed.stdout


def test_unsupported_manuscript_format(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormat, match="Plain Text"):
        read_manuscript(tmp_path / "paper.docx")
