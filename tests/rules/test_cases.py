"""The rule cases of cases/<rule-id>/<case-name>.yaml, each run through the whole pipeline.

A case asserts every finding of its rule (or of the rules it lists in ``regles``), in
report order, with its file, line, column, severity and full message: an empty
``attendu: []`` says the rule reports nothing on that data set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ruletest import CASES, CaseError, case_files, case_id, load_case, run_case

from generator.rules import RULES

FILES = case_files()


@pytest.mark.parametrize("path", FILES, ids=[case_id(path) for path in FILES])
def test_case(tmp_path: Path, path: Path) -> None:
    case = load_case(path)
    assert run_case(case, tmp_path) == case.expected, case.description


def test_every_rule_with_cases_has_an_invalid_one() -> None:
    """Each folder names a rule, and holds at least one case where that rule reports something."""
    assert len(FILES) >= 150
    rule_ids = {rule.ID for rule in RULES}
    folders = {path.name for path in CASES.iterdir()}
    assert folders <= rule_ids
    firing = {load_case(path).name.split("/")[0] for path in FILES if load_case(path).expected}
    assert firing == folders


VALID = """\
description: Un prêt ordinaire.
aujourdhui: 2026-04-15
prets:
- id: pret-a
attendu: []
"""


@pytest.mark.parametrize("text, complaint", [
    (VALID.replace("attendu: []\n", ""), "clés manquantes ['attendu']"),
    (VALID.replace("prets:", "pret:"), "clés inconnues ['pret']"),
    (VALID + "aujourdhui: 2026-04-16\n", "clé en double"),
    (VALID.replace("attendu: []", "attendu:\n- regle: duree-max\n  fichier: data/loans/2026/pret-a.yaml\n"
                   "  ligne: 6\n  gravite: erreur\n  message: trop long"), "exactement les clés"),
    (VALID.replace("attendu: []", "attendu:\n- regle: duree-max\n  fichier: data/loans/2026/pret-a.yaml\n"
                   "  ligne: '6'\n  colonne: 1\n  gravite: erreur\n  message: trop long"), "mal formé (ligne)"),
    (VALID.replace("- id: pret-a", "- id: pret-a\n  sans: [referent]"), "sans retire 'referent'"),
    (VALID.replace("2026-04-15", "15/04/2026"), "aujourdhui doit être une date"),
])
def test_a_case_file_with_a_typo_fails_loudly(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "duree-max" / "cas.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError, match=re.escape(complaint)):
        load_case(path)


def test_the_case_the_typos_start_from_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "duree-max" / "cas.yaml"
    path.parent.mkdir()
    path.write_text(VALID, encoding="utf-8")
    assert run_case(load_case(path), tmp_path / "run") == []


def test_a_misspelt_data_key_fails_at_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "duree-max" / "cas.yaml"
    path.parent.mkdir()
    path.write_text(VALID.replace("- id: pret-a", "- id: pret-a\n  restituton: 2026-05-15T16:00"), encoding="utf-8")
    with pytest.raises(AssertionError, match="earlier stages"):
        run_case(load_case(path), tmp_path / "run")
