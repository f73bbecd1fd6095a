"""Horizontal bar charts drawn on the server as SVG (no JavaScript): the geometry only.

``bar_chart(rows)`` turns ``[(label, value), ...]`` into the numbers the template
``reports/includes/bar_chart.html`` draws: one bar per row, in the rows' order (never sorted by
value: the order is the law's or the register's, not a ranking), scaled to the largest value,
each with its label on the left and its value written after the bar. The template gives the SVG a
``<title>`` and a ``<desc>`` and puts the data table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 230  # the label column, left of the bars
BAR_AREA = 330  # the longest bar
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bar_x: int
    label_x: int
    bars: list[Bar]


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(rows: list[tuple[str, int | float]]) -> BarChart:
    top = max((value for _label, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = 8 + index * ROW_HEIGHT
        width = round(BAR_AREA * (value or 0) / top, 1)
        bars.append(
            Bar(
                label=_short(label),
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + 10 + width + 6,
            )
        )
    height = 16 + len(rows) * ROW_HEIGHT
    return BarChart(width=WIDTH, height=height, bar_x=LABEL_WIDTH + 10, label_x=LABEL_WIDTH, bars=bars)
