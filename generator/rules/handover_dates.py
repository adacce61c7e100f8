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
    when = _When(moment)  # formatted only for a message (most moments have none)
    if moment.date() > today:
        yield (f"l'état des lieux {what} est daté du {when}, après la date du jour ({french_date(today)}) : "
               "on n'enregistre un état des lieux qu'une fois fait ; écrivez le moment réel.")
    closed = closed_reason(network, moment)
    if closed is not None:
        yield (f"l'état des lieux {what} est daté du {when}, un moment impossible : {closed}. Le matériel se remet "
               "et se rend à la Maison du Département pendant ses heures d'ouverture, un jour ouvré : écrivez le "
               "moment réel.")
    start = _When(loan.start)
    if key == PICKUP:
        if moment.date() < loan.start and not reason:
            yield (f"le retrait est daté du {when}, avant le premier jour du prêt ({start}) : un retrait anticipé "
                   "est une décision de l'agent, qui en écrit la raison dans etat_retrait.motif "
                   "(tna pickup --motif) ; sinon, écrivez le moment réel.")
        return
    pickup = loan.pickup_check
    if pickup is not None and moment < pickup.at:
        yield (f"la restitution est datée du {when}, avant le retrait ({french_date(pickup.at.date())} à "
               f"{pickup.at:%H:%M}) : le matériel ne revient pas avant d'être parti ; écrivez le moment réel.")
    elif moment.date() < loan.start:
        yield (f"la restitution est datée du {when}, avant le premier jour du prêt ({start}) : le matériel ne "
               "revient pas avant le début du prêt ; écrivez le moment réel.")


class _When:
    """A day, or a moment, written as a message shows it when it is formatted."""

    __slots__ = ("value",)

    def __init__(self, value: date | datetime) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        value = self.value
        if isinstance(value, datetime):
            return f"{french_date(value.date())} à {value:%H:%M}"
        return french_date(value)
