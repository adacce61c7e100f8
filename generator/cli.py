"""The ``tna`` command: parse arguments, run one sub-command, turn the result into an exit code."""

from __future__ import annotations

import argparse
import sys
from types import ModuleType
from typing import Any, Iterable, NoReturn, Sequence

from .commands import validate
from .commands import import_lieux, init
from .commands import availability, export
from .commands import approve, loan_report, new_loan, pickup, refuse, reminders, return_loan
from .commands import check_pr, from_issue
from .commands import build, serve
from .schema import SchemasMissing
from .commands.common import EXIT_USAGE, UsageError, french_usage_error

# Every sub-command, in the order ``tna --help`` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    validate,
    init, import_lieux,
    availability, export,
    new_loan, reminders, approve, refuse, pickup, return_loan, loan_report,
    check_pr, from_issue,
    build, serve,
)


class FrenchHelpFormatter(argparse.HelpFormatter):
    """argparse's help, with its English headings in French."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """argparse, with help and usage errors in French and exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="affiche cette aide et quitte")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog} : erreur d'utilisation : {french_usage_error(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchParser(prog="tna", description="Réseau des territoires numériques apprenants : "
                                                  "données, règles de la convention et site public.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)
    subparsers.required = True
    for command in COMMANDS:
        sub = subparsers.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except (UsageError, SchemasMissing) as exc:
        sys.stderr.write(f"tna : {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("\ntna : interrompu.\n")
        return 130
    return result


if __name__ == "__main__":
    sys.exit(main())
