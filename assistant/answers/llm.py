"""A chat model behind the OpenAI-compatible chat-completions protocol (Ollama, llama.cpp's
server, vLLM, hosted APIs), streamed. Any failure — refused connection, HTTP error, a stall,
an overall deadline, a body that is not the protocol — is a GenerationError, which the
generating answerer turns into the extractive answer with a notice."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from typing import Protocol

from ..errors import GenerationError

Message = dict[str, str]
CONNECT_TIMEOUT_S = 5.0


class ChatModel(Protocol):
    """What the generating answerer needs from a language model."""

    name: str

    def stream(self, messages: Sequence[Message], max_tokens: int) -> Iterator[str]:
        """The reply's text, piece by piece as the model produces it."""
        ...


class OpenAIChat:
    """POST {base_url}/chat/completions with stream=true; base_url as the provider gives it,
    usually ending in /v1 (http://127.0.0.1:11434/v1 for Ollama)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "",
        timeout: float = 60.0,
        temperature: float = 0.2,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.name = model
        self.timeout = timeout
        self.temperature = temperature
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}

    def stream(self, messages: Sequence[Message], max_tokens: int) -> Iterator[str]:
        import httpx  # here, not at the top: a command that never generates starts faster

        body = {
            "model": self.name,
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": self.temperature,
            "stream": True,
        }
        deadline = time.monotonic() + self.timeout
        timeout = httpx.Timeout(self.timeout, connect=CONNECT_TIMEOUT_S)
        try:  # a client per answer: nothing pooled is left open between answers
            with (
                httpx.Client(headers=self._headers, timeout=timeout) as client,
                client.stream("POST", self.url, json=body) as response,
            ):
                if response.status_code != 200:
                    detail = response.read().decode("utf-8", "replace")[:300]
                    raise GenerationError(
                        f"{self.url} answered HTTP {response.status_code}: {detail}"
                    )
                for line in response.iter_lines():
                    if time.monotonic() > deadline:
                        raise GenerationError(f"{self.url} took longer than {self.timeout:g} s")
                    piece = _delta(line, self.url)
                    if piece is None:
                        return
                    if piece:
                        yield piece
        except httpx.TimeoutException as exc:
            raise GenerationError(f"{self.url} did not answer within {self.timeout:g} s") from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise GenerationError(f"{self.url} cannot be reached ({exc})") from exc


def _delta(line: str, url: str) -> str | None:
    """The text in one server-sent line; '' for lines without text, None at the end."""
    line = line.strip()
    if not line.startswith("data:"):
        return ""  # blank separators, comments, event names
    data = line[len("data:") :].strip()
    if data == "[DONE]":
        return None
    try:
        event = json.loads(data)
        if event.get("error"):
            raise GenerationError(f"{url} reported an error: {str(event['error'])[:200]}")
        choice = event["choices"][0] if event.get("choices") else {}
        return str((choice.get("delta") or {}).get("content") or "")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise GenerationError(
            f"{url} sent something that is not a chat completion: {data[:200]!r}"
        ) from exc
