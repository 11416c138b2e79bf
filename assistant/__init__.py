"""Retrieval assistant over policing literature: cited passages with printed page labels.

The data flow, one subpackage per stage (imports point down this list only):

    files ─ingest─▶ pages with printed labels ─▶ chunks that carry their pages
          ─store──▶ embedded chunks in immutable segments that versions name
    question ─search──▶ hits (dense + lexical, fused, filtered)
             ─answers─▶ extractive or generated answer, every sentence citing a printed page
    quote/claim ─sources─▶ verdict with document and page; manuscript checks; references
    server: the engine and the HTTP API over all of it;  cli/ (outside): the Typer front end

    ingest/   files · reader · extract · text · ocr · labels · layout · clean · structure ·
              chunk · acronyms · manifest · metadata · pipeline
    store/    embed · encoder · export · models · batching · rows · segment · dense ·
              writer · merge · version (read) · folder (write) · indexer (the incremental run)
    search/   lexical · fuse · describe · asked · retrieve
    answers/  words · coverage · quantities · facts · questions · answer_types · judge · claims ·
              lists · context · selection · refusal · extractive · generate · llm · chat ·
              configure
    sources/  normalise · cite · manuscript · bibliography · style
    server/   engine · context · workers · schemas · middleware · app · web/
    top:      types (frozen dataclasses) · settings · errors (one exception tree) · evaluate

Library use::

    from assistant import Indexer, Settings, open_answerer
    settings = Settings(index="index")
    Indexer(settings).run(["corpus/"])
    print(open_answerer(settings).answer("Why are section 60 searches contentious?").text)

The names below are imported on first use, so `import assistant` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__all__ = [
    "Answer",
    "AssistantError",
    "Citation",
    "ConfigError",
    "Conversation",
    "Document",
    "Embedder",
    "EncryptedDocument",
    "ExtractionError",
    "ExtractiveAnswerer",
    "Filters",
    "GenerationError",
    "Hit",
    "IndexDamaged",
    "IndexError_",
    "IndexLocked",
    "IndexMismatch",
    "IndexNotFound",
    "IndexResult",
    "IndexUnwritable",
    "Indexer",
    "ManifestError",
    "Metadata",
    "ModelError",
    "NoTextFound",
    "NotFound",
    "QueryError",
    "Retriever",
    "SentenceTransformerEmbedder",
    "Settings",
    "Store",
    "TooComplex",
    "UnsupportedFormat",
    "Verdict",
    "Verifier",
    "load_settings",
    "open_answerer",
    "open_retriever",
]

_WHERE = {
    "Answer": "answers.extractive",
    "Citation": "answers.extractive",
    "ExtractiveAnswerer": "answers.extractive",
    "Conversation": "answers.chat",
    "Document": "types",
    "Hit": "types",
    "IndexResult": "types",
    "Metadata": "types",
    "Embedder": "store.embed",
    "SentenceTransformerEmbedder": "store.embed",
    "Indexer": "store.indexer",
    "Store": "store.folder",
    "Filters": "search.retrieve",
    "Retriever": "search.retrieve",
    "Verdict": "sources.cite",
    "Verifier": "sources.cite",
    "Settings": "settings",
    "load_settings": "settings",
    "open_answerer": "answers.configure",
    "open_retriever": "search.retrieve",
    **{
        name: "errors"
        for name in (
            "AssistantError",
            "ConfigError",
            "ManifestError",
            "ExtractionError",
            "UnsupportedFormat",
            "EncryptedDocument",
            "NoTextFound",
            "IndexError_",
            "IndexNotFound",
            "IndexMismatch",
            "IndexLocked",
            "IndexDamaged",
            "IndexUnwritable",
            "TooComplex",
            "ModelError",
            "GenerationError",
            "QueryError",
            "NotFound",
        )
    },
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from .answers.chat import Conversation
    from .answers.configure import open_answerer
    from .answers.extractive import Answer, Citation, ExtractiveAnswerer
    from .errors import (
        AssistantError,
        ConfigError,
        EncryptedDocument,
        ExtractionError,
        GenerationError,
        IndexDamaged,
        IndexError_,
        IndexLocked,
        IndexMismatch,
        IndexNotFound,
        IndexUnwritable,
        ManifestError,
        ModelError,
        NoTextFound,
        NotFound,
        QueryError,
        TooComplex,
        UnsupportedFormat,
    )
    from .search.retrieve import Filters, Retriever, open_retriever
    from .settings import Settings, load_settings
    from .sources.cite import Verdict, Verifier
    from .store.embed import Embedder, SentenceTransformerEmbedder
    from .store.folder import Store
    from .store.indexer import Indexer
    from .types import Document, Hit, IndexResult, Metadata
