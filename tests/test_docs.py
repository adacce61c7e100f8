"""The README cannot drift from the code: every command, rule, option and make target is documented
(its examples run in tests/test_readme.py)."""

from __future__ import annotations

import re
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


def _synopsis(name: str) -> str:
    """The ```text block of the README that shows ``tna NAME``'s synopsis."""
    for block in README.split("```text\n")[1:]:
        text = block.split("```")[0]
        if text.startswith(f"tna {name} "):
            return text
    raise AssertionError(f"pas de synopsis de tna {name} dans le README")


def _options(name: str) -> set[str]:
    """The options ``tna NAME --help`` shows (French names; the English aliases are hidden)."""
    import argparse

    from generator.cli import build_parser
    from generator.commands.arguments import ENGLISH_ALIASES

    parser = build_parser([name])  # only the command named on the line declares its options
    subparsers = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return {option for action in subparsers.choices[name]._actions for option in action.option_strings
            if option.startswith("--") and option != "--help" and option not in ENGLISH_ALIASES}


def test_the_full_synopses_of_check_pr_from_issue_validate_and_build_match_the_parsers() -> None:
    for name in ("check-pr", "from-issue", "validate", "build"):
        shown = set(re.findall(r"--[a-z][a-z-]*", _synopsis(name)))
        assert shown == _options(name), name


def test_the_readme_uses_no_english_option_alias() -> None:
    from generator.commands.arguments import ENGLISH_ALIASES

    for line in README.splitlines():
        if "tna " in line and "|" not in line:
            used = [alias for alias in ENGLISH_ALIASES if re.search(rf"{re.escape(alias)}(?![\w-])", line)]
            assert used == [], line


def test_make_help_lists_every_target_of_the_makefile() -> None:
    import subprocess

    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")
    phony = makefile.split(".PHONY:")[1].split("\n")[0].split()
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=Path(__file__).resolve().parent.parent,
                            capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    assert sorted(line.split()[1] for line in listed.splitlines()) == sorted(phony)
