"""Column kinds (#12.3–12.5, #13.4, #11.4): technical columns never profiled on any shared
survey, ordered scales, per-option multi-selects, harmonised categories, profile order, the
preview's accounting and the attitude matrix."""
from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from feedback_seg.errors import InputError
from feedback_seg.ingest.columns import harmonise, multiselect_of, scale_of, technical_reason
from feedback_seg.ingest.detect import read_file
from feedback_seg.ingest.normalize import normalize
from feedback_seg.ingest.roles import RoleOverrides, assign_roles
from feedback_seg.ingest.summary import accounting, candidate_inputs, column_details
from feedback_seg.ingest.table import RawTable
from feedback_seg.pipeline.attitudes import attitude_matrix
from feedback_seg.pipeline.profile import infer_types, profile_segments
from feedback_seg.pipeline.profile_text import ordered_attributes

from .conftest import SHARED

SURVEYS = ["osmi/mental-heath-in-tech-2016_20161114.csv", "osmi/osmi_2017.csv", "osmi/osmi_2014_googleforms.csv",
           "osmi/osmi_2018.csv", "osmi/osmi_2019.csv", "osmi/osmi_2020.csv", "gadarian/gadarian.csv",
           "formats/googleforms/google_forms_responses.csv", "formats/limesurvey/results-survey123456.csv",
           "formats/msforms/ms_forms_export.xlsx", "formats/qualtrics/sample.csv",
           "formats/qualtrics/sample_legacy.csv", "formats/spss/survey.sav",
           "formats/surveymonkey/surveymonkey_expanded.csv"]
# An independent reading of "instrument column" by header, to check what is profiled.
INSTRUMENT = re.compile(r"(^unnamed|^index$|^#$|duration|timing|\bclick|\bip ?address|latitude|longitude|"
                        r"start ?date|end ?date|submit ?date|\btokens?\b|\bconsent\b|language|network id|"
                        r"\bmeta ?id\b|response ?id|^id$)", re.I)


def _profiled(table: RawTable):
    roles = assign_roles(table)
    data = normalize(table, roles)
    attrs = pd.DataFrame(list(data.respondents["attributes"])).fillna("").astype(str)
    types = infer_types(attrs)
    return roles, attrs, {c: t for c, t in types.items() if not t.startswith("skip")}


@pytest.mark.parametrize("rel", SURVEYS)
def test_no_technical_column_is_profiled_on_any_shared_survey(rel):
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"dataset not available: {path}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = read_file(path)
        roles, attrs, profiled = _profiled(table)
    assert not (set(roles.technical_cols) & set(roles.attribute_cols))
    for col in profiled:
        assert not INSTRUMENT.search(re.sub(r"<[^>]+>", "", col)), f"{rel}: profiles instrument column {col!r}"
        assert technical_reason(col, attrs[col]) is None, f"{rel}: {col!r}"
    if "gadarian" in rel:   # MetaID: one code for everyone, an instrument column
        assert "MetaID" in roles.technical_cols and set(profiled) == {"treatment", "pid_rep"}


def test_osmi_2016_lists_are_multiselects_and_repeated_headers_are_named():
    path = SHARED / "osmi/mental-heath-in-tech-2016_20161114.csv"
    if not path.exists():
        pytest.skip("OSMI 2016 not available")
    table = read_file(path)
    roles = assign_roles(table)
    diag = "If yes, what condition(s) have you been diagnosed with?"
    assert roles.multiselect_cols.get(diag) == "|" and diag not in roles.text_cols
    assert roles.multiselect_cols.get("Which of the following best describes your work position?") == "|"
    assert roles.duplicate_cols["Why or why not?.1"]["name"] == "Why or why not? (2)"
    data = normalize(table, roles)
    qs = set(data.items.loc[data.items["field"] == "Why or why not?.1", "question"])
    assert len(qs) == 1 and qs.pop().startswith("Why or why not? (2) — after: Would you bring up a mental")
    details = column_details(table, roles)
    assert details[diag]["kind"] == "multiselect" and details["Why or why not?.1"]["duplicate"]
    acc = accounting(table, roles)
    assert acc["rows_in"] == acc["read"] + acc["rejected"] and acc["read"] == acc["with_text"] + acc["without_text"]
    assert acc["without_text"] > 0
    cands = candidate_inputs(details)
    assert "Do you work remotely?" in cands             # a frequency scale: an attitude-like input
    assert not any(re.search(r"age|gender|country|position", c, re.I) for c in cands)
    # gender spellings harmonised, raw values kept in the store
    gender = "What is your gender?"
    assert details[gender]["kind"] == "categorical" and details[gender]["harmonised"]
    raw = {a.get(gender) for a in data.respondents["attributes"]}
    assert {"male", "Male", "M"} <= raw


