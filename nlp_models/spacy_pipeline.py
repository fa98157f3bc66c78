"""The text-preparation pipeline: sentences, lookup lemmas, PII redaction and language flags.

Default: ``spacy.blank("en")`` + ``sentencizer`` + lookup ``lemmatizer`` (spacy-lookups-data) +
``pii_redactor`` + ``language_flag``. A trained pipeline (argument or env ``FEEDBACK_SEG_SPACY_MODEL``)
is loaded instead when installed; its NER then feeds person names to the redactor.

>>> prepare_texts(["Hi Sarah, my card never arrived!"])[0].redacted
'Hi [PERSON], my card never arrived!'
"""
from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import redact as _redact  # noqa: F401  (registers the pii_redactor factory)
from . import textflags as _textflags  # noqa: F401  (registers the language_flag factory)
from .keywords import LOOKUP_FIXES, contractions
from .redact import apply_placeholders

MODEL_ENV = "FEEDBACK_SEG_SPACY_MODEL"
_SENT_COMPONENTS = {"parser", "senter", "sentencizer"}


@dataclass
class PreparedText:
    """One text after preparation; ``entities`` are ``(label, start, end)`` offsets in the original text."""

    redacted: str
    entities: list[tuple[str, int, int]] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    noun_phrases: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    lang: str = "und"
    flags: dict = field(default_factory=dict)


def _load_trained(name: str) -> Language | None:
    if spacy.util.is_package(name) or Path(name).is_dir():
        return spacy.load(name)
    return None


@lru_cache(maxsize=4)
def build_pipeline(model: str | None = None) -> Language:
    """The cached pipeline; ``model`` (or env ``FEEDBACK_SEG_SPACY_MODEL``) names a trained spaCy pipeline.

    An explicit ``model`` that is not installed raises ``OSError``; an env value that is not installed
    falls back to the blank pipeline with a warning.
    """
    name = model or os.environ.get(MODEL_ENV) or None
    nlp = _load_trained(name) if name else None
    if name and nlp is None:
        if model:
            raise OSError(f"spaCy pipeline {model!r} is not installed (pip install it, or pass model=None)")
        warnings.warn(f"{MODEL_ENV}={name!r} is not installed; using the blank English pipeline", stacklevel=2)
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    elif not _SENT_COMPONENTS & set(nlp.pipe_names):
        nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("pii_redactor", last=True)
    nlp.add_pipe("language_flag", last=True)
    return nlp


def _pii_mask(doc: Doc) -> list[bool]:
    mask = [False] * len(doc)
    for span in doc.spans.get("pii", []):
        for i in range(span.start, span.end):
            mask[i] = True
    return mask


def _is_content(token, masked: bool) -> bool:
    return not masked and token.is_alpha and not token.is_stop and len(token) > 1


def _lemma(token, table) -> str:
    """Lower-case lemma; the lookup table is case-sensitive, so retry title/upper-case words lower-cased."""
    if token.lower_ in LOOKUP_FIXES:
        return LOOKUP_FIXES[token.lower_]
    lemma = token.lemma_ or token.text
    if table is not None and lemma == token.text and not token.is_lower:
        lemma = table.get(token.lower_, token.lower_)
    return lemma.lower()


def _lemmas(doc: Doc, mask: list[bool], table, whole: dict[int, str]) -> list[str]:
    """Content lemmas in order; a contraction stays one lemma (``do not``), never ``do`` + ``nt``."""
    return [whole[t.i] if t.i in whole else _lemma(t, table) for t, m in zip(doc, mask)
            if (t.i in whole and not m) or _is_content(t, m)]


def _phrase(words, table) -> str:
    return " ".join(w.lower_ for w in words[:-1]) + " " + _lemma(words[-1], table)


def _noun_phrases(doc: Doc, mask: list[bool], table) -> list[str]:
    """Parser noun chunks when available, else runs of 2-3 adjacent content words within a sentence.

    Without a tagger the run heuristic keeps the last three words of each run (English phrases are
    head-final) and skips "-ly" adverbs; it is meant for keywords, not for grammar.
    """
    if doc.has_annotation("DEP"):
        chunks = ([t for t in c if _is_content(t, mask[t.i])] for c in doc.noun_chunks)
        return [_phrase(words, table) for words in chunks if len(words) >= 2]
    phrases, run = [], []
    for t in doc:
        if t.is_sent_start or not _is_content(t, mask[t.i]) or t.lower_.endswith("ly"):
            if len(run) >= 2:
                phrases.append(_phrase(run[-3:], table))
            run = []
        if _is_content(t, mask[t.i]) and not t.lower_.endswith("ly"):
            run.append(t)
    if len(run) >= 2:
        phrases.append(_phrase(run[-3:], table))
    return phrases


@lru_cache(maxsize=4)
def _lookup_table(nlp: Language):
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_lookup"):
            return lookups.get_table("lemma_lookup")
    return None


def _prepared(doc: Doc, table) -> PreparedText:
    whole = contractions(doc)
    mask = _pii_mask(doc)
    clitics = {i + 1 for i in whole}
    mask = [m or i in clitics for i, m in enumerate(mask)]   # a contraction's clitic is part of its host
    entities = list(doc._.pii)
    sentences = [apply_placeholders(doc.text, entities, s.start_char, s.end_char).strip() for s in doc.sents] \
        if len(doc) else []
    return PreparedText(
        redacted=doc._.redacted,
        entities=entities,
        lemmas=_lemmas(doc, mask, table, whole),
        noun_phrases=_noun_phrases(doc, [m or i in whole for i, m in enumerate(mask)], table),
        sentences=[s for s in sentences if s],
        lang=doc._.lang,
        flags=dict(doc._.flags),
    )


def prepare_texts(texts: list[str], model: str | None = None, batch_size: int = 256) -> list[PreparedText]:
    """Prepare texts in order (one :class:`PreparedText` each); ``None`` counts as empty text."""
    nlp = build_pipeline(model)
    cleaned = ["" if t is None else str(t) for t in texts]
    table = _lookup_table(nlp)
    return [_prepared(doc, table) for doc in nlp.pipe(cleaned, batch_size=batch_size)]
