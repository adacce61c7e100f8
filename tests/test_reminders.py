"""``tna reminders`` and the weekly ``rappels.yml`` workflow that posts them as one issue."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from factory import TODAY, check, item, loan, member, write_dataset

from generator.cli import main
from generator.reminders import KINDS, headings, markdown_escape, reminders

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
WORKFLOW = ROOT / ".github" / "workflows" / "rappels.yml"
STAFF = "agent-dep"


def booking(loan_id: str, item_id: str, first: str, last: str, status: str, **extra: Any) -> dict[str, Any]:
    record = loan(loan_id, materiel=[item_id], debut=first, fin=last, retrait=f"{first}T09:00",
                  restitution=f"{last}T16:00", statut=status, **extra)
    if status == "demande":
        record.pop("validation")
    return record


BILAN = {"rendu_le": "2026-03-20", "seances": 2, "actions": [{"type": "atelier", "nombre": 2}],
         "publics": [{"type": "jeunes", "nombre": 10}], "satisfaction": {"note": 4}}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Today 15/04/2026: one case of each reminder, and one case next to each that is not due."""
    root = tmp_path_factory.mktemp("reminders")
    return write_dataset(
        root,
        members=[
            member("mairie-a", nom="Commune d'Avranches"),
            # Agreement signed 01/06/2023: last day 31/05/2026; amendment request by 01/03/2026 (passed).
            member("mairie-b", nom="Bourg @brix <script>", convention={"signature": "2023-06-01"}),
            # Last day 19/11/2026, request by 20/08/2026: too early to remind (from 20/05/2026 on);
            # insurance ends 30/06/2026 (within 3 months).
            member("mairie-c", nom="Cerisy", convention={"signature": "2023-11-20"},
                   assurance={"assureur": "Assureur", "fin": "2026-06-30"}),
            # Agreement to 14/07/2026: amendment request by 15/04/2026, today (not passed yet).
            member("mairie-d", nom="Ducey", convention={"signature": "2023-07-15"}),
        ],
        equipment=[item("kit-1"), item("kit-2"), item("kit-3"), item("kit-4"), item("kit-5"),
                   item("kit-hs", nom="Kit en maintenance", etat="maintenance", etat_depuis="2026-04-10"),
                   item("kit-panne", nom="Kit en panne", pannes=[
                       {"date": "2026-01-05", "description": "Batterie changée", "reparee_le": "2026-01-20"},
                       {"date": "2026-04-02", "description": "Écran noir"}])],
        loans=[
            booking("retour-proche", "kit-1", "2026-04-06", "2026-04-20", "retire"),
            booking("retour-retard", "kit-2", "2026-03-30", "2026-04-10", "retire"),
            booking("retour-lointain", "kit-3", "2026-04-13", "2026-04-30", "retire"),
            booking("accepte-proche", "kit-4", "2026-04-20", "2026-04-22", "accepte"),
            booking("sans-bilan", "kit-5", "2026-02-23", "2026-03-06", "restitue"),
            booking("bilan-pas-encore-du", "kit-5", "2026-03-23", "2026-04-01", "restitue"),
            booking("avec-bilan", "kit-1", "2026-02-02", "2026-02-13", "restitue", bilan=BILAN),
            booking("departement-passe", "kit-2", "2026-01-05", "2026-01-09", "restitue", emprunteur="departement",
                    lieu=None, demande_par=None),
            booking("sur-kit-hs", "kit-hs", "2026-05-04", "2026-05-15", "accepte"),
            booking("sur-kit-panne", "kit-panne", "2026-06-01", "2026-06-05", "demande"),
            booking("passe-kit-panne", "kit-panne", "2026-03-02", "2026-03-06", "restitue", bilan=BILAN),
        ],
    )


def summary(found: list[Any]) -> list[tuple[str, str, date]]:
    return [(reminder.kind, Path(reminder.path).stem, reminder.day) for reminder in found]


def test_each_kind_of_reminder(data_dir: Path) -> None:
    found = reminders(check(data_dir).dataset, within_days=7)
    assert summary(found) == [
        ("retour_proche", "retour-proche", date(2026, 4, 20)),
        ("retour_proche", "accepte-proche", date(2026, 4, 22)),
        ("retour_en_retard", "retour-retard", date(2026, 4, 10)),
        ("bilan_manquant", "sans-bilan", date(2026, 4, 5)),
        ("convention_fin", "mairie-b", date(2026, 5, 31)),
        ("convention_fin", "mairie-d", date(2026, 7, 14)),
        ("assurance_fin", "mairie-c", date(2026, 6, 30)),
        ("materiel_indisponible", "sur-kit-hs", date(2026, 5, 4)),
        ("materiel_indisponible", "sur-kit-panne", date(2026, 6, 1)),
    ]
    messages = {Path(r.path).stem: r.message for r in found}
    assert messages["retour-retard"].startswith("restitution attendue le 10/04/2026 (5 jour(s) de retard)")
    assert messages["accepte-proche"] == "restitution prévue le 22/04/2026 à 16:00 (retrait pas encore enregistré)."
    assert messages["sans-bilan"].startswith("prêt du 23/02/2026 au 06/03/2026 : bilan attendu au plus tard le 05/04/2026")
    assert messages["mairie-b"] == ("convention en vigueur jusqu'au 31/05/2026 ; la date limite de demande "
                                    "d'avenant (01/03/2026) est dépassée.")
    assert messages["mairie-d"] == ("convention en vigueur jusqu'au 14/07/2026 ; demande d'avenant à faire "
                                    "parvenir au plus tard le 15/04/2026.")
    assert "en maintenance depuis le 10/04/2026" in messages["sur-kit-hs"]
    assert "panne non réparée signalée le 02/04/2026" in messages["sur-kit-panne"]
    assert "05/01/2026" not in messages["sur-kit-panne"]


