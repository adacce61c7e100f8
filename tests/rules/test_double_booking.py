"""double-reservation (Art. 4.3 b): one active booking per item and day, plus the turnaround."""

from factory import item, line_of, network, write_dataset
from ruletest import dated, departement_booking, findings

RULE = "double-reservation"
TURNAROUND_1 = ("un matériel ne sert qu'à une réservation par jour et il faut 1 jour ouvré de rotation entre "
                "une restitution et le retrait suivant")
TURNAROUND_0 = ("un matériel ne sert qu'à une réservation par jour et repart au plus tôt le lendemain d'une "
                "restitution")


def with_turnaround(days):
    return network(regles_pret={"duree_max_jours": 30, "rotation_jours_ouvres": days, "preavis_jours_ouvres": 5,
                                "delai_bilan_jours": 30})


SAME_DAY = "demandée le même jour et commençant avant"


def both_sides(data_dir, first, second, rule, first_pickup, item_id="kit-vr", why=SAME_DAY):
    """The two findings expected for a conflict between loans ``first`` and ``second`` (ids, dates),
    when the first one keeps its dates and the second one must move."""
    (a_id, a_start, a_end), (b_id, b_start, b_end) = first, second
    a_path, b_path = data_dir / f"loans/2026/{a_id}.yaml", data_dir / f"loans/2026/{b_id}.yaml"
    return [
        (f"data/loans/2026/{a_id}.yaml", line_of(a_path, f"- {item_id}"), "erreur",
         f"« {item_id} » est aussi réservé du {b_start} au {b_end} par data/loans/2026/{b_id}.yaml : {rule}. "
         f"Cette réservation-ci est prioritaire ({why}) et garde ses dates : c'est l'autre qui doit changer de "
         "dates ou être annulée."),
        (f"data/loans/2026/{b_id}.yaml", line_of(b_path, f"- {item_id}"), "erreur",
         f"« {item_id} » est déjà réservé du {a_start} au {a_end} par data/loans/2026/{a_id}.yaml : {rule}. "
         f"Cette autre réservation est prioritaire ({why}) : reportez ce retrait au {first_pickup} au plus tôt, "
         "ou annulez cette réservation (ou refusez la demande)."),
    ]


def test_separate_periods_pass(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), dated("pret-b", "2026-06-15", "2026-06-19")]
    assert findings(write_dataset(tmp_path, loans=loans), RULE) == []


def test_overlap_is_reported_on_both_files(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), dated("pret-b", "2026-06-08", "2026-06-19")]
    data_dir = write_dataset(tmp_path, loans=loans)
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("pret-a", "01/06/2026", "10/06/2026"), ("pret-b", "08/06/2026", "19/06/2026"),
        TURNAROUND_1, "12/06/2026")


def test_turnaround_zero_next_day_passes(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), dated("pret-b", "2026-06-11", "2026-06-19")]
    assert findings(write_dataset(tmp_path, network_data=with_turnaround(0), loans=loans), RULE) == []


def test_turnaround_zero_same_day_handover_is_refused(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), dated("pret-b", "2026-06-10", "2026-06-19")]
    data_dir = write_dataset(tmp_path, network_data=with_turnaround(0), loans=loans)
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("pret-a", "01/06/2026", "10/06/2026"), ("pret-b", "10/06/2026", "19/06/2026"),
        TURNAROUND_0, "11/06/2026")


def test_turnaround_one_needs_a_free_working_day(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), dated("pret-b", "2026-06-11", "2026-06-19")]
    data_dir = write_dataset(tmp_path, loans=loans)
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("pret-a", "01/06/2026", "10/06/2026"), ("pret-b", "11/06/2026", "19/06/2026"),
        TURNAROUND_1, "12/06/2026")


def test_turnaround_one_day_later_passes(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), dated("pret-b", "2026-06-12", "2026-06-19")]
    assert findings(write_dataset(tmp_path, loans=loans), RULE) == []


def test_turnaround_counts_working_days_only(tmp_path):
    """Return on Wednesday 13 May 2026: Thursday 14 is Ascension, so Friday 15 is the turnaround day."""
    loans = [dated("pret-a", "2026-05-04", "2026-05-13"), dated("pret-b", "2026-05-15", "2026-05-22")]
    data_dir = write_dataset(tmp_path, loans=loans)
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("pret-a", "04/05/2026", "13/05/2026"), ("pret-b", "15/05/2026", "22/05/2026"),
        TURNAROUND_1, "18/05/2026")


def test_two_turnaround_days(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-05"), dated("pret-b", "2026-06-09", "2026-06-12")]
    data_dir = write_dataset(tmp_path, network_data=with_turnaround(2), loans=loans)
    rule = ("un matériel ne sert qu'à une réservation par jour et il faut 2 jours ouvrés de rotation entre une "
            "restitution et le retrait suivant")
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("pret-a", "01/06/2026", "05/06/2026"), ("pret-b", "09/06/2026", "12/06/2026"), rule, "10/06/2026")


def test_refused_and_cancelled_bookings_hold_nothing(tmp_path):
    refused = dated("pret-b", "2026-06-01", "2026-06-10", statut="refuse",
                    refus={"par": "agent-dep", "le": "2026-04-03", "motif": "Matériel déjà prêté."})
    cancelled = dated("pret-c", "2026-06-01", "2026-06-10", statut="annule",
                      annulation={"par": "demandeur-a", "le": "2026-04-03", "motif": "Atelier reporté."})
    for record in (refused, cancelled):
        del record["validation"]
    loans = [dated("pret-a", "2026-06-01", "2026-06-10"), refused, cancelled]
    assert findings(write_dataset(tmp_path, loans=loans), RULE) == []


