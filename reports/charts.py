"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, so they render offline and print on paper.

Pure functions from plain values to SVG text; every label is escaped.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plans.numbers import format_number
from reports.statuses import STATUS_COLOURS, STATUS_LABELS, STATUSES


def _n(value) -> str:
    """A coordinate for SVG: plain, never localized."""
    return f"{float(value):.2f}"


def status_counts_svg(summary: dict[str, int]) -> SafeString:
    """Horizontal bars, one per status, in the order and colours of DESIGN.md 6."""
    rows = [(status, summary.get(status, 0)) for status, _, _ in STATUSES]
    top = max([count for _, count in rows] + [1])
    height, label_width, bar_width = 24, 190, 300
    parts = [
        f'<svg class="chart status-chart" viewBox="0 0 {label_width + bar_width + 50} {height * len(rows) + 8}" '
        f'role="img" aria-label="Số chỉ tiêu theo mức đánh giá" xmlns="http://www.w3.org/2000/svg">'
    ]
    for index, (status, count) in enumerate(rows):
        y = 4 + index * height
        width = bar_width * count / top
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13">{escape(STATUS_LABELS[status])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{_n(width)}" height="{height - 8}" fill="{STATUS_COLOURS[status]}" '
            f'stroke="#52606d" stroke-width="0.5" data-status="{status}" data-count="{count}"/>'
            f'<text x="{_n(label_width + width + 6)}" y="{y + 16}" font-size="13" font-weight="600">{count}</text>'
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

    `points` are (time, value, label); times are years at the end of what they cover (2024S1 → 2024.5).
    """
    width, height, left, right, top, bottom = 640, 280, 56, 20, 20, 40
    values = [v for _, v, _ in points] + [v for _, v in filter(None, [baseline, target, forecast])]
    if not values:
        return mark_safe('<p class="muted">Chưa có số liệu để vẽ biểu đồ.</p>')
    low, high = min(values), max(values)
    pad = (high - low) * Decimal("0.1") or (abs(high) * Decimal("0.1") or Decimal(1))
    low, high = (low - pad if low - pad > 0 or low < 0 else Decimal(0)), high + pad
    t0, t1 = Decimal(first_year), Decimal(last_year + 1)

    def x(t):
        return left + (width - left - right) * float((Decimal(t) - t0) / (t1 - t0))

    def y(v):
        return top + (height - top - bottom) * float((high - Decimal(v)) / (high - low))

    parts = [
        f'<svg class="chart series-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Diễn biến số liệu theo thời gian" xmlns="http://www.w3.org/2000/svg">',
        f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" fill="#fff" stroke="#cbd2d9"/>',
    ]
    for step in range(5):  # horizontal grid and value labels
        v = low + (high - low) * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_n(y(v))}" y2="{_n(y(v))}" stroke="#e4e7eb"/>'
            f'<text x="{left - 6}" y="{_n(y(v) + 4)}" text-anchor="end" font-size="11">{escape(format_number(v, decimals=1))}</text>'
        )
    for year in range(first_year, last_year + 2):  # year ticks at the start of each year
        parts.append(
            f'<line x1="{_n(x(year))}" x2="{_n(x(year))}" y1="{height - bottom}" y2="{height - bottom + 5}" stroke="#52606d"/>'
            f'<text x="{_n(x(year))}" y="{height - bottom + 18}" text-anchor="middle" font-size="11">{year}</text>'
        )
    if target is not None:
        parts.append(
            f'<line class="target-line" x1="{left}" x2="{width - right}" y1="{_n(y(target[1]))}" y2="{_n(y(target[1]))}" '
            f'stroke="#1a7f37" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{width - right - 4}" y="{_n(y(target[1]) - 5)}" text-anchor="end" font-size="11" fill="#1a7f37">'
            f"Chỉ tiêu {escape(format_number(target[1]))} {escape(unit)}</text>"
        )
    line = ([baseline] if baseline else []) + [(t, v) for t, v, _ in points]
    if forecast is not None and line:
        last = line[-1]
        parts.append(
            f'<line class="forecast-line" x1="{_n(x(last[0]))}" y1="{_n(y(last[1]))}" x2="{_n(x(forecast[0]))}" '
            f'y2="{_n(y(forecast[1]))}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="2 4"/>'
            f'<text x="{_n(x(forecast[0]) - 4)}" y="{_n(y(forecast[1]) + 14)}" text-anchor="end" font-size="11">'
            f"Dự báo {escape(format_number(forecast[1]))}</text>"
        )
    if len(line) > 1:
        coordinates = " ".join(f"{_n(x(t))},{_n(y(v))}" for t, v in line)
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"/>')
    if baseline is not None:
        parts.append(
            f'<rect class="baseline-point" x="{_n(x(baseline[0]) - 4)}" y="{_n(y(baseline[1]) - 4)}" width="8" height="8" fill="#52606d">'
            f"<title>Cơ sở: {escape(format_number(baseline[1]))}</title></rect>"
        )
    for t, v, label in points:
        parts.append(
            f'<circle class="value-point" cx="{_n(x(t))}" cy="{_n(y(v))}" r="4" fill="{colour}">'
            f"<title>{escape(label)}: {escape(format_number(v, decimals=2))}</title></circle>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - built from escaped labels and numbers
