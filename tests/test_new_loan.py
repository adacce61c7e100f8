"""``tna new-loan``: the questions at a terminal (pexpect) and the same answers as options.

What it writes passes ``tna validate``; a request that would break a rule is explained
and nothing is written; an existing file is never overwritten.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from factory import (Runner, TODAY, check, item, loan, member, place, spawn, write_dataset, write_loan, tree_hash,
                     without_none)

from generator.availability import requestable_windows
from generator.loanfile import SCHEMA_COMMENT

ROOT = Path(__file__).resolve().parent.parent
OBJET = "Initiation au pilotage de drones et à la réalité virtuelle."


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Two members (one with two places), a VR kit booked 04–15/05/2026 and a drone needing a pilot."""
    return write_dataset(
        tmp_path,
        members=[member("mairie-a", nom="Commune d'Avranches",
                        lieux=[place("mairie-a-lieu"), place("mairie-a-annexe", nom="Annexe de la mairie")]),
                 member("mairie-b", nom="Bourg de Brix", siret="21500083000012")],
        equipment=[item("kit-vr", nom="Kit VR"),
                   item("drone-a", nom="Drone", categorie="drone", exigences=["formation_telepilote"])],
        loans=[without_none(loan("pret-mai"))],
    )


def answer(child: pexpect.spawn, prompt: str, reply: str, *then: str) -> None:
    """Wait for ``prompt``, type ``reply``, then expect each text of ``then`` (error messages)."""
    child.expect_exact(prompt)
    child.sendline(reply)
    for text in then:
        child.expect_exact(text)


def test_questions_at_a_terminal_check_each_answer(data_dir: Path) -> None:
    child = spawn("new-loan", "--data", data_dir, "--today", TODAY.isoformat(), "--login", "demandeur-a")
    child.expect_exact("1. Bourg de Brix (mairie-b)")
    answer(child, "Votre choix (numéro) : ", "9", "ne fait pas partie des choix")
    answer(child, "Votre choix (numéro) : ", "2")
    child.expect_exact("2. Annexe de la mairie, Saint-Lô (mairie-a-annexe)")
    answer(child, "Votre choix (numéro) : ", "2")
    child.expect_exact("1. Drone (drone-a)")
    answer(child, "Vos choix (numéros séparés par des virgules) : ", "2, 1")
    child.expect_exact("Premier retrait possible : mercredi 22/04/2026")
    # The VR kit is booked 04–15/05 (turnaround: 1 working day): shown as two free windows.
    child.expect_exact("Périodes libres de Kit VR (kit-vr)")
    child.expect_exact("du mercredi 22/04/2026 au mercredi 29/04/2026")
    child.expect_exact("du mardi 19/05/2026 au")
    answer(child, "Premier jour (retrait) : ", "2026-04-20", "le premier retrait possible est le mercredi 22/04/2026")
    answer(child, "Premier jour (retrait) : ", "2026-05-05", "kit-vr n'est pas libre le 05/05/2026")
    answer(child, "Premier jour (retrait) : ", "25/05/2026", "est férié (Lundi de Pentecôte)")
    answer(child, "Premier jour (retrait) : ", "le 26 mai", "n'est pas une date")
    answer(child, "Premier jour (retrait) : ", "26/05/2026")
    answer(child, "Dernier jour (restitution) : ", "2026-05-20", "ne peut pas précéder le premier")
    answer(child, "Dernier jour (restitution) : ", "2026-06-30", "le prêt durerait 36 jours")
    answer(child, "Dernier jour (restitution) : ", "2026-05-29")
    child.expect_exact("le mardi 26/05/2026 (retrait) : 08:30–12:30, 13:30–17:00")
    answer(child, "Heure du retrait (HH:MM) : ", "12:45", "la Maison du Département est fermée")
    answer(child, "Heure du retrait (HH:MM) : ", "9h30")
    answer(child, "Heure de la restitution (HH:MM) : ", "16:00")
    answer(child, "Nature des actions envisagées (une phrase) : ", "test", "au moins 10 caractères")
    answer(child, "Nature des actions envisagées (une phrase) : ", OBJET)
    child.expect_exact("Référent : pilote-a (seul choix possible)")
    child.expect_exact(f"Demande écrite : {data_dir.as_posix()}/loans/2026/2026-mairie-a-kit-vr-0526.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    path = data_dir / "loans" / "2026" / "2026-mairie-a-kit-vr-0526.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == f"# {SCHEMA_COMMENT}"
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) == {
        "id": "2026-mairie-a-kit-vr-0526", "emprunteur": "mairie-a", "lieu": "mairie-a-annexe",
        "materiel": ["kit-vr", "drone-a"], "debut": "2026-05-26", "fin": "2026-05-29",
        "retrait": "2026-05-26T09:30", "restitution": "2026-05-29T16:00", "objet": OBJET,
        "demande_le": "2026-04-15", "demande_par": "demandeur-a", "statut": "demande", "referent": "pilote-a"}
    assert check(data_dir).findings == []


