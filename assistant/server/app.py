"""The HTTP API and the chat page (FastAPI). It only translates: JSON in, library call, JSON out;
AssistantError subclasses become 4xx/5xx answers with a message.

Endpoints: POST /api/ask, POST /api/ask/stream (server-sent events), POST /api/search,
GET /api/documents, GET /api/documents/{id}, GET /api/health, and the page at /."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from ..errors import (
    AssistantError,
    GenerationError,
    IndexError_,
    ModelError,
    NotFound,
    QueryError,
)
from ..search.retrieve import describe_hit
from ..settings import Settings
from ..sources.cite import Verifier
from ..sources.manuscript import check_text, summary
from ..sources.style import format_sources, style_path
from ..types import Document
from .engine import Conversations, Engine
from .middleware import BodyLimit, RateLimiter, request_token
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

STATUS = {QueryError: 400, NotFound: 404, IndexError_: 503, ModelError: 503}


def create_app(settings: Settings, engine: Engine | None = None) -> FastAPI:
    engine = engine or Engine(settings)
    conversations = Conversations(
        settings.conversation_ttl, settings.max_conversations, settings.max_turns
    )
    limiter = RateLimiter(settings.rate_limit) if settings.rate_limit else None
    tokens = settings.tokens
    app = FastAPI(
        title="Policing literature assistant",
        version="1",
        description="Answers with cited passages: document and printed page.",
        responses=ERRORS,
    )
    app.state.engine = engine
    app.state.conversations = conversations

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        token = request_token(request)
        if tokens and token not in tokens:
            return JSONResponse(
                {
                    "detail": "an access token is required: send 'Authorization: Bearer TOKEN' "
                    "or open the page as /?token=TOKEN"
                },
                status_code=401,
            )
        if limiter is not None:
            client = token or (request.client.host if request.client else "unknown")
            wait = limiter.retry_after(client)
            if wait:
                return JSONResponse(
                    {"detail": f"too many requests; try again in {wait} s"},
                    status_code=429,
                    headers={"Retry-After": str(wait)},
                )
        return await call_next(request)

    @app.exception_handler(AssistantError)
    async def translate(request: Request, exc: AssistantError) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(exc, kind)), 500)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    def _ask(body: AskRequest, on_token: Callable[[str], None] | None = None) -> tuple[str, Any]:
        filters = body.filters.to_filters() if body.filters else None
        return conversations.ask(
            body.conversation_id, body.question, engine.answerer(), body.k, filters, on_token
        )

    def _answer_data(conversation_id: str, answer: Any, style: str | None) -> dict[str, Any]:
        data = {"conversation_id": conversation_id, **answer.to_dict()}
        if style and not answer.refused and answer.citations:
            try:
                data["formatted"] = format_sources(answer.citations, style).to_dict()
            except AssistantError as exc:  # the answer stands without its formatting
                data["notice"] = " ".join(filter(None, [data["notice"], f"No {style}: {exc}"]))
        return data

    @app.post("/api/ask", response_model=AskResponse)
    def ask(body: AskRequest) -> dict[str, Any]:
        """One question, or a turn of a conversation (pass the conversation_id you got)."""
        if body.style:
            style_path(body.style)  # 400 for an unknown style before anything is asked
        conversation_id, answer = _ask(body)
        return _answer_data(conversation_id, answer, body.style)

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
    def ask_stream(body: AskRequest) -> StreamingResponse:
        """The same answer as /api/ask, streamed as server-sent events: `token` events while a
        language model writes (unchecked text), then the checked answer."""
        conversations.check(body.conversation_id)  # 404 now, not inside the stream
        if body.style:
            style_path(body.style)  # 400 now for an unknown style
        pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
        gone = threading.Event()

        def token(piece: str) -> None:
            if gone.is_set():
                raise GenerationError("the client disconnected")
            pieces.put(("token", piece))

        def work() -> None:
            try:
                conversation_id, answer = _ask(body, token)
                pieces.put(("answer", _answer_data(conversation_id, answer, body.style)))
            except AssistantError as exc:
                pieces.put(("error", {"detail": str(exc)}))
            except Exception as exc:  # the stream must end with an event, whatever happens
                pieces.put(("error", {"detail": f"internal error: {type(exc).__name__}"}))

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
        retriever = engine.answerer().retriever
        hits = retriever.search(body.question, body.k, filters, body.diverse)
        return {
            "question": body.question,
            "hits": [describe_hit(r, h, body.question) for r, h in enumerate(hits, 1)],
        }

    @app.post("/api/cite", response_model=VerdictOut)
    def cite(body: CiteRequest) -> dict[str, Any]:
        """Where a quote or claim comes from, with the verdict and printed page(s)."""
        filters = body.filters.to_filters() if body.filters else None
        verdict = _verifier(engine).verify(body.text, filters)
        data = verdict.to_dict()
        if body.style and verdict.document is not None:
            data["formatted"] = format_sources([verdict], body.style).to_dict()
        return data

    @app.post("/api/check", response_model=CheckResponse)
    def check(body: CheckRequest) -> dict[str, Any]:
        """Check the quotations and parenthetical citations of a manuscript's text."""
        findings = check_text(body.text, _verifier(engine))
        return {"summary": summary(findings), "findings": [f.to_dict() for f in findings]}

    @app.get("/api/documents", response_model=list[DocumentOut])
    def documents() -> list[dict[str, Any]]:
        """Indexed documents with their ingestion reports."""
        docs = engine.answerer().retriever.documents.values()
        return [_document(d) for d in sorted(docs, key=lambda d: d.file)]

    @app.get("/api/documents/{document_id}", response_model=DocumentOut)
    def document(document_id: str) -> dict[str, Any]:
        found = engine.answerer().retriever.documents.get(document_id)
        if found is None:
            raise NotFound(f"no indexed document has the id {document_id!r}.")
        return _document(found)

    @app.get("/api/health", response_model=HealthOut)
    def health() -> dict[str, Any]:
        """Model loaded?, index version and size, and the language model if one is set."""
        llm = engine.chat_model.name if engine.chat_model is not None else None
        try:
            retriever = engine.answerer().retriever
        except IndexError_:
            return {
                "status": "no-index",
                "model": settings.model,
                "model_loaded": getattr(engine.embedder, "loaded", False),
                "index_version": None,
                "documents": 0,
                "chunks": 0,
                "llm": llm,
            }
        return {
            "status": "ok",
            "model": settings.model,
            "model_loaded": getattr(engine.embedder, "loaded", False),
            "index_version": engine.version,
            "documents": len(retriever.documents),
            "chunks": retriever.version.chunk_count(),
            "llm": llm,
        }

    page = resources.files(__package__ + ".web").joinpath("index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index_page() -> HTMLResponse:
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _document(doc: Document) -> dict[str, Any]:
    """A document without its server path (the server's file system stays private)."""
    meta = asdict(doc.meta)
    return {
        "id": doc.id,
        "file": doc.file,
        **meta,
        "chunks": doc.n_chunks,
        "report": asdict(doc.report),
    }


def _verifier(engine: Engine) -> Verifier:
    answerer = engine.answerer()
    return Verifier(answerer.retriever, answerer.judge)
