"""Shared by double_booking and departement_priority: which active bookings of one
item are too close to each other (overlap, or not enough turnaround between them).

Not a rule (not in the registry): a helper that sorts each item's bookings once and
sweeps them, so the cost is O(n log n) per item plus the number of conflicts found.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..model import Dataset, Loan, Network


@dataclass(frozen=True)
class Conflict:
    """Two active bookings of ``item_id``; ``earlier`` starts first (or the same day)."""

    item_id: str
    earlier: Loan
    later: Loan


def blocked_until(network: Network, loan: Loan) -> date:
    """Last day on which no other booking of the same item may start (return + turnaround)."""
    return network.add_working_days(loan.end, network.loan_rules.turnaround_working_days)


def first_pickup_after(network: Network, loan: Loan) -> date:
    """First working day another booking of the same item may start on."""
    return network.add_working_days(blocked_until(network, loan), 1)


def _active_by_item(dataset: Dataset) -> dict[str, list[Loan]]:
    grouped: dict[str, list[Loan]] = {}
    for loan in dataset.loans:
        # A period that ends before it starts is reported by objet-et-periode.
        if loan.is_active and loan.end >= loan.start:
            for item_id in loan.item_ids:
                grouped.setdefault(item_id, []).append(loan)
    return grouped


def conflicts(dataset: Dataset) -> Iterator[Conflict]:
    """Every conflicting pair of active bookings, item by item, in a stable order."""
    network = dataset.network
    if network is None:
        return
    limits: dict[int, date] = {}
    for item_id, bookings in sorted(_active_by_item(dataset).items()):
        bookings.sort(key=lambda loan: (loan.start, loan.end, loan.document.path))
        yield from _sweep(network, item_id, bookings, limits)


def _sweep(network: Network, item_id: str, bookings: list[Loan], limits: dict[int, date]) -> Iterator[Conflict]:
    """Bookings sorted by start: keep those still blocking the item, drop the others.

    A booking stops blocking once a later one starts after its return + turnaround;
    since starts only grow, it can never conflict again and leaves the heap for good.
    """
    blocking: list[tuple[date, int, Loan]] = []
    for order, loan in enumerate(bookings):
        while blocking and blocking[0][0] < loan.start:
            heapq.heappop(blocking)
        for _, _, earlier in sorted(blocking, key=lambda entry: entry[1]):
            yield Conflict(item_id, earlier, loan)
        limit = limits.get(id(loan))
        if limit is None:
            limit = limits[id(loan)] = blocked_until(network, loan)
        heapq.heappush(blocking, (limit, order, loan))


def turnaround_rule(network: Network) -> str:
    """The turnaround rule in words, for messages."""
    days = network.loan_rules.turnaround_working_days
    if days == 0:
        return "un matériel ne sert qu'à une réservation par jour et repart au plus tôt le lendemain d'une restitution"
    plural = "s" if days > 1 else ""
    return (f"un matériel ne sert qu'à une réservation par jour et il faut {days} jour{plural} "
            f"ouvré{plural} de rotation entre une restitution et le retrait suivant")


def item_index(loan: Loan, item_id: str) -> int:
    """Position of ``item_id`` in the loan's ``materiel`` list (where findings point)."""
    return loan.item_ids.index(item_id)
