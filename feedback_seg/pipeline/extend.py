"""The extend stage: new data joins the latest run, and human labels train how.

Reviewer-placed and confirmed members (plus high-confidence model members) of the latest run are
labelled examples for a calibrated logistic regression on respondent vectors. New respondents get
the segment it predicts; below ``threshold`` (or far outside every segment) they go to Unassigned
and the review queue. What no segment explains is clustered again and offered as *emerging*
segments (``Segment.status == 'emerging'``) that a human accepts or dismisses; nothing is silently
added. The pure core (:func:`train_assigner`, :func:`assign_vectors`, :func:`emerging_clusters`) is
what the benchmark uses too.
"""
from __future__ import annotations

import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sqlalchemy import insert, literal, select

from ..errors import PipelineError
from ..ingestion import ingest_file
from ..store.engine import read_session, write_session
from ..store.lookup import latest_run, project_by_name
from ..store.schema import Assignment, ItemTheme, Run, Segment, utcnow
from .dataset import load_run_data
from .describe import auto_name, keywords_ctfidf, representative_quotes
from .embed import embed_items
from .lineage import member_key
from .manifest import data_hash, package_versions
from .prepare import prepare_items
from .respondents import respondent_vectors
from .run import fail_run
from .segment_core import MIN_ROWS, normalise, segment_centroids, segment_embeddings, typicality
from .stages import StageClock

UNASSIGNED_KEY = "unassigned"
HUMAN_WEIGHT = 30.0         # a reviewer's label counts as 30 model members: humans decide, the model fills in
DEFAULT_THRESHOLD = 0.5     # calibrated probability needed to assign without review
MIN_TYPICALITY = 0.02       # further out than 98% of a segment's members = not explained by it
MIN_PRECISION = 0.8       # model members of a segment whose reviewed precision is lower do not train,
PRECISION_SAMPLE = 10     # once this many of its people were reviewed (before: weighted by it, never dropped)
CALIBRATION = "temperature"  # one temperature for all classes: sigmoid per class was underconfident
INVERSE_REGULARISATION = 10.0  # logistic regression C
# Average the fold models (each calibrated on its held-out fold). One model fit on all labels scored
# ~0.5 NMI points higher on banking77 but was overconfident on people unlike any segment (fewer of
# them reached review and the emerging segments).
CALIBRATION_ENSEMBLE = True


@dataclass
class Assigner:
    """A fitted assigner: segment keys, the calibrated classifier, and each segment's centroid."""

    keys_: list[str]
    model_: object | None
    centroids_: np.ndarray
    member_sims_: list[np.ndarray]
    n_train_: int
    n_human_: int


def training_set(keys, origins, confidences, *, min_confidence: float = 0.5,
                 model_keys=None) -> tuple[np.ndarray, np.ndarray]:
    """Which respondents train the assigner, and their weights: human-placed or confirmed ones
    (weight :data:`HUMAN_WEIGHT`) and model members with confidence >= ``min_confidence``.

    With ``model_keys`` (each person's key before human decisions), a model member's weight is the
    reviewed precision of its model segment: the share of the people a human reviewed there who
    stayed in the segment the rest of its members are in (1 when fewer than 3 were reviewed); 0 below
    :data:`MIN_PRECISION` once :data:`PRECISION_SAMPLE` were reviewed (a few reads are too noisy to
    drop a whole segment: on banking77 a floor of 0.5 at 5 reads made k = 5 score below k = 0)."""
    keys = np.asarray(keys, dtype=object)
    origins = np.asarray(origins, dtype=object)
    conf = np.asarray(confidences, dtype=np.float32)
    human = origins == "human"
    model = (origins == "model") & (conf >= min_confidence)
    use = (human | model) & (keys != UNASSIGNED_KEY)
    weight = np.where(human, HUMAN_WEIGHT, 1.0)
    if model_keys is not None:
        weight = weight * _reviewed_precision(keys, np.asarray(model_keys, dtype=object), human)
    use &= weight > 0
    return use, weight[use]


