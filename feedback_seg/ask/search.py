"""Semantic search over what people wrote, with filters, citations and small-group suppression.

A query is embedded with the same model as the project's texts and compared by cosine
similarity (exact, or HNSW above a size threshold; see :mod:`.index`). Filters narrow the
candidates first: segment (of a run), respondent attributes (names checked against the
project's own attribute keys: no arbitrary fields), channel, source file and date range.
A candidate group of fewer than ``min_cell`` people returns no texts (``suppressed``).
Hits carry only the redacted text unless ``include_raw`` is asked for by a caller that may.

``mode`` picks the ranking: ``semantic`` (embeddings), ``lexical`` (BM25 over the redacted
texts, :mod:`.lexical`) or ``hybrid`` (the default: both fused by reciprocal rank, so a
query's literal phrase ranks above texts that only share its topic; see
benchmarks/search_quality.py for the measurement behind the default).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ..config import MIN_CELL
from ..errors import InputError, NotFoundError, PipelineError
from ..store.engine import read_session
from ..store.lookup import project_by_name, run_by_id
from ..store.schema import Assignment, Item, Respondent, Run, Segment, Source
from .index import ANN_THRESHOLD, project_corpus
from .lexical import rank_bm25, rrf

MAX_LIMIT = 200
MODES = ("hybrid", "semantic", "lexical")
DEFAULT_MODE = "hybrid"
POOL = 100                  # candidates each ranking contributes to the fusion


def search(engine: Engine, query: str, *, project: str | None = None, run_id: int | None = None,
           segment: str | int | None = None, where: dict[str, str] | None = None, channel: str | None = None,
           source: str | int | None = None, date_from: str | date | None = None, date_to: str | date | None = None,
           limit: int = 20, embedder=None, include_raw: bool = False, ann_threshold: int = ANN_THRESHOLD,
           mode: str | None = None) -> dict:
    """The items most similar to ``query``, filtered; see the module docstring.

    Returns ``{"hits": [...], "total_candidates", "candidate_people", "index", "suppressed",
    "reason", "min_cell", ...}``; each hit cites respondent, source file and row.
    """
    query = (query or "").strip()
    if not query:
        raise InputError("give a search query")
    if not 1 <= int(limit) <= MAX_LIMIT:
        raise InputError(f"limit must be between 1 and {MAX_LIMIT}")
    mode = (mode or DEFAULT_MODE).strip().lower()
    if mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    where = {str(k): str(v) for k, v in (where or {}).items()}
    lo, hi = _parse_date(date_from, "from"), _parse_date(date_to, "to", end=True)
    with read_session(engine) as s:
        proj = project_by_name(s, project)
        pid, name, k = proj.id, proj.name, int((proj.settings or {}).get("min_cell", MIN_CELL))
        if where:
            _check_attributes(s, pid, where)
        run = _resolve_run(s, pid, run_id)
        rid = run.id if run else None
        seg = _resolve_segment(s, run, segment) if segment not in (None, "") else None
        src = _resolve_source(s, pid, source) if source not in (None, "") else None
        candidates = _candidates(s, pid, seg, where, channel, src, lo, hi)
        filters = {"segment": {"key": seg.key, "name": seg.name or seg.auto_name} if seg else None,
                   "where": where, "channel": channel, "source": src.filename if src else None,
                   "date_from": lo.isoformat() if lo else None, "date_to": hi.isoformat() if hi else None}
    if embedder is None:
        from feedback_seg.nlp_models.embedders import default_embedder  # noqa: PLC0415
        embedder = default_embedder()
    corpus = project_corpus(engine, pid, embedder.fingerprint, threshold=ann_threshold)
    if corpus.size == 0:
        raise PipelineError(f"no text of project {name!r} is embedded with {embedder.fingerprint}; "
                            "run `feedback-seg segment` first")
    embedded = [c for c in candidates if c[2] in corpus.position]
    people = len({c[1] for c in embedded})
    out = {"query": query, "mode": mode, "project": name, "run_id": rid, "filters": filters,
           "model": embedder.fingerprint, "min_cell": k, "index_size": corpus.size,
           "not_embedded": len(candidates) - len(embedded)}
    if 0 < people < k:
        return {**out, "hits": [], "total_candidates": None, "candidate_people": None, "suppressed": True,
                "index": corpus.path(limit, None),
                "reason": f"fewer than {k} people match {'these filters' if _any(filters) else 'this project'}; "
                          "their texts are not shown"}
    hits, path = _ranked(engine, corpus, embedder, query, embedded, limit, mode)
    with read_session(engine) as s:
        details = _details(s, [h[0] for h in hits], rid, include_raw)
    tones = _tones([details[iid]["text"] for iid, _ in hits])
    return {**out, "hits": [{**details[iid], "score": round(float(score), 4), "sentiment": tone}
                            for (iid, score), tone in zip(hits, tones)],
            "total_candidates": len(embedded), "candidate_people": people, "suppressed": False,
            "reason": None, "index": path}


def _any(filters: dict) -> bool:
    return any(v for v in filters.values())


def _ranked(engine, corpus, embedder, query: str, embedded: list[tuple], limit: int,
            mode: str) -> tuple[list[tuple[int, float]], str]:
    """Best ``(item id, score)`` first under ``mode``; score: cosine, scaled BM25 or fused RRF."""
    pool = max(POOL, limit)
    sem, path = [], corpus.path(limit, None)
    if mode != "lexical":
        qvec = np.asarray(embedder.encode([query])[0], dtype=np.float32)
        sem, path = _rank(corpus, qvec, embedded, limit if mode == "semantic" else pool)
        if mode == "semantic":
            return sem, path
    lex = _lexical(engine, query, embedded, limit if mode == "lexical" else pool)
    if mode == "lexical":
        return lex, "lexical"
    return rrf([[i for i, _ in sem], [i for i, _ in lex]])[:limit], path


def _lexical(engine, query: str, embedded: list[tuple], k: int) -> list[tuple[int, float]]:
    """BM25 over the distinct redacted texts of the candidates, expanded to their items."""
    ids = [c[0] for c in embedded]
    by_text: dict[str, list[int]] = defaultdict(list)
    with read_session(engine) as s:
        for chunk in range(0, len(ids), 5000):
            for iid, text in s.execute(select(Item.id, Item.redacted_text).where(Item.id.in_(ids[chunk:chunk + 5000]))):
                by_text[text or ""].append(iid)
    keys = sorted(by_text)
    hits: list[tuple[int, float]] = []
    for pos, score in rank_bm25(query, keys, k):
        for iid in sorted(by_text[keys[pos]]):
            hits.append((iid, score))
    return hits[:k]


def _rank(corpus, qvec: np.ndarray, embedded: list[tuple], limit: int) -> tuple[list[tuple[int, float]], str]:
    """Best items first: search distinct texts, then expand each to the candidate items that share it."""
    by_hash: dict[str, list[int]] = defaultdict(list)
    for iid, _rid, h in embedded:
        by_hash[h].append(iid)
    if not by_hash:
        return [], corpus.path(limit, None)
    allowed = None
    if len(by_hash) < corpus.size:
        allowed = np.zeros(corpus.size, dtype=bool)
        allowed[[corpus.position[h] for h in by_hash]] = True
    if qvec.shape[0] != corpus.index.dim:
        raise PipelineError("the query embedder's dimension differs from the stored vectors")
    positions, scores = corpus.index.search(qvec, limit, allowed)
    hits: list[tuple[int, float]] = []
    for pos, score in zip(positions, scores):
        for iid in sorted(by_hash[corpus.hashes[pos]]):
            hits.append((iid, float(score)))
    return hits[:limit], corpus.path(limit, allowed)


def _parse_date(value, which: str, end: bool = False) -> datetime | None:
    """A naive-UTC bound from a date, datetime or ISO string; a bare ``to`` date includes its whole day."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        dt, bare = value, False
    elif isinstance(value, date):
        dt, bare = datetime.combine(value, time()), True
    else:
        text = str(value).strip()
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise InputError(f"--{which}: {text!r} is not a date (use YYYY-MM-DD or an ISO date-time)") from None
        bare = len(text) <= 10
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt + timedelta(days=1) - timedelta(microseconds=1) if (end and bare) else dt


