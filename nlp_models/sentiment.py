"""Offline sentiment per text from the VADER lexicon (MIT, package ``vaderSentiment``).

VADER handles negation ("not good"), intensifiers ("very"), capitals, punctuation and
contrast ("but") itself; its compound score is already in [-1, 1]. Labels use VADER's
recommended cut-offs (±0.05).

>>> [round(float(s), 2) for s in score_sentiment(["I love it", "not good at all"])]
[0.64, -0.34]
>>> label([0.6, 0.0, -0.3])
['pos', 'neu', 'neg']
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

__all__ = ["score_sentiment", "label", "summarise", "NEUTRAL_BAND"]

NEUTRAL_BAND = 0.05


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def score_sentiment(texts: Sequence[str]) -> np.ndarray:
    """Compound sentiment of each text in [-1, 1] (float32); empty or missing text scores 0."""
    analyzer = _analyzer()
    out = np.zeros(len(texts), dtype=np.float32)
    for i, text in enumerate(texts):
        if isinstance(text, str) and text.strip():
            out[i] = analyzer.polarity_scores(text)["compound"]
    return out


def label(scores: Iterable[float] | float, band: float = NEUTRAL_BAND) -> list[str] | str:
    """'neg' / 'neu' / 'pos' for one score or a sequence of scores."""
    if isinstance(scores, (int, float, np.floating)):
        return _one(float(scores), band)
    return [_one(float(s), band) for s in scores]


def summarise(scores: Sequence[float], band: float = NEUTRAL_BAND) -> dict:
    """Mean score and share of neg/neu/pos for a group of items (e.g. a segment)."""
    arr = np.asarray(scores, dtype=float)
    if arr.size == 0:
        return {"n": 0, "mean": None, "neg": None, "neu": None, "pos": None}
    labels = label(arr, band)
    return {
        "n": int(arr.size),
        "mean": float(arr.mean()),
        **{k: labels.count(k) / arr.size for k in ("neg", "neu", "pos")},
    }


def _one(score: float, band: float) -> str:
    if score >= band:
        return "pos"
    if score <= -band:
        return "neg"
    return "neu"
