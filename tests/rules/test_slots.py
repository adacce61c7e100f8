"""creneaux (Art. 4.3 c): pickup on debut, return on fin, both in opening hours on a working day."""

from factory import line_of, loan, network, write_dataset
from ruletest import findings

RULE = "creneaux"
ADVICE_START = ("Choisissez un créneau pendant les heures d'ouverture d'un jour ouvré (et décalez debut avec lui).")
ADVICE_END = ("Choisissez un créneau pendant les heures d'ouverture d'un jour ouvré (et décalez fin avec lui).")
MONDAY_HOURS = "ce lundi : de 08:30 à 12:30 et de 13:30 à 17:00"


def only_finding(data_dir, key):
    path = data_dir / "loans/2026/pret-a.yaml"
    return "data/loans/2026/pret-a.yaml", line_of(path, f"{key}:"), "erreur"


def test_loan_spanning_public_holidays_passes(tmp_path):
    """4 to 15 May 2026 covers 8 May and Ascension; pickup and return fall on working days."""
    assert findings(write_dataset(tmp_path, loans=[loan()]), RULE) == []


def test_opening_time_is_accepted(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(retrait="2026-05-04T08:30", restitution="2026-05-15T13:30")])
    assert findings(data_dir, RULE) == []


def test_closing_time_is_refused(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(restitution="2026-05-15T17:00")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "restitution") + (
        "la restitution le 15/05/2026 à 17:00 est impossible : c'est en dehors des heures d'ouverture du siège, "
        "Maison du Département (ce vendredi : de 08:30 à 12:30 et de 13:30 à 17:00). " + ADVICE_END,)]


def test_lunch_break_is_refused(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(retrait="2026-05-04T12:45")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "retrait") + (
        "le retrait le 04/05/2026 à 12:45 est impossible : c'est en dehors des heures d'ouverture du siège, "
        f"Maison du Département ({MONDAY_HOURS}). " + ADVICE_START,)]


def test_day_closed_in_the_opening_hours(tmp_path):
    hq = dict(network()["siege"], horaires="Mo,Tu,Th,Fr 08:30-12:30; PH off")
    data_dir = write_dataset(tmp_path, network_data=network(siege=hq),
                             loans=[loan(fin="2026-05-13", restitution="2026-05-13T10:00")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "restitution") + (
        "la restitution le 13/05/2026 à 10:00 est impossible : c'est en dehors des heures d'ouverture du siège, "
        "Maison du Département (fermé tout le mercredi). Jours possibles les plus proches pour la restitution : "
        "le mardi 12/05/2026 ou le vendredi 15/05/2026. " + ADVICE_END,)]


def test_pickup_on_a_public_holiday_is_refused_and_named(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(debut="2026-05-01", retrait="2026-05-01T09:00")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "retrait") + (
        "le retrait le 01/05/2026 à 09:00 est impossible : ce jour est férié (Fête du Travail). Premier jour "
        f"possible pour le retrait : le lundi 04/05/2026 ({MONDAY_HOURS.split(' : ')[1]}). " + ADVICE_START,)]


def test_return_on_a_saturday_is_refused(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(fin="2026-05-16", restitution="2026-05-16T10:00")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "restitution") + (
        "la restitution le 16/05/2026 à 10:00 est impossible : ce jour est un samedi. Jours possibles les plus "
        "proches pour la restitution : le vendredi 15/05/2026 ou le lundi 18/05/2026. " + ADVICE_END,)]


def test_pickup_not_on_debut(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(retrait="2026-05-05T09:00")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "retrait") + (
        "le retrait est prévu le 05/05/2026, mais le premier jour du prêt (debut) est le 04/05/2026 : faites "
        "coïncider retrait et debut.",)]


