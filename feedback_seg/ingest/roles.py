"""Column roles: which columns are open-ended text, the respondent id, the timestamp, the channel,
and which are kept as respondent attributes. Readers give hints; the user overrides everything."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ColumnError, InputError
from .columns import duplicate_headers, key_reason, multiselect_of, technical_reason
from .table import RawTable

ID_NAMES = re.compile(r"^(#|id|respondent ?id|response ?id|responseid|customer[ _]?id|user[ _]?id|"
                      r"author[ _]?id|requester[ _]?id|participant[ _]?id|externalreference|"
                      r"external[ _]?reference|record ?id|tweet[ _]?id|ticket[ _]?id)$", re.I)
TIME_NAMES = re.compile(r"(timestamp|date|time|created|submitted|recorded)", re.I)
CHANNEL_NAMES = re.compile(r"^(channel|source|medium|via)$", re.I)
PII_NAMES = re.compile(r"(ip ?address|^ip$|latitude|longitude|e-?mail|recipient(first|last)name|"
                       r"first ?name|last ?name|^name$|phone|network ?id)", re.I)
SYSTEM_NAMES = re.compile(r"^(status|progress|finished|distributionchannel|userlanguage|"
                          r"duration.*|startdate|enddate|start date.*|end date.*|seed|lastpage|"
                          r"startlanguage|submit date.*|stage date.*)$", re.I)


@dataclass
class Roles:
    text_cols: list[str]
    id_col: str | None = None
    record_col: str | None = None
    time_col: str | None = None
    channel: str = "survey"
    channel_col: str | None = None
    attribute_cols: list[str] = field(default_factory=list)
    dropped_cols: list[str] = field(default_factory=list)
    # instrument columns (row index, timings, ids, language codes, stamps...): not kept, not profiled
    technical_cols: list[str] = field(default_factory=list)
    technical_reasons: dict[str, str] = field(default_factory=dict)
    # opaque codes per person besides the id (panel / CRM references): kept on the respondent so
    # other files can be joined on them, never profiled, never segmentation inputs
    key_cols: list[str] = field(default_factory=list)
    key_reasons: dict[str, str] = field(default_factory=dict)
    multiselect_cols: dict[str, str] = field(default_factory=dict)    # column -> delimiter
    duplicate_cols: dict[str, dict] = field(default_factory=dict)     # column -> name, repeats, follows
    harmonise: dict[str, dict] = field(default_factory=dict)          # column -> {raw: canonical} overrides

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class RoleOverrides:
    text_cols: list[str] | None = None
    id_col: str | None = None
    time_col: str | None = None
    channel: str | None = None
    attribute_cols: list[str] | None = None
    drop_cols: list[str] | None = None
    technical_cols: list[str] | None = None   # force these columns technical
    keep_cols: list[str] | None = None        # keep these as attributes even if they look technical
    key_cols: list[str] | None = None         # keep these as join keys (stored, never profiled)
    harmonise: dict[str, dict] | None = None  # column -> {raw value: canonical level} (profiling)

    @classmethod
    def from_file(cls, path: str | Path) -> "RoleOverrides":
        """A mapping file (JSON or YAML) with any of the field names above."""
        import yaml  # noqa: PLC0415

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"{path}: cannot read the mapping file: {exc}") from exc
        if not isinstance(data, dict):
            raise InputError(f"{path}: a mapping file holds keys such as text_cols, id_col, time_col")
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise InputError(f"{path}: unknown keys {sorted(unknown)}; allowed: {sorted(cls.__dataclass_fields__)}")
        for key in ("text_cols", "attribute_cols", "drop_cols", "technical_cols", "keep_cols", "key_cols"):
            if isinstance(data.get(key), str):
                data[key] = [data[key]]
        return cls(**data)


def text_score(values: pd.Series) -> float:
    """How much a column looks like open-ended text (0 = not at all)."""
    v = values[values.str.strip() != ""]
    if len(v) == 0:
        return 0.0
    sample = v.head(2000)
    words = sample.str.split().str.len()
    numeric = pd.to_numeric(sample.str.replace(",", ".", regex=False), errors="coerce").notna().mean()
    if numeric > 0.5:
        return 0.0
    if sample.str.match(r"^(https?://|\S+@\S+\.\w+$)").mean() > 0.5:
        return 0.0
    if _date_share(sample) > 0.8:
        return 0.0
    distinct = sample.nunique() / len(sample)
    mean_words = float(words.mean())
    if mean_words >= 6:   # long answers are open-ended even when some repeat
        return mean_words * max(distinct, 0.5)
    if mean_words < 3 or (distinct < 0.3 and len(sample) > 20):
        return 0.0
    return mean_words * distinct


def _date_share(sample: pd.Series) -> float:
    if sample.str.len().mean() > 40 or sample.str.count(r"\d").mean() < 4:
        return 0.0
    parsed = pd.to_datetime(sample.head(200), errors="coerce", format="mixed")
    return float(parsed.notna().mean())


OPEN_CUE = re.compile(r"\b(what|why|how|any|please|describe|tell|comments?|feedback|suggest\w*|improve\w*|"
                      r"explain|free[ -]?text|open[ -]?ended|anything)\b", re.I)


def _question_cued(frame: pd.DataFrame, questions: dict, skip: set) -> list[str]:
    """Small files: short answers under a header that asks an open question."""
    out = []
    for col in frame.columns:
        if col in skip:
            continue
        v = frame[col][frame[col].str.strip() != ""]
        if v.empty or pd.to_numeric(v, errors="coerce").notna().mean() > 0.5 or _date_share(v) > 0.8:
            continue
        cue = OPEN_CUE.search(str(col)) or OPEN_CUE.search(str(questions.get(col, "")))
        if cue and v.str.split().str.len().mean() >= 2:
            out.append(col)
    return out


def _pick_id(frame: pd.DataFrame) -> str | None:
    for col in frame.columns:
        if ID_NAMES.match(str(col).strip()):
            return col
    return None


def _pick_time(frame: pd.DataFrame, exclude: set[str]) -> str | None:
    for col in frame.columns:
        if col in exclude or not TIME_NAMES.search(str(col)):
            continue
        sample = frame[col][frame[col] != ""].head(200)
        if len(sample) and _date_share(sample) > 0.8:
            return col
    return None


def _require(frame: pd.DataFrame, cols: list[str], what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ColumnError(f"{what}: column(s) {missing} not found; columns are: "
                          + ", ".join(map(str, frame.columns[:40])))


def _key_as_id(frame: pd.DataFrame, keys: dict[str, str]) -> str | None:
    """With no id column, a key filled and distinct on every row identifies the respondent
    (one named as an id first)."""
    whole = [c for c in keys if (frame[c].str.strip() != "").all() and frame[c].str.strip().is_unique]
    named = [c for c in whole if keys[c] != "per-person code"]
    return (named or whole or [None])[0]


def assign_roles(table: RawTable, overrides: RoleOverrides | None = None) -> Roles:
    """Decide every column's role: overrides > reader hints > detection."""
    o = overrides or RoleOverrides()
    frame, hints = table.frame, table.hints
    cols = list(frame.columns)
    for name, value in (("--id-col", o.id_col), ("--time-col", o.time_col)):
        if value:
            _require(frame, [value], name)
    if o.text_cols:
        _require(frame, o.text_cols, "--text-col")

    dropped = set(hints.drop_cols) | set(o.drop_cols or [])
    dropped |= {c for c in cols if PII_NAMES.search(str(c)) or SYSTEM_NAMES.match(str(c).strip())}
    id_col = o.id_col or hints.id_col or _pick_id(frame)
    record_col = hints.record_col if hints.record_col != id_col else None
    time_col = o.time_col or hints.time_col or _pick_time(frame, {id_col, record_col})
    channel_col = hints.channel_col
    if channel_col is None:
        channel_col = next((c for c in cols if CHANNEL_NAMES.match(str(c).strip())), None)
    fixed = {id_col, record_col, time_col, channel_col} - {None}
    chosen = set(o.text_cols or []) | set(o.attribute_cols or []) | set(o.keep_cols or [])
    dropped -= fixed | chosen
    for name, value in (("technical_cols", o.technical_cols), ("keep_cols", o.keep_cols),
                        ("key_cols", o.key_cols)):
        if value:
            _require(frame, value, name)
    multi = {} if o.text_cols else {
        c: m.delimiter for c in cols if c not in fixed | dropped and (m := multiselect_of(frame[c]))}
    reasons = {c: "set by the mapping" for c in o.technical_cols or []}
    key_why = {c: "set by the mapping" for c in o.key_cols or [] if c not in fixed}
    for c in cols:
        if c in fixed | dropped | chosen | set(reasons) | set(key_why) | set(multi) | set(hints.text_cols):
            continue
        if text_score(frame[c]) >= 2.0:
            continue
        why = technical_reason(c, frame[c])
        if why:
            reasons[c] = why
        elif key := key_reason(c, frame[c]):
            key_why[c] = key
    if id_col is None and record_col is None:
        id_col = _key_as_id(frame, key_why)
        if id_col:
            fixed.add(id_col)
            key_why.pop(id_col)
    technical = set(reasons) - fixed

    if o.text_cols:
        text_cols = list(o.text_cols)
    elif hints.text_cols:
        text_cols = [c for c in hints.text_cols if c in cols]
    else:
        skip = fixed | dropped | set(hints.choice_cols) | technical | set(multi) | set(key_why)
        scores = {c: text_score(frame[c]) for c in cols if c not in skip}
        text_cols = [c for c, s in scores.items() if s >= 2.0]
        if not text_cols:
            text_cols = _question_cued(frame, table.questions, skip)
    technical -= set(text_cols)
    multi = {c: d for c, d in multi.items() if c not in text_cols}
    if not text_cols and len(frame) == 0:   # every row rejected: nothing to map, report the rejections
        return Roles(text_cols=[], id_col=id_col, record_col=record_col, time_col=time_col,
                     channel=o.channel or hints.channel or "survey", dropped_cols=sorted(dropped))
    if not text_cols:
        raise ColumnError("no open-ended text column found; name it with --text-col "
                          f"(columns: {', '.join(map(str, cols[:40]))})")
    key_why = {c: why for c, why in key_why.items() if c not in text_cols}
    attrs = [c for c in cols if c not in set(text_cols) | fixed | dropped | technical | set(key_why)]
    if o.attribute_cols is not None:
        _require(frame, o.attribute_cols, "attribute_cols")
        attrs = list(o.attribute_cols)
        technical -= set(attrs)
        key_why = {c: why for c, why in key_why.items() if c not in attrs}
    technical_cols = [c for c in cols if c in technical]
    return Roles(text_cols=text_cols, id_col=id_col, record_col=record_col, time_col=time_col,
                 channel=o.channel or hints.channel or "survey", channel_col=channel_col,
                 attribute_cols=attrs, dropped_cols=sorted(dropped, key=cols.index),
                 technical_cols=technical_cols,
                 technical_reasons={c: reasons[c] for c in technical_cols},
                 key_cols=[c for c in cols if c in key_why], key_reasons={c: key_why[c] for c in cols if c in key_why},
                 multiselect_cols={c: d for c, d in multi.items() if c in attrs},
                 duplicate_cols=duplicate_headers(cols), harmonise=dict(o.harmonise or {}))


def roles_json(roles: Roles) -> str:
    return json.dumps(roles.to_dict())
