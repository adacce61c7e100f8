"""The README cannot drift from the code: every command and every rule is documented."""

from __future__ import annotations

from pathlib import Path

from generator.cli import COMMANDS
from generator.rules import RULES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name, _ in COMMANDS if f"tna {name}" not in README]
    assert missing == []


def test_every_rule_id_is_in_the_readme() -> None:
    missing = [rule.ID for rule in RULES if f"`{rule.ID}`" not in README]
    assert missing == []


def test_readme_shows_the_two_commands_first() -> None:
    first_block = README.split("```")[1]
    assert "make site" in first_block and "make test" in first_block
