"""The pull-request check's fast path judges exactly like the plain one.

``tna check-pr`` reads both sides from one stream of git objects, loads each distinct
file once for both sides (:class:`generator.pipeline.ContentCache`), reuses the
members parsed by the validation for the rights, and skips the base's rules when no
head finding can depend on them. The reference here is the plain way: write each
side's data/ into a folder, run ``pipeline.validate`` on each, and let the rights
parse their own files. Hypothesis makes random edits (valid or broken records,
deletions, renames, stray files, folders named like records, non-UTF-8 bytes…) on a
copy of the shipped sample in a real Git repository; both ways must give the same
findings, to the line.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import git
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factory import TODAY, new_repo
from generator.findings import Finding
from generator.gitrepo import Snapshot, read_change
from generator.load import is_loan_file
from generator.pipeline import ContentCache, validate, validate_change, validate_snapshots
from generator.prcheck import changes, check_change, is_loan_path
from generator.schema import schemas_dir
from generator.store import FILE_NAME, Store

ROOT = Path(__file__).resolve().parent.parent
AUTHORS = (None, "agent-coordination", "stranger")


def materialize(snapshot: Snapshot, target: Path) -> Path:
    """The plain way: the regular files of data/ written into a folder (links and submodules left out)."""
    data_dir = target / "data"
    data_dir.mkdir(parents=True)
    for path, entry in sorted(snapshot.under("data/").items()):
        if entry.is_link or entry.is_submodule or entry.content is None:
            continue
        destination = target.joinpath(*PurePosixPath(path).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(entry.content)
    return data_dir


def plain(base: Snapshot, head: Snapshot, author: str | None, folder: Path) -> list[Finding]:
    base_outcome = validate(materialize(base, folder / "base"), TODAY)
    head_outcome = validate(materialize(head, folder / "head"), TODAY)
    return check_change(base, head, author, TODAY, base_outcome.findings, head_outcome.findings)


def fast(base: Snapshot, head: Snapshot, author: str | None) -> list[Finding]:
    touched = {change.path for change in changes(base, head)}
    cache = ContentCache()
    base_findings, head_outcome = validate_change(base.data_blobs(), head.data_blobs(), TODAY, touched, cache=cache)
    return check_change(base, head, author, TODAY, base_findings, head_outcome.findings,
                        known=lambda entry: cache.data(entry.path, entry.sha))


def fill_store(side: Snapshot, folder: Path) -> None:
    """What a run on the base branch leaves in the persisted cache: that side's files."""
    cache = ContentCache(Store(folder, schemas_dir()), fill=True)
    validate_change(side.data_blobs(), side.data_blobs(), TODAY, set(), cache=cache)
    assert cache.store is not None
    cache.store.save()


def around_expected(base: Snapshot, head: Snapshot) -> bool:
    """Is this change one the store lets judge around its loans: a few loan files, nothing else."""
    before, after = base.data_blobs(), head.data_blobs()
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    return bool(changed) and all(is_loan_file(path) for path in changed)


def warm(base: Snapshot, head: Snapshot, author: str | None, folder: Path, around: bool = False) -> list[Finding]:
    """The fast path reading the persisted cache (``tna check-pr --cache``); ``around``: the store
    judged the base today, so a change of loans only must be judged around them."""
    touched = {change.path for change in changes(base, head)}
    cache = ContentCache(Store(folder, schemas_dir()), frozenset(touched))
    base_findings, head_outcome = validate_change(base.data_blobs(), head.data_blobs(), TODAY, touched, cache=cache)
    assert cache.reused > 0, "the files the change leaves alone come from the store"
    assert (head_outcome.judged_again is not None) == (around and around_expected(base, head))
    return check_change(base, head, author, TODAY, base_findings, head_outcome.findings,
                        known=lambda entry: cache.data(entry.path, entry.sha))


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One persisted cache for every example: it accumulates the files of many commits."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def sample_repo(tmp_path_factory: pytest.TempPathFactory) -> git.Repo:
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(ROOT / "data", root / "data")
    repo = new_repo(root)
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="base")
    return repo


