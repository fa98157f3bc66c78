"""A generated, labelled PII set (varied formats, several locales) and recall/precision/F2 of the redactor.

>>> samples = generate_pii_set(n_entities=50, seed=1)
>>> sorted(evaluate_redaction(samples))[:2]
['CARD', 'EMAIL']
"""
from __future__ import annotations

import random
import string

from .names import name_lists
from .pii_patterns import IBAN_LENGTHS, luhn_ok
from .redact import LABELS, redact

# Names deliberately absent from resources/first_names.txt: they measure the fallback's reach honestly.
UNLISTED_FIRST = ["Oddvar", "Zephyrine", "Bartholomew", "Leocadia", "Thorvald", "Ottoline", "Cosimo", "Wilhelmina",
                  "Evander", "Philippa", "Radomir", "Isolde", "Casimir", "Perpetua", "Ignatius", "Berenice"]

TEMPLATES = {
    "EMAIL": ["Please contact me at {} about the refund.", "My email is {}", "email: {} (work)", "send it to {}, thanks",
              "I wrote to {} twice and nobody answered."],
    "PHONE": ["Call me back on {} please.", "my number is {}", "Tel: {}", "You can reach me at {} after 6pm.",
              "I rang {} three times and waited 40 minutes."],
    "CARD": ["They charged my card {} twice!", "card number {} was declined", "Card: {} exp 04/27",
             "why was {} blocked yesterday?"],
    "IBAN": ["Please refund to IBAN {}", "my account {} never got the transfer", "IBAN: {}.",
             "the payment to {} bounced"],
    "IP": ["The login came from {} which isn't me.", "my router is {}", "blocked from IP {} again",
           "server {} keeps timing out"],
    "URL": ["See the screenshot at {}", "the link {} is broken", "I found it on {} yesterday", "Source: {}"],
    "HANDLE": ["{} your app keeps crashing", "thanks {} for fixing it", "cc {} this is the third time", "{} any update?"],
    "ADDRESS": ["Please send the replacement to {} instead.", "I live at {}", "Address: {}.",
                "the courier left it outside {} in the rain", "we moved to {} last year"],
    "POSTCODE": ["my postcode is {} and delivery still fails", "Postcode: {}", "they don't deliver to {} apparently",
                 "postcode {} (no space) is rejected",
                 "postal code {} is not recognised by your form"],
    "PERSON": ["My name is {} and I have been a customer for 10 years.", "Hi {}, thanks for the quick reply.",
               "I spoke to {} at the desk and she was lovely.", "{} was very helpful on the phone.",
               "Dear {}, I am still waiting.", "Thanks, {}", "Ask for {} next time, he sorted it out.",
               "The agent {} hung up on me."],
}
# Non-PII fillers (dates, amounts, order numbers, capitalised words) that must stay.
FILLERS = ["Order 48213 arrived on 2024-05-17.", "It cost $1,249.99 in May.", "Flight UA 1532 left at 14:35.",
           "Apple and Delta are fine.", "The update to version 2.4.1 broke it.", "Room 204, floor 3.",
           "I waited 45 minutes.", "Reference ABC12345.", "", "", ""]

US_AREA = ["415", "212", "617", "312", "206", "303", "512", "646"]


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return next(body + c for c in string.digits if luhn_ok(body + c))


