"""delai-prevenance (Art. 4.3): a request comes in at least 5 working days before its first day."""

from datetime import date

from factory import line_of, write_dataset
from ruletest import dated, departement_booking, findings

RULE = "delai-prevenance"
TODAY = date(2026, 4, 2)


def request(start, end, requested_on="2026-04-01", **overrides):
    data = dated("pret-a", start, end, statut="demande", demande_le=requested_on, **overrides)
    del data["validation"]
    return data


def test_fifth_working_day_passes(tmp_path):
    """Requested Wednesday 1 April 2026; Easter Monday (6 April) is not counted: Thursday 9 April is the 5th."""
    data_dir = write_dataset(tmp_path, loans=[request("2026-04-09", "2026-04-17")])
    assert findings(data_dir, RULE, TODAY) == []


def test_too_short_notice_gives_the_first_possible_day(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[request("2026-04-08", "2026-04-17")])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE, TODAY) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "debut:"), "erreur",
        "le prêt commence le 08/04/2026, 4 jours ouvrés après la demande du 01/04/2026, alors qu'il faut un délai "
        "de prévenance de 5 jours ouvrés. Décalez le premier jour au 09/04/2026 ou plus tard.",
    )]


def test_same_day_request(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[request("2026-04-01", "2026-04-03")])
    [(_, _, _, message)] = findings(data_dir, RULE, TODAY)
    assert message.startswith("le prêt commence le 01/04/2026, 0 jour ouvré après la demande du 01/04/2026,")


def test_request_dated_after_the_first_day(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[request("2026-04-08", "2026-04-17", requested_on="2026-04-10")])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE, TODAY) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "debut:"), "erreur",
        "le prêt commence le 08/04/2026, avant la demande du 10/04/2026 : avec le délai de prévenance de 5 jours "
        "ouvrés, le premier jour possible est le 17/04/2026 ; décalez le premier jour (debut) à cette date ou plus "
        "tard, ou corrigez la date de la demande (demande_le) si elle est fausse.",
    )]


def test_accepted_loans_are_not_rejudged(tmp_path):
    accepted = dated("pret-a", "2026-04-08", "2026-04-17", demande_le="2026-04-01")
    assert findings(write_dataset(tmp_path, loans=[accepted]), RULE, TODAY) == []


def test_departement_bookings_need_no_notice(tmp_path):
    booking = departement_booking("dep-a", statut="demande", debut="2026-04-03", fin="2026-04-03",
                                  retrait="2026-04-03T09:00", restitution="2026-04-03T16:00")
    del booking["validation"]
    assert findings(write_dataset(tmp_path, loans=[booking]), RULE, TODAY) == []
