"""The load stage: every broken file is a French finding with a position, never a traceback.

Each test writes a real file, runs the real loader (libyaml through PyYAML) and
asserts the whole message and where it points.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Callable

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factory import TODAY, check, dump, line_of, member, write_dataset
from generator.findings import Finding, Severity
from generator.load import MAX_DEPTH, MAX_FILE_BYTES, discover, load_document, parse_text

ALIAS_HELP = "les ancres et alias YAML (& et *) ne sont pas acceptés ; recopiez la valeur à chaque endroit."
TAB_HELP = "tabulation dans l'indentation : YAML n'accepte que des espaces ; remplacez-la par des espaces."
DEEP = f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux) : simplifiez la structure du fichier."


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def load(tmp_path: Path, content: str | bytes, name: str = "mairie-a.yaml", kind: str = "membre"
         ) -> list[tuple[int, int, str]]:
    """(line, column, message) of what the loader says about one file; checks the finding's frame."""
    path = write(tmp_path, name, content)
    document, findings = load_document(path, f"data/members/{name}", kind)
    for finding in findings:
        assert finding.path == f"data/members/{name}"
        assert finding.severity is Severity.ERROR
    if document is None:
        assert findings, "a file that does not load must say why"
    return [(finding.line, finding.column, finding.message) for finding in findings]


def one(tmp_path: Path, content: str | bytes, **kwargs: str) -> tuple[int, int, str]:
    found = load(tmp_path, content, **kwargs)
    assert len(found) == 1, found
    return found[0]


# --- reading the file ------------------------------------------------------------------------


