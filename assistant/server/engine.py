"""A long-running assistant for the web endpoint: the model loaded once, the index re-opened
when a new version goes live on disk, and conversations kept with a time-to-live and caps."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..answers.chat import Conversation
from ..answers.configure import chat_model, make_answerer, make_judge
from ..answers.extractive import Answer, Answerer
from ..errors import NotFound
from ..search.retrieve import SENTENCE_CACHE, Filters, Retriever
from ..settings import Settings
from ..store.batching import MicroBatcher
from ..store.embed import Embedder, SentenceTransformerEmbedder
from ..store.folder import Store
from ..store.models import open_embedder
from ..store.version import IndexVersion
from .context import ContextTokens

SERVER_TORCH_THREADS = 1
#: ONNX Runtime threads per forward pass: one leaves the other core to the HTTP work and to
#: searching; batching, not threads, is what serves many participants at once
SERVER_ONNX_THREADS = 1
#: passages whose sentences the warm-up embeds at a time, between requests (~60 ms on one core)
FILL_STEP = 4
FILL_PAUSE = 0.05  # seconds the warm-up waits while requests are being answered

log = logging.getLogger(__name__)


@dataclass
class _Live:
    """An open index version, its answerer and how many requests use it."""

    answerer: Answerer
    version: IndexVersion
    users: int = 0
    filled: int = 0  # passages whose sentences the warm-up has embedded


class Engine:
    """The current answerer. A request leases it for its whole duration: the version it started
    with stays open (and on disk: see `store/version.py`) until the last request using it is
    done, even when a re-index makes another version live meanwhile; the next request sees the
    new one, without a restart."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.index)
        #: concurrent questions are embedded together (see store/batching.py)
        self.embedder = MicroBatcher(
            embedder or open_embedder(settings, SERVER_ONNX_THREADS, optimize=True)
        )
        self._lock = threading.Lock()
        self._live: _Live | None = None
        self._fill = False  # embed the passages' sentences while idle (see `warm`)
        self.chat_model = chat_model(settings)
        self.judge = make_judge(settings)

    @contextlib.contextmanager
    def lease(self) -> Iterator[Answerer]:
        """The live answerer, held for the block."""
        live = self._acquire()
        try:
            yield live.answerer
        finally:
            self._release(live)

    def _release(self, live: _Live) -> None:
        with self._lock:
            live.users -= 1
            if live.users == 0 and live is not self._live:
                live.version.close()

    def _acquire(self) -> _Live:
        with self._lock:
            live = self._live
            if live is None or self.store.current_version() != live.version.version:
                version = self.store.open(model=self.settings.model)
                try:
                    answerer = make_answerer(
                        Retriever(version, self.embedder, lexical_rows=self.settings.lexical_rows),
                        self.settings,
                        self.chat_model,
                        self.judge,
                    )
                except BaseException:
                    version.close()
                    raise
                if live is not None and live.users == 0:
                    live.version.close()
                live = self._live = _Live(answerer, version)
                if self._fill:
                    self._start_fill(live)
            live.users += 1
            return live

    def answerer(self) -> Answerer:
        """The live answerer, not held (requests use `lease`)."""
        with self.lease() as answerer:
            return answerer

    @property
    def version(self) -> str | None:
        return self._live.version.version if self._live is not None else None

    def warm(self, torch_threads: int | None = SERVER_TORCH_THREADS) -> None:
        """Load the model and the index now rather than on the first request. A server embeds
        one short question at a time (calls are serialised), so one torch thread per call
        leaves the other cores to the HTTP work: measured ~15% more requests per second on
        2 cores than torch's default."""
        if torch_threads and isinstance(self.embedder.inner, SentenceTransformerEmbedder):
            import torch  # only a model that could not be exported runs under torch

            torch.set_num_threads(torch_threads)
        with self.lease() as answerer:
            answerer.retriever.embed("warm up")
        self._fill = True
        if self._live is not None:
            self._start_fill(self._live)

    def _start_fill(self, live: _Live) -> None:
        threading.Thread(target=self._fill_sentences, args=(live,), daemon=True).start()

    @property
    def filled(self) -> int:
        """Passages of the live version whose sentences are embedded ahead of any question."""
        return self._live.filled if self._live is not None else 0

    def _fill_sentences(self, live: _Live) -> None:
        """Embed the sentences of every passage while no request is being answered, when the
        whole index fits the retriever's cache (a workshop's reading list): an answer then reads
        them from memory instead of embedding the sentences of the passages it reads (~0.3 s of
        CPU a question, which many participants at once would queue for). A request arriving
        meanwhile waits one step at most."""
        retriever = live.answerer.retriever
        if not isinstance(retriever, Retriever) or live.version.chunk_count() > SENTENCE_CACHE:
            return
        ids = live.version.chunk_ids(None)
        for start in range(0, len(ids), FILL_STEP):
            while True:
                with self._lock:
                    if live is not self._live:
                        return  # a new version went live: its own warm-up fills it
                    if live.users == 0:
                        live.users += 1  # keeps the version open during the step
                        break
                time.sleep(FILL_PAUSE)
            try:
                chunks = live.version.chunks(ids[start : start + FILL_STEP])
                retriever.sentences(list(chunks.values()))
                live.filled = min(len(ids), start + FILL_STEP)
            except Exception as exc:  # the warm-up is an optimisation: answers embed them anyway
                log.warning("the warm-up of passage sentences stopped: %s", exc)
                return
            finally:
                self._release(live)