def attribute_keys(session: Session, project_id: int) -> list[str]:
    """The allowlist of filterable attribute names: the keys present in the project's respondents."""
    keys: set[str] = set()
    for attrs in session.scalars(select(Respondent.attributes).where(Respondent.project_id == project_id)):
        keys.update((attrs or {}).keys())
    return sorted(keys)


def _check_attributes(s: Session, pid: int, where: dict) -> None:
    valid = attribute_keys(s, pid)
    unknown = sorted(set(where) - set(valid))
    if unknown:
        raise InputError(f"unknown attribute {', '.join(map(repr, unknown))}; valid: "
                         f"{', '.join(valid) if valid else 'none (this project has no attributes)'}",
                         unknown=unknown, valid=valid)


def _resolve_run(s: Session, pid: int, run_id: int | None) -> Run | None:
    if run_id is not None:
        run = run_by_id(s, int(run_id))
        if run.project_id != pid:
            raise NotFoundError(f"no run {run_id} in this project")
        return run
    return s.scalars(select(Run).where(Run.project_id == pid, Run.status == "done").order_by(Run.id.desc())).first()


def _resolve_segment(s: Session, run: Run | None, ref) -> Segment:
    if run is None:
        raise InputError("segment filters need a finished segmentation run; run `feedback-seg segment` first")
    segs = s.scalars(select(Segment).where(Segment.run_id == run.id).order_by(Segment.id)).all()
    text = str(ref).strip()
    for match in (lambda g: str(g.id) == text, lambda g: g.key == text,
                  lambda g: (g.name or "").casefold() == text.casefold(),
                  lambda g: (g.auto_name or "").casefold() == text.casefold()):
        found = [g for g in segs if match(g)]
        if found:
            return found[0]
    raise NotFoundError(f"no segment {text!r} in run {run.id}; valid keys: {', '.join(g.key for g in segs)}")


