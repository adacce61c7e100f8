"""``tna availability``: an item's requestable windows, or the items requestable on every day of given dates.

« Libre » means requestable, as on the site: the one definition of
:mod:`generator.availability` (notice, turnaround, Département's priority, item state,
pickup and return slots).

Data that cannot be fully read (unreadable file, schema error, broken reference)
stops the command with its findings (exit 1): a calendar missing a loan would lie.
Errors of the agreement's rules (an overdue return, a double booking…) do not stop
it: they are counted on stderr, and ``tna validate`` details them.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from ..availability import (earliest_start, french_weekday_date, items_requestable, requestable_windows,
                            unbookable_from)
from ..collector import collector_paused
from ..findings import Finding
from ..model import Dataset, Network
from ..pipeline import validate
from ..rules import references
from ..dates import add_months, french_date
from ..suggest import closest
from .common import (EXIT_OK, UsageError, add_data, add_today, data_dir_from, emit_findings, parse_today,
                     today_from)

NAME = "availability"
HELP = "créneaux libres d'un matériel, ou matériel libre sur une période"

# Findings that mean some records are missing from the dataset.
STRUCTURAL_RULES = frozenset({"fichier", "schema", references.ID})
DEFAULT_MONTHS = 6


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("item", nargs="?", metavar="MATERIEL",
                        help="identifiant du matériel ; sans lui, liste le matériel libre du --du au --au")
    parser.add_argument("--du", "--from", dest="first", type=parse_today, metavar="DATE",
                        help="premier jour (par défaut : aujourd'hui)")
    parser.add_argument("--au", "--to", dest="last", type=parse_today, metavar="DATE",
                        help=f"dernier jour (par défaut : {DEFAULT_MONTHS} mois après le premier)")
    parser.add_argument("--categorie", "--category", dest="category", metavar="CATEGORIE",
                        help="seulement le matériel de cette catégorie")
    add_data(parser)
    add_today(parser)


def structural_errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.is_error and finding.rule in STRUCTURAL_RULES]


def _days(first: date, last: date) -> str:
    count = (last - first).days + 1
    return f"{count} jour{'s' if count > 1 else ''}"


def _period(first: date, last: date) -> str:
    return f"du {french_weekday_date(first)} au {french_weekday_date(last)}"


def _check_period(first: date, last: date) -> None:
    if last < first:
        raise UsageError(f"la période se termine ({french_weekday_date(last)}) avant de commencer "
                         f"({french_weekday_date(first)}) : corrigez --du ou --au.")


def _unknown(template: str, value: str, valid: list[str]) -> UsageError:
    """``template`` carries its gender agreement: « matériel … inconnu », « catégorie … inconnue »."""
    listed = ", ".join(valid) if valid else "aucune"
    suggestion = closest(value, valid)
    hint = f" Vouliez-vous dire « {suggestion} » ?" if suggestion else ""
    return UsageError(f"{template.format(value=value)}.{hint} Valeurs possibles : {listed}.")


def _turnaround_line(network: Network) -> str:
    days = network.loan_rules.turnaround_working_days
    plural = "s" if days > 1 else ""
    return (f"Rotation : {days} jour{plural} ouvré{plural} entre une restitution et le retrait suivant ; "
            "retrait et restitution un jour ouvré, aux horaires du siège (Art. 4.3).")


def item_report(dataset: Dataset, network: Network, item_id: str, first: date, last: date) -> list[str]:
    """The lines of ``tna availability ITEM``."""
    item = dataset.equipment[item_id]
    lines = [f"Créneaux libres de « {item.name} » ({item.id}) {_period(first, last)} :"]
    windows = requestable_windows(dataset, item_id, first, last)
    lines += [f"  - {_period(start, end)} ({_days(start, end)})" for start, end in windows]
    if not windows:
        lines.append("  aucun créneau libre sur cette période.")
    since = unbookable_from(item)
    if since is not None:
        from_text = "" if since == date.min else f" depuis le {french_date(since)}"
        lines.append(f"Ce matériel est en état « {item.state} »{from_text} : il ne peut pas être réservé "
                     "(Art. 4.2).")
    lines.append(_turnaround_line(network))
    earliest = earliest_start(dataset)
    lines.append(f"Une demande déposée le {french_date(dataset.today)} peut commencer au plus tôt "
                 f"le {french_weekday_date(earliest)} (préavis de {network.loan_rules.notice_working_days} "
                 "jours ouvrés, Art. 4.3).")
    return lines


def period_report(dataset: Dataset, network: Network, first: date, last: date, category: str | None) -> list[str]:
    """The lines of ``tna availability --du D --au D``: dates first, then what is requestable on them all."""
    scope = f" (catégorie {category})" if category else ""
    lines = [f"{_period(first, last).capitalize()} ({_days(first, last)}), matériel disponible{scope} :"]
    free = items_requestable(dataset, first, last, category)
    lines += [f"  - {item.id} — {item.name} ({item.category})" for item in free]
    if not free:
        lines.append("  aucun matériel disponible sur toute cette période.")
    earliest = earliest_start(dataset)
    if first < earliest:
        lines.append(f"Attention : une demande déposée le {french_date(dataset.today)} peut commencer au plus tôt "
                     f"le {french_weekday_date(earliest)} (préavis de {network.loan_rules.notice_working_days} "
                     "jours ouvrés, Art. 4.3).")
    for day, role in ((first, "le retrait"), (last, "la restitution")):
        if not network.is_working_day(day):
            why = network.holiday_name(day) or "week-end"
            lines.append(f"Attention : le {french_weekday_date(day)} n'est pas un jour ouvré ({why}) ; "
                         f"{role} doit avoir lieu un jour ouvré (Art. 4.3 c).")
    if (last - first).days + 1 > network.loan_rules.max_days:
        lines.append(f"Attention : au-delà de {network.loan_rules.max_days} jours, un prêt demande une "
                     "dérogation du Département (Art. 4.3 a).")
    lines.append(_turnaround_line(network))
    return lines


def _lines(args: argparse.Namespace, dataset: Dataset, network: Network) -> list[str]:
    today = dataset.today
    if args.item is not None:
        if args.item not in dataset.equipment:
            raise _unknown("matériel « {value} » inconnu", args.item, sorted(dataset.equipment))
        if args.category:
            raise UsageError("--categorie ne s'emploie que sans MATERIEL (liste du matériel libre).")
        first = args.first or today
        last = args.last or add_months(first, DEFAULT_MONTHS) - timedelta(days=1)
        _check_period(first, last)
        return item_report(dataset, network, args.item, first, last)
    if args.first is None or args.last is None:
        raise UsageError("indiquez un MATERIEL, ou bien la période avec --du et --au "
                         "(ex. tna availability --du 2026-05-04 --au 2026-05-15).")
    _check_period(args.first, args.last)
    categories = sorted({item.category for item in dataset.equipment.values()})
    if args.category is not None and args.category not in categories:
        raise _unknown("catégorie « {value} » inconnue", args.category, categories)
    return period_report(dataset, network, args.first, args.last, args.category)


def run(args: argparse.Namespace) -> int:
    # The whole network stays in memory to the end: no cyclic collection walks it again.
    with collector_paused():
        return _answer(args)


def _answer(args: argparse.Namespace) -> int:
    data_dir, label = data_dir_from(args)
    outcome = validate(data_dir, today_from(args), label=label)
    blocking = structural_errors(outcome.findings)
    network = outcome.dataset.network
    if blocking or network is None:
        return emit_findings(blocking or outcome.errors, "text")
    lines = _lines(args, outcome.dataset, network)
    sys.stdout.write("\n".join(lines) + "\n")
    rule_errors = len(outcome.errors)
    if rule_errors:
        sys.stderr.write(f"tna : les données comportent {rule_errors} erreur(s) de règles de la convention "
                         "(détail : tna validate).\n")
    return EXIT_OK
