"""The HTTP API and the chat page (FastAPI). It only translates: JSON in, library call, JSON out;
AssistantError subclasses become 4xx/5xx answers with a message. A 5xx answer says what is
wrong without server paths or commands; the server's log has those.

Endpoints: POST /api/ask, POST /api/ask/stream (server-sent events), POST /api/search,
POST /api/cite, POST /api/check, GET /api/documents, GET /api/documents/{id}, GET /api/health,
and the page at /."""

from __future__ import annotations

import json
import logging
import os
import queue
import secrets
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from ..errors import (
    AssistantError,
    GenerationError,
    IndexError_,
    IndexNotFound,
    ModelError,
    NotFound,
    QueryError,
)
from ..search.describe import describe_hit, describe_sections, metadata_origins
from ..settings import Settings
from ..sources.cite import Verifier
from ..sources.manuscript import check_item, find_items, summary
from ..sources.style import format_sources, style_path
from ..types import Document
from .context import ContextTokens
from .engine import Conversations, Engine
from .middleware import (
    AuthThrottle,
    BodyLimit,
    RateLimiter,
    StrictJSONRoute,
    client_address,
    host_allowed,
    request_token,
    safe_errors,
)
from .schemas import (
    ERRORS,
    AskRequest,
    AskResponse,
    CheckRequest,
    CheckResponse,
    CiteRequest,
    DocumentOut,
    HealthOut,
    SearchRequest,
    SearchResponse,
    VerdictOut,
)

log = logging.getLogger(__name__)
STATUS = {QueryError: 400, NotFound: 404, IndexError_: 503, ModelError: 503}
SEE_LOG = "the server's log has the details"


def public_reason(exc: Exception) -> str:
    """What a server-side failure may tell any participant: no paths, no commands."""
    reason = getattr(exc, "reason", None) if isinstance(exc, IndexError_ | ModelError) else None
    return f"{reason or 'internal error'}; {SEE_LOG}"


def failure(exc: AssistantError, where: str) -> tuple[int, str]:
    """The status and message for a library error: a 4xx says what is wrong with the request; a
    5xx what is wrong on the server, without its paths (logged with them)."""
    status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)
    if status < 500:
        return status, str(exc)
    log.error("%s: %s", where, exc)
    return status, public_reason(exc)


