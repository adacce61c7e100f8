"""The public site: pages and assets generated into a build folder, then built by MkDocs.

Stages: :func:`generate` turns the validated dataset into files (pure: Markdown pages
with escaped HTML fragments, SVG charts, open data, feeds); :mod:`.build` is the edge
that reads the hand-written ``docs/`` and Leaflet, writes the build folder and runs a
real ``mkdocs build``. No MkDocs plugin or hook produces a page.
"""

from __future__ import annotations

from .. import agreement
from . import bilan, calendars, catalogue, home, opendata, places, rules_page
from .context import SiteContext
from .markup import OutputFile

# Hand-written pages of docs/ the generator reads: it completes the first three; the rules page quotes the agreement.
COMPLETED_PAGES = (home.HOME, home.BORROW, home.ACCESSIBILITY, agreement.PAGE)


class SiteError(Exception):
    """A problem that stops the build, with a French message for the user."""


def _check_unique(files: list[OutputFile]) -> None:
    seen: set[str] = set()
    for output in files:
        if output.path in seen:
            raise SiteError(f"deux fichiers du site auraient le même chemin « {output.path} » : "
                            "renommez l'identifiant du matériel ou du lieu concerné.")
        seen.add(output.path)


def generate(ctx: SiteContext, hand_written: dict[str, str]) -> list[OutputFile]:
    """Every generated file of the build folder, by path relative to the docs root, sorted.

    ``hand_written`` holds the texts of docs/ that the generator completes (home, how to
    borrow, accessibility statement) or quotes (the agreement), by file name.
    """
    files: list[OutputFile] = [home.home_page(ctx, hand_written.get(home.HOME, "")),
                               home.borrow_page(ctx, hand_written.get(home.BORROW, "")),
                               home.accessibility_page(ctx, hand_written.get(home.ACCESSIBILITY, "")),
                               rules_page.rules_page(hand_written.get(agreement.PAGE, ""))]
    files += places.pages(ctx)
    files += catalogue.pages(ctx)
    files += calendars.pages(ctx)
    files += bilan.pages(ctx)
    files += opendata.files(ctx)
    downloads = [output for output in files
                 if output.path.startswith(opendata.FOLDER + "/") and not output.path.endswith(".md")]
    files.append(opendata.index_page(ctx, downloads))
    _check_unique(files)
    return sorted(files, key=lambda output: output.path)


__all__ = ["COMPLETED_PAGES", "OutputFile", "SiteContext", "SiteError", "generate"]
