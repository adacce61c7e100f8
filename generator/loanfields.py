"""What the loan schema says about each key, beyond its shape: who writes it, when, where.

``schemas/pret.schema.json`` annotates each property (JSON Schema ignores keywords it
does not know, so these are plain annotations):

- ``x-tna-redige-par``: ``demandeur`` (a member's requester writes it in a request),
  ``emprunteur`` (the member's requesters add it to a returned loan: the report) or
  ``equipe`` (Département staff only);
- ``x-tna-modifiable``: whether staff may still write it on a past loan (``passe``) or
  a closed one (``clos``).

The order of the properties is the order of the keys of a written file. So a new
field is one schema edit: the pull-request check, the writers and the tests read
these lists from here, never from a copy.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .schema import schemas_dir

WHO = "x-tna-redige-par"
WHEN = "x-tna-modifiable"


@lru_cache(maxsize=None)
def _properties() -> dict[str, dict[str, Any]]:
    schema = json.loads((schemas_dir() / "pret.schema.json").read_text(encoding="utf-8"))
    properties: dict[str, dict[str, Any]] = schema["properties"]
    return properties


def key_order() -> tuple[str, ...]:
    """Every key of a loan file, in the order files are written."""
    return tuple(_properties())


def written_by(who: str) -> frozenset[str]:
    """Keys annotated as written by ``demandeur``, ``emprunteur`` or ``equipe``."""
    return frozenset(key for key, spec in _properties().items() if spec.get(WHO) == who)


def request_keys() -> frozenset[str]:
    """Keys a member's requester may write in a request; the rest is staff business."""
    return written_by("demandeur")


def report_keys() -> frozenset[str]:
    """Keys a member's requesters may add or complete on their returned loan (Art. 6 and 7)."""
    return written_by("emprunteur")


def title(key: str) -> str:
    """The key's French ``title``: how a form or a question names it."""
    return str(_properties()[key]["title"])


def json_type(key: str) -> str:
    """The key's JSON type (``string``, ``integer``…), ``string`` when the schema says none."""
    return str(_properties()[key].get("type", "string"))


def editable_when(state: str) -> frozenset[str]:
    """Keys staff may still write on a ``passe`` (past, not closed) or ``clos`` (closed) loan."""
    return frozenset(key for key, spec in _properties().items() if state in spec.get(WHEN, ()))
