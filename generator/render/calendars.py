"""Availability pages: per item, from the current month to the sixth coming one, as text and month tables.

Every day carries its state in words (never colour alone) in a table whose columns
are the days of the week; a list of periods above it says the same for screen
readers in a few sentences. The tables are drawn in the browser by
docs/javascripts/mois.js from the periods the page carries (:func:`month_data`); the
list is written here, and is the whole calendar without JavaScript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..availability import PAST_LABEL, STATE_LABELS, DayPeriod, DayState, first_pickup_day, item_periods
from ..dates import calendar_period
from ..feeds import availability_json
from ..model import Equipment
from ..vocabulary import LoanStatus
from .catalogue import calendar_page_path, item_feed, item_page_path, sorted_items
from . import request
from .context import SiteContext
from .hours import french_date, french_day
from .markup import OutputFile, link, page, render

INDEX = "disponibilites/index.md"
NETWORK_ICS = "donnees/calendrier/reseau.ics"
NETWORK_JSON = "donnees/calendrier/disponibilites.json"
MONTHS_SCRIPT = "javascripts/mois.js"

SHORT_LABELS: dict[DayState, str] = {
    DayState.LIBRE: "Libre",
    DayState.TROP_TOT: "Trop tôt",
    DayState.ROTATION: "Rotation",
    DayState.FERME: "Fermé",
    DayState.RESERVE: "Réservé",
    DayState.DEMANDE: "Demandé",
    DayState.DEPARTEMENT: "Département",
    DayState.MAINTENANCE: "Maintenance",
    DayState.HORS_SERVICE: "Hors service",
}

LEGEND_TEXTS: dict[DayState, str] = {
    DayState.LIBRE: "une demande faite aujourd'hui peut commencer, finir ou passer par ce jour",
    DayState.TROP_TOT: "jour libre, mais trop proche pour une demande faite aujourd'hui (délai de prévenance, "
                       "article 4.3) ; « Passé » avant aujourd'hui",
    DayState.ROTATION: "délai de rotation avant ou après un prêt : le matériel est vérifié et préparé "
                       "(article 4.3 b)",
    DayState.FERME: "Maison du Département fermée (week-end ou jour férié) : ni retrait ni retour",
    DayState.RESERVE: "prêt accepté, matériel retiré ou restitué",
    DayState.DEMANDE: "demande de prêt en attente de décision",
    DayState.DEPARTEMENT: "utilisation par le Département, prioritaire (article 4.3 b)",
    DayState.MAINTENANCE: "matériel en maintenance",
    DayState.HORS_SERVICE: "matériel hors service ou réformé",
}

WEEKDAYS = (("lundi", "lun."), ("mardi", "mar."), ("mercredi", "mer."), ("jeudi", "jeu."),
            ("vendredi", "ven."), ("samedi", "sam."), ("dimanche", "dim."))

QUIET_STATES = frozenset({DayState.LIBRE, DayState.FERME})


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    state: DayState
    label: str

    @property
    def text(self) -> str:
        when = (f"le {french_day(self.first)}" if self.first == self.last
                else f"du {french_day(self.first)} au {french_day(self.last)}")
        return f"{when} : {self.label}"


def shown_range(today: date) -> tuple[date, date]:
    """Whole months from the current one to the end of the open-data calendar period (coming 6 months)."""
    _first, last = calendar_period(today)
    following = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return today.replace(day=1), following - timedelta(days=1)


def periods(runs: list[DayPeriod]) -> list[Period]:
    """Runs of consecutive days with one booking or unavailability (requestable, closed and past free
    days left out), from an item's periods (:func:`item_periods`)."""
    listed: list[Period] = []
    for run in runs:
        if run.state in QUIET_STATES or run.label == PAST_LABEL:
            continue
        last = listed[-1] if listed else None
        if last and last.last == run.first - timedelta(days=1) and (last.state, last.label) == (run.state, run.label):
            listed[-1] = Period(last.first, run.last, run.state, run.label)
        else:
            listed.append(Period(run.first, run.last, run.state, run.label))
    return listed


def month_data(runs: list[DayPeriod], today: date) -> dict[str, Any]:
    """What docs/javascripts/mois.js draws the month tables from: every day of the shown range as
    periods of one state and label (``runs``, from :func:`item_periods`), the short words of each
    state and the weekdays (month names come from dates.js).

    The tables are drawn in the browser: 1,000 items × 7 months of day cells were three
    quarters of the HTML MkDocs read at 10,000 loans, three times each (its anchors check,
    Python-Markdown's raw-HTML parser, the search index). Without JavaScript the list of
    periods says the same days."""
    return {
        "aujourdhui": today.isoformat(),
        "passe": PAST_LABEL,
        "courts": {state.value: label for state, label in SHORT_LABELS.items()},
        "jours": [list(pair) for pair in WEEKDAYS],
        "periodes": [[run.first.isoformat(), run.last.isoformat(), run.state.value, run.label] for run in runs],
    }


def item_json(ctx: SiteContext, item: Equipment) -> bytes:
    """The open-data availability JSON, narrowed to one item (same keys, same period)."""
    first, last = calendar_period(ctx.today)
    payload = availability_json(ctx.dataset, first, last, item.id)
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def public_address(ctx: SiteContext, path: str) -> str | None:
    """The https address of a file of the site (for a subscription), if reseau.yaml gives site.url."""
    base = ctx.network.site_url
    if not base or not base.startswith("https://") or set("\"'<>` ") & set(base):
        return None
    return base.rstrip("/") + "/" + path


