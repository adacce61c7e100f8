"""What the staff commands share: find the loan, check who acts, check the move, save safely.

``approve``, ``refuse``, ``pickup``, ``return`` and ``report`` each change one loan
file in place (:mod:`generator.loanfile`). Before anything is written, the whole data
set is validated again with the new content in a temporary copy of data/: the edit is
refused when the edited file would carry an error, or when it would add an error
anywhere else. A refusal writes nothing and exits with code 1.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from ..findings import Finding
from ..loanfile import EditableLoan, LoanFileError, create_file, replace_file
from ..model import Equipment, Loan, Network
from ..pipeline import Outcome, validate
from ..rules.base import french_date
from ..suggest import did_you_mean
from .common import EXIT_FINDINGS, EXIT_OK, UsageError, add_data, add_today, data_dir_from, today_from

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

STATUS_LABELS = {
    "demande": "demande", "accepte": "accepté", "retire": "retiré", "restitue": "restitué",
    "refuse": "refusé", "annule": "annulé",
}


class Refusal(Exception):
    """The action is not allowed on this data; nothing is written (exit code 1)."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = findings or []


def refusals_exit_one(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn a :class:`Refusal` into its findings and message on stderr, and exit code 1."""

    @functools.wraps(run)
    def wrapper(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except Refusal as refusal:
            for finding in refusal.findings:
                sys.stderr.write(finding.as_text() + "\n")
            sys.stderr.write(f"tna : {refusal.message}\n")
            return EXIT_FINDINGS
        except LoanFileError as problem:
            sys.stderr.write(f"tna : {problem} Rien n'a été écrit.\n")
            return EXIT_FINDINGS

    return wrapper


def add_loan_arguments(parser: argparse.ArgumentParser, staff: bool = True) -> None:
    parser.add_argument("loan", metavar="PRET", help="identifiant du prêt, ou chemin de son fichier")
    add_data(parser)
    add_today(parser)
    if staff:
        parser.add_argument("--par", metavar="LOGIN", default=None,
                            help="votre identifiant d'agent du Département (liste equipe de reseau.yaml) ; "
                                 "par défaut la variable d'environnement TNA_LOGIN")


@dataclass
class LoanContext:
    """One loan file opened for an edit, with the data set as it is now."""

    data_dir: Path
    label: str
    today: date
    baseline: Outcome
    path: Path
    relative: Path
    display: str
    source: str
    loan: Loan

    @property
    def network(self) -> Network:
        network = self.baseline.dataset.network
        if network is None:
            raise Refusal("le fichier du réseau (reseau.yaml) n'est pas valide : corrigez-le d'abord (tna validate).")
        return network

    def editable(self) -> EditableLoan:
        return EditableLoan(self.source)

    def item(self, item_id: str) -> Equipment:
        item = self.baseline.dataset.equipment.get(item_id)
        if item is None:
            raise Refusal(f"le matériel « {item_id} » du prêt est introuvable ou son fichier n'est pas valide : "
                          "corrigez-le d'abord (tna validate).")
        return item


def loan_path(data_dir: Path, reference: str) -> Path:
    """The file of a loan given by id (searched in every year) or by path (inside data/loans)."""
    if reference.endswith(".yaml") or "/" in reference or os.sep in reference:
        path = Path(reference)
        if not path.is_file():
            raise UsageError(f"le fichier « {reference} » est introuvable.")
        try:
            relative = path.resolve().relative_to(data_dir.resolve())
        except ValueError:
            raise UsageError(f"le fichier « {reference} » n'est pas dans le dossier de données "
                             f"« {data_dir.as_posix()} » : passez --donnees.") from None
        if len(relative.parts) != 3 or relative.parts[0] != "loans":
            raise UsageError(f"« {reference} » n'est pas un fichier de prêt (attendu : loans/<année>/<id>.yaml).")
        return data_dir / relative
    if not _ID.fullmatch(reference):
        raise UsageError(f"« {reference} » n'est pas un identifiant de prêt (minuscules, chiffres et tirets).")
    matches = sorted((data_dir / "loans").glob(f"*/{reference}.yaml"))
    if not matches:
        known = (path.stem for path in (data_dir / "loans").glob("*/*.yaml"))
        raise UsageError(f"aucun prêt « {reference} » dans {data_dir.as_posix()}/loans : "
                         + did_you_mean(reference, known, "vérifiez l'identifiant."))
    if len(matches) > 1:
        raise UsageError(f"plusieurs fichiers portent l'identifiant « {reference} » : donnez le chemin du fichier.")
    return matches[0]


def open_loan(args: argparse.Namespace) -> LoanContext:
    data_dir, label = data_dir_from(args)
    today = today_from(args)
    path = loan_path(data_dir, args.loan)
    relative = path.relative_to(data_dir)
    display = f"{label}/{relative.as_posix()}"
    baseline = validate(data_dir, today, label=label)
    loan = next((loan for loan in baseline.dataset.loans if loan.document.path == display), None)
    if loan is None:
        problems = [finding for finding in baseline.findings if finding.path == display]
        raise Refusal(f"le fichier {display} n'est pas valide : corrigez-le d'abord, rien n'a été écrit.", problems)
    source = path.read_text(encoding="utf-8")
    return LoanContext(data_dir, label, today, baseline, path, relative, display, source, loan)


def staff_login(args: argparse.Namespace, context: LoanContext) -> str:
    """The acting staff member: ``--par`` or ``TNA_LOGIN``, which must be in ``equipe``."""
    login: str | None = args.par or os.environ.get("TNA_LOGIN") or None
    if not login:
        raise UsageError("indiquez votre identifiant d'agent avec --par LOGIN (ou la variable TNA_LOGIN).")
    staff = context.network.staff
    # GitHub logins compare without case; the file keeps the spelling of the equipe list.
    spelled = next((member for member in sorted(staff) if member.casefold() == login.casefold()), None)
    if spelled is None:
        raise UsageError(f"« {login} » ne fait pas partie de l'équipe du Département (equipe de reseau.yaml : "
                         f"{', '.join(sorted(staff))}) : seul un agent peut faire cette opération.")
    return spelled


def require_status(context: LoanContext, wanted: str, allowed: set[str], why: str) -> None:
    """Refuse a move the lifecycle forbids, naming the current and the wanted status."""
    current = context.loan.status
    if current not in allowed:
        raise Refusal(f"le prêt « {context.loan.id} » est au statut « {current} » : il ne peut pas passer au "
                      f"statut « {wanted} » ({why}). Rien n'a été écrit.")


def _key(finding: Finding) -> tuple[str, str, str]:
    return finding.path, finding.rule, finding.message


def candidate_errors(data_dir: Path, label: str, today: date, baseline: Outcome,
                     relative: Path, content: str) -> tuple[list[Finding], list[Finding]]:
    """Validate data/ with ``content`` at ``relative``, in a temporary copy.

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


def save(context: LoanContext, content: str, done: str) -> int:
    """Write the edited loan if the data set stays valid; else refuse with the findings."""
    blocking, warnings = candidate_errors(context.data_dir, context.label, context.today, context.baseline,
                                          context.relative, content)
    if blocking:
        raise Refusal("la modification enfreindrait les règles ci-dessus : rien n'a été écrit.", blocking)
    replace_file(context.path, context.source, content)
    for finding in warnings:
        sys.stdout.write(finding.as_text() + "\n")
    sys.stdout.write(f"{done}\n")
    return EXIT_OK


def create(data_dir: Path, label: str, today: date, baseline: Outcome, relative: Path, content: str) -> list[Finding]:
    """Write a new file if the data set stays valid; returns the warnings about it."""
    if (data_dir / relative).exists():
        raise Refusal(f"le fichier {label}/{relative.as_posix()} existe déjà : rien n'a été écrit.")
    blocking, warnings = candidate_errors(data_dir, label, today, baseline, relative, content)
    if blocking:
        raise Refusal("la demande enfreindrait les règles ci-dessus : rien n'a été écrit (les lignes citées dans "
                      f"{label}/{relative.as_posix()} sont celles du fichier qui aurait été créé).", blocking)
    try:
        create_file(data_dir / relative, content)
    except FileExistsError:
        raise Refusal(f"le fichier {label}/{relative.as_posix()} existe déjà : rien n'a été écrit.") from None
    return warnings


def on(day: date) -> str:
    return french_date(day)
