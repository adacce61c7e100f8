"""Small, valid data sets built in a temporary folder, for tests of every stage.

``write_dataset`` writes a network, members, equipment and loans as YAML files laid
out like data/; each builder returns a plain dict that a test tweaks before writing.
``line_of`` finds the line of a piece of text in a written file, so that tests can
assert positions without counting lines by hand. ``Depot`` is a real Git repository in a
temporary folder, ``spawn`` runs the installed ``tna`` in a pseudo-terminal.
"""

from __future__ import annotations

import copy
import hashlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import git
import pexpect
import yaml

from generator.pipeline import Outcome, validate
from generator.loanfields import key_order
from generator.terms import booking_terms

ROOT = Path(__file__).resolve().parent.parent
TNA = ROOT / ".venv" / "bin" / "tna"
TODAY = date(2026, 4, 15)

NETWORK: dict[str, Any] = {
    "nom": "Réseau de test",
    "departement": {"nom": "Département de la Manche", "code": "50"},
    "siege": {
        "nom": "Maison du Département", "adresse": "98 route de Candol", "code_postal": "50000",
        "commune": "Saint-Lô", "latitude": 49.1092, "longitude": -1.0776,
        "horaires": "Mo-Fr 08:30-12:30,13:30-17:00; PH off", "courriel": "reseau@exemple.fr",
    },
    "equipe": ["agent-dep"],
    "regles_pret": {"duree_max_jours": 30, "rotation_jours_ouvres": 1, "preavis_jours_ouvres": 5,
                    "delai_bilan_jours": 30},
    "regles_convention": {"duree_ans": 3, "preavis_avenant_mois": 3},
    "exigences": [{"id": "formation_telepilote", "nom": "Formation de télépilote",
                   "description": "Télépilote formé pour les drones de plus de 250 g."}],
}


