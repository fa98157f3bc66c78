#!/usr/bin/env python3
"""Deterministic demo data for feedback-seg, in real export formats, with its ground truth.

    python data/generate.py --out demo/data --seed 7 [--respondents 2000 --tickets 3000 --posts 3000]

Writes ``brand_survey_qualtrics.csv``, ``crm_customers.csv``, ``support_tickets_zendesk.json``,
``x_archive/tweets.js``, ``ground_truth.csv``, ``ground_truth_records.csv`` and
``ground_truth_profiles.json``. Standalone: stdlib only, no project imports. The same seed gives
byte-identical files (timestamps come from fixed dates plus seeded offsets, never the clock).
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import formats_out as fo  # noqa: E402
import personas as pe  # noqa: E402
import textgen as tg  # noqa: E402

SURVEY_START = datetime(2024, 3, 4, 8, 0, 0, tzinfo=timezone.utc)
TICKETS_START = datetime(2023, 10, 2, 7, 0, 0, tzinfo=timezone.utc)
POSTS_START = datetime(2024, 1, 1, 0, 0, 0, tzinfo=timezone.utc)
BRAND_X_ID = "1453021189577392129"
TOPIC_TAGS = {
    "price_driven": ["billing", "pricing"], "eco_conscious": ["packaging", "sustainability"],
    "convenience": ["delivery", "app"], "quality_status": ["product_quality", "premium"],
    "loyal_advocate": ["feedback", "account"], "frustrated_churner": ["complaint", "cancellation"],
}
NOT_AN_ANSWER = set(tg.ph.BLANKISH) | {""}


def _stream(seed: int, name: str) -> random.Random:
    """An independent random stream per part, so changing one count leaves the others alone."""
    return random.Random(f"feedback-seg-demo:{seed}:{name}")


def build_customers(seed: int, n_resp: int) -> list[dict]:
    """All customers: survey respondents (exact persona shares) plus ~3% CRM-only ones."""
    rng = _stream(seed, "customers")
    n_extra = max(1, round(0.03 * n_resp))
    people = pe.draw_personas(rng, n_resp)
    weights = [p.share for p in pe.PERSONAS]
    people += rng.choices(pe.PERSONAS, weights=weights, k=n_extra)
    numbers = sorted(rng.sample(range(1, 150_000), len(people)))
    order = list(range(len(people)))
    rng.shuffle(order)
    customers = []
    for idx, num in zip(order, numbers):
        in_survey = idx < n_resp
        customers.append({"customer_id": f"C{num:06d}", "persona": people[idx].key,
                          "in_survey": in_survey, "in_crm": True})
    survey = [c for c in customers if c["in_survey"]]
    for c in rng.sample(survey, max(1, round(0.02 * n_resp))):
        c["in_crm"] = False
    return customers


def _response_id(rng: random.Random) -> str:
    return "R_" + "".join(rng.choices(string.ascii_letters + string.digits, k=15))


def _unique_answers(rng: random.Random, persona: str, seen: set[str]) -> dict[str, str]:
    """Answers that repeat no earlier real answer (N/A-like ones may repeat)."""
    for _ in range(40):
        answers = tg.survey_answers(rng, persona)
        real = [a for a in answers.values() if a not in NOT_AN_ANSWER]
        if not any(a in seen for a in real) and len(set(real)) == len(real):
            seen.update(real)
            return answers
    raise RuntimeError(f"could not draw unique answers for persona {persona}")


def build_survey(seed: int, customers: list[dict]) -> list[dict]:
    """Qualtrics response rows (closed + open answers) for the survey customers."""
    rng = _stream(seed, "survey")
    people = [c for c in customers if c["in_survey"]]
    n = len(people)
    special = rng.sample(range(n), min(n, max(1, n // 100) + 1 + max(1, n // 50)))
    foreign = set(special[: max(1, n // 100)])
    long_one = special[max(1, n // 100)] if n > 1 else -1
    partial = set(special[max(1, n // 100) + 1:])
    seen: set[str] = set()
    rows = []
    for i, cust in enumerate(people):
        p = pe.PERSONA_BY_KEY[cust["persona"]]
        demo = pe.demographics(rng, p)
        ans = _unique_answers(rng, p.key, seen)
        lang = "EN"
        if i in foreign:
            code, text = tg.foreign_answer(rng, p.key)
            if text not in seen:
                seen.add(text)
                ans["Q5_TEXT"], lang = text, code.upper()
        if i == long_one:
            paras = [tg.long_answer(rng, p.key, 12) for _ in range(4)]
            ans["Q7_TEXT"] = "\n\n".join(paras)
        start = SURVEY_START + timedelta(seconds=rng.randrange(27 * 24 * 3600))
        duration = int(rng.lognormvariate(5.6, 0.5)) + 40
        end = start + timedelta(seconds=duration)
        lat, lon = pe.REGION_COORDS[demo["region"]]
        nps = demo["nps"]
        row = {
            "StartDate": f"{start:%Y-%m-%d %H:%M:%S}", "EndDate": f"{end:%Y-%m-%d %H:%M:%S}",
            "Status": "IP Address", "IPAddress": ".".join(str(rng.randint(2, 223)) for _ in range(4)),
            "Progress": "100", "Duration (in seconds)": str(duration), "Finished": "True",
            "RecordedDate": f"{end:%Y-%m-%d %H:%M:%S}", "ResponseId": _response_id(rng),
            "ExternalReference": cust["customer_id"],
            "LocationLatitude": f"{lat + rng.gauss(0, 0.2):.10f}",
            "LocationLongitude": f"{lon + rng.gauss(0, 0.2):.10f}",
            "DistributionChannel": "email", "UserLanguage": lang,
            "Q1": str(demo["age"]), "Q2": demo["gender"], "Q3": demo["region"], "Q4": demo["income"],
            **ans,
            "Q8": str(nps), "Q8_NPS_GROUP": "Promoter" if nps >= 9 else "Passive" if nps >= 7 else "Detractor",
            "Q9": ",".join(demo["matters"]),
        }
        if i in partial:                      # dropped out after Q6: later answers missing
            row.update({"Progress": str(rng.randint(45, 85)), "Finished": "False", "Q7_TEXT": "",
                        "Q8": "", "Q8_NPS_GROUP": "", "Q9": ""})
        rows.append(row)
    rows.sort(key=lambda r: (r["StartDate"], r["ResponseId"]))
    return rows


def build_crm(seed: int, customers: list[dict]) -> list[dict]:
    """CRM rows for customers in the CRM (value, tenure, plan, channel)."""
    rng = _stream(seed, "crm")
    rows = []
    for c in customers:
        attrs = pe.crm_record(rng, pe.PERSONA_BY_KEY[c["persona"]])
        if c["in_crm"]:
            rows.append({"customer_id": c["customer_id"], **attrs})
    return rows


def _unique(rng: random.Random, make, seen: set) -> object:
    """Call ``make(rng)`` until its result was not seen before (a few tries)."""
    for _ in range(30):
        value = make(rng)
        if value not in seen:
            break
    seen.add(value)
    return value


def _ticket(rng: random.Random, tid: int, cust: dict, user: dict, created: datetime,
            seen: set) -> dict:
    persona = cust["persona"]
    churner = persona == "frustrated_churner"
    subject, body = _unique(rng, lambda r: tg.ticket_text(r, persona), seen)
    status = rng.choices(["new", "open", "pending", "hold", "solved", "closed"],
                         weights=[8, 25, 12, 3, 40, 12] if churner else [4, 8, 8, 2, 55, 23])[0]
    updated = created + timedelta(minutes=rng.randint(5, 60 * 72))
    if status in ("solved", "closed") and rng.random() < 0.55:
        good = rng.random() < {"frustrated_churner": 0.15, "loyal_advocate": 0.95}.get(persona, 0.7)
        rating = {"score": "good" if good else "bad",
                  "comment": rng.choice(["", "", "Thanks!", "Sorted quickly."] if good else
                                        ["", "Took far too long.", "Still not fixed."])}
    elif status in ("solved", "closed"):
        rating = {"score": "offered", "comment": ""}
    else:
        rating = {"score": "unoffered", "comment": ""}
    channel = rng.choices(["email", "web", "mobile", "api"], weights=[50, 30, 15, 5])[0]
    source = {"from": {"address": user["email"], "name": user["name"]} if channel == "email" else {},
              "to": {"address": "support@brightleaf.example"} if channel == "email" else {},
              "rel": None}
    return {
        "url": f"https://brightleaf.zendesk.com/api/v2/tickets/{tid}.json", "id": tid,
        "external_id": None, "type": rng.choice(["question", "incident", "problem", "task"]),
        "subject": subject, "raw_subject": subject, "description": body,
        "priority": rng.choices(["low", "normal", "high", "urgent"],
                                weights=[5, 35, 40, 20] if churner else [20, 60, 15, 5])[0],
        "status": status, "recipient": "support@brightleaf.example",
        "requester_id": user["id"], "submitter_id": user["id"],
        "assignee_id": rng.choice([361000000101, 361000000102, 361000000103, 361000000104]),
        "organization_id": None, "group_id": rng.choice([362000000011, 362000000012]),
        "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [], "forum_topic_id": None,
        "problem_id": None, "has_incidents": False, "is_public": True, "due_at": None,
        "tags": sorted(set(rng.sample(TOPIC_TAGS[persona], 1) + [channel])),
        "custom_fields": [{"id": 360011112222, "value": cust["customer_id"]},
                          {"id": 360011113333, "value": rng.choice(["orders", "account", "products"])}],
        "satisfaction_rating": rating, "sharing_agreement_ids": [], "followup_ids": [],
        "ticket_form_id": 360000123456, "brand_id": 360000654321, "allow_channelback": False,
        "allow_attachments": True, "via": {"channel": channel, "source": source},
        "created_at": f"{created:%Y-%m-%dT%H:%M:%SZ}", "updated_at": f"{updated:%Y-%m-%dT%H:%M:%SZ}",
        "generated_timestamp": int(updated.timestamp()),
    }


def build_tickets(seed: int, customers: list[dict], n: int) -> tuple[list[dict], list[dict]]:
    """Zendesk tickets from the same customers (churners write most) and their ground truth."""
    rng = _stream(seed, "tickets")
    weights = [pe.PERSONA_BY_KEY[c["persona"]].ticket_rate * rng.lognormvariate(0, 0.8)
               for c in customers]
    user_ids = rng.sample(range(10**11, 10**12), len(customers))
    users = {}
    for c, uid in zip(customers, user_ids):
        first, last = rng.choice(tg.FIRST), rng.choice(tg.LAST)
        users[c["customer_id"]] = {"id": uid, "name": f"{first} {last}", "email":
                                   f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 999)}"
                                   f"@{rng.choice(tg.MAIL_DOMAINS)}"}
    requesters = rng.choices(customers, weights=weights, k=n)
    times = sorted(TICKETS_START + timedelta(seconds=rng.randrange(270 * 24 * 3600)) for _ in range(n))
    tickets, truth, seen = [], [], set()
    for k, (cust, created) in enumerate(zip(requesters, times)):
        tid = 40_000 + k
        tickets.append(_ticket(rng, tid, cust, users[cust["customer_id"]], created, seen))
        truth.append({"source": "zendesk", "record_id": str(tid), "customer_id": cust["customer_id"],
                      "persona": cust["persona"]})
    return tickets, truth


def build_posts(seed: int, n: int) -> tuple[list[dict], list[dict]]:
    """X archive tweets mentioning the brand (newest first) and their ground truth."""
    rng = _stream(seed, "posts")
    keys = [p.key for p in pe.PERSONAS]
    people = rng.choices(keys, weights=[p.share for p in pe.PERSONAS], k=n)
    times = sorted(POSTS_START + timedelta(seconds=rng.randrange(182 * 24 * 3600)) for _ in range(n))
    tweets, truth, seen = [], [], set()
    for k, (persona, ts) in enumerate(zip(people, times)):
        text = _unique(rng, lambda r: tg.post_text(r, persona), seen)
        tid = fo.snowflake(ts, k)
        reply = text.lower().startswith("@brightleaf")
        tweets.append({
            "edit_info": {"initial": {"editTweetIds": [tid], "editableUntil":
                                      f"{ts + timedelta(hours=1):%Y-%m-%dT%H:%M:%S}.000Z",
                                      "editsRemaining": "5", "isEditEligible": False}},
            "retweeted": False,
            "source": rng.choice(['<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
                                  '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
                                  '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>']),
            "entities": fo.tweet_entities(text, BRAND_X_ID),
            "display_text_range": ["0", str(len(text))],
            "favorite_count": str(int(rng.paretovariate(1.6)) - 1),
            "in_reply_to_status_id_str": str(int(tid) - rng.randint(10**9, 10**12)) if reply else None,
            "id_str": tid, "truncated": False,
            "retweet_count": str(int(rng.paretovariate(2.2)) - 1),
            "id": tid, "created_at": fo.twitter_date(ts), "favorited": False,
            "full_text": text, "lang": "en",
            "in_reply_to_screen_name": "Brightleaf" if reply else None,
            "in_reply_to_user_id_str": BRAND_X_ID if reply else None,
        })
        truth.append({"source": "x", "record_id": tid, "customer_id": "", "persona": persona})
    tweets = [{k: v for k, v in t.items() if v is not None} for t in reversed(tweets)]
    return tweets, truth


def planted_profiles() -> dict:
    """The skews each persona was given: levels whose index vs the pooled base is >= 150 or <= 60
    and whose share differs by >= 8 points (strong enough to be significant at n of about 300)."""
    cats = {"gender": (pe.GENDERS, "gender_w"), "region": (pe.REGIONS, "region_w"),
            "income": (pe.INCOME_BANDS, "income_w"), "plan": (pe.PLANS, "plan_w"),
            "channel_preference": (pe.CHANNELS, "channel_w")}
    out = {}
    for p in pe.PERSONAS:
        skews = []
        for attr, (levels, wname) in cats.items():
            pooled = [sum(q.share * getattr(q, wname)[i] for q in pe.PERSONAS) for i in range(len(levels))]
            for i, level in enumerate(levels):
                index = 100 * getattr(p, wname)[i] / pooled[i]
                if (index >= 150 or index <= 60) and abs(getattr(p, wname)[i] - pooled[i]) >= 0.08:
                    skews.append({"attribute": attr, "level": level, "index": round(index)})
        out[p.key] = {"label": p.label, "share": p.share, "age_mean": p.age_mean, "age_sd": p.age_sd,
                      "nps_range": list(p.nps_range), "customer_value_median": p.value_median,
                      "tenure_mean": p.tenure_mean, "skews": skews}
    return out


def generate(out: Path, seed: int = 7, respondents: int = 2000, tickets: int = 3000,
             posts: int = 3000) -> dict:
    """Write every demo file into ``out``; return a summary (counts, persona shares)."""
    out.mkdir(parents=True, exist_ok=True)
    customers = build_customers(seed, respondents)
    survey = build_survey(seed, customers)
    crm = build_crm(seed, customers)
    zd, zd_truth = build_tickets(seed, customers, tickets)
    tw, tw_truth = build_posts(seed, posts)
    fo.write_qualtrics(out / "brand_survey_qualtrics.csv", survey)
    fo.write_csv(out / "crm_customers.csv", crm,
                 ["customer_id", "customer_value", "tenure_years", "plan", "channel_preference"])
    fo.write_zendesk(out / "support_tickets_zendesk.json", zd)
    fo.write_x_archive(out / "x_archive" / "tweets.js", tw)
    fo.write_csv(out / "ground_truth.csv",
                 [{**c, "in_survey": int(c["in_survey"]), "in_crm": int(c["in_crm"])} for c in customers],
                 ["customer_id", "persona", "in_survey", "in_crm"])
    fo.write_csv(out / "ground_truth_records.csv", zd_truth + tw_truth,
                 ["source", "record_id", "customer_id", "persona"])
    (out / "ground_truth_profiles.json").write_text(
        json.dumps(planted_profiles(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shares = Counter(c["persona"] for c in customers if c["in_survey"])
    return {"seed": seed, "respondents": len(survey), "crm_customers": len(crm),
            "crm_only": sum(1 for c in customers if not c["in_survey"]),
            "survey_without_crm": sum(1 for c in customers if c["in_survey"] and not c["in_crm"]),
            "tickets": len(zd), "ticket_requesters": len({t["customer_id"] for t in zd_truth}),
            "posts": len(tw),
            "persona_shares": {k: round(v / max(1, len(survey)), 3) for k, v in shares.most_common()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--respondents", type=int, default=2000)
    ap.add_argument("--tickets", type=int, default=3000)
    ap.add_argument("--posts", type=int, default=3000)
    args = ap.parse_args(argv)
    if min(args.respondents, args.tickets, args.posts) < 1:
        ap.error("--respondents, --tickets and --posts must be at least 1")
    summary = generate(args.out, args.seed, args.respondents, args.tickets, args.posts)
    print(f"Demo data written to {args.out} (seed {summary['seed']})")
    for key in ("respondents", "crm_customers", "crm_only", "survey_without_crm", "tickets",
                "ticket_requesters", "posts"):
        print(f"  {key.replace('_', ' '):<20} {summary[key]}")
    print("  persona shares (survey):")
    for key, share in summary["persona_shares"].items():
        print(f"    {pe.PERSONA_BY_KEY[key].label:<20} {share:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
