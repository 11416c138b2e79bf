"""Micro-batching for a server: questions that arrive within a few milliseconds of each other
are embedded in one forward pass, and each caller gets its own rows back. On two cores one
pass over 16 questions costs about as much as 9 passes over one, and the callers no longer
queue for the model one by one."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

from .embed import Embedder, Progress

WINDOW_S = 0.003  # how long the first question of a batch waits for others
MAX_BATCH = 32  # texts in one forward pass at most


class _Request:
    __slots__ = ("future", "texts")

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.future: Future[np.ndarray] = Future()


class MicroBatcher:
    """An `Embedder` over another that batches concurrent small calls (questions). A call with
    more than `max_batch` texts goes to the model directly. One background thread runs the
    model; it starts on the first call and stops with `close()`."""

    def __init__(
        self, inner: Embedder, window: float = WINDOW_S, max_batch: int = MAX_BATCH
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.window = window
        self.max_batch = max_batch
        self.batches = 0  # forward passes run, and texts embedded in them (for tests, stats)
        self.texts = 0
        self._pending: list[_Request] = []
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def loaded(self) -> bool:
        return bool(getattr(self.inner, "loaded", False))

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts or len(texts) > self.max_batch or self._closed:
            return self.inner.encode(texts, progress)
        request = _Request(texts)
        with self._ready:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="micro-batcher", daemon=True)
                self._thread.start()
            self._pending.append(request)
            self._ready.notify()
        return request.future.result()

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify()

    def _take(self) -> list[_Request] | None:
        """The next batch: what is waiting once the first request has waited `window`, up to
        `max_batch` texts; None when closed."""
        with self._ready:
            while not self._pending and not self._closed:
                self._ready.wait()
            if not self._pending:
                return None
            deadline = time.monotonic() + self.window
            while self._count() < self.max_batch and not self._closed:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._ready.wait(left)
            taken: list[_Request] = []
            size = 0
            while self._pending and size + len(self._pending[0].texts) <= self.max_batch:
                size += len(self._pending[0].texts)
                taken.append(self._pending.pop(0))
            return taken

    def _count(self) -> int:
        return sum(len(r.texts) for r in self._pending)

    def _run(self) -> None:
        while (batch := self._take()) is not None:
            texts = [text for request in batch for text in request.texts]
            try:
                vectors = self.inner.encode(texts)
            except BaseException as exc:  # each caller gets the model's error
                for request in batch:
                    request.future.set_exception(exc)
                continue
            self.batches += 1
            self.texts += len(texts)
            start = 0
            for request in batch:
                request.future.set_result(vectors[start : start + len(request.texts)])
                start += len(request.texts)
