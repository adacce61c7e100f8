"""Large data sets are loaded by worker processes: the outcome must not change."""

from datetime import date, timedelta

import pytest

from factory import TODAY, item, loan, write_dataset, write_loan
from generator import pipeline


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


def test_worker_processes_give_the_same_outcome(tmp_path, monkeypatch):
    if pipeline._workers() < 2:
        pytest.skip("une seule unité de calcul utilisable ici : pas de processus de chargement")
    data_dir = write_dataset(tmp_path, equipment=[item(f"kit-{n}") for n in range(3)], loans=many_loans(60))
    (data_dir / "loans/2026/casse.yaml").write_text("id: casse\nstatut: [\n", encoding="utf-8")
    write_loan(data_dir, loan("pret-invalide", statut="perdu"))
    sequential = pipeline.validate(data_dir, TODAY)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    parallel = pipeline.validate(data_dir, TODAY)
    assert {"fichier", "schema", "double-reservation"} <= {finding.rule for finding in sequential.findings}
    assert parallel.findings == sequential.findings
    assert [record.id for record in parallel.dataset.loans] == [record.id for record in sequential.dataset.loans]
