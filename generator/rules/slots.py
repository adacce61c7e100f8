"""Créneaux de retrait et de restitution.

Le matériel se retire le premier jour du prêt et se restitue le dernier : la date de
`retrait` est celle de `debut`, la date de `restitution` celle de `fin`. Chaque
créneau (heure locale de Paris) tombe pendant les heures d'ouverture de la Maison du
Département (`siege.horaires` de reseau.yaml, au format OpenStreetMap
opening_hours) : l'heure d'ouverture est acceptée, l'heure exacte de fermeture ne
l'est plus. Un créneau ne tombe ni un samedi, ni un dimanche, ni un jour férié. Les
jours entre le retrait et la restitution peuvent être fermés ou fériés.

Sont vérifiés les prêts en cours (demande, accepte, retire) et les prêts restitués.
Que faire : choisir un créneau pendant les heures d'ouverture d'un jour ouvré, et
décaler `debut` ou `fin` avec lui.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Iterator

import opening_hours

from ..findings import Finding
from ..model import Dataset, Loan, Network
from .base import at_value, french_date
from ..vocabulary import ACTIVE_STATUSES, LoanStatus

ID = "creneaux"
ARTICLE = "Art. 4.3 c)"
CHECKED_STATUSES = ACTIVE_STATUSES | {LoanStatus.RESTITUE}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOMENTS = {"retrait": ("le retrait", "debut", "premier jour"),
           "restitution": ("la restitution", "fin", "dernier jour")}


@lru_cache(maxsize=8)
def _hours(expression: str) -> opening_hours.OpeningHours:
    return opening_hours.OpeningHours(expression)


def check(dataset: Dataset) -> Iterator[Finding]:
    network = dataset.network
    if network is None:
        return
    for loan in dataset.loans:
        if loan.status not in CHECKED_STATUSES:
            continue
        yield from _check_moment(network, loan, "retrait", loan.pickup_at, loan.start)
        yield from _check_moment(network, loan, "restitution", loan.return_at, loan.end)


def _check_moment(network: Network, loan: Loan, key: str, moment: datetime, day: date) -> Iterator[Finding]:
    label, day_key, day_label = MOMENTS[key]
    if moment.date() != day:
        when = french_date(moment.date())
        yield at_value(loan.document, (key,), ID, ARTICLE,
                       f"{label} est prévu{'e' if key == 'restitution' else ''} le {when}, mais le {day_label} du "
                       f"prêt ({day_key}) est le {french_date(day)} : faites coïncider {key} et {day_key}.")
    problem = closed_reason(network, moment)
    if problem is not None:
        when = french_date(moment.date())
        nearest = _nearest_days(network, moment.date(), key)
        yield at_value(loan.document, (key,), ID, ARTICLE,
                       f"{label} le {when} à {moment:%H:%M} est impossible : {problem}. {nearest}Choisissez un "
                       f"créneau pendant les heures d'ouverture d'un jour ouvré (et décalez {day_key} avec lui).")


SEARCH_DAYS = 31


def _open_day(network: Network, day: date) -> bool:
    """A working day on which the headquarters opens at some time."""
    if not network.is_working_day(day):
        return False
    start = datetime(day.year, day.month, day.day)
    return any(state == opening_hours.State.OPEN for _, _, state, _ in
               _hours(network.headquarters.opening_hours).intervals(start, start + timedelta(days=1)))


def _neighbour(network: Network, day: date, step: int) -> date | None:
    """The nearest open day after (step 1) or before (step -1) ``day``, within a month."""
    for distance in range(1, SEARCH_DAYS + 1):
        candidate = day + timedelta(days=step * distance)
        if _open_day(network, candidate):
            return candidate
    return None


def _nearest_days(network: Network, day: date, key: str) -> str:
    """The next valid choice when the whole day is closed: the next open day for a pickup, the open days
    just before and after for a return ("" when the day itself opens: the hours are then named)."""
    if _open_day(network, day):
        return ""
    hours = _hours(network.headquarters.opening_hours)
    after = _neighbour(network, day, 1)
    if key == "retrait":
        if after is None:
            return ""
        return (f"Premier jour possible pour le retrait : le {WEEKDAYS[after.weekday()]} {french_date(after)} "
                f"({_open_periods(hours, after).split(' : ', 1)[-1]}). ")
    before = _neighbour(network, day, -1)
    named = [f"le {WEEKDAYS[d.weekday()]} {french_date(d)}" for d in (before, after) if d is not None]
    return f"Jours possibles les plus proches pour la restitution : {' ou '.join(named)}. " if named else ""


def closed_reason(network: Network, moment: datetime) -> str | None:
    """Why the headquarters cannot hand over or take back equipment then, or None."""
    day = moment.date()
    holiday = network.holiday_name(day)
    if holiday is not None:
        return f"ce jour est férié ({holiday})"
    if day.weekday() >= 5:
        return f"ce jour est un {WEEKDAYS[day.weekday()]}"
    hours = _hours(network.headquarters.opening_hours)
    if hours.is_open(moment):
        return None
    return (f"c'est en dehors des heures d'ouverture du siège, {network.headquarters.name} "
            f"({_open_periods(hours, day)})")


def _open_periods(hours: opening_hours.OpeningHours, day: date) -> str:
    start = datetime(day.year, day.month, day.day)
    periods = [f"de {begin:%H:%M} à {end:%H:%M}"
               for begin, end, state, _ in hours.intervals(start, start + timedelta(days=1))
               if state == opening_hours.State.OPEN]
    if not periods:
        return f"fermé tout le {WEEKDAYS[day.weekday()]}"
    return f"ce {WEEKDAYS[day.weekday()]} : " + " et ".join(periods)