def make_card(rng: random.Random) -> str:
    kind = rng.choice(["visa", "visa", "mc", "mc2", "amex", "discover"])
    if kind == "amex":
        n = _luhn_complete(rng.choice(["34", "37"]), 15, rng)
        return rng.choice([f"{n[:4]} {n[4:10]} {n[10:]}", f"{n[:4]}-{n[4:10]}-{n[10:]}", n])
    prefix = {"visa": "4", "mc": str(rng.randint(51, 55)), "mc2": str(rng.randint(2221, 2720)), "discover": "6011"}[kind]
    n = _luhn_complete(prefix, 16, rng)
    groups = [n[i:i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ".join(groups), "-".join(groups), n])


_IBAN_BBAN = {"DE": "n18", "GB": "a4n14", "FR": "n23", "ES": "n20", "IT": "a1n22", "NL": "a4n10", "BE": "n12",
              "CH": "n17", "PL": "n24", "IE": "a4n14", "AT": "n16", "PT": "n21"}


def make_iban(rng: random.Random) -> str:
    country = rng.choice(sorted(_IBAN_BBAN))
    spec, bban = _IBAN_BBAN[country], ""
    for kind, count in _split_spec(spec):
        pool = string.ascii_uppercase if kind == "a" else string.digits
        bban += "".join(rng.choice(pool) for _ in range(count))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    assert len(iban) == IBAN_LENGTHS[country]
    spaced = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return rng.choice([iban, spaced, spaced, iban.lower()])


def _split_spec(spec: str) -> list[tuple[str, int]]:
    out, i = [], 0
    while i < len(spec):
        j = i + 1
        while j < len(spec) and spec[j].isdigit():
            j += 1
        out.append((spec[i], int(spec[i + 1:j])))
        i = j
    return out


def make_phone(rng: random.Random) -> str:
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    a, b = rng.choice(US_AREA), "555"
    formats = [
        f"({a}) {b}-{d(4)}", f"{a}-{b}-{d(4)}", f"{a}.{b}.{d(4)}", f"+1 {a} {b} {d(4)}", f"1-800-{b}-{d(4)}",
        f"020 7946 {d(4)}", f"+44 20 7946 {d(4)}", f"07700 9{d(5)}", f"+44 7700 9{d(5)}", f"(0161) 496 {d(4)}",
        f"0044 161 496 {d(4)}", f"06 {d(2)} {d(2)} {d(2)} {d(2)}", f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}",
        f"+33 (0)1 {d(2)} {d(2)} {d(2)} {d(2)}", f"030 {d(8)}", f"+49 30 {d(8)}", f"+49 (0)30 {d(4)} {d(4)}",
        f"0151 {d(8)}", f"6{d(2)} {d(2)} {d(2)} {d(2)}", f"+34 6{d(2)} {d(3)} {d(3)}", f"+39 333 {d(3)} {d(4)}",
        f"06-{d(8)}", f"+31 6 {d(8)}", f"+91 98{d(3)} {d(5)}", f"+61 2 {d(4)} {d(4)}", f"+81 3-{d(4)}-{d(4)}",
        f"+55 11 9{d(4)}-{d(4)}", f"+353 87 {d(3)} {d(4)}", f"+48 {d(3)} {d(3)} {d(3)}",
        f"+1 ({a}) {b}-{d(4)}", f"{a} {b} {d(4)}", f"+44 (0)20 7946 {d(4)}", f"+4420794{d(5)}",
        f"0{d(3)}-{d(7)}", f"+32 4{d(2)} {d(2)} {d(2)} {d(2)}", f"+33.6.{d(2)}.{d(2)}.{d(2)}.{d(2)}",
    ]
    return rng.choice(formats)


def make_ip(rng: random.Random) -> str:
    if rng.random() < 0.6:
        ip = ".".join(str(rng.randint(1 if i == 0 else 0, 255)) for i in range(4))
        return ip if rng.random() < 0.8 else f"{ip}:{rng.randint(80, 9000)}"
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
    if rng.random() < 0.5:
        return ":".join(groups)
    return f"2001:db8:{groups[2]}::{groups[7]}"


def make_email(rng: random.Random, first: str, last: str) -> str:
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{rng.randint(1, 99)}", f"{first}+orders"])
    domain = rng.choice(["gmail.com", "example.co.uk", "mail.example.de", "outlook.fr", "uni-bonn.de", "yahoo.es"])
    email = f"{local}@{domain}"
    if rng.random() < 0.1:
        email = f"{local}@{domain}".replace(".", "_", 1) if "." in local else email
    return email.upper() if rng.random() < 0.05 else email.lower()


def make_url(rng: random.Random) -> str:
    path = "".join(rng.choice(string.ascii_lowercase) for _ in range(6))
    return rng.choice([f"https://example.com/{path}", f"http://t.co/{path}X2", f"www.example.org/help/{path}?id=42",
                       f"https://imgur.com/a/{path}", f"https://sub.example.co.uk/{path}/page.html"])


_STREETS_EN = ["Baker", "High", "Station", "Church", "Victoria", "Mill", "Oak", "Maple", "Elm", "Park", "Kings",
               "Pennsylvania", "Sunset", "Lincoln", "Market", "Main"]
_EN_TYPES = ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Drive", "Close", "Court", "Way", "Boulevard",
             "Place", "Terrace", "Crescent"]
