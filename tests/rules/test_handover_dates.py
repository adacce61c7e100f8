"""dates-retrait-restitution (Art. 4.3 c et d): condition checks are dated at moments that could happen."""

from datetime import date

from factory import line_of, loan, write_dataset
from ruletest import findings

RULE = "dates-retrait-restitution"
FILE = "data/loans/2026/pret-a.yaml"
AFTER = date(2026, 5, 20)  # the loan (4 to 15 May 2026) is over: no date below is in the future
REAL_MOMENT = ("Le matériel se remet et se rend à la Maison du Département pendant ses heures d'ouverture, un jour "
               "ouvré : écrivez le moment réel.")


def condition_check(moment, motif=None):
    block = {"date": moment, "par": "agent-dep", "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}
    if motif:
        block["motif"] = motif
    return block


def picked_up(tmp_path, moment, motif=None):
    data_dir = write_dataset(tmp_path, loans=[loan(statut="retire", etat_retrait=condition_check(moment, motif))])
    return data_dir, data_dir / "loans/2026/pret-a.yaml"


def returned(tmp_path, pickup, back, motif=None):
    record = loan(statut="restitue", etat_retrait=condition_check(pickup, motif),
                  etat_restitution=condition_check(back))
    data_dir = write_dataset(tmp_path, loans=[record])
    return data_dir, data_dir / "loans/2026/pret-a.yaml"


def test_pickup_and_return_at_their_slots_pass(tmp_path):
    data_dir, _ = returned(tmp_path, "2026-05-04T09:00", "2026-05-15T16:00")
    assert findings(data_dir, RULE, AFTER) == []


def test_late_pickup_and_early_or_late_return_are_real_facts(tmp_path):
    data_dir, _ = returned(tmp_path, "2026-05-06T14:00", "2026-05-19T10:30")
    assert findings(data_dir, RULE, AFTER) == []
    data_dir, _ = returned(tmp_path / "early", "2026-05-04T09:00", "2026-05-07T11:00")
    assert findings(data_dir, RULE, AFTER) == []


def test_pickup_on_a_sunday_is_impossible(tmp_path):
    data_dir, path = picked_up(tmp_path, "2026-05-10T09:00")
    assert findings(data_dir, RULE, AFTER) == [(
        FILE, line_of(path, "date: 2026-05-10T09:00"), "erreur",
        "l'état des lieux du retrait est daté du 10/05/2026 à 09:00, un moment impossible : ce jour est un dimanche. "
        + REAL_MOMENT,
    )]


def test_return_on_a_public_holiday_is_impossible(tmp_path):
    data_dir, path = returned(tmp_path, "2026-05-04T09:00", "2026-05-08T10:00")
    assert findings(data_dir, RULE, AFTER) == [(
        FILE, line_of(path, "date: 2026-05-08T10:00"), "erreur",
        "l'état des lieux de la restitution est daté du 08/05/2026 à 10:00, un moment impossible : ce jour est "
        "férié (Fête de la Victoire). " + REAL_MOMENT,
    )]


def test_pickup_during_the_lunch_break_is_impossible(tmp_path):
    data_dir, path = picked_up(tmp_path, "2026-05-04T12:45")
    assert findings(data_dir, RULE, AFTER) == [(
        FILE, line_of(path, "date: 2026-05-04T12:45"), "erreur",
        "l'état des lieux du retrait est daté du 04/05/2026 à 12:45, un moment impossible : c'est en dehors des "
        "heures d'ouverture du siège, Maison du Département (ce lundi : de 08:30 à 12:30 et de 13:30 à 17:00). "
        + REAL_MOMENT,
    )]


def test_pickup_before_the_first_day_needs_a_reason(tmp_path):
    data_dir, path = picked_up(tmp_path, "2026-04-30T10:00")
    assert findings(data_dir, RULE, AFTER) == [(
        FILE, line_of(path, "date: 2026-04-30T10:00"), "erreur",
        "le retrait est daté du 30/04/2026 à 10:00, avant le premier jour du prêt (04/05/2026) : un retrait anticipé "
        "est une décision de l'agent, qui en écrit la raison dans etat_retrait.motif (tna pickup --motif) ; sinon, "
        "écrivez le moment réel.",
    )]


def test_pickup_before_the_first_day_with_a_reason_passes(tmp_path):
    data_dir, _ = picked_up(tmp_path, "2026-04-30T10:00", motif="Le 4 mai, la médiathèque ouvre à 8 h : remis la "
                                                                 "veille du pont, à la demande du Département.")
    assert findings(data_dir, RULE, AFTER) == []


def test_a_check_dated_after_today_is_refused(tmp_path):
    data_dir, path = picked_up(tmp_path, "2026-05-04T09:00")
    assert findings(data_dir, RULE, date(2026, 5, 3)) == [(
        FILE, line_of(path, "date: 2026-05-04T09:00"), "erreur",
        "l'état des lieux du retrait est daté du 04/05/2026 à 09:00, après la date du jour (03/05/2026) : on "
        "n'enregistre un état des lieux qu'une fois fait ; écrivez le moment réel.",
    )]
    assert findings(data_dir, RULE, date(2026, 5, 4)) == []


def test_return_before_the_pickup_is_impossible(tmp_path):
    data_dir, path = returned(tmp_path, "2026-05-05T10:00", "2026-05-05T09:00")
    assert findings(data_dir, RULE, AFTER) == [(
        FILE, line_of(path, "date: 2026-05-05T09:00"), "erreur",
        "la restitution est datée du 05/05/2026 à 09:00, avant le retrait (05/05/2026 à 10:00) : le matériel ne "
        "revient pas avant d'être parti ; écrivez le moment réel.",
    )]


def test_return_before_the_first_day_is_impossible_even_after_an_early_pickup(tmp_path):
    data_dir, path = returned(tmp_path, "2026-04-29T10:00", "2026-04-30T16:00", motif="Remis plus tôt pour un "
                                                                                    "essai du matériel.")
    assert findings(data_dir, RULE, AFTER) == [(
        FILE, line_of(path, "date: 2026-04-30T16:00"), "erreur",
        "la restitution est datée du 30/04/2026 à 16:00, avant le premier jour du prêt (04/05/2026) : le matériel ne "
        "revient pas avant le début du prêt ; écrivez le moment réel.",
    )]