def network(**overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(NETWORK)
    data.update(overrides)
    return data


def place(place_id: str = "lieu-a", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": place_id, "nom": "Médiathèque de test", "adresse": "1 rue de la Poste", "code_postal": "50000",
        "commune": "Saint-Lô", "code_insee": "50502", "latitude": 49.11, "longitude": -1.09,
        "horaires": "Tu-Sa 10:00-12:00,14:00-18:00", "services": ["Maîtrise des outils numériques du quotidien"],
        "date_maj": "2026-01-05",
    }
    data.update(overrides)
    return data


def member(member_id: str = "mairie-a", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": member_id, "nom": "Commune de test", "type": "collectivite", "siret": "21500502000015",
        "courriel": "mediation@exemple.fr",
        "convention": {"signature": "2025-01-10"},
        "assurance": {"assureur": "Assureur de test", "fin": "2027-12-31"},
        "demandeurs": ["demandeur-a"],
        "referents": [{"id": "pilote-a", "nom": "Référent fictif", "qualifications": ["formation_telepilote"]}],
        "lieux": [place(f"{member_id}-lieu")],
    }
    data.update(overrides)
    return data


def item(item_id: str = "kit-vr", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item_id, "nom": "Kit de test", "categorie": "realite_virtuelle", "numero_inventaire": f"INV-{item_id}",
        "description": "Un kit pour les tests.",
        "composants": [{"id": "valise", "nom": "Valise"}, {"id": "casque", "nom": "Casque"}],
        "etat": "disponible",
    }
    data.update(overrides)
    return data


def loan(loan_id: str = "pret-a", **overrides: Any) -> dict[str, Any]:
    """An accepted loan of kit-vr by mairie-a, Monday 4 to Friday 15 May 2026."""
    data: dict[str, Any] = {
        "id": loan_id, "emprunteur": "mairie-a", "lieu": "mairie-a-lieu", "materiel": ["kit-vr"],
        "debut": "2026-05-04", "fin": "2026-05-15",
        "retrait": "2026-05-04T09:00", "restitution": "2026-05-15T16:00",
        "objet": "Ateliers de découverte pour les collégiens.",
        "demande_le": "2026-04-01", "demande_par": "demandeur-a", "statut": "accepte",
        "validation": {"par": "agent-dep", "le": "2026-04-03"},
    }
    data.update(overrides)
    # Keys in the order of a real file (referent before validation…), the rest after.
    data = {**{key: data[key] for key in key_order() if key in data}, **data}
    return approved(data)


def request(loan_id: str = "pret-a", **overrides: Any) -> dict[str, Any]:
    """A pending request (statut demande, no staff decision yet) of kit-vr by mairie-a, 4 to 15 May 2026,
    made on 01/04/2026 unless ``demande_le`` says otherwise."""
    data = loan(loan_id, **{"statut": "demande", **overrides})
    data.pop("validation", None)
    return data


def condition_check(moment: str, *, by: str = "agent-dep", **states: str) -> dict[str, Any]:
    """A condition check (etat_retrait or etat_restitution) of kit-vr's two components at ``moment``,
    recorded by ``by``: each component "bon" unless ``states`` says otherwise (``casque="abime"``)."""
    return {"date": moment, "par": by, "composants": [
        {"materiel": "kit-vr", "composant": component, "etat": states.get(component, "bon")}
        for component in ("valise", "casque")]}


def without_none(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without its keys set to None: ``loan(lieu=None)`` then this, for a record without ``lieu``."""
    return {key: value for key, value in record.items() if value is not None}


def approved(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its validation bound to its current booking terms (what ``tna approve`` writes).

    Call it again after changing a term of an accepted loan that should stay validly approved.
    """
    validation = data.get("validation")
    if isinstance(validation, dict) and "par" in validation:
        data["validation"] = {**{k: v for k, v in validation.items() if k != "conditions"},
                              "conditions": copy.deepcopy(booking_terms(data))}
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def write_dataset(root: Path, *, network_data: dict[str, Any] | None = None,
                  members: list[dict[str, Any]] | None = None, equipment: list[dict[str, Any]] | None = None,
                  loans: list[dict[str, Any]] | None = None) -> Path:
    """Write a data/ folder under ``root``; defaults give one member, one item, no loan."""
    data_dir = root / "data"
    (data_dir / "members").mkdir(parents=True, exist_ok=True)
    (data_dir / "equipment").mkdir(parents=True, exist_ok=True)
    (data_dir / "loans").mkdir(parents=True, exist_ok=True)
    (data_dir / "reseau.yaml").write_text(dump(network_data or network()), encoding="utf-8")
    for record in members if members is not None else [member()]:
        (data_dir / "members" / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
    for record in equipment if equipment is not None else [item()]:
        (data_dir / "equipment" / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
    for record in loans or []:
        write_loan(data_dir, record)
    return data_dir


def write_loan(data_dir: Path, record: dict[str, Any]) -> Path:
    folder = data_dir / "loans" / str(record["debut"])[:4]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record['id']}.yaml"
    path.write_text(dump(record), encoding="utf-8")
    return path


def check(data_dir: Path, today: date = TODAY) -> Outcome:
    return validate(data_dir, today, label="data")


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """1-based line number of the ``occurrence``-th line containing ``text``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{text!r} not found in {path}")


def only(outcome: Outcome, rule: str) -> list[tuple[str, int, str]]:
    """(file, line, message) of the findings of one rule."""
    return [(f.path, f.line, f.message) for f in outcome.findings if f.rule == rule]


def tree_hash(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by content: refusals must leave it byte-for-byte unchanged."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def new_repo(root: Path, **init: Any) -> git.Repo:
    """A real Git repository at ``root`` on branch main, with a test identity and no commit signing."""
    repo = git.Repo.init(root, initial_branch="main", **init)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test")
        config.set_value("user", "email", "test@example.org")
        config.set_value("commit", "gpgsign", "false")
    return repo


class Depot:
    """A throw-away repository: write data with the factory, commit, branch, check."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = new_repo(root)
        self.data = root / "data"

    def commit(self, message: str) -> str:
        self.repo.git.add(A=True)
        self.repo.git.commit("--allow-empty", "--quiet", m=message)
        return self.repo.head.commit.hexsha

    def branch(self, name: str, start: str = "main") -> None:
        self.repo.git.switch("--quiet", "-c", name, start)

    def switch(self, name: str) -> None:
        self.repo.git.switch("--quiet", name)

    def merge(self, branch: str) -> None:
        self.repo.git.merge("--quiet", "--no-ff", "--no-edit", branch)

    def loan_path(self, record: dict[str, Any]) -> Path:
        return self.data / "loans" / str(record["debut"])[:4] / f"{record['id']}.yaml"

    def rewrite(self, record: dict[str, Any]) -> None:
        self.loan_path(record).write_text(dump(record), encoding="utf-8")


def seeded_depot(root: Path, *item_ids: str) -> Depot:
    """A Depot whose main holds the network, two members (mairie-a: demandeur-a, mairie-b: demandeur-b)
    and the items ``item_ids``."""
    depot = Depot(root)
    write_dataset(depot.root, members=[member("mairie-a"), member("mairie-b", demandeurs=["demandeur-b"])],
                  equipment=[item(item_id) for item_id in item_ids])
    depot.commit("données de départ")
    return depot


def spawn(*args: str | Path) -> pexpect.spawn:
    """The installed ``tna`` in a pseudo-terminal, in UTF-8, without the tester's TNA_LOGIN."""
    environment = {key: value for key, value in os.environ.items() if key != "TNA_LOGIN"}
    environment.update({"PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"})
    return pexpect.spawn(str(TNA), [str(arg) for arg in args], encoding="utf-8", timeout=30, env=environment)


@dataclass
class Result:
    """What an in-process ``tna`` run returned and printed (see the ``tna`` fixture)."""

    returncode: int
    stdout: str
    stderr: str


Runner = Callable[..., Result]
