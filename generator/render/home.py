"""Pages that join a hand-written text of docs/ with generated figures: the home and « Emprunter »."""

from __future__ import annotations

from markupsafe import Markup

from ..indicators import loans_in_year
from . import request
from .context import SiteContext
from .hours import french_date, week_hours
from .markup import OutputFile, render, text_file
from .navigation import home_links

HOME = "index.md"
BORROW = request.FORM_PAGE
ACCESSIBILITY = "accessibilite.md"


def home_page(ctx: SiteContext, intro: str) -> OutputFile:
    dataset = ctx.dataset
    figures = render("home_figures.html.j2", members=len(dataset.members), places=len(dataset.places),
                     items=len(request.lendable_items(ctx)),
                     loans=loans_in_year(dataset, ctx.today.year), year=ctx.today.year,
                     today=french_date(ctx.today))
    # The hand-written docs/ text is the project's own Markdown: placed as it is.
    return text_file(HOME, render("home.md.j2", intro=Markup(intro), figures=figures, links=home_links()))


def borrow_page(ctx: SiteContext, intro: str) -> OutputFile:
    network = ctx.network
    week = week_hours(network.headquarters.opening_hours, ctx.today, network.holidays_country)
    block = render("headquarters.html.j2", hq=network.headquarters, rules=network.loan_rules,
                   week_rows=[(day.day_name, day.text) for day in week])
    return text_file(BORROW, render("emprunter.md.j2", intro=Markup(intro), headquarters=block,
                                    form=request.form(ctx, BORROW, heading=False)))


def accessibility_page(ctx: SiteContext, statement: str) -> OutputFile:
    """The hand-written statement, ending with the network's functional address from reseau.yaml."""
    block = render("contact.html.j2", email=ctx.network.headquarters.email, network=ctx.network.name,
                   department=ctx.network.department_name)
    return text_file(ACCESSIBILITY, render("accessibilite.md.j2", statement=Markup(statement), contact=block))
