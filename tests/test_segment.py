"""The segmentation core, on synthetic blobs (fast) and real text (slow)."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from feedback_seg.errors import InputError, PipelineError
from feedback_seg.pipeline.segment import (item_themes, nearest_segment, resolve_params, respondent_vectors,
                                           segment_embeddings, stability)
from feedback_seg.pipeline.segment_core import centre


def blobs(n_per=60, k=4, dim=24, spread=0.08, seed=0, n_noise=0):
    """k well-separated groups on the unit sphere, plus optional uniform noise rows."""
    rng = np.random.default_rng(seed)
    centres = np.linalg.qr(rng.normal(size=(dim, dim)))[0][:k]
    X = np.vstack([c + rng.normal(0, spread, (n_per, dim)) for c in centres])
    y = np.repeat(np.arange(k), n_per)
    if n_noise:
        X = np.vstack([X, rng.normal(0, 1, (n_noise, dim))])
        y = np.concatenate([y, -np.ones(n_noise, dtype=int)])
    return X.astype(np.float32), y


def test_segments_recover_blobs_with_pca():
    X, y = blobs()
    r = segment_embeddings(X, reducer="pca", with_map=False)
    assert r.metrics["n_segments"] == 4
    assert adjusted_rand_score(y, r.labels) > 0.95
    assert r.centroids.shape == (4, X.shape[1])
    assert np.allclose(np.linalg.norm(r.centroids, axis=1), 1, atol=1e-5)
    assert set(r.origin) <= {"model", "soft", "unassigned"}
    assert r.params["min_cluster_size"] is None  # chosen from the tree, not from the row count
    cut = r.metrics["cuts"][r.metrics["chosen_cut"]]
    assert cut["n_segments"] == 4 and cut["held_silhouette"] <= cut["silhouette"]
    assert r.params["chosen_min_cluster_size"] in {c["min_size"] for c in r.metrics["density_cuts"]}


def test_umap_is_deterministic_for_a_seed_and_gives_a_map():
    X, y = blobs(n_per=40, k=3)
    a = segment_embeddings(X, seed=3)
    b = segment_embeddings(X, seed=3)
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.confidence, b.confidence)
    assert np.array_equal(a.coords_2d, b.coords_2d)
    assert a.coords_2d.shape == (len(X), 2)
    assert normalized_mutual_info_score(y, a.labels) > 0.9
    assert a.params["reducer"] == "umap" and a.params["seed"] == 3


def test_a_direction_every_row_shares_is_taken_out_but_centroids_stay_in_input_space():
    X, y = blobs(n_per=40, k=3, spread=0.05)
    shared = np.zeros(X.shape[1], dtype=np.float32)
    shared[-1] = 4.0  # e.g. "[HANDLE]" at the start of every tweet
    r = segment_embeddings(X + shared, seed=0, with_map=False)
    assert adjusted_rand_score(y, r.labels) > 0.95
    assert (r.centroids[:, -1] > 0.9).all()  # centroids of the vectors given, not the centred ones
    C = centre(X + shared)
    assert np.abs(C.mean(axis=0)[-1]) < 0.05 and np.allclose(np.linalg.norm(C, axis=1), 1, atol=1e-5)


def test_min_samples_defaults_to_min_cluster_size():
    assert resolve_params(10_000)["min_samples"] == resolve_params(300)["min_samples"]
    assert resolve_params(500, min_cluster_size=8)["min_samples"] == 8
    assert resolve_params(500, min_samples=3)["min_samples"] == 3


def test_outliers_get_a_soft_segment_or_stay_unassigned():
    X, y = blobs(n_per=60, k=3, n_noise=30)
    loose = segment_embeddings(X, reducer="pca", soft_threshold=0.0, with_map=False)
    strict = segment_embeddings(X, reducer="pca", soft_threshold=0.5, with_map=False)
    outliers = loose.hdbscan_labels < 0
    assert outliers.any()
    # threshold 0: every HDBSCAN outlier is given its nearest segment
    assert (loose.labels >= 0).all()
    assert set(loose.origin[outliers]) == {"soft"}
    # a strict threshold leaves the atypical ones Unassigned, and only HDBSCAN outliers
    unassigned = strict.labels == -1
    assert unassigned.any() and not (unassigned & ~outliers).any()
    assert (strict.confidence[unassigned] < 0.5).all()
    assert (strict.origin[unassigned] == "unassigned").all()
    assert strict.metrics["unassigned_share"] == pytest.approx(unassigned.mean())
    # pure-noise rows are the least confident
    noise = y == -1
    assert strict.confidence[noise].mean() < strict.confidence[~noise].mean()


def test_defaults_adapt_to_size():
    small, large = resolve_params(300), resolve_params(10_000)
    assert small == large  # no default is fixed from the row count
    assert small["n_neighbors"] <= large["n_neighbors"]
    assert resolve_params(100, min_cluster_size=7)["min_cluster_size"] == 7
    with pytest.raises(PipelineError):
        resolve_params(100, cluster_selection="bogus")


def test_bad_input_is_refused():
    with pytest.raises(InputError):
        segment_embeddings(np.zeros((5, 3)))
    with pytest.raises(InputError):
        segment_embeddings(np.full((20, 3), np.nan))
    with pytest.raises(InputError):
        segment_embeddings(np.zeros(20))
    with pytest.raises(PipelineError):
        segment_embeddings(blobs()[0], reducer="tsne")


def test_stability_is_high_on_clear_blobs():
    X, _ = blobs(n_per=40, k=3)
    assert stability(X, seeds=(0, 1, 2), reducer="pca") == pytest.approx(1.0)


def test_nearest_segment_places_new_vectors_with_confidence():
    X, y = blobs(seed=1)
    res = segment_embeddings(X, reducer="pca", with_map=False)
    new, new_y = blobs(n_per=10, seed=1)
    labels, conf = nearest_segment(new, res.centroids, res.member_similarity)
    labels = np.where(conf >= res.params["soft_threshold"], labels, -1)
    # map fitted segments to blob ids, then check the new rows land in the right one
    mapping = {s: np.bincount(y[res.labels == s]).argmax() for s in range(len(res.centroids))}
    assigned = labels >= 0
    assert assigned.mean() > 0.8
    assert all(mapping[s] == t for s, t in zip(labels[assigned], new_y[assigned]))
    assert ((conf >= 0) & (conf <= 1)).all()
    far = -res.centroids[:2]  # opposite directions: nothing is as far out as these
    assert (nearest_segment(far, res.centroids, res.member_similarity)[1] < res.params["soft_threshold"]).all()



def test_respondent_vectors_average_items_per_person():
    items = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]], dtype=np.float32)
    ids, V = respondent_vectors(items, ["b", "a", "b", "c"], centre=False)
    assert ids == ["b", "a", "c"]
    assert np.allclose(V[0], np.array([1, 0, 1]) / np.sqrt(2))
    assert np.allclose(np.linalg.norm(V, axis=1), 1)


def test_respondent_vectors_centre_each_question():
    rng = np.random.default_rng(0)
    q_offset = {"q1": np.eye(8)[0] * 5, "q2": np.eye(8)[1] * 5}  # what each question makes everyone say
    person = {p: rng.normal(size=8) for p in range(20)}
    items, rids, qids = [], [], []
    for p, v in person.items():
        for q, off in q_offset.items():
            items.append(off + v + rng.normal(0, 0.05, 8))
            rids.append(p)
            qids.append(q)
    ids, centred = respondent_vectors(np.array(items), rids, qids, centre=True)
    _, raw = respondent_vectors(np.array(items), rids, qids, centre=False)
    truth = np.array([person[p] for p in ids])
    truth /= np.linalg.norm(truth, axis=1, keepdims=True)
    # centring removes the shared question directions, so people are told apart by what they say
    assert np.mean(np.sum(centred * truth, axis=1)) > np.mean(np.sum(raw * truth, axis=1)) + 0.2
    # one question only: no centring happens
    one_ids, one = respondent_vectors(np.array(items[:4]), rids[:4], ["q1"] * 4, centre=True)
    assert np.allclose(one, respondent_vectors(np.array(items[:4]), rids[:4], None)[1])
    with pytest.raises(InputError):
        respondent_vectors(np.zeros((3, 2)), ["a", "b"], None)


def test_item_themes_split_a_segment_by_content():
    X, y = blobs(n_per=40, k=2, seed=2)
    seg = np.zeros(len(X), dtype=int)  # one segment holding two kinds of items
    themes = item_themes(X, seg, seed=0)
    assert len(set(themes)) >= 2
    assert adjusted_rand_score(y, themes) > 0.5 or len(set(themes)) > 2
    assert np.array_equal(themes, item_themes(X, seg, seed=0))
    small = item_themes(X[:10], np.zeros(10, dtype=int))
    assert set(small) == {0}


@pytest.mark.slow
def test_real_banking_subset_segments_by_intent(shared):
    import pandas as pd

    from feedback_seg.evaluate import embed_cached
    from feedback_seg.nlp_models.embedders import default_embedder

    df = pd.read_csv(shared("banking77", "train.csv"))
    keep = sorted(df["category"].unique())[:8]
    df = df[df["category"].isin(keep)].groupby("category").head(60)
    X = embed_cached(df["text"].tolist(), default_embedder())
    r = segment_embeddings(X, seed=0, with_map=False)
    assert normalized_mutual_info_score(df["category"], r.labels) > 0.6
    assert r.metrics["unassigned_share"] <= 0.10
    again = segment_embeddings(X, seed=0, with_map=False)
    assert np.array_equal(r.labels, again.labels)


def test_recut_moves_along_the_stored_tree_without_reducing_again(monkeypatch):
    from feedback_seg.pipeline import segment_core
    X, y = blobs(n_per=50, k=6, n_noise=10)
    res = segment_embeddings(X, reducer="pca", with_map=False)
    assert res.metrics["n_segments"] == 6
    monkeypatch.setattr(segment_core, "reduce_dimensions", lambda *a, **k: pytest.fail("re-reduced"))
    coarse = segment_core.recut(res.hierarchy, 3, X)
    assert coarse["n_segments"] == 3 and len(np.unique(coarse["labels"][coarse["labels"] >= 0])) == 3
    # a coarser cut of one tree only joins segments: every fine segment sits inside one coarse one
    fine = res.labels >= 0
    for s in np.unique(res.labels[fine]):
        assert len(np.unique(coarse["labels"][(res.labels == s) & (coarse["labels"] >= 0)])) == 1
    back = segment_core.recut(res.hierarchy, 6, X)
    assert adjusted_rand_score(res.labels, back["labels"]) == pytest.approx(1.0)


def test_few_hundred_people_in_several_groups_give_several_segments():
    X, y = blobs(n_per=40, k=8, spread=0.12, n_noise=20)
    r = segment_embeddings(X, reducer="pca", with_map=False)
    assert r.metrics["n_segments"] >= 3
    assert r.metrics["unassigned_share"] <= 0.05
    assert adjusted_rand_score(y[y >= 0], r.labels[y >= 0]) > 0.9
    cut = r.metrics["cuts"][r.metrics["chosen_cut"]]
    assert cut["n_segments"] >= 2 and "Ward" in r.metrics["membership"]
