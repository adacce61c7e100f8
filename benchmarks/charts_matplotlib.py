"""The former chart renderer (matplotlib), kept to measure it against :func:`generator.charts.bar_chart_svg`.

Not used by the project: ``python -m benchmarks.bench_all`` times both on the same charts.
"""

from __future__ import annotations

import io
from typing import Any

from generator.charts import BAR_COLOUR, DPI, TEXT_COLOUR, WIDTH_INCHES, BarChart, _french, _shorten


def _draw(chart: BarChart, reused: Any = None) -> Any:
    from matplotlib.figure import Figure

    if reused is None:
        figure = Figure(figsize=(WIDTH_INCHES, chart.height_inches), dpi=DPI)
    else:
        figure = reused
        figure.clear()
        figure.set_size_inches(WIDTH_INCHES, chart.height_inches)
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


def bar_chart_svg_matplotlib(chart: BarChart, figure: Any = None) -> bytes:
    """The chart drawn by matplotlib (the former renderer, kept for the benchmark that
    compares it with :func:`bar_chart_svg`); ``figure`` reuses one figure."""
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
        figure = _draw(chart, figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": chart.title})
    return buffer.getvalue()


