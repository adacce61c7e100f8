"""Identifiants et références.

Chaque enregistrement a un identifiant unique, identique au nom de son fichier, et
tout ce qu'il cite existe : un prêt cite un membre (ou « departement »), un lieu de ce
membre, des matériels de l'inventaire et, si besoin, un référent du membre ; ses états
des lieux et incidents citent des composants des matériels prêtés. Les identifiants
de lieux sont uniques dans tout le réseau. Un prêt est rangé dans le dossier de
l'année de son premier jour (data/loans/2025/ pour un prêt qui commence en 2025).
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import DEPARTEMENT, Dataset, Loan
from ..suggest import did_you_mean
from .base import at_key, at_value

ID = "references"
ARTICLE = ""


def check(dataset: Dataset) -> Iterator[Finding]:
    yield from _unique_place_ids(dataset)
    yield from _member_references(dataset)
    yield from _equipment_references(dataset)
    loan_paths: dict[str, str] = {}
    for loan in dataset.loans:
        previous = loan_paths.setdefault(loan.id, loan.document.path)
        if previous != loan.document.path:
            yield at_value(loan.document, ("id",), ID, ARTICLE,
                           f"l'identifiant « {loan.id} » est déjà celui de {previous} : "
                           "donnez à ce prêt un identifiant unique (et renommez le fichier).")
        yield from _loan_references(dataset, loan)


def _unique_place_ids(dataset: Dataset) -> Iterator[Finding]:
    for member in dataset.members.values():
        for place in member.places:
            first = dataset.places[place.id]
            if first is not place:
                yield at_value(member.document, place.path + ("id",), ID, ARTICLE,
                               f"le lieu « {place.id} » est déjà décrit dans {first.document.path} : "
                               "les identifiants de lieux sont uniques dans tout le réseau.")
        if member.id == DEPARTEMENT:
            yield at_value(member.document, ("id",), ID, ARTICLE,
                           "« departement » est réservé aux réservations du Département : choisissez un autre identifiant.")


def _member_references(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    known = dataset.network.requirements
    for member in dataset.members.values():
        for index, referent in enumerate(member.document.data.get("referents", [])):
            for q_index, qualification in enumerate(referent["qualifications"]):
                if qualification not in known:
                    yield at_value(member.document, ("referents", index, "qualifications", q_index), ID, ARTICLE,
                                   f"qualification « {qualification} » inconnue : elle doit être l'une des exigences "
                                   f"de reseau.yaml ({', '.join(sorted(known)) or 'aucune définie'}).")


def _equipment_references(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    known = dataset.network.requirements
    for item in dataset.equipment.values():
        for index, requirement in enumerate(item.requirements):
            if requirement not in known:
                yield at_value(item.document, ("exigences", index), ID, ARTICLE,
                               f"exigence « {requirement} » inconnue : définissez-la dans reseau.yaml (exigences) "
                               f"ou choisissez parmi {', '.join(sorted(known)) or 'aucune'}.")
        seen: set[str] = set()
        for index, component in enumerate(item.components):
            if component.id in seen:
                yield at_value(item.document, ("composants", index, "id"), ID, ARTICLE,
                               f"le composant « {component.id} » apparaît deux fois : chaque composant a un identifiant unique.")
            seen.add(component.id)


def _loan_references(dataset: Dataset, loan: Loan) -> Iterator[Finding]:
    document = loan.document
    year_folder = document.path.rsplit("/", 2)[-2]
    if year_folder != str(loan.start.year):
        yield at_value(document, ("debut",), ID, ARTICLE,
                       f"le prêt commence en {loan.start.year} mais il est rangé dans loans/{year_folder}/ : "
                       f"déplacez le fichier dans loans/{loan.start.year}/.")
    member = dataset.members.get(loan.borrower)
    if loan.borrower != DEPARTEMENT and member is None and ("membre", loan.borrower) not in dataset.broken:
        yield at_value(document, ("emprunteur",), ID, ARTICLE,
                       f"le membre « {loan.borrower} » n'existe pas : " + did_you_mean(
                           loan.borrower, dataset.members,
                           "indiquez l'identifiant d'un fichier de data/members/ ou « departement »."))
    if loan.place_id is not None:
        place = dataset.places.get(loan.place_id)
        if place is None:
            if not any(kind == "membre" for kind, _ in dataset.broken):
                yield at_value(document, ("lieu",), ID, ARTICLE,
                               f"le lieu « {loan.place_id} » n'existe pas : " + did_you_mean(
                                   loan.place_id, [p.id for p in member.places] if member else dataset.places,
                                   "indiquez l'identifiant d'un lieu du membre."))
        elif member is not None and place.member_id != member.id:
            yield at_value(document, ("lieu",), ID, ARTICLE,
                           f"le lieu « {loan.place_id} » appartient à « {place.member_id} », pas à « {member.id} » : "
                           "indiquez un lieu de l'emprunteur.")
    elif loan.borrower != DEPARTEMENT:
        yield at_key(document, ("emprunteur",), ID, ARTICLE,
                     "le lieu d'utilisation manque : ajoutez la clé lieu avec l'identifiant d'un lieu du membre.")
    for index, item_id in enumerate(loan.item_ids):
        if item_id not in dataset.equipment and ("materiel", item_id) not in dataset.broken:
            yield at_value(document, ("materiel", index), ID, ARTICLE,
                           f"le matériel « {item_id} » n'existe pas : " + did_you_mean(
                               item_id, dataset.equipment, "indiquez l'identifiant d'un fichier de data/equipment/."))
    if loan.referent_id is not None and member is not None and loan.referent_id not in member.referents:
        yield at_value(document, ("referent",), ID, ARTICLE,
                       f"« {loan.referent_id} » n'est pas un référent de « {member.id} » : "
                       "ajoutez-le aux referents du membre ou corrigez l'identifiant.")
    yield from _component_references(dataset, loan)


def _component_references(dataset: Dataset, loan: Loan) -> Iterator[Finding]:
    document = loan.document
    for key, check in (("etat_retrait", loan.pickup_check), ("etat_restitution", loan.return_check)):
        if check is None:
            continue
        for entry in check.entries:
            path = (key, "composants", entry.index)
            yield from _component_exists(dataset, loan, path, entry.item_id, entry.component_id)
    for incident in loan.incidents:
        yield from _component_exists(dataset, loan, ("incidents", incident.index),
                                     incident.item_id, incident.component_id)


def _component_exists(dataset: Dataset, loan: Loan, path: tuple[str | int, ...],
                      item_id: str, component_id: str | None) -> Iterator[Finding]:
    if item_id not in loan.item_ids:
        yield at_value(loan.document, path + ("materiel",), ID, ARTICLE,
                       f"« {item_id} » ne fait pas partie du matériel de ce prêt ({', '.join(loan.item_ids)}).")
        return
    item = dataset.equipment.get(item_id)
    if item is not None and component_id is not None and all(c.id != component_id for c in item.components):
        yield at_value(loan.document, path + ("composant",), ID, ARTICLE,
                       f"« {component_id} » n'est pas un composant de « {item_id} » : "
                       f"composants connus : {', '.join(item.component_ids)}.")
