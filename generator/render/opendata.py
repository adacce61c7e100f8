"""The open-data page and its files: the national-standard directory, GeoJSON, JSON and iCalendar."""

from __future__ import annotations

from typing import Any

from ..export import open_data_files
from .catalogue import item_feed, sorted_items
from .context import SiteContext
from .markup import OutputFile, fr_number, link, page, render

INDEX = "donnees/index.md"
FOLDER = "donnees"

DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "lieux.csv": ("Annuaire des lieux de médiation numérique au standard national (La MedNum, ANCT)", "CSV, UTF-8"),
    "lieux.json": ("Le même annuaire au standard national", "JSON"),
    "lieux.geojson": ("Les lieux et leurs coordonnées, pour une carte", "GeoJSON"),
    "materiel.json": ("Le catalogue du matériel prêté", "JSON"),
    "reservations.json": ("Toutes les réservations du matériel (organisations seulement, sans nom de personne)",
                          "JSON"),
    "calendrier/reseau.ics": ("Calendrier de toutes les réservations du réseau", "iCalendar"),
    "calendrier/disponibilites.json": ("Disponibilités de tout le matériel, par périodes de jours au même état", "JSON"),
}


def _size(length: int) -> str:
    return f"{fr_number(length / 1000, 1)}\u00a0ko" if length >= 1000 else f"{length}\u00a0octets"


def files(ctx: SiteContext) -> list[OutputFile]:
    """Every open-data file of the export, under donnees/."""
    return [OutputFile(f"{FOLDER}/{name}", content) for name, content in open_data_files(ctx.dataset, ctx.build_time).items()]


def _describe(ctx: SiteContext, path: str) -> tuple[str, str]:
    name = path[len(FOLDER) + 1:]
    if name in DESCRIPTIONS:
        return DESCRIPTIONS[name]
    for item in sorted_items(ctx):
        if path == item_feed(item, "ics"):
            return f"Calendrier des réservations : {item.name}", "iCalendar"
        if path == item_feed(item, "json"):
            return f"Disponibilités par périodes : {item.name}", "JSON"
    return name, name.rsplit(".", 1)[-1].upper()


def index_page(ctx: SiteContext, downloads: list[OutputFile]) -> OutputFile:
    rows: list[dict[str, Any]] = []
    for download in sorted(downloads, key=lambda output: output.path):
        description, kind = _describe(ctx, download.path)
        rows.append({"name": download.path[len(FOLDER) + 1:], "href": link(INDEX, download.path),
                     "description": description, "format": kind, "size": _size(len(download.content))})
    intro = ("# Données ouvertes\n\n"
             "Les données publiques du réseau, réutilisables librement. L'annuaire des lieux suit le "
             "standard national des lieux de médiation numérique : il peut rejoindre la cartographie "
             "nationale. Les cellules qu'un tableur prendrait pour une formule commencent par une "
             "apostrophe. Aucune donnée personnelle n'est publiée : seulement des organisations et des "
             "adresses fonctionnelles.")
    return page(INDEX, "Données ouvertes", intro, render("open_data", files=rows))
