"""``--json`` for every command: the flag and the one function that prints a command's result.

Kept apart from ``feedback_seg.cli`` so plug-in commands (the web UI's ``serve``) share it without
importing the CLI module that loads them.
"""
from __future__ import annotations

import json

import click


def emit(ctx: click.Context, payload: dict, human=None) -> None:
    """Print ``payload`` as JSON (``--json``) or through ``human(payload)``."""
    if (ctx.obj or {}).get("json") or human is None:
        click.echo(json.dumps(payload, default=str, ensure_ascii=False))
    else:
        human(payload)


def json_option(f):
    def callback(ctx, _param, value):
        if value:
            ctx.ensure_object(dict)["json"] = True
        return value
    return click.option("--json", "as_json", is_flag=True, expose_value=False, callback=callback,
                        help="Print one JSON object as the last line.")(f)
