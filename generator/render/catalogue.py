"""Equipment: the catalogue and one page per item with its next free windows."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model import Equipment
from ..vocabulary import ItemState, LoanStatus
from . import request
from .context import CATEGORY_LABELS, SiteContext, french_sort_key, item_state_label
from .hours import french_date, french_day
from .markup import OutputFile, link, page, render

INDEX = "materiel/index.md"
FEEDS_DIR = "donnees/calendrier"


def item_page_path(item: Equipment) -> str:
    return f"materiel/{item.id}.md"


def calendar_page_path(item: Equipment) -> str:
    return f"disponibilites/{item.id}.md"


def item_feed(item: Equipment, extension: str) -> str:
    return f"{FEEDS_DIR}/{item.id}.{extension}"


def sorted_items(ctx: SiteContext) -> list[Equipment]:
    return sorted(ctx.dataset.equipment.values(), key=lambda item: (french_sort_key(item.name), item.id))


def window_text(first: date, last: date, horizon: date) -> str:
    """« du lundi 20 avril au jeudi 30 avril 2026 », or « à partir du … » when open-ended."""
    if last >= horizon:
        return f"à partir du {french_day(first)}"
    if first == last:
        return f"le {french_day(first)}"
    return f"du {french_day(first)} au {french_day(last)}"


def _windows(ctx: SiteContext, item: Equipment) -> tuple[list[tuple[date, date]], date]:
    """The item's requestable windows over six months (the site's one definition of « libre »)."""
    return request.requestable_windows(ctx, item), request.horizon(ctx)


def _next_free(ctx: SiteContext, item: Equipment) -> str:
    if item.state != ItemState.DISPONIBLE:
        return item_state_label(item.state)
    windows, horizon = _windows(ctx, item)
    if not windows:
        return "Pas de période demandable dans les six prochains mois"
    first, last = windows[0]
    return f"Demandable {window_text(first, last, horizon)}"


def _row(ctx: SiteContext, item: Equipment) -> dict[str, Any]:
    return {
        "name": item.name,
        "href": link(INDEX, item_page_path(item)),
        "category": CATEGORY_LABELS.get(item.category, item.category),
        "state": item_state_label(item.state),
        "next_free": _next_free(ctx, item),
        "calendar": link(INDEX, calendar_page_path(item)),
    }


def index_page(ctx: SiteContext) -> OutputFile:
    lendable = request.lendable_items(ctx)
    lendable_ids = {item.id for item in lendable}  # not ``item in lendable``: a scan per item
    retired = [item for item in sorted_items(ctx) if item.id not in lendable_ids]
    rows = [_row(ctx, item) for item in lendable]
    return page(INDEX, "materiel.md.j2", title="Matériel à emprunter",
                catalogue=render("catalogue.html.j2", items=rows, retired=[_row(ctx, item) for item in retired]))


def overdue_end(ctx: SiteContext, item: Equipment) -> date | None:
    """The last day of a loan of the item that is still out after it (not returned yet), if any.

    Found for every item in one pass over the loans, kept for the build (each item's row and
    page ask): a pass per item would grow with the square of the network.
    """
    key = f"overdue-ends-{ctx.today.isoformat()}"
    ends: dict[str, date] | None = ctx.dataset.memo.get(key)
    if ends is None:
        ends = {}
        for loan in ctx.dataset.loans:
            if loan.status == LoanStatus.RETIRE and loan.end < ctx.today:
                for item_id in loan.item_ids:
                    if item_id not in ends or loan.end < ends[item_id]:
                        ends[item_id] = loan.end
        ctx.dataset.memo[key] = ends
    return ends.get(item.id)


def item_page(ctx: SiteContext, item: Equipment) -> OutputFile:
    path = item_page_path(item)
    overdue = overdue_end(ctx, item)
    windows, horizon = _windows(ctx, item)
    requirements = [ctx.network.requirements[key] for key in item.requirements if key in ctx.network.requirements]
    block = render(
        "item.html.j2", item=item,
        category=CATEGORY_LABELS.get(item.category, item.category),
        state=item_state_label(item.state),
        since=french_date(item.state_since) if item.state_since else None,
        overdue_since=french_date(overdue) if overdue else None,
        requirements=requirements,
        windows=[window_text(first, last, horizon) for first, last in windows[:6]],
        today=french_date(ctx.today),
        button=request.button(ctx, path, item),
        notice=ctx.network.loan_rules.notice_working_days,
        calendar=link(path, calendar_page_path(item)),
        ics=link(path, item_feed(item, "ics")), json=link(path, item_feed(item, "json")),
        back=link(path, INDEX),
    )
    return page(path, "materiel_fiche.md.j2", title=item.name, item=block)


def pages(ctx: SiteContext) -> list[OutputFile]:
    return [index_page(ctx)] + [item_page(ctx, item) for item in sorted_items(ctx)]