def test_a_directory_named_like_a_record_is_reported_not_skipped(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    (data_dir / "members" / "mairie-b.yaml").mkdir()
    outcome = check(data_dir)
    assert [(f.path, f.line, f.column, f.rule, f.message) for f in outcome.findings] == [
        ("data/members/mairie-b.yaml", 1, 1, "fichier",
         "fichier illisible (c'est un dossier, pas un fichier : renommez-le ou déplacez-le hors de data/)."),
    ]
    assert outcome.errors


def _as_nobody(action: Callable[[], list[Finding]]) -> list[str]:
    """Messages of ``action`` run in a child process that has dropped root's rights."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        status = 1
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            os.write(write_end, "\n".join(f.message for f in action()).encode("utf-8"))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        messages = stream.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return messages.split("\n") if messages else []


def _without_rights(action: Callable[[], list[Finding]]) -> list[str]:
    if os.geteuid() == 0:  # root reads everything: check as an unprivileged user
        return _as_nobody(action)
    return [finding.message for finding in action()]


def test_a_file_without_read_permission_is_a_finding() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        path = write(Path(folder), "secret.yaml", "id: secret\n")
        path.chmod(0o000)
        messages = _without_rights(lambda: load_document(path, "data/members/secret.yaml", "membre")[1])
        path.chmod(0o600)
    assert messages == ["fichier illisible (accès refusé : donnez le droit de lecture sur ce fichier)."]


def test_a_folder_without_read_permission_is_a_finding_not_a_silent_skip() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        data_dir = write_dataset(Path(folder))
        for path in [Path(folder), *data_dir.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        data_dir.chmod(0o755)
        (data_dir / "members").chmod(0o000)
        findings = _without_rights(lambda: discover(data_dir, "data")[1])
        (data_dir / "members").chmod(0o755)
    assert findings == ["dossier illisible (accès refusé) : donnez le droit de lecture et de parcours sur ce dossier."]


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tube.yaml")
    _, findings = load_document(tmp_path / "tube.yaml", "data/members/tube.yaml", "membre")
    assert [(f.line, f.column, f.message) for f in findings] == [
        (1, 1, "ce n'est pas un fichier ordinaire (tube, périphérique…) : "
               "remplacez-le par un vrai fichier ou retirez-le de data/.")]


def test_non_utf8_bytes_are_located_at_the_bad_byte(tmp_path: Path) -> None:
    # Latin-1 "è" (0xE8) after valid UTF-8 "é": the column counts characters, as editors do.
    content = "id: mairie-a\nnom: \"Médiath".encode("utf-8") + b"\xe8que\"\n"
    assert one(tmp_path, content) == (
        2, 14, "le fichier n'est pas encodé en UTF-8 (octet 0xE8 illisible ici) : "
               "réenregistrez-le en UTF-8 depuis votre éditeur.")


def test_a_byte_order_mark_is_accepted_and_positions_stay_right(tmp_path: Path) -> None:
    path = write(tmp_path, "mairie-a.yaml", "\ufeffid: mairie-a\nnom: Commune\n")
    document, findings = load_document(path, "data/members/mairie-a.yaml", "membre")
    assert findings == [] and document is not None
    assert document.data == {"id": "mairie-a", "nom": "Commune"}
    assert document.key_at("id") == (1, 1)
    assert document.at("nom") == (2, 6)


@pytest.mark.parametrize("content", ["", "\n\n", "# seulement\n# des commentaires\n", "---\n...\n"])
def test_an_empty_file_or_one_with_only_comments(tmp_path: Path, content: str) -> None:
    assert one(tmp_path, content) == (
        1, 1, "le fichier est vide (ou ne contient que des commentaires) : "
              "décrivez l'enregistrement ou supprimez le fichier.")


def test_several_documents_in_one_file(tmp_path: Path) -> None:
    assert one(tmp_path, "id: mairie-a\n---\nid: mairie-b\n") == (
        2, 1, "le fichier contient plusieurs documents YAML (---) : un fichier ne décrit qu'un seul enregistrement.")


@pytest.mark.parametrize(("content", "line"), [
    ("- id: mairie-a\n- id: mairie-b\n", 1),
    ("# un commentaire\nbonjour\n", 2),
    ("42\n", 1),
])
def test_the_top_level_must_be_a_mapping(tmp_path: Path, content: str, line: int) -> None:
    assert one(tmp_path, content) == (
        line, 1, "le fichier doit décrire un dictionnaire de clés (clé: valeur), pas une liste ni une valeur seule.")


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    content = "id: mairie-a\nnotes: \"" + "x" * MAX_FILE_BYTES + "\"\n"
    size = len(content.encode("utf-8"))
    assert one(tmp_path, content) == (
        1, 1, f"le fichier pèse {size} octets, au-delà de la limite de {MAX_FILE_BYTES} octets : "
              "un enregistrement tient en quelques kilo-octets ; retirez ce qui n'a rien à y faire.")


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    head = "id: mairie-a\nnotes: \""
    content = head + "x" * (MAX_FILE_BYTES - len(head) - 2) + "\"\n"
    assert len(content.encode("utf-8")) == MAX_FILE_BYTES
    assert load(tmp_path, content) == []


def test_symbolic_links_to_a_file_and_to_a_folder(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    outside = tmp_path / "ailleurs"
    write(outside, "mairie-b.yaml", dump(member("mairie-b")))
    (data_dir / "members" / "mairie-b.yaml").symlink_to(outside / "mairie-b.yaml")
    (data_dir / "loans" / "2026").symlink_to(outside, target_is_directory=True)
    outcome = check(data_dir)
    assert [(f.path, f.line, f.column, f.message) for f in outcome.findings] == [
        ("data/loans/2026", 1, 1, "ce dossier est un lien symbolique : remplacez-le par un vrai dossier."),
        ("data/members/mairie-b.yaml", 1, 1, "ce fichier est un lien symbolique : remplacez-le par un vrai fichier."),
    ]


def test_a_file_whose_name_does_not_match_its_id(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member("mairie-a")])
    path = data_dir / "members" / "mairie-a.yaml"
    path.rename(data_dir / "members" / "mairie-z.yaml")
    findings = check(data_dir).findings
    moved = data_dir / "members" / "mairie-z.yaml"
    mismatch = [(f.path, f.line, f.column, f.rule, f.message) for f in findings if f.rule == "identifiant"]
    assert mismatch == [
        ("data/members/mairie-z.yaml", line_of(moved, "id: mairie-a"), 5, "identifiant",
         "l'identifiant « mairie-a » ne correspond pas au nom du fichier « mairie-z.yaml » : "
         "renommez le fichier ou corrigez l'identifiant."),
    ]


# --- YAML the loader refuses -----------------------------------------------------------------


def test_deep_nesting_is_refused_at_the_level_that_is_too_deep(tmp_path: Path) -> None:
    content = "id: mairie-a\nnotes: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    # The file's mapping is level 0 and the n-th bracket opens level n: the first refused is MAX_DEPTH + 1.
    assert one(tmp_path, content) == (2, len("notes: ") + MAX_DEPTH + 1, DEEP)


def test_nesting_beyond_libyaml_limit_gets_the_same_french_message(tmp_path: Path) -> None:
    content = "notes: " + "[" * 200_000 + "]" * 200_000 + "\n"
    line, _, message = one(tmp_path, content)
    assert (line, message) == (1, DEEP)


def test_deep_block_nesting(tmp_path: Path) -> None:
    content = "".join("  " * level + f"n{level}:\n" for level in range(MAX_DEPTH + 3)) + "  " * (MAX_DEPTH + 3) + "x\n"
    line, _, message = one(tmp_path, content)
    assert (line, message) == (MAX_DEPTH + 2, DEEP)


def test_billion_laughs_is_refused_quickly_at_the_first_alias(tmp_path: Path) -> None:
    lines = ['a: &a ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    content = "\n".join(lines) + "\n"  # fully expanded: 9**9 strings
    started = time.perf_counter()
    found = one(tmp_path, content)
    elapsed = time.perf_counter() - started
    assert found == (2, 8, f"l'alias « *a » reprend la valeur d'une ancre (&) : {ALIAS_HELP}")
    assert elapsed < 1.0, f"the alias bomb took {elapsed:.2f} s"


def test_billion_laughs_through_the_whole_pipeline(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    bomb = "id: mairie-b\nx: &x [a, a, a, a, a, a, a, a, a, a]\n" + "".join(
        f"y{n}: &y{n} [" + ", ".join([f"*{'x' if n == 0 else f'y{n - 1}'}"] * 10) + "]\n" for n in range(12))
    write(data_dir / "members", "mairie-b.yaml", bomb)
    started = time.perf_counter()
    outcome = check(data_dir)
    assert time.perf_counter() - started < 5.0
    assert [(f.path, f.line, f.column) for f in outcome.findings] == [("data/members/mairie-b.yaml", 3, 10)]


def test_an_alias_to_a_scalar_is_refused_at_the_alias(tmp_path: Path) -> None:
    assert one(tmp_path, "nom: &nom Commune\ncommune: *nom\n") == (
        2, 10, f"l'alias « *nom » reprend la valeur d'une ancre (&) : {ALIAS_HELP}")


def test_an_alias_as_a_key_is_refused(tmp_path: Path) -> None:
    assert one(tmp_path, "a: &k nom\n*k : Commune\n") == (
        2, 1, f"l'alias « *k » reprend la valeur d'une ancre (&) : {ALIAS_HELP}")


def test_an_alias_without_anchor(tmp_path: Path) -> None:
    assert one(tmp_path, "nom: *inconnu\n") == (1, 6, ALIAS_HELP)


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    content = "base: &base\n  nom: Commune\nlieu:\n  <<: *base\n  commune: Saint-Lô\n"
    assert one(tmp_path, content) == (
        4, 3, "la fusion YAML (<<) n'est pas acceptée : écrivez chaque clé en toutes lettres.")


def test_merge_key_without_alias_is_refused_too(tmp_path: Path) -> None:
    assert one(tmp_path, "lieu:\n  <<: {nom: Commune}\n") == (
        2, 3, "la fusion YAML (<<) n'est pas acceptée : écrivez chaque clé en toutes lettres.")


def test_a_plain_double_chevron_value_is_just_text(tmp_path: Path) -> None:
    assert parse_text("notes: <<\n")[0] == {"notes": "<<"}


def test_a_duplicated_key_is_reported_at_the_second_key_with_the_first_line(tmp_path: Path) -> None:
    content = "id: mairie-a\nnom: Commune\nconvention:\n  signature: 2025-01-10\n  signature: 2025-02-10\nnom: Autre\n"
    assert one(tmp_path, content) == (
        5, 3, "la clé « signature » est en double (déjà définie ligne 4) : "
              "YAML ne garderait que la dernière valeur ; n'en gardez qu'une.")


def test_dates_and_times_stay_strings(tmp_path: Path) -> None:
    data, positions = parse_text("debut: 2025-03-10\nretrait: 2025-03-10T09:30\nfaux: 2025-02-30\n"
                                 "quand: 2025-03-10 09:30:00\n")
    assert data == {"debut": "2025-03-10", "retrait": "2025-03-10T09:30", "faux": "2025-02-30",
                    "quand": "2025-03-10 09:30:00"}
    assert positions.of(("faux",)) == (3, 7)


def test_an_impossible_unquoted_date_reaches_the_schema_as_text(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    path = data_dir / "members" / "mairie-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("'2025-01-10'", "2025-02-30"), encoding="utf-8")
    line = line_of(path, "signature: 2025-02-30")
    assert [(f.line, f.column, f.rule, f.message) for f in check(data_dir).findings] == [
        (line, 14, "schema",
         "« 2025-02-30 » n'est pas une date qui existe : écrivez une date AAAA-MM-JJ valide (ex. 2025-03-10).")]


@pytest.mark.parametrize(("value", "shown"), [
    ("!!python/object:os.system ls", "!!python/object:os.system"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {a: null}", "!!set"),
    ("!!timestamp 2025-03-10", "!!timestamp"),
    ("!perso valeur", "!perso"),
])
def test_custom_and_python_tags_are_refused(tmp_path: Path, value: str, shown: str) -> None:
    assert one(tmp_path, f"id: mairie-a\nnom: {value}\n") == (
        2, 6, f"étiquette YAML « {shown} » non prise en charge : retirez-la.")


@pytest.mark.parametrize(("value", "tag"), [("!!int douze", "!!int"), ("!!float x", "!!float"),
                                            ("!!bool peut-être", "!!bool")])
def test_a_standard_tag_on_a_value_it_cannot_describe(tmp_path: Path, value: str, tag: str) -> None:
    text = value.split(" ", 1)[1]
    assert one(tmp_path, f"nom: {value}\n") == (
        1, 6, f"« {text} » ne peut pas être lu comme {tag} : retirez l'étiquette ou corrigez la valeur.")


@pytest.mark.parametrize(("content", "shown"), [("1: a\n", "1"), ("yes: a\n", "yes"), ("~: a\n", "~"),
                                                ("2025-03-10: a\n", None), ("1.5: a\n", "1.5")])
def test_keys_must_be_text(tmp_path: Path, content: str, shown: str | None) -> None:
    if shown is None:  # a date-looking key stays text, like any date
        assert parse_text(content)[0] == {"2025-03-10": "a"}
        return
    assert one(tmp_path, "id: mairie-a\n" + content) == (
        2, 1, f"la clé « {shown} » doit être un texte : mettez-la entre guillemets ou renommez-la.")


def test_a_list_as_key_is_refused(tmp_path: Path) -> None:
    assert one(tmp_path, "? [a, b]\n: c\n") == (
        1, 3, "une clé doit être un simple texte, pas une liste ni un dictionnaire : écrivez « nom: valeur ».")


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "!!float 1e999"])
def test_numbers_must_be_finite(tmp_path: Path, value: str) -> None:
    shown = value.removeprefix("!!float ")
    assert one(tmp_path, f"latitude: {value}\n") == (
        1, 11, f"« {shown} » n'est pas un nombre fini : écrivez un nombre.")


# --- syntax errors: French, where the user must act --------------------------------------------


def test_a_tab_in_indentation(tmp_path: Path) -> None:
    assert one(tmp_path, "id: mairie-a\nconvention:\n\tsignature: 2025-01-10\n") == (3, 1, TAB_HELP)


def test_a_tab_after_spaces_in_indentation(tmp_path: Path) -> None:
    assert one(tmp_path, "convention:\n  signature: 2025-01-10\n\tdeliberation: x\n") == (3, 1, TAB_HELP)


def test_a_tab_inside_a_value_is_fine(tmp_path: Path) -> None:
    assert parse_text("nom: a\tb\n")[0] == {"nom": "a\tb"}


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_points_at_the_opening_quote(tmp_path: Path, quote: str) -> None:
    content = f"id: mairie-a\nnom: {quote}Commune de test\ntype: collectivite\n"
    assert one(tmp_path, content) == (
        2, 6, "le texte entre guillemets qui commence ici n'est jamais fermé : ajoutez le guillemet fermant.")


def test_an_unclosed_bracket(tmp_path: Path) -> None:
    assert one(tmp_path, "id: mairie-a\ndemandeurs: [alice, bob\ntype: collectivite\n") == (
        3, 5, "le crochet « [ » ouvert ligne 2, colonne 13 n'est pas refermé, ou une virgule manque : "
              "ajoutez « ] » ou la virgule.")


def test_an_unclosed_brace(tmp_path: Path) -> None:
    assert one(tmp_path, "convention: {signature: 2025-01-10\ntype: collectivite\n") == (
        2, 5, "l'accolade « { » ouverte ligne 1, colonne 13 n'est pas refermée, ou une virgule manque : "
              "ajoutez « } » ou la virgule.")


@pytest.mark.parametrize(("content", "position", "message"), [
    ("nom: Commune: de test\n", (1, 13),
     "deux-points inattendu : mettez la valeur entre guillemets ou corrigez l'indentation."),
    ("nom: Commune\n  type: epci\n", (2, 7),
     "deux-points inattendu : mettez la valeur entre guillemets ou corrigez l'indentation."),
    ("nom: Commune\ntype\n", (2, 1), "deux-points attendu après la clé : écrivez « clé: valeur »."),
    ("nom: Commune\n- alice\n", (2, 1),
     "une clé est attendue ici : alignez cette ligne sur les clés de même niveau."),
    ("demandeurs:\n  - alice\n  bob: 1\n", (3, 3),
     "tiret de liste attendu : alignez cet élément sur les autres éléments de la liste."),
    ("nom: @commune\n", (1, 6),
     "le caractère « @ » ne peut pas commencer une valeur : mettez la valeur entre guillemets."),
    ('nom: "C:\\Dossier"\n', (1, 9),
     "séquence d'échappement (\\…) invalide dans un texte entre guillemets doubles : "
     "doublez la barre oblique inverse (\\\\) ou utilisez des guillemets simples."),
    ("nom: a\x07b\n", (1, 7),
     "caractère interdit (U+0007, caractère de contrôle invisible) : supprimez-le ou retapez le texte autour."),
    ("id: x\nnom: Médiathèque\x1b\n", (2, 17),
     "caractère interdit (U+001B, caractère de contrôle invisible) : supprimez-le ou retapez le texte autour."),
    ("a: &x 1\nb: &x 2\n", (2, 4), ALIAS_HELP),
])
def test_syntax_errors_are_explained_in_french(tmp_path: Path, content: str, position: tuple[int, int],
                                                message: str) -> None:
    assert one(tmp_path, content) == (*position, message)


# --- the layout of data/ ---------------------------------------------------------------------


def layout_findings(data_dir: Path) -> list[tuple[str, str]]:
    return [(f.path, f.message) for f in discover(data_dir, "data")[1]]


MISPLACED = ("fichier mal placé : data/ contient reseau.yaml, members/<id>.yaml, equipment/<id>.yaml "
             "et loans/<année>/<id>.yaml ; déplacez-le au bon endroit.")


def test_files_outside_the_layout(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    for name in ["loans/x.yaml", "members/sub/x.yaml", "loans/25/x.yaml", "loans/2026/sub/x.yaml",
                 "autres/x.yaml", "membres.yaml"]:
        write(data_dir, name, "id: x\n")
    assert sorted(layout_findings(data_dir)) == sorted([
        ("data/autres/x.yaml", MISPLACED), ("data/loans/25/x.yaml", MISPLACED),
        ("data/loans/2026/sub/x.yaml", MISPLACED), ("data/loans/x.yaml", MISPLACED),
        ("data/members/sub/x.yaml", MISPLACED), ("data/membres.yaml", MISPLACED),
    ])


def test_only_yaml_files_and_a_rename_hint_for_yml(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    write(data_dir, "members/mairie-b.yml", dump(member("mairie-b")))
    write(data_dir, "equipment/notes.txt", "à faire\n")
    write(data_dir, "loans/.gitkeep", "")
    assert sorted(layout_findings(data_dir)) == [
        ("data/equipment/notes.txt",
         "seuls des fichiers .yaml sont attendus dans data/ : déplacez ce fichier hors de data/."),
        ("data/members/mairie-b.yml", "seuls des fichiers .yaml sont attendus dans data/ : renommez-le en .yaml."),
    ]


def test_missing_network_file(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path)
    (data_dir / "reseau.yaml").unlink()
    findings = check(data_dir).findings
    assert findings[0].as_text() == ("data/reseau.yaml:1:1: erreur [fichier] le fichier du réseau est absent : "
                                     "créez data/reseau.yaml.")


def test_every_broken_file_is_reported_in_one_run(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, members=[member("mairie-a"), member("mairie-b"), member("mairie-c")])
    write(data_dir, "members/mairie-b.yaml", "id: mairie-b\nnom: [\n")
    write(data_dir, "members/mairie-c.yaml", b"id: mairie-c\nnom: \xff\n")
    paths = [f.path for f in check(data_dir, TODAY).findings if f.rule == "fichier"]
    assert paths == ["data/members/mairie-b.yaml", "data/members/mairie-c.yaml"]


PLAIN_SCALARS = ["", "~", "null", "Null", "NULL", "true", "True", "yes", "no", "on", "Off", "y", "n", "0", "-1",
                 "+12", "0x1F", "0o17", "017", "1_000", "1.5", "-.5", "1e3", ".inf", "-.Inf", ".nan", "1:30",
                 "2025-03-10", "2025-03-10T09:30", "2025-03-10 09:30:00", "<<", "=", "texte", "Saint-Lô",
                 "12 rue", "@login", "#", "[", "é", "W123456789", "50129"]


@pytest.mark.parametrize("value", PLAIN_SCALARS)
def test_lean_resolver_gives_pyyaml_tags_except_timestamps(value: str) -> None:
    """StrictLoader.resolve is PyYAML's, minus timestamps and path resolvers."""
    from generator.load import StrictLoader

    reference = yaml.SafeLoader("")
    ours = StrictLoader("")
    for implicit in [(True, False), (False, True)]:
        expected = reference.resolve(yaml.ScalarNode, value, implicit)
        if expected == "tag:yaml.org,2002:timestamp":
            expected = "tag:yaml.org,2002:str"
        assert ours.resolve(yaml.ScalarNode, value, implicit) == expected
    assert ours.resolve(yaml.SequenceNode, None, (False, False)) == reference.resolve(yaml.SequenceNode, None, (False, False))
    assert ours.resolve(yaml.MappingNode, None, (False, False)) == reference.resolve(yaml.MappingNode, None, (False, False))
    ours.dispose()


# --- the quick conversion (no positions, no alias) against the full one ---------------

_SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in
                 sorted((Path(__file__).resolve().parent.parent / "data").rglob("*.yaml"))[:12]]


