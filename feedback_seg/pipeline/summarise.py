"""Describe, profile and (optionally) add insights to segments, from a run's data and labels.

:func:`summarise_segments` is a function of the data and one label per person only, so it runs
both when a run is built and on a run's current assignments later (after review edits or a
re-cut). Stages: ``describe`` (keywords, names, quotes, item themes), ``profile`` (who the
people are) and ``insights`` (values, needs, sentiment; value-led names).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .dataset import RunData
from .describe import auto_name, keywords_ctfidf, representative_quotes
from .insights import segment_insights
from .profile import profile_segments
from .stages import StageClock
from .themes import item_themes

UNASSIGNED = -1
QUOTES_FROM = 10   # people in a segment before it shows quotes
VALUE_HINTS = ("customer_value", "value", "revenue", "clv", "ltv", "spend", "arr", "mrr")


@dataclass
class Summary:
    """Per label (Unassigned ``-1`` included): ``keywords``, ``auto_name``, ``size``, ``share``,
    ``quotes``, ``profile`` and, with insights, ``values``, ``needs``, ``sentiment``.
    ``profile`` is the profile's run-level record; ``themes`` one theme per item."""

    segments: dict[int, dict]
    profile: dict
    themes: np.ndarray


def summarise_segments(data: RunData, ids: list, labels: np.ndarray, *, k: int, seed: int = 0,
                       centroids: dict | None = None, insights: dict | None = None,
                       clock: StageClock | None = None) -> Summary:
    """Describe and profile the segments that ``labels`` (one per person in ``ids``) make.

    ``centroids``: label -> the segment's centre in the people's vector space, that quotes are
    chosen around (default: the centre of its items).
    ``insights``: ``{"embedder", "frameworks", "value_labels"}`` to add values, needs and
    sentiment (and let the most distinctive value lead a name); ``None`` skips them.
    """
    clock = clock or StageClock()
    items = data.items
    order = {rid: i for i, rid in enumerate(ids)}
    labels = np.asarray(labels)
    item_label = items["respondent_id"].map(lambda r: labels[order[r]]).to_numpy()
    present = sorted(set(labels.tolist()) - {UNASSIGNED}) + ([UNASSIGNED] if (labels == UNASSIGNED).any() else [])
    with clock.stage("describe", n=len(items)):
        rows = _describe(data, labels, item_label, present, centroids or {})
        themes = item_themes(data.item_vectors, item_label, seed=seed)
    with clock.stage("profile", n=len(ids)):
        people = data.respondents.set_index("respondent_id").loc[list(ids)]
        attrs = pd.DataFrame(list(people["attributes"]), index=list(ids)).fillna("").astype(str)
        value_col = value_column(attrs)
        prof = profile_segments(attrs, pd.Series(labels, index=ids), k=k, value_col=value_col,
                                channel=pd.Series(items["channel"].to_numpy(), index=items["respondent_id"]),
                                timestamps=pd.Series(pd.to_datetime(items["timestamp"]).to_numpy(),
                                                     index=items["respondent_id"]))
        for l, row in rows.items():
            row["profile"] = prof["segments"].get(int(l), {})
    if insights is not None:
        with clock.stage("insights", n=len(items)):
            found = segment_insights(items, data.item_vectors, pd.Series(labels, index=ids), k=k, **insights)
            for l, row in rows.items():
                row.update(found[int(l)])
    meta = {"k": prof["k"], "n_tests": prof["n_tests"], "attributes": prof["attributes"],
            "value_col": value_col, "base": prof["base"], "value": prof["value"]}
    return Summary(segments=rows, profile=meta, themes=themes)


def _describe(data: RunData, labels: np.ndarray, item_label: np.ndarray, present: list[int],
              centroids: dict) -> dict:
    """Keywords, a unique keyword name, size, centroid and representative quotes per label."""
    items, V = data.items, data.item_vectors
    tokens = [list(a) + list(b) for a, b in zip(items["lemmas"], items["noun_phrases"])]
    keywords = keywords_ctfidf(tokens, item_label.tolist(), top_n=10)
    used: set[str] = set()
    n = len(labels)
    out = {}
    for l in present:
        mask = item_label == l
        size = int((labels == l).sum())
        kw = keywords.get(l, [])
        idx = np.flatnonzero(mask)
        quotes = []
        if size >= QUOTES_FROM and len(idx):
            cen = centroids[l] if l in centroids else _centroid(V[idx])
            picks = representative_quotes(items["text"].iloc[idx].tolist(), V[idx], cen, k=5)
            quotes = [{"item_id": int(items["item_id"].iloc[idx[p]]), "text": items["text"].iloc[idx[p]]}
                      for p in picks]
        name = "Unassigned" if l == UNASSIGNED else _unique(auto_name([w for w, _ in kw]), used)
        out[l] = {"label": int(l), "keywords": kw, "auto_name": name, "size": size, "share": size / n,
                  "quotes": quotes}
    return out


def value_column(attrs: pd.DataFrame) -> str | None:
    """The attribute that holds each person's value to the business (revenue, spend...), if any."""
    for hint in VALUE_HINTS:
        for c in sorted(attrs.columns):
            if c.lower().replace(" ", "_") == hint or c.lower().endswith("_" + hint):
                return c
    return None


def _centroid(V: np.ndarray) -> np.ndarray:
    c = V.mean(axis=0)
    return (c / (np.linalg.norm(c) or 1.0)).astype(np.float32)


def _unique(name: str, used: set[str]) -> str:
    base, i = name, 2
    while name in used:
        name, i = f"{base} ({i})", i + 1
    used.add(name)
    return name
