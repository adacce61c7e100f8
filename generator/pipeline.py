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
from typing import Any, Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath

from .collector import collector_paused
from .findings import Finding
from .load import RELEASED, DataFile, Document, discover, discover_blobs, is_loan_file, load_data_file
from .model import Dataset, Loan, build_dataset, record_of
from .rules import loan_keys, run_rules
from .schema import check_document, schemas_dir
from .store import Entry, FindingRow, Store, StoreDamaged, finding_of, finding_row, tree_digest

# Below this many files, starting worker processes costs more than it saves
# (the shipped data and every test data set stay sequential).
PARALLEL_MIN_FILES = 2000
MAX_WORKERS = 8
# A change of at most this many loan files (and nothing else) is judged around its loans
# when the persisted cache knows the base (see validate_change); a bigger one in full.
LOCAL_MAX_CHANGED = 200

# A data/ tree as a pull-request check holds it: path under data/ → (blob id, content).
# The content is None for a blob not read yet (see Snapshot.read): ``fetch`` gives it.
Tree = dict[str, tuple[str, bytes | None]]
Fetch = Callable[[list[str]], dict[str, bytes]]

Checked = tuple[Document | None, list[Finding], bool]


@dataclass
class Outcome:
    """What a validation run found, and the dataset the rules saw."""

    dataset: Dataset
    findings: list[Finding]
    # A pull request judged around its loans (see validate_change): the loan files judged
    # again (the others' findings are the base's), and the base's model built along (the
    # records that are not loans and the loans related to those).
    judged_again: frozenset[str] | None = None
    base: Dataset | None = None

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
    document, findings = load_data_file(data_file)
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
            checked = list(pool.map(_load_and_check_detached, files, repeat(schemas), chunksize=chunk))
    except (OSError, BrokenProcessPool):  # no worker processes here (sandbox, limits): do it in-process
        return [load_and_check(data_file, schemas) for data_file in files]
    for data_file, (document, _, _) in zip(files, checked):
        if document is not None and data_file.content is not None:
            document.source = data_file.content
    return checked


def _load_and_check_detached(data_file: DataFile, schemas: Path) -> Checked:
    """:func:`load_and_check` in a worker: what comes back is the data, not the text.

    A document read from disk finds its text again in its file; one read from a git
    blob gets the blob's bytes back from the caller (:func:`load_all`), which holds them.
    """
    document, findings, usable = load_and_check(data_file, schemas)
    if document is not None and data_file.content is not None:
        document.source = ""
    return document, findings, usable


def validate(data_dir: Path, today: date, label: str = "data", schemas: Path | None = None) -> Outcome:
    """Check every file and every rule; never raises for a data problem."""
    with collector_paused():
        files, findings = discover(data_dir, label)
        return _judge(files, findings, load_all(files, schemas or schemas_dir()), today)


def _model(files: list[DataFile], findings: list[Finding], checked: Iterable[Checked],
           today: date) -> tuple[Dataset, list[Finding]]:
    """The model of loaded files (``checked`` in the order of ``files``) and the files' findings."""
    findings = list(findings)
    valid: list[Document] = []
    broken: list[tuple[str, str]] = []
    for data_file, (document, file_findings, usable) in zip(files, checked):
        findings.extend(file_findings)
        if usable and document is not None:
            valid.append(document)
        else:
            broken.append((data_file.kind, PurePosixPath(data_file.display_path).stem))
    return build_dataset(valid, broken, today), findings


def _judge(files: list[DataFile], findings: list[Finding], checked: Iterable[Checked], today: date) -> Outcome:
    """The model and the rules over loaded files (``checked`` in the order of ``files``)."""
    dataset, findings = _model(files, findings, checked, today)
    findings.extend(run_rules(dataset))
    return Outcome(dataset, sorted(set(findings)))


# What a file gives once loaded and schema-checked depends only on its bytes, where it
# lies (the id must match the file name) and the schemas: in a git tree, on its path
# and blob id. Documents are never modified after loading, so two snapshots share them.
CacheKey = tuple[str, str]


