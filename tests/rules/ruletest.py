"""What the rule tests of tests/rules/ share: run the pipeline and keep one rule's findings.

Every call first checks that the data set got past the file, schema and reference
stages, so that a "valid" case cannot pass just because the rule never saw the loan.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from factory import TODAY, check, loan

EARLIER_STAGES = {"fichier", "schema", "identifiant", "references"}


def findings(data_dir: Path, rule: str, today: date = TODAY) -> list[tuple[str, int, str, str]]:
    """(file, line, severity, message) of the findings of ``rule``, in report order."""
    outcome = check(data_dir, today)
    blocking = [finding.as_text() for finding in outcome.findings if finding.rule in EARLIER_STAGES]
    assert blocking == []
    return [(f.path, f.line, f.severity.value, f.message) for f in outcome.findings if f.rule == rule]


def departement_booking(loan_id: str, **overrides: Any) -> dict[str, Any]:
    """The Département's own booking of kit-vr (no member, no place of use)."""
    data = loan(loan_id, emprunteur="departement", objet="Démonstrations au salon départemental.", **overrides)
    del data["lieu"]
    del data["demande_par"]
    return data


def dated(loan_id: str, start: str, end: str, **overrides: Any) -> dict[str, Any]:
    """A loan from ``start`` to ``end`` with pickup at 09:00 and return at 16:00."""
    return loan(loan_id, debut=start, fin=end, retrait=f"{start}T09:00", restitution=f"{end}T16:00", **overrides)