def _loan_files(root: Path) -> list[Path]:
    return sorted(path for path in (root / "data" / "loans").glob("*/*.yaml") if path.is_file())


def _record(path: Path) -> dict[str, Any] | None:
    """The mapping of a file, or None when an earlier edit broke it (then it is left alone)."""
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def _edit_loan(path: Path, key: str, value: Any) -> None:
    data = _record(path)
    if data is None:
        return
    data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


EDITS = st.one_of(
    st.tuples(st.just("status"), st.integers(0, 500), st.sampled_from(["demande", "accepte", "retire", "restitue",
                                                                        "annule", "refuse", "inconnu"])),
    st.tuples(st.just("dates"), st.integers(0, 500), st.integers(-400, 400)),
    st.tuples(st.just("copy"), st.integers(0, 500), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 500), st.just(0)),
    st.tuples(st.just("rename"), st.integers(0, 500), st.just(0)),
    st.tuples(st.just("broken"), st.integers(0, 500), st.sampled_from(["a: [", "- liste", "", "a: 1\na: 2",
                                                                        "\ufeffid: x", "\t- x"])),
    st.tuples(st.just("bytes"), st.integers(0, 500), st.just(0)),
    st.tuples(st.just("stray"), st.integers(0, 500), st.sampled_from(["data/notes.txt", "data/loans/a.yaml",
                                                                       "data/members/x.yml",
                                                                       "data/members/dossier.yaml/a.yaml",
                                                                       "data/loans/2026/sous/b.yaml",
                                                                       "data/.gitkeep"])),
    st.tuples(st.just("member"), st.integers(0, 500), st.sampled_from(["demandeurs", "nom", "id"])),
    st.tuples(st.just("network"), st.integers(0, 500), st.just(0)),
)
# Edits of loans only, that relate loans to others: what a pull request judged around its loans
# must get right (an item another loan holds, another loan's id or dates, a kit of two items).
LOAN_EDITS = st.one_of(
    st.tuples(st.just("status"), st.integers(0, 500), st.sampled_from(["demande", "accepte", "retire", "annule"])),
    st.tuples(st.just("dates"), st.integers(0, 500), st.integers(-60, 60)),
    st.tuples(st.just("copy"), st.integers(0, 500), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 500), st.just(0)),
    st.tuples(st.just("broken"), st.integers(0, 500), st.sampled_from(["a: [", ""])),
    st.tuples(st.just("item"), st.integers(0, 500), st.integers(0, 500)),
    st.tuples(st.just("kit"), st.integers(0, 500), st.integers(0, 500)),
    st.tuples(st.just("same-id"), st.integers(0, 500), st.integers(0, 500)),
    st.tuples(st.just("same-dates"), st.integers(0, 500), st.integers(0, 500)),
)


