"""A persisted content cache for ``tna check-pr``: what each data file of the base branch gave.

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

What may go in, and what may come out:

- it is written only when asked (``tna check-pr --remplir-cache``), with the **base side**
  of the run — in CI, the ``verifier`` run on the main branch, never a pull request's —
  so that no member's bytes are ever stored;
- the files a change touches are always parsed again, even if the store has them;
- it holds only builtin values and dates (findings as tuples), read through an
  unpickler that knows dates and nothing else: a store file cannot run code, and an
  unreadable or foreign file is ignored (with a note), the check then loading every file
  as if there were no store.

It also keeps the **findings of the base branch's whole tree** for the day it was judged,
keyed by a digest of that tree (every path and blob id) and that day: a pull request
checked against that very tree on that very day needs the base's findings only to tell
which head findings the change introduced, and takes them from here instead of running
the rules on the base again. Only the latest tree judged is kept.

The rules always run on the head's whole model.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from .findings import Finding, Severity

FORMAT = 2
FILE_NAME = "tna-contenu.pickle"
# What decides how a file is parsed and schema-checked, besides its bytes and the schemas.
DISTRIBUTIONS = ("PyYAML", "jsonschema", "fastjsonschema")

# (path under data/ as reported, blob id) → (parsed mapping or None, findings as tuples, usable)
Key = tuple[str, str]
FindingRow = tuple[str, int, int, str, str, str, str, bool]
Entry = tuple[dict[str, Any] | None, tuple[FindingRow, ...], bool]
# (digest of a data/ tree, day judged) → the findings of the whole tree
JudgedKey = tuple[str, str]


def tree_digest(tree: dict[str, tuple[str, bytes]], label: str) -> str:
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


class Store:
    """The entries of one store file, read once, written (when filling) at the end."""

    def __init__(self, folder: Path, schemas: Path) -> None:
        self.folder = folder
        self.fingerprint = fingerprint(schemas)
        self.entries: dict[Key, Entry] = {}
        self.judged: dict[JudgedKey, tuple[FindingRow, ...]] = {}
        self.note: str | None = None
        self._read()

    @property
    def path(self) -> Path:
        return self.folder / FILE_NAME

    def _read(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self.note = "cache vide : chaque fichier est lu et vérifié"
            return
        except OSError as exc:
            self.note = f"cache illisible ({exc.strerror}) : chaque fichier est lu et vérifié"
            return
        try:
            content = _SafeUnpickler(io.BytesIO(raw)).load()
        except Exception as exc:  # any damage or foreign content: read nothing from it
            self.note = f"cache ignoré, il n'est pas un cache de tna ({exc}) : chaque fichier est lu et vérifié"
            return
        if not (isinstance(content, dict) and content.get("format") == FORMAT
                and isinstance(content.get("entries"), dict) and isinstance(content.get("judged"), dict)):
            self.note = "cache ignoré (format inconnu) : chaque fichier est lu et vérifié"
            return
        if content.get("fingerprint") != self.fingerprint:
            self.note = ("cache ignoré : il a été écrit par une autre version du vérificateur ou de ses schémas ; "
                         "chaque fichier est lu et vérifié")
            return
        self.entries = content["entries"]
        self.judged = content["judged"]

    def get(self, key: Key) -> Entry | None:
        return self.entries.get(key)

    def put(self, key: Key, entry: Entry) -> None:
        self.entries[key] = entry

    def findings_of_tree(self, tree: str, day: date) -> list[Finding] | None:
        """The findings of a whole tree judged on ``day`` (None when not known)."""
        rows = self.judged.get((tree, day.isoformat()))
        return None if rows is None else [finding_of(row) for row in rows]

    def put_tree(self, tree: str, day: date, findings: list[Finding]) -> None:
        """Keep the findings of the tree judged now, instead of any earlier one."""
        self.judged = {(tree, day.isoformat()): tuple(finding_row(finding) for finding in findings)}

    def save(self) -> None:
        """Write the store atomically (a reader never sees half a file)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        content = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": self.entries, "judged": self.judged}
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tna-contenu-")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(content, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
