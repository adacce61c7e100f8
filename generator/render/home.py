"""Pages that join a hand-written text of docs/ with generated figures: the home and « Emprunter »."""

from __future__ import annotations

from ..indicators import loans_in_year
from . import request
from .context import SiteContext
from .hours import french_date, week_hours
from .markup import OutputFile, render, text_file

HOME = "index.md"
BORROW = "emprunter.md"
ACCESSIBILITY = "accessibilite.md"

LINKS = """\
## Sur ce site

- [Lieux de médiation numérique](lieux/index.md) : le tableau filtrable, la carte et une fiche par lieu.
- [Matériel à emprunter](materiel/index.md) : le catalogue et les prochaines périodes libres.
- [Disponibilités](disponibilites/index.md) : le calendrier de chaque matériel, en page web, iCalendar et JSON.
- [Emprunter du matériel](emprunter.md) : comment demander un prêt, le retrait et le retour.
- [Règles de la convention](regles.md) : ce que vérifie chaque demande.
- [Bilan](bilan/index.md) : les indicateurs de l'article 7, par année et par semestre.
- [Données ouvertes](donnees/index.md) : l'annuaire au standard national et toutes les données du site.
- [Accessibilité](accessibilite.md) : la déclaration d'accessibilité du site.
"""


def home_page(ctx: SiteContext, intro: str) -> OutputFile:
    dataset = ctx.dataset
    figures = render("home_figures", members=len(dataset.members), places=len(dataset.places),
                     items=len(request.lendable_items(ctx)),
                     loans=loans_in_year(dataset, ctx.today.year), year=ctx.today.year,
                     today=french_date(ctx.today))
    return text_file(HOME, intro.rstrip("\n") + "\n\n## Le réseau en chiffres\n\n" + figures + "\n" + LINKS)


def borrow_page(ctx: SiteContext, intro: str) -> OutputFile:
    network = ctx.network
    block = render("headquarters", hq=network.headquarters, rules=network.loan_rules,
                   week=week_hours(network.headquarters.opening_hours, ctx.today, network.holidays_country))
    form = request.form(ctx, BORROW, heading=False)
    text = intro.rstrip("\n") + "\n\n## Retrait et retour du matériel\n\n" + block
    if form:
        text += "\n## Faire une demande depuis ce site\n\n" + form
    return text_file(BORROW, text)


def accessibility_page(ctx: SiteContext, statement: str) -> OutputFile:
    """The hand-written statement, ending with the network's functional address from reseau.yaml."""
    block = render("contact", email=ctx.network.headquarters.email, network=ctx.network.name,
                   department=ctx.network.department_name)
    return text_file(ACCESSIBILITY, statement.rstrip("\n") + "\n\n" + block)
