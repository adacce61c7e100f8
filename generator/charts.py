"""Charts of the indicators as SVG, written directly at build time, with deterministic bytes.

:func:`bar_chart_svg` writes the SVG itself: a horizontal bar chart is a few rectangles
and texts, and matplotlib spent about half a second per chart laying out text (69
charts were half of a 1,000-loan build; benchmarks/README.md has the measure, made
with the former matplotlib renderer kept in benchmarks/charts_matplotlib.py).

As before: text kept as text (escaped; no glyph paths, no font file), no id, no date,
so the same numbers give the same bytes on every build.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape

BAR_COLOUR = "#1d4f91"
TEXT_COLOUR = "#1a1a1a"
WIDTH_INCHES = 7.2
DPI = 100


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: one bar per label, its value written at the end of the bar."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    unit: str

    @property
    def height_inches(self) -> float:
        return 1.3 + 0.45 * max(1, len(self.labels))

    @property
    def height_pixels(self) -> int:
        return round(self.height_inches * DPI)


def _french(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _shorten(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


# --- the light renderer ------------------------------------------------------------
# Sizes in pixels at DPI (matplotlib's points: 10 pt = 13.9 px at 100 dpi).
FONT = 13.9
SMALL = 12.5
TITLE_FONT = 15.3
# Average advance of a character of a sans-serif font, as a share of the font size:
# enough to reserve room for the labels without measuring glyphs (no font file).
CHAR_WIDTH = 0.56
MARGIN = 10.0


def _nice_step(top: float, ticks: int = 6) -> float:
    """A round step (1, 2 or 5 × 10^n) giving at most ``ticks`` intervals up to ``top``."""
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _number(value: float) -> str:
    """A coordinate with at most two decimals, without trailing zeros (stable bytes)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def bar_chart_svg(chart: BarChart) -> bytes:
    """The chart as SVG bytes, written directly: equal charts give equal bytes.

    The same chart as matplotlib drew it (labels on the left, bars, values at their end,
    a value axis with round ticks and the unit, a left-aligned title), in a fraction of
    the time: text stays text (escaped), sized from an average character width.
    """
    width = WIDTH_INCHES * DPI
    height = chart.height_pixels
    labels = [_shorten(label) for label in chart.labels]
    label_width = min(width * 0.45, max((len(label) for label in labels), default=0) * FONT * CHAR_WIDTH)
    left = MARGIN + label_width + 8
    top_margin = MARGIN + TITLE_FONT + 10
    axis_space = FONT * 2 + 14
    plot_width = width - left - MARGIN - 8
    plot_height = max(1.0, height - top_margin - axis_space)
    top = max(chart.values, default=0) or 1
    limit = top * 1.15
    scale = plot_width / limit
    slot = plot_height / max(1, len(labels))
    bar = slot * 0.6
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_number(width)}" height="{height}" '
           f'viewBox="0 0 {_number(width)} {height}" font-family="sans-serif" fill="{TEXT_COLOUR}">',
           f"<title>{escape(chart.title)}</title>",
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           f'<text x="{_number(left)}" y="{_number(MARGIN + TITLE_FONT)}" font-size="{TITLE_FONT}">'
           f"{escape(chart.title)}</text>"]
    bottom = top_margin + plot_height
    step = _nice_step(limit)
    tick = 0.0
    while tick <= limit + 1e-9:
        x = left + tick * scale
        out.append(f'<line x1="{_number(x)}" y1="{_number(bottom)}" x2="{_number(x)}" y2="{_number(bottom + 4)}" '
                   f'stroke="{TEXT_COLOUR}"/>')
        out.append(f'<text x="{_number(x)}" y="{_number(bottom + 6 + FONT)}" font-size="{FONT}" '
                   f'text-anchor="middle">{_french(tick)}</text>')
        tick += step
    for index, (label, value) in enumerate(zip(labels, chart.values)):
        middle = top_margin + slot * (index + 0.5)
        out.append(f'<text x="{_number(left - 6)}" y="{_number(middle)}" font-size="{FONT}" text-anchor="end" '
                   f'dominant-baseline="central">{escape(label)}</text>')
        out.append(f'<rect x="{_number(left)}" y="{_number(middle - bar / 2)}" width="{_number(value * scale)}" '
                   f'height="{_number(bar)}" fill="{BAR_COLOUR}"/>')
        out.append(f'<text x="{_number(left + value * scale + top * 0.01 * scale)}" y="{_number(middle)}" '
                   f'font-size="{SMALL}" dominant-baseline="central">{_french(value)}</text>')
    out.append(f'<path d="M{_number(left)} {_number(top_margin)}V{_number(bottom)}H{_number(left + plot_width)}" '
               f'fill="none" stroke="{TEXT_COLOUR}"/>')
    out.append(f'<text x="{_number(left + plot_width / 2)}" y="{_number(height - MARGIN)}" font-size="{FONT}" '
               f'text-anchor="middle">{escape(chart.unit)}</text>')
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")


def text_alternative(chart: BarChart, period_label: str) -> str:
    """What the chart shows, in one French sentence (its ``alt`` text)."""
    parts = [f"{label} : {_french(value)}" for label, value in zip(chart.labels, chart.values)]
    return f"Diagramme en barres, {chart.title.lower()} ({period_label}, en {chart.unit}) : " + " ; ".join(parts) + "."


def non_zero(labels: Sequence[str], values: Sequence[float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    kept = [(label, value) for label, value in zip(labels, values) if value]
    return tuple(label for label, _ in kept), tuple(value for _, value in kept)
