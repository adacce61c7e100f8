"""The ``tna`` command: parse arguments, run one sub-command, turn the result into an exit code."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Sequence

from .commands.arguments import FrenchParser
from .commands.common import EXIT_USAGE, UsageError

# Every sub-command: its name and its module, in the order ``tna --help`` lists them.
# A command's module (and all it imports: the pipeline, the site, GitPython…) is
# imported only when that command runs; ``tna --help`` reads each one's HELP from its
# source (:func:`command_help`). `python -X importtime -m generator.cli --help` shows it.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("validate", "generator.commands.validate"),
    ("init", "generator.commands.init"),
    ("import-lieux", "generator.commands.import_lieux"),
    ("availability", "generator.commands.availability"),
    ("export", "generator.commands.export"),
    ("new-loan", "generator.commands.new_loan"),
    ("reminders", "generator.commands.reminders"),
    ("approve", "generator.commands.approve"),
    ("refuse", "generator.commands.refuse"),
    ("pickup", "generator.commands.pickup"),
    ("return", "generator.commands.return_loan"),
    ("report", "generator.commands.loan_report"),
    ("check-pr", "generator.commands.check_pr"),
    ("from-issue", "generator.commands.from_issue"),
    ("build", "generator.commands.build"),
    ("serve", "generator.commands.serve"),
)


def command_module(name: str) -> ModuleType:
    """The module of a sub-command (imported now)."""
    return import_module(dict(COMMANDS)[name])


def command_help(module_path: str) -> str:
    """A command's ``HELP``, read from its source without importing it (and its dependencies).

    ``HELP`` is a literal string in every command module; were it not, the module is
    imported and its attribute read (tests/test_cli.py checks both agree).
    """
    import ast

    spec = find_spec(module_path)
    if spec is not None and spec.origin and spec.origin.endswith(".py"):
        with open(spec.origin, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        for statement in tree.body:
            if (isinstance(statement, ast.Assign) and any(isinstance(target, ast.Name) and target.id == "HELP"
                                                          for target in statement.targets)
                    and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str)):
                return statement.value.value
    help_text: str = import_module(module_path).HELP
    return help_text


def _chosen(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line, if any (the only positional of ``tna``)."""
    names = dict(COMMANDS)
    for argument in argv:
        if not argument.startswith("-"):
            return argument if argument in names else None
        if argument in ("-h", "--help"):
            return None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of ``tna``; only the command named in ``argv`` gets its module imported and
    its options declared (the others are listed with their help)."""
    parser = FrenchParser(prog="tna", description="Réseau des territoires numériques apprenants : "
                                                  "données, règles de la convention et site public.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    subparsers.required = True
    chosen = _chosen(sys.argv[1:] if argv is None else argv)
    for name, module_path in COMMANDS:
        if name != chosen:
            subparsers.add_parser(name, help=command_help(module_path))
            continue
        command = import_module(module_path)
        sub = subparsers.add_parser(name, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser(argv).parse_args(argv)
    try:
        result: int = args.run(args)
    except UsageError as exc:
        sys.stderr.write(f"tna : {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\ntna : interrompu.\n")
        return 130
    except Exception as exc:
        # The schemas module is loaded by the commands that check data; an installation
        # without schemas is an environment problem (exit code 2), not a crash.
        schema = sys.modules.get("generator.schema")
        if schema is not None and isinstance(exc, schema.SchemasMissing):
            sys.stderr.write(f"tna : {exc}\n")
            return EXIT_USAGE
        raise
    return result


if __name__ == "__main__":
    sys.exit(main())
