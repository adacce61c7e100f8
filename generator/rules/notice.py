"""Délai de prévenance.

Une demande de prêt d'un membre (statut demande) arrive assez tôt : le premier jour
du prêt (`debut`) tombe au plus tôt `regles_pret.preavis_jours_ouvres` jours ouvrés
après la date de la demande (`demande_le`), jours ouvrés comptés du lundi au
vendredi hors jours fériés, le jour de la demande non compté. L'erreur donne le
premier jour de retrait possible : décalez le prêt à cette date ou plus tard.

Une demande datée d'après le premier jour du prêt (un prêt demandé après coup) est
aussi une erreur, qui donne de même le premier jour possible ; si c'est la date de la
demande qui est fausse, corrigez `demande_le`. Les réservations du Département ne sont
pas concernées.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan, Network
from .base import at_value, french_date

ID = "delai-prevenance"
ARTICLE = "Art. 4.3"


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    for loan in dataset.loans:
        if loan.status == "demande" and not loan.by_departement:
            yield from _check_request(network, loan)


def _check_request(network: Network, loan: Loan) -> Iterator[Finding]:
    requested, start = french_date(loan.requested_on), french_date(loan.start)
    notice = network.loan_rules.notice_working_days
    earliest = network.add_working_days(loan.requested_on, notice)
    if loan.requested_on > loan.start:
        yield at_value(loan.document, ("debut",), ID, ARTICLE,
                       f"le prêt commence le {start}, avant la demande du {requested} : avec le délai de "
                       f"prévenance de {_working_days(notice)}, le premier jour possible est le "
                       f"{french_date(earliest)} ; décalez le premier jour (debut) à cette date ou plus tard, "
                       "ou corrigez la date de la demande (demande_le) si elle est fausse.")
        return
    if loan.start < earliest:
        given = network.working_days_between(loan.requested_on, loan.start)
        yield at_value(loan.document, ("debut",), ID, ARTICLE,
                       f"le prêt commence le {start}, {_working_days(given)} après la demande du {requested}, "
                       f"alors qu'il faut un délai de prévenance de {_working_days(notice)}. Décalez le premier "
                       f"jour au {french_date(earliest)} ou plus tard.")


def _working_days(count: int) -> str:
    return f"{count} jour ouvré" if count <= 1 else f"{count} jours ouvrés"
