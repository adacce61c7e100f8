"""Reminders: what the Département should act on soon, from the data set and today's date.

Pure functions (no IO, no clock). A reminder names an organisation, a file and dates,
never a person: the Markdown rendering is posted as a public GitHub issue.

Kinds, in the order they are shown:

* returns due within N days (loans accepte or retire whose last day is between today
  and today + N);
* overdue returns (loans still retire after their last day, Art. 4.3 c);
* missing post-loan reports (restitue, no ``bilan``, past the delay of ``reseau.yaml``,
  Art. 6 et 7);
* agreements ending soon, on the same days as the amendment-notice rule warns
  (from three months before the request deadline): last day, and last date for an
  amendment request (Art. 9);
* insurance ending within 3 months (Art. 4.1);
* items in maintenance, out of service or with an unrepaired breakdown that still have
  bookings to come (Art. 4.2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

from .model import DEPARTEMENT, AgreementRules, Dataset, Equipment, Loan, Member
from .rules.amendment_notice import ending_soon
from .dates import add_months, french_date
from .vocabulary import UNBOOKABLE_STATES, ItemState, LoanStatus

INSURANCE_NOTICE_MONTHS = 3

RETOUR_PROCHE = "retour_proche"
RETOUR_EN_RETARD = "retour_en_retard"
BILAN_MANQUANT = "bilan_manquant"
CONVENTION_FIN = "convention_fin"
ASSURANCE_FIN = "assurance_fin"
MATERIEL_INDISPONIBLE = "materiel_indisponible"

KINDS = (RETOUR_PROCHE, RETOUR_EN_RETARD, BILAN_MANQUANT, CONVENTION_FIN, ASSURANCE_FIN, MATERIEL_INDISPONIBLE)



@dataclass(frozen=True, order=True)
class Reminder:
    """One thing to do. ``day`` is the date it is about (due date, last day…)."""

    kind: str
    day: date
    path: str
    organisation: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"type": self.kind, "date": self.day.isoformat(), "fichier": self.path,
                "organisation": self.organisation, "message": self.message}


def headings(within_days: int) -> dict[str, str]:
    return {
        RETOUR_PROCHE: f"Retours attendus dans les {within_days} jours",
        RETOUR_EN_RETARD: "Retours en retard",
        BILAN_MANQUANT: "Bilans de prêt manquants",
        CONVENTION_FIN: "Conventions arrivant à échéance (Art. 9)",
        ASSURANCE_FIN: "Assurances arrivant à échéance",
        MATERIEL_INDISPONIBLE: "Matériel indisponible avec des réservations à venir",
    }




def organisation(dataset: Dataset, borrower: str) -> str:
    if borrower in dataset.members:
        return dataset.members[borrower].name
    if dataset.network is not None and borrower == DEPARTEMENT:
        return dataset.network.department_name
    return borrower


def _loan_reminder(dataset: Dataset, loan: Loan, kind: str, day: date, message: str) -> Reminder:
    return Reminder(kind, day, loan.document.path, organisation(dataset, loan.borrower), message)


def returns(dataset: Dataset, within_days: int) -> list[Reminder]:
    """Returns due within ``within_days`` days, and overdue ones."""
    today = dataset.today
    found: list[Reminder] = []
    for loan in dataset.loans:
        if loan.status == LoanStatus.RETIRE and loan.end < today:
            late = (today - loan.end).days
            found.append(_loan_reminder(dataset, loan, RETOUR_EN_RETARD, loan.end,
                                        f"restitution attendue le {french_date(loan.end)} ({late} jour(s) de retard) : "
                                        "enregistrez-la (tna return) ou contactez l'emprunteur."))
        elif loan.status in (LoanStatus.ACCEPTE, LoanStatus.RETIRE) and today <= loan.end <= today + timedelta(days=within_days):
            note = "" if loan.status == LoanStatus.RETIRE else " (retrait pas encore enregistré)"
            found.append(_loan_reminder(dataset, loan, RETOUR_PROCHE, loan.end,
                                        f"restitution prévue le {french_date(loan.end)} à "
                                        f"{loan.return_at.strftime('%H:%M')}{note}."))
    return found


def missing_reports(dataset: Dataset) -> list[Reminder]:
    if dataset.network is None:
        return []
    delay = dataset.network.loan_rules.report_delay_days
    found: list[Reminder] = []
    for loan in dataset.loans:
        due = loan.end + timedelta(days=delay)
        if loan.status == LoanStatus.RESTITUE and loan.report is None and not loan.by_departement and dataset.today > due:
            found.append(_loan_reminder(dataset, loan, BILAN_MANQUANT, due,
                                        f"prêt du {french_date(loan.start)} au {french_date(loan.end)} : bilan attendu au plus "
                                        f"tard le {french_date(due)} (Art. 6 et 7), pas encore reçu."))
    return found


def _agreement_reminder(dataset: Dataset, member: Member, rules: AgreementRules) -> Reminder | None:
    """The same agreements, on the same days, as the amendment-notice rule warns about."""
    today = dataset.today
    dates = ending_soon(member, rules, today)
    if dates is None or dates[0] < today:
        return None
    last_day, deadline = dates
    request = (f"demande d'avenant à faire parvenir au plus tard le {french_date(deadline)}" if deadline >= today
               else f"la date limite de demande d'avenant ({french_date(deadline)}) est dépassée")
    return Reminder(CONVENTION_FIN, last_day, member.document.path, member.name,
                    f"convention en vigueur jusqu'au {french_date(last_day)} ; {request}.")


def agreements(dataset: Dataset) -> list[Reminder]:
    if dataset.network is None:
        return []
    rules = dataset.network.agreement_rules
    found = (_agreement_reminder(dataset, member, rules) for member in dataset.members.values())
    return [reminder for reminder in found if reminder is not None]


def insurances(dataset: Dataset) -> list[Reminder]:
    today = dataset.today
    horizon = add_months(today, INSURANCE_NOTICE_MONTHS)
    covers = ((member, member.insurance) for member in dataset.members.values())
    return [Reminder(ASSURANCE_FIN, cover.last_day, member.document.path, member.name,
                     f"assurance valable jusqu'au {french_date(cover.last_day)} : demandez l'attestation "
                     "de renouvellement avant tout nouveau prêt (Art. 4.1).")
            for member, cover in covers if cover is not None and today <= cover.last_day <= horizon]


def _why_unavailable(item: Equipment) -> str | None:
    reasons: list[str] = []
    if item.state in UNBOOKABLE_STATES:
        since = f" depuis le {french_date(item.state_since)}" if item.state_since else ""
        reasons.append(f"{ItemState(item.state).word}{since}")
    reasons += [f"panne non réparée signalée le {french_date(breakdown.day)}"
                for breakdown in item.breakdowns if breakdown.repaired_on is None]
    return " ; ".join(reasons) or None


def broken_items(dataset: Dataset) -> list[Reminder]:
    """Each booking to come (active, last day ≥ today) of an item that cannot serve."""
    found: list[Reminder] = []
    for item_id, loans in sorted(dataset.loans_by_item().items()):
        item = dataset.equipment.get(item_id)
        why = _why_unavailable(item) if item else None
        if item is None or why is None:
            continue
        for loan in loans:
            if loan.is_active and loan.end >= dataset.today:
                found.append(_loan_reminder(dataset, loan, MATERIEL_INDISPONIBLE, loan.start,
                                            f"{item.name} ({item.id}) : {why} ; réservé du {french_date(loan.start)} "
                                            f"au {french_date(loan.end)} : prévenez l'emprunteur (Art. 4.2)."))
    return found


def reminders(dataset: Dataset, within_days: int = 7) -> list[Reminder]:
    """Every reminder, grouped by kind (in :data:`KINDS` order), then by date and file."""
    found = (returns(dataset, within_days) + missing_reports(dataset) + agreements(dataset)
             + insurances(dataset) + broken_items(dataset))
    return sorted(found, key=lambda reminder: (KINDS.index(reminder.kind), reminder.day, reminder.path,
                                               reminder.message))


def _grouped(found: list[Reminder]) -> dict[str, list[Reminder]]:
    groups: dict[str, list[Reminder]] = {kind: [] for kind in KINDS}
    for reminder in found:
        groups[reminder.kind].append(reminder)
    return groups


def as_text(found: list[Reminder], today: date, within_days: int) -> str:
    lines = [f"Rappels du réseau au {french_date(today)}"]
    for kind, group in _grouped(found).items():
        lines += ["", f"{headings(within_days)[kind]} :"]
        lines += [f"  - {r.organisation} — {r.message} ({r.path})" for r in group] or ["  Rien à signaler."]
    return "\n".join(lines) + "\n"


def markdown_escape(text: str) -> str:
    """Data text made inert in GitHub Markdown: no HTML, no emphasis, no link, no @mention, no #ref."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("#", "&#35;").replace("@", "&#64;")
    for char in "\\`*_[]|~":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def as_markdown(found: list[Reminder], today: date, within_days: int) -> str:
    lines = ["# Rappels du réseau", "",
             f"Situation au {french_date(today)} (générée par `tna reminders`, mise à jour chaque semaine).", ""]
    if not found:
        lines += ["Rien à signaler cette semaine.", ""]
    for kind, group in _grouped(found).items():
        lines += [f"## {headings(within_days)[kind]}", ""]
        lines += [f"- **{markdown_escape(r.organisation)}** — {markdown_escape(r.message)} "
                  f"(`{r.path.replace('`', '')}`)" for r in group] or ["Rien à signaler."]
        lines.append("")
    return "\n".join(lines)


def as_json(found: list[Reminder], today: date, within_days: int) -> str:
    payload = {"date": today.isoformat(), "dans_les_jours": within_days,
               "rappels": [reminder.as_dict() for reminder in found]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


RENDERINGS = {"text": as_text, "markdown": as_markdown, "json": as_json}
