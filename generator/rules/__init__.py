"""The rule registry: every check the agreement asks for, one module each.

The order below is the order of the rules page on the site. Each module has an
``ID``, an ``ARTICLE`` of the agreement, a docstring written for the people who read
the rules page, and a pure ``check(dataset)`` that yields findings.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan
from . import agreement_in_force
from . import amendment_notice
from . import approval_terms
from . import bookable_equipment
from . import condition_checks
from . import damage_reported
from . import departement_priority
from . import double_booking
from . import handover_dates
from . import insurance
from . import lifecycle
from . import max_duration
from . import member_kind
from . import notice
from . import overdue
from . import purpose_and_period
from . import references
from . import report_back
from . import requirements
from . import slots
from .base import RuleModule

RULES: tuple[RuleModule, ...] = (
    references,
    member_kind,
    agreement_in_force,
    amendment_notice,
    insurance,
    purpose_and_period,
    max_duration,
    departement_priority,
    double_booking,
    slots,
    notice,
    overdue,
    bookable_equipment,
    requirements,
    condition_checks,
    handover_dates,
    damage_reported,
    report_back,
    lifecycle,
    approval_terms,
)


def run_rules(dataset: Dataset) -> Iterator[Finding]:
    """Every finding of every rule on one dataset."""
    for rule in RULES:
        yield from rule.check(dataset)


def loan_keys(loan: Loan) -> frozenset[str]:
    """What relates a loan to other loans in the rules: each item it holds, and its id.

    The contract every rule keeps: what it finds about a loan depends on that loan, on
    the records that are not loans (the network, members, equipment) and on the loans
    that share one of these keys with it (the item's other bookings, the loans with the
    same id) — never on any other loan — and it is reported in that loan's file. A
    finding in a file that is not a loan does not depend on the loans at all.

    This is what lets a pull request that changes a few loans be judged around them
    (:func:`generator.pipeline.validate_change`): a rule that relates loans another way
    (a quota per borrower, the handovers of one day…) adds its key here.
    """
    return frozenset([f"materiel:{item_id}" for item_id in loan.item_ids] + [f"id:{loan.id}"])


def rule_by_id(rule_id: str) -> RuleModule | None:
    return next((rule for rule in RULES if rule.ID == rule_id), None)


__all__ = ["RULES", "RuleModule", "loan_keys", "run_rules"]
