"""Cheap offline text flags: empty, emoji-only, only-PII, and a language guess from stop words and script.

The language guess counts stop-word hits per language (spaCy's stop lists for en, fr, de, es, it, pt, nl)
and checks the dominant script; it is a heuristic for flagging non-English text under an English-only
model, not a full language identifier. ``"und"`` means undetermined (too little text).
"""
from __future__ import annotations

import importlib
import unicodedata
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

LATIN_LANGS = ("en", "fr", "de", "es", "it", "pt", "nl")
# Unicode-name prefixes of scripts that identify a language (or family) on their own.
SCRIPTS = {"CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "ARABIC": "ar", "CYRILLIC": "ru",
           "GREEK": "el", "HEBREW": "he", "DEVANAGARI": "hi", "THAI": "th", "BENGALI": "bn", "TAMIL": "ta"}
EXCLUDE_REASONS = {"empty": "empty or whitespace-only text"}

for _name, _default in (("lang", "und"), ("flags", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS)
            for lang in LATIN_LANGS}


def _script_language(text: str) -> str | None:
    """Language implied by the dominant non-Latin script, if letters in it are the majority."""
    counts: dict[str, int] = {}
    letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        name = unicodedata.name(ch, "")
        for prefix, lang in SCRIPTS.items():
            if name.startswith(prefix):
                counts[lang] = counts.get(lang, 0) + 1
                break
    if not counts or not letters:
        return None
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    if "ja" in counts and lang == "zh":
        lang = "ja"  # kanji with kana is Japanese
    return lang if n / letters > 0.5 else None


def detect_language(words: list[str], text: str = "") -> str:
    """ISO 639-1 guess for a list of lower-case words (and the raw text, for its script); ``"und"`` if unsure."""
    script_lang = _script_language(text) if text else None
    if script_lang:
        return script_lang
    if not words:
        return "und"
    hits = {lang: sum(w in stops for w in words) for lang, stops in _stop_words().items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    if hits[best] == 0:
        return "und"
    clear_win = hits[best] - hits["en"] >= 2 or hits[best] >= 0.5 * len(words)
    weak = hits[best] < 2 or len(words) < 3 or hits[best] < 0.25 * len(words)
    if best != "en" and (hits[best] <= hits["en"] or not clear_win or weak):
        return "en" if hits["en"] else "und"
    return best


def is_emoji_only(text: str) -> bool:
    """True when the text has symbols/emoji but no letters or digits."""
    has_symbol = False
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LN":
            return False
        if cat in ("So", "Sk") or 0x1F000 <= ord(ch) <= 0x1FAFF:
            has_symbol = True
    return has_symbol


def text_flags(text: str, lang: str, only_pii: bool = False) -> dict:
    """Flags for one text: ``empty``, ``emoji_only``, ``non_english``, ``only_pii``, ``exclude_reason``."""
    empty = not text.strip()
    flags = {
        "empty": empty,
        "emoji_only": not empty and is_emoji_only(text),
        "non_english": lang not in ("en", "und"),
        "only_pii": only_pii,
    }
    flags["exclude_reason"] = EXCLUDE_REASONS["empty"] if empty else None
    return flags


class LanguageFlagger:
    """spaCy component: sets ``doc._.lang`` and ``doc._.flags``; ignores PII spans when ``pii_redactor`` ran."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        pii = doc._.pii if Doc.has_extension("pii") else []
        in_pii = _pii_token_mask(doc, pii)
        words = [t.lower_ for t, masked in zip(doc, in_pii) if t.is_alpha and not masked]
        doc._.lang = detect_language(words, doc.text)
        only_pii = bool(pii) and not any(t.is_alpha or t.is_digit for t, m in zip(doc, in_pii) if not m)
        doc._.flags = text_flags(doc.text, doc._.lang, only_pii=only_pii)
        return doc


def _pii_token_mask(doc: Doc, entities: list[tuple[str, int, int]]) -> list[bool]:
    """One bool per token: does it overlap a PII entity?"""
    if not entities:
        return [False] * len(doc)
    return [any(s < t.idx + len(t) and t.idx < e for _, s, e in entities) for t in doc]


@Language.factory("language_flag", assigns=["doc._.lang", "doc._.flags"])
def make_language_flag(nlp: Language, name: str) -> LanguageFlagger:
    """Factory for ``nlp.add_pipe("language_flag")``."""
    return LanguageFlagger(name)
