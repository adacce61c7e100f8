"""Reading the national standard for mediation places, and turning its rows into member places.

The national standard (« Lieux de médiation numérique », schema v1.0.2 by La MedNum and
the ANCT) publishes one row per place, in CSV (comma-separated, multi-valued cells
joined with ``|``) or in JSON (a list of objects with the same keys). ``tna export``
writes it; this module reads it back, for ``tna import-lieux``:

* :func:`read_rows` reads a file into :class:`SourceRow` values numbered as a person
  finds them (the CSV line where the row starts, the rank of a JSON object);
* :func:`convert` turns one row into a place of ``data/members/<id>.yaml`` (the
  schema's keys and vocabularies), or says in French why the row is skipped; a cell
  the member schema refuses in an optional field is dropped with a note;
* :func:`infer_kind` guesses the member type (collectivite, epci, association) from the
  SIRET or RNA, the name and the places' ``typologie``: the user confirms it.

Nothing here writes a file: :mod:`generator.commands.import_lieux` does.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .export import MULTI_SEPARATOR, STANDARD_FIELDS
from .rules.member_kind import siret_is_valid
from .schema import describe_error, validator_for

# The place keys of membre.schema.json, in its order (new places are written in it).
PLACE_KEYS: tuple[str, ...] = (
    "id", "nom", "pivot", "adresse", "complement_adresse", "code_postal", "commune", "code_insee", "latitude",
    "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "presentation_detail", "itinerance", "date_maj", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "autres_formations_labels", "modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)
LIST_KEYS = frozenset({
    "typologie", "courriels", "site_web", "itinerance", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "autres_formations_labels", "modalites_acces", "modalites_accompagnement",
})
REQUIRED_KEYS = frozenset({"id", "nom", "adresse", "code_postal", "commune", "code_insee", "latitude", "longitude",
                           "services", "date_maj"})
# Columns of the standard that are not place keys: the member (pivot, structure_parente)
# and the publisher (source, which ``tna export`` fills with the Département's name).
MEMBER_COLUMNS = frozenset({"pivot", "structure_parente", "source"})

KINDS = ("collectivite", "epci", "association")
KIND_LABELS = {"collectivite": "collectivité territoriale", "epci": "EPCI (intercommunalité)",
               "association": "association"}

_IDENTIFIER = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INSEE_CODE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
_SIRET = re.compile(r"^\d{14}$")
_RNA = re.compile(r"^W\d{9}$")
_ISO_DAY_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]")
# A leading quote added by ``tna export`` before a cell a spreadsheet would run as a formula.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")


class NationalFileError(Exception):
    """A file that is not a national-standard file at all (French message, nothing imported)."""


@dataclass(frozen=True)
class SourceRow:
    """One place of the source file: its number for messages, its non-empty cells."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class SourceFile:
    rows: list[SourceRow]
    unit: str  # « ligne » (CSV) or « élément » (JSON)
    unknown_columns: tuple[str, ...]


@dataclass
class Converted:
    """A row turned into a place, with the member it belongs to, and notes on dropped cells."""

    row: SourceRow
    place: dict[str, Any]
    identifier: str  # SIRET or RNA (the standard's pivot)
    parent: str | None  # structure_parente
    notes: list[str] = field(default_factory=list)


# --- reading ----------------------------------------------------------------------------------

def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return MULTI_SEPARATOR.join(_cell_text(part) for part in value)
    return str(value)


def _cells(record: dict[str, Any]) -> dict[str, str]:
    cells = {str(key).strip(): _cell_text(value).strip() for key, value in record.items() if key is not None}
    return {key: value for key, value in cells.items() if value}


def _unknown(columns: list[str]) -> tuple[str, ...]:
    return tuple(column for column in columns if column not in STANDARD_FIELDS)


def _read_csv(text: str, name: str) -> SourceFile:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [column.strip() for column in reader.fieldnames or []]
    except csv.Error as exc:
        raise NationalFileError(f"{name} n'est pas un fichier CSV lisible ({exc}).") from None
    if "id" not in columns or "nom" not in columns:
        raise NationalFileError(f"{name} : la première ligne doit nommer les colonnes du standard national "
                                "(au moins id et nom, séparées par des virgules).")
    reader.fieldnames = columns
    rows: list[SourceRow] = []
    start = 2
    try:
        for record in reader:
            rows.append(SourceRow(start, _cells({key: value for key, value in record.items() if key is not None})))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise NationalFileError(f"{name}, ligne {reader.line_num} : CSV illisible ({exc}).") from None
    return SourceFile(rows, "ligne", _unknown(columns))


