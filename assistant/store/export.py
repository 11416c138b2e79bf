"""Exporting a sentence-transformers model to ONNX (torch is needed here, and only here): the
whole model — transformer, pooling, any dense layers, normalisation — becomes one graph from
word pieces to a unit vector, its tokenizer is saved beside it, and the export is checked
against the model under torch before anything uses it. A model that cannot be exported or whose
export disagrees is recorded as such (with the reason), and the model runs under torch."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from .embed import SentenceTransformerEmbedder
from .encoder import (
    ENCODER_FORMAT,
    META,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    OnnxEmbedder,
    read_meta,
)

log = logging.getLogger(__name__)

AGREEMENT = 1e-4  # 1 - cosine between an ONNX vector and torch's, at most
OPSET = 17
TRACED = "traced.onnx"  # torch's export, before its weights are split off
#: texts the export is checked on: short and long (truncated), odd spacing, other scripts
CHECK_TEXTS = [
    "What makes section 60 weapons searches more contentious than other searches?",
    "trust",
    "  Police legitimacy and procedural justice, surveyed in 2015 across 12 cities.  ",
    "Die Polizei in Europa – Zusammenarbeit über Grenzen hinweg; l'OSCE à Vienne.",
    " ".join(["Officers completed the survey before and after the training."] * 60),
]
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
#: where this process exported each model (by its source fingerprint) to, to reuse
_DONE: dict[str, Path] = {}


def _graph(model: Any) -> Any:
    """The model as a module from word-piece tensors to unit vectors."""
    import torch

    class Encoder(torch.nn.Module):
        def __init__(self, names: list[str]) -> None:
            super().__init__()
            self.model = model
            self.names = names

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            features = dict(zip(self.names, tensors, strict=True))
            vectors = self.model(features)["sentence_embedding"]
            return torch.nn.functional.normalize(vectors, p=2, dim=1)

    return Encoder


def _write(embedder: SentenceTransformerEmbedder, folder: Path, source: str) -> None:
    """The ONNX graph, the tokenizer and encoder.json into `folder`."""
    import torch

    model = embedder.model
    transformer = model[0]
    tokenizer = getattr(transformer, "tokenizer", None) or getattr(model, "tokenizer", None)
    if tokenizer is None or not getattr(tokenizer, "is_fast", False):
        raise ValueError("the model has no fast tokenizer (tokenizer.json)")
    if getattr(model, "default_prompt_name", None):
        raise ValueError("the model adds a prompt to every text")
    prepare = getattr(model, "preprocess", None) or model.tokenize
    sample = prepare(CHECK_TEXTS[:2])
    names = [n for n in _INPUTS if isinstance(sample.get(n), torch.Tensor)]
    module = _graph(model)(names).eval()
    axes = {n: {0: "batch", 1: "words"} for n in names}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on shapes it treats as fixed
        torch.onnx.export(
            module,
            tuple(sample[n] for n in names),
            str(folder / TRACED),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )
    _split_weights(folder / TRACED, folder)
    tokenizer.backend_tokenizer.save(str(folder / TOKENIZER_FILE))
    meta = {
        "format": ENCODER_FORMAT,
        "model": embedder.name,
        "source": source,
        "dimension": embedder.dimension,
        "max_seq_length": embedder.max_tokens + 2,
        "do_lower_case": bool(getattr(transformer, "do_lower_case", False)),
        "pad_id": int(tokenizer.pad_token_id or 0),
        "pad_token": str(tokenizer.pad_token or "[PAD]"),
        "inputs": names,
        "torch": torch.__version__,
        "exported": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (folder / META).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def _split_weights(traced: Path, folder: Path) -> None:
    """The graph in MODEL_FILE and its weights raw in WEIGHTS_FILE: ONNX Runtime maps such a
    file instead of parsing and copying 90 MB of protobuf, which halves its start-up."""
    import onnx

    graph = onnx.load(str(traced))
    onnx.save_model(
        graph,
        str(folder / MODEL_FILE),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location=WEIGHTS_FILE,
        size_threshold=1024,
    )
    traced.unlink()
    for name in (MODEL_FILE, WEIGHTS_FILE):  # readable by whoever serves a copy of the index
        os.chmod(folder / name, 0o644)


def _check(model: Any, folder: Path) -> float:
    """The worst 1 - cosine between the export's vectors and the model's, one at a time and
    in a batch."""
    reference = model.encode(CHECK_TEXTS, normalize_embeddings=True, convert_to_numpy=True)
    onnx = OnnxEmbedder(folder, threads=1)
    batch = onnx.encode(CHECK_TEXTS)
    single = np.vstack([onnx.encode([t]) for t in CHECK_TEXTS])
    worst = max(float(np.max(1 - np.sum(reference * v, axis=1))) for v in (batch, single))
    del onnx
    return worst


def export_encoder(embedder: SentenceTransformerEmbedder, folder: Path, source: str) -> bool:
    """Export the embedder's model into `folder` (replacing what is there); True when the
    export is usable. A failed export is recorded in `folder/encoder.json` with its reason, so
    it is not tried again for the same model files. Raises OSError when the folder cannot be
    written."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    try:
        usable = _export_into(embedder, made, source)
        _replace(made, folder)
        if usable:
            _DONE[source] = folder
    finally:
        shutil.rmtree(made, ignore_errors=True)
    return usable


def _export_into(embedder: SentenceTransformerEmbedder, made: Path, source: str) -> bool:
    reused = _DONE.get(source)
    if reused is not None and (read_meta(reused) or {}).get("source") == source:
        try:  # this process exported the same model files already: link (or copy) that
            for name in (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE, META):
                _link(reused / name, made / name)
            return True
        except OSError:
            for path in made.iterdir():
                path.unlink()
    model = embedder.model  # a model that cannot be loaded is an error (ModelError), not this
    try:
        _write(embedder, made, source)
        worst = _check(model, made)
        if worst > AGREEMENT:
            raise ValueError(f"its vectors differ from the model's (1 - cosine {worst:.1e})")
    except Exception as exc:  # any model a user names: the reason is recorded, torch is used
        why = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
        log.warning(
            "the model %s cannot run without torch (%s); it runs under torch", embedder.name, why
        )
        for path in made.iterdir():
            path.unlink()
        failed = {"format": ENCODER_FORMAT, "model": embedder.name, "source": source, "failed": why}
        (made / META).write_text(json.dumps(failed, indent=2), encoding="utf-8")
        return False
    meta = json.loads((made / META).read_text(encoding="utf-8"))
    (made / META).write_text(json.dumps({**meta, "agreement": worst}, indent=2), encoding="utf-8")
    return True


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _replace(made: Path, folder: Path) -> None:
    """Put the finished export in place with a rename: readers never see half of one. When
    another process puts its own there meanwhile, theirs stays."""
    os.chmod(made, 0o755)
    old = folder.with_name(f".old-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
    with contextlib.suppress(FileNotFoundError):
        os.rename(folder, old)
    try:
        os.rename(made, folder)
    except OSError:
        if not folder.is_dir():
            raise
    shutil.rmtree(old, ignore_errors=True)