def _apply(root: Path, edit: tuple[str, int, Any], serial: int) -> None:
    kind, index, value = edit
    loans = _loan_files(root)
    target = loans[index % len(loans)] if loans else None
    if kind == "status" and target is not None:
        _edit_loan(target, "statut", value)
    elif kind == "dates" and target is not None:
        data = _record(target)
        if data is None or not isinstance(data.get("debut"), date):
            return
        start = data["debut"] + timedelta(days=value)
        _edit_loan(target, "debut", start)
        _edit_loan(target, "fin", start + timedelta(days=3))
    elif kind == "copy" and target is not None:
        data = _record(target)
        if data is None:
            return
        data["id"] = f"copie-{serial}-{value}"
        data["statut"] = "demande"
        copy = target.parent / f"{data['id']}.yaml"
        copy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "delete" and target is not None:
        target.unlink()
    elif kind == "rename" and target is not None:
        target.rename(target.with_name(f"renomme-{serial}.yaml"))
    elif kind == "broken" and target is not None:
        target.write_text(value, encoding="utf-8")
    elif kind == "bytes" and target is not None:
        target.write_bytes(target.read_bytes().replace(b"e", b"\xe9", 1))
    elif kind == "stray":
        path = root / value
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id: a\n", encoding="utf-8")
    elif kind == "member":
        members = sorted(path for path in (root / "data" / "members").glob("*.yaml") if path.is_file())
        if not members:
            return
        member = members[index % len(members)]
        data = _record(member)
        if data is None:
            return
        data[value] = ["stranger"] if value == "demandeurs" else f"valeur-{serial}"
        member.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "network":
        (root / "data" / "reseau.yaml").unlink(missing_ok=True)
    elif kind in ("item", "kit", "same-id", "same-dates") and target is not None:
        other = _record(loans[value % len(loans)])
        if other is None or not isinstance(other.get("materiel"), list) or not other["materiel"]:
            return
        if kind == "item":
            _edit_loan(target, "materiel", other["materiel"][:1])
        elif kind == "kit":
            data = _record(target)
            if data is not None and isinstance(data.get("materiel"), list):
                _edit_loan(target, "materiel", list(dict.fromkeys(data["materiel"] + other["materiel"][:1])))
        elif kind == "same-id":
            _edit_loan(target, "id", other.get("id"))
        else:
            for key in ("materiel", "debut", "fin", "retrait", "restitution"):
                _edit_loan(target, key, other.get(key))


def _branch(sample_repo: git.Repo, name: str, edits: list[tuple[str, int, Any]]) -> tuple[Path, str]:
    """A new branch off main in the sample's repository, with these edits committed."""
    root = Path(sample_repo.working_tree_dir or ".")
    sample_repo.git.switch("--quiet", "--force", "main")
    sample_repo.git.clean("-fdxq")
    branch = f"{name}-{len(list(sample_repo.branches))}"
    sample_repo.git.switch("--quiet", "-c", branch)
    for serial, edit in enumerate(edits):
        _apply(root, edit, serial)
    sample_repo.git.add(A=True)
    sample_repo.git.commit("--quiet", "--allow-empty", m="change")
    return root, branch


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDITS, min_size=1, max_size=4), author=st.sampled_from(AUTHORS))
def test_cached_and_plain_checks_give_the_same_findings(sample_repo: git.Repo, store_folder: Path, tmp_path: Path,
                                                        edits: list[tuple[str, int, Any]],
                                                        author: str | None) -> None:
    root, branch = _branch(sample_repo, "essai", edits)
    base, head = read_change(root, "main", branch)
    folder = tmp_path / f"plain-{branch}"
    expected = plain(base, head, author, folder)
    assert fast(base, head, author) == expected
    # With the persisted cache: filled by the base branch's runs, and holding the files of
    # earlier examples' heads too (as when main moved on): entries answer for their bytes only.
    fill_store(base, store_folder)
    assert warm(base, head, author, store_folder, around=True) == expected
    fill_store(head, store_folder)
    assert warm(base, head, author, store_folder) == expected
    # Both sides judged in full from one shared cache: the same outcomes as from folders.
    outcomes = validate_snapshots([base.data_blobs(), head.data_blobs()], TODAY)
    assert outcomes[0].findings == validate(folder / "base" / "data", TODAY).findings
    assert outcomes[1].findings == validate(folder / "head" / "data", TODAY).findings


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(LOAN_EDITS, min_size=1, max_size=4), day=st.integers(-400, 400))
def test_a_change_of_loans_judged_around_them_gives_the_whole_head_s_findings(
        sample_repo: git.Repo, tmp_path: Path, edits: list[tuple[str, int, Any]], day: int) -> None:
    """The store judged main today: a change of loans only is judged around its loans, and gives,
    to the line, the findings of the whole head judged from a folder — on any day (overdue
    loans, notices…), with conflicts, shared ids, kits and broken files."""
    today = TODAY + timedelta(days=day)
    root, branch = _branch(sample_repo, "pres", edits)
    base, head = read_change(root, "main", branch, defer=is_loan_path)
    whole = validate(materialize(read_change(root, "main", branch)[1], tmp_path / branch / "head"), today).findings
    folder = tmp_path / branch / "cache"
    filling = ContentCache(Store(folder, schemas_dir()), fill=True)
    full_base, _ = read_change(root, "main", "main")
    validate_change(full_base.data_blobs(), full_base.data_blobs(), today, set(), cache=filling)
    assert filling.store is not None
    filling.store.save()
    touched = {change.path for change in changes(base, head)}
    cache = ContentCache(Store(folder, schemas_dir()), frozenset(touched))
    _, outcome = validate_change(base.data_blobs(), head.data_blobs(), today, touched, cache=cache, fetch=head.read)
    assert outcome.findings == whole
    assert (outcome.judged_again is not None) == around_expected(full_base, read_change(root, "main", branch)[1])