def _refuse(status: int, detail: str, wait: int | None = None) -> JSONResponse:
    headers = {"Retry-After": str(wait)} if wait else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    engine = engine or Engine(settings)
    conversations = Conversations(
        settings.conversation_ttl,
        settings.max_conversations,
        settings.max_turns,
        per_client=settings.max_client_conversations,
        tokens=ContextTokens(
            settings.conversation_secret or secrets.token_bytes(32), settings.conversation_ttl
        ),
    )
    limiter = RateLimiter(settings.rate_limit) if settings.rate_limit else None
    throttle = AuthThrottle()
    tokens = settings.tokens
    proxies = settings.proxies
    app = FastAPI(
        title="Policing literature assistant",
        version="1",
        description="Answers with cited passages: document and printed page.",
        responses=ERRORS,
    )
    app.router.route_class = StrictJSONRoute
    app.state.engine = engine
    app.state.conversations = conversations
    app.state.throttle = throttle

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if not tokens and not host_allowed(request):
            return _refuse(
                400,
                "this server answers only requests addressed to localhost, 127.0.0.1 or [::1] "
                "(it has no access tokens)",
            )
        address = client_address(request, proxies)
        request.state.address = address
        token = request_token(request)
        if tokens:
            wait = throttle.retry_after(address)
            if wait:
                return _refuse(429, f"too many wrong access tokens; try again in {wait} s", wait)
            if token not in tokens:
                throttle.failed(address)
                return _refuse(
                    401,
                    "an access token is required: send 'Authorization: Bearer TOKEN' "
                    "or open the page as /?token=TOKEN",
                )
        request.state.client = token or address
        if limiter is not None:
            wait = limiter.retry_after(request.state.client)
            if wait:
                return _refuse(429, f"too many requests; try again in {wait} s", wait)
        response = await call_next(request)
        response.headers["X-Worker"] = WORKER  # which process answered (of `serve --workers`)
        return response

    def charge(request: Request, units: int) -> None:
        """Count work beyond the request's own unit against the client's rate limit."""
        if limiter is not None and units > 0:
            wait = limiter.retry_after(request.state.client, units)
            if wait:
                raise HTTPException(
                    429,
                    f"this asks for {units} units of work, more than is left of your "
                    f"{settings.rate_limit} a minute; try again in {wait} s",
                    headers={"Retry-After": str(wait)},
                )

    @app.exception_handler(AssistantError)
    async def translate(request: Request, exc: AssistantError) -> JSONResponse:
        status, detail = failure(exc, f"{request.method} {request.url.path}")
        return JSONResponse({"detail": detail}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": safe_errors(exc.errors())}, status_code=422)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": public_reason(exc)}, status_code=500)

    def _ask(
        body: AskRequest, client: str, on_token: Callable[[str], None] | None = None
    ) -> tuple[str, Any, str | None]:
        filters = body.filters.to_filters() if body.filters else None
        with engine.lease() as answerer:
            return conversations.ask_carried(
                body.conversation_id,
                body.question,
                answerer,
                body.k,
                filters,
                on_token,
                client,
                body.context,
            )

    def _answer_data(
        conversation_id: str, answer: Any, style: str | None, context: str | None
    ) -> dict[str, Any]:
        data = {"conversation_id": conversation_id, "context": context, **answer.to_dict()}
        if style and not answer.refused and answer.citations:
            try:
                data["formatted"] = format_sources(answer.citations, style).to_dict()
            except AssistantError as exc:  # the answer stands without its formatting
                why = failure(exc, f"formatting {style}")[1]
                data["notice"] = " ".join(filter(None, [data["notice"], f"No {style}: {why}"]))
        return data

    @app.post("/api/ask", response_model=AskResponse)
    def ask(body: AskRequest, request: Request) -> dict[str, Any]:
        """One question, or a turn of a conversation (pass the conversation_id you got)."""
        if body.style:
            style_path(body.style)  # 400 for an unknown style before anything is asked
        conversation_id, answer, context = _ask(body, request.state.address)
        return _answer_data(conversation_id, answer, body.style, context)

    @app.post(
        "/api/ask/stream",
        response_class=StreamingResponse,
        responses={
            200: {
                "content": {"text/event-stream": {}},
                "description": "Events: token (generated text as written, unchecked; only "
                "with a language model), meta, sentence (one per checked answer sentence), "
                "done (the whole AskResponse), error.",
            }
        },
    )
    def ask_stream(body: AskRequest, request: Request) -> StreamingResponse:
        """The same answer as /api/ask, streamed as server-sent events: `token` events while a
        language model writes (unchecked text), then the checked answer."""
        conversations.check(body.conversation_id, body.context)  # 404 now, not in the stream
        if body.style:
            style_path(body.style)  # 400 now for an unknown style
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        gone = threading.Event()
        client = request.state.address

        def token(piece: str) -> None:
            if gone.is_set():
                raise GenerationError("the client disconnected")
            pieces.put(("token", piece))

        def work() -> None:
            try:
                conversation_id, answer, context = _ask(body, client, token)
                data = _answer_data(conversation_id, answer, body.style, context)
                pieces.put(("answer", data))
            except AssistantError as exc:
                pieces.put(("error", {"detail": failure(exc, "POST /api/ask/stream")[1]}))
            except Exception as exc:  # the stream must end with an event, whatever happens
                log.exception("POST /api/ask/stream failed")
                pieces.put(("error", {"detail": public_reason(exc)}))

        worker = threading.Thread(target=work, daemon=True)
        worker.start()

        def events() -> Iterator[str]:
            try:
                yield from _relay()
            finally:  # the client went away: stop generating for it
                gone.set()

        def _relay() -> Iterator[str]:
            while True:
                kind, value = pieces.get()
                if kind == "token":
                    yield _event("token", {"text": value})
                elif kind == "error":
                    yield _event("error", value)
                    return
                else:
                    yield _event(
                        "meta",
                        {
                            "conversation_id": value["conversation_id"],
                            "context": value["context"],
                            "query": value["query"],
                            "refused": value["refused"],
                            "mode": value["mode"],
                            "notice": value["notice"],
                        },
                    )
                    for sentence in value["sentences"]:
                        yield _event("sentence", sentence)
                    yield _event("done", value)
                    return

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    @app.post("/api/search", response_model=SearchResponse)
    def search(body: SearchRequest) -> dict[str, Any]:
        """Passages only, best first, each with document, printed page and PDF page."""
        filters = body.filters.to_filters() if body.filters else None
        with engine.lease() as answerer:
            hits = answerer.retriever.search(body.question, body.k, filters, body.diverse)
        return {
            "question": body.question,
            "hits": [describe_hit(r, h, body.question) for r, h in enumerate(hits, 1)],
        }

    @app.post("/api/cite", response_model=VerdictOut)
    def cite(body: CiteRequest, request: Request) -> dict[str, Any]:
        """Where a quote or claim comes from, with the verdict and printed page(s). Every
        started 500 characters beyond the first 500 cost one more unit of the rate limit."""
        charge(request, (len(body.text) - 1) // CITE_UNIT_CHARS)
        filters = body.filters.to_filters() if body.filters else None
        with engine.lease() as answerer:
            verdict = Verifier(answerer.retriever, answerer.judge).verify(body.text, filters)
        data = verdict.to_dict()
        if body.style and verdict.document is not None:
            data["formatted"] = format_sources([verdict], body.style).to_dict()
        return data

    @app.post("/api/check", response_model=CheckResponse)
    def check(body: CheckRequest, request: Request) -> dict[str, Any]:
        """Check the quotations and parenthetical citations of a manuscript's text: at most
        ASSISTANT_MAX_CHECK_ITEMS in one request, each one unit of the rate limit."""
        items = find_items(body.text)
        if len(items) > settings.max_check_items:
            raise QueryError(
                f"the text holds {len(items)} quotations and citations; one request may check "
                f"at most {settings.max_check_items}. Send it in parts."
            )
        charge(request, len(items) - 1)
        with engine.lease() as answerer:
            verifier = Verifier(answerer.retriever, answerer.judge)
            findings = [check_item(item, verifier) for item in items]
        return {"summary": summary(findings), "findings": [f.to_dict() for f in findings]}

    @app.get("/api/documents", response_model=list[DocumentOut])
    def documents() -> list[dict[str, Any]]:
        """Indexed documents with their ingestion reports."""
        with engine.lease() as answerer:
            docs = answerer.retriever.documents.values()
        return [_document(d) for d in sorted(docs, key=lambda d: d.file)]

    @app.get("/api/documents/{document_id}", response_model=DocumentOut)
    def document(document_id: str) -> dict[str, Any]:
        with engine.lease() as answerer:
            found = answerer.retriever.documents.get(document_id)
        if found is None:
            raise NotFound(f"no indexed document has the id {document_id!r}.")
        return _document(found)

    @app.get(
        "/api/health",
        response_model=HealthOut,
        responses={503: {"model": HealthOut, "description": "The index cannot be used."}},
    )
    def health() -> Any:
        """Model loaded?, index version and size, and the language model if one is set;
        503 with the reason when the index cannot be used (damaged, another model)."""
        state = {
            "model": settings.model,
            "model_loaded": getattr(engine.embedder, "loaded", False),
            "llm": engine.chat_model.name if engine.chat_model is not None else None,
        }
        try:
            with engine.lease() as answerer:
                version = answerer.retriever.version
                vectors = version.vector_count()  # loads them: damaged vectors show here
                return {
                    **state,
                    "status": "ok",
                    "index_version": version.version,
                    "documents": len(answerer.retriever.documents),
                    "chunks": version.chunk_count(),
                    "vectors": vectors,
                    "sentences_ready": engine.filled,
                }
        except IndexError_ as exc:
            empty = {**state, "index_version": None, "documents": 0, "chunks": 0}
            if isinstance(exc, IndexNotFound):
                return {**empty, "status": "no-index"}
            log.error("GET /api/health: %s", exc)
            return JSONResponse(
                {**empty, "status": "unavailable", "reason": public_reason(exc)}, status_code=503
            )

    page = resources.files(__package__ + ".web").joinpath("index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index_page() -> HTMLResponse:
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


WORKER = str(os.getpid())
#: /api/cite: characters of text per unit of work
CITE_UNIT_CHARS = 500


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _document(doc: Document) -> dict[str, Any]:
    """A document without its server path (the server's file system stays private)."""
    meta = asdict(doc.meta)
    meta.pop("origins", None)
    return {
        "id": doc.id,
        "file": doc.file,
        **meta,
        "metadata_origins": metadata_origins(doc),
        "chunks": doc.n_chunks,
        "report": asdict(doc.report),
        "sections": describe_sections(doc),
    }
