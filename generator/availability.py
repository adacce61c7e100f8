"""Availability: what each item is doing on each day, and when a new loan could fit.

Pure functions over a :class:`~generator.model.Dataset` (no IO, no clock): the site's
calendar pages, the iCalendar/JSON feeds, ``tna availability`` and ``tna new-loan``
all read the calendar through this module, so they agree with each other and with
the rules.

Semantics shared with the rules (Art. 4.2 and 4.3 b):

* A booking *holds* an item when its loan is active (``demande``, ``accepte``,
  ``retire``). Two bookings of one item clash when, ordered by first day,
  ``later.start <= add_working_days(earlier.end, turnaround)`` (the turnaround is
  ``regles_pret.rotation_jours_ouvres`` of ``reseau.yaml``): see :func:`clashes`.
* An item whose ``etat`` is maintenance / hors_service / reforme cannot be booked
  from its ``etat_depuis`` on (from any day when that date is missing).
* Pickup and return happen on working days (not a weekend, not a public holiday).

Day states, when several apply to one day the first of this list wins:
out of service (hors service / réformé, or maintenance) > Département's own use >
booked (accepte, retire, restitue) > requested (demande) > headquarters closed >
free. A booked weekend therefore shows the booking, not « Week-end ».
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from opening_hours import OpeningHours, State

from .rules.base import french_date
from .model import ACTIVE_STATUSES, DEPARTEMENT, UNBOOKABLE_STATES, Dataset, Equipment, Loan, Network

# Statuses shown on calendars: active loans, and past ones that really happened.
SHOWN_STATUSES = ACTIVE_STATUSES | {"restitue"}


class DayState(str, Enum):
    LIBRE = "libre"
    FERME = "ferme"
    RESERVE = "reserve"
    DEMANDE = "demande"
    DEPARTEMENT = "departement"
    MAINTENANCE = "maintenance"
    HORS_SERVICE = "hors_service"


# Lower rank wins when several states apply to one day (see the module docstring).
STATE_PRIORITY: dict[DayState, int] = {
    DayState.HORS_SERVICE: 0,
    DayState.MAINTENANCE: 0,
    DayState.DEPARTEMENT: 1,
    DayState.RESERVE: 2,
    DayState.DEMANDE: 3,
    DayState.FERME: 4,
    DayState.LIBRE: 5,
}

# French names of the states, for legends and screen readers.
STATE_LABELS: dict[DayState, str] = {
    DayState.LIBRE: "Libre",
    DayState.FERME: "Fermé",
    DayState.RESERVE: "Réservé",
    DayState.DEMANDE: "Demandé",
    DayState.DEPARTEMENT: "Usage du Département",
    DayState.MAINTENANCE: "En maintenance",
    DayState.HORS_SERVICE: "Hors service",
}

_ITEM_STATE_LABELS = {"maintenance": "En maintenance", "hors_service": "Hors service", "reforme": "Réformé"}

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class Booking:
    """One item held by one loan (a loan of three items gives three bookings).

    ``borrower_name`` is an organisation (member or Département), never a person.
    """

    loan_id: str
    item_id: str
    borrower_id: str
    borrower_name: str
    start: date
    end: date
    status: str
    state: DayState

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True)
class Day:
    day: date
    state: DayState
    label: str
    loan_id: str | None


def borrower_name(dataset: Dataset, borrower_id: str) -> str:
    """The organisation's name (never a person): a member's ``nom`` or the Département's."""
    if borrower_id == DEPARTEMENT:
        return dataset.network.department_name if dataset.network else "Département"
    member = dataset.members.get(borrower_id)
    return member.name if member else borrower_id


def booking_state(loan: Loan) -> DayState:
    if loan.by_departement:
        return DayState.DEPARTEMENT
    return DayState.DEMANDE if loan.status == "demande" else DayState.RESERVE


def _booking_key(booking: Booking) -> tuple[date, date, str, str]:
    return booking.start, booking.end, booking.item_id, booking.loan_id


@dataclass(frozen=True)
class _ItemBookings:
    """One item's bookings sorted by first day, with the running latest last day (for bisect)."""

    held: list[Booking]
    starts: list[date]
    latest_ends: list[date]

    def overlapping(self, first: date, last: date) -> list[Booking]:
        """The bookings that touch [first, last], in the sorted order: O(log n + found)."""
        low = bisect_left(self.latest_ends, first)  # before it, every booking ended before ``first``
        high = bisect_right(self.starts, last)  # from it on, every booking starts after ``last``
        return [booking for booking in self.held[low:high] if booking.end >= first]


