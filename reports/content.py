"""What a report says (DESIGN.md 8), built once from approved figures and shared by the HTML, Word and Excel
builders, so that every figure and verdict in the three agrees with the progress JSON."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from indicators.models import DataValue, Kind, ValueStatus
from plans.models import Plan, ReportingPeriod
from plans.numbers import format_number, format_with_unit
from reports.models import Letterhead, Narrative
from reports.selectors import IndicatorProgress, plan_progress
from reports.statuses import STATUS_COLOURS, STATUS_LABELS, STATUSES


@dataclass
class IndicatorLine:
    number: int  # STT in the annex
    code: str
    name: str
    unit: str
    kind: str
    baseline: str
    target: str
    target_year: int | None
    previous: str  # the same period of the previous year
    value: str
    value_number: Decimal | None
    achievement_pct: Decimal | None
    status: str
    status_label: str
    colour: str
    sentence: str
    notes: list[str]
    lead_agencies: list[str]
    yearly: dict[int, str] = field(default_factory=dict)  # end-of-plan: the figure of every year
    # The same figures without their unit, for tables that have an ĐVT column.
    baseline_plain: str = ""
    target_plain: str = ""
    previous_plain: str = ""
    value_plain: str = ""


@dataclass
class GoalSection:
    number: int
    title: str
    lines: list[IndicatorLine]


@dataclass
class ReportContent:
    plan: Plan
    period: ReportingPeriod
    is_final: bool
    words: str  # "6 tháng đầu năm 2024", "năm 2024", "giai đoạn 2021–2025"
    title: str
    letterhead: Letterhead
    narrative: Narrative
    goals: list[GoalSection]
    counts: list[tuple[str, str, str, int]]  # status, label, colour, count
    reported_on_time: list[str]
    reported_late: list[str]
    not_reported: list[str]
    completeness: dict[str, int]
    completeness_rows: list
    has_data: bool
    years: list[int]
    date_line: str
    kind_label: str  # "Báo cáo" or "Báo cáo tổng kết"

    @property
    def lines(self) -> list[IndicatorLine]:
        return [line for goal in self.goals for line in goal.lines]


def period_words(plan: Plan, period: ReportingPeriod, is_final: bool) -> str:
    if is_final:
        return f"giai đoạn {plan.start_year}–{plan.end_year}"
    return f"6 tháng đầu năm {period.year}" if period.kind == "half_year" else f"năm {period.year}"


def letterhead_for(plan: Plan) -> Letterhead:
    """The plan's letterhead, or one drafted from the plan for staff to adjust in the admin."""
    existing = Letterhead.objects.filter(plan=plan).first()
    if existing:
        return existing
    return Letterhead(
        plan=plan,
        parent_body="",
        issuer=_issuer_lines(plan.issuing_body),
        number="Số:      /BC-UBND",
        place=plan.territory.name,
        recipients="Như trên;\nLưu: VT.",
        authority="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
        signer="",
    )


def _issuer_lines(issuing_body: str) -> str:
    """ "Ủy ban nhân dân huyện Bắc Yên" → "ỦY BAN NHÂN DÂN\nHUYỆN BẮC YÊN", as letterheads set it."""
    import re

    match = re.match(
        r"^(.*?)\s+((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+.+)$", issuing_body.strip(), re.I
    )
    return f"{match[1]}\n{match[2]}".upper() if match else issuing_body.upper()


def narrative_for(plan: Plan, period: ReportingPeriod, is_final: bool) -> Narrative:
    existing = Narrative.objects.filter(plan=plan, period=period, is_final=is_final).first()
    return existing or Narrative(plan=plan, period=period, is_final=is_final)


def draft_narrative(content: "ReportContent") -> dict[str, str]:
    """A sensible first draft of the coordinator's sections, from the figures."""
    counts = {status: count for status, _, _, count in content.counts}
    behind = [line for line in content.lines if line.status in ("limited_progress", "deterioration", "not_achieved")]
    late = content.reported_late + content.not_reported
    return {
        "direction": (
            f"Thực hiện {content.plan.title}, trong {content.words} Ủy ban nhân dân đã chỉ đạo các cơ quan, đơn vị "
            "triển khai các nhiệm vụ được giao, lồng ghép mục tiêu bình đẳng giới vào kế hoạch công tác và báo cáo "
            "định kỳ kết quả thực hiện các chỉ tiêu."
        ),
        "shortcomings": (
            f"Còn {len(behind)} chỉ tiêu chậm tiến độ, thụt lùi hoặc không đạt"
            + (f" ({', '.join(line.code for line in behind)})" if behind else "")
            + (f"; {len(late)} cơ quan báo cáo chậm hoặc chưa báo cáo." if late else ".")
            + " Nguyên nhân: "
        ),
        "tasks": (
            "Tập trung chỉ đạo thực hiện các chỉ tiêu chưa đạt tiến độ; đôn đốc các cơ quan báo cáo đúng hạn, "
            f"đầy đủ; phấn đấu hoàn thành {counts.get('on_track', 0) + counts.get('needs_acceleration', 0)} chỉ tiêu "
            "đang thực hiện."
        ),
        "recommendations": "",
    }