def _resolve_source(s: Session, pid: int, ref) -> Source:
    text = str(ref).strip()
    rows = s.scalars(select(Source).where(Source.project_id == pid).order_by(Source.id)).all()
    found = [r for r in rows if str(r.id) == text] or [r for r in rows if r.filename == text]
    if not found:
        raise NotFoundError(f"no source {text!r} in this project; sources: {', '.join(r.filename for r in rows)}")
    return found[-1]


def _candidates(s: Session, pid: int, seg, where, channel, src, lo, hi) -> list[tuple[int, int, str]]:
    """(item id, respondent id, text hash) of the prepared items that pass every filter."""
    q = select(Item.id, Item.respondent_id, Item.text_hash).where(Item.project_id == pid,
                                                                    Item.text_hash.is_not(None))
    if seg is not None:
        q = q.where(Item.respondent_id.in_(select(Assignment.respondent_id).where(
            Assignment.run_id == seg.run_id, Assignment.segment_id == seg.id)))
    if channel:
        q = q.where(Item.channel == channel)
    if src is not None:
        q = q.where(Item.source_id == src.id)
    if lo is not None:
        q = q.where(Item.timestamp >= lo)
    if hi is not None:
        q = q.where(Item.timestamp <= hi)
    rows = [tuple(r) for r in s.execute(q.order_by(Item.id))]
    if where:
        keep = {rid for rid, attrs in s.execute(select(Respondent.id, Respondent.attributes)
                                                 .where(Respondent.project_id == pid))
                if all(_as_text((attrs or {}).get(k)) == v for k, v in where.items())}
        rows = [r for r in rows if r[1] in keep]
    return rows


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _details(s: Session, item_ids: list[int], run_id: int | None, include_raw: bool) -> dict[int, dict]:
    """Citation and display fields of the hit items (redacted text; raw only when asked)."""
    if not item_ids:
        return {}
    cols = [Item.id, Item.redacted_text, Item.row_number, Item.field, Item.question, Item.channel,
            Item.timestamp, Item.source_id, Item.respondent_id, Respondent.external_id, Source.filename]
    cols += [Item.raw_text] if include_raw else []
    q = (select(*cols).join(Respondent, Respondent.id == Item.respondent_id)
         .join(Source, Source.id == Item.source_id).where(Item.id.in_(item_ids)))
    segs: dict[int, Segment] = {}
    if run_id is not None:
        rids = select(Item.respondent_id).where(Item.id.in_(item_ids))
        for rid, seg in s.execute(select(Assignment.respondent_id, Segment).join(
                Segment, Segment.id == Assignment.segment_id).where(
                Assignment.run_id == run_id, Assignment.respondent_id.in_(rids))):
            segs[rid] = seg
    out = {}
    for r in s.execute(q):
        seg = segs.get(r.respondent_id)
        hit = {"item_id": r.id, "text": r.redacted_text, "respondent": r.external_id,
               "segment_key": seg.key if seg else None, "segment": (seg.name or seg.auto_name) if seg else None,
               "source": r.filename, "source_id": r.source_id, "row": r.row_number, "field": r.field,
               "question": r.question, "channel": r.channel,
               "timestamp": r.timestamp.isoformat() if r.timestamp else None}
        if include_raw:
            hit["raw_text"] = r.raw_text
        out[r.id] = hit
    return out


def _tones(texts: list[str]) -> list[dict]:
    """Sentiment of each hit: a lexicon score in [-1, 1] and its label."""
    if not texts:
        return []
    from feedback_seg.nlp_models.sentiment import label, score_sentiment  # noqa: PLC0415

    scores = score_sentiment([t or "" for t in texts])
    return [{"score": round(float(sc), 3), "label": lb} for sc, lb in zip(scores, label(scores))]