def _table(frame: pd.DataFrame) -> RawTable:
    return RawTable(format="csv", frame=frame, row_numbers=list(range(2, len(frame) + 2)), rows_in=len(frame))


def test_technical_columns_found_from_names_and_values_and_overridable():
    rng = np.random.default_rng(0)
    n = 120
    frame = pd.DataFrame({
        "Unnamed: 0": [str(i) for i in range(n)],
        "Q3_Page Submit": [f"{x:.2f}" for x in rng.uniform(2, 90, n)],
        "n_tokens": [str(int(x)) for x in rng.integers(3, 200, n)],
        "var17": rng.choice(["en", "sn", "fr", "de"], n, p=[.9, .04, .03, .03]).tolist(),  # a language code
        "host": [f"10.0.{i % 250}.{i % 7}" for i in range(n)],
        "LocationLatitude": [f"{x:.4f}" for x in rng.uniform(-60, 60, n)],
        "consent": ["I agree"] * n,
        "ended": [f"2024-03-{1 + i % 28:02d} 12:{i % 60:02d}" for i in range(n)],
        "panel uid": [f"a{rng.integers(1e9, 1e10)}x" for _ in range(n)],
        "age": [str(x) for x in rng.integers(18, 80, n)],
        "gender": rng.choice(["Male", "male", "M", "Female", "f", "Woman"], n).tolist(),
        "worry (1-9)": [str(x) for x in rng.integers(1, 10, n)],
        "answer": [f"I worry about the economy and my family number {i} a lot these days" for i in range(n)],
    })
    roles = assign_roles(_table(frame))
    assert roles.text_cols == ["answer"]
    assert set(roles.technical_cols) == {"Unnamed: 0", "Q3_Page Submit", "n_tokens", "var17", "host",
                                         "consent", "ended"}
    assert roles.id_col == "panel uid"      # a code per person is a key: with no id column, the id
    assert "LocationLatitude" in roles.dropped_cols          # coordinates are personal data: not kept
    assert roles.attribute_cols == ["age", "gender", "worry (1-9)"]
    assert roles.technical_reasons["var17"] == "language code"
    kept = assign_roles(_table(frame), RoleOverrides(keep_cols=["n_tokens"], technical_cols=["age"]))
    assert "n_tokens" in kept.attribute_cols and "age" in kept.technical_cols and "age" not in kept.attribute_cols
    types = infer_types(frame.drop(columns=["answer"]))
    assert {c for c, t in types.items() if not t.startswith("skip")} == {"age", "gender", "worry (1-9)"}
    assert types["worry (1-9)"] == "ordinal" and types["panel uid"].startswith("skip: key")


