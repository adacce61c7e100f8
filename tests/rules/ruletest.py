"""What the rule tests of tests/rules/ share: read a rule case, run the pipeline, keep its rules' findings.

The example cases of each rule are data: ``cases/<rule-id>/<case-name>.yaml``, one
document per case (see ``load_case`` for its keys), run by ``test_cases.py``.

Every run first checks that the data set got past the file, schema, identifier and
reference stages, so that a "valid" case cannot pass just because the rule never saw
the loan (and a misspelt data key in a case is a schema finding: the case fails).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import yaml

from factory import check, item, loan, member, network, write_dataset

from generator.rules import RULES

EARLIER_STAGES = {"fichier", "schema", "identifiant", "references"}
CASES = Path(__file__).resolve().parent / "cases"

# Keys of a case file. Each list entry of membres, materiel and prets holds the overrides
# given to the factory's member(), item() and loan() (default ids mairie-a, kit-vr, pret-a),
# plus ``sans``: keys removed afterwards; a loan also takes ``apres_validation``: keys set
# after the factory bound its approval to its terms (a change made since the approval).
CASE_KEYS = {"description", "aujourdhui", "regles", "reseau", "membres", "materiel", "prets", "attendu"}
REQUIRED_KEYS = {"description", "aujourdhui", "attendu"}
FINDING_KEYS = ("regle", "fichier", "ligne", "colonne", "gravite", "message")
SEVERITIES = {"erreur", "avertissement"}


class CaseError(Exception):
    """A case file that does not say what a case must say: the test fails with this message."""


class CaseLoader(yaml.SafeLoader):
    """YAML as the factory writes it: dates stay text (as in the data files), duplicate keys are refused."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise CaseError(f"clé en double : {key!r} (ligne {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Case:
    """One rule case: a data set (factory defaults plus overrides), a date, the findings expected."""

    name: str
    description: str
    today: date
    rules: tuple[str, ...]
    network_data: dict[str, Any] | None
    members: list[dict[str, Any]] | None
    equipment: list[dict[str, Any]] | None
    loans: list[dict[str, Any]]
    expected: list[dict[str, Any]]


def case_files() -> list[Path]:
    return sorted(CASES.glob("*/*.yaml"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def load_case(path: Path) -> Case:
    """Read and check a case file; any unknown, missing or ill-typed key raises CaseError."""
    where = case_id(path)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader)
    except yaml.YAMLError as problem:
        raise CaseError(f"{where}: YAML illisible : {problem}") from None
    except CaseError as problem:
        raise CaseError(f"{where}: {problem}") from None
    if not isinstance(document, dict):
        raise CaseError(f"{where}: un cas est un dictionnaire (description, aujourdhui, attendu…)")
    unknown = sorted(set(document) - CASE_KEYS)
    missing = sorted(REQUIRED_KEYS - set(document))
    if unknown or missing:
        raise CaseError(f"{where}: clés inconnues {unknown}, clés manquantes {missing} "
                        f"(clés possibles : {sorted(CASE_KEYS)})")
    known_rules = {rule.ID for rule in RULES}
    if path.parent.name not in known_rules:
        raise CaseError(f"{where}: le dossier {path.parent.name!r} ne porte le nom d'aucune règle")
    rules = document.get("regles", [path.parent.name])
    if (not isinstance(rules, list) or path.parent.name not in rules
            or not set(rules) <= known_rules or len(set(rules)) != len(rules)):
        raise CaseError(f"{where}: regles doit lister des règles connues, dont {path.parent.name!r}")
    description = document["description"]
    if not isinstance(description, str) or not description.strip():
        raise CaseError(f"{where}: la description est un texte non vide")
    try:
        today = date.fromisoformat(str(document["aujourdhui"]))
    except ValueError:
        raise CaseError(f"{where}: aujourdhui doit être une date AAAA-MM-JJ") from None
    network_data = document.get("reseau")
    if network_data is not None and not isinstance(network_data, dict):
        raise CaseError(f"{where}: reseau est un dictionnaire de clés remplacées")
    return Case(
        name=where, description=description, today=today, rules=tuple(rules),
        network_data=None if network_data is None else network(**copy.deepcopy(network_data)),
        members=_records(where, document, "membres", member),
        equipment=_records(where, document, "materiel", item),
        loans=_records(where, document, "prets", loan) or [],
        expected=_expected(where, document["attendu"], rules),
    )


def _records(where: str, document: dict[str, Any], key: str,
             build: Callable[..., dict[str, Any]]) -> list[dict[str, Any]] | None:
    if key not in document:
        return None
    entries = document[key]
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise CaseError(f"{where}: {key} est une liste de dictionnaires")
    records = []
    for entry in copy.deepcopy(entries):
        removed = entry.pop("sans", [])
        later = entry.pop("apres_validation", {}) if build is loan else {}
        if not isinstance(removed, list) or not isinstance(later, dict):
            raise CaseError(f"{where}: dans {key}, sans est une liste de clés et apres_validation un dictionnaire")
        ids = [entry.pop("id")] if "id" in entry else []
        record = build(*ids, **entry)
        record.update(later)
        for name in removed:
            if name not in record:
                raise CaseError(f"{where}: dans {key}, sans retire {name!r}, une clé que l'entrée n'a pas")
            del record[name]
        records.append(record)
    return records


def _expected(where: str, entries: Any, rules: list[str]) -> list[dict[str, Any]]:
    if not isinstance(entries, list):
        raise CaseError(f"{where}: attendu est une liste de constats (vide : attendu: [])")
    types = {"regle": str, "fichier": str, "ligne": int, "colonne": int, "gravite": str, "message": str}
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != set(FINDING_KEYS):
            raise CaseError(f"{where}: chaque constat attendu a exactement les clés {list(FINDING_KEYS)} : {entry!r}")
        wrong = [key for key, kind in types.items() if type(entry[key]) is not kind]
        if wrong or entry["gravite"] not in SEVERITIES or entry["regle"] not in rules:
            raise CaseError(f"{where}: constat attendu mal formé ({', '.join(wrong) or 'regle ou gravite'}) : "
                            f"{entry!r}")
    return [{key: entry[key] for key in FINDING_KEYS} for entry in entries]


def run_case(case: Case, root: Path) -> list[dict[str, Any]]:
    """Write the case's data set under ``root``, run the whole pipeline, keep the findings of its rules."""
    data_dir = write_dataset(root, network_data=case.network_data, members=case.members,
                             equipment=case.equipment, loans=case.loans)
    outcome = check(data_dir, case.today)
    blocking = [finding.as_text() for finding in outcome.findings if finding.rule in EARLIER_STAGES]
    assert blocking == [], f"{case.name}: the data set does not get past the earlier stages"
    return [{"regle": f.rule, "fichier": f.path, "ligne": f.line, "colonne": f.column,
             "gravite": f.severity.value, "message": f.message}
            for f in outcome.findings if f.rule in case.rules]
