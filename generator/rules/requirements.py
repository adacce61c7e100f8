"""Exigences du matériel : un référent qualifié.

Certains matériels ne se prêtent qu'avec une personne qui remplit une exigence,
par exemple un drone de plus de 250 g et un télépilote formé (Art. 4.1). Les
exigences sont définies dans `reseau.yaml` (`exigences`), portées par le matériel
(`exigences`) et remplies par les référents du membre (`referents`, champ
`qualifications`).

Un prêt en cours (demande, accepte ou retire) d'un membre qui comprend un tel
matériel nomme dans `referent` un référent de ce membre qui a toutes les
qualifications exigées par tous les matériels du prêt. Les réservations du
Département ne sont pas concernées.

Que faire : nommer dans `referent` un référent qualifié du membre, ou, une fois la
formation suivie, ajouter la qualification à la fiche du référent.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan, Member
from .base import at_value

ID = "exigences"
ARTICLE = "Art. 4.1"


def check(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    names = {key: requirement.name for key, requirement in dataset.network.requirements.items()}
    for loan in dataset.loans:
        member = dataset.members.get(loan.borrower)
        if member is None or not loan.is_active:
            continue
        needed = _requirements_by_item(dataset, loan)
        if needed:
            yield from _check_referent(loan, member, needed, names)


def _requirements_by_item(dataset: Dataset, loan: Loan) -> dict[str, tuple[str, ...]]:
    needed: dict[str, tuple[str, ...]] = {}
    for item_id in loan.item_ids:
        item = dataset.equipment.get(item_id)
        if item is not None and item.requirements:
            needed[item_id] = item.requirements
    return needed


def _check_referent(loan: Loan, member: Member, needed: dict[str, tuple[str, ...]],
                    names: dict[str, str]) -> Iterator[Finding]:
    if loan.referent_id is None:
        first_item = next(iter(needed))
        missing = _describe(needed, set(), names)
        yield at_value(loan.document, ("materiel", loan.item_ids.index(first_item)), ID, ARTICLE,
                       f"ce prêt exige un référent qualifié ({missing}) : nommez dans referent un référent "
                       f"de « {member.id} » qui a la qualification requise.")
        return
    referent = member.referents.get(loan.referent_id)
    if referent is None:
        return  # an unknown referent is reported by the references rule
    missing = _describe(needed, set(referent.qualifications), names)
    if missing:
        yield at_value(loan.document, ("referent",), ID, ARTICLE,
                       f"le référent « {referent.id} » n'a pas la qualification exigée ({missing}) : nommez un "
                       "référent qualifié, ou ajoutez la qualification à sa fiche une fois la formation suivie.")


def _describe(needed: dict[str, tuple[str, ...]], held: set[str], names: dict[str, str]) -> str:
    """'Formation de télépilote pour « drone »; …' for every requirement not held."""
    parts: list[str] = []
    for item_id, requirements in needed.items():
        lacking = [names.get(requirement, requirement) for requirement in requirements if requirement not in held]
        if lacking:
            parts.append(f"{', '.join(lacking)} pour « {item_id} »")
    return " ; ".join(parts)
