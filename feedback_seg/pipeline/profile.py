"""Statistical profiles of segments against the whole base, with small-cell suppression.

Respondent-level attributes (strings from ingestion, ``""`` = missing) are joined to the
segment labels: composition and index for categorical attributes with a chi-square
(Fisher's exact test for small 2×2 tables, a Monte-Carlo chi-square for larger tables with
small expected counts; missing is a level; levels with a hidden cell are merged into one so
that no statistic reveals a hidden cell) and Cramér's V; mean and median with 95% CIs for numeric ones; value
totals and their 80/20 ranking; channel mix; monthly trend. p-values are adjusted with
Benjamini–Hochberg across every test of the call. Any figure over fewer than ``k`` people,
or derivable from published totals by subtraction, is ``None`` with ``suppressed=True``
(see :mod:`feedback_seg.pipeline.suppress`). The result is plain JSON-ready Python.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..config import MIN_CELL
from ..errors import ColumnError, InputError
from .suppress import protect_sizes, protect_sums, protect_table

MISSING = "(missing)"
MAX_CATEGORICAL_LEVELS = 20
ALPHA = 0.05
MONTE_CARLO_RESAMPLES = 4999
SEED = 0


def _f(x) -> float | None:
    """A plain float, or ``None`` for missing / non-finite values."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _text(series: pd.Series) -> pd.Series:
    """Strings with ``""``, whitespace and nulls turned into ``None``."""
    s = series.astype(object).where(series.notna(), None)
    return s.map(lambda v: None if v is None or str(v).strip() == "" else str(v).strip()
                 ).astype(object)


def _numbers(series: pd.Series) -> tuple[pd.Series, int]:
    """Parse numeric strings; returns (floats with NaN for missing/unparsed, unparsed count)."""
    text = _text(series)
    values = pd.to_numeric(text.map(lambda v: v.replace(",", "") if isinstance(v, str) else None),
                           errors="coerce")
    return values.astype(float), int((text.notna() & values.isna()).sum())


def infer_types(attributes: pd.DataFrame, categorical_cols=None, numeric_cols=None) -> dict:
    """Column -> ``"categorical"`` | ``"numeric"`` | ``"skip: <reason>"``.

    Given lists win; otherwise a column is numeric when ≥ 95% of its values parse as
    numbers and it has more than 20 distinct values, else categorical. Columns with a
    distinct value for every respondent (identifiers) are skipped.
    """
    if categorical_cols is not None or numeric_cols is not None:
        types = {c: "categorical" for c in categorical_cols or ()}
        types.update({c: "numeric" for c in numeric_cols or ()})
        missing = [c for c in types if c not in attributes.columns]
        if missing:
            raise ColumnError(f"unknown attribute column(s): {', '.join(map(str, missing))}")
        return types
    types = {}
    for col in attributes.columns:
        text = _text(attributes[col]).dropna()
        distinct = text.nunique()
        numbers, unparsed = _numbers(attributes[col])
        parsed = len(text) - unparsed
        if distinct == 0:
            types[col] = "skip: no values"
        elif distinct > MAX_CATEGORICAL_LEVELS and parsed >= 0.95 * len(text):
            types[col] = "numeric"
        elif distinct == len(text) and distinct > MAX_CATEGORICAL_LEVELS:
            types[col] = "skip: identifier-like (a different value for everyone)"
        else:
            types[col] = "categorical"
    return types


def _table_block(pairs: pd.DataFrame, seg: pd.Series, segments, sizes, size_hidden, k,
                 levels=None) -> dict:
    """Segments × levels counts of distinct people, suppressed; rows per segment and base.

    ``pairs`` has columns ``id`` and ``level`` (one row per person and level they have).
    """
    pairs = pairs.drop_duplicates()
    partition = not pairs["id"].duplicated().any()
    if levels is None:
        base = pairs["level"].value_counts()
        levels = sorted(base.index, key=lambda v: (v == MISSING, -base[v], str(v)))
    seg_pos = pd.Index(segments).get_indexer(seg.reindex(pairs["id"]).to_numpy())
    lev_pos = pd.Index(levels).get_indexer(pairs["level"].to_numpy())
    ok = (seg_pos >= 0) & (lev_pos >= 0)
    counts = np.zeros((len(segments), len(levels)), dtype=int)
    np.add.at(counts, (seg_pos[ok], lev_pos[ok]), 1)
    base_counts = counts.sum(axis=0)  # each person is in exactly one segment
    n = int(sum(sizes))
    cell_hidden, base_hidden = protect_table(counts, sizes, base_counts, k,
                                             rows_hidden=size_hidden, rows_partition=partition)
    base_rows = [{"level": str(lv), "count": None if bh else int(c),
                  "share": None if bh or not n else float(c / n), "suppressed": bool(bh)}
                 for lv, c, bh in zip(levels, base_counts, base_hidden)]
    seg_rows = {}
    for i, s in enumerate(segments):
        rows = []
        for j, lv in enumerate(levels):
            hide = bool(cell_hidden[i, j] or size_hidden[i])
            c, bc = int(counts[i, j]), int(base_counts[j])
            share = None if hide or not sizes[i] else c / sizes[i]
            base_share = None if base_hidden[j] or not n else bc / n
            index = None if share is None or not base_share else 100.0 * share / base_share
            rows.append({"level": str(lv), "count": None if hide else c,
                         "seg_share": _f(share), "base_share": _f(base_share),
                         "index": _f(index), "suppressed": hide,
                         "missing": lv == MISSING})
        seg_rows[s] = rows
    return {"levels": [str(v) for v in levels], "counts": counts, "base_counts": base_counts,
            "cell_hidden": cell_hidden, "base_hidden": base_hidden, "base": base_rows,
            "rows": seg_rows, "partition": partition}


