"""The compiled fast path says "valid" exactly when jsonschema does.

check_document trusts fastjsonschema's "valid" and asks jsonschema to explain
anything else: a file the fast path wrongly accepted would slip through unchecked.
So every document below, the sample's records and thousands of mutations of them
(each value replaced by a value of another type or a malformed string, each key
removed, an unknown key added to each mapping), gets the same verdict from both.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.load import discover, load_document
from generator.schema import is_valid_fast, validator_for

ROOT = Path(__file__).resolve().parent.parent
REPLACEMENTS: tuple[Any, ...] = (
    7, 2.5, True, None, [], {}, "", "texte", "2025-02-30", "2025-W10-1", "20250310", "2025-03-10T25:00",
    "Mo-Fx 09:00-12:00", "W12345678", "pas une adresse", "https://exemple.fr/", -1000, ["x"], [{"x": 1}],
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, path + (index,))


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _mutations(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path in _paths(data):
        if not path:
            continue
        for replacement in REPLACEMENTS:
            mutated = copy.deepcopy(data)
            _parent(mutated, path)[path[-1]] = copy.deepcopy(replacement)
            yield mutated
        mutated = copy.deepcopy(data)
        del _parent(mutated, path)[path[-1]]
        yield mutated
        if isinstance(_parent(data, path + ("x",)), dict):
            mutated = copy.deepcopy(data)
            _parent(mutated, path + ("x",))["cle_inconnue"] = 1
            yield mutated


def _samples() -> list[tuple[str, dict[str, Any]]]:
    files, _ = discover(ROOT / "data", "data")
    chosen: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for data_file in files:
        document, _ = load_document(data_file.file_path, data_file.display_path, data_file.kind)
        assert document is not None
        chosen.setdefault(document.kind, []).append((document.path, document.data))
    # The network, the smallest member (an association), two items, and loans in every status.
    loans = {data["statut"]: (path, data) for path, data in chosen["pret"]}
    smallest = min(chosen["membre"], key=lambda record: len(str(record[1])))
    return chosen["reseau"] + [smallest] + chosen["materiel"][:2] + sorted(loans.values())


@pytest.mark.parametrize(("path", "data"), _samples(), ids=lambda value: value if isinstance(value, str) else "")
def test_fast_path_agrees_with_jsonschema(path: str, data: dict[str, Any]) -> None:
    kind = "reseau" if path.endswith("reseau.yaml") else {"members": "membre", "equipment": "materiel",
                                                           "loans": "pret"}[path.split("/")[1]]
    validator = validator_for(kind)
    disagreements = []
    count = 0
    for mutated in [data, *_mutations(data)]:
        count += 1
        reference = not any(True for _ in validator.iter_errors(mutated))
        if is_valid_fast(kind, mutated) != reference:
            disagreements.append((reference, mutated))
    assert count > 100
    assert disagreements == []
