"""Middleware of the web endpoint: the body size limit, the per-client rate limiter and the
access token a request carries."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """Refuse request bodies over the limit (413), whether announced or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(self.limit)(scope, receive, send)


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"request body over {limit} bytes"}, status_code=413)


class RateLimiter:
    """At most `per_minute` requests per client in any 60 s window."""

    WINDOW = 60.0
    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._hits: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """0 when the request may go ahead, else the seconds to wait."""
        now = self.clock()
        with self._lock:
            if len(self._hits) > self.MAX_CLIENTS:
                self._hits = {c: t for c, t in self._hits.items() if now - t[-1] < self.WINDOW}
            recent = [t for t in self._hits.get(client, []) if now - t < self.WINDOW]
            if len(recent) >= self.per_minute:
                self._hits[client] = recent
                return max(1, math.ceil(self.WINDOW - (now - recent[0])))
            recent.append(now)
            self._hits[client] = recent
            return 0


def request_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-token") or request.query_params.get("token")
