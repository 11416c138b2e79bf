from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from cli.common import EXIT_ERROR, EXIT_FAILED_DOCUMENTS
from cli.main import app
from tests.conftest import shared_document_count
from tests.pdfs import make_pdf

runner = CliRunner()


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf(folder / "a.pdf", [["Title"], ["1", "Community officers walked the beat daily."]])
    (folder / "b.txt").write_text("Intelligence-led policing relies on crime analysis.")
    return folder


def test_index_then_docs_as_json(
    docs: Path, tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    index = tmp_path / "idx"
    result = runner.invoke(app, ["index", str(docs), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert sorted(summary["added"]) == ["a.pdf", "b.txt"]
    assert summary["ok"] is True and summary["failed"] == []
    assert set(summary["seconds"]) >= {"parse", "clean", "chunk", "embed", "store", "total"}

    listed = runner.invoke(app, ["docs", "--index", str(index), "--json"])
    assert listed.exit_code == 0
    rows = {row["file"]: row for row in json.loads(listed.stdout)}
    assert rows["a.pdf"]["report"]["pages"] == 2
    assert rows["a.pdf"]["report"]["label_source"] == "pdf-index"  # one number is no evidence
    assert rows["b.txt"]["chunks"] == 1


def test_index_folder_from_environment_and_failure_exit_code(
    docs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    embedder: SentenceTransformerEmbedder,
) -> None:
    index = tmp_path / "env-idx"
    monkeypatch.setenv("ASSISTANT_INDEX", str(index))
    (docs / "bad.pdf").write_bytes(b"not a pdf at all")
    result = runner.invoke(app, ["index", str(docs)])
    assert result.exit_code == EXIT_FAILED_DOCUMENTS
    assert "2 added" in result.stdout
    assert "bad.pdf" in result.stderr and "damaged" in result.stderr
    assert (index / "CURRENT").is_file()
    table = runner.invoke(app, ["docs"])
    assert table.exit_code == 0 and "a.pdf" in table.stdout


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["docs", "--index", str(tmp_path / "none")])
    assert result.exit_code == EXIT_ERROR
    assert "no index at" in result.stderr and "assistant index" in result.stderr


def test_bad_setting_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_CHUNK_TOKENS", "many")
    result = runner.invoke(app, ["docs", "--index", str(tmp_path)])
    assert result.exit_code == EXIT_ERROR
    assert "chunk_tokens" in result.stderr


def test_search_json_gives_file_printed_page_pdf_page_score_and_text(
    corpus_index: Settings,
) -> None:
    question = "Arrests are an imperfect proxy for other types of police contacts"
    result = runner.invoke(
        app, ["search", question, "-k", "3", "--json", "--index", str(corpus_index.index)]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == 3
    top = hits[0]
    assert top["file"].startswith("brantingham-valasik-mohler-2018")
    assert (top["page"], top["pdf_page"]) == ("5", 6)
    assert "imperfect proxy" in top["text"] and top["score"] > 0


def test_search_filters_and_bad_year(corpus_index: Settings) -> None:
    index = ["--index", str(corpus_index.index)]
    result = runner.invoke(app, ["search", "trust", "--author", "Ashby", "--json", *index])
    assert {h["file"] for h in json.loads(result.stdout)["hits"]} == {
        "ashby-2022-stop-and-search-london.pdf"
    }
    bad = runner.invoke(app, ["search", "trust", "--year", "last year", *index])
    assert bad.exit_code == EXIT_ERROR and "--year" in bad.stderr


def test_ask_json_and_text(corpus_index: Settings) -> None:
    index = ["--index", str(corpus_index.index)]
    question = "Roughly what fraction of London's stop-and-searches were looking for drugs?"
    result = runner.invoke(app, ["ask", question, "--json", *index])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["refused"] is False and data["mode"] == "extractive"
    assert data["citations"][0]["file"] == "ashby-2022-stop-and-search-london.pdf"
    assert "65%" in data["answer"]
    text = runner.invoke(app, ["ask", question, *index])
    assert "[1]" in text.stdout and "Sources" in text.stdout
    assert "Ashby (2022). Stop and search in London" in text.stdout


def test_chat_resolves_a_followup_and_shows_sources(corpus_index: Settings) -> None:
    turns = (
        "What scenarios did Nix, Pickett and Mitchell use in their vignette experiments "
        "with officers?\n"
        "How was the third scenario different from the first two?\n"
        "/sources\n/history\n/clear\n/quit\n"
    )
    result = runner.invoke(app, ["chat", "--index", str(corpus_index.index)], input=turns)
    assert result.exit_code == 0, result.output
    replies = result.stdout.split("you> ")
    followup = " ".join(replies[2].split())
    assert "(searched as: What scenarios did Nix" in followup
    assert "third experiment" in followup
    assert "Nix et al. (2019). Compliance, noncompliance" in followup
    assert "2. How was the third scenario different" in " ".join(replies[4].split())
    assert "Context cleared" in replies[5]


def test_eval_json_is_recomputable(corpus_index: Settings) -> None:
    from tests.conftest import DEV_SET

    result = runner.invoke(
        app, ["eval", str(DEV_SET), "--json", "--index", str(corpus_index.index)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    metrics = data["metrics"]
    assert metrics["items"] == 30 and metrics["answerable"] == 28
    # 25 of 28 (0.893) since footnotes left the body text and chunk boundaries moved (27 before)
    assert metrics["recall@5"] >= 0.85 and metrics["page_labels_correct"] == 1.0
    gold = {}
    for line in DEV_SET.read_text().splitlines():
        item = json.loads(line)
        gold[item["id"]] = item["gold"]
    hits_at_5 = 0
    for item in data["items"]:
        assert len(item["hits"]) == 10
        assert set(item["hits"][0]) == {"file", "page", "pdf_page", "score"}
        if not gold[item["id"]]:
            continue
        hits_at_5 += any(
            h["file"] == g["file"] and (not g["pdf_pages"] or h["pdf_page"] in g["pdf_pages"])
            for h in item["hits"][:5]
            for g in gold[item["id"]]
        )
    assert hits_at_5 / 28 == metrics["recall@5"]
    unanswerable = [i for i in data["items"] if not gold[i["id"]]]
    assert all(i["refused"] for i in unanswerable)


def test_eval_scores_claims_and_questions_in_one_file(
    tmp_path: Path, corpus_index: Settings
) -> None:
    """Every kind of ../shared/eval in one format: per-item fields and the summary's shares."""
    items = [
        {"id": "c1", "kind": "paraphrase", "gold": [{"file": "bussey-nix-sierra-arevalo-2024"
         "-violence-against-police.pdf", "pdf_pages": [4], "pages": ["4"]}],
         "claim": "According to LEOKA data, the FBI has counted police line-of-duty deaths "
         "since 1937."},
        {"id": "c2", "kind": "altered", "gold": [{"file": "bussey-nix-sierra-arevalo-2024"
         "-violence-against-police.pdf", "pdf_pages": [4], "pages": ["4"]}],
         "claim": "According to LEOKA data, the FBI has counted police line-of-duty deaths "
         "since 1957."},
        {"id": "c3", "kind": "invented", "gold": [],
         "claim": "Copenhagen's police cut bicycle theft by 60% after introducing drones in 2019."},
        {"id": "q1", "kind": "unanswerable", "gold": [],
         "question": "How many Police safety orders did New Zealand Police issue in 2019?"},
    ]  # fmt: skip
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items))
    result = runner.invoke(app, ["eval", str(path), "--json", "--index", str(corpus_index.index)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_id = {i["id"]: i for i in data["items"]}
    for claim in ("c1", "c2", "c3"):
        assert {"id", "kind", "claim", "verdict", "file", "pages", "pdf_pages", "reason"} <= set(
            by_id[claim]
        )
    assert by_id["c2"]["verdict"] == "contradicted" and "1937" in by_id["c2"]["reason"]
    assert by_id["c3"]["verdict"] == "not_found" and by_id["c3"]["file"] is None
    question = by_id["q1"]
    assert {"query", "refused", "answer", "citations", "hits"} <= set(question)
    assert question["refused"] and question["citations"] == []
    assert set(question["hits"][0]) == {"file", "page", "pdf_page", "score"}
    metrics = data["metrics"]
    assert metrics["verdicts"]["invented"] == {"not_found": 1}
    assert metrics["invented_accepted"] == 0.0 and metrics["unanswerable_refused"] == 1.0
    assert metrics["altered_flagged"] == 1.0
    assert metrics["paraphrase_found_on_gold"] == (by_id["c1"]["verdict"] == "paraphrase")


def test_eval_reads_evidence_without_a_page_for_a_file_without_pages(tmp_path: Path) -> None:
    from assistant.evaluate import load_items

    item = {
        "id": "m1",
        "kind": "factoid",
        "question": "How often were teams sent?",
        "gold": [{"file": "notes.md", "pdf_pages": [], "pages": []}],
        "snippet": "Teams offer expertise.",
        "evidence": [{"text": "Sent six times."}],
    }
    path = tmp_path / "md.jsonl"
    path.write_text(json.dumps(item) + "\n")
    (loaded,) = load_items(path)
    assert loaded.snippets == ((None, "Teams offer expertise."), (None, "Sent six times."))


def test_eval_rejects_a_malformed_question_file(tmp_path: Path, corpus_index: Settings) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n')
    result = runner.invoke(app, ["eval", str(bad), "--index", str(corpus_index.index)])
    assert result.exit_code == EXIT_ERROR
    assert "line 1" in result.stderr and "'question'" in result.stderr


def test_cite_json_and_text(corpus_index: Settings) -> None:
    index = ["--index", str(corpus_index.index)]
    quote = "BWCs are now part of policing and we can expect that they are here to stay."
    result = runner.invoke(app, ["cite", quote, "--json", *index])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "exact" and data["page"] == "16"
    assert data["file"].startswith("tregle-nix-pickett-2022")
    changed = runner.invoke(app, ["cite", quote.replace("here to stay", "here to go"), *index])
    assert "near" in changed.stdout and "stay" in changed.stdout and "go" in changed.stdout
    styled = runner.invoke(app, ["cite", quote, "--style", "harvard", "--json", *index])
    assert styled.exit_code == 0, styled.output
    formatted = json.loads(styled.stdout)["formatted"]
    assert formatted["citations"] == ["(Tregle, Nix and Pickett, 2022, p. 16)"]
    table = runner.invoke(app, ["cite", quote, "--style", "apa", *index])
    assert "(Tregle et al., 2022, p. 16)" in table.stdout
    assert "References (apa)" in table.stdout
    bad = runner.invoke(app, ["cite", quote, "--style", "nonesuch", *index])
    assert bad.exit_code == 3 and "unknown citation style" in bad.output


def test_refs_of_an_answer_and_of_a_chat_session(corpus_index: Settings) -> None:
    index = ["--index", str(corpus_index.index)]
    question = "What makes section 60 weapons searches more contentious than other searches?"
    ris = runner.invoke(app, ["refs", "--format", "ris", "--ask", question, *index])
    assert ris.exit_code == 0, ris.output
    assert ris.stdout.startswith("TY  - RPRT\nTI  - Stop and search in London")
    session = runner.invoke(
        app,
        ["chat", *index],
        input="What is Interpol's secure worldwide communications network called?\n"
        "/export csl-json\n/quit\n",
    )
    exported = session.stdout[session.stdout.index("[\n") : session.stdout.rindex("]") + 1]
    items = json.loads(exported)
    assert items[0]["type"] == "entry-encyclopedia" and "Interpol" in items[0]["title"]
    everything = runner.invoke(app, ["refs", *index])
    entries = everything.stdout.count("\n@") + everything.stdout.startswith("@")
    assert entries == shared_document_count()
    # formatted: the whole index as an APA reference list, an answer, a chat session
    listed = runner.invoke(app, ["refs", "--style", "apa", *index])
    assert listed.exit_code == 0, listed.output
    assert len(listed.stdout.splitlines()) == shared_document_count()
    assert "Ashby, M. (2022). Stop and search in London" in listed.stdout
    answered = runner.invoke(app, ["ask", question, "--style", "chicago", *index])
    assert "References (chicago)" in answered.stdout and "[1] (Ashby 2022, " in answered.stdout
    styled = runner.invoke(app, ["ask", question, "--style", "apa", "--json", *index])
    assert json.loads(styled.stdout)["formatted"]["citations"][0].startswith("(Ashby, 2022, p.")
    session = runner.invoke(app, ["chat", *index], input=f"{question}\n/export harvard\n/quit\n")
    assert "References (harvard)" in session.stdout
    assert "Ashby, M. (2022) Stop and search in London" in session.stdout
