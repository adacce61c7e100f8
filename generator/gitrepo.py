"""Git stage: the only module that touches GitPython.

It turns two revisions into two snapshots (what the tree held at the merge base and
at the head), read from git objects and never from the work tree: the pull-request
check judges what was committed, not what happens to lie on the disk.
"""

from __future__ import annotations

import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import git
from git.exc import BadName, BadObject

# Blobs bigger than this are not read: a data record weighs a few kilobytes, and the
# pull-request check refuses such a file without loading it.
MAX_BLOB_BYTES = 2 * 1024 * 1024

MODE_FILE = 0o100644
MODE_EXECUTABLE = 0o100755
MODE_LINK = 0o120000
MODE_SUBMODULE = 0o160000


class GitError(Exception):
    """The repository or a revision cannot be read (French message for the user)."""


@dataclass(frozen=True)
class TreeFile:
    """One entry of a commit's tree: its path, git mode, object id and (maybe) content.

    ``content`` is read for blobs under the content prefix (data/) that are not too big;
    it is None for everything else. ``deferred`` marks a blob that would have been read
    but was left for later (:func:`read_change`'s ``defer``): :meth:`Snapshot.read` gives it.
    """

    path: str
    mode: int
    sha: str
    size: int
    content: bytes | None
    deferred: bool = False

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
    git_dir: str | None = None

    def under(self, prefix: str) -> dict[str, TreeFile]:
        return {path: entry for path, entry in self.files.items() if path.startswith(prefix)}

    def data_blobs(self, prefix: str = "data/") -> dict[str, tuple[str, bytes | None]]:
        """The regular files under ``prefix`` whose content was read (or deferred: None), by path
        relative to it: what :func:`generator.pipeline.validate_change` judges (links, submodules
        and oversized blobs are left to the shape check)."""
        return {path.removeprefix(prefix): (entry.sha, entry.content) for path, entry in self.files.items()
                if path.startswith(prefix) and (entry.content is not None or entry.deferred)
                and not entry.is_link and not entry.is_submodule and _safe_parts(path)}

    def read(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of blobs of this repository (those deferred when the snapshot was read)."""
        if self.git_dir is None:
            raise GitError("ce cliché ne vient pas d'un dépôt Git : ses fichiers ne peuvent pas être relus.")
        return read_blobs(self.git_dir, shas)


_UNSAFE = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|\0")


def _safe_parts(path: str) -> bool:
    """No empty, ``.`` or ``..`` part and no NUL (git refuses such trees anyway)."""
    return _UNSAFE.search(path) is None


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


def read_blobs(git_dir: str, shas: list[str]) -> dict[str, bytes]:
    """The contents of many blobs, streamed by one ``git cat-file --batch`` process.

    The ids are written by a thread while this one reads the answers, so that neither
    side waits for the other with a full pipe.
    """
    if not shas:
        return {}
    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "--git-dir", git_dir, "cat-file", "--batch"]
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


def _snapshot(repo: git.Repo, commit: git.Commit, entries: list[tuple[int, str, int, str]],
              contents: dict[str, bytes], content_prefix: str, deferred: set[str]) -> Snapshot:
    files: dict[str, TreeFile] = {}
    for mode, sha, size, path in entries:
        if path in deferred:
            files[path] = TreeFile(path, mode, sha, size, None, deferred=True)
            continue
        content = contents.get(sha) if _wanted(mode, size, path, content_prefix) else None
        files[path] = TreeFile(path, mode, sha, size, content)
    return Snapshot(commit.hexsha, files, str(repo.git_dir))


def _wanted(mode: int, size: int, path: str, content_prefix: str) -> bool:
    """Is the content of this entry read: a blob under the prefix, not too big."""
    return mode != MODE_SUBMODULE and path.startswith(content_prefix) and size <= MAX_BLOB_BYTES


def _changed_entries(repo: git.Repo, base: git.Commit, commit: git.Commit) -> list[tuple[int, str, int, str]]:
    """(mode, object id, size, path) of the entries of ``commit`` that differ from ``base``'s, with a
    size of -1 for the paths it deletes: from one ``git diff-tree -r -z`` (and the new blobs' sizes
    from one ``git cat-file --batch-check``)."""
    raw: bytes = repo.git.diff_tree("-r", "-z", "--no-renames", "--raw", base.hexsha, commit.hexsha,
                                    stdout_as_string=False)
    fields = raw.split(b"\0")
    found: list[tuple[int, str, str]] = []
    for meta, path in zip(fields[0::2], fields[1::2]):
        if not meta.startswith(b":"):
            continue
        _old_mode, new_mode, _old_sha, new_sha, _status = meta[1:].split()
        found.append((int(new_mode, 8), new_sha.decode("ascii"), path.decode("utf-8", errors="surrogateescape")))
    sizes = _sizes(repo, [sha for mode, sha, path in found if mode not in (0, MODE_SUBMODULE)])
    return [(mode, sha, -1 if mode == 0 else sizes.get(sha, 0), path) for mode, sha, path in found]


def _sizes(repo: git.Repo, shas: list[str]) -> dict[str, int]:
    """The sizes of some objects, from one ``git cat-file --batch-check``."""
    if not shas:
        return {}
    command = [git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git", "--git-dir", str(repo.git_dir), "cat-file",
               "--batch-check"]
    answer = subprocess.run(command, input="".join(f"{sha}\n" for sha in dict.fromkeys(shas)).encode("ascii"),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False).stdout
    sizes: dict[str, int] = {}
    for line in answer.decode("ascii", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].isdigit():
            sizes[parts[0]] = int(parts[2])
    return sizes


def _snapshots(repo: git.Repo, base_commit: git.Commit, head_commit: git.Commit, content_prefix: str,
               defer: Callable[[str], bool] | None = None) -> tuple[Snapshot, Snapshot]:
    """The snapshots of two commits; every distinct blob is read once, in one stream.

    The base is listed whole (``git ls-tree``); the head is the base's listing with what
    ``git diff-tree`` says differs. With ``defer``, the blobs of the paths it accepts that
    are the same entry in both commits are not read (see :class:`TreeFile`)."""
    base_entries = _entries(repo, base_commit)
    changed = _changed_entries(repo, base_commit, head_commit)
    changed_paths = {path for mode, sha, size, path in changed}
    deferred: set[str] = set()
    if defer is not None:
        deferred = {path for mode, sha, size, path in base_entries if path not in changed_paths
                    and mode in (MODE_FILE, MODE_EXECUTABLE) and _wanted(mode, size, path, content_prefix)
                    and defer(path)}
    shas = list(dict.fromkeys(sha for mode, sha, size, path in base_entries + changed
                              if size >= 0 and path not in deferred and _wanted(mode, size, path, content_prefix)))
    contents = read_blobs(str(repo.git_dir), shas)
    base = _snapshot(repo, base_commit, base_entries, contents, content_prefix, deferred)
    # The head shares the base's entries where they are the same.
    files = dict(base.files)
    for mode, sha, size, path in changed:
        if size < 0:
            files.pop(path, None)
        else:
            content = contents.get(sha) if _wanted(mode, size, path, content_prefix) else None
            files[path] = TreeFile(path, mode, sha, size, content)
    return base, Snapshot(head_commit.hexsha, files, str(repo.git_dir))


def read_change(repo_path: Path, base_rev: str, head_rev: str, content_prefix: str = "data/",
                defer: Callable[[str], bool] | None = None) -> tuple[Snapshot, Snapshot]:
    """Snapshots of the merge base of ``base_rev`` and ``head_rev``, and of ``head_rev``.

    ``defer``: the paths whose unchanged blobs need not be read now (the caller may find
    what they give in a cache, and reads them with :meth:`Snapshot.read` if not)."""
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
        base_snapshot, head_snapshot = _snapshots(repo, merge_bases[0], head, content_prefix, defer)
        return base_snapshot, head_snapshot
    finally:
        repo.close()
