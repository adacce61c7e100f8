"""The README's examples run as shown.

Every ```console block is run in a scratch copy of the repository (a fresh Git clone
of it, on main, with the shipped sample data): the commands after ``$ `` run in order in
bash and must print the lines shown after them, in that order (``…`` stands for lines
left out), and succeed unless the block shows ``[code de sortie : N]``. Nothing of the
caller's environment pins the date: the examples give ``--aujourdhui`` themselves.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = ROOT / ".venv" / "bin"
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
EXIT = re.compile(r"\[code de sortie : ([0-9]+)\]")
GAP = "…"

# Shell blocks the README shows without running them here, and why.
NOT_RUN = {
    "make site": "builds the whole site: the site tests build the sample with the same `tna build --strict`",
    "make test": "runs this very suite",
    "make serve": "serves until Ctrl-C: tests/website/test_serve.py runs `tna serve`",
}
# The adoption walkthrough starts a new repository beside this one: tests/test_init.py
# (test_the_readme_adoption_walkthrough_runs) runs it, line by line, in a scratch folder.
ADOPTION = "## Adopting it in another département"


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)
    exit_code: int = 0


def blocks(kind: str) -> list[str]:
    return [match.group(2) for match in FENCE.finditer(README) if match.group(1) == kind]


def steps(block: str) -> list[Step]:
    found: list[Step] = []
    lines = iter(block.splitlines())
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1] + " " + next(lines).strip()
            found.append(Step(command))
        elif EXIT.fullmatch(line.strip()):
            found[-1].exit_code = int(EXIT.fullmatch(line.strip()).group(1))  # type: ignore[union-attr]
        else:
            assert found, f"une sortie sans commande avant elle : {line}"
            found[-1].expected.append(line)
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """The expected lines appear in order; consecutive ones are consecutive unless « … » separates them;
    the output starts and ends with them unless « … » says otherwise."""
    position, free = 0, False
    for line in expected:
        if line == GAP:
            free = True
            continue
        if free:
            if line not in actual[position:]:
                return False
            position = actual.index(line, position) + 1
        else:
            if position >= len(actual) or actual[position] != line:
                return False
            position += 1
        free = False
    return free or position == len(actual)


def scratch_clone(target: Path) -> Path:
    """The repository as a newcomer's clone: its files (not the ignored ones), on main, with the
    project's virtual environment linked in (so that `make` finds it installed)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    for command in (["git", "init", "--quiet", "--initial-branch", "main"], ["git", "add", "--all"],
                    ["git", "commit", "--quiet", "--message", "Clone du dépôt"]):
        subprocess.run(command, cwd=target, check=True, env=environment(target))
    return target


def environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("TNA_", "GITHUB_", "GIT_", "MAKE")) and key not in ("MFLAGS", "SOURCE_DATE_EPOCH")}
    env.update({"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": "Médiatrice", "GIT_AUTHOR_EMAIL": "mediation@exemple.fr",
                "GIT_COMMITTER_NAME": "Médiatrice", "GIT_COMMITTER_EMAIL": "mediation@exemple.fr",
                "PYTHONIOENCODING": "utf-8"})
    return env


CONSOLE = blocks("console")


def test_the_readme_has_runnable_examples_and_only_known_blocks_are_not_run() -> None:
    assert len(CONSOLE) >= 4
    adoption = README[README.index(ADOPTION):].split("\n## ")[0]
    for kind in ("sh", ""):
        for block in blocks(kind):
            if block in adoption:
                continue
            for line in block.splitlines():
                command = line.split("#")[0].strip()
                if command.startswith(("make", "tna", "$")):
                    assert command in NOT_RUN, f"exemple non exécuté par les tests : {line}"
    # No example hides in an indented code block, out of this test's reach.
    assert not re.search(r"^    (\$ )?(tna|make) ", README, re.MULTILINE)


@pytest.mark.parametrize("block", CONSOLE, ids=[steps(block)[0].command[:40] for block in CONSOLE])
def test_each_console_example_prints_what_the_readme_shows(block: str, tmp_path: Path) -> None:
    clone = scratch_clone(tmp_path / "depot")
    env = environment(tmp_path)
    up_to_date = subprocess.run(["make", "--question", "install"], cwd=clone, env=env, capture_output=True)
    assert up_to_date.returncode == 0, "l'environnement .venv n'est pas à jour : lancez make install-test"
    for step in steps(block):
        result = subprocess.run(["bash", "-c", step.command], cwd=clone, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, timeout=300)
        assert result.returncode == step.exit_code, f"$ {step.command}\n{result.stdout}"
        if step.expected:
            assert matches(step.expected, result.stdout.splitlines()), (
                f"$ {step.command}\n--- attendu (README)\n" + "\n".join(step.expected)
                + "\n--- obtenu\n" + result.stdout)


def test_the_matching_rules_are_strict() -> None:
    assert matches(["a", "b"], ["a", "b"])
    assert not matches(["a", "b"], ["a", "x", "b"])
    assert not matches(["a"], ["a", "b"])
    assert matches(["a", GAP], ["a", "b"])
    assert matches([GAP, "b", GAP], ["a", "b", "c"])
    assert not matches([GAP, "c", "b"], ["a", "b", "c"])
