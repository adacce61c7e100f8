"""What a member meets on the sample site, in a real Chromium: the dates-first search and the
month grid (from the published JSON), calendars that start this month with their legend
above and a subscription to copy, the places directory (text search, « ouvert le », map
first, clustering, a word when tiles fail) and the place page's weekly hours."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.availability import item_days
from generator.model import Dataset
from generator.pipeline import validate
from generator.render.context import SiteContext
from generator.render.places import access_modes, search_text, weekly_hours
from generator.render.request import lendable_items, requestable_windows

from sitetools import DEMO_TODAY, visit_page
from test_request_form import captures_dir, is_png

TODAY = date.fromisoformat(DEMO_TODAY)


@pytest.fixture(scope="module")
def ctx(sample_copy: Path) -> SiteContext:
    dataset = validate(sample_copy, TODAY).dataset
    assert dataset.network is not None
    return SiteContext(dataset, dataset.network, datetime(2026, 4, 15, tzinfo=timezone.utc))


def requestable_on(ctx: SiteContext, first: date, last: date) -> set[str]:
    return {item.id for item in lendable_items(ctx)
            if any(start <= first and last <= end for start, end in requestable_windows(ctx, item))}


def test_dates_first_search_lists_the_items_requestable_on_every_day(browser: Any, sample_url: str,
                                                                    ctx: SiteContext, tmp_path: Path) -> None:
    first, last = date(2026, 6, 8), date(2026, 6, 12)  # « a VR kit in June »
    expected = requestable_on(ctx, first, last)
    assert 0 < len(expected) < len(lendable_items(ctx))  # the sample makes the answer tell something
    record = visit_page(browser, sample_url, "disponibilites/", clock=TODAY)
    page = record.page
    page.wait_for_selector("#recherche-dates:not([hidden])")
    page.fill("#recherche-du", first.isoformat())
    page.fill("#recherche-au", last.isoformat())
    page.press("#recherche-au", "Enter")  # the keyboard is enough
    page.wait_for_selector("#recherche-resultat li")
    names = {item.name: item.id for item in lendable_items(ctx)}
    found = page.locator("#recherche-resultat li > a:first-child").all_inner_texts()
    assert {names[name] for name in found} == expected
    for href in page.locator("#recherche-resultat li > a:nth-of-type(2)").evaluate_all("els => els.map(e => e.href)"):
        query = parse_qs(urlsplit(href).query)
        assert query["debut"] == [first.isoformat()] and query["fin"] == [last.isoformat()]
        assert query["template"] == ["demande-de-pret.yml"] and query["materiel"][0] in expected
    captures = captures_dir(tmp_path / "captures")
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.add_style_tag(content=".md-header { position: static !important; }")  # not over the capture
    page.locator("#recherche").screenshot(path=str(captures / "recherche-par-dates.png"))
    assert is_png(captures / "recherche-par-dates.png")
    # Too early: the notice is explained, nothing is listed.
    page.fill("#recherche-du", TODAY.isoformat())
    page.fill("#recherche-au", (TODAY + timedelta(days=1)).isoformat())
    page.click("#recherche-dates button")
    assert "préavis" in page.locator("#recherche-resultat").inner_text()
    assert page.locator("#recherche-resultat li").count() == 0
    assert record.errors == [] and record.foreign == []
    page.context.close()


GRID_STATE = {"ferme": "fermé (week-end, jour férié)", "reserve": "réservé", "departement": "réservé",
              "demande": "demandé", "maintenance": "indisponible (maintenance, hors service)",
              "hors_service": "indisponible (maintenance, hors service)"}


def test_month_grid_shows_every_item_and_day_in_words(browser: Any, sample_url: str, ctx: SiteContext) -> None:
    record = visit_page(browser, sample_url, "disponibilites/", clock=TODAY)
    page = record.page
    page.wait_for_selector("#grille-bloc:not([hidden])")
    region = page.locator("#grille-defilement")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    page.click("#grille-apres")  # next month: May
    assert "mai 2026" in page.locator("#grille-titre").inner_text()
    rows = page.locator("#grille-table tbody tr")
    items = lendable_items(ctx)
    assert rows.locator("th").all_inner_texts() == [item.name for item in items]
    windows = {item.id: requestable_windows(ctx, item) for item in items}
    for index, item in enumerate(items):
        cells = rows.nth(index).locator("td .tna-sr").all_inner_texts()
        days = item_days(ctx.dataset, item.id, date(2026, 5, 1), date(2026, 5, 31))
        assert len(cells) == len(days) == 31
        for day, text in zip(days, cells):
            if day.state.value in GRID_STATE:
                assert text == GRID_STATE[day.state.value], (item.id, day.day)
            elif any(start <= day.day <= end for start, end in windows[item.id]):
                assert text == "libre et demandable", (item.id, day.day)
            else:
                assert text in ("libre mais trop tôt (préavis)", "rotation (entretien entre deux prêts)"), (item.id, day.day)
    page.context.close()


def test_calendar_starts_this_month_with_legend_anchors_and_subscription(browser: Any, sample_url: str,
                                                                          ctx: SiteContext) -> None:
    item = lendable_items(ctx)[0]
    record = visit_page(browser, sample_url, f"disponibilites/{item.id}/")
    page = record.page
    captions = page.locator("table.tna-mois caption").all_inner_texts()
    assert captions[0] == "Avril 2026" and len(captions) == 7
    order = page.evaluate("""() => {
      const legend = document.getElementById('legende'), grid = document.querySelector('table.tna-mois');
      return !!(legend.compareDocumentPosition(grid) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert order  # the legend comes before the months
    anchors = page.locator("nav[aria-label='Mois du calendrier'] a")
    assert anchors.count() == 7
    anchors.nth(2).click()
    assert page.evaluate("location.hash") == "#mois-2026-06"
    address = f"https://exemple.github.io/reseau-tna/donnees/calendrier/{item.id}.ics"
    assert page.get_attribute("a[href^='webcal:']", "href") == "webcal://" + address.removeprefix("https://")
    assert page.input_value(f"#adresse-{item.id}") == address
    assert page.locator("button.tna-copier").is_visible()
    how_to = page.locator("ul.tna-mode-emploi li").all_inner_texts()
    assert [line.split(" ")[0] for line in how_to] == ["Thunderbird", "Outlook", "Google"]
    page.context.close()


def test_month_tables_drawn_in_the_browser_say_each_day_as_the_rules_do(browser: Any, sample_url: str,
                                                                         ctx: SiteContext) -> None:
    """mois.js draws the month tables from the page's data: every day of every item's calendar
    has the state, the words and the title the availability sweep gives it, and today is marked."""
    from generator.availability import PAST_LABEL
    from generator.render.calendars import SHORT_LABELS, shown_range

    first, last = shown_range(TODAY)
    page = browser.new_page()
    for item_id in sorted(ctx.dataset.equipment):
        page.goto(f"{sample_url}disponibilites/{item_id}/")
        drawn = page.evaluate("""() => [...document.querySelectorAll('table.tna-mois td.tna-jour')].map(td => [
            td.dataset.date, td.dataset.etat, td.title, td.querySelector('.tna-jour__etat').textContent,
            td.querySelector('.tna-jour__num').textContent, td.getAttribute('aria-current'),
            td.closest('table').id])""")
        expected = [[day.day.isoformat(), day.state.value, day.label,
                     PAST_LABEL if day.label == PAST_LABEL else SHORT_LABELS[day.state], str(day.day.day),
                     "date" if day.day == TODAY else None, f"mois-{day.day.year}-{day.day.month:02d}"]
                    for day in item_days(ctx.dataset, item_id, first, last)]
        assert drawn == expected, item_id
        weeks = page.evaluate("""() => [...document.querySelectorAll('table.tna-mois tbody tr')]
            .map(row => [...row.cells].map(td => td.dataset.date ? new Date(td.dataset.date).getUTCDay() : null))""")
        for week in weeks:  # Monday to Sunday, blank cells only outside the month
            assert len(week) == 7
            assert [day for day in week if day is not None] == [(index + 1) % 7 for index, day in enumerate(week)
                                                                if day is not None]
        assert page.locator(".tna-sans-js").count() == 0
    page.close()


def test_a_link_to_one_month_reaches_its_drawn_table(browser: Any, sample_url: str, ctx: SiteContext) -> None:
    item = lendable_items(ctx)[0]
    page = browser.new_page(viewport={"width": 1280, "height": 700})
    page.goto(f"{sample_url}disponibilites/{item.id}/#mois-2026-08")
    page.wait_for_function("window.scrollY > 0")
    top = page.evaluate("document.getElementById('mois-2026-08').getBoundingClientRect().top")
    assert 0 <= top < 200
    page.close()


def test_without_javascript_the_calendar_is_its_list_of_periods(browser: Any, sample_url: str,
                                                               ctx: SiteContext) -> None:
    """The month tables need JavaScript; without it the page says so and its list of periods,
    written by the generator, tells the same bookings."""
    loan = next(loan for loan in sorted(ctx.dataset.loans, key=lambda loan: loan.id)
                if loan.status == "accepte" and loan.start >= TODAY)
    item_id = loan.item_ids[0]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_url}disponibilites/{item_id}/")
    assert page.locator("table.tna-mois").count() == 0
    assert "s'affiche avec JavaScript" in page.locator("#mois-bloc").inner_text()
    listed = page.locator(f'ul.tna-periodes li[data-debut="{loan.start.isoformat()}"]')
    assert listed.count() == 1 and ctx.dataset.members[loan.borrower].name in listed.inner_text()
    context.close()


def test_every_feed_says_how_often_to_refresh(sample_site: Path) -> None:
    feeds = sorted((sample_site / "donnees" / "calendrier").glob("*.ics"))
    assert len(feeds) == len(validate_count(sample_site)) + 1
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in text and "X-PUBLISHED-TTL:PT12H" in text, feed


def validate_count(sample_site: Path) -> list[Path]:
    return sorted((sample_site / "materiel").glob("*/index.html"))


def test_places_search_by_text_and_open_day(browser: Any, sample_url: str, ctx: SiteContext) -> None:
    places = ctx.dataset.places
    record = visit_page(browser, sample_url, "lieux/")
    page = record.page
    order = page.evaluate("""() => !!(document.getElementById('carte-lieux')
        .compareDocumentPosition(document.getElementById('table-lieux')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    assert order  # the map first
    visible = page.locator("#table-lieux tbody tr:visible th")
    some = sorted(places.values(), key=lambda place: place.id)[0]
    for query in (some.postcode, some.commune.upper()[:5], some.services[0].lower()):
        page.fill("#filtre-texte", query)
        words = search_text_of(query)
        expected = sorted(p.name for p in places.values() if all(word in search_text(p) for word in words))
        assert sorted(visible.all_inner_texts()) == expected, query
        assert some.name in expected
    page.fill("#filtre-texte", "")
    sunday = sorted(p.name for p in places.values() if weekly_hours(ctx, p)[6][2])
    page.select_option("#filtre-jour", "6")
    assert sorted(visible.all_inner_texts()) == sunday and len(sunday) < len(places)
    page.wait_for_selector("#carte-lieux[data-marqueurs]")
    on_map = (page.get_attribute("#carte-lieux", "data-lieux-affiches") or "").split()
    assert sorted(places[place_id].name for place_id in on_map) == sunday
    communes = page.locator("#filtre-commune option").all_inner_texts()[1:]
    assert communes == sorted(communes, key=lambda name: re.sub("[éèê]", "e", name).lower())
    page.context.close()


def search_text_of(query: str) -> list[str]:
    """The words of a query as the page compares them: lower case, without accents."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", query.casefold()) if not unicodedata.combining(c))
    return bare.split()