def test_a_code_per_person_is_a_join_key_never_technical_nor_profiled():
    """An opaque reference per person (a panel / CRM code) next to the response id is kept on the
    respondent for joins and never profiled; codes shared by many people are not keys."""
    rng = np.random.default_rng(1)
    n = 60
    frame = pd.DataFrame({
        "response": [f"R_{i:05d}abc" for i in range(n)],
        "Ref": [f"C{rng.integers(1e5, 1e6)}" for _ in range(n)],          # named as a reference
        "crm": [f"cus_{rng.integers(1e7, 1e8)}" for _ in range(n)],        # unnamed, code-like values
        "store id": rng.choice(["S1", "S2", "S3"], n).tolist(),              # shared by many: an attribute
        "collector": rng.choice(["web-1", "web-2"], n).tolist(),             # instrument batch
        "answer": [f"I like the service and the staff very much, visit {i}" for i in range(n)],
    })
    roles = assign_roles(_table(frame), RoleOverrides(id_col="response"))
    assert set(roles.key_cols) == {"Ref", "crm"} and not set(roles.key_cols) & set(roles.technical_cols)
    assert roles.technical_reasons.get("collector") == "collector / batch code"
    assert "store id" in roles.attribute_cols
    data = normalize(_table(frame), roles)
    stored = data.respondents["attributes"].iloc[0]
    assert {"Ref", "crm", "store id"} <= set(stored)
    attrs = pd.DataFrame(list(data.respondents["attributes"])).fillna("").astype(str)
    types = infer_types(attrs)
    assert types["Ref"].startswith("skip: key") and types["crm"].startswith("skip: key")
    assert not types["store id"].startswith("skip")
    forced = assign_roles(_table(frame), RoleOverrides(id_col="response", key_cols=["store id"]))
    assert "store id" in forced.key_cols and "store id" not in forced.attribute_cols


def test_demo_crm_joins_on_the_per_person_reference(tmp_path):
    from pathlib import Path

    from feedback_seg import service

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    eng = service.open_store("sqlite:///" + str(tmp_path / "s.db"))
    service.ingest_file(eng, sample / "brand_survey_qualtrics.csv", project="demo")
    out = service.ingest_attributes(eng, sample / "crm_customers.csv", key="customer_id", project="demo")
    assert out["joined_on"] == "ExternalReference" and out["file_match_rate"] > 0.9


def test_scales_multiselects_and_free_categories():
    likert = pd.Series(["Agree", "Strongly disagree", "Neither agree nor disagree", "Strongly agree",
                        "Disagree", "I don't know", ""])
    s = scale_of(likert)
    assert s.levels == ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
    assert s.off_scale == ["I don't know"] and s.top2() == ["Agree", "Strongly agree"]
    nps = scale_of(pd.Series([str(i) for i in range(11)]), "How likely are you to recommend us?")
    assert nps.kind == "nps" and nps.levels[0] == "0" and nps.levels[-1] == "10"
    assert scale_of(pd.Series(["0", "1", "0"])) is None          # yes/no is not a scale
    assert scale_of(pd.Series(["Never", "Sometimes", "Always", "Rarely"])).levels == \
        ["Never", "Rarely", "Sometimes", "Always"]
    ms = multiselect_of(pd.Series(["Email; Chat", "Chat", "Phone; Email", "Email", "Phone; Chat; Email"]))
    assert ms.delimiter == ";" and ms.options == ["Chat", "Email", "Phone"]
    # commas inside single categories: the parts recur nowhere else
    assert multiselect_of(pd.Series(["Yes, I know several", "No, I don't know any", "I know some"] * 5)) is None
    assert multiselect_of(pd.Series(["Anxiety (Social, Phobia, etc)|Mood", "Mood", "Anxiety (Social, Phobia, etc)",
                                     "Mood|PTSD", "PTSD"])).options == ["Anxiety (Social, Phobia, etc)", "Mood", "PTSD"]
    g = harmonise(pd.Series(["Male"] * 20 + ["male", "M", "Man", "cis male", "Female", "female ", "F", "woman",
                             "non-binary"]), "What is your gender?")
    assert {g[v] for v in ["male", "M", "Man", "cis male"]} == {"Male"}
    assert {g[v] for v in ["female", "F", "woman"]} == {"Female"} and g["non-binary"] == "Non-binary"
    assert "Male" not in g                                        # only changes are listed
    country = harmonise(pd.Series(["United Kingdom"] * 30 + ["united kingdom", "United Kingdon", "France"] + ["France"] * 9))
    assert country == {"united kingdom": "United Kingdom", "United Kingdon": "United Kingdom"}


