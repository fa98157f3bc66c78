"""Hybrid search: BM25 fused with embeddings ranks a literal phrase first; the mode switch works."""
from __future__ import annotations

import pytest

from feedback_seg import service
from feedback_seg.ask.lexical import rank_bm25, rrf
from feedback_seg.errors import InputError
from tests.test_search import fake, project  # noqa: F401 - fixtures
from tests.test_web_ask import _fake_embedder, env  # noqa: F401 - fixtures


def test_bm25_prefers_the_adjacent_phrase_over_scattered_words():
    texts = ["expensive, and I had too little time", "it is far too expensive", "nothing to say"]
    ranked = rank_bm25("too expensive", texts)
    assert [i for i, _ in ranked] == [1, 0]
    assert rank_bm25("zebra", texts) == []


def test_rrf_rewards_agreement():
    assert [k for k, _ in rrf([["a", "b", "c"], ["b", "c"]])] == ["b", "c", "a"]


def test_literal_phrase_ranks_first_in_hybrid_and_lexical(engine, project, fake):  # noqa: F811
    # the email row of wave1 is the only text with "too high"; the others share its topic (price)
    for mode in ("hybrid", "lexical"):
        res = service.search(engine, "price is too high", project="p", embedder=fake, limit=5, mode=mode)
        assert res["mode"] == mode
        assert "too high" in res["hits"][0]["text"], (mode, res["hits"][0]["text"])
    sem = service.search(engine, "price is too high", project="p", embedder=fake, limit=5, mode="semantic")
    assert sem["mode"] == "semantic" and sem["index"] == "exact"
    assert service.search(engine, "price", project="p", embedder=fake, limit=5)["mode"] == "hybrid"
    with pytest.raises(InputError, match="mode must be one of"):
        service.search(engine, "price", project="p", embedder=fake, mode="fuzzy")


def test_lexical_mode_returns_only_texts_sharing_a_word(engine, project, fake):  # noqa: F811
    res = service.search(engine, "courier", project="p", embedder=fake, limit=50, mode="lexical")
    assert res["hits"] and all("courier" in h["text"] for h in res["hits"])
    assert len(res["hits"]) == 20  # 80 texts, one topic in four


def test_mode_switch_via_json_api_and_page(env):
    from tests.test_web_ask import api, page  # noqa: PLC0415

    path = f"/projects/{env['own']}/search"
    for mode in ("lexical", "semantic", "hybrid"):
        status, body = api(env, "viewer", path, q="price", mode=mode, limit=5)
        assert status == 200 and body["data"]["mode"] == mode
    status, body = api(env, "viewer", path, q="price", mode="fuzzy")
    assert status in (400, 422) and body["ok"] is False and "mode" in str(body["error"])
    html = page(env, "viewer", path, q="price", mode="lexical")[1]
    assert '<option value="lexical" selected>' in html
