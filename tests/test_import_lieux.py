"""tna import-lieux: places in the national standard become member files, and export gives them back."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from factory import TODAY, check, member, network, place, write_dataset
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from national_rows import (EXAMPLE_CSV, HOURS, VOCABULARIES, csv_bytes, generated_rows, json_bytes, read_csv,
                           with_check_digit)

from generator.cli import main
from generator.export import STANDARD_FIELDS, neutralise
from generator.national import infer_kind

# ``source`` names the publisher: ``tna export`` writes the Département's name there.
SIRET_20 = with_check_digit("2005000000001")
ROUND_TRIP_FIELDS = tuple(column for column in STANDARD_FIELDS if column != "source")


def run_tna(*args: str | Path, stdin: str = "") -> tuple[int, str, str]:
    """``tna`` in this process, with ``stdin`` as the answers typed."""
    out, err = io.StringIO(), io.StringIO()
    previous = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(arg) for arg in args])
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        sys.stdin = previous
    return code, out.getvalue(), err.getvalue()


def empty_network(root: Path, code: str) -> Path:
    """A data/ folder with reseau.yaml for département ``code`` and no member."""
    data_dir = write_dataset(root, network_data=network(departement={"nom": f"Département {code}", "code": code}),
                             members=[], equipment=[])
    return data_dir


def exported_rows(data_dir: Path, out: Path) -> dict[str, dict[str, str]]:
    code, stdout, stderr = run_tna("export", "--data", data_dir, "--out", out, "--today", TODAY.isoformat())
    assert code == 0, stdout + stderr
    return {row["id"]: row for row in read_csv((out / "lieux.csv").read_bytes())}


def assert_round_trip(rows: list[dict[str, str]], exported: dict[str, dict[str, str]]) -> None:
    assert sorted(exported) == sorted(row["id"] for row in rows)
    for row in rows:
        back = exported[row["id"]]
        for column in ROUND_TRIP_FIELDS:
            given_cell, back_cell = row.get(column, ""), back[column]
            if column in ("latitude", "longitude"):
                assert float(back_cell) == float(given_cell), (row["id"], column)
            else:
                assert back_cell == (neutralise(column, given_cell) if given_cell else ""), (row["id"], column)


# --- the official example and a generated file --------------------------------------------------

def test_the_official_example_round_trips(tmp_path: Path) -> None:
    data_dir = empty_network(tmp_path, "51")
    code, out, err = run_tna("import-lieux", EXAMPLE_CSV, "--data", data_dir, "--type", "deduit")
    assert (code, err) == (0, "")
    assert f"{data_dir}/members/siret-de-la-ville-pour-une-bibliotheque.yaml : nouveau membre « SIRET de la ville pour " \
           "une bibliothèque. » (association, 43493312300029), 1 lieu : structure-1." in out
    assert check(data_dir).errors == []
    assert_round_trip(read_csv(EXAMPLE_CSV.read_bytes()), exported_rows(data_dir, tmp_path / "exports"))


def test_only_the_chosen_departement_is_imported(tmp_path: Path) -> None:
    rows = generated_rows(200, ("50", "14"))
    source = tmp_path / "lieux.csv"
    source.write_bytes(csv_bytes(rows))
    data_dir = empty_network(tmp_path, "50")
    code, out, _ = run_tna("import-lieux", source, "--data", data_dir, "--type", "collectivite")
    assert code == 0
    assert out.splitlines()[0] == f"{source} : 200 lieux lus ; 100 dans le département 50, 100 ailleurs (non importés)."
    outcome = check(data_dir)
    assert outcome.errors == []
    assert sorted(outcome.dataset.places) == sorted(row["id"] for row in rows if row["code_insee"].startswith("50"))
    assert {m.kind for m in outcome.dataset.members.values()} == {"collectivite"}
    assert len(outcome.dataset.members) == 8  # one member per SIRET (pivot)
    in_50 = [row for row in rows if row["code_insee"].startswith("50")]
    assert_round_trip(in_50, exported_rows(data_dir, tmp_path / "exports"))


def test_a_json_file_gives_the_same_members_as_its_csv(tmp_path: Path) -> None:
    rows = generated_rows(30, ("2A",), seed=3)
    (tmp_path / "lieux.csv").write_bytes(csv_bytes(rows))
    (tmp_path / "lieux.json").write_bytes(json_bytes(rows))
    from_csv, from_json = empty_network(tmp_path / "csv", "2A"), empty_network(tmp_path / "json", "2A")
    assert run_tna("import-lieux", tmp_path / "lieux.csv", "--data", from_csv, "--type", "epci")[0] == 0
    assert run_tna("import-lieux", tmp_path / "lieux.json", "--data", from_json, "--type", "epci")[0] == 0
    csv_files = {path.name: path.read_text(encoding="utf-8").replace("lieux.csv", "X")
                 for path in (from_csv / "members").glob("*.yaml")}
    json_files = {path.name: path.read_text(encoding="utf-8").replace("lieux.json", "X")
                  for path in (from_json / "members").glob("*.yaml")}
    assert csv_files == json_files and len(csv_files) == 8


# --- the round-trip property ----------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=30) \
    .map(str.strip).filter(bool)
_LABEL = _TEXT.filter(lambda text: "|" not in text)


def _multi(key: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(VOCABULARIES[key]), min_size=1, max_size=3, unique=True).map("|".join)


def _optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


@st.composite
def national_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """1 to 6 places of 1 to 3 structures in département 50, with any of the standard's optional columns."""
    identifiers = st.one_of(st.from_regex(r"[0-9]{13}", fullmatch=True).map(with_check_digit),
                            st.from_regex(r"W[0-9]{9}", fullmatch=True))
    structures = draw(st.lists(st.tuples(identifiers, _TEXT),
                               min_size=1, max_size=3, unique_by=lambda pair: pair[0]))
    ids = draw(st.lists(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
                        min_size=1, max_size=6, unique=True))
    rows = []
    for place_id in ids:
        pivot, parent = draw(st.sampled_from(structures))
        row = {column: "" for column in STANDARD_FIELDS}
        row.update({
            "id": place_id, "pivot": pivot, "structure_parente": parent, "nom": draw(_TEXT),
            "commune": draw(_TEXT), "code_postal": draw(st.from_regex(r"50[0-9]{3}", fullmatch=True)),
            "code_insee": draw(st.from_regex(r"50[0-9]{3}", fullmatch=True)), "adresse": draw(_TEXT),
            "complement_adresse": draw(_optional(_TEXT)),
            "latitude": repr(draw(st.floats(-90, 90, allow_nan=False))),
            "longitude": repr(draw(st.floats(-180, 180, allow_nan=False))),
            "typologie": draw(_optional(_multi("typologie"))),
            "telephone": draw(_optional(st.from_regex(r"\+33[0-9]{9}", fullmatch=True))),
            "courriels": draw(_optional(st.lists(st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.fr", fullmatch=True),
                                                 min_size=1, max_size=2, unique=True).map("|".join))),
            "site_web": draw(_optional(st.from_regex(r"https://[a-z]{1,10}\.fr/[a-z0-9]{0,6}", fullmatch=True))),
            "horaires": draw(_optional(st.sampled_from(HOURS))),
            "presentation_resume": draw(_optional(_TEXT)), "presentation_detail": draw(_optional(_TEXT)),
            "source": draw(_optional(_TEXT)),
            "itinerance": draw(_optional(_multi("itinerance"))),
            "date_maj": draw(st.dates(min_value=TODAY.replace(year=2000), max_value=TODAY)).isoformat(),
            "services": draw(_multi("services")),
            "autres_formations_labels": draw(_optional(st.lists(_LABEL, min_size=1, max_size=2).map("|".join))),
            "fiche_acces_libre": draw(_optional(st.from_regex(r"https://acceslibre\.beta\.gouv\.fr/app/[a-z0-9-]{1,12}/",
                                                              fullmatch=True))),
            "prise_rdv": draw(_optional(st.from_regex(r"https://rdv\.[a-z]{1,8}\.fr/", fullmatch=True))),
        })
        for key in ("publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
                    "dispositif_programmes_nationaux", "formations_labels", "modalites_acces",
                    "modalites_accompagnement"):
            row[key] = draw(_optional(_multi(key)))
        rows.append(row)
    # One structure, one name: the export names every place's structure_parente after its member.
    names = {pivot: parent for pivot, parent in structures}
    for row in rows:
        row["structure_parente"] = names[row["pivot"]]
    return rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=national_rows(), as_json=st.booleans())
