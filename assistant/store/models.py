"""Which embedding model runs: the ONNX export beside the index when there is a usable one
(no torch), else the sentence-transformers model under torch. `ASSISTANT_ENCODER` chooses:
`auto` (the export, made on first use when the index has none, else torch with a note), `onnx`
(the export or an error: for machines without torch) or `torch`."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import ModelError
from ..settings import Settings
from .embed import Embedder, SentenceTransformerEmbedder
from .encoder import OnnxEmbedder, encoder_folder, model_source, read_meta, usable

log = logging.getLogger(__name__)


def torch_embedder(settings: Settings) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(settings.model, settings.device, settings.batch_size)


def open_embedder(
    settings: Settings, threads: int = 0, index: Path | None = None, optimize: bool = True
) -> Embedder:
    """The model that embeds questions over the index (`index`, else settings.index);
    `optimize=False` for a process that embeds a question or two (see OnnxEmbedder)."""
    if settings.encoder == "torch":
        return torch_embedder(settings)
    folder = encoder_folder(index or settings.index, settings.model)
    meta = read_meta(folder)
    if usable(meta):
        return OnnxEmbedder(folder, threads, settings.batch_size, optimize)
    if settings.encoder == "onnx":
        why = meta["failed"] if meta else "the index holds no export of it"
        raise ModelError(
            f"ASSISTANT_ENCODER=onnx, but the model {settings.model!r} has no usable ONNX export "
            f"({why}): run `assistant index` on a machine with torch to export it beside the "
            "index, or set ASSISTANT_ENCODER=auto to run it under torch."
        )
    if meta is not None:  # its export failed: torch, as the indexer found
        log.warning(
            "note: the model %s runs under torch (its ONNX export failed: %s)",
            settings.model,
            meta["failed"],
        )
        return torch_embedder(settings)
    return _export_now(settings, folder, threads)


def indexing_embedder(settings: Settings) -> Embedder:
    """The model for an indexing run: the export when it was made from the model's present
    files (no torch at all), else the model under torch, exported first so that the run and
    every later question go without it."""
    if settings.encoder == "torch":
        return torch_embedder(settings)
    folder = encoder_folder(settings.index, settings.model)
    meta = read_meta(folder)
    if meta is not None and meta.get("source") == model_source(settings.model):
        if usable(meta):
            return OnnxEmbedder(folder, 0, settings.batch_size)
        return torch_embedder(settings)
    return _export_now(settings, folder, 0)


def ensure_export(settings: Settings, embedder: Embedder) -> None:
    """After an indexing run with a model under torch: export it beside the index unless an
    export of the same model files is there already."""
    if not isinstance(embedder, SentenceTransformerEmbedder) or settings.encoder == "torch":
        return
    folder = encoder_folder(settings.index, settings.model)
    source = model_source(settings.model)
    if (read_meta(folder) or {}).get("source") == source:
        return
    from .export import export_encoder

    try:
        export_encoder(embedder, folder, source)
    except OSError as exc:
        log.warning("note: the ONNX export of %s could not be written (%s)", settings.model, exc)


def _export_now(settings: Settings, folder: Path, threads: int) -> Embedder:
    """Export the model (torch, once) and return the export; torch when that fails."""
    model = torch_embedder(settings)
    if not folder.parent.parent.is_dir():  # no index there yet: nothing to export beside
        return model
    try:
        import torch  # noqa: F401 - exporting needs it; a machine without it gets the reason
    except ImportError as exc:
        raise ModelError(
            f"the model {settings.model!r} has no ONNX export beside the index and torch is not "
            f"installed to make one ({exc}): run `assistant index` where torch is installed."
        ) from exc
    from .export import export_encoder

    try:
        done = export_encoder(model, folder, model_source(settings.model))
    except OSError as exc:  # a read-only index (a published snapshot): torch this time
        log.warning(
            "note: the model %s runs under torch: its ONNX export could not be written beside "
            "the index (%s); run `assistant index` once where the index is writable",
            settings.model,
            exc,
        )
        return model
    return OnnxEmbedder(folder, threads, settings.batch_size) if done else model
