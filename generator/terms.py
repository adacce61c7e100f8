"""Booking terms: what an agent of the Département accepts when they approve a request.

A ``validation`` block records the terms it approved (``validation.conditions``); an
accepted loan whose terms no longer match them carries an approval that nobody gave.
This module is the one definition of those terms, used by the rule that checks them
(:mod:`generator.rules.approval_terms`), by ``tna approve`` that records them, and by
the pull-request check.
"""

from __future__ import annotations

from typing import Any, Mapping

# The keys of a loan that make the booking, in the order of the file.
TERM_KEYS: tuple[str, ...] = ("emprunteur", "lieu", "materiel", "debut", "fin", "retrait", "restitution",
                              "referent")
# How a message names each term.
TERM_LABELS: dict[str, str] = {
    "emprunteur": "emprunteur", "lieu": "lieu", "materiel": "matériel", "debut": "premier jour",
    "fin": "dernier jour", "retrait": "créneau de retrait", "restitution": "créneau de restitution",
    "referent": "référent",
}


def _comparable(key: str, value: Any) -> Any:
    """The items of a loan are a set: their order in the list is not a term."""
    if key == "materiel" and isinstance(value, list):
        return sorted(str(item) for item in value)
    return value


def booking_terms(loan: Mapping[str, Any]) -> dict[str, Any]:
    """The terms of a loan file's mapping (absent keys are left out)."""
    return {key: loan[key] for key in TERM_KEYS if loan.get(key) is not None}


def changed_terms(approved: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """Term keys whose value differs between the approved terms and the loan, in file order."""
    return [key for key in TERM_KEYS
            if _comparable(key, approved.get(key)) != _comparable(key, current.get(key))]


def show_value(key: str, value: Any) -> str:
    """A term's value as a message shows it."""
    if value is None:
        return "aucun"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "aucun"
    return str(value)
