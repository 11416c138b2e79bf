"""One exception tree. Every message names the file, page or field at fault and says how to fix it.

AssistantError
├── ConfigError            settings or manifest values that cannot be used
│   └── ManifestError      a sources.toml that cannot be read
├── ExtractionError        a document that cannot be read (the run skips it and goes on)
│   ├── UnsupportedFormat
│   ├── EncryptedDocument
│   └── NoTextFound        empty, or image-only pages (needs OCR)
├── IndexError_            problems with the index folder
│   ├── IndexNotFound
│   ├── IndexMismatch      built with another model or format version
│   └── IndexLocked        another process is writing it
├── ModelError             the embedding model cannot be loaded
├── GenerationError        the language model backend failed (down, slow, garbage); answers
│                          fall back to extractive, so users see a notice, not this error
├── QueryError             a question that cannot be asked (empty, too long, bad filter)
└── NotFound               a document or conversation id that is not (or no longer) there
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the library raises on purpose."""


class ConfigError(AssistantError):
    pass


class ManifestError(ConfigError):
    pass


class ExtractionError(AssistantError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(ExtractionError):
    pass


class EncryptedDocument(ExtractionError):
    pass


class NoTextFound(ExtractionError):
    pass


class IndexError_(AssistantError):
    pass


class IndexNotFound(IndexError_):
    pass


class IndexMismatch(IndexError_):
    pass


class IndexLocked(IndexError_):
    pass


class ModelError(AssistantError):
    pass


class GenerationError(AssistantError):
    pass


class QueryError(AssistantError):
    pass


class NotFound(AssistantError):
    pass
