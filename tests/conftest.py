from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from factory import Depot, Result, Runner, seeded_depot, write_dataset  # noqa: E402


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def sample_data() -> Path:
    return ROOT / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A minimal valid data/ folder: one network, one member, one item, no loan."""
    return write_dataset(tmp_path)


@pytest.fixture
def depot(tmp_path: Path) -> Depot:
    """A Git repository whose main holds the network, two members (mairie-a: demandeur-a,
    mairie-b: demandeur-b) and kit-vr."""
    return seeded_depot(tmp_path / "depot", "kit-vr")


@pytest.fixture
def tna(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``tna`` in this process with an empty standard input: a question meets end of input (exit 2).

    (Tests of the interactive flows run the real executable in a pseudo-terminal.)
    """
    from generator.cli import main

    def run(*args: str | Path, env: dict[str, str] | None = None) -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        monkeypatch.delenv("TNA_LOGIN", raising=False)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
