"""The open-data page and its files: the national-standard directory, GeoJSON, JSON and iCalendar."""

from __future__ import annotations

from typing import Any

from ..export import open_data_files
from .catalogue import item_feed, sorted_items
from .context import SiteContext
from .hours import french_date
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


LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
NATIONAL_SCHEMA_URL = "https://github.com/LaMednum/standard-mediation-num"
# A search on data.gouv.fr: the national data sets of places follow this standard.
NATIONAL_DATASET_URL = "https://www.data.gouv.fr/fr/datasets/?q=lieux%20de%20m%C3%A9diation%20num%C3%A9rique"


def _size(length: int) -> str:
    return f"{fr_number(length / 1000, 1)}\u00a0ko" if length >= 1000 else f"{length}\u00a0octets"


def files(ctx: SiteContext) -> list[OutputFile]:
    """Every open-data file of the export, under donnees/."""
    return [OutputFile(f"{FOLDER}/{name}", content) for name, content in open_data_files(ctx.dataset, ctx.build_time).items()]


def _item_files(ctx: SiteContext) -> dict[str, tuple[str, str]]:
    """Each item's calendar and availability files: their description and format, by path."""
    described: dict[str, tuple[str, str]] = {}
    for item in sorted_items(ctx):
        described.setdefault(item_feed(item, "ics"), (f"Calendrier des réservations : {item.name}", "iCalendar"))
        described.setdefault(item_feed(item, "json"), (f"Disponibilités par périodes : {item.name}", "JSON"))
    return described


def _describe(path: str, item_files: dict[str, tuple[str, str]]) -> tuple[str, str]:
    name = path[len(FOLDER) + 1:]
    if name in DESCRIPTIONS:
        return DESCRIPTIONS[name]
    if path in item_files:
        return item_files[path]
    return name, name.rsplit(".", 1)[-1].upper()


def _rows(ctx: SiteContext, downloads: list[OutputFile]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    item_files = _item_files(ctx)
    for download in downloads:
        description, kind = _describe(download.path, item_files)
        rows.append({"name": download.path[len(FOLDER) + 1:], "href": link(INDEX, download.path),
                     "description": description, "format": kind, "size": _size(len(download.content))})
    return rows


def index_page(ctx: SiteContext, downloads: list[OutputFile]) -> OutputFile:
    """Main data sets first (in the order of DESCRIPTIONS), then one calendar per item."""
    order = {f"{FOLDER}/{name}": rank for rank, name in enumerate(DESCRIPTIONS)}
    main = sorted((d for d in downloads if d.path in order), key=lambda d: order[d.path])
    others = sorted((d for d in downloads if d.path not in order), key=lambda d: d.path)
    repository = (ctx.network.repository_url or "").rstrip("/")
    block = render("open_data.html.j2", main=_rows(ctx, main), others=_rows(ctx, others), licence=LICENCE_URL,
                   national_schema=NATIONAL_SCHEMA_URL, national_dataset=NATIONAL_DATASET_URL,
                   schemas=f"{repository}/tree/{ctx.network.repository_branch}/schemas" if repository else None,
                   updated=french_date(ctx.build_time.date()), updated_iso=ctx.build_time.date().isoformat(),
                   today=french_date(ctx.today))
    return page(INDEX, "donnees.md.j2", title="Données ouvertes", files=block)
