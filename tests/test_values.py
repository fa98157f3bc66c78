"""Value frameworks, the value scorer and the Touché evaluation."""
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from feedback_seg.nlp_models.frameworks import FrameworkError, builtin_frameworks, load_framework
from feedback_seg.nlp_models.value_eval import evaluate_on_vectors, evaluate_values, load_touche
from feedback_seg.nlp_models.value_scorer import NotFittedError, ValueScorer

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
TOUCHE = DATASETS / "touche23_values"


class FakeEmbedder:
    """Deterministic hashed bag of words, L2-normalised: texts sharing words are close."""

    fingerprint = "fake-bow-64"

    def encode(self, texts, batch_size=64):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


# -- frameworks -----------------------------------------------------------------------------
def test_builtin_frameworks_load_and_follow_the_schema():
    assert {"schwartz", "consumer_attitudes"} <= set(builtin_frameworks())
    schwartz = load_framework("schwartz")
    assert len(schwartz) == 20 and len(set(schwartz.ids)) == 20
    assert all(6 <= len(v.examples) <= 15 and v.definition for v in schwartz.values)
    consumer = load_framework("consumer_attitudes")
    assert set(consumer.ids) == {"price", "quality", "convenience", "sustainability", "status", "health",
                                 "innovation", "loyalty", "trust"}


def test_schwartz_names_match_the_touche_taxonomy():
    if not TOUCHE.is_dir():
        pytest.skip("Touché data not available")
    header = pd.read_csv(TOUCHE / "labels.tsv", sep="\t", nrows=0).columns[1:].tolist()
    assert load_framework("schwartz").names == header
    level2 = {v["level2"] for v in json.loads((TOUCHE / "values.json").read_text())["values"]}
    assert level2 == set(header)


def _write(tmp_path, text):
    path = tmp_path / "fw.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """
name: mine
values:
  - {id: a, name: A, definition: first, examples: [one, two, three]}
  - {id: b, name: B, definition: second, examples: [four, five, six]}
"""


def test_user_framework_file_loads(tmp_path):
    fw = load_framework(_write(tmp_path, GOOD))
    assert fw.name == "mine" and fw.ids == ["a", "b"] and fw.values[1].texts() == ["second", "four", "five", "six"]


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("[one, two, three]", "[one]"), "at least 3"),
    (GOOD.replace("id: b", "id: a"), "duplicate value id 'a'"),
    (GOOD.replace("name: mine", "name: 'bad name!'"), "'name' must use"),
    (GOOD.replace("definition: second, ", ""), "'definition' is required"),
    ("values: [", "not valid YAML"),
    ("- just a list", "top level must be a mapping"),
    ("name: x\nvalues: []", "at least 2 values"),
])
def test_invalid_framework_files_fail_clearly(tmp_path, text, message):
    with pytest.raises(FrameworkError, match=re.escape(message)):
        load_framework(_write(tmp_path, text))


def test_unknown_framework_name():
    with pytest.raises(FrameworkError, match="not a built-in"):
        load_framework("no_such_framework")


# -- scorer ---------------------------------------------------------------------------------
def test_zero_shot_scores_the_matching_value_highest():
    fw = load_framework("consumer_attitudes")
    emb = FakeEmbedder()
    items = ["way too expensive, hidden fees and no discounts", "please use less plastic packaging and recyclable refills",
             "I waited on hold for two hours, checkout takes too many steps"]
    scorer = ValueScorer(fw, emb).fit_zero_shot(emb.encode(items * 3))
    scores = scorer.score(emb.encode(items))
    assert scores.shape == (3, len(fw)) and scores.dtype == np.float32
    assert np.all((scores >= 0) & (scores <= 1))
    assert [fw.ids[j] for j in scores.argmax(axis=1)] == ["price", "sustainability", "convenience"]
    pred = scorer.predict(emb.encode(items))
    assert pred.dtype == bool and pred[0, fw.ids.index("price")]


def test_scorer_must_be_fitted_and_checks_shapes():
    fw = load_framework("consumer_attitudes")
    emb = FakeEmbedder()
    with pytest.raises(NotFittedError):
        ValueScorer(fw, emb).score(emb.encode(["x"]))
    with pytest.raises(ValueError, match="label_matrix"):
        ValueScorer(fw, emb).fit_labelled(emb.encode(["a", "b"]), np.zeros((2, 3)))


def _synthetic(n=300, seed=1):
    """Items whose value is signalled by words unrelated to the framework's own wording."""
    rng = np.random.default_rng(seed)
    fw = load_framework("consumer_attitudes")
    cue = {j: f"zork{j} blip{j} frob{j}" for j in range(len(fw))}
    labels = np.zeros((n, len(fw)), dtype=bool)
    texts = []
    for i in range(n):
        js = rng.choice(len(fw), size=2, replace=False)
        labels[i, js] = True
        texts.append(" ".join(cue[j] for j in js) + " filler words here")
    return fw, texts, labels


