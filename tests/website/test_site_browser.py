"""The sample site in a real headless Chromium: map markers, list filtering, a known booking on its
calendar (console errors, foreign requests and axe-core: test_every_page_type.py, on these pages too)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from generator.availability import item_days
from generator.model import Dataset, Loan
from generator.pipeline import validate
from generator.render.calendars import shown_range

from sitetools import DEMO_TODAY, Visit, visit_page as visit

@pytest.fixture(scope="module")
def dataset(sample_copy: Path) -> Dataset:
    return validate(sample_copy, date.fromisoformat(DEMO_TODAY)).dataset


def close(record: Visit) -> None:
    record.page.context.close()


def first_place_id(dataset: Dataset) -> str:
    return sorted(dataset.places)[0]


def shown_booking(dataset: Dataset) -> Loan:
    """A confirmed member loan of the sample inside the calendar's window (the test needs one)."""
    first, last = shown_range(dataset.today)
    for loan in dataset.loans:
        if loan.status in ("accepte", "retire") and not loan.by_departement and first < loan.start and loan.end <= last:
            return loan
    pytest.fail("the sample has no accepted loan within the calendar window: the test cannot check it")


def pages_to_check(dataset: Dataset) -> list[str]:
    """Pages checked for console errors, foreign requests and axe by test_every_page_type.py."""
    item_id = sorted(dataset.equipment)[0]
    booked_item = shown_booking(dataset).item_ids[0]
    return ["", "lieux/", f"lieux/{first_place_id(dataset)}/", f"materiel/{item_id}/", "disponibilites/",
            f"disponibilites/{booked_item}/", "bilan/", f"bilan/{dataset.today.year - 1}/"]


def test_map_has_one_marker_per_place(browser: Any, sample_url: str, sample_site: Path, dataset: Dataset) -> None:
    geojson = json.loads((sample_site / "donnees" / "lieux.geojson").read_text(encoding="utf-8"))
    located = [feature for feature in geojson["features"] if feature["geometry"]["coordinates"]]
    assert len(located) == len(dataset.places)
    record = visit(browser, sample_url, "lieux/")
    page = record.page
    page.wait_for_selector("#carte-lieux[data-marqueurs]")
    shown = (page.get_attribute("#carte-lieux", "data-lieux-affiches") or "").split()
    assert shown == sorted(dataset.places)
    # Leaflet.markercluster groups close places: a cluster's number counts its markers.
    single = page.locator("#carte-lieux .leaflet-marker-icon:not(.marker-cluster)")
    clusters = page.locator("#carte-lieux .marker-cluster")
    assert clusters.count() >= 1
    assert single.count() + sum(int(text) for text in clusters.all_inner_texts()) == len(dataset.places)
    titles = set(single.evaluate_all("els => els.map(e => e.title)"))
    assert titles <= {place.name for place in dataset.places.values()}
    assert page.locator("#carte-lieux .leaflet-tile").count() == 0
    assert record.foreign == []
    close(record)


def test_places_table_is_complete_and_filters_by_commune_and_service(browser: Any, sample_url: str,
                                                                     sample_site: Path, dataset: Dataset) -> None:
    html = (sample_site / "lieux" / "index.html").read_text(encoding="utf-8")
    assert html.count("<tr data-id=") == len(dataset.places)  # the whole table without JavaScript
    communes = sorted({place.commune for place in dataset.places.values()})
    commune = max(communes, key=lambda name: sum(p.commune == name for p in dataset.places.values()))
    record = visit(browser, sample_url, "lieux/")
    page = record.page
    rows = page.locator("#table-lieux tbody tr")
    assert rows.count() == len(dataset.places)
    page.select_option("#filtre-commune", commune)
    visible = page.locator("#table-lieux tbody tr:visible")
    expected = sorted(p.name for p in dataset.places.values() if p.commune == commune)
    assert sorted(visible.locator("th").all_inner_texts()) == expected
    assert page.locator("#filtre-resultat").inner_text().startswith(str(len(expected)))
    page.wait_for_selector("#carte-lieux[data-marqueurs]")
    on_map = (page.get_attribute("#carte-lieux", "data-lieux-affiches") or "").split()
    assert sorted(dataset.places[place_id].name for place_id in on_map) == expected  # the map follows the filter
    page.select_option("#filtre-commune", "")
    service = sorted({s for p in dataset.places.values() for s in p.services})[0]
    page.select_option("#filtre-service", service)
    expected = sorted(p.name for p in dataset.places.values() if service in p.services)
    assert sorted(visible.locator("th").all_inner_texts()) == expected
    assert 0 < len(expected) < len(dataset.places)
    close(record)


def test_known_booking_shows_on_its_days_of_its_item_calendar(browser: Any, sample_url: str,
                                                              dataset: Dataset) -> None:
    loan = shown_booking(dataset)
    item_id = loan.item_ids[0]
    borrower = dataset.members[loan.borrower].name
    record = visit(browser, sample_url, f"disponibilites/{item_id}/")
    page = record.page
    day = loan.start
    while day <= loan.end:
        cell = page.locator(f'td[data-date="{day.isoformat()}"]')
        assert cell.get_attribute("data-etat") == "reserve", day
        assert "Réservé" in cell.inner_text()
        assert borrower in (cell.get_attribute("title") or "")
        day += timedelta(days=1)
    before = loan.start - timedelta(days=1)
    expected_before = item_days(dataset, item_id, before, before)[0]
    assert expected_before.loan_id != loan.id
    assert page.locator(f'td[data-date="{before.isoformat()}"]').get_attribute("data-etat") == expected_before.state.value
    period = page.locator(f'li[data-debut="{loan.start.isoformat()}"]')
    assert period.count() >= 1 and borrower in period.first.inner_text()
    other = next(item for item in sorted(dataset.equipment) if item not in loan.item_ids)
    other_days = {day.day: day for day in item_days(dataset, other, loan.start, loan.end)}
    other_page = visit(browser, sample_url, f"disponibilites/{other}/").page
    for day, expected in other_days.items():
        assert other_page.locator(f'td[data-date="{day.isoformat()}"]').get_attribute("data-etat") == expected.state.value
    other_page.context.close()
    close(record)