@dataclass
class _Entry:
    conversation: Conversation
    touched: float
    client: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


#: why a conversation id is no longer there, remembered for this many ids
GONE_REMEMBERED = 10_000


class Conversations:
    """Conversations by id: idle ones expire, the oldest go past the cap, history is trimmed;
    memory stays bounded however many participants come and go. A client holds at most
    `per_client` conversations (its own oldest goes first), so no client can push everyone
    else's out."""

    def __init__(
        self,
        ttl: float,
        max_count: int,
        max_turns: int,
        clock: Callable[[], float] = time.monotonic,
        per_client: int | None = None,
        tokens: ContextTokens | None = None,
    ) -> None:
        self.ttl = ttl
        #: signs each answer's context, so a follow-up carrying it is answered anywhere
        self.tokens = tokens
        self.max_count = max_count
        self.max_turns = max_turns
        self.per_client = per_client
        self.clock = clock
        self._items: OrderedDict[str, _Entry] = OrderedDict()
        self._gone: OrderedDict[str, str] = OrderedDict()  # id → why it went
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def check(self, conversation_id: str | None, context: str | None = None) -> None:
        """Raise NotFound now for an unknown id (before a streamed answer starts), QueryError
        for a context that is not valid."""
        with self._lock:
            self._expire(self.clock())
            if conversation_id is None or conversation_id in self._items:
                return
        if context is not None and self.tokens is not None:
            self.tokens.read(context, conversation_id)
            return
        with self._lock:
            raise self._unknown(conversation_id)

    def _unknown(self, conversation_id: str) -> NotFound:
        why = self._gone.get(conversation_id, "is unknown")
        return NotFound(
            f"conversation {conversation_id!r} {why}; start a new one by leaving "
            "conversation_id out."
        )

    def _drop(self, conversation_id: str, why: str) -> None:
        del self._items[conversation_id]
        self._gone[conversation_id] = why
        while len(self._gone) > GONE_REMEMBERED:
            self._gone.popitem(last=False)

    def _expire(self, now: float) -> None:
        while self._items:
            oldest_id, oldest = next(iter(self._items.items()))
            if now - oldest.touched > self.ttl:
                self._drop(oldest_id, f"has expired (after {int(self.ttl)} s idle)")
            elif len(self._items) > self.max_count:
                self._drop(
                    oldest_id,
                    f"was closed to make room (the server keeps at most {self.max_count} "
                    "conversations)",
                )
            else:
                break

    def _make_room(self, client: str | None) -> None:
        """Drop the client's own oldest conversation while it holds its share."""
        if client is None or self.per_client is None:
            return
        own = [cid for cid, entry in self._items.items() if entry.client == client]
        for cid in own[: max(0, len(own) - self.per_client + 1)]:
            self._drop(
                cid,
                f"was closed to make room for a newer one of the same client (each keeps at "
                f"most {self.per_client})",
            )

    def _entry(
        self,
        conversation_id: str | None,
        answerer: Answerer,
        client: str | None,
        context: str | None = None,
    ) -> tuple[str, _Entry]:
        now = self.clock()
        carried = None
        if conversation_id is not None and context is not None and self.tokens is not None:
            with self._lock:
                known = conversation_id in self._items
            if not known:  # begun on another worker or replica: its context came along
                carried = self.tokens.restore(context, conversation_id, answerer)
        with self._lock:
            self._expire(now)
            if conversation_id is None:
                self._make_room(client)
                conversation_id = uuid.uuid4().hex
                entry = _Entry(Conversation(answerer), now, client)
                self._items[conversation_id] = entry
                self._expire(now)
            else:
                found = self._items.get(conversation_id)
                if found is None and carried is not None:
                    self._make_room(client)
                    found = self._items[conversation_id] = _Entry(carried, now, client)
                    self._gone.pop(conversation_id, None)
                if found is None:
                    raise self._unknown(conversation_id)
                entry = found
                entry.touched = now
                self._items.move_to_end(conversation_id)
        return conversation_id, entry

    def ask(self, *args: Any, **kwargs: Any) -> tuple[str, Answer]:
        """A turn: (conversation id, answer). Arguments as `ask_carried`, but for context."""
        conversation_id, answer, _ = self.ask_carried(*args, **kwargs)
        return conversation_id, answer

    def ask_carried(
        self,
        conversation_id: str | None,
        question: str,
        answerer: Answerer,
        k: int,
        filters: Filters | None,
        on_token: Callable[[str], None] | None = None,
        client: str | None = None,
        context: str | None = None,
    ) -> tuple[str, Answer, str | None]:
        """As `ask`, with the conversation's context carried in and out: a signed token (see
        context.py) that lets any worker answer the next follow-up; None without keys."""
        conversation_id, entry = self._entry(conversation_id, answerer, client, context)
        with entry.lock:  # one question at a time in a conversation
            conversation = entry.conversation
            conversation.answerer = answerer  # the live index version
            conversation.k = k
            conversation.filters = filters
            answer = conversation.ask(question, on_token)
            del conversation.history[: -self.max_turns]
            token = self.tokens.issue(conversation_id, conversation) if self.tokens else None
        return conversation_id, answer, token
