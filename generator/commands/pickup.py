"""``tna pickup``: the borrower takes the items; an agent records the pickup condition check."""

from __future__ import annotations

import argparse

from ..rules.handover_dates import PICKUP
from .conditions import (add_check_arguments, check_block, check_moment, chosen_conditions, early_pickup_reason,
                         observe, parts_of, refuse_impossible_moment)
from .staff import add_loan_arguments, on, open_loan, refusals_exit_one, require_status, save, staff_login

NAME = "pickup"
HELP = ("enregistre le retrait d'un prêt accepté (statut accepte → retire) avec l'état des lieux "
        "de chaque composant")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)
    add_check_arguments(parser)
    parser.add_argument("--motif", metavar="TEXTE", default=None,
                        help="pour un retrait avant le premier jour du prêt : pourquoi le Département remet le "
                             "matériel plus tôt (écrit dans etat_retrait.motif)")


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    context = open_loan(args)
    login = staff_login(args, context)
    require_status(context, "retire", {"accepte"}, "seul un prêt accepté peut être retiré")
    parts = parts_of(context)
    chosen = chosen_conditions(parts, args.etat)
    moment = check_moment(args, context, context.loan.pickup_at)
    reason = early_pickup_reason(context, moment, args.motif)
    refuse_impossible_moment(context, PICKUP, moment, reason)
    observations = observe(parts, chosen, args.tout_bon)
    edit = context.editable()
    edit.put("statut", "retire")
    edit.put("etat_retrait", check_block(moment, login, observations, reason))
    return save(context, edit.dump(),
                f"{context.display} : retrait enregistré par {login} le {on(context.today)} "
                f"({len(observations)} composant(s) vérifié(s)).")
