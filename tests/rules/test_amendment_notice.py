"""preavis-avenant (Art. 9): an amendment request reaches the Département 3 months before the end."""

from datetime import date

from factory import line_of, member, write_dataset
from ruletest import findings

RULE = "preavis-avenant"
FILE = "data/members/mairie-a.yaml"
# The default member signed on 10/01/2025: last day in force 09/01/2028, request by 10/10/2027.
# The warning starts three months before that deadline (10/07/2027), so the request can still arrive.


def warning(data_dir, message):
    return [(FILE, line_of(data_dir / "members/mairie-a.yaml", "signature:"), "avertissement", message)]


def test_no_warning_before_the_window(tmp_path):
    assert findings(write_dataset(tmp_path), RULE, today=date(2027, 7, 9)) == []


def test_warning_inside_the_window_gives_the_last_day_and_the_deadline(tmp_path):
    data_dir = write_dataset(tmp_path)
    expected = warning(data_dir, "la convention de « mairie-a » prend fin le 09/01/2028 : pour la renouveler ou "
                                 "la modifier, adressez votre demande au Département au plus tard le 10/10/2027.")
    assert findings(data_dir, RULE, today=date(2027, 7, 10)) == expected
    assert findings(data_dir, RULE, today=date(2027, 10, 9)) == expected
    assert findings(data_dir, RULE, today=date(2027, 10, 10)) == expected


def test_warning_once_the_request_deadline_has_passed(tmp_path):
    data_dir = write_dataset(tmp_path)
    expected = warning(data_dir, "la convention de « mairie-a » prend fin le 09/01/2028 et la date limite de demande "
                                 "d'avenant ou de renouvellement (10/10/2027) est dépassée : contactez le Département "
                                 "sans attendre pour la renouveler.")
    assert findings(data_dir, RULE, today=date(2027, 10, 11)) == expected
    assert findings(data_dir, RULE, today=date(2028, 1, 9)) == expected


def test_warning_when_the_agreement_is_over(tmp_path):
    data_dir = write_dataset(tmp_path)
    assert findings(data_dir, RULE, today=date(2028, 1, 10)) == warning(
        data_dir, "la convention de « mairie-a » a pris fin le 09/01/2028 et n'a pas été renouvelée : aucun prêt "
                  "n'est possible avant une nouvelle signature ; faites signer le renouvellement et indiquez sa date "
                  "dans convention.signature.")


def test_deadline_of_an_agreement_signed_on_29_february(tmp_path):
    # Last day 28/02/2027; the day after is 01/03/2027, three months earlier 01/12/2026;
    # the warning starts three months before that deadline, on 01/09/2026.
    data_dir = write_dataset(tmp_path, members=[member(convention={"signature": "2024-02-29"})])
    assert findings(data_dir, RULE, today=date(2026, 8, 31)) == []
    assert findings(data_dir, RULE, today=date(2026, 9, 1)) == warning(
        data_dir, "la convention de « mairie-a » prend fin le 28/02/2027 : pour la renouveler ou la modifier, "
                  "adressez votre demande au Département au plus tard le 01/12/2026.")


def test_terminated_agreement_gets_no_amendment_warning(tmp_path):
    convention = {"signature": "2025-01-10", "resiliation": {"date": "2027-06-01", "motif": "Fin d'activité."}}
    data_dir = write_dataset(tmp_path, members=[member(convention=convention)])
    assert findings(data_dir, RULE, today=date(2027, 12, 1)) == []