def test_import_then_export_gives_back_the_national_fields(rows: list[dict[str, str]], as_json: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / ("lieux.json" if as_json else "lieux.csv")
        source.write_bytes(json_bytes(rows) if as_json else csv_bytes(rows))
        data_dir = empty_network(root, "50")
        code, out, err = run_tna("import-lieux", source, "--data", data_dir, "--type", "association")
        assert code == 0, out + err
        assert "lieu ignoré :" not in out and "laissée de côté" not in out, out
        assert_round_trip(rows, exported_rows(data_dir, root / "exports"))


# --- rows left aside, explained ---------------------------------------------------------------------

def test_every_skipped_row_is_explained_with_its_line(tmp_path: Path) -> None:
    good, bad_insee, no_coordinates, duplicate, no_pivot, bad_phone = generated_rows(6, ("50",), seed=1)
    bad_insee["code_insee"] = "5023"
    no_coordinates["latitude"] = ""
    duplicate["id"] = good["id"]
    no_pivot["pivot"] = ""
    bad_phone["telephone"] = "02 33 00 00 00"
    source = tmp_path / "lieux.csv"
    source.write_bytes(csv_bytes([good, bad_insee, no_coordinates, duplicate, no_pivot, bad_phone]))
    data_dir = empty_network(tmp_path, "50")
    code, out, _ = run_tna("import-lieux", source, "--data", data_dir, "--type", "collectivite")
    assert code == 0
    lines = out.splitlines()
    assert f"{source}, ligne 3 : lieu ignoré : code INSEE « 5023 » invalide : 5 caractères attendus " \
           "(ex. 50502, 2A004, 97105)." in lines
    assert f"{source}, ligne 4 : lieu ignoré : coordonnées manquantes ou illisibles (latitude, longitude) : la carte " \
           "ne pourrait pas placer le lieu ; complétez-les dans la source." in lines
    assert f"{source}, ligne 5 : lieu ignoré : identifiant « {good['id']} » en double : déjà utilisé par le lieu " \
           "ligne 2, seul le premier est importé." in lines
    assert f"{source}, ligne 6 : lieu ignoré : le pivot (identifiant de la structure) est vide : il faut le SIRET " \
           "(14 chiffres) ou le numéro RNA (W et 9 chiffres) de la structure qui porte le lieu pour en faire un " \
           "membre." in lines
    assert f"{source}, ligne 7 : lieu « {bad_phone['id']} » : colonne telephone laissée de côté : « 02 33 00 00 00 » " \
           "n'a pas la forme attendue pour « telephone » (Téléphone) : Numéro fonctionnel au format international " \
           "(ex. +33233000000)." in lines
    outcome = check(data_dir)
    assert outcome.errors == []
    assert sorted(outcome.dataset.places) == sorted([good["id"], bad_phone["id"]])
    assert "telephone" not in outcome.dataset.places[bad_phone["id"]].fields


def test_a_file_that_is_not_the_standard_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "autre.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    data_dir = empty_network(tmp_path, "50")
    code, out, err = run_tna("import-lieux", source, "--data", data_dir, "--type", "epci")
    assert (code, out) == (2, "")
    assert err == (f"tna : {source} : la première ligne doit nommer les colonnes du standard national (au moins id et "
                   "nom, séparées par des virgules). Rien n'a été importé.\n")
    assert list((data_dir / "members").iterdir()) == []


# --- existing member files: merged, never overwritten ---------------------------------------------

def test_existing_files_keep_what_people_wrote(tmp_path: Path) -> None:
    rows = generated_rows(3, ("50",), seed=5)
    first, second, third = rows
    second["pivot"] = first["pivot"] = "21500502000015"  # the factory member's SIRET
    hand_written = place(first["id"], nom="Nom corrigé à la main", horaires="Sa 10:00-12:00")
    data_dir = write_dataset(tmp_path, members=[member("mairie-a", lieux=[hand_written])], equipment=[])
    member_file = data_dir / "members" / "mairie-a.yaml"
    member_file.write_text("# Relu par l'équipe le 2 mars.\n" + member_file.read_text(encoding="utf-8"),
                           encoding="utf-8")
    source = tmp_path / "lieux.csv"
    source.write_bytes(csv_bytes(rows))

    code, out, _ = run_tna("import-lieux", source, "--data", data_dir, "--type", "association", "--simulation")
    assert code == 0 and out.splitlines()[-1] == ("Simulation : 1 nouveau(x) fichier(s) de membre et 1 fichier(s) "
                                                  "complété(s) ; rien n'a été écrit.")
    assert sorted(path.name for path in (data_dir / "members").iterdir()) == ["mairie-a.yaml"]

    before = member_file.read_text(encoding="utf-8")
    code, out, _ = run_tna("import-lieux", source, "--data", data_dir, "--type", "association")
    assert code == 0
    merged = yaml.safe_load(member_file.read_text(encoding="utf-8"))
    assert member_file.read_text(encoding="utf-8").startswith("# Relu par l'équipe le 2 mars.\n")
    assert merged["convention"] == member()["convention"] and merged["demandeurs"] == ["demandeur-a"]
    kept = next(p for p in merged["lieux"] if p["id"] == first["id"])
    assert (kept["nom"], kept["horaires"], kept["adresse"]) == ("Nom corrigé à la main", "Sa 10:00-12:00",
                                                                 hand_written["adresse"])
    assert [p["id"] for p in merged["lieux"]] == [first["id"], second["id"]]
    report = [line for line in out.splitlines() if line.startswith(f"{data_dir}/members/mairie-a.yaml : ")]
    assert len(report) == 1 and f"lieu ajouté : {second['id']}" in report[0]
    assert f"lieu {first['id']} : valeurs du fichier gardées pour nom, adresse" in report[0]
    assert before != member_file.read_text(encoding="utf-8")
    assert check(data_dir).errors == []
    assert third["pivot"] in (data_dir / "members").joinpath(
        next(p.name for p in (data_dir / "members").iterdir() if p.name != "mairie-a.yaml")).read_text(encoding="utf-8")

    # A second import of the same file changes nothing and creates nothing.
    snapshot = {path.name: path.read_bytes() for path in (data_dir / "members").iterdir()}
    code, out, _ = run_tna("import-lieux", source, "--data", data_dir, "--type", "association")
    assert code == 0
    assert {path.name: path.read_bytes() for path in (data_dir / "members").iterdir()} == snapshot
    assert "0 nouveau(x) fichier(s) de membre, 0 fichier(s) complété(s), 0 lieu(x) ignoré(s)." in out


# --- the member type ----------------------------------------------------------------------------------

def test_the_type_is_asked_with_the_inferred_one_as_default(tmp_path: Path) -> None:
    rows = generated_rows(3, ("50",), seed=8)
    rows[0]["pivot"] = rows[2]["pivot"] = "21500502000015"  # a commune's SIREN: collectivite is inferred
    rows[1].update(pivot="43493312300029", typologie="", structure_parente="Le Tiers-lieu")  # private law
    source = tmp_path / "lieux.csv"
    source.write_bytes(csv_bytes(rows))
    data_dir = empty_network(tmp_path, "50")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "import-lieux", str(source), "--data",
                             str(data_dir)], input="\nbof\ncollectivite\n\n", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "« Structure" in result.stdout and "(21500502000015, 2 lieux) [collectivite] : " in result.stdout
    assert "« Le Tiers-lieu » (43493312300029, 1 lieu) [association] : " in result.stdout
    assert "✗ « bof » n'est pas un type de membre : répondez collectivite, epci ou association." in result.stdout
    assert ("✗ 43493312300029 n'est pas l'identifiant d'une personne morale de droit public (SIREN commençant par 2) : "
            "cette structure ne peut être qu'une association.") in result.stdout
    outcome = check(data_dir)
    assert outcome.errors == []
    assert sorted((m.kind, len(m.places)) for m in outcome.dataset.members.values()) == [
        ("association", 1), ("collectivite", 2)]


