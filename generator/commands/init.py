"""``tna init``: a new network repository for another département, validated and committed.

It writes ``data/reseau.yaml`` from the answers (or the options), empty ``members/``,
``equipment/`` and ``loans/`` folders, and copies the project's own tool files: the
checker and its schemas (the ``verifier`` workflow judges each pull request with the
base branch's copy, so the repository carries it), the workflows, the issue form, the
pre-commit hook, the MkDocs configuration and the hand-written pages of the site. The
files that named the sample network are adapted: ``CODEOWNERS`` lists the staff, the
issue form's examples are generic, the site's texts name the new Département, the
Makefile checks as of the real date, and the README is written for that network.
Nothing of the sample data is copied. Then ``tna validate`` must pass, and a first
commit is made with GitPython.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

import git
import opening_hours

from ..pipeline import validate
from ..vocabulary import is_login
from .common import EXIT_FINDINGS, EXIT_OK, UsageError, emit_findings
from .prompting import AnswerError, ask, say

NAME = "init"
HELP = "crée le dépôt d'un nouveau réseau (autre département) : reseau.yaml, workflows, site, premier commit"

# What a network repository takes from the project (paths relative to the project's root).
TOOL_FILES = ("pyproject.toml", "Makefile", "mkdocs.yml", "package.json", "package-lock.json", ".gitignore",
              ".pre-commit-config.yaml")
TOOL_GLOBS = ("requirements*.txt", "*.lock")
TOOL_DIRS = ("generator", "schemas", ".github", "docs")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".mypy_cache", ".pytest_cache")
SAMPLE_DEPARTEMENT = "Département de la Manche"
SAMPLE_TEXT_FILES = ("docs/index.md", "docs/accessibilite.md", ".github/ISSUE_TEMPLATE/demande-de-pret.yml",
                     ".github/pull_request_template.md", "mkdocs.yml")
NETWORK_NAME = "Réseau des territoires numériques apprenants"
GENERIC_IDS = {"membre": "identifiant-de-votre-structure", "lieu": "identifiant-du-lieu",
               "materiel": "identifiant-du-materiel"}

_CODE = re.compile(r"^([013-9]\d|2[AB1-9]|97\d)$")
_POSTCODE = re.compile(r"^\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_URL = re.compile(r"^https://[^\s\"'<>`]+$")


@dataclass(frozen=True)
class Answers:
    network_name: str
    department_name: str
    department_code: str
    hq_name: str
    hq_address: str
    hq_postcode: str
    hq_commune: str
    hq_hours: str
    hq_email: str
    staff: tuple[str, ...]
    site_url: str | None
    repository_url: str | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", type=Path, metavar="DOSSIER", help="dossier du nouveau dépôt (absent ou vide)")
    parser.add_argument("--nom", metavar="TEXTE", help=f"nom du réseau (par défaut : {NETWORK_NAME})")
    parser.add_argument("--departement-nom", metavar="TEXTE", help="nom du Département (ex. Département de la Marne)")
    parser.add_argument("--departement-code", metavar="CODE",
                        help="numéro du département (ex. 51, 2A, 971) : il fixe aussi le calendrier des jours fériés")
    parser.add_argument("--siege-nom", metavar="TEXTE", help="lieu de retrait du matériel (par défaut : Maison du "
                                                              "Département)")
    parser.add_argument("--siege-adresse", metavar="TEXTE", help="adresse (numéro et voie) de la Maison du Département")
    parser.add_argument("--siege-code-postal", metavar="CODE", help="code postal de la Maison du Département")
    parser.add_argument("--siege-commune", metavar="TEXTE", help="commune de la Maison du Département")
    parser.add_argument("--siege-horaires", metavar="HORAIRES",
                        help="heures de retrait et de restitution, au format OpenStreetMap opening_hours "
                             "(ex. « Mo-Fr 08:30-12:30,13:30-17:00; PH off »)")
    parser.add_argument("--siege-courriel", metavar="ADRESSE", help="adresse fonctionnelle de l'équipe (publiée)")
    parser.add_argument("--equipe", action="append", default=[], metavar="LOGIN[,LOGIN…]",
                        help="identifiant GitHub d'un agent du Département (répétable, ou liste séparée par des "
                             "virgules)")
    parser.add_argument("--site-url", metavar="URL", help="adresse publique du site (https://…), facultative")
    parser.add_argument("--depot", metavar="URL", help="adresse du dépôt (https://github.com/…), facultative")


# --- answers ----------------------------------------------------------------------------------------

def _text(limit: int) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        if not answer.strip():
            raise AnswerError("une réponse est attendue.")
        if len(answer) > limit or any(char in answer for char in "\n\r\t"):
            raise AnswerError(f"une seule ligne de {limit} caractères au plus.")
        return answer.strip()
    return parse


def _matching(pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        if not pattern.fullmatch(answer.strip()):
            raise AnswerError(f"« {answer} » n'est pas {what}.")
        return answer.strip()
    return parse


def _hours(answer: str) -> str:
    if not answer.strip() or not opening_hours.validate(answer.strip()):
        raise AnswerError(f"« {answer} » n'est pas lisible au format OpenStreetMap opening_hours : écrivez par "
                          "exemple « Mo-Fr 08:30-12:30,13:30-17:00; PH off ».")
    return answer.strip()


def _logins(answer: str) -> tuple[str, ...]:
    logins = tuple(dict.fromkeys(part.strip().lstrip("@") for part in answer.replace(" ", ",").split(",")
                                 if part.strip()))
    if not logins:
        raise AnswerError("au moins un identifiant GitHub est attendu.")
    for login in logins:
        if not is_login(login):
            raise AnswerError(f"« {login} » n'est pas un identifiant GitHub (lettres, chiffres et tirets).")
    return logins


def _optional_url(answer: str) -> str | None:
    if not answer.strip():
        return None
    return _matching(_URL, "une adresse https:// sans espace ni guillemet")(answer)


def _answer(option: str | None, question: str, parse: Callable[[str], str], default: str | None = None,
            flag: str = "") -> str:
    """The option's value, checked (a bad one is a usage error), else the typed answer."""
    if option is not None:
        try:
            return parse(option)
        except AnswerError as problem:
            raise UsageError(f"{flag} : {problem}") from None
    return ask(question, parse, default)


