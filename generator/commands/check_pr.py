"""``tna check-pr``: judge a change (pull request or merge group) with this installed checker.

The data of both sides are read from git objects (one stream for all blobs), judged in
memory — a file unchanged by the change is parsed and schema-checked once — and
validated with the schemas and rules of *this* installation — in CI, the base commit's
— so a pull request that edits ``generator/`` or ``schemas/`` cannot make itself pass.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..collector import collector_paused
from ..gitrepo import GitError, Snapshot, read_change
from ..pipeline import ContentCache, model_tree, validate_change
from ..prcheck import changes, check_change, is_loan_path, parse_record
from ..prcomment import render as render_comment
from ..schema import schemas_dir
from ..store import Store
from .common import (UsageError, add_format, add_today, emit_findings, output_format, parse_user_date,
                     today_from)

NAME = "check-pr"
HELP = ("vérifie une demande de modification (pull request) : règles, droits de l'auteur, "
        "cycle de vie des prêts et forme des fichiers")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", required=True, metavar="REV",
                        help="révision de la branche cible (ex. main ou un identifiant de commit)")
    parser.add_argument("--tete", "--head", dest="head", default="HEAD", metavar="REV",
                        help="révision proposée (par défaut : HEAD)")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--auteur", "--author", dest="author", metavar="LOGIN",
                     help="identifiant GitHub de l'auteur de la demande")
    who.add_argument("--sans-auteur", "--no-author", dest="no_author", action="store_true",
                     help="ne pas vérifier les droits (file de fusion : chaque demande a déjà été vérifiée)")
    parser.add_argument("--robot", "--bot", dest="bot", action="append", default=[], metavar="LOGIN",
                        help="compte d'automatisation (ex. github-actions[bot]) : il n'a aucun droit propre, sa "
                             "demande est jugée au nom de --au-nom-de ; répétable")
    parser.add_argument("--au-nom-de", metavar="LOGIN", default=None,
                        help="pour une demande ouverte par un compte d'automatisation : la personne pour qui il "
                             "agit (auteur du ticket, ou agent qui a lancé le workflow), lue par le workflow dans "
                             "GitHub, jamais dans les fichiers")
    parser.add_argument("--ouverte-le", type=parse_opened, default=None, metavar="DATE",
                        help="jour où la demande a été faite : date de création de la demande de modification "
                             "(ou du ticket) dans l'événement GitHub, AAAA-MM-JJ ou horodatage ISO 8601 ; "
                             "par défaut aujourd'hui")
    parser.add_argument("--depot", "--repo", dest="repo", type=Path, default=Path("."), metavar="DOSSIER",
                        help="racine du dépôt Git (par défaut : le dossier courant)")
    parser.add_argument("--commentaire", type=Path, metavar="FICHIER",
                        help="écrit aussi dans ce fichier la réponse au membre (Markdown, en français), "
                             "que le workflow « commenter » publie sur la demande de modification")
    parser.add_argument("--cache", type=Path, default=None, metavar="DOSSIER",
                        help="dossier d'un cache des fichiers de la branche cible déjà lus et vérifiés (par leur "
                             "empreinte Git) : les fichiers que la demande ne touche pas ne sont pas relus ; les "
                             "fichiers qu'elle touche le sont toujours")
    parser.add_argument("--remplir-cache", action="store_true",
                        help="écrit aussi dans --cache les fichiers de la branche cible (--base) ; à ne faire que "
                             "sur la branche cible elle-même (en CI : l'exécution sur main, jamais une demande)")
    add_today(parser)
    add_format(parser)


def parse_opened(text: str) -> date:
    """A day, or a GitHub timestamp (``2026-04-10T08:15:30Z``) taken as the day in France."""
    try:
        return parse_user_date(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est ni une date (AAAA-MM-JJ) ni un horodatage "
                                         "ISO 8601 (2026-04-10T08:15:30Z)") from None
    if moment.tzinfo is None:
        return moment.date()
    try:
        return moment.astimezone(ZoneInfo("Europe/Paris")).date()
    except ZoneInfoNotFoundError:
        return moment.astimezone(timezone.utc).date()


def site_url(base: Snapshot) -> str | None:
    """The site's address, read from the base branch only (a change cannot plant a link)."""
    site: Any = parse_record(base.files.get("data/reseau.yaml")).get("site")
    url = site.get("url") if isinstance(site, dict) else None
    return url if isinstance(url, str) else None


def open_store(args: argparse.Namespace) -> Store | None:
    """The persisted cache named by ``--cache`` (a note on stderr when it cannot be used)."""
    if args.cache is None:
        if args.remplir_cache:
            raise UsageError("--remplir-cache demande --cache DOSSIER.")
        return None
    if args.cache.exists() and not args.cache.is_dir():
        raise UsageError(f"--cache : « {args.cache} » n'est pas un dossier.")
    store = Store(args.cache, schemas_dir())
    if store.note is not None:
        print(f"tna check-pr : {store.note}.", file=sys.stderr)
    return store


def save_store(store: Store) -> None:
    try:
        store.save()
    except OSError as exc:
        raise UsageError(f"--cache : impossible d'écrire dans {store.folder} ({exc.strerror}).") from None
    print(f"tna check-pr : cache rempli ({len(store.added)} fichiers de la branche cible) dans {store.folder}.",
          file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    # A fifth of a warm run on a network of 50,000 loans went to the cyclic collector.
    with collector_paused():
        return _check(args)


def _check(args: argparse.Namespace) -> int:
    today = today_from(args)
    store = open_store(args)
    # With a cache to answer for them, the loans the change leaves alone are read from Git
    # only if needed (the check may judge around the changed loans: see validate_change).
    defer = None if store is None or args.remplir_cache else is_loan_path
    try:
        base, head = read_change(args.repo, args.base, args.head, defer=defer)
    except GitError as exc:
        raise UsageError(str(exc)) from None
    touched = {change.path for change in changes(base, head)}
    cache = ContentCache(store, frozenset(touched), fill=args.remplir_cache)
    base_findings, head_outcome = validate_change(base.data_blobs(), head.data_blobs(), today, touched, cache=cache,
                                                  fetch=head.read)
    if cache.store is not None and args.remplir_cache:
        save_store(cache.store)
    if head_outcome.judged_again is not None:
        print(f"tna check-pr : la branche cible est connue du cache pour ce jour ; seuls les "
              f"{len(head_outcome.judged_again)} prêts que la demande peut concerner sont jugés à nouveau.",
              file=sys.stderr)
    author: str | None = None if args.no_author else args.author
    bots = frozenset(args.bot)
    if args.au_nom_de is not None and (author is None or author.casefold() not in {b.casefold() for b in bots}):
        raise UsageError("--au-nom-de ne vaut que pour une demande ouverte par un compte d'automatisation "
                         "(--auteur égal à l'un des --robot).")
    findings = check_change(base, head, author, today, base_findings, head_outcome.findings,
                            bots=bots, opened=args.ouverte_le, on_behalf_of=args.au_nom_de,
                            known=lambda entry: cache.data(entry.path, entry.sha))
    if args.commentaire is not None:
        booked = head_outcome.base if head_outcome.base is not None else \
            model_tree(base.data_blobs(), today, cache=cache, fetch=base.read)
        text = render_comment(findings, head_outcome.dataset, booked, today)
        try:
            args.commentaire.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--commentaire : impossible d'écrire {args.commentaire} ({exc.strerror}).") from None
    return emit_findings(findings, output_format(args), "Vérification de la demande de modification",
                         site_url=site_url(base))
