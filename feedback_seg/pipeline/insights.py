"""The insights stage: what each segment values, needs and feels, computed before a run is written.

* Values: every item is scored against a value framework (Schwartz by default, plus consumer
  attitudes); a person expresses a value when any of their items does. A segment's value
  profile is the share of its people expressing each value against the base (index).
* Needs and pain points: statements found by rule patterns, grouped by meaning, ranked per
  segment by the share of its people who voice them, with supporting quotes and counts.
* Sentiment: a lexicon score per item, summarised per segment.
Figures over fewer than k people are suppressed (quotes need the larger quote threshold).
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..config import MIN_QUOTE_GROUP
from ..errors import NotFoundError, PipelineError
from ..store.engine import read_session, write_session
from ..store.schema import Assignment, Project, Run, Segment
from .dataset import load_run_data
from .decisions import value_labels

FRAMEWORKS = ("schwartz", "consumer_attitudes")
MAX_NEEDS = 10
# An answer expresses a value when its zero-shot score is this many standard deviations above the
# project's own mean for that value (z = 0 would call half of all answers positive for every value).
VALUE_Z = 1.0


def embedder_for(fingerprint: str):
    """The embedder that made a run's vectors; a :class:`PipelineError` when it is not the one
    this installation provides (insights scored with another model would not match the vectors)."""
    from feedback_seg.nlp_models.embedders import default_embedder  # noqa: PLC0415

    emb = default_embedder()
    if emb.fingerprint != fingerprint:
        raise PipelineError(f"this run's vectors were made by {fingerprint}, but this installation's "
                            f"model is {emb.fingerprint}; re-run the segmentation to use it")
    return emb


def _value_profiles(fw, embedder, vectors, people_of_item, labels_by_person, k,
                    reviewed: dict[int, int] | None = None, labels: dict[int, list[str]] | None = None) -> dict:
    """``reviewed`` maps item id -> row in ``vectors``; ``labels`` item id -> the values a reviewer
    said it expresses (the scorer then learns from them on top of the zero-shot prototypes)."""
    from feedback_seg.nlp_models.value_scorer import ValueScorer  # noqa: PLC0415

    rows = [(reviewed[i], vals) for i, vals in (labels or {}).items() if i in (reviewed or {})]

    def score():
        scorer = ValueScorer(fw, embedder, threshold_z=VALUE_Z).fit_zero_shot(reference_vectors=vectors)
        if len(rows) >= 2:
            matrix = np.array([[name in vals for name in fw.names] for _, vals in rows])
            scorer.fit_labelled(vectors[[r for r, _ in rows]], matrix)
        return scorer.score(vectors)

    key = ("values", embedder.fingerprint, fw.name, _digest(vectors.tobytes(), repr(sorted(
        (r, sorted(v)) for r, v in rows))))
    scores = pd.DataFrame(_cached(key, score), columns=fw.names)
    scores["person"] = people_of_item
    person_score = scores.groupby("person").max()   # a person holds a value when any item does
    person_any = person_score >= 0.5
    seg = labels_by_person.reindex(person_any.index)
    base = person_any.mean()
    out = {}
    for label, group in person_any.groupby(seg):
        n = len(group)
        rows = []
        for name in fw.names:
            share = float(group[name].mean())
            b = float(base[name])
            hidden = n < k or 0 < group[name].sum() < k or 0 < (n - group[name].sum()) < k
            held = person_score.loc[group.index, name][group[name]]
            rows.append({"value": name, "share": None if hidden else round(share, 4),
                         "base_share": round(b, 4),
                         "index": None if hidden or b == 0 else round(share / b * 100, 1),
                         "confidence": None if hidden or held.empty else round(float(held.mean()), 3),
                         "suppressed": bool(hidden)})
        rows.sort(key=lambda r: -(r["index"] or 0))
        out[int(label)] = {"framework": fw.name, "n": n, "values": rows}
    return out


def _needs(texts, embedder, people_of_item, labels_by_person, k, seed=0) -> dict:
    from feedback_seg.nlp_models.needs_patterns import extract_needs, group_statements, rank_groups  # noqa: PLC0415

    def found():
        statements = extract_needs(texts)
        if not statements:
            return [], []
        return statements, group_statements(statements, embedder.encode([s.sentence for s in statements]), seed=seed)

    statements, groups = _cached(("needs", embedder.fingerprint, seed, _digest(*texts)), found)
    if not statements:
        return {}
    out = {}
    for label, people in labels_by_person.groupby(labels_by_person).groups.items():
        people = list(people)
        if len(people) < k:
            out[int(label)] = {"suppressed": True, "groups": []}
            continue
        ranked = [r for r in rank_groups(groups, statements, people_of_item, people) if r["people"] >= k]
        for r in ranked:
            r["share"] = round(r["share"], 4)
            if r["people"] < MIN_QUOTE_GROUP:
                r["quotes"] = []
        out[int(label)] = {"suppressed": False, "groups": ranked[:MAX_NEEDS]}
    return out


def _sentiment(texts, people_of_item, labels_by_person, k) -> dict:
    from feedback_seg.nlp_models.sentiment import score_sentiment, summarise  # noqa: PLC0415

    scores = _cached(("sentiment", _digest(*texts)), lambda: score_sentiment(texts))
    seg_of_item = labels_by_person.reindex(people_of_item).to_numpy()
    out = {}
    for label in np.unique(seg_of_item):
        mask = seg_of_item == label
        people = len(set(np.asarray(people_of_item)[mask]))
        if people >= k:
            out[int(label)] = {**summarise(scores[mask]), "people": people, "suppressed": False}
        else:
            out[int(label)] = {"n": None, "mean": None, "neg": None, "neu": None, "pos": None,
                               "people": None, "suppressed": True}
    return out


# What insights find in the texts alone (value scores, need statements and their groups, sentiment)
# does not depend on who is in which segment: kept for the last few item sets, so refreshing a run
# after a review edit (review/refresh.py) only re-counts them per segment.
_CACHE: dict = {}
CACHE_SIZE = 8


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _cached(key, compute):
    if key in _CACHE:
        _CACHE[key] = _CACHE.pop(key)   # most recently used last
        return _CACHE[key]
    value = compute()
    _CACHE[key] = value
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    return value


def segment_insights(items: pd.DataFrame, vectors: np.ndarray, labels_by_person: pd.Series, *, k: int,
                     embedder, frameworks, value_labels: dict | None = None) -> dict[int, dict]:
    """Values, needs and sentiment per segment label, for items (``item_id``, ``respondent_id``,
    ``text``) with their ``vectors`` and each person's label. ``value_labels``: framework name ->
    item id -> the values a reviewer gave it. Returns label -> ``{"values", "needs", "sentiment"}``."""
    from feedback_seg.nlp_models.frameworks import load_framework  # noqa: PLC0415

    people = items["respondent_id"].tolist()
    texts = items["text"].tolist()
    row_of_item = {int(i): n for n, i in enumerate(items["item_id"])}
    loaded = [load_framework(f) for f in frameworks]
    values = {fw.name: _value_profiles(fw, embedder, vectors, people, labels_by_person, k, row_of_item,
                                       (value_labels or {}).get(fw.name, {})) for fw in loaded}
    needs = _needs(texts, embedder, people, labels_by_person, k)
    sentiment = _sentiment(texts, people, labels_by_person, k)
    return {int(label): {"values": {fw.name: values[fw.name].get(int(label)) for fw in loaded},
                         "needs": needs.get(int(label), {"suppressed": False, "groups": []}),
                         "sentiment": sentiment.get(int(label))}
            for label in sorted(set(labels_by_person.tolist()))}


def add_insights(engine: Engine, run_id: int, *, frameworks=FRAMEWORKS, embedder=None) -> dict:
    """Recompute values, needs and sentiment on a finished run's current assignments (after review
    edits) and store them with its segments; names are left as they are. ``embedder`` must be the
    model that made the run's vectors (default: this installation's, checked)."""
    with read_session(engine) as s:
        run = s.get(Run, run_id)
        if run is None:
            raise NotFoundError(f"no run {run_id}")
        project_id, fingerprint = run.project_id, run.model
        k = int((s.get(Project, project_id).settings or {}).get("min_cell", 5))
        pairs = s.execute(select(Assignment.respondent_id, Segment.label).join(
            Segment, Segment.id == Assignment.segment_id).where(Assignment.run_id == run_id)).all()
    labels_by_person = pd.Series({rid: int(label) for rid, label in pairs})
    if embedder is None:
        embedder = embedder_for(fingerprint)
    elif embedder.fingerprint != fingerprint:
        raise PipelineError(f"run {run_id} was embedded with {fingerprint}, not {embedder.fingerprint}")
    data = load_run_data(engine, project_id, fingerprint)
    keep = data.items["respondent_id"].isin(labels_by_person.index).to_numpy()
    items = data.items[keep].reset_index(drop=True)
    insights = segment_insights(items, data.item_vectors[keep], labels_by_person, k=k, embedder=embedder,
                                frameworks=frameworks, value_labels=project_value_labels(engine, project_id, frameworks))
    empty = empty_insights(frameworks)
    with write_session(engine) as s:
        for sg in s.scalars(select(Segment).where(Segment.run_id == run_id)):
            sg.description = {**(sg.description or {}), **insights.get(sg.label, empty)}
    return {"run_id": run_id, "segments": len(labels_by_person.unique()),
            "statements": sum(len(v["needs"].get("groups", [])) for v in insights.values())}


def empty_insights(frameworks) -> dict:
    """The insights of a segment without members (a merged-away one)."""
    from feedback_seg.nlp_models.frameworks import load_framework  # noqa: PLC0415

    return {"values": {load_framework(f).name: None for f in frameworks},
            "needs": {"suppressed": False, "groups": []}, "sentiment": None}


def project_value_labels(engine: Engine, project_id: int, frameworks) -> dict:
    """Framework name -> item id -> the values reviewers gave it (for the value scorer to learn from)."""
    from feedback_seg.nlp_models.frameworks import load_framework  # noqa: PLC0415

    names = [load_framework(f).name for f in frameworks]
    return {name: value_labels(engine, project_id, name) for name in names}


def value_led_names(rows: list[dict]) -> None:
    """Lead a segment's auto name with a value (consumer attitudes) only where
    :func:`~feedback_seg.pipeline.describe.value_leads` allows it (significant after correction,
    confidently scored); largest segments first so names stay unique. Rows are dicts with
    ``label``, ``size``, ``keywords``, ``auto_name`` and ``values``, changed in place."""
    from .describe import auto_name, value_leads  # noqa: PLC0415

    profiles = {row["label"]: (row.get("values") or {}).get(NAMING_FRAMEWORK) for row in rows}
    base_n = sum(int((p or {}).get("n") or 0) for p in profiles.values())   # every person, Unassigned too
    leads = value_leads({l: p for l, p in profiles.items() if l != -1}, base_n)
    taken: set[str] = set()
    for row in sorted(rows, key=lambda r: -r["size"]):   # stable: ties keep their order
        if row["label"] == -1:
            continue
        lead = leads.get(row["label"])
        if lead:
            row["auto_name"] = auto_name(row["keywords"] or [], {lead[0]: lead[1]}, taken=taken)
        taken.add(row["auto_name"])


NAMING_FRAMEWORK = "consumer_attitudes"   # short, marketer-readable value names lead auto names
