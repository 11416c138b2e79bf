"""One exception tree. Every message names the file, page or field at fault and says how to fix it.

AssistantError
├── ConfigError            settings or manifest values that cannot be used
│   └── ManifestError      a sources.toml that cannot be read
├── ExtractionError        a document that cannot be read or stored (the run skips it, goes on)
│   ├── UnsupportedFormat
│   ├── EncryptedDocument
│   ├── NoTextFound        empty, or image-only pages (needs OCR)
│   └── TooComplex         over the memory, time or character budget of reading one file
├── IndexError_            problems with the index folder; `reason` is safe to show anyone
│   ├── IndexNotFound
│   ├── IndexMismatch      built with another model or format version
│   ├── IndexLocked        another process is writing it
│   ├── IndexDamaged       a version that cannot be read (damaged database or vectors)
│   └── IndexUnwritable    the folder cannot be written (disk full, read-only, no permission)
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


class TooComplex(ExtractionError):
    """A file whose reading ran over its budget (memory, time, characters): it is skipped."""


class IndexError_(AssistantError):
    """The message (str) is for the operator and may name folders and commands; `reason` says
    what is wrong without them, for people who only use a server."""

    REASON = "the index cannot be used"

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or self.REASON


class IndexNotFound(IndexError_):
    REASON = "no index has been built yet"


class IndexMismatch(IndexError_):
    REASON = "the index was built with another model or format"


class IndexLocked(IndexError_):
    REASON = "another process is writing the index"


class IndexDamaged(IndexError_):
    REASON = "the index is damaged"


class IndexUnwritable(IndexError_):
    REASON = "the index folder cannot be written"


class ModelError(AssistantError):
    reason = "the embedding model cannot be loaded"


class GenerationError(AssistantError):
    pass


class QueryError(AssistantError):
    pass


class NotFound(AssistantError):
    pass
