"""Git stage: the only module that touches GitPython.

It turns two revisions into two snapshots (what the tree held at the merge base and
at the head), read from git objects and never from the work tree: the pull-request
check judges what was committed, not what happens to lie on the disk.
"""

from __future__ import annotations

import subprocess
import threading
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

    def data_blobs(self, prefix: str = "data/") -> dict[str, tuple[str, bytes]]:
        """The regular files under ``prefix`` whose content was read, by path relative to it:
        what :func:`generator.pipeline.validate_snapshots` judges (links, submodules and
        oversized blobs are left to the shape check)."""
        return {path.removeprefix(prefix): (entry.sha, entry.content) for path, entry in self.files.items()
                if path.startswith(prefix) and entry.content is not None and not entry.is_link
                and not entry.is_submodule and _safe_parts(path)}


def _safe_parts(path: str) -> bool:
    """No empty, ``.`` or ``..`` part and no NUL (git refuses such trees anyway)."""
    return not any(part in ("", ".", "..") or "\0" in part for part in path.split("/"))


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


def _entries(repo: git.Repo, commit: git.Commit) -> list[tuple[int, str, int, str]]:
    """(mode, object id, size, path) of every entry, recursively, from one ``git ls-tree -r -z -l``.

    ``--long`` gives each blob's size with the listing: no request per object.
    """
    raw: bytes = repo.git.ls_tree("-r", "-z", "-l", "--full-tree", commit.hexsha, stdout_as_string=False)
    entries = []
    for record in raw.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, _kind, sha, size = meta.split()
        entries.append((int(mode, 8), sha.decode("ascii"), int(size) if size.isdigit() else 0,
                        path.decode("utf-8", errors="surrogateescape")))
    return entries


def read_blobs(repo: git.Repo, shas: list[str]) -> dict[str, bytes]:
    """The contents of many blobs, streamed by one ``git cat-file --batch`` process.

    The ids are written by a thread while this one reads the answers, so that neither
    side waits for the other with a full pipe.
    """
    if not shas:
        return {}
    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "--git-dir", repo.git_dir, "cat-file", "--batch"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def feed() -> None:
        try:
            stdin.write("".join(f"{sha}\n" for sha in shas).encode("ascii"))
            stdin.close()
        except OSError:  # git stopped early: the reading side reports it
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    contents: dict[str, bytes] = {}
    try:
        for sha in shas:
            header = stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(f"l'objet {sha} est illisible dans le dépôt (dépôt incomplet ou corrompu ?).")
            size = int(header[2])
            contents[sha] = stdout.read(size)
            stdout.read(1)  # the newline after each object
    finally:
        writer.join()
        stdout.close()
        process.wait()
    return contents


def _snapshot(commit: git.Commit, entries: list[tuple[int, str, int, str]], contents: dict[str, bytes],
              content_prefix: str) -> Snapshot:
    files: dict[str, TreeFile] = {}
    for mode, sha, size, path in entries:
        content = contents.get(sha) if _wanted(mode, size, path, content_prefix) else None
        files[path] = TreeFile(path, mode, sha, size, content)
    return Snapshot(commit.hexsha, files)


def _wanted(mode: int, size: int, path: str, content_prefix: str) -> bool:
    """Is the content of this entry read: a blob under the prefix, not too big."""
    return mode != MODE_SUBMODULE and path.startswith(content_prefix) and size <= MAX_BLOB_BYTES


def _snapshots(repo: git.Repo, commits: list[git.Commit], content_prefix: str) -> list[Snapshot]:
    """The snapshots of several commits; every distinct blob is read once, in one stream."""
    listings = [_entries(repo, commit) for commit in commits]
    shas = list(dict.fromkeys(sha for entries in listings for mode, sha, size, path in entries
                              if _wanted(mode, size, path, content_prefix)))
    contents = read_blobs(repo, shas)
    return [_snapshot(commit, entries, contents, content_prefix) for commit, entries in zip(commits, listings)]


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
        base_snapshot, head_snapshot = _snapshots(repo, [merge_bases[0], head], content_prefix)
        return base_snapshot, head_snapshot
    finally:
        repo.close()