class ContentCache:
    """Loaded and schema-checked files of git snapshots, by (path, blob id).

    A file whose blob did not change between the base and the head of a pull request is
    parsed and schema-checked once; the rules still run on each whole model.

    With a ``store`` (:mod:`generator.store`), files are first looked up there — except
    the ``fresh`` paths (those the change touches), always loaded again — and, when
    ``fill`` is set, :meth:`remember` adds the files of the base side to it.
    """

    def __init__(self, store: Store | None = None, fresh: frozenset[str] = frozenset(), fill: bool = False) -> None:
        self.entries: dict[CacheKey, Checked] = {}
        self.store = store
        self.fresh = fresh
        self.fill = fill
        self.reused = 0

    def __len__(self) -> int:
        return len(self.entries)

    def load(self, files: list[DataFile], schemas: Path) -> list[Checked]:
        """The checked files, loading (in the worker pool if many) only the ones not known yet."""
        missing: dict[CacheKey, DataFile] = {}
        asked: dict[CacheKey, DataFile] = {}
        for data_file in files:
            key = _key(data_file)
            if key in self.entries:
                continue
            if self.store is not None and data_file.blob is not None and data_file.display_path not in self.fresh:
                asked.setdefault(key, data_file)
            else:
                missing.setdefault(key, data_file)
        stored = self._stored(list(asked))
        for key, data_file in asked.items():
            entry = stored.get(key)
            if entry is None:
                missing.setdefault(key, data_file)
            else:
                self.entries[key] = _checked(data_file, entry)
                self.reused += 1
        for key, checked in zip(missing, load_all(list(missing.values()), schemas)):
            self.entries[key] = checked
        return [self.entries[_key(data_file)] for data_file in files]

    def _stored(self, keys: list[CacheKey]) -> dict[CacheKey, Entry]:
        """What the store holds for git files the change does not touch (those it lacks: load them)."""
        if self.store is None or not keys:
            return {}
        try:
            return self.store.get_many(keys)
        except StoreDamaged:  # a damaged row: these files are loaded as if the store did not have them
            return {}

    def remember(self, files: list[DataFile]) -> None:
        """Put these (loaded) files in the store, when filling it: call it with the base side only,
        before the model is built (a loan's mapping is released then)."""
        if self.store is None or not self.fill:
            return
        for data_file in files:
            key = _key(data_file)
            if data_file.blob is None or key not in self.entries:
                continue
            document, findings, usable = self.entries[key]
            if document is not None and document.data is RELEASED:
                continue  # its record was built already: nothing left to store
            self.store.put(key, (None if document is None else document.data,
                                 tuple(finding_row(finding) for finding in findings), usable))

    def data(self, path: str, blob: str) -> dict[str, Any] | None:
        """The mapping parsed from a file already loaded (None when unknown, unreadable, or a
        loan's mapping released once its record was built: the caller parses it then)."""
        checked = self.entries.get((path, blob))
        if checked is None or checked[0] is None or checked[0].data is RELEASED:
            return None
        return checked[0].data


def _checked(data_file: DataFile, entry: Entry) -> Checked:
    """A file as the store gave it: its document (the text for positions is the blob's), findings, usable."""
    data, rows, usable = entry
    document = None
    if data is not None:
        document = Document(data_file.display_path, data_file.kind, data,
                            data_file.content if data_file.content is not None else "")
    return document, [finding_of(row) for row in rows], usable


def _key(data_file: DataFile) -> CacheKey:
    """A git file's path and blob id (a folder named like a record has no blob)."""
    return data_file.display_path, "dossier" if data_file.blob is None else data_file.blob


def validate_snapshots(trees: Sequence[dict[str, tuple[str, bytes]]], today: date, label: str = "data",
                       schemas: Path | None = None, cache: ContentCache | None = None) -> list[Outcome]:
    """:func:`validate` for git trees held in memory (no file written), sharing one content cache.

    Each tree maps the paths of its regular files under data/ (relative to data/) to
    their blob id and content. Every file not yet in ``cache`` is loaded in one batch
    (in parallel when many), so the unchanged files of a pull request are loaded once.
    """
    cache = ContentCache() if cache is None else cache
    discovered = [discover_blobs(tree, label) for tree in trees]
    cache.load([data_file for files, _ in discovered for data_file in files], schemas or schemas_dir())
    return [_judge(files, findings, cache.load(files, schemas or schemas_dir()), today)
            for files, findings in discovered]