def test_pending_request_counts(tmp_path):
    request = dated("pret-b", "2026-06-08", "2026-06-19", statut="demande")
    del request["validation"]
    loans = [dated("pret-a", "2026-06-01", "2026-06-10", statut="retire"), request]
    data_dir = write_dataset(tmp_path, loans=loans)
    assert [(path, severity) for path, _, severity, _ in findings(data_dir, RULE)] == [
        ("data/loans/2026/pret-a.yaml", "erreur"), ("data/loans/2026/pret-b.yaml", "erreur")]


def test_finding_points_at_the_shared_item(tmp_path):
    equipment = [item("kit-vr"), item("drone")]
    loans = [dated("pret-a", "2026-06-01", "2026-06-10", materiel=["kit-vr", "drone"]),
             dated("pret-b", "2026-06-08", "2026-06-19", materiel=["drone"])]
    data_dir = write_dataset(tmp_path, equipment=equipment, loans=loans)
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("pret-a", "01/06/2026", "10/06/2026"), ("pret-b", "08/06/2026", "19/06/2026"),
        TURNAROUND_1, "12/06/2026", item_id="drone")


def test_every_pair_of_three_overlapping_loans(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-26"), dated("pret-b", "2026-06-08", "2026-06-10"),
             dated("pret-c", "2026-06-15", "2026-06-19")]
    data_dir = write_dataset(tmp_path, loans=loans)
    pairs = sorted((path.rsplit("/", 1)[1], message.split(" par ")[1].split(" :")[0])
                   for path, _, _, message in findings(data_dir, RULE))
    assert pairs == [
        ("pret-a.yaml", "data/loans/2026/pret-b.yaml"), ("pret-a.yaml", "data/loans/2026/pret-c.yaml"),
        ("pret-b.yaml", "data/loans/2026/pret-a.yaml"), ("pret-c.yaml", "data/loans/2026/pret-a.yaml"),
    ]


def test_two_departement_bookings_conflict(tmp_path):
    loans = [departement_booking("dep-a", debut="2026-06-01", fin="2026-06-10", retrait="2026-06-01T09:00",
                                 restitution="2026-06-10T16:00"),
             departement_booking("dep-b", debut="2026-06-08", fin="2026-06-12", retrait="2026-06-08T09:00",
                                 restitution="2026-06-12T16:00")]
    data_dir = write_dataset(tmp_path, loans=loans)
    assert findings(data_dir, RULE) == both_sides(
        data_dir, ("dep-a", "01/06/2026", "10/06/2026"), ("dep-b", "08/06/2026", "12/06/2026"),
        TURNAROUND_1, "12/06/2026")


def test_departement_against_member_is_left_to_priority(tmp_path):
    loans = [departement_booking("dep-a", debut="2026-06-01", fin="2026-06-10", retrait="2026-06-01T09:00",
                                 restitution="2026-06-10T16:00"),
             dated("pret-b", "2026-06-08", "2026-06-19")]
    assert findings(write_dataset(tmp_path, loans=loans), RULE) == []


def test_a_newer_request_that_starts_first_is_the_one_told_to_move(tmp_path):
    """An accepted loan from 10/06 and a request made later for 01/06–12/06: the request ends earlier."""
    request = dated("pret-a", "2026-06-01", "2026-06-12", statut="demande", demande_le="2026-04-10")
    del request["validation"]
    loans = [request, dated("pret-b", "2026-06-10", "2026-06-19")]
    data_dir = write_dataset(tmp_path, loans=loans)
    messages = {path.rsplit("/", 1)[1]: message for path, _, _, message in findings(data_dir, RULE)}
    # Return on Monday 08/06 leaves Tuesday 09/06 for the turnaround before the pickup on 10/06.
    assert messages["pret-a.yaml"].endswith(
        "Cette autre réservation est prioritaire (déjà acceptée) : terminez ce prêt le 08/06/2026 au plus tard, "
        "ou annulez cette réservation (ou refusez la demande).")
    assert messages["pret-b.yaml"].endswith(
        "Cette réservation-ci est prioritaire (déjà acceptée) et garde ses dates : c'est l'autre qui doit "
        "changer de dates ou être annulée.")


def test_at_equal_status_the_older_request_keeps_its_dates(tmp_path):
    loans = [dated("pret-a", "2026-06-01", "2026-06-10", demande_le="2026-04-12"),
             dated("pret-b", "2026-06-08", "2026-06-19", demande_le="2026-04-02")]
    data_dir = write_dataset(tmp_path, loans=loans)
    messages = {path.rsplit("/", 1)[1]: message for path, _, _, message in findings(data_dir, RULE)}
    assert "Cette réservation-ci est prioritaire (demandée avant, le 02/04/2026)" in messages["pret-b.yaml"]
    assert messages["pret-a.yaml"].endswith(
        "Cette autre réservation est prioritaire (demandée avant, le 02/04/2026) : terminez ce prêt le 04/06/2026 au plus tard, "
        "ou annulez cette réservation (ou refusez la demande).")
