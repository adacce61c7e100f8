"""argparse in French: help headings, usage errors, and the old English option names as hidden aliases.

Every ``tna`` command is parsed by :class:`FrenchParser`. Options have French names
(``--aujourdhui``, ``--donnees``, ``--du``/``--au``…); the English spellings of the
first release (``--today``, ``--data``, ``--from``/``--to``…) still work for one more
release, but help, usage lines and error messages only show the French ones.

argparse writes its messages in English; :func:`french_usage_error` rewrites every
message it can produce for our parsers (Python 3.11 to 3.13 wordings).
"""

from __future__ import annotations

import argparse
import copy
import difflib
import re
import sys
from typing import Any, Callable, Iterable, NoReturn

EXIT_USAGE = 2

# The English option names of the first release, each with the French name that replaces it.
# They are accepted, never shown (help, usage, error messages).
ENGLISH_ALIASES: dict[str, str] = {
    "--today": "--aujourdhui",
    "--data": "--donnees",
    "--from": "--du",
    "--to": "--au",
    "--category": "--categorie",
    "--within": "--dans",
    "--out": "--sortie",
    "--build-dir": "--dossier-pages",
    "--config": "--configuration",
    "--head": "--tete",
    "--author": "--auteur",
    "--no-author": "--sans-auteur",
    "--bot": "--robot",
    "--repo": "--depot",
    "--body": "--ticket",
    "--issue-number": "--numero",
    "--login": "--par",
}

_TYPE_NAMES = {"int": "un nombre entier", "float": "un nombre", "Path": "un chemin"}


def _quoted(value: str) -> str:
    """A Python repr as argparse prints it (``'x'``), as French quotes (« x »)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return f"« {value} »"


def _choices(text: str) -> list[str]:
    return [choice.strip().strip("'\"") for choice in text.split(",") if choice.strip()]


def _invalid_choice(match: re.Match[str]) -> str:
    name, value, choices = match.group(1), match.group(2).strip().strip("'\""), _choices(match.group(3))
    message = f"argument {name} : « {value} » n'est pas un choix possible (choisissez parmi : {', '.join(choices)})"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return message + (f" ; vouliez-vous dire « {close[0]} » ?" if close else "")


def _invalid_value(match: re.Match[str]) -> str:
    kind = _TYPE_NAMES.get(match.group(2), "une autre valeur")
    return f"argument {match.group(1)} : {_quoted(match.group(3))} n'est pas valide, {kind} est attendu"


def _one_of(match: re.Match[str]) -> str:
    return f"il faut l'une de ces options : {' ou '.join(match.group(1).split())} (voir --help)"


# (English message, French replacement); the first full match wins.
_MESSAGES: tuple[tuple[str, str | Callable[[re.Match[str]], str]], ...] = (
    (r"unrecognized arguments: (.*)", r"option ou argument inconnu : \1 (voir --help)"),
    (r"the following arguments are required: (.*)", r"argument obligatoire manquant : \1 (voir --help)"),
    (r"one of the arguments (.*) is required", _one_of),
    (r"argument (.+?): not allowed with argument (.*)", r"l'option \1 ne peut pas être utilisée avec \2"),
    (r"argument (.+?): ignored explicit argument (.*)", r"l'option \1 ne prend pas de valeur (\2 est de trop)"),
    (r"argument (.+?): expected one argument", r"l'option \1 attend une valeur"),
    (r"argument (.+?): expected at most one argument", r"l'option \1 attend au plus une valeur"),
    (r"argument (.+?): expected at least one argument", r"l'option \1 attend au moins une valeur"),
    (r"argument (.+?): expected (\d+) arguments?", r"l'option \1 attend \2 valeurs"),
    (r"argument (.+?): invalid choice: (.*) \(choose from (.*)\)", _invalid_choice),
    (r"argument (.+?): invalid (\S+) value: (.*)", _invalid_value),
    (r"argument (.+?): can't open (.*)", r"argument \1 : impossible d'ouvrir \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"option ambiguë : \1 peut désigner \2 ; écrivez-la en entier"),
    (r"unexpected option string: (.*)", r"option inattendue : \1"),
    (r"argument (.+?): (.*)", r"argument \1 : \2"),
)

_ALIAS_IN_NAME = re.compile(r"/(--[A-Za-z-]+)")


def _without_aliases(message: str) -> str:
    """``--aujourdhui/--today`` (argparse names an option by all its spellings) → ``--aujourdhui``."""
    return _ALIAS_IN_NAME.sub(lambda match: "" if match.group(1) in ENGLISH_ALIASES else match.group(0), message)


def french_usage_error(message: str) -> str:
    """An argparse error message, in French."""
    message = _without_aliases(message)
    for english, french in _MESSAGES:
        match = re.fullmatch(english, message, flags=re.DOTALL)
        if match:
            return french(match) if callable(french) else match.expand(french)
    return message


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse's help, with its English headings in French and without the English aliases."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        # The usage line names each option by its first spelling, always the French one.
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        return super()._format_action_invocation(_shown(action))


def _shown(action: argparse.Action) -> argparse.Action:
    """The action as help shows it: its French option names only."""
    shown = [name for name in action.option_strings if name not in ENGLISH_ALIASES]
    if not shown or shown == action.option_strings:
        return action
    visible = copy.copy(action)
    visible.option_strings = shown
    return visible


class FrenchParser(argparse.ArgumentParser):
    """argparse, with help and usage errors in French, exit code 2, and no abbreviated options
    (an abbreviation could silently pick another option when one is added)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs["add_help"] = False
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="affiche cette aide et quitte")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        _check_spellings(args)
        return super().add_argument(*args, **kwargs)

    def add_mutually_exclusive_group(self, **kwargs: Any) -> argparse._MutuallyExclusiveGroup:
        group = super().add_mutually_exclusive_group(**kwargs)
        plain_add = group.add_argument

        def add_argument(*args: Any, **kw: Any) -> argparse.Action:
            _check_spellings(args)
            return plain_add(*args, **kw)

        group.add_argument = add_argument  # type: ignore[method-assign]
        return group

    def parse_known_args(  # type: ignore[override]  # typeshed declares overloads; this keeps both uses
            self, args: Any = None, namespace: Any = None) -> tuple[argparse.Namespace, list[str]]:
        """A command's parser refuses what it does not know itself, naming the option meant
        (the top-level parser would only say « tna : … inconnu »)."""
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and self._subparsers is None:
            self.error(f"option ou argument inconnu : {' '.join(extras)}{self._option_hint(extras)} (voir --help)")
        return parsed, extras

    def _option_hint(self, extras: list[str]) -> str:
        known = [name for action in self._actions for name in action.option_strings
                 if name.startswith("--") and name not in ENGLISH_ALIASES]
        for extra in extras:
            if extra.startswith("--"):
                close = difflib.get_close_matches(extra.split("=", 1)[0], known, n=1, cutoff=0.6)
                if close:
                    return f" ; vouliez-vous dire {close[0]} ?"
        return ""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur d'utilisation : {french_usage_error(message)}\n")


def _check_spellings(names: tuple[Any, ...]) -> None:
    """An English alias never comes first (help and usage show the first name) and always
    comes with the French name that replaces it."""
    for position, name in enumerate(names):
        french = ENGLISH_ALIASES.get(name)
        if french is not None and (position == 0 or french not in names):
            raise ValueError(f"option {name} : déclarez d'abord {french}, puis {name} comme alias")
