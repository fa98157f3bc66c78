"""The `feedback-seg` command line: a thin shell over the service API.

Every command accepts ``--json`` and then prints one JSON object as its last line. Errors are one
clear line on stderr and a non-zero exit code, never a traceback.
"""
from __future__ import annotations

import os
import sys

import click

from . import service
from .commands.output import emit, json_option
from .commands.quiet import quiet_third_party
from .errors import FeedbackSegError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="FEEDBACK_SEG_DB", default=None,
              help="Store: an SQLite file path or a database URL (env FEEDBACK_SEG_DB).")
@click.option("-v", "--verbose", is_flag=True, help="Let third-party warnings and logs through (ONNX, transformers...).")
@click.version_option(package_name="feedback-seg")
@click.pass_context
def cli(ctx: click.Context, db: str | None, verbose: bool) -> None:
    """Psychographic segments of people from open-ended feedback."""
    quiet_third_party(verbose)
    ctx.ensure_object(dict).update(db=db, verbose=verbose)


def engine_of(ctx: click.Context):
    return service.open_store(ctx.obj.get("db"))


from .commands import register  # noqa: E402

register(cli, emit, json_option, engine_of)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning errors into one line and an exit code."""
    try:
        cli.main(args=argv, prog_name="feedback-seg", standalone_mode=False, obj={})
        return 0
    except FeedbackSegError as exc:
        click.echo(f"error {exc.code}: {exc.message}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted; work committed so far is kept and a re-run resumes", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks for users
        if os.environ.get("FEEDBACK_SEG_DEBUG"):
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (set FEEDBACK_SEG_DEBUG=1 for details)",
                   err=True)
        return 70


if __name__ == "__main__":
    sys.exit(main())
