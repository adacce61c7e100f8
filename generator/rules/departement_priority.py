"""Priorité du Département.

Les réservations du Département pour son propre usage (`emprunteur: departement`,
statut demande, accepte ou retire) passent avant les prêts aux membres. Un prêt d'un
membre ne peut pas tenir un matériel que le Département a réservé : même test que
pour la double réservation (mêmes jours, ou délai de rotation de
`regles_pret.rotation_jours_ouvres` jours ouvrés non respecté entre la restitution et
le retrait suivant).

L'erreur est signalée dans le fichier du membre, sur le matériel concerné :

- prêt accepté ou retiré : il faut le déplacer à d'autres dates ou l'annuler ;
- demande en attente : elle est à refuser (ou à déplacer), le Département étant
  prioritaire.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan
from .base import at_value, french_date
from .overlap import conflicts, item_index, turnaround_rule
from ..vocabulary import LoanStatus

ID = "priorite-departement"
ARTICLE = "Art. 4.3 b)"


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    rule = turnaround_rule(network)
    for conflict in conflicts(dataset):
        earlier, later = conflict.earlier, conflict.later
        if earlier.by_departement == later.by_departement:
            continue
        departement, member_loan = (earlier, later) if earlier.by_departement else (later, earlier)
        yield _report(member_loan, departement, conflict.item_id, rule)


def _report(member_loan: Loan, departement: Loan, item_id: str, rule: str) -> Finding:
    booked = (f"le Département a besoin de « {item_id} » du {french_date(departement.start)} au "
              f"{french_date(departement.end)} ({departement.document.path}) et il est prioritaire : {rule}.")
    if member_loan.status == LoanStatus.DEMANDE:
        advice = " Cette demande est à refuser (statut refuse) ou à déplacer à d'autres dates."
    else:
        advice = " Déplacez ce prêt à d'autres dates ou annulez-le."
    return at_value(member_loan.document, ("materiel", item_index(member_loan, item_id)), ID, ARTICLE,
                    booked + advice)
