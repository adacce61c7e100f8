"""Refusals name the next valid choice: « vouliez-vous dire » for member, place, item and loan ids."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from factory import Runner, TODAY, check, item, loan, write_dataset

from generator.suggest import closest, did_you_mean


def test_closest_forgives_a_typo_or_a_case_slip_but_not_a_different_word() -> None:
    choices = ["ca-cotentin", "saint-lo-agglo", "ville-valognes"]
    assert closest("ca-cotentn", choices) == "ca-cotentin"
    assert closest("CA-Cotentin", choices) == "ca-cotentin"
    assert closest("tondeuse", choices) is None
    assert did_you_mean("tondeuse", choices, "indiquez un membre.") == "indiquez un membre."


def _references(data_dir: Path) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in check(data_dir, TODAY).findings if f.rule == "references"]


def test_the_references_rule_suggests_the_member_place_and_item_meant(tmp_path: Path) -> None:
    typo = loan(emprunteur="mairie-b", materiel=["kit-vrr"], lieu="mairie-a-lie")
    data_dir = write_dataset(tmp_path, equipment=[item("kit-vr")], loans=[typo])
    messages = [message for _, message in _references(data_dir)]
    assert ("le membre « mairie-b » n'existe pas : vouliez-vous dire « mairie-a » ? Sinon, indiquez l'identifiant "
            "d'un fichier de data/members/ ou « departement ».") in messages
    assert ("le lieu « mairie-a-lie » n'existe pas : vouliez-vous dire « mairie-a-lieu » ? Sinon, indiquez "
            "l'identifiant d'un lieu du membre.") in messages
    assert ("le matériel « kit-vrr » n'existe pas : vouliez-vous dire « kit-vr » ? Sinon, indiquez l'identifiant "
            "d'un fichier de data/equipment/.") in messages


def test_nothing_close_gives_the_plain_advice(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, loans=[loan(materiel=["fusee-spatiale"])])
    assert [message for _, message in _references(data_dir)] == [
        "le matériel « fusee-spatiale » n'existe pas : indiquez l'identifiant d'un fichier de data/equipment/."]


def test_commands_suggest_the_id_meant(data_dir: Path, tna: Runner) -> None:
    result = tna("availability", "kit-v", "--donnees", data_dir, "--aujourdhui", TODAY.isoformat())
    assert result.returncode == 2
    assert "matériel « kit-v » inconnu. Vouliez-vous dire « kit-vr » ?" in result.stderr
    result = tna("new-loan", "--donnees", data_dir, "--aujourdhui", TODAY.isoformat(), "--membre", "mairie-aa",
                 "--lieu", "mairie-a-lieu", "--materiel", "kit-vr", "--debut", "2026-06-01", "--fin", "2026-06-05",
                 "--retrait", "09:30", "--restitution", "16:00", "--objet", "Ateliers de découverte pour tous.",
                 "--par", "demandeur-a")
    assert result.returncode == 2
    assert "membre « mairie-aa » inconnu : vouliez-vous dire « mairie-a » ? Choix possibles : mairie-a." in result.stderr


def test_staff_commands_suggest_the_loan_meant(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[loan("pret-ateliers-juin")])
    result = tna("approve", "pret-ateliers-juni", "--donnees", data_dir, "--aujourdhui", TODAY.isoformat(),
                 "--par", "agent-dep")
    assert result.returncode == 2
    assert result.stderr == (f"tna : aucun prêt « pret-ateliers-juni » dans {data_dir.as_posix()}/loans : "
                             "vouliez-vous dire « pret-ateliers-juin » ? Sinon, vérifiez l'identifiant.\n")


def test_new_loan_answers_on_a_closed_day_name_the_nearest_working_days(data_dir: Path) -> None:
    import pytest

    from generator.commands.new_loan import check_end, check_start
    from generator.commands.prompting import AnswerError

    dataset = check(data_dir, TODAY).dataset
    network = dataset.network
    assert network is not None
    with pytest.raises(AnswerError) as start:
        check_start(dataset, network, ["kit-vr"], date(2026, 5, 14))  # Ascension
    assert str(start.value) == ("le 14/05/2026 est férié (Ascension) : la Maison du Département est fermée ; premier "
                                "jour ouvré suivant : le vendredi 15/05/2026 (Art. 4.3 c).")
    with pytest.raises(AnswerError) as end:
        check_end(dataset, network, ["kit-vr"], date(2026, 5, 4), date(2026, 5, 16))  # a Saturday
    assert str(end.value) == ("le samedi 16/05/2026 tombe un week-end : la restitution se fait un jour ouvré, par "
                              "exemple le vendredi 15/05/2026 ou le lundi 18/05/2026 (Art. 4.3 c).")