def gather(args: argparse.Namespace) -> Answers:
    department_name = _answer(args.departement_nom, "Nom du Département (ex. Département de la Marne)", _text(200),
                              flag="--departement-nom")
    code = _answer(args.departement_code, "Numéro du département (ex. 51, 2A, 971)",
                   _matching(_CODE, "un numéro de département (ex. 51, 2A, 971)"), flag="--departement-code")
    hq_name = _text(200)(args.siege_nom) if args.siege_nom is not None else "Maison du Département"
    address = _answer(args.siege_adresse, f"Adresse de la {hq_name} (numéro et voie)", _text(200),
                      flag="--siege-adresse")
    postcode = _answer(args.siege_code_postal, "Code postal", _matching(_POSTCODE, "un code postal à 5 chiffres"),
                       flag="--siege-code-postal")
    commune = _answer(args.siege_commune, "Commune", _text(100), flag="--siege-commune")
    hours = _answer(args.siege_horaires, "Heures de retrait et de restitution (OpenStreetMap opening_hours)", _hours,
                    "Mo-Fr 09:00-12:00,14:00-17:00; PH off", flag="--siege-horaires")
    email = _answer(args.siege_courriel, "Adresse électronique fonctionnelle de l'équipe (publiée)",
                    _matching(_EMAIL, "une adresse électronique"), flag="--siege-courriel")
    if args.equipe:
        try:
            staff = _logins(",".join(args.equipe))
        except AnswerError as problem:
            raise UsageError(f"--equipe : {problem}") from None
    else:
        staff = ask("Identifiants GitHub des agents de l'équipe (séparés par des virgules)", _logins)
    site_url = _optional_url(args.site_url) if args.site_url is not None else \
        ask("Adresse publique du site (https://…, Entrée pour plus tard)", _optional_url, "")
    repository = _optional_url(args.depot) if args.depot is not None else \
        ask("Adresse du dépôt (https://github.com/…, Entrée pour plus tard)", _optional_url, "")
    name = _text(200)(args.nom) if args.nom is not None else NETWORK_NAME
    return Answers(name, department_name, code, hq_name, address, postcode, commune, hours, email, staff,
                   site_url, repository)


