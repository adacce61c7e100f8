"""The compiled fast path says "valid" exactly when jsonschema does.

check_document trusts fastjsonschema's "valid" and asks jsonschema to explain
anything else: a file the fast path wrongly accepted would slip through unchecked.
So every document below, the sample's records and thousands of mutations of them
(each value replaced by a value of another type or a malformed string, each text
given a trailing newline or another control character, each key removed, an
unknown key added to each mapping), gets the same verdict from both.

The fast path only implements some keywords (fastjsonschema knows drafts 4 to 7):
a schema keyword it ignores would make it accept what jsonschema refuses, so every
keyword of every schema must be in an explicit list of keywords both implement alike.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.load import discover, load_document
from generator.load import Document, parse_text
from generator.schema import FAST_FORMATS, check_document, ecma_end_anchors, is_valid_fast, schemas_dir, \
    validator_for

ROOT = Path(__file__).resolve().parent.parent
REPLACEMENTS: tuple[Any, ...] = (
    7, 2.5, True, None, [], {}, "", "texte", "2025-02-30", "2025-W10-1", "20250310", "2025-03-10T25:00",
    "Mo-Fx 09:00-12:00", "W12345678", "pas une adresse", "https://exemple.fr/", -1000, ["x"], [{"x": 1}],
)
# Appended to (or put before) every text: Python's $ matches before a final "\n", ECMA-262's does not.
SUFFIXES = ("\n", "\r\n", "\r", "\t", "\x00", "\x1b", "\u2028", "\u200b", " ")
PREFIXES = ("\n", " ")


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
        original = _parent(data, path)[path[-1]]
        if isinstance(original, str):
            for text in [original + suffix for suffix in SUFFIXES] + [prefix + original for prefix in PREFIXES]:
                mutated = copy.deepcopy(data)
                _parent(mutated, path)[path[-1]] = text
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


def _a_loan() -> tuple[Path, dict[str, Any]]:
    path = sorted((ROOT / "data" / "loans").glob("*/*.yaml"))[0]
    document, _ = load_document(path, "data/" + path.relative_to(ROOT / "data").as_posix(), "pret")
    assert document is not None and "demande_par" in document.data
    return path, document.data


@pytest.mark.parametrize(("before", "after"), [("", "\n"), ("", "\r\n"), ("\n", ""), ("", " ")])
@pytest.mark.parametrize("key", ["demande_par", "emprunteur", "id", "debut", "retrait"])
def test_an_identifier_login_or_date_with_a_newline_is_refused_by_both_validators(key: str, before: str,
                                                                                  after: str) -> None:
    _, data = _a_loan()
    mutated = dict(data, **{key: before + data[key] + after})
    assert is_valid_fast("pret", data) and not any(True for _ in validator_for("pret").iter_errors(data))
    assert not is_valid_fast("pret", mutated)
    assert {error.validator for error in validator_for("pret").iter_errors(mutated)} in (
        {"pattern"}, {"format"}, {"pattern", "format"})


def test_a_login_ending_in_a_newline_gets_a_located_french_message() -> None:
    path, data = _a_loan()
    text = path.read_text(encoding="utf-8")
    login = data["demande_par"]
    assert text.count(f"demande_par: {login}\n") == 1
    edited = text.replace(f"demande_par: {login}\n", f'demande_par: "{login}\\n"\n')
    parsed, _ = parse_text(edited)
    document = Document("data/loans/x.yaml", "pret", parsed, source=edited)
    assert document.data["demande_par"] == login + "\n"
    line = next(number for number, row in enumerate(edited.splitlines(), start=1) if row.startswith("demande_par:"))
    messages = [(finding.line, finding.message) for finding in check_document(document)]
    assert messages == [(line, f"« {login}\\n » n'a pas la forme attendue pour « demande_par » (Identifiant GitHub) : "
                               "retirez l'espace ou le retour à la ligne au début ou à la fin ; Identifiant de "
                               "compte (login GitHub), sans @.")]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("^a$", "^a\\Z"), ("^a\\$", "^a\\$"), ("^[$]$", "^[$]\\Z"), ("^[]$]x$", "^[]$]x\\Z"),
    ("^[^]$]$", "^[^]$]\\Z"), ("^a\\\\$", "^a\\\\\\Z"), ("(a$|b$)", "(a\\Z|b\\Z)"), ("^a(?:$)", "^a(?:\\Z)"),
])
def test_end_anchors_follow_ecma_262(pattern: str, expected: str) -> None:
    assert ecma_end_anchors(pattern) == expected
    assert re.search(ecma_end_anchors(pattern), "a\n") is None


# Keywords the fast path (fastjsonschema, draft 7 code generator) implements exactly as jsonschema does
# for Draft 2020-12, given how the schemas use them (checked below). Anything else must be added here
# only after checking that both validators implement it alike.
# The project's own annotations (x-tna-…, read by generator/loanfields.py) constrain nothing: both validators
# ignore them.
ANNOTATIONS = {"title", "description", "$comment", "examples", "x-tna-redige-par", "x-tna-modifiable"}
ALLOWED = ANNOTATIONS | {
    "$schema", "$id", "$defs", "$ref",
    "type", "enum", "const", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
    "required", "minProperties", "maxProperties",
    "properties", "additionalProperties", "items", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    "contains", "propertyNames",
}
ONE_SCHEMA = {"additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames"}
SCHEMA_MAPS = {"properties", "$defs"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}


def _keywords(schema: Any, where: str) -> Iterator[tuple[str, str, Any, dict[str, Any]]]:
    """(location, keyword, value, the schema holding it) for every keyword of every subschema."""
    if isinstance(schema, bool):
        return  # true / false: both validators implement them
    assert isinstance(schema, dict), f"{where}: a subschema is an object or a boolean"
    for keyword, value in schema.items():
        yield where, keyword, value, schema
        if keyword in SCHEMA_MAPS:
            for name, child in value.items():
                yield from _keywords(child, f"{where}/{keyword}/{name}")
        elif keyword in ONE_SCHEMA and isinstance(value, (dict, bool)):
            yield from _keywords(value, f"{where}/{keyword}")
        elif keyword in SCHEMA_LISTS:
            for index, child in enumerate(value):
                yield from _keywords(child, f"{where}/{keyword}/{index}")


def _all_keywords() -> list[tuple[str, str, Any, dict[str, Any]]]:
    found = []
    for path in sorted(schemas_dir().glob("*.schema.json")):
        found.extend(_keywords(json.loads(path.read_text(encoding="utf-8")), path.name + "#"))
    return found


def test_schemas_use_only_keywords_the_fast_path_implements() -> None:
    found = _all_keywords()
    assert len(found) > 500
    unknown = sorted({(where, keyword) for where, keyword, _, _ in found if keyword not in ALLOWED})
    assert unknown == []
    # fastjsonschema ignores every keyword beside a $ref: only annotations may stand there.
    constrained = sorted({(where, keyword) for where, keyword, _, schema in found
                          if "$ref" in schema and keyword not in ANNOTATIONS | {"$ref"}})
    assert constrained == []
    # A list of schemas in items is a draft 7 tuple, not Draft 2020-12: only one schema for every item.
    assert all(isinstance(value, (dict, bool)) for _, keyword, value, _ in found if keyword in ONE_SCHEMA)
    # Formats the fast path was not given would be checked by fastjsonschema's own, different, code.
    assert {value for _, keyword, value, _ in found if keyword == "format"} <= set(FAST_FORMATS)
    # fastjsonschema turns every unescaped $ into \Z, even inside [...]: no literal $ in a class.
    for where, keyword, value, _ in found:
        if keyword == "pattern":
            assert ecma_end_anchors(value) == re.sub(r"(?<!\\)\$", r"\\Z", value), (where, value)


@pytest.mark.parametrize("schema", [
    {"unevaluatedProperties": False}, {"dependentRequired": {"a": ["b"]}}, {"prefixItems": [{"type": "string"}]},
    {"$ref": "#/$defs/x", "maxLength": 3}, {"properties": {"a": {"$ref": "#/$defs/x", "pattern": "^a$"}}},
    {"items": [{"type": "string"}]}, {"format": "email"}, {"dependentSchemas": {}}, {"$dynamicRef": "#x"},
])
def test_the_keyword_guard_catches_what_the_fast_path_would_ignore(schema: dict[str, Any]) -> None:
    found = list(_keywords(schema, "#"))
    unknown = [keyword for _, keyword, _, _ in found if keyword not in ALLOWED]
    constrained = [keyword for _, keyword, _, holder in found
                   if "$ref" in holder and keyword not in ANNOTATIONS | {"$ref"}]
    tuples = [value for _, keyword, value, _ in found if keyword in ONE_SCHEMA and not isinstance(value, (dict, bool))]
    formats = [value for _, keyword, value, _ in found if keyword == "format" and value not in FAST_FORMATS]
    assert unknown or constrained or tuples or formats