def test_map_says_when_tiles_cannot_load(browser: Any, sample_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.rstrip("/").endswith("/lieux"):
            body = request_route.fetch().text().replace('data-tuiles=""',
                                                        'data-tuiles="https://tuiles.invalid/{z}/{x}/{y}.png"')
            request_route.fulfill(body=body, content_type="text/html; charset=utf-8")
        elif url.startswith(sample_url):
            request_route.continue_()
        else:
            request_route.abort()  # no tile server: every tile fails

    page.route("**/*", route)
    page.goto(sample_url + "lieux/", wait_until="networkidle")
    page.wait_for_function("document.getElementById('carte-message').textContent.includes('fond de carte')")
    assert "n'a pas pu être chargé" in page.locator("#carte-message").inner_text()
    context.close()


def test_place_page_has_its_week_a_small_map_and_only_usable_contacts(browser: Any, sample_url: str,
                                                                      ctx: SiteContext) -> None:
    with_hours = [p for p in sorted(ctx.dataset.places.values(), key=lambda p: p.id) if p.opening_hours]
    no_phone = [p for p in with_hours
                if "Téléphoner" in (p.fields.get("modalites_acces") or []) and not p.fields.get("telephone")]
    place = (no_phone or with_hours)[0]
    if no_phone:
        assert "Téléphoner" not in access_modes(place)
    record = visit_page(browser, sample_url, f"lieux/{place.id}/")
    page = record.page
    week = page.locator("table:has(caption:text('semaine habituelle')) tbody tr")
    assert week.locator("th").all_inner_texts() == ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi",
                                                    "Dimanche"]
    assert week.locator("td").all_inner_texts() == [text for _name, text, _open in weekly_hours(ctx, place)]
    page.wait_for_selector("#carte-lieu[data-marqueurs='1']")
    if "Téléphoner" in (place.fields.get("modalites_acces") or []) and not place.fields.get("telephone"):
        assert "Téléphoner" not in page.locator("article").inner_text()
    page.context.close()


