"""Exports of a run: segments, profiles, assignments — CSV, XLSX, Parquet, JSON.

Text cells that start with ``= + - @``, a tab, CR, NUL or a full-width ``＝`` are prefixed with ``'``
so spreadsheets never run them as formulas; typed numeric columns stay numeric. XLSX strings are
written as strings, never formulas.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from .errors import InputError
from .queries import assignments, list_segments, run_manifest

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")
FORMATS = ("csv", "xlsx", "parquet", "json")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def run_tables(engine: Engine, run_id: int) -> dict[str, pd.DataFrame]:
    segs = list_segments(engine, run_id)
    seg_df = pd.DataFrame([{"key": s["key"], "name": s["name"], "auto_name": s["auto_name"],
                            "size": s["size"], "share": s["share"], "keywords": ", ".join(s["keywords"]),
                            "quotes": " | ".join(q["text"] for q in s["quotes"])} for s in segs])
    prof_rows = []
    for s in segs:
        for attr, block in (s["profile"].get("attributes") or {}).items():
            test = block.get("test") or {}
            for row in block.get("rows", []):
                prof_rows.append({"segment": s["name"], "key": s["key"], "attribute": attr,
                                  **{k: v for k, v in row.items() if not isinstance(v, (dict, list))},
                                  "p_adj": test.get("p_adj"), "significant": test.get("significant")})
    return {"segments": seg_df, "profiles": pd.DataFrame(prof_rows),
            "assignments": pd.DataFrame(assignments(engine, run_id)).drop(columns=["respondent_id"], errors="ignore")}


def export_run(engine: Engine, run_id: int, fmt: str, out: str | Path) -> list[str]:
    """Write the run's tables to ``out`` (a folder for csv/parquet, a file for xlsx/json)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    tables = {k: safe_frame(v) for k, v in run_tables(engine, run_id).items()}
    out = Path(out)
    if fmt in ("csv", "parquet"):
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, df in tables.items():
            p = out / f"run{run_id}_{name}.{fmt}"
            df.to_csv(p, index=False) if fmt == "csv" else df.to_parquet(p, index=False)
            paths.append(str(p))
        return paths
    if fmt == "json":
        payload = {"manifest": run_manifest(engine, run_id),
                   **{k: json.loads(v.to_json(orient="records")) for k, v in tables.items()}}
        out.write_text(json.dumps(payload, ensure_ascii=False, default=str, indent=1), encoding="utf-8")
        return [str(out)]
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        for name, df in tables.items():
            df.to_excel(xw, sheet_name=name, index=False)
    _force_strings(out)
    return [str(out)]


def _force_strings(path: Path) -> None:
    """openpyxl guesses '=...' strings as formulas; mark every text cell as a plain string."""
    import openpyxl  # noqa: PLC0415

    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.value = "'" + str(cell.value)
                    cell.data_type = "s"
    wb.save(path)
