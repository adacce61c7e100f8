"""A persisted content cache for ``tna check-pr``: what the base branch's files gave, and its findings.

Loading and schema-checking the files is most of a pull-request check on a large
network, and a one-file change leaves every other file's blob as it was on the base
branch. This store keeps, for each file of a base branch that was checked once, what
its loading and schema check gave (the parsed mapping, the findings, whether the
record is usable), keyed by:

- the file's path and **git blob id** — the hash of its bytes: an entry can only
  answer for those very bytes at that very place (the id of a record must match its
  file name);
- the **fingerprint of this checker**: its code, its schemas and the versions of the
  parser and of the validators. A store written by another version is ignored whole.

It also keeps, for the **base branch's whole tree** judged last (keyed by a digest of
that tree — every path and blob id — and by the day it was judged):

- its **findings**: a pull request checked against that very tree on that very day
  needs the base's findings to tell which head findings the change introduced, and
  takes them from here instead of running the rules on the base again;
- the **keys of its loans** (:func:`generator.rules.loan_keys`: each item a loan holds,
  its id): which loans a changed loan can affect, so that such a pull request judges
  only those loans again (:func:`generator.pipeline.validate_change`).

What may go in, and what may come out:

- it is written only when asked (``tna check-pr --remplir-cache``), with the **base side**
  of the run — in CI, the ``verifier`` run on the main branch, never a pull request's —
  so that no member's bytes are ever stored; filling describes one tree, whose files
  then replace every earlier entry;
- the files a change touches are always parsed again, even if the store has them;
- it is an SQLite database read in read-only mode, whose values are pickles of builtin
  values and dates only, read through an unpickler that knows dates and nothing else: a
  store file cannot run code, and an unreadable or foreign file is ignored (with a
  note), the check then loading every file as if there were no store.

Entries are read one by one when asked for, so a check that needs a few hundred of them
does not read the 60,000 of a national network.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sqlite3
import sys
import tempfile
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from .findings import Finding, Severity

FORMAT = 3
FILE_NAME = "tna-contenu.sqlite"
# What decides how a file is parsed and schema-checked, besides its bytes and the schemas.
DISTRIBUTIONS = ("PyYAML", "jsonschema", "fastjsonschema")

# (path under data/ as reported, blob id) → (parsed mapping or None, findings as tuples, usable)
Key = tuple[str, str]
FindingRow = tuple[str, int, int, str, str, str, str, bool]
Entry = tuple[dict[str, Any] | None, tuple[FindingRow, ...], bool]

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (path TEXT NOT NULL, blob TEXT NOT NULL, entry BLOB NOT NULL, PRIMARY KEY (path, blob));
CREATE TABLE judged (findings BLOB NOT NULL);
CREATE TABLE loan_keys (key TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (key, path));
CREATE INDEX loan_keys_by_path ON loan_keys (path);
"""


def tree_digest(tree: dict[str, tuple[str, Any]], label: str) -> str:
    """A digest of a data/ tree as a pull-request check sees it: every path and blob id."""
    digest = hashlib.sha256(label.encode() + b"\n")
    for path in sorted(tree):
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + tree[path][0].encode() + b"\n")
    return digest.hexdigest()


def fingerprint(schemas: Path) -> str:
    """A digest of everything that decides what a file gives once loaded and schema-checked."""
    digest = hashlib.sha256(f"tna-store {FORMAT} {sys.version_info[:2]}".encode())
    for name in DISTRIBUTIONS:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    package = Path(__file__).resolve().parent
    for folder, pattern in ((package, "**/*.py"), (schemas, "*.schema.json")):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def finding_row(finding: Finding) -> FindingRow:
    return (finding.path, finding.line, finding.column, finding.rule, finding.severity.value, finding.article,
            finding.message, finding.situation)


def finding_of(row: FindingRow) -> Finding:
    path, line, column, rule, severity, article, message, situation = row
    return Finding(path, line, column, rule, Severity(severity), article, message, situation)


class _SafeUnpickler(pickle.Unpickler):
    """Builtin containers and scalars, dates and date-times: nothing that can run code."""

    ALLOWED = {("datetime", "date"): date, ("datetime", "datetime"): datetime}

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self.ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} n'a pas sa place dans le cache") from None


def _loads(raw: bytes) -> Any:
    return _SafeUnpickler(io.BytesIO(raw)).load()


def _dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class StoreDamaged(Exception):
    """The store stopped answering sensibly after it was opened (a caller judges without it)."""


