"""The project's vocabulary, defined once: loan statuses and their moves, item states, component
conditions, the shape of a GitHub login, finding ids.

The values are the French words of the data files (``statut: accepte``, ``etat:
maintenance``); as :class:`enum.StrEnum` members they compare equal to those strings,
so a model field read from a file and a member of these enums are interchangeable.
Everything else (the model, the rules, the pull-request check, the staff commands,
availability, the site) names a status or a state through this module.
"""

from __future__ import annotations

import re
from enum import StrEnum


class LoanStatus(StrEnum):
    """``statut`` of a loan: demande → accepte → retire → restitue, or refuse / annule."""

    DEMANDE = "demande"
    ACCEPTE = "accepte"
    RETIRE = "retire"
    RESTITUE = "restitue"
    REFUSE = "refuse"
    ANNULE = "annule"

    @property
    def label(self) -> str:
        """How a sentence names it: « accepté », « retiré »…"""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    LoanStatus.DEMANDE: "demandé", LoanStatus.ACCEPTE: "accepté", LoanStatus.RETIRE: "retiré",
    LoanStatus.RESTITUE: "restitué", LoanStatus.REFUSE: "refusé", LoanStatus.ANNULE: "annulé",
}

# The forward chain; skipping ahead (demande → retire) is moving forward.
STATUS_CHAIN: tuple[LoanStatus, ...] = (LoanStatus.DEMANDE, LoanStatus.ACCEPTE, LoanStatus.RETIRE,
                                        LoanStatus.RESTITUE)
# A booking that holds its items (the calendar shows it, double booking counts it).
ACTIVE_STATUSES = frozenset({LoanStatus.DEMANDE, LoanStatus.ACCEPTE, LoanStatus.RETIRE})
# Shown on calendars and feeds: the active loans, and past ones that really happened.
SHOWN_STATUSES = ACTIVE_STATUSES | {LoanStatus.RESTITUE}
# A decision of the Département's was recorded: validation.
APPROVED_STATUSES = frozenset({LoanStatus.ACCEPTE, LoanStatus.RETIRE, LoanStatus.RESTITUE})
# Nothing more happens to the booking.
CLOSED_STATUSES = frozenset({LoanStatus.RESTITUE, LoanStatus.REFUSE, LoanStatus.ANNULE})
# What may still be refused or cancelled.
UNDECIDED_OR_ACCEPTED = frozenset({LoanStatus.DEMANDE, LoanStatus.ACCEPTE})


def status_move_allowed(before: object, after: object) -> bool:
    """demande → accepte → retire → restitue (skipping ahead is moving forward);
    demande or accepte → refuse or annule; staying put."""
    if before == after:
        return True
    if before in STATUS_CHAIN and after in STATUS_CHAIN:
        return STATUS_CHAIN.index(LoanStatus(str(after))) > STATUS_CHAIN.index(LoanStatus(str(before)))
    return before in UNDECIDED_OR_ACCEPTED and after in (LoanStatus.REFUSE, LoanStatus.ANNULE)


class ItemState(StrEnum):
    """``etat`` of an item of equipment."""

    DISPONIBLE = "disponible"
    MAINTENANCE = "maintenance"
    HORS_SERVICE = "hors_service"
    REFORME = "reforme"

    @property
    def label(self) -> str:
        """As a heading or a table cell shows it: « En maintenance »."""
        return _STATE_LABELS[self]

    @property
    def word(self) -> str:
        """As a sentence says it: « est en maintenance », « est réformé »."""
        return _STATE_WORDS[self]

    @property
    def lendable(self) -> bool:
        """Still part of what the network lends (a retired item is not)."""
        return self is not ItemState.REFORME


_STATE_LABELS = {
    ItemState.DISPONIBLE: "Disponible", ItemState.MAINTENANCE: "En maintenance",
    ItemState.HORS_SERVICE: "Hors service", ItemState.REFORME: "Réformé",
}
_STATE_WORDS = {
    ItemState.DISPONIBLE: "disponible", ItemState.MAINTENANCE: "en maintenance",
    ItemState.HORS_SERVICE: "hors service", ItemState.REFORME: "réformé",
}


# An item that cannot be booked from its ``etat_depuis`` on (Art. 4.2).
UNBOOKABLE_STATES = frozenset({ItemState.MAINTENANCE, ItemState.HORS_SERVICE, ItemState.REFORME})


class Condition(StrEnum):
    """``etat`` of a component at a condition check (pickup or return), from the best to the worst."""

    BON = "bon"
    USURE = "usure"
    ABIME = "abime"
    HORS_SERVICE = "hors_service"
    MANQUANT = "manquant"

    @property
    def rank(self) -> int:
        """0 for ``bon``, up to 4 for ``manquant``: a higher rank is a worse condition."""
        return _CONDITION_ORDER.index(self)

    @property
    def word(self) -> str:
        """As a sentence says it: « est abîmé », « était en bon état »."""
        return _CONDITION_WORDS[self]


_CONDITION_ORDER: tuple[Condition, ...] = tuple(Condition)
_CONDITION_WORDS = {
    Condition.BON: "en bon état", Condition.USURE: "usé", Condition.ABIME: "abîmé",
    Condition.HORS_SERVICE: "hors service", Condition.MANQUANT: "manquant",
}


# A GitHub login: letters, digits and hyphens, 39 characters at most (the schema's ``login``,
# ``schemas/common.schema.json``; tests/test_vocabulary.py ties them).
LOGIN_PATTERN = "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
_LOGIN = re.compile(LOGIN_PATTERN)


def is_login(text: str) -> bool:
    """Is ``text`` a whole GitHub login (no surrounding space, no trailing newline)?"""
    return _LOGIN.fullmatch(text) is not None


class FindingId(StrEnum):
    """Ids of the findings that no rule module owns (the rules' own ids are their ``ID``)."""

    FICHIER = "fichier"  # the loader: a file that cannot be read as one YAML mapping
    SCHEMA = "schema"  # the JSON Schema of its kind
    IDENTIFIANT = "identifiant"  # an id that does not match its file name
    DROITS = "droits"  # pull-request check: who may change what
    CYCLE_DE_VIE_PR = "cycle-de-vie-pr"  # pull-request check: how a loan may change
    FORME_PR = "forme-pr"  # pull-request check: what files a change may hold
