"""Lexical ranking for search: Okapi BM25 over the redacted texts, and reciprocal rank fusion.

BM25 (k1=1.5, b=0.75) with a bigram bonus: a query's adjacent word pairs are scored as extra
terms, so a literal phrase ("too expensive") outranks texts that hold its words apart.
Tokens are lower-cased word characters (apostrophes kept inside words).

>>> rank_bm25("too expensive", ["the price is fine", "it is too expensive", "too slow"])[:1]
[(1, 1.0)]
>>> [key for key, _ in rrf([[1, 2, 3], [3, 1]])][:2]
[1, 3]
"""
from __future__ import annotations

import math
import re
from collections import Counter

K1, B = 1.5, 0.75
RRF_K = 60                 # the usual constant of Cormack et al. (2009)
_TOKEN = re.compile(r"[\w]+(?:'[\w]+)*")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, with adjacent pairs appended as ``"a b"`` terms."""
    words = _TOKEN.findall((text or "").casefold())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def rank_bm25(query: str, texts: list[str], k: int | None = None) -> list[tuple[int, float]]:
    """``(position, score)`` of the texts matching any query term, best first, scores scaled to the best = 1."""
    q = list(dict.fromkeys(tokens(query)))
    if not q or not texts:
        return []
    docs = [Counter(tokens(t)) for t in texts]
    n = len(docs)
    avg = sum(sum(d.values()) for d in docs) / n or 1.0
    df = {t: sum(1 for d in docs if t in d) for t in q}
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in q if df[t]}
    scores = []
    for i, d in enumerate(docs):
        length = sum(d.values())
        s = sum(idf[t] * d[t] * (K1 + 1) / (d[t] + K1 * (1 - B + B * length / avg)) for t in idf if t in d)
        if s > 0:
            scores.append((i, s))
    scores.sort(key=lambda p: (-p[1], p[0]))
    top = scores[0][1] if scores else 1.0
    return [(i, round(s / top, 6)) for i, s in scores[:k]]


def rrf(rankings: list[list], k: int = RRF_K) -> list[tuple]:
    """``(key, score)`` fused by reciprocal rank (sum of 1/(k + rank)), best first; ties keep first-seen order."""
    score: dict = {}
    for ranking in rankings:
        for r, key in enumerate(ranking, 1):
            score[key] = score.get(key, 0.0) + 1.0 / (k + r)
    return sorted(score.items(), key=lambda p: -p[1])
