"""The embedding model without torch: a sentence-transformers model exported once to ONNX
(`export.py`, at indexing or on first use) and run with ONNX Runtime and the `tokenizers`
library. It gives the same vectors as the model under torch (within 1e-4 cosine; checked when
it is exported) and starts in a fraction of the time, so a one-shot `assistant ask` and every
server worker can do without torch.

The export lives beside the index, one folder per model, so an index folder copied to another
machine (a replica) brings its question encoder along:

    INDEX/encoders/<model>-<hash>/
      encoder.json      model name, source fingerprint, dimension, lengths; or why it failed
      model.onnx        the model: word pieces → unit-length sentence vector
      model.onnx.data   its weights
      tokenizer.json    its tokenizer
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .embed import Progress, resolve_model_path

ENCODERS = "encoders"
META = "encoder.json"
MODEL_FILE = "model.onnx"
WEIGHTS_FILE = "model.onnx.data"  # its weights, raw (mapped, not parsed, when loaded)
TOKENIZER_FILE = "tokenizer.json"
ENCODER_FORMAT = 2
ENCODE_SLICE = 256  # texts between progress reports
# texts per forward pass at most: each batch is padded to its longest text, and with more than a
# few short texts the padding costs more than the batch saves (a question's 26 passage sentences,
# sorted: 140 ms in batches of 4-8, 206 ms in 16s, 295 ms in one; chunks: the same in 8s as 32s)
PADDED_BATCH = 8
#: a text joins a batch if it is at least this share of the batch's longest text's length: a
#: claim's 8 sentences of 20-90 words took 125 ms in one batch, ~90 ms in batches of like length
SAME_LENGTH = 0.9
#: threads numpy's BLAS may use once the model runs: its idle threads spin for a while after
#: each product and take the cores ONNX Runtime needs (on two cores a question's embedding
#: took 15 ms instead of 5, and an answer 47 ms instead of 17); our products are small
BLAS_THREADS = 1


def encoder_folder(index: Path, model: str) -> Path:
    """Where the export of `model` (the name or folder as the settings give it) lives."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model.rstrip("/\\").split("/")[-1])[:60] or "model"
    digest = hashlib.sha256(model.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return Path(index) / ENCODERS / f"{slug}-{digest}"


def model_source(model: str) -> str:
    """A fingerprint of the model's files (names, sizes, modification times), so an export
    made from other weights is noticed; a name that is not a folder stands for itself."""
    path = Path(resolve_model_path(model))
    if not path.is_dir():
        return f"name:{model}"
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        try:
            if item.is_file():
                stat = item.stat()
                digest.update(
                    f"{item.relative_to(path)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
                )
        except OSError:
            continue
    return f"folder:{digest.hexdigest()[:20]}"


def read_meta(folder: Path) -> dict[str, Any] | None:
    """The export's description, or None when there is none (or it cannot be read)."""
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != ENCODER_FORMAT:
        return None
    return meta


def usable(meta: dict[str, Any] | None) -> bool:
    return meta is not None and not meta.get("failed")


class OnnxEmbedder:
    """An `Embedder` over an exported model: ONNX Runtime for the network, `tokenizers` for the
    word pieces. The session is created on first use; `threads` is ONNX Runtime's intra-op
    thread count (0: one per core). `optimize` lets ONNX Runtime rewrite the graph when it loads
    it (~70 ms more start-up, ~1 ms less per call: worth it for a server or an indexing run, not
    for one question). Calls may come from several threads."""

    def __init__(
        self, folder: Path, threads: int = 0, batch_size: int = 32, optimize: bool = True
    ) -> None:
        meta = read_meta(folder)
        if not usable(meta):
            raise ModelError(f"{folder} holds no usable exported model ({META} missing or failed).")
        assert meta is not None
        self.folder = Path(folder)
        self.meta = meta
        self.name: str = meta["model"]
        self.threads = threads
        self.optimize = optimize
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._counter: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import onnxruntime
            from threadpoolctl import ThreadpoolController
            from tokenizers import Tokenizer

            for blas in ThreadpoolController().lib_controllers:  # numpy's, not faiss's
                if blas.user_api == "blas" and "numpy" in blas.filepath:
                    blas.set_num_threads(BLAS_THREADS)

            try:
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                if not self.optimize:
                    options.graph_optimization_level = (
                        onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
                    )
                options.log_severity_level = 3  # errors only
                session = onnxruntime.InferenceSession(
                    str(self.folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
                )
                tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
                counter = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
            except Exception as exc:  # ONNX Runtime and tokenizers raise their own kinds
                raise ModelError(
                    f"cannot load the exported model in {self.folder} ({exc}); delete that "
                    "folder and run `assistant index` again to export it anew."
                ) from exc
            tokenizer.enable_truncation(max_length=int(self.meta["max_seq_length"]))
            tokenizer.enable_padding(
                pad_id=int(self.meta["pad_id"]), pad_token=str(self.meta["pad_token"])
            )
            counter.no_truncation()
            counter.no_padding()
            self._inputs = [i.name for i in session.get_inputs()]
            self._tokenizer, self._counter = tokenizer, counter
            self._session = session

    @property
    def dimension(self) -> int:
        return int(self.meta["dimension"])

    @property
    def max_tokens(self) -> int:
        return int(self.meta["max_seq_length"]) - 2  # [CLS] and [SEP]

    def _prepared(self, texts: Sequence[str]) -> list[str]:
        lower = bool(self.meta.get("do_lower_case"))
        return [t.strip().lower() if lower else t.strip() for t in texts]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        self._load()
        encoded = self._counter.encode_batch(self._prepared(texts), add_special_tokens=False)
        return [len(e.ids) for e in encoded]

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(self._prepared(texts))
        columns = {
            "input_ids": [e.ids for e in encoded],
            "attention_mask": [e.attention_mask for e in encoded],
            "token_type_ids": [e.type_ids for e in encoded],
        }
        feed = {name: np.asarray(columns[name], dtype=np.int64) for name in self._inputs}
        vectors = self._session.run(None, feed)[0]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Unit vectors, one row per text, in small batches of similar length (little
        padding), as sentence-transformers does."""
        self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) == 1:
            return self._run(texts)
        size = max(1, min(self.batch_size, PADDED_BATCH))
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        rows = np.empty((len(texts), self.dimension), dtype=np.float32)
        done = 0
        while done < len(order):
            # a batch holds texts of about the longest one's length (padding is wasted work)
            shortest = SAME_LENGTH * len(texts[order[done]])
            end = done + 1
            while end < min(len(order), done + size) and len(texts[order[end]]) >= shortest:
                end += 1
            picked = order[done:end]
            rows[picked] = self._run([texts[i] for i in picked])
            if progress and (end // ENCODE_SLICE > done // ENCODE_SLICE or end == len(texts)):
                progress(end, len(texts))
            done = end
        return rows
