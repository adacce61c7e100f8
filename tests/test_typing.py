"""The package type-checks under ``mypy --strict`` (the bar set for ``generator/``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generator_passes_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "generator"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600, check=False)
    # Long types (matplotlib's rc keys…) make raw output unreadable: show each error's start.
    problems = [line[:300] for line in (result.stdout + result.stderr).splitlines() if ": error:" in line]
    assert (result.returncode, problems) == (0, []), "\n".join(problems) or result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")