def test_deduced_types_refuse_to_guess(tmp_path: Path) -> None:
    rows = generated_rows(2, ("50",), seed=2)
    for row in rows:
        # A public body (SIREN 20…, a commune nouvelle or an EPCI) with nothing else to tell which.
        row["pivot"], row["typologie"], row["structure_parente"] = SIRET_20, "", "Les Amis du numérique"
    source = tmp_path / "lieux.csv"
    source.write_bytes(csv_bytes(rows))
    data_dir = empty_network(tmp_path, "50")
    code, out, err = run_tna("import-lieux", source, "--data", data_dir, "--type", "deduit")
    assert code == 2
    assert err == (f"tna : le type de « Les Amis du numérique » ({SIRET_20}) ne se déduit pas des données : relancez "
                   "sans --type pour répondre à la question, ou avec --type collectivite, epci ou association. "
                   "Rien n'a été écrit.\n")
    assert list((data_dir / "members").iterdir()) == []


def test_kind_inference() -> None:
    assert infer_kind("W502004213", "Les Bidouilleurs", []) == "association"
    assert infer_kind("20006720500019", "Communauté d'agglomération du Cotentin", ["MUNI"]) == "epci"
    assert infer_kind("21500502000015", "Médiathèque", []) == "collectivite"
    assert infer_kind("24500000000011", "Syndicat", []) == "epci"
    assert infer_kind("20005000000014", "Mairie de Réville", []) == "collectivite"
    assert infer_kind("43493312300029", "Mairie de Reims", []) == "association"  # private law: SIREN not 2…
    assert infer_kind("20005000000014", "La Quincaillerie", ["TIERS_LIEUX", "ASSO"]) == "association"
    assert infer_kind("20005000000014", "La Quincaillerie", ["BIB"]) is None
    assert infer_kind("20005000000014", "La Quincaillerie", ["MUNI", "ASSO"]) is None
