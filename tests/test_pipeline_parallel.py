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
