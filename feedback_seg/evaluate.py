"""Built-in quality evaluation: segment labelled texts and score the segments against the labels.

Each row is one respondent. As in the product, texts are PII-redacted and the bare placeholders
(``[HANDLE]``, ``[URL]`` ...) are left out of the text that is embedded (:func:`strip_placeholders`).
The product's defaults are scored by NMI, ARI, accuracy (Hungarian matching; Unassigned counts as
wrong) and the Unassigned share. With ``baselines=True`` the same embeddings also go through
BERTopic (defaults, and defaults + ``reduce_outliers``) and k-means told the true number of labels.
Outliers / Unassigned count as one cluster in NMI and ARI.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Callable

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

from .errors import ColumnError, InputError, PipelineError, UnreadableFileError
from .pipeline.prepare import embedding_input as strip_placeholders  # noqa: F401 - the product's rule
from .pipeline.segment_core import segment_embeddings

CACHE_DIR = Path(os.environ.get("FEEDBACK_SEG_CACHE", Path.home() / ".cache" / "feedback-seg")) / "eval"
BERTOPIC_BASELINES = ("bertopic_default", "bertopic_reduce_outliers")
MAX_UNASSIGNED = 0.10


def score(labels_true, labels_pred) -> dict:
    """NMI, ARI, Hungarian accuracy (``-1`` never matches) and Unassigned share."""
    y = np.asarray(labels_true)
    p = np.asarray(labels_pred)
    return {"nmi": float(normalized_mutual_info_score(y, p)),
            "ari": float(adjusted_rand_score(y, p)),
            "accuracy": hungarian_accuracy(y, p),
            "unassigned_share": float((p == -1).mean()),
            "n_segments": int(len(np.unique(p[p != -1])))}


def hungarian_accuracy(labels_true, labels_pred) -> float:
    """Share of rows whose cluster maps to their label under the best one-to-one matching."""
    y = np.asarray(labels_true)
    p = np.asarray(labels_pred)
    keep = p != -1
    if not keep.any():
        return 0.0
    table = contingency_matrix(y[keep], p[keep])
    rows, cols = linear_sum_assignment(-table)
    return float(table[rows, cols].sum() / len(y))


def embed_cached(texts: list[str], embedder) -> np.ndarray:
    """Embed ``texts``, caching the matrix under ``~/.cache/feedback-seg/eval``."""
    digest = hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()[:24]
    fingerprint = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(embedder.fingerprint))
    path = CACHE_DIR / f"{fingerprint}-{digest}.npy"
    if path.exists():
        X = np.load(path)
        if X.shape[0] == len(texts):
            return X
    X = np.asarray(embedder.encode(texts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, X)
    os.replace(tmp, path)
    return X


def evaluate_labelled(texts: list[str], labels: list[str], *, embedder=None, baselines: bool = False,
                      seed: int = 0, redact: bool = True, embeddings: np.ndarray | None = None,
                      segment_params: dict | None = None, describe: bool = True) -> dict:
    """Segment ``texts`` with the product's defaults and score them against ``labels``.

    As in the product, texts are PII-redacted and embedded without the placeholders
    (``redact=False`` skips both); the baselines get the same texts and embeddings.
    ``embeddings`` skips embedding (rows must match ``texts``); otherwise ``embedder`` (default:
    ``feedback_seg.nlp_models.embedders.default_embedder()``) is used through the on-disk cache.
    With ``baselines``, ``comparison`` says whether the defaults beat both BERTopic variants on
    NMI and ARI with at most 10% Unassigned. With ``describe`` (default), ``descriptions`` holds
    the segments' keyword overlap and name agreement (:func:`describe_quality`).
    """
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels")
    original = list(texts)
    if redact:
        from feedback_seg.nlp_models.redact import redact as redact_text
        texts = [redact_text(t)[0] for t in texts]
    embedded_text = "given"
    if embeddings is None:
        if embedder is None:
            from feedback_seg.nlp_models.embedders import default_embedder
            embedder = default_embedder()
        embed_texts = [strip_placeholders(t) for t in texts] if redact else list(texts)
        embeddings = embed_cached(embed_texts, embedder)
        embedded_text = "redacted, placeholders stripped" if redact else "as given"
    elif len(embeddings) != len(texts):
        raise InputError(f"{len(embeddings)} embeddings for {len(texts)} texts")
    X = np.asarray(embeddings, dtype=np.float32)
    y = np.asarray([str(v) for v in labels])
    t0 = time.perf_counter()
    result = segment_embeddings(X, seed=seed, with_map=False, with_validity=False,
                                **(segment_params or {}))
    out = {**score(y, result.labels), "n_labels": int(len(np.unique(y))), "n": len(y),
           "seconds": round(time.perf_counter() - t0, 2), "params": result.params,
           "seed": int(seed), "redacted": bool(redact),
           "embedded_text": embedded_text,
           "embedder": getattr(embedder, "fingerprint", None) if embedder is not None else "given"}
    if describe:   # as the product does: the text pipeline redacts and masks PII itself
        out["descriptions"] = describe_quality(original if redact else texts, result.labels, y)
    if baselines:
        out["baselines"] = run_baselines(list(texts), X, y, seed=seed)
        out["comparison"] = compare(out, out["baselines"])
    return out


def compare(ours: dict, baselines: dict) -> dict:
    """Margins of the defaults over each baseline, and whether they beat both BERTopic variants."""
    margins = {name: {m: round(ours[m] - b[m], 4) for m in ("nmi", "ari", "accuracy")}
               for name, b in baselines.items()}
    beats = all(margins[b][m] > 0 for b in BERTOPIC_BASELINES if b in margins for m in ("nmi", "ari"))
    within = ours["unassigned_share"] <= MAX_UNASSIGNED
    return {"margins": margins, "beats_bertopic": bool(beats), "unassigned_within_limit": bool(within),
            "ok": bool(beats and within)}


def run_baselines(texts: list[str], X: np.ndarray, y: np.ndarray, *, seed: int = 0) -> dict:
    """BERTopic (defaults, seeded UMAP), BERTopic + reduce_outliers, and k-means with the true k."""
    out = {}
    for name, fit in _baseline_fits(texts, X, len(np.unique(y)), seed).items():
        t0 = time.perf_counter()
        pred = fit()
        out[name] = {**score(y, pred), "seconds": round(time.perf_counter() - t0, 2)}
    return out


def _baseline_fits(texts, X, k: int, seed: int) -> dict[str, Callable[[], np.ndarray]]:
    state: dict = {}

    def bertopic_default():
        try:
            from bertopic import BERTopic
            from umap import UMAP
        except ImportError as exc:  # optional dependency: pip install feedback-seg[baselines]
            raise PipelineError("BERTopic baselines need the 'baselines' extra (bertopic)") from exc
        umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                          random_state=seed)
        model = BERTopic(umap_model=umap_model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            topics, _ = model.fit_transform(texts, X)
        state.update(model=model, topics=list(topics))
        return np.asarray(topics)

    def bertopic_reduce_outliers():
        if -1 not in state["topics"]:
            return np.asarray(state["topics"])
        return np.asarray(state["model"].reduce_outliers(texts, state["topics"], strategy="embeddings",
                                                         embeddings=X))

    def kmeans_true_k():
        from sklearn.cluster import KMeans
        return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)

    return {"bertopic_default": bertopic_default, "bertopic_reduce_outliers": bertopic_reduce_outliers,
            "kmeans_true_k": kmeans_true_k}


def load_labelled(path, text_col: str, label_col: str, *, filter_nonempty_label: bool = True,
                  limit: int | None = None) -> tuple[list[str], list[str], dict]:
    """Texts and labels from a CSV/TSV/XLSX/Parquet file, and counts of the rows skipped.

    Rows with an empty text are skipped, and so (with ``filter_nonempty_label``) are rows with
    an empty label; ``limit`` keeps the first that many usable rows.
    """
    if limit is not None and limit < 10:
        raise InputError(f"limit must be at least 10 rows, got {limit}")
    df = _read_table(Path(path))
    for col in (text_col, label_col):
        if col not in df.columns:
            raise ColumnError(f"column {col!r} not found; columns are: {', '.join(map(str, df.columns))}")
    text = df[text_col].fillna("").astype(str).str.strip()
    label = df[label_col].fillna("").astype(str).str.strip()
    empty_text = text == ""
    empty_label = (label == "") & ~empty_text
    keep = ~empty_text & (~empty_label if filter_nonempty_label else True)
    if keep.sum() < 10:
        raise InputError(f"only {int(keep.sum())} usable labelled rows in {Path(path).name}")
    texts, labels = text[keep].tolist()[:limit], label[keep].tolist()[:limit]
    counts = {"file": str(path), "rows_in": int(len(df)), "rows_used": len(texts),
              "rows_skipped_empty_text": int(empty_text.sum()),
              "rows_skipped_empty_label": int(empty_label.sum()) if filter_nonempty_label else 0,
              "rows_beyond_limit": int(keep.sum()) - len(texts)}
    return texts, labels, counts


def evaluate_file(path, text_col: str, label_col: str, *, filter_nonempty_label: bool = True,
                  limit: int | None = None, **kwargs) -> dict:
    """Read a labelled file (see :func:`load_labelled`) and run :func:`evaluate_labelled` on it.

    Keyword arguments (``baselines``, ``seed``, ``embedder`` ...) go to :func:`evaluate_labelled`.
    """
    texts, labels, counts = load_labelled(path, text_col, label_col,
                                          filter_nonempty_label=filter_nonempty_label, limit=limit)
    return {**evaluate_labelled(texts, labels, **kwargs), **counts}


def _read_table(path: Path):
    import pandas as pd

    if not path.is_file():
        raise InputError(f"file not found: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path)
        if suffix == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, sep=None if suffix in (".tsv", ".txt") else ",", engine="python"
                           if suffix in (".tsv", ".txt") else "c", dtype=str, keep_default_na=False)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise UnreadableFileError(f"cannot read {path.name}: {exc}") from exc


# --- descriptions: keyword overlap and name agreement ----------------------------------------
def describe_quality(texts: list[str], labels_pred, labels_true=None, *, top_n: int = 10) -> dict:
    """Keywords and auto names of the predicted segments, as the product builds them, scored.

    Always: the largest top-``top_n`` keyword overlap between two segments and the near-duplicate
    pairs (:func:`keyword_overlap`). With ``labels_true``: **name agreement**, the share of
    segments whose name shares a content lemma with the name of the segment's majority label
    (label names split on ``_``, ``-``, ``/`` and spaces, lemmatised like the answers).
    Names here are content-only (no value prefix: values are scored after a run).
    """
    from feedback_seg.nlp_models.spacy_pipeline import prepare_texts

    from .pipeline.describe import auto_name, distinctive_keywords, keyword_overlap

    pred = np.asarray(labels_pred)
    prepared = prepare_texts(list(texts))
    tokens = [p.lemmas + p.noun_phrases for p in prepared]
    keywords = distinctive_keywords(tokens, pred.tolist(), top_n=top_n)
    sizes = {int(c): int((pred == c).sum()) for c in np.unique(pred) if c != -1}
    names: dict[int, str] = {}
    for c in sorted(sizes, key=lambda c: (-sizes[c], c)):
        names[c] = auto_name(keywords.get(c, []), taken=set(names.values()))
    out = {"keyword_overlap": keyword_overlap({names[c]: keywords.get(c, []) for c in names}, top_n=top_n)}
    if labels_true is not None:
        y = np.asarray([str(v) for v in labels_true])
        rows = []
        for c in names:
            majority = Counter(y[pred == c].tolist()).most_common(1)[0][0]
            rows.append({"segment": c, "size": sizes[c], "name": names[c], "majority_label": majority,
                         "agrees": name_agrees(names[c], majority)})
        out["name_agreement"] = round(float(np.mean([r["agrees"] for r in rows])), 3) if rows else None
        out["names"] = rows
    return out


def content_lemmas(text: str) -> set[str]:
    """Lower-case lemmas of the content words of a name or label name (``card_arrival``)."""
    from feedback_seg.nlp_models.spacy_pipeline import prepare_texts

    words = re.sub(r"[_/\-·:,()]+", " ", str(text))
    return set(prepare_texts([words])[0].lemmas)


def name_agrees(name: str, label_name: str) -> bool:
    """Whether a segment name and a label name share a content lemma."""
    return bool(content_lemmas(name) & content_lemmas(label_name))
