"""etat-des-lieux (Art. 4.3 d): pickup and return checks cover every component."""

from factory import line_of, loan, write_dataset
from ruletest import findings

RULE = "etat-des-lieux"
FILE = "data/loans/2026/pret-a.yaml"


def condition_check(moment, *components, by="agent-dep"):
    entries = [{"materiel": "kit-vr", "composant": component, "etat": "bon"} for component in components]
    return {"date": moment, "par": by, "composants": entries}


PICKUP = condition_check("2026-05-04T09:00", "valise", "casque")
RETURN = condition_check("2026-05-15T16:00", "valise", "casque")
REPORT = {"rendu_le": "2026-05-20", "seances": 4, "actions": [{"type": "atelier", "nombre": 4}],
          "publics": [{"type": "scolaires", "nombre": 48}], "satisfaction": {"note": 4.5}}


def written(tmp_path, **overrides):
    data_dir = write_dataset(tmp_path, loans=[loan(**overrides)])
    return data_dir, data_dir / "loans/2026/pret-a.yaml"


def test_picked_up_loan_with_a_full_pickup_check_passes(tmp_path):
    data_dir, _ = written(tmp_path, statut="retire", etat_retrait=PICKUP)
    assert findings(data_dir, RULE) == []


def test_returned_loan_with_both_full_checks_passes(tmp_path):
    data_dir, _ = written(tmp_path, statut="restitue", etat_retrait=PICKUP, etat_restitution=RETURN, bilan=REPORT)
    assert findings(data_dir, RULE) == []


def test_accepted_loan_needs_no_check(tmp_path):
    data_dir, _ = written(tmp_path)
    assert findings(data_dir, RULE) == []


def test_picked_up_loan_without_pickup_check_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, statut="retire")
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "statut:"), "erreur",
        "le prêt est « retire » mais l'état des lieux de retrait manque : ajoutez etat_retrait (date, par, et l'état "
        "de chaque composant : valise de « kit-vr », casque de « kit-vr »).",
    )]


def test_returned_loan_without_return_check_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, statut="restitue", etat_retrait=PICKUP, bilan=REPORT)
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "statut:"), "erreur",
        "le prêt est « restitue » mais l'état des lieux de restitution manque : ajoutez etat_restitution (date, par, "
        "et l'état de chaque composant : valise de « kit-vr », casque de « kit-vr »).",
    )]


def test_component_missing_from_the_return_check_is_an_error(tmp_path):
    partial = condition_check("2026-05-15T16:00", "valise")
    data_dir, path = written(tmp_path, statut="restitue", etat_retrait=PICKUP, etat_restitution=partial, bilan=REPORT)
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "etat_restitution:"), "erreur",
        "l'état des lieux de restitution ne dit rien du composant « casque » de « kit-vr » : ajoutez la ligne "
        "{materiel: kit-vr, composant: casque, etat: …}.",
    )]


def test_each_missing_component_of_each_item_is_named(tmp_path):
    data_dir, path = written(tmp_path, statut="retire", etat_retrait=condition_check("2026-05-04T09:00", "casque"))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "etat_retrait:"), "erreur",
        "l'état des lieux de retrait ne dit rien du composant « valise » de « kit-vr » : ajoutez la ligne "
        "{materiel: kit-vr, composant: valise, etat: …}.",
    )]


def test_check_recorded_by_a_non_staff_login_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, statut="retire", etat_retrait=dict(PICKUP, par="demandeur-a"))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "  par: demandeur-a"), "erreur",
        "« demandeur-a » n'est pas un agent du Département : l'état des lieux de retrait est fait et enregistré par "
        "un membre de l'équipe (equipe dans reseau.yaml).",
    )]


def test_accepted_loan_with_a_pickup_check_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, etat_retrait=PICKUP)
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "etat_retrait:"), "erreur",
        "un prêt « accepte » n'a pas encore d'état des lieux de retrait : passez le statut à retire si le matériel "
        "est parti, sinon retirez etat_retrait.",
    )]


def test_returned_loan_without_pickup_check_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, statut="restitue", etat_restitution=RETURN, bilan=REPORT)
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "statut:"), "erreur",
        "le prêt est « restitue » mais l'état des lieux de retrait manque : ajoutez etat_retrait (date, par, et l'état "
        "de chaque composant : valise de « kit-vr », casque de « kit-vr »).",
    )]
