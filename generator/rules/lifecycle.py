"""Cycle de vie d'un prêt.

Une demande (`demande`) est acceptée (`accepte`) ou refusée (`refuse`) par le
Département ; un prêt accepté est retiré (`retire`) puis restitué (`restitue`) ; une
demande ou un prêt peut être annulé (`annule`). Chaque statut porte la trace de la
décision qui y a mené :

- `accepte`, `retire` et `restitue` ont une `validation` : `par` est un agent du
  Département (`equipe` dans `reseau.yaml`) et `le` ne précède pas `demande_le` ;
- `refuse` a un `refus` décidé par un agent du Département ;
- `annule` a une `annulation` (date et motif) ;
- un bloc `refus` n'apparaît que sur un prêt refusé, un bloc `annulation` que sur un
  prêt annulé, et `etat_restitution` et `bilan` que sur un prêt restitué.

Que faire : ajouter le bloc qui manque, faire enregistrer la décision par un agent
du Département, ou corriger le statut.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Decision, Loan
from .base import at_key, at_value, french_date
from ..vocabulary import LoanStatus

ID = "cycle-de-vie"
ARTICLE = ""

# statuses that require a block, the block key, what is missing, what the block holds
REQUIRED_BLOCKS: tuple[tuple[frozenset[str], str, str, str], ...] = (
    (frozenset({LoanStatus.ACCEPTE, LoanStatus.RETIRE, LoanStatus.RESTITUE}), "validation",
     "la validation du Département n'est pas enregistrée", "par (identifiant d'un agent du Département) et le (date)"),
    (frozenset({LoanStatus.REFUSE}), "refus",
     "le refus du Département n'est pas enregistré", "par (identifiant d'un agent du Département), le (date) et motif"),
    (frozenset({LoanStatus.ANNULE}), "annulation", "l'annulation n'est pas enregistrée", "le (date) et motif"),
)
# block key -> the only status that may carry it, and what the block records
STATUS_BLOCKS: tuple[tuple[str, str, str], ...] = (
    ("refus", LoanStatus.REFUSE, "un refus"),
    ("annulation", LoanStatus.ANNULE, "une annulation"),
    ("etat_restitution", LoanStatus.RESTITUE, "un état des lieux de restitution"),
    ("bilan", LoanStatus.RESTITUE, "un bilan"),
)


def check(dataset: Dataset) -> Iterator[Finding]:
    staff = dataset.network.staff if dataset.network is not None else None
    for loan in dataset.loans:
        yield from _decisions(loan, staff)
        for key, status, what in STATUS_BLOCKS:
            if key in loan.keys and loan.status != status:
                yield at_key(loan.document, (key,), ID, ARTICLE,
                             f"un prêt « {loan.status} » ne porte pas {what} (réservé au statut « {status} ») : "
                             f"retirez {key}, ou corrigez le statut.")


def _decisions(loan: Loan, staff: frozenset[str] | None) -> Iterator[Finding]:
    for statuses, key, missing, content in REQUIRED_BLOCKS:
        if loan.status in statuses and key not in loan.keys:
            yield at_key(loan.document, ("statut",), ID, ARTICLE,
                         f"le prêt est « {loan.status} » mais {missing} : ajoutez {key} ({content}).")
    if staff is not None:
        yield from _by_staff(loan, "validation", loan.approval, staff)
        yield from _by_staff(loan, "refus", loan.refusal, staff)
    if loan.approval is not None and loan.approval.on < loan.requested_on:
        yield at_value(loan.document, ("validation", "le"), ID, ARTICLE,
                       f"la validation est datée du {french_date(loan.approval.on)}, avant la demande "
                       f"({french_date(loan.requested_on)}) : corrigez validation.le ou demande_le.")


def _by_staff(loan: Loan, key: str, decision: Decision | None, staff: frozenset[str]) -> Iterator[Finding]:
    if decision is not None and decision.by is not None and decision.by not in staff:
        yield at_value(loan.document, (key, "par"), ID, ARTICLE,
                       f"« {decision.by} » n'est pas un agent du Département : seule l'équipe (equipe dans "
                       f"reseau.yaml) enregistre {'une validation' if key == 'validation' else 'un refus'}.")
