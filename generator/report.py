"""Renderings of findings: human text, GitHub annotations with a step summary, JSON.

Formats are looked up by name in ``FORMATS``; each returns the text to print.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Callable, Sequence

from .findings import Finding, Severity


def _summary_line(findings: Sequence[Finding]) -> str:
    counts = Counter(finding.severity for finding in findings)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not findings:
        return "Aucun problème trouvé."
    return f"{errors} erreur(s), {warnings} avertissement(s)."


def as_text(findings: Sequence[Finding]) -> str:
    lines = [finding.as_text() for finding in findings]
    lines.append(_summary_line(findings))
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(finding: Finding) -> str:
    level = "error" if finding.is_error else "warning"
    title = f"[{finding.rule}] {finding.article}".strip()
    properties = ",".join([
        f"file={_escape_property(finding.path)}",
        f"line={finding.line}",
        f"col={finding.column}",
        f"title={_escape_property(title)}",
    ])
    return f"::{level} {properties}::{_escape_data(finding.message)}"


def as_github(findings: Sequence[Finding]) -> str:
    lines = [github_annotation(finding) for finding in findings]
    lines.append(_summary_line(findings))
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Table-cell text: HTML neutralised, pipes escaped, kept on one line."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\\", "&#92;")
            .replace("`", "&#96;").replace("|", "\\|").replace("\r", " ").replace("\n", " "))


def _code_cell(text: str) -> str:
    """A path shown as code: entities are not decoded in code spans, so only pipes and backticks matter."""
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\r", " ").replace("\n", " ") + "`"


def _article_cell(finding: Finding, site_url: str | None) -> str:
    """The article, linked to its text on the site's Convention page when the site's address is known."""
    path = finding.article_path()
    if not (site_url and path and site_url.startswith("https://") and not set("\"'<>`()[] ") & set(site_url)):
        return _cell(finding.article)
    return f"[{_cell(finding.article)}]({site_url.rstrip('/')}/{path})"


def markdown_summary(findings: Sequence[Finding], title: str = "Vérification des données du réseau",
                     site_url: str | None = None) -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``; articles link to the site when ``site_url`` is given."""
    lines = [f"## {title}", "", _summary_line(findings), ""]
    if findings:
        lines += ["| Gravité | Fichier | Ligne | Règle | Article | Message |",
                  "|---|---|---|---|---|---|"]
        for finding in findings:
            lines.append(f"| {finding.severity.value} | {_code_cell(finding.path)} | {finding.line} | "
                         f"{_cell(finding.rule)} | {_article_cell(finding, site_url)} | {_cell(finding.message)} |")
    return "\n".join(lines) + "\n"


def as_json(findings: Sequence[Finding]) -> str:
    payload = {
        "erreurs": sum(1 for finding in findings if finding.is_error),
        "avertissements": sum(1 for finding in findings if not finding.is_error),
        "constats": [finding.as_dict() for finding in findings],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": as_text,
    "github": as_github,
    "json": as_json,
}