def _outcome(text: str, with_positions: bool) -> object:
    from generator.load import _Problem

    try:
        return ("ok", parse_text(text, with_positions)[0])
    except _Problem as problem:
        return ("problem", problem.line, problem.column, problem.message)


@settings(max_examples=300, deadline=None)
@given(index=st.integers(0, len(_SAMPLE_TEXTS) - 1),
       edits=st.lists(st.tuples(st.booleans(), st.integers(0, 10_000), st.integers(0, 3),
                                st.sampled_from([":", "-", "&a ", "!!int ", "!!str ", "'", '"', "[", "{", "#", "\t",
                                                 "\n", "  ", "<<: ", "12", "~", "x: y\n", "- z\n", "id: double\n",
                                                 "statut: x\n", "1: un\n", "? [a]\n", "  - !!float 1\n"])),
                      max_size=3))
def test_the_quick_conversion_gives_what_the_full_one_gives(index: int,
                                                            edits: list[tuple[bool, int, int, str]]) -> None:
    """Same values, or the same located problem, whichever way a mutated sample file is read."""
    text = _SAMPLE_TEXTS[index]
    for at_line_start, position, removed, inserted in edits:
        if at_line_start:  # whole lines: duplicated keys, keys that are not texts, tags…
            starts = [0] + [offset + 1 for offset, char in enumerate(text) if char == "\n"]
            position = starts[position % len(starts)]
            removed = 0
        position %= len(text) + 1
        text = text[:position] + inserted + text[position + removed:]
    assert _outcome(text, False) == _outcome(text, True)


def test_a_released_mapping_refuses_every_read():
    """A loan's mapping is released once its record holds what the rules read
    (model.record_of): reading it afterwards is a bug, and fails loudly."""
    import pickle

    import pytest

    from generator.load import RELEASED, Document

    document = Document("data/loans/2026/pret-a.yaml", "pret", {"id": "pret-a"})
    document.release()
    for read in (lambda d: d["id"], lambda d: d.get("id"), lambda d: "id" in d, lambda d: list(d), len):
        with pytest.raises(RuntimeError, match="released"):
            read(document.data)
    assert pickle.loads(pickle.dumps(document.data)) is RELEASED


def test_is_loan_file_says_what_the_loader_says() -> None:
    import itertools

    from generator.load import is_loan_file, kind_for

    pieces = ["loans", "2026", "202", "20266", "a.yaml", ".yaml", "x.yml", "members", "", "²026", "loans/2026"]
    for count in range(1, 5):
        for combination in itertools.product(pieces, repeat=count):
            path = "/".join(combination)
            parts = tuple(path.split("/"))
            assert is_loan_file(path) == (parts[-1].endswith(".yaml") and kind_for(parts) == "pret"), path
