"""Segment descriptions: distinctive keywords, representative quotes (MMR), automatic names.

Pure functions over lists and arrays. Tokens (lemmas and noun phrases) come from the
caller's text preparation; this module only filters and weighs them.

>>> docs = [["price", "cheap"], ["price", "cheaper"], ["delivery", "late"], ["delivery", "later"]]
>>> kw = distinctive_keywords(docs * 3, [0, 0, 1, 1] * 3, top_n=1)
>>> kw[0][0][0], kw[1][0][0]
('price', 'delivery')
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from feedback_seg.nlp_models.keywords import PLACEHOLDER, clean_token, rank_distinctive

from ..config import MIN_CELL, MIN_QUOTE_GROUP
from ..errors import InputError
from .suppress import protect_sizes

UNASSIGNED = -1
UNASSIGNED_NAME = "Unassigned"
VALUE_LEAD_INDEX = 130.0
LEAD_ALPHA = 0.05         # a value leads a name only when significant after correction ...
LEAD_CONFIDENCE = 0.75    # ... and its scorer is this confident, on average, for the people holding it
NEAR_DUPLICATE = 0.3      # two segments sharing this share of their top keywords are near-duplicates


def distinctive_keywords(docs_tokens: Sequence[Sequence[str]], labels: Sequence[int],
                         top_n: int = 10) -> dict[int, list[tuple[str, float]]]:
    """Top keywords per class: terms over-represented in the class against the whole base.

    Tokens (lemmas and noun phrases) pass :func:`clean_token`; the ranking is
    :func:`feedback_seg.nlp_models.keywords.rank_distinctive` (weighted log-odds with the base
    rate as prior, a minimum document frequency and lift), so words every segment uses do not
    lead. Every class, the Unassigned ``-1`` included, gets a list of ``(token, z)``, best first
    (empty when nothing in it is distinctive).
    """
    labels = [int(x) for x in labels]
    if len(labels) != len(docs_tokens):
        raise InputError("docs_tokens and labels differ in length",
                         docs=len(docs_tokens), labels=len(labels))
    return rank_distinctive(docs_tokens, labels, top_n=top_n, clean=clean_token)



def keyword_overlap(keywords: Mapping, top_n: int = 10, threshold: float = NEAR_DUPLICATE) -> dict:
    """How much segments' top keywords repeat one another.

    ``keywords`` maps a segment (key or name) to its keywords, best first (strings or
    ``(word, score)`` pairs). Overlap of two segments = shared top-``top_n`` keywords / ``top_n``.
    Returns ``{"max_overlap", "pairs": [{"a", "b", "overlap", "shared"}...]}`` with the pairs
    over ``threshold`` (near-duplicates; at most 30% shared is the dev surveys' target), largest
    overlap first.
    """
    tops = {str(k): _keyword_texts(v)[:top_n] for k, v in keywords.items()}
    names = sorted(t for t in tops if tops[t])
    best, pairs = 0.0, []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            shared = [w for w in tops[a] if w in set(tops[b])]
            overlap = len(shared) / top_n
            best = max(best, overlap)
            if overlap > threshold and shared:
                pairs.append({"a": a, "b": b, "overlap": round(overlap, 3), "shared": shared})
    pairs.sort(key=lambda p: (-p["overlap"], p["a"], p["b"]))
    return {"max_overlap": round(best, 3), "top_n": top_n, "threshold": threshold, "pairs": pairs}


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
    if len(long_) >= k:
        pool = long_
    else:
        is_long = set(long_)
        pool = long_ + [i for i in usable if i not in is_long]
    if not pool or k <= 0:
        return []
    unit = _normalise(vectors[pool])
    rel = unit @ _normalise(np.asarray(centroid, dtype=float)[None, :])[0]
    key_ids: dict[str, int] = {}
    keys = np.array([key_ids.setdefault(clean[i].lower(), len(key_ids)) for i in pool])
    taken = np.zeros(len(pool), dtype=bool)
    closest = np.full(len(pool), -np.inf)      # each candidate's highest similarity to a pick
    chosen: list[int] = []
    while len(chosen) < min(k, len(pool)):
        left = ~taken
        fresh = left & (closest < duplicate_similarity) & ~np.isin(keys, keys[chosen]) if chosen else left
        cands = np.flatnonzero(fresh if fresh.any() else left)
        score = rel[cands] if not chosen else (1 - diversity) * rel[cands] - diversity * closest[cands]
        pick = int(cands[int(np.argmax(score))])
        chosen.append(pick)
        taken[pick] = True
        closest = np.maximum(closest, unit @ unit[pick])
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


def _phrase_first(words: list[str], window: int = 5) -> list[str]:
    """Lead with a noun phrase that contains the top keyword ("virtual card" before "card")."""
    if not words or " " in words[0]:
        return words
    for j, kw in enumerate(words[1:window], start=1):
        if " " in kw and words[0] in kw.split():
            return [kw] + words[:j] + words[j + 1:]
    return words


def _lead_value(value_profile) -> str | None:
    best, best_index = None, VALUE_LEAD_INDEX
    for name, v in (value_profile or {}).items():
        index = v.get("index") if isinstance(v, Mapping) else v
        if index is not None and float(index) >= best_index:
            best, best_index = str(name), float(index)
    return best


def value_leads(profiles: Mapping[int, Mapping | None], base_n: int, *, alpha: float = LEAD_ALPHA,
                min_confidence: float = LEAD_CONFIDENCE,
                min_index: float = VALUE_LEAD_INDEX) -> dict[int, tuple[str, float] | None]:
    """The value each segment's name may lead with, or ``None``: significant and confidently scored.

    ``profiles`` maps a segment label to its value profile (``{"n", "values": [{"value", "share",
    "base_share", "index", "confidence"}...]}``, as insights store it); ``base_n`` is the number of
    people in the base. Each segment × value is tested one-sided (Fisher's exact test, the
    segment against the rest of the base); the p-values of all of them are corrected together
    (Benjamini–Hochberg). A value may lead only when its q-value is below ``alpha``, its index is
    at least ``min_index`` and the scorer's mean confidence for the segment's people holding it
    is at least ``min_confidence``; of those the largest lift in points leads.
    """
    from scipy.stats import false_discovery_control, fisher_exact  # noqa: PLC0415

    tests = []
    for label, prof in profiles.items():
        n = int((prof or {}).get("n") or 0)
        for row in (prof or {}).get("values", []):
            if row.get("share") is None or row.get("base_share") is None or not 0 < n < base_n:
                continue
            hit = round(row["share"] * n)
            rest_hit = max(round(row["base_share"] * base_n) - hit, 0)
            p = fisher_exact([[hit, n - hit], [rest_hit, base_n - n - rest_hit]], alternative="greater")[1]
            tests.append((label, row, float(p)))
    q = false_discovery_control([t[2] for t in tests]) if tests else []
    best: dict[int, tuple[str, float, float]] = {}
    for (label, row, _), qv in zip(tests, q):
        ok = (qv < alpha and (row.get("index") or 0) >= min_index
              and (row.get("confidence") or 0) >= min_confidence)
        lift = row["share"] - row["base_share"]
        if ok and (label not in best or lift > best[label][2]):
            best[label] = (str(row["value"]), float(row["index"]), lift)
    return {label: (best[label][:2] if label in best else None) for label in profiles}


def auto_name(keywords, value_profile: dict | None = None, *, taken=()) -> str:
    """A short readable name from distinctive keywords: ``"Low price · discounts · cheaper"``.

    ``keywords`` are strings or ``(word, score)`` pairs, best first; a noun phrase among the top
    five that contains the top keyword leads in its place, and later keywords repeating a word
    already used are skipped. ``value_profile``
    maps value names to an index (or to a dict with ``"index"``); the value with the
    highest index ≥ 130 leads: ``"Price-conscious: discounts, cheaper"``. A name in
    ``taken`` gets another keyword, or a number, so names stay unique within a run.
    """
    lead = _lead_value(value_profile)
    words = _distinct(_phrase_first(_keyword_texts(keywords)),
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
    keywords = distinctive_keywords(docs_tokens, labels, top_n=top_n)
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
