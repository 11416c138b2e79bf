"""The HTTP API and the chat page (FastAPI). It only translates: JSON in, library call, JSON out;
AssistantError subclasses become 4xx/5xx answers with a message.

Endpoints: POST /api/ask, POST /api/ask/stream (server-sent events), POST /api/search,
GET /api/documents, GET /api/documents/{id}, GET /api/health, and the page at /."""

from __future__ import annotations

import json
import math
import queue
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .cite import Verifier
from .errors import (
    AssistantError,
    GenerationError,
    IndexError_,
    ModelError,
    NotFound,
    QueryError,
)
from .manuscript import check_text, summary
from .retrieve import MAX_QUESTION_CHARS, Filters, describe_hit
from .service import Conversations, Engine
from .settings import Settings
from .style import format_sources, style_path
from .types import Document

STATUS = {QueryError: 400, NotFound: 404, IndexError_: 503, ModelError: 503}


# ------------------------------------------------------------------------------- schemas


class FiltersIn(BaseModel):
    documents: list[str] = Field(default=[], max_length=50, description="File names or ids.")
    author: str = Field("", max_length=200)
    year_from: int | None = Field(None, ge=0, le=3000)
    year_to: int | None = Field(None, ge=0, le=3000)

    def to_filters(self) -> Filters:
        return Filters(tuple(self.documents), self.author, self.year_from, self.year_to)


STYLE_FIELD = Field(
    None,
    max_length=100,
    pattern=r"^[A-Za-z0-9-]+$",
    description="Also format the references: apa, chicago, harvard or an official CSL style id.",
)


class FormattedOut(BaseModel):
    style: str
    citations: list[str] = Field(description="In-text citations with page locators, in order.")
    bibliography: list[str]


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    style: str | None = STYLE_FIELD
    conversation_id: str | None = Field(
        None, max_length=64, description="From an earlier answer, to ask a follow-up."
    )
    k: int = Field(5, ge=1, le=20, description="Passages to consider and cite from.")
    filters: FiltersIn | None = None


class CiteRequest(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="Quote or claim.")
    filters: FiltersIn | None = None
    style: str | None = STYLE_FIELD


class DifferenceOut(BaseModel):
    quoted: str
    source: str


class VerdictOut(BaseModel):
    verdict: str = Field(description="exact, near, paraphrase or not_found")
    score: float
    quote: str
    file: str | None
    document_id: str | None
    title: str | None
    page: str | None
    pages: list[str | None]
    pdf_pages: list[int | None]
    locator: str
    reference: str
    source_text: str
    differences: list[DifferenceOut]
    formatted: FormattedOut | None = None


class CheckRequest(BaseModel):
    text: str = Field(min_length=1, max_length=50_000, description="Manuscript text (Markdown).")


class FindingOut(BaseModel):
    line: int
    kind: str = Field(description="quote or claim")
    text: str
    cited: str | None
    status: str = Field(description="ok, wrong_page, wrong_source, altered_quote or not_found")
    detail: str
    found: VerdictOut


class CheckResponse(BaseModel):
    summary: dict[str, int]
    findings: list[FindingOut]


class SearchRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    k: int = Field(5, ge=1, le=50)
    filters: FiltersIn | None = None
    diverse: bool = False


class CitationOut(BaseModel):
    number: int
    document_id: str
    file: str
    title: str
    authors: list[str]
    year: int | None
    page: str | None = Field(description="Printed page label of the cited text.")
    pages: list[str | None]
    pdf_page: int | None
    pdf_pages: list[int | None]
    reference: str
    passage: str
    quotes: list[str]
    score: float


class SentenceOut(BaseModel):
    text: str
    citation: int


class CheckOut(BaseModel):
    text: str = Field(description="A generated sentence, without its [n] markers.")
    cited: list[int] = Field(description="Passage numbers the model wrote.")
    status: str = Field(description="supported, repaired, unsupported or not_a_claim")
    supported: bool
    support: float
    passage: int | None
    citation: int | None = Field(description="Its [n] in the answer; null when left out.")
    reason: str = Field("", description="Why it is unsupported, when there is a reason.")


class AskResponse(BaseModel):
    conversation_id: str
    question: str
    query: str = Field(description="The stand-alone question that was searched.")
    mode: str
    refused: bool
    note: str
    evidence: float
    answer: str
    sentences: list[SentenceOut]
    citations: list[CitationOut]
    formatted: FormattedOut | None = None
    notice: str = Field("", description="E.g. why a generated answer fell back to extractive.")
    model: str = Field("", description="The language model that wrote the answer, if any.")
    supported_share: float | None = Field(
        None, description="Share of generated sentences supported by the passages they cite."
    )
    checks: list[CheckOut] = []


class PageOut(BaseModel):
    page: str | None
    pdf_page: int | None


class HitOut(BaseModel):
    rank: int
    file: str
    document_id: str
    title: str
    authors: list[str]
    year: int | None
    page: str | None
    pdf_page: int | None
    pages: list[PageOut]
    score: float
    dense_score: float | None
    text: str


class SearchResponse(BaseModel):
    question: str
    hits: list[HitOut]


class ReportOut(BaseModel):
    pages: int
    pages_without_text: list[int]
    label_source: str
    extractor: str
    repairs: list[str]
    warnings: list[str]


class DocumentOut(BaseModel):
    id: str
    file: str
    title: str
    authors: list[str]
    editors: list[str]
    year: int | None
    publisher: str
    doc_type: str
    url: str
    chunks: int
    report: ReportOut


class HealthOut(BaseModel):
    status: str = Field(description="'ok', or 'no-index' when no index is built yet.")
    model: str
    model_loaded: bool
    index_version: str | None
    documents: int
    chunks: int
    llm: str | None = Field(
        None, description="The language model answers are generated with; null: extractive."
    )


class ErrorOut(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 404, 413, 429, 503)
}


# ---------------------------------------------------------------------------- middleware


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


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-token") or request.query_params.get("token")


# ---------------------------------------------------------------------------------- app


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
        token = _token(request)
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
        verdict = Verifier(engine.answerer().retriever).verify(body.text, filters)
        data = verdict.to_dict()
        if body.style and verdict.document is not None:
            data["formatted"] = format_sources([verdict], body.style).to_dict()
        return data

    @app.post("/api/check", response_model=CheckResponse)
    def check(body: CheckRequest) -> dict[str, Any]:
        """Check the quotations and parenthetical citations of a manuscript's text."""
        findings = check_text(body.text, Verifier(engine.answerer().retriever))
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

    page = resources.files("assistant.web").joinpath("index.html").read_text(encoding="utf-8")

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
