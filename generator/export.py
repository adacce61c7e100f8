"""Open data: the places in the national standard, GeoJSON, items, bookings and calendars.

The directory follows the national standard for digital-mediation places
(« Lieux de médiation numérique », schema v1.0.2 by La MedNum and the ANCT): one row
per place, the standard's columns in its order, multi-valued fields joined with ``|``.

* ``pivot``: the place's own ``pivot`` if given, else its member's SIRET (or RNA).
* ``structure_parente``: the member's name; ``source``: the Département's name (the
  body that publishes the data).
* Cells a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) get a leading ``'``. The one exception is a
  ``telephone`` that matches the standard's own pattern (``+33…`` followed by digits
  only): it must keep its ``+`` to stay valid, and digits cannot call a function.
  Coordinates are numbers, never text, so a negative longitude stays a number.

Renderers are pure; :func:`write_open_data` is the one function that writes files,
for ``tna export`` and for the site's download folder alike.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from .availability import bookings
from .feeds import availability_json, booking_record, item_calendar, network_calendar
from .dates import calendar_period
from .model import Dataset, Place

# The standard's columns, in the order of its schema.json (checked by the tests).
STANDARD_FIELDS: tuple[str, ...] = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)
NUMBER_FIELDS = frozenset({"latitude", "longitude"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The standard's pattern for telephone: a leading « + » then digits only.
TELEPHONE_PATTERN = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
MULTI_SEPARATOR = "|"

Cell = str | float | None


def neutralise(column: str, text: str) -> str:
    """Prefix ``'`` to a text cell that a spreadsheet would evaluate as a formula."""
    if column == "telephone" and TELEPHONE_PATTERN.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _raw_value(dataset: Dataset, place: Place, column: str) -> Any:
    member = dataset.members.get(place.member_id)
    if column == "id":
        return place.id
    if column == "pivot":
        return place.fields.get("pivot") or (member.identifier if member else None)
    if column == "structure_parente":
        return member.name if member else None
    if column == "source":
        return dataset.network.department_name if dataset.network else None
    return place.fields.get(column)


def _cell(column: str, value: Any) -> Cell:
    if value is None or value == "" or value == []:
        return None
    if column in NUMBER_FIELDS:
        return float(value)
    if isinstance(value, (list, tuple)):
        value = MULTI_SEPARATOR.join(str(part) for part in value)
    return neutralise(column, str(value))


def place_row(dataset: Dataset, place: Place) -> dict[str, Cell]:
    """One place as a row of the national standard (None for an empty cell)."""
    return {column: _cell(column, _raw_value(dataset, place, column)) for column in STANDARD_FIELDS}


def place_rows(dataset: Dataset) -> list[dict[str, Cell]]:
    return [place_row(dataset, place) for _, place in sorted(dataset.places.items())]


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    return repr(cell) if isinstance(cell, float) else cell


def places_csv(dataset: Dataset) -> bytes:
    """The directory as CSV: UTF-8, comma-separated, every cell quoted like the standard's example."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(STANDARD_FIELDS)
    for row in place_rows(dataset):
        writer.writerow([_csv_text(row[column]) for column in STANDARD_FIELDS])
    return buffer.getvalue().encode("utf-8")


def to_json(payload: Any) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def places_json(dataset: Dataset) -> bytes:
    """The directory as JSON: a list of objects with the CSV's keys, in the same order."""
    return to_json(place_rows(dataset))


def places_geojson(dataset: Dataset) -> bytes:
    """A GeoJSON FeatureCollection of the places, linking each to its page ``lieux/<id>/``."""
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": {
            "id": place.id,
            "nom": place.name,
            "commune": place.commune,
            "services": list(place.services),
            "structure": dataset.members[place.member_id].name if place.member_id in dataset.members else None,
            "url": f"lieux/{place.id}/",
        },
    } for _, place in sorted(dataset.places.items())]
    return to_json({"type": "FeatureCollection", "features": features})


def items_json(dataset: Dataset) -> bytes:
    """The catalogue: public fields only (inventory numbers yes, serial numbers and values no)."""
    network = dataset.network
    requirement_names = {key: value.name for key, value in network.requirements.items()} if network else {}
    return to_json([{
        "id": item.id,
        "nom": item.name,
        "categorie": item.category,
        "numero_inventaire": item.inventory_number,
        "description": item.description,
        "composants": [{"id": component.id, "nom": component.name} for component in item.components],
        "etat": item.state,
        "etat_depuis": item.state_since.isoformat() if item.state_since else None,
        "exigences": [{"id": requirement, "nom": requirement_names.get(requirement, requirement)}
                      for requirement in item.requirements],
    } for _, item in sorted(dataset.equipment.items())])


def bookings_json(dataset: Dataset) -> bytes:
    """Every booking of a shown loan (no person, no login, no free text)."""
    return to_json([booking_record(dataset, booking) for booking in bookings(dataset)
                    if booking.item_id in dataset.equipment])


def open_data_files(dataset: Dataset, stamp: datetime) -> dict[str, bytes]:
    """Every open-data file, by path relative to the output folder, in a stable order."""
    first, last = calendar_period(dataset.today)
    files: dict[str, Callable[[], bytes]] = {
        "lieux.csv": lambda: places_csv(dataset),
        "lieux.json": lambda: places_json(dataset),
        "lieux.geojson": lambda: places_geojson(dataset),
        "materiel.json": lambda: items_json(dataset),
        "reservations.json": lambda: bookings_json(dataset),
        "calendrier/reseau.ics": lambda: network_calendar(dataset, stamp),
        "calendrier/disponibilites.json": lambda: to_json(availability_json(dataset, first, last)),
    }
    rendered = {name: render() for name, render in files.items()}
    for item_id in sorted(dataset.equipment):
        rendered[f"calendrier/{item_id}.ics"] = item_calendar(dataset, item_id, stamp)
    return rendered


def write_open_data(dataset: Dataset, out_dir: Path, stamp: datetime) -> list[Path]:
    """Render everything first, then write it under ``out_dir``; return the paths written."""
    rendered = open_data_files(dataset, stamp)
    written: list[Path] = []
    for name, content in rendered.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
