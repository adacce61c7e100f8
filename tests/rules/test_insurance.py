"""assurance (Art. 4.1): the borrower's insurance covers every day of an active loan."""

from factory import line_of, loan, member, write_dataset
from ruletest import findings

RULE = "assurance"
FILE = "data/loans/2026/pret-a.yaml"


def insured(**cover):
    return member(assurance={"assureur": "Assureur de test", **cover})


def test_loan_inside_the_cover_passes(tmp_path):
    data_dir = write_dataset(tmp_path, members=[insured(debut="2026-01-01", fin="2026-05-15")], loans=[loan()])
    assert findings(data_dir, RULE) == []


def test_insurance_ending_mid_loan_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, members=[insured(fin="2026-05-10")], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "fin:"), "erreur",
        "l'assurance de « mairie-a » couvre le matériel jusqu'au 10/05/2026, or le prêt se termine le 15/05/2026 : "
        "transmettez l'attestation de la nouvelle période et mettez à jour assurance.fin, ou avancez la fin du prêt.",
    )]


def test_insurance_starting_after_the_first_day_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, members=[insured(debut="2026-05-05", fin="2027-05-04")], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "debut:"), "erreur",
        "l'assurance de « mairie-a » ne couvre le matériel qu'à partir du 05/05/2026, or le prêt commence le "
        "04/05/2026 : décalez le début du prêt ou mettez à jour assurance.debut avec l'attestation de l'assureur.",
    )]


def test_past_loans_are_not_judged_again(tmp_path):
    cancelled = loan(statut="annule", annulation={"le": "2026-04-10", "motif": "Atelier reporté."})
    data_dir = write_dataset(tmp_path, members=[insured(fin="2026-05-10")], loans=[cancelled])
    assert findings(data_dir, RULE) == []


def test_a_member_without_insurance_cannot_borrow(tmp_path):
    uninsured = member()
    del uninsured["assurance"]
    data_dir = write_dataset(tmp_path, members=[uninsured], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "emprunteur:"), "erreur",
        "« mairie-a » n'a pas d'assurance enregistrée (pas de clé assurance dans data/members/mairie-a.yaml) : "
        "transmettez au Département l'attestation d'assurance du matériel et reportez-la dans assurance "
        "(assureur, fin) avant tout prêt.",
    )]