def _reviewed_precision(keys, model_keys, human) -> np.ndarray:
    """Per person: 1 for humans, else the reviewed precision of their model segment."""
    out = np.ones(len(keys))
    for mk in set(model_keys[human].tolist()) - {UNASSIGNED_KEY}:
        seg = model_keys == mk
        home = pd.Series(keys[seg & ~human]).mode()
        reviewed = seg & human
        if len(home) and reviewed.sum() >= 3:
            precision = float((keys[reviewed] == home.iloc[0]).mean())
            floor = MIN_PRECISION if reviewed.sum() >= PRECISION_SAMPLE else 0.0
            out[seg & ~human] = precision if precision >= floor else 0.0
    return out


def train_assigner(X: np.ndarray, keys, *, weights=None, seed: int = 0, human: int = 0) -> Assigner:
    """Fit temperature-calibrated logistic regressions (cross-validated, at most 3 folds, averaged) on
    vectors ``X`` labelled with segment ``keys``. Segments with one example are left out."""
    X = normalise(np.asarray(X, dtype=np.float32))
    keys = np.asarray(keys, dtype=object)
    weights = np.ones(len(keys)) if weights is None else np.asarray(weights, dtype=float)
    counts = pd.Series(keys).value_counts()
    keep = np.isin(keys, counts[counts >= 2].index.to_numpy())
    X, keys, weights = X[keep], keys[keep], weights[keep]
    classes = sorted(set(keys.tolist()))
    if not classes:
        raise PipelineError("no labelled or confident members to learn from; review the segments first")
    y = np.array([classes.index(k) for k in keys])
    centroids, sims = segment_centroids(X, y)
    model = None
    if len(classes) >= 2:
        folds = int(min(3, counts[classes].min()))
        base = LogisticRegression(C=INVERSE_REGULARISATION, max_iter=2000)
        model = CalibratedClassifierCV(base, method=CALIBRATION, ensemble=CALIBRATION_ENSEMBLE,
                                       cv=StratifiedKFold(folds, shuffle=True, random_state=seed)) if folds >= 2 else base
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, y, sample_weight=weights)
    return Assigner(keys_=classes, model_=model, centroids_=centroids, member_sims_=sims,
                    n_train_=int(len(y)), n_human_=int(human))


