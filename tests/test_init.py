"""tna init: another département starts its own network repository, imports its places, lends, publishes."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
import yaml
from factory import Runner, item
from national_rows import EXAMPLE_CSV, csv_bytes, generated_rows

from generator.commands.init import TOOL_DIRS

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-04-15"
OPTIONS = (
    "--departement-nom", "Département de la Marne", "--departement-code", "51",
    "--siege-adresse", "2 bis rue de Jessaint", "--siege-code-postal", "51000",
    "--siege-commune", "Châlons-en-Champagne", "--siege-horaires", "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "--siege-courriel", "reseau-tna@exemple-marne.fr", "--equipe", "agent-marne-1,agent-marne-2",
    "--site-url", "https://exemple-marne.github.io/reseau-tna/", "--depot", "https://github.com/exemple-marne/reseau-tna",
)


def sample_words() -> set[str]:
    """What names the Manche sample: its members', places' and items' ids, its staff logins."""
    data = ROOT / "data"
    words = {path.stem for folder in ("members", "equipment") for path in (data / folder).glob("*.yaml")}
    for path in (data / "members").glob("*.yaml"):
        words |= {place["id"] for place in yaml.safe_load(path.read_text(encoding="utf-8"))["lieux"]}
    words |= set(yaml.safe_load((data / "reseau.yaml").read_text(encoding="utf-8"))["equipe"])
    return words


def network_files(target: Path) -> dict[str, str]:
    """The repository's own files (not the tool's code and schemas, which are the project's)."""
    return {path.relative_to(target).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(target.rglob("*")) if path.is_file() and ".git" not in path.relative_to(target).parts
            and path.relative_to(target).parts[0] not in ("generator", "schemas", "node_modules")}


