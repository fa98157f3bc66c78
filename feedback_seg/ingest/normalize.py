"""A read table plus its roles -> respondents and items, accounting for every row."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import pandas as pd

from .roles import Roles
from .table import RawTable, Rejected


@dataclass
class Normalized:
    respondents: pd.DataFrame   # external_id, attributes (dict), id_generated
    items: pd.DataFrame         # external_id, record_key, field, question, channel, timestamp, raw_text, row_number
    rows_in: int
    imported: int
    rejected: list[Rejected]
    warnings: list[str] = field(default_factory=list)
    empty_texts: int = 0


def parse_times(values: pd.Series) -> pd.Series:
    """Lenient timestamps (ISO, US M/D/Y, Twitter's 'Tue Apr 16 ... +0000 2024', epoch seconds)."""
    v = values.fillna("").astype(str)
    out = pd.Series(pd.NaT, index=v.index, dtype="datetime64[ns]")
    numeric = v.str.fullmatch(r"\d{9,11}(\.\d+)?")
    if numeric.any():
        out[numeric] = pd.to_datetime(v[numeric].astype(float), unit="s", errors="coerce")
    rest = ~numeric & (v.str.strip() != "")
    if rest.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = pd.to_datetime(v[rest].str.replace(r"\s+UTC$", "", regex=True),
                                    errors="coerce", format="mixed", utc=True)
        out[rest] = parsed.dt.tz_convert(None).astype("datetime64[ns]")
    return out


CODE_LIKE = re.compile(r"^(Q|QID|q)?\d+([_.\-]\w+)*$|^[A-Za-z]{1,4}\d+[A-Za-z0-9_\[\]#]*$")


def attribute_names(cols: list[str], questions: dict, duplicates: dict | None = None) -> dict[str, str]:
    """Readable attribute names: a code-like column (``Q3``, ``G01Q02``) takes its question text;
    a repeated header (``Why or why not?.1``) is named after its question with a suffix."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in cols:
        name = str(col)
        q = str(questions.get(col, "") or "").strip()
        if duplicates and col in duplicates:
            name = duplicates[col]["name"]
        elif CODE_LIKE.match(name) and q and q != name:
            name = q if len(q) <= 120 else q[:117] + "..."
            if name in used:
                name = f"{name} [{col}]"
        used.add(name)
        out[col] = name
    return out


def question_of(col, questions: dict, duplicates: dict | None = None) -> str:
    """An item's question; a repeated header says which question it follows."""
    q = str(questions.get(col, col))
    dup = (duplicates or {}).get(col)
    if dup and q in (str(col), dup["repeats"]):
        q = dup["name"] + (f" — after: {dup['follows']}" if dup.get("follows") else "")
    return q


def _generated_id(stem: str, row: int) -> str:
    return f"gen:{re.sub(r'[^A-Za-z0-9_.-]', '_', stem)[:40]}:{row}"


def normalize(table: RawTable, roles: Roles, source_stem: str = "file") -> Normalized:
    """Turn rows into respondents and items. Duplicate records are rejected, never merged silently."""
    frame = table.frame
    rejected = list(table.rejected)
    warns = list(table.warnings)
    if len(frame) == 0:
        return Normalized(respondents=pd.DataFrame(columns=["external_id", "attributes", "id_generated"]),
                          items=pd.DataFrame(), rows_in=table.rows_in, imported=0,
                          rejected=sorted(rejected, key=lambda r: r.row), warnings=warns)
    rows = table.row_numbers
    if roles.id_col:
        ids = frame[roles.id_col].astype(str).str.strip()
    elif roles.record_col:   # one record per person (e.g. posts without an author id)
        ids = frame[roles.record_col].astype(str).str.strip()
    else:
        ids = pd.Series([""] * len(frame))
    gen_mask = ids == ""
    if gen_mask.any():
        ids = ids.copy()
        ids[gen_mask] = [_generated_id(source_stem, rows[i]) for i in range(len(frame)) if gen_mask.iloc[i]]
        warns.append(f"{int(gen_mask.sum())} row(s) without a respondent id got generated ids (gen:...)")
    ids = ids.reset_index(drop=True)
    rec = (frame[roles.record_col].astype(str).str.strip().reset_index(drop=True)
           if roles.record_col else ids)
    rec = rec.where(rec != "", ids)
    times = parse_times(frame[roles.time_col]).reset_index(drop=True) if roles.time_col else None
    if times is not None:
        bad = int(((frame[roles.time_col].reset_index(drop=True) != "") & times.isna()).sum())
        if bad:
            warns.append(f"{bad} value(s) in {roles.time_col!r} are not dates; kept without a timestamp")
    channels = (frame[roles.channel_col].astype(str).reset_index(drop=True)
                if roles.channel_col else None)

    first_seen: dict[str, int] = {}
    resp_attrs: dict[str, dict] = {}
    resp_gen: dict[str, bool] = {}
    items, keep = [], 0
    empty = 0
    kept = list(roles.attribute_cols) + [c for c in roles.key_cols if c not in roles.attribute_cols]
    attr_frame = frame[kept].reset_index(drop=True) if kept else None   # keys stay, for joins
    if attr_frame is not None:
        names = attribute_names(kept, table.questions, roles.duplicate_cols)
        attr_frame.columns = [names[c] for c in kept]
    text_frame = frame[roles.text_cols].reset_index(drop=True)
    questions = {col: question_of(col, table.questions, roles.duplicate_cols) for col in roles.text_cols}
    for i in range(len(frame)):
        key = rec.iloc[i]
        if key in first_seen:
            what = "record" if roles.record_col else "respondent id"
            rejected.append(Rejected(rows[i], f"duplicate {what} {key!r} (first on row {first_seen[key]})"))
            continue
        first_seen[key] = rows[i]
        keep += 1
        rid = ids.iloc[i]
        attrs = resp_attrs.setdefault(rid, {})
        resp_gen[rid] = bool(gen_mask.iloc[i])
        if attr_frame is not None:
            for col, val in attr_frame.iloc[i].items():
                if val != "":
                    attrs[str(col)] = val
        ts = times.iloc[i] if times is not None else None
        ch = channels.iloc[i] if channels is not None and channels.iloc[i] else roles.channel
        for col in roles.text_cols:
            text = text_frame.at[i, col]
            if not isinstance(text, str) or not text.strip():
                empty += 1
                continue
            items.append({"external_id": rid, "record_key": key, "field": str(col),
                          "question": questions[col], "channel": ch,
                          "timestamp": None if ts is None or pd.isna(ts) else ts.to_pydatetime(),
                          "raw_text": text, "row_number": rows[i]})
    respondents = pd.DataFrame({"external_id": list(resp_attrs),
                                "attributes": list(resp_attrs.values()),
                                "id_generated": [resp_gen[r] for r in resp_attrs]})
    return Normalized(respondents=respondents, items=pd.DataFrame(items), rows_in=table.rows_in,
                      imported=keep, rejected=sorted(rejected, key=lambda r: r.row), warnings=warns,
                      empty_texts=empty)