def test_the_base_is_judged_when_an_untouched_file_has_a_finding(sample_repo: git.Repo) -> None:
    """The shortcut is taken only when no head finding lies outside the change."""
    root = Path(sample_repo.working_tree_dir or ".")
    sample_repo.git.switch("--quiet", "--force", "main")
    sample_repo.git.clean("-fdxq")
    base, head = read_change(root, "main", "main")
    outcome = validate(root / "data", TODAY)
    base_findings, head_outcome = validate_change(base.data_blobs(), head.data_blobs(), TODAY, set())
    assert head_outcome.findings == outcome.findings
    assert base_findings == (outcome.findings if outcome.findings else [])


# --- The persisted cache seen by an attacker: what it holds never decides a change's own files.

BROKEN_LOAN = "data/loans/2026/2026-bidouilleurs-drone-bocage.yaml"


def _sample_on_branch_pr(tmp_path: Path) -> tuple[Path, git.Repo]:
    """A repository of the shipped sample, committed on main, switched to a new branch ``pr``."""
    root = tmp_path / "depot"
    shutil.copytree(ROOT / "data", root / "data")
    repo = new_repo(root)
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="base")
    repo.git.switch("--quiet", "-c", "pr")
    return root, repo


@pytest.fixture
def broken_change(tmp_path: Path) -> tuple[Path, Snapshot, Snapshot]:
    """A repository whose branch ``pr`` gives one loan an unknown status (a schema error)."""
    root, repo = _sample_on_branch_pr(tmp_path)
    path = root / BROKEN_LOAN
    path.write_text(path.read_text(encoding="utf-8").replace("statut: accepte", "statut: inconnu"), encoding="utf-8")
    repo.git.commit("--quiet", "-am", "change")
    base, head = read_change(root, "main", "pr")
    return root, base, head


def _check_pr(tna: Any, root: Path, *extra: str) -> Any:
    return tna("check-pr", "--depot", root, "--base", "main", "--tete", "pr", "--sans-auteur",
               "--aujourdhui", TODAY.isoformat(), *extra)


def test_a_poisoned_entry_never_judges_a_touched_file(tna: Any, broken_change: tuple[Path, Snapshot, Snapshot],
                                                      tmp_path: Path) -> None:
    """Even a store that claims the changed blob is a clean record cannot hide its error."""
    root, base, head = broken_change
    plain_result = _check_pr(tna, root)
    assert plain_result.returncode == 1 and "inconnu" in plain_result.stdout
    folder = tmp_path / "cache"
    fill_store(base, folder)
    store = Store(folder, schemas_dir())
    clean = store.get((BROKEN_LOAN, base.files[BROKEN_LOAN].sha))
    assert clean is not None and clean[1] == () and clean[2]
    store.put((BROKEN_LOAN, head.files[BROKEN_LOAN].sha), clean)  # the changed bytes, said to be clean
    store.save()
    result = _check_pr(tna, root, "--cache", folder)
    assert (result.returncode, result.stdout) == (plain_result.returncode, plain_result.stdout)


