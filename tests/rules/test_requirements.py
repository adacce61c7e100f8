"""exigences (Art. 4.1): an item with a requirement is lent only with a qualified referent."""

from factory import NETWORK, item, line_of, loan, member, network, write_dataset
from ruletest import departement_booking, findings

RULE = "exigences"
FILE = "data/loans/2026/pret-a.yaml"
DRONE = item("drone", nom="Drone de plus de 250 g", categorie="drone", exigences=["formation_telepilote"])
REFERENTS = [
    {"id": "pilote-a", "nom": "Référent fictif", "qualifications": ["formation_telepilote"]},
    {"id": "benevole-b", "nom": "Bénévole fictif", "qualifications": []},
]


def dataset(tmp_path, *loans, network_data=None, equipment=(DRONE,)):
    return write_dataset(tmp_path, network_data=network_data, members=[member(referents=REFERENTS)],
                         equipment=[item(), *equipment], loans=list(loans))


def test_drone_with_a_qualified_referent_passes(tmp_path):
    data_dir = dataset(tmp_path, loan(materiel=["kit-vr", "drone"], referent="pilote-a"))
    assert findings(data_dir, RULE) == []


def test_item_without_requirement_needs_no_referent(tmp_path):
    assert findings(dataset(tmp_path, loan()), RULE) == []


def test_drone_without_referent_is_an_error(tmp_path):
    data_dir = dataset(tmp_path, loan(materiel=["kit-vr", "drone"]))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "- drone"), "erreur",
        "ce prêt exige un référent qualifié (Formation de télépilote pour « drone ») : nommez dans referent un "
        "référent de « mairie-a » qui a la qualification requise.",
    )]


def test_drone_with_an_unqualified_referent_is_an_error(tmp_path):
    data_dir = dataset(tmp_path, loan(materiel=["drone"], referent="benevole-b"))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "referent:"), "erreur",
        "le référent « benevole-b » n'a pas la qualification exigée (Formation de télépilote pour « drone ») : "
        "nommez un référent qualifié, ou ajoutez la qualification à sa fiche une fois la formation suivie.",
    )]


def test_every_requirement_of_every_item_is_needed(tmp_path):
    requirements = NETWORK["exigences"] + [{"id": "habilitation_radio", "nom": "Habilitation radio",
                                            "description": "Animateur formé au kit de radio mobile."}]
    radio = item("kit-radio", categorie="radio", exigences=["habilitation_radio"])
    data_dir = dataset(tmp_path, loan(materiel=["drone", "kit-radio"], referent="pilote-a"),
                       network_data=network(exigences=requirements), equipment=(DRONE, radio))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "referent:"), "erreur",
        "le référent « pilote-a » n'a pas la qualification exigée (Habilitation radio pour « kit-radio ») : "
        "nommez un référent qualifié, ou ajoutez la qualification à sa fiche une fois la formation suivie.",
    )]


def test_departement_bookings_are_exempt(tmp_path):
    data_dir = dataset(tmp_path, departement_booking("pret-a", materiel=["drone"]))
    assert findings(data_dir, RULE) == []


def test_past_loans_are_not_judged_again(tmp_path):
    refused = loan(materiel=["drone"], statut="refuse",
                   refus={"par": "agent-dep", "le": "2026-04-03", "motif": "Pas de télépilote formé."})
    del refused["validation"]
    assert findings(dataset(tmp_path, refused), RULE) == []


def test_a_pending_request_is_checked_too(tmp_path):
    """A request (demande) is judged before staff accept it: no referent, an error already."""
    request = loan(materiel=["drone"], statut="demande")
    del request["validation"]
    data_dir = dataset(tmp_path, request)
    assert findings(data_dir, RULE) == [(
        FILE, line_of(data_dir / "loans/2026/pret-a.yaml", "- drone"), "erreur",
        "ce prêt exige un référent qualifié (Formation de télépilote pour « drone ») : nommez dans referent un "
        "référent de « mairie-a » qui a la qualification requise.",
    )]
