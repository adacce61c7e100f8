"""The loan schema's annotations are the one list of who writes which key, and when."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import loanfields
from generator.commands import new_loan, prompting
from generator.commands.common import UsageError
from generator.issueform import FormError, as_request, parse_request
from generator.loanfields import WHEN, WHO, editable_when, key_order, report_keys, request_keys
from generator.requests import LATER, RECORDED, LoanRequest, extra_keys, file_text
from generator.schema import schemas_dir

from test_from_issue import FORM, body, form_fields

ROOT = Path(__file__).resolve().parent.parent

# Keys of a request that no person types in a form: the tools write them.
SET_BY_THE_TOOLS = {"id", "demande_le", "demande_par", "statut", "annulation"}
# The form's field ids that differ from the file's keys.
FORM_TO_KEY = {"membre": "emprunteur"}


def properties() -> dict[str, dict[str, object]]:
    schema = json.loads((schemas_dir() / "pret.schema.json").read_text(encoding="utf-8"))
    return schema["properties"]


def test_every_key_says_who_writes_it() -> None:
    for key, spec in properties().items():
        assert spec.get(WHO) in ("demandeur", "emprunteur", "equipe"), key
        assert set(spec.get(WHEN, [])) <= {"passe", "clos"}, key


def test_the_lists_the_gate_uses() -> None:
    assert request_keys() == {"id", "emprunteur", "lieu", "materiel", "debut", "fin", "retrait", "restitution",
                              "objet", "demande_le", "demande_par", "statut", "referent", "annulation"}
    assert report_keys() == {"bilan"}
    assert editable_when("clos") == {"bilan", "incidents"}
    assert editable_when("passe") == {"bilan", "incidents", "statut", "etat_retrait", "etat_restitution", "notes",
                                      "refus", "annulation"}
    assert editable_when("clos") <= editable_when("passe")
    assert key_order()[:4] == ("id", "emprunteur", "lieu", "materiel") and key_order()[-1] == "notes"


def test_the_issue_form_asks_for_every_key_a_requester_types() -> None:
    """A new field a requester may write must reach the issue form (and its parser), or be set by the tools."""
    asked = {FORM_TO_KEY.get(field_id, field_id) for field_id, _ in form_fields()}
    assert request_keys() - SET_BY_THE_TOOLS <= asked, "add the field to .github/ISSUE_TEMPLATE/demande-de-pret.yml"
    assert yaml.safe_load(FORM.read_text(encoding="utf-8"))


def test_the_site_form_writes_every_key_a_requester_types() -> None:
    """The site's request form (docs/javascripts/demande.js writes the file) is not derived from the
    schema: a new field a requester types must be added to it by hand, with its input in the form
    of generator/render/templates/request_form.html.j2."""
    script = (ROOT / "docs" / "javascripts" / "demande.js").read_text(encoding="utf-8")
    missing = [key for key in sorted(request_keys() - SET_BY_THE_TOOLS) if not re.search(f'"{key}: ', script)]
    assert missing == [], ("add these keys to the site's request form (generator/render/templates/request_form.html.j2) and to the "
                           "file demande.js writes (docs/javascripts/demande.js, in the schema's key order)")


def test_the_keys_of_a_request_are_the_schemas() -> None:
    """What record() writes from a LoanRequest is still a requester's key of the schema (a renamed
    key is noticed); any other requester's key is an extra key, but a cancellation."""
    assert set(RECORDED) <= request_keys()
    assert set(extra_keys()) == request_keys() - set(RECORDED) - LATER


PARTICIPANTS = "nombre_participants_prevus"


@pytest.fixture
def with_participants(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loan schema as it would be with one more optional field a requester types (issue #12)."""
    patched: dict[str, Any] = {}
    for key, spec in properties().items():
        patched[key] = spec
        if key == "objet":
            patched[PARTICIPANTS] = {"title": "Nombre de participants prévus", "type": "integer", "minimum": 1,
                                        WHO: "demandeur"}
    monkeypatch.setattr(loanfields, "_properties", lambda: patched)


def answered(participants: str) -> str:
    """An issue body with the field answered (the form of the repository may already ask for it)."""
    text = body(**{PARTICIPANTS: participants})
    label = "### Nombre de participants prévus\n"
    return text if label in text else f"{text}\n{label}\n{participants}\n"


@pytest.mark.usefixtures("with_participants")
def test_a_new_field_reaches_the_request_file_the_issue_form_and_new_loan() -> None:
    """Only the schema (and the forms that show it to people) name a new optional requester field:
    the request, its file, the issue-form parser and new-loan's options read it from there."""
    assert extra_keys() == (PARTICIPANTS,)
    request = LoanRequest("mairie-a", "mairie-a-lieu", ("kit-vr",), date(2026, 5, 4), date(2026, 5, 15),
                          "2026-05-04T09:00", "2026-05-15T16:00", "Ateliers de réalité virtuelle.", None,
                          date(2026, 4, 15), "demandeur-a", ((PARTICIPANTS, 12),))
    lines = file_text(request, "2026-mairie-a-kit-vr-0504").splitlines()
    assert lines[lines.index("objet: Ateliers de réalité virtuelle.") + 1] == f"{PARTICIPANTS}: 12"

    asked = as_request(parse_request(answered("12")), date(2026, 4, 15), "demandeur-a")
    assert asked.others == ((PARTICIPANTS, 12),)
    assert parse_request(answered("_No response_")).others == ()
    with pytest.raises(FormError, match="« Nombre de participants prévus » : « douze » n'est pas un nombre entier"):
        parse_request(answered("douze"))

    parser = argparse.ArgumentParser()
    new_loan.add_arguments(parser)
    assert new_loan.pick_others(parser.parse_args(["--nombre-participants-prevus", "12"]), True) == (
        (PARTICIPANTS, 12),)
    assert new_loan.pick_others(parser.parse_args([]), True) == ()
    with pytest.raises(UsageError, match="--nombre-participants-prevus : « 1,5 » n'est pas un nombre entier"):
        new_loan.pick_others(parser.parse_args(["--nombre-participants-prevus", "1,5"]), True)


@pytest.mark.usefixtures("with_participants")
def test_new_loan_asks_for_a_new_field_as_an_optional_question(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    new_loan.add_arguments(parser)
    for typed, expected in ((["douze", "12"], ((PARTICIPANTS, 12),)), ([""], ())):
        answers = iter(typed)
        prompts: list[str] = []
        monkeypatch.setattr(prompting, "read", lambda prompt: prompts.append(prompt) or next(answers))
        assert new_loan.pick_others(parser.parse_args([]), False) == expected
        assert set(prompts) == {"Nombre de participants prévus (facultatif, Entrée pour passer) : "}
    assert "✗ « douze » n'est pas un nombre entier" in capsys.readouterr().out
