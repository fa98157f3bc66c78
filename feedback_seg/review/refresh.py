"""Figures that stay true after review edits.

A merge, split, move, outlier, undo or emerging-segment decision changes who is in which segment;
sizes change in the edit's own transaction, and :func:`refresh_run` then recomputes everything
else a user reads from the members' own answers: keywords, auto names (human names are kept),
representative quotes, profiles with their significance, sentiment (values and needs too when
the run has them and this installation's model made its vectors), segment count, Unassigned
share and the look-alike pairs. It runs the same :func:`~feedback_seg.pipeline.summarise.
summarise_segments` a run is built with, on the run's current assignments.

A run is *stale* while a membership edit is newer than its last refresh (``metrics.refreshed_upto``,
an event id). :func:`after_edit` refreshes at once (CLI, tests) or in a background thread (the web
server: pages show "updating" while :func:`freshness` says stale). A refresh computed while
another edit landed is not written; the next pass picks the newer state up.
"""
from __future__ import annotations

import logging
import threading
import time

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..errors import FeedbackSegError
from ..store.engine import read_session, write_session
from ..store.schema import Assignment, LabelEvent, Project, Run, Segment, utcnow

log = logging.getLogger(__name__)

MEMBERSHIP_KINDS = ("merge", "split", "move", "outlier", "undo", "accept_emerging", "dismiss_emerging")
UNASSIGNED = -1
LIVE = ("active", "unassigned", "emerging")


def latest_edit(s, run_id: int) -> int:
    """The id of the run's newest membership edit (0 when none)."""
    return int(s.scalar(select(func.max(LabelEvent.id)).where(
        LabelEvent.run_id == run_id, LabelEvent.kind.in_(MEMBERSHIP_KINDS))) or 0)


def freshness(engine: Engine, run_id: int) -> dict:
    """``{"stale", "latest_edit", "refreshed_upto", "refreshing", "error"}`` for a run."""
    with read_session(engine) as s:
        run = s.get(Run, run_id)
        if run is None:
            return {"stale": False, "latest_edit": 0, "refreshed_upto": 0, "refreshing": False, "error": None}
        latest = latest_edit(s, run_id)
        m = run.metrics or {}
    upto = int(m.get("refreshed_upto") or 0)
    return {"stale": latest > upto, "latest_edit": latest, "refreshed_upto": upto,
            "refreshing": run_id in _worker.busy, "error": m.get("refresh_error")}


def _state(engine: Engine, run_id: int):
    with read_session(engine) as s:
        run = s.get(Run, run_id)
        if run is None or run.status != "done":
            return None
        upto = latest_edit(s, run_id)
        k = int((run.params or {}).get("min_cell")
                or (s.get(Project, run.project_id).settings or {}).get("min_cell", 5))
        segs = {sg.id: (sg.label, sg.status) for sg in s.scalars(select(Segment).where(Segment.run_id == run_id))}
        pairs = s.execute(select(Assignment.respondent_id, Assignment.segment_id)
                          .where(Assignment.run_id == run_id).order_by(Assignment.respondent_id)).all()
        has_insights = any("values" in (sg.description or {}) for sg in
                           s.scalars(select(Segment).where(Segment.run_id == run_id)))
        return {"project_id": run.project_id, "fingerprint": run.model, "seed": run.seed or 0, "k": k,
                "upto": upto, "segs": segs, "pairs": pairs, "insights": has_insights}


def refresh_run(engine: Engine, run_id: int, *, embedder=None) -> dict:
    """Recompute a finished run's descriptions and profiles from its current assignments and
    write them (without bumping segment versions: this is not a human edit). Returns
    ``{"run_id", "refreshed_upto", "seconds", "written"}``; ``written`` is False when another edit
    landed meanwhile (call again) or the run is not finished."""
    from ..pipeline.dataset import load_run_data   # noqa: PLC0415 - heavy; only when refreshing
    from ..pipeline.describe import keyword_overlap   # noqa: PLC0415
    from ..pipeline.recut import run_people   # noqa: PLC0415
    from ..pipeline.summarise import summarise_segments   # noqa: PLC0415

    start = time.perf_counter()
    st = _state(engine, run_id)
    if st is None:
        return {"run_id": run_id, "written": False, "refreshed_upto": None, "seconds": 0.0}
    label_of_seg = {sid: lab for sid, (lab, status) in st["segs"].items()}
    assigned = {int(r): (label_of_seg.get(sid, UNASSIGNED) if sid is not None else UNASSIGNED)
                for r, sid in st["pairs"]}
    data = run_people(load_run_data(engine, st["project_id"], st["fingerprint"]), list(assigned))
    ids = [int(r) for r in data.respondents["respondent_id"]]
    labels = np.array([assigned[r] for r in ids], dtype=np.int64)
    insights, note = _insight_args(engine, st, embedder)
    summary = summarise_segments(data, ids, labels, k=st["k"], seed=st["seed"], insights=insights)
    rows = summary.segments
    if insights is not None:
        from ..pipeline.insights import value_led_names   # noqa: PLC0415
        value_led_names(list(rows.values()))
    with write_session(engine) as s:
        if latest_edit(s, run_id) != st["upto"]:
            return {"run_id": run_id, "written": False, "refreshed_upto": None,
                    "seconds": round(time.perf_counter() - start, 3)}
        segs = list(s.scalars(select(Segment).where(Segment.run_id == run_id)))
        for sg in segs:
            row = rows.get(sg.label)
            if row is None or sg.status not in LIVE:
                continue
            sg.keywords = [[w, float(v)] for w, v in row["keywords"]]
            if sg.label != UNASSIGNED:
                sg.auto_name = row["auto_name"]
            desc = {**(sg.description or {}), "quotes": row["quotes"], "profile": row.get("profile", {})}
            for f in ("values", "needs", "sentiment"):
                if f in row:
                    desc[f] = row[f]
            sg.description = desc
        live = {sg.key: sg.keywords for sg in segs if sg.status == "active" and sg.label != UNASSIGNED
                and sg.label in rows}
        run = s.get(Run, run_id)
        seconds = round(time.perf_counter() - start, 3)
        run.metrics = {**(run.metrics or {}), "n_segments": len(live),
                       "unassigned_share": float((labels == UNASSIGNED).mean()) if len(labels) else 0.0,
                       "profile": summary.profile, "keyword_overlap": keyword_overlap(live),
                       "refreshed_upto": st["upto"], "refreshed_at": utcnow().isoformat(timespec="seconds") + "Z",
                       "refresh_seconds": seconds, "refresh_error": None,
                       "refresh_note": note}
    return {"run_id": run_id, "written": True, "refreshed_upto": st["upto"], "seconds": seconds}


