"""``tna check-pr``: judge a change (pull request or merge group) with this installed checker.

The data of both sides are read from git objects (one stream for all blobs), judged in
memory — a file unchanged by the change is parsed and schema-checked once — and
validated with the schemas and rules of *this* installation — in CI, the base commit's
— so a pull request that edits ``generator/`` or ``schemas/`` cannot make itself pass.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..gitrepo import GitError, read_change
from ..pipeline import ContentCache, validate_change
from ..prcheck import changes, check_change
from .common import UsageError, add_format, add_today, emit_findings, output_format, today_from

NAME = "check-pr"
HELP = ("vérifie une demande de modification (pull request) : règles, droits de l'auteur, "
        "cycle de vie des prêts et forme des fichiers")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REV",
                        help="révision de la branche cible (ex. main ou un identifiant de commit)")
    parser.add_argument("--head", default="HEAD", metavar="REV",
                        help="révision proposée (par défaut : HEAD)")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--author", metavar="LOGIN", help="identifiant GitHub de l'auteur de la demande")
    who.add_argument("--no-author", action="store_true",
                     help="ne pas vérifier les droits (file de fusion : chaque demande a déjà été vérifiée)")
    parser.add_argument("--bot", action="append", default=[], metavar="LOGIN",
                        help="compte d'automatisation dont les demandes ajoutées sont attribuées à leur "
                             "demande_par (ex. github-actions[bot] pour les demandes faites par ticket)")
    parser.add_argument("--repo", type=Path, default=Path("."), metavar="DOSSIER",
                        help="racine du dépôt Git (par défaut : le dossier courant)")
    add_today(parser)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    today = today_from(args)
    try:
        base, head = read_change(args.repo, args.base, args.head)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    touched = {change.path for change in changes(base, head)}
    cache = ContentCache()
    base_findings, head_outcome = validate_change(base.data_blobs(), head.data_blobs(), today, touched, cache=cache)
    author: str | None = None if args.no_author else args.author
    findings = check_change(base, head, author, today, base_findings, head_outcome.findings,
                            bots=frozenset(args.bot), known=lambda entry: cache.data(entry.path, entry.sha))
    return emit_findings(findings, output_format(args), "Vérification de la demande de modification")
