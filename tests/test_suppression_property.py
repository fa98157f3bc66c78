"""Property test (RELIABILITY row 38): no visible figure over 0 < n < k people, and no hidden
figure derivable by subtraction from what the profile publishes, over ≥ 500 random
datasets × filter combinations."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from feedback_seg.pipeline import profile as profile_mod
from feedback_seg.pipeline.describe import describe_segments
from feedback_seg.pipeline.profile import profile_segments
from feedback_seg.pipeline.suppress import protect, protect_sizes, protect_table

LEVELS = ["a", "b", "c", "d", ""]
CHANNELS = ["survey", "ticket", "social"]
MONTHS = ["2024-01-15", "2024-02-15", "2024-03-15", ""]


@st.composite
def datasets(draw):
    n = draw(st.integers(0, 45))
    n_seg = draw(st.integers(1, 5))
    seg = draw(st.lists(st.integers(-1, n_seg - 1), min_size=n, max_size=n))
    lv = draw(st.lists(st.sampled_from(LEVELS[: draw(st.integers(1, 5))]), min_size=n, max_size=n))
    other = draw(st.lists(st.sampled_from(["x", "y", ""]), min_size=n, max_size=n))
    num = draw(st.lists(st.one_of(st.just(""), st.integers(0, 99).map(str)), min_size=n, max_size=n))
    ids = [f"p{i}" for i in range(n)]
    attrs = pd.DataFrame({"A": lv, "B": other, "num": num, "value": num}, index=ids)
    labels = pd.Series(seg, index=ids, dtype=int)
    multi = draw(st.booleans())
    per_item = draw(st.lists(st.integers(1, 3 if multi else 1), min_size=n, max_size=n))
    item_ids = [i for i, m in zip(ids, per_item) for _ in range(m)]
    chan = pd.Series(draw(st.lists(st.sampled_from(CHANNELS), min_size=len(item_ids),
                                   max_size=len(item_ids))), index=item_ids)
    ts = pd.Series(draw(st.lists(st.sampled_from(MONTHS), min_size=len(item_ids),
                                 max_size=len(item_ids))), index=item_ids)
    # filter combination: keep people matching every chosen filter
    keep = pd.Series(True, index=ids)
    if draw(st.booleans()):
        keep &= attrs["B"].isin(draw(st.sets(st.sampled_from(["x", "y", ""]), min_size=1)))
    if draw(st.booleans()):
        chosen = draw(st.sets(st.sampled_from(CHANNELS), min_size=1))
        keep &= pd.Series(ids, index=ids).isin(chan[chan.isin(chosen)].index)
    k = draw(st.sampled_from([2, 3, 5]))
    kept = keep[keep].index
    return (attrs.loc[kept], labels.loc[kept], chan[chan.index.isin(kept)],
            ts[ts.index.isin(kept)], k, not multi)


def _close(equations, known):
    """Derive unknowns from equations ``sum(parts) == total`` with one unknown left."""
    derived = {}
    changed = True
    while changed:
        changed = False
        for parts, total in equations:
            names = list(parts) + [total]
            unknown = [v for v in names if v not in known]
            if len(unknown) != 1:
                continue
            u = unknown[0]
            s = sum(known[p] for p in parts if p != u)
            known[u] = (known[total] - s) if u != total else s
            derived[u] = known[u]
            changed = True
    return derived


def _table_known(prefix, base_rows, seg_rows, sizes, n, k, violations):
    """Known figures of one published table; records visible cells over 0 < n < k."""
    known = {}
    if n is not None:
        known["N"] = n
    for s, size in sizes.items():
        if size is not None:
            known[("size", s)] = size
    for r in base_rows:
        c = r["count"] if r["count"] is not None else (
            round(r["share"] * n) if r["share"] is not None and n is not None else None)
        if c is not None:
            known[(prefix, "base", r["level"])] = c
            if 0 < c < k:
                violations.append((prefix, "base", r["level"], c))
    for s, rows in seg_rows.items():
        for r in rows:
            c = r["count"]
            if c is None and r["seg_share"] is not None and sizes[s] is not None:
                c = round(r["seg_share"] * sizes[s])
            if c is not None:
                known[(prefix, s, r["level"])] = c
                if 0 < c < k:
                    violations.append((prefix, s, r["level"], c))
    return known


def _table_equations(prefix, levels, segs, partition):
    eqs = [([(prefix, s, lv) for s in segs], (prefix, "base", lv)) for lv in levels]
    if partition:
        eqs += [([(prefix, s, lv) for lv in levels], ("size", s)) for s in segs]
        eqs.append(([(prefix, "base", lv) for lv in levels], "N"))
    eqs.append(([("size", s) for s in segs], "N"))
    return eqs


def _attack(profile, k, partition):
    """All figures an attacker derives by subtraction, and visible small cells."""
    n, segs = profile["n"], list(profile["segments"])
    sizes = {s: profile["segments"][s]["size"] for s in segs}
    violations = [("size", s, v) for s, v in sizes.items() if v is not None and 0 < v < k]
    derived = {}
    tables = [("A", profile["base"]["attributes"].get("A", {}).get("base"),
               {s: profile["segments"][s]["attributes"]["A"]["rows"] for s in segs}, True)]
    tables.append(("channel", profile["base"]["channel"],
                   {s: profile["segments"][s]["channel"] for s in segs}, partition))
    tables.append(("trend", profile["base"]["trend"],
                   {s: profile["segments"][s]["trend"] for s in segs}, partition))
    for prefix, base_rows, seg_rows, part in tables:
        if not segs:
            continue
        known = _table_known(prefix, base_rows, seg_rows, sizes, n, k, violations)
        levels = [r["level"] for r in base_rows]
        derived.update(_close(_table_equations(prefix, levels, segs, part), known))
    for block in ("num", "value") if segs else ():
        known = {}
        base = (profile["base"]["attributes"]["num"]["base"] if block == "num"
                else profile["value"])
        if base["n"] is not None:
            known[("n", "base")] = base["n"]
            if base.get("average", base.get("mean")) is not None:
                known[("sum", "base")] = base["n"] * base.get("average", base.get("mean"))
        if block == "value" and base["total"] is not None:
            known[("sum", "base")] = base["total"]
        for s in segs:
            f = (profile["segments"][s]["attributes"]["num"] if block == "num"
                 else profile["segments"][s]["value"])
            if f["n"] is not None:
                known[("n", s)] = f["n"]
                if 0 < f["n"] < k:
                    violations.append((block, s, f["n"]))
            avg = f.get("average", f.get("mean"))
            if f.get("total") is not None:
                known[("sum", s)] = f["total"]
            elif avg is not None and f["n"] is not None:
                known[("sum", s)] = avg * f["n"]
        eqs = [([("sum", s) for s in segs], ("sum", "base")),
               ([("n", s) for s in segs], ("n", "base"))]
        derived.update({(block,) + key: v for key, v in _close(eqs, known).items()})
    return derived, violations


def _check_tests_use_published_figures(profile):
    """Every shown chi-square statistic is recomputable from published figures alone."""
    base = {r["level"]: r["count"] for r in profile["base"]["attributes"]["A"]["base"]}
    for seg in profile["segments"].values():
        test = seg["attributes"]["A"]["test"]
        if test is None:
            continue
        rows = [r for r in seg["attributes"]["A"]["rows"]
                if r["count"] is not None and base[r["level"]] is not None]
        row = [r["count"] for r in rows]
        col = [base[r["level"]] for r in rows]
        if len(rows) < len(base):
            row.append(seg["size"] - sum(row))
            col.append(profile["n"] - sum(col))
        table = np.array([row, np.subtract(col, row)])
        table = table[:, table.sum(axis=0) > 0]
        assert test["statistic"] == pytest.approx(
            chi2_contingency(table, correction=False).statistic)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(datasets())
def test_no_small_cells_and_no_differencing(data):
    attrs, labels, chan, ts, k, partition = data
    old = profile_mod.MONTE_CARLO_RESAMPLES
    profile_mod.MONTE_CARLO_RESAMPLES = 99  # speed only; the p-values are not checked here
    try:
        profile = profile_segments(attrs, labels, k=k, value_col="value", channel=chan,
                                   timestamps=ts, categorical_cols=["A"],
                                   numeric_cols=["num"])
    finally:
        profile_mod.MONTE_CARLO_RESAMPLES = old
    json.dumps(profile)
    derived, violations = _attack(profile, k, partition)
    assert violations == []
    num = pd.to_numeric(attrs["num"].replace("", np.nan)) if len(attrs) else pd.Series(dtype=float)
    # zeros may be published: a derived count of 0, or a sum over nobody, reveals no one
    valid = {s: int(num[labels == s].notna().sum()) for s in profile["segments"]}
    valid["base"] = int(num.notna().sum())
    leaks = {key: v for key, v in derived.items()
             if not (abs(v) < 1e-6 and ("sum" not in key or valid[key[-1]] == 0))}
    assert leaks == {}, f"derivable by subtraction: {leaks}"
    _check_tests_use_published_figures(profile)
    # means and medians only for segments with at least k valid values
    for s, seg in profile["segments"].items():
        true_n = int(num[labels == s].notna().sum())
        if seg["attributes"]["num"]["mean"] is not None:
            assert true_n >= k
        if seg["size"] is None:
            assert all(r["count"] is None for r in seg["attributes"]["A"]["rows"])


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=8), st.integers(2, 10))
def test_sizes_never_single_hidden(sizes, k):
    hidden = protect_sizes(sizes, k)
    total = sum(sizes)
    assert not any(h and not 0 < s < k for h, s in zip(hidden, sizes) if not h)
    assert all(h for h, s in zip(hidden, sizes) if 0 < s < k)
    if total >= k:
        assert sum(hidden) != 1


def test_protect_table_hides_the_next_smallest():
    counts = np.array([[3, 20, 30], [10, 12, 40]])
    cells, base = protect_table(counts, counts.sum(axis=1), counts.sum(axis=0), 5)
    assert cells[0, 0]                      # primary
    assert cells[0, 1] and cells[1, 0]      # row and column complements (smallest)
    assert sum(cells[0]) >= 2 and sum(cells[:, 0]) >= 2


def test_protect_without_primary_hides_nothing():
    assert protect([10, 20, 30], [[0, 1, 2]], 5) == [False, False, False]


def test_quotes_need_ten_people_and_sizes_are_protected():
    labels = [0] * 12 + [1] * 7 + [2] * 3
    texts = [f"text number {i} about something long enough" for i in range(len(labels))]
    vec = np.random.default_rng(0).normal(size=(len(labels), 4))
    out = describe_segments(labels, [["word"]] * len(labels), texts, vec)
    assert out[0].quote_indices and not out[0].quotes_suppressed
    assert out[1].quote_indices == [] and out[1].quotes_suppressed
    assert out[2].size is None and out[1].size is None   # 3 < k, and 7 = 22 - 12 - 3
    assert out[0].size == 12
