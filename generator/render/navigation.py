"""The site's top-level pages, listed once.

This list is the site's menu (``tna build`` writes it as the ``nav`` of
``<build>/mkdocs.yml``) and the home page's « Sur ce site » links (the pages that have
a ``link`` and a ``description``, in this order). To add a top-level page: its module
in ``generator/render/`` (or a hand-written file of ``docs/``), then its entry here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TopPage:
    """A page of the menu: its menu title, its Markdown file (relative to the docs
    folder) and, when the home page lists it, the link text and what the page holds
    (Markdown written here, never data)."""

    menu: str
    path: str
    link: str = ""
    description: str = ""


PAGES: tuple[TopPage, ...] = (
    TopPage("Accueil", "index.md"),
    TopPage("Lieux", "lieux/index.md", "Lieux de médiation numérique",
            "le tableau filtrable, la carte et une fiche par lieu."),
    TopPage("Matériel", "materiel/index.md", "Matériel à emprunter",
            "le catalogue et les prochaines périodes libres."),
    TopPage("Disponibilités", "disponibilites/index.md", "Disponibilités",
            "le calendrier de chaque matériel, en page web, iCalendar et JSON."),
    TopPage("Emprunter", "emprunter.md", "Emprunter du matériel",
            "comment demander un prêt, le retrait et le retour."),
    TopPage("Règles", "regles.md", "Règles de la convention", "ce que vérifie chaque demande."),
    TopPage("Convention", "convention.md"),
    TopPage("Bilan", "bilan/index.md", "Bilan", "les indicateurs de l'article 7, par année et par semestre."),
    TopPage("Données ouvertes", "donnees/index.md", "Données ouvertes",
            "l'annuaire au standard national et toutes les données du site."),
    TopPage("Accessibilité", "accessibilite.md", "Accessibilité", "la déclaration d'accessibilité du site."),
)


def home_links() -> list[TopPage]:
    """The pages the home page lists under « Sur ce site »."""
    return [page for page in PAGES if page.link]


def nav() -> list[dict[str, str]]:
    """The ``nav`` of the MkDocs configuration: one ``{menu title: path}`` per page."""
    return [{page.menu: page.path} for page in PAGES]
