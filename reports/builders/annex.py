"""The annex table (DESIGN.md 8) as rows of text, shared by the HTML, Word and Excel builders."""

from plans.numbers import format_number
from reports.content import ReportContent

ANNEX_HEADERS = [
    "STT",
    "Mục tiêu/Chỉ tiêu",
    "ĐVT",
    "Giá trị cơ sở",
    "Chỉ tiêu kế hoạch (năm)",
    "Cùng kỳ năm trước",
    "Thực hiện kỳ báo cáo",
    "% so với kế hoạch",
    "Đánh giá",
    "Cơ quan chủ trì",
    "Ghi chú",
]


def annex_headers(content: ReportContent) -> list[str]:
    if not content.is_final:
        return ANNEX_HEADERS
    years = [f"Năm {year}" for year in content.years]
    return ANNEX_HEADERS[:5] + years + ANNEX_HEADERS[7:]


def annex_row(content: ReportContent, line) -> list[str]:
    """One indicator's annex cells; figures without their unit, which has its own column (ĐVT)."""
    pct = f"{format_number(line.achievement_pct)}%" if line.achievement_pct is not None else ""
    target = f"{line.target_plain} ({line.target_year})" if line.target_plain else ""
    middle = (
        [line.yearly.get(year, "") for year in content.years]
        if content.is_final
        else [line.previous_plain, line.value_plain]
    )
    return [
        str(line.number),
        f"{line.code}. {line.name}",
        line.unit,
        line.baseline_plain.strip(),
        target,
        *middle,
        pct,
        line.status_label,
        "; ".join(line.lead_agencies),
        " ".join(line.notes),
    ]