# --- the files ----------------------------------------------------------------------------------------

def _q(value: str) -> str:
    """A YAML scalar that reads back as this very text (a JSON string is a YAML double-quoted one)."""
    return json.dumps(value, ensure_ascii=False)


def reseau_yaml(answers: Answers) -> str:
    site = [f"  url: {_q(answers.site_url)}"] if answers.site_url else []
    lines = [
        "# yaml-language-server: $schema=../schemas/reseau.schema.json",
        "# Le réseau et les règles de la convention (écrit par tna init ; à relire et compléter).",
        f"nom: {_q(answers.network_name)}",
        "departement:",
        f"  nom: {_q(answers.department_name)}",
        "  # Le numéro du département fixe aussi le calendrier des jours fériés (Alsace-Moselle, outre-mer).",
        f"  code: {_q(answers.department_code)}",
        "siege:",
        f"  nom: {_q(answers.hq_name)}",
        f"  adresse: {_q(answers.hq_address)}",
        f"  code_postal: {_q(answers.hq_postcode)}",
        f"  commune: {_q(answers.hq_commune)}",
        "  # Retrait et restitution du matériel : en semaine, aux heures d'ouverture (Art. 4.3 c).",
        f"  horaires: {_q(answers.hq_hours)}",
        f"  courriel: {_q(answers.hq_email)}",
        "# Agents du Département qui valident et enregistrent les prêts (identifiants GitHub).",
        "equipe:",
        *[f"  - {_q(login)}" for login in answers.staff],
        "# Article 4 de la convention.",
        "regles_pret:",
        "  duree_max_jours: 30",
        "  rotation_jours_ouvres: 2",
        "  preavis_jours_ouvres: 10",
        "  delai_bilan_jours: 30",
        "# Articles 5 et 9 de la convention.",
        "regles_convention:",
        "  duree_ans: 3",
        "  preavis_avenant_mois: 3",
        "site:",
        *site,
        '  tuiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png"',
        "  attribution_tuiles: \"© les contributeurs d'OpenStreetMap\"",
    ]
    return "\n".join(lines) + "\n"


def subject(department_name: str) -> str:
    """« Le Département de la Marne », « La Collectivité européenne d'Alsace » as a sentence's subject."""
    if department_name.startswith("Département"):
        return f"Le {department_name}"
    return department_name[:1].upper() + department_name[1:]


def network_readme(answers: Answers) -> str:
    site = f"Le site public : {answers.site_url}\n\n" if answers.site_url else ""
    repository = answers.repository_url or "l'adresse de ce dépôt"
    return f"""# {answers.network_name} — {answers.department_name}

{subject(answers.department_name)} prête du matériel numérique mutualisé aux membres de son réseau de médiation numérique (collectivités,
intercommunalités, associations), selon la convention de coopération. Ce dépôt tient
les membres et leurs lieux, le matériel et les prêts en fichiers YAML ; chaque demande
de prêt est une demande de modification vérifiée automatiquement (workflow `verifier`)
contre les règles de la convention, et le site public est construit à chaque
changement (workflow `publier`).

{site}## Premiers pas

```sh
make site   # installe l'outil, vérifie data/ et construit le site dans site/
```

- `data/reseau.yaml` : le réseau, la Maison du Département, l'équipe, les règles de prêt.
- `data/members/` : un fichier par membre (`tna import-lieux FICHIER` y importe les lieux
  publiés au standard national) ; ajoutez à chacun sa convention signée, son assurance
  et ses demandeurs.
- `data/equipment/` : un fichier par matériel prêté.
- `data/loans/<année>/` : un fichier par prêt (`tna new-loan` pose les questions).

`tna validate` vérifie tout (schémas et règles de la convention) ; le crochet
pre-commit le lance avant chaque commit (`pip install pre-commit && pre-commit install`).

## Demander un prêt

Depuis {repository} : le formulaire « Demande de prêt de matériel » des tickets, ou
une demande de modification qui ajoute un fichier dans `data/loans/<année>/`.
L'équipe du Département ({", ".join("@" + login for login in answers.staff)}) relit et accepte ou refuse.

## À activer sur GitHub

- Règles de la branche `main` : vérification `verifier` obligatoire, revue des
  propriétaires du code (`.github/CODEOWNERS`), file de fusion.
- GitHub Pages, source « GitHub Actions », pour le workflow `publier`.
- « Allow GitHub Actions to create pull requests » si les membres passent par le
  formulaire de ticket.
"""


