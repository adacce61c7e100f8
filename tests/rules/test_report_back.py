"""bilan (Art. 6 et 7): a missing report is a warning, not a blocking error (the rule's cases are in
cases/bilan/)."""

from factory import condition_check, loan, write_dataset

from generator.cli import main

# The loan ends on Friday 15/05/2026; with delai_bilan_jours: 30 the report is due by 14/06/2026.
LATE_MESSAGE = ("le bilan de ce prêt était attendu au plus tard le 14/06/2026 : ajoutez le bloc bilan (rendu_le, "
                "seances, actions, publics, satisfaction).")


def test_a_missing_report_alone_keeps_the_exit_code_at_zero(tmp_path, capsys):
    record = loan(statut="restitue", etat_retrait=condition_check("2026-05-04T09:00"),
                  etat_restitution=condition_check("2026-05-15T16:00"))
    data_dir = write_dataset(tmp_path, loans=[record])
    code = main(["validate", "--data", str(data_dir), "--today", "2026-06-15", "--format", "text"])
    output = capsys.readouterr().out
    assert f"{data_dir.as_posix()}/loans/2026/pret-a.yaml" in output
    assert f"avertissement [bilan] Art. 6 et 7 — {LATE_MESSAGE}" in output
    assert "erreur [" not in output
    assert code == 0
