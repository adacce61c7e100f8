"""Creating a loan request: one request, one id policy, one file format, one trial.

``tna new-loan`` (questions or options), ``tna from-issue`` (the issue form) and the
site's request form all make the same thing: a file ``data/loans/<year>/<id>.yaml``
with ``statut: demande``. This module is where that file is defined:

- :class:`LoanRequest`: what a person asked for (member, place, items, days, slots,
  purpose, referent), who asked and on which day (the tools set both: nobody types
  ``demande_le``);
- :func:`loan_id`: ``<year>-<member>-<first item>-<MMDD>``, or ``<year>-<member>-ticket-<n>``
  for an issue, shortened to fit and made unique;
- :func:`extra_keys`: the other keys a requester may write in a request, read from the schema
  (a new optional field annotated ``"x-tna-redige-par": "demandeur"`` is one): ``tna new-loan``
  and ``tna from-issue`` ask for them and pass them in :attr:`LoanRequest.others`;
- :func:`record` and :func:`file_text`: the file's French keys in the schema's order
  (:mod:`generator.loanfields`), written by :func:`generator.loanfile.new_loan_text`
  (items on one line, dates bare);
- :func:`trial`: the whole data set validated with the new (or edited) file in a
  temporary copy, so that nothing is written when it would carry an error.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from .findings import Finding
from .loanfields import json_type, key_order, request_keys
from .loanfile import new_loan_text
from .pipeline import Outcome, validate
from .vocabulary import LoanStatus

ID_MAX = 80
# The keys :func:`record` writes from the fields of a :class:`LoanRequest`.
RECORDED = ("id", "emprunteur", "lieu", "materiel", "debut", "fin", "retrait", "restitution", "objet", "demande_le",
            "demande_par", "statut", "referent")
# A requester's key that is no part of a request: written later, when the member cancels.
LATER = frozenset({"annulation"})


@dataclass(frozen=True)
class LoanRequest:
    """A loan request as a person made it; slots are full local moments (AAAA-MM-JJTHH:MM)."""

    member: str
    place: str | None
    items: tuple[str, ...]
    start: date
    end: date
    pickup: str
    giveback: str
    purpose: str
    referent: str | None
    requested_on: date
    requested_by: str | None
    # Other keys of the request (:func:`extra_keys`) with their values, as the schema types them.
    others: tuple[tuple[str, object], ...] = ()


def extra_keys() -> tuple[str, ...]:
    """Keys a requester may write in a request beyond those of :class:`LoanRequest`, in file order:
    the schema's properties annotated ``"x-tna-redige-par": "demandeur"`` that :data:`RECORDED` does
    not name (none today). Every one is optional: the tools ask for it, nobody has to answer."""
    return tuple(key for key in key_order() if key in request_keys() and key not in RECORDED and key not in LATER)


def extra_value(key: str, text: str) -> object:
    """An answer typed for an extra key, as the schema's type wants it; ValueError (French) otherwise.

    The schema judges the value itself (a minimum, a length) when the whole file is tried."""
    kind = json_type(key)
    text = text.strip()
    if kind == "integer":
        if not text.isascii() or not text.isdigit():
            raise ValueError(f"« {text[:20]} » n'est pas un nombre entier (des chiffres, sans espace).")
        return int(text)
    if kind == "string":
        return " ".join(text.split())
    raise ValueError(f"le champ {key} (type {kind}) ne se saisit pas dans une demande : ajoutez-le aux outils.")


def loan_id(request: LoanRequest, taken: Iterable[str], issue_number: int | None = None) -> str:
    """The new loan's id: its year, its member, then the ticket or the first item and first day."""
    tail = f"ticket-{issue_number}" if issue_number is not None else f"{request.start:%m%d}"
    head = f"{request.start.year}-{request.member}" if issue_number is not None else \
        f"{request.start.year}-{request.member}-{request.items[0]}"
    # Room for the tail and a "-<n>" suffix when the id is taken (identifiers: 80 at most).
    base = f"{head[:ID_MAX - len(tail) - 5].rstrip('-')}-{tail}"
    used = set(taken)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def taken_ids(data_dir: Path, outcome: Outcome | None = None) -> set[str]:
    """Ids already used by a loan file (valid or not) or a loan of the data set."""
    files = {path.stem for path in (data_dir / "loans").glob("*/*.yaml")}
    return files | ({loan.id for loan in outcome.dataset.loans} if outcome is not None else set())


def record(request: LoanRequest, identifier: str) -> dict[str, Any]:
    """The file's keys (French, as the schema names them); absent values are left out by the writer."""
    stray = [key for key, _value in request.others if key not in extra_keys()]
    if stray:
        raise ValueError(f"not an extra key of a request: {stray}")
    return {
        "id": identifier, "emprunteur": request.member, "lieu": request.place, "materiel": list(request.items),
        "debut": request.start, "fin": request.end, "retrait": request.pickup, "restitution": request.giveback,
        "objet": request.purpose, "demande_le": request.requested_on, "demande_par": request.requested_by,
        "statut": LoanStatus.DEMANDE.value, "referent": request.referent, **dict(request.others),
    }


def relative_path(request: LoanRequest, identifier: str) -> Path:
    """Where the file goes, under data/: ``loans/<year of the first day>/<id>.yaml``."""
    return Path("loans") / str(request.start.year) / f"{identifier}.yaml"


def file_text(request: LoanRequest, identifier: str) -> str:
    """The request file, as every tool writes it."""
    return new_loan_text(record(request, identifier))


def _key(finding: Finding) -> tuple[str, str, str]:
    return finding.path, finding.rule, finding.message


def trial(data_dir: Path, label: str, today: date, baseline: Outcome, relative: Path,
          content: str) -> tuple[list[Finding], list[Finding]]:
    """Validate data/ with ``content`` at ``relative``, in a temporary copy (the real folder is untouched).

    Returns the errors that block (any error in that file, and errors elsewhere that the
    baseline did not have) and the warnings about that file.
    """
    display = f"{label}/{relative.as_posix()}"
    with tempfile.TemporaryDirectory(prefix="tna-") as temporary:
        copy = Path(temporary) / "data"
        shutil.copytree(data_dir, copy, symlinks=True)
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="\n")
        outcome = validate(copy, today, label=label)
    before = {_key(finding) for finding in baseline.errors}
    blocking = [finding for finding in outcome.errors if finding.path == display or _key(finding) not in before]
    warnings = [finding for finding in outcome.findings if not finding.is_error and finding.path == display]
    return blocking, warnings