def test_return_not_on_fin(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(restitution="2026-05-14T10:00")])
    path, line, severity = only_finding(data_dir, "restitution")
    assert findings(data_dir, RULE) == [
        (path, line, severity, "la restitution est prévue le 14/05/2026, mais le dernier jour du prêt (fin) est le "
                               "15/05/2026 : faites coïncider restitution et fin."),
        (path, line, severity, "la restitution le 14/05/2026 à 10:00 est impossible : ce jour est férié "
                               "(Ascension). Jours possibles les plus proches pour la restitution : le mercredi "
                               "13/05/2026 ou le vendredi 15/05/2026. " + ADVICE_END),
    ]


def test_returned_loans_are_checked(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[loan(statut="restitue", restitution="2026-05-15T18:00")])
    assert [line for _, line, _, _ in findings(data_dir, RULE)] == [
        line_of(data_dir / "loans/2026/pret-a.yaml", "restitution:")]


def test_refused_requests_are_not_checked(tmp_path):
    refused = loan(statut="refuse", retrait="2026-05-01T09:00",
                   refus={"par": "agent-dep", "le": "2026-04-03", "motif": "Matériel indisponible."})
    del refused["validation"]
    assert findings(write_dataset(tmp_path, loans=[refused]), RULE) == []


def _network_of(code: str, name: str) -> dict[str, object]:
    return network(departement={"nom": name, "code": code})


def test_good_friday_pickup_is_refused_in_the_bas_rhin(tmp_path):
    """Alsace-Moselle has Good Friday off: `holidays` subdivision 6AE, chosen from the code 67."""
    data_dir = write_dataset(tmp_path, network_data=_network_of("67", "Collectivité européenne d'Alsace"),
                             loans=[loan(debut="2026-04-03", retrait="2026-04-03T09:00")])
    assert findings(data_dir, RULE) == [only_finding(data_dir, "retrait") + (
        "le retrait le 03/04/2026 à 09:00 est impossible : ce jour est férié (Vendredi saint). Premier jour possible "
        "pour le retrait : le mardi 07/04/2026 (de 08:30 à 12:30 et de 13:30 à 17:00). " + ADVICE_START,)]


def test_good_friday_pickup_is_allowed_in_the_manche(tmp_path):
    data_dir = write_dataset(tmp_path, network_data=_network_of("50", "Département de la Manche"),
                             loans=[loan(debut="2026-04-03", retrait="2026-04-03T09:00")])
    assert findings(data_dir, RULE) == []


def test_boxing_day_return_is_refused_in_the_moselle(tmp_path):
    data_dir = write_dataset(tmp_path, network_data=_network_of("57", "Département de la Moselle"),
                             loans=[loan(debut="2026-12-14", retrait="2026-12-14T09:00",
                                         fin="2026-12-26", restitution="2026-12-26T10:00")])
    messages = [message for *_, message in findings(data_dir, RULE)]
    assert messages == ["la restitution le 26/12/2026 à 10:00 est impossible : ce jour est férié (Saint-Étienne). "
                        "Jours possibles les plus proches pour la restitution : le jeudi 24/12/2026 ou le lundi "
                        "28/12/2026. " + ADVICE_END]


def test_abolition_of_slavery_pickup_is_refused_in_guadeloupe(tmp_path):
    """27 May is a public holiday in Guadeloupe (971), an ordinary Wednesday in the Manche."""
    pickup = dict(debut="2026-05-27", retrait="2026-05-27T09:00", fin="2026-06-05", restitution="2026-06-05T10:00")
    guadeloupe = write_dataset(tmp_path / "971", network_data=_network_of("971", "Département de la Guadeloupe"),
                               loans=[loan(**pickup)])
    assert findings(guadeloupe, RULE) == [only_finding(guadeloupe, "retrait") + (
        "le retrait le 27/05/2026 à 09:00 est impossible : ce jour est férié (Abolition de l'esclavage). Premier "
        "jour possible pour le retrait : le jeudi 28/05/2026 (de 08:30 à 12:30 et de 13:30 à 17:00). "
        + ADVICE_START,)]
    manche = write_dataset(tmp_path / "50", loans=[loan(**pickup)])
    assert findings(manche, RULE) == []
