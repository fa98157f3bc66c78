"""The text-preparation pipeline: redaction, lemmas, phrases, sentences, language and flags."""
import time
from pathlib import Path

import pytest

from feedback_seg.nlp_models.spacy_pipeline import build_pipeline, prepare_texts
from feedback_seg.nlp_models.textflags import detect_language, is_emoji_only

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


def test_default_pipeline_components():
    nlp = build_pipeline()
    assert nlp.pipe_names == ["sentencizer", "lemmatizer", "pii_redactor", "language_flag"]
    assert build_pipeline() is nlp  # cached


def test_missing_trained_pipeline_is_a_clear_error():
    with pytest.raises(OSError, match="not installed"):
        build_pipeline("xx_no_such_pipeline")


def test_prepare_redacts_and_annotates():
    text = "Hi Sarah, my cards never arrived! The customer service team was rude. Mail a@b.com."
    p = prepare_texts([text])[0]
    assert p.redacted == "Hi [PERSON], my cards never arrived! The customer service team was rude. Mail [EMAIL]."
    assert [(label, text[s:e]) for label, s, e in p.entities] == [("PERSON", "Sarah"), ("EMAIL", "a@b.com")]
    assert "card" in p.lemmas and "arrive" in p.lemmas
    assert "sarah" not in p.lemmas and not any("@" in lemma or "[" in lemma for lemma in p.lemmas)
    assert "my" not in p.lemmas  # stop words dropped
    assert "customer service team" in p.noun_phrases
    assert p.sentences[0] == "Hi [PERSON], my cards never arrived!" and len(p.sentences) == 3
    assert p.lang == "en" and not p.flags["non_english"]


def test_flags_for_degenerate_texts():
    empty, blank, emoji, french, only_pii = prepare_texts(
        ["", "   \n", "😀👍🔥", "Je voudrais savoir pourquoi ma carte est bloquée depuis une semaine", "a@b.com"])
    assert empty.flags["empty"] and blank.flags["empty"] and blank.flags["exclude_reason"]
    assert emoji.flags["emoji_only"] and not emoji.flags["empty"] and emoji.flags["exclude_reason"] is None
    assert french.lang == "fr" and french.flags["non_english"]
    assert only_pii.flags["only_pii"] and only_pii.redacted == "[EMAIL]"


def test_language_heuristic():
    assert detect_language("where is my new card".split()) == "en"
    assert detect_language("warum ist meine karte noch nicht da".split()) == "de"
    assert detect_language([], "我的卡还没到") == "zh"
    assert detect_language(["ok"]) == "und"
    assert is_emoji_only("🙂 !") and not is_emoji_only("ok 🙂")


@pytest.mark.slow
def test_real_tweets_fast_and_redacted():
    import pandas as pd  # noqa: PLC0415
    path = DATASETS / "airline_tweets" / "Tweets.csv"
    if not path.exists():
        pytest.skip("shared datasets absent")
    texts = pd.read_csv(path).text.tolist()[:3000]
    build_pipeline()
    start = time.perf_counter()
    prepared = prepare_texts(texts)
    elapsed = time.perf_counter() - start
    assert len(prepared) == len(texts)
    assert elapsed < 20  # 15k tweets must take well under a minute on 2 cores
    assert all("@" not in p.redacted.split()[0] for p in prepared if p.redacted.startswith("@"))
    english = sum(p.lang == "en" for p in prepared) / len(prepared)
    assert english > 0.9
