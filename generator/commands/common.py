"""Options and output shared by the sub-commands (the CLI edge: it prints and exits)."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Sequence

from ..findings import Finding
from ..report import FORMATS, markdown_summary

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2  # the same as arguments.EXIT_USAGE: bad usage or environment


class UsageError(Exception):
    """A problem with how the command was called or with its environment (exit code 2)."""


_FRENCH_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_user_date(text: str) -> date:
    """A date as people type it, AAAA-MM-JJ or JJ/MM/AAAA; ValueError otherwise."""
    text = text.strip()
    french = _FRENCH_DAY.fullmatch(text)
    if french:
        day, month, year = (int(part) for part in french.groups())
        return date(year, month, day)
    if _ISO_DAY.fullmatch(text):
        return date.fromisoformat(text)
    raise ValueError(text)


def parse_today(text: str) -> date:
    """The argparse type of every date option."""
    try:
        return parse_user_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)") from None


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--aujourdhui", "--today", dest="today", type=parse_today, default=None, metavar="DATE",
                        help="date du jour à utiliser (AAAA-MM-JJ ou JJ/MM/AAAA) ; par défaut "
                             f"${TODAY_VARIABLE} si elle est définie, sinon la date réelle")


def add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--donnees", "--data", dest="data", type=Path, default=Path("data"), metavar="DOSSIER",
                        help="dossier des données (par défaut : data)")


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                        help="format de sortie : text, github ou json "
                             "(github par défaut quand GITHUB_ACTIONS=true)")


TODAY_VARIABLE = "TNA_AUJOURDHUI"


def today_from(args: argparse.Namespace) -> date:
    """``--aujourdhui``, else the date in $TNA_AUJOURDHUI (a demonstration repository pins
    its sample's date there, for its workflows), else the real date."""
    chosen: date | None = args.today
    if chosen is not None:
        return chosen
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if pinned:
        try:
            return parse_user_date(pinned)
        except ValueError:
            raise UsageError(f"la variable {TODAY_VARIABLE} vaut « {pinned} », qui n'est pas une date "
                             "AAAA-MM-JJ ou JJ/MM/AAAA : corrigez-la ou videz-la pour utiliser la date réelle.") from None
    return date.today()


def data_dir_from(args: argparse.Namespace) -> tuple[Path, str]:
    """The data folder and the label used in messages (as the user typed it)."""
    data_dir: Path = args.data
    if not data_dir.is_dir():
        raise UsageError(f"le dossier de données « {data_dir} » est introuvable : "
                         "lancez la commande depuis la racine du dépôt ou passez --donnees.")
    return data_dir, data_dir.as_posix().rstrip("/") or "."


def output_format(args: argparse.Namespace) -> str:
    chosen: str | None = args.format
    if chosen:
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def emit_findings(findings: Sequence[Finding], fmt: str, summary_title: str | None = None,
                  site_url: str | None = None) -> int:
    """Print the findings in the chosen format; return the exit code they call for.

    ``site_url`` (the network's public site) links each article of the GitHub summary to its text."""
    sys.stdout.write(FORMATS[fmt](findings))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_path:
        try:
            with open(summary_path, "a", encoding="utf-8") as summary:
                summary.write(markdown_summary(findings, summary_title or "Vérification des données du réseau",
                                               site_url))
        except OSError as exc:
            sys.stderr.write(f"tna : impossible d'écrire le résumé GitHub ({exc.strerror}).\n")
    return EXIT_FINDINGS if any(finding.is_error for finding in findings) else EXIT_OK
