"""Quality evaluation against labels: scores, file reading, the embedding cache, baselines."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from feedback_seg import evaluate as ev
from feedback_seg.errors import ColumnError, InputError
from feedback_seg.nlp_models.embedders import FakeEmbedder

TOPICS = {
    "card": ["my card has not arrived yet", "where is my new card", "card delivery is late",
             "still waiting for the card in the post", "when will my card arrive"],
    "refund": ["I want my money back", "please refund the payment", "refund for the returned item",
               "how long does a refund take", "the refund never came through"],
    "app": ["the app keeps crashing", "cannot log in to the app", "app shows an error on start",
            "the mobile app is frozen", "app update broke the login"],
}


def labelled(repeat=8):
    texts, labels = [], []
    for label, lines in TOPICS.items():
        for i in range(repeat):
            for line in lines:
                texts.append(f"{line} {i}")
                labels.append(label)
    return texts, labels


def test_scores_perfect_and_permuted_labels():
    y = ["a", "a", "b", "b", "c", "c"]
    perfect = ev.score(y, [2, 2, 0, 0, 1, 1])
    assert perfect["nmi"] == pytest.approx(1) and perfect["ari"] == pytest.approx(1)
    assert perfect["accuracy"] == pytest.approx(1) and perfect["unassigned_share"] == 0


def test_unassigned_counts_as_wrong_in_accuracy():
    y = ["a", "a", "b", "b"]
    s = ev.score(y, [0, -1, 1, 1])
    assert s["accuracy"] == pytest.approx(0.75)
    assert s["unassigned_share"] == pytest.approx(0.25)
    assert ev.hungarian_accuracy(y, [-1, -1, -1, -1]) == 0.0
    # one cluster can match only one label
    assert ev.hungarian_accuracy(y, [0, 0, 0, 0]) == pytest.approx(0.5)


def test_strip_placeholders_covers_every_redaction_label():
    from feedback_seg.nlp_models.redact import PLACEHOLDERS

    text = "hi " + " and ".join(PLACEHOLDERS.values()) + " bye"
    assert ev.strip_placeholders(text) == "hi " + " ".join(["and"] * (len(PLACEHOLDERS) - 1)) + " bye"
    assert ev.strip_placeholders("[HANDLE]  my bag\nis lost [URL]") == "my bag\nis lost"
    assert ev.strip_placeholders("no  placeholder \n") == "no  placeholder \n"  # untouched
    assert ev.strip_placeholders("[HANDLE] [URL]") == "[HANDLE] [URL]"  # nothing else: kept
    assert ev.strip_placeholders("[handle] stays") == "[handle] stays"


def test_evaluate_embeds_redacted_text_without_placeholders(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "CACHE_DIR", tmp_path)
    seen = []

    class Recording(FakeEmbedder):
        def encode(self, texts, batch_size=64):
            seen.extend(texts)
            return super().encode(texts)

    texts, labels = labelled(repeat=4)
    texts = [f"@user{i} {t} mail me at jo{i}@example.com" for i, t in enumerate(texts)]
    r = ev.evaluate_labelled(texts, labels, embedder=Recording(dim=64), segment_params={"reducer": "pca"})
    assert len(seen) == len(texts) and r["embedded_text"] == "redacted, placeholders stripped"
    assert not any("@" in t or "[" in t for t in seen)
    assert seen[0].startswith("my card has not arrived yet")
    with pytest.raises(InputError):
        ev.evaluate_labelled(texts, labels, embeddings=np.zeros((3, 4)))


def test_compare_needs_both_bertopic_variants_beaten_and_few_unassigned():
    ours = {"nmi": 0.5, "ari": 0.3, "accuracy": 0.6, "unassigned_share": 0.05}
    base = {"bertopic_default": {"nmi": 0.4, "ari": 0.2, "accuracy": 0.5},
            "bertopic_reduce_outliers": {"nmi": 0.45, "ari": 0.25, "accuracy": 0.55},
            "kmeans_true_k": {"nmi": 0.6, "ari": 0.4, "accuracy": 0.7}}
    c = ev.compare(ours, base)
    assert c["ok"] and c["beats_bertopic"] and c["unassigned_within_limit"]
    assert c["margins"]["kmeans_true_k"]["nmi"] == pytest.approx(-0.1)
    assert not ev.compare({**ours, "ari": 0.22}, base)["beats_bertopic"]
    crowded = ev.compare({**ours, "unassigned_share": 0.2}, base)
    assert crowded["beats_bertopic"] and not crowded["ok"]


def test_embed_cache_reuses_vectors(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "CACHE_DIR", tmp_path)

    class Counting(FakeEmbedder):
        calls = 0

        def encode(self, texts, batch_size=64):
            Counting.calls += 1
            return super().encode(texts)

    emb = Counting()
    a = ev.embed_cached(["one", "two"], emb)
    b = ev.embed_cached(["one", "two"], emb)
    assert Counting.calls == 1 and np.array_equal(a, b)
    assert len(list(tmp_path.glob("*.npy"))) == 1
    ev.embed_cached(["one", "three"], emb)
    assert Counting.calls == 2


def test_evaluate_labelled_with_fake_embedder(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "CACHE_DIR", tmp_path)
    texts, labels = labelled()
    r = ev.evaluate_labelled(texts, labels, embedder=FakeEmbedder(dim=64),
                             segment_params={"reducer": "pca"})
    assert r["n"] == len(texts) and r["n_labels"] == 3
    assert 0 <= r["unassigned_share"] <= 1
    assert r["nmi"] > 0.5
    assert r["params"]["reducer"] == "pca"
    with pytest.raises(InputError):
        ev.evaluate_labelled(texts, labels[:-1], embedder=FakeEmbedder())


def test_evaluate_file_skips_empty_labels_and_counts_them(tmp_path, monkeypatch):
    monkeypatch.setattr(ev, "CACHE_DIR", tmp_path / "cache")
    texts, labels = labelled()
    labels[0] = ""
    texts[1] = "  "
    path = tmp_path / "labelled.csv"
    pd.DataFrame({"body": texts, "topic": labels}).to_csv(path, index=False)
    r = ev.evaluate_file(path, "body", "topic", embedder=FakeEmbedder(dim=64),
                         segment_params={"reducer": "pca"})
    assert r["rows_in"] == len(texts)
    assert r["rows_skipped_empty_label"] == 1 and r["rows_skipped_empty_text"] == 1
    assert r["rows_used"] == r["n"] == len(texts) - 2
    few = ev.evaluate_file(path, "body", "topic", limit=30, embedder=FakeEmbedder(dim=64),
                           segment_params={"reducer": "pca"}, seed=1)
    assert few["n"] == few["rows_used"] == 30 and few["rows_beyond_limit"] == len(texts) - 32
    assert few["seed"] == 1
    with pytest.raises(InputError):
        ev.evaluate_file(path, "body", "topic", limit=3, embedder=FakeEmbedder())
    with pytest.raises(ColumnError):
        ev.evaluate_file(path, "text", "topic", embedder=FakeEmbedder())
    with pytest.raises(InputError):
        ev.evaluate_file(tmp_path / "missing.csv", "body", "topic")


def test_baselines_run_on_the_same_embeddings():
    pytest.importorskip("bertopic")
    rng = np.random.default_rng(0)
    centres = np.linalg.qr(rng.normal(size=(16, 16)))[0][:3]
    X = np.vstack([c + rng.normal(0, 0.05, (40, 16)) for c in centres]).astype(np.float32)
    labels = np.repeat(["a", "b", "c"], 40).tolist()
    texts = [f"{lab} text {i}" for i, lab in enumerate(labels)]
    out = ev.run_baselines(texts, X, np.asarray(labels), seed=0)
    assert set(out) == {"bertopic_default", "bertopic_reduce_outliers", "kmeans_true_k"}
    assert out["kmeans_true_k"]["ari"] > 0.95
    assert out["bertopic_reduce_outliers"]["unassigned_share"] <= out["bertopic_default"]["unassigned_share"]
    for scores in out.values():
        assert {"nmi", "ari", "accuracy", "unassigned_share", "seconds"} <= set(scores)


@pytest.mark.slow
def test_real_model_on_a_banking_subset(shared):
    df = pd.read_csv(shared("banking77", "train.csv"))
    keep = sorted(df["category"].unique())[:10]
    df = df[df["category"].isin(keep)].groupby("category").head(50)
    r = ev.evaluate_labelled(df["text"].tolist(), df["category"].tolist(), baselines=True, seed=0)
    # a shape of few large sharp groups (10 intents x 50): the default level finds about 10, not 26
    assert r["nmi"] > 0.85 and r["ari"] > 0.7 and r["unassigned_share"] <= 0.05
    assert 8 <= r["n_segments"] <= 16
    assert r["n_labels"] == 10 and r["embedder"]
    assert r["accuracy"] > r["baselines"]["bertopic_reduce_outliers"]["accuracy"] - 0.05
    assert set(r["baselines"]) == {"bertopic_default", "bertopic_reduce_outliers", "kmeans_true_k"}
    assert set(r["comparison"]["margins"]) == set(r["baselines"])
    print({k: (v["nmi"], v["ari"]) for k, v in {"ours": r, **r["baselines"]}.items()})


def test_describe_quality_scores_names_and_keyword_overlap():
    texts, labels = labelled(repeat=4)
    codes = {"card": 0, "refund": 1, "app": 2}
    pred = [codes[l] for l in labels]
    label_names = {"card": "card_arrival", "refund": "Request refund", "app": "app/crash"}
    d = ev.describe_quality(texts, pred, [label_names[l] for l in labels])
    assert d["name_agreement"] == 1.0                      # each name shares a lemma with its label
    assert {r["majority_label"] for r in d["names"]} == set(label_names.values())
    assert d["keyword_overlap"]["max_overlap"] <= 0.3 and d["keyword_overlap"]["pairs"] == []
    # names compared with the wrong labels disagree
    wrong = {"card": "app/crash", "refund": "card_arrival", "app": "Request refund"}
    assert ev.describe_quality(texts, pred, [wrong[l] for l in labels])["name_agreement"] == 0.0
    # two segments cut from one topic say the same things: a near-duplicate pair
    halves = [0 if l == "card" and i % 2 else 1 if l == "card" else codes[l] + 1 for i, l in enumerate(labels)]
    dup = ev.describe_quality(texts, halves)["keyword_overlap"]
    assert "name_agreement" not in ev.describe_quality(texts, halves)
    assert dup["max_overlap"] >= 0.3 and dup["pairs"] and "card" in dup["pairs"][0]["shared"]
    assert ev.name_agrees("Card · arrive · delivery", "card_arrival")
    assert not ev.name_agrees("Refund · money", "card_arrival")


def test_evaluate_command_reports_name_agreement_and_overlap(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from feedback_seg.cli import cli
    from feedback_seg.nlp_models import embedders

    monkeypatch.setattr(ev, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(embedders, "default_embedder", lambda: FakeEmbedder(dim=64))
    texts, labels = labelled(repeat=4)
    path = tmp_path / "labelled.csv"
    pd.DataFrame({"body": texts, "topic": labels}).to_csv(path, index=False)
    res = CliRunner().invoke(cli, ["evaluate", "--data", str(path), "--text-col", "body",
                                   "--label-col", "topic", "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)["descriptions"]
    assert 0.0 <= d["name_agreement"] <= 1.0 and len(d["names"]) == json.loads(res.output)["n_segments"]
    assert 0.0 <= d["keyword_overlap"]["max_overlap"] <= 1.0
    plain = CliRunner().invoke(cli, ["evaluate", "--data", str(path), "--text-col", "body",
                                     "--label-col", "topic"])
    assert plain.exit_code == 0 and "name agreement:" in plain.output and "keyword overlap" in plain.output
    off = CliRunner().invoke(cli, ["evaluate", "--data", str(path), "--text-col", "body",
                                   "--label-col", "topic", "--no-describe", "--json"])
    assert off.exit_code == 0 and "descriptions" not in json.loads(off.output)
