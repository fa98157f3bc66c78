"""The persona report: self-contained HTML, escaping, quotes rule, suppression, pins, CLI."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from feedback_seg import report, service
from feedback_seg.config import MIN_QUOTE_GROUP
from feedback_seg.nlp_models.embedders import FakeEmbedder
from feedback_seg.review import events

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A segmented copy of the committed demo sample (survey + CRM), fake embedder."""
    db = tmp_path_factory.mktemp("report") / "demo.db"
    eng = service.open_store("sqlite:///" + str(db))
    service.ingest_file(eng, SAMPLE / "brand_survey_qualtrics.csv", project="demo")
    service.ingest_attributes(eng, SAMPLE / "crm_customers.csv", key="customer_id", project="demo")
    run_id = service.run_segmentation(eng, "demo", seed=0, embedder=FakeEmbedder(), params={"stability_seeds": 1})
    eng.dispose()
    return db, run_id


@pytest.fixture
def store(built, tmp_path):
    db, run_id = built
    shutil.copy(db, tmp_path / "demo.db")
    return service.open_store("sqlite:///" + str(tmp_path / "demo.db")), run_id


def _sections(html: str) -> list[str]:
    return html.split('<section class="persona')[1:]


def test_report_is_self_contained_with_one_card_per_segment(store):
    eng, run_id = store
    html = report.render_report(eng, run_id)
    segs = service.list_segments(eng, run_id)
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "<script" not in html.lower()
    assert not re.search(r"https?://", html)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html, re.I)
    assert "@import" not in html and "url(" not in html
    sections = _sections(html)
    assert len(sections) == len(segs) >= 2
    for seg, sec in zip(segs, sections):
        assert seg["name"] in sec
        assert f"{seg['size']} people" in sec


