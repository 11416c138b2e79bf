"""What stands between the network and the routes: the body size limit, strict JSON, the Host
check of a server without tokens, the client's address (X-Forwarded-For only from proxies the
settings trust), the per-client work limiter and the throttle on wrong access tokens."""

from __future__ import annotations

import ipaddress
import json
import math
import re
import threading
import time
from collections.abc import Callable, Collection, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: how uvicorn must run the app: its proxy-header support would believe X-Forwarded-For from
#: 127.0.0.1, where a tokenless server's every client comes from (`client_address` decides)
UVICORN_OPTIONS: dict[str, Any] = {"proxy_headers": False, "server_header": False}
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


class BodyLimit:
    """Read the whole request body before the app sees it, and refuse one over the limit with
    413, whether its length is announced or it comes in chunks."""

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
        pieces: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its body
            piece = message.get("body", b"")
            seen += len(piece)
            if seen > self.limit:
                await _too_large(self.limit)(scope, receive, send)
                return
            pieces.append(piece)
            if not message.get("more_body", False):
                break
        body: Message | None = {"type": "http.request", "body": b"".join(pieces)}

        async def replay() -> Message:
            nonlocal body
            if body is not None:
                message, body = body, None
                return message
            return await receive()

        await self.app(scope, replay, send)


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": f"request body over {limit} bytes"}, status_code=413)


# ------------------------------------------------------------------------------ strict JSON

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_DIGITS = 100  # an integer longer than this is no count or year


def strict_json(body: bytes) -> Any:
    """JSON as RFC 8259 defines it. Python's parser also takes NaN and Infinity, turns 1e309
    into infinity and "\\ud800" into a string that cannot be written as UTF-8: all of them
    are refused here (JSONDecodeError, which FastAPI answers with 422)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError("the body is not UTF-8", "", exc.start) from exc

    def constant(name: str) -> Any:
        raise json.JSONDecodeError(f"{name} is not a JSON number", text, 0)

    def number(digits: str) -> float:
        value = float(digits)
        if not math.isfinite(value):
            raise json.JSONDecodeError(f"the number {digits[:20]} is too large", text, 0)
        return value

    def integer(digits: str) -> int:
        if len(digits) > MAX_DIGITS:
            raise json.JSONDecodeError(f"an integer of {len(digits)} digits", text, 0)
        return int(digits)

    try:
        data = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    except RecursionError as exc:
        raise json.JSONDecodeError("nested too deeply", text, 0) from exc
    stack = [data]
    while stack:  # iterative: nesting depth must not matter
        item = stack.pop()
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                raise json.JSONDecodeError(
                    f"a string holds the unpaired surrogate \\u{ord(found.group()):04x}; send "
                    "valid Unicode",
                    text,
                    0,
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return data


class _StrictRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """A route whose JSON body is parsed by `strict_json`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(_StrictRequest(request.scope, request.receive))

        return strict


def _text(value: object) -> str:
    return str(value).encode("utf-8", "backslashreplace").decode("utf-8")


def safe_errors(errors: Any) -> list[dict[str, Any]]:
    """Validation errors that can always be sent as JSON: each input echoed only when it can
    be written as JSON text (no NaN, no unpaired surrogate), else as a short description;
    should anything else go wrong, one generic error."""
    try:
        result = []
        for error in errors:
            item: dict[str, Any] = {
                "type": _text(error.get("type", "invalid")),
                "loc": [p if isinstance(p, int) else _text(p) for p in error.get("loc", ())],
                "msg": _text(error.get("msg", "invalid")),
            }
            if "input" in error:
                try:
                    json.dumps(error["input"], allow_nan=False).encode("utf-8")
                    item["input"] = error["input"]
                except (ValueError, TypeError, RecursionError):
                    item["input"] = f"(a {type(error['input']).__name__} that is not valid JSON)"
            if error.get("ctx"):
                item["ctx"] = {_text(k): _text(v) for k, v in error["ctx"].items()}
            result.append(item)
        return result
    except Exception:  # whatever the input was, the answer is a 422
        return [{"type": "invalid", "loc": ["body"], "msg": "the request is not valid"}]


# -------------------------------------------------------------------------- who is asking


def host_allowed(request: Request) -> bool:
    """A server without tokens answers only requests addressed to this machine by name or
    loopback address: a page elsewhere cannot point a host name of its own at 127.0.0.1 and
    read the API (DNS rebinding)."""
    host = request.headers.get("host")
    if host is None:
        return True  # HTTP/1.0 without Host: not a browser
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in LOCAL_HOSTS


def client_address(request: Request, trusted: Collection[str]) -> str:
    """The peer's address; behind a trusted proxy, the last address in X-Forwarded-For that
    is not itself a trusted proxy."""
    peer = request.client.host if request.client else "unknown"
    if peer not in trusted:
        return peer
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    for address in reversed(forwarded):
        if address and address not in trusted:
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return peer  # not an address: the header is not to be believed
    return peer


def request_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-token") or request.query_params.get("token")


# ------------------------------------------------------------------------------- limiters


class RateLimiter:
    """At most `per_minute` work units per client in any 60 s window. A request costs one
    unit; work it asks for (each quotation /api/check verifies) costs more. A request that
    costs more than a minute's worth takes the whole minute."""

    WINDOW = 60.0
    MAX_CLIENTS = 10_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._spent: dict[str, list[tuple[float, int]]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str, units: int = 1) -> int:
        """0 when the work may go ahead (and it is counted), else the seconds to wait."""
        units = max(1, min(units, self.per_minute))
        now = self.clock()
        with self._lock:
            if len(self._spent) > self.MAX_CLIENTS:
                self._spent = {c: s for c, s in self._spent.items() if now - s[-1][0] < self.WINDOW}
            recent = [(t, u) for t, u in self._spent.get(client, []) if now - t < self.WINDOW]
            self._spent[client] = recent
            excess = sum(u for _, u in recent) + units - self.per_minute
            if excess <= 0:
                recent.append((now, units))
                return 0
            for t, u in recent:  # wait until enough of the window's units have expired
                excess -= u
                if excess <= 0:
                    return max(1, math.ceil(self.WINDOW - (now - t)))
            return math.ceil(self.WINDOW)


class AuthThrottle:
    """Wrong access tokens per address: the first `FREE` within `WINDOW` are answered 401;
    after them the address must wait 2, 4, 8 … s (at most `MAX_WAIT`) after each failure, and
    everything it sends meanwhile is answered 429 without looking at the token. Guessing goes
    from ~1,500 tries a second to a few a minute."""

    FREE = 10
    WINDOW = 600.0
    MAX_WAIT = 300.0
    MAX_ADDRESSES = 10_000

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: dict[str, tuple[int, float]] = {}  # address → (count, last failure)
        self._lock = threading.Lock()

    def _wait(self, count: int) -> float:
        return 0.0 if count < self.FREE else min(self.MAX_WAIT, 2.0 ** (count - self.FREE + 1))

    def retry_after(self, address: str) -> int:
        now = self.clock()
        with self._lock:
            count, last = self._failures.get(address, (0, now))
            if now - last > self.WINDOW:
                self._failures.pop(address, None)
                return 0
            left = last + self._wait(count) - now
            return math.ceil(left) if left > 0 else 0

    def failed(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failures) > self.MAX_ADDRESSES:
                self._failures = {
                    a: f for a, f in self._failures.items() if now - f[1] <= self.WINDOW
                }
            count, last = self._failures.get(address, (0, now))
            if now - last > self.WINDOW:
                count = 0
            self._failures[address] = (count + 1, now)
