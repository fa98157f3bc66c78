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
    assert r["nmi"] > 0.7 and r["ari"] > 0.4 and r["unassigned_share"] <= 0.10
    assert r["n_labels"] == 10 and r["embedder"]
    assert r["accuracy"] > r["baselines"]["bertopic_default"]["accuracy"] - 0.25
    assert set(r["baselines"]) == {"bertopic_default", "bertopic_reduce_outliers", "kmeans_true_k"}
    print({k: (v["nmi"], v["ari"]) for k, v in {"ours": r, **r["baselines"]}.items()})
