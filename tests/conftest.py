from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from factory import write_dataset  # noqa: E402


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
