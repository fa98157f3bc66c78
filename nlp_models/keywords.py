"""Distinctive keywords: the terms a group's documents use more often than the rest of the base.

One ranking serves segment descriptions and need groups. A term's evidence is the number of a
group's documents that contain it (document frequency, so one long answer cannot carry a term),
compared with the rest of the base by the weighted log-odds ratio with an informative Dirichlet
prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"). Terms that every group uses, such as a
survey's own topic words, score near zero however frequent they are; a term must also reach a
minimum document frequency in the group and a minimum lift over the rest. A term that is
over-represented in many groups at once (a fine segmentation of one survey question splits its
topic words across many segments) describes none of them: its score is weighted by
``log(1 + groups / groups listing it in their top`` :data:`SPREAD_WINDOW` ``)``, as c-TF-IDF
weights by classes, so what leads a group's list is what sets it apart from the other groups.

Tokens are lemmas; a contraction stays one token (``don't`` -> ``do not``, never ``don``).

>>> rank_distinctive([["price", "shop"], ["price", "shop"], ["late", "shop"], ["late", "shop"]],
...                  [0, 0, 1, 1], min_docs=1)[0][0][0]
'price'
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["rank_distinctive", "clean_token", "contractions", "lemma_tokens", "text_lemmas", "STOPWORDS", "PLACEHOLDER"]

STOPWORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "just", "really", "like", "get", "got", "thing", "things", "lot", "bit", "way",
    "yes", "yeah", "ok", "okay", "etc", "would", "could", "also", "much", "make",
    "do not", "can not", "will not", "shall not", "amp", "http", "https",
    "don't", "dont", "can't", "cant", "won't", "wont", "didn't", "doesn't", "isn't", "i'm", "im", "it's",
    "i've", "ive", "you're", "that's",
}
PLACEHOLDER = re.compile(r"[\[<{]\s*[A-Z][A-Z0-9_ ]*\s*[\]>}]")
MIN_TOKEN_CHARS = 3

PRIOR_WEIGHT = 10.0      # alpha_0: pseudo-documents of base rate mixed into every group
MIN_DOC_SHARE = 0.02     # a keyword is used by at least this share of the group's documents ...
MIN_DOCS = 2             # ... and by at least this many of them
MIN_LIFT = 1.5           # ... and is this many times more common in the group than in the rest
SPREAD_WINDOW = 10       # a term is "listed" by a group when among its 10 best before the spread weight

# Clitic forms after the tokenizer split ("do" + "n't", "ca" + "n't", "wo" + "nt").
NEGATION_CLITICS = frozenset({"n't", "nt", "n’t", "not"})
CONTRACTIONS = {"ca": "can not", "can": "can not", "wo": "will not", "will": "will not", "sha": "shall not"}
# Where the part-of-speech-blind lookup table picks the wrong word ("does" -> "doe", "data" ->
# "datum", "dying" -> "dye", "taxes" -> "taxis"): the lemma a reader would write.
LOOKUP_FIXES = {"does": "do", "data": "data", "media": "media", "dying": "die",
                "taxes": "tax"}


def rank_distinctive(docs_tokens: Sequence[Sequence[str]], labels: Sequence[int], *, top_n: int = 10,
                     min_docs: int = MIN_DOCS, min_doc_share: float = MIN_DOC_SHARE,
                     min_lift: float = MIN_LIFT, prior_weight: float = PRIOR_WEIGHT,
                     clean: Callable[[str], str | None] | None = None) -> dict[int, list[tuple[str, float]]]:
    """Top ``(term, score)`` per label, best first: terms over-represented in the label's documents.

    ``z`` is the weighted log-odds of the term in the group against the rest of the base, divided
    by its standard error, with the whole base's document frequencies as the prior; ``score`` is
    ``z`` times the spread weight (see the module doc). Only terms
    with ``z > 0``, lift >= ``min_lift`` and a document frequency in the group of at least
    ``max(min_docs, min_doc_share * group documents)`` are kept. ``clean`` maps a raw token to the
    term (or ``None`` to drop it). Every label gets a list (empty when nothing is distinctive);
    ties are broken alphabetically, so the result is deterministic.
    """
    labels = np.asarray([int(x) for x in labels])
    if len(labels) != len(docs_tokens):
        raise ValueError(f"{len(docs_tokens)} documents but {len(labels)} labels")
    classes = sorted(set(labels.tolist()))
    vocab: dict[str, int] = {}
    rows, cols = [], []
    cleaned: dict[str, str | None] = {}                       # clean() once per distinct token
    for i, tokens in enumerate(docs_tokens):
        if clean:
            terms = set()
            for tok in tokens or ():
                t = cleaned[tok] if tok in cleaned else cleaned.setdefault(tok, clean(tok))
                if t:
                    terms.add(t)
        else:
            terms = {t for t in tokens or () if t}
        for t in terms:
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    out: dict[int, list[tuple[str, float]]] = {c: [] for c in classes}
    if not vocab:
        return out
    presence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(vocab)))
    member = sparse.csr_matrix((np.ones(len(labels)), (np.searchsorted(classes, labels), np.arange(len(labels)))),
                               shape=(len(classes), len(labels)))
    df = np.asarray((member @ presence).todense())             # classes x terms: documents using the term
    n_docs = np.asarray(member.sum(axis=1)).ravel()            # documents per class
    total_df = df.sum(axis=0)
    terms = np.array(sorted(vocab, key=vocab.get))
    alpha = prior_weight * total_df / len(labels)              # base-rate prior, per term
    ranked: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for row, c in enumerate(classes):
        y_in, y_out = df[row], total_df - df[row]
        n_in, n_out = n_docs[row], len(labels) - n_docs[row]
        if n_in == 0:
            continue
        odds_in = (y_in + alpha) / np.maximum(n_in + prior_weight - y_in - alpha, 1e-9)
        odds_out = (y_out + alpha) / np.maximum(n_out + prior_weight - y_out - alpha, 1e-9)
        z = (np.log(odds_in) - np.log(odds_out)) / np.sqrt(1.0 / (y_in + alpha) + 1.0 / (y_out + alpha))
        lift = (y_in / n_in) / np.maximum((y_out + alpha) / (n_out + prior_weight), 1e-12)
        ok = (z > 0) & (lift >= min_lift) & (y_in >= max(min_docs, min_doc_share * n_in))
        idx = np.flatnonzero(ok)
        ranked[c] = (idx[np.lexsort((terms[idx], -z[idx]))], z)
    listed = np.zeros(len(vocab))                               # groups listing each term
    for order, _ in ranked.values():
        listed[order[:SPREAD_WINDOW]] += 1
    spread = np.log1p(len(classes) / np.maximum(listed, 1))
    for c, (idx, z) in ranked.items():
        score = z[idx] * spread[idx]
        order = idx[np.lexsort((terms[idx], -score))]
        out[c] = [(str(terms[j]), round(float(z[j] * spread[j]), 4)) for j in order[:top_n]]
    return out


def clean_token(token: str) -> str | None:
    """Normalise one lemma / noun phrase, or ``None`` when it must not be a keyword.

    Placeholders (``[EMAIL]``), stopwords, tokens shorter than 3 characters and tokens
    without letters are dropped; phrases lose leading and trailing stopwords.
    """
    if not isinstance(token, str) or PLACEHOLDER.search(token):
        return None
    if token.lower() in STOPWORDS:
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


def contractions(doc) -> dict[int, str]:
    """Token index of each contraction's host in a spaCy ``doc`` -> the whole contraction's lemma.

    spaCy splits "don't"/"dont" into ``do`` + ``n't``/``nt``; the host maps to ``do not`` (``ca`` ->
    ``can not``, ``wo`` -> ``will not``) and the clitic, at index + 1, belongs to it.
    """
    out: dict[int, str] = {}
    toks = list(doc)
    for i, t in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        if nxt.lower_ in NEGATION_CLITICS and nxt.lower_ != "not" and not t.whitespace_ and i not in out:
            low = t.lower_
            out[i] = CONTRACTIONS.get(low, f"{LOOKUP_FIXES.get(low) or (t.lemma_ or low).lower()} not")
    return out


def lemma_tokens(doc) -> list[str]:
    """Lower-case lemmas of a spaCy ``doc``'s words, each contraction kept as one token.

    "don't", "dont", "didn't" become ``do not``; "can't" ``can not``; "won't" ``will not``.
    Punctuation, numbers and ``@handles``/URLs are left out; stopwords are kept (the caller's
    keyword cleaning drops them, and phrases need them).
    """
    whole = contractions(doc)
    out: list[str] = []
    for i, t in enumerate(doc):
        if i - 1 in whole:
            continue
        if i in whole:
            out.append(whole[i])
            continue
        low = t.lower_
        if not t.is_alpha or t.like_url or low.startswith("@"):
            continue
        out.append(LOOKUP_FIXES.get(low) or (t.lemma_ or low).lower())
    return out


@lru_cache(maxsize=1)
def _blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def text_lemmas(texts: Sequence[str]) -> list[list[str]]:
    """:func:`lemma_tokens` of each text, with spaCy's blank English lookup lemmatizer."""
    return [lemma_tokens(d) for d in _blank_nlp().pipe(["" if t is None else str(t) for t in texts])]
