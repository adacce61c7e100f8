"""``tna validate``: every file under data/, every rule."""

from __future__ import annotations

import argparse

from ..pipeline import validate
from .common import add_data, add_format, add_today, data_dir_from, emit_findings, output_format, today_from

NAME = "validate"
HELP = "vérifie les données : schémas, références et toutes les règles de la convention"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data(parser)
    add_today(parser)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    data_dir, label = data_dir_from(args)
    outcome = validate(data_dir, today_from(args), label=label)
    network = outcome.dataset.network
    return emit_findings(outcome.findings, output_format(args), site_url=network.site_url if network else None)
