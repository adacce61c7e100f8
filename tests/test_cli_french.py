"""No English reaches a user from argparse: help, usage and every kind of usage error, for every command;
French option names, the English ones of the first release kept as hidden aliases."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from generator.cli import COMMANDS, build_parser
from generator.commands.arguments import ENGLISH_ALIASES, french_usage_error

# Phrases that argparse prints in English (Python 3.11 to 3.13).
ENGLISH = ("usage:", "error:", "unrecognized arguments", "the following arguments", "one of the arguments",
           "not allowed with", "expected one argument", "expected at most", "expected at least", "invalid choice",
           "choose from", "value:", "ambiguous option", "could match", "show this help", "positional arguments",
           "optional arguments", "ignored explicit", "is required", "unexpected option", "can't open",
           "Did you mean", "arguments are required")

NAMES = [name for name, _ in COMMANDS]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Parse only (a command line that parses is never run here): exit code and what was printed."""
    capsys.readouterr()
    try:
        build_parser(list(argv)).parse_args(list(argv))
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out + err


def _assert_french(text: str) -> None:
    leaked = [phrase for phrase in ENGLISH if phrase.lower() in text.lower()]
    assert leaked == [], text
    shown_aliases = [alias for alias in ENGLISH_ALIASES if re.search(rf"{re.escape(alias)}(?![\w-])", text)]
    assert shown_aliases == [], text


def _subparser(name: str) -> argparse.ArgumentParser:
    parser = build_parser([name])  # only the command named on the line declares its options
    subparsers = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    chosen: argparse.ArgumentParser = subparsers.choices[name]
    return chosen


def test_top_level_help_and_errors_are_french(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], [], ["valider"], ["--bogus"]):
        code, text = _run(capsys, *argv)
        assert code in (0, 2)
        _assert_french(text)
    code, text = _run(capsys, "valdate")
    assert code == 2 and "vouliez-vous dire « validate » ?" in text


@pytest.mark.parametrize("name", NAMES)
def test_help_is_french_and_shows_only_french_option_names(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, text = _run(capsys, name, "--help")
    assert code == 0
    assert text.startswith(f"utilisation : tna {name}")
    _assert_french(text)
    if name == "check-pr":
        assert "(--auteur LOGIN | --sans-auteur)" in " ".join(text.split())


@pytest.mark.parametrize("name", NAMES)
def test_every_usage_error_of_every_option_is_french(capsys: pytest.CaptureFixture[str], name: str) -> None:
    """Unknown option, missing required arguments, and for each option: no value, a bad value,
    a value given to a flag."""
    attempts: list[list[str]] = [[name, "--bogus"], [name, "un", "deux", "trois"], [name]]
    for action in _subparser(name)._actions:
        if not action.option_strings or action.dest == "help":
            continue
        for option in action.option_strings:
            if action.nargs == 0:
                attempts.append([name, f"{option}=oui"])
            else:
                attempts.append([name, option])
                attempts.append([name, option, "31/02/2026" if action.type is not None else "zzz"])
    seen_errors = 0
    for argv in attempts:
        code, text = _run(capsys, *argv)
        _assert_french(text)
        seen_errors += code == 2 and "erreur d'utilisation" in text
    assert seen_errors >= 3


def test_check_pr_author_options_exclude_each_other_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(capsys, "check-pr", "--base", "main")
    assert code == 2
    assert text.splitlines()[-1] == ("tna check-pr : erreur d'utilisation : il faut l'une de ces options : "
                                     "--auteur ou --sans-auteur (voir --help)")
    code, text = _run(capsys, "check-pr", "--base", "main", "--author", "x", "--no-author")
    assert code == 2
    assert text.splitlines()[-1] == ("tna check-pr : erreur d'utilisation : l'option --sans-auteur "
                                     "ne peut pas être utilisée avec --auteur")
    _assert_french(text)


def test_a_flag_given_a_value_and_a_bad_number_are_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(capsys, "build", "--strict=oui")
    assert text.splitlines()[-1] == ("tna build : erreur d'utilisation : l'option --strict ne prend pas de valeur "
                                     "('oui' est de trop)")
    code, text = _run(capsys, "reminders", "--dans", "sept")
    assert text.splitlines()[-1] == ("tna reminders : erreur d'utilisation : argument --dans : « sept » "
                                     "n'est pas valide, un nombre entier est attendu")


@pytest.mark.parametrize(("english", "french"), sorted(ENGLISH_ALIASES.items()))
def test_each_english_spelling_is_a_hidden_alias_of_its_french_name(english: str, french: str) -> None:
    owners = [(name, action) for name in NAMES for action in _subparser(name)._actions
              if english in action.option_strings]
    assert owners, f"{english} n'est plus accepté par aucune commande"
    for name, action in owners:
        assert action.option_strings[0] == french, name
        assert french in action.option_strings, name


def test_english_aliases_parse_like_the_french_names(tmp_path: Path) -> None:
    parser = build_parser(["availability"])
    english = parser.parse_args(["availability", "--from", "2026-05-04", "--to", "04/06/2026", "--category", "vr",
                                 "--data", str(tmp_path), "--today", "15/04/2026"])
    french = parser.parse_args(["availability", "--du", "2026-05-04", "--au", "04/06/2026", "--categorie", "vr",
                                "--donnees", str(tmp_path), "--aujourdhui", "15/04/2026"])
    assert vars(english) == vars(french)
    parser = build_parser(["check-pr"])
    english = parser.parse_args(["check-pr", "--base", "main", "--head", "x", "--author", "a", "--bot", "b",
                                 "--repo", str(tmp_path)])
    french = parser.parse_args(["check-pr", "--base", "main", "--tete", "x", "--auteur", "a", "--robot", "b",
                                "--depot", str(tmp_path)])
    assert vars(english) == vars(french)


def test_abbreviated_options_are_refused_rather_than_guessed(capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(capsys, "validate", "--aujourd", "2026-04-15")
    assert code == 2 and "option ou argument inconnu : --aujourd" in text


def test_an_unknown_argparse_wording_is_passed_through_not_lost() -> None:
    assert french_usage_error("argument --du: « x » n'est pas une date") == "argument --du : « x » n'est pas une date"
    assert french_usage_error("argument --du/--from: expected one argument") == "l'option --du attend une valeur"
