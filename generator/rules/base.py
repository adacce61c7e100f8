"""What every rule module shares: how to turn a located problem into a finding."""

from __future__ import annotations

from datetime import date
from typing import Iterator, Protocol

from ..findings import Finding, Severity
from ..load import Document
from ..model import Dataset


class RuleModule(Protocol):
    ID: str
    ARTICLE: str
    __doc__: str | None

    def check(self, dataset: Dataset) -> Iterator[Finding]: ...


def at_key(document: Document, path: tuple[str | int, ...], rule: str, article: str, message: str,
           severity: Severity = Severity.ERROR, situation: bool = False) -> Finding:
    """A finding on the key that introduces ``path`` (or its value, for list items)."""
    line, column = document.key_at(*path) if path else (1, 1)
    return Finding(document.path, line, column, rule, severity, article, message, situation)


def at_value(document: Document, path: tuple[str | int, ...], rule: str, article: str, message: str,
             severity: Severity = Severity.ERROR, situation: bool = False) -> Finding:
    """A finding on the value at ``path``.

    ``situation``: the finding describes the world (see :class:`~generator.findings.Finding`).
    """
    line, column = document.at(*path) if path else (1, 1)
    return Finding(document.path, line, column, rule, severity, article, message, situation)


def french_date(day: date) -> str:
    """A date as French readers write it: 10/03/2025."""
    return day.strftime("%d/%m/%Y")
