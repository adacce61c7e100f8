"""Schema stage: check each document against its JSON Schema (Draft 2020-12).

Errors become findings located on the offending key or value, with a French message
that names the field (from the schema's own ``title``) and says what is expected.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import fastjsonschema
import opening_hours
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from jsonschema.validators import extend  # type: ignore[import-untyped]
from referencing import Registry, Resource

from .findings import Finding, error
from .load import Document
from .dates import parse_moment

RULE = "schema"
SCHEMA_FILES = {"reseau": "reseau", "membre": "membre", "materiel": "materiel", "pret": "pret"}


class SchemasMissing(Exception):
    """The installation has no schemas: an environment problem, not a data problem."""


@lru_cache(maxsize=None)
def schemas_dir() -> Path:
    """The schemas that judge the data are the ones shipped with this checker.

    In a checkout (editable install) they are the repository's ``schemas/``; a regular
    install carries the same files as ``generator/schemas/`` (see pyproject.toml).
    """
    package = Path(__file__).resolve().parent
    for candidate in (package.parent / "schemas", package / "schemas"):
        if (candidate / "pret.schema.json").is_file():
            return candidate
    raise SchemasMissing("les schémas JSON sont introuvables à côté du programme : "
                         "réinstallez le projet (pip install -e .).")


def _check_opening_hours(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return opening_hours.validate(value)


def _check_local_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parse_moment(value)
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("opening-hours")(_check_opening_hours)
    checker.checks("date-heure-locale")(_check_local_datetime)
    return checker


def _load_schemas(directory: str) -> dict[str, dict[str, Any]]:
    return {
        schema_path.name.removesuffix(".schema.json"): json.loads(schema_path.read_text(encoding="utf-8"))
        for schema_path in sorted(Path(directory).glob("*.schema.json"))
    }


FastValidator = Callable[[Any], Any]
# The formats the schemas use, checked on the fast path by the same functions as jsonschema's.
FAST_FORMATS = ("date", "opening-hours", "date-heure-locale")


@lru_cache(maxsize=None)
def _fast_validator(directory: str, kind: str) -> FastValidator:
    """One kind's schema compiled to Python code by fastjsonschema: about eight times faster.

    They only answer "valid or not" for the common case of a valid file; jsonschema
    (above) stays the reference that explains, in French, what is wrong. Formats are
    checked by the very same functions as jsonschema's, and references are served
    from the schemas folder only: nothing is ever fetched. Each kind is compiled the
    first time a file of that kind is checked (a pull request of one loan needs one).
    """
    loaded = _load_schemas(directory)
    by_id = {contents["$id"]: contents for contents in loaded.values()}
    definitions = loaded["common"]["$defs"]
    checker = format_checker()

    def local_only(uri: str) -> dict[str, Any]:
        return by_id[uri.split("#", 1)[0]]

    def conforms(name: str) -> Callable[[Any], bool]:
        return lambda value: checker.conforms(value, name)

    formats = {name: conforms(name) for name in FAST_FORMATS}
    handlers = {"https": local_only, "http": local_only}
    return fastjsonschema.compile(_inline_common(loaded[SCHEMA_FILES[kind]], definitions), handlers=handlers,
                                  formats=formats, use_default=False)


def _inline_common(schema: Any, definitions: dict[str, Any]) -> Any:
    """The schema with each reference to a shared type replaced by that type itself.

    fastjsonschema compiles a reference into a function call that formats a name with
    ``locals()`` each time: inlining the small shared types halves the fast path.
    """
    if isinstance(schema, list):
        return [_inline_common(part, definitions) for part in schema]
    if not isinstance(schema, dict):
        return schema
    inlined = {key: _inline_common(value, definitions) for key, value in schema.items()}
    reference = inlined.get("$ref", "")
    if isinstance(reference, str) and reference.startswith(_COMMON_DEFS):
        shared = definitions[reference.removeprefix(_COMMON_DEFS)]
        inlined = {**shared, **{key: value for key, value in inlined.items() if key != "$ref"}}
    return inlined


_COMMON_DEFS = "common.schema.json#/$defs/"


def is_valid_fast(kind: str, data: Any, directory: Path | None = None) -> bool:
    try:
        _fast_validator(str(directory or schemas_dir()), kind)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def ecma_end_anchors(pattern: str) -> str:
    """``pattern`` for Python's ``re`` with each ``$`` meaning, as in ECMA-262, the very end of the text.

    JSON Schema patterns are ECMA-262 regular expressions, where ``$`` (without the
    multiline flag) matches only at the end of the input. Python's ``$`` also matches
    before a final newline, so that ``^[a-z]+$`` would accept "cotentin\\n". Every ``$``
    outside a character class and not escaped becomes ``\\Z``; inside ``[...]`` it stays
    a literal dollar sign.
    """
    translated: list[str] = []
    class_start: int | None = None  # where the current [...] began in ``translated``
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif class_start is not None:
            # A "]" first in the class (after "[" or "[^") is a literal, as in Python.
            if char == "]" and "".join(translated[class_start:]) not in ("[", "[^"):
                class_start = None
        elif char == "[":
            class_start = len(translated)
        elif char == "$":
            translated.append(r"\Z")
            continue
        translated.append(char)
    return "".join(translated)


@lru_cache(maxsize=256)
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(ecma_end_anchors(pattern))


def _ecma_pattern(validator: Any, pattern: str, instance: object, schema: dict[str, Any]) -> Iterator[ValidationError]:
    """jsonschema's ``pattern`` keyword, with ECMA-262's end anchor (see :func:`ecma_end_anchors`)."""
    if isinstance(instance, str) and not _ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# The reference validator: Draft 2020-12 with ECMA-262 end anchors in ``pattern``, which
# is what the standard asks and what the fast path (fastjsonschema) does too.
TnaValidator = extend(Draft202012Validator, validators={"pattern": _ecma_pattern})


@lru_cache(maxsize=None)
def _validators(directory: str) -> dict[str, Draft202012Validator]:
    loaded = _load_schemas(directory)
    resources = [(contents["$id"], Resource.from_contents(contents)) for contents in loaded.values()]
    registry: Registry[Any] = Registry().with_resources(resources)
    checker = format_checker()
    return {
        kind: TnaValidator(loaded[name], registry=registry, format_checker=checker)
        for kind, name in SCHEMA_FILES.items()
    }


def validator_for(kind: str, directory: Path | None = None) -> Draft202012Validator:
    return _validators(str(directory or schemas_dir()))[kind]


_TYPE_NAMES = {
    "string": "un texte", "integer": "un nombre entier", "number": "un nombre",
    "boolean": "vrai ou faux", "array": "une liste", "object": "un dictionnaire de clés", "null": "vide",
}


def _describe_value(value: object) -> str:
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen (true/false)"
    if isinstance(value, int):
        return "un nombre entier"
    if isinstance(value, float):
        return "un nombre"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un dictionnaire de clés"
    return type(value).__name__


_VISIBLE = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(char: str) -> str:
    if char in _VISIBLE:
        return _VISIBLE[char]
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
        return f"\\u{ord(char):04x}"
    return char


def _short(value: object, limit: int = 60) -> str:
    """The value as a reader can see it: invisible characters written out (\\n, \\u200b), cut at ``limit``."""
    text = "".join(_visible(char) for char in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field_name(error_: ValidationError) -> str:
    title = error_.schema.get("title") if isinstance(error_.schema, dict) else None
    for part in reversed(error_.absolute_path):
        if isinstance(part, str):
            return f"« {part} »" + (f" ({title})" if title else "")
    return "le document"


def _type_advice(expected: object, value: object) -> str:
    """What to write instead, when a number was typed as text (« 49,1 » or « 12 »)."""
    if expected not in ("number", "integer") or not isinstance(value, str):
        return ""
    candidate = value.strip().replace(",", ".")
    try:
        float(candidate)
    except ValueError:
        return ""
    decimal = ", avec un point comme séparateur décimal" if "," in value else ""
    return f" : écrivez {candidate} sans guillemets{decimal}"


# Dates as people write them (JJ/MM/AAAA, JJ-MM-AAAA, JJ.MM.AAAA): data files keep AAAA-MM-JJ,
# and the message gives the date rewritten.
_PEOPLE_DATE = re.compile(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\s*")
_PEOPLE_MOMENT = re.compile(r"\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})[ T]+([0-9]{1,2})[:h]([0-9]{2})\s*")


def _iso_day(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _date_message(value: object) -> str:
    text = str(value)
    people = _PEOPLE_DATE.fullmatch(text)
    iso = _iso_day(*people.groups()) if people else None
    if iso:
        return f"« {_short(value)} » : écrivez la date au format AAAA-MM-JJ : {iso}."
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) or people:
        return f"« {_short(value)} » n'est pas une date qui existe : écrivez une date AAAA-MM-JJ valide (ex. 2025-03-10)."
    return f"« {_short(value)} » n'est pas une date : écrivez la date au format AAAA-MM-JJ (ex. 2025-03-10)."


def _moment_message(value: object) -> str:
    people = _PEOPLE_MOMENT.fullmatch(str(value))
    iso = _iso_day(*people.groups()[:3]) if people else None
    if people and iso and int(people.group(4)) < 24 and int(people.group(5)) < 60:
        moment = f"{iso}T{int(people.group(4)):02d}:{people.group(5)}"
        return f"« {_short(value)} » : écrivez la date et l'heure au format AAAA-MM-JJTHH:MM : {moment}."
    return f"« {_short(value)} » n'est pas un moment qui existe : écrivez AAAA-MM-JJTHH:MM (ex. 2025-03-10T09:30)."


def _message(error_: ValidationError) -> str:
    name = _field_name(error_)
    value = error_.instance
    schema = error_.schema if isinstance(error_.schema, dict) else {}
    expected = error_.validator_value
    match error_.validator:
        case "type":
            wanted = " ou ".join(_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
            return f"{name} doit être {wanted}, pas {_describe_value(value)}{_type_advice(expected, value)}."
        case "enum":
            allowed = ", ".join(str(v) for v in expected)
            close = difflib.get_close_matches(str(value), [str(v) for v in expected], n=1, cutoff=0.75)
            advice = f"vouliez-vous dire « {close[0]} » ? Valeurs permises : {allowed}" if close \
                else f"choisissez parmi {allowed}"
            return f"« {_short(value)} » n'est pas une valeur permise pour {name} : {advice}."
        case "const":
            return f"{name} doit valoir « {expected} »."
        case "pattern":
            if schema.get("format") == "date-heure-locale" and _PEOPLE_MOMENT.fullmatch(str(value)):
                return _moment_message(value)
            hint = schema.get("description", "")
            if isinstance(value, str) and value.strip() != value:
                hint = ("retirez l'espace ou le retour à la ligne au début ou à la fin" + (f" ; {hint}" if hint else ""))
            return f"« {_short(value)} » n'a pas la forme attendue pour {name}" + (f" : {hint}" if hint else ".")
        case "format":
            if expected == "date":
                return _date_message(value)
            if expected == "opening-hours":
                return (f"« {_short(value)} » n'est pas lisible au format OpenStreetMap opening_hours : "
                        "écrivez par exemple « Mo-Fr 08:30-12:30,13:30-17:30; PH off ».")
            if expected == "date-heure-locale":
                return _moment_message(value)
            return f"« {_short(value)} » n'a pas le format {expected} attendu pour {name}."
        case "minLength":
            return f"{name} est trop court : au moins {expected} caractère(s)."
        case "maxLength":
            return f"{name} est trop long : au plus {expected} caractères."
        case "minimum":
            return f"{name} vaut {value} : la valeur minimale est {expected}."
        case "maximum":
            return f"{name} vaut {value} : la valeur maximale est {expected}."
        case "minItems":
            return f"{name} doit contenir au moins {expected} élément(s)."
        case "uniqueItems":
            return f"{name} contient un élément en double : gardez chaque valeur une seule fois."
        case "oneOf" | "anyOf":
            if "siret" in json.dumps(expected):
                return ("le membre n'a ni SIRET (siret) ni numéro RNA (rna) : ajoutez le SIRET, "
                        "ou le numéro RNA pour une association qui n'a pas de SIRET.")
            return f"{name} ne correspond à aucune des formes permises."
    return f"{name} est invalide : {error_.message}."


def describe_error(error_: ValidationError) -> str:
    """The French message of one schema error (for checks made outside a data file)."""
    return _message(error_)


def _where(path: tuple[str | int, ...]) -> str:
    """« dans « convention » », « dans le 3e élément de « lieux » », or nothing at the top."""
    if not path:
        return ""
    if isinstance(path[-1], int):
        rank = "1er" if path[-1] == 0 else f"{path[-1] + 1}e"
        parent = f" de « {path[-2]} »" if len(path) > 1 and isinstance(path[-2], str) else ""
        return f" dans le {rank} élément{parent}"
    return f" dans « {path[-1]} »"


def _findings_for(document: Document, error_: ValidationError) -> Iterator[Finding]:
    path = tuple(error_.absolute_path)
    if error_.validator == "additionalProperties" and isinstance(error_.instance, dict):
        allowed = sorted(error_.schema.get("properties", {}))
        for key in sorted(set(error_.instance) - set(allowed)):
            line, column = document.key_at(*path, key)
            close = difflib.get_close_matches(key, allowed, n=1)
            advice = f"vouliez-vous dire « {close[0]} » ?" if close else f"clés permises ici : {', '.join(allowed)}."
            yield error(document.path, line, column, RULE, "", f"clé inconnue « {key} » : {advice}")
        return
    if error_.validator == "required":
        missing = error_.message.split("'")[1] if "'" in error_.message else str(error_.validator_value)
        properties = error_.schema.get("properties", {})
        title = properties.get(missing, {}).get("title")
        where = document.key_at(*path) if path else (1, 1)
        label = f"« {missing} »" + (f" ({title})" if title else "")
        yield error(document.path, where[0], where[1], RULE, "", f"la clé obligatoire {label} manque{_where(path)} : ajoutez-la.")
        return
    if error_.validator == "oneOf" and isinstance(error_.instance, dict) and {"siret", "rna"} <= set(error_.instance):
        line, column = max(document.key_at(*path, "siret"), document.key_at(*path, "rna"))
        yield error(document.path, line, column, RULE, "",
                    "le membre a à la fois un SIRET (siret) et un numéro RNA (rna) : gardez-en un seul, "
                    "le SIRET pour une collectivité ou un EPCI, le RNA pour une association qui n'a pas de SIRET.")
        return
    line, column = document.at(*path)
    yield error(document.path, line, column, RULE, "", _message(error_))


def check_document(document: Document, directory: Path | None = None) -> list[Finding]:
    """Every schema error of one document, as findings."""
    if is_valid_fast(document.kind, document.data, directory):
        return []
    validator = validator_for(document.kind, directory)
    findings: list[Finding] = []
    errors = list(validator.iter_errors(document.data))
    # A value that already fails its pattern needs no second message about its format.
    misshapen = {tuple(error_.absolute_path) for error_ in errors if error_.validator == "pattern"}
    for error_ in errors:
        if error_.validator == "format" and tuple(error_.absolute_path) in misshapen:
            continue
        findings.extend(_findings_for(document, error_))
    return sorted(set(findings))
