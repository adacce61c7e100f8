"""signalement-degats (Art. 4.1): a component returned in worse condition has an incident."""

from factory import line_of, loan, write_dataset
from ruletest import findings

RULE = "signalement-degats"
FILE = "data/loans/2026/pret-a.yaml"


def condition_check(moment, valise, casque):
    return {"date": moment, "par": "agent-dep", "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": valise},
        {"materiel": "kit-vr", "composant": "casque", "etat": casque},
    ]}


def returned(tmp_path, pickup=("bon", "bon"), back=("bon", "bon"), incidents=None):
    record = loan(statut="restitue", etat_retrait=condition_check("2026-05-04T09:00", *pickup),
                  etat_restitution=condition_check("2026-05-15T16:00", *back))
    if incidents is not None:
        record["incidents"] = incidents
    data_dir = write_dataset(tmp_path, loans=[record])
    return data_dir, data_dir / "loans/2026/pret-a.yaml"


def test_same_condition_passes(tmp_path):
    data_dir, _ = returned(tmp_path, pickup=("usure", "bon"), back=("usure", "bon"))
    assert findings(data_dir, RULE) == []


def test_better_condition_passes(tmp_path):
    data_dir, _ = returned(tmp_path, pickup=("abime", "bon"), back=("bon", "bon"))
    assert findings(data_dir, RULE) == []


def test_damage_without_incident_is_an_error(tmp_path):
    data_dir, path = returned(tmp_path, back=("bon", "abime"))
    # Each check lists two entries: the fourth "- materiel:" line is the casque of the return check.
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "- materiel: kit-vr", occurrence=4), "erreur",
        "à la restitution, le composant « casque » de « kit-vr » est abîmé alors qu'il était en bon état au retrait, "
        "sans incident signalé : ajoutez un incident (date, materiel: kit-vr, composant: casque, description).",
    )]


def test_damage_with_an_incident_on_that_component_passes(tmp_path):
    incident = {"date": "2026-05-12", "materiel": "kit-vr", "composant": "casque",
                "description": "Écran rayé lors d'un atelier."}
    data_dir, _ = returned(tmp_path, back=("bon", "abime"), incidents=[incident])
    assert findings(data_dir, RULE) == []


def test_incident_on_another_component_does_not_count(tmp_path):
    incident = {"date": "2026-05-12", "materiel": "kit-vr", "composant": "valise",
                "description": "Poignée de la valise fendue."}
    data_dir, path = returned(tmp_path, pickup=("bon", "usure"), back=("bon", "manquant"), incidents=[incident])
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "- materiel: kit-vr", occurrence=4), "erreur",
        "à la restitution, le composant « casque » de « kit-vr » est manquant alors qu'il était usé au retrait, "
        "sans incident signalé : ajoutez un incident (date, materiel: kit-vr, composant: casque, description).",
    )]


def test_one_step_worse_is_damage_too(tmp_path):
    """From bon to usure is the smallest worsening: it still needs an incident."""
    data_dir, path = returned(tmp_path, back=("usure", "bon"))
    assert findings(data_dir, RULE) == [(
        FILE, line_of(path, "- materiel: kit-vr", occurrence=3), "erreur",
        "à la restitution, le composant « valise » de « kit-vr » est usé alors qu'il était en bon état au retrait, "
        "sans incident signalé : ajoutez un incident (date, materiel: kit-vr, composant: valise, description).",
    )]
