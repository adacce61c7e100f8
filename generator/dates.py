"""Dates as the data files write them, and as French readers read them.

Files keep dates as ISO text (``2026-05-04``) and local moments as ``2026-05-04T09:30``;
this module turns them into ``date``/``datetime`` for every stage (the schema stage checks
the format with it, the model builds records with it), and formats a day the way
messages show it (``04/05/2026``); the calendar arithmetic the stages share (months, the
period the calendars show) and the build time. It imports nothing from the project.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Mapping

_MOMENT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})")
_FRENCH_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> date:
    """An ISO day of a data file."""
    return date.fromisoformat(text)


def parse_moment(text: str) -> datetime:
    """A local date-time written AAAA-MM-JJTHH:MM; ValueError when it is not one.

    (``datetime.strptime`` does the same four times slower, on every slot of every loan.)
    """
    if _MOMENT.fullmatch(text) is None:
        raise ValueError(f"not a local date-time: {text!r}")
    return datetime.fromisoformat(text)  # the shape is checked: C code does the rest


def parse_user_date(text: str) -> date:
    """A date as people type it (an option, a question, the issue form), AAAA-MM-JJ or
    JJ/MM/AAAA; ValueError otherwise. The one parser of dates typed by people."""
    text = text.strip()
    french = _FRENCH_DAY.fullmatch(text)
    if french:
        day, month, year = (int(part) for part in french.groups())
        return date(year, month, day)
    if _ISO_DAY.fullmatch(text):
        return date.fromisoformat(text)
    raise ValueError(text)


def french_date(day: date) -> str:
    """A date as French readers write it in a message: 10/03/2025."""
    return day.strftime("%d/%m/%Y")


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def calendar_period(today: date) -> tuple[date, date]:
    """The period the site's calendars and JSON feeds show: whole months, from the first day
    of the month 2 months ago to the last day of the month 6 months after this one's day."""
    last = add_months(today, 6) - timedelta(days=1)
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return add_months(today, -2).replace(day=1), following - timedelta(days=1)


def build_time(environ: Mapping[str, str]) -> datetime:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set (reproducible builds), else now,
    to the second; ValueError, with a French message, when it is not a whole number."""
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"SOURCE_DATE_EPOCH vaut « {raw} » : indiquez un nombre entier de secondes "
                         "depuis le 1er janvier 1970.") from None