def _sentence(item: IndicatorProgress, period_code: str, words: str, previous: str, previous_words: str) -> str:
    """Per indicator: result and unit, same period of the previous year, target and its year, % of plan, status."""
    indicator, progress = item.indicator, item.progress
    head = f"Chỉ tiêu {indicator.code} ({indicator.name})"
    if progress.value is None:
        return f"{head}: chưa có số liệu được duyệt."
    parts = [f"{head}: kết quả {words} là {format_with_unit(progress.value, indicator.unit)}"]
    if progress.value_period and progress.value_period != period_code:
        parts[0] += f" (số liệu kỳ {progress.value_period}, chưa có số liệu kỳ này)"
    if previous:
        parts.append(f"cùng kỳ {previous_words}: {previous}")
    if progress.target:
        target = f"chỉ tiêu kế hoạch đến năm {progress.target.year} là {format_with_unit(progress.target.value, indicator.unit)}"
        if progress.achievement_pct is not None:
            target += f", đạt {format_number(progress.achievement_pct)}% kế hoạch"
        parts.append(target)
    parts.append(f"đánh giá: {STATUS_LABELS[progress.status]}")
    return "; ".join(parts) + "."


def build_report_content(plan: Plan, period: ReportingPeriod, *, is_final: bool = False) -> ReportContent:
    """Everything the report says, from approved figures. A fixed number of queries."""
    result = plan_progress(plan, period)
    words = period_words(plan, period, is_final)
    periods = {p.code: p for p in plan.periods.all()}
    previous_code = f"{period.year - 1}S1" if period.kind == "half_year" else str(period.year - 1)
    previous_words = f"6 tháng đầu năm {period.year - 1}" if period.kind == "half_year" else f"năm {period.year - 1}"
    notes: dict[int, list[str]] = {}
    for figure in (
        DataValue.objects.filter(indicator__plan=plan, period=period, status=ValueStatus.APPROVED)
        .exclude(note="")
        .select_related("agency", "unit")
        .order_by("indicator_id", "unit__name")
    ):
        who = figure.agency.name if figure.agency else figure.unit.name
        notes.setdefault(figure.indicator_id, []).append(f"{who}: {figure.note}")
    years = list(range(plan.start_year, plan.end_year + 1)) if is_final else []
    goals, number = [], 0
    for goal, items in result.goals:
        lines = []
        for item in items:
            number += 1
            indicator, progress = item.indicator, item.progress
            by_period = {p.period: p.value for p in item.series}
            previous = (
                format_with_unit(by_period.get(previous_code), indicator.unit) if previous_code in periods else ""
            )
            baseline = ""
            if indicator.baseline_value is not None:
                baseline = f"{format_with_unit(indicator.baseline_value, indicator.unit)} ({indicator.baseline_year})"
            elif indicator.baseline_text:
                baseline = f"{indicator.baseline_text} ({indicator.baseline_year})"
            lines.append(
                IndicatorLine(
                    number=number,
                    code=indicator.code,
                    name=indicator.name,
                    unit=indicator.unit,
                    kind=indicator.kind,
                    baseline=baseline,
                    target=format_with_unit(progress.target.value, indicator.unit) if progress.target else "",
                    target_year=progress.target.year if progress.target else None,
                    previous=previous,
                    value=format_with_unit(progress.value, indicator.unit)
                    + (
                        f" ({progress.value_period})"
                        if progress.value_period and progress.value_period != period.code
                        else ""
                    ),
                    value_number=Decimal(progress.value)
                    if progress.value is not None and indicator.kind in (Kind.PERCENT, Kind.RATIO, Kind.COUNT)
                    else None,
                    achievement_pct=progress.achievement_pct,
                    status=progress.status,
                    status_label=STATUS_LABELS[progress.status],
                    colour=STATUS_COLOURS[progress.status],
                    sentence=_sentence(item, period.code, words, previous, previous_words),
                    notes=notes.get(indicator.pk, []),
                    lead_agencies=item.lead_agencies,
                    yearly={year: format_with_unit(by_period.get(str(year)), "") for year in years},
                    baseline_plain=f"{format_with_unit(indicator.baseline_value if indicator.baseline_value is not None else indicator.baseline_text, '')}"
                    + (f" ({indicator.baseline_year})" if indicator.baseline_year else ""),
                    target_plain=format_with_unit(progress.target.value, "") if progress.target else "",
                    previous_plain=format_with_unit(by_period.get(previous_code), "")
                    if previous_code in periods
                    else "",
                    value_plain=format_with_unit(progress.value, "")
                    + (
                        f" ({progress.value_period})"
                        if progress.value_period and progress.value_period != period.code
                        else ""
                    ),
                )
            )
        goals.append(GoalSection(goal.number, goal.title, lines))
    on_time, late, missing = [], [], []
    for row in result.completeness_rows:
        if row.submitted < row.expected:
            missing.append(f"{row.agency.name} ({row.expected - row.submitted}/{row.expected} chỉ tiêu chưa báo cáo)")
        elif row.on_time < row.expected:
            late.append(row.agency.name)
        else:
            on_time.append(row.agency.name)
    kind = "Báo cáo tổng kết" if is_final else "Báo cáo"
    today = timezone.localdate()
    content = ReportContent(
        plan=plan,
        period=period,
        is_final=is_final,
        words=words,
        title=f"Tổng kết thực hiện {plan.title}" if is_final else f"Kết quả thực hiện {plan.title}, {words}",
        letterhead=letterhead_for(plan),
        narrative=narrative_for(plan, period, is_final),
        goals=goals,
        counts=[(status, label, colour, result.summary[status]) for status, label, colour in STATUSES],
        reported_on_time=on_time,
        reported_late=late,
        not_reported=missing,
        completeness=result.completeness,
        completeness_rows=result.completeness_rows,
        has_data=any(line.status not in ("no_data", "not_applicable") for goal in goals for line in goal.lines),
        years=years,
        date_line=f"ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
        kind_label=kind,
    )
    return content


def section_text(content: ReportContent, name: str) -> str:
    """A section written by the coordinator, or the draft while nothing is written."""
    written = getattr(content.narrative, name)
    return written or draft_narrative(content)[name]
