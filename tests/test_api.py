"""The HTTP API through the real app, the real index and the real model."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.server.app import RateLimiter, create_app
from assistant.server.engine import Conversations, Engine
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.indexer import Indexer
from tests.conftest import shared_document_count
from tests.live import serving

LOCAL = "http://localhost"  # a server without tokens answers only requests to a local name
FOLLOWUP = [
    "What did the Justice Department conclude about Ferguson's municipal court?",
    "How many arrest warrants did that court issue in 2013?",
]


@pytest.fixture(scope="module")
def client(corpus_index: Settings, embedder: SentenceTransformerEmbedder) -> TestClient:
    return TestClient(create_app(corpus_index, Engine(corpus_index, embedder)), base_url=LOCAL)


def test_health_reports_model_and_index(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["model"] == "all-MiniLM-L6-v2"
    assert body["model_loaded"] is True
    assert body["documents"] == shared_document_count() and body["chunks"] > 1000
    assert body["index_version"].startswith("v")


def test_ask_returns_cited_answer_and_a_conversation(client: TestClient) -> None:
    first = client.post("/api/ask", json={"question": FOLLOWUP[0]})
    assert first.status_code == 200, first.text
    data = first.json()
    assert data["refused"] is False and data["citations"]
    citation = data["citations"][0]
    assert {
        "document_id",
        "title",
        "authors",
        "year",
        "page",
        "pdf_page",
        "passage",
        "score",
    } <= set(citation)
    second = client.post(
        "/api/ask", json={"question": FOLLOWUP[1], "conversation_id": data["conversation_id"]}
    ).json()
    assert second["conversation_id"] == data["conversation_id"]
    assert second["query"].startswith(FOLLOWUP[0])
    assert second["citations"][0]["file"] == "usdoj-2015-ferguson-report-summary.md"
    assert "9,007" in second["answer"] or "warrants" in second["answer"]


def test_unknown_conversation_is_a_404_with_the_fix(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": "why?", "conversation_id": "nope"})
    assert response.status_code == 404
    assert "start a new one" in response.json()["detail"]


def test_streamed_answer_matches_the_plain_one(client: TestClient) -> None:
    question = {"question": "What is Interpol's secure worldwide communications network called?"}
    plain = client.post("/api/ask", json=question).json()
    with client.stream("POST", "/api/ask/stream", json=question) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        raw = "".join(response.iter_text())
    events = [
        (
            block.split("\n")[0].removeprefix("event: "),
            json.loads(block.split("\n")[1].removeprefix("data: ")),
        )
        for block in raw.strip().split("\n\n")
    ]
    names = [name for name, _ in events]
    assert names[0] == "meta" and names[-1] == "done"
    assert names.count("sentence") == len(plain["sentences"]) > 0
    done = events[-1][1]
    assert done["answer"] == plain["answer"] and done["citations"] == plain["citations"]


def test_search_with_filters(client: TestClient) -> None:
    body = {"question": "trust in police", "k": 3, "filters": {"author": "Ashby"}}
    hits = client.post("/api/search", json=body).json()["hits"]
    assert len(hits) == 3
    assert {h["file"] for h in hits} == {"ashby-2022-stop-and-search-london.pdf"}
    assert all(h["page"] and h["pdf_page"] for h in hits)


def test_documents_and_one_document(client: TestClient) -> None:
    docs = client.get("/api/documents").json()
    assert len(docs) == shared_document_count()
    tregle = next(d for d in docs if d["file"].startswith("tregle"))
    # the appendix tables have no text layer: read by OCR, with their confidences
    assert tregle["report"]["pages_without_text"] == []
    assert [page for page, _ in tregle["report"]["ocr_pages"]] == list(range(26, 36))
    assert "path" not in tregle  # the server's file system stays private
    one = client.get(f"/api/documents/{tregle['id']}").json()
    assert one == tregle
    missing = client.get("/api/documents/0000")
    assert missing.status_code == 404 and "0000" in missing.json()["detail"]


def test_bad_requests_get_clear_4xx(client: TestClient) -> None:
    assert client.post("/api/ask", json={"question": ""}).status_code == 422
    assert client.post("/api/ask", json={"question": "x" * 2001}).status_code == 422
    assert client.post("/api/search", json={"question": "x", "k": 0}).status_code == 422
    too_big = client.post(
        "/api/ask",
        content=b'{"question": "' + b"a" * 70000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert too_big.status_code == 413 and "bytes" in too_big.json()["detail"]
    unmatched = client.post("/api/search", json={"question": "x", "filters": {"author": "zzz"}})
    assert unmatched.status_code == 400 and "filters" in unmatched.json()["detail"]


def test_openapi_documents_the_schemas(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/ask",
        "/api/ask/stream",
        "/api/search",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/health",
    } <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert {"AskRequest", "AskResponse", "CitationOut", "SearchResponse", "HitOut"} <= set(schemas)


def test_tokens_guard_the_api_and_the_page(
    corpus_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    settings = corpus_index.model_copy(update={"api_tokens": "alpha, beta"})
    guarded = TestClient(create_app(settings, Engine(settings, embedder)))
    refused = guarded.get("/api/health")
    assert refused.status_code == 401 and "token" in refused.json()["detail"]
    assert guarded.get("/").status_code == 401
    assert guarded.get("/api/health", headers={"Authorization": "Bearer beta"}).status_code == 200
    assert guarded.get("/api/health", headers={"X-API-Token": "alpha"}).status_code == 200
    assert guarded.get("/?token=alpha").status_code == 200
    assert guarded.get("/api/health", headers={"Authorization": "Bearer gamma"}).status_code == 401


def test_rate_limit_answers_429_with_retry_after(
    corpus_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    settings = corpus_index.model_copy(update={"rate_limit": 3})
    limited = TestClient(create_app(settings, Engine(settings, embedder)), base_url=LOCAL)
    codes = [limited.get("/api/health").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = limited.get("/api/health")
    assert int(response.headers["Retry-After"]) >= 1


def test_rate_limiter_window_moves_on() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert [limiter.retry_after("a") for _ in range(3)] == [0, 0, 60]
    assert limiter.retry_after("b") == 0
    now[0] = 61.0
    assert limiter.retry_after("a") == 0


def test_conversations_expire_are_capped_and_trimmed(client: TestClient) -> None:
    answerer = client.app.state.engine.answerer()  # type: ignore[attr-defined]
    now = [0.0]
    store = Conversations(ttl=100, max_count=3, max_turns=2, clock=lambda: now[0])
    ids = [store.ask(None, "What is Interpol?", answerer, 3, None)[0] for _ in range(5)]
    assert len(store) == 3  # the two oldest went past the cap
    for _ in range(3):
        store.ask(ids[-1], "And its headquarters?", answerer, 3, None)
    assert len(store._items[ids[-1]].conversation.history) == 2
    now[0] = 150.0
    store.ask(None, "What is the OSCE?", answerer, 3, None)
    assert len(store) == 1  # idle ones expired


def test_a_reindex_is_picked_up_without_failing_requests_in_flight(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, shared_docs: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("wikipedia-interpol.md", "wikipedia-unodc.md"):
        shutil.copy(shared_docs / name, docs / name)
    settings = Settings(index=tmp_path / "idx")
    Indexer(settings, embedder=embedder).run([docs])
    app = create_app(settings, Engine(settings, embedder))
    with serving(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        assert http.get("/api/health").json()["documents"] == 2

        def ask(n: int) -> int:
            return http.post("/api/search", json={"question": f"Interpol notices {n}"}).status_code

        with ThreadPoolExecutor(4) as pool:
            pending = [pool.submit(ask, n) for n in range(40)]
            shutil.copy(shared_docs / "wikipedia-osce.md", docs / "wikipedia-osce.md")
            Indexer(settings, embedder=embedder).run([docs])
            codes = [p.result() for p in pending]
        assert codes == [200] * 40
        assert http.get("/api/health").json()["documents"] == 3
        hits = http.post("/api/search", json={"question": "OSCE Vienna"}).json()["hits"]
        assert hits[0]["file"] == "wikipedia-osce.md"


def test_cite_endpoint(client: TestClient) -> None:
    body = {
        "text": "It is important to note that one could view the police as a legitimate "
        "authority without necessarily trusting certain officers."
    }
    data = client.post("/api/cite", json=body).json()
    assert data["verdict"] == "exact"
    assert (data["page"], data["pdf_pages"]) == ("5", [6])
    assert data["reference"].startswith("Nix et al. (2015). Trust in the Police")
    assert client.post("/api/cite", json={"text": "short"}).status_code == 400
    claim = "According to LEOKA data, the FBI has counted police line-of-duty deaths since 1957."
    contradicted = client.post("/api/cite", json={"text": claim}).json()
    assert contradicted["verdict"] == "contradicted"
    assert contradicted["reason"] == "year: source says 1937, claim says 1957"
    assert contradicted["differences"] == [{"quoted": "1957", "source": "1937"}]


def test_formatted_references_in_a_style(client: TestClient) -> None:
    body = {
        "text": "It is important to note that one could view the police as a legitimate "
        "authority without necessarily trusting certain officers.",
        "style": "chicago",
    }
    formatted = client.post("/api/cite", json=body).json()["formatted"]
    assert formatted["citations"] == ["(Nix et al. 2015, 5)"]
    assert formatted["bibliography"][0].startswith("Nix, Justin, Scott E. Wolfe,")
    question = "What makes section 60 weapons searches more contentious than other searches?"
    answer = client.post("/api/ask", json={"question": question, "style": "apa"}).json()
    cited = [(c["page"]) for c in answer["citations"]]
    assert answer["formatted"]["citations"] == [f"(Ashby, 2022, p. {page})" for page in cited]
    assert answer["formatted"]["bibliography"][0].startswith("Ashby, M. (2022). Stop and search")
    assert "formatted" not in client.post("/api/ask", json={"question": question}).json() or (
        client.post("/api/ask", json={"question": question}).json()["formatted"] is None
    )
    unknown = client.post("/api/cite", json={**body, "style": "nonesuch"})
    assert unknown.status_code == 400 and "unknown citation style" in unknown.json()["detail"]
    path = client.post("/api/cite", json={**body, "style": "../../etc/apa.csl"})
    assert path.status_code == 422
