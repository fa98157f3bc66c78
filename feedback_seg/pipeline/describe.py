"""Segment descriptions: c-TF-IDF keywords, representative quotes (MMR), automatic names.

Pure functions over lists and arrays. Tokens (lemmas and noun phrases) come from the
caller's text preparation; this module only filters and weighs them.

>>> kw = keywords_ctfidf([["price", "cheap"], ["delivery", "late"]], [0, 1], top_n=1)
>>> kw[0][0][0], kw[1][0][0]
('cheap', 'delivery')
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from ..config import MIN_CELL, MIN_QUOTE_GROUP
from ..errors import InputError
from .suppress import protect_sizes

UNASSIGNED = -1
UNASSIGNED_NAME = "Unassigned"
STOPWORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "just", "really", "like", "get", "got", "thing", "things", "lot", "bit", "way",
    "yes", "yeah", "ok", "okay", "etc", "would", "could", "also", "much", "make",
}
PLACEHOLDER = re.compile(r"[\[<{]\s*[A-Z][A-Z0-9_ ]*\s*[\]>}]")
MIN_TOKEN_CHARS = 3
VALUE_LEAD_INDEX = 130.0


def clean_token(token: str) -> str | None:
    """Normalise one lemma / noun phrase, or ``None`` when it must not be a keyword.

    Placeholders (``[EMAIL]``), stopwords, tokens shorter than 3 characters and tokens
    without letters are dropped; phrases lose leading and trailing stopwords.
    """
    if not isinstance(token, str) or PLACEHOLDER.search(token):
        return None
    words = [w.strip(".,;:!?\"'()[]{}") for w in token.lower().split()]
    words = [w for w in words if w]
    while words and words[0] in STOPWORDS:
        words.pop(0)
    while words and words[-1] in STOPWORDS:
        words.pop()
    text = " ".join(words)
    if len(text) < MIN_TOKEN_CHARS or not re.search(r"[^\W\d_]", text):
        return None
    if len(words) == 1 and (text in STOPWORDS or len(text) < MIN_TOKEN_CHARS):
        return None
    return text


def keywords_ctfidf(docs_tokens: Sequence[Sequence[str]], labels: Sequence[int],
                    top_n: int = 10) -> dict[int, list[tuple[str, float]]]:
    """Top keywords per class by class-based TF-IDF (as in BERTopic).

    Tokens of a class are pooled; ``tf`` is normalised per class and
    ``idf = log(1 + A / f)`` with ``A`` the mean number of tokens per class and ``f`` the
    token's frequency over all classes. Every class, the Unassigned ``-1`` included, gets a
    list of ``(token, score)``, best first (empty when it has no usable tokens).
    """
    labels = [int(x) for x in labels]
    if len(labels) != len(docs_tokens):
        raise InputError("docs_tokens and labels differ in length",
                         docs=len(docs_tokens), labels=len(labels))
    classes = sorted(set(labels))
    pooled: dict[int, list[str]] = {c: [] for c in classes}
    for tokens, label in zip(docs_tokens, labels):
        pooled[label].extend(t for t in map(clean_token, tokens or ()) if t)
    if not any(pooled.values()):
        return {c: [] for c in classes}
    vectorizer = CountVectorizer(analyzer=lambda toks: toks, lowercase=False)
    counts = vectorizer.fit_transform([pooled[c] for c in classes]).toarray().astype(float)
    vocab = vectorizer.get_feature_names_out()
    row_sums = counts.sum(axis=1, keepdims=True)
    tf = np.divide(counts, row_sums, out=np.zeros_like(counts), where=row_sums > 0)
    avg_words = counts.sum() / len(classes)
    idf = np.log(1.0 + avg_words / counts.sum(axis=0))
    scores = tf * idf
    out: dict[int, list[tuple[str, float]]] = {}
    for row, c in enumerate(classes):
        order = np.lexsort((vocab, -scores[row]))  # ties broken alphabetically
        out[c] = [(str(vocab[j]), float(scores[row, j])) for j in order[:top_n]
                  if scores[row, j] > 0]
    return out


def _quotable(text) -> str:
    if not isinstance(text, str):
        return ""
    return re.sub(r"\s+", " ", PLACEHOLDER.sub(" ", text)).strip()


def representative_quotes(texts: Sequence[str], vectors, centroid, k: int = 5,
                          diversity: float = 0.5, *, min_words: int = 4,
                          duplicate_similarity: float = 0.95) -> list[int]:
    """Indices of ``k`` quotes close to ``centroid`` and different from one another (MMR).

    Each step picks ``argmax (1 - diversity) * sim(text, centroid) - diversity *
    max sim(text, picked)``. Empty and placeholder-only texts are skipped; texts under
    ``min_words`` words are used only when too few longer ones exist; near-duplicates
    (cosine ≥ ``duplicate_similarity`` to a pick, or the same wording) are skipped
    while other candidates remain.
    """
    vectors = np.asarray(vectors, dtype=float)
    if vectors.ndim != 2 or len(vectors) != len(texts):
        raise InputError("vectors must be a 2-D array with one row per text",
                         texts=len(texts), shape=list(vectors.shape))
    if not 0.0 <= diversity <= 1.0:
        raise InputError("diversity must be between 0 and 1", diversity=diversity)
    clean = [_quotable(t) for t in texts]
    usable = [i for i, t in enumerate(clean) if re.search(r"[^\W_]", t)]
    long_ = [i for i in usable if len(clean[i].split()) >= min_words]
    pool = long_ if len(long_) >= k else long_ + [i for i in usable if i not in set(long_)]
    if not pool or k <= 0:
        return []
    unit = _normalise(vectors[pool])
    rel = unit @ _normalise(np.asarray(centroid, dtype=float)[None, :])[0]
    sim = unit @ unit.T
    keys = [clean[i].lower() for i in pool]
    chosen: list[int] = []
    while len(chosen) < min(k, len(pool)):
        left = [j for j in range(len(pool)) if j not in chosen]
        fresh = [j for j in left if not chosen or (
            sim[j, chosen].max() < duplicate_similarity
            and keys[j] not in {keys[c] for c in chosen})]
        cands = fresh or left
        if not chosen:
            score = rel[cands]
        else:
            score = (1 - diversity) * rel[cands] - diversity * sim[np.ix_(cands, chosen)].max(axis=1)
        chosen.append(cands[int(np.argmax(score))])
    return [pool[j] for j in chosen]


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def _keyword_texts(keywords) -> list[str]:
    out = []
    for kw in keywords or ():
        word = kw[0] if isinstance(kw, (tuple, list)) else kw
        if isinstance(word, str) and word.strip():
            out.append(word.strip()[:30])
    return out


def _distinct(words: list[str], avoid: set[str] = frozenset()) -> list[str]:
    """Keywords whose words do not repeat an earlier keyword's (``price`` vs ``low price``)."""
    seen = {w.lower() for w in avoid}
    out = []
    for kw in words:
        parts = set(kw.lower().split())
        if parts & seen:
            continue
        seen |= parts
        out.append(kw)
    return out