def _read_json(text: str, name: str) -> SourceFile:
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NationalFileError(f"{name}, ligne {exc.lineno}, colonne {exc.colno} : JSON illisible ({exc.msg}).") \
            from None
    if isinstance(loaded, dict) and isinstance(loaded.get("data"), list):
        loaded = loaded["data"]
    if not isinstance(loaded, list):
        raise NationalFileError(f"{name} : le fichier JSON doit être une liste de lieux (objets aux clés du "
                                "standard national).")
    rows: list[SourceRow] = []
    columns: list[str] = []
    for rank, record in enumerate(loaded, start=1):
        if not isinstance(record, dict):
            raise NationalFileError(f"{name}, élément {rank} : un lieu doit être un objet aux clés du standard.")
        columns += [str(key) for key in record if str(key) not in columns]
        rows.append(SourceRow(rank, _cells(record)))
    return SourceFile(rows, "élément", _unknown(columns))


def read_rows(path: Path) -> SourceFile:
    """The rows of a national-standard file, CSV or JSON (by extension, else by content)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NationalFileError(f"{path} est illisible ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NationalFileError(f"{path} n'est pas encodé en UTF-8 (octet {exc.start + 1}) : "
                                "enregistrez-le en UTF-8.") from None
    is_json = path.suffix.lower() in (".json", ".geojson") or text.lstrip().startswith(("[", "{"))
    return _read_json(text, str(path)) if is_json else _read_csv(text, str(path))


# --- one row → one place ------------------------------------------------------------------------

def slug(text: str, limit: int = 80) -> str:
    """« Médiathèque Jacques-Prévert » → ``mediatheque-jacques-prevert`` (an identifier of the data)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return words[:limit].rstrip("-") or "lieu"


def _value(key: str, text: str) -> Any:
    text = _NEUTRALISED.sub("", text)
    if key in LIST_KEYS:
        parts = [part.strip() for part in text.split(MULTI_SEPARATOR) if part.strip()]
        # The standard's vocabularies are sets (uniqueItems); free-text labels are kept as written.
        return parts if key == "autres_formations_labels" else list(dict.fromkeys(parts))
    if key == "date_maj":
        match = _ISO_DAY_PREFIX.match(text)
        return match.group(1) if match else text
    return text


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def department_of(insee_code: str) -> str:
    """The département of a commune: ``971`` for 97xxx, ``2A`` for 2Axxx, else the first two characters."""
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def _schema_problems(place: dict[str, Any]) -> dict[str, str]:
    """Key of the place → first schema message about it (a member wrapped around the one place)."""
    wrapper = {"id": "import", "nom": "Import", "type": "association", "rna": "W000000000", "demandeurs": [],
               "lieux": [place]}
    problems: dict[str, str] = {}
    for error_ in validator_for("membre").iter_errors(wrapper):
        path = list(error_.absolute_path)
        if len(path) >= 3 and path[:2] == ["lieux", 0] and isinstance(path[2], str):
            problems.setdefault(path[2], describe_error(error_))
        elif error_.validator == "required" and path == ["lieux", 0]:
            missing = error_.message.split("'")[1]
            problems.setdefault(missing, f"la colonne {missing} est vide")
    return problems


