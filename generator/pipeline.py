"""The checking pipeline: load → schema → model → rules, collecting every finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .findings import Finding
from .load import DataFile, Document, discover, load_document
from .model import Dataset, build_dataset
from .rules import run_rules
from .schema import check_document


@dataclass
class Outcome:
    """What a validation run found, and the dataset the rules saw."""

    dataset: Dataset
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]


def load_and_check(data_file: DataFile, schemas: Path | None = None) -> tuple[Document | None, list[Finding], bool]:
    """Parse one file and check it against its schema. The bool says the record is usable."""
    document, findings = load_document(data_file.file_path, data_file.display_path, data_file.kind)
    if document is None:
        return None, findings, False
    schema_findings = check_document(document, schemas)
    return document, findings + schema_findings, not schema_findings


def validate(data_dir: Path, today: date, label: str = "data", schemas: Path | None = None) -> Outcome:
    """Check every file and every rule; never raises for a data problem."""
    files, findings = discover(data_dir, label)
    valid: list[Document] = []
    broken: list[tuple[str, str]] = []
    for data_file in files:
        document, file_findings, usable = load_and_check(data_file, schemas)
        findings.extend(file_findings)
        if usable and document is not None:
            valid.append(document)
        else:
            broken.append((data_file.kind, data_file.file_path.stem))
    dataset = build_dataset(valid, broken, today)
    findings.extend(run_rules(dataset))
    return Outcome(dataset, sorted(set(findings)))
