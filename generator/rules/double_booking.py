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
de l'autre fichier et ses dates. Une seule des deux réservations doit bouger : celle
dont le statut est le moins avancé (une `demande` devant un prêt `accepte`, un prêt
`accepte` devant un prêt `retire`), à statut égal la plus récente (`demande_le`), puis
celle qui commence après l'autre. Que faire : changer les dates de celle-là (son
message donne le premier retrait ou le dernier jour possible), l'annuler ou refuser la
demande ; l'autre garde ses dates. Un conflit entre une réservation du Département et
le prêt d'un membre relève de la règle « priorite-departement ».
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan, Network
from .base import at_value, french_date
from .overlap import Conflict, conflicts, first_pickup_after, item_index, turnaround_rule

ID = "double-reservation"
ARTICLE = "Art. 4.3 b)"


# How far along a booking is: the less advanced one gives way.
PROGRESS = {"demande": 0, "accepte": 1, "retire": 2}
ADVANCED = {"accepte": "déjà acceptée", "retire": "déjà retirée"}


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    rule = turnaround_rule(network)
    for conflict in conflicts(dataset):
        if conflict.earlier.by_departement != conflict.later.by_departement:
            continue
        yield from _report(network, conflict, rule)


def _keeper_and_mover(conflict: Conflict) -> tuple[Loan, Loan, str]:
    """The booking that keeps its dates, the one that must move, and why the first one wins."""
    earlier, later = conflict.earlier, conflict.later
    rank = (PROGRESS.get(earlier.status, 0), PROGRESS.get(later.status, 0))
    if rank[0] != rank[1]:
        keeper, mover = (earlier, later) if rank[0] > rank[1] else (later, earlier)
        return keeper, mover, ADVANCED[keeper.status]
    if earlier.requested_on != later.requested_on:
        keeper, mover = (earlier, later) if earlier.requested_on < later.requested_on else (later, earlier)
        return keeper, mover, f"demandée avant, le {french_date(keeper.requested_on)}"
    return earlier, later, "demandée le même jour et commençant avant"


def _last_end_before(network: Network, start: date, floor: date) -> date | None:
    """The last working day a booking may end on for another one to start on ``start`` (turnaround
    included), if it is not before ``floor``."""
    day = start - timedelta(days=1)
    while day >= floor:
        turnaround_ends = network.add_working_days(day, network.loan_rules.turnaround_working_days)
        if network.is_working_day(day) and turnaround_ends < start:
            return day
        day -= timedelta(days=1)
    return None


def _report(network: Network, conflict: Conflict, rule: str) -> Iterator[Finding]:
    item_id = conflict.item_id
    keeper, mover, why = _keeper_and_mover(conflict)
    if mover is conflict.later:
        fix = f"reportez ce retrait au {french_date(first_pickup_after(network, keeper))} au plus tôt"
    else:
        last_end = _last_end_before(network, keeper.start, mover.start)
        fix = (f"terminez ce prêt le {french_date(last_end)} au plus tard" if last_end is not None
               else "choisissez d'autres dates")
    for loan, other in ((conflict.earlier, conflict.later), (conflict.later, conflict.earlier)):
        held = "aussi" if loan is conflict.earlier else "déjà"
        found = (f"« {item_id} » est {held} réservé du {french_date(other.start)} au {french_date(other.end)} "
                 f"par {other.document.path} : {rule}. ")
        if loan is mover:
            advice = (f"Cette autre réservation est prioritaire ({why}) : {fix}, "
                      "ou annulez cette réservation (ou refusez la demande).")
        else:
            advice = (f"Cette réservation-ci est prioritaire ({why}) et garde ses dates : c'est l'autre qui doit "
                      "changer de dates ou être annulée.")
        yield at_value(loan.document, ("materiel", item_index(loan, item_id)), ID, ARTICLE, found + advice)
