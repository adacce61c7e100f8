"""retard-restitution (Art. 4.3 c): items that did not come back, pickups not recorded."""

from datetime import date

from factory import line_of, loan, write_dataset
from ruletest import findings

RULE = "retard-restitution"


def test_picked_up_loan_on_its_last_day_is_not_late(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(statut="retire")])
    assert findings(data_dir, RULE, date(2026, 5, 15)) == []


def test_picked_up_loan_after_its_last_day_is_late(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(statut="retire")])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE, date(2026, 5, 18)) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "statut:"), "erreur",
        "le matériel devait revenir le 15/05/2026 (3 jours de retard) et le prêt est toujours « retire » : "
        "enregistrez la restitution (statut restitue et etat_restitution) ou contactez l'emprunteur.",
    )]


def test_one_day_late(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(statut="retire")])
    [(_, _, _, message)] = findings(data_dir, RULE, date(2026, 5, 16))
    assert message.startswith("le matériel devait revenir le 15/05/2026 (1 jour de retard)")


def test_accepted_loan_on_its_first_day_is_fine(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan()])
    assert findings(data_dir, RULE, date(2026, 5, 4)) == []


def test_accepted_loan_after_its_first_day_warns(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan()])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE, date(2026, 5, 5)) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "statut:"), "avertissement",
        "le retrait était prévu le 04/05/2026 et n'est pas enregistré : passez le prêt à « retire » avec l'état "
        "des lieux de retrait (etat_retrait), ou annulez-le si le matériel n'a pas été retiré.",
    )]


def test_returned_loan_is_never_late(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(statut="restitue")])
    assert findings(data_dir, RULE, date(2026, 9, 1)) == []