def subscribe(ctx: SiteContext, page_path: str, ics: str, json_path: str, key: str, label: str = "") -> str:
    """Links to a calendar feed: webcal subscription, the address to copy, a three-line how-to."""
    address = public_address(ctx, ics)
    return render("subscribe.html.j2", ics=link(page_path, ics), json=link(page_path, json_path), address=address,
                  webcal="webcal://" + address.removeprefix("https://") if address else None, key=key,
                  label=label, script=link(page_path, "javascripts/copier.js"))


def item_page(ctx: SiteContext, item: Equipment) -> OutputFile:
    path = calendar_page_path(item)
    first, last = shown_range(ctx.today)
    runs = item_periods(ctx.dataset, item.id, first, last)
    block = render("item_calendar.html.j2", item=item, first=french_date(first), last=french_date(last),
                   today=french_date(ctx.today), item_page=link(path, item_page_path(item)),
                   button=request.button(ctx, path, item), legend=legend(),
                   subscribe=subscribe(ctx, path, item_feed(item, "ics"), item_feed(item, "json"), item.id),
                   periods=[{"state": run.state.value, "first": run.first.isoformat(), "last": run.last.isoformat(),
                             "text": run.text} for run in periods(runs)],
                   months=request.script_json(month_data(runs, ctx.today)),
                   script=link(path, MONTHS_SCRIPT))
    return page(path, "disponibilites_fiche.md.j2", title=f"Disponibilités : {item.name}", calendar=block)


def legend() -> str:
    return render("legend.html.j2", states=[{"value": state.value, "short": SHORT_LABELS[state],
                                     "text": f"{STATE_LABELS[state]} : {LEGEND_TEXTS[state]}"}
                                    for state in DayState])


def _summary(ctx: SiteContext, item: Equipment, first: date, last: date) -> str:
    runs = periods(item_periods(ctx.dataset, item.id, first, last))
    if not runs:
        return "Aucune"
    return " ; ".join(run.text for run in runs[:3]) + (f" ; et {len(runs) - 3} autre(s)" if len(runs) > 3 else "")


def index_page(ctx: SiteContext) -> OutputFile:
    first, last = shown_range(ctx.today)
    rows = [{"name": item.name, "href": link(INDEX, calendar_page_path(item)),
             "summary": _summary(ctx, item, first, last),
             "ics": link(INDEX, item_feed(item, "ics")), "json": link(INDEX, item_feed(item, "json"))}
            for item in sorted_items(ctx)]
    block = render("availability_index.html.j2", items=rows, first=french_date(first), last=french_date(last),
                   network_ics=link(INDEX, NETWORK_ICS), network_json=link(INDEX, NETWORK_JSON))
    network_feed = subscribe(ctx, INDEX, NETWORK_ICS, NETWORK_JSON, "reseau", "tout le réseau")
    return page(INDEX, "disponibilites.md.j2", title="Disponibilités du matériel", search=dates_search(ctx),
                legend=legend(), calendars=block, network_feed=network_feed)


GRID_CODES: tuple[tuple[str, str, str], ...] = (
    ("demandable", "✓", "libre et demandable"),
    ("trop-tot", "P", "libre mais trop tôt (préavis)"),
    ("rotation", "T", "rotation (entretien entre deux prêts)"),
    (LoanStatus.DEMANDE, "D", LoanStatus.DEMANDE.label),
    ("reserve", "R", "réservé"),
    ("indisponible", "I", "indisponible (maintenance, hors service)"),
    ("ferme", "F", "fermé (week-end, jour férié)"),
    ("passe", "–", "jour passé"),
)


def dates_search(ctx: SiteContext) -> str:
    """« Du … au … » and the month grid of every item, built in the browser from the published JSON
    (day states) and the requestable windows written here."""
    earliest = first_pickup_day(ctx.network, ctx.today)
    first, last = calendar_period(ctx.today)
    data = {
        "aujourdhui": ctx.today.isoformat(), "premier": earliest.isoformat(),
        "ticket": request.issue_form_address(ctx.network),
        "modele": request.ISSUE_TEMPLATE,
        "codes": {key: [code, label] for key, code, label in GRID_CODES},
        "materiel": [{"id": item.id, "nom": item.name, "calendrier": link(INDEX, calendar_page_path(item)),
                      "fiche": link(INDEX, item_page_path(item)),
                      "fenetres": [[a.isoformat(), b.isoformat()] for a, b in request.requestable_windows(ctx, item)]}
                     for item in request.lendable_items(ctx)],
    }
    return render("dates_search.html.j2", json=link(INDEX, NETWORK_JSON), data=request.script_json(data),
                  codes=[(code, label) for _key, code, label in GRID_CODES], min=earliest.isoformat(),
                  max=last.isoformat(), script=link(INDEX, "javascripts/grille.js"))


def pages(ctx: SiteContext) -> list[OutputFile]:
    files = [index_page(ctx)]
    for item in sorted_items(ctx):
        files.append(item_page(ctx, item))
        files.append(OutputFile(item_feed(item, "json"), item_json(ctx, item)))
    return files