def test_one_count_of_lendable_items(sample_site: Path, ctx: SiteContext) -> None:
    lendable = len(lendable_items(ctx))
    assert lendable < len(ctx.dataset.equipment)  # the sample has a retired item: it is not « à emprunter »
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    catalogue = (sample_site / "materiel" / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{lendable}</strong> matériels à emprunter" in home
    assert f"<caption>{lendable} matériels à emprunter</caption>" in catalogue
    text = re.sub(r"<[^>]+>", "", home + catalogue)
    assert re.findall(r"(\d+) matériels? à emprunter", text) == [str(lendable)] * 2


def test_without_javascript_the_search_leads_to_each_item_calendar(browser: Any, sample_url: str,
                                                                   ctx: SiteContext) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + "disponibilites/")
    assert page.locator(".tna-sans-js").is_visible()
    assert not page.locator("#recherche-dates").is_visible() and not page.locator("#grille-bloc").is_visible()
    links = page.locator(".tna-dispo-index tbody th a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert sorted(links) == sorted(f"{item_id}/" for item_id in ctx.dataset.equipment)
    context.close()


def test_rules_have_a_table_of_contents_and_every_page_a_french_footer(sample_site: Path) -> None:
    from generator.rules import RULES

    rules = (sample_site / "regles" / "index.html").read_text(encoding="utf-8")
    toc = re.findall(r'href="#(regle-[a-z0-9-]+)" class="md-nav__link"', rules)
    assert sorted(set(toc)) == sorted(f"regle-{rule.ID}" for rule in RULES)
    missing = "/404.html"
    not_found = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in not_found and "404 - Not found" not in not_found, missing
    assert all(f'/reseau-tna/{target}"' in not_found for target in ("lieux/", "materiel/", "disponibilites/"))
    for page in sorted(sample_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "Made with" not in text, page
        assert "Accessibilité : non conforme</a>" in text and "Mentions légales</a>" in text, page
        assert 'href="#contenu"' in text and 'id="contenu"' in text, page
