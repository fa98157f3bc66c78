"""Search page and API, needs and values endpoints, and the insight macros: per role, filters,
errors in the envelope, small-group suppression, raw text only for roles allowed row-level data."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask import render_template_string
from markupsafe import escape

from feedback_seg import accounts, projects, service
from feedback_seg.nlp_models.embedders import FakeEmbedder
from tests.test_web_support import BASE, PASSWORD, ROLES, login, make_app, new_client

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
PLANTED = "planted.secret@example.com"
FAST = {"stability_seeds": 1, "reducer": "pca"}
K = 5

# survey attributes are named by their question text (the columns are Q1, Q2, Q3)
AGE, GENDER, REGION = "What is your age?", "What is your gender?", "Which region do you live in?"


def _survey(tmp: Path) -> tuple[Path, list[dict]]:
    """200 generated respondents; the first answer carries a planted e-mail address (raw text only)."""
    out = tmp / "gen"
    subprocess.run([sys.executable, str(ROOT / "data" / "generate.py"), "--out", str(out), "--respondents", "200",
                    "--tickets", "1", "--posts", "1"], check=True, capture_output=True)
    path = out / "brand_survey_qualtrics.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))[2:]          # Qualtrics: two more header rows
    answer = rows[0]["Q5_TEXT"]
    lines = text.splitlines(keepends=True)
    assert answer and answer in lines[3]
    lines[3] = lines[3].replace(answer, f"{answer} Mail me at {PLANTED} please", 1)
    path.write_text("".join(lines), encoding="utf-8")
    rows[0]["Q5_TEXT"] = f"{answer} Mail me at {PLANTED} please"
    return path, rows


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ask")
    survey, rows = _survey(tmp)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FEEDBACK_SEG_EMBEDDER", "fake")
        app = make_app(tmp / "app")
        eng = app.extensions["feedback_seg_engine"]
        users = {r: accounts.create_user(eng, r + "_ask", PASSWORD, r) for r in ROLES}
        own = projects.create_project(eng, "Own", users["researcher"]["id"])
        other = projects.create_project(eng, "Other", users["admin"]["id"])
        for r in ("marketer", "viewer"):
            projects.add_member(eng, own["id"], users[r]["id"])
        service.ingest_file(eng, survey, project="Own")
        run_id = service.run_segmentation(eng, "Own", seed=0, embedder=FakeEmbedder(), params=FAST)
    clients = {"anonymous": new_client(app)}
    for r in ROLES:
        clients[r] = new_client(app)
        assert login(clients[r], r + "_ask").status_code == 302
    return {"app": app, "engine": eng, "own": own["id"], "other": other["id"], "run": run_id, "rows": rows,
            "clients": clients}


@pytest.fixture(autouse=True)
def _fake_embedder(monkeypatch):
    monkeypatch.setenv("FEEDBACK_SEG_EMBEDDER", "fake")


def api(env, role, path, **params):
    resp = env["clients"][role].get("/api/v1" + path, base_url=BASE, query_string=params)
    return resp.status_code, resp.get_json()


def page(env, role, path, **params):
    resp = env["clients"][role].get(path, base_url=BASE, query_string=params)
    return resp.status_code, resp.get_data(as_text=True)


def by_id(env) -> dict[str, dict]:
    return {r["ResponseId"]: r for r in env["rows"]}


# ---- search: access ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_search_page_and_api_per_role(env, role):
    own, other = env["own"], env["other"]
    status, html = page(env, role, f"/projects/{own}/search", q="cheaper prices")
    assert status == 200 and 'class="hits"' in html
    status, body = api(env, role, f"/projects/{own}/search", q="cheaper prices")
    assert status == 200 and body["ok"] and body["data"]["hits"]
    expected = 200 if role == "admin" else 403
    assert page(env, role, f"/projects/{other}/search")[0] == expected
    status, body = api(env, role, f"/projects/{other}/search")
    assert status == expected
    if expected == 403:
        assert body == {"ok": False, "error": body["error"], "status": 403, "code": body["code"]}


def test_anonymous_is_sent_to_login_or_gets_401(env):
    resp = env["clients"]["anonymous"].get(f"/projects/{env['own']}/search", base_url=BASE)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]
    status, body = api(env, "anonymous", f"/projects/{env['own']}/search", q="price")
    assert status == 401 and body["ok"] is False


# ---- search: results and filters -----------------------------------------------------------------

def test_hits_cite_respondent_source_and_row(env):
    status, body = api(env, "viewer", f"/projects/{env['own']}/search", q="price cheaper cost", limit=15)
    data = body["data"]
    assert status == 200 and not data["suppressed"] and 0 < len(data["hits"]) <= 15
    rows = by_id(env)
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    for h in data["hits"]:
        assert h["respondent"] in rows and h["source"] == "brand_survey_qualtrics.csv"
        assert isinstance(h["row"], int) and h["row"] >= 1 and "raw_text" not in h
    status, html = page(env, "viewer", f"/projects/{env['own']}/search", q="price cheaper cost", limit=15)
    first = data["hits"][0]
    assert f"row {first['row']}" in html and first["respondent"] in html


def test_options_without_query(env):
    status, body = api(env, "marketer", f"/projects/{env['own']}/search")
    opts = body["data"]["options"]
    assert status == 200 and body["data"]["hits"] == []
    assert {AGE, GENDER, REGION} <= set(opts["attributes"])
    assert opts["run_id"] == env["run"]
    assert {s["key"] for s in opts["segments"]} == {s["key"] for s in service.list_segments(env["engine"], env["run"])
                                                   if s["status"] in ("active", "unassigned")}
    assert [s["filename"] for s in opts["sources"]] == ["brand_survey_qualtrics.csv"]


def test_segment_filter(env):
    segs = [s for s in service.list_segments(env["engine"], env["run"]) if s["size"] >= 20]
    seg = segs[0]
    for ref in (seg["segment_id"], seg["key"]):
        status, body = api(env, "viewer", f"/projects/{env['own']}/search", q="delivery", segment=ref, limit=50)
        data = body["data"]
        assert status == 200 and data["hits"] and data["candidate_people"] == seg["size"]
        assert {h["segment_key"] for h in data["hits"]} == {seg["key"]}


def test_attribute_filter_api_and_form(env):
    rows = by_id(env)
    status, body = api(env, "viewer", f"/projects/{env['own']}/search", q="quality", where=f"{REGION}:London", limit=100)
    data = body["data"]
    london = sum(r["Q3"] == "London" for r in rows.values())
    assert status == 200 and data["candidate_people"] == london and data["filters"]["where"] == {REGION: "London"}
    assert data["hits"] and all(rows[h["respondent"]]["Q3"] == "London" for h in data["hits"])
    # the form sends attribute / value pairs; two filters narrow further
    status, html = page(env, "viewer", f"/projects/{env['own']}/search", q="quality", wa=[REGION, GENDER],
                        wv=["London", "Female"], limit=100)
    both = [r for r in rows.values() if r["Q3"] == "London" and r["Q2"] == "Female"]
    assert status == 200 and f"from\n    {len(both)} people" in html


def test_channel_source_and_dates(env):
    own = env["own"]
    _, body = api(env, "viewer", f"/projects/{own}/search", q="price", channel="ticket")
    assert body["data"]["hits"] == [] and body["data"]["total_candidates"] == 0
    src = api(env, "viewer", f"/projects/{own}/search")[1]["data"]["options"]["sources"][0]
    _, body = api(env, "viewer", f"/projects/{own}/search", q="price", channel="survey", source=src["source_id"])
    assert body["data"]["hits"] and {h["channel"] for h in body["data"]["hits"]} == {"survey"}
    _, body = api(env, "viewer", f"/projects/{own}/search", q="price", **{"from": "2024-03-10", "to": "2024-03-20"},
                  limit=100)
    stamps = [h["timestamp"][:10] for h in body["data"]["hits"]]
    assert stamps and all("2024-03-10" <= s <= "2024-03-20" for s in stamps)
    _, everything = api(env, "viewer", f"/projects/{own}/search", q="price", limit=100)
    assert body["data"]["total_candidates"] < everything["data"]["total_candidates"]


@pytest.mark.parametrize("params, fragment", [
    ({"where": "shoe_size:42"}, "unknown attribute 'shoe_size'"),
    ({"where": "no-colon"}, "attribute:value"),
    ({"from": "last tuesday"}, "not a date"),
    ({"limit": "0"}, "limit must be between"),
    ({"limit": "many"}, "whole number"),
])
def test_bad_filters_are_400_envelopes(env, params, fragment):
    status, body = api(env, "viewer", f"/projects/{env['own']}/search", q="price", **params)
    assert status == 400 and body["ok"] is False and body["status"] == 400 and fragment in body["error"]
    status, html = page(env, "viewer", f"/projects/{env['own']}/search", q="price", **params)
    assert status == 400 and 'role="alert"' in html and 'name="q" type="search" value="price"' in html


def test_unknown_segment_or_run_is_404(env):
    own = env["own"]
    assert api(env, "viewer", f"/projects/{own}/search", q="price", segment="nope")[0] == 404
    assert api(env, "admin", f"/projects/{env['other']}/search", q="price", run=env["run"])[0] == 404


def test_small_groups_are_suppressed(env):
    rows = by_id(env)
    counts: dict[str, int] = {}
    for r in rows.values():
        counts[r["Q1"]] = counts.get(r["Q1"], 0) + 1
    age = next(a for a, n in sorted(counts.items()) if 0 < n < K)
    status, body = api(env, "viewer", f"/projects/{env['own']}/search", q="price", where=f"{AGE}:{age}")
    data = body["data"]
    assert status == 200 and data["suppressed"] and data["hits"] == [] and data["candidate_people"] is None
    status, html = page(env, "viewer", f"/projects/{env['own']}/search", q="price", where=f"{AGE}:{age}")
    assert status == 200 and f"Suppressed: fewer than {K} people match" in html and 'class="hits"' not in html
    big = next(a for a, n in sorted(counts.items(), key=lambda x: -x[1]))
    assert not api(env, "viewer", f"/projects/{env['own']}/search", q="price", where=f"{AGE}:{big}")[1]["data"]["suppressed"]


# ---- raw text ----------------------------------------------------------------------------------

def _planted_query(env) -> str:
    return env["rows"][0]["Q5_TEXT"].replace(PLANTED, "")


@pytest.mark.parametrize("role", ROLES)
def test_raw_text_only_for_roles_allowed_row_level_data(env, role):
    q = _planted_query(env)
    allowed = role in ("admin", "researcher")
    status, body = api(env, role, f"/projects/{env['own']}/search", q=q, raw="1", limit=5)
    if allowed:
        assert status == 200
        hits = body["data"]["hits"]
        assert all("raw_text" in h for h in hits)
        assert any(PLANTED in h["raw_text"] for h in hits)
        assert all(PLANTED not in (h["text"] or "") for h in hits)
        assert PLANTED in page(env, role, f"/projects/{env['own']}/search", q=q, raw="1", limit=5)[1]
    else:
        assert status == 403 and body["ok"] is False
        assert page(env, role, f"/projects/{env['own']}/search", q=q, raw="1")[0] == 403
    resp = env["clients"][role].get(f"/api/v1/projects/{env['own']}/search", base_url=BASE,
                                    query_string={"q": q, "limit": 5})
    assert resp.status_code == 200 and PLANTED not in resp.get_data(as_text=True)
    assert PLANTED not in page(env, role, f"/projects/{env['own']}/search", q=q, limit=5)[1]
    checkbox = 'name="raw"' in page(env, role, f"/projects/{env['own']}/search")[1]
    assert checkbox == allowed


# ---- needs and values ----------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["needs", "values"])
@pytest.mark.parametrize("role", ROLES)
def test_needs_values_per_role(env, role, what):
    status, body = api(env, role, f"/projects/{env['own']}/runs/{env['run']}/{what}")
    assert status == 200 and body["data"]["run_id"] == env["run"]
    expected = 404 if role == "admin" else 403      # admin: the run is not in that project
    assert api(env, role, f"/projects/{env['other']}/runs/{env['run']}/{what}")[0] == expected
    assert api(env, "anonymous", f"/projects/{env['own']}/runs/{env['run']}/{what}")[0] == 401


def test_needs_ranked_counted_and_suppressed(env):
    _, body = api(env, "viewer", f"/projects/{env['own']}/runs/{env['run']}/needs")
    segs = body["data"]["segments"]
    assert [s["key"] for s in segs] == [s["key"] for s in service.needs(env["engine"], env["run"])["segments"]]
    groups = [g for s in segs for g in s["needs"]]
    assert groups, "the 200-respondent demo voices some needs"
    for s in segs:
        shares = [g["share"] for g in s["needs"]]
        assert shares == sorted(shares, reverse=True)
        assert all(g["people"] >= K and g["kind"] in ("need", "wish", "request", "complaint", "pain")
                   for g in s["needs"])
        assert all(abs(g["share"] - g["people"] / s["size"]) < 1e-3 for g in s["needs"])
        if s["sentiment"] and not s["sentiment"]["suppressed"]:
            assert -1 <= s["sentiment"]["mean"] <= 1
    one = segs[0]
    _, body = api(env, "viewer", f"/projects/{env['own']}/runs/{env['run']}/needs", segment=one["key"])
    assert [s["key"] for s in body["data"]["segments"]] == [one["key"]]
    status, body = api(env, "viewer", f"/projects/{env['own']}/runs/{env['run']}/needs", segment="nope")
    assert status == 404 and body["ok"] is False


def test_values_framework_filter_and_suppression(env):
    path = f"/projects/{env['own']}/runs/{env['run']}/values"
    _, body = api(env, "viewer", path)
    segs = body["data"]["segments"]
    assert all(set(s["values"]) == {"schwartz", "consumer_attitudes"} for s in segs)
    for s in segs:
        for row in s["values"]["schwartz"]["values"]:
            assert (row["share"] is None) == row["suppressed"]
    _, body = api(env, "viewer", path, framework="schwartz", segment=segs[0]["key"])
    assert [list(s["values"]) for s in body["data"]["segments"]] == [["schwartz"]]
    status, body = api(env, "viewer", path, framework="hofstede")
    assert status == 400 and "unknown framework 'hofstede'" in body["error"]


def test_openapi_documents_the_query_parameters(env):
    doc = env["clients"]["viewer"].get("/api/v1/openapi.json", base_url=BASE).get_json()
    search = doc["paths"]["/api/v1/projects/{pid}/search"]["get"]
    assert {"q", "segment", "where", "channel", "source", "from", "to", "limit", "raw"} <= \
        {p["name"] for p in search["parameters"]}
    values = doc["paths"]["/api/v1/projects/{pid}/runs/{run_id}/values"]["get"]
    assert {"segment", "framework"} <= {p["name"] for p in values["parameters"]}


# ---- macros --------------------------------------------------------------------------------------

MACROS = '{% from "_insights.html" import needs_section, values_section, sentiment_badge %}'


def _render(env, call: str, seg: dict) -> str:
    with env["app"].test_request_context(base_url=BASE):
        return render_template_string(MACROS + call, seg=seg)


def test_macros_render_needs_values_and_sentiment(env):
    seg = {"needs": {"suppressed": False, "groups": [
        {"label": "refill / options", "kind": "need", "aspect": "packaging", "people": 12, "share": 0.4,
         "statements": 14, "quotes": ["I want refill options <b>now</b>"]},
        {"label": "bills / extra", "kind": "pain", "aspect": None, "people": 6, "share": 0.2, "statements": 6,
         "quotes": []}]},
        "values": {"schwartz": {"framework": "schwartz", "n": 30, "values": [
            {"value": "Universalism: nature", "share": 0.9, "base_share": 0.6, "index": 150.0, "suppressed": False},
            {"value": "Power: resources", "share": None, "base_share": 0.3, "index": None, "suppressed": True}]}},
        "sentiment": {"n": 40, "mean": -0.31, "neg": 0.5, "neu": 0.2, "pos": 0.3, "people": 30, "suppressed": False}}
    html = _render(env, "{{ needs_section(seg, 5) }}{{ values_section(seg, 5) }}", seg)
    assert html.index("refill / options") < html.index("bills / extra")
    assert "kind-need" in html and "kind-pain" in html and "width: 40.0%" in html
    assert "&lt;b&gt;now" in html and "<b>now" not in html                 # quotes are escaped
    assert "Quotes withheld" in html
    assert "Universalism: nature" in html and "150" in html and "90%" in html and "60%" in html
    assert re.search(r"Power: resources</td><td class=\"num hidden-cell\">&lt;5", html)
    assert "negative -0.31" in html and "50% neg" in html


def test_macros_show_suppressed_and_empty(env):
    hidden = {"needs": {"suppressed": True, "groups": []},
              "values": {"schwartz": {"framework": "schwartz", "n": 3, "values": [
                  {"value": "Face", "share": None, "base_share": 0.4, "index": None, "suppressed": True}]}},
              "sentiment": {"n": None, "mean": None, "neg": None, "neu": None, "pos": None, "people": None,
                            "suppressed": True}}
    html = _render(env, "{{ needs_section(seg, 7) }}{{ values_section(seg, 7) }}", hidden)
    assert "fewer than 7 people" in html and "sentiment &lt;7" in html and "Face" not in html
    empty = _render(env, "{{ needs_section(seg) }}{{ values_section(seg) }}{{ sentiment_badge(seg) }}",
                    {"needs": None, "values": None, "sentiment": None})
    assert "No need or pain point" in empty and "No value profile" in empty and "No sentiment" in empty


def test_segment_page_shows_insights(env):
    seg = max(service.list_segments(env["engine"], env["run"]), key=lambda s: len((s["needs"] or {}).get("groups", [])))
    status, html = page(env, "viewer", f"/segments/{seg['segment_id']}")
    assert status == 200 and 'id="needs"' in html and 'id="values"' in html and 'class="sentiment' in html
    assert seg["needs"]["groups"]
    for g in seg["needs"]["groups"]:
        assert str(escape(g["label"])) in html      # shown, HTML-escaped ("can't" -> "can&#39;t")


# ---- end to end with the real model ---------------------------------------------------------------

PRICE_WORDS = re.compile(r"pric|cheap|cost|expensive|afford|pay|money|value for|£", re.I)


@pytest.mark.slow
def test_real_model_search_needs_and_values(tmp_path, monkeypatch):
    """The demo survey segmented with all-MiniLM-L6-v2; a price question finds price answers."""
    monkeypatch.delenv("FEEDBACK_SEG_EMBEDDER", raising=False)
    app = make_app(tmp_path)
    eng = app.extensions["feedback_seg_engine"]
    me = accounts.create_user(eng, "real_researcher", PASSWORD, "researcher")
    pid = projects.create_project(eng, "Real", me["id"])["id"]
    service.ingest_file(eng, SAMPLE / "brand_survey_qualtrics.csv", project="Real")
    run_id = service.run_segmentation(eng, "Real", seed=0, params=FAST)
    client = new_client(app)
    assert login(client, "real_researcher").status_code == 302
    body = client.get(f"/api/v1/projects/{pid}/search", base_url=BASE,
                      query_string={"q": "it is too expensive, I shop wherever it is cheaper", "limit": 5}).get_json()
    hits = body["data"]["hits"]
    assert body["ok"] and len(hits) == 5 and "MiniLM" in body["data"]["model"]
    assert sum(bool(PRICE_WORDS.search(h["text"])) for h in hits[:3]) >= 2, [h["text"] for h in hits]
    html = client.get(f"/projects/{pid}/search", base_url=BASE, query_string={"q": "eco friendly packaging"})
    assert html.status_code == 200 and 'class="hits"' in html.get_data(as_text=True)
    for what in ("needs", "values"):
        resp = client.get(f"/api/v1/projects/{pid}/runs/{run_id}/{what}", base_url=BASE)
        assert resp.status_code == 200 and resp.get_json()["data"]["segments"]
