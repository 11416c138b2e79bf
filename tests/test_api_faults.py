"""The web endpoint under hostile requests and faults, through a real uvicorn and real HTTP:
JSON that cannot be echoed, chunked bodies over the limit, work limits, the Host check, proxy
headers, token guessing, a damaged index and re-indexing with one version kept."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.errors import NotFound
from assistant.server.app import create_app
from assistant.server.engine import Conversations, Engine
from assistant.server.middleware import AuthThrottle
from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.folder import Store
from assistant.store.indexer import Indexer
from tests.live import serving

DOCS = ("wikipedia-interpol.md", "wikipedia-unodc.md")
QUOTE = '"Interpol supports police forces in many countries" (Interpol, 2019). '  # 72 bytes


@pytest.fixture(scope="module")
def small_index(
    tmp_path_factory: pytest.TempPathFactory,
    shared_docs: Path,
    embedder: SentenceTransformerEmbedder,
) -> Settings:
    """Two documents of the shared corpus, indexed once for this module."""
    root = tmp_path_factory.mktemp("small")
    docs = root / "docs"
    docs.mkdir()
    for name in DOCS:
        shutil.copy(shared_docs / name, docs / name)
    settings = Settings(index=root / "idx")
    assert Indexer(settings, embedder=embedder).run([docs]).ok
    return settings


@pytest.fixture()
def live(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> Iterator[tuple[str, httpx.Client]]:
    app = create_app(small_index, Engine(small_index, embedder))
    with serving(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield url, http


@pytest.mark.parametrize(
    "body",
    [
        b'{"question": NaN}',
        b'{"question": "Interpol", "k": Infinity}',
        b'{"question": "Interpol", "k": -Infinity}',
        b'{"question": "Interpol", "k": 1e309}',
        b'{"question": "Interpol", "k": ' + b"9" * 400 + b"}",
        b'{"question": "Interpol \\ud800 notices"}',
        b'{"question": "Interpol", "filters": {"author": "\\udcff"}}',
        b'{"question": "Interpol", "extra": [NaN, "\\udfff"]}',
        b"[" * 30_000 + b"]" * 30_000,
        b'{"question": "caf\xe9"}',
    ],
    ids=[
        "nan", "infinity", "minus-infinity", "1e309", "400-digits", "surrogate",
        "surrogate-nested", "unknown-field", "deep-nesting", "not-utf8",
    ],
)  # fmt: skip
def test_json_that_cannot_be_echoed_is_a_422(live: tuple[str, httpx.Client], body: bytes) -> None:
    _, http = live
    for path in ("/api/search", "/api/ask", "/api/cite"):
        response = http.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == 422, (path, response.text)
        (error,) = response.json()["detail"]
        assert error["type"] == "json_invalid" and error["loc"][0] == "body"
    fine = http.post("/api/search", json={"question": "Interpol \U0001f600 notices"})
    assert fine.status_code == 200  # a real pair of surrogates is a character


def test_a_chunked_body_over_the_limit_is_a_413(live: tuple[str, httpx.Client]) -> None:
    _, http = live

    def pieces() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(20):
            yield b"a" * 4096
        yield b'"}'

    response = http.post(
        "/api/search", content=pieces(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and "bytes" in response.json()["detail"]
    small = http.post(
        "/api/search",
        content=iter([b'{"question": ', b'"Interpol"}']),
        headers={"content-type": "application/json"},
    )
    assert small.status_code == 200


def test_check_refuses_too_many_quotations_and_counts_work(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    """600 quotations took 217 s of server CPU: now they are refused at once; what is checked
    costs one unit of the rate limit each."""
    settings = small_index.model_copy(update={"rate_limit": 6})
    app = create_app(settings, Engine(settings, embedder))
    with serving(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        refused = http.post("/api/check", json={"text": QUOTE * 600})
        assert refused.status_code == 400
        assert "holds 600 quotations and citations" in refused.json()["detail"]
        assert refused.elapsed.total_seconds() < 5
        three = http.post("/api/check", json={"text": QUOTE * 3})  # 1 + 2 more units: 4 of 6
        assert three.status_code == 200 and len(three.json()["findings"]) == 3
        again = http.post("/api/check", json={"text": QUOTE * 3})  # 1 + 2 more: over the 6
        assert again.status_code == 429 and int(again.headers["Retry-After"]) >= 1
        assert "units of work" in again.json()["detail"]
        assert http.get("/api/health").status_code == 200  # one unit is still left


def test_host_check_without_tokens_and_not_with_them(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    engine = Engine(small_index, embedder)
    with serving(create_app(small_index, engine)) as url, httpx.Client(base_url=url) as http:
        port = url.rsplit(":", 1)[1]
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST"):
            assert http.get("/api/health", headers={"Host": host}).status_code == 200, host
        rebound = http.get("/api/health", headers={"Host": f"attacker.example:{port}"})
        assert rebound.status_code == 400 and "localhost" in rebound.json()["detail"]
    guarded = small_index.model_copy(update={"api_tokens": "room1"})
    with serving(create_app(guarded, engine)) as url, httpx.Client(base_url=url) as http:
        named = {"Host": "assistant.example", "Authorization": "Bearer room1"}
        assert http.get("/api/health", headers=named).status_code == 200


def test_forwarded_for_counts_only_from_trusted_proxies(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    engine = Engine(small_index, embedder)
    limited = small_index.model_copy(update={"rate_limit": 3})
    with serving(create_app(limited, engine)) as url, httpx.Client(base_url=url) as http:
        codes = [
            http.get("/api/health", headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
            for n in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]  # rotating the header does not help
    proxied = limited.model_copy(update={"trusted_proxies": "127.0.0.1"})
    with serving(create_app(proxied, engine)) as url, httpx.Client(base_url=url) as http:
        codes = [
            http.get("/api/health", headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
            for n in range(5)
        ]
        assert codes == [200] * 5  # behind the proxy these are five clients
        same = [
            http.get("/api/health", headers={"X-Forwarded-For": "x, 10.0.0.9"}).status_code
            for _ in range(4)
        ]
        assert same == [200, 200, 200, 429]


def test_wrong_tokens_are_throttled_with_back_off(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    settings = small_index.model_copy(update={"api_tokens": "room1"})
    app = create_app(settings, Engine(settings, embedder))
    with serving(app) as url, httpx.Client(base_url=url) as http:
        wrong = [
            http.get("/api/health", headers={"Authorization": f"Bearer guess{n}"}).status_code
            for n in range(AuthThrottle.FREE + 1)
        ]
        assert wrong == [401] * AuthThrottle.FREE + [429]
        right = http.get("/api/health", headers={"Authorization": "Bearer room1"})
        assert right.status_code == 429 and int(right.headers["Retry-After"]) >= 1
    now = [0.0]
    throttle = AuthThrottle(clock=lambda: now[0])
    waits = []
    for _ in range(AuthThrottle.FREE + 10):
        waits.append(throttle.retry_after("a"))
        throttle.failed("a")
        now[0] += 0.001
    free = AuthThrottle.FREE
    assert waits[:free] == [0] * free and waits[free : free + 4] == [2, 4, 8, 16]
    assert throttle.retry_after("a") == AuthThrottle.MAX_WAIT  # capped at 5 minutes
    assert throttle.retry_after("b") == 0  # per address
    now[0] += AuthThrottle.WINDOW + 1
    assert throttle.retry_after("a") == 0  # forgotten after a quiet window


def test_a_damaged_index_is_a_503_with_a_reason_and_no_server_paths(
    tmp_path: Path,
    small_index: Settings,
    embedder: SentenceTransformerEmbedder,
    caplog: pytest.LogCaptureFixture,
) -> None:
    shutil.copytree(small_index.index, tmp_path / "idx")
    settings = small_index.model_copy(update={"index": tmp_path / "idx"})
    live = Store(settings.index).current_version()
    client = TestClient(
        create_app(settings, Engine(settings, embedder)), base_url="http://localhost"
    )
    assert live is not None
    for database in (tmp_path / "idx" / "segments").glob("*/chunks.sqlite"):
        database.write_bytes(b"not a database " * 1000)
    with caplog.at_level(logging.ERROR):
        health = client.get("/api/health")
        search = client.post("/api/search", json={"question": "Interpol"})
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert health.json()["reason"].startswith("the index is damaged")
    assert search.status_code == 503 and search.json()["detail"].startswith("the index is damaged")
    for body in (health.text, search.text):
        assert str(tmp_path) not in body and "assistant index" not in body
    assert str(tmp_path) in caplog.text  # the operator sees where
    shutil.rmtree(tmp_path / "idx")
    gone = client.post("/api/search", json={"question": "Interpol"})
    assert gone.status_code == 503 and str(tmp_path) not in gone.text


def test_conversations_share_the_cap_and_a_404_says_why(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    answerer = Engine(small_index, embedder).answerer()
    now = [0.0]
    store = Conversations(ttl=100, max_count=4, max_turns=2, clock=lambda: now[0], per_client=2)
    theirs = store.ask(None, "What is Interpol?", answerer, 3, None, client="b")[0]
    mine = [
        store.ask(None, "What is Interpol?", answerer, 3, None, client="a")[0] for _ in range(5)
    ]
    assert len(store) == 3  # b's one and the newest two of a's
    store.ask(theirs, "And its headquarters?", answerer, 3, None, client="b")
    with pytest.raises(NotFound, match="closed to make room for a newer one of the same client"):
        store.check(mine[0])
    others = [store.ask(None, "UNODC?", answerer, 3, None, client=c)[0] for c in "cdef"]
    with pytest.raises(NotFound, match=r"closed to make room \(the server keeps at most 4"):
        store.check(theirs)
    now[0] = 500.0
    with pytest.raises(NotFound, match=r"has expired \(after 100 s idle\)"):
        store.check(others[-1])
    with pytest.raises(NotFound, match="is unknown"):
        store.check("0" * 32)


def test_reindexing_with_one_version_kept_fails_no_request(
    tmp_path: Path, embedder: SentenceTransformerEmbedder, shared_docs: Path
) -> None:
    """KEEP_VERSIONS=1 deleted the version a request had just been handed (72 of 2,075
    requests answered 500); a request now holds its version until it is done."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(shared_docs / "wikipedia-unodc.md", docs / "a.md")
    settings = Settings(index=tmp_path / "idx", keep_versions=1)
    Indexer(settings, embedder=embedder).run([docs])
    app = create_app(settings, Engine(settings, embedder))
    with serving(app) as url, httpx.Client(base_url=url, timeout=60) as http:

        def ask(n: int) -> int:
            path = ("/api/search", "/api/ask", "/api/documents")[n % 3]
            if path == "/api/documents":
                return http.get(path).status_code
            return http.post(path, json={"question": f"UNODC drugs {n}"}).status_code

        with ThreadPoolExecutor(4) as pool:
            pending = [pool.submit(ask, n) for n in range(240)]
            for round_ in range(4):
                (docs / f"extra{round_}.txt").write_text(f"Round {round_} of re-indexing.")
                Indexer(settings, embedder=embedder).run([docs])
            codes = [p.result() for p in pending]
    assert codes == [200] * len(codes)


class _Counting:
    """The real model, counting the texts it is asked to embed."""

    def __init__(self, inner: SentenceTransformerEmbedder) -> None:
        self.inner = inner
        self.texts = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    def encode(self, texts: list[str], progress: object = None) -> object:
        self.texts += len(texts)
        return self.inner.encode(texts)


def test_a_warmed_server_embeds_passage_sentences_ahead_of_questions(
    small_index: Settings, embedder: SentenceTransformerEmbedder
) -> None:
    import time

    counting = _Counting(embedder)
    engine = Engine(small_index, counting)  # type: ignore[arg-type]
    engine.warm()
    chunks = Store(small_index.index).open().chunk_count()
    deadline = time.monotonic() + 60
    while engine.filled < chunks and time.monotonic() < deadline:
        time.sleep(0.1)
    assert engine.filled == chunks
    before = counting.texts
    answer = engine.answerer().answer("What is Interpol's headquarters city?")
    assert answer.citations
    assert counting.texts - before == 1  # the question only: its passages' sentences are ready
    client = TestClient(create_app(small_index, engine), base_url="http://localhost")
    health = client.get("/api/health").json()
    assert health["sentences_ready"] == chunks
