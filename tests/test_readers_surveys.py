"""Survey-export readers: each on the project's own fixture and on the real samples."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from feedback_seg.errors import UnreadableFileError
from feedback_seg.ingest.readers import (googleforms, limesurvey, msforms, qualtrics, qualtrics_legacy,
                                         spss, surveymonkey, typeform)
from feedback_seg.ingest.readers._headers import clean_header
from feedback_seg.ingest.readers.surveys import SURVEY_READERS
from feedback_seg.ingest.table import Probe

import survey_writers as w
from conftest import shared_file


def make_probe(path: Path) -> Probe:
    """A probe like detect.make_probe builds: first bytes and the first ~10 rows of cells."""
    from feedback_seg.ingest.readers._headers import load_grid

    head = path.read_bytes()[:65536]
    rows = None
    if path.suffix.lower() not in (".sav", ".zsav"):
        rows = load_grid(path).rows[:10]
    return Probe(path=path, suffix=path.suffix.lower(), head_bytes=head, rows=rows)


def claimed_by(path: Path) -> list[str]:
    probe = make_probe(path)
    return [m.FORMAT for m in SURVEY_READERS if m.matches(probe)]


def source_rows(path: Path, header_rows: int, **kw) -> int:
    """Data rows as pandas counts them, independently of our readers."""
    df = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kw)
    return len(df) - header_rows


def assert_all_strings(table) -> None:
    for col in table.frame.columns:
        assert all(isinstance(v, str) for v in table.frame[col]), col
    assert table.rows_in == len(table.frame) + len(table.rejected)
    assert len(table.row_numbers) == len(table.frame)


# --- detection ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", list(w.WRITERS))
def test_each_fixture_is_claimed_by_its_reader_only(tmp_path, fmt):
    path = w.WRITERS[fmt](tmp_path)
    assert claimed_by(path) == [fmt]


def test_surveymonkey_xlsx_is_claimed(tmp_path):
    assert claimed_by(w.write_surveymonkey_xlsx(tmp_path)) == ["surveymonkey"]


@pytest.mark.parametrize("parts, fmt", [
    (("formats", "qualtrics", "sample.csv"), "qualtrics"),
    (("formats", "qualtrics", "sample_legacy.csv"), "qualtrics_legacy"),
    (("formats", "surveymonkey", "surveymonkey_expanded.csv"), "surveymonkey"),
    (("formats", "typeform", "typeform_responses.csv"), "typeform"),
    (("formats", "googleforms", "google_forms_responses.csv"), "google_forms"),
    (("formats", "msforms", "ms_forms_export.xlsx"), "ms_forms"),
    (("formats", "limesurvey", "results-survey123456.csv"), "limesurvey"),
    (("formats", "spss", "survey.sav"), "spss"),
    (("osmi", "osmi_2014_googleforms.csv"), "google_forms"),
    (("osmi", "osmi_2017.csv"), "typeform"),
    (("osmi", "osmi_2018.csv"), "typeform"),
    (("osmi", "osmi_2020.csv"), "typeform"),  # trimmed: no date columns, but '#' tokens
])
def test_real_samples_are_claimed_by_their_reader_only(parts, fmt):
    assert claimed_by(shared_file(*parts)) == [fmt]


@pytest.mark.parametrize("parts", [
    ("formats", "zendesk", "tickets_export.csv"), ("formats", "freshdesk", "tickets_ui_export.csv"),
    ("formats", "reddit", "gdpr_comments.csv"), ("formats", "social_listening", "brandwatch_mentions.csv"),
    ("osmi", "mental-heath-in-tech-2016_20161114.csv"), ("osmi", "osmi_2019.csv"), ("banking77", "train.csv"),
    ("airline_tweets", "Tweets.csv"),
])
def test_other_csvs_are_not_claimed(parts):
    assert claimed_by(shared_file(*parts)) == []


def test_detect_picks_the_survey_readers(tmp_path):
    from feedback_seg.ingest import detect  # noqa: PLC0415
    for fmt, writer in w.WRITERS.items():
        path = writer(tmp_path)
        assert detect.detect_format(path) == fmt
        assert detect.read_file(path).format == fmt


def test_survey_readers_order_and_formats():
    assert [m.FORMAT for m in SURVEY_READERS] == ["spss", "qualtrics", "qualtrics_legacy", "surveymonkey",
                                                  "typeform", "google_forms", "ms_forms", "limesurvey"]


# --- header cleaning ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("<strong>Are you self-employed?</strong>", "Are you self-employed?"),
    ("*Are you self-employed?*", "Are you self-employed?"),
    ("What country do you <strong>live</strong> in?", "What country do you live in?"),
    ("A &amp; B<br/>C", "A & B C"),
    ("how often *when* _*NOT*_* being treated (i.e. now)?*", "how often when NOT being treated (i.e. now)?"),
    ("user_id of the 5* hotel", "user_id of the 5* hotel"),
    ("\ufeffIf you live in the\xa0US,  which state?", "If you live in the US, which state?"),
])
def test_clean_header(raw, clean):
    assert clean_header(raw) == clean


# --- Qualtrics ---------------------------------------------------------------------------------

def test_qualtrics_fixture(tmp_path):
    t = qualtrics.read(w.write_qualtrics(tmp_path, bad_row=True))
    assert_all_strings(t)
    assert t.format == "qualtrics"
    assert list(t.frame["ExternalReference"]) == ["00123", "00456"]
    assert t.frame["Q2_TEXT"].tolist() == ["Great support,\nfast answers.", "N/A"]
    assert t.row_numbers == [4, 6]  # the first response spans lines 4-5
    assert t.rows_in == 3 and t.rejected[0].row == 7 and "3 fields" in t.rejected[0].reason
    assert "12" in t.rejected[0].reason
    assert t.questions["Q2_TEXT"] == "Why did you give that score?"
    h = t.hints
    assert (h.id_col, h.time_col, h.channel) == ("ResponseId", "RecordedDate", "survey")
    assert h.text_cols == ["Q2_TEXT", "Q3_4_TEXT"] and h.choice_cols == ["Q1"]
    assert {"IPAddress", "RecipientEmail", "LocationLatitude", "StartDate"} <= set(h.drop_cols)
    assert "ExternalReference" not in h.drop_cols


def test_qualtrics_xlsx(tmp_path):
    path = w.write_qualtrics_xlsx(tmp_path)
    assert claimed_by(path) == ["qualtrics"]
    t = qualtrics.read(path)
    assert_all_strings(t)
    assert t.frame["ExternalReference"].tolist() == ["00123", "00456"]
    assert t.frame["Q2_TEXT"].tolist() == ["Great support,\nfast answers.", "N/A"]
    assert t.row_numbers == [4, 5] and t.hints.text_cols == ["Q2_TEXT", "Q3_4_TEXT"]


def test_qualtrics_real_sample():
    path = shared_file("formats", "qualtrics", "sample.csv")
    t = qualtrics.read(path)
    assert_all_strings(t)
    assert len(t.frame) == source_rows(path, 3) == 1
    assert t.frame.loc[0, "ResponseId"] == "R_2YPOQ602ER1jkf1"
    assert t.frame.loc[0, "Q2"] == "Hello World!" and t.frame.loc[0, "Q1"] == "2"
    assert t.questions["Q2"] == "This is a free text question."
    assert t.questions["StartDate"] == "Anfangsdatum"
    assert t.hints.text_cols == ["Q2"] and t.hints.id_col == "ResponseId"
    assert {"IPAddress", "LocationLatitude", "LocationLongitude"} <= set(t.hints.drop_cols)
    assert t.row_numbers == [4]


def test_qualtrics_bad_importid_row_is_a_clear_error(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('a,b\nA,B\n"{""ImportId"":""QID1""}",{not json\n1,2\n', encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="ImportId"):
        qualtrics.read(path)


def test_qualtrics_legacy_fixture_and_real_sample(tmp_path):
    t = qualtrics_legacy.read(w.write_qualtrics_legacy(tmp_path))
    assert_all_strings(t)
    assert list(t.frame.columns)[:3] == ["ResponseID", "ResponseSet", "Name"]
    assert "" not in t.frame.columns and len(t.frame.columns) == 13  # trailing empty column dropped
    assert t.frame.loc[0, "ExternalDataReference"] == "007"
    assert t.questions["Q2"] == "Tell us more" and t.hints.id_col == "ResponseID"
    assert {"EmailAddress", "IPAddress", "Name"} <= set(t.hints.drop_cols)

    path = shared_file("formats", "qualtrics", "sample_legacy.csv")
    r = qualtrics_legacy.read(path)
    assert_all_strings(r)
    assert len(r.frame) == source_rows(path, 2) == 1 and r.row_numbers == [3]
    assert r.frame.loc[0, "ResponseID"] == "R_2YPOQ602ER1jkf1" and r.frame.loc[0, "Q2"] == "Hello World!"
    assert r.questions["Q1"] == "This is a multiple choice question."


# --- SurveyMonkey ------------------------------------------------------------------------------

@pytest.mark.parametrize("writer", [w.write_surveymonkey_csv, w.write_surveymonkey_xlsx])
def test_surveymonkey_fixture(tmp_path, writer):
    t = surveymonkey.read(writer(tmp_path))
    assert_all_strings(t)
    f = t.frame
    assert f["Respondent ID"].tolist() == ["114000000001", "114000000002"]
    assert f["Which features do you use?"].tolist() == ["Reports; Dashboards", "Dashboards"]
    assert f["Which features do you use? [Other (please specify)]"].tolist() == ["", "Slack export"]
    assert f["Rate each part [Speed]"].tolist() == ["Good", "Poor"]
    assert f["Why?"].tolist() == ["Fast, but billing was confusing.", "None"]
    assert f["Custom Data 1"].tolist() == ["0042", ""]
    assert t.row_numbers == [3, 4]
    h = t.hints
    assert h.id_col == "Respondent ID" and h.time_col == "End Date"
    assert h.text_cols == ["Which features do you use? [Other (please specify)]", "Why?"]
    assert {"Which features do you use?", "How satisfied are you?", "Rate each part [Price]"} <= set(h.choice_cols)
    assert {"IP Address", "Email Address", "First Name", "Last Name"} <= set(h.drop_cols)
    assert t.meta["options"]["Which features do you use?"] == ["Reports", "Dashboards"]


def test_surveymonkey_unanswered_matrix_row_is_not_a_multi_select(tmp_path):
    path = tmp_path / "sm.csv"
    path.write_text("Respondent ID,Collector ID,Rate each part,,\n,,Speed,Price,Reliability\n"
                    "1,9,Good,,Poor\n2,9,,,Good\n3,9,,,\n", encoding="utf-8")
    t = surveymonkey.read(path)
    assert list(t.frame.columns) == ["Respondent ID", "Collector ID", "Rate each part [Speed]",
                                     "Rate each part [Price]", "Rate each part [Reliability]"]
    assert t.meta["options"] == {} and t.frame["Rate each part [Reliability]"].tolist() == ["Poor", "Good", ""]


def test_surveymonkey_cp1252(tmp_path):
    t = surveymonkey.read(w.write_surveymonkey_cp1252(tmp_path))
    assert t.meta["encoding"] == "cp1252"
    assert t.frame["Why?"].tolist() == ["Très bien, merci — rapide."] * 2


def test_surveymonkey_real_sample():
    path = shared_file("formats", "surveymonkey", "surveymonkey_expanded.csv")
    t = surveymonkey.read(path)
    assert_all_strings(t)
    assert len(t.frame) == source_rows(path, 2) == 2
    assert t.frame["Which features do you use? (select all)"].tolist() == ["Reports", "Dashboards"]
    assert t.frame["Respondent ID"].tolist() == ["114012345678", "114012345679"]
    assert "Please tell us why you gave that score." in t.hints.text_cols


# --- Typeform ----------------------------------------------------------------------------------

def test_typeform_fixture(tmp_path):
    t = typeform.read(w.write_typeform(tmp_path))
    assert_all_strings(t)
    f = t.frame
    assert f["#"].tolist()[1] == "00ff1c3d4e5f60718293a4b5c6d7e8f9"
    assert f["How old are you?"].tolist() == ["34", "N/A"]
    assert f["Multi-select 1"].tolist() == ["Email; Phone", "Chat"]
    assert f["Multi-select 1 [Other]"].tolist() == ["Fax", ""]
    assert f["Multi-select 2"].tolist() == ["", "Email"]
    assert f["What is your race? [Other]"].tolist() == ["", "Mixed"]
    assert t.questions["Multi-select 1"] == "Choose all that apply: Email; Chat; Phone"
    assert t.hints.choice_cols == ["Multi-select 1", "Multi-select 2"]
    assert t.hints.id_col == "#" and t.hints.time_col == "Submit Date (UTC)"
    assert "Network ID" in t.hints.drop_cols
    assert t.meta["other_text_cols"] == ["Multi-select 1 [Other]", "Multi-select 2 [Other]",
                                         "What is your race? [Other]"]
    assert t.hints.text_cols == []  # Typeform does not say which questions are open-ended


@pytest.mark.parametrize("name, n", [("osmi_2017.csv", 756), ("osmi_2018.csv", 417), ("osmi_2020.csv", 180)])
def test_typeform_osmi(name, n):
    path = shared_file("osmi", name)
    t = typeform.read(path)
    assert_all_strings(t)
    assert len(t.frame) == source_rows(path, 1) == n and not t.rejected
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert t.frame["#"].tolist() == raw["#"].tolist()
    assert "Are you self-employed?" in t.frame.columns
    assert not any("<" in c for c in t.frame.columns)
    # 3 multi-selects of the same 12 disorders, each regrouped into one column.
    assert len(t.meta["options"]) == 3 and all(len(v) == 12 for v in t.meta["options"].values())
    col = "Multi-select 2"
    first = raw.columns.get_loc("Anxiety Disorder (Generalized, Social, Phobia, etc).1")
    chosen = (raw.iloc[:, first:first + 12] != "").sum(axis=1)
    assert (t.frame[col].map(lambda v: len(v.split("; ")) if v else 0) == chosen).all()
    assert t.frame[col].str.contains("Mood Disorder").sum() == (raw.iloc[:, first + 1] != "").sum()
    assert t.frame[f"{col} [Other]"].tolist() == raw["Other.1"].tolist()
    assert "What is your race? [Other]" in t.meta["other_text_cols"]


# --- Google Forms ------------------------------------------------------------------------------

def test_google_forms_fixture(tmp_path):
    t = googleforms.read(w.write_google_forms(tmp_path))
    assert_all_strings(t)
    f = t.frame
    assert f["Which products do you use?"].tolist() == ["App; Website", "Website", "App; Desktop client",
                                                        "Desktop client"]
    assert f["Anything else?"].tolist() == ["Yes, the app crashes, often.", "", "No", "null"]
    assert t.meta["grids"] == {"Rate us": ["Rate us [Speed]", "Rate us [Price]"]}
    assert t.hints.time_col == "Timestamp" and t.hints.drop_cols == ["Email Address"]
    assert "Which products do you use?" in t.hints.choice_cols
    assert "Anything else?" not in t.hints.choice_cols


def test_google_forms_osmi_2014():
    path = shared_file("osmi", "osmi_2014_googleforms.csv")
    t = googleforms.read(path)
    assert_all_strings(t)
    assert len(t.frame) == source_rows(path, 1) == 1260 and not t.rejected
    assert t.rows_in == 1260 and t.row_numbers[0] == 2
    assert t.frame.loc[0, "Timestamp"] == "8/27/2014 11:29:31"
    assert "If you live in the United States, which state or territory do you live in?" in t.frame.columns
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert t.frame.iloc[:, -1].tolist() == raw.iloc[:, -1].tolist()  # free text untouched
    assert t.meta["options"] == {}


def test_google_forms_real_sample():
    t = googleforms.read(shared_file("formats", "googleforms", "google_forms_responses.csv"))
    assert t.frame["Which products do you use?"].tolist() == ["App; Website", "Website"]
    assert t.hints.drop_cols == ["Email Address"]


# --- Microsoft Forms ---------------------------------------------------------------------------

def test_ms_forms_fixture_and_real_sample(tmp_path):
    t = msforms.read(w.write_ms_forms(tmp_path))
    assert_all_strings(t)
    assert t.frame["Which features do you use?"].tolist() == ["Reports; Dashboards", "Reports"]
    assert t.frame["What should we improve?"].tolist() == ["Faster exports; fewer clicks", "None"]
    assert t.frame["ID"].tolist() == ["1", "2"] and t.row_numbers == [2, 3]
    assert t.frame["Completion time"][0] == "2024-04-02 09:03:40"
    assert {"Email", "Name", "Start time"} <= set(t.hints.drop_cols)
    assert t.hints.choice_cols == ["Which features do you use?"]

    r = msforms.read(shared_file("formats", "msforms", "ms_forms_export.xlsx"))
    assert_all_strings(r)
    assert r.frame["Which features do you use?"].tolist() == ["Reports; Dashboards", "Reports"]
    assert r.hints.id_col == "ID" and r.hints.time_col == "Completion time"


# --- LimeSurvey --------------------------------------------------------------------------------

def test_limesurvey_fixture(tmp_path):
    t = limesurvey.read(w.write_limesurvey(tmp_path))
    assert_all_strings(t)
    f = t.frame
    assert t.meta["delimiter"] == ";" and t.rows_in == 2 and not t.rejected
    assert f["G01Q02"].tolist() == ["SQ001; SQ003", "SQ002"]
    assert f["G01Q02[other]"].tolist() == ["Phone; support", ""]
    assert f["G01Q03"].tolist() == ["I like the new\ndashboard.", "N/A"]
    assert t.row_numbers == [2, 4]
    assert t.hints.id_col == "id" and t.hints.time_col == "datestamp"
    assert t.hints.choice_cols == ["G01Q02"] and t.meta["other_text_cols"] == ["G01Q02[other]"]
    assert t.hints.text_cols == []  # G01Q03 is free text too, which only the .lss would tell
    assert "seed" in t.hints.drop_cols


def test_limesurvey_real_sample():
    path = shared_file("formats", "limesurvey", "results-survey123456.csv")
    t = limesurvey.read(path)
    assert_all_strings(t)
    assert len(t.frame) == source_rows(path, 1, sep=";") == 2
    assert t.frame["G01Q02"].tolist() == ["SQ001", "SQ002"]
    assert t.frame["G01Q03[comment]"].tolist() == ["only on weekdays", ""]
    assert set(t.meta["other_text_cols"]) == {"G01Q02[other]", "G01Q03[comment]"}


def test_limesurvey_detected_from_text_when_probe_split_on_commas(tmp_path):
    path = w.write_limesurvey(tmp_path)
    text = path.read_bytes().decode("utf-8-sig")
    probe = Probe(path=path, suffix=".csv", head_bytes=path.read_bytes()[:100], text_head=text,
                  rows=[[text.splitlines()[0]]])
    assert limesurvey.matches(probe)
    assert not any(m.matches(probe) for m in SURVEY_READERS if m is not limesurvey)


def test_limesurvey_short_row_is_rejected_not_padded(tmp_path):
    path = tmp_path / "results-survey1.csv"
    path.write_bytes(b'\xef\xbb\xbf"id";"submitdate";"lastpage";"startlanguage";"G1"\r\n'
                     b'"1";"";"1";"en";"a"\r\n"2";"";"1"\r\n')
    t = limesurvey.read(path)
    assert t.frame["id"].tolist() == ["1"]
    assert [(r.row, "3 fields" in r.reason) for r in t.rejected] == [(3, True)]


# --- SPSS --------------------------------------------------------------------------------------

def test_spss_fixture(tmp_path):
    t = spss.read(w.write_spss(tmp_path))
    assert_all_strings(t)
    f = t.frame
    assert f["ResponseId"].tolist() == ["00123", "00456", "00789"]
    assert f["Q1"].tolist() == ["Very dissatisfied", "Very satisfied", "Neutral"]
    assert f["gender"].tolist() == ["Female", "Male", ""]  # 99 is user-missing
    assert f["age"].tolist() == ["34", "51.5", ""]
    assert f["Q2_TEXT"].tolist() == ["Love the support team", "N/A", ""]
    assert t.questions["Q1"] == "How satisfied are you?"
    h = t.hints
    assert h.id_col == "ResponseId" and h.text_cols == ["Q2_TEXT"]
    assert h.choice_cols == ["Q1", "gender"] and h.numeric_cols == ["age"]


def test_spss_dates_and_string_user_missing(tmp_path):
    import datetime as dt

    import pyreadstat

    df = pd.DataFrame({"id": ["a", "b"], "when": [dt.datetime(2024, 1, 2, 3, 4, 5), pd.NaT],
                       "note": ["fine", "NA"]})
    path = tmp_path / "dates.sav"
    pyreadstat.write_sav(df, str(path), missing_ranges={"note": ["NA"]})
    t = spss.read(path)
    assert t.frame["when"].tolist() == ["2024-01-02 03:04:05", ""]
    assert t.frame["note"].tolist() == ["fine", ""]
    assert t.hints.time_col == "when" and t.hints.id_col == "id" and t.hints.text_cols == ["note"]


def test_spss_real_sample():
    t = spss.read(shared_file("formats", "spss", "survey.sav"))
    assert_all_strings(t)
    assert t.frame["Q1"].tolist()[0] == "Very dissatisfied"
    assert t.frame["gender"].tolist() == ["Female", "Male", ""]
    assert t.questions["Q2_TEXT"] == "Why?" and t.rows_in == 3


def test_spss_garbage_is_a_clear_error(tmp_path):
    path = tmp_path / "x.sav"
    path.write_bytes(b"$FL2 not really spss")
    with pytest.raises(UnreadableFileError, match="SPSS"):
        spss.read(path)


def test_roles_find_the_open_ended_typeform_questions():
    """hints.text_cols is read as the complete list, so Typeform leaves it empty for the roles step."""
    from feedback_seg.ingest import roles  # noqa: PLC0415
    t = typeform.read(shared_file("osmi", "osmi_2017.csv"))
    r = roles.assign_roles(t)
    assert {"Why or why not?", "Why or why not? (2)"} <= set(r.text_cols)
    assert r.id_col == "#" and "Network ID" in r.dropped_cols
