"""SPSS ``.sav`` / ``.zsav`` via pyreadstat (FORMATS.md 2.8).

Variable labels become the question text, value labels replace choice codes, and user-missing
codes (read with ``user_missing=True``) inside the file's ``missing_ranges`` become missing
(``""``) — so "99 = Prefer not to say" declared missing is not a category. Numbers are written
without a spurious ``.0``; string variables are kept as they are (``00123`` stays ``00123``).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ...errors import UnreadableFileError
from ..table import Probe, RawTable, RoleHints
from ._savcheck import check_dictionary

FORMAT = "spss"

_MAGIC = (b"$FL2", b"$FL3")
_ID_NAMES = ("responseid", "respondentid", "respondent_id", "response_id", "id", "respid", "caseid")
_TIME_NAMES = ("recordeddate", "enddate", "submitdate", "datestamp", "end date", "completion time")
_DROP_NAMES = {"ipaddress", "ipaddr", "ip address", "locationlatitude", "locationlongitude",
               "locationaccuracy", "recipientlastname", "recipientfirstname", "recipientemail",
               "emailaddress", "email", "email address", "first name", "last name", "firstname",
               "lastname", "network id", "networkid"}


def matches(probe: Probe) -> bool:
    """A ``.sav``/``.zsav`` name or the SPSS magic bytes."""
    return probe.suffix in (".sav", ".zsav") or probe.head_bytes[:4] in _MAGIC


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _is_missing(value, ranges: list[dict]) -> bool:
    if isinstance(value, str) or value is None:
        return any(value == r.get("lo") for r in ranges)
    try:
        return any(r["lo"] <= value <= r["hi"] for r in ranges)
    except TypeError:
        return False


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    """Read an SPSS file: labels applied, user-missing codes turned into missing."""
    import pyreadstat  # noqa: PLC0415 - only when a .sav is read

    path = Path(path)
    try:
        check_dictionary(path.read_bytes())
    except ValueError as exc:   # ReadStat would crash on it, or at best misread it
        raise UnreadableFileError(f"{path.name}: cannot read as SPSS: malformed dictionary: {exc}") from exc
    try:
        df, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False,
                                       encoding=encoding)
    except Exception as exc:  # pyreadstat raises its own ReadstatError and OSError types
        raise UnreadableFileError(f"{path.name}: cannot read as SPSS: {exc}") from exc
    missing = meta.missing_ranges or {}
    value_labels = meta.variable_value_labels or {}
    frame = pd.DataFrame(index=range(len(df)))
    for col in df.columns:
        ranges, labels = missing.get(col, []), value_labels.get(col, {})
        cells = []
        for v in df[col].tolist():
            if _is_missing(v, ranges):
                cells.append("")
            elif labels and v in labels:
                cells.append(str(labels[v]))
            else:
                cells.append(_text(v))
        frame[col] = pd.Series(cells, dtype=object)
    questions = {c: (meta.column_names_to_labels or {}).get(c) or c for c in frame.columns}
    dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])
             or str((meta.original_variable_types or {}).get(c, "")).upper().startswith(("DATE", "ADATE", "EDATE"))]
    hints = _hints(list(frame.columns), meta, value_labels, dates)
    n = len(frame)
    return RawTable(format=FORMAT, frame=frame, row_numbers=list(range(1, n + 1)), rows_in=n,
                    questions=questions, hints=hints,
                    meta={"encoding": meta.file_encoding, "measure": dict(meta.variable_measure or {}),
                          "value_labels": value_labels, "missing_ranges": missing}).check()


def _hints(cols: list[str], meta, value_labels: dict, dates: list[str]) -> RoleHints:
    lower = {c.lower(): c for c in cols}
    types = meta.readstat_variable_types or {}
    measure = meta.variable_measure or {}
    id_col = next((lower[n] for n in _ID_NAMES if n in lower), None)
    time_col = next((lower[n] for n in _TIME_NAMES if n in lower), None) or next(iter(dates), None)
    drop = [c for c in cols if c.lower() in _DROP_NAMES]
    text = [c for c in cols if types.get(c) == "string" and c not in value_labels
            and c not in (id_col, time_col) and c not in drop]
    choice = [c for c in cols if c in value_labels and c not in drop]
    numeric = [c for c in cols if types.get(c) in ("double", "float", "int32", "int16", "int8")
               and c not in value_labels and measure.get(c) == "scale" and c not in dates
               and c not in (id_col, time_col)]
    return RoleHints(id_col=id_col, time_col=time_col, channel="survey", text_cols=text,
                     choice_cols=choice, drop_cols=drop, numeric_cols=numeric)
