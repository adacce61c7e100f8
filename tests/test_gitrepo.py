"""Reading a change from Git: the head is the base's listing plus what ``git diff-tree`` says.

The reference is the plain way: the head commit listed whole by ``git ls-tree``. Every
kind of entry a pull request can bring (added, deleted, edited, made executable, turned
into a link, a submodule, a blob too big to read, an accented name) must come out
the same, content included; and blobs deferred for a cache are read on demand.
"""

from __future__ import annotations

import os
from pathlib import Path

import git

from factory import new_repo
from generator.gitrepo import MAX_BLOB_BYTES, _entries, _snapshot, read_change


def _files(snapshot_files: dict) -> dict:
    return {path: (entry.mode, entry.sha, entry.size, entry.content) for path, entry in snapshot_files.items()}


def test_the_head_read_through_diff_tree_is_the_head_listed_whole(tmp_path: Path) -> None:
    root = tmp_path / "depot"
    repo = new_repo(root)
    data = root / "data"
    (data / "loans" / "2026").mkdir(parents=True)
    for name in ("a", "b", "c", "d", "e", "f"):
        (data / "loans" / "2026" / f"{name}.yaml").write_text(f"id: {name}\n", encoding="utf-8")
    (root / "README.md").write_text("lisez-moi\n", encoding="utf-8")
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="base")
    repo.git.switch("--quiet", "-c", "pr")
    loans = data / "loans" / "2026"
    (loans / "a.yaml").write_text("id: a\nstatut: demande\n", encoding="utf-8")  # edited
    (loans / "b.yaml").unlink()  # deleted
    (loans / "c.yaml").chmod(0o755)  # made executable
    (loans / "d.yaml").unlink()
    os.symlink("/etc/passwd", loans / "d.yaml")  # turned into a link
    (loans / "g.yaml").write_text("id: g\n", encoding="utf-8")  # added
    (loans / "gros.yaml").write_bytes(b"#" * (MAX_BLOB_BYTES + 1))  # too big to read
    (data / "members").mkdir()
    (data / "members" / "caf\xe9.yaml").write_text("id: x\n", encoding="utf-8")
    repo.git.add(A=True)
    commit = repo.head.commit.hexsha
    repo.git.update_index("--add", "--cacheinfo", f"160000,{commit},data/loans/2026/sous-module")
    repo.git.commit("--quiet", m="demande")

    base, head = read_change(root, "main", "pr")
    plain = git.Repo(root)
    whole = _snapshot(plain, plain.commit("pr"), _entries(plain, plain.commit("pr")), {}, "data/", set())
    expected = _files(whole.files)
    # The plain listing's contents, read one by one.
    for path, (mode, sha, size, _) in list(expected.items()):
        if path.startswith("data/") and mode != 0o160000 and size <= MAX_BLOB_BYTES:
            expected[path] = (mode, sha, size, plain.git.cat_file("blob", sha, stdout_as_string=False) + b"")
    got = _files(head.files)
    assert set(got) == set(expected)
    for path in expected:
        mode, sha, size, content = expected[path]
        assert got[path][:3] == (mode, sha, size), path
        if content is not None and path.startswith("data/"):
            assert got[path][3] is not None and got[path][3].rstrip(b"\n") == content.rstrip(b"\n"), path
        else:
            assert got[path][3] is None, path
    assert "data/loans/2026/b.yaml" in base.files and "data/loans/2026/b.yaml" not in head.files
    assert head.files["data/loans/2026/e.yaml"] is base.files["data/loans/2026/e.yaml"]  # shared, unchanged


def test_deferred_blobs_are_left_unread_and_read_on_demand(tmp_path: Path) -> None:
    root = tmp_path / "depot"
    repo = new_repo(root)
    (root / "data" / "loans" / "2026").mkdir(parents=True)
    (root / "data" / "reseau.yaml").write_text("nom: réseau\n", encoding="utf-8")
    for name in ("a", "b"):
        (root / "data" / "loans" / "2026" / f"{name}.yaml").write_text(f"id: {name}\n", encoding="utf-8")
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="base")
    repo.git.switch("--quiet", "-c", "pr")
    (root / "data" / "loans" / "2026" / "a.yaml").write_text("id: a\nstatut: demande\n", encoding="utf-8")
    repo.git.commit("--quiet", "-am", "demande")

    base, head = read_change(root, "main", "pr", defer=lambda path: "/loans/" in path)
    unchanged = head.files["data/loans/2026/b.yaml"]
    assert unchanged.deferred and unchanged.content is None
    assert head.files["data/loans/2026/a.yaml"].content == b"id: a\nstatut: demande\n"
    assert base.files["data/loans/2026/a.yaml"].content == b"id: a\n"  # changed: read on both sides
    assert head.files["data/reseau.yaml"].content is not None
    assert head.data_blobs()["loans/2026/b.yaml"] == (unchanged.sha, None)
    assert head.read([unchanged.sha]) == {unchanged.sha: b"id: b\n"}


def test_safe_parts_refuses_empty_dot_and_nul_parts() -> None:
    import itertools

    from generator.gitrepo import _safe_parts

    def reference(path: str) -> bool:
        return not any(part in ("", ".", "..") or "\0" in part for part in path.split("/"))

    pieces = ["a", ".", "..", "...", "", "/", "\0", "b.c", ".a", "a."]
    for count in range(1, 5):
        for combination in itertools.product(pieces, repeat=count):
            for path in ("".join(combination), "/".join(combination)):
                assert _safe_parts(path) == reference(path), repr(path)
