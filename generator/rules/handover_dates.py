"""Dates réelles du retrait et de la restitution.

L'emprunteur vient chercher le matériel à la Maison du Département pendant les
heures d'ouverture, et le ramène au même endroit (Art. 4.3 c) ; un agent fait alors
l'état des lieux (Art. 4.3 d). La date de chaque état des lieux (`date` de
`etat_retrait` et de `etat_restitution`) est le moment réel de la remise ou du
retour, et ce moment doit être possible :

- pendant les heures d'ouverture du siège (`siege.horaires` de reseau.yaml), un
  jour ouvré : ni un samedi, ni un dimanche, ni un jour férié ;
- pas après la date du jour : on n'enregistre un état des lieux qu'une fois fait ;
- un retrait n'a pas lieu avant le premier jour du prêt (`debut`), sauf si l'agent
  qui remet le matériel plus tôt en écrit la raison dans `etat_retrait.motif`
  (`tna pickup --motif`) ;
- une restitution n'a lieu ni avant le retrait, ni avant le premier jour du prêt.
  Un retour plus tôt que prévu, ou en retard, est possible : c'est le moment réel
  qui compte (un retard est signalé par la règle « retard-restitution »).

Que faire : corriger la date de l'état des lieux avec le moment réel de la remise
ou du retour, ou, pour un retrait anticipé décidé par le Département, ajouter le
motif.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan, Network
from .base import at_value, french_date
from .slots import closed_reason

ID = "dates-retrait-restitution"
ARTICLE = "Art. 4.3 c) et d)"
PICKUP, RETURN = "etat_retrait", "etat_restitution"


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    for loan in dataset.loans:
        for key, recorded in ((PICKUP, loan.pickup_check), (RETURN, loan.return_check)):
            if recorded is None:
                continue
            for message in problems(network, loan, key, recorded.at, recorded.reason, dataset.today):
                yield at_value(loan.document, (key, "date"), ID, ARTICLE, message)


def problems(network: Network, loan: Loan, key: str, moment: datetime, reason: str | None,
             today: date) -> Iterator[str]:
    """Why a pickup (``etat_retrait``) or return (``etat_restitution``) at ``moment`` cannot have happened.

    The staff commands ask the same question before they write anything.
    """
    what = "du retrait" if key == PICKUP else "de la restitution"
    if moment.date() > today:
        yield (f"l'état des lieux {what} est daté du {_moment(moment)}, après la date du jour "
               f"({french_date(today)}) : on n'enregistre un état des lieux qu'une fois fait ; écrivez le "
               "moment réel.")
    closed = closed_reason(network, moment)
    if closed is not None:
        yield (f"l'état des lieux {what} est daté du {_moment(moment)}, un moment impossible : {closed}. "
               "Le matériel se remet et se rend à la Maison du Département pendant ses heures d'ouverture, "
               "un jour ouvré : écrivez le moment réel.")
    if key == PICKUP:
        if moment.date() < loan.start and not reason:
            yield (f"le retrait est daté du {_moment(moment)}, avant le premier jour du prêt "
                   f"({french_date(loan.start)}) : un retrait anticipé est une décision de l'agent, qui en "
                   "écrit la raison dans etat_retrait.motif (tna pickup --motif) ; sinon, écrivez le moment réel.")
        return
    pickup = loan.pickup_check
    if pickup is not None and moment < pickup.at:
        yield (f"la restitution est datée du {_moment(moment)}, avant le retrait ({_moment(pickup.at)}) : "
               "le matériel ne revient pas avant d'être parti ; écrivez le moment réel.")
    elif moment.date() < loan.start:
        yield (f"la restitution est datée du {_moment(moment)}, avant le premier jour du prêt "
               f"({french_date(loan.start)}) : le matériel ne revient pas avant le début du prêt ; écrivez le "
               "moment réel.")


def _moment(moment: datetime) -> str:
    """A moment as the messages write it (formatted only when a message is made)."""
    return f"{french_date(moment.date())} à {moment:%H:%M}"
