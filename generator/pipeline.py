"""The checking pipeline: load → schema → model → rules, collecting every finding."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path

from .findings import Finding
from .load import DataFile, Document, discover, load_document
from .model import Dataset, build_dataset
from .rules import run_rules
from .schema import check_document, schemas_dir

# Below this many files, starting worker processes costs more than it saves
# (the shipped data and every test data set stay sequential).
PARALLEL_MIN_FILES = 2000
MAX_WORKERS = 8

Checked = tuple[Document | None, list[Finding], bool]


@dataclass
class Outcome:
    """What a validation run found, and the dataset the rules saw."""

    dataset: Dataset
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]

    @property
    def faults(self) -> list[Finding]:
        """Errors in the data themselves; situations of the world (overdue...) excluded."""
        return [finding for finding in self.findings if finding.is_fault]

    @property
    def situations(self) -> list[Finding]:
        """Errors that describe the world (a loan not returned...): reported, never blocking a publication."""
        return [finding for finding in self.findings if finding.is_error and finding.situation]


def load_and_check(data_file: DataFile, schemas: Path | None = None) -> tuple[Document | None, list[Finding], bool]:
    """Parse one file and check it against its schema. The bool says the record is usable."""
    document, findings = load_document(data_file.file_path, data_file.display_path, data_file.kind)
    if document is None:
        return None, findings, False
    schema_findings = check_document(document, schemas)
    return document, findings + schema_findings, not schema_findings


def _workers() -> int:
    """How many worker processes may share the loading: 1 means do it in this process.

    Workers are forked, so they start at once with every module and compiled schema
    already in memory, and never re-import the caller's main script (as "spawn" and
    "forkserver" do). Forking a process that runs other threads (``tna serve`` watches
    files) can deadlock, and Windows has no fork: those cases stay sequential.
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def load_all(files: list[DataFile], schemas: Path) -> list[Checked]:
    """Load and schema-check every file, in the order given.

    Parsing and schema checks dominate the run time and each file is independent, so
    large data sets are spread over worker processes; ``map`` keeps the input order,
    so the outcome is the same as the sequential loop.
    """
    workers = _workers()
    if len(files) < PARALLEL_MIN_FILES or workers < 2:
        return [load_and_check(data_file, schemas) for data_file in files]
    chunk = max(1, len(files) // (workers * 8))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(load_and_check, files, repeat(schemas), chunksize=chunk))
    except (OSError, BrokenProcessPool):  # no worker processes here (sandbox, limits): do it in-process
        return [load_and_check(data_file, schemas) for data_file in files]


def validate(data_dir: Path, today: date, label: str = "data", schemas: Path | None = None) -> Outcome:
    """Check every file and every rule; never raises for a data problem."""
    files, findings = discover(data_dir, label)
    valid: list[Document] = []
    broken: list[tuple[str, str]] = []
    for data_file, (document, file_findings, usable) in zip(files, load_all(files, schemas or schemas_dir())):
        findings.extend(file_findings)
        if usable and document is not None:
            valid.append(document)
        else:
            broken.append((data_file.kind, data_file.file_path.stem))
    dataset = build_dataset(valid, broken, today)
    findings.extend(run_rules(dataset))
    return Outcome(dataset, sorted(set(findings)))
