"""Convention en vigueur pendant tout le prêt.

La convention entre en vigueur à sa dernière signature, pour trois ans (Art. 5) :
signée le 10 janvier 2025, elle s'applique jusqu'au 9 janvier 2028 inclus ; signée
un 29 février, son dernier jour est le 28 février trois ans plus tard. Une
résiliation (Art. 8) y met fin plus tôt : la date de `resiliation` est le premier jour
où la convention ne s'applique plus.

Chaque prêt en cours (demande, accepte ou retire) d'un membre tient tout entier dans
cette période : du premier jour (`debut`) au dernier jour (`fin`) inclus. Les prêts
passés (restitue, refuse, annule) ne sont pas rejugés, puisqu'un renouvellement
déplace la date de signature. Les réservations du Département ne sont pas concernées.

Un membre sans convention (clé `convention` absente : une structure de l'annuaire qui
n'a pas encore signé, par exemple juste après `tna import-lieux`) ne peut pas emprunter.

Que faire : avancer la fin du prêt au dernier jour en vigueur, ou faire signer le
renouvellement de la convention et reporter sa date dans `convention.signature`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator

from ..findings import Finding
from ..model import Agreement, Dataset, Loan, Member
from .base import at_value, french_date

ID = "convention-en-vigueur"
ARTICLE = "Art. 5 et 8"


def last_day_in_force(agreement: Agreement, years: int) -> date:
    """The last day the agreement applies: three years after signing, or the eve of a termination."""
    last_day = agreement.last_day(years)
    terminated_on = agreement.terminated_on
    if terminated_on is not None:
        last_day = min(last_day, terminated_on - timedelta(days=1))
    return last_day


def check(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    years = dataset.network.agreement_rules.years
    for loan in dataset.loans:
        member = dataset.members.get(loan.borrower)
        if member is None or not loan.is_active:
            continue
        if member.agreement is None:
            yield at_value(loan.document, ("emprunteur",), ID, ARTICLE,
                           f"« {member.id} » n'a pas encore signé la convention de coopération (pas de clé convention "
                           f"dans {member.document.path}) : un prêt ne lui est possible qu'une fois la convention "
                           "signée et sa date reportée dans convention.signature.")
            continue
        yield from _check_loan(loan, member, member.agreement, last_day_in_force(member.agreement, years))


def _check_loan(loan: Loan, member: Member, agreement: Agreement, last_day: date) -> Iterator[Finding]:
    signed_on = agreement.signed_on
    if loan.start < signed_on:
        yield at_value(loan.document, ("debut",), ID, ARTICLE,
                       f"le prêt commence le {french_date(loan.start)}, avant la signature de la convention de "
                       f"« {member.id} » le {french_date(signed_on)} : "
                       f"faites commencer le prêt le {french_date(signed_on)} au plus tôt.")
    if loan.end > last_day:
        # Once the item is out (retire), the end of the agreement is a situation to handle, not a data fault.
        yield at_value(loan.document, ("fin",), ID, ARTICLE, _after_last_day(loan, member, agreement, last_day),
                       situation=loan.status == "retire")


def _after_last_day(loan: Loan, member: Member, agreement: Agreement, last_day: date) -> str:
    terminated_on = agreement.terminated_on
    if terminated_on is not None and last_day == terminated_on - timedelta(days=1):
        return (f"la convention de « {member.id} » est résiliée à compter du {french_date(terminated_on)} "
                f"(dernier jour en vigueur : {french_date(last_day)}), or le prêt se termine le "
                f"{french_date(loan.end)} : annulez le prêt ou ramenez sa fin au {french_date(last_day)} au plus tard.")
    return (f"la convention de « {member.id} » est en vigueur jusqu'au {french_date(last_day)} inclus, or le prêt "
            f"se termine le {french_date(loan.end)} : ramenez la fin du prêt au {french_date(last_day)} au plus tard, "
            "ou faites renouveler la convention et indiquez la nouvelle date de signature.")
