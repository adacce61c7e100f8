"""The French answer to the member on the pull request (``tna check-pr --commentaire``).

Real Git repositories built in tmp_path, the real command; the workflow that posts the
comment runs under ``act`` in tests/test_act_workflows.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factory import Depot, write_loan
from generator.cli import main
from generator.prcomment import MARKER, escape
from test_prcheck import request


def comment(depot: Depot, tmp_path: Path, author: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    target = tmp_path / "commentaire.md"
    code = main(["check-pr", "--repo", str(depot.root), "--base", "main", "--head", "HEAD", "--author", author,
                 "--today", "2026-04-15", "--format", "text", "--commentaire", str(target)])
    capsys.readouterr()
    return code, target.read_text(encoding="utf-8")


def second_request(**overrides: Any) -> dict[str, Any]:
    return request("pret-2", emprunteur="mairie-b", lieu="mairie-b-lieu", demande_par="demandeur-b",
                   debut="2026-05-11", fin="2026-05-22", retrait="2026-05-11T09:00",
                   restitution="2026-05-22T16:00", **overrides)


def test_a_valid_request_is_told_it_can_be_accepted(depot: Depot, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    depot.branch("demande")
    write_loan(depot.data, request())
    depot.commit("demande")
    code, text = comment(depot, tmp_path, "demandeur-a", capsys)
    assert code == 0
    assert text.splitlines()[:2] == [MARKER, "## La demande peut être acceptée"]
    assert "L'équipe du Département va la relire" in text


def test_a_date_conflict_lists_the_problem_its_article_and_the_next_free_periods(
        depot: Depot, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_loan(depot.data, request("pret-1"))
    depot.commit("demande 1 acceptée sur main")
    depot.branch("demande-2")
    write_loan(depot.data, second_request())
    depot.commit("demande 2")
    code, text = comment(depot, tmp_path, "demandeur-b", capsys)
    assert code == 1
    lines = text.splitlines()
    assert lines[:2] == [MARKER, "## La demande ne peut pas être acceptée en l'état"]
    problems = [line for line in lines if line[:1].isdigit()]
    assert [line[:34] for line in problems] == ["1. `data/loans/2026/pret-1.yaml`, ",
                                                "2. `data/loans/2026/pret-2.yaml`, "]
    problem = problems[1]
    assert problem.startswith("2. `data/loans/2026/pret-2.yaml`, ligne 5 — Art. 4.3 b), règle « double-reservation » : "
                              "« kit-vr » est déjà réservé du 04/05/2026 au 15/05/2026")
    assert "reportez ce retrait au 19/05/2026 au plus tôt" in problem
    # Free periods of kit-vr as main books it, after the notice (5 working days from 15 April): pret-1
    # holds 4-15 May with a working day of turnaround on each side (30 April; 1 May is a holiday, and
    # Monday 18 May), then the six-month horizon. Given once, though two problems name kit-vr.
    (free,) = [line for line in lines if "Périodes encore libres" in line]
    assert free.strip() == ("Périodes encore libres pour « kit-vr » : du 22/04/2026 au 29/04/2026 ; "
                            "du 19/05/2026 au 15/10/2026.")


def test_text_from_the_data_cannot_mention_or_inject_markup() -> None:
    assert escape("@everyone <img src=x> [lien](http://x) **gras**\n# titre") == (
        "@\u2060everyone \\<img src=x\\> \\[lien\\](http://x) \\*\\*gras\\*\\* \\# titre")
