"""The GitHub files: schemas of GitHub itself, zizmor's security audits, and the house rules
(pinned actions, least permissions, untrusted text never inside a script)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from factory import new_repo, write_dataset

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = ROOT / ".venv" / "bin"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict[Any, Any]:
    # PyYAML reads the key "on" as True (YAML 1.1): read it back under its name.
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_the_workflows_exist() -> None:
    assert {path.name for path in WORKFLOWS} >= {"verifier.yml", "publier.yml", "demande-depuis-ticket.yml",
                                                 "rappels.yml", "commenter.yml"}


def test_github_schemas_accept_the_workflows_and_the_issue_form() -> None:
    for schema, paths in (("vendor.github-workflows", WORKFLOWS),
                          ("vendor.github-issue-forms", [GITHUB / "ISSUE_TEMPLATE" / "demande-de-pret.yml"]),
                          ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"])):
        result = run(str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, paths))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "ok -- validation done" in result.stdout


def test_zizmor_finds_nothing_even_pedantic() -> None:
    result = run(str(BIN / "zizmor"), "--offline", "--persona", "pedantic", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_house_rules_for_every_workflow(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}, "top-level permissions: {}"
    assert "pull_request_target" not in workflow["on"]
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, f"{job_id}: permissions per job"
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{job_id}: {step['uses']} is not pinned to a commit"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{" not in step.get("run", ""), f"{job_id}: expression inside run:"
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line), f"version comment missing: {line.strip()}"


def test_verifier_judges_with_the_base_and_passes_untrusted_values_through_env() -> None:
    workflow = load(GITHUB / "workflows" / "verifier.yml")
    assert set(workflow["on"]) == {"pull_request", "merge_group", "push", "schedule"}
    assert workflow["on"]["push"] == {"branches": ["main"]}
    job = workflow["jobs"]["verifier"]
    assert job["name"] == "verifier" and job["permissions"] == {
        "contents": "read", "issues": "read", "pull-requests": "read", "actions": "read"}
    steps = job["steps"]
    checkouts = [step["with"] for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts[0]["path"] == "head" and checkouts[0]["fetch-depth"] == 0
    assert checkouts[1]["path"] == "base"
    # The base is the merge commit's first parent (what GitHub merged into), never the payload's
    # pull_request.base.sha, which can lag behind main (tests/test_act_workflows.py runs it).
    assert checkouts[1]["ref"] == "${{ steps.base.outputs.sha }}"
    base = next(step for step in steps if step.get("id") == "base")
    assert "git -C head rev-parse --verify 'HEAD^1'" in base["run"]
    assert base["env"]["GROUP_BASE"] == "${{ github.event.merge_group.base_sha }}"
    assert "${{ github.event.pull_request.base.sha }}" not in (GITHUB / "workflows" / "verifier.yml").read_text(
        encoding="utf-8")
    install = next(step["run"] for step in steps if "pip install" in step.get("run", ""))
    assert "--require-hashes -r base/requirements/runtime.txt" in install
    assert install.rstrip().endswith("--no-deps --no-build-isolation -e ./base")
    by_event = {step["if"]: step for step in steps if "if" in step and "id" not in step}
    check = next(step for step in steps if "tna check-pr" in step.get("run", "") and "$PR_AUTHOR" in step["run"])
    assert check["if"] == "github.event_name == 'pull_request'"
    assert check["env"] == {"BASE_SHA": "${{ steps.base.outputs.sha }}",
                            "HEAD_SHA": "${{ github.sha }}",
                            "PR_AUTHOR": "${{ github.event.pull_request.user.login }}",
                            "AU_NOM_DE": "${{ steps.qui.outputs.au_nom_de }}",
                            "OUVERTE_LE": "${{ steps.qui.outputs.ouverte_le }}",
                            "PR_NUMBER": "${{ github.event.pull_request.number }}"}
    for option in ('--auteur "$PR_AUTHOR"', '--robot "github-actions[bot]"', '--au-nom-de "$AU_NOM_DE"',
                   '--ouverte-le "$OUVERTE_LE"', "--format github",
                   '--commentaire "$RUNNER_TEMP/commentaire/commentaire.md"'):
        assert option in check["run"]
    # Who the bot acted for, and when the request was made, come from the event and GitHub's API.
    who = next(step for step in steps if step.get("id") == "qui")
    assert who["env"]["PR_CREATED"] == "${{ github.event.pull_request.created_at }}"
    assert "closingIssuesReferences" in who["run"] and "triggering_actor.login" in who["run"]
    assert ".github/workflows/accepter-demande.yml" in who["run"]
    upload = by_event["always() && github.event_name == 'pull_request'"]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["with"]["name"] == "commentaire"
    merge_group = by_event["github.event_name == 'merge_group'"]
    assert merge_group["env"] == {"BASE_SHA": "${{ github.event.merge_group.base_sha }}",
                                  "HEAD_SHA": "${{ github.event.merge_group.head_sha }}"}
    assert "--sans-auteur" in merge_group["run"]
    main_branch = by_event["github.event_name == 'push' || github.event_name == 'schedule'"]
    assert main_branch["run"].startswith("tna validate") and "--format github" in main_branch["run"]


def test_publier_gives_pages_rights_to_the_deploy_job_only() -> None:
    workflow = load(GITHUB / "workflows" / "publier.yml")
    assert set(workflow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert "group" in workflow["concurrency"]
    build, deploy = workflow["jobs"]["construire"], workflow["jobs"]["deployer"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(step.get("run") == "make site TODAY=" for step in build["steps"])  # real date, not the demo's
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact@") for step in build["steps"])
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"


def test_the_issue_workflow_never_puts_the_issue_in_a_script() -> None:
    workflow = load(GITHUB / "workflows" / "demande-depuis-ticket.yml")
    assert workflow["on"] == {"issues": {"types": ["opened"]}}
    prepare = workflow["jobs"]["preparer"]
    assert prepare["permissions"] == {"contents": "read"}
    write = next(step for step in prepare["steps"] if "tna from-issue" in step.get("run", ""))
    assert write["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert '--ticket "$RUNNER_TEMP/ticket.md"' in write["run"]
    assert workflow["jobs"]["signaler-refus"]["permissions"] == {"issues": "write"}


def test_the_acceptance_workflow_acts_for_the_agent_who_started_it() -> None:
    workflow = load(GITHUB / "workflows" / "accepter-demande.yml")
    assert set(workflow["on"]) == {"workflow_dispatch"}
    prepare, opening_job = workflow["jobs"]["preparer"], workflow["jobs"]["ouvrir"]
    assert prepare["permissions"] == {"contents": "read"}
    approve = next(step for step in prepare["steps"] if "tna approve" in step.get("run", ""))
    assert approve["env"] == {"PRET": "${{ inputs.pret }}", "AGENT": "${{ github.triggering_actor }}"}
    assert approve["run"].startswith('tna approve --par "$AGENT" -- "$PRET"\n')
    opening = next(step for step in opening_job["steps"] if "gh pr create" in step.get("run", ""))
    # The verifier finds the run (and so the agent) from this line of the description.
    assert "Exécution : %s" in opening["run"] and opening["env"]["RUN_ID"] == "${{ github.run_id }}"
    assert 'branch="acceptation/' in opening["run"]


@pytest.mark.parametrize("name", ["demande-depuis-ticket.yml", "accepter-demande.yml"])
def test_no_third_party_code_runs_where_the_write_token_is(name: str) -> None:
    """The job holding the write token runs only git and gh: no Python, no install, no other action."""
    workflow = load(GITHUB / "workflows" / name)
    for job in workflow["jobs"].values():
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        if not writes:
            continue
        uses = {step["uses"].split("@")[0] for step in job["steps"] if "uses" in step}
        assert uses <= {"actions/checkout", "actions/download-artifact"}
        scripts = "\n".join(step.get("run", "") for step in job["steps"])
        for forbidden in ("pip", "python", "tna ", "make", "npm", "npx", "./"):
            assert forbidden not in scripts, forbidden
    opening = workflow["jobs"]["ouvrir-demande" if "ticket" in name else "ouvrir"]
    assert opening["needs"] == "preparer"
    assert opening["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_every_python_install_in_the_workflows_is_locked_and_hashed() -> None:
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in job["steps"]:
                for line in step.get("run", "").splitlines():
                    if "pip install" in line:
                        assert ("--require-hashes -r" in line and "requirements/runtime.txt" in line) or (
                            "--no-deps --no-build-isolation -e" in line), f"{path.name}: {line.strip()}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pip_lines = [line for line in makefile.splitlines() if "pip install" in line or "PIP_LOCKED)" in line]
    assert pip_lines and all("--require-hashes" in line or "$(PIP_LOCKED)" in line or "--no-deps" in line
                             for line in pip_lines), pip_lines


def test_the_lock_files_pin_every_dependency_with_hashes() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def pins(name: str) -> dict[str, str]:
        text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
        found = dict(re.findall(r"^([A-Za-z0-9._-]+)==(\S+) \\$", text, flags=re.MULTILINE))
        blocks = re.split(r"^(?=[A-Za-z0-9._-]+==)", text, flags=re.MULTILINE)[1:]
        assert blocks and all("--hash=sha256:" in block for block in blocks), name
        return {key.lower().replace("_", "-").replace(".", "-"): value for key, value in found.items()}

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=!\[ ;]", req, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")
                for req in requirements}

    runtime, test = pins("runtime.txt"), pins("test.txt")
    assert names(project["dependencies"]) | {"setuptools"} <= set(runtime)
    assert names(project["dependencies"] + project["optional-dependencies"]["test"]) <= set(test)
    assert {name: test[name] for name in runtime} == runtime  # the same versions in both


def test_the_commenter_never_checks_out_or_runs_code() -> None:
    workflow = load(GITHUB / "workflows" / "commenter.yml")
    assert workflow["on"] == {"workflow_run": {"workflows": ["verifier"], "types": ["completed"]}}
    (job,) = workflow["jobs"].values()
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step] == ["actions/download-artifact"]
    scripts = " ".join(step.get("run", "") for step in job["steps"])
    for forbidden in ("git ", "python", "tna ", "pip", "make", "npm", "source", "bash "):
        assert forbidden not in scripts, forbidden
    assert "gh pr comment" in scripts and "--edit-last --create-if-none" in scripts


def test_the_reminders_issue_is_the_bot_s_own_labelled_one() -> None:
    workflow = load(GITHUB / "workflows" / "rappels.yml")
    step = next(step for step in workflow["jobs"]["rappels"]["steps"] if "gh issue list" in step.get("run", ""))
    assert '--author "app/github-actions" --label "$ETIQUETTE"' in step["run"]
    assert '--label "$ETIQUETTE" --body-file' in step["run"]
    assert step["env"]["ETIQUETTE"] == "rappels"


def test_dependabot_watches_actions_python_and_npm() -> None:
    config = yaml.safe_load((GITHUB / "dependabot.yml").read_text(encoding="utf-8"))
    assert {update["package-ecosystem"] for update in config["updates"]} == {"github-actions", "pip", "npm"}
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(GITHUB / "dependabot.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_codeowners_give_the_sensitive_paths_to_staff() -> None:
    owners = {}
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *teams = line.split()
            owners[pattern] = teams
    for path in ("/schemas/", "/generator/", "/.github/", "/data/members/", "/data/equipment/", "/data/reseau.yaml"):
        assert owners[path] == ["@departement-manche/equipe-tna"]


def test_the_pre_commit_hook_runs_tna_validate(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local" and hook["pass_filenames"] is False
    assert re.match(hook["files"], "data/loans/2026/x.yaml") and not re.match(hook["files"], "README.md")
    command = hook["entry"].split()
    assert command[:2] == ["tna", "validate"]
    write_dataset(tmp_path)
    result = run(str(BIN / command[0]), *command[1:], "--aujourdhui", "2026-04-15", cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "Aucun problème trouvé.")
    (tmp_path / "data" / "members" / "mairie-a.yaml").write_text("nom: [\n", encoding="utf-8")
    assert run(str(BIN / command[0]), *command[1:], cwd=tmp_path).returncode == 1


def test_workflows_hooks_and_makefile_use_the_french_option_names() -> None:
    """The English spellings are hidden aliases kept for one release: nothing shipped relies on them."""
    from generator.commands.arguments import ENGLISH_ALIASES
    texts = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
             for path in [*sorted((GITHUB / "workflows").glob("*.yml")), ROOT / "Makefile",
                          ROOT / ".pre-commit-config.yaml"]}
    for name, text in texts.items():
        for line in text.splitlines():
            if re.search(r"\btna\b|TODAY_OPTION", line):
                used = [alias for alias in ENGLISH_ALIASES if re.search(rf"{re.escape(alias)}(?![\w-])", line)]
                assert used == [], f"{name}: {line.strip()}"


def test_check_pr_refuses_a_change_under_github_by_a_member(tmp_path: Path) -> None:
    """A pull request editing verifier.yml runs its own copy: the base checker refuses the change itself."""
    repo = new_repo(tmp_path)
    write_dataset(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "verifier.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text((GITHUB / "workflows" / "verifier.yml").read_text(encoding="utf-8"), encoding="utf-8")
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="main")
    repo.git.switch("--quiet", "-c", "mon-verifier")
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("tna check-pr", "true ||"), encoding="utf-8")
    repo.git.commit("--quiet", "-am", "je me donne raison")

    def check(author: str) -> subprocess.CompletedProcess[str]:
        return run(str(BIN / "tna"), "check-pr", "--depot", str(tmp_path), "--base", "main", "--auteur", author,
                   "--aujourdhui", "2026-04-15", "--format", "github", cwd=tmp_path)

    refused = check("demandeur-a")
    assert refused.returncode == 1
    assert "::error file=.github/workflows/verifier.yml,line=1,col=1,title=[droits]" in refused.stdout
    assert check("agent-dep").returncode == 0  # staff may


def test_only_main_writes_the_check_cache_and_requests_only_read_it() -> None:
    """The cache of tna check-pr --cache is trusted: no run of a member's change may write it."""
    for path in sorted((GITHUB / "workflows").glob("*.yml")):
        for job_id, job in load(path)["jobs"].items():
            for step in job.get("steps", []):
                uses = step.get("uses", "")
                run_text = step.get("run", "")
                if uses.startswith(("actions/cache@", "actions/cache/save@")) or "--remplir-cache" in run_text:
                    assert path.name == "verifier.yml", f"{path.name}/{job_id} writes the check cache"
                    # Main's own events only: a push to it, or the morning run on it.
                    assert step.get("if") == "github.event_name == 'push' || github.event_name == 'schedule'", \
                        f"{job_id}: {step.get('name')}"
    verifier = load(GITHUB / "workflows" / "verifier.yml")
    assert verifier["on"]["push"] == {"branches": ["main"]}
    steps = verifier["jobs"]["verifier"]["steps"]
    checks = [step for step in steps if "tna check-pr" in step.get("run", "")]
    assert all('--cache "$RUNNER_TEMP/cache-tna"' in step["run"] for step in checks)
