"""Write small survey exports of every supported format into a folder (the project's own fixtures).

Each ``write_*`` function takes a folder and returns the path it wrote. The files reproduce the
layouts of FORMATS.md 2.1-2.8 with the awkward cases readers must survive: leading-zero ids,
"N/A" answers, embedded newlines and commas, HTML headers, a row with a wrong field count.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path


def _csv(rows: list[list[str]], delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL,
         lineterminator: str = "\r\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator).writerows(rows)
    return buf.getvalue()


def write_qualtrics(folder: Path, bad_row: bool = False) -> Path:
    """3 header rows, ImportId JSON in row 3, a leading-zero ExternalReference, an 'N/A' answer."""
    names = ["StartDate", "EndDate", "Status", "IPAddress", "RecordedDate", "ResponseId",
             "RecipientEmail", "ExternalReference", "LocationLatitude", "Q1", "Q2_TEXT", "Q3_4_TEXT"]
    labels = ["Start Date", "End Date", "Response Type", "IP Address", "Recorded Date", "Response ID",
              "Recipient Email", "External Data Reference", "Location Latitude",
              "How likely are you to recommend us?", "<b>Why</b> did you give that score?",
              "Which plan? - Other - Text"]
    imports = ["startDate", "endDate", "status", "ipAddress", "recordedDate", "_recordId",
               "recipientEmail", "externalDataReference", "locationLatitude", "QID1", "QID2_TEXT",
               "QID3_4_TEXT"]
    rows = [names, labels, [json.dumps({"ImportId": i}) for i in imports],
            ["2024-01-02 10:00:00", "2024-01-02 10:05:00", "0", "10.0.0.1", "2024-01-02 10:05:01",
             "R_abc001", "a@example.org", "00123", "47.1", "9", "Great support,\nfast answers.", ""],
            ["2024-01-03 11:00:00", "2024-01-03 11:04:00", "0", "10.0.0.2", "2024-01-03 11:04:02",
             "R_abc002", "", "00456", "47.2", "3", "N/A", "Team plan"]]
    if bad_row:
        rows.append(["2024-01-04 09:00:00", "too", "short"])
    path = folder / "qualtrics.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def write_qualtrics_xlsx(folder: Path) -> Path:
    """The Qualtrics XLSX export: the same 3 header rows in a sheet."""
    import openpyxl

    rows = list(csv.reader(io.StringIO(write_qualtrics(folder).read_text(encoding="utf-8"), newline="")))
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append([v or None for v in row])
    path = folder / "qualtrics.xlsx"
    wb.save(path)
    return path


def write_surveymonkey_cp1252(folder: Path) -> Path:
    """SurveyMonkey CSV saved by Excel on Windows: cp1252, accented answers."""
    rows = [_SM_ROW1, _SM_ROW2] + [r[:15] + ["Très bien, merci — rapide."] for r in _SM_DATA]
    path = folder / "surveymonkey_cp1252.csv"
    path.write_bytes(_csv(rows).encode("cp1252"))
    return path


def write_qualtrics_legacy(folder: Path) -> Path:
    """BOM, ``V1..V10`` tags in row 1 with a trailing comma, system names in row 2."""
    tags = [f"V{i}" for i in range(1, 11)] + ["Q1", "Q2", "LocationLatitude", ""]
    names = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress",
             "Status", "StartDate", "EndDate", "Finished", "Pick one", "Tell us more", "LocationLatitude", ""]
    data = ["R_legacy1", "Default", "Anonymous", "007", "", "1.2.3.4", "0", "2016-01-01 10:00:00",
            "2016-01-01 10:03:00", "1", "2", "Too expensive", "40.1", ""]
    path = folder / "qualtrics_legacy.csv"
    path.write_text("\ufeff" + _csv([tags, names, data]), encoding="utf-8")
    return path


_SM_ROW1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
            "First Name", "Last Name", "Custom Data 1", "How satisfied are you?",
            "Which features do you use?", "", "", "Rate each part", "", "Why?"]
_SM_ROW2 = ["", "", "", "", "", "", "", "", "", "Response", "Reports", "Dashboards",
            "Other (please specify)", "Speed", "Price", "Open-Ended Response"]
_SM_DATA = [
    ["114000000001", "431", "11/02/2024 09:15:02 AM", "11/02/2024 09:18:44 AM", "203.0.113.7", "",
     "", "", "0042", "Very satisfied", "Reports", "Dashboards", "", "Good", "Poor",
     "Fast, but billing was confusing."],
    ["114000000002", "431", "11/02/2024 10:01:10 AM", "11/02/2024 10:03:05 AM", "203.0.113.9", "",
     "", "", "", "Dissatisfied", "", "Dashboards", "Slack export", "Poor", "Good", "None"],
]


def write_surveymonkey_csv(folder: Path) -> Path:
    """2 header rows; a multi-select with 'Other (please specify)', a matrix, an open end."""
    path = folder / "surveymonkey.csv"
    path.write_text(_csv([_SM_ROW1, _SM_ROW2] + _SM_DATA), encoding="utf-8")
    return path


def write_surveymonkey_xlsx(folder: Path) -> Path:
    """The same export as XLSX: ids as numbers, dates as Excel datetimes."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(_SM_ROW1)
    ws.append([v or None for v in _SM_ROW2])
    for row in _SM_DATA:
        cells = [int(row[0]), int(row[1]), dt.datetime(2024, 11, 2, 9, 15, 2),
                 dt.datetime(2024, 11, 2, 9, 18, 44)] + [v or None for v in row[4:]]
        ws.append(cells)
    path = folder / "surveymonkey.xlsx"
    wb.save(path)
    return path