def _lead_value(value_profile) -> str | None:
    best, best_index = None, VALUE_LEAD_INDEX
    for name, v in (value_profile or {}).items():
        index = v.get("index") if isinstance(v, Mapping) else v
        if index is not None and float(index) >= best_index:
            best, best_index = str(name), float(index)
    return best


def auto_name(keywords, value_profile: dict | None = None, *, taken=()) -> str:
    """A short readable name: ``"Price · discounts · cheaper"``.

    ``keywords`` are strings or ``(word, score)`` pairs, best first. ``value_profile``
    maps value names to an index (or to a dict with ``"index"``); the value with the
    highest index ≥ 130 leads: ``"Price-conscious: discounts, cheaper"``. A name in
    ``taken`` gets another keyword, or a number, so names stay unique within a run.
    """
    lead = _lead_value(value_profile)
    words = _distinct(_keyword_texts(keywords),
                      set(lead.lower().replace("-", " ").split()) if lead else set())
    n = 2 if lead else 3

    def render(ws: list[str]) -> str:
        if lead:
            return f"{lead}: {', '.join(ws)}" if ws else lead
        if not ws:
            return "Unnamed segment"
        return " · ".join([ws[0][:1].upper() + ws[0][1:]] + ws[1:])

    taken = set(taken)
    name = render(words[:n])
    extra = n
    while name in taken and extra < len(words):
        extra += 1
        name = render(words[:extra])
    base, i = name, 2
    while name in taken:
        name, i = f"{base} ({i})", i + 1
    return name


