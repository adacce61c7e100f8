"""The build edge: read docs/ and Leaflet, write the build folder, run ``mkdocs build``.

Layout: the hand-written ``docs/`` is copied into ``<build>/docs``, the generated files
are written over it, and ``<build>/mkdocs.yml`` inherits the project's ``mkdocs.yml``
(built-in ``INHERIT``) with ``docs_dir`` pointed at that folder and the menu (``nav``)
of :mod:`.navigation`. MkDocs then runs in a subprocess, with ``SOURCE_DATE_EPOCH`` set
to the build time so that the sitemap and the feeds carry the same date.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model import Network
from . import SiteError, navigation
from .markup import OutputFile

LEAFLET_TARGET = "assets/leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "leaflet.js.map")
CLUSTER_TARGET = "assets/leaflet.markercluster"
CLUSTER_FILES = ("leaflet.markercluster.js", "leaflet.markercluster.js.map", "MarkerCluster.css",
                 "MarkerCluster.Default.css")


@dataclass(frozen=True)
class Layout:
    """Where things are: the project's config, its hand-written docs, the build and site folders."""

    config: Path
    docs_source: Path
    build_dir: Path
    site_dir: Path
    leaflet_dir: Path

    @property
    def cluster_dir(self) -> Path:
        return self.leaflet_dir.parent.parent / "leaflet.markercluster" / "dist"

    @property
    def theme_overrides(self) -> Path:
        """Templates that replace parts of Material's (French footer, 404 page)."""
        return self.config.parent / "overrides"

    @property
    def build_docs(self) -> Path:
        return self.build_dir / "docs"

    @property
    def build_config(self) -> Path:
        return self.build_dir / "mkdocs.yml"


def layout(config: Path, build_dir: Path, site_dir: Path) -> Layout:
    root = config.resolve().parent
    return Layout(config=config.resolve(), docs_source=root / "docs", build_dir=build_dir.resolve(),
                  site_dir=site_dir.resolve(), leaflet_dir=root / "node_modules" / "leaflet" / "dist")


def check_sources(paths: Layout) -> None:
    if not paths.config.is_file():
        raise SiteError(f"la configuration du site « {paths.config} » est introuvable : passez --configuration.")
    if not (paths.leaflet_dir / "leaflet.js").is_file():
        raise SiteError(f"Leaflet est introuvable dans {paths.leaflet_dir} : lancez « npm ci » à la racine "
                        "du dépôt (make site le fait).")
    if not (paths.cluster_dir / "leaflet.markercluster.js").is_file():
        raise SiteError(f"Leaflet.markercluster est introuvable dans {paths.cluster_dir} : lancez « npm ci » "
                        "à la racine du dépôt (make site le fait).")
    if paths.build_docs.resolve() == paths.docs_source.resolve():
        raise SiteError("le dossier de construction ne peut pas être le dossier docs/ lui-même.")


def read_page(paths: Layout, name: str) -> str:
    """A hand-written page of docs/ that the generator completes (empty if absent)."""
    source = paths.docs_source / name
    return source.read_text(encoding="utf-8") if source.is_file() else ""


def leaflet_files(paths: Layout) -> list[OutputFile]:
    """Leaflet's script, style sheet and marker images, copied from node_modules (never a CDN)."""
    chosen = [paths.leaflet_dir / name for name in LEAFLET_FILES if (paths.leaflet_dir / name).is_file()]
    chosen += sorted((paths.leaflet_dir / "images").glob("*.png"))
    files = [OutputFile(f"{LEAFLET_TARGET}/{source.relative_to(paths.leaflet_dir).as_posix()}", source.read_bytes())
             for source in chosen]
    files += [OutputFile(f"{CLUSTER_TARGET}/{name}", (paths.cluster_dir / name).read_bytes())
              for name in CLUSTER_FILES if (paths.cluster_dir / name).is_file()]
    return files


def config_overrides(network: Network) -> dict[str, str]:
    """What reseau.yaml decides in the MkDocs config: the site's name, description and address.

    The theme prints these without escaping, so they are HTML-escaped here; an address with
    a quote or an angle bracket is left out rather than written into every page.
    """
    description = f"Lieux de médiation numérique, matériel mutualisé et prêts du réseau — {network.department_name}."
    values = {"site_name": html.escape(network.name), "site_description": html.escape(description)}
    if network.site_url and network.site_url.startswith("https://") and not set("\"'<>` ") & set(network.site_url):
        values["site_url"] = network.site_url
    return values


def write_build(paths: Layout, files: list[OutputFile], overrides: dict[str, str]) -> None:
    """Replace ``<build>/docs`` by docs/ plus the generated files, and write the inheriting config."""
    if paths.build_docs.exists():
        shutil.rmtree(paths.build_docs)
    if paths.docs_source.is_dir():
        shutil.copytree(paths.docs_source, paths.build_docs)
    for output in files:
        target = paths.build_docs / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.content)
    paths.build_config.write_text(
        "# Écrit par « tna build » : ne pas modifier (voir le mkdocs.yml du projet).\n"
        f"INHERIT: {paths.config.as_posix()}\n"
        "docs_dir: docs\n"
        + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in sorted(overrides.items()))
        + "nav:\n"
        + "".join(f"  - {json.dumps(title, ensure_ascii=False)}: {json.dumps(path, ensure_ascii=False)}\n"
                  for entry in navigation.nav() for title, path in entry.items())
        + (f"theme:\n  custom_dir: {json.dumps(paths.theme_overrides.as_posix())}\n"
           if paths.theme_overrides.is_dir() else ""),
        encoding="utf-8")


def run_mkdocs(paths: Layout, stamp: datetime, strict: bool) -> tuple[bool, str]:
    """A real ``mkdocs build`` in a subprocess; returns success and MkDocs' own output."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--config-file", str(paths.build_config),
               "--site-dir", str(paths.site_dir)]
    if strict:
        command.append("--strict")
    environ = dict(os.environ, SOURCE_DATE_EPOCH=str(int(stamp.timestamp())))
    result = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)
    return result.returncode == 0, (result.stdout + result.stderr).strip()
