"""Pas de double réservation d'un matériel.

Deux réservations actives (statut demande, accepte ou retire) ne tiennent jamais le
même matériel le même jour, et entre la restitution de l'une et le retrait de la
suivante il faut le délai de rotation fixé dans reseau.yaml
(`regles_pret.rotation_jours_ouvres`, en jours ouvrés). En rangeant les deux
réservations par premier jour, il y a conflit quand la seconde commence au plus tard
le jour où se termine ce délai compté depuis la fin de la première. Avec une rotation
de 0 jour, le retrait suivant peut se faire dès le lendemain de la restitution,
jamais le jour même.

Le conflit est signalé dans les deux fichiers, sur le matériel concerné, avec le nom
de l'autre fichier et ses dates. Que faire : changer les dates de l'une des deux
réservations, ou en annuler une (ou refuser la demande). Un conflit entre une
réservation du Département et le prêt d'un membre relève de la règle
« priorite-departement ».
"""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset
from .base import at_value, french_date
from .overlap import Conflict, conflicts, first_pickup_after, item_index, turnaround_rule

ID = "double-reservation"
ARTICLE = "Art. 4.3 b)"


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    rule = turnaround_rule(network)
    for conflict in conflicts(dataset):
        if conflict.earlier.by_departement != conflict.later.by_departement:
            continue
        yield from _report(conflict, rule, french_date(first_pickup_after(network, conflict.earlier)))


def _report(conflict: Conflict, rule: str, first_pickup: str) -> Iterator[Finding]:
    earlier, later, item_id = conflict.earlier, conflict.later, conflict.item_id
    yield at_value(earlier.document, ("materiel", item_index(earlier, item_id)), ID, ARTICLE,
                   f"« {item_id} » est aussi réservé du {french_date(later.start)} au {french_date(later.end)} "
                   f"par {later.document.path} : {rule}. Changez les dates de l'une des deux réservations "
                   "ou annulez-en une.")
    yield at_value(later.document, ("materiel", item_index(later, item_id)), ID, ARTICLE,
                   f"« {item_id} » est déjà réservé du {french_date(earlier.start)} au {french_date(earlier.end)} "
                   f"par {earlier.document.path} : {rule}. Reportez ce retrait au {first_pickup} au plus tôt, "
                   "changez les dates de l'autre réservation ou annulez-en une.")