def write_typeform(folder: Path) -> Path:
    """HTML/markdown headers, two multi-selects with the same option labels, 'Other' columns."""
    head = ["#", "<strong>How old are you?</strong>", "*What could we do better?*",
            "Email", "Chat", "Phone", "Other", "Email", "Chat", "Phone", "Other",
            "What is your race?", "Other", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    rows = [
        ["0a1b2c3d4e5f60718293a4b5c6d7e8f9", "34", "Clearer pricing, please.", "Email", "", "Phone",
         "Fax", "", "", "", "", "White", "", "2024-03-01 10:02:11", "2024-03-01 10:05:40", "3f9a1c2b7d"],
        ["00ff1c3d4e5f60718293a4b5c6d7e8f9", "N/A", "Nothing", "", "Chat", "", "", "Email", "", "", "",
         "Other", "Mixed", "2024-03-01 11:20:03", "2024-03-01 11:22:59", "8e2d4f6a1b"],
    ]
    path = folder / "typeform.csv"
    path.write_text(_csv([head] + rows, lineterminator="\n"), encoding="utf-8")
    return path


def write_google_forms(folder: Path) -> Path:
    """``Timestamp`` first, e-mail collected, a checkbox question, a grid, an open end with commas."""
    rows = [["Timestamp", "Email Address", "How old are you?", "Which products do you use?",
             "Rate us [Speed]", "Rate us [Price]", "Anything else?"],
            ["3/14/2024 9:05:12", "ana@example.org", "25-34", "App, Website", "4", "2",
             "Yes, the app crashes, often."],
            ["3/14/2024 9:07:48", "ben@example.org", "45-54", "Website", "5", "3", ""],
            ["3/14/2024 9:09:01", "cy@example.org", "18-24", "App, Desktop client", "3", "3", "No"],
            ["3/14/2024 9:10:30", "di@example.org", "35-44", "Desktop client", "2", "1", "null"]]
    path = folder / "google_forms.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    return path


def write_ms_forms(folder: Path) -> Path:
    """One sheet, the five MS Forms columns, a ';'-joined multi-select with a trailing ';'."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Which features do you use?",
               "What should we improve?"])
    ws.append([1, dt.datetime(2024, 4, 2, 9, 1, 5), dt.datetime(2024, 4, 2, 9, 3, 40), "anonymous", None,
               "Reports;Dashboards;", "Faster exports; fewer clicks"])
    ws.append([2, dt.datetime(2024, 4, 2, 9, 10), dt.datetime(2024, 4, 2, 9, 12, 31), "anonymous", None,
               "Reports;", "None"])
    path = folder / "ms_forms.xlsx"
    wb.save(path)
    return path


def write_limesurvey(folder: Path, sid: int = 123456) -> Path:
    """UTF-8 BOM, every field quoted, ';', CRLF, multi-line value, blank line at the end."""
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
            "G01Q01", "G01Q02[SQ001]", "G01Q02[SQ002]", "G01Q02[SQ003]", "G01Q02[other]", "G01Q03"]
    rows = [["1", "2024-05-02 10:11:12", "2", "en", "123", "2024-05-02 10:05:00", "2024-05-02 10:11:12",
             "A2", "Y", "", "Y", "Phone; support", "I like the new\ndashboard."],
            ["2", "", "1", "de", "456", "2024-05-02 11:00:00", "2024-05-02 11:02:00",
             "A4", "", "Y", "", "", "N/A"]]
    path = folder / f"results-survey{sid}.csv"
    text = _csv([head] + rows, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n") + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def write_spss(folder: Path) -> Path:
    """Value labels, variable labels, a user-missing code (99) and a leading-zero string id."""
    import pandas as pd
    import pyreadstat

    df = pd.DataFrame({"ResponseId": ["00123", "00456", "00789"], "Q1": [1.0, 5.0, 3.0],
                       "Q2_TEXT": ["Love the support team", "N/A", ""], "age": [34.0, 51.5, float("nan")],
                       "gender": [2.0, 1.0, 99.0]})
    path = folder / "survey.sav"
    pyreadstat.write_sav(
        df, str(path),
        column_labels=["Response ID", "How satisfied are you?", "Why?", "Age in years", "Gender"],
        variable_value_labels={"Q1": {1.0: "Very dissatisfied", 3.0: "Neutral", 5.0: "Very satisfied"},
                               "gender": {1.0: "Male", 2.0: "Female", 99.0: "Prefer not to say"}},
        missing_ranges={"gender": [99.0]},
        variable_measure={"ResponseId": "nominal", "Q1": "ordinal", "Q2_TEXT": "nominal",
                          "age": "scale", "gender": "nominal"})
    return path


WRITERS = {
    "qualtrics": write_qualtrics,
    "qualtrics_legacy": write_qualtrics_legacy,
    "surveymonkey": write_surveymonkey_csv,
    "typeform": write_typeform,
    "google_forms": write_google_forms,
    "ms_forms": write_ms_forms,
    "limesurvey": write_limesurvey,
    "spss": write_spss,
}
"""Format name -> writer, one fixture per survey format."""
