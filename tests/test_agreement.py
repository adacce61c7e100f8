"""The agreement is a page of the site: every rule's article has its anchor there, with its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.agreement import Reference, references, sections, titles
from generator.findings import error
from generator.rules import RULES

PAGE = (Path(__file__).resolve().parent.parent / "docs" / "convention.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("article", "expected"), [
    ("Art. 4.3 a)", [Reference("4.3 a)", "article-4-3-a")]),
    ("Art. 5 et 8", [Reference("5", "article-5"), Reference("8", "article-8")]),
    ("Art. 4.1", [Reference("4.1", "article-4-1")]),
    ("Art. 9", [Reference("9", "article-9")]),
    ("", []),
])
def test_articles_as_people_write_them_give_their_anchors(article: str, expected: list[Reference]) -> None:
    assert references(article) == expected


def test_every_rule_article_has_its_anchored_text_on_the_convention_page() -> None:
    texts = sections(PAGE)
    checked = 0
    for rule in RULES:
        for reference in references(rule.ARTICLE):
            assert texts.get(reference.anchor), f"{rule.ID} : {reference.anchor} absent de docs/convention.md"
            checked += 1
        assert bool(rule.ARTICLE) == bool(references(rule.ARTICLE)), rule.ID
    assert checked >= len([rule for rule in RULES if rule.ARTICLE])


def test_the_page_holds_the_agreement_and_names_its_source() -> None:
    texts, headings = sections(PAGE), titles(PAGE)
    assert "P002_2025" in PAGE
    assert [f"article-{n}" for n in range(1, 11)] == [anchor for anchor in headings if anchor.count("-") == 1]
    assert "limité à 30 jours par période de prêt" in texts["article-4-3-a"]
    assert "Le Département reste prioritaire" in texts["article-4-3-b"]
    assert "trois mois avant la date de validité" in texts["article-9"]
    # 4.3 stops at its first lettered paragraph: the rules page quotes only what the rule applies.
    assert "30 jours" not in texts["article-4-3"]


def test_a_finding_links_its_article_to_the_page() -> None:
    finding = error("data/x.yaml", 1, 1, "duree-max", "Art. 4.3 a)", "trop long")
    assert finding.article_path() == "convention/#article-4-3-a"
    assert finding.as_dict()["article_lien"] == "convention/#article-4-3-a"
