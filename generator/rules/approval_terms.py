"""Une validation vaut pour ce qu'elle a accepté.

Quand un agent du Département accepte une demande, la validation recopie les termes
de la réservation qu'il a acceptés (`validation.conditions` : emprunteur, lieu,
matériel, premier et dernier jour, créneaux de retrait et de restitution, référent) ;
`tna approve` les écrit. Un prêt accepté, retiré ou restitué dont la réservation ne
correspond plus à ces termes porte une validation que personne n'a donnée pour elle :
c'est une erreur, qui nomme chaque terme changé depuis la validation.

Que faire : revenir aux termes validés, ou faire valider à nouveau la réservation par
un agent du Département (`tna approve`, qui renouvelle la validation).
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan
from ..vocabulary import APPROVED_STATUSES
from ..terms import TERM_LABELS, changed_terms, show_value
from .base import at_key, french_date

ID = "validation-perimee"
ARTICLE = "Art. 4.3"

def check(dataset: Dataset) -> Iterator[Finding]:
    for loan in dataset.loans:
        if loan.status in APPROVED_STATUSES and loan.approval is not None:
            yield from _check_loan(loan)


def _check_loan(loan: Loan) -> Iterator[Finding]:
    approved = loan.approved_terms
    by = f"par {loan.approval.by} " if loan.approval is not None and loan.approval.by else ""
    when = french_date(loan.approval.on) if loan.approval is not None else ""
    if approved is None:
        yield at_key(loan.document, ("validation",), ID, ARTICLE,
                     f"la validation {by}du {when} ne dit pas quels termes de la réservation elle accepte "
                     "(validation.conditions) : faites enregistrer l'acceptation par un agent du Département "
                     "avec tna approve, qui les recopie.")
        return
    changed = changed_terms(approved, loan.terms)
    if not changed:
        return
    details = "; ".join(f"{TERM_LABELS[key]} ({key}) validé : {show_value(key, approved.get(key))}, "
                        f"maintenant : {show_value(key, loan.terms.get(key))}" for key in changed)
    first = changed[0]
    location = (first,) if first in loan.keys else ("validation",)
    yield at_key(loan.document, location, ID, ARTICLE,
                  f"la réservation a changé depuis sa validation {by}du {when} — {details}. Une validation ne "
                  "vaut que pour ce qu'elle a accepté : revenez aux termes validés, ou faites valider à nouveau "
                  "par un agent du Département (tna approve).")
