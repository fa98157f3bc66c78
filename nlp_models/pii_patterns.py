"""Regex candidates and checksum validators for structured PII (emails, phones, cards, IBANs, IPs, URLs, handles).

Each finder yields ``(label, start, end)`` character spans of *validated* matches; overlaps between
finders are resolved by :func:`feedback_seg.nlp_models.redact.find_pii` in priority order.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

Span = tuple[str, int, int]

# IBAN length per country (ISO 13616 registry, common SEPA and neighbours).
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TR": 26, "AE": 23, "SA": 24, "IL": 23, "BR": 29, "UA": 29,
}


def luhn_ok(digits: str) -> bool:
    """True when a digit string passes the Luhn (mod 10) check used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    """True when ``iban`` (no spaces, upper case) has its country's length and a valid mod-97 checksum."""
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


EMAIL_RE = re.compile(r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|uk|de|fr|es|it|nl|eu|ly|me|info|biz)/[^\s<>\"']*",
    re.IGNORECASE,
)
HANDLE_RE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{1,30}\b")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
CARD_RE = re.compile(
    r"(?<![\d+])(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}(?:[ -]\d{3})?"  # 4-4-4-4(-3)
    r"|\d{4}[ -]\d{6}[ -]\d{4,5}"  # Amex / Diners 4-6-5, 4-6-4
    r"|\d{13,19})(?![\d])"
)


def _inside_iban_shape(text: str, start: int, end: int) -> bool:
    """True when [start, end) overlaps something shaped like an IBAN (valid or not)."""
    return any(m.start() < end and start < m.end() for m in IBAN_RE.finditer(text))


IPV4_RE = re.compile(r"(?<![\d.+])((?:\d{1,3}\.){3}\d{1,3})(?::\d{1,5})?(?!\d|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:])((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![\w:])")

_SEP = r"[ .\-]"
PHONE_RES = [
    # International: +CC or 00CC, optional (0), then groups.
    re.compile(r"(?<![\w+])(?:\+|\b00)[1-9]\d{0,2}(?:[ .\-]?\(0\))?(?:[ .\-]?\(?\d{1,5}\)?){1,6}(?!\d)"),
    # US / NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 1-800-555-0199
    re.compile(r"(?<![\w+])(?:1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}" + _SEP + r")\d{3}" + _SEP + r"\d{4}(?!\d)"),
    # National numbers with a trunk 0 (UK, FR, DE, NL, ...): 020 7946 0958, 06 12 34 56 78, 030 12345678
    re.compile(r"(?<![\w+])(?:\(0\d{1,4}\) ?|0\d{1,4})(?:" + _SEP + r"?\d{2,8}){1,4}(?!\d)"),
    # ES / IT style without trunk 0: 612 34 56 78, 612 345 678
    re.compile(r"(?<![\w+])[6789]\d{2}(?:(?: \d{2}){3}| \d{3} \d{3})(?!\d)"),
]
PHONE_CUE_RE = re.compile(r"(?i)\b(?:call|phone|tel|mobile|cell|number|whatsapp|text me|reach me)\b[^\n]{0,20}?(?<![\w+])(\d{10,11})(?!\d)")


def find_emails(text: str) -> Iterator[Span]:
    for m in EMAIL_RE.finditer(text):
        yield ("EMAIL", m.start(), m.end())


def find_urls(text: str) -> Iterator[Span]:
    for m in URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
            end -= 1
        yield ("URL", m.start(), end)


def find_handles(text: str) -> Iterator[Span]:
    for m in HANDLE_RE.finditer(text):
        yield ("HANDLE", m.start(), m.end())


def find_ibans(text: str) -> Iterator[Span]:
    for m in IBAN_RE.finditer(text):
        raw = m.group(0)
        compact = raw.replace(" ", "").upper()
        # The regex may run on into a following word; trim to the country's length.
        want = IBAN_LENGTHS.get(compact[:2])
        if want is None or len(compact) < want:
            continue
        n_chars, end = 0, m.start()
        for i, ch in enumerate(raw):
            if ch != " ":
                n_chars += 1
            if n_chars == want:
                end = m.start() + i + 1
                break
        if iban_ok(compact[:want]):
            yield ("IBAN", m.start(), end)


def find_cards(text: str) -> Iterator[Span]:
    for m in CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if _inside_iban_shape(text, m.start(), m.end()):
            continue  # part of an (invalid) IBAN, not a card
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1 and luhn_ok(digits):
            yield ("CARD", m.start(), m.end())


def find_ips(text: str) -> Iterator[Span]:
    for rx in (IPV4_RE, IPV6_RE):
        for m in rx.finditer(text):
            cand = m.group(1)  # without a :port suffix
            if rx is IPV6_RE and (cand.count(":") < 7 and "::" not in cand or len(re.sub(r"[^0-9A-Fa-f]", "", cand)) < 3):
                continue
            try:
                ipaddress.ip_address(cand)
            except ValueError:
                continue
            yield ("IP", m.start(), m.end())


def _phone_digits_ok(s: str) -> bool:
    digits = re.sub(r"\D", "", s.replace("(0)", ""))
    if s.startswith("+"):
        return 8 <= len(digits) <= 15
    if s.startswith("00"):
        return 10 <= len(digits) <= 17
    return 9 <= len(digits) <= (12 if digits.startswith("0") else 11)


_LAST_GROUP_RE = re.compile(r"[ .\-]?\(?\d+\)?$")


def _trim_phone(s: str) -> str:
    """Drop trailing digit groups until the candidate has a plausible digit count ('' if none)."""
    while s and not _phone_digits_ok(s):
        shorter = _LAST_GROUP_RE.sub("", s)
        if shorter == s or len(re.sub(r"\D", "", shorter)) < 8:
            return ""
        s = shorter
    return s


def find_phones(text: str) -> Iterator[Span]:
    for rx in PHONE_RES:
        for m in rx.finditer(text):
            kept = _trim_phone(m.group(0))
            if kept and not _inside_iban_shape(text, m.start(), m.start() + len(kept)):
                yield ("PHONE", m.start(), m.start() + len(kept))
    for m in PHONE_CUE_RE.finditer(text):
        yield ("PHONE", m.start(1), m.end(1))
