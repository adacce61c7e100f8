"""``tna reminders``: returns due or overdue, reports missing, agreements and insurance ending, broken items."""

from __future__ import annotations

import argparse
import sys

from ..pipeline import validate
from ..reminders import RENDERINGS, reminders
from .common import EXIT_OK, UsageError, add_data, add_today, data_dir_from, today_from

NAME = "reminders"
HELP = ("rappels : restitutions à venir ou en retard, bilans manquants, conventions et assurances "
        "arrivant à échéance, matériel en panne encore réservé")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data(parser)
    add_today(parser)
    parser.add_argument("--format", choices=sorted(RENDERINGS), default="text",
                        help="format de sortie : text (par défaut), markdown (pour un ticket GitHub) ou json")
    parser.add_argument("--dans", "--within", dest="within", type=int, default=7, metavar="N",
                        help="restitutions attendues dans les N prochains jours (par défaut : 7)")


def run(args: argparse.Namespace) -> int:
    within: int = args.within
    if within < 0:
        raise UsageError("--dans : le nombre de jours ne peut pas être négatif.")
    data_dir, label = data_dir_from(args)
    today = today_from(args)
    outcome = validate(data_dir, today, label=label)
    sys.stdout.write(RENDERINGS[args.format](reminders(outcome.dataset, within), today, within))
    if outcome.faults:  # situations (overdue...) are errors too, but they are in the reminders themselves
        sys.stderr.write(f"tna : les données comportent {len(outcome.faults)} erreur(s) (voir tna validate) ; "
                         "les fichiers en erreur ne figurent pas dans les rappels.\n")
    return EXIT_OK
