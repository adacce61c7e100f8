"""convention-en-vigueur (Art. 5 et 8): an active loan lies within the borrower's agreement."""

from factory import line_of, loan, member, write_dataset
from ruletest import dated, findings

RULE = "convention-en-vigueur"
FILE = "data/loans/2026/pret-a.yaml"


def signed(day, **convention):
    return member(convention={"signature": day, **convention})


def test_loan_within_the_agreement_passes(tmp_path):
    assert findings(write_dataset(tmp_path, loans=[loan()]), RULE) == []


def test_agreement_ending_on_the_last_day_of_the_loan_passes(tmp_path):
    # Signed 16/05/2023: in force until 15/05/2026 included, the loan's last day.
    data_dir = write_dataset(tmp_path, members=[signed("2023-05-16")], loans=[loan()])
    assert findings(data_dir, RULE) == []


def test_agreement_ending_the_day_before_the_last_day_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, members=[signed("2023-05-15")], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "fin:"), "erreur",
        "la convention de « mairie-a » est en vigueur jusqu'au 14/05/2026 inclus, or le prêt se termine le "
        "15/05/2026 : ramenez la fin du prêt au 14/05/2026 au plus tard, ou faites renouveler la convention et "
        "indiquez la nouvelle date de signature.",
    )]


def test_agreement_signed_on_29_february_ends_on_28_february(tmp_path):
    ok = dated("pret-ok", "2027-02-22", "2027-02-28")
    late = dated("pret-tard", "2027-02-22", "2027-03-01")
    data_dir = write_dataset(tmp_path, members=[signed("2024-02-29")], loans=[ok, late])
    assert findings(data_dir, RULE) == [(
        "data/loans/2027/pret-tard.yaml", line_of(data_dir / "loans/2027/pret-tard.yaml", "fin:"), "erreur",
        "la convention de « mairie-a » est en vigueur jusqu'au 28/02/2027 inclus, or le prêt se termine le "
        "01/03/2027 : ramenez la fin du prêt au 28/02/2027 au plus tard, ou faites renouveler la convention et "
        "indiquez la nouvelle date de signature.",
    )]


def test_terminated_agreement_ends_the_day_before_termination(tmp_path):
    termination = {"date": "2026-05-10", "motif": "Mise en demeure restée sans effet."}
    data_dir = write_dataset(tmp_path, members=[signed("2025-01-10", resiliation=termination)], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "fin:"), "erreur",
        "la convention de « mairie-a » est résiliée à compter du 10/05/2026 (dernier jour en vigueur : 09/05/2026), "
        "or le prêt se termine le 15/05/2026 : annulez le prêt ou ramenez sa fin au 09/05/2026 au plus tard.",
    )]


def test_termination_after_the_loan_passes(tmp_path):
    termination = {"date": "2026-05-16", "motif": "Fin d'activité de médiation."}
    data_dir = write_dataset(tmp_path, members=[signed("2025-01-10", resiliation=termination)], loans=[loan()])
    assert findings(data_dir, RULE) == []


def test_loan_starting_before_the_signature_is_an_error(tmp_path):
    data_dir = write_dataset(tmp_path, members=[signed("2026-05-05")], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "debut:"), "erreur",
        "le prêt commence le 04/05/2026, avant la signature de la convention de « mairie-a » le 05/05/2026 : "
        "faites commencer le prêt le 05/05/2026 au plus tôt.",
    )]


def test_past_loans_are_not_judged_again(tmp_path):
    # A renewal moves the signature date: earlier loans stay as they were.
    past = loan(statut="annule", annulation={"le": "2026-04-10", "motif": "Atelier reporté."})
    data_dir = write_dataset(tmp_path, members=[signed("2026-05-05")], loans=[past])
    assert findings(data_dir, RULE) == []


def test_a_structure_that_has_not_signed_cannot_borrow(tmp_path):
    """A member written by tna import-lieux has no convention yet: its places are listed, its loans refused."""
    unsigned = member()
    del unsigned["convention"], unsigned["assurance"], unsigned["courriel"]
    data_dir = write_dataset(tmp_path, members=[unsigned], loans=[loan()])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "emprunteur:"), "erreur",
        "« mairie-a » n'a pas encore signé la convention de coopération (pas de clé convention dans "
        "data/members/mairie-a.yaml) : un prêt ne lui est possible qu'une fois la convention signée et sa date "
        "reportée dans convention.signature.",
    )]


def test_a_structure_that_has_not_signed_passes_without_loans(tmp_path):
    unsigned = member()
    del unsigned["convention"], unsigned["assurance"], unsigned["courriel"]
    assert findings(write_dataset(tmp_path, members=[unsigned]), RULE) == []
