"""Rows of the national standard for mediation places, generated for the tests of ``tna import-lieux``.

The vocabularies come from the project's own member schema (the standard's values);
the column list from :data:`generator.export.STANDARD_FIELDS`. ``generated_rows`` is
deterministic (a seeded ``random.Random``): a file of many places over several
départements, as the national cartography publishes them.
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from typing import Any

from generator.export import STANDARD_FIELDS
from generator.rules.member_kind import siret_is_valid

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CSV = Path(__file__).resolve().parent / "data" / "national" / "exemple-valide.csv"

_PLACE_SCHEMA = json.loads((ROOT / "schemas" / "membre.schema.json").read_text(encoding="utf-8"))[
    "properties"]["lieux"]["items"]["properties"]
VOCABULARIES: dict[str, list[str]] = {
    key: spec["items"]["enum"] for key, spec in _PLACE_SCHEMA.items()
    if spec.get("type") == "array" and "enum" in spec.get("items", {})
}
HOURS = ("Mo-Fr 09:00-12:00,14:00-17:00", "Tu-Sa 10:00-12:30,14:00-18:00; PH off", "We 14:00-18:00",
         "Mo,Th 09:00-12:00; Sa 10:00-12:00")


def with_check_digit(first_13: str) -> str:
    """A valid SIRET (Insee check digit) that starts with these 13 digits."""
    return next(siret for siret in (first_13 + str(digit) for digit in range(10)) if siret_is_valid(siret))


def insee_code(department: str, number: int) -> str:
    return f"{department}{number:02d}" if len(department) == 3 else f"{department}{number:03d}"


def generated_rows(count: int, departments: tuple[str, ...], seed: int = 14) -> list[dict[str, str]]:
    """``count`` places spread over ``departments``, a few structures each, every cell a string."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    structures: dict[str, list[tuple[str, str]]] = {}
    for department in departments:
        structures[department] = [
            (with_check_digit(f"21{rng.randrange(10**10, 10**11)}"), f"Structure {number} du {department}") for number in range(1, 9)]
    for number in range(count):
        department = departments[number % len(departments)]
        siret, parent = rng.choice(structures[department])
        commune = rng.randrange(1, 99)
        row = {column: "" for column in STANDARD_FIELDS}
        row.update({
            "id": f"lieu-{department.lower()}-{number:04d}",
            "pivot": siret,
            "nom": f"Espace numérique {number}",
            "commune": f"Commune {commune}",
            "code_postal": f"{department[:2].replace('A', '0').replace('B', '0')}{commune:03d}",
            "code_insee": insee_code(department, commune),
            "adresse": f"{rng.randrange(1, 200)} rue de la Mairie",
            "latitude": repr(round(rng.uniform(43.0, 50.0), 5)),
            "longitude": repr(round(rng.uniform(-4.0, 7.0), 5)),
            "horaires": rng.choice(HOURS),
            "source": "Cartographie nationale",
            "structure_parente": parent,
            "date_maj": f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        })
        for key in ("typologie", "services", "publics_specifiquement_adresses", "modalites_acces",
                    "modalites_accompagnement", "frais_a_charge"):
            if key == "services" or rng.random() < 0.6:
                row[key] = "|".join(rng.sample(VOCABULARIES[key], rng.randrange(1, 3)))
        if rng.random() < 0.5:
            row["courriels"] = f"contact-{number}@exemple-lieux.fr"
            row["telephone"] = f"+332{rng.randrange(10**7, 10**8)}"
        rows.append(row)
    return rows


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    """The rows as the national cartography publishes them: every cell quoted, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(STANDARD_FIELDS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in STANDARD_FIELDS])
    return buffer.getvalue().encode("utf-8")


def json_bytes(rows: list[dict[str, str]]) -> bytes:
    """The rows as a JSON list, empty cells left out and coordinates as numbers."""
    records: list[dict[str, Any]] = []
    for row in rows:
        record: dict[str, Any] = {}
        for column in STANDARD_FIELDS:
            value = row.get(column, "")
            if value:
                record[column] = float(value) if column in ("latitude", "longitude") else value
        records.append(record)
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
