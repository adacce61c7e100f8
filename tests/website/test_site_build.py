"""``tna build`` end to end: escaping of every text from data, reproducible bytes, nothing
personal, refusal of invalid data, the rules and indicators pages, the feeds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from ical.calendar_stream import IcsCalendarStream

from factory import item, loan, member, network, place, write_dataset
from generator.pipeline import validate
from generator.rules import RULES

from sitetools import DEMO_TODAY, ROOT, run_build, serve, visit_page

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = "<img src=x onerror=window.__pwned=2>"
MARKDOWN = "*a* _b_ [c](https://x.invalid) |d| `e` &amp; #f"
PAYLOAD = SCRIPT + IMAGE + MARKDOWN  # 101 characters


def hostile_dataset(root: Path) -> Path:
    """A small valid data set with the payload in every free-text field of a place, an item, a loan."""
    hostile_place = place("lieu-hostile", nom="Lieu " + PAYLOAD, adresse=PAYLOAD, commune=PAYLOAD[:100],
                          complement_adresse=PAYLOAD, presentation_resume=PAYLOAD, presentation_detail=PAYLOAD,
                          autres_formations_labels=[PAYLOAD])
    hostile_member = member("mairie-a", nom="Membre " + PAYLOAD, lieux=[hostile_place])
    hostile_item = item("kit-vr", nom="Kit " + PAYLOAD, description=PAYLOAD,
                        composants=[{"id": "valise", "nom": PAYLOAD}, {"id": "casque", "nom": "Casque"}])
    hostile_loan = loan("pret-a", lieu="lieu-hostile", objet=PAYLOAD)
    hostile_network = network(nom="Réseau " + PAYLOAD, departement={"nom": "Département " + PAYLOAD, "code": "50"},
                              site={"depot": "https://github.com/exemple/reseau-tna"})  # the request form too
    return write_dataset(root, network_data=hostile_network, members=[hostile_member], equipment=[hostile_item],
                         loans=[hostile_loan])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data_dir = hostile_dataset(root)
    outcome = validate(data_dir, date.fromisoformat(DEMO_TODAY))
    assert outcome.errors == [], outcome.errors
    result = run_build(data_dir, root / "site", root / "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_payload_never_reaches_a_page_as_markup(hostile_site: Path) -> None:
    checked = 0
    for page in html_files(hostile_site):
        text = page.read_text(encoding="utf-8")
        assert "window.__pwned=1</script>" not in text, page
        assert "<img src=x" not in text, page
        assert 'href="https://x.invalid"' not in text, page
        assert "<em>a</em>" not in text and "<em>b</em>" not in text, page
        checked += "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
    assert checked >= 4  # the payload is shown, escaped, on the place, item, calendar and list pages


@pytest.mark.parametrize("path", ["", "lieux/", "lieux/lieu-hostile/", "materiel/", "materiel/kit-vr/",
                                  "disponibilites/", "disponibilites/kit-vr/", "donnees/"])
def test_payload_renders_as_text_and_never_runs(browser: Any, hostile_site: Path, path: str) -> None:
    server, url = serve(hostile_site)
    try:
        record = visit_page(browser, url, path)
        page = record.page
        assert page.evaluate("window.__pwned") is None
        if path in ("lieux/lieu-hostile/", "materiel/kit-vr/"):
            heading = page.locator("article h1").first.inner_text()
            assert heading.endswith(PAYLOAD)
            assert page.title().startswith(heading)
        assert page.locator(".md-header__topic").first.inner_text().strip() == "Réseau " + PAYLOAD
        if path == "lieux/lieu-hostile/":
            body = page.locator("article").inner_text()
            assert body.count(PAYLOAD) >= 4  # summary, detail, address, labels
            assert "Membre " + PAYLOAD in body
        if path == "disponibilites/kit-vr/":
            assert "Membre " + PAYLOAD in page.locator("li[data-debut='2026-05-04']").inner_text()
        assert record.errors == [] and record.foreign == []
        page.context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_search_results_show_the_payload_as_text(browser: Any, hostile_site: Path) -> None:
    server, url = serve(hostile_site)
    try:
        record = visit_page(browser, url, "")
        page = record.page
        page.locator("label.md-search__icon, .md-search__input").first.click()
        page.locator("input.md-search__input").press_sequentially("onerror", delay=30)
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        page.wait_for_timeout(300)
        assert SCRIPT in page.locator(".md-search-result__item").first.inner_text()
        assert page.evaluate("window.__pwned") is None
        assert record.errors == []
        page.context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_two_builds_of_the_same_data_are_identical(sample_copy: Path, sample_site: Path,
                                                   tmp_path: Path) -> None:
    result = run_build(sample_copy, tmp_path / "site", tmp_path / "build")
    assert result.returncode == 0, result.stderr
    first = {path.relative_to(sample_site): path.read_bytes() for path in sample_site.rglob("*") if path.is_file()}
    second = {path.relative_to(tmp_path / "site"): path.read_bytes()
              for path in (tmp_path / "site").rglob("*") if path.is_file()}
    assert sorted(first) == sorted(second)
    assert [str(name) for name in sorted(first) if first[name] != second[name]] == []
    assert len(first) > 100


def _logins_and_people(data_dir: Path) -> set[str]:
    """Every login and referent name of the data (what must never be published)."""
    found: set[str] = set()
    network = yaml.safe_load((data_dir / "reseau.yaml").read_text(encoding="utf-8"))
    found.update(network["equipe"])
    for path in (data_dir / "members").glob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.update(record.get("demandeurs", []))
        found.update(referent["nom"] for referent in record.get("referents", []))
    for path in (data_dir / "loans").rglob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        found.update(str(record[key]) for key in ("demande_par",) if record.get(key))
        for key in ("validation", "refus", "annulation", "derogation", "etat_retrait", "etat_restitution"):
            if isinstance(record.get(key), dict) and record[key].get("par"):
                found.add(record[key]["par"])
    return found


def _published_ids(data_dir: Path) -> set[str]:
    """Ids of places, members, items and loans: they are public and a login may equal one."""
    dataset = validate(data_dir, date.fromisoformat(DEMO_TODAY)).dataset
    return set(dataset.places) | set(dataset.members) | set(dataset.equipment) | {entry.id for entry in dataset.loans}


def test_nothing_personal_is_published(sample_copy: Path, sample_site: Path) -> None:
    secrets = _logins_and_people(sample_copy) - _published_ids(sample_copy)
    assert len(secrets) > 5
    patterns = {secret: re.compile(r"(?<![\w-])" + re.escape(secret) + r"(?![\w-])") for secret in secrets}
    leaks = []
    for path in sample_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".geojson", ".ics", ".svg", ".xml"):
            text = path.read_text(encoding="utf-8")
            leaks += [(str(path.relative_to(sample_site)), secret) for secret, pattern in patterns.items()
                      if pattern.search(text)]
    assert leaks == []


def test_rules_page_lists_every_rule_of_the_registry(sample_site: Path) -> None:
    text = (sample_site / "regles" / "index.html").read_text(encoding="utf-8")
    for rule in RULES:
        assert f'id="regle-{rule.ID}"' in text
        assert f"<code>{rule.ID}</code>" in text
        assert rule.ARTICLE.replace("'", "&#39;") in text


def test_rules_link_and_quote_their_article_of_the_convention_page(sample_site: Path) -> None:
    rules = (sample_site / "regles" / "index.html").read_text(encoding="utf-8")
    convention = (sample_site / "convention" / "index.html").read_text(encoding="utf-8")
    assert "P002_2025" in convention
    linked = set(re.findall(r'href="\.\./convention/#([a-z0-9-]+)"', rules))
    assert linked >= {"article-4-3-a", "article-4-3-b", "article-9", "article-5", "article-8"}
    for anchor in linked:
        assert f'id="{anchor}"' in convention, anchor
    duration = rules.split('id="regle-duree-max"')[1].split("</section>")[0]
    assert "<blockquote>" in duration and "limité à 30 jours par période de prêt" in duration


def test_indicator_charts_have_text_and_tables(sample_site: Path) -> None:
    pages = sorted((sample_site / "bilan").glob("*/index.html"))
    assert len(pages) >= 3  # at least a year and its half-years
    images = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for section in re.findall(r'<section class="tna-graphique".*?</section>', text, re.S):
            assert "<table>" in section and "<th scope=\"col\">" in section
            for src, alt in re.findall(r'<img src="([^"]+)" alt="([^"]*)"', section):
                images += 1
                assert alt.startswith("Diagramme en barres")
                assert (page.parent / src).resolve().is_file()
    assert images > 0


def test_item_feed_linked_from_its_page_parses_and_holds_its_bookings(sample_site: Path,
                                                                     sample_copy: Path) -> None:
    dataset = validate(sample_copy, date.fromisoformat(DEMO_TODAY)).dataset
    booked = next(entry for entry in dataset.loans if entry.status in ("accepte", "retire") and entry.item_ids)
    item_id = booked.item_ids[0]
    page = (sample_site / "materiel" / item_id / "index.html").read_text(encoding="utf-8")
    href = re.search(r'<a href="([^"]+\.ics)"', page)
    assert href
    feed = (sample_site / "materiel" / item_id / href.group(1)).resolve()
    calendar = IcsCalendarStream.calendar_from_ics(feed.read_text(encoding="utf-8"))
    uids = {event.uid for event in calendar.events}
    assert any(uid.startswith(f"{booked.id}-{item_id}@") for uid in uids)


def test_invalid_data_builds_nothing(tmp_path: Path) -> None:
    data_dir = write_dataset(tmp_path, loans=[loan("pret-a", debut="2026-13-45")])
    result = run_build(data_dir, tmp_path / "site", tmp_path / "build")
    assert result.returncode == 1
    assert "site non construit" in result.stderr
    assert "erreur" in result.stdout
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "build").exists()


def test_missing_leaflet_is_explained_in_french(tmp_path: Path, data_dir: Path) -> None:
    project = tmp_path / "projet"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")  # a project where « npm ci » never ran
    result = run_build(data_dir, tmp_path / "site", tmp_path / "build", config=project / "mkdocs.yml")
    assert result.returncode == 1
    assert "Leaflet est introuvable" in result.stderr and "npm ci" in result.stderr
    assert not (tmp_path / "site").exists()


def test_calendar_grids_stay_out_of_the_search_index(sample_site: Path) -> None:
    """The month tables (thousands of cells on a large network) are not indexed; the
    list of periods above them, which says the same in sentences, is."""
    index = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    calendars = [doc for doc in index["docs"] if doc["location"].startswith("disponibilites/")
                 and doc["location"] != "disponibilites/"]
    assert calendars
    texts = " ".join(doc["text"] for doc in calendars)
    assert "lun." not in texts and "dim." not in texts  # the grids' column headings
    assert any(doc["title"] == "Réservations et indisponibilités" for doc in calendars)


def test_a_late_return_is_shown_and_does_not_stop_the_publication(sample_copy: Path, tmp_path: Path) -> None:
    """A week after the last day of the drone loan of the sample, its return is still not recorded."""
    record = yaml.safe_load((sample_copy / "loans" / "2026" / "2026-villedieu-drone-biodiversite.yaml")
                            .read_text(encoding="utf-8"))
    assert (record["statut"], str(record["fin"]), record["materiel"]) == ("retire", "2026-04-17",
                                                                         ["drone-prises-de-vue"])
    result = run_build(sample_copy, tmp_path / "site", tmp_path / "build", today="2026-04-24")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "[retard-restitution]" in result.stderr and "situation(s) à traiter" in result.stderr
    page = (tmp_path / "site" / "materiel" / "drone-prises-de-vue" / "index.html").read_text(encoding="utf-8")
    assert "Pas encore restitué :" in page and "devait revenir le\n17 avril 2026" in page
    other = (tmp_path / "site" / "materiel" / "camera-360" / "index.html").read_text(encoding="utf-8")
    assert "Pas encore restitué" not in other
    # The daily check still reports it loudly (exit 1), naming the article.
    check = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--data", str(sample_copy),
                            "--today", "2026-04-24"], capture_output=True, text=True, check=False)
    assert check.returncode == 1
    assert "[retard-restitution] Art. 4.3 c)" in check.stdout