def _profile_data():
    rng = np.random.default_rng(3)
    n = 300
    seg = np.array([0] * 150 + [1] * 150)
    levels = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    agree = [levels[min(4, int(rng.integers(0, 3)) + (2 if s else 0))] for s in seg]
    channels = ["Email", "Chat", "Phone"]
    multi = ["|".join(sorted(set(rng.choice(channels, int(rng.integers(1, 3))).tolist() +
                                 (["Chat"] if s else [])))) for s in seg]
    ids = [f"p{i}" for i in range(n)]
    attrs = pd.DataFrame({
        "I like the product": agree,
        "Contact channels": multi,
        "Recommend (0-10)": [str(min(10, int(rng.integers(0, 8)) + 3 * s)) for s in seg],
        "gender": rng.choice(["Male", "male", "M", "Female", "female"], n).tolist(),
        "region": rng.choice(["North", "South"], n).tolist(),
    }, index=ids)
    return attrs, pd.Series(seg, index=ids)


def test_profile_reads_scales_options_and_orders_by_effect():
    attrs, labels = _profile_data()
    prof = profile_segments(attrs, labels, k=5)
    types = prof["attributes"]
    assert types["I like the product"] == "ordinal" and types["Contact channels"] == "multiselect"
    assert types["Recommend (0-10)"] == "ordinal"
    base = prof["base"]["attributes"]
    assert base["I like the product"]["levels"][:5] == ["Strongly disagree", "Disagree", "Neutral", "Agree",
                                                        "Strongly agree"]
    seg1 = prof["segments"][1]["attributes"]
    like = seg1["I like the product"]
    assert like["summary"]["mean"] > prof["segments"][0]["attributes"]["I like the product"]["summary"]["mean"]
    lo, hi = like["summary"]["mean_ci"]
    assert lo < like["summary"]["mean"] < hi and 0 <= like["summary"]["top2"] <= 1
    assert like["test"]["method"] == "mann_whitney" and like["test"]["significant"]
    rec = seg1["Recommend (0-10)"]["summary"]
    assert rec["nps"] is not None and -100 <= rec["nps"] <= 100
    opts = {r["level"]: r for r in seg1["Contact channels"]["rows"]}
    assert set(opts) >= {"Chat", "Email", "Phone"} and not any("|" in lv for lv in opts)
    assert opts["Chat"]["seg_share"] == 1.0 and opts["Chat"]["test"]["significant"]
    assert base["gender"]["levels"][:2] in (["Male", "Female"], ["Female", "Male"])
    assert base["gender"]["harmonised"]["M"] == "Male" and base["gender"]["harmonised"]["female"] == "Female"
    lead, rest = ordered_attributes(prof, segment=1)
    effects = [b["test"]["effect"] for _, b in lead]
    assert lead and effects == sorted(effects, reverse=True)
    assert all(b["test"]["significant"] for _, b in lead)
    assert "region" in [name for name, _ in rest]


def test_small_cells_hide_scale_figures():
    attrs, labels = _profile_data()
    labels = labels.copy()
    labels.iloc[:3] = 2                      # a segment of 3 people, under k
    prof = profile_segments(attrs, labels, k=5)
    small = prof["segments"][2]
    assert small["size"] is None
    assert small["attributes"]["I like the product"]["summary"]["mean"] is None
    assert all(r["count"] is None for r in small["attributes"]["Contact channels"]["rows"])


def test_attitude_matrix_contract():
    attrs, _ = _profile_data()
    attrs.loc["p0", "I like the product"] = ""
    m = attitude_matrix(attrs, ["I like the product", "Contact channels", "Recommend (0-10)"], weight=0.5)
    assert m.matrix.shape == (300, 1 + 3 + 1) and m.features[1:4] == ["Contact channels: Chat",
                                                                      "Contact channels: Email",
                                                                      "Contact channels: Phone"]
    assert m.kinds == {"I like the product": "ordinal", "Contact channels": "multiselect",
                       "Recommend (0-10)": "ordinal"}
    assert np.linalg.norm(m.matrix, axis=1).max() <= 0.5 + 1e-6
    col = m.matrix[:, 0]
    assert col[0] == pytest.approx(col[1:].mean(), rel=0.02)           # missing -> column mean
    assert np.array_equal(m.matrix, attitude_matrix(attrs, ["I like the product", "Contact channels",
                                                            "Recommend (0-10)"], weight=0.5).matrix)
    with pytest.raises(InputError):
        attitude_matrix(attrs, ["gender"])
