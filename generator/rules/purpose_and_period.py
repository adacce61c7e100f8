"""Objet et période de la demande.

Une demande de prêt précise la nature des actions envisagées et la période d'emprunt
souhaitée (Art. 4.3) :

- la période va du premier jour (`debut`) au dernier jour (`fin`) inclus ; le
  dernier jour ne peut pas précéder le premier (un prêt d'un seul jour a le même
  `debut` et la même `fin`) ;
- l'objet (`objet`, au moins dix caractères) dit ce qui sera fait : un texte de
  remplissage (« à compléter », « test », « xxx », « lorem ipsum »…) est refusé.

Que faire : corriger les dates, et décrire les actions prévues (ateliers, publics,
lieux) dans `objet`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from ..findings import Finding
from ..model import Dataset, Loan
from .base import at_value, french_date

ID = "objet-et-periode"
ARTICLE = "Art. 4.3"

# Words that, alone, say nothing of the planned actions (compared without accents).
FILLER_WORDS = frozenset({
    "a", "au", "de", "des", "le", "la", "les", "plus", "tard", "venir", "voir", "faire",
    "completer", "remplir", "definir", "preciser", "renseigner", "modifier",
    "test", "tests", "essai", "essais", "todo", "tbd", "tbc", "nc", "na", "rien", "idem", "etc",
    "objet", "lorem", "ipsum", "dolor", "sit", "amet", "bla", "blabla", "xxx", "xx", "x",
})


@lru_cache(maxsize=4096)
def is_filler(text: str) -> bool:
    """True when ``text`` is only filler words, repeated letters or punctuation."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    words = re.findall(r"[a-z0-9]+", plain)
    return all(word in FILLER_WORDS or len(set(word)) == 1 for word in words)


def check(dataset: Dataset) -> Iterator[Finding]:
    for loan in dataset.loans:
        yield from _check_loan(loan)


def _check_loan(loan: Loan) -> Iterator[Finding]:
    if loan.end < loan.start:
        yield at_value(loan.document, ("fin",), ID, ARTICLE,
                       f"le dernier jour du prêt ({french_date(loan.end)}) précède le premier "
                       f"({french_date(loan.start)}) : corrigez debut ou fin (pour un prêt d'un jour, "
                       "indiquez la même date).")
    if is_filler(loan.purpose):
        yield at_value(loan.document, ("objet",), ID, ARTICLE,
                       f"l'objet « {loan.purpose.strip()} » ne dit pas ce qui sera fait : décrivez les actions "
                       "envisagées (ateliers, publics, lieux).")
