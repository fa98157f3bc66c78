"""Reddit "request your data" export: ``comments.csv`` (``id,permalink,date,ip,subreddit,...,body``)
and ``posts.csv`` (``...,title,url,body``). One person's data, so no per-row author; the ``ip``
column is dropped; ``[deleted]`` / ``[removed]`` comment bodies are rejected."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..decode import read_grid
from ..table import Probe, RawTable, Rejected, RoleHints
from ._table import grid_to_table

FORMAT = "reddit_gdpr"
HEAD = ["id", "permalink", "date", "ip", "subreddit"]
GONE = {"[deleted]", "[removed]"}


def matches(probe: Probe) -> bool:
    header = [c.strip().lower() for c in (probe.rows or [[]])[0]]
    return header[:5] == HEAD and "body" in header


def read(path: Path, *, encoding: str | None = None) -> RawTable:
    table = grid_to_table(read_grid(Path(path), encoding), FORMAT, sniff=False)
    frame = table.frame
    posts = "title" in frame.columns
    if not posts and "body" in frame.columns and len(frame):
        gone = frame["body"].str.strip().isin(GONE).to_list()
        nums = table.row_numbers
        table.rejected += [Rejected(n, f"line {n}: body is {b.strip()}")
                           for n, b, g in zip(nums, frame["body"], gone) if g]
        keep = [not g for g in gone]
        table.frame = frame[pd.Series(keep, index=frame.index)].reset_index(drop=True)
        table.row_numbers = [n for n, k in zip(nums, keep) if k]
    table.hints = RoleHints(record_col="id", time_col="date", channel="social",
                            text_cols=["title", "body"] if posts else ["body"], drop_cols=["ip"])
    table.meta["kind"] = "posts" if posts else "comments"
    return table.check()