def convert(row: SourceRow) -> Converted | str:
    """The place of ``row`` (schema-valid), or the French reason it is skipped."""
    cells = row.cells
    raw_id = cells.get("id")
    if raw_id is None:
        return "la colonne id est vide : chaque lieu du standard a un identifiant."
    insee = cells.get("code_insee")
    if insee is None:
        return "la colonne code_insee est vide : impossible de savoir dans quel département est le lieu."
    if not INSEE_CODE.fullmatch(insee):
        return f"code INSEE « {insee} » invalide : 5 caractères attendus (ex. 50502, 2A004, 97105)."
    latitude, longitude = _number(cells.get("latitude")), _number(cells.get("longitude"))
    if latitude is None or longitude is None:
        return ("coordonnées manquantes ou illisibles (latitude, longitude) : la carte ne pourrait pas placer "
                "le lieu ; complétez-les dans la source.")
    pivot = cells.get("pivot", "")
    if not (_SIRET.fullmatch(pivot) or _RNA.fullmatch(pivot)):
        shown = f"« {pivot} »" if pivot else "vide"
        return (f"le pivot (identifiant de la structure) est {shown} : il faut le SIRET (14 chiffres) ou le numéro "
                "RNA (W et 9 chiffres) de la structure qui porte le lieu pour en faire un membre.")
    if _SIRET.fullmatch(pivot) and not siret_is_valid(pivot):
        return (f"le pivot « {pivot} » n'est pas un SIRET valide (sa clé de contrôle ne correspond pas) : "
                "corrigez-le dans la source d'après l'annuaire des entreprises (annuaire-entreprises.data.gouv.fr).")
    notes: list[str] = []
    place_id = raw_id if _IDENTIFIER.fullmatch(raw_id) and len(raw_id) <= 80 else slug(raw_id)
    if place_id != raw_id:
        notes.append(f"identifiant « {raw_id} » écrit « {place_id} » (minuscules, chiffres et tirets)")
    place: dict[str, Any] = {"id": place_id}
    for key in PLACE_KEYS[1:]:
        if key in ("pivot", "latitude", "longitude"):
            if key == "latitude":
                place["latitude"], place["longitude"] = latitude, longitude
            continue
        if key in cells:
            place[key] = _value(key, cells[key])
    while True:
        problems = _schema_problems(place)
        if not problems:
            break
        blocking = sorted(key for key in problems if key in REQUIRED_KEYS)
        if blocking:
            return "; ".join(f"{key} : {problems[key]}" for key in blocking)
        for key, problem in sorted(problems.items()):
            notes.append(f"colonne {key} laissée de côté : {problem}")
            del place[key]
    return Converted(row, place, pivot, cells.get("structure_parente"), notes)


# --- the member type --------------------------------------------------------------------------

_EPCI_NAME = re.compile(r"communaut[ée] (de communes|d'agglom[ée]ration|urbaine)|m[ée]tropole|\bepci\b|"
                        r"p[ôo]le d'[ée]quilibre|intercommunal", re.IGNORECASE)
_COLLECTIVITE_NAME = re.compile(r"^(commune|mairie|ville)\b|\bd[ée]partement\b|conseil d[ée]partemental|"
                                r"\bccas\b|centre communal|collectivit[ée]", re.IGNORECASE)
_TYPOLOGY_KINDS = {"EPCI": "epci", "MUNI": "collectivite", "CCAS": "collectivite", "DEPT": "collectivite",
                   "MDS": "collectivite", "CIAS": "epci", "ASSO": "association", "TIERS_LIEUX": "association",
                   "MJC": "association", "EVS": "association"}


def infer_kind(identifier: str, name: str, typologies: list[str]) -> str | None:
    """collectivite, epci or association, from what the data say; None when they say nothing sure.

    An RNA number, or a SIREN that does not start with 2 (private law), is an
    association's. Then the name (« Communauté de communes… », « Mairie de… »), then a
    SIREN starting with 21 (communes) or 22 (départements) is a local authority's, 24 an
    EPCI's; then the places' typologie when they agree on one type.
    """
    if _RNA.fullmatch(identifier) or not identifier.startswith("2"):
        return "association"
    if _EPCI_NAME.search(name):
        return "epci"
    if _COLLECTIVITE_NAME.search(name):
        return "collectivite"
    if identifier.startswith(("21", "22")):
        return "collectivite"
    if identifier.startswith("24"):
        return "epci"
    kinds = {_TYPOLOGY_KINDS[code] for code in typologies if code in _TYPOLOGY_KINDS}
    return kinds.pop() if len(kinds) == 1 else None


def kind_fits(kind: str, identifier: str) -> bool:
    """Whether a member of ``kind`` may have this SIRET or RNA (rule type-membre: public bodies' SIREN start with 2)."""
    return kind == "association" or (identifier.isdigit() and identifier.startswith("2"))
