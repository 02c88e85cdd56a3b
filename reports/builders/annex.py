"""The annex table (DESIGN.md 8), one place for its columns: as text for the Word and HTML pages, and as cells for
Excel, where every number is a number and the years have their own columns."""

from dataclasses import dataclass
from decimal import Decimal

from plans.numbers import format_number, format_value, plain_number
from reports.content import IndicatorLine, ReportContent
from reports.explain import base_words, figure, period_words
from reports.progress import DETERIORATION, LIMITED_PROGRESS

# The result and its verdict: the last columns of the annex, in Word and in Excel alike.
RESULT_HEADERS = [
    "Cùng kỳ năm trước",
    "Thực hiện kỳ báo cáo",
    "% so với kế hoạch",
    "Đánh giá",
    "Cơ quan chủ trì",
    "Ghi chú",
]
ANNEX_HEADERS = [
    "STT",
    "Mục tiêu/Chỉ tiêu",
    "ĐVT",
    "Giá trị cơ sở (năm)",
    "Chỉ tiêu kế hoạch (năm)",
    *RESULT_HEADERS,
]
# Excel: the years beside the values they date, as numbers.
SHEET_HEADERS = [
    "STT",
    "Mục tiêu/Chỉ tiêu",
    "ĐVT",
    "Giá trị cơ sở",
    "Năm cơ sở",
    "Chỉ tiêu kế hoạch",
    "Năm đạt chỉ tiêu",
    *RESULT_HEADERS,
]
PERIOD_HEADERS = ("Cùng kỳ năm trước", "Thực hiện kỳ báo cáo")

# How an Excel cell shows its number (the reader's regional settings give the separators: 1.234,5 in Vietnamese).
NUMBER, YEAR, PERCENT, INDEX = "number", "year", "percent", "index"


@dataclass(frozen=True)
class SheetCell:
    value: object  # int, float, str or None
    format: str = ""  # NUMBER, YEAR, PERCENT, INDEX, or "" for text


def _with_years(headers: list[str], content: ReportContent) -> list[str]:
    if not content.is_final:
        return list(headers)
    at = headers.index(PERIOD_HEADERS[0])
    return headers[:at] + [f"Năm {year}" for year in content.years] + headers[at + 2 :]


def annex_headers(content: ReportContent) -> list[str]:
    return _with_years(ANNEX_HEADERS, content)


def sheet_headers(content: ReportContent) -> list[str]:
    return _with_years(SHEET_HEADERS, content)


def text(value) -> str:
    """A figure in a table cell: `15,38`, `Có`, the text; "" for none (the unit has its own column)."""
    return format_value(value, decimals=2 if isinstance(value, (Decimal, int, float)) else None)


def notes_of(line: IndicatorLine) -> str:
    """The annex's "Ghi chú": which period an older figure is from, what a lagging verdict was measured against,
    and the agencies' notes."""
    notes = []
    if line.value_is_earlier:
        notes.append(f"Số liệu {period_words(line.value_period)} (kỳ này chưa có).")
    progress = line.progress
    if line.status in (DETERIORATION, LIMITED_PROGRESS) and progress.base_time is not None:
        notes.append(f"So với {base_words(progress)}: {figure(progress.base_value, line.unit)}.")
    notes += line.notes
    return " ".join(notes)


def _dated(value, year) -> str:
    shown = text(value)
    return f"{shown} ({year})" if shown and year else shown


def annex_row(content: ReportContent, line: IndicatorLine) -> list[str]:
    """One indicator's annex cells as text; figures without their unit, which has its own column (ĐVT)."""
    pct = f"{format_number(line.achievement_pct)}%" if line.achievement_pct is not None else ""
    middle = (
        [text(line.yearly.get(year)) for year in content.years]
        if content.is_final
        else [text(line.previous), text(line.value)]
    )
    return [
        str(line.number),
        f"{line.code}. {line.name}",
        line.unit,
        _dated(line.baseline, line.baseline_year),
        _dated(line.target, line.target_year),
        *middle,
        pct,
        line.status_label,
        "; ".join(line.lead_agencies),
        notes_of(line),
    ]


def _cell(value) -> SheetCell:
    """A figure as Excel holds it: a number with its display format; yes/no and text as text."""
    if value is None or value == "":
        return SheetCell(None)
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, float)):
        return SheetCell(format_value(value))
    return SheetCell(plain_number(Decimal(value)), NUMBER)


def _year(year) -> SheetCell:
    return SheetCell(year, YEAR) if year else SheetCell(None)


def sheet_row(content: ReportContent, line: IndicatorLine) -> list[SheetCell]:
    """One indicator's annex cells for Excel: every number a number, every year in its own column."""
    middle = (
        [_cell(line.yearly.get(year)) for year in content.years]
        if content.is_final
        else [_cell(line.previous), _cell(line.value)]
    )
    pct = (
        SheetCell(plain_number(line.achievement_pct), PERCENT) if line.achievement_pct is not None else SheetCell(None)
    )
    return [
        SheetCell(line.number, INDEX),
        SheetCell(f"{line.code}. {line.name}"),
        SheetCell(line.unit),
        _cell(line.baseline),
        _year(line.baseline_year if line.baseline is not None else None),
        _cell(line.target),
        _year(line.target_year),
        *middle,
        pct,
        SheetCell(line.status_label),
        SheetCell("; ".join(line.lead_agencies)),
        SheetCell(notes_of(line)),
    ]
