"""Calendar feeds: iCalendar (one per item, one for the network) and the same data as JSON.

Pure renderers: they take the dataset and the build time and return bytes or plain
data; writing files is the job of :func:`generator.export.write_open_data`.

* Every booking of a shown loan (demande, accepte, retire, restitue) is an all-day
  event from ``debut`` to ``fin`` (``DTEND`` is the day after ``fin``, as RFC 5545
  wants for all-day events); refused and cancelled loans are left out.
* A request is ``STATUS:TENTATIVE``; an accepted, picked-up or returned loan, and
  the Département's own use, ``STATUS:CONFIRMED``.
* Summaries name the item and the borrowing organisation, never a person or a login.
* UIDs are stable: ``<loan id>-<item id>@<domain>`` (domain of ``site.url`` in
  reseau.yaml), so calendar clients update events instead of duplicating them.
* ``DTSTAMP`` is the build time given by the caller (the CLI derives it from
  ``SOURCE_DATE_EPOCH``); events are sorted, so equal inputs give equal bytes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from .availability import (GROUP_LABELS, DayPeriod, STATE_GROUPS, STATE_LABELS, Booking, DayState, booking_index, bookings,
                           earliest_start, item_periods, windows_of)
from .model import Dataset
from .vocabulary import LoanStatus

FALLBACK_DOMAIN = "reseau-tna.invalid"
REFRESH = timedelta(hours=12)

_STATUS_LABELS: dict[str, str] = {
    LoanStatus.DEMANDE: "demande en attente de décision",
    LoanStatus.ACCEPTE: "prêt accepté",
    LoanStatus.RETIRE: "matériel retiré",
    LoanStatus.RESTITUE: "matériel restitué",
}


def feed_domain(dataset: Dataset) -> str:
    """The host name of the public site, used to make UIDs globally unique."""
    url = dataset.network.site_url if dataset.network else None
    host = urlsplit(url).hostname if url else None
    return host or FALLBACK_DOMAIN


def event_uid(booking: Booking, domain: str) -> str:
    return f"{booking.loan_id}-{booking.item_id}@{domain}"


def event_summary(dataset: Dataset, booking: Booking) -> str:
    item = dataset.equipment.get(booking.item_id)
    item_name = item.name if item else booking.item_id
    if booking.state is DayState.DEPARTEMENT:
        return f"{item_name} — usage propre du {booking.borrower_name}"
    if booking.state is DayState.DEMANDE:
        return f"{item_name} — demandé par {booking.borrower_name} (en attente)"
    return f"{item_name} — réservé par {booking.borrower_name}"


def _event(dataset: Dataset, booking: Booking, domain: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", event_uid(booking, domain))
    event.add("dtstamp", stamp.astimezone(timezone.utc))
    event.add("dtstart", booking.start)
    event.add("dtend", booking.end + timedelta(days=1))
    event.add("summary", event_summary(dataset, booking))
    event.add("description", f"Statut : {_STATUS_LABELS.get(booking.status, booking.status)}. "
                             f"Prêt {booking.loan_id}.")
    event.add("status", "TENTATIVE" if booking.status == LoanStatus.DEMANDE else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _calendar(dataset: Dataset, name: str, held: list[Booking], stamp: datetime) -> bytes:
    calendar = Calendar()
    publisher = dataset.network.department_name if dataset.network else "Département"
    calendar.add("prodid", f"-//{publisher}//Réseau des territoires numériques apprenants//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # How often subscribed calendar clients fetch the feed again (RFC 7986; Outlook reads the
    # older X-PUBLISHED-TTL): the site is rebuilt at each change of the data.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    # The events are spliced in as bytes, each serialised once per build (an event is the same
    # in its item's feed and in the network's): what Calendar.to_ical() gives with them added,
    # at half the cost (tests/test_feeds.py compares the two).
    head = bytes(calendar.to_ical())
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    events = _event_bytes(dataset, held, feed_domain(dataset), stamp)  # held is sorted: deterministic bytes
    return head[:-len(end)] + b"".join(events) + end


def _event_bytes(dataset: Dataset, held: list[Booking], domain: str, stamp: datetime) -> list[bytes]:
    memo: dict[tuple[Booking, str, datetime], bytes] = dataset.memo.setdefault("ical-events", {})
    events = []
    for booking in held:
        key = (booking, domain, stamp)
        text = memo.get(key)
        if text is None:
            text = memo[key] = bytes(_event(dataset, booking, domain, stamp).to_ical())
        events.append(text)
    return events


def item_calendar(dataset: Dataset, item_id: str, stamp: datetime) -> bytes:
    """The iCalendar feed of one item (KeyError for an unknown item)."""
    item = dataset.equipment[item_id]
    return _calendar(dataset, f"Disponibilités — {item.name}", bookings(dataset, item_id), stamp)


def network_calendar(dataset: Dataset, stamp: datetime) -> bytes:
    """The iCalendar feed of every item of the network."""
    name = dataset.network.name if dataset.network else "Réseau"
    held = [booking for booking in bookings(dataset) if booking.item_id in dataset.equipment]
    return _calendar(dataset, f"Réservations du matériel — {name}", held, stamp)


def booking_record(dataset: Dataset, booking: Booking) -> dict[str, Any]:
    """A booking as public JSON: organisations only, no person, no login, no purpose text."""
    item = dataset.equipment.get(booking.item_id)
    return {
        "pret": booking.loan_id,
        "materiel": booking.item_id,
        "materiel_nom": item.name if item else booking.item_id,
        "emprunteur": booking.borrower_id,
        "emprunteur_nom": booking.borrower_name,
        "debut": booking.start.isoformat(),
        "fin": booking.end.isoformat(),
        "statut": booking.status,
        "etat": booking.state.value,
        "etat_libelle": STATE_LABELS[booking.state],
    }


def availability_json(dataset: Dataset, first: date, last: date, item_id: str | None = None) -> dict[str, Any]:
    """Items, bookings overlapping [first, last] and each item's periods, as plain JSON data.

    ``periodes`` tells each item's days as runs of consecutive days that say the same
    thing (state, label, loan): ``debut`` and ``fin`` included, from ``periode.debut``
    to ``periode.fin`` without a gap. ``etats`` names each state, ``groupes`` says which
    of the six kinds of day a member sees it belongs to (``groupes_libelles``), and
    ``fenetres`` gives each item's requestable windows (the periods a member request made
    on ``demandable_des``' reference day, today, may take: from any requestable day of a
    window to any later one, within the maximum length of a loan). With ``item_id``, the
    same narrowed to one item (the file published next to the item's iCalendar feed).
    """
    if item_id is not None:  # one item's file, for each item: no sort or scan of every item
        items = [dataset.equipment[item_id]] if item_id in dataset.equipment else []
        held = booking_index(dataset).of(item_id).overlapping(first, last) if items else []
    else:
        items = sorted(dataset.equipment.values(), key=lambda equipment: equipment.id)
        held = [booking for booking in booking_index(dataset).every
                if booking.item_id in dataset.equipment and booking.end >= first and booking.start <= last]
    runs = {item.id: item_periods(dataset, item.id, first, last) for item in items}
    return {
        "periode": {"debut": first.isoformat(), "fin": last.isoformat()},
        "aujourdhui": dataset.today.isoformat(),
        "demandable_des": earliest_start(dataset).isoformat(),
        "etats": {state.value: label for state, label in STATE_LABELS.items()},
        "groupes": {state.value: group for state, group in STATE_GROUPS.items()},
        "groupes_libelles": dict(GROUP_LABELS),
        "materiel": [{"id": item.id, "nom": item.name, "categorie": item.category, "etat": item.state}
                     for item in items],
        "reservations": [booking_record(dataset, booking) for booking in held],
        "periodes": {item_key: [{"debut": run.first.isoformat(), "fin": run.last.isoformat(),
                                 "etat": run.state.value, "libelle": run.label, "pret": run.loan_id}
                                for run in item_runs]
                     for item_key, item_runs in runs.items()},
        "fenetres": {item_key: [{"debut": start.isoformat(), "fin": end.isoformat()}
                                for start, end in _windows(item_runs)] if dataset.network else []
                     for item_key, item_runs in runs.items()},
    }


def _windows(runs: list[DayPeriod]) -> list[tuple[date, date]]:
    """The requestable windows told by an item's periods (the same test as the calendars)."""
    return windows_of([(run.first, run.last, run.state) for run in runs])
