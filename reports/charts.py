"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, so they render offline and print on paper.

Pure functions from plain values to SVG text; every label is escaped. Text sizes are set by classes, larger on a
phone's narrow screen (where the drawing is scaled down), so that labels stay legible at 360 px.

The series chart places each figure by its period as a person reads it: a year's figure ("Năm 2024") on the tick of
that year, a 6-month figure ("6 tháng đầu năm 2024") halfway into that year. (A period's time is its end — 2024 →
2025.0, 2024S1 → 2024.5 — so the tick of year Y stands at time Y + 1.) The value axis has round ticks.
"""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plans.numbers import format_number
from plans.periods import PeriodCodeError, parse_period
from reports.statuses import STATUS_COLOURS, STATUS_LABELS, STATUSES


def _n(value) -> str:
    """A coordinate for SVG: plain, never localized."""
    return f"{float(value):.2f}"


def status_counts_svg(summary: dict[str, int]) -> SafeString:
    """Horizontal bars, one per status, in the order and colours of DESIGN.md 6, each with its label and count."""
    rows = [(status, summary.get(status, 0)) for status, _, _ in STATUSES]
    top = max([count for _, count in rows] + [1])
    height, label_width, bar_width = 34, 310, 260
    parts = [
        f'<svg class="chart status-chart" viewBox="0 0 {label_width + bar_width + 60} {height * len(rows) + 8}" '
        f'role="img" aria-label="Số chỉ tiêu theo mức đánh giá" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (status, count) in enumerate(rows):
        y = 4 + index * height
        width = bar_width * count / top
        parts.append(
            f'<text class="t-label" x="{label_width - 10}" y="{y + 23}" text-anchor="end">{escape(STATUS_LABELS[status])}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{_n(max(width, 1))}" height="{height - 10}" '
            f'fill="{STATUS_COLOURS[status]}" stroke="#52606d" stroke-width="0.6" data-status="{status}" data-count="{count}"/>'
            f'<text class="t-strong" x="{_n(label_width + width + 8)}" y="{y + 23}">{count}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped labels and numbers


def progress_bar(*, base, target, value, direction: str) -> dict | None:
    """Where the base, the target and the value sit on a bar from base to target, as percentages (0–100)."""
    if base is None or target is None or value is None or isinstance(value, (bool, str)):
        return None
    base, target, value = Decimal(base), Decimal(target), Decimal(value)
    low, high = min(base, target, value), max(base, target, value)
    if high == low:
        return {"base": 0, "target": 100, "value": 100, "fill_from": 0, "fill_width": 100}

    def at(number):
        return float((number - low) / (high - low) * 100)

    start, end = sorted((at(base), at(value)))
    return {"base": at(base), "target": at(target), "value": at(value), "fill_from": start, "fill_width": end - start}


def nice_ticks(low: Decimal, high: Decimal, *, count: int = 5) -> list[Decimal]:
    """Round values covering low..high in about `count` steps of 1, 2 or 5 × 10ⁿ: 0, 20, 40 … or 1,8, 2, 2,2 …

    A range far from zero starts at a round value below it, not at zero; a range close to zero starts at zero."""
    low, high = Decimal(low), Decimal(high)
    if low > 0 and low < high * Decimal("0.35"):
        low = Decimal(0)
    if high == low:
        spread = abs(high) / 10 or Decimal(1)
        low, high = low - spread, high + spread
    raw = (high - low) / count
    magnitude = Decimal(10) ** math.floor(math.log10(float(raw)))
    step = next(m * magnitude for m in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)) if m * magnitude >= raw)
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    last = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if first < 0 <= low:
        first = Decimal(0)
    ticks, tick = [], first
    while tick <= last:
        ticks.append(tick.to_integral_value() if tick == tick.to_integral_value() else tick.normalize())
        tick += step
    return ticks


def period_label(label: str) -> str:
    """A point's label in words: a period code becomes "Năm 2024" / "6 tháng đầu năm 2024"; other text stays."""
    try:
        return parse_period(label).label
    except PeriodCodeError:
        return label


def _figure(value) -> str:
    return format_number(Decimal(value), decimals=2)