@dataclass(frozen=True)
class BookingIndex:
    """Every booking of a dataset, sorted once, and each item's own list: built once per dataset.

    A dataset is never changed once built (the pipeline builds it, the commands and the
    site only read it), so the index is kept on it (:func:`booking_index`).
    """

    every: list[Booking]
    by_item: dict[str, _ItemBookings]

    def of(self, item_id: str) -> _ItemBookings:
        return self.by_item.get(item_id, _EMPTY_ITEM)


_EMPTY_ITEM = _ItemBookings([], [], [])


def booking_index(dataset: Dataset) -> BookingIndex:
    """The dataset's :class:`BookingIndex`, built on first use (one pass over the loans, one sort)."""
    index = dataset.memo.get("bookings")
    if isinstance(index, BookingIndex):
        return index
    names: dict[str, str] = {}
    found = []
    for loan in dataset.loans:
        if loan.status not in SHOWN_STATUSES:
            continue
        name = names.get(loan.borrower)
        if name is None:
            name = names[loan.borrower] = borrower_name(dataset, loan.borrower)
        state = booking_state(loan)
        found += [Booking(loan.id, held, loan.borrower, name, loan.start, loan.end, loan.status, state)
                  for held in dict.fromkeys(loan.item_ids)]
    found.sort(key=_booking_key)
    grouped: dict[str, list[Booking]] = {}
    for booking in found:
        grouped.setdefault(booking.item_id, []).append(booking)
    by_item = {}
    for item_id, held in grouped.items():
        latest: list[date] = []
        for booking in held:
            latest.append(max(latest[-1], booking.end) if latest else booking.end)
        by_item[item_id] = _ItemBookings(held, [booking.start for booking in held], latest)
    index = BookingIndex(found, by_item)
    dataset.memo["bookings"] = index
    return index


def bookings(dataset: Dataset, item_id: str | None = None) -> list[Booking]:
    """Bookings of shown loans (demande, accepte, retire, restitue), sorted by dates, item, loan."""
    index = booking_index(dataset)
    return list(index.every if item_id is None else index.of(item_id).held)


def clashes(network: Network, first: tuple[date, date], second: tuple[date, date]) -> bool:
    """Do two periods of one item conflict, turnaround included (Art. 4.3 b)?

    Ordered by first day, they clash when the later one starts no later than the
    ``rotation_jours_ouvres``-th working day after the earlier one ends (with 0, the
    next pickup may be the day after a return, never the same day).
    """
    earlier, later = sorted((first, second))
    return later[0] <= network.add_working_days(earlier[1], network.loan_rules.turnaround_working_days)


def unbookable_from(item: Equipment) -> date | None:
    """First day the item cannot be booked (Art. 4.2), or None while it is available."""
    if item.state not in UNBOOKABLE_STATES:
        return None
    return item.state_since or date.min


def _item_state_day(item: Equipment) -> tuple[DayState, str] | None:
    if item.state not in UNBOOKABLE_STATES:
        return None
    state = DayState.MAINTENANCE if item.state == "maintenance" else DayState.HORS_SERVICE
    return state, _ITEM_STATE_LABELS[item.state]


def _closed_label(network: Network | None, day: date) -> str | None:
    """« Week-end » or « Fermé — <holiday> » when the headquarters is closed, else None."""
    if network is None:
        return "Week-end" if day.weekday() >= 5 else None
    holiday = network.holiday_name(day)
    if holiday:
        return f"Fermé — {holiday}"
    return "Week-end" if day.weekday() >= 5 else None


def _booking_label(booking: Booking) -> str:
    return f"{STATE_LABELS[booking.state]} — {booking.borrower_name}"


def _closed_labels(network: Network | None, first: date, last: date) -> dict[date, str]:
    """Each day of [first, last] when the headquarters is closed, with its label."""
    labels: dict[date, str] = {}
    day = first
    while day <= last:
        label = _closed_label(network, day)
        if label:
            labels[day] = label
        day += timedelta(days=1)
    return labels


