"""duree-max (Art. 4.3 a): at most 30 calendar days, first and last day included."""

from factory import member, network, write_dataset, line_of
from ruletest import dated, departement_booking, findings

RULE = "duree-max"
STAFF = {"par": "agent-dep", "le": "2026-04-03", "motif": "Résidence numérique de six semaines."}


def test_thirty_days_pass(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[dated("pret-a", "2026-05-04", "2026-06-02")])
    assert findings(data_dir, RULE) == []


def test_thirty_one_days_fail_on_fin(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[dated("pret-a", "2026-05-04", "2026-06-03")])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE) == [(
        "data/loans/2026/pret-a.yaml", line_of(path, "fin:"), "erreur",
        "le prêt dure 31 jours ; au-delà de 30 jours, une dérogation du Département est requise (champ "
        "derogation). Raccourcissez le prêt (dernier jour le 02/06/2026 au plus tard) ou faites accorder une "
        "dérogation par un agent du Département.",
    )]


def test_limit_comes_from_the_network(tmp_path):
    rules = {"duree_max_jours": 10, "rotation_jours_ouvres": 1, "preavis_jours_ouvres": 5, "delai_bilan_jours": 30}
    data_dir = write_dataset(tmp_path, network_data=network(regles_pret=rules),
                             loans=[dated("pret-a", "2026-05-04", "2026-05-15")])
    [(_, _, _, message)] = findings(data_dir, RULE)
    assert message.startswith("le prêt dure 12 jours ; au-delà de 10 jours,")
    assert "dernier jour le 13/05/2026 au plus tard" in message


def test_derogation_by_staff_allows_a_longer_loan(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[dated("pret-a", "2026-05-04", "2026-06-12", derogation=STAFF)])
    assert findings(data_dir, RULE) == []


def test_derogation_by_a_non_staff_login_is_refused(tmp_path):
    derogation = dict(STAFF, par="demandeur-a")
    data_dir = write_dataset(tmp_path, loans=[dated("pret-a", "2026-05-04", "2026-06-12", derogation=derogation)])
    path = data_dir / "loans/2026/pret-a.yaml"
    assert findings(data_dir, RULE) == [
        ("data/loans/2026/pret-a.yaml", line_of(path, "fin:"), "erreur",
         "le prêt dure 40 jours ; au-delà de 30 jours, une dérogation du Département est requise (champ "
         "derogation). Raccourcissez le prêt (dernier jour le 02/06/2026 au plus tard) ou faites accorder une "
         "dérogation par un agent du Département."),
        ("data/loans/2026/pret-a.yaml", line_of(path, "  par: demandeur-a"), "erreur",
         "la dérogation est signée par « demandeur-a », qui n'est pas un agent du Département (liste equipe de "
         "reseau.yaml) : seul un agent du Département peut accorder une dérogation ; faites-la signer par l'un "
         "d'eux."),
    ]


def test_departement_bookings_are_exempt(tmp_path):
    booking = departement_booking("dep-salon", debut="2026-05-04", fin="2026-06-30",
                                  retrait="2026-05-04T09:00", restitution="2026-06-30T16:00")
    data_dir = write_dataset(tmp_path, loans=[booking])
    assert findings(data_dir, RULE) == []


def test_refused_request_is_not_judged(tmp_path):
    refused = dated("pret-a", "2026-05-04", "2026-06-12", statut="refuse",
                    refus={"par": "agent-dep", "le": "2026-04-03", "motif": "Trop long."})
    del refused["validation"]
    data_dir = write_dataset(tmp_path, loans=[refused])
    assert findings(data_dir, RULE) == []


def test_duration_counts_29_february(tmp_path):
    """2028 is a leap year: 15 February to 15 March is 30 days, to 16 March 31."""
    long_agreement = member(convention={"signature": "2025-06-01"},
                            assurance={"assureur": "Assureur de test", "fin": "2028-12-31"})
    loans = [
        dated("pret-a", "2028-02-15", "2028-03-15"),
        dated("pret-b", "2028-02-15", "2028-03-16", materiel=["kit-vr"]),
        dated("pret-c", "2028-02-29", "2028-03-29"),
        dated("pret-d", "2028-02-29", "2028-03-30"),
    ]
    data_dir = write_dataset(tmp_path, members=[long_agreement], loans=loans)
    reported = {(path, message.split(" ;")[0]) for path, _, _, message in findings(data_dir, RULE)}
    assert reported == {
        ("data/loans/2028/pret-b.yaml", "le prêt dure 31 jours"),
        ("data/loans/2028/pret-d.yaml", "le prêt dure 31 jours"),
    }