def test_within_widens_the_returns_window(data_dir: Path) -> None:
    found = reminders(check(data_dir).dataset, within_days=15)
    assert [stem for kind, stem, _day in summary(found) if kind == "retour_proche"] == [
        "retour-proche", "accepte-proche", "retour-lointain"]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_for_the_issue(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "reminders", "--data", data_dir, "--today", TODAY.isoformat(),
                          "--format", "markdown")
    assert code == 0
    assert out.startswith("# Rappels du réseau\n\nSituation au 15/04/2026")
    assert re.findall(r"^## (.+)$", out, flags=re.MULTILINE) == list(headings(7).values())
    assert "- **Bourg &#64;brix &lt;script&gt;** — convention en vigueur jusqu'au 31/05/2026" in out
    assert "<script>" not in out and "@brix" not in out
    assert f"(`{data_dir.as_posix()}/loans/2026/retour-retard.yaml`)" in out
    # No person: neither referents nor logins.
    for personal in ("Référent fictif", "pilote-a", "demandeur-a", STAFF):
        assert personal not in out


def test_markdown_when_there_is_nothing_to_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = write_dataset(tmp_path)
    code, out, _err = run(capsys, "reminders", "--data", data_dir, "--today", TODAY.isoformat(), "--format", "markdown")
    assert code == 0
    assert "Rien à signaler cette semaine." in out
    assert out.count("Rien à signaler.") == len(KINDS)


def test_text_and_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "reminders", "--data", data_dir, "--today", TODAY.isoformat())
    assert code == 0 and out.startswith("Rappels du réseau au 15/04/2026\n")
    assert "  - Cerisy — assurance valable jusqu'au 30/06/2026" in out
    code, out, _err = run(capsys, "reminders", "--data", data_dir, "--today", TODAY.isoformat(), "--format", "json",
                          "--within", "15")
    payload = json.loads(out)
    assert payload["date"] == "2026-04-15" and payload["dans_les_jours"] == 15
    assert {entry["type"] for entry in payload["rappels"]} == set(KINDS)
    assert payload["rappels"][0] == {
        "type": "retour_proche", "date": "2026-04-20", "fichier": f"{data_dir.as_posix()}/loans/2026/retour-proche.yaml",
        "organisation": "Commune d'Avranches", "message": "restitution prévue le 20/04/2026 à 16:00."}


def test_negative_within_is_a_usage_error(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "reminders", "--donnees", data_dir, "--dans", "-1")
    assert code == 2 and "--dans" in err


def test_markdown_escape_makes_data_inert() -> None:
    assert markdown_escape("[lien](https://x) *gras* _i_ `code` | #12 @qui <b>&") == (
        "\\[lien\\](https://x) \\*gras\\* \\_i\\_ \\`code\\` \\| &#35;12 &#64;qui &lt;b&gt;&amp;")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_on_the_sample_data(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "reminders", "--data", ROOT / "data", "--today", "2026-04-15", "--format", fmt)
    assert code == 0 and out
    dataset = check(ROOT / "data").dataset
    people = {referent.name for m in dataset.members.values() for referent in m.referents.values()}
    people |= {login for m in dataset.members.values() for login in m.requesters}
    people |= set(dataset.network.staff) if dataset.network else set()
    # File names may share a slug with a login (« vague-numerique »): look outside the paths.
    prose = re.sub(r"[^\s`\"(]*/loans/[^\s`\")]+\.yaml|[^\s`\"(]*/members/[^\s`\")]+\.yaml", "", out)
    assert "/loans/" not in prose and "/members/" not in prose
    assert [person for person in people if person in prose] == []
    if fmt == "markdown":
        assert len(re.findall(r"^## ", out, flags=re.MULTILINE)) == len(KINDS)


# --- the workflow ---------------------------------------------------------------------------

def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_workflow_passes_the_github_workflow_schema() -> None:
    result = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_passes_zizmor() -> None:
    result = subprocess.run([str(VENV_BIN / "zizmor"), "--offline", "--persona", "auditor", "--no-progress",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_workflow_runs_weekly_with_least_privilege() -> None:
    data = workflow()
    triggers = data[True]  # YAML 1.1 reads the key « on » as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert len(triggers["schedule"]) == 1 and triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "1"]
    assert data["permissions"] == {}
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    steps = job["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use) for use in uses)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    runs = [step["run"] for step in steps if "run" in step]
    assert all("${{" not in command for command in runs)
    assert any("tna reminders" in command and "--format markdown" in command for command in runs)
    assert any("gh issue edit" in command and "gh issue create" in command for command in runs)
    post = next(step for step in steps if "gh issue" in step.get("run", ""))
    assert post["env"]["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"


def test_workflow_pins_carry_their_version_and_match_the_other_workflows() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    pins = re.findall(r"uses: ([\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)", text)
    assert len(pins) == len(re.findall(r"uses:", text))
    for other in sorted(WORKFLOW.parent.glob("*.yml")):
        for action, sha, version in re.findall(r"uses: ([\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)",
                                               other.read_text(encoding="utf-8")):
            for mine, my_sha, my_version in pins:
                if mine == action and my_version == version:
                    assert my_sha == sha, f"{action} {version} pinned differently in {other.name}"
