"""The rule registry: every check the agreement asks for, one module each.

The order below is the order of the rules page on the site. Each module has an
``ID``, an ``ARTICLE`` of the agreement, a docstring written for the people who read
the rules page, and a pure ``check(dataset)`` that yields findings.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset
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


def rule_by_id(rule_id: str) -> RuleModule | None:
    return next((rule for rule in RULES if rule.ID == rule_id), None)
