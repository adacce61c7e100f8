"""Préavis de demande d'avenant ou de renouvellement.

Toute demande d'avenant doit parvenir au Département au moins trois mois avant la
fin de validité de la convention (Art. 9). La convention prend fin trois ans après
sa dernière signature (Art. 5) : signée le 10 janvier 2025, son dernier jour en
vigueur est le 9 janvier 2028, et la demande doit arriver au plus tard le
10 octobre 2027 (lendemain du dernier jour, moins trois mois).

Le fichier du membre reçoit un avertissement dès que la convention se termine dans
les trois mois, et même plus tôt : dès les trois mois qui précèdent la date limite
de la demande (soit six mois avant la fin), pour qu'il reste le temps de l'envoyer.
L'avertissement donne le dernier jour en vigueur et la date limite de la demande,
et dit si cette date est déjà passée. Une convention arrivée à son terme sans être
renouvelée reçoit aussi un avertissement : aucun prêt n'est possible tant qu'une
nouvelle convention n'est pas signée. Une convention résiliée (Art. 8) n'en reçoit
pas : elle ne sera pas modifiée.

Que faire : adresser la demande d'avenant ou de renouvellement au Département, puis
reporter la date de la nouvelle signature dans `convention.signature`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator

from ..findings import Finding, Severity
from ..dates import add_months
from ..model import AgreementRules, Dataset, Member
from .base import at_key, french_date

ID = "preavis-avenant"
ARTICLE = "Art. 9"


def request_deadline(last_day: date, notice_months: int) -> date:
    """Last date an amendment request may arrive: the day after the last day, minus the notice."""
    return add_months(last_day + timedelta(days=1), -notice_months)


def ending_soon(member: Member, rules: AgreementRules, today: date) -> tuple[date, date] | None:
    """(last day in force, request deadline) when the member should hear about it today.

    From three months before the request deadline on, so that the warning comes while
    the request can still arrive in time (one that started three months before the end
    would come the day after the deadline); never for a terminated or unsigned agreement.
    """
    if member.agreement is None or member.agreement.terminated_on is not None:
        return None
    last_day = member.agreement.last_day(rules.years)
    deadline = request_deadline(last_day, rules.amendment_notice_months)
    if today < add_months(deadline, -rules.amendment_notice_months):
        return None
    return last_day, deadline


def check(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    for member in dataset.members.values():
        dates = ending_soon(member, dataset.network.agreement_rules, dataset.today)
        if dates is not None:
            message = _message(member, dataset.today, *dates)
            yield at_key(member.document, ("convention", "signature"), ID, ARTICLE, message, Severity.WARNING)


def _message(member: Member, today: date, last_day: date, deadline: date) -> str:
    if today > last_day:
        return (f"la convention de « {member.id} » a pris fin le {french_date(last_day)} et n'a pas été renouvelée : "
                "aucun prêt n'est possible avant une nouvelle signature ; faites signer le renouvellement "
                "et indiquez sa date dans convention.signature.")
    if today > deadline:
        return (f"la convention de « {member.id} » prend fin le {french_date(last_day)} et la date limite de demande "
                f"d'avenant ou de renouvellement ({french_date(deadline)}) est dépassée : contactez le Département "
                "sans attendre pour la renouveler.")
    return (f"la convention de « {member.id} » prend fin le {french_date(last_day)} : pour la renouveler ou la "
            f"modifier, adressez votre demande au Département au plus tard le {french_date(deadline)}.")
