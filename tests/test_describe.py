"""Segment descriptions: c-TF-IDF keywords, MMR quotes, automatic names."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from feedback_seg.errors import InputError
from feedback_seg.pipeline.describe import (UNASSIGNED_NAME, auto_name, clean_token,
                                            describe_segments, distinctive_keywords,
                                            representative_quotes)

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"

PRICE = [["price", "discount", "service"], ["cheap", "price", "coupon"], ["discount", "price"]]
DELIVERY = [["delivery", "late", "service"], ["courier", "delivery", "parcel"], ["late", "parcel"]]


def test_keywords_picks_distinctive_words():
    kw = distinctive_keywords(PRICE + DELIVERY, [0, 0, 0, 1, 1, 1], top_n=3)
    assert [w for w, _ in kw[0]][:2] == ["price", "discount"]
    assert [w for w, _ in kw[1]][:3] == ["delivery", "late", "parcel"]
    assert "service" not in [w for w, _ in kw[0]][:2]   # shared by both classes
    # the formula, checked by hand for "price" in class 0 (weighted log-odds with the base-rate
    # prior): df in = 3 of 3 documents, out = 0 of 3; prior alpha = 10 * 3/6 = 5
    odds_in, odds_out = (3 + 5) / (3 + 10 - 3 - 5), (0 + 5) / (3 + 10 - 0 - 5)
    z = math.log(odds_in / odds_out) / math.sqrt(1 / (3 + 5) + 1 / (0 + 5))
    spread = math.log(1 + 2 / 1)          # two groups, "price" listed by one of them
    assert math.isclose(dict(kw[0])["price"], round(z * spread, 4))


def test_a_term_over_represented_in_many_groups_yields_to_one_that_sets_a_group_apart():
    # six small groups use "stigma" more than the large seventh; each also has its own word, used
    # less often than "stigma" - without the spread weight "stigma" would lead all six
    docs, labels = [], []
    for g in range(6):
        for i in range(10):
            docs.append(["stigma", f"own{g}"] if i < 6 else ["stigma", "filler"])
            labels.append(g)
    docs += [["filler", "other"]] * 60
    labels += [6] * 60
    kw = distinctive_keywords(docs, labels, top_n=3)
    assert all(kw[g][0][0] == f"own{g}" for g in range(6)), kw
    assert all("stigma" in [w for w, _ in kw[g]] for g in range(6))   # still listed, just not first


def test_keywords_count_documents_not_repeats():
    # one long answer repeating a word cannot carry it: "refund" said 12 times by one person
    # loses to "delay", said once by each of four people
    docs = [["refund"] * 12 + ["delay"], ["delay"], ["delay"], ["delay"], ["refund"]] + [["other"]] * 6
    kw = distinctive_keywords(docs, [0] * 5 + [1] * 6)
    assert [w for w, _ in kw[0]][:2] == ["delay", "refund"]


def test_keywords_describes_unassigned_and_empty_classes():
    kw = distinctive_keywords(PRICE + [["the", "and"]], [0, 0, 0, -1])
    assert kw[-1] == []                   # only stopwords: nothing to say
    assert set(kw) == {0, -1}
    with pytest.raises(InputError):
        distinctive_keywords(PRICE, [0, 1])


def test_placeholders_stopwords_and_short_tokens_never_appear():
    docs = [["[EMAIL]", "contact [EMAIL]", "<PHONE>", "[PERSON]", "refund", "ok", "a1", "42",
             "the refund", "it", "[URL]"]] * 3 + [["delivery"]] * 3
    kw = distinctive_keywords(docs, [0, 0, 0, 1, 1, 1], top_n=20)
    words = [w for w, _ in kw[0]]
    assert words == ["refund"]            # "the refund" is the same keyword, stripped
    for bad in ["[EMAIL]", "<PHONE>", "[PERSON]", "ok", "a1", "42", "it"]:
        assert clean_token(bad) is None
    assert clean_token("late delivery") == "late delivery"


def _vectors():
    rng = np.random.default_rng(3)
    centre = np.zeros(8)
    centre[0] = 1.0
    near = [centre + rng.normal(0, 0.01, 8) for _ in range(4)]          # near-duplicates
    other = [centre + rng.normal(0, 0.6, 8) for _ in range(6)]          # varied alternatives
    return centre, np.array(near + other)


def test_mmr_quotes_are_central_and_diverse():
    centre, vec = _vectors()
    texts = [f"I really want lower prices on everything {i}" for i in range(len(vec))]
    picks = representative_quotes(texts, vec, centre, k=4)
    assert len(picks) == 4 and len(set(picks)) == 4
    assert picks[0] in range(4)                         # the most central first
    assert sum(p in range(4) for p in picks) == 1       # one of the near-duplicates only
    unit = vec / np.linalg.norm(vec, axis=1, keepdims=True)
    sims = unit[picks] @ unit[picks].T
    assert (sims[~np.eye(4, dtype=bool)] < 0.95).all()


def test_mmr_skips_empty_placeholder_only_and_short_texts():
    centre, vec = _vectors()
    texts = ["", "[EMAIL]", "ok", "   "] + [f"long enough answer about price number {i}" for i in range(6)]
    picks = representative_quotes(texts, vec, centre, k=3)
    assert all(p >= 4 for p in picks)
    # too few long texts: short (but real) ones fill in, never empty / placeholder-only
    picks = representative_quotes(texts[:5], vec[:5], centre, k=5)
    assert set(picks) == {2, 4}
    assert representative_quotes(["", "[EMAIL]"], vec[:2], centre) == []
    with pytest.raises(InputError):
        representative_quotes(texts, vec[:3], centre)


def test_mmr_skips_exact_repeats_even_with_distinct_vectors():
    centre, vec = _vectors()
    texts = ["Same words here again today"] * 5 + [f"Different answer number {i} here" for i in range(5)]
    picks = representative_quotes(texts, vec, centre, k=3)
    assert sum(p < 5 for p in picks) == 1


def test_auto_name_formats_leads_with_values_and_stays_unique():
    kw = [("price", 0.5), ("discounts", 0.4), ("low price", 0.3), ("cheaper", 0.2), ("deal", 0.1)]
    # the noun phrase holding the top keyword leads in its place; "price" is not repeated
    assert auto_name(kw) == "Low price · discounts · cheaper"
    assert auto_name([("card", 2.0), ("arrive", 1.5), ("delivery", 1.0)]) == "Card · arrive · delivery"
    assert auto_name(kw, {"Price-conscious": 162.0, "Security": 90}) == \
        "Price-conscious: discounts, cheaper"       # keywords repeating the value's words are skipped
    assert auto_name(kw, {"Security": {"index": 120}}) == "Low price · discounts · cheaper"
    taken = {"Low price · discounts · cheaper"}
    second = auto_name(kw, taken=taken)
    assert second != "Low price · discounts · cheaper" and second.startswith("Low price · discounts")
    assert auto_name(["price"], taken={"Price"}) == "Price (2)"
    assert auto_name([]) == "Unnamed segment"


def test_describe_segments_ties_it_together():
    rng = np.random.default_rng(0)
    labels = [0] * 12 + [1] * 12 + [-1] * 6
    # keywords rank by how many answers use a word: "price" is in all 12, "discount" in 8
    tokens = ([["price", "discount"]] * 8 + [["price"]] * 4 + [["delivery", "late"]] * 8 + [["delivery"]] * 4
              + [["misc", "other"]] * 6)
    texts = [f"answer number {i} about this and that" for i in range(30)]
    vec = rng.normal(size=(30, 6))
    out = describe_segments(labels, tokens, texts, vec)
    assert out[-1].name == UNASSIGNED_NAME and out[-1].keywords
    assert out[0].name.startswith("Price") and out[1].name.startswith("Delivery")
    assert len({d.name for d in out.values()}) == 3
    assert out[0].size == 12 and math.isclose(out[0].share, 12 / 30)
    assert all(labels[i] == 0 for i in out[0].quote_indices) and len(out[0].quote_indices) == 5
    assert out[-1].quotes_suppressed and out[-1].quote_indices == []
    json.dumps({c: d.to_dict() for c, d in out.items()})
    assert describe_segments(labels, tokens, texts, vec) == out        # deterministic


def test_describe_counts_people_not_items():
    labels = [0] * 20 + [1] * 10
    people = [f"r{i // 4}" for i in range(20)] + [f"s{i}" for i in range(10)]
    out = describe_segments(labels, [["word"]] * 30, ["some text that is long"] * 30,
                            np.eye(30), respondent_ids=people, k=5)
    assert out[0].size == 5 and out[1].size == 10
    assert out[0].quotes_suppressed                 # 5 people < 10, though 20 items


@pytest.mark.slow
def test_end_to_end_airline_complaints_real_model():
    path = DATASETS / "airline_tweets" / "Tweets.csv"
    if not path.exists():
        pytest.skip("shared datasets not available")
    from feedback_seg.nlp_models.embedders import TorchEmbedder
    from feedback_seg.nlp_models.spacy_pipeline import prepare_texts

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    reasons = ["Lost Luggage", "Cancelled Flight", "Customer Service Issue"]
    df = pd.concat([df[df["negativereason"] == r].head(40) for r in reasons], ignore_index=True)
    labels = [reasons.index(r) for r in df["negativereason"]]
    prepared = prepare_texts(df["text"].tolist())
    tokens = [p.lemmas + p.noun_phrases for p in prepared]
    texts = [p.redacted for p in prepared]
    vectors = TorchEmbedder().encode(texts)
    out = describe_segments(labels, tokens, texts, vectors)
    words = {c: " ".join(w for w, _ in d.keywords) for c, d in out.items()}
    assert "bag" in words[0] or "luggage" in words[0], words[0]
    assert "cancel" in words[1], words[1]
    for c, d in out.items():
        assert len(d.quote_indices) == 5 and all(labels[i] == c for i in d.quote_indices)
        assert not any("@" in w or w.startswith("[") for w in words[c].split())
        unit = vectors[d.quote_indices] / np.linalg.norm(vectors[d.quote_indices], axis=1)[:, None]
        assert (unit @ unit.T)[~np.eye(5, dtype=bool)].max() < 0.95
    assert len({d.name for d in out.values()}) == 3


def test_description_lemmas_keep_contractions_whole():
    from feedback_seg.nlp_models.keywords import text_lemmas
    from feedback_seg.nlp_models.spacy_pipeline import prepare_texts

    text = "I dont like the app, can't log in and won't wait. Didn't work"
    p = prepare_texts([text])[0]
    assert {"do not", "can not", "will not"} <= set(p.lemmas)
    fragments = {"nt", "n't", "don", "ca", "wo", "didn"}
    assert not fragments & set(p.lemmas)
    assert not any(fragments & set(ph.split()) for ph in p.noun_phrases)
    assert {"do not", "can not", "will not"} <= set(text_lemmas([text])[0])   # needs: the same tokens


def test_lookup_lemmas_mend_the_tables_known_mistakes():
    """The POS-blind lookup table turns "does" into "doe" and "data" into "datum"; keywords must not."""
    from feedback_seg.nlp_models.keywords import text_lemmas
    from feedback_seg.nlp_models.spacy_pipeline import prepare_texts

    text = "It does help, but he doesn't share data with the media. A doe ran past."
    every = text_lemmas([text])[0]
    content = prepare_texts([text])[0].lemmas          # stopwords ("do") left out here
    assert {"do", "do not", "data", "media", "doe"} <= set(every)
    assert {"do not", "data", "media", "doe"} <= set(content)
    for lemmas in (every, content):
        assert "datum" not in lemmas and "medium" not in lemmas and "doe not" not in lemmas