def test_labelled_examples_improve_over_zero_shot():
    from sklearn.metrics import f1_score

    fw, texts, labels = _synthetic()
    emb = FakeEmbedder()
    X = emb.encode(texts)
    zero = ValueScorer(fw, emb).fit_zero_shot(X)
    f1_zero = f1_score(labels[150:], zero.predict(X[150:]), average="macro", zero_division=0)
    labelled = ValueScorer(fw, emb).fit_zero_shot(X).fit_labelled(X[:150], labels[:150])
    assert labelled.is_labelled
    f1_k = f1_score(labels[150:], labelled.predict(X[150:]), average="macro", zero_division=0)
    assert f1_k > f1_zero + 0.1
    again = ValueScorer(fw, emb).fit_zero_shot(X).fit_labelled(X[:150], labels[:150])
    assert np.array_equal(again.score(X[150:]), labelled.score(X[150:]))


def test_value_with_one_class_keeps_zero_shot_rule():
    fw, texts, labels = _synthetic(60)
    labels[:, 0] = False
    emb = FakeEmbedder()
    X = emb.encode(texts)
    scorer = ValueScorer(fw, emb).fit_labelled(X, labels)
    assert scorer.models_[0] is None and scorer.models_[1] is not None
    zero = ValueScorer(fw, emb).fit_zero_shot(X)
    assert np.allclose(scorer.score(X)[:, 0], zero.score(X)[:, 0])


# -- evaluation -----------------------------------------------------------------------------
def _touche_folder(tmp_path, texts, labels, names):
    ids = [f"A{i:05d}" for i in range(len(texts))]
    pd.DataFrame({"Argument ID": ids, "Conclusion": "We should act", "Stance": "in favor of",
                  "Premise": texts}).to_csv(tmp_path / "arguments.tsv", sep="\t", index=False)
    frame = pd.DataFrame(labels.astype(int), columns=names)
    frame.insert(0, "Argument ID", ids)
    frame.to_csv(tmp_path / "labels.tsv", sep="\t", index=False)
    return tmp_path


def test_evaluate_values_on_a_touche_layout_folder(tmp_path):
    fw, texts, labels = _synthetic(200)
    folder = _touche_folder(tmp_path, texts, labels, fw.names)
    emb = FakeEmbedder()
    zero = evaluate_values(folder, shots=0, embedder=emb, framework=fw)
    k = evaluate_values(folder, shots=5, embedder=emb, framework=fw, folds=3, repeats=1)
    prevalence = labels.mean(axis=0)
    assert zero["n"] == 200 and set(zero["per_value_f1"]) == set(fw.names)
    assert zero["baseline_all_positive_macro_f1"] == pytest.approx(np.mean(2 * prevalence / (1 + prevalence)))
    assert k["macro_f1"] > zero["macro_f1"] and 0 < k["labelled_items_per_fit"] <= 5 * len(fw)
    assert zero["macro_f1"] == pytest.approx(np.mean(list(zero["per_value_f1"].values())), abs=1e-3)


def test_evaluate_values_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="arguments.tsv"):
        evaluate_values(tmp_path, embedder=FakeEmbedder())
    fw, texts, labels = _synthetic(20)
    folder = _touche_folder(tmp_path, texts, labels, [f"v{i}" for i in range(len(fw))])
    with pytest.raises(ValueError, match="labels lack column"):
        evaluate_values(folder, embedder=FakeEmbedder(), framework=fw)


# -- real model, real data ------------------------------------------------------------------
@pytest.fixture(scope="module")
def touche_subset():
    if not TOUCHE.is_dir():
        pytest.skip("Touché data not available")
    from feedback_seg.nlp_models.value_eval import default_embedder

    texts, labels = load_touche(TOUCHE)
    rng = np.random.default_rng(0)
    pick = np.sort(rng.choice(len(texts), size=900, replace=False))
    emb = default_embedder()
    return emb.encode([texts[i] for i in pick]), labels.iloc[pick].reset_index(drop=True), emb


@pytest.mark.slow
def test_touche_zero_shot_beats_all_positive_baseline(touche_subset):
    X, labels, emb = touche_subset
    result = evaluate_on_vectors(X, labels, emb, shots=0)
    assert result["macro_f1"] > result["baseline_all_positive_macro_f1"] + 0.03


@pytest.mark.slow
def test_touche_k_shot_improves_over_zero_shot(touche_subset):
    X, labels, emb = touche_subset
    zero = evaluate_on_vectors(X, labels, emb, shots=0)
    k20 = evaluate_on_vectors(X, labels, emb, shots=20, folds=3, repeats=1)
    assert k20["macro_f1"] > zero["macro_f1"] + 0.02
