"""Article 7 indicators, per year and per half-year (the steering committee meets twice a year).

Pure functions over the dataset. Counting conventions, stated on the site too:

- a *loan* is a member's booking that was confirmed (``accepte``, ``retire`` or
  ``restitue``); the Département's own bookings are counted apart;
- a loan belongs to the period in which it starts (loans, members and places served,
  and its report: actions, audiences, satisfaction);
- *days lent* are the calendar days of loans that fall inside the period, so a loan
  across two periods shares its days between them;
- the *use rate* of an item is its days lent to members divided by the days of the
  period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .model import Dataset, Loan
from .vocabulary import LoanStatus

LENT_STATUSES = frozenset({LoanStatus.ACCEPTE, LoanStatus.RETIRE, LoanStatus.RESTITUE})

ACTION_LABELS: dict[str, str] = {
    "atelier": "Ateliers",
    "session_thematique": "Sessions thématiques",
    "evenement": "Événements",
    "fourniture_moyens": "Fourniture de moyens",
    "formation_mediateurs": "Formation de médiateurs",
    "autre": "Autres actions",
}

AUDIENCE_LABELS: dict[str, str] = {
    "grand_public": "Grand public",
    "scolaires": "Scolaires",
    "enseignants": "Enseignants",
    "jeunes": "Jeunes",
    "seniors": "Seniors",
    "familles": "Familles",
    "demandeurs_emploi": "Demandeurs d'emploi",
    "personnes_handicap": "Personnes en situation de handicap",
    "professionnels": "Professionnels",
    "elus_agents": "Élus et agents",
}


@dataclass(frozen=True)
class Period:
    """A calendar year or half-year; ``slug`` names its page and chart files."""

    label: str
    slug: str
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class ItemUse:
    item_id: str
    name: str
    days_lent: int
    rate: float


@dataclass(frozen=True)
class Indicators:
    period: Period
    loans: int
    departement_uses: int
    days_lent: int
    item_use: tuple[ItemUse, ...]
    members_served: int
    places_served: int
    sessions: int
    actions: tuple[tuple[str, int], ...]
    audiences: tuple[tuple[str, int], ...]
    reports: int
    responses: int
    satisfaction: float | None

    @property
    def audience_total(self) -> int:
        return sum(count for _, count in self.audiences)


def year_period(year: int) -> Period:
    return Period(str(year), str(year), date(year, 1, 1), date(year, 12, 31))


def half_periods(year: int) -> tuple[Period, Period]:
    return (Period(f"1er semestre {year}", f"{year}-s1", date(year, 1, 1), date(year, 6, 30)),
            Period(f"2e semestre {year}", f"{year}-s2", date(year, 7, 1), date(year, 12, 31)))


def periods(dataset: Dataset) -> list[tuple[Period, tuple[Period, ...]]]:
    """Every year from the first loan to today, newest first, each with its started half-years."""
    first_year = min((loan.start.year for loan in dataset.loans), default=dataset.today.year)
    result = []
    for year in range(dataset.today.year, min(first_year, dataset.today.year) - 1, -1):
        halves = tuple(half for half in half_periods(year) if half.first <= dataset.today)
        result.append((year_period(year), halves))
    return result


def _overlap_days(loan: Loan, period: Period) -> int:
    first = max(loan.start, period.first)
    last = min(loan.end, period.last)
    return max(0, (last - first).days + 1)


def _lent(dataset: Dataset) -> list[Loan]:
    return [loan for loan in dataset.loans if loan.status in LENT_STATUSES]


def _item_use(dataset: Dataset, member_loans: list[Loan], period: Period) -> tuple[ItemUse, ...]:
    days: Counter[str] = Counter()
    for loan in member_loans:
        for item_id in loan.item_ids:
            days[item_id] += _overlap_days(loan, period)
    return tuple(ItemUse(item.id, item.name, days[item.id], days[item.id] / period.days)
                 for item in sorted(dataset.equipment.values(), key=lambda item: (item.name, item.id)))


def _ordered(counts: Counter[str], labels: dict[str, str]) -> tuple[tuple[str, int], ...]:
    known = [(key, counts[key]) for key in labels if counts[key]]
    others = sorted((key, count) for key, count in counts.items() if key not in labels and count)
    return tuple(known + others)


def compute(dataset: Dataset, period: Period) -> Indicators:
    lent = _lent(dataset)
    member_loans = [loan for loan in lent if not loan.by_departement]
    started = [loan for loan in member_loans if period.contains(loan.start)]
    reports = [loan.report for loan in started if loan.report is not None]
    actions: Counter[str] = Counter()
    audiences: Counter[str] = Counter()
    weighted, weights, responses = 0.0, 0, 0
    for report in reports:
        actions.update(_summed(report.actions))
        audiences.update(_summed(report.audiences))
        weight = report.responses if report.responses else 1
        weighted += report.satisfaction * weight
        weights += weight
        responses += report.responses or 0
    return Indicators(
        period=period,
        loans=len(started),
        departement_uses=sum(1 for loan in lent if loan.by_departement and period.contains(loan.start)),
        days_lent=sum(_overlap_days(loan, period) for loan in member_loans),
        item_use=_item_use(dataset, member_loans, period),
        members_served=len({loan.borrower for loan in started}),
        places_served=len({loan.place_id for loan in started if loan.place_id}),
        sessions=sum(report.sessions for report in reports),
        actions=_ordered(actions, ACTION_LABELS),
        audiences=_ordered(audiences, AUDIENCE_LABELS),
        reports=len(reports),
        responses=responses,
        satisfaction=round(weighted / weights, 2) if weights else None,
    )


def _summed(pairs: tuple[tuple[str, int], ...]) -> Counter[str]:
    total: Counter[str] = Counter()
    for key, count in pairs:
        total[key] += count
    return total


def loans_in_year(dataset: Dataset, year: int) -> int:
    """Member loans confirmed and starting in ``year`` (the home page figure)."""
    return compute(dataset, year_period(year)).loans

