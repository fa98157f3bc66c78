"""Turn persona templates into varied, natural answers: slot filling, mixing, noise, PII.

All randomness comes from the ``random.Random`` passed in, so output is fixed by the seed.
"""

from __future__ import annotations

import random
import re

import phrases as ph
import phrases_channels as pc

SLOT = re.compile(r"\{(\w+)\}")
OPENERS = ["", "", "", "", "", "", "Hmm, ", "Well, ", "Good question. ", "Overall, ", "Oh, ",
           "Right, "]
KEEP_CAPITAL = ("I ", "I'", "Brightleaf", "Tesco", "Amazon", "Aldi", "Lidl", "Ocado", "HelloFresh",
                "Sainsbury", "B Corp", "Tbh")
HEDGES = tuple(ph.SHARED_SLOTS["hedge"])
SENTENCE_START = re.compile(r"([.!?]\s+)([a-z])")
CLOSERS = ["", "", "", "", "", "", " Thanks.", " That's it really.", " :)", " Cheers."]
FIRST = ["Sarah", "James", "Priya", "Tom", "Aisha", "Liam", "Grace", "Mohammed", "Emma", "Dylan"]
LAST = ["Jones", "Patel", "Smith", "O'Neill", "Khan", "Williams", "Taylor", "Brown", "Evans"]
MAIL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "btinternet.com", "hotmail.co.uk"]
CITIES = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "Brighton"]

# A few answers in another language (language code, text) per persona.
FOREIGN = {
    "price_driven": [("de", "Der Preis ist für mich das Wichtigste, ich kaufe immer das günstigste Angebot."),
                     ("es", "Lo más importante para mí es el precio, siempre busco ofertas.")],
    "eco_conscious": [("de", "Nachhaltigkeit und wenig Plastikverpackung sind mir sehr wichtig."),
                      ("fr", "Je veux des emballages recyclables et une marque respectueuse de la planète.")],
    "convenience": [("es", "Lo que más valoro es la entrega rápida y una aplicación fácil de usar."),
                    ("fr", "La livraison rapide et la commande en deux clics, c'est tout ce qui compte.")],
    "quality_status": [("fr", "La qualité premium et le prestige de la marque avant tout."),
                       ("de", "Erstklassige Qualität und ein edles Design sind mir wichtig.")],
    "loyal_advocate": [("es", "Llevo años con ustedes y siempre los recomiendo a mi familia."),
                       ("de", "Ich bin seit Jahren treue Kundin und empfehle euch allen Freunden.")],
    "frustrated_churner": [("fr", "Le service client est catastrophique, j'attends mon remboursement depuis un mois."),
                           ("es", "Pésimo servicio al cliente, llevo semanas esperando un reembolso.")],
}


def fill(rng: random.Random, template: str, persona: str) -> str:
    """Replace each ``{slot}`` with a random filler (persona slots first, then shared)."""
    slots = ph.PERSONA_SLOTS.get(persona, {})

    def one(m: re.Match) -> str:
        name = m.group(1)
        options = slots.get(name) or ph.SHARED_SLOTS.get(name)
        if options is None:
            for other in ph.PERSONA_SLOTS.values():   # a generic sentence may use any slot
                if name in other:
                    options = other[name]
                    break
        return rng.choice(options) if options else m.group(0)

    text = SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), SLOT.sub(one, template))
    return text[0].upper() + text[1:] if text else text


def _sentences(rng: random.Random, pool: list[str], k: int, persona: str,
               off_rate: float) -> list[str]:
    """k filled sentences from ``pool``; each is generic/off-persona with prob ``off_rate``."""
    picks = rng.sample(pool, min(k, len(pool)))
    out = []
    for template in picks:
        if rng.random() < off_rate:
            if rng.random() < 0.75:
                template = rng.choice(ph.GENERIC)
            else:                                     # a sentence from another profile
                other = rng.choice([p for p in ph.Q5 if p != persona])
                template = rng.choice(ph.Q5[other] + ph.Q6[other])
        out.append(fill(rng, template, persona))
    return out


def typo(rng: random.Random, text: str) -> str:
    """Swap two adjacent letters inside one longer word, or drop a letter."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.6 else w[:j] + w[j + 1:]
    return " ".join(words)


def style(rng: random.Random, text: str) -> str:
    """Openers, closers and the small sloppiness of real typing."""
    opener = "" if text.startswith(HEDGES) else rng.choice(OPENERS)
    if opener.endswith(", ") and not text.startswith(KEEP_CAPITAL):
        text = text[:1].lower() + text[1:]
    text = opener + text
    text = text[:1].upper() + text[1:] + rng.choice(CLOSERS)
    r = rng.random()
    if r < 0.06:
        text = text.lower()
    elif r < 0.14 and text.endswith("."):
        text = text[:-1]
    if rng.random() < 0.05:
        text = typo(rng, text)
    return text


def pii_sentence(rng: random.Random) -> str:
    """A sentence carrying an email, a phone number or a person's name."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    kind = rng.randrange(3)
    if kind == 0:
        mail = f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
        return f"You can email me at {mail} if you want to discuss."
    if kind == 1:
        return f"Call me on 07700 900{rng.randint(0, 999):03d}, happy to talk."
    return f"{first} {last} at your {rng.choice(CITIES)} depot was really helpful."


