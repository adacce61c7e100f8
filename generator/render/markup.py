"""Safe writing of pages: every text that comes from data goes through Jinja2 with autoescape.

Generated pages are Markdown files whose data-bearing parts are raw HTML blocks
rendered here (Python-Markdown leaves raw HTML blocks alone, so ``*``, ``[`` or
``|`` in a name stay text, and ``<``/``&`` are escaped by Jinja2). Static headings
and prose may be Markdown. The page title goes into the front matter HTML-escaped,
because the theme prints ``page.meta.title`` without escaping.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from dataclasses import dataclass

from jinja2 import DictLoader, Environment, StrictUndefined, select_autoescape

from . import templates


@dataclass(frozen=True)
class OutputFile:
    """A file of the build folder: its path relative to the docs root, and its bytes."""

    path: str
    content: bytes


def text_file(path: str, text: str) -> OutputFile:
    return OutputFile(path, text.encode("utf-8"))


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=DictLoader(templates.TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fr_number"] = fr_number
    return env


def render(template: str, **values: object) -> str:
    """A template of :mod:`templates`; blank lines are dropped so Markdown sees one HTML block."""
    rendered = environment().get_template(template).render(**values)
    return "\n".join(line for line in rendered.splitlines() if line.strip()) + "\n"


def page(path: str, title: str, *blocks: str) -> OutputFile:
    """A Markdown page: escaped title in the front matter, then blocks separated by blank lines."""
    front = f"---\ntitle: {json.dumps(html.escape(title), ensure_ascii=False)}\n---\n\n"
    return text_file(path, front + "\n".join(block.rstrip("\n") + "\n" for block in blocks if block))


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>&"


def markdown_heading(level: int, text: str, anchor: str) -> str:
    """A Markdown heading whose text stays text (every Markdown and HTML character escaped)."""
    escaped = "".join(f"&#{ord(char)};" if char in _MARKDOWN_SPECIALS else char for char in " ".join(text.split()))
    return f"{'#' * level} {escaped} {{#{anchor}}}\n"


def page_dir(md_path: str) -> str:
    """The folder a page is served from (``use_directory_urls``): lieux/x.md → lieux/x/."""
    stem = md_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def link(from_page: str, target: str) -> str:
    """Relative URL from a page to another page (``.md``) or a file of the build folder."""
    base = page_dir(from_page) or "."
    if target.endswith(".md"):
        destination = page_dir(target) or "."
        relative = posixpath.relpath(destination, base)
        return "./" if relative == "." else relative + "/"
    return posixpath.relpath(target, base)


def fr_number(value: float | int, digits: int = 0) -> str:
    """French number formatting: « 1 234 », « 4,6 » (narrow no-break space for thousands)."""
    text = f"{value:,.{digits}f}" if digits else f"{round(value):,d}"
    return text.replace(",", "\u202f").replace(".", ",")


def percent(value: float) -> str:
    return fr_number(value * 100, 1) + "\u00a0%"
