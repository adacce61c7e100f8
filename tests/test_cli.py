"""``tna validate`` as a user and as CI run it: exit codes, the three formats, the step summary.

Most tests call ``generator.cli.main`` in-process; one runs the installed console script.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factory import TODAY, dump, line_of, member, place, write_dataset
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
DAY = TODAY.isoformat()
SUMMARY = re.compile(r"^\d+ erreur\(s\), \d+ avertissement\(s\)\.$|^Aucun problème trouvé\.$")
TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>erreur|avertissement) "
                       r"\[(?P<rule>[a-z0-9-]+)\](?: (?P<article>Art\. [^—]+) —)? (?P<message>.+)$")
ANNOTATION = re.compile(r"^::(?P<level>error|warning) file=(?P<file>[^,:]*),line=(?P<line>\d+),col=(?P<col>\d+),"
                        r"title=(?P<title>[^,:]*)::(?P<message>.*)$")


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose CI variables themselves, even when the suite runs in GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_exit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """For usage errors, which argparse signals with SystemExit."""
    with pytest.raises(SystemExit) as raised:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(raised.value.code or 0), out, err


def invalid_dataset(root: Path) -> Path:
    """A warning in mairie-a (agreement ending soon) and an error in mairie-b (latitude as text)."""
    bad_place = place("lieu-b", latitude="49,1")
    members = [member("mairie-a", convention={"signature": "2023-06-01"}), member("mairie-b", lieux=[bad_place])]
    return write_dataset(root, members=members)


def warning_only_dataset(root: Path) -> Path:
    return write_dataset(root, members=[member(convention={"signature": "2023-06-01"})])


# --- exit codes -------------------------------------------------------------------------------


def test_valid_data_exits_0(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert run(capsys, "validate", "--data", str(data_dir), "--today", DAY) == (0, "Aucun problème trouvé.\n", "")


def test_warnings_alone_exit_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = warning_only_dataset(tmp_path)
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY)
    assert code == 0
    assert out.splitlines()[-1] == "0 erreur(s), 1 avertissement(s)."
    assert TEXT_LINE.match(out.splitlines()[0])["severity"] == "avertissement"  # type: ignore[index]


def test_errors_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = invalid_dataset(tmp_path)
    code, out, err = run(capsys, "validate", "--data", str(data_dir), "--today", DAY)
    assert (code, err) == (1, "")
    assert out.splitlines()[-1] == "1 erreur(s), 1 avertissement(s)."


@pytest.mark.parametrize(("argv", "message"), [
    (["validate", "--bogus"], "tna validate : erreur d'utilisation : option ou argument inconnu : --bogus (voir --help)"),
    (["validate", "--aujourdhui", "2026-02-30"],
     "tna validate : erreur d'utilisation : argument --aujourdhui : « 2026-02-30 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"),
    (["validate", "--today", "demain"],
     "tna validate : erreur d'utilisation : argument --aujourdhui : « demain » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"),
    (["validate", "--aujourdhui"], "tna validate : erreur d'utilisation : l'option --aujourdhui attend une valeur"),
    (["validate", "--format", "xml"],
     "tna validate : erreur d'utilisation : argument --format : « xml » n'est pas un choix possible "
     "(choisissez parmi : github, json, text)"),
    (["validate", "--format", "jsn"],
     "tna validate : erreur d'utilisation : argument --format : « jsn » n'est pas un choix possible "
     "(choisissez parmi : github, json, text) ; vouliez-vous dire « json » ?"),
    (["validate", "--tod", "2026-04-15"],
     "tna validate : erreur d'utilisation : option ou argument inconnu : --tod 2026-04-15 (voir --help)"),
    (["validate", "--aujourdui", "2026-04-15"],
     "tna validate : erreur d'utilisation : option ou argument inconnu : --aujourdui 2026-04-15 ; "
     "vouliez-vous dire --aujourdhui ? (voir --help)"),
    ([], "tna : erreur d'utilisation : argument obligatoire manquant : COMMANDE (voir --help)"),
])
def test_usage_errors_exit_2_in_french(capsys: pytest.CaptureFixture[str], data_dir: Path, argv: list[str],
                                       message: str) -> None:
    code, out, err = run_exit(capsys, *argv, *(["--donnees", str(data_dir)] if argv else []))
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == message


def test_a_missing_data_folder_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nulle-part"
    assert run(capsys, "validate", "--data", str(missing), "--today", DAY) == (
        2, "", f"tna : le dossier de données « {missing.as_posix()} » est introuvable : "
               "lancez la commande depuis la racine du dépôt ou passez --donnees.\n")


def test_a_data_path_that_is_a_file_exits_2(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "validate", "--data", str(data_dir / "reseau.yaml"), "--today", DAY)
    assert (code, out) == (2, "")
    assert "est introuvable" in err


def test_default_data_folder_is_data_in_the_working_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    invalid_dataset(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", "--today", DAY)
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["data/members/mairie-a.yaml",
                                                                       "data/members/mairie-b.yaml"]


# --- the three formats ------------------------------------------------------------------------


def test_text_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = invalid_dataset(tmp_path)
    label = data_dir.as_posix()
    path = data_dir / "members" / "mairie-b.yaml"
    code, out, _ = run(capsys, "validate", "--data", label, "--today", DAY, "--format", "text")
    lines = out.splitlines()
    assert code == 1
    assert lines == [
        f"{label}/members/mairie-a.yaml:{line_of(path.with_name('mairie-a.yaml'), 'signature')}:3: avertissement [preavis-avenant] Art. 9 — "
        "la convention de « mairie-a » prend fin le 31/05/2026 et la date limite de demande d'avenant ou de "
        "renouvellement (01/03/2026) est dépassée : contactez le Département sans attendre pour la renouveler.",
        f"{label}/members/mairie-b.yaml:{line_of(path, '49,1')}:13: erreur [schema] « latitude » (Latitude) doit "
        "être un nombre, pas un texte : écrivez 49.1 sans guillemets, avec un point comme séparateur décimal.",
        "1 erreur(s), 1 avertissement(s).",
    ]
    for line in lines[:-1]:
        assert TEXT_LINE.match(line), line
    assert SUMMARY.match(lines[-1])


def test_json_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = invalid_dataset(tmp_path)
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY, "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert (payload["erreurs"], payload["avertissements"]) == (1, 1)
    path = data_dir / "members" / "mairie-b.yaml"
    assert payload["constats"][1] == {
        "fichier": f"{data_dir.as_posix()}/members/mairie-b.yaml", "ligne": line_of(path, "49,1"), "colonne": 13,
        "regle": "schema", "gravite": "erreur", "article": "", "article_lien": "",
        "message": "« latitude » (Latitude) doit être un nombre, pas un texte : "
                   "écrivez 49.1 sans guillemets, avec un point comme séparateur décimal.",
    }
    assert [c["gravite"] for c in payload["constats"]] == ["avertissement", "erreur"]
    assert payload["constats"][0]["article_lien"] == "convention/#article-9"


def test_json_format_with_no_finding(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY, "--format", "json")
    assert (code, json.loads(out)) == (0, {"erreurs": 0, "avertissements": 0, "constats": []})


def check_annotations(out: str) -> list[re.Match[str]]:
    """Every line is an annotation except the last, the summary."""
    lines = out.splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    matches = []
    for line in lines[:-1]:
        match = ANNOTATION.match(line)
        assert match, line
        matches.append(match)
    return matches


def test_github_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = invalid_dataset(tmp_path)
    path = data_dir / "members" / "mairie-b.yaml"
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY, "--format", "github")
    annotations = check_annotations(out)
    assert code == 1
    folder = f"{data_dir.as_posix()}/members"
    assert [a.groupdict() for a in annotations] == [
        {"level": "warning", "file": f"{folder}/mairie-a.yaml",
         "line": str(line_of(path.with_name("mairie-a.yaml"), "signature")), "col": "3",
         "title": "[preavis-avenant] Art. 9",
         "message": "la convention de « mairie-a » prend fin le 31/05/2026 et la date limite de demande d'avenant "
                    "ou de renouvellement (01/03/2026) est dépassée : contactez le Département sans attendre pour "
                    "la renouveler."},
        {"level": "error", "file": f"{folder}/mairie-b.yaml", "line": str(line_of(path, "49,1")), "col": "13",
         "title": "[schema]",
         "message": "« latitude » (Latitude) doit être un nombre, pas un texte : "
                    "écrivez 49.1 sans guillemets, avec un point comme séparateur décimal."},
    ]


def test_github_escaping_of_data_and_properties(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = write_dataset(tmp_path)
    # A file name with ":" and "," (escaped in properties), a key with "%" and a line break (escaped in data).
    record = member("mairie-a")
    record["taux %\nde remplissage"] = 1
    (data_dir / "members" / "mairie-a.yaml").write_text(dump(record), encoding="utf-8")
    (data_dir / "members" / "a,b:c.yaml").write_text("id: a\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", "--today", DAY, "--format", "github")
    annotations = check_annotations(out)
    assert code == 1
    files = {a["file"] for a in annotations}
    assert files == {"data/members/a%2Cb%3Ac.yaml", "data/members/mairie-a.yaml"}
    [unknown] = [a for a in annotations if "clé inconnue" in a["message"]]
    assert unknown["message"].startswith("clé inconnue « taux %25%0Ade remplissage » : ")
    assert "\n" not in unknown["message"] and "%" not in unknown["message"].replace("%25", "").replace("%0A", "")


def test_github_is_chosen_automatically_in_github_actions(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = invalid_dataset(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY)
    assert code == 1
    assert [a["level"] for a in check_annotations(out)] == ["warning", "error"]
    # an explicit --format still wins
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY, "--format", "text")
    assert out.splitlines()[-1] == "1 erreur(s), 1 avertissement(s)." and not out.startswith("::")


def test_step_summary_is_appended_with_escaping(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = write_dataset(tmp_path)
    record = member("mairie-a")
    record["<script>alert(1)</script>|x"] = 1
    (data_dir / "members" / "mairie-a.yaml").write_text(dump(record), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("# Étape précédente\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY)
    text = summary.read_text(encoding="utf-8")
    assert code == 1
    assert text.startswith("# Étape précédente\n## Vérification des données du réseau\n")
    assert "| Gravité | Fichier | Ligne | Règle | Article | Message |" in text
    assert "<script>" not in text
    [row] = [line for line in text.splitlines() if "clé inconnue" in line]
    assert "« &lt;script&gt;alert(1)&lt;/script&gt;\\|x »" in row
    # the row still has exactly seven unescaped pipes: six cells
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    line = line_of(data_dir / "members" / "mairie-a.yaml", "<script>")
    assert row.startswith(f"| erreur | `{data_dir.as_posix()}/members/mairie-a.yaml` | {line} | schema |  | ")


def test_no_step_summary_outside_the_github_format(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = invalid_dataset(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "validate", "--data", str(data_dir), "--today", DAY, "--format", "json")
    assert not summary.exists()


# --- nothing written --------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder under ``folder``: modification time and content."""
    state: dict[str, tuple[int, bytes]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            state[path.relative_to(folder).as_posix()] = (info.st_mtime_ns, content)
    return state


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_validate_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    invalid_dataset(tmp_path / "depot")
    data_dir = tmp_path / "depot" / "data"
    (data_dir / "members" / "casse.yaml").write_text("nom: [\n", encoding="utf-8")
    (data_dir / "members" / "vieux.yml").write_text("id: vieux\n", encoding="utf-8")
    work = tmp_path / "ailleurs"
    work.mkdir()
    monkeypatch.chdir(work)
    before = snapshot(tmp_path)
    code, out, _ = run(capsys, "validate", "--data", str(data_dir), "--today", DAY, "--format", fmt)
    assert code == 1 and out
    assert snapshot(tmp_path) == before


# --- the real command, the real sample --------------------------------------------------------


def test_the_console_script_in_a_real_process(tmp_path: Path) -> None:
    data_dir = invalid_dataset(tmp_path)
    script = Path(sys.executable).parent / "tna"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "generator.cli"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    result = subprocess.run([*command, "validate", "--data", "data", "--today", DAY], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[-1] == "1 erreur(s), 1 avertissement(s)."
    assert re.match(r"^data/members/mairie-b\.yaml:\d+:13: erreur \[schema\] « latitude »", result.stdout.splitlines()[1])
    usage = subprocess.run([*command, "validate", "--today", "hier"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120, check=False)
    assert usage.returncode == 2 and "« hier » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)" in usage.stderr


def test_the_sample_data_validates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(ROOT / "data"), "--today", "2026-04-15")
    errors = [line for line in out.splitlines() if ": erreur [" in line]
    assert (code, errors) == (0, [])


def test_the_date_can_be_pinned_by_environment_for_a_demonstration(tmp_path, monkeypatch, capsys):
    """TNA_AUJOURDHUI stands in for --today (the demo repository's workflows set it); --today wins."""
    from factory import loan, write_dataset

    data_dir = write_dataset(tmp_path, loans=[loan(statut="retire", etat_retrait={
        "date": "2026-05-04T09:00", "par": "agent-dep", "composants": [
            {"materiel": "kit-vr", "composant": "valise", "etat": "bon"},
            {"materiel": "kit-vr", "composant": "casque", "etat": "bon"}]})])
    monkeypatch.setenv("TNA_AUJOURDHUI", "2026-05-20")
    assert main(["validate", "--data", str(data_dir), "--format", "json"]) == 1
    assert "retard-restitution" in capsys.readouterr().out
    assert main(["validate", "--data", str(data_dir), "--today", "2026-05-10", "--format", "json"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("TNA_AUJOURDHUI", "demain")
    assert main(["validate", "--data", str(data_dir)]) == 2
    assert "TNA_AUJOURDHUI" in capsys.readouterr().err


def test_date_options_take_the_french_form_too(data_dir, capsys):
    """--today (like every date option) reads 15/04/2026 as well as 2026-04-15; 31/02/2026 is refused."""
    assert main(["validate", "--data", str(data_dir), "--today", "15/04/2026"]) == 0
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--data", str(data_dir), "--today", "31/02/2026"])
    assert exit_.value.code == 2
    assert "« 31/02/2026 » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)" in capsys.readouterr().err


def test_each_command_module_matches_its_row_and_its_help_is_read_without_importing_it() -> None:
    import importlib

    from generator.cli import COMMANDS, command_help

    for name, module_path in COMMANDS:
        module = importlib.import_module(module_path)
        assert module.NAME == name
        assert command_help(module_path) == module.HELP


def test_help_imports_no_command_module() -> None:
    """Cold start: ``tna --help`` imports the parser, not the pipeline, the site or GitPython."""
    probe = ("import sys\nfrom generator.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = set(result.stderr.split())
    assert "generator.cli" in loaded
    heavy = {"generator.pipeline", "generator.render", "generator.commands.validate", "git", "jinja2",
             "icalendar", "jsonschema", "yaml", "holidays"}
    assert loaded & heavy == set()


def test_the_step_summary_links_each_article_to_the_convention_page(capsys: pytest.CaptureFixture[str],
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = invalid_dataset(tmp_path)
    network = yaml.safe_load((data_dir / "reseau.yaml").read_text(encoding="utf-8"))
    network["site"] = {"url": "https://exemple.github.io/reseau/"}
    (data_dir / "reseau.yaml").write_text(dump(network), encoding="utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run(capsys, "validate", "--donnees", str(data_dir), "--aujourdhui", DAY, "--format", "github")
    [row] = [line for line in summary.read_text(encoding="utf-8").splitlines() if "preavis-avenant" in line]
    assert "| [Art. 9](https://exemple.github.io/reseau/convention/#article-9) |" in row
