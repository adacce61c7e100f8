"""``tna approve``: a Département agent accepts a loan request (demande → accepte).

The validation records who accepted, when, and the terms of the booking they accepted
(``validation.conditions``): an approval binds what was approved. An accepted loan
whose booking changed since (dates, items…) is approved again the same way.
"""

from __future__ import annotations

import argparse
import copy
from typing import Any

from ..loanfile import YamlMapping, block_map, block_seq
from ..terms import TERM_KEYS, changed_terms
from .staff import Refusal, add_loan_arguments, on, open_loan, refusals_exit_one, require_status, save, staff_login
from ..vocabulary import LoanStatus

NAME = "approve"
HELP = ("accepte une demande de prêt (statut demande → accepte) et note qui l'a validée et quels termes ; "
        "valide à nouveau un prêt accepté dont la réservation a changé")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_loan_arguments(parser)


def conditions_block(loan: YamlMapping) -> YamlMapping:
    """The terms of the booking as the file holds them, in the file's order."""
    pairs: list[tuple[str, Any]] = []
    for key in TERM_KEYS:
        if loan.get(key) is None:
            continue
        value = copy.deepcopy(loan[key])  # a copy, or the dumper would write an alias
        if key == "materiel":
            items = block_seq(list(value))
            items.fa.set_flow_style()
            value = items
        pairs.append((key, value))
    return block_map(pairs)


@refusals_exit_one
def run(args: argparse.Namespace) -> int:
    context = open_loan(args)
    login = staff_login(args, context)
    loan = context.loan
    if loan.status == LoanStatus.ACCEPTE:
        if loan.approved_terms is not None and not changed_terms(loan.approved_terms, loan.terms):
            raise Refusal(f"le prêt « {loan.id} » est déjà accepté pour ces termes : rien n'a été écrit.")
    else:
        require_status(context, LoanStatus.ACCEPTE, {LoanStatus.DEMANDE}, "seule une demande peut être acceptée")
    edit = context.editable()
    edit.put("statut", LoanStatus.ACCEPTE)
    edit.put("validation", block_map([("par", login), ("le", context.today),
                                      ("conditions", conditions_block(edit.data))]))
    return save(context, edit.dump(),
                f"{context.display} : demande acceptée par {login} le {on(context.today)}.")