def series_svg(
    *,
    points: list[tuple[Decimal, Decimal, str]],
    baseline: tuple[Decimal, Decimal] | None,
    target: tuple[Decimal, Decimal] | None,
    forecast: tuple[Decimal, Decimal] | None,
    unit: str,
    first_year: int,
    last_year: int,
    colour: str = "#1f5f8b",
) -> SafeString:
    """A line chart of an indicator over time: baseline, figures, the target line and the forecast line.

    `points` are (time, value, label); times are the ends of what they cover (2024S1 → 2024.5, 2024 → 2025.0, a
    baseline or target of year Y → Y + 1), labels period codes or words. Ticks name the years first_year…last_year.
    """
    width, height, left, right, top, bottom = 600, 330, 70, 24, 34, 44
    values = [Decimal(v) for _, v, _ in points] + [Decimal(v) for _, v in filter(None, [baseline, target, forecast])]
    if not values:
        return mark_safe('<p class="muted">Chưa có số liệu để vẽ biểu đồ.</p>')
    ticks = nice_ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1]
    # the tick of year Y stands at time Y + 1 (the end of year Y); half a year of room before the first
    t0, t1 = Decimal(first_year) + Decimal("0.5"), Decimal(last_year) + Decimal("1.35")
    plot_width, plot_height = width - left - right, height - top - bottom

    def x(t):
        return left + plot_width * float((Decimal(t) - t0) / (t1 - t0))

    def y(v):
        return top + plot_height * float((high - Decimal(v)) / (high - low))

    axis_y = height - bottom
    parts = [
        f'<svg class="chart series-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Diễn biến số liệu theo thời gian" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{left}" y="{top}" width="{plot_width}" height="{plot_height}" fill="#fff" stroke="#cbd2d9"/>',
    ]
    if unit:
        parts.append(f'<text class="t-small" x="{left}" y="{top - 12}">ĐVT: {escape(unit)}</text>')
    for tick in ticks:  # round values, Vietnamese format
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_n(y(tick))}" y2="{_n(y(tick))}" stroke="#e4e7eb"/>'
            f'<text class="t-small" x="{left - 8}" y="{_n(y(tick) + 5)}" text-anchor="end">{escape(format_number(tick))}</text>'
        )
    for year in range(first_year, last_year + 1):
        at, mid = x(year + 1), x(Decimal(year) + Decimal("0.5"))
        parts.append(
            f'<line x1="{_n(mid)}" x2="{_n(mid)}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#9aa5b1"/>'
            f'<line class="year-tick" x1="{_n(at)}" x2="{_n(at)}" y1="{axis_y}" y2="{axis_y + 8}" stroke="#52606d"/>'
            f'<text class="t-label" x="{_n(at)}" y="{axis_y + 28}" text-anchor="middle">{year}</text>'
        )
    if target is not None:
        parts.append(
            f'<line class="target-line" x1="{left}" x2="{width - right}" y1="{_n(y(target[1]))}" y2="{_n(y(target[1]))}" '
            f'stroke="#1a7f37" stroke-width="2" stroke-dasharray="8 5"/>'
            f'<text class="t-small target-label" x="{width - right - 6}" y="{_n(y(target[1]) - 7)}" text-anchor="end" '
            f'style="fill:#1a7f37">Chỉ tiêu {escape(_figure(target[1]))}</text>'
        )
    line = ([(baseline[0], baseline[1])] if baseline else []) + [(t, v) for t, v, _ in points]
    line.sort(key=lambda point: point[0])
    if forecast is not None and line:
        last = line[-1]
        parts.append(
            f'<line class="forecast-line" x1="{_n(x(last[0]))}" y1="{_n(y(last[1]))}" x2="{_n(x(forecast[0]))}" '
            f'y2="{_n(y(forecast[1]))}" stroke="{colour}" stroke-width="2" stroke-dasharray="2 5"/>'
            f'<circle cx="{_n(x(forecast[0]))}" cy="{_n(y(forecast[1]))}" r="4" fill="#fff" stroke="{colour}" stroke-width="2">'
            f"<title>Dự báo đến năm {int(forecast[0]) - 1}: {escape(_figure(forecast[1]))}</title></circle>"
            f'<text class="t-small forecast-label" x="{_n(x(forecast[0]) + 6)}" '
            f'y="{_n(y(forecast[1]) + (26 if target is None or forecast[1] <= target[1] else -12))}" '
            f'text-anchor="end">{escape(_figure(forecast[1]))}</text>'
        )
    if len(line) > 1:
        coordinates = " ".join(f"{_n(x(t))},{_n(y(v))}" for t, v in line)
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
    if baseline is not None:
        parts.append(
            f'<rect class="baseline-point" x="{_n(x(baseline[0]) - 5)}" y="{_n(y(baseline[1]) - 5)}" width="10" height="10" fill="#52606d">'
            f"<title>Năm cơ sở {int(baseline[0]) - 1}: {escape(_figure(baseline[1]))}</title></rect>"
        )
    for t, v, label in points:
        parts.append(
            f'<circle class="value-point" cx="{_n(x(t))}" cy="{_n(y(v))}" r="5" fill="{colour}">'
            f"<title>{escape(period_label(label))}: {escape(_figure(v))}</title></circle>"
        )
    if points:  # the latest figure, written beside its point
        t, v, _ = max(points, key=lambda point: point[0])
        parts.append(
            f'<text class="t-strong" x="{_n(x(t))}" y="{_n(y(v) - 12)}" text-anchor="middle">{escape(_figure(v))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped labels and numbers
