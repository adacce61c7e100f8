"""Matériel disponible.

Un matériel en maintenance, hors service ou réformé (`etat` de sa fiche) depuis une
date (`etat_depuis`) ne peut être tenu par aucune réservation en cours (demande,
accepte ou retire) dont le dernier jour tombe ce jour-là ou après (erreur sur le
matériel du prêt). Que faire : choisir un autre matériel, annuler le prêt, ou
remettre le matériel en service (`etat: disponible`) s'il l'est.

Une panne non réparée (entrée de `pannes` sans `reparee_le`) donne un
avertissement sur chaque réservation en cours de ce matériel qui n'est pas encore
terminée, pour que l'équipe prévienne l'emprunteur.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..findings import Finding, Severity
from ..model import Dataset, Equipment, Loan
from .base import at_value, french_date
from ..vocabulary import UNBOOKABLE_STATES, ItemState, LoanStatus

ID = "materiel-disponible"
ARTICLE = "Art. 4.2"


def check(dataset: Dataset) -> Iterator[Finding]:
    for loan in dataset.loans:
        if not loan.is_active:
            continue
        for index, item_id in enumerate(loan.item_ids):
            item = dataset.equipment.get(item_id)
            if item is None:
                continue
            if _unbookable(item, loan):
                yield _unbookable_finding(item, loan, index)
            elif loan.end >= dataset.today:
                yield from _breakdown_warnings(item, loan, index)


def _unbookable(item: Equipment, loan: Loan) -> bool:
    return item.state in UNBOOKABLE_STATES and loan.end >= (item.state_since or date.min)


def _unbookable_finding(item: Equipment, loan: Loan, index: int) -> Finding:
    since = f" depuis le {french_date(item.state_since)}" if item.state_since else ""
    return at_value(loan.document, ("materiel", index), ID, ARTICLE,
                    f"« {item.id} » est {ItemState(item.state).word}{since} ({item.document.path}) et ne peut pas "
                    f"servir à un prêt qui se termine le {french_date(loan.end)}. Choisissez un autre matériel ou "
                    "annulez le prêt (ou remettez le matériel en service : etat disponible).",
                    situation=loan.status == LoanStatus.RETIRE)


def _breakdown_warnings(item: Equipment, loan: Loan, index: int) -> Iterator[Finding]:
    for breakdown in item.breakdowns:
        if breakdown.repaired_on is None:
            yield at_value(loan.document, ("materiel", index), ID, ARTICLE,
                           f"« {item.id} » a une panne non réparée depuis le {french_date(breakdown.day)} "
                           f"({breakdown.description}) : prévenez l'emprunteur, puis notez la réparation "
                           f"(reparee_le) dans {item.document.path}.", Severity.WARNING)
