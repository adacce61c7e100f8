"""Bilan du prêt.

Les parties se communiquent le bilan qualitatif et quantitatif des opérations
conjointes (Art. 6), qui nourrit les indicateurs du comité de pilotage (Art. 7) :
séances, types d'actions, publics touchés, satisfaction.

Un prêt restitué (`restitue`) reçoit son bilan (`bilan`) au plus tard
`delai_bilan_jours` jours (30 par défaut, dans `reseau.yaml`) après son dernier jour
(`fin`) : pour un prêt qui se termine le 15 mai, le bilan est attendu au plus tard
le 14 juin. Passé ce jour, le prêt reçoit un avertissement qui donne cette date.
Un bilan ne peut pas être rendu (`bilan.rendu_le`) avant le dernier jour du prêt.

Que faire : ajouter le bloc `bilan` (date de remise, séances, actions, publics,
satisfaction), ou corriger sa date.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

from ..findings import Finding, Severity
from ..model import Dataset
from .base import at_key, at_value, french_date

ID = "bilan"
ARTICLE = "Art. 6 et 7"


def check(dataset: Dataset) -> Iterator[Finding]:
    if dataset.network is None:
        return
    delay = timedelta(days=dataset.network.loan_rules.report_delay_days)
    for loan in dataset.loans:
        if loan.report is not None and loan.report.submitted_on < loan.end:
            yield at_value(loan.document, ("bilan", "rendu_le"), ID, ARTICLE,
                           f"le bilan est daté du {french_date(loan.report.submitted_on)}, avant le dernier jour du "
                           f"prêt ({french_date(loan.end)}) : corrigez rendu_le, le bilan se rend après le prêt.")
        due = loan.end + delay
        if loan.status == "restitue" and loan.report is None and dataset.today > due:
            yield at_key(loan.document, ("statut",), ID, ARTICLE,
                         f"le bilan de ce prêt était attendu au plus tard le {french_date(due)} : ajoutez le bloc "
                         "bilan (rendu_le, seances, actions, publics, satisfaction).", Severity.WARNING,
                         situation=True)