def validate_change(base_tree: Tree, head_tree: Tree, today: date, touched: set[str], label: str = "data",
                    schemas: Path | None = None, cache: ContentCache | None = None,
                    fetch: Fetch | None = None) -> tuple[list[Finding], Outcome]:
    """The head's outcome, and the base findings that a pull-request check compares it with.

    A head finding is kept when its file is ``touched`` by the change, or when the base
    does not have it (:func:`generator.prcheck.introduced`). When every head finding
    concerns a touched file, the base's findings cannot change the verdict: its model
    and rules are not run (the usual case of a clean base branch), and the files are
    still loaded once for both sides. The base's findings come from the persisted
    cache when it judged this very tree today; else, on a large network, the base is
    judged in a forked process while this one judges the head (:class:`_BaseJudge`).

    When the persisted cache judged this very tree today and the change only adds, edits
    or deletes a few loans, the head is judged **around them** (:func:`_judge_around`):
    the head's findings are the base's, except on the loans the change can affect, judged
    again with the records that are not loans and the loans related to them — the same
    findings as judging the whole head, in time proportional to the change. The
    outcome's dataset is then that part of the head, and its ``base`` the same part of
    the base.

    A content left None in a tree (not read yet) is read with ``fetch`` when needed.
    """
    cache = ContentCache() if cache is None else cache
    directory = schemas or schemas_dir()
    filling = cache.store is not None and cache.fill
    same = base_tree == head_tree
    tree = tree_digest(base_tree, label) if cache.store is not None else ""
    known = None
    if not (same or filling) and cache.store is not None:
        try:
            known = cache.store.findings_of_tree(tree, today)
        except StoreDamaged:
            known = None
    if known is not None:
        around = _judge_around(base_tree, head_tree, today, label, directory, cache, known, fetch)
        if around is not None:
            return ([] if all(finding.path in touched for finding in around.findings) else known), around
    base_files, base_findings = discover_blobs(_complete(base_tree, fetch), label)
    head_files, head_findings = discover_blobs(_complete(head_tree, fetch), label)
    cache.load(base_files + head_files, directory)
    cache.remember(base_files)
    # The base's rules may be needed (a head finding outside the change): on a large network,
    # a forked process judges the base while this one judges the head, and is stopped if not.
    base = None
    if not (same or filling) and known is None and len(base_files) >= PARALLEL_MIN_FILES and _workers() > 1:
        base = _BaseJudge(base_files, base_findings, cache.load(base_files, directory), today)
    try:
        head = _judge(head_files, head_findings, cache.load(head_files, directory), today)
        if not filling and all(finding.path in touched for finding in head.findings):
            return [], head
        base_outcome = head if same else None
        if base_outcome is not None:  # the same files judged the same day: the same findings
            found = head.findings
        elif known is not None:
            found = known
        else:
            answered = base.result() if base is not None else None
            if answered is not None:
                found = answered
            else:
                base_outcome = _judge(base_files, base_findings, cache.load(base_files, directory), today)
                found = base_outcome.findings
    finally:
        if base is not None:
            base.stop()
    if filling and cache.store is not None and base_outcome is not None:
        cache.store.put_tree(tree, today, found, _keys_by_path(base_outcome.dataset, label))
    return found, head


def _complete(tree: Tree, fetch: Fetch | None) -> Tree:
    """The tree with every content read (those left None read now, in one batch)."""
    missing = [sha for sha, content in tree.values() if content is None]
    if not missing:
        return tree
    if fetch is None:
        raise ValueError("des contenus manquent et rien ne permet de les lire")
    contents = fetch(list(dict.fromkeys(missing)))
    return {path: (sha, content if content is not None else contents[sha]) for path, (sha, content) in tree.items()}


def _keys_by_path(dataset: Dataset, label: str) -> dict[str, frozenset[str]]:
    """The keys of every loan of a model, by path under data/ (what the store keeps of a tree)."""
    prefix = f"{label}/"
    return {loan.document.path.removeprefix(prefix): loan_keys(loan) for loan in dataset.loans}


