"""One list of top-level pages (generator/render/navigation.py) gives the site's menu and the home page's links."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from generator import agreement
from generator.render import bilan, calendars, catalogue, home, navigation, opendata, places, rules_page
from generator.render.markup import page_dir
from sitetools import ROOT


def test_the_project_config_holds_no_copy_of_the_menu() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "nav" not in config


def test_the_build_writes_the_menu_of_the_list(sample_site: Path) -> None:
    built = yaml.safe_load((sample_site.parent / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert built["nav"] == navigation.nav()
    assert [next(iter(entry)) for entry in built["nav"]][:2] == ["Accueil", "Lieux"]
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    menu = [html.unescape(title).strip() for title in re.findall(r'class="md-ellipsis">\s*([^<]+?)\s*<', home)]
    positions = [menu.index(page.menu) for page in navigation.PAGES]
    assert positions == sorted(positions)
    for page in navigation.PAGES:
        assert (sample_site / page_dir(page.path) / "index.html").is_file(), page.path


def test_the_home_page_links_every_listed_page_in_order(sample_site: Path) -> None:
    text = (sample_site.parent / "build" / "docs" / "index.md").read_text(encoding="utf-8")
    listed = text.split("## Sur ce site\n\n", 1)[1].splitlines()
    assert listed == [f"- [{page.link}]({page.path}) : {page.description}" for page in navigation.home_links()]
    assert [page.menu for page in navigation.home_links()] == [
        page.menu for page in navigation.PAGES if page.menu not in ("Accueil", "Convention")]
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    for page in navigation.home_links():
        assert f'<a href="{page_dir(page.path)}">{html.escape(page.link, quote=False)}</a>' in home, page.path


def test_the_list_names_the_pages_the_modules_write() -> None:
    assert [page.path for page in navigation.PAGES] == [
        home.HOME, places.INDEX, catalogue.INDEX, calendars.INDEX, home.BORROW, rules_page.PATH, agreement.PAGE,
        bilan.INDEX, opendata.INDEX, home.ACCESSIBILITY]
