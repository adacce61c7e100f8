"""Charts of the indicators as SVG, made with matplotlib at build time, with deterministic bytes.

No pyplot (no global figure state): a bare ``Figure`` rendered by the SVG backend,
text kept as text (``svg.fonttype: none``, so no glyph paths and no font download),
ids salted with a fixed string and no date in the metadata, so the same numbers give
the same bytes on every build.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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


def _draw(chart: BarChart) -> Figure:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, chart.height_inches), dpi=DPI)
    axes = figure.add_subplot()
    positions = list(range(len(chart.labels)))
    axes.barh(positions, chart.values, color=BAR_COLOUR, height=0.6)
    axes.set_yticks(positions, labels=[_shorten(label) for label in chart.labels])
    axes.invert_yaxis()
    axes.set_xlabel(chart.unit)
    axes.set_title(chart.title, loc="left", fontsize=11)
    top = max(chart.values, default=0) or 1
    axes.set_xlim(0, top * 1.15)
    for position, value in zip(positions, chart.values):
        axes.text(value + top * 0.01, position, _french(value), va="center", fontsize=9)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    return figure


def _shorten(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart_svg(chart: BarChart) -> bytes:
    """The chart as SVG bytes; equal charts give equal bytes."""
    # Imported here, not at module level: every `tna` command imports the site
    # package, and matplotlib alone would add almost half a second to each of them.
    import matplotlib

    matplotlib.use("svg")
    # Fixed salt for ids, text as text (no glyph paths, no font files), no maths parsing of data text.
    with matplotlib.rc_context({
            "svg.hashsalt": "reseau-tna",
            "svg.fonttype": "none",
            "svg.image_inline": True,
            "text.parse_math": False,
            "font.family": "sans-serif",
            "font.size": 10,
            "text.color": TEXT_COLOUR,
            "axes.labelcolor": TEXT_COLOUR,
            "xtick.color": TEXT_COLOUR,
            "ytick.color": TEXT_COLOUR,
    }):
        figure = _draw(chart)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": chart.title})
    return buffer.getvalue()


def text_alternative(chart: BarChart, period_label: str) -> str:
    """What the chart shows, in one French sentence (its ``alt`` text)."""
    parts = [f"{label} : {_french(value)}" for label, value in zip(chart.labels, chart.values)]
    return f"Diagramme en barres, {chart.title.lower()} ({period_label}, en {chart.unit}) : " + " ; ".join(parts) + "."


def non_zero(labels: Sequence[str], values: Sequence[float]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    kept = [(label, value) for label, value in zip(labels, values) if value]
    return tuple(label for label, _ in kept), tuple(value for _, value in kept)