def _chi_test(seg_row: np.ndarray, base_counts: np.ndarray, seed: int) -> dict | None:
    """A segment's counts against the rest of the base (levels as columns)."""
    table = np.vstack([seg_row, base_counts - seg_row])
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] < 2 or (table.sum(axis=1) == 0).any():
        return None
    n = table.sum()
    expected = stats.contingency.expected_freq(table)
    chi2 = float(stats.chi2_contingency(table, correction=False).statistic)
    if table.shape[1] == 2 and expected.min() < 5:
        method, p = "fisher", float(stats.fisher_exact(table).pvalue)
    elif (expected < 5).mean() > 0.2 or expected.min() < 1:
        method = "monte_carlo_chi2"
        mc = stats.MonteCarloMethod(n_resamples=MONTE_CARLO_RESAMPLES,
                                    rng=np.random.default_rng(seed))
        p = float(stats.chi2_contingency(table, correction=False, method=mc).pvalue)
    else:
        method, p = "chi2", float(stats.chi2_contingency(table, correction=False).pvalue)
    return {"method": method, "statistic": _f(chi2), "p": _f(p),
            "cramers_v": _f(math.sqrt(chi2 / n)) if n else None}


def _categorical(values: pd.Series, seg, segments, sizes, size_hidden, k, seed) -> dict:
    text = _text(values).fillna(MISSING)
    pairs = pd.DataFrame({"id": text.index, "level": text.to_numpy()})
    block = _table_block(pairs, seg, segments, sizes, size_hidden, k)
    out = {"type": "categorical", "levels": block["levels"], "base": block["base"],
           "segments": {}}
    for i, s in enumerate(segments):
        test = None
        if not size_hidden[i]:
            # Levels with a hidden cell (segment or base) are merged into one column: its
            # counts follow from published totals, so the statistic reveals no hidden cell.
            seen = ~block["cell_hidden"][i] & ~np.asarray(block["base_hidden"], dtype=bool)
            row, base = block["counts"][i], block["base_counts"]
            if not seen.all():
                row = np.r_[row[seen], row[~seen].sum()]
                base = np.r_[base[seen], base[~seen].sum()]
            test = _chi_test(row, base, seed + i)
            if test is not None:
                test.update(merged_levels=int((~seen).sum()), suppressed=False, _p=test["p"])
        out["segments"][s] = {"rows": block["rows"][s], "test": test}
    return out


def _mean_ci(x: np.ndarray):
    if len(x) < 2:
        return None
    if np.ptp(x) == 0:
        return [_f(x[0]), _f(x[0])]
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    return [_f(lo), _f(hi)]


def _median_ci(x: np.ndarray):
    """Distribution-free order-statistic 95% CI for the median (binomial ranks)."""
    n = len(x)
    r = int(stats.binom.ppf(0.025, n, 0.5))
    if n < 6 or r < 1:
        return None
    xs = np.sort(x)
    return [_f(xs[r - 1]), _f(xs[n - r])]


def _summary(x: np.ndarray, n_missing: int, hidden: bool, counts_hidden: bool = False) -> dict:
    """n, missing, mean and median with CIs; ``hidden`` hides all, ``counts_hidden`` n/missing."""
    counts_hidden = counts_hidden or hidden
    out = {"n": None if counts_hidden else len(x), "missing": None if counts_hidden else n_missing,
           "mean": None, "mean_ci": None, "median": None, "median_ci": None,
           "suppressed": hidden or counts_hidden}
    if not hidden and len(x):
        out.update(mean=_f(x.mean()), mean_ci=_mean_ci(x), median=_f(np.median(x)),
                   median_ci=_median_ci(x))
    return out