def test_a_store_that_would_run_code_is_ignored(tna: Any, broken_change: tuple[Path, Snapshot, Snapshot],
                                                tmp_path: Path) -> None:
    """Neither a file that is no store at all nor a store whose values would run code when read
    can do anything: the check gives what it gives without a store."""
    import pickle
    import sqlite3

    root, base, _ = broken_change
    marker = tmp_path / "execute"

    class Payload:
        def __reduce__(self) -> tuple[Any, tuple[str]]:
            import os
            return os.system, (f"touch {marker}",)

    expected = _check_pr(tna, root)
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(pickle.dumps({"format": 3, "fingerprint": "x", "entries": Payload()}))
    result = _check_pr(tna, root, "--cache", folder)
    assert not marker.exists()
    assert "cache ignoré" in result.stderr
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)

    # A store of this very checker, for this very tree and day, whose every value runs code.
    (folder / FILE_NAME).unlink()
    fill_store(base, folder)
    with sqlite3.connect(folder / FILE_NAME) as db:
        db.execute("UPDATE entries SET entry = ?", (pickle.dumps(Payload()),))
        db.execute("UPDATE judged SET findings = ?", (pickle.dumps(Payload()),))
    db.close()
    result = _check_pr(tna, root, "--cache", folder)
    assert not marker.exists()
    assert (result.returncode, result.stdout) == (expected.returncode, expected.stdout)


def test_a_store_of_another_checker_is_ignored(tna: Any, broken_change: tuple[Path, Snapshot, Snapshot],
                                               tmp_path: Path) -> None:
    import sqlite3

    root, base, _ = broken_change
    folder = tmp_path / "cache"
    fill_store(base, folder)
    with sqlite3.connect(folder / FILE_NAME) as db:
        db.execute("UPDATE meta SET value = 'une autre version' WHERE name = 'fingerprint'")
    db.close()
    assert Store(folder, schemas_dir()).entries == {}
    result = _check_pr(tna, root, "--cache", folder)
    assert "autre version du vérificateur" in result.stderr
    assert result.returncode == 1 and "inconnu" in result.stdout


def test_the_cache_is_filled_only_when_asked(tna: Any, broken_change: tuple[Path, Snapshot, Snapshot],
                                             tmp_path: Path) -> None:
    root, base, head = broken_change
    folder = tmp_path / "cache"
    assert _check_pr(tna, root, "--cache", folder).returncode == 1
    assert not (folder / FILE_NAME).exists()
    result = _check_pr(tna, root, "--cache", folder, "--remplir-cache")
    assert "cache rempli" in result.stderr
    keys = set(Store(folder, schemas_dir()).entries)
    # The base side only: the member's changed bytes are not stored.
    assert (BROKEN_LOAN, base.files[BROKEN_LOAN].sha) in keys
    assert (BROKEN_LOAN, head.files[BROKEN_LOAN].sha) not in keys
    warm_result = _check_pr(tna, root, "--cache", folder)
    assert (warm_result.returncode, warm_result.stdout) == (result.returncode, result.stdout)
    lonely = tna("check-pr", "--depot", root, "--base", "main", "--sans-auteur", "--remplir-cache")
    assert lonely.returncode == 2 and "--remplir-cache demande --cache" in lonely.stderr


