"""Many participants: concurrent questions are embedded in shared forward passes and each gets
its own vector; `serve --workers 2` answers a follow-up on a worker other than the one that
answered the first question, from the context the client carries."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.errors import NotFound, QueryError
from assistant.server.context import ContextTokens
from assistant.settings import Settings
from assistant.store.batching import MicroBatcher
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.encoder import OnnxEmbedder, encoder_folder
from tests.conftest import index_texts

ROOT = Path(__file__).resolve().parents[1]
FIRST = "What are section 60 searches?"
FOLLOW_UP = "When were they introduced?"


@pytest.fixture(scope="module")
def small_index(
    tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder
) -> Settings:
    sixty = (
        "Section 60 searches let officers search anyone in an area without suspicion. "
        "Section 60 searches were introduced by the Criminal Justice and Public Order Act 1994."
    )
    beat = "Community officers walked the beat daily in the town centre."
    texts = {"sixty.txt": sixty, "beat.txt": beat}
    return index_texts(tmp_path_factory.mktemp("workers"), texts, embedder)


def test_micro_batching_gives_each_caller_its_own_vectors(small_index: Settings) -> None:
    onnx = OnnxEmbedder(encoder_folder(small_index.index, small_index.model), threads=1)
    questions = [f"What does research say about stop and search in {y}?" for y in range(1990, 2030)]
    alone = onnx.encode(questions[:1])
    batcher = MicroBatcher(onnx, window=0.02)
    try:
        with ThreadPoolExecutor(16) as pool:
            rows = list(pool.map(lambda q: batcher.encode([q]), questions))
        pair = batcher.encode(questions[:2])  # a caller with two texts gets two rows
    finally:
        batcher.close()
    reference = onnx.encode(questions)
    for row, expected in zip(rows, reference, strict=True):
        assert row.shape == (1, 384)
        assert float(row[0] @ expected) >= 1 - 1e-4
    assert float(rows[0][0] @ alone[0]) >= 1 - 1e-4
    assert pair.shape == (2, 384) and float(pair[1] @ reference[1]) >= 1 - 1e-4
    assert batcher.texts == len(questions) + 2
    assert batcher.batches < len(questions)  # questions shared forward passes


def test_context_tokens_are_signed_bound_and_expire(small_index: Settings) -> None:
    from assistant.answers.chat import Conversation
    from assistant.answers.configure import open_answerer

    answerer = open_answerer(small_index, generate=False)
    conversation = Conversation(answerer)
    conversation.ask(FIRST)
    now = [1000.0]
    tokens = ContextTokens("key", ttl=60, clock=lambda: now[0])
    token = tokens.issue("abc", conversation)
    restored = tokens.restore(token, "abc", answerer)
    assert restored.anchor == FIRST and restored.context[0].text == conversation.context[0].text
    with pytest.raises(QueryError, match="not valid"):
        ContextTokens("other key", ttl=60).read(token, "abc")
    with pytest.raises(QueryError, match="not valid"):
        tokens.read(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), "abc")
    with pytest.raises(QueryError, match="another conversation"):
        tokens.read(token, "xyz")
    now[0] += 61
    with pytest.raises(NotFound, match="expired"):
        tokens.read(token, "abc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, body: dict[str, object]) -> httpx.Response:
    with httpx.Client(timeout=60) as client:  # a new connection: any worker may take it
        return client.post(f"{url}/api/ask", json=body)


def test_a_follow_up_is_answered_by_another_worker(small_index: Settings, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    argv = [sys.executable, "-m", "cli", "serve", "--workers", "2", "--port", str(port)]
    with log.open("w") as sink:  # the child keeps its own copy of the file
        server = subprocess.Popen(
            [*argv, "--index", str(small_index.index)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        workers: set[str] = set()
        while len(workers) < 2:  # both workers up (each answers health once ready)
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the workers did not start"
            try:
                with httpx.Client(timeout=5) as client:
                    workers.add(client.get(f"{url}/api/health").headers["x-worker"])
            except httpx.HTTPError:
                time.sleep(0.3)
        first = _post(url, {"question": FIRST, "k": 2})
        assert first.status_code == 200, first.text
        data = first.json()
        assert data["context"] and data["citations"][0]["file"] == "sixty.txt"
        body = {
            "question": FOLLOW_UP,
            "conversation_id": data["conversation_id"],
            "context": data["context"],
            "k": 2,
        }
        answered_by: set[str] = set()
        for _ in range(10):
            with ThreadPoolExecutor(6) as pool:
                replies = list(pool.map(lambda _: _post(url, body), range(6)))
            for reply in replies:
                assert reply.status_code == 200, reply.text
                follow = reply.json()
                assert follow["conversation_id"] == data["conversation_id"]
                assert follow["query"] == f"{FIRST} {FOLLOW_UP}"  # resolved with the anchor
                assert "1994" in follow["answer"]
                answered_by.add(reply.headers["x-worker"])
            if answered_by - {first.headers["x-worker"]}:
                break
        assert answered_by - {first.headers["x-worker"]}, "no other worker answered"
        forged = _post(url, {**body, "conversation_id": "f" * 32})
        assert forged.status_code == 400 and "another conversation" in forged.json()["detail"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_stemming_is_safe_across_threads() -> None:
    """The judge stems words in every request thread (a shared Snowball stemmer failed with
    IndexError under 16 concurrent /api/ask requests)."""
    from assistant.answers.words import stem

    raw = stem.__wrapped__  # past the cache: every call stems
    words = [
        f"{base}{end}"
        for base in ("organis", "polic", "search", "legitim")
        for end in ("ation", "ing", "ed", "es", "ations", "ness", "ful", "ly")
    ] * 40
    expected = [raw(w) for w in words]
    with ThreadPoolExecutor(8) as pool:
        for _ in range(5):
            assert list(pool.map(raw, words)) == expected