_CITIES = {"DE": ["Berlin", "München", "Köln", "Hamburg"], "FR": ["Paris", "Lyon", "Marseille", "Nantes"],
           "ES": ["Madrid", "Sevilla", "Valencia"], "IT": ["Roma", "Milano", "Torino"], "NL": ["Amsterdam", "Utrecht"],
           "PL": ["Warszawa", "Kraków"], "PT": ["Lisboa", "Porto"], "SE": ["Stockholm", "Uppsala"]}


def make_address(rng: random.Random) -> str:
    """A street line in a UK, US, German, Dutch, French, Spanish, Italian or Portuguese format."""
    n = rng.randint(1, 2400)
    kind = rng.choice(["en", "en", "us", "de", "de2", "nl", "fr", "es", "it", "pt"])
    if kind == "en":
        return f"{rng.randint(1, 300)}{rng.choice(['', '', 'A', 'B'])} {rng.choice(_STREETS_EN)} {rng.choice(_EN_TYPES)}"
    if kind == "us":
        return f"{n} {rng.choice(_STREETS_EN)} {rng.choice(['Ave', 'Blvd', 'St', 'Street'])} {rng.choice(['NW', 'SE', 'N', 'W'])}"
    if kind == "de":
        return f"{rng.choice(['Haupt', 'Linden', 'Garten', 'Schiller', 'Goethe'])}{rng.choice(['straße', 'weg', 'gasse', 'platz', 'allee'])} {rng.randint(1, 120)}{rng.choice(['', 'a'])}"
    if kind == "de2":
        return f"{rng.choice(['Berliner', 'Frankfurter', 'Alte'])} {rng.choice(['Straße', 'Allee', 'Weg'])} {rng.randint(1, 120)}"
    if kind == "nl":
        return f"{rng.choice(['Keizers', 'Heeren', 'Prinsen'])}{rng.choice(['gracht', 'straat', 'laan'])} {rng.randint(1, 400)}"
    if kind == "fr":
        return f"{rng.randint(1, 150)} {rng.choice(['rue', 'avenue', 'boulevard', 'place'])} {rng.choice(['de la Paix', 'Victor Hugo', 'du Temple', 'des Lilas', 'Gambetta'])}"
    if kind == "es":
        return f"{rng.choice(['Calle', 'Avenida', 'Plaza', 'Paseo'])} {rng.choice(['Mayor', 'de Alcalá', 'del Prado', 'Real'])} {rng.randint(1, 200)}"
    if kind == "it":
        return f"{rng.choice(['Via', 'Viale', 'Piazza', 'Corso'])} {rng.choice(['Roma', 'Garibaldi', 'Dante', 'Verdi'])} {rng.randint(1, 200)}"
    return f"{rng.choice(['Rua', 'Avenida'])} {rng.choice(['Augusta', 'da Liberdade', 'do Ouro'])} {rng.randint(1, 200)}"


def make_postcode(rng: random.Random) -> str:
    """A postcode in a UK, US or EU format (EU and US ones with the context that marks them)."""
    L = lambda k, pool=string.ascii_uppercase: "".join(rng.choice(pool) for _ in range(k))  # noqa: E731
    d = lambda k: "".join(rng.choice(string.digits) for _ in range(k))  # noqa: E731
    kind = rng.choice(["uk", "uk", "uk", "us", "de", "fr", "es", "nl", "pl", "pt", "se"])
    if kind == "uk":
        inward = f"{d(1)}{L(2, 'ABDEFGHJLNPQRSTUWXYZ')}"
        outward = rng.choice([f"{L(1, 'BEGLMNSW')}{d(1)}", f"{rng.choice(['SW', 'NW', 'EC', 'WC', 'EH', 'BS', 'LS', 'CF'])}{d(1)}",
                              f"{rng.choice(['SW', 'EC', 'WC'])}{d(1)}{L(1, 'AMNPRVWY')}", f"{rng.choice(['M', 'B', 'G'])}{d(2)}"])
        return f"{outward} {inward}"
    if kind == "us":
        return f"{rng.choice(['CA', 'NY', 'TX', 'WA', 'IL'])} {d(5)}" + (f"-{d(4)}" if rng.random() < 0.3 else "")
    city = rng.choice(_CITIES.get(kind.upper(), ["Madrid"]))
    code = {"de": f"{d(5)}", "fr": f"{d(5)}", "es": f"{d(5)}", "nl": f"{rng.randint(1000, 9999)} {L(2)}",
            "pl": f"{d(2)}-{d(3)}", "pt": f"{rng.randint(1000, 9999)}-{d(3)}", "se": f"{rng.randint(100, 999)} {d(2)}"}[kind]
    return f"{code} {city}"


