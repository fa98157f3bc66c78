"""The six demo personas: shares, planted demographic skews and closed-question answers.

Everything a persona *is* apart from its wording lives here (wording: ``phrases.py``).
Numbers are chosen so that each skew is significant at n of about 300 per persona.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

REGIONS = ["London", "South East", "South West", "Midlands", "North West", "North East",
           "Scotland", "Wales"]
# Rough centroids (lat, lon) used for Qualtrics LocationLatitude/Longitude.
REGION_COORDS = {
    "London": (51.507, -0.128), "South East": (51.28, -0.77), "South West": (50.72, -3.53),
    "Midlands": (52.49, -1.89), "North West": (53.48, -2.24), "North East": (54.97, -1.61),
    "Scotland": (55.95, -3.19), "Wales": (51.48, -3.18),
}
GENDERS = ["Female", "Male", "Non-binary", "Prefer not to say"]
INCOME_BANDS = ["Under £20,000", "£20,000 - £34,999", "£35,000 - £49,999", "£50,000 - £74,999",
                "£75,000 or more", "Prefer not to say"]
MATTERS = ["Low prices", "Sustainability", "Fast delivery", "Product quality", "Customer service",
           "Brand reputation", "Easy ordering"]
PLANS = ["Basic", "Plus", "Premium"]
CHANNELS = ["app", "web", "email", "phone"]


@dataclass(frozen=True)
class Persona:
    """One value/attitude profile and the demographic skews planted with it."""

    key: str
    label: str
    share: float
    age_mean: float
    age_sd: float
    gender_w: list[float]
    region_w: list[float]
    income_w: list[float]
    nps_range: tuple[int, int]
    matters_w: list[float]
    value_median: float          # annual revenue (GBP) median, lognormal
    tenure_mean: float
    plan_w: list[float]
    channel_w: list[float]
    ticket_rate: float           # mean tickets per customer
    extra: dict = field(default_factory=dict)


PERSONAS: list[Persona] = [
    Persona("price_driven", "Price-driven", 0.25, 43, 13,
            [0.48, 0.48, 0.02, 0.02], [0.06, 0.07, 0.10, 0.22, 0.18, 0.20, 0.09, 0.08],
            [0.38, 0.36, 0.14, 0.05, 0.02, 0.05], (4, 8),
            [0.95, 0.05, 0.25, 0.15, 0.15, 0.05, 0.30], 180, 3.0,
            [0.75, 0.22, 0.03], [0.25, 0.45, 0.25, 0.05], 0.8),
    Persona("eco_conscious", "Eco-conscious", 0.20, 29, 6,
            [0.62, 0.31, 0.05, 0.02], [0.42, 0.18, 0.10, 0.08, 0.10, 0.04, 0.05, 0.03],
            [0.14, 0.32, 0.30, 0.15, 0.04, 0.05], (6, 9),
            [0.10, 0.95, 0.10, 0.45, 0.15, 0.30, 0.10], 420, 2.5,
            [0.30, 0.50, 0.20], [0.55, 0.30, 0.12, 0.03], 0.5),
    Persona("convenience", "Convenience-seeking", 0.18, 35, 8,
            [0.47, 0.49, 0.02, 0.02], [0.20, 0.17, 0.10, 0.15, 0.16, 0.09, 0.08, 0.05],
            [0.08, 0.25, 0.34, 0.23, 0.06, 0.04], (6, 9),
            [0.20, 0.05, 0.95, 0.15, 0.20, 0.05, 0.80], 520, 3.5,
            [0.25, 0.55, 0.20], [0.75, 0.15, 0.07, 0.03], 0.9),
    Persona("quality_status", "Quality/status", 0.15, 48, 10,
            [0.40, 0.57, 0.01, 0.02], [0.25, 0.30, 0.12, 0.10, 0.08, 0.04, 0.07, 0.04],
            [0.02, 0.07, 0.16, 0.32, 0.38, 0.05], (7, 10),
            [0.03, 0.15, 0.10, 0.95, 0.25, 0.70, 0.05], 1100, 4.5,
            [0.08, 0.32, 0.60], [0.25, 0.40, 0.20, 0.15], 0.7),
    Persona("loyal_advocate", "Loyal advocate", 0.12, 54, 11,
            [0.56, 0.41, 0.01, 0.02], [0.06, 0.15, 0.22, 0.17, 0.14, 0.09, 0.10, 0.07],
            [0.08, 0.24, 0.32, 0.24, 0.08, 0.04], (9, 10),
            [0.20, 0.15, 0.15, 0.45, 0.70, 0.55, 0.20], 760, 8.0,
            [0.20, 0.45, 0.35], [0.20, 0.30, 0.30, 0.20], 0.4),
    Persona("frustrated_churner", "Frustrated churner", 0.10, 39, 12,
            [0.45, 0.51, 0.02, 0.02], [0.12, 0.13, 0.12, 0.16, 0.17, 0.13, 0.10, 0.07],
            [0.15, 0.30, 0.28, 0.17, 0.05, 0.05], (0, 4),
            [0.30, 0.05, 0.30, 0.20, 0.90, 0.05, 0.25], 240, 1.5,
            [0.55, 0.35, 0.10], [0.20, 0.25, 0.25, 0.30], 2.2),
]
PERSONA_BY_KEY = {p.key: p for p in PERSONAS}


def draw_personas(rng: random.Random, n: int) -> list[Persona]:
    """Exact-share persona list of length n, shuffled (largest-remainder rounding)."""
    raw = [p.share * n for p in PERSONAS]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    out = [p for p, c in zip(PERSONAS, counts) for _ in range(c)]
    rng.shuffle(out)
    return out


def _pick(rng: random.Random, options: list[str], weights: list[float]) -> str:
    return rng.choices(options, weights=weights, k=1)[0]


def demographics(rng: random.Random, p: Persona) -> dict:
    """Closed survey answers for one respondent of persona ``p``."""
    age = int(round(min(84, max(18, rng.gauss(p.age_mean, p.age_sd)))))
    lo, hi = p.nps_range
    nps = rng.randint(lo, hi)
    if rng.random() < 0.08:                       # nobody is a pure type
        nps = rng.randint(0, 10)
    chosen = [m for m, w in zip(MATTERS, p.matters_w) if rng.random() < w]
    if not chosen:
        chosen = [_pick(rng, MATTERS, p.matters_w)]
    return {
        "age": age,
        "gender": _pick(rng, GENDERS, p.gender_w),
        "region": _pick(rng, REGIONS, p.region_w),
        "income": _pick(rng, INCOME_BANDS, p.income_w),
        "nps": nps,
        "matters": chosen,
    }


def crm_record(rng: random.Random, p: Persona) -> dict:
    """CRM attributes (value, tenure, plan, channel) for one customer of persona ``p``."""
    value = p.value_median * rng.lognormvariate(0.0, 0.45)
    tenure = max(0.1, rng.gauss(p.tenure_mean, p.tenure_mean * 0.35))
    return {
        "customer_value": round(value, 2),
        "tenure_years": round(tenure, 1),
        "plan": _pick(rng, PLANS, p.plan_w),
        "channel_preference": _pick(rng, CHANNELS, p.channel_w),
    }
