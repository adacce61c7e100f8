"""Assurance du matériel pendant tout le prêt.

L'emprunteur assure le matériel contre le vol et la détérioration (Art. 4.1). Chaque
prêt en cours (demande, accepte ou retire) d'un membre tient tout entier dans la
période couverte par son assurance : du premier jour couvert (`assurance.debut`,
s'il est indiqué) au dernier jour couvert (`assurance.fin`), jours de début et de fin
du prêt compris. Les réservations du Département ne sont pas concernées.

Que faire : transmettre au Département l'attestation d'assurance de la nouvelle
période et mettre à jour `assurance` dans le fichier du membre, ou raccourcir le
prêt. Un membre sans clé `assurance` ne peut pas emprunter.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan, Member
from .base import at_value, french_date

ID = "assurance"
ARTICLE = "Art. 4.1"


def check(dataset: Dataset) -> Iterator[Finding]:
    for loan in dataset.loans:
        member = dataset.members.get(loan.borrower)
        if member is not None and loan.is_active:
            yield from _check_loan(loan, member)


def _check_loan(loan: Loan, member: Member) -> Iterator[Finding]:
    cover = member.insurance
    if cover is None:
        yield at_value(loan.document, ("emprunteur",), ID, ARTICLE,
                       f"« {member.id} » n'a pas d'assurance enregistrée (pas de clé assurance dans "
                       f"{member.document.path}) : transmettez au Département l'attestation d'assurance du matériel "
                       "et reportez-la dans assurance (assureur, fin) avant tout prêt.")
        return
    if cover.first_day is not None and loan.start < cover.first_day:
        yield at_value(loan.document, ("debut",), ID, ARTICLE,
                       f"l'assurance de « {member.id} » ne couvre le matériel qu'à partir du "
                       f"{french_date(cover.first_day)}, or le prêt commence le {french_date(loan.start)} : "
                       "décalez le début du prêt ou mettez à jour assurance.debut avec l'attestation de l'assureur.")
    if loan.end > cover.last_day:
        yield at_value(loan.document, ("fin",), ID, ARTICLE,
                       f"l'assurance de « {member.id} » couvre le matériel jusqu'au {french_date(cover.last_day)}, "
                       f"or le prêt se termine le {french_date(loan.end)} : transmettez l'attestation de la nouvelle "
                       "période et mettez à jour assurance.fin, ou avancez la fin du prêt.",
                       situation=loan.status == "retire")
