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

One notion of « requestable » (Art. 4.2 and 4.3): a day is *requestable* for an item
when a new member request made today (``demande_le`` = today) that starts on it, ends
on it or runs over it would pass every rule about dates: the notice
(``preavis_jours_ouvres`` working days after today), the turnaround around every active
booking, the Département's priority (its bookings are bookings like the others), the
item's state, and a pickup or return slot in the Maison du Département's opening hours
on a working day. The site's calendars, the JSON feeds, the catalogue, ``tna
availability``, ``tna new-loan`` and the checker's comment all read that one
definition from :func:`_sweep` (a day's state) and :func:`requestable_windows`.

Day states, when several apply to one day the first of this list wins:
out of service (hors service / réformé, or maintenance) > Département's own use >
booked (accepte, retire, restitue) > requested (demande) > rotation (turnaround) >
headquarters closed > too early (notice) > requestable. A booked weekend therefore
shows the booking, not « Week-end ». The member sees six kinds of day
(:data:`STATE_GROUPS`): libre et demandable, libre mais trop tôt, rotation, demandé,
réservé (the Département's use included), indisponible (item out of service, closed day).
A maximum length of loan (``duree_max_jours``) is a rule on a request, not on a day: a
window may be longer, a request in it may not.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from opening_hours import OpeningHours, State

from .dates import french_date
from .model import DEPARTEMENT, Dataset, Equipment, Loan, Network
from .vocabulary import ACTIVE_STATUSES, SHOWN_STATUSES, UNBOOKABLE_STATES, ItemState, LoanStatus


class DayState(str, Enum):
    """What an item's day is; the states named after a loan status or an item state take its word."""

    LIBRE = "libre"
    TROP_TOT = "trop_tot"
    ROTATION = "rotation"
    FERME = "ferme"
    RESERVE = "reserve"
    DEMANDE = LoanStatus.DEMANDE.value
    DEPARTEMENT = "departement"
    MAINTENANCE = ItemState.MAINTENANCE.value
    HORS_SERVICE = ItemState.HORS_SERVICE.value


# Lower rank wins when several bookings hold one day (see the module docstring).
STATE_PRIORITY: dict[DayState, int] = {
    DayState.HORS_SERVICE: 0,
    DayState.MAINTENANCE: 0,
    DayState.DEPARTEMENT: 1,
    DayState.RESERVE: 2,
    DayState.DEMANDE: 3,
    DayState.ROTATION: 4,
    DayState.FERME: 5,
    DayState.TROP_TOT: 6,
    DayState.LIBRE: 7,
}

# French names of the states, for legends and screen readers.
STATE_LABELS: dict[DayState, str] = {
    DayState.LIBRE: "Libre et demandable",
    DayState.TROP_TOT: "Libre mais trop tôt (préavis)",
    DayState.ROTATION: "Rotation (entretien entre deux prêts)",
    DayState.FERME: "Fermé",
    DayState.RESERVE: "Réservé",
    DayState.DEMANDE: "Demandé",
    DayState.DEPARTEMENT: "Usage du Département",
    DayState.MAINTENANCE: ItemState.MAINTENANCE.label,
    DayState.HORS_SERVICE: ItemState.HORS_SERVICE.label,
}

# The six kinds of day a member sees: each state belongs to one (the Département's own use
# is a booking; closed days and out-of-service items are unavailable).
STATE_GROUPS: dict[DayState, str] = {
    DayState.LIBRE: "libre",
    DayState.TROP_TOT: "trop_tot",
    DayState.ROTATION: "rotation",
    DayState.DEMANDE: DayState.DEMANDE.value,
    DayState.RESERVE: "reserve",
    DayState.DEPARTEMENT: "reserve",
    DayState.FERME: "indisponible",
    DayState.MAINTENANCE: "indisponible",
    DayState.HORS_SERVICE: "indisponible",
}
GROUP_LABELS: dict[str, str] = {
    "libre": "Libre et demandable",
    "trop_tot": "Libre mais trop tôt (préavis)",
    "rotation": "Rotation (entretien entre deux prêts)",
    DayState.DEMANDE.value: "Demandé",
    "reserve": "Réservé",
    "indisponible": "Indisponible",
}

# Days a request may cover: free days, and closed days between two of them (a loan may run
# over a weekend; only its pickup and return days must be open).
COVERABLE_STATES = frozenset({DayState.LIBRE, DayState.FERME})
PAST_LABEL = "Passé"

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
    return DayState.DEMANDE if loan.status == LoanStatus.DEMANDE else DayState.RESERVE


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
    state = DayState.MAINTENANCE if item.state == ItemState.MAINTENANCE else DayState.HORS_SERVICE
    return state, ItemState(item.state).label


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
    """Each day of [first, last] without a pickup or return slot, with its label.

    Weekends and public holidays, and working days on which the headquarters' opening
    hours (``siege.horaires``) have no open interval (read once for the whole period).
    """
    labels: dict[date, str] = {}
    day = first
    while day <= last:
        label = _closed_label(network, day)
        if label:
            labels[day] = label
        day += timedelta(days=1)
    if network is None:
        return labels
    start = datetime.combine(first, time.min)
    opened: set[date] = set()
    for opens, closes, state, _comment in OpeningHours(network.headquarters.opening_hours).intervals(
            start, datetime.combine(last + timedelta(days=1), time.min)):
        if state != State.OPEN:
            continue
        begin = opens.replace(tzinfo=None)
        end = closes.replace(tzinfo=None) if closes is not None else datetime.combine(last, time.max)
        day = begin.date()
        while datetime.combine(day, time.min) < end and day <= last:
            opened.add(day)
            day += timedelta(days=1)
    day = first
    while day <= last:
        if day not in labels and day not in opened:
            labels[day] = f"Fermé — {network.headquarters.name}"
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


def first_pickup_day(network: Network, today: date) -> date:
    """The first pickup day the notice allows for a request made ``today`` (Art. 4.3), moved to a
    working day: the first day :func:`earliest_start` allows on which the Maison du Département lends."""
    day = network.add_working_days(today, network.loan_rules.notice_working_days)
    while not network.is_working_day(day):
        day += timedelta(days=1)
    return day


def earliest_start(dataset: Dataset) -> date:
    """First day a member request made today may start on: ``preavis_jours_ouvres`` working days
    after today (Art. 4.3; today itself not counted). Today when there is no valid network."""
    network = dataset.network
    if network is None:
        return dataset.today
    return network.add_working_days(dataset.today, network.loan_rules.notice_working_days)


def _last_end_before(network: Network, start: date) -> date:
    """Latest day a new loan may end so that the turnaround is over before ``start``."""
    turnaround = network.loan_rules.turnaround_working_days
    candidate = start - timedelta(days=1)
    while network.add_working_days(candidate, turnaround) >= start:
        candidate -= timedelta(days=1)
    return candidate


@dataclass(frozen=True)
class _Turnaround:
    """A booking's turnaround days, worked out once per dataset (kept in ``dataset.memo``)."""

    network: Network
    before: dict[date, date]
    after: dict[date, date]

    def last_end_before(self, start: date) -> date:
        found = self.before.get(start)
        if found is None:
            found = self.before[start] = _last_end_before(self.network, start)
        return found

    def over(self, end: date) -> date:
        """The last day of the turnaround after a return on ``end``."""
        found = self.after.get(end)
        if found is None:
            found = self.after[end] = self.network.add_working_days(
                end, self.network.loan_rules.turnaround_working_days)
        return found


def _turnaround(dataset: Dataset, network: Network) -> _Turnaround:
    memo = dataset.memo.get("turnaround")
    if isinstance(memo, _Turnaround) and memo.network is network:
        return memo
    fresh = _Turnaround(network, {}, {})
    dataset.memo["turnaround"] = fresh
    return fresh


def _rotation_zones(turnaround: _Turnaround, held: list[Booking]) -> list[tuple[date, date]]:
    """Days around each active booking that a new loan may not cover (turnaround, Art. 4.3 b).

    Before a booking: the days a new loan cannot end on (its turnaround would reach the
    booking's pickup), hence cannot cover either; after it: the turnaround itself.
    """
    zones = []
    for booking in held:
        if not booking.is_active or booking.end < booking.start:
            continue
        zones.append((turnaround.last_end_before(booking.start) + timedelta(days=1), booking.start - timedelta(days=1)))
        zones.append((booking.end + timedelta(days=1), turnaround.over(booking.end)))
    return sorted(zone for zone in zones if zone[0] <= zone[1])


_REQUESTABLE_LABEL = STATE_LABELS[DayState.LIBRE]
_TOO_EARLY_LABEL = STATE_LABELS[DayState.TROP_TOT]
_ROTATION_LABEL = STATE_LABELS[DayState.ROTATION]


def _sweep(dataset: Dataset, item: Equipment, first: date, last: date) -> list[tuple[date, DayState, str, str | None]]:
    """(day, state, label, loan) for every day of [first, last]: one pass over the item's bookings.

    A day is *requestable* (``libre``) when a new member request made today could start
    on it, end on it or run over it and pass every rule. Otherwise the first of these
    that applies says why (the module docstring):

    1. the item is in maintenance, out of service or retired from ``etat_depuis`` on;
    2. an active booking holds the day (the highest-priority one; on a tie, the first in
       the sorted order); a returned loan is shown only on days a request could not
       take anyway (before the notice ends);
    3. the turnaround before or after an active booking (``rotation``);
    4. no pickup or return slot that day, and no request can run over it (``ferme``);
    5. the notice is not over (``trop_tot``; « Passé » before today);
    6. otherwise ``libre``.

    A closed day (4) between two requestable days may be covered by a request: windows
    (:func:`requestable_windows`) run over it.
    """
    network = dataset.network
    since = unbookable_from(item)
    item_state = _item_state_day(item)
    blocked_from = since if item_state is not None and since is not None else None
    earliest = earliest_start(dataset)
    today = dataset.today
    index = booking_index(dataset).of(item.id)
    if network is not None:
        turnaround = _turnaround(dataset, network)
        nearby = index.overlapping(turnaround.last_end_before(first) + timedelta(days=1), turnaround.over(last))
        zones = _rotation_zones(turnaround, nearby)
    else:
        zones = []
    held = index.overlapping(first, last)
    closed = _closed_memo(dataset, first, last)
    ranked = [(STATE_PRIORITY[booking.state], order, booking) for order, booking in enumerate(held)]
    days: list[tuple[date, DayState, str, str | None]] = []
    active: list[tuple[int, int, Booking]] = []
    cursor = 0
    zone_cursor = 0
    rotation_until = date.min
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
        while zone_cursor < len(zones) and zones[zone_cursor][0] <= day:
            rotation_until = max(rotation_until, zones[zone_cursor][1])
            zone_cursor += 1
        holding = active if day < earliest else [entry for entry in active if entry[2].is_active]
        if holding:
            best = min(holding)[2] if len(holding) > 1 else holding[0][2]
            days.append((day, best.state, _booking_label(best), best.loan_id))
        elif day <= rotation_until:
            days.append((day, DayState.ROTATION, _ROTATION_LABEL, None))
        elif day in closed:
            days.append((day, DayState.FERME, closed[day], None))
        elif day < earliest:
            days.append((day, DayState.TROP_TOT, PAST_LABEL if day < today else _TOO_EARLY_LABEL, None))
        else:
            days.append((day, DayState.LIBRE, _REQUESTABLE_LABEL, None))
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


def item_periods(dataset: Dataset, item_id: str, first: date, last: date) -> list[DayPeriod]:
    """:func:`item_days` told as runs of consecutive days that say the same thing (state, label,
    loan): one sweep, without a :class:`Day` per date (for screen readers, lists and feeds)."""
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


def windows_of(runs: list[tuple[date, date, DayState]], min_days: int = 1) -> list[tuple[date, date]]:
    """The requestable windows told by consecutive runs (first, last, state) of day states.

    A window is a maximal run of requestable days and closed days between them, from a
    requestable day to a requestable day: a request from any requestable day of it to any
    later one passes the rules about dates (within the maximum length of a loan).
    """
    windows: list[tuple[date, date]] = []
    opened: date | None = None
    latest: date | None = None
    for first, last, state in runs:
        if state is DayState.LIBRE:
            opened = opened or first
            latest = last
        elif state is not DayState.FERME:
            if opened is not None and latest is not None:
                windows.append((opened, latest))
            opened = latest = None
    if opened is not None and latest is not None:
        windows.append((opened, latest))
    return [window for window in windows if (window[1] - window[0]).days + 1 >= min_days]


def requestable_windows(dataset: Dataset, item_id: str, first: date, last: date,
                        min_days: int = 1) -> list[tuple[date, date]]:
    """Maximal periods within [first, last] that a new member request made today may take.

    Each window starts and ends on a requestable day (notice over, turnaround respected,
    item bookable, a pickup or return slot that day) and lasts at least ``min_days``
    calendar days: a request from any requestable day of a window to any later one passes
    notice, double booking, Département priority, bookable equipment and slots.
    """
    if dataset.network is None:
        return []
    item = dataset.equipment[item_id]
    return windows_of([(day, day, state) for day, state, _label, _loan in _sweep(dataset, item, first, last)], min_days)


def is_requestable(dataset: Dataset, item: Equipment, first: date, last: date) -> bool:
    """Would a new member request of ``item`` made today, from ``first`` to ``last``, pass the
    date rules: both days requestable and every day between them requestable or closed?"""
    if dataset.network is None or last < first:
        return False
    days = _sweep(dataset, item, first, last)
    return (days[0][1] is DayState.LIBRE and days[-1][1] is DayState.LIBRE
            and all(state in COVERABLE_STATES for _day, state, _label, _loan in days))


def is_free(dataset: Dataset, item: Equipment, first: date, last: date) -> bool:
    """Would a loan of ``item`` from ``first`` to ``last`` pass Art. 4.2 and 4.3 b) (whatever its notice)?

    The rules' own test, kept to check :func:`requestable_windows` against it; members'
    requests are judged by :func:`is_requestable`.
    """
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


WINDOW_MARGIN_DAYS = 31


def items_requestable(dataset: Dataset, first: date, last: date, category: str | None = None) -> list[Equipment]:
    """Items (of one category if given), by id, requestable on every day from ``first`` to ``last``:
    the period lies inside one of the item's windows (its ends may be closed days of it)."""
    found = []
    for item_id, item in sorted(dataset.equipment.items()):
        if category is not None and item.category != category:
            continue
        windows = requestable_windows(dataset, item_id, first - timedelta(days=WINDOW_MARGIN_DAYS),
                                      last + timedelta(days=WINDOW_MARGIN_DAYS))
        if any(start <= first and last <= end for start, end in windows):
            found.append(item)
    return found


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
