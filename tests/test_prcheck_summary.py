"""The GitHub summary of ``tna check-pr`` links each article to the agreement on the published site,
whose address comes from the base branch (never from the pull request)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factory import TODAY, dump, network, new_repo, request, write_dataset, write_loan
from generator.cli import main


def test_the_pull_request_summary_links_articles_to_the_base_branch_site(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    repo = new_repo(tmp_path)
    data_dir = write_dataset(tmp_path, network_data=network(site={"url": "https://exemple.github.io/reseau/"}))
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="main")
    repo.git.switch("--quiet", "-c", "demande")
    # A 36-day request, and a pull request that also moves the site's address: the base's one is used.
    write_loan(data_dir, request(debut="2026-06-01", fin="2026-07-06", retrait="2026-06-01T09:00",
                                 restitution="2026-07-06T16:00"))
    (data_dir / "reseau.yaml").write_text(dump(network(site={"url": "https://piege.exemple/"})), encoding="utf-8")
    repo.git.add(A=True)
    repo.git.commit("--quiet", m="demande")
    summary = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code = main(["check-pr", "--depot", str(tmp_path), "--base", "main", "--auteur", "demandeur-a",
                 "--aujourdhui", TODAY.isoformat(), "--format", "github"])
    capsys.readouterr()
    assert code == 1
    text = summary.read_text(encoding="utf-8")
    assert "[Art. 4.3 a)](https://exemple.github.io/reseau/convention/#article-4-3-a)" in text
    assert "piege" not in text
