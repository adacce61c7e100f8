"""One vocabulary: the statuses and item states of the schemas, defined once in generator/vocabulary.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.schema import schemas_dir
from generator.vocabulary import (ACTIVE_STATUSES, APPROVED_STATUSES, CLOSED_STATUSES, STATUS_CHAIN, ItemState,
                                  LoanStatus, status_move_allowed)

ROOT = Path(__file__).resolve().parent.parent


def test_the_enums_are_the_schemas_vocabularies() -> None:
    loan = json.loads((schemas_dir() / "pret.schema.json").read_text(encoding="utf-8"))
    item = json.loads((schemas_dir() / "materiel.schema.json").read_text(encoding="utf-8"))
    assert [status.value for status in LoanStatus] == loan["properties"]["statut"]["enum"]
    assert {state.value for state in ItemState} == set(item["properties"]["etat"]["enum"])


def test_the_moves_of_a_loan() -> None:
    forward = [(a, b) for a in LoanStatus for b in LoanStatus if a != b and status_move_allowed(a, b)]
    assert forward == [
        ("demande", "accepte"), ("demande", "retire"), ("demande", "restitue"), ("demande", "refuse"),
        ("demande", "annule"), ("accepte", "retire"), ("accepte", "restitue"), ("accepte", "refuse"),
        ("accepte", "annule"), ("retire", "restitue")]
    assert STATUS_CHAIN == ("demande", "accepte", "retire", "restitue")
    assert ACTIVE_STATUSES | CLOSED_STATUSES == set(LoanStatus) and not ACTIVE_STATUSES & CLOSED_STATUSES
    assert APPROVED_STATUSES == {"accepte", "retire", "restitue"}


def test_item_states_have_their_french_words() -> None:
    assert [(state.label, state.word, state.lendable) for state in ItemState] == [
        ("Disponible", "disponible", True), ("En maintenance", "en maintenance", True),
        ("Hors service", "hors service", True), ("Réformé", "réformé", False)]


def test_no_status_literal_outside_the_vocabulary_in_the_rules_and_the_gate() -> None:
    """The rules, the pull-request check and the staff commands name statuses through the vocabulary."""
    literal = re.compile(r"\"(demande|accepte|retire|restitue|refuse|annule)\"")
    checked = [*sorted((ROOT / "generator" / "rules").glob("*.py")), ROOT / "generator" / "prcheck.py",
               ROOT / "generator" / "reminders.py", ROOT / "generator" / "indicators.py",
               *(ROOT / "generator" / "commands" / name for name in ("approve.py", "refuse.py", "pickup.py",
                                                                    "return_loan.py", "loan_report.py", "staff.py"))]
    found = [(path.name, number, line.strip()) for path in checked
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if literal.search(line) and not line.startswith("NAME =")]
    assert found == []
