"""The GitHub files: schemas of GitHub itself, zizmor's security audits, and the house rules
(pinned actions, least permissions, untrusted text never inside a script)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from factory import write_dataset

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
    assert {path.name for path in WORKFLOWS} >= {"verifier.yml", "publier.yml", "demande-depuis-ticket.yml"}


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
    assert "github.event.pull_request.base.sha" in checkouts[1]["ref"]
    assert "github.event.merge_group.base_sha" in checkouts[1]["ref"]
    install = next(step["run"] for step in steps if "pip install" in step.get("run", ""))
    assert install.endswith("-e ./base")
    by_event = {step["if"]: step for step in steps if "if" in step and "id" not in step}
    check = next(step for step in steps if "tna check-pr" in step.get("run", "") and "$PR_AUTHOR" in step["run"])
    assert check["if"] == "github.event_name == 'pull_request'"
    assert check["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}",
                            "HEAD_SHA": "${{ github.sha }}",
                            "PR_AUTHOR": "${{ github.event.pull_request.user.login }}",
                            "AU_NOM_DE": "${{ steps.qui.outputs.au_nom_de }}",
                            "OUVERTE_LE": "${{ steps.qui.outputs.ouverte_le }}"}
    for option in ('--auteur "$PR_AUTHOR"', '--robot "github-actions[bot]"', '--au-nom-de "$AU_NOM_DE"',
                   '--ouverte-le "$OUVERTE_LE"', "--format github"):
        assert option in check["run"]
    # Who the bot acted for, and when the request was made, come from the event and GitHub's API.
    who = next(step for step in steps if step.get("id") == "qui")
    assert who["env"]["PR_CREATED"] == "${{ github.event.pull_request.created_at }}"
    assert "closingIssuesReferences" in who["run"] and "triggering_actor.login" in who["run"]
    assert ".github/workflows/accepter-demande.yml" in who["run"]
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
    job = workflow["jobs"]["ouvrir-demande"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    write = next(step for step in job["steps"] if "tna from-issue" in step.get("run", ""))
    assert write["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert '--ticket "$RUNNER_TEMP/ticket.md"' in write["run"]
    assert workflow["jobs"]["signaler-refus"]["permissions"] == {"issues": "write"}


def test_the_acceptance_workflow_acts_for_the_agent_who_started_it() -> None:
    workflow = load(GITHUB / "workflows" / "accepter-demande.yml")
    assert set(workflow["on"]) == {"workflow_dispatch"}
    job = workflow["jobs"]["accepter"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    approve = next(step for step in job["steps"] if "tna approve" in step.get("run", ""))
    assert approve["env"] == {"PRET": "${{ inputs.pret }}", "AGENT": "${{ github.triggering_actor }}"}
    assert approve["run"] == 'tna approve --par "$AGENT" -- "$PRET"'
    opening = next(step for step in job["steps"] if "gh pr create" in step.get("run", ""))
    # The verifier finds the run (and so the agent) from this line of the description.
    assert "Exécution : %s" in opening["run"] and opening["env"]["RUN_ID"] == "${{ github.run_id }}"
    assert 'branch="acceptation/' in opening["run"]


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
