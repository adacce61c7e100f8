"""Findings: what every stage reports, as data (never printed, never raised)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .agreement import references


class Severity(str, enum.Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in the data, located at a file, line and column (1-based).

    Field order is the sort order: by file, then line, then column.

    Two kinds of problem: a *fault* in the data (schema, references, broken booking
    rules) blocks a merge and the site build; a *situation* in the world (a loan not
    returned on time, an agreement or insurance that ended while the item is out, a
    report not handed in) is reported loudly (``tna validate``, the reminders) but
    never stops the site from being published with the facts as they are.
    """

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    article: str
    message: str
    situation: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_fault(self) -> bool:
        """An error in the data itself (not a situation of the world): it blocks."""
        return self.is_error and not self.situation

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def as_text(self) -> str:
        article = f" {self.article} —" if self.article else ""
        return f"{self.location()}: {self.severity.value} [{self.rule}]{article} {self.message}"

    def article_path(self) -> str:
        """The article on the site's Convention page, relative to the site root ("" for no article)."""
        found = references(self.article)
        return found[0].url() if found else ""

    def as_dict(self) -> dict[str, object]:
        return {
            "fichier": self.path,
            "ligne": self.line,
            "colonne": self.column,
            "regle": self.rule,
            "gravite": self.severity.value,
            "article": self.article,
            "article_lien": self.article_path(),
            "message": self.message,
        }


def error(path: str, line: int, column: int, rule: str, article: str, message: str) -> Finding:
    return Finding(path, line, column, rule, Severity.ERROR, article, message)


def warning(path: str, line: int, column: int, rule: str, article: str, message: str) -> Finding:
    return Finding(path, line, column, rule, Severity.WARNING, article, message)
