"""``tna refuse``: a Département agent refuses a request or an accepted loan, with a reason."""

from __future__ import annotations

import argparse

from ..loanfile import block_map
from .common import UsageError
from .staff import add_loan_arguments, on, open_loan, refusals_exit_one, require_status, save, staff_login
from ..vocabulary import LoanStatus

NAME = "refuse"
HELP = "refuse une demande ou un prêt accepté (statut → refuse), avec son motif"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)
    parser.add_argument("--motif", required=True, metavar="TEXTE",
                        help="pourquoi le prêt est refusé (il figure dans le fichier)")


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    reason = " ".join(str(args.motif).split())
    if not reason:
        raise UsageError("le motif du refus est vide : dites pourquoi le prêt est refusé (--motif).")
    context = open_loan(args)
    login = staff_login(args, context)
    require_status(context, LoanStatus.REFUSE, {LoanStatus.DEMANDE, LoanStatus.ACCEPTE},
                   "seuls une demande ou un prêt accepté et pas encore retiré peuvent être refusés")
    edit = context.editable()
    edit.put("statut", LoanStatus.REFUSE)
    edit.put("refus", block_map([("par", login), ("le", context.today), ("motif", reason)]))
    return save(context, edit.dump(), f"{context.display} : prêt refusé par {login} le {on(context.today)}.")
