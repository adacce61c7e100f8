"""``tna export``: the open-data files (national-standard directory, GeoJSON, JSON, iCalendar).

The data is validated first: with any error, the findings are printed and nothing
is written. ``DTSTAMP`` of the calendars is the build time: ``SOURCE_DATE_EPOCH``
when set (reproducible builds), else the current time.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..dates import build_time
from ..export import write_open_data
from ..pipeline import validate
from .common import EXIT_OK, UsageError, add_data, add_today, data_dir_from, emit_findings, today_from

NAME = "export"
HELP = "écrit les données ouvertes : lieux au standard national (CSV, JSON), GeoJSON, JSON, iCalendar"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sortie", "--out", dest="out", type=Path, default=Path("exports"), metavar="DOSSIER",
                        help="dossier de sortie (par défaut : exports)")
    add_data(parser)
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    data_dir, label = data_dir_from(args)
    try:
        stamp = build_time(os.environ)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    outcome = validate(data_dir, today_from(args), label=label)
    if outcome.faults:  # a late return (a situation, not a fault) does not stop the open data
        return emit_findings(outcome.findings, "text")
    out_dir: Path = args.out
    try:
        written = write_open_data(outcome.dataset, out_dir, stamp)
    except OSError as exc:
        raise UsageError(f"impossible d'écrire dans « {out_dir} » ({exc.strerror or exc}) : "
                         "choisissez un autre dossier avec --sortie.") from None
    sys.stdout.write(f"{len(written)} fichiers écrits dans {out_dir.as_posix()} :\n")
    sys.stdout.write("".join(f"  - {path.relative_to(out_dir).as_posix()}\n" for path in written))
    return EXIT_OK
