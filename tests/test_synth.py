"""The benchmarks' synthetic network must stay a network the checker accepts.

``bench_all`` compares commands on it: if the generator falls behind a new rule, every
loan carries a finding and the benchmark measures the reporting of errors instead of
the checking (it happened once, when approvals started to record their terms).
"""

from collections import Counter
from datetime import date

from benchmarks import synth
from generator.pipeline import validate

TODAY = date(2026, 4, 15)


def test_the_network_without_defects_is_clean(tmp_path):
    synth.generate(tmp_path / "data", members=6, items=8, loans=160, defects=False)
    outcome = validate(tmp_path / "data", TODAY)
    assert [finding.as_text() for finding in outcome.findings if finding.is_error] == []
    assert len(outcome.dataset.loans) == 160


def test_the_deliberate_defects_are_the_only_findings(tmp_path):
    # The benchmark's density: ten loans per item, as many members as items.
    synth.generate(tmp_path / "data", members=60, items=60, loans=600, defects=True)
    outcome = validate(tmp_path / "data", TODAY)
    rules = Counter(finding.rule for finding in outcome.findings)
    assert rules, "about 1 % of the loans carry a deliberate defect"
    assert set(rules) <= {"duree-max", "creneaux", "dates-retrait-restitution"}
    assert sum(rules.values()) < 0.05 * len(outcome.dataset.loans)
