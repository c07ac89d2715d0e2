"""Charts as inline SVG, drawn at build time: no chart library, no JavaScript.

Readable in black and white (each series has its own marker shape and dash pattern) and
described for screen readers (role="img", a <title>, and the same numbers in a table
beside every chart). Labels are escaped: agency names are untrusted text.
"""

from __future__ import annotations

from html import escape

_WIDTH, _HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 20, 40
_MARKERS = ("circle", "square", "triangle", "diamond")
_DASHES = ("", "6 3", "2 3", "8 3 2 3")


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y + 4:.1f}L{x - 5:.1f} {y + 4:.1f}Z"/>'
    return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}L{x - 5:.1f} {y:.1f}Z"/>'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(chart_id: str, title: str, years: list[int], series: list[tuple[str, list[float | None]]],
               notes: list[str] | None = None, top: float | None = None) -> str:
    """Trend of a few figures over the years; `notes` go under each year (how many reports
    a point rests on), `top` fixes the scale (100 for percentages)."""
    values = [v for _, points in series for v in points if v is not None]
    if len(years) < 2 or not values:
        return ""
    top = top or _nice_max(max(values))
    bottom = _BOTTOM + (16 if notes else 0)
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - bottom

    def x(i: int) -> float:
        return _LEFT + plot_w * i / (len(years) - 1)

    def y(v: float) -> float:
        return _TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT + 24 * len(series)}" role="img"'
        f' aria-labelledby="{chart_id}">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_WIDTH - _RIGHT}" y2="{_TOP + plot_h}"/>',
        f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_TOP + plot_h}"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = top * fraction
        parts.append(f'<text class="tick" x="{_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:g}</text>')
    for i, year in enumerate(years):
        parts.append(f'<text class="tick" x="{x(i):.1f}" y="{_TOP + plot_h + 18}" text-anchor="middle">{year}</text>')
        if notes:
            parts.append(f'<text class="note" x="{x(i):.1f}" y="{_TOP + plot_h + 34}" text-anchor="middle">'
                         f'{escape(notes[i])}</text>')
    for n, (name, points) in enumerate(series):
        shape, dash = _MARKERS[n % len(_MARKERS)], _DASHES[n % len(_DASHES)]
        path = " ".join(
            f"{'M' if i == 0 or points[i - 1] is None else 'L'}{x(i):.1f} {y(v):.1f}"
            for i, v in enumerate(points) if v is not None
        )
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<g class="series s{n}"><path class="line" d="{path}"{dash_attr}/>')
        parts += [_marker(shape, x(i), y(v)) for i, v in enumerate(points) if v is not None]
        legend_y = _HEIGHT + 24 * n + 8
        parts.append(f'<line class="line" x1="{_LEFT}" y1="{legend_y}" x2="{_LEFT + 28}" y2="{legend_y}"{dash_attr}/>')
        parts.append(_marker(shape, _LEFT + 14, legend_y))
        parts.append(f'<text class="legend" x="{_LEFT + 36}" y="{legend_y + 4}">{escape(name)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(chart_id: str, title: str, bars: list[tuple[str, float]], unit: str = "") -> str:
    """A distribution across agencies: one horizontal bar each, largest first."""
    bars = [b for b in bars if b[1] is not None]
    if not bars:
        return ""
    bars.sort(key=lambda b: (-b[1], b[0]))
    top = _nice_max(max(value for _, value in bars))
    row, label_w = 22, 220
    height = _TOP + row * len(bars) + 10
    parts = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" role="img" aria-labelledby="{chart_id}">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(bars):
        y = _TOP + row * i
        width = (_WIDTH - label_w - 70) * value / top
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(f'<text class="tick" x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row - 8}"/>')
        parts.append(f'<text class="tick" x="{label_w + width + 6:.1f}" y="{y + 14}">{value:g}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)
