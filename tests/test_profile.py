"""Segment profiles: composition, index, tests with BH, CIs, value, channels, trend."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from feedback_seg.errors import ColumnError, InputError
from feedback_seg.pipeline.profile import (MISSING, _mean_ci, _median_ci, infer_types,
                                           profile_segments)
from feedback_seg.pipeline.profile_text import summary_line, top_over_indexed

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def _hand_data():
    """100 people: segment 0 (40) is 30 a / 10 b; segment 1 (60) is 20 a / 40 b."""
    ids = [f"r{i}" for i in range(100)]
    labels = pd.Series([0] * 40 + [1] * 60, index=ids)
    a = ["a"] * 30 + ["b"] * 10 + ["a"] * 20 + ["b"] * 40
    c = (["x", "y"] * 50)
    return pd.DataFrame({"A": a, "C": c}, index=ids), labels


def _manual_bh(ps):
    m = len(ps)
    order = np.argsort(ps)
    adj = np.empty(m)
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * m / rank)
        adj[i] = running
    return adj


def test_index_shares_and_chi_square_by_hand():
    attrs, labels = _hand_data()
    prof = profile_segments(attrs, labels)
    rows = {r["level"]: r for r in prof["segments"][0]["attributes"]["A"]["rows"]}
    assert rows["a"]["count"] == 30 and math.isclose(rows["a"]["seg_share"], 0.75)
    assert math.isclose(rows["a"]["base_share"], 0.5)
    assert math.isclose(rows["a"]["index"], 150.0)
    assert math.isclose(rows["b"]["index"], 0.25 / 0.5 * 100)
    test = prof["segments"][0]["attributes"]["A"]["test"]
    ref = stats.chi2_contingency([[30, 10], [20, 40]], correction=False)
    assert test["method"] == "chi2" and math.isclose(test["p"], ref.pvalue)
    assert math.isclose(test["cramers_v"], math.sqrt(ref.statistic / 100))
    assert test["significant"]
    assert not prof["segments"][0]["attributes"]["C"]["test"]["significant"]


def test_benjamini_hochberg_across_all_tests_of_the_run():
    rng = np.random.default_rng(1)
    ids = [f"r{i}" for i in range(300)]
    labels = pd.Series(rng.integers(0, 3, 300), index=ids)
    attrs = pd.DataFrame({f"q{j}": rng.choice(["yes", "no", "maybe"], 300) for j in range(4)},
                         index=ids)
    attrs["skew"] = np.where(labels == 2, "yes", rng.choice(["yes", "no"], 300))
    prof = profile_segments(attrs, labels)
    tests = [b["test"] for s in prof["segments"].values() for b in s["attributes"].values()]
    assert prof["n_tests"] == len(tests) == 15
    ps = np.array([t["p"] for t in tests])
    assert np.allclose([t["p_adj"] for t in tests], _manual_bh(ps))
    assert [t["significant"] for t in tests] == list(_manual_bh(ps) < 0.05)
    assert prof["segments"][2]["attributes"]["skew"]["test"]["significant"]


def test_small_tables_use_fisher_or_monte_carlo():
    ids = [f"r{i}" for i in range(60)]
    labels = pd.Series([0] * 8 + [1] * 52, index=ids)
    attrs = pd.DataFrame({"two": ["rare"] * 6 + ["common"] * 2 + ["rare"] * 2 + ["common"] * 50,
                          "many": (["p"] * 5 + ["q"] * 3 + ["q", "r", "s", "t"] * 13)},
                         index=ids)
    # k = 5: the cell of 2 and its complement 6 are hidden, merged, and leave no test
    assert profile_segments(attrs, labels)["segments"][0]["attributes"]["two"]["test"] is None
    prof = profile_segments(attrs, labels, k=2)
    two = prof["segments"][0]["attributes"]["two"]["test"]
    assert two["method"] == "fisher"
    assert math.isclose(two["p"], stats.fisher_exact([[6, 2], [2, 50]]).pvalue)
    many = prof["segments"][0]["attributes"]["many"]["test"]
    assert many["method"] == "monte_carlo_chi2" and 0 < many["p"] <= 1
    assert profile_segments(attrs, labels, k=2) == prof     # seeded: reproducible


def test_types_inferred_and_missing_reported():
    ids = [f"r{i}" for i in range(60)]
    attrs = pd.DataFrame({
        "age": [str(18 + i) for i in range(53)] + ["", "", " ", "n/a", "", "", "40"],
        "likert": [str(1 + i % 5) for i in range(60)],
        "region": ["North", "South", ""] * 20,
        "email_id": [f"id{i}" for i in range(60)],
    }, index=ids)
    types = infer_types(attrs)
    assert types["age"] == "numeric" and types["likert"] == "ordinal"   # a 1–5 rating is ordered
    assert types["region"] == "categorical" and types["email_id"].startswith("skip")
    labels = pd.Series([0] * 30 + [1] * 30, index=ids)
    prof = profile_segments(attrs, labels)
    base_region = {r["level"]: r["count"] for r in prof["base"]["attributes"]["region"]["base"]}
    assert base_region[MISSING] == 20
    age = prof["base"]["attributes"]["age"]
    assert age["base"]["n"] == 54 and age["base"]["missing"] == 6
    assert age["unparsed"] is None                      # one "n/a": 1 < k, so hidden
    assert "email_id" not in prof["base"]["attributes"]
    with pytest.raises(ColumnError):
        profile_segments(attrs, labels, categorical_cols=["nope"])


def test_mean_and_median_ci_cover_the_truth_in_a_seeded_simulation():
    rng = np.random.default_rng(42)
    hits_mean = hits_median = 0
    for _ in range(400):
        x = rng.exponential(2.0, size=40)          # skewed: mean 2, median 2 ln 2
        lo, hi = _mean_ci(x)
        hits_mean += lo <= 2.0 <= hi
        lo, hi = _median_ci(x)
        hits_median += lo <= 2 * math.log(2) <= hi
    assert 0.90 <= hits_mean / 400 <= 0.99
    assert 0.92 <= hits_median / 400 <= 1.0


def test_numeric_profile_segment_against_base():
    rng = np.random.default_rng(5)
    ids = [f"r{i}" for i in range(200)]
    labels = pd.Series([0] * 100 + [1] * 100, index=ids)
    spend = np.r_[rng.normal(50, 10, 100), rng.normal(80, 10, 100)].round(2)
    attrs = pd.DataFrame({"spend": spend.astype(str)}, index=ids)
    prof = profile_segments(attrs, labels, numeric_cols=["spend"])
    seg = prof["segments"][1]["attributes"]["spend"]
    assert math.isclose(seg["mean"], spend[100:].mean())
    assert seg["mean_ci"][0] < 80 < seg["mean_ci"][1]
    assert seg["median_ci"][0] <= seg["median"] <= seg["median_ci"][1]
    assert seg["test"]["method"] == "welch_t" and seg["test"]["significant"]
    assert math.isclose(prof["base"]["attributes"]["spend"]["base"]["mean"], spend.mean())


def test_value_totals_shares_and_pareto_ranking():
    ids = [f"r{i}" for i in range(60)]
    labels = pd.Series([0] * 10 + [1] * 20 + [2] * 30, index=ids)
    value = [100.0] * 10 + [5.0] * 20 + [2.0] * 30           # 1000, 100, 60 -> 1160
    attrs = pd.DataFrame({"clv": [str(v) for v in value]}, index=ids)
    prof = profile_segments(attrs, labels, value_col="clv")
    v = prof["value"]
    assert v["total"] == 1160 and [r["label"] for r in v["ranking"]] == [0, 1, 2]
    assert math.isclose(prof["segments"][0]["value"]["share_of_total"], 1000 / 1160)
    assert math.isclose(prof["segments"][1]["value"]["average"], 5.0)
    assert math.isclose(v["ranking"][1]["cumulative_share"], 1100 / 1160)
    assert v["top_80"] == [0]
    assert "clv" not in prof["attributes"]


def test_channel_mix_counts_people_once_and_trend_by_month():
    ids = [f"r{i}" for i in range(40)]
    labels = pd.Series([0] * 20 + [1] * 20, index=ids)
    item_ids = ids + ids[:10]                                   # 10 people wrote twice
    channel = pd.Series(["survey"] * 40 + ["ticket"] * 10, index=item_ids)
    stamps = pd.Series(["2024-01-03"] * 25 + ["2024-02-10T08:00:00Z"] * 15 + [""] * 10,
                       index=item_ids)
    prof = profile_segments(pd.DataFrame(index=ids), labels, channel=channel, timestamps=stamps)
    ch = {r["level"]: r for r in prof["segments"][0]["channel"]}
    assert ch["survey"]["count"] == 20 and ch["ticket"]["count"] == 10
    assert math.isclose(ch["ticket"]["seg_share"], 0.5) and math.isclose(ch["ticket"]["index"], 200)
    months = {r["level"]: r["count"] for r in prof["base"]["trend"]}
    assert months["2024-01"] == 25 and months["2024-02"] == 15 and months[MISSING] == 0


def test_input_errors_and_json():
    attrs, labels = _hand_data()
    with pytest.raises(InputError):
        profile_segments(attrs, pd.concat([labels, labels]))
    with pytest.raises(InputError):
        profile_segments(attrs.set_axis([f"z{i}" for i in range(100)]), labels)
    with pytest.raises(ColumnError):
        profile_segments(attrs, labels, value_col="revenue")
    text = json.dumps(profile_segments(attrs, labels))
    assert "NaN" not in text


def test_top_over_indexed_summary():
    attrs, labels = _hand_data()
    prof = profile_segments(attrs, labels)
    top = top_over_indexed(prof, segment=0)
    assert top[0]["attribute"] == "A" and top[0]["level"] == "a" and top[0]["significant"]
    assert summary_line(prof["segments"][0]).startswith("Over-indexes on: A a (index 150)")
    with pytest.raises(InputError):
        top_over_indexed(prof)


@pytest.mark.slow
def test_end_to_end_osmi_known_and_planted_skews():
    path = DATASETS / "osmi" / "osmi_2014_googleforms.csv"
    if not path.exists():
        pytest.skip("shared datasets not available")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.index = [f"osmi{i}" for i in range(len(df))]
    family = "Do you have a family history of mental illness?"
    treatment = "Have you sought treatment for a mental health condition?"
    remote = "Do you work remotely (outside of an office) at least 50% of the time?"
    labels = pd.Series(np.where(df[family] == "Yes", 0, 1), index=df.index)
    # a planted segment: 60 remote workers and 20 others, taken from segment 1
    rng = np.random.default_rng(7)
    pool1 = df.index[(labels == 1) & (df[remote] == "Yes")]
    pool2 = df.index[(labels == 1) & (df[remote] == "No")]
    labels[rng.choice(pool1, 60, replace=False)] = 2
    labels[rng.choice(pool2, 20, replace=False)] = 2
    attrs = df[["Age", "Gender", "Country", remote, treatment]]
    prof = profile_segments(attrs, labels, timestamps=df["Timestamp"])
    json.dumps(prof)
    assert prof["attributes"]["Age"] == "numeric"
    t = prof["segments"][0]["attributes"][treatment]
    yes = next(r for r in t["rows"] if r["level"] == "Yes")
    assert t["test"]["significant"] and yes["index"] > 130        # known association
    planted = prof["segments"][2]["attributes"][remote]
    assert planted["test"]["significant"]
    assert next(r for r in planted["rows"] if r["level"] == "Yes")["index"] > 200
    # free-text Gender: rare spellings are hidden, never shown below k
    for s in prof["segments"].values():
        for r in s["attributes"]["Gender"]["rows"]:
            assert r["count"] is None or r["count"] == 0 or r["count"] >= 5
    assert treatment in [d["attribute"] for d in top_over_indexed(prof, segment=0)]
    # a random split is not significant on the known association after BH
    shuffled = pd.Series(rng.permutation(labels.to_numpy()), index=labels.index)
    null = profile_segments(attrs[[treatment]], shuffled)
    assert not any(s["attributes"][treatment]["test"]["significant"]
                   for s in null["segments"].values())
