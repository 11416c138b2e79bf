"""The dense side of a segment: its float16 chunk vectors (stored in its database, the source of
truth) searched exactly, or through an approximate FAISS index above a size.

    flat  every vector compared (numpy), exact; the choice below DENSE_APPROX_MIN chunks
    ivf   FAISS IVF-PQ with fast-scan codes (inverted lists of 4-bit product-quantised codes,
          48 bytes a vector at 384 dimensions, compared 32 at a time with SIMD lookups; FAISS
          reads these lists into memory, ~48 MB per 10^6 vectors, where it maps the older
          8-bit lists); its best candidates are re-scored exactly from the stored vectors.
          A segment too small to train 4-bit codebooks (only when IVF_MIN_VECTORS is lowered,
          as tests do) gets plain IVF-PQ with fewer bits
    hnsw  FAISS HNSW over 8-bit scalar-quantised vectors, re-scored the same way

`auto` (the default) is flat below DENSE_APPROX_MIN vectors in a segment and ivf above. A merge
into a segment that already has a trained IVF index adds to it without training again."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

DENSE_FILE = "dense.faiss"
DENSE_APPROX_MIN = 50_000  # vectors in a segment from which auto builds an approximate index
IVF_MIN_VECTORS = 1000  # fewer cannot train the IVF lists (nor the PQ codebooks) well
PQ_DIMS = 4  # dimensions per 4-bit fast-scan code: 96 codes, 48 bytes a vector at 384
FAST_SCAN_MIN = 16 * 39  # training vectors 16 centroids per code need (FAISS asks for ≥ 39 each)
TRAIN_PER_LIST = 64  # training vectors per IVF list (FAISS asks for ≥ 39)
MAX_TRAIN = 100_000
NPROBE_MIN = 24  # IVF lists searched: max(NPROBE_MIN, nlist * NPROBE_SHARE)
#: share of the lists searched. Fast-scan codes make a scan cheap and recall needs many lists:
#: on 10^6 clustered random unit vectors (as bench_scale's), one query, one thread, re-scoring
#: the best 100: 1/4 of the lists 1.1 ms recall@10 0.83, 1/2 2.1 ms 0.94, 3/4 3.0 ms 0.99,
#: all 3.8 ms 1.00 (8-bit IVF-PQ codes took ~20 ms for half the lists)
NPROBE_SHARE = 0.75
OLD_NPROBE_SHARE = 0.5  # for 8-bit IVF-PQ indexes written before fast-scan
HNSW_EF_SEARCH = 96
RERANK = 8  # candidates per hit wanted, re-scored from the stored vectors (at least 100)
RERANK_MIN = 100
#: reads the float16 vectors of chunk ids → {id: vector}
Fetch = Callable[[Sequence[int]], dict[int, np.ndarray]]


def choose(kind: str, count: int) -> str:
    """The structure to build for a segment of `count` vectors."""
    if kind == "auto":
        kind = "ivf" if count >= DENSE_APPROX_MIN else "flat"
    if kind == "ivf" and count < IVF_MIN_VECTORS:
        return "flat"
    return kind if kind in ("ivf", "hnsw") and count else "flat"


def nlist_for(count: int) -> int:
    """About √n lists, each with enough training points."""
    return max(1, min(int(np.sqrt(count)), count // TRAIN_PER_LIST))


def build(
    kind: str,
    dim: int,
    batches: Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]],
    count: int,
    target: Path,
    base: Path | None = None,
    removed: Sequence[int] = (),
) -> str:
    """Write the approximate index of a segment at `target` (nothing for flat); return the kind
    built. `batches()` yields (ids, float32 vectors); `base`, an IVF index to extend (its
    `removed` ids dropped) instead of training a new one."""
    import faiss

    kind = choose(kind, count)
    if kind == "flat":
        return kind
    threads = faiss.omp_get_max_threads()
    if count < DENSE_APPROX_MIN:  # OpenMP threads only contend on a small job
        faiss.omp_set_num_threads(1)
    try:
        _build(kind, dim, batches, count, target, base, removed)
    finally:
        faiss.omp_set_num_threads(threads)
    return kind


def _build(
    kind: str,
    dim: int,
    batches: Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]],
    count: int,
    target: Path,
    base: Path | None,
    removed: Sequence[int],
) -> None:
    import faiss

    index: Any
    if kind == "ivf" and base is not None:
        index = faiss.read_index(str(base))
        if removed:
            index.remove_ids(faiss.IDSelectorBatch(np.asarray(removed, dtype=np.int64)))
    elif kind == "ivf":
        m = dim // PQ_DIMS if dim % PQ_DIMS == 0 else (dim // 2 if dim % 2 == 0 else dim)
        nlist = nlist_for(count)
        if count >= FAST_SCAN_MIN:
            codes = f"PQ{m}x4fs"
        else:  # small segments (tests): small codebooks
            codes = f"PQ{m}x{max(1, min(8, int(np.log2(max(2, count // 39)))))}"
        index = faiss.index_factory(dim, f"IVF{nlist},{codes}", faiss.METRIC_INNER_PRODUCT)
        index.train(_sample(batches, count, min(MAX_TRAIN, TRAIN_PER_LIST * nlist), dim))
    else:
        index = faiss.IndexIDMap2(
            faiss.index_factory(dim, "HNSW32,SQ8", faiss.METRIC_INNER_PRODUCT)
        )
        index.train(_sample(batches, count, MAX_TRAIN, dim))
    for ids, vectors in batches():
        index.add_with_ids(vectors, ids)
    tmp = target.with_name(target.name + ".tmp")
    faiss.write_index(index, str(tmp))
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)


def _sample(
    batches: Callable[[], Iterable[tuple[np.ndarray, np.ndarray]]], count: int, want: int, dim: int
) -> np.ndarray:
    """An evenly spread sample of about `want` vectors."""
    step = max(1, count // want)
    rows = [vectors[::step] for _, vectors in batches()]
    return np.ascontiguousarray(np.vstack(rows) if rows else np.zeros((0, dim), np.float32))


class Dense:
    """One segment's vectors, open for search (safe to share between threads)."""

    def __init__(
        self,
        kind: str,
        path: Path,
        fetch: Fetch,
        load: Callable[[], tuple[np.ndarray, np.ndarray]],
    ) -> None:
        self.kind = kind
        self._fetch = fetch
        self.index: Any = None
        if kind == "flat":
            self.ids, self.matrix = load()
            return
        import faiss

        flags = faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY
        self.index = faiss.read_index(str(path / DENSE_FILE), flags)
        self.ids = np.zeros(0, dtype=np.int64)
        if kind == "ivf":
            ivf: Any = faiss.downcast_index(faiss.extract_index_ivf(self.index))
            # fast-scan lists are cheap to scan; an index written before them (8-bit codes) is
            # probed as it was then
            share = NPROBE_SHARE if isinstance(ivf, faiss.IndexIVFFastScan) else OLD_NPROBE_SHARE
            self.nprobe = min(ivf.nlist, max(NPROBE_MIN, round(ivf.nlist * share)))

    @property
    def count(self) -> int:
        return len(self.ids) if self.index is None else int(self.index.ntotal)

    def search(
        self, query: np.ndarray, k: int, dead: frozenset[int], only: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        if self.index is None:
            return self._exact(query, k, dead, only)
        import faiss

        selector: Any = None
        if only is not None:
            selector = faiss.IDSelectorBatch(
                np.asarray([i for i in only if i not in dead], np.int64)
            )
        elif dead:
            selector = faiss.IDSelectorNot(
                faiss.IDSelectorBatch(np.asarray(sorted(dead), np.int64))
            )
        params: Any
        if self.kind == "ivf":
            params = faiss.SearchParametersIVF()
            params.nprobe = self.nprobe
        else:
            params = getattr(faiss, "SearchParametersHNSW")()  # noqa: B009 - not in the stubs
            params.efSearch = max(HNSW_EF_SEARCH, RERANK * k)
        if selector is not None:
            params.sel = selector
        wanted = min(max(RERANK_MIN, RERANK * k), self.count)
        _, found = self.index.search(query.reshape(1, -1), wanted, params=params)
        candidates = [int(i) for i in found[0] if i >= 0]
        vectors = self._fetch(candidates)
        scored = [
            (i, float(vectors[i].astype(np.float32) @ query)) for i in candidates if i in vectors
        ]
        scored.sort(key=lambda pair: -pair[1])
        return scored[:k]

    def _exact(
        self, query: np.ndarray, k: int, dead: frozenset[int], only: Sequence[int] | None
    ) -> list[tuple[int, float]]:
        if not len(self.ids):
            return []
        scores = self.matrix @ query
        if only is not None or dead:
            keep = np.ones(len(self.ids), dtype=bool)
            if only is not None:
                keep &= np.isin(self.ids, np.asarray(list(only), np.int64))
            if dead:
                keep &= ~np.isin(self.ids, np.asarray(sorted(dead), np.int64))
            scores = np.where(keep, scores, -np.inf)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[j]), float(scores[j])) for j in top if np.isfinite(scores[j])]
