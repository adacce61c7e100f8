"""Staff commands: approve, refuse, pickup, return, report edit a loan file in place.

Each edit keeps the file's comments and layout, follows the lifecycle, and leaves a
data set that passes ``tna validate``; each refusal leaves data/ byte-for-byte unchanged.
Interactive flows run in a real pseudo-terminal (pexpect).
"""

from __future__ import annotations

import copy
import shutil
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
import factory
from factory import Runner, TODAY, check, dump, loan, member, spawn, write_dataset, tree_hash, without_none

from generator.availability import requestable_windows
from generator.cli import main
from generator.load import parse_text
from generator.loanfile import EditableLoan, guess_indent, new_loan_text, text
from generator.model import Dataset

ROOT = Path(__file__).resolve().parent.parent
STAFF = "agent-dep"
COMMENT = "# Note de l'équipe : prêt suivi de près."


# A request (statut demande) of kit-vr by mairie-a, 04–15/05/2026, made on 01/04/2026.
request = partial(factory.request, "demande-a")


def with_comment(path: Path) -> Path:
    """Put a comment line and an end-of-line comment in a loan file, as a person would."""
    source = path.read_text(encoding="utf-8")
    source = source.replace("statut:", f"{COMMENT}\nstatut:", 1)
    lines = source.splitlines()
    lines = [line + "  # jour de restitution" if line.startswith("fin:") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_valid(data_dir: Path, today: date = TODAY) -> None:
    outcome = check(data_dir, today)
    assert outcome.errors == [], "\n".join(finding.as_text() for finding in outcome.errors)


def loaded(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def requested(tmp_path: Path) -> tuple[Path, Path]:
    data_dir = write_dataset(tmp_path, loans=[request()])
    return data_dir, with_comment(data_dir / "loans" / "2026" / "demande-a.yaml")


# --- approve and refuse ---------------------------------------------------------------------

def test_approve_records_who_and_when_and_keeps_comments(requested: tuple[Path, Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    data_dir, path = requested
    before = path.read_text(encoding="utf-8")
    assert main(["approve", "demande-a", "--data", str(data_dir), "--today", "2026-04-15", "--par", STAFF]) == 0
    after = path.read_text(encoding="utf-8")
    assert COMMENT in after and "# jour de restitution" in after
    assert "statut: accepte" in after
    record = loaded(path)
    assert record["validation"] == {"par": STAFF, "le": "2026-04-15", "conditions": {
        key: record[key] for key in ("emprunteur", "lieu", "materiel", "debut", "fin", "retrait", "restitution")}}
    # Only the status line changed; the validation block follows it, with the terms it approves.
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    # Each term is copied as the file writes it (same quotes), items on one line.
    terms = [f"    {line.split('  #')[0]}" for line in before.splitlines()
             if line.split(":")[0] in ("emprunteur", "lieu", "debut", "fin", "retrait", "restitution")]
    terms.insert(2, "    materiel: [kit-vr]")
    assert changed == ["statut: accepte", "validation:", f"  par: {STAFF}", "  le: 2026-04-15", "  conditions:",
                       *terms]
    assert "demande acceptée par agent-dep le 15/04/2026" in capsys.readouterr().out
    assert_valid(data_dir)


def test_approve_twice_is_refused_and_writes_nothing(requested: tuple[Path, Path], tna: Runner) -> None:
    data_dir, _path = requested
    assert tna("approve", "demande-a", "--data", data_dir, "--today", "2026-04-15", "--par", STAFF).returncode == 0
    before = tree_hash(data_dir)
    result = tna("approve", "demande-a", "--data", data_dir, "--today", "2026-04-15", "--par", STAFF)
    assert result.returncode == 1
    assert "le prêt « demande-a » est déjà accepté pour ces termes : rien n'a été écrit." in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_hash(data_dir) == before


def test_login_from_environment_and_unknown_logins(requested: tuple[Path, Path], tna: Runner) -> None:
    data_dir, path = requested
    before = tree_hash(data_dir)
    missing = tna("approve", "demande-a", "--data", data_dir, "--today", "2026-04-15")
    assert missing.returncode == 2 and "--par" in missing.stderr
    outsider = tna("approve", "demande-a", "--data", data_dir, "--today", "2026-04-15", "--par", "demandeur-a")
    assert outsider.returncode == 2
    assert "« demandeur-a » ne fait pas partie de l'équipe du Département" in outsider.stderr
    assert tree_hash(data_dir) == before
    # GitHub gives the login with its own case (the acceptance workflow passes github.triggering_actor):
    # it compares without case, and the file keeps the spelling of the equipe list.
    by_env = tna("approve", "demande-a", "--data", data_dir, "--today", "2026-04-15",
                 env={"TNA_LOGIN": STAFF.upper()})
    assert by_env.returncode == 0, by_env.stderr
    assert loaded(path)["validation"]["par"] == STAFF


def test_approve_takes_the_loan_after_a_double_dash(requested: tuple[Path, Path], tna: Runner) -> None:
    """The acceptance workflow passes the typed loan id after --, so it is never read as an option."""
    data_dir, path = requested
    before = tree_hash(data_dir)
    hostile = tna("approve", "--data", data_dir, "--today", "2026-04-15", "--par", STAFF, "--", "--today=2020-01-01")
    assert hostile.returncode == 2 and "n'est pas un identifiant de prêt" in hostile.stderr
    assert tree_hash(data_dir) == before
    assert tna("approve", "--data", data_dir, "--today", "2026-04-15", "--par", STAFF, "--", "demande-a").returncode == 0


def test_unknown_loan_is_a_usage_error(data_dir: Path, tna: Runner) -> None:
    result = tna("approve", "pas-de-pret", "--data", data_dir, "--par", STAFF)
    assert result.returncode == 2 and "aucun prêt « pas-de-pret »" in result.stderr


def test_approve_refused_when_the_loan_breaks_a_rule(tmp_path: Path, tna: Runner) -> None:
    # The member's insurance ends before the loan: accepting it would confirm a broken loan.
    data_dir = write_dataset(tmp_path, members=[member(assurance={"assureur": "Assureur", "fin": "2026-05-10"})],
                             loans=[request()])
    before = tree_hash(data_dir)
    result = tna("approve", "demande-a", "--data", data_dir, "--today", "2026-04-15", "--par", STAFF)
    assert result.returncode == 1
    assert "[assurance] Art. 4.1" in result.stderr
    assert "rien n'a été écrit" in result.stderr
    assert tree_hash(data_dir) == before


def test_refuse_a_request_and_an_accepted_loan_with_a_reason(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[request(), without_none(loan("pret-juin", debut="2026-06-01",
                                                                    fin="2026-06-05", retrait="2026-06-01T09:00",
                                                                    restitution="2026-06-05T16:00"))])
    for loan_id in ("demande-a", "pret-juin"):
        result = tna("refuse", loan_id, "--data", data_dir, "--today", "2026-04-15", "--par", STAFF,
                     "--motif", "Matériel réservé pour un salon du Département.")
        assert result.returncode == 0, result.stderr
        data = loaded(next(data_dir.glob(f"loans/*/{loan_id}.yaml")))
        assert data["statut"] == "refuse"
        assert data["refus"] == {"par": STAFF, "le": "2026-04-15",
                                 "motif": "Matériel réservé pour un salon du Département."}
    assert_valid(data_dir)


def test_refuse_needs_a_reason_and_a_refusable_status(tmp_path: Path, tna: Runner) -> None:
    picked_up = without_none(loan("pret-a", statut="retire", debut="2026-04-13", fin="2026-04-24",
                           retrait="2026-04-13T09:00", restitution="2026-04-24T16:00",
                           etat_retrait={"date": "2026-04-13T09:00", "par": STAFF, "composants": [
                               {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
                               {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}))
    data_dir = write_dataset(tmp_path, loans=[picked_up])
    before = tree_hash(data_dir)
    empty = tna("refuse", "pret-a", "--data", data_dir, "--par", STAFF, "--motif", "  ")
    assert empty.returncode == 2 and "motif" in empty.stderr
    result = tna("refuse", "pret-a", "--data", data_dir, "--today", "2026-04-15", "--par", STAFF, "--motif", "Trop tard")
    assert result.returncode == 1
    assert "au statut « retire » : il ne peut pas passer au statut « refuse »" in result.stderr
    assert tree_hash(data_dir) == before


# --- pickup and return ----------------------------------------------------------------------

def test_pickup_with_options_records_each_component(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[without_none(loan())])
    path = with_comment(data_dir / "loans" / "2026" / "pret-a.yaml")
    result = tna("pickup", "pret-a", "--data", data_dir, "--today", "2026-05-04", "--par", STAFF,
                 "--tout-bon", "--etat", "casque=usure")
    assert result.returncode == 0, result.stderr
    data = loaded(path)
    assert data["statut"] == "retire"
    assert data["etat_retrait"] == {"date": "2026-05-04T09:00", "par": STAFF, "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "usure"}]}
    assert COMMENT in path.read_text(encoding="utf-8")
    assert_valid(data_dir, date(2026, 5, 4))


def test_pickup_refusals_write_nothing(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[request(), without_none(loan("pret-juin", debut="2026-06-01",
                                                                    fin="2026-06-05", retrait="2026-06-01T09:00",
                                                                    restitution="2026-06-05T16:00"))])
    before = tree_hash(data_dir)
    not_accepted = tna("pickup", "demande-a", "--data", data_dir, "--par", STAFF, "--tout-bon")
    assert not_accepted.returncode == 1
    assert "au statut « demande » : il ne peut pas passer au statut « retire »" in not_accepted.stderr
    unknown = tna("pickup", "pret-juin", "--data", data_dir, "--par", STAFF, "--etat", "moteur=bon")
    assert unknown.returncode == 2 and "« moteur » n'est pas un composant de ce prêt" in unknown.stderr
    bad = tna("pickup", "pret-juin", "--data", data_dir, "--par", STAFF, "--etat", "casque=cassé", "--tout-bon")
    assert bad.returncode == 2 and "n'est pas un état connu" in bad.stderr
    no_answers = tna("pickup", "pret-juin", "--data", data_dir, "--par", STAFF, "--today", "2026-06-01")
    assert no_answers.returncode == 2 and "la saisie s'est arrêtée" in no_answers.stderr
    assert "Traceback" not in no_answers.stderr
    assert tree_hash(data_dir) == before


def test_pickup_at_a_terminal_asks_each_component(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, loans=[without_none(loan())])
    path = with_comment(data_dir / "loans" / "2026" / "pret-a.yaml")
    child = spawn("pickup", "pret-a", "--data", data_dir, "--today", "2026-05-04", "--par", STAFF, "--heure", "9h15")
    child.expect(r"Valise \(valise\) \[bon\] : ")
    child.sendline("")
    child.expect(r"Casque \(casque\) \[bon\] : ")
    child.sendline("cassé")
    child.expect("n'est pas un état connu")
    child.expect(r"Casque \(casque\) \[bon\] : ")
    child.sendline("Usure")
    child.expect(r"Remarque \(facultatif\) : ")
    child.sendline("Mousse du casque : usée")
    child.expect("retrait enregistré par agent-dep le 04/05/2026")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = loaded(path)
    assert data["etat_retrait"]["date"] == "2026-05-04T09:15"
    assert data["etat_retrait"]["composants"] == [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "usure", "remarque": "Mousse du casque : usée"}]
    assert COMMENT in path.read_text(encoding="utf-8")
    assert_valid(data_dir, date(2026, 5, 4))


def picked_up(loan_id: str = "pret-a", casque: str = "bon") -> dict[str, Any]:
    return without_none(loan(loan_id, statut="retire", etat_retrait={"date": "2026-05-04T09:00", "par": STAFF, "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": casque}]}))


def test_return_with_damage_records_an_incident(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[picked_up()])
    path = with_comment(data_dir / "loans" / "2026" / "pret-a.yaml")
    before = tree_hash(data_dir)
    silent = tna("return", "pret-a", "--data", data_dir, "--today", "2026-05-15", "--par", STAFF,
                 "--tout-bon", "--etat", "casque=abime")
    assert silent.returncode == 2 and "la saisie s'est arrêtée" in silent.stderr
    assert tree_hash(data_dir) == before
    result = tna("return", "pret-a", "--data", data_dir, "--today", "2026-05-15", "--par", STAFF, "--tout-bon",
                 "--etat", "casque=abime", "--incident", "casque=Écran fissuré après une chute")
    assert result.returncode == 0, result.stderr
    data = loaded(path)
    assert data["statut"] == "restitue"
    assert data["etat_restitution"]["date"] == "2026-05-15T16:00"
    assert data["incidents"] == [{"date": "2026-05-15", "materiel": "kit-vr", "composant": "casque",
                                  "description": "Écran fissuré après une chute"}]
    assert COMMENT in path.read_text(encoding="utf-8")
    assert_valid(data_dir, date(2026, 5, 15))


def test_return_at_a_terminal_asks_for_the_incident(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, loans=[picked_up(casque="usure")])
    path = data_dir / "loans" / "2026" / "pret-a.yaml"
    child = spawn("return", "pret-a", "--data", data_dir, "--today", "2026-05-15", "--par", STAFF)
    child.expect(r"Valise \(valise\) \[bon\] : ")
    child.sendline("manquant")
    child.expect(r"Remarque \(facultatif\) : ")
    child.sendline("")
    child.expect(r"Casque \(casque\) \[bon\] : ")
    child.sendline("2")  # usure, as at pickup: no incident to ask for
    child.expect(r"Remarque \(facultatif\) : ")
    child.sendline("")
    child.expect("« bon » au retrait, « manquant » au retour")
    child.expect(r"Décrivez l'incident \(ce qui s'est passé\) : ")
    child.sendline("")
    child.expect("une réponse est attendue")
    child.sendline("Valise oubliée dans le car scolaire")
    child.expect("restitution enregistrée")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = loaded(path)
    assert [(entry["composant"], entry["etat"]) for entry in data["etat_restitution"]["composants"]] == [
        ("valise", "manquant"), ("casque", "usure")]
    assert data["incidents"] == [{"date": "2026-05-15", "materiel": "kit-vr", "composant": "valise",
                                  "description": "Valise oubliée dans le car scolaire"}]
    assert_valid(data_dir, date(2026, 5, 15))


def test_return_refused_unless_picked_up(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[without_none(loan())])
    before = tree_hash(data_dir)
    result = tna("return", "pret-a", "--data", data_dir, "--par", STAFF, "--tout-bon")
    assert result.returncode == 1
    assert "au statut « accepte » : il ne peut pas passer au statut « restitue »" in result.stderr
    assert tree_hash(data_dir) == before


REAL_MOMENT = ("Le matériel se remet et se rend à la Maison du Département pendant ses heures d'ouverture, un jour "
               "ouvré : écrivez le moment réel.")
JUNE = {"debut": "2026-06-01", "fin": "2026-06-05", "retrait": "2026-06-01T09:00", "restitution": "2026-06-05T16:00"}


def test_pickup_on_a_sunday_weeks_early_is_refused_before_any_question(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[without_none(loan("pret-juin", **JUNE))])
    before = tree_hash(data_dir)
    result = tna("pickup", "pret-juin", "--data", data_dir, "--today", "2026-05-10", "--par", STAFF)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "tna : le retrait ne peut pas être enregistré le 10/05/2026 à 09:00 :\n"
        "  - l'état des lieux du retrait est daté du 10/05/2026 à 09:00, un moment impossible : ce jour est un "
        f"dimanche. {REAL_MOMENT}\n"
        "  - le retrait est daté du 10/05/2026 à 09:00, avant le premier jour du prêt (01/06/2026) : un retrait "
        "anticipé est une décision de l'agent, qui en écrit la raison dans etat_retrait.motif (tna pickup --motif) ; "
        "sinon, écrivez le moment réel.\n"
        "Donnez le jour et l'heure réels avec --today AAAA-MM-JJ et --heure HH:MM (ou --motif « … » pour un retrait "
        "anticipé décidé par le Département). Rien n'a été écrit.\n")
    assert tree_hash(data_dir) == before
    closed = tna("pickup", "pret-juin", "--data", data_dir, "--today", "2026-06-01", "--heure", "18:30",
                 "--par", STAFF, "--tout-bon")
    assert closed.returncode == 1
    assert ("c'est en dehors des heures d'ouverture du siège, Maison du Département (ce lundi : de 08:30 à 12:30 et "
            "de 13:30 à 17:00)") in closed.stderr
    assert tree_hash(data_dir) == before


def test_an_early_pickup_is_recorded_with_the_reason_staff_give(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[without_none(loan("pret-juin", **JUNE))])
    path = data_dir / "loans" / "2026" / "pret-juin.yaml"
    before = tree_hash(data_dir)
    useless = tna("pickup", "pret-juin", "--data", data_dir, "--today", "2026-06-01", "--par", STAFF, "--tout-bon",
                  "--motif", "Sans objet.")
    assert useless.returncode == 2
    assert ("--motif ne sert qu'à un retrait anticipé : ce retrait a lieu le 01/06/2026, pas avant le premier jour "
            "du prêt (01/06/2026). Retirez --motif.") in useless.stderr
    assert tree_hash(data_dir) == before
    result = tna("pickup", "pret-juin", "--data", data_dir, "--today", "2026-05-29", "--heure", "14:00",
                 "--par", STAFF, "--tout-bon", "--motif", "  Atelier avancé au samedi 30 mai :\n retrait la veille.")
    assert result.returncode == 0, result.stderr
    data = loaded(path)
    assert data["etat_retrait"]["date"] == "2026-05-29T14:00"
    assert data["etat_retrait"]["motif"] == "Atelier avancé au samedi 30 mai : retrait la veille."
    assert_valid(data_dir, date(2026, 5, 29))


def test_return_outside_the_booking_or_before_the_pickup_is_refused(tmp_path: Path, tna: Runner) -> None:
    early = without_none(loan("pret-juin", statut="retire", etat_retrait={
        "date": "2026-05-28T10:00", "par": STAFF, "motif": "Remis plus tôt pour une formation des animateurs.",
        "composants": [{"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
                       {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}, **JUNE))
    data_dir = write_dataset(tmp_path, loans=[early])
    assert_valid(data_dir, date(2026, 5, 29))
    before = tree_hash(data_dir)
    too_soon = tna("return", "pret-juin", "--data", data_dir, "--today", "2026-05-29", "--par", STAFF, "--tout-bon")
    assert too_soon.returncode == 1
    assert ("  - la restitution est datée du 29/05/2026 à 16:00, avant le premier jour du prêt (01/06/2026) : le "
            "matériel ne revient pas avant le début du prêt ; écrivez le moment réel.\n") in too_soon.stderr
    before_pickup = tna("return", "pret-juin", "--data", data_dir, "--today", "2026-05-28", "--heure", "09:00",
                        "--par", STAFF, "--tout-bon")
    assert before_pickup.returncode == 1
    assert ("  - la restitution est datée du 28/05/2026 à 09:00, avant le retrait (28/05/2026 à 10:00) : le matériel "
            "ne revient pas avant d'être parti ; écrivez le moment réel.\n") in before_pickup.stderr
    saturday = tna("return", "pret-juin", "--data", data_dir, "--today", "2026-06-06", "--par", STAFF)
    assert saturday.returncode == 1
    assert saturday.stderr.startswith("tna : la restitution ne peut pas être enregistrée le 06/06/2026 à 16:00 :\n"
                                      "  - l'état des lieux de la restitution est daté du 06/06/2026 à 16:00, un "
                                      "moment impossible : ce jour est un samedi.")
    assert tree_hash(data_dir) == before
    late = tna("return", "pret-juin", "--data", data_dir, "--today", "2026-06-08", "--par", STAFF, "--tout-bon")
    assert late.returncode == 0, late.stderr
    assert "(restitution attendue le 05/06/2026)" in late.stdout


def test_validate_flags_a_pickup_recorded_by_hand_on_a_sunday(tmp_path: Path, tna: Runner) -> None:
    sunday = without_none(loan("pret-juin", statut="retire", etat_retrait={
        "date": "2026-05-10T09:00", "par": STAFF,
        "composants": [{"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
                       {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}, **JUNE))
    data_dir = write_dataset(tmp_path, loans=[sunday])
    result = tna("validate", "--data", data_dir, "--today", "2026-06-02")
    assert result.returncode == 1
    assert "[dates-retrait-restitution] Art. 4.3 c) et d)" in result.stdout
    assert "ce jour est un dimanche" in result.stdout
    assert "avant le premier jour du prêt (01/06/2026)" in result.stdout


# --- report ---------------------------------------------------------------------------------

def returned(loan_id: str = "pret-a") -> dict[str, Any]:
    checked = {"date": "2026-05-04T09:00", "par": STAFF, "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}
    return without_none(loan(loan_id, statut="restitue", etat_retrait=checked,
                      etat_restitution=copy.deepcopy(checked) | {"date": "2026-05-15T16:00"}))


def test_report_with_options(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[returned()])
    path = with_comment(data_dir / "loans" / "2026" / "pret-a.yaml")
    result = tna("report", "pret-a", "--data", data_dir, "--today", "2026-05-20", "--seances", "4",
                 "--action", "atelier=3", "--action", "evenement=1", "--public", "scolaires=60",
                 "--public", "seniors=12", "--note", "4,5", "--reponses", "50", "--commentaire", "yes")
    assert result.returncode == 0, result.stderr
    data = loaded(path)
    assert data["bilan"] == {
        "rendu_le": "2026-05-20", "seances": "4",
        "actions": [{"type": "atelier", "nombre": "3"}, {"type": "evenement", "nombre": "1"}],
        "publics": [{"type": "scolaires", "nombre": "60"}, {"type": "seniors", "nombre": "12"}],
        "satisfaction": {"note": "4.5", "reponses": "50", "commentaire": "yes"}}
    # The comment "yes" must stay a text for the checker's YAML 1.1 reader.
    outcome = check(data_dir, date(2026, 5, 20))
    assert outcome.errors == []
    (record,) = outcome.dataset.loans
    assert record.report is not None and record.report.comment == "yes"
    assert COMMENT in path.read_text(encoding="utf-8")


def test_report_at_a_terminal(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, loans=[returned()])
    path = data_dir / "loans" / "2026" / "pret-a.yaml"
    child = spawn("report", "pret-a", "--data", data_dir, "--today", "2026-05-20")
    child.expect("Nombre de séances tenues avec le matériel : ")
    child.sendline("trois")
    child.expect("n'est pas un nombre entier")
    child.sendline("3")
    for label, answer in (("ateliers", "2"), ("sessions thématiques", ""), ("événements", "1"),
                          ("mises à disposition de moyens", ""), ("formations de médiateurs", ""),
                          ("autres actions", "")):
        child.expect(f"{label} \\[0\\] : ")
        child.sendline(answer)
    for label in ("grand public", "scolaires", "enseignants", "jeunes", "seniors", "familles",
                  "demandeurs d'emploi", "personnes en situation de handicap", "professionnels", "élus et agents"):
        child.expect(f"{label} \\[0\\] : ")
        child.sendline("25" if label == "familles" else "")
    child.expect(r"Satisfaction moyenne du public \(1 à 5\) : ")
    child.sendline("6")
    child.expect("hors de l'échelle")
    child.sendline("4")
    child.expect(r"fiches d'appréciation \(facultatif\) : ")
    child.sendline("20")
    child.expect(r"Commentaire du public, sans nom de personne \(facultatif\) : ")
    child.sendline("")
    child.expect("bilan enregistré")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert loaded(path)["bilan"] == {
        "rendu_le": "2026-05-20", "seances": "3",
        "actions": [{"type": "atelier", "nombre": "2"}, {"type": "evenement", "nombre": "1"}],
        "publics": [{"type": "familles", "nombre": "25"}], "satisfaction": {"note": "4", "reponses": "20"}}
    assert_valid(data_dir, date(2026, 5, 20))


def test_report_refusals(tmp_path: Path, tna: Runner) -> None:
    data_dir = write_dataset(tmp_path, loans=[picked_up(), returned("pret-b") | {
        "debut": "2026-06-01", "fin": "2026-06-05", "retrait": "2026-06-01T09:00", "restitution": "2026-06-05T16:00",
        "bilan": {"rendu_le": "2026-06-10", "seances": 1, "actions": [{"type": "atelier", "nombre": 1}],
                  "publics": [{"type": "jeunes", "nombre": 8}], "satisfaction": {"note": 4}}}])
    before = tree_hash(data_dir)
    options = ["--seances", "1", "--action", "atelier=1", "--public", "jeunes=3", "--note", "4"]
    early = tna("report", "pret-a", "--data", data_dir, "--today", "2026-05-10", *options)
    assert early.returncode == 1 and "au statut « retire »" in early.stderr
    again = tna("report", "pret-b", "--data", data_dir, "--today", "2026-06-20", *options)
    assert again.returncode == 1 and "déjà enregistré" in again.stderr
    assert tree_hash(data_dir) == before


# --- the sample data ------------------------------------------------------------------------

SAMPLE_TODAY = date(2026, 4, 15)


def sample_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def assert_no_new_errors(data_dir: Path, today: date, edited: Path) -> None:
    """The copy has no error the shipped sample does not have on that day, and none in ``edited``."""
    shipped = {(f.path, f.rule, f.message) for f in check(ROOT / "data", today).errors}
    errors = check(data_dir, today).errors
    new = [f for f in errors if (f.path, f.rule, f.message) not in shipped or f.path.endswith(f"/{edited.name}")]
    assert new == [], "\n".join(finding.as_text() for finding in new)


def loans_with_status(data_dir: Path, status: str) -> list[Path]:
    return [path for path in sorted(data_dir.glob("loans/*/*.yaml")) if loaded(path).get("statut") == status]


def plan_request(dataset: Dataset) -> tuple[str, str, str, date, date]:
    """A member, place and item of the sample data, and dates a request may take."""
    assert dataset.network is not None
    network = dataset.network
    start = network.add_working_days(SAMPLE_TODAY, network.loan_rules.notice_working_days + 5)
    for item_id, equipment in sorted(dataset.equipment.items()):
        if equipment.requirements:
            continue
        for first, last in requestable_windows(dataset, item_id, start, start + timedelta(days=90)):
            end = first + timedelta(days=4)
            while not network.is_working_day(end):
                end -= timedelta(days=1)
            if end > last or end < first:
                continue
            for member_id, record in sorted(dataset.members.items()):
                in_force = (record.agreement.terminated_on is None
                            and record.agreement.last_day(network.agreement_rules.years) >= end
                            and record.agreement.signed_on <= first)
                insured = (record.insurance.first_day or first) <= first and record.insurance.last_day >= end
                if in_force and insured and record.places:
                    return member_id, record.places[0].id, item_id, first, end
    raise AssertionError("no free item and member in the sample data")


def test_full_lifecycle_on_the_sample_data(tmp_path: Path, tna: Runner) -> None:
    data_dir = sample_copy(tmp_path)
    dataset = check(data_dir, SAMPLE_TODAY).dataset
    staff = sorted(dataset.network.staff)[0] if dataset.network else STAFF
    member_id, place_id, item_id, first, end = plan_request(dataset)
    created = tna("new-loan", "--data", data_dir, "--today", SAMPLE_TODAY.isoformat(), "--membre", member_id,
                  "--lieu", place_id, "--materiel", item_id, "--debut", first.isoformat(), "--fin", end.isoformat(),
                  "--retrait", "10:00", "--restitution", "15:00", "--objet", "Ateliers d'initiation pour le public.")
    assert created.returncode == 0, created.stdout + created.stderr
    (path,) = [p for p in data_dir.glob("loans/*/*.yaml") if p.stem.startswith(f"{first.year}-{member_id}-{item_id}")]
    with_comment(path)
    steps: list[tuple[str, date, list[str]]] = [
        ("approve", SAMPLE_TODAY, ["--par", staff]),
        ("pickup", first, ["--par", staff, "--tout-bon"]),
        ("return", end, ["--par", staff, "--tout-bon"]),
        ("report", end + timedelta(days=3), ["--seances", "2", "--action", "atelier=2", "--public",
                                              "grand_public=30", "--note", "4.2"]),
    ]
    for command, today, options in steps:
        result = tna(command, path, "--data", data_dir, "--today", today.isoformat(), *options)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
        assert COMMENT in path.read_text(encoding="utf-8")
        assert_no_new_errors(data_dir, today, path)
    assert loaded(path)["statut"] == "restitue"


@pytest.mark.parametrize("command,allowed", [
    ("approve", {"demande"}), ("pickup", {"accepte"}), ("return", {"retire"}),
])
def test_sample_loans_in_other_statuses_are_refused(tmp_path: Path, command: str, allowed: set[str], tna: Runner) -> None:
    data_dir = sample_copy(tmp_path)
    others = [path for status in ("restitue", "refuse", "annule", "demande", "accepte", "retire")
              if status not in allowed for path in loans_with_status(data_dir, status)]
    assert others, "the sample data has loans"
    staff = sorted(check(data_dir, SAMPLE_TODAY).dataset.network.staff)[0]  # type: ignore[union-attr]
    before = tree_hash(data_dir)
    for path in others[:3]:
        result = tna(command, path.stem, "--data", data_dir, "--today", SAMPLE_TODAY.isoformat(),
                     "--par", staff, "--tout-bon") if command != "approve" else \
            tna(command, path.stem, "--data", data_dir, "--today", SAMPLE_TODAY.isoformat(), "--par", staff)
        assert result.returncode == 1, result.stderr
        assert f"au statut « {loaded(path)['statut']} »" in result.stderr
    assert tree_hash(data_dir) == before


def test_sample_requests_can_be_approved_or_refused(tmp_path: Path, tna: Runner) -> None:
    data_dir = sample_copy(tmp_path)
    staff = sorted(check(data_dir, SAMPLE_TODAY).dataset.network.staff)[0]  # type: ignore[union-attr]
    for path in loans_with_status(data_dir, "demande"):
        before = tree_hash(data_dir)
        result = tna("approve", path.stem, "--data", data_dir, "--today", SAMPLE_TODAY.isoformat(), "--par", staff)
        if result.returncode == 1:  # a request that breaks a rule: refused, nothing written
            assert "rien n'a été écrit" in result.stderr and tree_hash(data_dir) == before
            result = tna("refuse", path.stem, "--data", data_dir, "--today", SAMPLE_TODAY.isoformat(),
                         "--par", staff, "--motif", "Demande non conforme à la convention.")
        assert result.returncode == 0, result.stderr
        assert loaded(path)["statut"] in {"accepte", "refuse"}
    assert check(data_dir, SAMPLE_TODAY).errors == check(ROOT / "data", SAMPLE_TODAY).errors


# --- loanfile: round trip and quoting -------------------------------------------------------

@pytest.mark.parametrize("path", sorted((ROOT / "data").glob("loans/*/*.yaml")), ids=lambda path: path.stem)
def test_sample_loan_files_round_trip_byte_for_byte(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert EditableLoan(source).dump() == source


def test_factory_layout_round_trips_and_is_guessed() -> None:
    source = dump(picked_up())
    assert guess_indent(source) == (2, 2, 0)
    assert EditableLoan(source).dump() == source
    assert guess_indent("a:\n  b: 1\nc:\n  - {x: 1}\n") == (2, 4, 2)
    assert guess_indent("a:\n    b: 1\nc:\n- x\n") == (4, 2, 0)


@pytest.mark.parametrize("value", ["yes", "non", "on", "Off", "1.5", "12", "null", "~", "2026-05-04"])
def test_texts_read_back_as_texts(value: str) -> None:
    written = new_loan_text({"id": "x", "objet": value})
    data, _positions = parse_text(written)
    assert data["objet"] == value
    assert text("Ateliers pour tous") == "Ateliers pour tous"


def test_new_keys_go_to_their_place_in_the_usual_order() -> None:
    edit = EditableLoan("id: a\nstatut: demande  # garder\nnotes: interne\n")
    edit.put("validation", "x")
    edit.put("bilan", "y")
    assert edit.dump() == "id: a\nstatut: demande  # garder\nvalidation: x\nbilan: y\nnotes: interne\n"