def _closed_memo(dataset: Dataset, first: date, last: date) -> dict[date, str]:
    """:func:`_closed_labels`, kept on the dataset: every item of a site shares one calendar."""
    memo = dataset.memo.setdefault("closed", {})
    assert isinstance(memo, dict)
    if (first, last) not in memo:
        memo[(first, last)] = _closed_labels(dataset.network, first, last)
    labels: dict[date, str] = memo[(first, last)]
    return labels


_FREE_LABEL = STATE_LABELS[DayState.LIBRE]


def _sweep(dataset: Dataset, item: Equipment, first: date, last: date) -> list[tuple[date, DayState, str, str | None]]:
    """(day, state, label, loan) for every day of [first, last]: one pass over the item's bookings.

    The states are those of the module docstring: the item's own state from
    ``etat_depuis`` on, then the bookings that hold the day (the highest-priority one;
    on a tie, the first in the sorted order), then the headquarters' closed days.
    """
    since = unbookable_from(item)
    item_state = _item_state_day(item)
    blocked_from = since if item_state is not None and since is not None else None
    held = booking_index(dataset).of(item.id).overlapping(first, last)
    closed = _closed_memo(dataset, first, last)
    ranked = [(STATE_PRIORITY[booking.state], order, booking) for order, booking in enumerate(held)]
    days: list[tuple[date, DayState, str, str | None]] = []
    active: list[tuple[int, int, Booking]] = []
    cursor = 0
    day = first
    one = timedelta(days=1)
    while day <= last:
        if blocked_from is not None and day >= blocked_from:
            assert item_state is not None
            days.append((day, item_state[0], item_state[1], None))
            day += one
            continue
        while cursor < len(ranked) and ranked[cursor][2].start <= day:
            active.append(ranked[cursor])
            cursor += 1
        if active:
            active = [entry for entry in active if entry[2].end >= day]
        if active:
            best = min(active)[2] if len(active) > 1 else active[0][2]
            days.append((day, best.state, _booking_label(best), best.loan_id))
        elif day in closed:
            days.append((day, DayState.FERME, closed[day], None))
        else:
            days.append((day, DayState.LIBRE, _FREE_LABEL, None))
        day += one
    return days


def item_days(dataset: Dataset, item_id: str, first: date, last: date) -> list[Day]:
    """One :class:`Day` per date from ``first`` to ``last`` included (KeyError for an unknown item)."""
    item = dataset.equipment[item_id]
    return [Day(day, state, label, loan_id) for day, state, label, loan_id in _sweep(dataset, item, first, last)]


@dataclass(frozen=True)
class DayPeriod:
    """Consecutive days with the same state, label and loan: a calendar told as a list."""

    first: date
    last: date
    state: DayState
    label: str
    loan_id: str | None


def day_periods(days: list[Day]) -> list[DayPeriod]:
    """Group consecutive :class:`Day` values that say the same thing (for screen readers and lists)."""
    periods: list[DayPeriod] = []
    for day in days:
        previous = periods[-1] if periods else None
        if (previous and previous.last + timedelta(days=1) == day.day
                and (previous.state, previous.label, previous.loan_id) == (day.state, day.label, day.loan_id)):
            periods[-1] = DayPeriod(previous.first, day.day, day.state, day.label, day.loan_id)
        else:
            periods.append(DayPeriod(day.day, day.day, day.state, day.label, day.loan_id))
    return periods


def item_periods(dataset: Dataset, item_id: str, first: date, last: date) -> list[DayPeriod]:
    """:func:`day_periods` of :func:`item_days`, from one sweep, without a :class:`Day` per date."""
    item = dataset.equipment[item_id]
    periods: list[DayPeriod] = []
    run_first: date | None = None
    previous: tuple[date, DayState, str, str | None] | None = None
    for entry in _sweep(dataset, item, first, last):
        if previous is None or entry[1:] != previous[1:]:
            if previous is not None and run_first is not None:
                periods.append(DayPeriod(run_first, previous[0], *previous[1:]))
            run_first = entry[0]
        previous = entry
    if previous is not None and run_first is not None:
        periods.append(DayPeriod(run_first, previous[0], *previous[1:]))
    return periods


