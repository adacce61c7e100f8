"""The rule registry: ids, articles, user documentation, and one invalid case per rule."""

from __future__ import annotations

import copy
import re
from datetime import date
from pathlib import Path
from typing import Callable

import pytest

from factory import TODAY, check, condition_check, item, loan, member, request, write_dataset

from generator.rules import RULES, rule_by_id

# Rules that come from no single article of the agreement.
WITHOUT_ARTICLE = {"references", "cycle-de-vie"}
PICKUP = condition_check("2026-05-04T09:00")

Builder = Callable[[Path], tuple[Path, date]]


def loans(*records: dict, **sets) -> Builder:
    """A builder writing the default data set plus ``records`` (and any other ``sets``), checked at TODAY."""
    def build(tmp_path: Path) -> tuple[Path, date]:
        return write_dataset(tmp_path, loans=copy.deepcopy(list(records)), **copy.deepcopy(sets)), TODAY
    return build


def at(today: date, builder: Builder) -> Builder:
    return lambda tmp_path: (builder(tmp_path)[0], today)


def departement(**overrides) -> dict:
    data = loan("dep-salon", emprunteur="departement", objet="Démonstrations au salon départemental.", **overrides)
    del data["lieu"], data["demande_par"]
    return data


def returned(back: str) -> dict:
    """A returned loan whose casque came back in the state ``back``."""
    return loan(statut="restitue", etat_retrait=PICKUP,
                etat_restitution=condition_check("2026-05-15T16:00", casque=back))


DRONE = item("drone", categorie="drone", exigences=["formation_telepilote"])

# One minimal invalid data set per rule: the rule must report at least one finding on it.
INVALID_CASES: dict[str, Builder] = {
    "references": loans(loan(materiel=["inconnu"])),
    "type-membre": loans(members=[member(siret="21500502000011")]),
    "convention-en-vigueur": loans(loan(), members=[member(convention={"signature": "2023-05-15"})]),
    "preavis-avenant": at(date(2027, 12, 1), loans()),
    "assurance": loans(loan(), members=[member(assurance={"assureur": "Assureur", "fin": "2026-05-10"})]),
    "objet-et-periode": loans(loan(objet="à compléter")),
    "duree-max": loans(loan(fin="2026-06-03", restitution="2026-06-03T16:00")),
    "priorite-departement": loans(loan(), departement()),
    "double-reservation": loans(loan(), loan("pret-b")),
    "creneaux": loans(loan(retrait="2026-05-04T07:00")),
    "delai-prevenance": loans(request(demande_le="2026-04-30")),
    "retard-restitution": at(date(2026, 5, 20), loans(loan(statut="retire", etat_retrait=PICKUP))),
    "materiel-disponible": loans(loan(), equipment=[item(etat="maintenance", etat_depuis="2026-04-01")]),
    "exigences": loans(loan(materiel=["drone"]), equipment=[item(), DRONE]),
    "etat-des-lieux": loans(loan(statut="retire")),
    "dates-retrait-restitution": loans(loan(statut="retire", etat_retrait=dict(PICKUP, date="2026-04-12T10:00"))),
    "signalement-degats": loans(returned("abime")),
    "bilan": at(date(2026, 6, 15), loans(returned("bon"))),
    "cycle-de-vie": loans(request(refus={"par": "agent-dep", "le": "2026-04-03", "motif": "Matériel indisponible."})),
    "validation-perimee": loans({**loan(), "fin": "2026-05-14", "restitution": "2026-05-14T16:00"}),
}


def test_ids_are_unique_and_every_rule_has_an_invalid_case():
    ids = [rule.ID for rule in RULES]
    assert len(ids) == len(set(ids)) == 20
    assert set(ids) == set(INVALID_CASES)
    assert all(rule_by_id(rule_id).ID == rule_id for rule_id in ids)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_every_rule_cites_its_article(rule):
    if rule.ID in WITHOUT_ARTICLE:
        assert rule.ARTICLE == ""
    else:
        assert re.fullmatch(r"Art\. \d+(\.\d+)?( [a-d]\))?( et (\d+|[a-d]\)))?", rule.ARTICLE), rule.ARTICLE


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.ID)
def test_every_rule_is_documented_in_french(rule):
    doc = (rule.__doc__ or "").strip()
    title, _, body = doc.partition("\n\n")
    assert "À écrire" not in doc and "squelette" not in doc
    assert title and not title.endswith(":") and "\n" not in title
    assert len(body.split()) >= 40, f"{rule.ID}: the rules page needs more than a title"
    french_words = {"le", "la", "les", "un", "une", "des", "du", "est", "et", "pour"}
    assert len(french_words & set(re.findall(r"\w+", body.lower()))) >= 5


@pytest.mark.parametrize("rule_id", sorted(INVALID_CASES))
def test_every_rule_fires_on_its_invalid_case(tmp_path, rule_id):
    data_dir, today = INVALID_CASES[rule_id](tmp_path)
    reported = {finding.rule for finding in check(data_dir, today).findings}
    assert rule_id in reported


def test_rules_skip_what_earlier_stages_reported(tmp_path):
    """No network settings, an unknown borrower and an unknown item: only the earlier stages speak."""
    broken_network = {"nom": "Réseau sans règles"}
    stray = loan(emprunteur="inconnu", materiel=["kit-vr", "absent"], statut="retire", etat_retrait=PICKUP,
                 fin="2026-07-15", restitution="2026-07-15T16:00")
    data_dir = write_dataset(tmp_path, network_data=broken_network, loans=[copy.deepcopy(stray)])
    reported = {finding.rule for finding in check(data_dir, date(2026, 8, 1)).findings}
    assert {"schema", "references"} <= reported
    own_rules = {"type-membre", "convention-en-vigueur", "preavis-avenant", "assurance", "exigences",
                 "etat-des-lieux", "signalement-degats", "bilan", "cycle-de-vie"}
    assert reported & own_rules == set()
