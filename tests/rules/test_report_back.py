"""bilan (Art. 6 et 7): a returned loan gets its report within the set delay."""

from datetime import date

from factory import line_of, loan, write_dataset
from ruletest import findings

from generator.cli import main

RULE = "bilan"
FILE = "data/loans/2026/pret-a.yaml"
# The loan ends on Friday 15/05/2026; with delai_bilan_jours: 30 the report is due by 14/06/2026.
LATE_MESSAGE = ("le bilan de ce prêt était attendu au plus tard le 14/06/2026 : ajoutez le bloc bilan (rendu_le, "
                "seances, actions, publics, satisfaction).")


def condition_check(moment):
    return {"date": moment, "par": "agent-dep", "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "bon"},
    ]}


def returned(tmp_path, **overrides):
    record = loan(statut="restitue", etat_retrait=condition_check("2026-05-04T09:00"),
                  etat_restitution=condition_check("2026-05-15T16:00"), **overrides)
    data_dir = write_dataset(tmp_path, loans=[record])
    return data_dir, data_dir / "loans/2026/pret-a.yaml"


def report(submitted_on):
    return {"rendu_le": submitted_on, "seances": 4, "actions": [{"type": "atelier", "nombre": 4}],
            "publics": [{"type": "scolaires", "nombre": 48}], "satisfaction": {"note": 4.5, "reponses": 40}}


def test_missing_report_within_the_delay_gives_nothing(tmp_path):
    data_dir, _ = returned(tmp_path)
    assert findings(data_dir, RULE, today=date(2026, 6, 14)) == []


def test_missing_report_past_the_delay_is_a_warning(tmp_path):
    data_dir, path = returned(tmp_path)
    assert findings(data_dir, RULE, today=date(2026, 6, 15)) == [
        (FILE, line_of(path, "statut:"), "avertissement", LATE_MESSAGE)]


def test_report_given_passes(tmp_path):
    data_dir, _ = returned(tmp_path, bilan=report("2026-05-15"))
    assert findings(data_dir, RULE, today=date(2026, 9, 1)) == []


def test_report_dated_before_the_last_day_is_an_error(tmp_path):
    data_dir, path = returned(tmp_path, bilan=report("2026-05-14"))
    assert findings(data_dir, RULE, today=date(2026, 9, 1)) == [(
        FILE, line_of(path, "rendu_le:"), "erreur",
        "le bilan est daté du 14/05/2026, avant le dernier jour du prêt (15/05/2026) : corrigez rendu_le, le bilan "
        "se rend après le prêt.",
    )]


def test_a_missing_report_alone_keeps_the_exit_code_at_zero(tmp_path, capsys):
    data_dir, _ = returned(tmp_path)
    code = main(["validate", "--data", str(data_dir), "--today", "2026-06-15", "--format", "text"])
    output = capsys.readouterr().out
    assert f"{data_dir.as_posix()}/loans/2026/pret-a.yaml" in output
    assert f"avertissement [bilan] Art. 6 et 7 — {LATE_MESSAGE}" in output
    assert "erreur [" not in output
    assert code == 0
