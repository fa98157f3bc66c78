"""Closed attitude answers as a numeric matrix per respondent, to join the text vector.

``attitude_matrix(attributes, columns)`` is pure: it reads each chosen column the way the
profiler does (:mod:`feedback_seg.ingest.columns`) and returns one row per respondent:

- an ordered scale (rating 1–N, Likert labels, NPS 0–10) -> one feature, the score scaled to
  [0, 1] from the scale's own range; off-scale answers (``Don't know``) and missing -> the
  column mean over people who answered;
- a multi-select (delimiter-joined) -> one 0/1 feature per option (people with no answer get
  the option's mean share);
- anything else (a plain category) -> one-hot per level, missing -> the level's mean share.

Demographic and value columns are refused (:class:`InputError`): they profile segments, they
never form them. ``weight`` (default 0.5) sets the block's pull against a unit-norm text
embedding: each column's features (in [0, 1]) are divided by ``sqrt(n_features of the column)``
and the whole block by ``sqrt(n_columns)``, then multiplied by ``weight``, so a respondent's
attitude block has norm at most ``weight`` (0 = text only, 1 = as strong as the text) and a
column with many options does not outweigh one scale. Deterministic; no fitted state.

>>> import pandas as pd
>>> a = pd.DataFrame({"sat": ["1", "5", "3", ""], "tools": ["a|b", "b", "a|c", "c|b"]})
>>> m = attitude_matrix(a, ["sat", "tools"], weight=1.0)
>>> m.features
['sat', 'tools: a', 'tools: b', 'tools: c']
>>> m.matrix.shape
(4, 4)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ColumnError, InputError
from ..ingest.columns import multiselect_of, scale_of, split_options
from ..ingest.summary import is_demographic

DEFAULT_WEIGHT = 0.5
VALUE_HINTS = ("customer_value", "value", "revenue", "clv", "ltv", "spend", "arr", "mrr")


@dataclass
class AttitudeMatrix:
    matrix: np.ndarray                # n_respondents × n_features, float32
    features: list[str]               # one name per matrix column
    index: list                       # respondent ids (the attributes' index)
    kinds: dict[str, str] = field(default_factory=dict)   # column -> ordinal | multiselect | categorical
    weight: float = DEFAULT_WEIGHT


def _refuse(col: str) -> None:
    key = str(col).lower().replace(" ", "_")
    if is_demographic(col) or any(key == h or key.endswith("_" + h) for h in VALUE_HINTS):
        raise InputError(f"{col!r} is a demographic or value column: it profiles segments and never forms them")


def _fill(block: np.ndarray) -> np.ndarray:
    means = np.nanmean(np.where(np.isnan(block).all(axis=0), 0.0, block), axis=0) \
        if block.size else np.zeros(block.shape[1])
    means = np.nan_to_num(means, nan=0.0)
    out = block.copy()
    rows, cols = np.where(np.isnan(out))
    out[rows, cols] = means[cols]
    return out


def attitude_matrix(attributes: pd.DataFrame, columns: list[str], *, weight: float = DEFAULT_WEIGHT,
                    ) -> AttitudeMatrix:
    """The chosen ``columns`` of ``attributes`` (one row per respondent, strings, ``""`` = missing)
    as a scaled numeric matrix; see the module docstring for the contract."""
    if weight < 0 or not math.isfinite(weight):
        raise InputError("weight must be a finite number >= 0", weight=weight)
    missing = [c for c in columns if c not in attributes.columns]
    if missing:
        raise ColumnError(f"attitude input column(s) not found: {missing}")
    blocks, names, kinds = [], [], {}
    n = len(attributes)
    for col in columns:
        _refuse(col)
        values = attributes[col].fillna("").astype(str).str.strip()
        multi = multiselect_of(values)
        scale = None if multi else scale_of(values, col)
        if scale is not None:
            score = values.map(scale.scores).astype(float).to_numpy()
            lo, hi = (scale.low, scale.high) if scale.numeric else (1.0, float(len(scale.levels)))
            block = ((score - lo) / (hi - lo) if hi > lo else score * 0.0).reshape(n, 1)
            kinds[col], cols = "ordinal", [str(col)]
        else:
            if multi is not None:
                options = multi.options
                chosen = [set(split_options(v, multi.delimiter)) if v else None for v in values]
                kinds[col] = "multiselect"
            else:
                options = sorted(set(values) - {""})
                chosen = [{v} if v else None for v in values]
                kinds[col] = "categorical"
            block = np.array([[np.nan] * len(options) if c is None else [float(o in c) for o in options]
                              for c in chosen], dtype=float).reshape(n, len(options))
            cols = [f"{col}: {o}" for o in options]
        block = _fill(block) / math.sqrt(max(block.shape[1], 1))
        blocks.append(block)
        names += cols
    mat = np.hstack(blocks) if blocks else np.zeros((n, 0))
    if blocks:
        mat = mat * (weight / math.sqrt(len(blocks)))
    return AttitudeMatrix(matrix=mat.astype(np.float32), features=names, index=list(attributes.index),
                          kinds=kinds, weight=weight)


def combine(text_vectors: np.ndarray, attitudes: AttitudeMatrix) -> np.ndarray:
    """The text vectors (unit norm, rows aligned with ``attitudes.index``) with the attitude block
    appended."""
    if len(text_vectors) != len(attitudes.matrix):
        raise InputError("text vectors and attitude rows differ in number",
                         text=len(text_vectors), attitudes=len(attitudes.matrix))
    return np.hstack([np.asarray(text_vectors, dtype=np.float32), attitudes.matrix])


def people_vectors(text_vectors: np.ndarray, ids: list, respondents: pd.DataFrame, inputs: list[str] | None,
                   weight: float | None = None) -> tuple[np.ndarray, dict]:
    """The vectors people are clustered on: their text vectors, plus (with ``inputs``) the chosen
    attitude columns of their stored attributes (``respondents``: ``respondent_id``,
    ``attributes``) as :func:`attitude_matrix` scales them. Returns the vectors and what the run
    records: ``segment_inputs``, ``input_weight``, ``input_features`` (empty without inputs)."""
    if not inputs:
        return text_vectors, {"segment_inputs": [], "input_weight": 0.0, "input_features": []}
    weight = DEFAULT_WEIGHT if weight is None else float(weight)
    people = respondents.set_index("respondent_id").loc[list(ids)]
    attrs = pd.DataFrame(list(people["attributes"]), index=list(ids))
    missing = [c for c in inputs if c not in attrs.columns]
    if missing:
        raise ColumnError(f"segmentation input(s) {missing} are not stored attributes of these people; "
                          f"they have: {', '.join(map(str, list(attrs.columns)[:40]))}")
    mat = attitude_matrix(attrs.fillna("").astype(str), list(inputs), weight=weight)
    return combine(text_vectors, mat), {"segment_inputs": list(inputs), "input_weight": weight,
                                        "input_features": mat.features, "input_kinds": mat.kinds}


def closed_only_people(respondents: pd.DataFrame, ids: list, inputs: list[str] | None) -> list:
    """People with no usable text who answered at least one chosen attitude question (``inputs``):
    with attitude inputs they are segmented on those answers alone, their text part left at the
    centre (zero). Without inputs: none. In respondent id order, so re-cuts see the same people."""
    if not inputs:
        return []
    have = set(ids)
    out = []
    for rid, attrs in zip(respondents["respondent_id"], respondents["attributes"]):
        if rid in have:
            continue
        values = attrs or {}
        if any(values.get(c) is not None and str(values.get(c)).strip() not in ("", "nan") for c in inputs):
            out.append(rid)
    return sorted(out)
