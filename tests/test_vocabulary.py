"""One vocabulary: the statuses, item states, component conditions and login pattern of the schemas,
defined once in generator/vocabulary.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.schema import schemas_dir
from generator.vocabulary import (ACTIVE_STATUSES, APPROVED_STATUSES, CLOSED_STATUSES, LOGIN_PATTERN, SHOWN_STATUSES,
                                  STATUS_CHAIN, UNBOOKABLE_STATES, Condition, ItemState, LoanStatus, is_login,
                                  status_move_allowed)

ROOT = Path(__file__).resolve().parent.parent


def test_the_enums_are_the_schemas_vocabularies() -> None:
    loan = json.loads((schemas_dir() / "pret.schema.json").read_text(encoding="utf-8"))
    item = json.loads((schemas_dir() / "materiel.schema.json").read_text(encoding="utf-8"))
    assert [status.value for status in LoanStatus] == loan["properties"]["statut"]["enum"]
    assert {state.value for state in ItemState} == set(item["properties"]["etat"]["enum"])


def _common() -> dict[str, dict[str, object]]:
    defs: dict[str, dict[str, object]] = json.loads(
        (schemas_dir() / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    return defs


def test_the_conditions_are_the_schemas_from_the_best_to_the_worst() -> None:
    assert [condition.value for condition in Condition] == _common()["etat_composant"]["enum"]
    assert [(condition.rank, condition.word) for condition in Condition] == [
        (0, "en bon état"), (1, "usé"), (2, "abîmé"), (3, "hors service"), (4, "manquant")]


def test_the_login_pattern_is_the_schemas() -> None:
    assert LOGIN_PATTERN == _common()["login"]["pattern"]
    assert is_login("agent-dep") and is_login("A" * 39) and is_login("7")
    for wrong in ("agent-dep\n", " agent-dep", "agent-dep ", "-agent", "A" * 40, "", "agent_dep", "@agent-dep"):
        assert not is_login(wrong), wrong


def test_the_login_pattern_is_written_once() -> None:
    """The modules call is_login; the site's request form (JavaScript) tests the very same pattern."""
    copies = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "generator").rglob("*.py"))
              if "A-Za-z0-9-]{0,38}" in path.read_text(encoding="utf-8")]
    assert copies == ["generator/vocabulary.py"]
    script = (ROOT / "docs" / "javascripts" / "demande.js").read_text(encoding="utf-8")
    assert script.count("A-Za-z0-9-]{0,38}") == 1 and f"/{LOGIN_PATTERN}/.test(login.value)" in script


def test_the_moves_of_a_loan() -> None:
    forward = [(a, b) for a in LoanStatus for b in LoanStatus if a != b and status_move_allowed(a, b)]
    assert forward == [
        ("demande", "accepte"), ("demande", "retire"), ("demande", "restitue"), ("demande", "refuse"),
        ("demande", "annule"), ("accepte", "retire"), ("accepte", "restitue"), ("accepte", "refuse"),
        ("accepte", "annule"), ("retire", "restitue")]
    assert STATUS_CHAIN == ("demande", "accepte", "retire", "restitue")
    assert ACTIVE_STATUSES | CLOSED_STATUSES == set(LoanStatus) and not ACTIVE_STATUSES & CLOSED_STATUSES
    assert APPROVED_STATUSES == {"accepte", "retire", "restitue"}
    assert SHOWN_STATUSES == {"demande", "accepte", "retire", "restitue"}
    assert UNBOOKABLE_STATES == {state for state in ItemState if state is not ItemState.DISPONIBLE}


def test_item_states_have_their_french_words() -> None:
    assert [(state.label, state.word, state.lendable) for state in ItemState] == [
        ("Disponible", "disponible", True), ("En maintenance", "en maintenance", True),
        ("Hors service", "hors service", True), ("Réformé", "réformé", False)]


# Every word of the schemas' vocabularies: loan statuses, item states, component conditions.
_WORDS = sorted({*LoanStatus, *ItemState, *Condition})
_NOT_CHECKED = ("vocabulary.py",)


def test_no_status_state_or_condition_literal_outside_the_vocabulary() -> None:
    """Every module names a status, an item state or a condition through the vocabulary: a quoted
    word of the schemas' enums appears in generator/vocabulary.py only (a command's ``NAME`` and
    the command table of cli.py name commands, not statuses)."""
    literal = re.compile(r"[\"']({})[\"']".format("|".join(_WORDS)))
    generator = ROOT / "generator"
    checked = [path for path in sorted(generator.rglob("*.py"))
               if not path.relative_to(generator).as_posix().startswith(_NOT_CHECKED)]
    assert len(checked) > 50
    found = [(path.relative_to(generator).as_posix(), number, line.strip()) for path in checked
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if literal.search(line) and not line.startswith("NAME =") and '"generator.commands.' not in line]
    assert found == []
