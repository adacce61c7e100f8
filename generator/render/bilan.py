"""The Article 7 indicators: a summary table, then one page per year and per half-year with charts.

Every chart is an SVG image with a text alternative, followed by the table of its data.
"""

from __future__ import annotations

from typing import Any

from ..charts import BarChart, bar_chart_svg, non_zero, text_alternative
from ..indicators import ACTION_LABELS, AUDIENCE_LABELS, Indicators, Period, compute, periods
from .context import SiteContext
from .hours import french_date
from .markup import OutputFile, fr_number, link, page, percent, render

INDEX = "bilan/index.md"

def period_path(period: Period) -> str:
    return f"bilan/{period.slug}.md"


def _satisfaction(indicators: Indicators) -> str:
    if indicators.satisfaction is None:
        return "pas encore de bilan"
    answers = f", {indicators.responses} réponses" if indicators.responses else ""
    return f"{fr_number(indicators.satisfaction, 1)} sur 5{answers}"


def _chart(period: Period, key: str, chart: BarChart, headers: list[str],
           rows: list[list[str]], caption: str) -> tuple[dict[str, Any], OutputFile | None]:
    image_path = f"bilan/{period.slug}-{key}.svg"
    drawn = bool(chart.values)
    return ({
        "id": key, "title": chart.title, "caption": caption, "headers": headers, "rows": rows,
        "image": link(period_path(period), image_path) if drawn else None,
        "alt": text_alternative(chart, period.label) if drawn else "",
        "height": round(chart.height_pixels),
    }, OutputFile(image_path, bar_chart_svg(chart)) if drawn else None)


def _charts(indicators: Indicators) -> tuple[list[dict[str, Any]], list[OutputFile]]:
    period = indicators.period
    used = [use for use in indicators.item_use if use.days_lent]
    labels, values = non_zero([use.name for use in used], [use.days_lent for use in used])
    specs = [
        ("materiel", BarChart("Jours de prêt par matériel", labels, values, "jours"),
         ["Matériel", "Jours prêtés", "Taux d'utilisation"],
         [[use.name, str(use.days_lent), percent(use.rate)] for use in indicators.item_use],
         f"Utilisation du matériel, {period.label}"),
        ("publics", BarChart("Publics touchés par type", *_labelled(indicators.audiences, AUDIENCE_LABELS),
                             "personnes"),
         ["Public", "Personnes"], [[AUDIENCE_LABELS.get(key, key), str(count)] for key, count in indicators.audiences],
         f"Publics touchés, {period.label}"),
        ("actions", BarChart("Actions menées par type", *_labelled(indicators.actions, ACTION_LABELS), "actions"),
         ["Type d'action", "Nombre"], [[ACTION_LABELS.get(key, key), str(count)] for key, count in indicators.actions],
         f"Actions menées, {period.label}"),
    ]
    blocks, images = [], []
    for key, chart, headers, rows, caption in specs:
        block, image = _chart(period, key, chart, headers, rows, caption)
        blocks.append(block)
        if image is not None:
            images.append(image)
    return blocks, images


def _labelled(pairs: tuple[tuple[str, int], ...], labels: dict[str, str]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    return tuple(labels.get(key, key) for key, _ in pairs), tuple(float(count) for _, count in pairs)


def period_files(ctx: SiteContext, period: Period) -> list[OutputFile]:
    indicators = compute(ctx.dataset, period)
    charts, images = _charts(indicators)
    block = render("bilan_period.html.j2", label=period.label, first=french_date(period.first),
                   last=french_date(period.last), partial=period.last >= ctx.today, today=french_date(ctx.today),
                   ind=indicators, satisfaction=_satisfaction(indicators), charts=charts,
                   back=link(period_path(period), INDEX))
    return [page(period_path(period), "bilan_periode.md.j2", title=f"Bilan : {period.label}", period=block)] + images


def _index_row(ctx: SiteContext, period: Period) -> dict[str, Any]:
    indicators = compute(ctx.dataset, period)
    return {"label": period.label, "href": link(INDEX, period_path(period)), "loans": indicators.loans,
            "days": indicators.days_lent, "members": indicators.members_served,
            "places": indicators.places_served, "sessions": indicators.sessions,
            "audience": indicators.audience_total,
            "satisfaction": fr_number(indicators.satisfaction, 1) if indicators.satisfaction is not None else "—"}


def pages(ctx: SiteContext) -> list[OutputFile]:
    all_periods = [period for year, halves in periods(ctx.dataset) for period in (year, *halves)]
    table = render("bilan_index.html.j2", rows=[_index_row(ctx, period) for period in all_periods])
    files = [page(INDEX, "bilan.md.j2", title="Bilan du réseau", table=table)]
    for period in all_periods:
        files.extend(period_files(ctx, period))
    return files
