"""Person-name fallback without NER: a shipped first-name list plus capitalisation and cue patterns.

Rules (each yields ``("PERSON", start, end)``):

* strong cue + any capitalised word: "my name is X", "call me X", "Mr/Mrs/Ms/Dr X";
* a greeting that ends in a comma: "Hi X," / "Dear X Y," (not "Hi team,");
* weak cue + known first name: "Hi X", "Dear X", "thanks X", "spoke to X", "agent X";
* known first name + capitalised surname: "Sarah Connor" (an *ambiguous* first name such as
  "May" or "Virginia" only with a surname from ``resources/surnames.txt``);
* a known, unambiguous first name on its own: "Priya was great".

Ordinary capitalised words ("Apple", "May", "Delta") are not redacted.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

Span = tuple[str, int, int]

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
NAME = rf"(?:Mc|Mac|O['’])?[{_UP}][{_LO}]+(?:[-'’][{_UP}]?[{_LO}]+)*"
PARTICLE = r"(?:van der|van den|van|von|de la|del|de|da|di|dos|du|le|bin|al|el)"
SURNAME = rf"(?:{PARTICLE} )?{NAME}"

# Capitalised words that follow a first name without being a surname.
NOT_SURNAME = {
    "airlines", "airline", "air", "airways", "airport", "bank", "banking", "card", "customer", "service",
    "services", "support", "team", "help", "desk", "app", "store", "center", "centre", "street", "road",
    "avenue", "city", "county", "hotel", "hospital", "university", "school", "inc", "ltd", "llc", "co",
    "group", "international", "express", "prime", "plus", "pro", "online", "gate", "terminal", "flight",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day", "christmas",
    "ok", "okay", "thanks", "thank", "please", "sorry", "yes", "no", "lol", "omg", "hi", "hello",
}

STRONG_CUE = re.compile(
    rf"(?i:\b(?:my name is|my name's|name:|call me|i am called|named|signed)\s+)({NAME}(?: {SURNAME})?)"
    rf"|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam)\.? ({NAME}(?: {SURNAME})?)"
)
WEAK_CUE = re.compile(
    rf"(?i:\b(?:hi|hello|hey|dear|thanks|thank you|cheers|regards|best|i am|i'm|this is|it's"
    rf"|spoke to|spoke with|talked to|talked with|chatted with|ask for|asked for|agent|rep|representative"
    rf"|manager|supervisor|attendant|pilot|cashier|clerk|with|from|to)[,:]?\s+)({NAME}(?: {SURNAME})?)"
)
GREETING = re.compile(rf"(?i:\b(?:hi|hello|hey|dear)\s+)({NAME}(?: {SURNAME})?)(?=\s*(?:,|$|\n|!))", re.M)
NOT_GREETED = {"team", "all", "everyone", "everybody", "guys", "folks", "there", "support", "sir", "madam", "friends",
               "customer", "customers", "admin", "again", "world", "american", "united", "delta", "jetblue",
               "southwest", "airline", "airlines", "virgin", "bank", "amazon", "apple", "spotify", "guys"}
FIRST = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
FIRST_LAST = re.compile(rf"(?<![\w@#])({FIRST})(?![\w@])(?= ({SURNAME})(?![\w@]))?")


def _read_list(name: str) -> set[str]:
    text = resources.files(__package__).joinpath("resources", name).read_text(encoding="utf-8")
    return {w.lower() for line in text.splitlines() if not line.startswith("#") for w in line.split()}


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, ambiguous first names, surnames), lower case, from ``resources/``."""
    return (frozenset(_read_list("first_names.txt")), frozenset(_read_list("ambiguous_names.txt")),
            frozenset(_read_list("surnames.txt")))


def _is_surname(word: str | None, surnames: frozenset[str], strict: bool) -> bool:
    if not word:
        return False
    last = word.split()[-1].lower()
    if strict:
        return last in surnames
    return last not in STOP_WORDS and last not in NOT_SURNAME


def _full_or_first(m: re.Match, group: int, first_ok: bool) -> Span | None:
    """Span for a 'First [Last]' match: drop the surname part when it is not surname-like."""
    first_names, ambiguous, surnames = name_lists()
    parts = m.group(group).split(" ", 1)
    first, rest = parts[0], (parts[1] if len(parts) > 1 else None)
    if not first_ok and first.lower() not in first_names:
        return None
    start = m.start(group)
    if rest and _is_surname(rest, surnames, strict=False):
        return ("PERSON", start, m.end(group))
    return ("PERSON", start, start + len(first))


PLACE_PREFIX = re.compile(r"(?:\b(?:San|Santa|Santo|St\.?|Saint|Sao|São|Los|Las|El|Port|Fort|Ft\.?|Mount|Mt\.?|Lake|New|"
                          r"Cape|Palm|Grand|Little)\s+)$")


def _after_place_prefix(text: str, start: int) -> bool:
    return PLACE_PREFIX.search(text, max(0, start - 8), start) is not None


def find_person_names(text: str) -> Iterator[Span]:
    """Person-name spans found by the cue, name-list and capitalisation rules."""
    first_names, ambiguous, surnames = name_lists()
    for m in STRONG_CUE.finditer(text):
        g = 1 if m.group(1) else 2
        if m.group(g).split(" ")[0].lower() not in STOP_WORDS | NOT_SURNAME:
            span = _full_or_first(m, g, first_ok=True)
            if span:
                yield span
    for m in GREETING.finditer(text):
        if m.group(1).split(" ")[0].lower() not in NOT_GREETED | STOP_WORDS | NOT_SURNAME:
            yield ("PERSON", m.start(1), m.end(1))
    for m in WEAK_CUE.finditer(text):
        first = m.group(1).split(" ")[0].lower()
        cue_is_preposition = m.group(0).split()[0].lower() in {"with", "from", "to"}
        if first in first_names and not (cue_is_preposition and first in ambiguous):
            span = _full_or_first(m, 1, first_ok=False)
            if span:
                yield span
    for m in FIRST_LAST.finditer(text):
        first, last = m.group(1), m.group(2)
        key = first.lower()
        if key not in first_names or _after_place_prefix(text, m.start(1)):
            continue
        if key in ambiguous:
            if _is_surname(last, surnames, strict=True):
                yield ("PERSON", m.start(1), m.end(1) + 1 + len(last))
        elif _is_surname(last, surnames, strict=False):
            yield ("PERSON", m.start(1), m.end(1) + 1 + len(last))
        else:
            yield ("PERSON", m.start(1), m.end(1))