@dataclass
class SegmentDescription:
    """What a segment card shows; ``None`` figures are suppressed (fewer than k people)."""

    label: int
    name: str
    size: int | None
    share: float | None
    suppressed: bool
    keywords: list[tuple[str, float]] = field(default_factory=list)
    quote_indices: list[int] = field(default_factory=list)
    quotes_suppressed: bool = False

    def to_dict(self) -> dict:
        d = asdict(self)
        d["keywords"] = [[w, s] for w, s in self.keywords]
        return d


def describe_segments(labels: Sequence[int], docs_tokens: Sequence[Sequence[str]],
                      texts: Sequence[str], vectors, *, respondent_ids=None,
                      value_profiles: Mapping[int, dict] | None = None, top_n: int = 10,
                      n_quotes: int = 5, diversity: float = 0.5, k: int = MIN_CELL,
                      quote_k: int = MIN_QUOTE_GROUP) -> dict[int, SegmentDescription]:
    """Describe every segment (Unassigned ``-1`` included) from its items.

    All sequences are aligned per item; ``respondent_ids`` (one per item) makes sizes
    count people, not items. Sizes and shares over fewer than ``k`` people, or derivable
    from the total, are ``None``; keywords need ``k`` people and quotes ``quote_k``.
    Quote indices point into ``texts``.
    """
    labels = np.asarray([int(x) for x in labels])
    vectors = np.asarray(vectors, dtype=float)
    if not (len(labels) == len(docs_tokens) == len(texts) == len(vectors)):
        raise InputError("labels, docs_tokens, texts and vectors must be aligned")
    people = np.arange(len(labels)) if respondent_ids is None else np.asarray(respondent_ids)
    if len(people) != len(labels):
        raise InputError("respondent_ids must have one id per item")
    classes = sorted(set(labels.tolist()))
    sizes = [len(set(people[labels == c].tolist())) for c in classes]
    total = sum(sizes)
    hidden = protect_sizes(sizes, k)
    keywords = keywords_ctfidf(docs_tokens, labels, top_n=top_n)
    out: dict[int, SegmentDescription] = {}
    taken: set[str] = {UNASSIGNED_NAME}
    for c, size, hide in sorted(zip(classes, sizes, hidden), key=lambda t: -t[1]):
        kws = keywords.get(c, []) if size >= k else []
        if c == UNASSIGNED:
            name = UNASSIGNED_NAME
        else:
            name = auto_name(kws, (value_profiles or {}).get(c), taken=taken)
            taken.add(name)
        quotes: list[int] = []
        if size >= quote_k:
            idx = np.flatnonzero(labels == c)
            centroid = _normalise(vectors[idx]).mean(axis=0)
            picks = representative_quotes([texts[i] for i in idx], vectors[idx], centroid,
                                          k=n_quotes, diversity=diversity)
            quotes = [int(idx[p]) for p in picks]
        out[int(c)] = SegmentDescription(
            label=int(c), name=name, size=None if hide else int(size),
            share=None if hide or not total else float(size / total), suppressed=bool(hide),
            keywords=kws, quote_indices=quotes, quotes_suppressed=size < quote_k)
    return dict(sorted(out.items()))
