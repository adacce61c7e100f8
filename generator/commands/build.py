"""``tna build``: validate, generate the pages into a build folder, run ``mkdocs build`` into site/."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..collector import collector_paused
from ..dates import build_time
from ..pipeline import validate
from ..render import COMPLETED_PAGES, SiteContext, SiteError, generate
from ..render.build import (Layout, check_sources, config_overrides, layout, leaflet_files, read_page,
                          run_mkdocs, write_build)
from .common import EXIT_FINDINGS, EXIT_OK, add_data, add_today, data_dir_from, emit_findings, today_from

NAME = "build"
HELP = "construit le site public : vérifie les données, génère les pages et lance mkdocs build"


@dataclass(frozen=True)
class BuildRequest:
    data_dir: Path
    label: str
    today: date
    paths: Layout
    strict: bool


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``tna build`` and ``tna serve``."""
    add_data(parser)
    add_today(parser)
    parser.add_argument("--sortie", "--out", dest="out", type=Path, default=Path("site"), metavar="DOSSIER",
                        help="dossier du site construit (par défaut : site)")
    parser.add_argument("--dossier-pages", "--build-dir", dest="build_dir", type=Path, default=Path("build"),
                        metavar="DOSSIER",
                        help="dossier des pages générées avant MkDocs (par défaut : build)")
    parser.add_argument("--configuration", "--config", dest="config", type=Path, default=Path("mkdocs.yml"),
                        metavar="FICHIER",
                        help="configuration MkDocs du projet (par défaut : mkdocs.yml)")
    parser.add_argument("--strict", action="store_true",
                        help="échoue au moindre avertissement de MkDocs (mkdocs build --strict)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_site_arguments(parser)


def request_from(args: argparse.Namespace) -> BuildRequest:
    data_dir, label = data_dir_from(args)
    return BuildRequest(data_dir, label, today_from(args), layout(args.config, args.build_dir, args.out),
                        bool(args.strict))


def _stamp() -> datetime:
    try:
        return build_time(os.environ)
    except ValueError as exc:
        raise SiteError(str(exc)) from None


def build(request: BuildRequest) -> int:
    """One full build; prints what went wrong in French and returns the exit code."""
    outcome = validate(request.data_dir, request.today, label=request.label)
    if outcome.faults or outcome.dataset.network is None:
        sys.stderr.write("tna : données invalides, site non construit.\n")
        return emit_findings(outcome.findings, "text") or EXIT_FINDINGS
    situations = outcome.situations
    if situations:
        # Loud, but the site is built: it must keep showing the facts (an item not returned).
        sys.stderr.write("".join(f"{finding.as_text()}\n" for finding in situations))
        sys.stderr.write(f"tna : {len(situations)} situation(s) à traiter (retard de restitution, convention ou "
                         "assurance échue pendant un prêt) : le site est construit avec les faits tels qu'ils "
                         "sont ; tna validate et tna reminders les détaillent.\n")
    warnings = len(outcome.findings) - len(situations)
    try:
        paths = request.paths
        check_sources(paths)
        stamp = _stamp()
        ctx = SiteContext(outcome.dataset, outcome.dataset.network, stamp)
        with collector_paused():
            files = generate(ctx, {name: read_page(paths, name) for name in COMPLETED_PAGES})
        files += leaflet_files(paths)
    except SiteError as exc:
        sys.stderr.write(f"tna : {exc}\n")
        return EXIT_FINDINGS
    write_build(paths, files, config_overrides(ctx.network))
    succeeded, output = run_mkdocs(paths, stamp, request.strict)
    if not succeeded:
        sys.stderr.write(f"{output}\ntna : MkDocs a échoué : site non construit (voir ci-dessus).\n")
        return EXIT_FINDINGS
    if warnings:
        sys.stdout.write(f"{warnings} avertissement(s) dans les données : « tna validate » les détaille.\n")
    sys.stdout.write(f"Site construit dans {paths.site_dir} ({len(files)} fichiers générés).\n")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return build(request_from(args))
