"""The answer to the member, in French, posted on the pull request.

Annotations sit in the Files tab, where most members never look: the checker also
writes one Markdown comment that says whether the request can be accepted, lists each
problem with its article and what to do, and, for a date conflict, the next periods
when the item could be requested. The workflow « commenter » posts it (and replaces it
on each new version of the pull request).

Every text that comes from the data (paths, messages that quote values) is escaped:
Markdown and HTML are neutralised and « @ » cannot mention anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .availability import requestable_windows as item_windows
from .findings import Finding
from .model import Dataset, Loan
from .dates import add_months, french_date

MARKER = "<!-- tna check-pr -->"
HORIZON_MONTHS = 6
MAX_WINDOWS = 3
CONFLICT_RULE = "double-reservation"
_MARKDOWN = set("\\`*_{}[]<>#|~&!")


def escape(text: str) -> str:
    """Plain text for a GitHub comment: one line, no markup, no mention, no HTML."""
    flat = " ".join(text.split())
    escaped = "".join(f"\\{char}" if char in _MARKDOWN else char for char in flat)
    return escaped.replace("@", "@\u2060")


def _location(finding: Finding) -> str:
    return f"`{finding.path.replace('`', chr(39))}`, ligne {finding.line}"


def _reference(finding: Finding) -> str:
    article = f"{escape(finding.article)}, " if finding.article else ""
    return f"{article}règle « {escape(finding.rule)} »"


def _loan_at(dataset: Dataset, path: str) -> Loan | None:
    return next((loan for loan in dataset.loans if loan.document.path == path), None)


def conflicting_items(finding: Finding, dataset: Dataset) -> list[str]:
    """The items a double-booking finding is about (the line of the item in the loan file)."""
    loan = _loan_at(dataset, finding.path)
    if loan is None:
        return []
    return [item_id for index, item_id in enumerate(loan.item_ids) if loan.document.at("materiel", index)[0]
            == finding.line]


def requestable_windows(dataset: Dataset, item_id: str, today: date) -> list[tuple[date, date]]:
    """The next periods a new request of the item could take: after the notice, within six months."""
    network = dataset.network
    if network is None or item_id not in dataset.equipment:
        return []
    # The site's definition (notice counted from the day the data are judged on, ``dataset.today``).
    return item_windows(dataset, item_id, today, add_months(today, HORIZON_MONTHS))[:MAX_WINDOWS]


def _window(first: date, last: date) -> str:
    return f"du {french_date(first)} au {french_date(last)}"


def _suggestions(finding: Finding, head: Dataset, booked: Dataset, today: date, shown: set[str]) -> list[str]:
    """Free periods of the items of a conflict (each item once per comment)."""
    lines = []
    for item_id in conflicting_items(finding, head):
        if item_id in shown:
            continue
        shown.add(item_id)
        windows = requestable_windows(booked, item_id, today)
        if windows:
            periods = " ; ".join(_window(first, last) for first, last in windows)
            lines.append(f"   Périodes encore libres pour « {escape(item_id)} » : {periods}.")
        else:
            lines.append(f"   « {escape(item_id)} » n'a plus de période libre dans les six prochains mois.")
    return lines


def render(findings: Sequence[Finding], head: Dataset, booked: Dataset, today: date) -> str:
    """The comment: verdict, problems to fix (errors), then points to note (warnings).

    ``head`` is the data of the proposed version (to find the items of a conflict);
    ``booked`` is what is already booked without the request (the base), where the
    free periods are looked for.
    """
    errors = [finding for finding in findings if finding.is_error]
    warnings = [finding for finding in findings if not finding.is_error]
    lines = [MARKER]
    if errors:
        lines += ["## La demande ne peut pas être acceptée en l'état", "",
                  f"La vérification automatique a trouvé {len(errors)} problème{'s' if len(errors) > 1 else ''} "
                  "à corriger. Modifiez les fichiers de la demande (onglet « Files changed », puis « Edit file ») : "
                  "ce message est mis à jour à chaque nouvelle version.", ""]
        shown: set[str] = set()
        for number, finding in enumerate(errors, 1):
            lines.append(f"{number}. {_location(finding)} — {_reference(finding)} : {escape(finding.message)}")
            if finding.rule == CONFLICT_RULE:
                lines += _suggestions(finding, head, booked, today, shown)
    else:
        lines += ["## La demande peut être acceptée", "",
                  "La vérification automatique n'a trouvé aucun problème. L'équipe du Département va la relire, "
                  "puis l'accepter ou la refuser."]
    if warnings:
        lines += ["", "### À noter (sans empêcher l'acceptation)", ""]
        lines += [f"- {_location(finding)} — {_reference(finding)} : {escape(finding.message)}"
                  for finding in warnings]
    lines += ["", f"<sub>Vérifié le {french_date(today)} selon les règles de la convention du réseau "
                  "(branche principale).</sub>"]
    return "\n".join(lines) + "\n"
