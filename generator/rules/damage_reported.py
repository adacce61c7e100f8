"""À écrire (squelette : cette règle ne vérifie encore rien)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset

ID = "signalement-degats"
ARTICLE = "Art. 4.1"


def check(dataset: Dataset) -> Iterator[Finding]:
    return iter(())