def _numeric_parts(values: pd.Series, seg, segments, sizes, size_hidden, k):
    """Per-segment valid values, with suppression of n/missing counts and of the sums."""
    numbers, unparsed = _numbers(values)
    present = pd.Series(np.where(numbers.notna(), "valid", MISSING), index=numbers.index)
    pairs = pd.DataFrame({"id": present.index, "level": present.to_numpy()})
    block = _table_block(pairs, seg, segments, sizes, size_hidden, k, levels=["valid", MISSING])
    groups = [numbers[(seg == s).to_numpy()].dropna().to_numpy() for s in segments]
    n_valid = [len(g) for g in groups]
    sums_hidden, total_hidden = protect_sums(
        n_valid, k, hidden=[bool(size_hidden[i] or block["cell_hidden"][i].any())
                            for i in range(len(segments))])
    return numbers, unparsed, block, groups, sums_hidden, total_hidden


def _numeric(values: pd.Series, seg, segments, sizes, size_hidden, k) -> dict:
    numbers, unparsed, block, groups, sums_hidden, total_hidden = _numeric_parts(
        values, seg, segments, sizes, size_hidden, k)
    allv = numbers.dropna().to_numpy()
    out = {"type": "numeric", "unparsed": None if 0 < unparsed < k else unparsed,
           "base": _summary(allv, len(numbers) - len(allv), 0 < len(allv) < k or total_hidden,
                            counts_hidden=any(block["base_hidden"])),
           "segments": {}}
    for i, s in enumerate(segments):
        x, hide = groups[i], bool(sums_hidden[i])
        summary = _summary(x, int(block["counts"][i, 1]), hide)
        rest = np.concatenate([g for j, g in enumerate(groups) if j != i] or [np.array([])])
        test = None
        if not hide and len(x) >= 2 and len(rest) >= 2 and (x.std() > 0 or rest.std() > 0):
            with warnings.catch_warnings(action="ignore", category=RuntimeWarning):
                p = float(stats.ttest_ind(x, rest, equal_var=False).pvalue)
            test = {"method": "welch_t", "statistic": None, "p": _f(p),
                    "cramers_v": None, "suppressed": False, "_p": p}
        out["segments"][s] = {**summary, "test": test}
    return out


def _value(values: pd.Series, seg, segments, sizes, size_hidden, k) -> dict:
    numbers, unparsed, block, groups, sums_hidden, total_hidden = _numeric_parts(
        values, seg, segments, sizes, size_hidden, k)
    n_valid = int(numbers.notna().sum())
    # A total over >= k people is safe to show even when the segment's count of people without a
    # value is a small cell: only n and the average (n = total / average) would reveal that count.
    sums_hidden, total_hidden = protect_sums([len(g) for g in groups], k,
                                             hidden=[bool(h) for h in size_hidden])
    counts_hidden = [bool(size_hidden[i] or block["cell_hidden"][i].any()) for i in range(len(segments))]
    grand = None if total_hidden else float(numbers.sum())
    rows = {}
    for i, s in enumerate(segments):
        x, hide = groups[i], bool(sums_hidden[i])
        hide_n = hide or counts_hidden[i]
        total = None if hide else float(x.sum())
        rows[s] = {"label": s, "n": None if hide_n else len(x), "total": _f(total),
                   "average": None if hide_n or not len(x) else _f(x.mean()),
                   "share_of_total": None if total is None or not grand else _f(total / grand),
                   "suppressed": hide}
    ranking, cum = [], 0.0
    for r in sorted((r for r in rows.values() if r["total"] is not None),
                    key=lambda r: (-r["total"], r["label"])):
        cum += r["share_of_total"] or 0.0
        ranking.append({"label": r["label"], "total": r["total"],
                        "share_of_total": r["share_of_total"], "cumulative_share": _f(cum)})
    top = []
    for r in ranking:
        top.append(r["label"])
        if (r["cumulative_share"] or 0) >= 0.8:
            break
    # n and average hidden with any base count: else n = total / average
    counts_ok = (n_valid >= k or n_valid == 0) and not any(block["base_hidden"])
    return {"total": _f(grand), "n": n_valid if counts_ok else None,
            "average": _f(grand / n_valid) if grand is not None and counts_ok and n_valid else None,
            "unparsed": None if 0 < unparsed < k else unparsed,
            "segments": rows, "ranking": ranking, "top_80": top}


def _multi(series: pd.Series, ids: pd.Index, as_level) -> pd.DataFrame:
    """(id, level) pairs for a per-person or per-item series; people without one -> missing."""
    s = series[series.index.isin(ids)]
    levels = as_level(s)
    pairs = pd.DataFrame({"id": s.index, "level": levels.to_numpy()})
    pairs = pairs[pairs["level"] != MISSING] if pairs["id"].duplicated().any() else pairs
    absent = ids.difference(pairs["id"])
    return pd.concat([pairs, pd.DataFrame({"id": absent, "level": MISSING})], ignore_index=True)


