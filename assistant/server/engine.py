"""A long-running assistant for the web endpoint: the model loaded once, the index re-opened
when a new version goes live on disk, and conversations kept with a time-to-live and caps."""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..answers.chat import Conversation
from ..answers.configure import chat_model, make_answerer, make_judge
from ..answers.extractive import Answer, Answerer
from ..errors import NotFound
from ..search.retrieve import Filters, Retriever
from ..settings import Settings
from ..store.embed import Embedder, SentenceTransformerEmbedder
from ..store.folder import Store

SERVER_TORCH_THREADS = 1


class Engine:
    """The current answerer. Requests in flight keep the version they started with; the next
    request after a re-index sees the new one, without a restart."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.index)
        self.embedder = embedder or SentenceTransformerEmbedder(
            settings.model, settings.device, settings.batch_size
        )
        self._lock = threading.Lock()
        self._answerer: Answerer | None = None
        self._version: str | None = None
        self.chat_model = chat_model(settings)
        self.judge = make_judge(settings)

    def answerer(self) -> Answerer:
        live = self.store.current_version()
        if live is None or live != self._version or self._answerer is None:
            with self._lock:
                if self.store.current_version() != self._version or self._answerer is None:
                    version = self.store.open(model=self.settings.model)
                    self._answerer = make_answerer(
                        Retriever(version, self.embedder),
                        self.settings,
                        self.chat_model,
                        self.judge,
                    )
                    self._version = version.version
        return self._answerer

    @property
    def version(self) -> str | None:
        return self._version

    def warm(self, torch_threads: int | None = SERVER_TORCH_THREADS) -> None:
        """Load the model and the index now rather than on the first request. A server embeds
        one short question at a time (calls are serialised), so one torch thread per call
        leaves the other cores to the HTTP work: measured ~15% more requests per second on
        2 cores than torch's default."""
        if torch_threads:
            import torch

            torch.set_num_threads(torch_threads)
        self.answerer().retriever.embed("warm up")


@dataclass
class _Entry:
    conversation: Conversation
    touched: float
    lock: threading.Lock = field(default_factory=threading.Lock)


class Conversations:
    """Conversations by id: idle ones expire, the oldest go past the cap, history is trimmed;
    memory stays bounded however many participants come and go."""

    def __init__(
        self,
        ttl: float,
        max_count: int,
        max_turns: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_count = max_count
        self.max_turns = max_turns
        self.clock = clock
        self._items: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def check(self, conversation_id: str | None) -> None:
        """Raise NotFound now for an unknown id (before a streamed answer starts)."""
        with self._lock:
            self._expire(self.clock())
            if conversation_id is not None and conversation_id not in self._items:
                raise self._unknown(conversation_id)

    def _unknown(self, conversation_id: str) -> NotFound:
        return NotFound(
            f"conversation {conversation_id!r} is unknown or has expired (after "
            f"{int(self.ttl)} s idle); start a new one by leaving conversation_id out."
        )

    def _expire(self, now: float) -> None:
        while self._items:
            oldest_id, oldest = next(iter(self._items.items()))
            if now - oldest.touched <= self.ttl and len(self._items) <= self.max_count:
                break
            del self._items[oldest_id]

    def _entry(self, conversation_id: str | None, answerer: Answerer) -> tuple[str, _Entry]:
        now = self.clock()
        with self._lock:
            self._expire(now)
            if conversation_id is None:
                conversation_id = uuid.uuid4().hex
                entry = _Entry(Conversation(answerer), now)
                self._items[conversation_id] = entry
                self._expire(now)
            else:
                found = self._items.get(conversation_id)
                if found is None:
                    raise self._unknown(conversation_id)
                entry = found
                entry.touched = now
                self._items.move_to_end(conversation_id)
        return conversation_id, entry

    def ask(
        self,
        conversation_id: str | None,
        question: str,
        answerer: Answerer,
        k: int,
        filters: Filters | None,
        on_token: Callable[[str], None] | None = None,
    ) -> tuple[str, Answer]:
        conversation_id, entry = self._entry(conversation_id, answerer)
        with entry.lock:  # one question at a time in a conversation
            conversation = entry.conversation
            conversation.answerer = answerer  # the live index version
            conversation.k = k
            conversation.filters = filters
            answer = conversation.ask(question, on_token)
            del conversation.history[: -self.max_turns]
        return conversation_id, answer
