"""« Vouliez-vous dire … ? »: the closest valid identifier to a mistyped one."""

from __future__ import annotations

import difflib
from typing import Iterable


def closest(value: str, choices: Iterable[str]) -> str | None:
    """The valid choice closest to ``value`` (a typo, a missing letter, a case slip), or None."""
    candidates = sorted(set(choices))
    folded = {choice.casefold(): choice for choice in candidates}
    if value.casefold() in folded:
        return folded[value.casefold()]
    found = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.75)
    return folded[found[0]] if found else None


def did_you_mean(value: str, choices: Iterable[str], advice: str) -> str:
    """``vouliez-vous dire « x » ? Sinon, {advice}`` when a choice is close to ``value``, else ``advice``."""
    found = closest(value, choices)
    return f"vouliez-vous dire « {found} » ? Sinon, {advice}" if found else advice
