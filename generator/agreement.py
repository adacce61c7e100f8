"""The articles of the cooperation agreement: their anchors on the site's page and their text.

The agreement is a page of the site, ``docs/convention.md``; each article's heading has
an anchor (``{#article-4-3-a}``). A rule names its article as people write it
(``Art. 4.3 a)``, ``Art. 5 et 8``); :func:`references` turns that into the anchors, and
:func:`sections` reads the text of each anchored section, which the rules page quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PAGE = "convention.md"
# Where the page is published, relative to the site root (MkDocs' directory URLs).
SITE_PATH = "convention/"

_PIECE = re.compile(r"([0-9]+)(?:\.([0-9]+))?(?:\s*([a-z])\))?")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*\{#([a-z0-9-]+)\}\s*$")


@dataclass(frozen=True)
class Reference:
    """One article named by a rule: its label (« 4.3 a) ») and its anchor (``article-4-3-a``)."""

    label: str
    anchor: str

    def url(self, site_root: str = "") -> str:
        """The article on the site: ``{site_root}convention/#article-4-3-a``."""
        return f"{site_root}{SITE_PATH}#{self.anchor}"


def references(article: str) -> list[Reference]:
    """The articles of ``Art. 4.3 a)`` or ``Art. 5 et 8``; [] for no article."""
    text = article.strip()
    if text.startswith("Art."):
        text = text[len("Art."):]
    found: list[Reference] = []
    for piece in re.split(r"\s*(?:,|\bet\b)\s*", text.strip()):
        match = _PIECE.fullmatch(piece.strip())
        if not match:
            continue
        number, sub, letter = match.groups()
        parts = [number] + ([sub] if sub else []) + ([letter] if letter else [])
        label = number + (f".{sub}" if sub else "") + (f" {letter})" if letter else "")
        found.append(Reference(label, "article-" + "-".join(parts)))
    return found


def sections(markdown: str) -> dict[str, str]:
    """The text of every anchored section of the page, by anchor: from its heading to the next heading."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = _HEADING.match(line)
            current = found.setdefault(heading.group(2), []) if heading else None
            continue
        if current is not None:
            current.append(line)
    return {anchor: "\n".join(lines).strip() for anchor, lines in found.items()}


def titles(markdown: str) -> dict[str, str]:
    """The heading of every anchored section, by anchor."""
    return {match.group(2): match.group(1) for match in map(_HEADING.match, markdown.splitlines()) if match}
