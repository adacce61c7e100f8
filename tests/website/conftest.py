"""Shared fixtures of the site tests: one build of the sample, one local server, one browser.

The sample is built once per session (with ``--strict``) from a copy of data/ whose
map tile URL is emptied, so that the pages request nothing outside the local server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitetools import CHROMIUM_ARGS, ROOT, run_build, serve, without_tiles


@pytest.fixture(scope="session")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return without_tiles(ROOT / "data", tmp_path_factory.mktemp("sample") / "data")


@pytest.fixture(scope="session")
def sample_site(sample_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("sample-build")
    result = run_build(sample_copy, work / "site", work / "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    server, url = serve(sample_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