class Store:
    """One store file: read lazily (read-only), written (when filling) at the end, atomically."""

    def __init__(self, folder: Path, schemas: Path) -> None:
        self.folder = folder
        self.fingerprint = fingerprint(schemas)
        self.added: dict[Key, Entry] = {}
        self.note: str | None = None
        self._tree: tuple[str, str] | None = None  # (digest, day) of the tree judged, as read
        self._judged: tuple[str, str, tuple[FindingRow, ...], dict[str, frozenset[str]]] | None = None
        self._db: sqlite3.Connection | None = None
        self._open()

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def _open(self) -> None:
        if not self.path.exists():
            self.note = "cache vide : chaque fichier est lu et vérifié"
            return
        try:
            db = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True)
            meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        except sqlite3.Error as exc:  # any damage or foreign content: read nothing from it
            self.note = f"cache ignoré, il n'est pas un cache de tna ({exc}) : chaque fichier est lu et vérifié"
            return
        if meta.get("format") != str(FORMAT):
            db.close()
            self.note = "cache ignoré (format inconnu) : chaque fichier est lu et vérifié"
            return
        if meta.get("fingerprint") != self.fingerprint:
            db.close()
            self.note = ("cache ignoré : il a été écrit par une autre version du vérificateur ou de ses schémas ; "
                         "chaque fichier est lu et vérifié")
            return
        self._db = db
        if "tree" in meta and "day" in meta:
            self._tree = (meta["tree"], meta["day"])

    def _query(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error as exc:
            raise StoreDamaged(str(exc)) from exc

    @property
    def entries(self) -> dict[Key, Entry]:
        """Every entry (the stored ones and those added since): for tests and counts, not for checks."""
        found = {(path, blob): self._entry(raw) for path, blob, raw in
                 self._query("SELECT path, blob, entry FROM entries")}
        found.update(self.added)
        return found

    @staticmethod
    def _entry(raw: bytes) -> Entry:
        try:
            entry = _loads(raw)
        except Exception as exc:  # a damaged row
            raise StoreDamaged(str(exc)) from exc
        if not (isinstance(entry, tuple) and len(entry) == 3):
            raise StoreDamaged("entrée inattendue")
        return entry

    def get(self, key: Key) -> Entry | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: list[Key]) -> dict[Key, Entry]:
        """The entries of these keys that the store has (one query per 500 paths)."""
        found = {key: self.added[key] for key in keys if key in self.added}
        wanted = {key for key in keys if key not in found}
        for path, blob, raw in self._rows_where_in("SELECT path, blob, entry FROM entries", "path",
                                                   (path for path, _ in wanted)):
            if (path, blob) in wanted:
                found[(path, blob)] = self._entry(raw)
        return found

    def put(self, key: Key, entry: Entry) -> None:
        self.added[key] = entry

    def findings_of_tree(self, tree: str, day: date) -> list[Finding] | None:
        """The findings of a whole tree judged on ``day`` (None when not known)."""
        if self._tree != (tree, day.isoformat()):
            return None
        rows = self._query("SELECT findings FROM judged")
        if len(rows) != 1:
            return None
        try:
            found = _loads(rows[0][0])
            return [finding_of(row) for row in found]
        except Exception as exc:
            raise StoreDamaged(str(exc)) from exc

    def _rows_where_in(self, select: str, column: str, values: Iterable[str]) -> list[Any]:
        """The rows of ``select … WHERE column IN values``, asked 500 values at a time."""
        wanted = sorted(set(values))
        rows: list[Any] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows += self._query(f"{select} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)
        return rows

    def loans_with(self, keys: Iterable[str]) -> set[str]:
        """The loan files (paths under data/) of the tree judged that have one of these keys."""
        return {path for (path,) in self._rows_where_in("SELECT path FROM loan_keys", "key", keys)}

    def keys_of(self, paths: Iterable[str]) -> set[str]:
        """The keys of these loan files of the tree judged."""
        return {key for (key,) in self._rows_where_in("SELECT key FROM loan_keys", "path", paths)}

    def put_tree(self, tree: str, day: date, findings: list[Finding], loan_keys: dict[str, frozenset[str]]) -> None:
        """Keep the findings and the loans' keys of the tree judged now, instead of any earlier one.

        The store then describes this tree only: the entries added since it was opened
        replace the stored ones when it is saved."""
        self._judged = (tree, day.isoformat(), tuple(finding_row(finding) for finding in findings), loan_keys)

    def save(self) -> None:
        """Write the store atomically (a reader never sees half a file)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tna-contenu-")
        os.close(handle)
        try:
            keep = self._judged is None and self._db is not None
            if keep:
                with sqlite3.connect(temporary) as copy:
                    assert self._db is not None
                    self._db.backup(copy)
                copy.close()
            db = sqlite3.connect(temporary)
            try:
                if not keep:
                    db.executescript(SCHEMA)
                rows = [("format", str(FORMAT)), ("fingerprint", self.fingerprint)]
                if self._judged is not None:
                    tree, day, found, loan_keys = self._judged
                    rows += [("tree", tree), ("day", day)]
                    db.execute("DELETE FROM judged")
                    db.execute("INSERT INTO judged VALUES (?)", (_dumps(found),))
                    db.execute("DELETE FROM loan_keys")
                    db.executemany("INSERT OR IGNORE INTO loan_keys VALUES (?, ?)",
                                   ((key, path) for path, keys in sorted(loan_keys.items()) for key in sorted(keys)))
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                               ((path, blob, _dumps(entry)) for (path, blob), entry in self.added.items()))
                db.commit()
            finally:
                db.close()
            os.chmod(temporary, 0o644)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
