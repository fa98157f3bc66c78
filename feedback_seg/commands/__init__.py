"""CLI commands, grouped by concern; each module adds its commands to the group.
Installed plug-ins add more through the ``feedback_seg.commands`` entry-point group (the web UI
adds ``serve`` that way, so this package never imports the web layer)."""
from __future__ import annotations


def register(cli, emit, json_option, engine_of) -> None:
    from . import (admin_cmds, ask_cmds, ingest_cmds, insight_cmds, loop_cmds, report_cmds,  # noqa: PLC0415
                   segment_cmds)

    for module in (ingest_cmds, segment_cmds, ask_cmds, insight_cmds, report_cmds, loop_cmds, admin_cmds):
        module.register(cli, emit, json_option, engine_of)
    admin_cmds.load_plugins(cli)
