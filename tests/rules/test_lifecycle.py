"""cycle-de-vie: each status carries the decision that led to it, and nothing from a later stage."""

import copy

from factory import line_of, loan, write_dataset
from ruletest import findings

RULE = "cycle-de-vie"
FILE = "data/loans/2026/pret-a.yaml"
REFUSAL = {"par": "agent-dep", "le": "2026-04-03", "motif": "Matériel réservé par le Département."}
CANCELLATION = {"le": "2026-04-10", "motif": "Atelier reporté à l'automne."}
REPORT = {"rendu_le": "2026-05-20", "seances": 4, "actions": [{"type": "atelier", "nombre": 4}],
          "publics": [{"type": "scolaires", "nombre": 48}], "satisfaction": {"note": 4.5}}


def written(tmp_path, without=(), **overrides):
    record = loan(**overrides)
    for key in without:
        del record[key]
    data_dir = write_dataset(tmp_path, loans=[record])
    return data_dir, data_dir / "loans/2026/pret-a.yaml"


def test_decided_loans_pass(tmp_path):
    refused = loan("pret-refuse", statut="refuse", refus=REFUSAL)
    del refused["validation"]
    cancelled = loan("pret-annule", statut="annule", annulation=CANCELLATION)
    request = loan("pret-demande", statut="demande")
    del request["validation"]
    data_dir = write_dataset(tmp_path, loans=[loan(), refused, cancelled, request])
    assert findings(data_dir, RULE) == []


def test_accepted_loan_without_validation_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, without=["validation"])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "statut:"), "erreur",
        "le prêt est « accepte » mais la validation du Département n'est pas enregistrée : ajoutez validation (par "
        "(identifiant d'un agent du Département) et le (date)).",
    )]


def test_validation_by_a_non_staff_login_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, validation={"par": "demandeur-a", "le": "2026-04-03"})
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "  par: demandeur-a"), "erreur",
        "« demandeur-a » n'est pas un agent du Département : seule l'équipe (equipe dans reseau.yaml) enregistre "
        "une validation.",
    )]


def test_validation_before_the_request_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, validation={"par": "agent-dep", "le": "2026-03-31"})
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "  le: '2026-03-31'"), "erreur",
        "la validation est datée du 31/03/2026, avant la demande (01/04/2026) : corrigez validation.le ou demande_le.",
    )]


def test_refused_loan_without_refusal_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, without=["validation"], statut="refuse")
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "statut:"), "erreur",
        "le prêt est « refuse » mais le refus du Département n'est pas enregistré : ajoutez refus (par (identifiant "
        "d'un agent du Département), le (date) et motif).",
    )]


def test_refusal_by_a_non_staff_login_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, without=["validation"], statut="refuse", refus=dict(REFUSAL, par="demandeur-a"))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "  par: demandeur-a"), "erreur",
        "« demandeur-a » n'est pas un agent du Département : seule l'équipe (equipe dans reseau.yaml) enregistre "
        "un refus.",
    )]


def test_cancelled_loan_without_cancellation_is_an_error(tmp_path):
    data_dir, path = written(tmp_path, statut="annule")
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "statut:"), "erreur",
        "le prêt est « annule » mais l'annulation n'est pas enregistrée : ajoutez annulation (le (date) et motif).",
    )]


def test_blocks_of_another_status_are_errors(tmp_path):
    data_dir, path = written(tmp_path, refus=REFUSAL, annulation=CANCELLATION, bilan=REPORT)
    assert findings(data_dir, RULE) == [
        (FILE, line_of(path, "refus:"), "erreur",
         "un prêt « accepte » ne porte pas un refus (réservé au statut « refuse ») : retirez refus, ou corrigez le "
         "statut."),
        (FILE, line_of(path, "annulation:"), "erreur",
         "un prêt « accepte » ne porte pas une annulation (réservé au statut « annule ») : retirez annulation, ou "
         "corrigez le statut."),
        (FILE, line_of(path, "bilan:"), "erreur",
         "un prêt « accepte » ne porte pas un bilan (réservé au statut « restitue ») : retirez bilan, ou corrigez le "
         "statut."),
    ]


def test_return_check_before_the_return_is_an_error(tmp_path):
    pickup = {"date": "2026-05-04T09:00", "par": "agent-dep", "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}
    returned = {"date": "2026-05-15T16:00", "par": "agent-dep", "composants": copy.deepcopy(pickup["composants"])}
    data_dir, path = written(tmp_path, statut="retire", etat_retrait=pickup, etat_restitution=returned)
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "etat_restitution:"), "erreur",
        "un prêt « retire » ne porte pas un état des lieux de restitution (réservé au statut « restitue ») : retirez "
        "etat_restitution, ou corrigez le statut.",
    )]
