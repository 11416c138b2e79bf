"""The question encoder without torch: the ONNX export agrees with the model under torch, `ask`
runs with torch unimportable, and a model that cannot be exported still works (under torch)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ModelError
from assistant.settings import DEFAULT_MODEL, Settings
from assistant.store.embed import SentenceTransformerEmbedder, resolve_model_path
from assistant.store.encoder import (
    BLAS_THREADS,
    PADDED_BATCH,
    SAME_LENGTH,
    OnnxEmbedder,
    encoder_folder,
    model_source,
    read_meta,
)
from assistant.store.export import export_encoder
from assistant.store.models import open_embedder
from tests.conftest import index_texts

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "What makes section 60 weapons searches more contentious than other searches?",
    "trust",
    "Stop and search in London: who is searched, where, and why?",
    "Die Polizei in Europa – Zusammenarbeit über Grenzen; l'OSCE à Vienne, 2016 (§ 12).",
    "   procedural   justice\tand legitimacy   ",
    " ".join(["Officers completed the survey before and after the training."] * 50),  # truncated
]

#: run the CLI with torch (and what imports it) unimportable
BLOCKED = """
import sys

class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "sentence_transformers", "transformers"):
            raise ImportError(f"{name} is blocked in this test")
        return None

sys.meta_path.insert(0, Blocked())
from cli.main import app
try:
    app(sys.argv[1:])
finally:
    sys.stderr.write("\\nTORCH LOADED\\n" if "torch" in sys.modules else "\\nNO TORCH\\n")
"""


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder
) -> Path:
    folder = tmp_path_factory.mktemp("export") / "encoder"
    assert export_encoder(embedder, folder, model_source(embedder.name))
    return folder


def test_onnx_vectors_agree_with_torch(
    exported: Path, embedder: SentenceTransformerEmbedder
) -> None:
    onnx = OnnxEmbedder(exported, threads=1, optimize=False)
    reference = embedder.encode(TEXTS)
    together = onnx.encode(TEXTS)
    alone = np.vstack([onnx.encode([text]) for text in TEXTS])
    for vectors in (together, alone):
        assert vectors.shape == reference.shape and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        assert float(np.min(np.sum(vectors * reference, axis=1))) >= 1 - 1e-4
    many = TEXTS * 12  # more than a batch: sorted by length, put back in order
    assert float(np.min(np.sum(onnx.encode(many) * embedder.encode(many), axis=1))) >= 1 - 1e-4
    assert onnx.count_tokens(TEXTS) == embedder.count_tokens(TEXTS)
    assert (onnx.dimension, onnx.max_tokens) == (embedder.dimension, embedder.max_tokens)
    assert read_meta(exported)["agreement"] <= 1e-4  # checked when it was made


def test_numpy_s_blas_keeps_to_one_thread_once_the_model_runs(exported: Path) -> None:
    """Idle BLAS threads spin after each product and take the cores ONNX Runtime needs (faiss's
    own BLAS, which trains IVF indexes, is left alone)."""
    from threadpoolctl import threadpool_info

    OnnxEmbedder(exported, threads=1, optimize=False).encode(["Officers patrol on foot."])
    pools = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    numpy_s = [pool for pool in pools if "numpy" in pool["filepath"]]
    assert numpy_s and all(pool["num_threads"] == BLAS_THREADS for pool in numpy_s)


def test_a_forward_pass_holds_texts_of_like_length(
    exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch is padded to its longest text: a short text waits for a batch of its own
    length; texts of one length still share passes."""
    onnx = OnnxEmbedder(exported, threads=1, optimize=False)
    passes: list[list[str]] = []
    run = onnx._run

    def recorded(texts: list[str]) -> np.ndarray:
        passes.append(list(texts))
        return run(texts)

    monkeypatch.setattr(onnx, "_run", recorded)
    mixed = TEXTS * 3
    vectors = onnx.encode(mixed)
    assert sorted(t for p in passes for t in p) == sorted(mixed)
    for batch in passes:
        assert len(batch) <= PADDED_BATCH
        assert min(map(len, batch)) >= SAME_LENGTH * max(map(len, batch))
    assert np.allclose(vectors[0], vectors[len(TEXTS)], atol=1e-5)
    passes.clear()
    onnx.encode([f"Officers completed survey number {n} of the study." for n in range(10, 26)])
    assert len(passes) == 16 // PADDED_BATCH


def test_ask_runs_with_torch_unimportable(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    sixty = (
        "Section 60 searches are contentious because officers may search anyone in an area "
        "without any suspicion that the person carries a weapon."
    )
    beat = "Community officers walked the beat daily in the town centre."
    settings = index_texts(tmp_path, {"sixty.txt": sixty, "beat.txt": beat}, embedder)
    folder = encoder_folder(settings.index, settings.model)
    assert read_meta(folder)["source"] == model_source(settings.model)  # exported at indexing

    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    question = "Why are section 60 searches contentious?"
    argv = ["ask", question, "--index", str(settings.index), "--json", "-k", "2"]
    for encoder in ("auto", "onnx"):
        done = subprocess.run(
            [sys.executable, "-c", BLOCKED, *argv],
            cwd=ROOT,
            env={**env, "ASSISTANT_ENCODER": encoder},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr.rstrip().endswith("NO TORCH")
        answer = json.loads(done.stdout)
        assert "without any suspicion" in answer["answer"]
        assert answer["citations"][0]["file"] == "sixty.txt"


def test_a_model_that_cannot_be_exported_runs_under_torch(tmp_path: Path) -> None:
    """Any sentence-transformers model a user names works: here one that prefixes a prompt to
    every text, which the export does not carry."""
    model = tmp_path / "prompted-model"
    shutil.copytree(resolve_model_path(DEFAULT_MODEL), model)
    config = model / "config_sentence_transformers.json"
    data = json.loads(config.read_text()) if config.exists() else {}
    config.write_text(
        json.dumps({**data, "prompts": {"query": "query: "}, "default_prompt_name": "query"})
    )
    settings = Settings(index=tmp_path / "idx", model=str(model))
    settings.index.mkdir()  # an index folder to export beside (none: nothing is exported)
    chosen = open_embedder(settings)
    assert isinstance(chosen, SentenceTransformerEmbedder)
    meta = read_meta(encoder_folder(settings.index, settings.model))
    assert meta is not None and "prompt" in meta["failed"]  # the reason, so not tried again
    assert chosen.encode(["trust"]).shape == (1, 384)
    assert isinstance(open_embedder(settings), SentenceTransformerEmbedder)
    with pytest.raises(ModelError, match="no usable ONNX export"):
        open_embedder(settings.model_copy(update={"encoder": "onnx"}))