def _last_end_before(network: Network, start: date) -> date:
    """Latest day a new loan may end so that the turnaround is over before ``start``."""
    turnaround = network.loan_rules.turnaround_working_days
    candidate = start - timedelta(days=1)
    while network.add_working_days(candidate, turnaround) >= start:
        candidate -= timedelta(days=1)
    return candidate


def _blocked_periods(dataset: Dataset, network: Network, item: Equipment) -> list[tuple[date, date]]:
    """Days a new loan of the item may not touch: each active booking widened by the turnaround."""
    turnaround = network.loan_rules.turnaround_working_days
    blocked = [(_last_end_before(network, booking.start) + timedelta(days=1),
                network.add_working_days(booking.end, turnaround))
               for booking in booking_index(dataset).of(item.id).held
               if booking.is_active and booking.end >= booking.start]
    since = unbookable_from(item)
    if since is not None:
        blocked.append((since, date.max))
    return sorted(blocked)


def _trim_to_working_days(network: Network, first: date, last: date) -> tuple[date, date] | None:
    while first <= last and not network.is_working_day(first):
        first += timedelta(days=1)
    while last >= first and not network.is_working_day(last):
        last -= timedelta(days=1)
    return (first, last) if first <= last else None


def free_windows(dataset: Dataset, item_id: str, first: date, last: date,
                 min_days: int = 1) -> list[tuple[date, date]]:
    """Maximal periods within [first, last] where a new loan of the item could be placed.

    Any loan starting and ending on working days inside a window passes the
    double-booking, Département-priority and bookable-equipment rules. Windows start
    and end on working days and last at least ``min_days`` calendar days.
    """
    network = dataset.network
    if network is None:
        return []
    windows: list[tuple[date, date]] = []
    cursor = first
    for blocked_first, blocked_last in _blocked_periods(dataset, network, dataset.equipment[item_id]):
        if blocked_first > cursor:
            windows.append((cursor, min(blocked_first - timedelta(days=1), last)))
        if blocked_last >= cursor:
            cursor = blocked_last + timedelta(days=1) if blocked_last < date.max else date.max
        if cursor > last:
            break
    if cursor <= last:
        windows.append((cursor, last))
    trimmed = (_trim_to_working_days(network, start, end) for start, end in windows if start <= end)
    return [window for window in trimmed if window and (window[1] - window[0]).days + 1 >= min_days]


def is_free(dataset: Dataset, item: Equipment, first: date, last: date) -> bool:
    """Would a new loan of ``item`` from ``first`` to ``last`` pass Art. 4.2 and 4.3 b)?"""
    network = dataset.network
    if network is None:
        return False
    since = unbookable_from(item)
    if since is not None and since <= last:
        return False
    # Only a booking that ends after the last day a loan ending before ``first`` may end,
    # and starts no later than the turnaround after ``last``, can clash: found by bisection.
    nearby = booking_index(dataset).of(item.id).overlapping(
        _last_end_before(network, first) + timedelta(days=1),
        network.add_working_days(last, network.loan_rules.turnaround_working_days))
    return not any(clashes(network, (first, last), (booking.start, booking.end))
                   for booking in nearby if booking.is_active)


def items_free(dataset: Dataset, first: date, last: date, category: str | None = None) -> list[Equipment]:
    """Items (of one category if given) a new loan from ``first`` to ``last`` could hold, by id."""
    return [item for item_id, item in sorted(dataset.equipment.items())
            if (category is None or item.category == category) and is_free(dataset, item, first, last)]


def open_slots(dataset: Dataset, day: date) -> list[tuple[time, time]]:
    """The headquarters' opening intervals on ``day`` (empty on weekends and public holidays)."""
    network = dataset.network
    if network is None or not network.is_working_day(day):
        return []
    start = datetime.combine(day, time.min)
    end = start + timedelta(days=1)
    slots: list[tuple[time, time]] = []
    for opens, closes, state, _comment in OpeningHours(network.headquarters.opening_hours).intervals(start, end):
        if state != State.OPEN:
            continue
        opens_at = max(opens.replace(tzinfo=None), start)
        closes_at = min(closes.replace(tzinfo=None), end) if closes is not None else end
        slots.append((opens_at.time(), time.max if closes_at >= end else closes_at.time()))
    return slots


def french_weekday_date(day: date) -> str:
    """« lundi 06/04/2026 »: how the commands write a day."""
    return f"{WEEKDAYS_FR[day.weekday()]} {french_date(day)}"
