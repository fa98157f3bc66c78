"""CLI commands, grouped by concern; each module adds its commands to the group."""
from __future__ import annotations


def register(cli, emit, json_option, engine_of) -> None:
    from . import ingest_cmds  # noqa: PLC0415

    for module in (ingest_cmds,):
        module.register(cli, emit, json_option, engine_of)