def options(**overrides: str) -> list[str]:
    chosen = {"membre": "mairie-b", "lieu": "mairie-b-lieu", "materiel": "kit-vr", "debut": "2026-06-01",
              "fin": "2026-06-05", "retrait": "10:00", "restitution": "2026-06-05T15:30",
              "objet": "Ateliers de réalité virtuelle pour les seniors."}
    chosen.update(overrides)
    return [part for key, value in chosen.items() for part in (f"--{key}", value)]


def test_all_options_given_asks_nothing_and_writes_a_valid_request(data_dir: Path, tna: Runner) -> None:
    result = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(), *options())
    assert result.returncode == 0, result.stderr
    path = data_dir / "loans" / "2026" / "2026-mairie-b-kit-vr-0601.yaml"
    assert result.stdout == (f"Demande écrite : {data_dir.as_posix()}/loans/2026/2026-mairie-b-kit-vr-0601.yaml "
                             "(statut « demande »). Proposez-la au Département par une pull request.\n")
    assert path.read_text(encoding="utf-8") == (
        f"# {SCHEMA_COMMENT}\n"
        "id: 2026-mairie-b-kit-vr-0601\nemprunteur: mairie-b\nlieu: mairie-b-lieu\nmateriel: [kit-vr]\n"
        "debut: 2026-06-01\nfin: 2026-06-05\nretrait: 2026-06-01T10:00\nrestitution: 2026-06-05T15:30\n"
        "objet: Ateliers de réalité virtuelle pour les seniors.\ndemande_le: 2026-04-15\nstatut: demande\n")
    assert check(data_dir).findings == []


def test_items_as_a_comma_list_and_an_existing_id_gets_a_suffix(data_dir: Path, tna: Runner) -> None:
    taken = write_loan(data_dir, without_none(loan(
        "2026-mairie-a-drone-a-0601", materiel=["drone-a"], debut="2026-06-01", fin="2026-06-02",
        retrait="2026-06-01T09:00", restitution="2026-06-02T16:00", referent="pilote-a")))
    kept = taken.read_bytes()
    result = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(),
                 *options(membre="mairie-a", lieu="mairie-a-lieu", materiel="drone-a,kit-vr", debut="2026-06-15",
                          fin="2026-06-19", restitution="15:30"), "--referent", "pilote-a", "--login", "demandeur-a")
    assert result.returncode == 0, result.stderr
    assert taken.read_bytes() == kept
    written = data_dir / "loans" / "2026" / "2026-mairie-a-drone-a-0615.yaml"
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["materiel"] == ["drone-a", "kit-vr"]
    second = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(),
                 *options(membre="mairie-a", lieu="mairie-a-lieu", materiel="drone-a", debut="2026-06-01",
                          fin="2026-06-02", restitution="15:30"), "--referent", "pilote-a")
    # Same id as the existing file: a new name, and the rules then judge the overlap.
    assert second.returncode == 1
    assert "[double-reservation] Art. 4.3 b)" in second.stderr
    assert not (data_dir / "loans" / "2026" / "2026-mairie-a-drone-a-0601-2.yaml").exists()
    assert taken.read_bytes() == kept


