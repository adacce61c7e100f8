"""The schema stage: JSON Schema errors as French findings on the right line and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from factory import check, item, line_of, loan, member, place, write_dataset, write_loan
from generator.findings import Finding
from generator.load import load_document
from generator.schema import check_document


def position(path: Path, text: str, occurrence: int = 1) -> tuple[int, int]:
    """Line and column (1-based) of ``text`` in the written file."""
    line = line_of(path, text, occurrence)
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1
    return line, column


def schema_findings(data_dir: Path) -> list[Finding]:
    return [finding for finding in check(data_dir).findings if finding.rule == "schema"]


def located(findings: list[Finding]) -> list[tuple[str, int, int, str]]:
    return [(finding.path, finding.line, finding.column, finding.message) for finding in findings]


def member_file(data_dir: Path, member_id: str = "mairie-a") -> Path:
    return data_dir / "members" / f"{member_id}.yaml"


def test_a_wrong_type_deep_in_the_third_place(tmp_path: Path) -> None:
    places = [place("lieu-a"), place("lieu-b"), place("lieu-c", latitude="49,1")]
    data_dir = write_dataset(tmp_path, members=[member(lieux=places)])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "49,1"),
         "« latitude » (Latitude) doit être un nombre, pas un texte : "
         "écrivez 49.1 sans guillemets, avec un point comme séparateur décimal."),
    ]
    # the third place, not the first two
    assert position(path, "49,1")[0] > line_of(path, "id: lieu-c")


def test_a_number_in_quotes(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place(longitude="-1.09")])])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "'-1.09'"),
         "« longitude » (Longitude) doit être un nombre, pas un texte : écrivez -1.09 sans guillemets.")]


def test_a_wrong_type_that_is_not_a_number_in_disguise(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place(longitude="ouest")])])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "ouest"),
         "« longitude » (Longitude) doit être un nombre, pas un texte.")]


def test_an_unknown_key_with_a_near_miss_hint(tmp_path: Path) -> None:
    data = member()
    data["lieux"][0]["horaire"] = "Mo-Fr 09:00-12:00"
    data_dir = write_dataset(tmp_path, members=[data])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "horaire:"),
         "clé inconnue « horaire » : vouliez-vous dire « horaires » ?")]


def test_an_unknown_key_without_a_near_miss_lists_the_allowed_keys(tmp_path: Path) -> None:
    data = member()
    data["convention"]["zzz"] = "x"
    data_dir = write_dataset(tmp_path, members=[data])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "zzz:"),
         "clé inconnue « zzz » : clés permises ici : avenants, deliberation, resiliation, signature.")]


def test_an_impossible_date(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member(convention={"signature": "2025-02-30"})])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "'2025-02-30'"),
         "« 2025-02-30 » n'est pas une date qui existe : écrivez une date AAAA-MM-JJ valide (ex. 2025-03-10).")]


@pytest.mark.parametrize(("written", "message"), [
    ("02/10/2026", "« 02/10/2026 » : écrivez la date au format AAAA-MM-JJ : 2026-10-02."),
    ("2.10.2026", "« 2.10.2026 » : écrivez la date au format AAAA-MM-JJ : 2026-10-02."),
    ("31/02/2026", "« 31/02/2026 » n'est pas une date qui existe : écrivez une date AAAA-MM-JJ valide (ex. 2025-03-10)."),
    ("demain", "« demain » n'est pas une date : écrivez la date au format AAAA-MM-JJ (ex. 2025-03-10)."),
])
def test_a_date_written_as_people_do_is_rewritten_in_the_message(tmp_path: Path, written: str, message: str) -> None:
    """Data files keep AAAA-MM-JJ (every tool reads it the same way); the message gives the date to write."""
    data_dir = write_dataset(tmp_path, members=[member(convention={"signature": written})])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, written), message)]


def test_a_local_date_time_written_as_people_do_is_rewritten_in_the_message(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    path = write_loan(data_dir, {**loan(), "retrait": "04/05/2026 09:30"})
    assert located(schema_findings(data_dir)) == [
        ("data/loans/2026/pret-a.yaml", *position(path, "04/05/2026 09:30"),
         "« 04/05/2026 09:30 » : écrivez la date et l'heure au format AAAA-MM-JJTHH:MM : 2026-05-04T09:30.")]


@pytest.mark.parametrize("hours", ["Mo-Fx 09:00-12:00", "Mo-Fr 25:00-26:00", "lundi 9h-12h", "Mo-Fr 09:00-"])
def test_bad_opening_hours_are_refused_by_the_opening_hours_parser(tmp_path: Path, hours: str) -> None:
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place(horaires=hours)])])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, hours),
         f"« {hours} » n'est pas lisible au format OpenStreetMap opening_hours : "
         "écrivez par exemple « Mo-Fr 08:30-12:30,13:30-17:30; PH off ».")]


@pytest.mark.parametrize("hours", [
    "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off",
    "Tu,Th 14:00-18:00; We 10:00-12:00,14:00-17:00; Jul-Aug off",
    "24/7",
    "Mo-Fr 09:00-12:00; week 1-53/2 Sa 10:00-12:00",
])
def test_valid_opening_hours_beyond_any_simple_regex_are_accepted(tmp_path: Path, hours: str) -> None:
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place(horaires=hours)])])
    assert schema_findings(data_dir) == []


def test_headquarters_hours_are_checked_too(tmp_path: Path) -> None:
    from factory import network
    data = network()
    data["siege"]["horaires"] = "Mo-Fx 09:00-12:00"
    data_dir = write_dataset(tmp_path, network_data=data)
    path = data_dir / "reseau.yaml"
    assert located(schema_findings(data_dir)) == [
        ("data/reseau.yaml", *position(path, "Mo-Fx"),
         "« Mo-Fx 09:00-12:00 » n'est pas lisible au format OpenStreetMap opening_hours : "
         "écrivez par exemple « Mo-Fr 08:30-12:30,13:30-17:30; PH off ».")]


def test_a_missing_required_key_is_reported_at_its_parent_key(tmp_path: Path) -> None:
    data = member()
    del data["convention"]["signature"]
    data["convention"]["deliberation"] = "Délibération du 3 février 2025"
    data_dir = write_dataset(tmp_path, members=[data])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "convention:"),
         "la clé obligatoire « signature » (Dernière signature) manque dans « convention » : ajoutez-la.")]


def test_a_missing_required_key_in_a_list_item_names_the_item(tmp_path: Path) -> None:
    second = place("lieu-b")
    del second["commune"]
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place("lieu-a"), second])])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "id: lieu-b"),
         "la clé obligatoire « commune » (Commune) manque dans le 2e élément de « lieux » : ajoutez-la.")]


def test_a_missing_top_level_key(tmp_path: Path) -> None:
    data = member()
    del data["nom"]
    data_dir = write_dataset(tmp_path, members=[data])
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", 1, 1, "la clé obligatoire « nom » (Nom) manque : ajoutez-la.")]


def test_a_service_outside_the_national_vocabulary(tmp_path: Path) -> None:
    services = ["Maîtrise des outils numériques du quotidien", "Cours de cuisine"]
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place(services=services)])])
    path = member_file(data_dir)
    allowed = ("Aide aux démarches administratives, Maîtrise des outils numériques du quotidien, "
               "Insertion professionnelle via le numérique, Utilisation sécurisée du numérique, "
               "Parentalité et éducation avec le numérique, Loisirs et créations numériques, "
               "Compréhension du monde numérique, Accès internet et matériel informatique, "
               "Acquisition de matériel informatique à prix solidaire")
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "Cours de cuisine"),
         f"« Cours de cuisine » n'est pas une valeur permise pour « services » : choisissez parmi {allowed}.")]


def test_a_misspelt_service_gets_a_suggestion(tmp_path: Path) -> None:
    services = ["Aide aux demarches administratives"]
    data_dir = write_dataset(tmp_path, members=[member(lieux=[place(services=services)])])
    [finding] = schema_findings(data_dir)
    assert finding.message.startswith("« Aide aux demarches administratives » n'est pas une valeur permise pour "
                                      "« services » : vouliez-vous dire « Aide aux démarches administratives » ? "
                                      "Valeurs permises : Aide aux démarches administratives, ")
    assert finding.line == line_of(member_file(data_dir), "Aide aux demarches")


def test_siret_and_rna_both_present(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member(rna="W501234567")])
    path = member_file(data_dir)
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", *position(path, "rna:"),
         "le membre a à la fois un SIRET (siret) et un numéro RNA (rna) : gardez-en un seul, "
         "le SIRET pour une collectivité ou un EPCI, le RNA pour une association qui n'a pas de SIRET.")]


def test_neither_siret_nor_rna(tmp_path: Path) -> None:
    data = member()
    del data["siret"]
    data_dir = write_dataset(tmp_path, members=[data])
    assert located(schema_findings(data_dir)) == [
        ("data/members/mairie-a.yaml", 1, 1,
         "le membre n'a ni SIRET (siret) ni numéro RNA (rna) : ajoutez le SIRET, "
         "ou le numéro RNA pour une association qui n'a pas de SIRET.")]


def test_an_association_with_only_an_rna_is_valid(tmp_path: Path) -> None:
    data = member(type="association", rna="W501234567")
    del data["siret"]
    data_dir = write_dataset(tmp_path, members=[data])
    assert schema_findings(data_dir) == []


def test_an_impossible_local_date_time(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    path = write_loan(data_dir, {**loan(), "retrait": "2026-02-30T10:00"})
    assert located(schema_findings(data_dir)) == [
        ("data/loans/2026/pret-a.yaml", *position(path, "2026-02-30T10:00"),
         "« 2026-02-30T10:00 » n'est pas un moment qui existe : écrivez AAAA-MM-JJTHH:MM (ex. 2025-03-10T09:30).")]


def test_a_misshapen_date_time_gets_one_message_not_two(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    path = write_loan(data_dir, {**loan(), "restitution": "2026-05-15 16:00"})
    assert located(schema_findings(data_dir)) == [
        ("data/loans/2026/pret-a.yaml", *position(path, "2026-05-15 16:00"),
         "« 2026-05-15 16:00 » n'a pas la forme attendue pour « restitution » (Date et heure) : "
         "Date et heure locales (Europe/Paris) AAAA-MM-JJTHH:MM (ex. 2025-03-10T09:30).")]


def test_an_equipment_state_outside_its_vocabulary(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, equipment=[item(etat="perdu", etat_depuis="2026-01-05")])
    path = data_dir / "equipment" / "kit-vr.yaml"
    [finding] = schema_findings(data_dir)
    assert (finding.line, finding.column) == position(path, "perdu")
    assert finding.message.startswith("« perdu » n'est pas une valeur permise pour « etat »")


def test_several_errors_in_one_file_are_all_reported_in_order(tmp_path: Path) -> None:
    data = member(type="entreprise", courriel="pas-une-adresse")
    data["lieux"][0]["latitude"] = 149.0
    data_dir = write_dataset(tmp_path, members=[data])
    findings = schema_findings(data_dir)
    assert [f.line for f in findings] == sorted(f.line for f in findings)
    path = member_file(data_dir)
    assert [(f.line, f.column) for f in findings] == [
        position(path, "entreprise"), position(path, "pas-une-adresse"), position(path, "149.0")]
    assert findings[2].message == "« latitude » (Latitude) vaut 149.0 : la valeur maximale est 90."


def test_schema_errors_make_the_record_unusable_for_the_rules(tmp_path: Path) -> None:
    """A broken member is left out of the model, so no rule trips over its bad values."""
    data_dir = write_dataset(tmp_path, members=[member(convention={"signature": "bientôt"})])
    assert {f.rule for f in check(data_dir).findings} == {"schema"}


def test_check_document_directly(tmp_path: Path) -> None:
    path = tmp_path / "kit-vr.yaml"
    record: dict[str, Any] = item()
    path.write_text("".join(f"{key}: {value!r}\n" for key, value in record.items() if isinstance(value, str))
                    + "composants: []\n", encoding="utf-8")
    document, findings = load_document(path, "data/equipment/kit-vr.yaml", "materiel")
    assert findings == [] and document is not None
    messages = [f.message for f in check_document(document)]
    assert messages == ["« composants » (Composants) doit contenir au moins 1 élément(s)."]
