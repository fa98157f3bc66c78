"""PII redaction: the ``pii_redactor`` spaCy component and a plain :func:`redact` function.

Entities found: EMAIL, PHONE, CARD (Luhn-checked), IBAN (mod-97), IP (v4/v6), URL, HANDLE, ADDRESS (street
lines in UK, US and EU formats), POSTCODE (UK, US ZIP after a state or "zip", EU code before a place) and PERSON
(NER entities when the pipeline has a trained ``ner``, plus the name-list fallback in ``names.py``).
Each is replaced by a typed placeholder such as ``[EMAIL]``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import pii_patterns as pp
from .names import find_person_names

Span = tuple[str, int, int]

LABELS = pp.LABELS
PLACEHOLDERS = {label: f"[{label}]" for label in LABELS}
# Priority order: earlier finders win overlaps (an email is not also a handle, a card not a phone).
_FINDERS = (pp.find_emails, pp.find_urls, pp.find_ibans, pp.find_cards, pp.find_ips, pp.find_phones,
            pp.find_addresses, pp.find_postcodes, pp.find_handles, find_person_names)

for _name, _default in (("pii", []), ("redacted", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _resolve(candidates: list[tuple[int, Span]]) -> list[Span]:
    """Keep non-overlapping spans by priority (then length); same-label overlaps are merged."""
    kept: list[Span] = []
    for _, (label, start, end) in sorted(candidates, key=lambda c: (c[0], -(c[1][2] - c[1][1]), c[1][1])):
        if start >= end:
            continue
        clash = [k for k in kept if k[1] < end and start < k[2]]
        if not clash:
            kept.append((label, start, end))
        elif all(k[0] == label for k in clash):
            for k in clash:
                kept.remove(k)
            kept.append((label, min([start] + [k[1] for k in clash]), max([end] + [k[2] for k in clash])))
    return sorted(kept, key=lambda s: s[1])


def find_pii(text: str, extra: list[Span] | None = None) -> list[Span]:
    """Non-overlapping ``(label, start, end)`` PII spans in ``text``; ``extra`` spans (e.g. NER) join as PERSON."""
    candidates = [(rank, span) for rank, finder in enumerate(_FINDERS) for span in finder(text)]
    candidates += [(len(_FINDERS) - 1, span) for span in (extra or [])]
    return _resolve(candidates)


def apply_placeholders(text: str, entities: list[Span], start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` with every entity inside it replaced by its placeholder."""
    end = len(text) if end is None else end
    out, pos = [], start
    for label, s, e in entities:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(text[pos:s])
        out.append(PLACEHOLDERS[label])
        pos = e
    out.append(text[pos:end])
    return "".join(out)


def redact(text: str) -> tuple[str, list[Span]]:
    """Redacted text and the entities found, as ``(label, start, end)`` offsets in the original text.

    >>> redact("Mail me at jane.doe@example.com")[0]
    'Mail me at [EMAIL]'
    """
    entities = find_pii(text)
    return apply_placeholders(text, entities), entities


class PIIRedactor:
    """spaCy component: sets ``doc._.pii`` (entities), ``doc._.redacted`` (text) and ``doc.spans["pii"]``."""

    def __init__(self, nlp: Language, name: str, use_ner: bool = True, ner_labels: tuple[str, ...] = ("PERSON",)):
        self.name = name
        self.use_ner = use_ner
        self.ner_labels = set(ner_labels)

    def __call__(self, doc: Doc) -> Doc:
        extra = []
        if self.use_ner and doc.has_annotation("ENT_IOB"):
            extra = [("PERSON", e.start_char, e.end_char) for e in doc.ents if e.label_ in self.ner_labels]
        entities = find_pii(doc.text, extra)
        doc._.pii = entities
        doc._.redacted = apply_placeholders(doc.text, entities)
        spans = [doc.char_span(s, e, label=label, alignment_mode="expand") for label, s, e in entities]
        doc.spans["pii"] = [s for s in spans if s is not None]
        return doc


@Language.factory(
    "pii_redactor",
    default_config={"use_ner": True, "ner_labels": ["PERSON"]},
    assigns=["doc._.pii", "doc._.redacted", "doc.spans"],
)
def make_pii_redactor(nlp: Language, name: str, use_ner: bool, ner_labels: list[str]) -> PIIRedactor:
    """Factory for ``nlp.add_pipe("pii_redactor")``."""
    return PIIRedactor(nlp, name, use_ner=use_ner, ner_labels=tuple(ner_labels))