def test_a_new_departement_adopts_the_project_in_an_afternoon(tmp_path: Path, tna: Runner,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "reseau-tna-marne"
    result = tna("init", target, *OPTIONS)
    assert result.returncode == 0, result.stdout + result.stderr
    repo = git.Repo(target)
    assert [commit.message for commit in repo.iter_commits()] == [
        "Nouveau réseau : Réseau des territoires numériques apprenants (Département de la Marne), créé par tna init"]
    assert not repo.is_dirty(untracked_files=True)

    # The network's files: its own reseau.yaml and empty folders, nothing of the Manche sample.
    files = network_files(target)
    assert sorted(name for name in files if name.startswith("data/")) == [
        "data/equipment/.gitkeep", "data/loans/.gitkeep", "data/members/.gitkeep", "data/reseau.yaml"]
    for name in (".github/workflows/verifier.yml", ".github/workflows/publier.yml", ".github/CODEOWNERS",
                 ".github/ISSUE_TEMPLATE/demande-de-pret.yml", ".pre-commit-config.yaml", "README.md", "mkdocs.yml",
                 "Makefile", "docs/index.md"):
        assert name in files
    words = sample_words() | {"Manche", "Saint-Lô", "Candol"}
    leaks = sorted({(name, word) for name, content in files.items() for word in words
                    if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", content)})
    assert leaks == []
    assert "@agent-marne-1 @agent-marne-2" in files[".github/CODEOWNERS"]
    assert "Le Département de la Marne anime un réseau" in files["docs/index.md"]
    reseau = yaml.safe_load(files["data/reseau.yaml"])
    assert reseau["departement"] == {"nom": "Département de la Marne", "code": "51"}
    assert reseau["equipe"] == ["agent-marne-1", "agent-marne-2"]
    for folder in TOOL_DIRS:  # the tool itself, as the project ships it
        copied = {p.relative_to(target / folder) for p in (target / folder).rglob("*") if p.is_file()}
        assert {p.relative_to(ROOT / folder) for p in (ROOT / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts} - copied == set()

    # Places from the national standard: the official example (Reims, 51) and 200 places over 51 and 08.
    monkeypatch.chdir(target)
    env = {"TNA_AUJOURDHUI": TODAY}
    result = tna("import-lieux", EXAMPLE_CSV, "--type", "deduit")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = generated_rows(200, ("51", "08"))
    (tmp_path / "lieux-national.csv").write_bytes(csv_bytes(rows))
    result = tna("import-lieux", tmp_path / "lieux-national.csv", "--type", "deduit")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "200 lieux lus ; 100 dans le département 51, 100 ailleurs (non importés)." in result.stdout
    members = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
               for path in (target / "data" / "members").glob("*.yaml")}
    places = {place["id"] for data in members.values() for place in data["lieux"]}
    assert places == {"structure-1"} | {row["id"] for row in rows if row["code_insee"].startswith("51")}
    assert len(members) == 9

    # The staff record one member's signed agreement, its insurance and its requester, and one item.
    member_id = next(name for name, data in members.items() if data["type"] == "collectivite")
    member_file = target / "data" / "members" / f"{member_id}.yaml"
    member_file.write_text(member_file.read_text(encoding="utf-8").replace(
        "demandeurs: []\n", "demandeurs: [mediatrice-marne]\nconvention:\n  signature: 2026-01-05\n"
                            "assurance:\n  assureur: Assureur de la commune\n  fin: 2027-12-31\n"), encoding="utf-8")
    equipment = item("kit-vr", nom="Casques de réalité virtuelle")
    (target / "data" / "equipment" / "kit-vr.yaml").write_text(yaml.safe_dump(equipment, allow_unicode=True),
                                                               encoding="utf-8")
    place_id = members[member_id]["lieux"][0]["id"]
    result = tna("new-loan", "--membre", member_id, "--lieu", place_id, "--materiel", "kit-vr",
                 "--debut", "2026-05-04", "--fin", "2026-05-07", "--retrait", "09:30", "--restitution", "16:00",
                 "--objet", "Ateliers de découverte de la réalité virtuelle pour les seniors.",
                 "--login", "mediatrice-marne", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((target / "data" / "loans" / "2026").glob("*.yaml"))) == 1

    result = tna("validate", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 erreur(s)" in result.stdout or "Aucun problème" in result.stdout

    # Leaflet as `npm ci` installs it in the network's repository (the test never reaches the registry).
    shutil.copytree(ROOT / "node_modules" / "leaflet", target / "node_modules" / "leaflet")
    result = tna("build", "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "site" / "index.html").is_file()
    assert (target / "site" / "lieux" / "structure-1" / "index.html").is_file()
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert "Département de la Marne" in home and "Manche" not in home


def test_the_questions_are_asked_when_options_are_missing(tmp_path: Path) -> None:
    target = tmp_path / "reseau"
    answers = "\n".join([
        "Département du Bas-Rhin", "6", "67", "1 place du Quartier Blanc", "67000", "Strasbourg",
        "", "reseau@exemple-alsace.fr", "@agent-alsace, agent-deux", "http://pas-https.fr", "", "",
    ]) + "\n"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "init", str(target)], input=answers,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✗ « 6 » n'est pas un numéro de département (ex. 51, 2A, 971)." in result.stdout
    assert "✗ « http://pas-https.fr » n'est pas une adresse https:// sans espace ni guillemet." in result.stdout
    reseau = yaml.safe_load((target / "data" / "reseau.yaml").read_text(encoding="utf-8"))
    assert reseau["departement"]["code"] == "67" and reseau["equipe"] == ["agent-alsace", "agent-deux"]
    assert reseau["siege"]["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
    assert "url" not in reseau["site"]


def test_a_folder_in_use_or_a_bad_option_creates_nothing(tmp_path: Path, tna: Runner) -> None:
    used = tmp_path / "pris"
    used.mkdir()
    (used / "notes.txt").write_text("à garder", encoding="utf-8")
    result = tna("init", used, *OPTIONS)
    assert (result.returncode, result.stderr) == (
        2, f"tna : « {used} » existe déjà et n'est pas un dossier vide : choisissez un nouveau dossier.\n")
    assert [path.name for path in used.iterdir()] == ["notes.txt"]

    target = tmp_path / "nouveau"
    bad = list(OPTIONS)
    bad[bad.index("--siege-horaires") + 1] = "du lundi au vendredi"
    result = tna("init", target, *bad)
    assert result.returncode == 2
    assert result.stderr == ("tna : --siege-horaires : « du lundi au vendredi » n'est pas lisible au format "
                             "OpenStreetMap opening_hours : écrivez par exemple « Mo-Fr 08:30-12:30,13:30-17:00; "
                             "PH off ».\n")
    assert not target.exists()


def _adoption_commands() -> list[list[str]]:
    """The shell lines of the README's adoption section, continuation lines joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adopting it in another département", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line) for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def test_the_readme_adoption_walkthrough_runs(tmp_path: Path, tna: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _adoption_commands()
    assert [command[:2] for command in commands] == [["tna", "init"], ["cd", "../reseau-tna-marne"],
                                                     ["tna", "import-lieux"], ["tna", "validate"]]
    work = tmp_path / "travail"
    work.mkdir()
    monkeypatch.chdir(work)
    for command in commands:
        if command[0] == "cd":
            monkeypatch.chdir(Path.cwd() / command[1])
            # The file the Département downloads from the national cartography (here, the standard's example).
            shutil.copyfile(EXAMPLE_CSV, Path.cwd() / "lieux-de-mediation-numerique.csv")
            continue
        result = tna(*command[1:], env={"TNA_AUJOURDHUI": TODAY})
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert [path.name for path in (tmp_path / "reseau-tna-marne" / "data" / "members").glob("*.yaml")] == [
        "siret-de-la-ville-pour-une-bibliotheque.yaml"]