def _months(s: pd.Series) -> pd.Series:
    dt = pd.to_datetime(_text(s), errors="coerce", utc=True, format="mixed")
    return pd.Series(dt.dt.strftime("%Y-%m").fillna(MISSING).to_numpy(), index=s.index)


def _bh(profile_tests: list[dict]) -> None:
    ps = [t["_p"] for t in profile_tests]
    adj = stats.false_discovery_control(ps, method="bh") if ps else []
    for t, pa in zip(profile_tests, adj):
        t["significant"] = bool(pa < ALPHA)
        t["p_adj"] = None if t["suppressed"] else _f(pa)
        del t["_p"]


def profile_segments(attributes: pd.DataFrame, labels: pd.Series, *, k: int = MIN_CELL,
                     value_col: str | None = None, channel: pd.Series | None = None,
                     timestamps: pd.Series | None = None, categorical_cols=None,
                     numeric_cols=None, seed: int = SEED) -> dict:
    """Profile every segment (``labels``: respondent id -> segment) against the base.

    ``attributes`` is one row per respondent, indexed by respondent id (respondents
    without a row count as missing). ``channel`` and ``timestamps`` are indexed by
    respondent id and may repeat an id (one row per item): people are then counted once
    per channel / month. Returns a dict: ``k``, ``n``, ``segments`` (label -> size, share,
    ``attributes``), ``base``, ``attributes`` (types), ``value``, ``channel``, ``trend``.
    """
    if not isinstance(labels, pd.Series) or labels.index.duplicated().any():
        raise InputError("labels must be a Series with one row per respondent id")
    if labels.isna().any():
        raise InputError("labels must not contain missing values")
    if k < 1:
        raise InputError("k must be at least 1", k=k)
    if len(attributes) and len(labels) and not attributes.index.isin(labels.index).any():
        raise InputError("attributes and labels share no respondent ids")
    seg = labels.astype(int)
    attrs = attributes.reindex(seg.index)
    segments = sorted(int(s) for s in seg.unique())
    sizes = [int((seg == s).sum()) for s in segments]
    size_hidden = protect_sizes(sizes, k)
    n = len(seg)
    ctx = (seg, segments, sizes, size_hidden, k)
    if value_col is not None and value_col not in attrs.columns:
        raise ColumnError(f"value column not found: {value_col}")
    types = infer_types(attrs.drop(columns=[value_col] if value_col else []),
                        categorical_cols, numeric_cols)
    blocks = {}
    for j, (col, kind) in enumerate(types.items()):
        if kind == "categorical":
            blocks[col] = _categorical(attrs[col], *ctx, seed=seed + 1000 * j)
        elif kind == "numeric":
            blocks[col] = _numeric(attrs[col], *ctx)
    tests = [b["segments"][s]["test"] for b in blocks.values() for s in segments
             if b["segments"][s]["test"] is not None]
    _bh(tests)
    value = _value(attrs[value_col], *ctx) if value_col else None
    chan = trend = None
    if channel is not None:
        chan = _table_block(_multi(channel, seg.index, lambda s: _text(s).fillna(MISSING)),
                            seg, segments, sizes, size_hidden, k)
    if timestamps is not None:
        pairs = _multi(timestamps, seg.index, _months)
        months = sorted(set(pairs["level"]) - {MISSING}) + [MISSING]
        trend = _table_block(pairs, seg, segments, sizes, size_hidden, k, levels=months)
    out_segments = {}
    for i, s in enumerate(segments):
        hide = bool(size_hidden[i])
        out_segments[s] = {
            "label": s, "size": None if hide else sizes[i],
            "share": None if hide or not n else sizes[i] / n, "suppressed": hide,
            "attributes": {c: ({"type": b["type"], **b["segments"][s]}) for c, b in blocks.items()},
            "value": value["segments"][s] if value else None,
            "channel": chan["rows"][s] if chan else None,
            "trend": trend["rows"][s] if trend else None,
        }
    base_attrs = {c: {"type": b["type"], "base": b["base"], **(
        {"unparsed": b["unparsed"]} if b["type"] == "numeric" else {"levels": b["levels"]})}
        for c, b in blocks.items()}
    return {
        "k": k, "n": n if n >= k else None, "alpha": ALPHA, "correction": "benjamini-hochberg",
        "n_tests": len(tests), "attributes": types, "segments": out_segments,
        "base": {"attributes": base_attrs,
                 "channel": chan["base"] if chan else None,
                 "trend": trend["base"] if trend else None},
        "value": ({kk: v for kk, v in value.items() if kk != "segments"} if value else None),
    }