def _judge_around(base_tree: Tree, head_tree: Tree, today: date, label: str, directory: Path,
                  cache: ContentCache, known: list[Finding], fetch: Fetch | None) -> Outcome | None:
    """The head judged around the loans a change touches, from the base's findings (``known``,
    the persisted cache's, for this tree and day); None when the change is not of that kind.

    By the rules' contract (:func:`generator.rules.loan_keys`), a loan's findings depend on
    itself, on the records that are not loans and on the loans that share a key with it.
    So only the changed loans and the loans sharing a key with them (``around``) can have
    other findings in the head; they are judged again in a model that holds every record
    that is not a loan and every loan sharing a key with one of them (``reach``), so that
    each of them sees all it is related to. Every other finding on a loan is the base's.
    The findings on files that are not loans must come out the same as the base's: if
    not, a rule broke the contract, and None sends the change to the full judging.
    """
    if cache.store is None:
        return None
    absent = ("", None)
    changed = {path for path, (sha, _) in head_tree.items() if base_tree.get(path, absent)[0] != sha}
    changed.update(base_tree.keys() - head_tree.keys())
    if not changed or len(changed) > LOCAL_MAX_CHANGED or not all(is_loan_file(path) for path in changed):
        return None
    prefix = f"{label}/"
    # The changed files are parsed again, whatever the store holds for their path.
    cache.fresh = cache.fresh | {prefix + path for path in changed}
    try:
        # What is not a loan is the same on both sides (else the change is not judged here).
        others = [path for path in head_tree if path not in changed and not is_loan_file(path)]
        base_rest = {path: base_tree[path] for path in others}
        head_rest = {path: head_tree[path] for path in others}
        base_rest.update((path, base_tree[path]) for path in changed if path in base_tree)
        head_rest.update((path, head_tree[path]) for path in changed if path in head_tree)
        if any(content is None for tree in (base_rest, head_rest) for _, content in tree.values()):
            return None  # only loans the change leaves alone may wait to be read
        keys: set[str] = set()
        for tree in (base_rest, head_rest):
            files, _ = discover_blobs({path: tree[path] for path in changed if path in tree}, label)
            for document, _, usable in cache.load(files, directory):
                record = record_of(document) if usable and document is not None else None
                if isinstance(record, Loan):
                    keys |= loan_keys(record)
        store = cache.store
        near = store.loans_with(keys) - changed
        around = near | changed
        reach = store.loans_with(store.keys_of(near) | keys) - changed
        if any(path not in base_tree or path not in head_tree or base_tree[path][0] != head_tree[path][0]
               for path in reach):
            return None  # the store's keys do not describe these trees
        extra = _complete({path: head_tree[path] for path in reach}, fetch)
    except StoreDamaged:
        return None
    head_files, head_found = discover_blobs({**head_rest, **extra}, label)
    base_files, base_found = discover_blobs({**base_rest, **extra}, label)
    cache.load(base_files + head_files, directory)
    head = _judge(head_files, head_found, cache.load(head_files, directory), today)

    def on_loan(finding: Finding) -> bool:
        return finding.path.startswith(prefix) and is_loan_file(finding.path.removeprefix(prefix))

    if {finding for finding in head.findings if not on_loan(finding)} != \
            {finding for finding in known if not on_loan(finding)}:
        return None
    judged_again = {prefix + path for path in around}
    findings = [finding for finding in known if on_loan(finding) and finding.path not in judged_again]
    findings += [finding for finding in head.findings if not on_loan(finding) or finding.path in judged_again]
    booked = _model(base_files, base_found, cache.load(base_files, directory), today)[0]
    return Outcome(head.dataset, sorted(set(findings)), frozenset(judged_again), booked)


class _BaseJudge:
    """The base side of a change judged in a forked process, while the caller judges the head.

    The child starts with every loaded file already in memory (fork) and sends back only
    its findings, as rows. :meth:`result` gives None when the child could not deliver
    (no fork here, a crash…): the caller then judges the base itself, so the outcome is
    always the sequential one.
    """

    def __init__(self, files: list[DataFile], findings: list[Finding], checked: list[Checked], today: date) -> None:
        self.process: Any = None
        self.receiver: Any = None
        try:
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=_judge_in_child, args=(sender, files, findings, checked, today),
                                           daemon=True)
            self.process.start()
            sender.close()
        except (OSError, ValueError):  # no process can be forked here: the caller judges the base
            self.process = None

    def result(self) -> list[Finding] | None:
        if self.process is None or self.receiver is None:
            return None
        try:
            rows = self.receiver.recv()
        except (EOFError, OSError):  # the child died without an answer
            return None
        return None if rows is None else [finding_of(row) for row in rows]

    def stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()
        if self.receiver is not None:
            self.receiver.close()


def _judge_in_child(sender: Any, files: list[DataFile], findings: list[Finding], checked: list[Checked],
                    today: date) -> None:
    """In the forked process: judge the base and send its findings (None when judging failed)."""
    try:
        rows: tuple[FindingRow, ...] | None = tuple(
            finding_row(finding) for finding in _judge(files, findings, checked, today).findings)
    except Exception:  # the parent judges the base itself and meets the same problem there
        rows = None
    try:
        sender.send(rows)
    finally:
        sender.close()


def model_tree(tree: Tree, today: date, label: str = "data", schemas: Path | None = None,
               cache: ContentCache | None = None, fetch: Fetch | None = None) -> Dataset:
    """The model of one side of a change, without running the rules (what is booked there)."""
    cache = ContentCache() if cache is None else cache
    if any(content is None for _, content in tree.values()):
        known = {(f"{label}/{path}", sha) for path, (sha, _) in tree.items()}
        if not known <= set(cache.entries):
            tree = _complete(tree, fetch)
    files, findings = discover_blobs(tree, label)
    return _model(files, findings, cache.load(files, schemas or schemas_dir()), today)[0]