def assign_vectors(assigner: Assigner, X: np.ndarray, *, threshold: float = DEFAULT_THRESHOLD,
                   min_typicality: float = MIN_TYPICALITY) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Predicted key per row (``'unassigned'`` when not explained), its calibrated probability,
    and the predicted key before the threshold."""
    X = normalise(np.asarray(X, dtype=np.float32))
    if assigner.model_ is None:
        best = np.zeros(len(X), dtype=np.int64)
        prob = np.ones(len(X), dtype=np.float32)
    else:
        P = assigner.model_.predict_proba(X)
        best = P.argmax(axis=1)
        prob = P[np.arange(len(X)), best].astype(np.float32)
    typ = typicality(X, best, assigner.centroids_, assigner.member_sims_) if len(X) else np.zeros(0)
    ok = (prob >= threshold) & (typ >= min_typicality)
    raw = [assigner.keys_[b] for b in best]
    return [k if o else UNASSIGNED_KEY for k, o in zip(raw, ok)], prob, np.asarray(raw, dtype=object)


COHESION = 0.5   # cosine to the centre for one coherent group of unexplained people


def emerging_clusters(X: np.ndarray, *, seed: int = 0, reducer: str = "umap") -> np.ndarray:
    """Clusters among vectors no segment explains (HDBSCAN's own clusters only; ``-1`` = none)."""
    if len(X) < 2 * MIN_ROWS:
        return np.full(len(X), -1, dtype=np.int64)
    result = segment_embeddings(X, reducer=reducer if len(X) >= 50 else "pca", seed=seed,
                                with_map=False, with_validity=False)
    labels = np.asarray(result.hdbscan_labels, dtype=np.int64)
    if (labels < 0).all():
        # HDBSCAN never returns a single cluster; one coherent group of unexplained people is one
        # emerging segment: those close to the group's centre, if there are enough of them.
        Xn = normalise(np.asarray(X, dtype=np.float32))
        sims = Xn @ normalise(Xn.mean(axis=0, keepdims=True))[0]
        close = sims >= COHESION
        if close.sum() >= MIN_ROWS:
            labels = np.where(close, 0, -1).astype(np.int64)
    return labels


def records_file(records, folder: str) -> Path:
    """Write records (a DataFrame or a list of dicts) to a CSV that the ingest readers accept."""
    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame(list(records))
    path = Path(folder) / "records.csv"
    frame.to_csv(path, index=False)
    return path


def assign_new(engine, project: str | None, source, *, threshold: float = DEFAULT_THRESHOLD,
               min_confidence: float = 0.5, format: str | None = None, encoding: str | None = None,
               user: str | None = None, embedder=None, seed: int = 0, progress=None) -> dict:
    """Ingest ``source`` (a file path, a DataFrame or a list of dicts) into ``project`` and assign its
    new respondents to the latest run's segments; writes a new run (``parent_run_id`` = that run)
    with the assignments, the Unassigned review queue and emerging segments. Returns a summary."""
    if isinstance(source, (str, Path)):
        report = ingest_file(engine, source, project=project, format=format, encoding=encoding, user=user)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = ingest_file(engine, records_file(source, tmp), project=project, user=user)
    out = extend_run(engine, project, embedder=embedder, threshold=threshold, min_confidence=min_confidence,
                     seed=seed, progress=progress)
    return {**out, "ingest": {"source_id": report.source_id, "imported": report.imported,
                              "rejected": report.rejected, "already_imported": report.already_imported}}


# ---- the store side: a new run that extends the latest one --------------------------------------

def extend_run(engine, project: str | None, *, embedder=None, threshold: float = DEFAULT_THRESHOLD,
               min_confidence: float = 0.5, seed: int = 0, progress=None) -> dict:
    """Assign the project's respondents that the latest run lacks; see :func:`assign_new`.

    The same stages as a segmentation run (prepare, embed, load), then assign and emerging, and
    one write that marks the new run done; a failure leaves it ``failed`` with the stage named."""
    from feedback_seg.nlp_models.embedders import default_embedder  # noqa: PLC0415

    progress = progress or (lambda *a: None)
    embedder = embedder or default_embedder()
    with read_session(engine) as s:
        proj = project_by_name(s, project)
        base = latest_run(s, proj.id)
        project_id, base_id, base_params = proj.id, base.id, dict(base.params or {})
    clock = StageClock()
    progress("prepare", 0.0, "preparing new texts")
    with clock.stage("prepare"):
        prep = prepare_items(engine, project_id)
    clock.count(prep["prepared"])
    progress("embed", 0.0, "embedding new texts")
    with clock.stage("embed"):
        emb = embed_items(engine, project_id, embedder)
    clock.count(emb["embedded"])
    with clock.stage("load"):
        data = load_run_data(engine, project_id, embedder.fingerprint)
        ids, X = respondent_vectors(data.item_vectors, data.items["respondent_id"].tolist(),
                                    data.items["field"].tolist())
        prior = _base_assignments(engine, base_id)
    row = {rid: i for i, rid in enumerate(ids)}
    new = [rid for rid in ids if rid not in prior]
    summary = {"base_run_id": base_id, "new_respondents": len(new), "threshold": threshold}
    if not new:
        return {**summary, "run_id": None, "assigned": 0, "unassigned": 0, "emerging": []}
    params = {"kind": "assign", "base_run": base_id, "keys_from": base_id, "threshold": threshold,
              "min_confidence": min_confidence, "events_upto": base_params.get("events_upto"), "seed": seed}
    run_id = _start_extension(engine, project_id, base_id, params)
    try:
        known = [rid for rid in ids if rid in prior]
        progress("assign", 0.3, f"learning from labelled people of run {base_id}")
        with clock.stage("assign", n=len(new)):
            use, weights = training_set([prior[r][0] for r in known], [prior[r][1] for r in known],
                                        [prior[r][2] for r in known], min_confidence=min_confidence)
            train_ids = [r for r, u in zip(known, use) if u]
            n_human = sum(prior[r][1] == "human" for r in train_ids)
            assigner = train_assigner(X[[row[r] for r in train_ids]], [prior[r][0] for r in train_ids],
                                      weights=weights, seed=seed, human=n_human)
            Xn = X[[row[r] for r in new]]
            keys, prob, _ = assign_vectors(assigner, Xn, threshold=threshold)
            left = np.array([k == UNASSIGNED_KEY for k in keys])
        with clock.stage("emerging", n=int(left.sum())):
            emerging = emerging_clusters(Xn[left], seed=seed, reducer=base_params.get("reducer", "umap"))
        clock.current = "write"
        em = _write_extension(engine, run_id, base_id, data, new, Xn, keys, prob, left, emerging, clock=clock,
                              metrics={"trained_on": assigner.n_train_, "human_examples": n_human,
                                       "classes": len(assigner.keys_), "prepare": prep, "embed": emb},
                              model=embedder.fingerprint)
    except Exception as exc:
        fail_run(engine, run_id, clock, exc)
        raise
    progress("done", 1.0, "new data assigned")
    n_left = int(left.sum())
    return {**summary, "run_id": run_id, "assigned": len(new) - n_left, "unassigned": n_left - em["members"],
            "review_queue": n_left, "emerging": em["segments"], "trained_on": assigner.n_train_,
            "human_examples": n_human}


def _start_extension(engine, project_id: int, base_id: int, params: dict) -> int:
    with write_session(engine) as s:
        run = Run(project_id=project_id, parent_run_id=base_id, status="running", seed=params["seed"],
                  params=params)
        s.add(run)
        s.flush()
        return run.id


def _base_assignments(engine, run_id: int) -> dict:
    """respondent id -> (key, origin, confidence) in a run; emerging/dismissed count as unassigned."""
    with read_session(engine) as s:
        segs = {sg.id: sg for sg in s.scalars(select(Segment).where(Segment.run_id == run_id))}
        out = {}
        for a in s.scalars(select(Assignment).where(Assignment.run_id == run_id)):
            sg = segs.get(a.segment_id)
            live = sg is not None and sg.status == "active"
            out[a.respondent_id] = (sg.key if live else UNASSIGNED_KEY, a.origin, a.confidence)
        return out


def _write_extension(engine, run_id, base_id, data, new, Xn, keys, prob, left, emerging, *,
                     metrics, model, clock: StageClock) -> dict:
    """The extension's single write: the base run's segments and assignments copied, the new
    people's assignments and emerging segments added, and the run marked done last."""
    items = data.items
    dhash = data_hash(zip(items["respondent_id"], items["field"], items["text_hash"]))
    start = time.perf_counter()
    with write_session(engine) as s:
        run = s.get(Run, run_id)
        run.model, run.data_hash, run.versions = model, dhash, package_versions()
        seg_id, by_key, top = {}, {}, -1
        for sg in s.scalars(select(Segment).where(Segment.run_id == base_id).order_by(Segment.id)):
            row = Segment(run_id=run.id, key=sg.key, label=sg.label, name=sg.name, auto_name=sg.auto_name,
                          keywords=sg.keywords, description=sg.description, size=sg.size, share=sg.share,
                          centroid=sg.centroid, status=sg.status)
            s.add(row)
            s.flush()
            seg_id[sg.id], top = row.id, max(top, sg.label)
            if sg.status in ("active", "unassigned"):
                by_key[sg.key] = row.id
        rows = [{"run_id": run.id, "respondent_id": a.respondent_id, "segment_id": seg_id.get(a.segment_id),
                 "confidence": a.confidence, "origin": a.origin, "x": a.x, "y": a.y}
                for a in s.scalars(select(Assignment).where(Assignment.run_id == base_id))]
        s.execute(insert(ItemTheme).from_select(
            ["run_id", "item_id", "theme", "label"],
            select(literal(run.id), ItemTheme.item_id, ItemTheme.theme, ItemTheme.label)
            .where(ItemTheme.run_id == base_id)))
        if UNASSIGNED_KEY not in by_key and left.any():
            un = Segment(run_id=run.id, key=UNASSIGNED_KEY, label=-1, auto_name="Unassigned", status="unassigned",
                         keywords=[], description={})
            s.add(un)
            s.flush()
            by_key[UNASSIGNED_KEY] = un.id
        em_of = _emerging_segments(s, run.id, data, new, Xn, left, emerging, first_label=top + 1)
        lefts = np.flatnonzero(left)
        for i, rid in enumerate(new):
            em = em_of.get(rid)
            target = em if em is not None else by_key[keys[i]]
            origin = "model" if keys[i] != UNASSIGNED_KEY or em is not None else "unassigned"
            rows.append({"run_id": run.id, "respondent_id": int(rid), "segment_id": target,
                         "confidence": float(prob[i]), "origin": origin, "x": None, "y": None})
        s.execute(insert(Assignment), rows)
        segs = s.scalars(select(Segment).where(Segment.run_id == run.id)).all()
        counts = pd.Series([r["segment_id"] for r in rows]).value_counts().to_dict()
        for sg in segs:
            sg.size = int(counts.get(sg.id, 0))
            sg.share = sg.size / len(rows)
        emerging_out = [{"segment_id": sg.id, "key": sg.key, "name": sg.auto_name, "size": sg.size}
                        for sg in segs if sg.status == "emerging" and sg.id in set(em_of.values())]
        s.flush()
        clock.add("write", time.perf_counter() - start, len(rows))
        run.metrics = {**metrics, "n_respondents": len(rows), "new_respondents": len(new),
                       "n_segments": sum(sg.status == "active" for sg in segs),
                       "unassigned_share": counts.get(by_key.get(UNASSIGNED_KEY), 0) / len(rows),
                       "review_queue": int(len(lefts)), "emerging": emerging_out, "stages": clock.rows}
        run.finished_at = utcnow()
        run.status = "done"
        return {"segments": emerging_out, "members": len(em_of)}


def _emerging_segments(s, run_id, data, new, Xn, left, emerging, *, first_label: int) -> dict:
    """Write one ``emerging`` segment per cluster of unexplained people; respondent id -> segment id."""
    people = np.asarray(new, dtype=object)[left]
    Xl = Xn[left]
    clusters = sorted(set(emerging.tolist()) - {-1})
    if not clusters:
        return {}
    items = data.items
    cluster_of = {rid: c for rid, c in zip(people, emerging) if c >= 0}
    item_label = [cluster_of.get(r, -1) for r in items["respondent_id"]]
    tokens = [list(a) + list(b) for a, b in zip(items["lemmas"], items["noun_phrases"])]
    keywords = keywords_ctfidf(tokens, item_label, top_n=10)
    out = {}
    for c in clusters:
        members = sorted(int(r) for r in people[emerging == c])
        cen = normalise(Xl[emerging == c].mean(axis=0, keepdims=True))[0]
        idx = np.flatnonzero(np.asarray(item_label) == c)
        picks = representative_quotes(items["text"].iloc[idx].tolist(), data.item_vectors[idx], cen, k=5)
        quotes = [{"item_id": int(items["item_id"].iloc[idx[p]]), "text": items["text"].iloc[idx[p]]} for p in picks]
        kw = keywords.get(c, [])
        sg = Segment(run_id=run_id, key=member_key(members), label=first_label + c, name=None,
                     auto_name=auto_name([w for w, _ in kw]), keywords=[[w, float(v)] for w, v in kw],
                     description={"quotes": quotes, "model_members": []}, size=len(members),
                     centroid=np.asarray(cen, dtype="<f4").tobytes(), status="emerging")
        s.add(sg)
        s.flush()
        out.update({m: sg.id for m in members})
    return out