def test_quotes_only_for_large_segments_and_redacted(store):
    eng, run_id = store
    segs = service.list_segments(eng, run_id)
    html = report.render_report(eng, run_id)
    assert any(s["size"] >= MIN_QUOTE_GROUP for s in segs)
    for seg, sec in zip(segs, _sections(html)):
        n_quotes = sec.count("<blockquote")
        if seg["size"] < MIN_QUOTE_GROUP or seg["key"] == "unassigned":
            assert n_quotes == 0
        else:
            assert 1 <= n_quotes <= 5
    # no raw text anywhere: every quote shown is one of the stored redacted quotes
    quoted = {q["text"] for s in segs for q in s["quotes"]}
    for q in re.findall(r"<blockquote>“(.*?)”", html, re.S):
        assert any(q.replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&") == t for t in quoted)


def test_suppressed_value_is_never_a_number(store):
    eng, run_id = store
    cards = report.persona_cards(eng, run_id)
    html = report.render_report(eng, run_id)
    hidden = [p for p in cards["personas"] if p["value"] and p["value"]["suppressed"]]
    shown = [p for p in cards["personas"] if p["value"] and not p["value"]["suppressed"]]
    assert hidden or shown, "the demo CRM has a customer_value column"
    by_name = dict(zip([p["name"] for p in cards["personas"]], _sections(html)))
    for p in hidden:
        assert "Value figures are hidden" in by_name[p["name"]]
        assert "Total value" not in by_name[p["name"]]
    for p in shown:
        assert f"{p['value']['total']:,.2f}" in by_name[p["name"]]


def test_hostile_names_are_escaped(store):
    eng, run_id = store
    seg = service.list_segments(eng, run_id)[0]
    events.rename(eng, seg["segment_id"], '<script>alert("x")</script><img src=x onerror=1>',
                  user="t", version=seg["version"])
    html = report.render_report(eng, run_id)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html


def test_pinned_quote_comes_first(store):
    eng, run_id = store
    seg = next(s for s in service.list_segments(eng, run_id) if s["size"] >= MIN_QUOTE_GROUP)
    quoted = {q["item_id"] for q in seg["quotes"]}
    members = service.segment_members(eng, seg["segment_id"], limit=500)["members"]
    item = next(it for m in members for it in m["items"] if it["item_id"] not in quoted)
    events.pin_quote(eng, seg["segment_id"], item["item_id"], user="t")
    card = report.persona(eng, service.get_segment(eng, seg["segment_id"]))
    assert card["quotes"][0] == {"item_id": item["item_id"], "text": item["text"], "pinned": True}
    assert len(card["quotes"]) <= 5


def test_labels_of_reads_values_and_needs_shapes():
    assert report.labels_of({"security": 0.2, "benevolence": 0.7, "note": "x"}) == ["benevolence", "security"]
    assert report.labels_of([{"label": "faster delivery", "n": 4}, {"aspect": "price"}, "plain"]) == \
        ["faster delivery", "price", "plain"]
    assert report.labels_of({"top": [{"name": "Achievement"}]}) == ["Achievement"]
    assert report.labels_of(None) == [] and report.labels_of(["a"] * 9, n=3) == ["a", "a", "a"]


def test_value_and_need_labels_from_the_segment_description():
    values = {"schwartz": {"values": [
        {"value": "Security", "index": 150.0, "suppressed": False},
        {"value": "Power", "index": None, "suppressed": True},
        {"value": "Tradition", "index": 90.0, "suppressed": False},
        {"value": "Benevolence", "index": 210.0, "suppressed": False}]},
        "consumer_attitudes": {"values": [{"value": "Price-conscious", "index": 180.0, "suppressed": False}]}}
    assert report.value_labels(values) == ["Benevolence", "Price-conscious", "Security"]
    assert report.value_labels({"schwartz": None}) == []
    assert report.need_labels({"suppressed": True, "groups": [{"label": "x"}]}) == []
    assert report.need_labels({"suppressed": False, "groups": [{"label": "late delivery", "kind": "pain"}]}) == \
        ["late delivery"]


def test_who_line_in_words():
    line = report.who_line({"attribute": "age", "level": "18-24", "seg_share": 0.3, "base_share": 0.1,
                            "index": 300.0, "significant": False})
    assert line == "age: 18-24 — 30% vs 10% overall (index 300)"


def test_cli_report_writes_the_file(store, tmp_path):
    from feedback_seg.cli import cli
    assert "report" in cli.commands
    eng, run_id = store
    out = tmp_path / "personas.html"
    db = eng.url.render_as_string(hide_password=False)
    res = CliRunner().invoke(cli, ["--db", db, "report", "--project", "demo", "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    payload = json.loads(res.output.strip().splitlines()[-1])
    assert payload["run_id"] == run_id and out.read_text(encoding="utf-8") == report.render_report(eng, run_id)
    res = CliRunner().invoke(cli, ["--db", db, "report", "999", "--out", str(tmp_path / "x.html")])
    assert res.exit_code != 0 and not (tmp_path / "x.html").exists()


@pytest.mark.slow
def test_report_end_to_end_real_model(tmp_path):
    """Real model on generated data (120 respondents): every card is filled and self-contained."""
    import subprocess
    import sys

    from feedback_seg.nlp_models.embedders import default_embedder
    data = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(data),
                    "--respondents", "120"], check=True, capture_output=True)
    eng = service.open_store("sqlite:///" + str(tmp_path / "e2e.db"))
    service.ingest_file(eng, data / "brand_survey_qualtrics.csv", project="e2e")
    service.ingest_attributes(eng, data / "crm_customers.csv", key="customer_id", project="e2e")
    run_id = service.run_segmentation(eng, "e2e", seed=0, embedder=default_embedder(),
                                      params={"stability_seeds": 1})
    cards = report.persona_cards(eng, run_id)["personas"]
    real = [p for p in cards if not p["unassigned"]]
    assert len(real) >= 2
    assert all(p["keywords"] for p in real)
    assert any(p["quotes"] for p in real) and any(p["who"] for p in real)
    html = report.render_report(eng, run_id)
    assert "<script" not in html.lower() and not re.search(r"https?://", html)
    assert len(_sections(html)) == len(cards)
