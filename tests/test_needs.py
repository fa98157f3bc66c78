"""Need / pain-point statements: rules, aspects, grouping, ranking, and checks on real tweets."""
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest

from feedback_seg.nlp_models.needs_patterns import KINDS, extract_needs, group_statements, rank_groups

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
TWEETS = DATASETS / "airline_tweets" / "Tweets.csv"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "needs_sample_100.json"


def _one(text):
    found = extract_needs([text])
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize("text, kind, aspect", [
    ("I wish you had more legroom.", "wish", "legroom"),
    ("It would be great if the app let me pick seats.", "wish", "app"),
    ("Would love a vegan option on long flights", "wish", None),
    ("Please add a vegetarian meal!", "request", "vegetarian meal"),
    ("Can you please fix the checkout page", "request", "checkout page"),
    ("You should offer free wifi.", "request", "wifi"),
    ("Why don't you have a call back feature?", "request", None),
    ("We need a refund for the cancelled trip", "need", "refund"),
    ("Is there any way to change my seat online?", "need", None),
    ("I can't log in to my account", "pain", None),
    ("The app won't let me check in", "pain", None),
    ("Flight delayed again, 3 hours on the tarmac", "pain", None),
    ("Been on hold for 2 hours", "pain", "hold"),
    ("Flight Cancelled Flightled and no rebooking", "pain", "flight"),
    ("They lost my luggage in Denver", "pain", "luggage"),
    ("Way too expensive for a 1 hour flight", "complaint", None),
    ("The staff was extremely rude.", "complaint", "staff"),
    ("Worst customer service ever", "complaint", "customer service"),
    ("The website is not clear at all", "complaint", "website"),
])
def test_rules_find_each_kind(text, kind, aspect):
    s = _one(text)
    assert s.kind == kind and s.kind in KINDS
    if aspect is not None:
        assert s.aspect == aspect
    assert s.cue.lower() in text.lower() and s.sentence == text


@pytest.mark.parametrize("text", [
    "I can't wait to fly with you again!",
    "Thanks for the great flight, the crew was lovely.",
    "Hope you have a great day",
    "Booked for March, see you then.",
])
def test_no_statement_in_praise_or_plain_facts(text):
    assert extract_needs([text]) == []


def test_one_statement_per_sentence_with_positions():
    texts = ["Great crew. Please bring back the snacks! The seats were filthy and I can't sleep.", "", None]
    found = extract_needs(texts)
    assert [s.text_index for s in found] == [0, 0]
    assert [s.kind for s in found] == ["request", "pain"]  # pain outranks complaint in one sentence
    for s in found:
        assert texts[0][s.start_char:s.end_char].strip() == s.sentence
    assert found[0].to_dict()["rule"] in {"bring_back", "please_verb"}


class FakeEmbedder:
    fingerprint = "fake"

    def encode(self, texts):
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in re.findall(r"[a-z]+", text.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 32] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_grouping_separates_topics_labels_and_ranks():
    texts = ["Lost my luggage bag again", "They lost my luggage bag", "My luggage bag was lost in Denver",
             "On hold for hours with customer service", "Customer service kept me on hold for hours",
             "Please add more legroom"]
    statements = extract_needs(texts)
    assert len(statements) == 6
    vectors = FakeEmbedder().encode([s.sentence for s in statements])
    groups = group_statements(statements, vectors, distance_threshold=0.5)
    by_member = {m: g.id for g in groups for m in g.members}
    assert by_member[0] == by_member[1] == by_member[2] != by_member[3] == by_member[4] != by_member[5]
    assert groups[0].size == 3 and "luggage" in groups[0].top_words and groups[0].kind == "pain"
    assert groups[0].quotes and set(groups[0].quotes) <= {s.sentence for s in statements}
    assert group_statements(statements, vectors) == group_statements(statements, vectors)  # deterministic
    people = ["p1", "p2", "p3", "p1", "p4", "p5"]
    ranked = rank_groups(groups, statements, people)
    assert ranked[0]["label"] == groups[0].label and ranked[0]["people"] == 3 and ranked[0]["share"] == 3 / 5
    assert rank_groups(groups, statements, people, people=["p1", "p4"])[0]["share"] == 1.0
    with pytest.raises(ValueError, match="vectors"):
        group_statements(statements, vectors[:2])
    assert group_statements([], np.zeros((0, 4))) == []


def _tweets():
    if not TWEETS.is_file():
        pytest.skip("airline tweets not available")
    import pandas as pd

    return pd.read_csv(TWEETS, dtype={"tweet_id": str}).drop_duplicates("tweet_id")  # ids repeat


def test_hand_checked_sample_still_agrees():
    """The 100 hand-judged statements (fixture): the extractor gives the expected kind on >= 90%."""
    tweets = _tweets().set_index("tweet_id")
    items = json.loads(FIXTURE.read_text())["items"]
    assert len(items) == 100
    texts = [tweets.at[it["tweet_id"], "text"] for it in items]
    found = {(s.text_index, s.start_char): s.kind for s in extract_needs(texts)}
    got = [found.get((i, it["start_char"]), "none") for i, it in enumerate(items)]
    agree = np.mean([g == it["expected_kind"] for g, it in zip(got, items)])
    assert agree >= 0.9, [(it["tweet_id"], g, it["expected_kind"]) for g, it in zip(got, items)
                          if g != it["expected_kind"]]
    judged_real = np.mean([it["real_need"] for it in items])
    assert judged_real >= 0.9  # precision of the extractor at the time the sample was drawn


@pytest.mark.slow
def test_airline_extraction_and_grouping_track_negative_reasons():
    from collections import Counter

    from feedback_seg.nlp_models.value_eval import default_embedder

    tweets = _tweets().sample(2000, random_state=0).reset_index(drop=True)
    statements = extract_needs(tweets["text"].tolist())
    has = np.zeros(len(tweets), dtype=bool)
    has[[s.text_index for s in statements]] = True
    sentiment = tweets["airline_sentiment"].to_numpy()
    assert has[sentiment == "negative"].mean() > 0.5 > 0.2 > has[sentiment == "positive"].mean()
    known = [s for s in statements if sentiment[s.text_index] == "negative"
             and tweets.at[s.text_index, "negativereason"] != "Can't Tell"]
    vectors = default_embedder().encode([s.sentence for s in known])
    groups = group_statements(known, vectors)
    reasons = np.array([tweets.at[s.text_index, "negativereason"] for s in known])
    big = [g for g in groups if g.size >= 5]
    hit = sum(Counter(reasons[g.members]).most_common(1)[0][1] for g in big)
    total = sum(g.size for g in big)
    rng = np.random.default_rng(0)
    shuffled = rng.permutation(reasons)
    hit_random = sum(Counter(shuffled[g.members]).most_common(1)[0][1] for g in big)
    assert total > 0.5 * len(known)
    assert hit / total > hit_random / total + 0.1  # groups line up with the human reasons
