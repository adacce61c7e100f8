"""``tna approve``: a Département agent accepts a loan request (demande → accepte)."""

from __future__ import annotations

import argparse

from ..loanfile import block_map
from .staff import add_loan_arguments, on, open_loan, refusals_exit_one, require_status, save, staff_login

NAME = "approve"
HELP = "accepte une demande de prêt (statut demande → accepte) et note qui l'a validée"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    context = open_loan(args)
    login = staff_login(args, context)
    require_status(context, "accepte", {"demande"}, "seule une demande peut être acceptée")
    edit = context.editable()
    edit.put("statut", "accepte")
    edit.put("validation", block_map([("par", login), ("le", context.today)]))
    return save(context, edit.dump(),
                f"{context.display} : demande acceptée par {login} le {on(context.today)}.")
