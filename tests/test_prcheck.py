"""``tna check-pr`` on real Git repositories built in tmp_path (base on main, a branch, a head).

Every test commits a data set written by the factory, branches, changes something and
commits, then runs the real command: GitPython reads the objects, the installed
checker judges both sides, and the findings come back as JSON.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

import factory
from factory import TODAY, Depot, approved, dump, item, loan, member, write_dataset, write_loan
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
REQUEST_FILE = "data/loans/2026/pret-a.yaml"


# A pending request made on the day it is checked (TODAY), unless demande_le says otherwise.
request = partial(factory.request, demande_le=TODAY.isoformat())


def check_pr(capsys: pytest.CaptureFixture[str], depot: Depot, author: str | None, *, base: str = "main",
             head: str = "HEAD", today: date = TODAY, extra: tuple[str, ...] = ()) -> tuple[int, list[dict[str, Any]]]:
    who = ["--author", author] if author is not None else ["--no-author"]
    code = main(["check-pr", "--repo", str(depot.root), "--base", base, "--head", head, *who,
                 "--today", today.isoformat(), "--format", "json", *extra])
    output = capsys.readouterr().out
    return code, json.loads(output)["constats"]


def errors(findings: list[dict[str, Any]], rule: str | None = None) -> list[tuple[str, int, str]]:
    return [(f["fichier"], f["ligne"], f["message"]) for f in findings
            if f["gravite"] == "erreur" and (rule is None or f["regle"] == rule)]


def line_in(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


STAFF = "l'équipe du Département (liste equipe de data/reseau.yaml)"


# --- who -----------------------------------------------------------------------------


def test_a_requester_adds_a_valid_request(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert errors(findings) == []
    assert code == 0


def test_a_login_that_is_not_a_requester_of_the_member_is_refused(capsys: pytest.CaptureFixture[str],
                                                                  depot: Depot) -> None:
    depot.branch("demande")
    path = write_loan(depot.data, request())
    depot.commit("demande de prêt")
    for login in ("inconnu", "demandeur-b"):
        code, findings = check_pr(capsys, depot, login)
        assert code == 1
        assert errors(findings, "droits") == [(
            REQUEST_FILE, line_in(path, "emprunteur:"),
            "ajouter une demande de prêt pour « mairie-a » est réservé aux demandeurs de ce membre "
            f"(demandeurs dans data/members/mairie-a.yaml) et à {STAFF} ; « {login} » n'est ni l'un ni l'autre.")]


def test_logins_compare_without_case(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    code, findings = check_pr(capsys, depot, "Demandeur-A")
    assert (code, errors(findings)) == (0, [])


def test_a_requester_cannot_accept_its_own_request(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    depot.branch("auto-validation")
    accepted = loan("pret-a", demande_le=TODAY.isoformat())  # statut accepte, with a validation block
    depot.rewrite(accepted)
    depot.commit("je m'accepte")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    path = depot.loan_path(accepted)
    assert code == 1
    assert errors(findings, "droits") == [
        (REQUEST_FILE, line_in(path, "statut:"),
         f"passer le statut de « demande » à « accepte » est réservé à {STAFF} ; un demandeur peut seulement "
         "annuler sa demande (statut annule)."),
        (REQUEST_FILE, line_in(path, "validation:"),
         f"la clé « validation » est réservée à {STAFF} (validation, refus, dérogation, états des lieux, "
         "incidents, bilan, notes) : retirez-la de la demande."),
    ]


def test_a_new_request_must_be_a_request(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    path = write_loan(depot.data, loan("pret-a"))  # arrives already "accepte"
    depot.commit("demande déjà acceptée")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert (REQUEST_FILE, line_in(path, "statut:"),
            f"une nouvelle demande a le statut « demande » : le statut « accepte » est posé par {STAFF}, "
            "pas par un demandeur.") in errors(findings, "droits")


def test_a_requester_edits_its_request_then_cancels_it(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    depot.branch("modification")
    depot.rewrite(request(objet="Ateliers de découverte pour les collégiens et leurs familles."))
    depot.commit("précision")
    assert check_pr(capsys, depot, "demandeur-a")[0] == 0
    depot.switch("main")
    depot.merge("modification")
    depot.branch("annulation")
    depot.rewrite(request(objet="Ateliers de découverte pour les collégiens et leurs familles.", statut="annule",
                          annulation={"par": "demandeur-a", "le": "2026-04-20", "motif": "Atelier reporté."}))
    depot.commit("annulation")
    code, findings = check_pr(capsys, depot, "demandeur-a", today=date(2026, 4, 20))
    assert (code, errors(findings)) == (0, [])


def test_a_requester_may_not_edit_an_accepted_loan(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    write_loan(depot.data, loan("pret-a"))
    depot.commit("prêt accepté")
    depot.branch("modification")
    changed = loan("pret-a", objet="Autre chose que ce qui a été accepté.")
    depot.rewrite(changed)
    depot.commit("changer l'objet")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, line_in(depot.loan_path(changed), "objet:"),
        f"ce prêt a le statut « accepte » : seule {STAFF} peut le modifier ; pour y renoncer, "
        "passez son statut à annule.")]


def test_staff_only_paths(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("touche-a-tout")
    (depot.root / "Makefile").write_text("all:\n", encoding="utf-8")
    (depot.data / "members" / "mairie-a.yaml").write_text(
        dump(member("mairie-a", demandeurs=["demandeur-a", "ami"])), encoding="utf-8")
    depot.commit("je m'ajoute un ami")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert errors(findings, "droits") == [
        ("Makefile", 1, f"ajouter ce fichier (Makefile) est réservé à {STAFF} ; « demandeur-a » n'en fait pas "
                        "partie. Retirez ce changement de la demande ou demandez-le à l'équipe."),
        ("data/members/mairie-a.yaml", 1,
         f"modifier un membre (data/members/mairie-a.yaml) est réservé à {STAFF} ; « demandeur-a » n'en fait pas "
         "partie. Retirez ce changement de la demande ou demandez-le à l'équipe."),
    ]
    # The same change by staff passes: staff may do everything.
    assert check_pr(capsys, depot, "agent-dep")[0] == 0


def test_rights_come_from_the_base_not_from_the_change(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    """Adding oneself to the staff list in the pull request gives no right in that pull request."""
    depot.branch("coup-d-etat")
    network = yaml.safe_load((depot.data / "reseau.yaml").read_text(encoding="utf-8"))
    network["equipe"].append("intrus")
    (depot.data / "reseau.yaml").write_text(dump(network), encoding="utf-8")
    write_loan(depot.data, loan("pret-a"))
    depot.commit("je deviens équipe")
    code, findings = check_pr(capsys, depot, "intrus")
    assert code == 1
    assert {(f, rule) for f, rule in ((x["fichier"], x["regle"]) for x in findings)} >= {
        ("data/reseau.yaml", "droits"), (REQUEST_FILE, "droits")}


# --- the judge is the base's checker ------------------------------------------------------


def _with_tooling(depot: Depot) -> None:
    shutil.copytree(ROOT / "schemas", depot.root / "schemas")
    (depot.root / "generator").mkdir()
    (depot.root / "generator" / "__init__.py").write_text('"""Le vérificateur."""\n', encoding="utf-8")
    depot.commit("outillage")


@pytest.mark.parametrize("author", ["demandeur-a", "agent-dep"])
def test_a_change_that_edits_the_rules_is_judged_by_the_base_rules(
        capsys: pytest.CaptureFixture[str], depot: Depot, author: str) -> None:
    _with_tooling(depot)
    depot.branch("regles-sur-mesure")
    schema_path = depot.root / "schemas" / "pret.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["objet"]["minLength"] = 1
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    (depot.root / "generator" / "__init__.py").write_text("RULES = ()\n", encoding="utf-8")
    path = write_loan(depot.data, request(objet="VR"))
    depot.commit("un objet court, et des règles qui l'acceptent")
    code, findings = check_pr(capsys, depot, author)
    assert code == 1
    # Judged by the installed schemas: the pull request's relaxed copy is never read.
    assert (REQUEST_FILE, line_in(path, "objet:"),
            "« objet » (Nature des actions envisagées) est trop court : au moins 10 caractère(s).") in errors(
        findings, "schema")
    staff_only = {(f, line) for f, line, _ in errors(findings, "droits")}
    if author == "demandeur-a":
        assert staff_only == {("generator/__init__.py", 1), ("schemas/pret.schema.json", 1)}
    else:
        assert staff_only == set()


# --- two pull requests valid alone, conflicting together (merge queue) -----------------------


def test_two_requests_valid_alone_conflict_once_both_merge(capsys: pytest.CaptureFixture[str],
                                                           depot: Depot) -> None:
    first = request("pret-1")
    second = request("pret-2", emprunteur="mairie-b", lieu="mairie-b-lieu", demande_par="demandeur-b",
                     debut="2026-05-11", fin="2026-05-22", retrait="2026-05-11T09:00",
                     restitution="2026-05-22T16:00")
    depot.branch("pr-1")
    write_loan(depot.data, first)
    depot.commit("demande 1")
    depot.branch("pr-2", "main")
    write_loan(depot.data, second)
    depot.commit("demande 2")
    assert check_pr(capsys, depot, "demandeur-a", head="pr-1")[0] == 0
    assert check_pr(capsys, depot, "demandeur-b", head="pr-2")[0] == 0

    depot.switch("main")
    depot.merge("pr-1")
    # The merge queue tests main + PR 2 (GitHub builds that commit on a temporary branch).
    depot.branch("gh-readonly-queue/main/pr-2", "main")
    depot.merge("pr-2")
    code, findings = check_pr(capsys, depot, None, base="main", head="gh-readonly-queue/main/pr-2")
    assert code == 1
    conflicts = errors(findings, "double-reservation")
    assert [(path, line) for path, line, _ in conflicts] == [
        ("data/loans/2026/pret-1.yaml", line_in(depot.loan_path(first), "- kit-vr")),
        ("data/loans/2026/pret-2.yaml", line_in(depot.loan_path(second), "- kit-vr")),
    ]
    assert "est déjà réservé du 04/05/2026 au 15/05/2026 par data/loans/2026/pret-1.yaml" in conflicts[1][2]
    # The pull request itself, checked on its merge commit with the new main, fails too.
    code, findings = check_pr(capsys, depot, "demandeur-b", base="main", head="gh-readonly-queue/main/pr-2")
    assert code == 1 and errors(findings, "double-reservation")


# --- lifecycle ----------------------------------------------------------------------------


def test_a_deleted_loan_file_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    record = loan("pret-a")
    write_loan(depot.data, record)
    depot.commit("prêt accepté")
    depot.branch("effacement")
    depot.loan_path(record).unlink()
    depot.commit("on efface")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    assert errors(findings) == [(
        REQUEST_FILE, 1,
        "ce fichier de prêt a été supprimé : un prêt n'est jamais supprimé ni renommé, il garde la trace de la "
        "réservation. Rétablissez le fichier et passez son statut à annule (avec la clé annulation).")]


def test_a_renamed_loan_file_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    record = loan("pret-a")
    write_loan(depot.data, record)
    depot.commit("prêt accepté")
    depot.branch("renommage")
    depot.repo.git.mv("data/loans/2026/pret-a.yaml", "data/loans/2026/pret-b.yaml")
    depot.rewrite(loan("pret-b"))
    depot.commit("on renomme")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    assert errors(findings) == [(
        REQUEST_FILE, 1,
        "ce fichier de prêt a été renommé en data/loans/2026/pret-b.yaml : un prêt n'est jamais supprimé ni "
        "renommé, il garde la trace de la réservation. Rétablissez le fichier et passez son statut à annule "
        "(avec la clé annulation).")]


def test_status_only_moves_forward(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    record = loan("pret-a", statut="refuse", refus={"par": "agent-dep", "le": "2026-04-03", "motif": "Indisponible."})
    record.pop("validation")
    write_loan(depot.data, record)
    depot.commit("demande refusée")
    depot.branch("retour-arriere")
    revived = loan("pret-a")
    depot.rewrite(revived)
    depot.commit("finalement oui")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    path = depot.loan_path(revived)
    assert sorted(errors(findings, "cycle-de-vie-pr")) == [
        (REQUEST_FILE, line_in(path, "statut:"),
         "ce prêt est clos (statut « refuse ») et ne se réécrit plus (clé modifiée : refus, statut, validation) ; "
         "seuls le bilan et les incidents peuvent encore y être ajoutés, par l'équipe du Département."),
        (REQUEST_FILE, line_in(path, "statut:"),
         "le statut ne peut pas passer de « refuse » à « accepte » : il avance demande → accepte → retire → "
         "restitue, ou passe de demande ou accepte à refuse ou annule."),
    ]


def _condition_check(moment: str) -> dict[str, Any]:
    return {"date": moment, "par": "agent-dep", "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}


def _picked_up_and_returned() -> dict[str, Any]:
    return loan("pret-a", statut="restitue", etat_retrait=_condition_check("2026-05-04T09:00"),
                etat_restitution=_condition_check("2026-05-15T16:00"))


def test_a_returned_loan_is_not_rewritten_but_staff_adds_its_report(capsys: pytest.CaptureFixture[str],
                                                                    depot: Depot) -> None:
    returned = _picked_up_and_returned()
    write_loan(depot.data, returned)
    depot.commit("prêt restitué")
    later = date(2026, 5, 20)
    depot.branch("reecriture")
    depot.rewrite({**returned, "fin": "2026-05-14", "restitution": "2026-05-14T16:00"})
    depot.commit("on change les dates après coup")
    code, findings = check_pr(capsys, depot, "agent-dep", today=later)
    assert code == 1
    assert [message.split(" (clé")[0] for _, _, message in errors(findings, "cycle-de-vie-pr")] == [
        "ce prêt est clos (statut « restitue ») et ne se réécrit plus"]

    depot.branch("bilan", "main")
    report = {"rendu_le": "2026-05-20", "seances": 4, "actions": [{"type": "atelier", "nombre": 4}],
              "publics": [{"type": "scolaires", "nombre": 60}], "satisfaction": {"note": 4.5}}
    depot.rewrite({**returned, "bilan": report})
    depot.commit("bilan")
    assert check_pr(capsys, depot, "agent-dep", today=later)[0] == 0
    # The borrower hands in its own report by pull request (Art. 6 and 7)…
    assert check_pr(capsys, depot, "demandeur-a", today=later) == (0, [])
    # …but nobody else's, and nothing else on a returned loan.
    code, findings = check_pr(capsys, depot, "demandeur-b", today=later)
    assert code == 1
    assert [message.split(" ;")[0] for _, _, message in errors(findings, "droits")] == [
        "modifier le prêt de « mairie-a » est réservé aux demandeurs de ce membre et à l'équipe du Département "
        "(liste equipe de data/reseau.yaml)"]
    depot.branch("bilan-et-plus", "main")
    depot.rewrite({**returned, "bilan": report, "objet": "Autre chose que ce qui a été prêté, après coup."})
    depot.commit("bilan et objet")
    code, findings = check_pr(capsys, depot, "demandeur-a", today=later)
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, line_in(depot.loan_path(returned), "objet:"),
        "ce prêt est restitué : un demandeur du membre peut y ajouter ou compléter le bilan, et rien d'autre "
        f"(clé modifiée : objet) ; le reste revient à {STAFF}.")]


def test_staff_approves_records_the_pickup_and_the_return(capsys: pytest.CaptureFixture[str],
                                                          depot: Depot) -> None:
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    steps = [
        ("validation", date(2026, 4, 16), loan("pret-a", validation={"par": "agent-dep", "le": "2026-04-16"})),
    ]
    returned = _picked_up_and_returned()
    returned["validation"] = {"par": "agent-dep", "le": "2026-04-16"}
    approved(returned)
    picked_up = {key: value for key, value in returned.items() if key != "etat_restitution"}
    picked_up["statut"] = "retire"
    steps += [("retrait", date(2026, 5, 4), picked_up), ("restitution", date(2026, 5, 15), returned)]
    for name, today, record in steps:
        depot.branch(name, "main")
        depot.rewrite(record)
        depot.commit(name)
        code, findings = check_pr(capsys, depot, "agent-dep", today=today)
        assert (name, errors(findings), code) == (name, [], 0)
        depot.switch("main")
        depot.merge(name)


def test_an_old_problem_on_the_base_does_not_block(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    depot = Depot(tmp_path / "depot")
    # mairie-b's agreement ends on 31/05/2026: a warning (amendment notice) that has nothing
    # to do with the pull request; and an old stray file: an error nobody touches.
    write_dataset(depot.root, members=[member("mairie-a"),
                                       member("mairie-b", demandeurs=["demandeur-b"],
                                              convention={"signature": "2023-06-01"})],
                  equipment=[item("kit-vr")])
    (depot.data / "notes.txt").write_text("à ranger\n", encoding="utf-8")
    depot.commit("données de départ")
    depot.branch("demande")
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    main_findings = check_pr(capsys, depot, None, base="main", head="main")[1]
    assert {f["fichier"] for f in main_findings} == set()  # nothing changed, nothing reported
    code = main(["validate", "--data", str(depot.data), "--today", TODAY.isoformat(), "--format", "json"])
    old = json.loads(capsys.readouterr().out)["constats"]
    assert code == 1
    assert {(f["fichier"].rsplit("/", 2)[-1], f["gravite"]) for f in old} >= {
        ("notes.txt", "erreur"), ("mairie-b.yaml", "avertissement")}
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert (code, findings) == (0, [])


# --- shape --------------------------------------------------------------------------------


def test_a_symbolic_link_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("lien")
    (depot.data / "loans" / "2026").mkdir(parents=True)
    os.symlink("../../reseau.yaml", depot.data / "loans" / "2026" / "lien.yaml")
    depot.commit("un lien")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    assert ("data/loans/2026/lien.yaml", 1, "les liens symboliques sont refusés : remplacez ce lien par un vrai "
                                            "fichier (ou retirez-le).") in errors(findings, "forme-pr")


def test_a_binary_file_under_data_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("binaire")
    (depot.data / "equipment" / "photo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (depot.data / "equipment" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    depot.commit("des images")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    assert errors(findings, "forme-pr") == [
        ("data/equipment/photo.png", 1,
         "fichier hors de l'organisation attendue de data/ (reseau.yaml, members/<id>.yaml, equipment/<id>.yaml, "
         "loans/<année>/<id>.yaml) : déplacez-le ou retirez-le."),
        ("data/equipment/photo.yaml", 1,
         "fichier binaire (octets nuls ou texte non UTF-8) : data/ ne contient que des fichiers YAML en UTF-8."),
    ]


def test_a_submodule_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("sous-module")
    target = depot.repo.head.commit.hexsha
    depot.repo.git.update_index("--add", "--cacheinfo", f"160000,{target},vendor/outil")
    depot.repo.git.commit("--quiet", m="un sous-module")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    assert errors(findings, "forme-pr") == [
        ("vendor/outil", 1, "les sous-modules Git sont refusés : retirez ce sous-module.")]


# --- the issue-form bot, git objects, bad revisions ---------------------------------------------


def test_the_issue_bot_is_judged_as_the_person_it_acted_for(capsys: pytest.CaptureFixture[str],
                                                           depot: Depot) -> None:
    bot = ("--bot", "github-actions[bot]")
    depot.branch("ticket-1")
    write_loan(depot.data, request())
    depot.commit("demande depuis un ticket")
    # Who the bot acted for comes from GitHub (the workflow reads the issue's author), never from the file.
    assert check_pr(capsys, depot, "github-actions[bot]", extra=(*bot, "--au-nom-de", "Demandeur-A")) == (0, [])
    for someone in ("inconnu", "demandeur-b"):
        code, findings = check_pr(capsys, depot, "github-actions[bot]", extra=(*bot, "--au-nom-de", someone))
        assert code == 1 and [rule for _, _, rule in _rules(findings)] == ["droits"]


def _rules(findings: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(f["fichier"], f["ligne"], f["regle"]) for f in findings if f["gravite"] == "erreur"]


def test_a_bot_without_the_person_it_acted_for_has_no_rights(capsys: pytest.CaptureFixture[str],
                                                              depot: Depot) -> None:
    depot.branch("ticket-1")
    write_loan(depot.data, request())
    depot.commit("demande depuis un ticket")
    code, findings = check_pr(capsys, depot, "github-actions[bot]", extra=("--bot", "github-actions[bot]"))
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, 1,
        "le compte d'automatisation « github-actions[bot] » n'a aucun droit propre : sa demande de modification est "
        "jugée au nom de la personne pour qui il agit (l'auteur du ticket, ou l'agent qui a lancé le workflow), que "
        "le workflow verifier lit dans GitHub et passe avec --au-nom-de. Sans elle, ajouter "
        f"{REQUEST_FILE} est refusé.")]


def test_a_staff_login_in_demande_par_gives_the_bot_no_rights(capsys: pytest.CaptureFixture[str],
                                                               depot: Depot) -> None:
    """Hole: with --bot, a staff login written in demande_par used to skip every rights check."""
    bot = ("--bot", "github-actions[bot]", "--au-nom-de", "demandeur-a")
    depot.branch("ticket-1")
    forged = loan("pret-a", demande_le=TODAY.isoformat(), demande_par="agent-dep")  # accepte, validation…
    path = write_loan(depot.data, forged)
    (depot.data / "reseau.yaml").write_text("nom: autre\n", encoding="utf-8")
    depot.commit("demande forgée")
    code, findings = check_pr(capsys, depot, "github-actions[bot]", extra=bot)
    assert code == 1
    found = errors(findings, "droits")
    assert (REQUEST_FILE, line_in(path, "demande_par:"),
            "demande_par (« agent-dep ») doit être l'identifiant GitHub de la personne qui fait la demande, "
            "« demandeur-a » d'après GitHub : écrivez demande_par: demandeur-a.") in found
    assert (REQUEST_FILE, line_in(path, "statut:"),
            f"une nouvelle demande a le statut « demande » : le statut « accepte » est posé par {STAFF}, "
            "pas par un demandeur.") in found
    assert any(message.startswith("modifier les réglages du réseau (data/reseau.yaml) est réservé")
               for _, _, message in found)


def test_au_nom_de_is_refused_for_a_person(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    write_loan(depot.data, request())
    depot.commit("demande")
    code = main(["check-pr", "--repo", str(depot.root), "--base", "main", "--author", "demandeur-a",
                 "--au-nom-de", "agent-dep", "--today", TODAY.isoformat()])
    assert code == 2
    assert "--au-nom-de ne vaut que pour une demande ouverte par un compte d'automatisation" in capsys.readouterr().err


def test_the_change_is_read_from_git_objects_not_the_work_tree(capsys: pytest.CaptureFixture[str],
                                                               depot: Depot) -> None:
    depot.branch("demande")
    path = write_loan(depot.data, request())
    depot.commit("demande de prêt")
    path.write_text("statut: [n'importe quoi\n", encoding="utf-8")  # never committed
    assert check_pr(capsys, depot, "demandeur-a") == (0, [])


def test_an_unknown_revision_is_a_usage_error(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    code = main(["check-pr", "--repo", str(depot.root), "--base", "nulle-part", "--author", "x"])
    assert code == 2
    assert "la révision « nulle-part » est introuvable" in capsys.readouterr().err


def test_a_past_loan_keeps_its_booking_but_staff_records_a_late_return(capsys: pytest.CaptureFixture[str],
                                                                       depot: Depot) -> None:
    picked_up = loan("pret-a", statut="retire", etat_retrait=_condition_check("2026-05-04T09:00"))
    write_loan(depot.data, picked_up)
    depot.commit("prêt retiré")
    after_the_end = date(2026, 5, 19)  # due back on 15 May
    depot.branch("retour-tardif")
    depot.rewrite({**picked_up, "statut": "restitue", "etat_restitution": _condition_check("2026-05-18T10:00")})
    depot.commit("restitution tardive")
    code, findings = check_pr(capsys, depot, "agent-dep", today=after_the_end)
    assert [f for f in errors(findings) if f[0] == REQUEST_FILE and "réécrit" in f[2]] == []

    depot.branch("prolongation", "main")
    extended = {**picked_up, "fin": "2026-05-22", "restitution": "2026-05-22T16:00"}
    depot.rewrite(extended)
    depot.commit("prolonger après coup")
    code, findings = check_pr(capsys, depot, "agent-dep", today=after_the_end)
    assert code == 1
    assert errors(findings, "cycle-de-vie-pr") == [(
        REQUEST_FILE, line_in(depot.loan_path(extended), "fin:"),
        "ce prêt est passé (dernier jour le 15/05/2026) : la réservation ne se réécrit plus (clé modifiée : fin, "
        "restitution) ; seuls le statut, les états des lieux, les incidents et le bilan peuvent encore être "
        "complétés.")]


def test_a_requester_cancels_an_accepted_loan_but_changes_nothing_else(capsys: pytest.CaptureFixture[str],
                                                                       depot: Depot) -> None:
    write_loan(depot.data, loan("pret-a"))
    depot.commit("prêt accepté")
    cancellation = {"par": "demandeur-a", "le": "2026-04-20", "motif": "Atelier reporté."}
    depot.branch("annulation")
    depot.rewrite(loan("pret-a", statut="annule", annulation=cancellation))
    depot.commit("annulation")
    assert check_pr(capsys, depot, "demandeur-a", today=date(2026, 4, 20)) == (0, [])
    depot.branch("annulation-et-plus", "main")
    sneaky = {**loan("pret-a", statut="annule", annulation=cancellation), "materiel": ["kit-vr", "kit-b"]}
    depot.rewrite(sneaky)
    depot.commit("annulation et autre chose")
    code, findings = check_pr(capsys, depot, "demandeur-a", today=date(2026, 4, 20))
    assert code == 1
    assert (REQUEST_FILE, line_in(depot.loan_path(sneaky), "materiel:"),
            f"ce prêt est accepté : pour l'annuler, ne changez que statut et annulation (clé modifiée : materiel) ; "
            f"toute autre modification revient à {STAFF}.") in errors(findings, "droits")