def make_person(rng: random.Random, firsts: list[str], surnames: list[str]) -> str:
    first = rng.choice(UNLISTED_FIRST) if rng.random() < 0.1 else rng.choice(firsts)
    return first if rng.random() < 0.4 else f"{first} {rng.choice(surnames)}"


def generate_pii_set(n_entities: int = 1500, seed: int = 0) -> list[dict]:
    """Samples ``{"text": str, "entities": [(label, start, end), ...]}`` with at least ``n_entities`` entities."""
    rng = random.Random(seed)
    first_names, _, surnames = name_lists()
    firsts = sorted(n.capitalize() for n in first_names)
    lasts = sorted(s.capitalize() for s in surnames if s.isalpha())
    samples, count = [], 0
    while count < n_entities:
        entities, text = [], ""
        for _ in range(rng.randint(1, 3)):
            label = rng.choice(LABELS)
            f, last = rng.choice(firsts).lower(), rng.choice(lasts).lower()
            value = {"EMAIL": lambda: make_email(rng, f, last), "PHONE": lambda: make_phone(rng),
                     "CARD": lambda: make_card(rng), "IBAN": lambda: make_iban(rng), "IP": lambda: make_ip(rng),
                     "URL": lambda: make_url(rng), "ADDRESS": lambda: make_address(rng),
                     "POSTCODE": lambda: make_postcode(rng), "HANDLE": lambda: "@" + f + rng.choice(["", "_", "2"]) + last[:4],
                     "PERSON": lambda: make_person(rng, firsts, lasts)}[label]()
            template = rng.choice(TEMPLATES[label])
            head, tail = template.split("{}")
            prefix = (text + " " if text else "") + head
            span = len(_postcode_part(value)) if label == "POSTCODE" else len(value)
            us_state = label == "POSTCODE" and value[:2].isalpha() and value[2:3] == " " and value[3:4].isdigit()
            start = len(prefix) + (3 if us_state else 0)
            entities.append((label, start, len(prefix) + span))
            text = prefix + value + tail
            filler = rng.choice(FILLERS)
            text = f"{text} {filler}".rstrip()
        samples.append({"text": text, "entities": entities})
        count += len(entities)
    return samples


def _postcode_part(value: str) -> str:
    """The code itself of a generated postcode value (EU ones are followed by their place name)."""
    parts = value.rsplit(" ", 1)
    return parts[0] if len(parts) == 2 and parts[1][:1].isupper() and parts[1][1:2].islower() else value


def evaluate_redaction(samples: list[dict]) -> dict:
    """Per-label recall (gold span fully covered by a predicted span of that label), precision, F2, counts."""
    stats = {label: {"support": 0, "found": 0, "predicted": 0, "correct": 0} for label in LABELS}
    for sample in samples:
        gold = [tuple(e) for e in sample["entities"]]
        _, pred = redact(sample["text"])
        for label, s, e in gold:
            stats[label]["support"] += 1
            if any(p[0] == label and p[1] <= s and p[2] >= e for p in pred):
                stats[label]["found"] += 1
        for label, s, e in pred:
            stats[label]["predicted"] += 1
            if any(g[0] == label and g[1] < e and s < g[2] for g in gold):
                stats[label]["correct"] += 1
    report = {}
    for label, st in stats.items():
        recall = st["found"] / st["support"] if st["support"] else float("nan")
        precision = st["correct"] / st["predicted"] if st["predicted"] else 1.0
        f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall > 0 else 0.0
        report[label] = {"recall": recall, "precision": precision, "f2": f2,
                         "support": st["support"], "predicted": st["predicted"]}
    return report
