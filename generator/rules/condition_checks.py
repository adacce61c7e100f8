"""États des lieux au retrait et à la restitution.

Lors de l'emprunt, il est procédé à un état des lieux (Art. 4.3 d) :

- un prêt retiré (`retire`) ou restitué (`restitue`) a un état des lieux de retrait
  (`etat_retrait`) qui donne l'état de chaque composant de chaque matériel prêté ;
- un prêt restitué a aussi un état des lieux de restitution (`etat_restitution`)
  qui couvre les mêmes composants ;
- l'état des lieux est fait par un agent du Département : son champ `par` est un
  identifiant de l'équipe (`equipe` dans `reseau.yaml`) ;
- une demande (`demande`) ou un prêt accepté (`accepte`) n'a pas encore d'état des
  lieux de retrait.

Que faire : ajouter une ligne `{materiel, composant, etat}` pour chaque composant
manquant, faire enregistrer l'état des lieux par un agent, ou corriger le statut.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import ConditionCheck, Dataset, Loan
from .base import at_key, at_value
from ..vocabulary import LoanStatus

ID = "etat-des-lieux"
ARTICLE = "Art. 4.3 d)"

# key in the loan file, its name in messages, statuses that require it
CHECKS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("etat_retrait", "de retrait", frozenset({LoanStatus.RETIRE, LoanStatus.RESTITUE})),
    ("etat_restitution", "de restitution", frozenset({LoanStatus.RESTITUE})),
)


def check(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    staff = dataset.network.staff
    for loan in dataset.loans:
        components = _components(dataset, loan)
        for (key, label, statuses), recorded in zip(CHECKS, (loan.pickup_check, loan.return_check)):
            if loan.status in statuses:
                yield from _coverage(loan, key, label, recorded, components)
            if recorded is not None and recorded.by not in staff:
                yield at_value(loan.document, (key, "par"), ID, ARTICLE,
                               f"« {recorded.by} » n'est pas un agent du Département : l'état des lieux {label} est "
                               "fait et enregistré par un membre de l'équipe (equipe dans reseau.yaml).")
        if loan.status in (LoanStatus.DEMANDE, LoanStatus.ACCEPTE) and loan.pickup_check is not None:
            yield at_key(loan.document, ("etat_retrait",), ID, ARTICLE,
                         f"un prêt « {loan.status} » n'a pas encore d'état des lieux de retrait : passez le statut "
                         "à retire si le matériel est parti, sinon retirez etat_retrait.")


def _components(dataset: Dataset, loan: Loan) -> list[tuple[str, str]]:
    """(item, component) pairs of the loan's known items, in file order."""
    pairs: list[tuple[str, str]] = []
    for item_id in loan.item_ids:
        item = dataset.equipment.get(item_id)
        if item is not None:
            pairs.extend((item_id, component_id) for component_id in item.component_ids)
    return pairs


def _coverage(loan: Loan, key: str, label: str, recorded: ConditionCheck | None,
              components: list[tuple[str, str]]) -> Iterator[Finding]:
    if recorded is None:
        listed = ", ".join(f"{component} de « {item} »" for item, component in components) or "…"
        yield at_key(loan.document, ("statut",), ID, ARTICLE,
                     f"le prêt est « {loan.status} » mais l'état des lieux {label} manque : ajoutez {key} "
                     f"(date, par, et l'état de chaque composant : {listed}).")
        return
    covered = {(entry.item_id, entry.component_id) for entry in recorded.entries}
    for item, component in components:
        if (item, component) not in covered:
            yield at_key(loan.document, (key,), ID, ARTICLE,
                         f"l'état des lieux {label} ne dit rien du composant « {component} » de « {item} » : "
                         f"ajoutez la ligne {{materiel: {item}, composant: {component}, etat: …}}.")