def survey_answers(rng: random.Random, persona: str, off_rate: float = 0.12) -> dict[str, str]:
    """Q5/Q6/Q7 answers for one respondent (blank, N/A-like, PII and foreign variants included)."""
    q5_k = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
    q6_k = rng.choices([1, 2], weights=[65, 35])[0]
    q5 = " ".join(_sentences(rng, ph.Q5[persona], q5_k, persona, off_rate))
    q6 = " ".join(_sentences(rng, ph.Q6[persona], q6_k, persona, off_rate))
    r7 = rng.random()
    if r7 < 0.32:
        q7 = ""
    elif r7 < 0.38:
        q7 = rng.choice(ph.BLANKISH)
    else:
        parts = _sentences(rng, ph.Q7[persona], 1, persona, off_rate)
        if rng.random() < 0.4:
            parts += _sentences(rng, ph.Q5[persona] + ph.Q6[persona], 1, persona, off_rate)
        q7 = " ".join(parts)
    answers = {"Q5_TEXT": style(rng, q5), "Q6_TEXT": style(rng, q6),
               "Q7_TEXT": style(rng, q7) if len(q7) > 12 else q7}
    for q in ("Q5_TEXT", "Q6_TEXT"):
        if rng.random() < 0.03:
            answers[q] = "" if rng.random() < 0.7 else rng.choice(ph.BLANKISH)
    if rng.random() < 0.04:
        q = rng.choice(["Q6_TEXT", "Q7_TEXT"])
        answers[q] = (answers[q] + " " + pii_sentence(rng)).strip()
    return answers


def foreign_answer(rng: random.Random, persona: str) -> tuple[str, str]:
    """(language code, Q5 answer) in another language."""
    return rng.choice(FOREIGN[persona])


def long_answer(rng: random.Random, persona: str, n: int = 28) -> str:
    """One very long answer (several thousand characters) from the persona's whole pool."""
    pool = ph.Q5[persona] + ph.Q6[persona] + ph.Q7[persona] + ph.GENERIC
    return " ".join(fill(rng, template, persona) for template in rng.sample(pool, min(n, len(pool))))


POST_PREFIX = ["", "", "", "", "ngl ", "tbh ", "ok so ", "honestly ", "not gonna lie, ", "so... "]
POST_SUFFIX = ["", "", "", "", " 🙃", " #justsaying", " lol", "!!", " 👀", " smh", " 🤷", " #brightleaf"]
ORDER_REFS = ["Order number BL-{n}.", "(order BL-{n})", "Order ref: BL-{n}", "It's order BL-{n}."]


def _extra(rng: random.Random, persona: str) -> str:
    """One more sentence from the persona's survey wording, to vary a ticket or post."""
    return fill(rng, rng.choice(ph.Q5[persona] + ph.Q6[persona]), persona)


def ticket_text(rng: random.Random, persona: str, off_rate: float = 0.12) -> tuple[str, str]:
    """(subject, description) for one support ticket."""
    generic = rng.random() < off_rate
    subject, body = rng.choice(pc.GENERIC_TICKETS if generic else pc.TICKETS[persona])
    parts = [fill(rng, body, persona)]
    greet = rng.choice(["", "", "Hello, ", "Hi there, ", "Hi, ", "Morning, "])
    if greet:
        parts[0] = greet + (parts[0] if parts[0].startswith(KEEP_CAPITAL) else parts[0][0].lower() + parts[0][1:])
    if rng.random() < 0.6:
        parts.insert(rng.randint(1, len(parts)), rng.choice(ORDER_REFS).format(n=rng.randint(100000, 999999)))
    if not generic and rng.random() < 0.35:
        parts.append(_extra(rng, persona))
    if rng.random() < 0.05:
        parts.append(pii_sentence(rng))
    parts.append(rng.choice(["", "", "Thanks", "Regards", "Cheers", "Thank you.", "Many thanks"]))
    text = " ".join(p for p in parts if p)
    if rng.random() < 0.05:
        text = typo(rng, text)
    return fill(rng, subject, persona), text


def post_text(rng: random.Random, persona: str, off_rate: float = 0.12) -> str:
    """One social post mentioning the brand."""
    generic = rng.random() < off_rate
    text = fill(rng, rng.choice(pc.GENERIC_POSTS if generic else pc.POSTS[persona]), persona)
    if not generic and rng.random() < 0.3:
        text += ("" if text[-1] in ".!?" else ".") + " " + _extra(rng, persona)
    prefix = rng.choice(POST_PREFIX)
    if prefix and not text.startswith("@"):
        text = text[:1].lower() + text[1:] if not text.startswith(KEEP_CAPITAL) else text
    text = prefix + text + rng.choice(POST_SUFFIX)
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.05:
        text = typo(rng, text)
    return text[:280]
