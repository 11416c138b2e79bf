from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.store.embed import SentenceTransformerEmbedder
from assistant.store.indexer import Indexer

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_DOCS = SHARED / "corpus" / "docs"
DEV_SET = SHARED / "eval" / "dev.jsonl"


def shared_document_count() -> int:
    """How many documents the shared corpus holds, by its manifest (it grows over time)."""
    with open(SHARED / "corpus" / "sources.toml", "rb") as handle:
        entries = tomllib.load(handle).get("document", [])
    return sum(1 for entry in entries if (CORPUS_DOCS / entry["file"]).is_file())


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests do not see a developer's ASSISTANT_* settings."""
    for key in list(os.environ):
        if key.startswith("ASSISTANT_"):
            monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The real default model, loaded once per session."""
    model = SentenceTransformerEmbedder()
    assert model.dimension == 384
    return model


@pytest.fixture(scope="session")
def shared_docs() -> Path:
    if not CORPUS_DOCS.is_dir():
        pytest.fail(f"the shared corpus is missing: expected it at {CORPUS_DOCS}")
    return CORPUS_DOCS


@pytest.fixture(scope="session")
def corpus_index(
    tmp_path_factory: pytest.TempPathFactory,
    shared_docs: Path,
    embedder: SentenceTransformerEmbedder,
) -> Settings:
    """The shared corpus indexed once for the whole session (about a minute)."""
    settings = Settings(index=tmp_path_factory.mktemp("corpus-index"))
    result = Indexer(settings, embedder=embedder).run([shared_docs])
    assert result.ok, result.failed
    return settings


def index_texts(
    folder: Path, texts: dict[str, str], embedder: SentenceTransformerEmbedder
) -> Settings:
    """A small index of the given text files (name → text) in `folder`/idx."""
    docs = folder / "docs"
    docs.mkdir()
    for name, text in texts.items():
        (docs / name).write_text(text)
    settings = Settings(index=folder / "idx")
    result = Indexer(settings, embedder=embedder).run([docs])
    assert result.ok, result.failed
    return settings
