"""Retard de restitution et retrait non enregistré.

Un prêt encore au statut « retire » après son dernier jour (`fin`) est en retard :
le matériel n'est pas revenu, ou son retour n'a pas été enregistré (erreur). Que
faire : enregistrer la restitution (statut restitue et état des lieux de
restitution) ou contacter l'emprunteur. C'est une situation, pas une faute dans les
données : elle est signalée (vérification quotidienne, rappels) mais n'empêche pas de
publier le site, où la fiche du matériel indique qu'il n'est pas encore restitué.

Un prêt « accepte » dont le premier jour est passé n'a pas de retrait enregistré
(avertissement) : passer le prêt à « retire » avec l'état des lieux de retrait, ou
l'annuler si le matériel n'a pas été retiré.
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding, Severity
from ..model import Dataset, Loan
from .base import at_value, french_date

ID = "retard-restitution"
ARTICLE = "Art. 4.3 c)"


def check(dataset: Dataset) -> Iterator[Finding]:
    today = dataset.today
    for loan in dataset.loans:
        if loan.status == "retire" and today > loan.end:
            yield _overdue(loan, (today - loan.end).days)
        elif loan.status == "accepte" and today > loan.start:
            yield at_value(loan.document, ("statut",), ID, ARTICLE,
                           f"le retrait était prévu le {french_date(loan.start)} et n'est pas enregistré : passez "
                           "le prêt à « retire » avec l'état des lieux de retrait (etat_retrait), ou annulez-le "
                           "si le matériel n'a pas été retiré.", Severity.WARNING, situation=True)


def _overdue(loan: Loan, days_late: int) -> Finding:
    return at_value(loan.document, ("statut",), ID, ARTICLE,
                    f"le matériel devait revenir le {french_date(loan.end)} ({days_late} jour"
                    f"{'s' if days_late > 1 else ''} de retard) et le prêt est toujours « retire » : enregistrez "
                    "la restitution (statut restitue et etat_restitution) ou contactez l'emprunteur.", situation=True)
