"""The rules page, generated from the rule registry so that it cannot drift from the code.

A rule's docstring is its user documentation: the first paragraph is the title, the
next ones are paragraphs or « - » lists, and text between backticks is shown as code.
Everything is escaped by the template.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from .. import agreement
from ..rules import RULES
from ..rules import RuleModule
from .markup import OutputFile, markdown_heading, page, render

PATH = "regles.md"
CODE = re.compile(r"``?([^`]+)``?")


def spans(text: str) -> list[tuple[bool, str]]:
    """Text cut into (is_code, piece) around backticks."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for match in CODE.finditer(text):
        if match.start() > position:
            pieces.append((False, text[position:match.start()]))
        pieces.append((True, match.group(1)))
        position = match.end()
    if position < len(text):
        pieces.append((False, text[position:]))
    return pieces


def _list_items(chunk: str) -> list[str]:
    items: list[str] = []
    for line in chunk.splitlines():
        stripped = line.strip()
        if stripped.startswith(("- ", "* ")):
            items.append(stripped[2:])
        elif items:
            items[-1] += " " + stripped
    return items


def blocks(doc: str) -> list[dict[str, Any]]:
    """Paragraphs and lists of a docstring, each as spans."""
    result: list[dict[str, Any]] = []
    for chunk in (part for part in doc.split("\n\n") if part.strip()):
        first = chunk.strip().splitlines()[0].lstrip()
        if first.startswith(("- ", "* ")):
            result.append({"list": [spans(item) for item in _list_items(chunk)]})
        else:
            result.append({"text": spans(" ".join(line.strip() for line in chunk.splitlines()))})
    return result


def _articles(article: str, convention: str) -> list[dict[str, Any]]:
    """The articles a rule enforces, each with its link on the Convention page and its quoted text."""
    texts, headings = agreement.sections(convention), agreement.titles(convention)
    return [{"label": f"Art. {reference.label}", "href": "../" + reference.url(),
             "title": headings.get(reference.anchor, ""), "blocks": blocks(texts.get(reference.anchor, ""))}
            for reference in agreement.references(article)]


def _rule(rule: RuleModule, convention: str) -> dict[str, Any]:
    parts = blocks(inspect.cleandoc(rule.__doc__ or ""))
    title = "".join(piece for _, piece in parts[0]["text"]).rstrip(".") if parts and "text" in parts[0] else rule.ID
    articles = _articles(rule.ARTICLE, convention)
    return {"id": rule.ID, "article": rule.ARTICLE, "href": articles[0]["href"] if articles else "",
            "articles": articles, "title": title, "blocks": parts[1:]}


def rules_page(convention: str = "") -> OutputFile:
    """The page; ``convention`` is the text of docs/convention.md, whose articles each rule quotes."""
    rules = [{"heading": markdown_heading(2, rule["title"], f"regle-{rule['id']}"),
              "body": render("rules.html.j2", rule=rule)}
             for rule in (_rule(rule, convention) for rule in RULES)]
    return page(PATH, "regles.md.j2", title="Règles de la convention", rules=rules)