def _insight_args(engine: Engine, st: dict, embedder):
    """Insight arguments for a run that has them, or ``(None, note)`` when values and needs cannot
    be recomputed here (another model made the vectors); sentiment is then kept as it was."""
    if not st["insights"]:
        return None, None
    from ..pipeline.insights import FRAMEWORKS, embedder_for, project_value_labels   # noqa: PLC0415
    try:
        emb = embedder if embedder is not None else embedder_for(st["fingerprint"])
    except FeedbackSegError as exc:
        return None, f"values, needs and sentiment are from before the last edits: {exc}"
    if emb.fingerprint != st["fingerprint"]:
        return None, "values, needs and sentiment are from before the last edits (another model made the vectors)"
    return {"embedder": emb, "frameworks": FRAMEWORKS,
            "value_labels": project_value_labels(engine, st["project_id"], FRAMEWORKS)}, None


def refresh_until_fresh(engine: Engine, run_id: int, *, attempts: int = 5, embedder=None) -> dict:
    """:func:`refresh_run` until a pass is written (edits landing meanwhile start another pass)."""
    out: dict = {}
    for _ in range(attempts):
        out = refresh_run(engine, run_id, embedder=embedder)
        if out["written"] or out["refreshed_upto"] is None and not freshness(engine, run_id)["stale"]:
            return out
    return out


class _Worker:
    """One background thread per process that refreshes the runs it is asked to, coalescing
    requests that arrive while a run is being refreshed."""

    def __init__(self) -> None:
        self.pending: dict[int, Engine] = {}
        self.busy: set[int] = set()
        self.cond = threading.Condition()
        self.thread: threading.Thread | None = None

    def request(self, engine: Engine, run_id: int) -> None:
        with self.cond:
            self.pending[run_id] = engine
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._loop, name="feedback-seg-refresh", daemon=True)
                self.thread.start()
            self.cond.notify()

    def _loop(self) -> None:
        while True:
            with self.cond:
                while not self.pending:
                    if not self.cond.wait(timeout=60):
                        self.thread = None
                        return
                run_id, engine = self.pending.popitem()
                self.busy.add(run_id)
            try:
                refresh_until_fresh(engine, run_id)
            except Exception as exc:   # noqa: BLE001 - a failed refresh is shown, never raised into a page
                log.exception("refreshing run %s failed", run_id)
                _record_error(engine, run_id, exc)
            finally:
                with self.cond:
                    self.busy.discard(run_id)
                    self.cond.notify_all()

    def wait(self, run_id: int, timeout: float) -> bool:
        """Block until ``run_id`` is neither pending nor being refreshed; False on timeout."""
        end = time.monotonic() + timeout
        with self.cond:
            while run_id in self.pending or run_id in self.busy:
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(timeout=left)
        return True


_worker = _Worker()
_background: set[str] = set()   # store URLs whose edits refresh in the background


def _record_error(engine: Engine, run_id: int, exc: Exception) -> None:
    with write_session(engine) as s:
        run = s.get(Run, run_id)
        if run is not None:
            run.metrics = {**(run.metrics or {}), "refresh_error": f"{type(exc).__name__}: {exc}"}


def refresh_in_background(engine: Engine, on: bool = True) -> None:
    """Refresh after edits to ``engine``'s store in a background thread (the web server) instead
    of before the action returns."""
    url = engine.url.render_as_string(hide_password=False)
    (_background.add if on else _background.discard)(url)


def after_edit(engine: Engine, result: dict | None) -> dict | None:
    """Call after a review action with its result: when the action's event changed membership,
    the run's figures are refreshed (now, or queued in the background). Returns ``result``."""
    event_id = (result or {}).get("event_id")
    if not event_id:
        return result
    with read_session(engine) as s:
        ev = s.get(LabelEvent, int(event_id))
        run_id = ev.run_id if ev is not None and ev.kind in MEMBERSHIP_KINDS else None
    if run_id is None:
        return result
    if engine.url.render_as_string(hide_password=False) in _background:
        _worker.request(engine, run_id)
    else:
        refresh_until_fresh(engine, run_id)
    return result


def wait_for_refresh(run_id: int, timeout: float = 60.0) -> bool:
    """Wait for a background refresh of ``run_id`` to finish (tests, the CLI's exit)."""
    return _worker.wait(run_id, timeout)
