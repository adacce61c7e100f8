"""The ``tna`` command: parse arguments, run one sub-command, turn the result into an exit code."""

from __future__ import annotations

import argparse
import sys
from types import ModuleType
from typing import Sequence

from .commands import validate
from .commands import import_lieux, init
from .commands import availability, export
from .commands import approve, loan_report, new_loan, pickup, refuse, reminders, return_loan
from .commands import check_pr, from_issue
from .commands import build, serve
from .schema import SchemasMissing
from .commands.arguments import FrenchParser
from .commands.common import EXIT_USAGE, UsageError

# Every sub-command, in the order ``tna --help`` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    validate,
    init, import_lieux,
    availability, export,
    new_loan, reminders, approve, refuse, pickup, return_loan, loan_report,
    check_pr, from_issue,
    build, serve,
)


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
