"""Regex candidates and checksum validators for structured PII (emails, phones, cards, IBANs, IPs, URLs, handles).

Each finder yields ``(label, start, end)`` character spans of *validated* matches; overlaps between
finders are resolved by :func:`feedback_seg.nlp_models.redact.find_pii` in priority order.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

# Every entity type the redactor writes a placeholder for, e.g. ``[EMAIL]``.
LABELS = ("EMAIL", "URL", "IBAN", "CARD", "IP", "PHONE", "ADDRESS", "POSTCODE", "HANDLE", "PERSON")

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


# --- street addresses and postcodes (UK, US, EU) ----------------------------------------------
_CAP = r"[A-ZÄÖÜÉÈÁÍÓÚÑ][\w'’\-]*"
_EN_STREET = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Close|Court|Ct|Place|Pl"
              r"|Terrace|Crescent|Square|Sq|Gardens|Grove|Row|Mews|Parkway|Highway|Hwy)")
ADDRESS_RES = [
    # English: 221B Baker Street, 1600 Pennsylvania Ave NW, Flat 3, 12 High St
    re.compile(r"(?<![\w-])\d{1,5}[A-Za-z]?,? (?:" + _CAP + r" ){1,3}" + _EN_STREET
               + r"\b\.?(?: (?:NW|NE|SW|SE|N|S|E|W)\b)?"),
    # German / Dutch / Scandinavian: Hauptstraße 5, Lindenweg 12a, Keizersgracht 123
    re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|straat|laan"
               r"|gracht|plein|kade|singel|gatan|vägen|gade|vej)\s\d{1,4}[a-z]?\b"),
    # German / Dutch with a separate street word: Berliner Straße 12, Van Baerlestraat is above
    re.compile(r"\b" + _CAP + r" (?:Straße|Strasse|Weg|Gasse|Platz|Allee)\s\d{1,4}[a-z]?\b"),
    # French: 12 rue de la Paix, 5 bis avenue Victor Hugo
    re.compile(r"(?<![\w-])\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|allée|chemin|impasse"
               r"|quai|route|cours) (?:(?:de la|de l'|du|des|de|d'|l')\s?)?" + _CAP + r"(?: " + _CAP + r")*",
               re.IGNORECASE),
    # Spanish / Italian / Portuguese: Calle Mayor 10, C/ Alcalá 45, Via Roma 12, Rua Augusta 100
    re.compile(r"(?:\b|(?<=\s))(?:Calle|C/|ul\.|Ulica|Avenida|Avda\.|Paseo|Plaza|Via|Viale|Piazza|Corso|Largo|Rua|Travessa)\s"
               r"(?:(?:de la|del|de|dei|della|di|do|da)\s)?" + _CAP + r"(?: " + _CAP + r")*,?\s(?:n\.?\s?)?\d{1,4}\b"),
]
_US_STATES = ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
              "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC").split()
POSTCODE_RES = [
    # UK: SW1A 1AA, NW1 6XE, M1 1AE, EH1 2NG (upper case; the space may be missing)
    re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b"),
    # US: a state code then a ZIP (CA 94103, NY 10001-1234), or a ZIP after "zip"
    re.compile(r"(?<=\b(?:" + "|".join(_US_STATES) + r") )\d{5}(?:-\d{4})?\b"),
    re.compile(r"(?i)(?<=zip )\d{5}(?:-\d{4})?\b|(?<=zip: )\d{5}(?:-\d{4})?\b|(?<=zip code )\d{5}(?:-\d{4})?\b"),
    # EU: 5 digits then a capitalised place (DE, FR, ES, IT, FI, SE with space): 10115 Berlin, 75008 Paris
    re.compile(r"(?<![\w.,$€£-])(?:[A-Z]{1,2}-)?\d{5}(?= [A-ZÄÖÜÉÈ][a-zäöüßéèàç]{2,})"),
    # NL: 1012 AB (Amsterdam); PL: 00-950; PT: 1100-148; SE: 114 55 Stockholm
    re.compile(r"(?<![\w.,-])\d{4} ?[A-Z]{2}(?= [A-Z][a-z]{2,})"),
    re.compile(r"(?<![\w.,-])\d{2}-\d{3}(?= [A-ZŁŚŻŹ][a-ząćęłńóśźż]{2,})"),
    re.compile(r"(?<![\w.,-])\d{4}-\d{3}(?= [A-Z][a-zãõçé]{2,})"),
    re.compile(r"(?<![\w.,-])\d{3} \d{2}(?= [A-ZÅÄÖ][a-zåäö]{2,})"),
]
_POSTCODE_CUE = re.compile(r"(?i)(?:post ?code|postal code|zip)\W{0,3}$")
_MONTHS = re.compile(r"(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_NOT_PLACES = re.compile(r"(?i)^(?:euros?|eur|dollars?|usd|pounds?|gbp|points?|miles?|kms?|people|passengers|users"
                         r"|customers|members|employees|followers|views|votes|times|units|items|orders|tickets)\b")


def find_addresses(text: str) -> Iterator[Span]:
    for rx in ADDRESS_RES:
        for m in rx.finditer(text):
            yield ("ADDRESS", m.start(), m.end())


def find_postcodes(text: str) -> Iterator[Span]:
    for rx in POSTCODE_RES:
        for m in rx.finditer(text):
            after = text[m.end():m.end() + 12].strip()
            if _MONTHS.match(after) or _NOT_PLACES.match(after):
                continue  # "12345 May ..." is a number before a month, not a postcode
            if rx is POSTCODE_RES[0] and " " not in m.group(0) and not _POSTCODE_CUE.search(text[:m.start()]):
                continue  # an unspaced UK shape (also aircraft tails like N366SW) needs a "postcode" cue
            yield ("POSTCODE", m.start(), m.end())
