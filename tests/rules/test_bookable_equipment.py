"""materiel-disponible (Art. 4.2): no booking of an item out of service; warn about open breakdowns."""

from datetime import date

from factory import item, line_of, loan, write_dataset
from ruletest import findings

RULE = "materiel-disponible"


def test_available_item_passes(tmp_path):
    assert findings(write_dataset(tmp_path, loans=[loan()]), RULE) == []


def test_item_in_maintenance_cannot_be_booked(tmp_path):
    data_dir = write_dataset(tmp_path, equipment=[item(etat="maintenance", etat_depuis="2026-05-15")],
                             loans=[loan()])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "- kit-vr"), "erreur",
        "« kit-vr » est en maintenance depuis le 15/05/2026 (data/equipment/kit-vr.yaml) et ne peut pas servir à "
        "un prêt qui se termine le 15/05/2026. Choisissez un autre matériel ou annulez le prêt (ou remettez le "
        "matériel en service : etat disponible).",
    )]


def test_loan_ending_before_the_state_change_passes(tmp_path):
    data_dir = write_dataset(tmp_path, equipment=[item(etat="hors_service", etat_depuis="2026-05-16")],
                             loans=[loan()])
    assert findings(data_dir, RULE) == []


def test_retired_item(tmp_path):
    data_dir = write_dataset(tmp_path, equipment=[item(etat="reforme", etat_depuis="2026-01-01")],
                             loans=[loan()])
    [(_, _, _, message)] = findings(data_dir, RULE)
    assert message.startswith("« kit-vr » est réformé depuis le 01/01/2026 (data/equipment/kit-vr.yaml)")


def test_past_loans_are_not_judged(tmp_path):
    data_dir = write_dataset(tmp_path, equipment=[item(etat="maintenance", etat_depuis="2026-05-10")],
                             loans=[loan(statut="restitue")])
    assert findings(data_dir, RULE) == []


def test_unrepaired_breakdown_warns_current_loans(tmp_path):
    broken = item(pannes=[{"date": "2026-04-10", "description": "Un casque ne charge plus."}])
    data_dir = write_dataset(tmp_path, equipment=[broken], loans=[loan()])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "- kit-vr"), "avertissement",
        "« kit-vr » a une panne non réparée depuis le 10/04/2026 (Un casque ne charge plus.) : prévenez "
        "l'emprunteur, puis notez la réparation (reparee_le) dans data/equipment/kit-vr.yaml.",
    )]


def test_repaired_breakdown_is_silent(tmp_path):
    repaired = item(pannes=[{"date": "2026-04-10", "description": "Un casque ne charge plus.",
                             "reparee_le": "2026-04-14"}])
    assert findings(write_dataset(tmp_path, equipment=[repaired], loans=[loan()]), RULE) == []


def test_breakdown_does_not_warn_about_finished_loans(tmp_path):
    broken = item(pannes=[{"date": "2026-04-10", "description": "Un casque ne charge plus."}])
    data_dir = write_dataset(tmp_path, equipment=[broken], loans=[loan(statut="retire")])
    assert findings(data_dir, RULE, date(2026, 5, 16)) == []