@pytest.mark.parametrize("overrides,rule", [
    ({"debut": "2026-05-11", "fin": "2026-05-13", "retrait": "09:00", "restitution": "16:00"},
     "[double-reservation] Art. 4.3 b)"),
    ({"debut": "2026-06-01", "fin": "2026-07-03", "restitution": "2026-07-03T10:00"}, "[duree-max] Art. 4.3 a)"),
    ({"retrait": "12:45"}, "[creneaux] Art. 4.3 c)"),
    ({"debut": "2026-04-16", "fin": "2026-04-17", "restitution": "16:00"}, "[delai-prevenance] Art. 4.3"),
])
def test_a_request_breaking_a_rule_is_explained_and_not_written(data_dir: Path, tna: Runner,
                                                                overrides: dict[str, str], rule: str) -> None:
    before = tree_hash(data_dir)
    result = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(), *options(**overrides))
    assert result.returncode == 1
    assert rule in result.stderr
    assert "la demande enfreindrait les règles ci-dessus : rien n'a été écrit (les lignes citées dans " in result.stderr
    assert tree_hash(data_dir) == before


@pytest.mark.parametrize("overrides,message", [
    ({"debut": "31/02/2026"}, "--debut : « 31/02/2026 » n'est pas une date"),
    ({"membre": "inconnu"}, "membre « inconnu » inconnu ; choix possibles : mairie-a, mairie-b"),
    ({"lieu": "mairie-a-lieu"}, "lieu de mairie-b « mairie-a-lieu » inconnu"),
    ({"materiel": "kit-vr,fusee"}, "matériel « fusee » inconnu"),
    ({"retrait": "25:00"}, "--retrait : « 25:00 » n'est pas une heure"),
])
def test_bad_options_are_usage_errors(data_dir: Path, tna: Runner, overrides: dict[str, str], message: str) -> None:
    before = tree_hash(data_dir)
    result = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(), *options(**overrides))
    assert result.returncode == 2
    assert message in result.stderr
    assert tree_hash(data_dir) == before


@pytest.mark.parametrize("login", ["demandeur-a\n", "demandeur_a", "demandeur.a", "a" * 40])
def test_a_login_that_is_not_a_whole_github_login_is_refused(data_dir: Path, tna: Runner, login: str) -> None:
    """``--par`` is checked whole: a trailing newline (which ``$`` alone would let through) is refused."""
    before = tree_hash(data_dir)
    result = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(), *options(), "--par", login)
    assert result.returncode == 2
    assert f"--par « {login} » n'est pas un identifiant GitHub valide." in result.stderr
    assert tree_hash(data_dir) == before


def test_missing_answers_without_a_terminal_write_nothing(data_dir: Path, tna: Runner) -> None:
    before = tree_hash(data_dir)
    args: list[Any] = ["new-loan", "--data", data_dir, "--today", TODAY.isoformat(), "--membre", "mairie-b"]
    result = tna(*args)
    assert result.returncode == 2
    assert "la saisie s'est arrêtée" in result.stderr
    assert tree_hash(data_dir) == before


def test_on_the_sample_data_a_scripted_request_passes_validation(tmp_path: Path, tna: Runner) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    dataset = check(data_dir).dataset
    network = dataset.network
    assert network is not None
    member_id, record = next((key, value) for key, value in sorted(dataset.members.items())
                             if value.places and value.insurance.last_day >= date(2027, 1, 1)
                             and value.agreement.last_day(network.agreement_rules.years) >= date(2027, 1, 1)
                             and value.agreement.terminated_on is None)
    item_id, (first, last) = next(
        (key, window) for key in sorted(dataset.equipment) if not dataset.equipment[key].requirements
        for window in requestable_windows(dataset, key, network.add_working_days(TODAY, 15), network.add_working_days(TODAY, 80))
        if network.add_working_days(window[0], 1) <= window[1])
    end = network.add_working_days(first, 1)
    result = tna("new-loan", "--data", data_dir, "--today", TODAY.isoformat(), "--membre", member_id,
                 "--lieu", record.places[0].id, "--materiel", item_id, "--debut", first.isoformat(),
                 "--fin", end.isoformat(), "--retrait", "09:00", "--restitution", "16:00",
                 "--objet", "Ateliers d'initiation pour les habitants.", "--login", sorted(record.requesters)[0])
    assert result.returncode == 0, result.stdout + result.stderr
    written = data_dir / "loans" / str(first.year) / f"{first.year}-{member_id}-{item_id}-{first:%m%d}.yaml"
    assert yaml.safe_load(written.read_text(encoding="utf-8"))["statut"] == "demande"
    shipped = {(f.path, f.rule, f.message) for f in check(ROOT / "data").errors}
    assert [f for f in check(data_dir).errors if (f.path, f.rule, f.message) not in shipped] == []
