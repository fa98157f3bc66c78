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
from ..ingest.columns import (Scale, harmonise, key_reason, multiselect_of, scale_of, split_options,
                              technical_reason)
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
    present = series.notna().to_numpy()
    values = np.full(len(series), None, dtype=object)
    if present.any():
        stripped = series[present].astype(str).str.strip().to_numpy(dtype=object)
        stripped[stripped == ""] = None
        values[present] = stripped
    return pd.Series(values, index=series.index, dtype=object)


def _numbers(series: pd.Series) -> tuple[pd.Series, int]:
    """Parse numeric strings; returns (floats with NaN for missing/unparsed, unparsed count)."""
    text = _text(series)
    values = pd.to_numeric(text.map(lambda v: v.replace(",", "") if isinstance(v, str) else None),
                           errors="coerce")
    return values.astype(float), int((text.notna() & values.isna()).sum())


def infer_types(attributes: pd.DataFrame, categorical_cols=None, numeric_cols=None) -> dict:
    """Column -> ``"categorical"`` | ``"numeric"`` | ``"ordinal"`` | ``"multiselect"`` |
    ``"skip: <reason>"``.

    Given lists win; otherwise instrument columns (row index, timings, ids, language codes,
    stamps... see :func:`feedback_seg.ingest.columns.technical_reason`) and per-person keys
    (:func:`~feedback_seg.ingest.columns.key_reason`: kept for joins, never profiled) are skipped,
    delimiter-joined answers whose options recur are multi-selects, rating / Likert /
    frequency / NPS scales and ordered bins are ordinal, a column is numeric when ≥ 95% of
    its values parse as numbers and it has more than 20 distinct values, else categorical.
    Columns with a distinct value for every respondent (identifiers) are skipped.
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
        why = technical_reason(col, attributes[col]) if distinct else None
        if distinct == 0:
            types[col] = "skip: no values"
        elif why:
            types[col] = f"skip: technical ({why})"
        elif key := key_reason(col, attributes[col]):
            types[col] = f"skip: key ({key})"
        elif multiselect_of(attributes[col]) is not None:
            types[col] = "multiselect"
        elif scale_of(attributes[col], col) is not None:
            types[col] = "ordinal"
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


def _categorical(values: pd.Series, seg, segments, sizes, size_hidden, k, seed, *,
                 mapping: dict | None = None, levels=None, kind: str = "categorical") -> dict:
    text = _text(values)
    if mapping:
        text = text.map(lambda v: mapping.get(v, v) if v is not None else None)
    text = text.fillna(MISSING)
    pairs = pd.DataFrame({"id": text.index, "level": text.to_numpy()})
    block = _table_block(pairs, seg, segments, sizes, size_hidden, k, levels=levels)
    out = {"type": kind, "levels": block["levels"], "base": block["base"],
           "segments": {}, "_block": block}
    if mapping:
        out["harmonised"] = dict(mapping)
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
                test.update(merged_levels=int((~seen).sum()), suppressed=False, _p=test["p"],
                            effect=test["cramers_v"])
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
            pooled = math.sqrt((x.var(ddof=1) if len(x) > 1 else 0) / 2 + (rest.var(ddof=1) if len(rest) > 1 else 0) / 2)
            d = abs(x.mean() - rest.mean()) / pooled if pooled else 0.0
            test = {"method": "welch_t", "statistic": None, "p": _f(p),
                    "cramers_v": None, "suppressed": False, "_p": p,
                    "effect": _f(d / math.sqrt(d * d + 4)), "cohens_d": _f(d)}
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


def _scale_summary(x: np.ndarray, scale: Scale, hidden: bool) -> dict:
    """Mean and median of the scale scores with 95% CIs, top-2-box share and NPS (0–10 scales
    that ask about recommending); all ``None`` when ``hidden``."""
    out = {"mean": None, "mean_ci": None, "median": None, "median_ci": None, "top2": None,
           "top2_ci": None, "nps": None, "nps_ci": None, "n_on_scale": None, "suppressed": hidden}
    if hidden or not len(x):
        return out
    out.update(mean=_f(x.mean()), mean_ci=_mean_ci(x), median=_f(np.median(x)), median_ci=_median_ci(x),
               n_on_scale=int(len(x)))
    top = [scale.scores[lv] for lv in scale.top2()]
    if top:
        p = float(np.isin(x, top).mean())
        out.update(top2=p, top2_ci=_wilson(p, len(x)))
    if scale.kind == "nps":
        prom, det = float((x >= 9).mean()), float((x <= 6).mean())
        nps = 100.0 * (prom - det)
        se = 100.0 * math.sqrt(max(prom + det - (prom - det) ** 2, 0.0) / len(x))
        out.update(nps=_f(nps), nps_ci=[_f(nps - 1.96 * se), _f(nps + 1.96 * se)])
    return out


def _wilson(p: float, n: int) -> list | None:
    if n < 1:
        return None
    z = 1.959964
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return [_f(max(0.0, mid - half)), _f(min(1.0, mid + half))]


def _ordinal(values: pd.Series, scale: Scale, seg, segments, sizes, size_hidden, k, seed) -> dict:
    """An ordered scale: the level table in scale order (off-scale answers and missing last),
    scale statistics per segment, and a Mann–Whitney test against the rest of the base (the
    chi-square with merged hidden levels when a cell of the row is hidden)."""
    text = _text(values)
    off = [lv for lv in text.dropna().value_counts().index if lv not in scale.scores]
    out = _categorical(values, seg, segments, sizes, size_hidden, k, seed,
                       levels=scale.levels + off + [MISSING], kind="ordinal")
    block = out.pop("_block")
    score = text.map(lambda v: scale.scores.get(v) if v is not None else None).astype(float)
    base_hidden = bool(np.any(block["base_hidden"]))
    out["scale"] = scale.to_dict()
    out["base_summary"] = _scale_summary(score.dropna().to_numpy(), scale, base_hidden)
    for i, s in enumerate(segments):
        member = (seg == s).to_numpy()
        hidden = bool(size_hidden[i] or block["cell_hidden"][i].any())
        x, rest = score[member].dropna().to_numpy(), score[~member].dropna().to_numpy()
        entry = out["segments"][s]
        entry["summary"] = _scale_summary(x, scale, hidden)
        if not hidden and not base_hidden and len(x) >= 2 and len(rest) >= 2 and (np.ptp(x) > 0 or np.ptp(rest) > 0):
            u = stats.mannwhitneyu(x, rest, alternative="two-sided")
            r = 2.0 * float(u.statistic) / (len(x) * len(rest)) - 1.0
            entry["test"] = {"method": "mann_whitney", "statistic": None, "p": _f(u.pvalue), "cramers_v": None,
                             "rank_biserial": _f(r), "effect": _f(abs(r)), "suppressed": False,
                             "_p": float(u.pvalue)}
    return out


def _multiselect(values: pd.Series, delimiter: str, seg, segments, sizes, size_hidden, k) -> dict:
    """Per option: the share of people who chose it (people may choose several), with a 2×2 test
    of choosing it, segment against the rest; people who chose nothing count as missing."""
    text = _text(values)
    rows = []
    for pid, v in text.items():
        opts = split_options(v, delimiter) if v is not None else []
        rows += [(pid, o) for o in dict.fromkeys(opts)] or [(pid, MISSING)]
    pairs = pd.DataFrame(rows, columns=["id", "level"])
    block = _table_block(pairs, seg, segments, sizes, size_hidden, k)
    out = {"type": "multiselect", "levels": block["levels"], "base": block["base"], "segments": {},
           "delimiter": delimiter}
    n = int(sum(sizes))
    for i, s in enumerate(segments):
        seg_rows = block["rows"][s]
        for j, row in enumerate(seg_rows):
            row["test"] = None
            if row["missing"] or size_hidden[i] or block["cell_hidden"][i, j] or block["base_hidden"][j]:
                continue
            a, b = int(block["counts"][i, j]), int(block["base_counts"][j])
            table = np.array([[a, sizes[i] - a], [b - a, n - sizes[i] - (b - a)]])
            if (table.sum(axis=0) == 0).any() or (table.sum(axis=1) == 0).any():
                continue
            row["test"] = _two_by_two(table)
        out["segments"][s] = {"rows": seg_rows, "test": None}
    return out


def _two_by_two(table: np.ndarray) -> dict:
    expected = stats.contingency.expected_freq(table)
    chi2 = float(stats.chi2_contingency(table, correction=False).statistic)
    if expected.min() < 5:
        method, p = "fisher", float(stats.fisher_exact(table).pvalue)
    else:
        method, p = "chi2", float(stats.chi2_contingency(table, correction=False).pvalue)
    phi = math.sqrt(chi2 / table.sum()) if table.sum() else None
    return {"method": method, "statistic": _f(chi2), "p": _f(p), "cramers_v": _f(phi), "effect": _f(phi),
            "suppressed": False, "_p": p}


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
                     numeric_cols=None, seed: int = SEED, harmonise_overrides: dict | None = None,
                     harmonise_categories: bool = True) -> dict:
    """Profile every segment (``labels``: respondent id -> segment) against the base.

    ``attributes`` is one row per respondent, indexed by respondent id (respondents
    without a row count as missing). ``channel`` and ``timestamps`` are indexed by
    respondent id and may repeat an id (one row per item): people are then counted once
    per channel / month. Returns a dict: ``k``, ``n``, ``segments`` (label -> size, share,
    ``attributes``), ``base``, ``attributes`` (types), ``value``, ``channel``, ``trend``.

    Categorical answers are harmonised (case, spacing, spelling variants, gender spellings) unless
    ``harmonise_categories=False``; ``harmonise_overrides`` (column -> {raw: canonical}) win, and
    the mapping used is returned under ``base.attributes[col].harmonised`` (raw values are never
    changed). Ordinal columns carry ``scale`` and per-segment ``summary`` (mean, median with CIs,
    top-2-box, NPS); multi-selects carry one row per option with its own test. Every test has an
    ``effect`` (Cramér's V / φ, |rank-biserial|, or Cohen's d as r) used to order profiles.
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
            mapping = (harmonise(attrs[col], col, (harmonise_overrides or {}).get(col))
                       if harmonise_categories else dict((harmonise_overrides or {}).get(col) or {}))
            blocks[col] = _categorical(attrs[col], *ctx, seed=seed + 1000 * j, mapping=mapping)
            blocks[col].pop("_block")
        elif kind == "numeric":
            blocks[col] = _numeric(attrs[col], *ctx)
        elif kind == "ordinal":
            scale = scale_of(attrs[col], col)
            if scale is None:
                types[col] = "categorical"
                blocks[col] = _categorical(attrs[col], *ctx, seed=seed + 1000 * j)
                blocks[col].pop("_block")
            else:
                blocks[col] = _ordinal(attrs[col], scale, *ctx, seed=seed + 1000 * j)
        elif kind == "multiselect":
            ms = multiselect_of(attrs[col])
            blocks[col] = _multiselect(attrs[col], ms.delimiter if ms else ",", *ctx)
    tests = [b["segments"][s]["test"] for b in blocks.values() for s in segments
             if b["segments"][s]["test"] is not None]
    tests += [r["test"] for b in blocks.values() if b["type"] == "multiselect" for s in segments
              for r in b["segments"][s]["rows"] if r.get("test") is not None]
    _bh(tests)
    for b in blocks.values():
        if b["type"] != "multiselect":
            continue
        for s in segments:
            option_tests = [r["test"] for r in b["segments"][s]["rows"] if r.get("test")]
            if option_tests:
                best = max(option_tests, key=lambda t: (t["significant"], t["effect"] or 0))
                b["segments"][s]["test"] = {**best, "method": f"per option ({best['method']})",
                                            "options_tested": len(option_tests)}
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
            "attributes": {c: ({"type": b["type"], **b["segments"][s],
                                **{key: b[key] for key in ("harmonised", "scale") if b.get(key)}})
                           for c, b in blocks.items()},
            "value": value["segments"][s] if value else None,
            "channel": chan["rows"][s] if chan else None,
            "trend": trend["rows"][s] if trend else None,
        }
    base_attrs = {c: {"type": b["type"], "base": b["base"], **(
        {"unparsed": b["unparsed"]} if b["type"] == "numeric" else {"levels": b["levels"]}),
        **{key: b[key] for key in ("harmonised", "scale", "base_summary", "delimiter") if key in b}}
        for c, b in blocks.items()}
    return {
        "k": k, "n": n if n >= k else None, "alpha": ALPHA, "correction": "benjamini-hochberg",
        "n_tests": len(tests), "attributes": types, "segments": out_segments,
        "base": {"attributes": base_attrs,
                 "channel": chan["base"] if chan else None,
                 "trend": trend["base"] if trend else None},
        "value": ({kk: v for kk, v in value.items() if kk != "segments"} if value else None),
    }
