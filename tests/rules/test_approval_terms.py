"""validation-perimee: an approval binds the booking terms it approved (validation.conditions)."""

from factory import approved, item, line_of, loan, write_dataset
from ruletest import findings

RULE = "validation-perimee"
FILE = "data/loans/2026/pret-a.yaml"


def test_a_loan_approved_for_its_terms_passes(tmp_path):
    picked_up = loan("pret-b", statut="retire", debut="2026-04-13", fin="2026-04-17",
                     retrait="2026-04-13T09:00", restitution="2026-04-17T16:00",
                     etat_retrait={"date": "2026-04-13T09:10", "par": "agent-dep", "composants": [
                         {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
                         {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]})
    data_dir = write_dataset(tmp_path, loans=[loan(), picked_up])
    assert findings(data_dir, RULE) == []


def test_the_order_of_the_items_is_not_a_term(tmp_path):
    record = loan(materiel=["kit-vr", "kit-b"])
    record["materiel"] = ["kit-b", "kit-vr"]
    data_dir = write_dataset(tmp_path, equipment=[item(), item("kit-b")], loans=[record])
    assert findings(data_dir, RULE) == []


def test_dates_and_items_changed_after_approval_are_named(tmp_path):
    record = loan()
    record.update(materiel=["kit-vr", "kit-b"], fin="2026-05-22", restitution="2026-05-22T16:00")
    data_dir = write_dataset(tmp_path, equipment=[item(), item("kit-b")], loans=[record])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "materiel:"), "erreur",
        "la réservation a changé depuis sa validation par agent-dep du 03/04/2026 — matériel (materiel) validé : "
        "kit-vr, maintenant : kit-vr, kit-b; dernier jour (fin) validé : 2026-05-15, maintenant : 2026-05-22; "
        "créneau de restitution (restitution) validé : 2026-05-15T16:00, maintenant : 2026-05-22T16:00. Une "
        "validation ne vaut que pour ce qu'elle a accepté : revenez aux termes validés, ou faites valider à "
        "nouveau par un agent du Département (tna approve).",
    )]


def test_a_referent_added_after_approval_is_a_change(tmp_path):
    record = {**loan(), "referent": "pilote-a"}
    data_dir = write_dataset(tmp_path, loans=[record])
    path = data_dir / "loans/2026/pret-a.yaml"
    [(file, line, severity, message)] = findings(data_dir, RULE)
    assert (file, line, severity) == (FILE, line_of(path, "referent:"), "erreur")
    assert "référent (referent) validé : aucun, maintenant : pilote-a" in message


def test_an_approval_that_records_no_terms_is_an_error(tmp_path):
    record = loan()
    record["validation"] = {"par": "agent-dep", "le": "2026-04-03"}
    data_dir = write_dataset(tmp_path, loans=[record])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "validation:"), "erreur",
        "la validation par agent-dep du 03/04/2026 ne dit pas quels termes de la réservation elle accepte "
        "(validation.conditions) : faites enregistrer l'acceptation par un agent du Département avec tna approve, "
        "qui les recopie.",
    )]


def test_approving_again_binds_the_new_terms(tmp_path):
    record = loan()
    record.update(fin="2026-05-14", restitution="2026-05-14T16:00")
    data_dir = write_dataset(tmp_path, loans=[approved(record)])
    assert findings(data_dir, RULE) == []