def test_the_base_findings_of_the_same_tree_and_day_come_from_the_store(
        broken_change: tuple[Path, Snapshot, Snapshot], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run on main keeps its tree's findings for the day; a pull request against that very tree
    that day takes the base's findings from there (only the head's rules run), and judges the base
    again on another day, or against another tree."""
    from generator import pipeline

    root, base, head = broken_change
    later = TODAY + timedelta(days=400)  # reports and returns overdue: findings outside the change
    touched = {change.path for change in changes(base, head)}
    plain_base = validate(materialize(base, tmp_path / "base"), later).findings
    assert any(finding.path not in touched for finding in plain_base)
    folder = tmp_path / "cache"
    filling = ContentCache(Store(folder, schemas_dir()), fill=True)
    validate_change(base.data_blobs(), base.data_blobs(), later, set(), cache=filling)
    assert filling.store is not None
    filling.store.save()

    judged: list[object] = []
    rules = pipeline.run_rules
    monkeypatch.setattr(pipeline, "run_rules", lambda dataset: judged.append(dataset) or rules(dataset))

    def check(day: date) -> list[Finding]:
        cache = ContentCache(Store(folder, schemas_dir()), frozenset(touched))
        found, _ = validate_change(base.data_blobs(), head.data_blobs(), day, touched, cache=cache)
        return found

    assert check(later) == plain_base and len(judged) == 1  # the head only
    next_day = later + timedelta(days=1)
    expected = validate(tmp_path / "base" / "data", next_day).findings
    judged.clear()
    assert check(next_day) == expected and len(judged) == 2
    judged.clear()
    other = dict(base.data_blobs())
    other.pop(sorted(path for path in other if path.startswith("loans/"))[0])
    cache = ContentCache(Store(folder, schemas_dir()), frozenset(touched))
    validate_change(other, head.data_blobs(), later, touched, cache=cache)
    assert len(judged) == 2  # another tree: judged


def test_a_request_judged_around_its_loans_gets_the_same_answer_and_comment(tna: Any, tmp_path: Path) -> None:
    """A member asks for an item another member holds: with the cache filled on main, the check
    judges only the loans around the request, and says and comments exactly what the full check
    does (the conflict, found in both files, and the item's next free periods)."""
    root, repo = _sample_on_branch_pr(tmp_path)
    held = (root / "data/loans/2026/2026-bidouilleurs-drone-bocage.yaml").read_text(encoding="utf-8")
    request = held.split("validation:")[0].replace("statut: accepte", "statut: demande")
    request = request.replace("id: 2026-bidouilleurs-drone-bocage", "id: 2026-bidouilleurs-drone-bis")
    request = request.replace("demande_le: 2026-04-07", f"demande_le: {TODAY.isoformat()}")
    (root / "data/loans/2026/2026-bidouilleurs-drone-bis.yaml").write_text(request, encoding="utf-8")
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="demande")

    def check(*extra: str | Path) -> tuple[Any, str]:
        comment = tmp_path / f"commentaire-{len(list(tmp_path.iterdir()))}.md"
        result = tna("check-pr", "--depot", root, "--base", "main", "--tete", "pr", "--auteur", "bidouilleurs-bocage",
                     "--aujourdhui", TODAY.isoformat(), "--commentaire", comment, *extra)
        return result, comment.read_text(encoding="utf-8")

    plain_result, plain_comment = check()
    assert plain_result.returncode == 1 and "double-reservation" in plain_result.stdout
    assert "2026-bidouilleurs-drone-bocage.yaml" in plain_result.stdout  # introduced in the other file too
    assert "Périodes encore libres pour « drone-prises-de-vue » : du " in plain_comment
    folder = tmp_path / "cache"
    filled = tna("check-pr", "--depot", root, "--base", "main", "--tete", "main", "--sans-auteur",
                 "--aujourdhui", TODAY.isoformat(), "--cache", folder, "--remplir-cache")
    assert "cache rempli" in filled.stderr
    warm_result, warm_comment = check("--cache", folder)
    assert "jugés à nouveau" in warm_result.stderr
    assert (warm_result.returncode, warm_result.stdout) == (plain_result.returncode, plain_result.stdout)
    assert warm_comment == plain_comment
