"""Opening hours written out in French: opening-hours-py computes, Babel names days and months."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta

from babel.dates import format_date
from opening_hours import OpeningHours, State

LOCALE = "fr_FR"


@dataclass(frozen=True)
class DayHours:
    """One day of a place: its French date and what the hours say, as a sentence part."""

    day: date
    day_name: str
    text: str
    is_open: bool


def _day_number(day: date) -> str:
    return "1er" if day.day == 1 else str(day.day)


def french_day(day: date) -> str:
    """« mercredi 15 avril 2026 », « vendredi 1er mai 2026 »."""
    return f"{format_date(day, 'EEEE', locale=LOCALE)} {_day_number(day)} {format_date(day, 'MMMM y', locale=LOCALE)}"


def french_day_short(day: date) -> str:
    """« mercredi 15 avril »."""
    return f"{format_date(day, 'EEEE', locale=LOCALE)} {_day_number(day)} {format_date(day, 'MMMM', locale=LOCALE)}"


def french_date(day: date) -> str:
    """« 15 avril 2026 »."""
    return f"{_day_number(day)} {format_date(day, 'MMMM y', locale=LOCALE)}"


def french_month(day: date) -> str:
    """« avril 2026 »."""
    return format_date(day, "LLLL y", locale=LOCALE)


def french_time(moment: time) -> str:
    """« 9 h », « 12 h 30 » (French typography)."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def _span(opens: time, closes: time | None, comment: str) -> str:
    if opens == time.min and closes is None:
        text = "toute la journée"
    else:
        closing = "24 h" if closes is None else french_time(closes)
        text = f"de {french_time(opens)} à {closing}"
    return f"{text} ({comment})" if comment else text


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


def _parse(expression: str, country: str | None) -> OpeningHours | None:
    try:
        return OpeningHours(expression, country=country) if country else OpeningHours(expression)
    except Exception:  # opening-hours-py raises its own ParserError or UnknownCountryError
        return None


@lru_cache(maxsize=16384)
def day_hours(expression: str | None, day: date, country: str | None = "FR") -> DayHours:
    """The hours of one day in plain French: « de 10 h à 12 h 30 et de 14 h à 18 h », « fermé ».

    Remembered: places share a few expressions, and each page of a build asks for the same
    week (the answer is an immutable value of its three arguments)."""
    name = french_day(day)
    if not expression:
        return DayHours(day, name, "horaires non communiqués", False)
    parsed = _parse(expression, country)
    if parsed is None:
        return DayHours(day, name, f"horaires : {expression}", False)
    start = datetime.combine(day, time.min)
    end = start + timedelta(days=1)
    spans: list[str] = []
    unknown: list[str] = []
    for opens, closes, state, comment in parsed.intervals(start, end):
        opens_at = max(opens.replace(tzinfo=None), start)
        closes_at = None if closes is None or closes.replace(tzinfo=None) >= end else closes.replace(tzinfo=None)
        if state == State.OPEN:
            spans.append(_span(opens_at.time(), closes_at.time() if closes_at else None, comment))
        elif state == State.UNKNOWN:
            unknown.append(comment or "sur rendez-vous ou à confirmer")
    if spans:
        return DayHours(day, name, "ouvert " + _join(spans), True)
    if unknown:
        return DayHours(day, name, "horaires à confirmer (" + ", ".join(unknown) + ")", False)
    return DayHours(day, name, "fermé", False)


def week_hours(expression: str | None, first: date, country: str | None = "FR") -> list[DayHours]:
    """Seven days from ``first``: what a visitor needs for the coming week."""
    return [day_hours(expression, first + timedelta(days=offset), country) for offset in range(7)]
