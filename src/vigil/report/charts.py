"""Charts as inline SVG, drawn here so the report needs no chart library and no network.

Every chart is an ``<svg class="chart" data-chart=NAME>`` whose bars are ``<rect class="bar">``
carrying ``data-label`` and ``data-value``, with a ``<title>`` a pointer or screen reader shows.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

from vigil.report.figures import Bucket

WIDTH = 720
BAR_COLOUR = "#8c2d2d"
RANGE_COLOUR = "#222"


def _nice_ceiling(value: float) -> int:
    """The round number (1, 2, 5 × 10^n) at or above ``value`` for an axis top."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power)
    return int(10 * power)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def time_chart(name: str, buckets: list[Bucket], measure: str, caption: str) -> Markup:
    """Vertical bars per period. ``measure`` "incidents" counts incidents; "fatalities" draws the
    best sum with a line from the low to the high sum (and "+" when the high is open)."""
    height, left, right, top, bottom = 240, 44, 10, 16, 46
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    n = max(len(buckets), 1)

    def value_of(b: Bucket) -> int:
        return b.incidents if measure == "incidents" else b.fatalities.best

    highest = max([value_of(b) for b in buckets] + ([b.fatalities.high for b in buckets] if measure == "fatalities" else []) + [0])
    axis_top = _nice_ceiling(highest / 4) * 4  # four whole-number steps
    step = plot_w / n
    bar_w = max(step * 0.72, 1.0)

    def y(value: float) -> float:
        return top + plot_h - (value / axis_top) * plot_h

    parts = [f'<svg class="chart" data-chart="{escape(name)}" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">']
    for tick in range(0, 5):
        value = axis_top * tick / 4
        parts.append(f'<line class="grid" x1="{left}" x2="{WIDTH - right}" y1="{_fmt(y(value))}" '
                     f'y2="{_fmt(y(value))}" stroke="#ddd" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{_fmt(y(value) + 4)}" text-anchor="end" '
                     f'font-size="11" fill="#555">{_fmt(value)}</text>')
    label_every = max(1, math.ceil(n / 12))
    for i, bucket in enumerate(buckets):
        value = value_of(bucket)
        x = left + i * step + (step - bar_w) / 2
        tip = f"{bucket.label}: {bucket.incidents} incident{'s' if bucket.incidents != 1 else ''}"
        if measure == "fatalities":
            tip += f", fatalities {bucket.fatalities.range_text} (best {bucket.fatalities.best})"
        parts.append(f'<rect class="bar" data-label="{escape(bucket.key)}" data-value="{value}" '
                     f'x="{_fmt(x)}" y="{_fmt(y(value))}" width="{_fmt(bar_w)}" '
                     f'height="{_fmt(y(0) - y(value))}" fill="{BAR_COLOUR}"><title>{escape(tip)}</title></rect>')
        if measure == "fatalities" and bucket.fatalities.known and bucket.fatalities.low != bucket.fatalities.high:
            cx = x + bar_w / 2
            parts.append(f'<line class="range" x1="{_fmt(cx)}" x2="{_fmt(cx)}" y1="{_fmt(y(bucket.fatalities.low))}" '
                         f'y2="{_fmt(y(bucket.fatalities.high))}" stroke="{RANGE_COLOUR}" stroke-width="1.5"/>')
        if measure == "fatalities" and bucket.fatalities.open_high:
            parts.append(f'<text class="open" x="{_fmt(x + bar_w / 2)}" y="{_fmt(y(bucket.fatalities.high) - 3)}" '
                         f'text-anchor="middle" font-size="11" fill="{RANGE_COLOUR}">+</text>')
        if i % label_every == 0:
            parts.append(f'<text x="{_fmt(left + i * step + step / 2)}" y="{height - bottom + 16}" '
                         f'text-anchor="middle" font-size="11" fill="#333">{escape(bucket.label)}</text>')
    parts.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{_fmt(y(0))}" y2="{_fmt(y(0))}" stroke="#333"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def group_chart(name: str, buckets: list[Bucket], caption: str, limit: int = 12) -> Markup:
    """Horizontal bars of incidents per group, with the group's fatalities written beside them."""
    shown = buckets[:limit]
    row_h, left, right, top = 24, 210, 150, 6
    height = top * 2 + row_h * max(len(shown), 1)
    plot_w = WIDTH - left - right
    highest = max([b.incidents for b in shown] + [1])
    parts = [f'<svg class="chart" data-chart="{escape(name)}" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-label="{escape(caption)}" xmlns="http://www.w3.org/2000/svg">']
    for i, bucket in enumerate(shown):
        y = top + i * row_h
        width = plot_w * bucket.incidents / highest
        label = bucket.label if len(bucket.label) <= 30 else bucket.label[:29] + "…"
        tip = f"{bucket.label}: {bucket.incidents} incidents, fatalities {bucket.fatalities.range_text}"
        parts.append(f'<text x="{left - 8}" y="{y + row_h * 0.65:.1f}" text-anchor="end" font-size="12" '
                     f'fill="#222">{escape(label)}</text>')
        parts.append(f'<rect class="bar" data-label="{escape(bucket.key)}" data-value="{bucket.incidents}" '
                     f'x="{left}" y="{y + 3}" width="{_fmt(max(width, 1))}" height="{row_h - 6}" '
                     f'fill="{BAR_COLOUR}"><title>{escape(tip)}</title></rect>')
        killed = bucket.fatalities.range_text
        parts.append(f'<text x="{_fmt(left + width + 6)}" y="{y + row_h * 0.65:.1f}" font-size="11" fill="#444">'
                     f'{bucket.incidents} · killed {escape(killed)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
