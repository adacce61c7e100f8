"""« Demander ce matériel » in a real Chromium: from an item page to the site's request form
(« Emprunter », the item ticked), a requestable window of the item, the form filled as a
member would, both generated links read back, and the YAML of the web-editor link saved as
a file of a copy of the sample, which ``tna validate`` accepts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from generator.model import Dataset
from generator.pipeline import validate
from generator.requests import LoanRequest, file_text, loan_id

from sitetools import DEMO_TODAY, ROOT, visit_page

TODAY = date.fromisoformat(DEMO_TODAY)


@pytest.fixture(scope="module")
def dataset(sample_copy: Path) -> Dataset:
    return validate(sample_copy, TODAY).dataset


def chosen(dataset: Dataset) -> tuple[str, str, str]:
    """An item without requirement, and a member in good standing with one of its places
    (the borrower of an accepted loan of the sample)."""
    item_id = next(item.id for item in sorted(dataset.equipment.values(), key=lambda item: item.id)
                   if item.state == "disponible" and not item.requirements)
    loan = next(loan for loan in dataset.loans if loan.status == "accepte" and not loan.by_departement)
    member = dataset.members[loan.borrower]
    return item_id, member.id, member.places[0].id


def captures_dir(fallback: Path) -> Path:
    """Where the screenshots named in the README go: ``TNA_CAPTURES`` (``make captures`` sets
    build/captures), else a temporary folder, so that every test run takes them."""
    folder = os.environ.get("TNA_CAPTURES")
    path = Path(folder) if folder else fallback
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_png(path: Path) -> bool:
    return path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


def fill_form(page: Any, dataset: Dataset, item_id: str, member_id: str,
              place_id: str) -> tuple[date, date, str, str]:
    """From an item page, « Demander ce matériel » to the request form, filled with the first
    requestable days of the item and the first and last open slots; returns the days and the
    slots (the purpose and login are left)."""
    network = dataset.network
    assert network is not None
    page.click("a.tna-demander")
    page.wait_for_url("**/emprunter/?materiel=*")
    assert page.evaluate("location.hash") == "#demande"
    assert page.evaluate("new URLSearchParams(location.search).get('materiel')") == item_id
    page.wait_for_function("document.getElementById('demande-materiel-%s').checked" % item_id)
    data = page.evaluate("JSON.parse(document.getElementById('donnees-demande').textContent)")
    windows = next(entry["fenetres"] for entry in data["materiel"] if entry["id"] == item_id)
    assert windows, "the sample item has no requestable window: the test cannot pick one"
    first = date.fromisoformat(windows[0][0])
    window_last = date.fromisoformat(windows[0][1])
    last = min(window_last, first + timedelta(days=6))
    while not network.is_working_day(last):
        last -= timedelta(days=1)
    assert first <= last

    page.select_option("#demande-membre", member_id)
    page.select_option("#demande-lieu", place_id)
    assert page.locator(f"#demande-materiel-{item_id}").is_checked()
    page.fill("#demande-debut", first.isoformat())
    page.fill("#demande-fin", last.isoformat())
    pickup = page.locator("#demande-retrait option:not([disabled]):not([value=''])").first.get_attribute("value")
    giveback = page.locator("#demande-restitution option:not([disabled]):not([value=''])").last.get_attribute("value")
    assert pickup and giveback
    page.select_option("#demande-retrait", pickup)
    page.select_option("#demande-restitution", giveback)
    return first, last, pickup, giveback


def test_request_form_builds_both_links_and_a_valid_file(browser: Any, sample_url: str, sample_copy: Path,
                                                         dataset: Dataset, tmp_path: Path) -> None:
    item_id, member_id, place_id = chosen(dataset)
    record = visit_page(browser, sample_url, f"materiel/{item_id}/", clock=TODAY)
    page = record.page
    first, last, pickup, giveback = fill_form(page, dataset, item_id, member_id, place_id)
    purpose = "Ateliers « découverte » pour les seniors : 4 séances, 2 heures chacune."
    page.fill("#demande-objet", purpose)
    requester = sorted(dataset.members[member_id].requesters)[0]
    page.fill("#demande-login", requester)
    page.click("#form-demande button[type=submit]")
    page.wait_for_selector("#demande-resultat:not([hidden])")
    assert page.locator("#demande-erreurs").inner_text() == ""
    assert page.evaluate("document.activeElement.id") == "demande-prete"

    ticket = urlsplit(page.get_attribute("#demande-lien-ticket", "href") or "")
    assert (ticket.scheme, ticket.netloc, ticket.path) == ("https", "github.com", "/exemple/reseau-tna/issues/new")
    fields = {key: values[0] for key, values in parse_qs(ticket.query).items()}
    assert fields["template"] == "demande-de-pret.yml"
    assert {key: fields[key] for key in ("membre", "lieu", "materiel", "debut", "fin", "retrait", "restitution",
                                         "objet")} == {
        "membre": member_id, "lieu": place_id, "materiel": item_id, "debut": first.isoformat(),
        "fin": last.isoformat(), "retrait": pickup, "restitution": giveback, "objet": purpose}
    form_ids = {field["id"] for field in yaml.safe_load(
        (ROOT / ".github" / "ISSUE_TEMPLATE" / "demande-de-pret.yml").read_text(encoding="utf-8"))["body"]
        if "id" in field}
    assert set(fields) - {"template", "title"} <= form_ids

    editor = urlsplit(page.get_attribute("#demande-lien-fichier", "href") or "")
    assert (editor.netloc, editor.path) == ("github.com", "/exemple/reseau-tna/new/main")
    query = {key: values[0] for key, values in parse_qs(editor.query).items()}
    assert query["filename"].startswith(f"data/loans/{first.year}/") and query["filename"].endswith(".yaml")
    text = query["value"]
    assert page.locator("#demande-yaml").text_content() == text
    record_fields = yaml.safe_load(text)
    assert record_fields["materiel"] == [item_id] and record_fields["demande_par"] == requester
    assert record_fields["objet"] == purpose and record_fields["statut"] == "demande"

    captures = captures_dir(tmp_path / "captures")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.add_style_tag(content=".md-header { position: static !important; }")  # not over the capture
    page.locator("#demande").screenshot(path=str(captures / "demande-de-pret.png"))
    assert is_png(captures / "demande-de-pret.png")
    page.context.close()

    data_dir = tmp_path / "data"
    shutil.copytree(sample_copy, data_dir)
    target = data_dir / query["filename"].removeprefix("data/")
    assert not target.exists()
    target.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "validate", "--data", str(data_dir),
                             "--today", DEMO_TODAY], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    about_it = [line for line in (result.stdout + result.stderr).splitlines() if record_fields["id"] in line]
    assert all(": avertissement [" in line for line in about_it), about_it  # warnings (a known breakdown) only


# Purposes a person may type, and a login: each one the form must write as generator/requests.py
# does (plain, single- or double-quoted, escaped), spaces folded as every tool folds them.
PURPOSES = (
    "Ateliers « découverte » pour les seniors : 4 séances, 2 heures chacune.",
    "Ateliers d'initiation au numérique pour les familles, le mercredi",
    "Atelier : l'initiation au montage vidéo",
    "  Plusieurs   espaces\tune tabulation\net un retour à la ligne  ",
    "\u00a0Espace insécable en tête et\u2003cadratin au milieu",
    "# pas un commentaire, vraiment",
    "Réunion #2 du club numérique",
    "Réunion#2 du club numérique, suite",
    "- tiret en tête de l'objet",
    "-tiret collé en tête",
    "1234567890", "1_000_000", "12:30:45", "0o12345670", "1e5", ".5", "2026-05-04", "0x1F",
    "true", "True", "yes", "on", "Oui", "null", "~", "=", "<<",
    "\"Guillemets\" en tête de l'objet",
    "\"Guillemets\" en tête sans apostrophe",
    "Barre \\ oblique et \"guillemets\" : l'essai",
    "Atelier 🎉 : fête de la science",
    "Zéro\ufeffsans chasse : essai",
    "objet: deux-points collé:ok",
    "se termine par deux-points:",
    "---début de document",
    "...points de suspension en tête",
    "? une question en tête",
    "?question collée",
    ": deux-points en tête",
    "%pourcentage", "@arobase", "`accent grave", "!important", "&esperluette", "*étoile", "|barre",
    ">supérieur", "[crochet", "{accolade", ",virgule", "'apostrophe en tête",
    "liste a, b [c] {d} au milieu",
)


def test_the_form_writes_the_file_requests_py_writes(browser: Any, sample_url: str, dataset: Dataset) -> None:
    """Byte for byte: the YAML the form shows (and puts in the web-editor link) is the text of
    ``generator.requests.file_text`` for the same request, whatever the purpose says."""
    item_id, member_id, place_id = chosen(dataset)
    record = visit_page(browser, sample_url, f"materiel/{item_id}/", clock=TODAY)
    page = record.page
    first, last, pickup, giveback = fill_form(page, dataset, item_id, member_id, place_id)
    taken = {loan.id for loan in dataset.loans}
    for login in ("2024", sorted(dataset.members[member_id].requesters)[0]):
        page.fill("#demande-login", login)
        for purpose in PURPOSES:
            page.fill("#demande-objet", purpose)
            page.evaluate("document.getElementById('demande-yaml').textContent = ''")
            page.click("#form-demande button[type=submit]")
            page.wait_for_function("document.getElementById('demande-yaml').textContent !== ''")
            shown = page.locator("#demande-yaml").text_content()
            editor = parse_qs(urlsplit(page.get_attribute("#demande-lien-fichier", "href") or "").query)
            request = LoanRequest(member_id, place_id, (item_id,), first, last, f"{first.isoformat()}T{pickup}",
                                  f"{last.isoformat()}T{giveback}", " ".join(purpose.split()), None, TODAY, login)
            expected = file_text(request, loan_id(request, taken))
            assert (shown, editor["value"][0]) == (expected, expected), purpose
    assert record.errors == [] and record.foreign == []
    page.context.close()


def test_without_javascript_the_button_opens_the_issue_form_with_the_item(browser: Any, sample_url: str,
                                                                          dataset: Dataset) -> None:
    item_id, _member, _place = chosen(dataset)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_url}materiel/{item_id}/")
    href = page.get_attribute("a.tna-demander", "href") or ""
    target = urlsplit(href)
    assert (target.netloc, target.path) == ("github.com", "/exemple/reseau-tna/issues/new")
    query = parse_qs(target.query)
    assert query["template"] == ["demande-de-pret.yml"] and query["materiel"] == [item_id]
    assert page.locator("#form-demande").count() == 0  # the form is on « Emprunter » only
    page.goto(f"{sample_url}emprunter/")
    form = page.locator("#form-demande")
    assert form.get_attribute("action") == "https://github.com/exemple/reseau-tna/issues/new"
    assert form.get_attribute("method") == "get"
    names = set(form.locator("[name]").evaluate_all("els => els.map(e => e.name)"))
    assert names == {"template", "membre", "lieu", "materiel", "debut", "fin", "retrait",
                     "restitution", "objet", "referent"}
    context.close()
