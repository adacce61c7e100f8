"""À écrire (squelette : cette règle ne vérifie encore rien)."""

from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..model import Dataset

ID = "etat-des-lieux"
ARTICLE = "Art. 4.3 d)"


def check(dataset: Dataset) -> Iterator[Finding]:
    return iter(())
