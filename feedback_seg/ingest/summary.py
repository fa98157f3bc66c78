"""What the upload preview says about a read table and its roles: each column's kind (technical
with its reason, multi-select, ordered scale, category with harmonised spellings, repeated
header), the candidate attitude inputs for segmentation, and an account of every row."""
from __future__ import annotations

import re

import pandas as pd

from .columns import describe_column, is_attitude
from .roles import Roles
from .table import RawTable

# Columns about who people are (or their company) profile segments; they never form them.
DEMOGRAPHIC = re.compile(r"\b(age|gender|sex|country|state|territory|city|region|county|zip|post ?code|race|"
                         r"ethnic\w*|income|salary|education|degree|employ\w*|occupation|job|role|position|"
                         r"company size|employees|organi[sz]ation size|industry|marital|children|religio\w*|"
                         r"party|language|nationality|household)\b", re.I)
MAX_HARMONISED_SHOWN = 12


def is_demographic(name) -> bool:
    return bool(DEMOGRAPHIC.search(re.sub(r"<[^>]+>", " ", str(name))))


def column_details(table: RawTable, roles: Roles | dict | None) -> dict[str, dict]:
    """Column -> ``kind`` plus details, for every column the roles keep as an attribute or
    mark technical (others: just their repeated-header flag)."""
    r = roles.to_dict() if isinstance(roles, Roles) else (roles or {})
    out: dict[str, dict] = {}
    dups = r.get("duplicate_cols") or {}
    for col in table.frame.columns:
        info: dict = {}
        if col in dups:
            info["duplicate"] = dups[col]
        if col in (r.get("technical_reasons") or {}):
            info.update(kind="technical", reason=r["technical_reasons"][col])
        elif col in (r.get("key_reasons") or {}):
            info.update(kind="key", reason=r["key_reasons"][col])
        elif col in (r.get("attribute_cols") or []):
            desc = describe_column(col, table.frame[col])
            if desc["kind"] in ("technical", "key"):   # kept by the user: describe what it holds instead
                desc = {"kind": "categorical"}
            if desc.get("harmonised"):
                items = list(desc["harmonised"].items())
                desc["harmonised"] = dict(items[:MAX_HARMONISED_SHOWN])
                desc["harmonised_more"] = max(0, len(items) - MAX_HARMONISED_SHOWN)
            info.update(desc)
            info["candidate_input"] = is_attitude(desc) and not is_demographic(col)
        out[str(col)] = info
    return out


def accounting(table: RawTable, roles: Roles | dict | None) -> dict:
    """Every row of the file: rejected, or read — and of those, with an open answer or without."""
    r = roles.to_dict() if isinstance(roles, Roles) else (roles or {})
    frame = table.frame
    text_cols = [c for c in r.get("text_cols") or [] if c in frame.columns]
    if text_cols:
        has_text = frame[text_cols].apply(lambda s: s.astype(str).str.strip() != "").any(axis=1)
        with_text = int(has_text.sum())
    else:
        with_text = 0
    return {"rows_in": int(table.rows_in), "rejected": len(table.rejected), "read": int(len(frame)),
            "with_text": with_text, "without_text": int(len(frame)) - with_text,
            "note": ("people without an open answer are kept and counted in the base of every profile, "
                     "but segments are formed from what people wrote, so they are in no segment "
                     "(attitude inputs add to a person's words, they do not replace them)")}


def candidate_inputs(details: dict[str, dict]) -> list[str]:
    """Columns that may join the text as segmentation inputs (attitude scales, multi-selects)."""
    return [c for c, d in details.items() if d.get("candidate_input")]


def to_frame(details: dict[str, dict]) -> pd.DataFrame:  # pragma: no cover - convenience for notebooks
    return pd.DataFrame.from_dict(details, orient="index")
