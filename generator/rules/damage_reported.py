"""Détérioration signalée.

L'emprunteur rend le matériel dans l'état où il l'a emprunté et signale toute panne
ou détérioration au Département (Art. 4.1). Quand un prêt a ses deux états des
lieux, chaque composant rendu dans un état pire qu'au retrait (du meilleur au pire :
bon, usure, abime, hors_service, manquant) a un incident (`incidents`) qui cite le
même matériel et le même composant. Un composant rendu dans le même état, ou
meilleur, n'en demande pas.

Que faire : ajouter l'incident (date, materiel, composant, description) pour que le
Département puisse le traiter (réparation, déclaration à l'assurance).
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan
from ..vocabulary import Condition
from .base import at_value

ID = "signalement-degats"
ARTICLE = "Art. 4.1"


def check(dataset: Dataset) -> Iterator[Finding]:
    for loan in dataset.loans:
        yield from _check_loan(loan)


def _check_loan(loan: Loan) -> Iterator[Finding]:
    if loan.pickup_check is None or loan.return_check is None:
        return
    reported = {(incident.item_id, incident.component_id) for incident in loan.incidents}
    for entry in loan.return_check.entries:
        before = loan.pickup_check.condition_of(entry.item_id, entry.component_id)
        if before is None or Condition(entry.condition).rank <= Condition(before).rank:
            continue
        if (entry.item_id, entry.component_id) in reported:
            continue
        yield at_value(loan.document, ("etat_restitution", "composants", entry.index), ID, ARTICLE,
                       f"à la restitution, le composant « {entry.component_id} » de « {entry.item_id} » est "
                       f"{Condition(entry.condition).word} alors qu'il était {Condition(before).word} au retrait, "
                       f"sans incident signalé : ajoutez un incident (date, materiel: {entry.item_id}, "
                       f"composant: {entry.component_id}, description).")
