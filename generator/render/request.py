"""« Demander ce matériel »: the request form of the « Emprunter » page, and the buttons that lead to it.

The form is plain HTML that works without JavaScript: it is a GET form whose field names
are the ids of the repository's issue form (.github/ISSUE_TEMPLATE/demande-de-pret.yml),
so submitting it opens that form on GitHub with the answers pre-filled. With JavaScript
(docs/javascripts/demande.js) the answers are checked against the requestable windows
and the opening hours, and the page builds two links: the pre-filled issue form, and
GitHub's web editor creating ``data/loans/<année>/<id>.yaml`` with the request's YAML.
Nothing is sent anywhere by the site itself. The repository's address is ``site.depot``
of reseau.yaml; without it the form is not shown.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from ..availability import first_pickup_day, open_slots
from ..availability import requestable_windows as requestable_windows_of
from ..dates import add_months
from ..model import Equipment, Network
from ..vocabulary import ItemState
from .context import SiteContext, french_sort_key
from .hours import french_day
from .markup import link, render

ISSUE_TEMPLATE = "demande-de-pret.yml"
HORIZON_MONTHS = 6
SLOT_STEP_MINUTES = 30
SCRIPT = "javascripts/demande.js"
# The page that holds the form (« Emprunter »; home.BORROW, which imports this module).
FORM_PAGE = "emprunter.md"


def requestable_windows(ctx: SiteContext, item: Equipment) -> list[tuple[date, date]]:
    """The item's requestable windows over six months: the one definition of
    :func:`generator.availability.requestable_windows` (notice, turnaround, priority, state, slots).

    Worked out once per item and build: the catalogue, the item's page, the dates-first
    search and the request form all show them.
    """
    key = f"requestable-windows-{ctx.today.isoformat()}-{item.id}"
    windows: list[tuple[date, date]] | None = ctx.dataset.memo.get(key)
    if windows is None:
        windows = requestable_windows_of(ctx.dataset, item.id, ctx.today, horizon(ctx))
        ctx.dataset.memo[key] = windows
    return windows


def horizon(ctx: SiteContext) -> date:
    """The last day the site offers for a request (six months ahead)."""
    return add_months(ctx.today, HORIZON_MONTHS)


def lendable_items(ctx: SiteContext) -> list[Equipment]:
    """Items that may be lent (a retired item is not « à emprunter »), in French order."""
    return sorted((item for item in ctx.dataset.equipment.values() if ItemState(item.state).lendable),
                  key=lambda item: (french_sort_key(item.name), item.id))


def _slot_times(ctx: SiteContext) -> dict[str, list[str]]:
    """Pickup and return times by weekday (0 = Monday): every half hour the headquarters is open."""
    times: dict[str, list[str]] = {}
    day = ctx.today
    for _ in range(21):
        day += timedelta(days=1)
        key = str(day.weekday())
        if key in times or not ctx.network.is_working_day(day):
            continue
        options: list[str] = []
        for opens, closes in open_slots(ctx.dataset, day):
            minutes = opens.hour * 60 + opens.minute
            end = closes.hour * 60 + closes.minute if closes.hour or closes.minute else 24 * 60
            while minutes < end:
                options.append(f"{minutes // 60:02d}:{minutes % 60:02d}")
                minutes += SLOT_STEP_MINUTES
        times[key] = options
    return times


def _closed_days(ctx: SiteContext) -> list[str]:
    """Public holidays on weekdays up to the horizon (weekends are closed too, by rule)."""
    last = add_months(ctx.today, HORIZON_MONTHS + 1)
    day, closed = ctx.today, []
    while day <= last:
        if day.weekday() < 5 and not ctx.network.is_working_day(day):
            closed.append(day.isoformat())
        day += timedelta(days=1)
    return closed


def repository(network: Network) -> str | None:
    url = network.repository_url
    return url.rstrip("/") if url else None


def issue_form_address(network: Network) -> str:
    """Where new issues of the repository are opened (empty without site.depot)."""
    base = repository(network)
    return f"{base}/issues/new" if base else ""


def issue_url(network: Network, item: Equipment | None = None) -> str | None:
    """The issue form's address, pre-filled with the item when there is one."""
    base = repository(network)
    if base is None:
        return None
    query = {"template": ISSUE_TEMPLATE}
    if item is not None:
        query.update({"title": f"Demande de prêt : {item.name}", "materiel": item.id})
    return f"{base}/issues/new?{urlencode(query, quote_via=quote)}"


def form_data(ctx: SiteContext) -> dict[str, Any]:
    network = ctx.network
    members = sorted(ctx.dataset.members.values(), key=lambda member: (french_sort_key(member.name), member.id))
    base = repository(network) or ""
    return {
        "depot": base,
        "ticket": issue_form_address(network),
        "editeur": f"{base}/new/{quote(network.repository_branch)}" if base else "",
        "modele": ISSUE_TEMPLATE,
        "aujourdhui": ctx.today.isoformat(),
        "preavis": network.loan_rules.notice_working_days,
        "duree_max": network.loan_rules.max_days,
        "feries": _closed_days(ctx),
        "creneaux": _slot_times(ctx),
        "prets": sorted(loan.id for loan in ctx.dataset.loans),
        "materiel": [{"id": item.id, "nom": item.name,
                      "fenetres": [[first.isoformat(), last.isoformat()] for first, last in
                                   requestable_windows(ctx, item)]}
                     for item in lendable_items(ctx)],
        "membres": [{"id": member.id, "nom": member.name,
                     "lieux": [{"id": place.id, "nom": place.name, "commune": place.commune}
                               for place in sorted(member.places, key=lambda p: (french_sort_key(p.name), p.id))]}
                    for member in members],
    }


def script_json(data: object) -> str:
    """JSON safe inside a <script> element: no « < », « > » or « & » can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def form(ctx: SiteContext, page_path: str, item: Equipment | None = None, heading: bool = True) -> str:
    """The request form's HTML block for a page (empty when reseau.yaml names no repository)."""
    data = form_data(ctx)
    if not data["depot"]:
        return ""
    times = sorted({time for options in data["creneaux"].values() for time in options})
    earliest = first_pickup_day(ctx.network, ctx.today)
    last = horizon(ctx)
    return render("request_form.html.j2", data=script_json(data), item=item, items=lendable_items(ctx),
                  members=data["membres"], times=times, issue_url=data["ticket"], issue_template=ISSUE_TEMPLATE,
                  min=earliest.isoformat(), max=last.isoformat(),
                  earliest=french_day(earliest), max_days=data["duree_max"],
                  script=link(page_path, SCRIPT), heading=heading)


def button(ctx: SiteContext, page_path: str, item: Equipment) -> str:
    """« Demander ce matériel »: the issue form pre-filled with the item; with JavaScript (site.js),
    the site's one request form, on « Emprunter », with the item ticked.

    The form is on that page only: it lists every member, place and item and carries the
    requestable windows of every item, so a copy on each item's pages would make the site
    grow with the square of the network.
    """
    href = issue_url(ctx.network, item)
    if href is None or not ItemState(item.state).lendable:
        return ""
    form_href = f"{link(page_path, FORM_PAGE)}?{urlencode({'materiel': item.id})}#demande"
    return render("request_button.html.j2", href=href, form_href=form_href)
