"""Anchored re-runs: a re-run leans on the previous run's segments, so added data or new parameters
change what the data says has changed, not everything.

When a project is segmented again after its data or parameters changed, UMAP is made
semi-supervised with the previous run's final segments (human decisions included) as targets for
the people it had placed; newcomers and its Unassigned are unlabelled. People stay together unless
the data pulls them apart, new groups can still form, and human corrections shape the new map.
A re-run on the same data, parameters and seed as its predecessor takes that run's own anchor, so
it reproduces it exactly. The anchor run is recorded in the run's parameters (``anchor_run``);
``anchor: false`` turns anchoring off.
"""
from __future__ import annotations

import numpy as np
from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..store.engine import read_session
from ..store.schema import Assignment, Run, Segment
from .lineage import anchor_codes
from .segment_core import DEFAULT_SOFT_THRESHOLD, resolve_params

UNASSIGNED_LABEL = -1


def resolved_params(n: int, seg_params: dict) -> dict:
    """The clustering parameters a run on ``n`` people will use, defaults filled in."""
    given = {k: v for k, v in seg_params.items() if k != "soft_threshold"}
    return {**resolve_params(n, **given),
            "soft_threshold": float(seg_params.get("soft_threshold", DEFAULT_SOFT_THRESHOLD))}


def choose_anchor(engine: Engine, params: dict, *, data_hash: str, seed: int, n: int,
                  seg_params: dict) -> int | None:
    """The run whose segments anchor this one: ``params['anchor_run']`` when given (a rebuild),
    none when anchoring is off or there is no previous run, the previous run's own anchor when
    data, parameters and seed are unchanged, else the previous run (``params['keys_from']``)."""
    if "anchor_run" in params:
        return params["anchor_run"]
    prev_id = params.get("keys_from")
    if not params.get("anchor", True) or prev_id is None:
        return None
    with read_session(engine) as s:
        prev = s.get(Run, prev_id)
        if prev is None:
            return None
        prev_params = dict(prev.params or {})
        same = (prev.data_hash == data_hash and prev.seed == seed
                and all(prev_params.get(k) == v for k, v in resolved_params(n, seg_params).items()))
    return prev_params.get("anchor_run") if same else prev_id


def anchor_labels(engine: Engine, anchor_run: int | None, ids) -> np.ndarray | None:
    """Per person (in ``ids`` order), a code shared by everyone in the same live segment of the
    anchor run; ``-1`` for newcomers and the Unassigned. ``None`` without an anchor run."""
    if anchor_run is None:
        return None
    with read_session(engine) as s:
        rows = s.execute(select(Assignment.respondent_id, Segment.key)
                         .join(Segment, Segment.id == Assignment.segment_id)
                         .where(Assignment.run_id == anchor_run, Segment.status == "active",
                                Segment.label != UNASSIGNED_LABEL)).all()
    return anchor_codes(list(ids), {int(r): k for r, k in rows})