def codeowners(source: str, staff: tuple[str, ...]) -> str:
    """The project's CODEOWNERS paths, owned by the staff logins."""
    owners = " ".join(f"@{login}" for login in staff)
    paths = [line.split()[0] for line in source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    width = max((len(path) for path in paths), default=1) + 3
    return ("# Propriétaires du code : leur revue est obligatoire quand la protection de la branche\n"
            "# main exige la « revue des propriétaires du code ». Écrit par tna init avec l'équipe\n"
            "# de data/reseau.yaml : remplacez ces comptes par une équipe GitHub de l'organisation\n"
            "# (@organisation/equipe) si vous en avez une.\n\n"
            + "".join(f"{path.ljust(width)}{owners}\n" for path in paths))


def _sample_ids(project: Path) -> dict[str, str]:
    """Each identifier of the sample data (members, places, items) → a generic placeholder."""
    found: dict[str, str] = {}
    data = project / "data"
    for path in sorted((data / "equipment").glob("*.yaml")):
        found[path.stem] = GENERIC_IDS["materiel"]
    for path in sorted((data / "members").glob("*.yaml")):
        found[path.stem] = GENERIC_IDS["membre"]
        for match in re.finditer(r"^\s*- id: ([a-z0-9-]+)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE):
            found.setdefault(match.group(1), GENERIC_IDS["lieu"])
    return found


def _adapt(text: str, answers: Answers, sample_ids: dict[str, str]) -> str:
    name = answers.department_name
    text = text.replace(f"Le {SAMPLE_DEPARTEMENT}", subject(name))
    text = text.replace(SAMPLE_DEPARTEMENT, name).replace("du réseau de la Manche", f"du réseau — {name}")
    for sample_id in sorted(sample_ids, key=len, reverse=True):
        text = re.sub(rf"(?<![a-z0-9-]){re.escape(sample_id)}(?![a-z0-9-])", sample_ids[sample_id], text)
    return text


def agreement_page(text: str, name: str) -> str:
    """The agreement page for a new network: the same articles (the rules and findings link to
    their anchors, the Règles page quotes them), each waiting for the network's own text."""
    lines = text.splitlines()
    body_start = next(index for index, line in enumerate(lines) if line.startswith("## "))
    page = ["---", "title: Convention de coopération", "---", "", "# Convention de coopération du réseau", "",
            f"Texte de la convention de coopération entre le {name.removeprefix('Département ').strip()} "
            "et chaque membre du réseau (à compléter).", "",
            '!!! warning "À compléter"',
            "    Collez sous chaque titre le texte de l'article de votre convention. Les règles que vérifie "
            "`tna validate` appliquent les articles ci-dessous : gardez leurs titres et leurs ancres "
            "(`{#article-4-3-a}`…), que la page Règles et chaque constat citent.", ""]
    for line in lines[body_start:]:
        if line.startswith("#"):
            page += [line, "", "*Texte de l'article à coller ici.*", ""]
    return "\n".join(page)


def project_root() -> Path:
    """The project's own files: the checkout this ``tna`` runs from."""
    root = Path(__file__).resolve().parent.parent.parent
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file() or 'name = "tna"' not in pyproject.read_text(encoding="utf-8"):
        raise UsageError("tna init copie l'outil depuis ses sources, introuvables à côté du programme : installez "
                         "tna depuis un clone du dépôt (pip install -e .) et relancez.")
    return root


def _makefile(text: str) -> str:
    """The project's Makefile, checking as of the real date (no demo date) for a real network."""
    adapted, count = re.subn(r"(?m)^DEMO_TODAY :=.*$", "DEMO_TODAY :=", text)
    if count != 1:
        raise UsageError("le Makefile du projet n'a pas la ligne DEMO_TODAY attendue : tna init ne sait pas "
                         "l'adapter (signalez-le aux mainteneurs).")
    return re.sub(r"(?m)^# The sample data describe.*\n(?:#.*\n)*(?=DEMO_TODAY)",
                  "# A network's own data are checked as of the real date (empty DEMO_TODAY).\n", adapted)


def write_repository(target: Path, answers: Answers, project: Path) -> list[Path]:
    """Every file of the new repository (the folder exists and is empty)."""
    for name in TOOL_DIRS:
        shutil.copytree(project / name, target / name, ignore=SKIPPED)
    extra = sorted({path.name for pattern in TOOL_GLOBS for path in project.glob(pattern) if path.is_file()})
    for name in (*TOOL_FILES, *extra):
        shutil.copy2(project / name, target / name)
    sample_ids = _sample_ids(project)
    for name in SAMPLE_TEXT_FILES:
        path = target / name
        if path.is_file():
            path.write_text(_adapt(path.read_text(encoding="utf-8"), answers, sample_ids), encoding="utf-8")
    agreement = target / "docs" / "convention.md"
    if agreement.is_file():  # the Manche agreement is the sample's: the new network writes its own
        agreement.write_text(agreement_page(agreement.read_text(encoding="utf-8"), answers.department_name),
                             encoding="utf-8")
    makefile = target / "Makefile"
    makefile.write_text(_makefile(makefile.read_text(encoding="utf-8")), encoding="utf-8")
    owners = target / ".github" / "CODEOWNERS"
    owners.write_text(codeowners(owners.read_text(encoding="utf-8"), answers.staff), encoding="utf-8")
    (target / "README.md").write_text(network_readme(answers), encoding="utf-8")
    data = target / "data"
    for folder in ("members", "equipment", "loans"):
        (data / folder).mkdir(parents=True)
        (data / folder / ".gitkeep").write_text("", encoding="utf-8")
    (data / "reseau.yaml").write_text(reseau_yaml(answers), encoding="utf-8")
    return sorted(path for path in target.rglob("*") if path.is_file())


def first_commit(target: Path, files: list[Path], answers: Answers) -> str:
    repo = git.Repo.init(target, initial_branch="main")
    repo.index.add([path.relative_to(target).as_posix() for path in files])
    reader = repo.config_reader()
    name = str(reader.get_value("user", "name", "")) or "tna init"
    email = str(reader.get_value("user", "email", "")) or "tna-init@localhost"
    actor = git.Actor(name, email)
    commit = repo.index.commit(f"Nouveau réseau : {answers.network_name} ({answers.department_name}), créé par tna init",
                               author=actor, committer=actor)
    return commit.hexsha


def run(args: argparse.Namespace) -> int:
    target: Path = args.dossier
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"« {target} » existe déjà et n'est pas un dossier vide : choisissez un nouveau dossier.")
    project = project_root()
    answers = gather(args)
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        files = write_repository(target, answers, project)
        outcome = validate(target / "data", date.today(), label=f"{target.as_posix()}/data")
    except BaseException:
        _remove(target, created)
        raise
    if outcome.errors:
        emit_findings(outcome.findings, "text")
        _remove(target, created)
        say("tna init : les données écrites ne passent pas la vérification : rien n'a été créé.")
        return EXIT_FINDINGS
    sha = first_commit(target, files, answers)
    say(f"Dépôt du réseau créé dans {target} ({len(files)} fichiers, premier commit {sha[:10]}).")
    say(f"Ensuite : cd {target}, importez les lieux (tna import-lieux FICHIER), ajoutez le matériel dans "
        "data/equipment/, puis publiez (voir README.md).")
    return EXIT_OK


def _remove(target: Path, created: bool) -> None:
    """Undo a half-written repository (the folder was empty or absent)."""
    for child in list(target.iterdir()) if target.exists() else []:
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    if created and target.exists():
        target.rmdir()
