"""Large data sets are loaded by worker processes: the outcome must not change."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest

from factory import TODAY, item, loan, write_dataset, write_loan


def many_loans(count):
    """Loans of three items, one every four days, some of them too close to each other."""
    records = []
    for index in range(count):
        start = date(2026, 6, 1) + timedelta(days=4 * (index // 3))
        end = start + timedelta(days=2 + index % 4)
        records.append(loan(f"pret-{index:03d}", materiel=[f"kit-{index % 3}"], debut=start.isoformat(),
                            fin=end.isoformat(), retrait=f"{start.isoformat()}T09:00",
                            restitution=f"{end.isoformat()}T16:00"))
    return records


# Run in a fresh process: the test session may hold threads (the site tests' servers),
# and the pipeline rightly refuses to fork a process that runs other threads.
CHILD = """
import json, sys
from datetime import date
from pathlib import Path
from generator import pipeline
data_dir = Path(sys.argv[1])
assert pipeline._workers() >= 2, pipeline._workers()
sequential = pipeline.validate(data_dir, date(2026, 4, 15))
pipeline.PARALLEL_MIN_FILES = 1
parallel = pipeline.validate(data_dir, date(2026, 4, 15))
print(json.dumps({
    "sequential": [f.as_dict() for f in sequential.findings],
    "parallel": [f.as_dict() for f in parallel.findings],
    "loans": [[r.id for r in sequential.dataset.loans], [r.id for r in parallel.dataset.loans]],
}))
"""


def test_worker_processes_give_the_same_outcome(tmp_path):
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("une seule unité de calcul utilisable ici : pas de processus de chargement")
    data_dir = write_dataset(tmp_path, equipment=[item(f"kit-{n}") for n in range(3)], loans=many_loans(60))
    (data_dir / "loans/2026/casse.yaml").write_text("id: casse\nstatut: [\n", encoding="utf-8")
    write_loan(data_dir, loan("pret-invalide", statut="perdu"))
    child = subprocess.run([sys.executable, "-c", CHILD, str(data_dir)], capture_output=True, text=True, check=True)
    outcome = json.loads(child.stdout)
    assert {"fichier", "schema", "double-reservation"} <= {finding["regle"] for finding in outcome["sequential"]}
    assert outcome["parallel"] == outcome["sequential"]
    assert outcome["loans"][0] == outcome["loans"][1] and len(outcome["loans"][0]) == 60


# The pull-request check judges the base in a forked process while it judges the head.
CHANGE_CHILD = """
import json, os, sys
from datetime import date
from pathlib import Path
from generator import pipeline
from generator.gitrepo import read_change
from generator.prcheck import changes

root, mode = Path(sys.argv[1]), sys.argv[2]
today = date(2026, 4, 15)
base, head = read_change(root, "main", "pr")
touched = {change.path for change in changes(base, head)}


def run():
    found, outcome = pipeline.validate_change(base.data_blobs(), head.data_blobs(), today, touched)
    return [f.as_dict() for f in found], [f.as_dict() for f in outcome.findings]


assert pipeline._workers() >= 2, pipeline._workers()
pipeline.PARALLEL_MIN_FILES = 10 ** 9
sequential = run()
pipeline.PARALLEL_MIN_FILES = 1
forked = []
original = pipeline._BaseJudge


class Counted(original):
    def __init__(self, *args):
        super().__init__(*args)
        forked.append(self.process.pid)


pipeline._BaseJudge = Counted
if mode == "crash":  # the forked judge dies without an answer: the base is judged here instead
    pipeline._judge_in_child = lambda *args: os._exit(3)
parallel = run()
print(json.dumps({"sequential": sequential, "parallel": parallel, "forked": len(forked)}))
"""


@pytest.mark.parametrize("mode", ["normal", "crash"])
@pytest.mark.parametrize("outside", [True, False])
def test_the_base_judged_beside_the_head_gives_the_same_findings(tmp_path, mode, outside):
    """With a head finding outside the change the base's findings are needed (and come from the
    forked judge, or from this process if it died); without, it is stopped and they are not."""
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("une seule unité de calcul utilisable ici : pas de processus de chargement")
    from factory import new_repo

    records = many_loans(30) if outside else []  # many_loans: double bookings, outside the change
    data_dir = write_dataset(tmp_path, equipment=[item(f"kit-{n}") for n in range(3)], loans=records)
    repo = new_repo(tmp_path)
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="base")
    repo.git.switch("--quiet", "-c", "pr")
    write_loan(data_dir, loan("pret-invalide", statut="perdu"))
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="demande")
    child = subprocess.run([sys.executable, "-c", CHANGE_CHILD, str(tmp_path), mode], capture_output=True,
                           text=True, check=True, cwd=os.getcwd())
    outcome = json.loads(child.stdout)
    assert outcome["forked"] == 1
    assert outcome["parallel"] == outcome["sequential"]
    base_findings, head_findings = outcome["sequential"]
    assert any(finding["regle"] == "schema" for finding in head_findings)
    if outside:
        assert {finding["regle"] for finding in base_findings} >= {"double-reservation"}
    else:
        assert base_findings == []
