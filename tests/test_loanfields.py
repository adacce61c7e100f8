"""The loan schema's annotations are the one list of who writes which key, and when."""

from __future__ import annotations

import json

import yaml

from generator.loanfields import WHEN, WHO, editable_when, key_order, report_keys, request_keys
from generator.schema import schemas_dir

from test_from_issue import FORM, form_fields

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
