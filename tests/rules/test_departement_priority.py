"""priorite-departement (Art. 4.3 b): the Département's own bookings win over members' loans."""

from factory import line_of, write_dataset
from ruletest import dated, departement_booking, findings

RULE = "priorite-departement"
TURNAROUND_1 = ("un matériel ne sert qu'à une réservation par jour et il faut 1 jour ouvré de rotation entre "
                "une restitution et le retrait suivant")


def salon(**overrides):
    return departement_booking("dep-salon", debut="2026-06-08", fin="2026-06-12", retrait="2026-06-08T09:00",
                               restitution="2026-06-12T16:00", **overrides)


def request(loan_id, start, end):
    data = dated(loan_id, start, end, statut="demande")
    del data["validation"]
    return data


def expected(data_dir, loan_id, advice):
    path = data_dir / f"loans/2026/{loan_id}.yaml"
    return [(f"data/loans/2026/{loan_id}.yaml", line_of(path, "- kit-vr"), "erreur",
             "le Département a besoin de « kit-vr » du 08/06/2026 au 12/06/2026 (data/loans/2026/dep-salon.yaml) "
             f"et il est prioritaire : {TURNAROUND_1}. {advice}")]


def test_accepted_member_loan_must_move(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[salon(), dated("pret-a", "2026-06-01", "2026-06-10")])
    assert findings(data_dir, RULE) == expected(data_dir, "pret-a", "Déplacez ce prêt à d'autres dates ou annulez-le.")


def test_picked_up_member_loan_must_move(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[salon(), dated("pret-a", "2026-06-10", "2026-06-19", statut="retire")])
    assert findings(data_dir, RULE) == expected(data_dir, "pret-a", "Déplacez ce prêt à d'autres dates ou annulez-le.")


def test_member_request_is_to_be_refused(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[salon(), request("pret-a", "2026-06-15", "2026-06-19")])
    assert findings(data_dir, RULE) == expected(
        data_dir, "pret-a", "Cette demande est à refuser (statut refuse) ou à déplacer à d'autres dates.")


def test_member_loan_after_the_turnaround_passes(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[salon(), dated("pret-a", "2026-06-16", "2026-06-26")])
    assert findings(data_dir, RULE) == []


def test_member_loan_ending_before_the_turnaround_passes(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[salon(), dated("pret-a", "2026-06-01", "2026-06-04")])
    assert findings(data_dir, RULE) == []


def test_cancelled_departement_booking_holds_nothing(tmp_path):
    cancelled = salon(statut="annule", annulation={"par": "agent-dep", "le": "2026-04-05", "motif": "Salon annulé."})
    del cancelled["validation"]
    data_dir = write_dataset(tmp_path, loans=[cancelled, dated("pret-a", "2026-06-01", "2026-06-10")])
    assert findings(data_dir, RULE) == []


def test_departement_file_gets_no_finding_and_no_double_booking(tmp_path):
    data_dir = write_dataset(tmp_path, loans=[salon(), dated("pret-a", "2026-06-01", "2026-06-10")])
    assert [path for path, _, _, _ in findings(data_dir, RULE)] == ["data/loans/2026/pret-a.yaml"]
    assert findings(data_dir, "double-reservation") == []
