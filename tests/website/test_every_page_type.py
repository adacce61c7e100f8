"""Every page type of the sample site at 320, 390 and 1280 px in a real Chromium: no axe-core
violation of any tag (best practices included), no horizontal scroll (WCAG 1.4.10 reflow),
and a skip link, first in the tab order, that lands on the main content."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from generator.model import Dataset
from generator.pipeline import validate

from sitetools import DEMO_TODAY, serve, visit_page
from test_site_browser import pages_to_check

WIDTHS = (320, 390, 1280)


@pytest.fixture(scope="module")
def dataset(sample_copy: Path) -> Dataset:
    return validate(sample_copy, date.fromisoformat(DEMO_TODAY)).dataset


@pytest.fixture(scope="module")
def site_url(sample_site: Path, dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site served under the path of its public address (site.url), as GitHub Pages does:
    the 404 page links its assets from there."""
    assert dataset.network is not None and dataset.network.site_url
    prefix = dataset.network.site_url.split("/", 3)[3].strip("/")
    root = tmp_path_factory.mktemp("mounted")
    (root / prefix).symlink_to(sample_site, target_is_directory=True)
    server, url = serve(root)
    yield f"{url}{prefix}/"
    server.shutdown()
    server.server_close()


def page_types(dataset: Dataset) -> list[str]:
    """One page of each type (and the widest of its type where it matters)."""
    item = sorted(dataset.equipment)[0]
    place = max(dataset.places.values(), key=lambda place: len(place.fields)).id
    years = sorted({loan.start.year for loan in dataset.loans})
    return ["", "lieux/", f"lieux/{place}/", "materiel/", f"materiel/{item}/", "disponibilites/",
            f"disponibilites/{item}/", "emprunter/", "regles/", "bilan/", f"bilan/{years[0]}/",
            f"bilan/{years[0]}-s1/", "donnees/", "accessibilite/", "mentions-legales/", "404.html"]


def overflow(page: Any) -> list[str]:
    """The document's extra width, and the elements that stick out of the viewport."""
    return page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      const found = [];
      if (document.documentElement.scrollWidth > width) {
        found.push('document ' + document.documentElement.scrollWidth + ' > ' + width);
        for (const element of document.querySelectorAll('body *')) {
          const box = element.getBoundingClientRect();
          if (box.width && box.right > width + 1 && getComputedStyle(element).visibility !== 'hidden') {
            found.push(element.tagName.toLowerCase() + '.' + element.className + ' ' + Math.round(box.right));
            if (found.length > 6) break;
          }
        }
      }
      return found;
    }""")


def skip_link_problem(page: Any) -> str | None:
    page.keyboard.press("Tab")
    first = page.evaluate("() => { const a = document.activeElement; return [a.tagName, a.getAttribute('href'), a.textContent.trim()]; }")
    if first[0] != "A" or not (first[1] or "").startswith("#") or "contenu" not in first[2].lower():
        return f"first tab stop is not a skip link: {first}"
    page.keyboard.press("Enter")
    lands = page.evaluate("""() => {
      const target = document.getElementById(location.hash.slice(1));
      return !!target && !!target.closest('main') && !!target.querySelector('h1')
             && (document.activeElement === target || target.contains(document.activeElement));
    }""")
    return None if lands else f"the skip link {first[1]} does not land on the main content"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type(browser: Any, site_url: str, dataset: Dataset, width: int) -> None:
    axe = Axe()
    problems: dict[str, Any] = {}
    for path in dict.fromkeys(page_types(dataset) + pages_to_check(dataset)):
        record = visit_page(browser, site_url, path, width=width)
        page = record.page
        results = axe.run(page, options={"resultTypes": ["violations"]})
        found: dict[str, Any] = {}
        violations = [(violation["id"], [node["target"] for node in violation["nodes"]][:3])
                      for violation in results.response["violations"]]
        if violations:
            found["axe"] = violations
        wide = overflow(page)
        if wide:
            found["overflow"] = wide
        skip = skip_link_problem(page)
        if skip:
            found["skip"] = skip
        if record.errors or record.foreign:
            found["console"], found["foreign"] = record.errors, record.foreign
        if found:
            problems[path or "/"] = found
        page.context.close()
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
