"""Offline lexicon sentiment: direction, negation, bounds, labels, per-group summary."""
import numpy as np
import pytest

from feedback_seg.nlp_models.sentiment import label, score_sentiment, summarise


def test_direction_and_bounds():
    scores = score_sentiment(["I love this airline, great crew!", "Worst service ever, rude staff.",
                              "The flight leaves at 9."])
    assert scores.dtype == np.float32 and scores.shape == (3,)
    assert scores[0] > 0.3 and scores[1] < -0.3 and abs(scores[2]) < 0.05
    assert np.all((scores >= -1) & (scores <= 1))


def test_negation_flips_polarity():
    pos, neg = score_sentiment(["The food was good.", "The food was not good."])
    assert pos > 0 > neg


def test_empty_and_missing_texts_are_neutral():
    assert score_sentiment(["", "   ", None]).tolist() == [0.0, 0.0, 0.0]


def test_labels():
    assert label([0.6, 0.0, -0.3, 0.05, -0.05]) == ["pos", "neu", "neg", "pos", "neg"]
    assert label(0.01) == "neu"


def test_summarise_group():
    out = summarise([0.5, -0.5, 0.0, 0.9])
    assert out["n"] == 4 and out["mean"] == pytest.approx(0.225)
    assert (out["pos"], out["neu"], out["neg"]) == (0.5, 0.25, 0.25)
    assert summarise([])["mean"] is None


@pytest.mark.slow
def test_airline_tweets_sentiment_agrees_with_human_labels():
    from pathlib import Path

    import pandas as pd

    path = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "airline_tweets" / "Tweets.csv"
    if not path.is_file():
        pytest.skip("airline tweets not available")
    tweets = pd.read_csv(path).sample(1500, random_state=0)
    tweets = tweets[tweets["airline_sentiment"] != "neutral"]
    predicted = score_sentiment(tweets["text"].tolist())
    truth = (tweets["airline_sentiment"] == "positive").to_numpy()
    # Binary agreement of the sign on non-neutral tweets; the majority class alone gives ~0.8.
    from sklearn.metrics import roc_auc_score

    assert roc_auc_score(truth, predicted) > 0.8
