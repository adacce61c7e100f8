"""Safe writing of pages: every text that comes from data goes through Jinja2 with autoescape.

The templates are files of ``generator/render/templates/`` (shipped with the package):
``<name>.html.j2`` are the HTML fragments, ``<name>.md.j2`` the Markdown pages, and
``macros.html.j2`` the fragments several of them share. :func:`render` is the one way
to use them. Autoescape is on for every template: a value printed with ``{{ }}`` is
HTML-escaped unless it is already :class:`~markupsafe.Markup` (a fragment rendered
here) or marked ``|safe`` in the template (a text written in the code, never data).

Generated pages are Markdown files whose data-bearing parts are raw HTML blocks
(Python-Markdown leaves raw HTML blocks alone, so ``*``, ``[`` or ``|`` in a name stay
text, and ``<``/``&`` are escaped by Jinja2). Static headings and prose may be
Markdown. The page title goes into the front matter HTML-escaped (the ``front_matter``
filter), because the theme prints ``page.meta.title`` without escaping.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape


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
        loader=PackageLoader("generator.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fr_number"] = fr_number
    env.filters["front_matter"] = front_matter
    env.filters["block"] = block
    return env


def render(template: str, **values: object) -> Markup:
    """The template file ``templates/<template>`` with these values.

    An HTML fragment (``.html.j2``) loses its blank lines, so that Markdown sees one raw
    HTML block; a Markdown page (``.md.j2``) is returned as written.
    """
    rendered = environment().get_template(template).render(**values)
    if template.endswith(".md.j2"):
        return Markup(rendered)
    return Markup("\n".join(line for line in rendered.splitlines() if line.strip()) + "\n")


def page(path: str, template: str, **values: object) -> OutputFile:
    """The Markdown page at ``path``, from the template ``<template>`` (a ``.md.j2`` file)."""
    return text_file(path, str(render(template, **values)))


def front_matter(title: str) -> Markup:
    """A page title for the front matter: HTML-escaped, then quoted as a YAML (JSON) string."""
    return Markup(json.dumps(html.escape(title), ensure_ascii=False))


def block(fragment: str) -> Markup:
    """A rendered fragment without its final line breaks, for a page template to place."""
    return escape(fragment).rstrip("\n")


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>&"


def markdown_heading(level: int, text: str, anchor: str) -> Markup:
    """A Markdown heading whose text stays text (every Markdown and HTML character escaped)."""
    escaped = "".join(f"&#{ord(char)};" if char in _MARKDOWN_SPECIALS else char for char in " ".join(text.split()))
    return Markup(f"{'#' * level} {escaped} {{#{anchor}}}\n")


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
