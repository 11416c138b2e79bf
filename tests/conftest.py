from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.embed import SentenceTransformerEmbedder
from assistant.indexer import Indexer
from assistant.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_DOCS = SHARED / "corpus" / "docs"
DEV_SET = SHARED / "eval" / "dev.jsonl"


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
