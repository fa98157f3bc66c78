"""Vector indexes for search: exact dot product for small data, HNSW (faiss) above a threshold.

One index per (store, project, model fingerprint), built over the project's *distinct* texts
(identical texts share one vector) and cached in-process, keyed also by a cheap signature of
the data (item count, newest item, embedding count), so repeated queries skip loading and
building; any change to the project's items or vectors rebuilds it on the next query.

Filters arrive as a boolean mask over the index rows. When the allowed rows are few (at most
the exact threshold), they are scanned exactly; otherwise the HNSW graph is searched with a
faiss ``IDSelector``, so every returned row is allowed and no over-fetch is needed.

>>> X = np.eye(3, dtype=np.float32)
>>> ExactIndex(X).search(X[1], 2)[0].tolist()
[1, 0]
"""
from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..store.engine import read_session
from ..store.schema import Embedding, Item
from ..pipeline.embed import from_blob

ANN_THRESHOLD = int(os.environ.get("FEEDBACK_SEG_ANN_THRESHOLD", 20_000))
HNSW_M = 32                 # graph degree
HNSW_EF_CONSTRUCTION = 100
HNSW_EF_SEARCH = 128        # raised to k when k is larger
CACHE_SIZE = 8


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` largest scores, best first (ties by position: deterministic)."""
    k = min(k, scores.shape[0])
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < scores.shape[0] else np.arange(scores.shape[0])
    return part[np.lexsort((part, -scores[part]))]


_blas = None


def _one_blas_thread():
    """A context in which BLAS runs on one thread: with torch loaded, a multi-threaded matrix-vector
    product spins for ~16 ms instead of taking ~0.5 ms (measured on 10k x 384)."""
    global _blas
    if _blas is None:
        from threadpoolctl import ThreadpoolController  # noqa: PLC0415

        _blas = ThreadpoolController()
    return _blas.limit(limits=1, user_api="blas")


class ExactIndex:
    """Brute-force inner product over L2-normalised rows (cosine similarity)."""

    kind = "exact"

    def __init__(self, matrix: np.ndarray):
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.dim = self.matrix.shape[1]

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Row positions and scores of the ``k`` best rows (only ``allowed`` ones when given)."""
        with _one_blas_thread():
            if allowed is None:
                scores = self.matrix @ query
                pos = _top(scores, k)
                return pos, scores[pos]
            rows = np.flatnonzero(allowed)
            scores = self.matrix[rows] @ query
        pos = _top(scores, k)
        return rows[pos], scores[pos]


class HnswIndex:
    """Approximate search with faiss ``IndexHNSWFlat`` (inner product), filtered in-graph.

    Built single-threaded, so the same vectors always give the same graph."""

    kind = "ann"

    def __init__(self, matrix: np.ndarray, exact_threshold: int = ANN_THRESHOLD):
        import faiss  # noqa: PLC0415 - optional until the ANN path is needed

        self._faiss = faiss
        self.exact = ExactIndex(matrix)
        self.exact_threshold = exact_threshold
        self.dim = self.exact.dim
        faiss.omp_set_num_threads(1)
        self.index = faiss.IndexHNSWFlat(matrix.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        self.index.add(self.exact.matrix)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`ExactIndex.search`; a small allowed set is scanned exactly instead."""
        faiss = self._faiss
        if allowed is not None:
            n_allowed = int(allowed.sum())
            if n_allowed <= self.exact_threshold or n_allowed <= k:
                return self.exact.search(query, k, allowed)
            sel = faiss.IDSelectorBatch(np.flatnonzero(allowed).astype(np.int64))
            params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, k))
        else:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
        scores, pos = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        keep = pos[0] >= 0
        return pos[0][keep].astype(np.int64), scores[0][keep]

    def used(self, k: int, allowed: np.ndarray | None) -> str:
        """Which path a search with this mask takes: ``exact`` or ``ann``."""
        if allowed is not None and (int(allowed.sum()) <= self.exact_threshold or int(allowed.sum()) <= k):
            return "exact"
        return "ann"


def ann_available() -> bool:
    try:
        import faiss  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def build_index(matrix: np.ndarray, threshold: int = ANN_THRESHOLD):
    """Exact below ``threshold`` rows (or when faiss is missing), HNSW at or above it."""
    if matrix.shape[0] >= threshold and matrix.shape[0] > 0 and ann_available():
        return HnswIndex(matrix, exact_threshold=threshold)
    return ExactIndex(matrix)


@dataclass
class Corpus:
    """The distinct embedded texts of a project and their index."""
    hashes: list[str]
    position: dict[str, int]
    index: ExactIndex | HnswIndex
    signature: tuple

    @property
    def size(self) -> int:
        return len(self.hashes)

    def path(self, k: int, allowed: np.ndarray | None) -> str:
        return self.index.used(k, allowed) if isinstance(self.index, HnswIndex) else "exact"


_cache: OrderedDict[tuple, Corpus] = OrderedDict()
_lock = threading.Lock()


def _project_hashes(project_id: int):
    return select(Item.text_hash).where(Item.project_id == project_id, Item.text_hash.is_not(None))


def signature(engine: Engine, project_id: int, fingerprint: str) -> tuple:
    """A cheap fingerprint of the data an index covers: changes whenever items or vectors do."""
    with read_session(engine) as s:
        n, last_id, last_update = s.execute(select(func.count(Item.id), func.max(Item.id), func.max(Item.updated_at))
                                            .where(Item.project_id == project_id, Item.text_hash.is_not(None))).one()
        n_vec = s.scalar(select(func.count()).select_from(Embedding).where(
            Embedding.model == fingerprint, Embedding.text_hash.in_(_project_hashes(project_id))))
    return (n, last_id, str(last_update), n_vec)


def _load(engine: Engine, project_id: int, fingerprint: str) -> tuple[list[str], np.ndarray]:
    with read_session(engine) as s:
        rows = s.execute(select(Embedding.text_hash, Embedding.dim, Embedding.vector).where(
            Embedding.model == fingerprint, Embedding.text_hash.in_(_project_hashes(project_id)))
            .order_by(Embedding.text_hash)).all()
    if not rows:
        return [], np.zeros((0, 1), dtype=np.float32)
    return [r.text_hash for r in rows], np.vstack([from_blob(r.vector, r.dim) for r in rows]).astype(np.float32)


def project_corpus(engine: Engine, project_id: int, fingerprint: str, *, threshold: int = ANN_THRESHOLD) -> Corpus:
    """The (cached) corpus and index of a project's texts embedded with ``fingerprint``."""
    sig = signature(engine, project_id, fingerprint)
    key = (engine.url.render_as_string(hide_password=True), project_id, fingerprint, threshold)
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit.signature == sig:
            _cache.move_to_end(key)
            return hit
    hashes, matrix = _load(engine, project_id, fingerprint)
    corpus = Corpus(hashes=hashes, position={h: i for i, h in enumerate(hashes)},
                    index=build_index(matrix, threshold), signature=sig)
    with _lock:
        _cache[key] = corpus
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return corpus


def clear_cache() -> None:
    """Forget every cached index (e.g. after erasing a respondent in another process)."""
    with _lock:
        _cache.clear()
