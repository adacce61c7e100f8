"""The gate against a determined member (issue « the gate holds »): each hole, on real Git history.

Every test builds a repository with the factory, branches and merges as GitHub does
(a pull request's head, main moving meanwhile, a merge-queue head), and runs the real
``tna check-pr`` on it. The requester is ``demandeur-a`` (mairie-a); staff is ``agent-dep``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from factory import TODAY, Depot, approved, loan, seeded_depot, write_loan
from generator.cli import main
from test_prcheck import REQUEST_FILE, STAFF, check_pr, errors, line_in, request

BOT = ("--bot", "github-actions[bot]")


@pytest.fixture
def depot(tmp_path: Path) -> Depot:
    """main: two members (mairie-a: demandeur-a, mairie-b: demandeur-b), kit-vr and kit-b."""
    return seeded_depot(tmp_path / "depot", "kit-vr", "kit-b")


def rules_of(findings: list[dict[str, object]]) -> set[str]:
    return {str(f["regle"]) for f in findings if f["gravite"] == "erreur"}


# --- 1. an approval binds what it approved ---------------------------------------------------


def test_an_edit_merged_after_the_approval_is_stopped_by_the_merge_queue(capsys: pytest.CaptureFixture[str],
                                                                         depot: Depot) -> None:
    write_loan(depot.data, request())
    depot.commit("demande de prêt")
    # The requester edits its pending request: a week longer, and a second item. Green alone.
    depot.branch("modification")
    depot.rewrite(request(fin="2026-05-22", restitution="2026-05-22T16:00", materiel=["kit-vr", "kit-b"]))
    depot.commit("une semaine de plus et un second kit")
    assert check_pr(capsys, depot, "demandeur-a") == (0, [])
    # Meanwhile an agent accepts the request as it was, on main.
    depot.switch("main")
    accepted = loan("pret-a", demande_le=TODAY.isoformat(), validation={"par": "agent-dep", "le": "2026-04-15"})
    depot.rewrite(accepted)
    depot.commit("demande acceptée")
    # The merge queue builds main + the pull request: the edit merges cleanly.
    depot.branch("gh-readonly-queue/main/pr-1")
    depot.merge("modification")
    merged = depot.loan_path(accepted).read_text(encoding="utf-8")
    assert "statut: accepte" in merged and "fin: '2026-05-22'" in merged
    code, findings = check_pr(capsys, depot, None)
    assert code == 1
    assert errors(findings, "validation-perimee") == [(
        REQUEST_FILE, line_in(depot.loan_path(accepted), "materiel:"),
        "la réservation a changé depuis sa validation par agent-dep du 15/04/2026 — matériel (materiel) validé : "
        "kit-vr, maintenant : kit-vr, kit-b; dernier jour (fin) validé : 2026-05-15, maintenant : 2026-05-22; "
        "créneau de restitution (restitution) validé : 2026-05-15T16:00, maintenant : 2026-05-22T16:00. Une "
        "validation ne vaut que pour ce qu'elle a accepté : revenez aux termes validés, ou faites valider à "
        "nouveau par un agent du Département (tna approve).")]
    # tna validate on the merged tree says the same, with no Git at all.
    assert main(["validate", "--data", str(depot.data), "--today", TODAY.isoformat(), "--format", "json"]) == 1
    assert "validation-perimee" in capsys.readouterr().out


def test_staff_who_change_an_accepted_booking_must_approve_it_again(capsys: pytest.CaptureFixture[str],
                                                                    depot: Depot) -> None:
    accepted = loan("pret-a", demande_le=TODAY.isoformat(), validation={"par": "agent-dep", "le": "2026-04-15"})
    write_loan(depot.data, accepted)
    depot.commit("prêt accepté")
    depot.branch("prolongation")
    depot.rewrite({**accepted, "fin": "2026-05-20", "restitution": "2026-05-20T16:00"})
    depot.commit("prolongé sans nouvelle validation")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert (code, rules_of(findings)) == (1, {"validation-perimee"})
    depot.rewrite(approved({**accepted, "fin": "2026-05-20", "restitution": "2026-05-20T16:00",
                            "validation": {"par": "agent-dep", "le": "2026-04-15"}}))
    depot.commit("validé à nouveau")
    assert check_pr(capsys, depot, "agent-dep") == (0, [])


# --- 2. the date of a request comes from GitHub ----------------------------------------------


def test_a_backdated_request_cannot_buy_notice(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    # Pickup on Monday 20 April: five working days after 1 April, but the request is made on 15 April.
    backdated = request(demande_le="2026-04-01", debut="2026-04-20", fin="2026-04-24",
                        retrait="2026-04-20T09:00", restitution="2026-04-24T16:00")
    path = write_loan(depot.data, backdated)
    depot.commit("demande antidatée")
    code, findings = check_pr(capsys, depot, "demandeur-a", extra=("--ouverte-le", "2026-04-14T09:12:00Z"))
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, line_in(path, "demande_le:"),
        "la demande est datée du 01/04/2026 (demande_le), avant le 14/04/2026, jour où la demande a été faite "
        "d'après GitHub (ouverture de la demande de modification ou du ticket) : c'est ce jour qui compte pour le "
        "délai de prévenance. Écrivez demande_le: 2026-04-14.")]
    # Written honestly, the request is too late: the notice rule says so.
    depot.rewrite({**backdated, "demande_le": "2026-04-14"})
    depot.commit("demande datée du jour")
    code, findings = check_pr(capsys, depot, "demandeur-a", extra=("--ouverte-le", "2026-04-14T09:12:00Z"))
    assert (code, rules_of(findings)) == (1, {"delai-prevenance"})


def test_without_an_opening_date_today_counts(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    write_loan(depot.data, request(demande_le="2026-04-14"))
    depot.commit("demande de la veille")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1 and "Écrivez demande_le: 2026-04-15." in errors(findings, "droits")[0][2]
    # GitHub's timestamp is read as the day in France: 22:30 UTC on the 13th is the 14th in Paris.
    assert check_pr(capsys, depot, "demandeur-a", extra=("--ouverte-le", "2026-04-13T22:30:00Z")) == (0, [])


def test_a_request_dated_in_the_future_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    write_loan(depot.data, request(demande_le="2026-04-16"))
    depot.commit("demande datée de demain")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert "après aujourd'hui (15/04/2026) : une demande ne se date pas dans le futur" in errors(findings, "droits")[0][2]


def test_staff_may_record_a_request_received_earlier(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    write_loan(depot.data, request(demande_le="2026-04-01", demande_par="demandeur-a"))
    depot.commit("demande reçue par courriel le 1er avril")
    assert check_pr(capsys, depot, "agent-dep") == (0, [])


# --- 3. identity fields name the person GitHub says acted -------------------------------------


def test_demande_par_must_be_the_author(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    path = write_loan(depot.data, request(demande_par="agent-dep"))
    depot.commit("demande au nom d'un agent")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, line_in(path, "demande_par:"),
        "demande_par (« agent-dep ») doit être l'identifiant GitHub de la personne qui fait la demande, "
        "« demandeur-a » d'après GitHub : écrivez demande_par: demandeur-a.")]
    depot.rewrite(request(demande_par="Demandeur-A"))  # logins compare without case
    depot.commit("demande à son nom")
    assert check_pr(capsys, depot, "demandeur-a") == (0, [])


def test_a_request_without_demande_par_is_refused_for_a_requester(capsys: pytest.CaptureFixture[str],
                                                                  depot: Depot) -> None:
    depot.branch("demande")
    record = request()
    del record["demande_par"]
    write_loan(depot.data, record)
    depot.commit("demande anonyme")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, 1,
        "demande_par (absent) doit être l'identifiant GitHub de la personne qui fait la demande, « demandeur-a » "
        "d'après GitHub : écrivez demande_par: demandeur-a.")]


def test_a_cancellation_in_someone_else_s_name_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    accepted = loan("pret-a", demande_le=TODAY.isoformat())
    write_loan(depot.data, accepted)
    depot.commit("prêt accepté")
    depot.branch("annulation")
    forged = {**accepted, "statut": "annule",
              "annulation": {"par": "agent-dep", "le": "2026-04-15", "motif": "Annulé par le Département."}}
    depot.rewrite(forged)
    depot.commit("annulation au nom d'un agent")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, line_in(depot.loan_path(forged), "annulation:"),
        "annulation.par doit être l'identifiant GitHub de la personne qui annule, « demandeur-a » d'après GitHub : "
        "écrivez par: demandeur-a dans le bloc annulation.")]


def test_a_loan_cannot_be_cancelled_after_the_fact_with_a_backdated_cancellation(
        capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    accepted = loan("pret-a", demande_le="2026-04-15", validation={"par": "agent-dep", "le": "2026-04-15"})
    write_loan(depot.data, accepted)
    depot.commit("prêt accepté")
    depot.branch("annulation-apres-coup")
    late = {**accepted, "statut": "annule",
            "annulation": {"par": "demandeur-a", "le": "2026-05-01", "motif": "Finalement pas utilisé."}}
    depot.rewrite(late)
    depot.commit("annulation antidatée")
    code, findings = check_pr(capsys, depot, "demandeur-a", today=date(2026, 5, 20),
                              extra=("--ouverte-le", "2026-05-20"))
    assert code == 1
    line = line_in(depot.loan_path(late), "annulation:")
    assert errors(findings, "droits") == [
        (REQUEST_FILE, line, "ce prêt a commencé le 04/05/2026 : seule l'équipe du Département (liste equipe de "
                             "data/reseau.yaml) peut encore l'annuler ; prévenez le Département."),
        (REQUEST_FILE, line, "l'annulation est datée du 01/05/2026 : une annulation porte le jour où elle est faite, "
                             "le 20/05/2026 ; écrivez le: 2026-05-20."),
    ]
    # Staff may still record it.
    assert check_pr(capsys, depot, "agent-dep", today=date(2026, 5, 20)) == (0, [])


# --- 4. the issue bot acts for the issue's author, with no more rights -------------------------
# (see test_prcheck.py: test_a_staff_login_in_demande_par_gives_the_bot_no_rights and neighbours)


def test_the_bot_s_request_is_dated_by_the_issue(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande-pret/ticket-7")
    write_loan(depot.data, request(demande_le="2026-04-10"))
    depot.commit("Demande de prêt (ticket #7)")
    extra = (*BOT, "--au-nom-de", "demandeur-a", "--ouverte-le", "2026-04-10T07:00:00Z")
    assert check_pr(capsys, depot, "github-actions[bot]", extra=extra) == (0, [])
    extra = (*BOT, "--au-nom-de", "demandeur-a", "--ouverte-le", "2026-04-12T07:00:00Z")
    code, findings = check_pr(capsys, depot, "github-actions[bot]", extra=extra)
    assert (code, rules_of(findings)) == (1, {"droits"})


# --- mutations of prcheck that the suite must kill ---------------------------------------------


def test_staff_only_keys_in_a_new_request_are_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    record = request(derogation={"par": "agent-dep", "le": "2026-04-15", "motif": "Projet long."},
                     notes="Accord verbal.")
    path = write_loan(depot.data, record)
    depot.commit("demande avec dérogation")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert [(line, message.split(" est réservée")[0]) for _, line, message in errors(findings, "droits")] == [
        (line_in(path, "derogation:"), "la clé « derogation »"), (line_in(path, "notes:"), "la clé « notes »")]


def test_a_new_request_with_a_validation_is_refused(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("demande")
    record = {**request(), "validation": {"par": "agent-dep", "le": "2026-04-15"}}
    path = write_loan(depot.data, record)
    depot.commit("demande pré-validée")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    assert (REQUEST_FILE, line_in(path, "validation:"),
            f"la clé « validation » est réservée à {STAFF} (validation, refus, dérogation, états des lieux, "
            "incidents, bilan, notes) : retirez-la de la demande.") in errors(findings, "droits")


def test_a_status_never_moves_backwards_even_for_staff(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    accepted = loan("pret-a", demande_le=TODAY.isoformat())
    write_loan(depot.data, accepted)
    depot.commit("prêt accepté")
    depot.branch("retour-arriere")
    back = request()
    depot.rewrite(back)
    depot.commit("retour à demande")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    assert errors(findings, "cycle-de-vie-pr") == [(
        REQUEST_FILE, line_in(depot.loan_path(back), "statut:"),
        "le statut ne peut pas passer de « accepte » à « demande » : il avance demande → accepte → retire → "
        "restitue, ou passe de demande ou accepte à refuse ou annule.")]


def test_an_old_problem_in_a_touched_file_is_reported(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    broken = loan("pret-a", demande_le=TODAY.isoformat(), objet="à voir",
                  validation={"par": "agent-dep", "le": "2026-04-15"})
    write_loan(depot.data, broken)
    depot.commit("un prêt à l'objet trop court, déjà sur main")
    depot.branch("retouche")
    depot.rewrite({**broken, "notes": "Relancer le membre."})
    depot.commit("une note")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert code == 1
    # The problem is old (main has it), but the pull request touches its file: it must fix it.
    assert [(f["regle"], f["message"]) for f in findings] == [
        ("schema", "« objet » (Nature des actions envisagées) est trop court : au moins 10 caractère(s).")]


def test_staff_logins_compare_without_case(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    depot.branch("inventaire")
    (depot.data / "equipment" / "kit-b.yaml").write_text(
        (depot.data / "equipment" / "kit-b.yaml").read_text(encoding="utf-8").replace("Un kit pour les tests.",
                                                                                      "Un kit révisé."),
        encoding="utf-8")
    depot.commit("description du kit")
    assert check_pr(capsys, depot, "AGENT-DEP") == (0, [])
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert (code, rules_of(findings)) == (1, {"droits"})


# --- 6. an agent accepts from GitHub's web interface: the acceptance run acts in their name ----


def test_the_acceptance_run_is_judged_as_the_agent_who_started_it(capsys: pytest.CaptureFixture[str],
                                                                   depot: Depot) -> None:
    write_loan(depot.data, request())
    depot.commit("demande de prêt, fusionnée au statut demande")
    # What accepter-demande.yml does: tna approve in the name of github.triggering_actor, on a branch.
    depot.branch("acceptation/pret-a-4242")
    assert main(["approve", "--data", str(depot.data), "--today", TODAY.isoformat(), "--par", "Agent-Dep",
                 "--", "pret-a"]) == 0
    capsys.readouterr()
    depot.commit("Accepter la demande pret-a (par Agent-Dep)")
    as_agent = (*BOT, "--au-nom-de", "Agent-Dep")
    assert check_pr(capsys, depot, "github-actions[bot]", extra=as_agent) == (0, [])
    # Were the run started by a requester, the same change would be refused.
    code, findings = check_pr(capsys, depot, "github-actions[bot]", extra=(*BOT, "--au-nom-de", "demandeur-a"))
    assert code == 1
    assert [message.split(" ;")[0] for _, _, message in errors(findings, "droits")] == [
        "passer le statut de « demande » à « accepte » est réservé à l'équipe du Département (liste equipe de "
        "data/reseau.yaml)",
        f"la clé « validation » est réservée à {STAFF} (validation, refus, dérogation, états des lieux, incidents, "
        "bilan, notes) : retirez-la de la demande."]
    # Once merged, the approval binds: the merge queue checks main plus the acceptance.
    depot.switch("main")
    depot.merge("acceptation/pret-a-4242")
    assert main(["validate", "--data", str(depot.data), "--today", TODAY.isoformat()]) == 0


# --- 5, 8 and 9 on real history: a trailing newline, an impossible pickup, a hostile issue ------


def test_a_login_with_a_trailing_newline_is_refused_in_a_pull_request(capsys: pytest.CaptureFixture[str],
                                                                      depot: Depot) -> None:
    depot.branch("demande")
    path = write_loan(depot.data, request(demande_par="demandeur-a\n"))
    depot.commit("demande_par avec un retour à la ligne")
    code, findings = check_pr(capsys, depot, "demandeur-a")
    assert code == 1
    # Both the schema (an identifier ends where its last letter does) and the rights (it is not the author).
    assert sorted((f["regle"], f["ligne"]) for f in findings if f["gravite"] == "erreur") == [
        ("droits", line_in(path, "demande_par:")), ("schema", line_in(path, "demande_par:"))]


def test_staff_cannot_record_a_pickup_on_a_sunday_weeks_early(capsys: pytest.CaptureFixture[str],
                                                             depot: Depot) -> None:
    accepted = loan("pret-a", demande_le=TODAY.isoformat(), validation={"par": "agent-dep", "le": "2026-04-15"})
    write_loan(depot.data, accepted)
    depot.commit("prêt accepté")
    depot.branch("retrait")
    check = {"date": "2026-04-12T10:00", "par": "agent-dep", "composants": [
        {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
        {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]}
    depot.rewrite({**accepted, "statut": "retire", "etat_retrait": check})
    depot.commit("retrait un dimanche, trois semaines avant le prêt")
    code, findings = check_pr(capsys, depot, "agent-dep")
    assert (code, rules_of(findings)) == (1, {"dates-retrait-restitution"})


def test_a_hostile_issue_writes_nothing_in_the_repository(capsys: pytest.CaptureFixture[str], depot: Depot) -> None:
    from test_from_issue import body

    commit = depot.repo.head.commit.hexsha
    ticket = depot.root.parent / "ticket.md"
    for text in (body(ticked=(True, False)), body(objet="Ateliers\u200b de découverte pour les collégiens."),
                 body(membre="mairie-aa")):
        ticket.write_text(text, encoding="utf-8")
        code = main(["from-issue", "--body", str(ticket), "--data", str(depot.data), "--author", "demandeur-a",
                     "--issue-number", "7", "--today", TODAY.isoformat()])
        assert code == 1, capsys.readouterr()
        assert "demande refusée, rien n'a été écrit" in capsys.readouterr().err
        assert depot.repo.git.status("--porcelain") == "" and depot.repo.head.commit.hexsha == commit


def test_moving_a_pending_request_earlier_restarts_the_notice(capsys: pytest.CaptureFixture[str],
                                                            depot: Depot) -> None:
    """A request merged long ago keeps its demande_le: moving its pickup is a new request."""
    write_loan(depot.data, request(demande_le="2026-04-01", debut="2026-06-01", fin="2026-06-05",
                                   retrait="2026-06-01T09:00", restitution="2026-06-05T16:00"))
    depot.commit("demande du 1er avril pour juin, fusionnée au statut demande")
    depot.branch("avancer")
    moved = request(demande_le="2026-04-01", debut="2026-04-20", fin="2026-04-24",
                    retrait="2026-04-20T09:00", restitution="2026-04-24T16:00")
    depot.rewrite(moved)
    depot.commit("finalement dans cinq jours")
    code, findings = check_pr(capsys, depot, "demandeur-a", extra=("--ouverte-le", "2026-04-15"))
    assert code == 1
    assert errors(findings, "droits") == [(
        REQUEST_FILE, line_in(depot.loan_path(moved), "demande_le:"),
        "vous déplacez le retrait : c'est une nouvelle demande pour le délai de prévenance, faite le 15/04/2026 "
        "d'après GitHub, et non le 01/04/2026 (demande_le). Écrivez demande_le: 2026-04-15.")]
    # Dated honestly, the notice rule judges it: five working days are not there.
    depot.rewrite({**moved, "demande_le": "2026-04-15"})
    depot.commit("datée du jour")
    code, findings = check_pr(capsys, depot, "demandeur-a", extra=("--ouverte-le", "2026-04-15"))
    assert (code, rules_of(findings)) == (1, {"delai-prevenance"})
    # Changing only the purpose or the last day keeps the first request's date.
    depot.branch("objet", "main")
    depot.rewrite(request(demande_le="2026-04-01", debut="2026-06-01", fin="2026-06-04", retrait="2026-06-01T09:00",
                          restitution="2026-06-04T16:00", objet="Ateliers de découverte, un jour de moins."))
    depot.commit("un jour de moins")
    assert check_pr(capsys, depot, "demandeur-a") == (0, [])
