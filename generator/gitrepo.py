"""Git stage: the only module that touches GitPython.

It turns two revisions into two snapshots (what the tree held at the merge base and
at the head), read from git objects and never from the work tree: the pull-request
check judges what was committed, not what happens to lie on the disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git
from git.exc import BadName, BadObject

# Blobs bigger than this are not read: a data record weighs a few kilobytes, and the
# pull-request check refuses such a file without loading it.
MAX_BLOB_BYTES = 2 * 1024 * 1024

MODE_LINK = 0o120000
MODE_SUBMODULE = 0o160000


class GitError(Exception):
    """The repository or a revision cannot be read (French message for the user)."""


@dataclass(frozen=True)
class TreeFile:
    """One entry of a commit's tree: its path, git mode, object id and (maybe) content.

    ``content`` is read for blobs under the content prefix (data/) that are not too big;
    it is None for everything else.
    """

    path: str
    mode: int
    sha: str
    size: int
    content: bytes | None

    @property
    def is_link(self) -> bool:
        return self.mode == MODE_LINK

    @property
    def is_submodule(self) -> bool:
        return self.mode == MODE_SUBMODULE


@dataclass(frozen=True)
class Snapshot:
    """Every file of one commit, by path (POSIX, relative to the repository root)."""

    commit: str
    files: dict[str, TreeFile]

    def under(self, prefix: str) -> dict[str, TreeFile]:
        return {path: entry for path, entry in self.files.items() if path.startswith(prefix)}


def _open(repo_path: Path) -> git.Repo:
    try:
        return git.Repo(repo_path)
    except git.NoSuchPathError:
        raise GitError(f"le dossier « {repo_path} » n'existe pas.") from None
    except git.InvalidGitRepositoryError:
        raise GitError(f"« {repo_path} » n'est pas un dépôt Git : passez --depot avec la racine du dépôt.") from None


def _commit(repo: git.Repo, rev: str) -> git.Commit:
    try:
        obj = repo.rev_parse(rev)
        commit = obj if isinstance(obj, git.Commit) else repo.commit(rev)
    except (BadName, BadObject, ValueError, git.GitCommandError):
        raise GitError(f"la révision « {rev} » est introuvable dans le dépôt "
                       "(branche, étiquette ou identifiant de commit ; récupérez l'historique complet "
                       "avec fetch-depth: 0).") from None
    return commit


def _entries(repo: git.Repo, commit: git.Commit) -> list[tuple[int, str, str]]:
    """(mode, object id, path) of every entry, recursively, from ``git ls-tree -z``."""
    raw: bytes = repo.git.ls_tree("-r", "-z", "--full-tree", commit.hexsha, stdout_as_string=False)
    entries = []
    for record in raw.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, _kind, sha = meta.split(b" ")
        entries.append((int(mode, 8), sha.decode("ascii"), path.decode("utf-8", errors="surrogateescape")))
    return entries


def _snapshot(repo: git.Repo, commit: git.Commit, content_prefix: str) -> Snapshot:
    files: dict[str, TreeFile] = {}
    for mode, sha, path in _entries(repo, commit):
        if mode == MODE_SUBMODULE:
            files[path] = TreeFile(path, mode, sha, 0, None)
            continue
        size = repo.odb.info(bytes.fromhex(sha)).size
        content = None
        if path.startswith(content_prefix) and size <= MAX_BLOB_BYTES:
            content = repo.odb.stream(bytes.fromhex(sha)).read()
        files[path] = TreeFile(path, mode, sha, size, content)
    return Snapshot(commit.hexsha, files)


def read_change(repo_path: Path, base_rev: str, head_rev: str,
                content_prefix: str = "data/") -> tuple[Snapshot, Snapshot]:
    """Snapshots of the merge base of ``base_rev`` and ``head_rev``, and of ``head_rev``."""
    repo = _open(repo_path)
    try:
        base = _commit(repo, base_rev)
        head = _commit(repo, head_rev)
        try:
            merge_bases = repo.merge_base(base, head)
        except git.GitCommandError:
            merge_bases = []
        if not merge_bases:
            raise GitError(f"« {base_rev} » et « {head_rev} » n'ont aucun ancêtre commun : "
                           "la vérification compare une branche à celle dont elle part.")
        return _snapshot(repo, merge_bases[0], content_prefix), _snapshot(repo, head, content_prefix)
    finally:
        repo.close()
