"""Durée maximale d'un prêt.

Un prêt dure au plus `regles_pret.duree_max_jours` jours (30 dans la convention). La
durée compte les jours du calendrier, premier et dernier jour compris : du 1er au
30 avril, le prêt dure 30 jours et passe ; jusqu'au 1er mai, il en dure 31 et ne
passe pas.

Au-delà, le prêt doit porter une dérogation (clé `derogation` : par, le, motif)
accordée par un agent du Département, c'est-à-dire un identifiant de la liste
`equipe` de reseau.yaml ; sinon l'erreur est signalée sur le dernier jour (`fin`).
Une dérogation signée par quelqu'un d'autre n'a pas de valeur : erreur sur
`derogation.par`.

Les réservations du Département pour son propre usage (`emprunteur: departement`) ne
sont pas des prêts : elles ne sont pas concernées. Les demandes refusées ou annulées
ne sont pas jugées.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan, Network
from .base import at_value, french_date
from ..vocabulary import LoanStatus

ID = "duree-max"
ARTICLE = "Art. 4.3 a)"
NOT_JUDGED = frozenset({LoanStatus.REFUSE, LoanStatus.ANNULE})


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    for loan in dataset.loans:
        if loan.by_departement or loan.status in NOT_JUDGED:
            continue
        yield from _check_loan(network, loan)


def _check_loan(network: Network, loan: Loan) -> Iterator[Finding]:
    derogation = loan.derogation
    staff_derogation = derogation is not None and derogation.by in network.staff
    if derogation is not None and not staff_derogation:
        yield at_value(loan.document, ("derogation", "par"), ID, ARTICLE,
                       f"la dérogation est signée par « {derogation.by} », qui n'est pas un agent du Département "
                       "(liste equipe de reseau.yaml) : seul un agent du Département peut accorder une dérogation ; "
                       "faites-la signer par l'un d'eux.")
    limit = network.loan_rules.max_days
    if loan.days > limit and not staff_derogation:
        yield at_value(loan.document, ("fin",), ID, ARTICLE,
                       f"le prêt dure {loan.days} jours ; au-delà de {limit} jours, une dérogation du "
                       f"Département est requise (champ derogation). Raccourcissez le prêt (dernier jour le "
                       f"{french_date(loan.start + timedelta(days=limit - 1))} au plus tard) ou faites accorder "
                       "une dérogation par un agent du Département.")
