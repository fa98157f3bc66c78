"""The docs keep up with the code: every CLI command is in the README's reference."""
from __future__ import annotations

from pathlib import Path

from feedback_seg.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    missing = [name for name, cmd in cli.commands.items()
               if not cmd.hidden and f"feedback-seg {name}" not in README and f"`{name}" not in README]
    assert missing == []


def test_readme_starts_with_the_two_commands():
    head = README[:1500]
    assert "make demo" in head and "make test" in head
