"""What a report says (DESIGN.md 8), built once from approved figures and shared by the HTML, Word and Excel
builders, so that every figure and verdict in the three agrees with the progress JSON."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from indicators.models import DataValue, Kind, ValueStatus
from plans.models import Plan, ReportingPeriod
from plans.periods import parse_period
from reports import prose
from reports.activities import ActivitySection, activity_section, direction_draft
from reports.models import Letterhead, Narrative
from reports.progress import DETERIORATION, LIMITED_PROGRESS, NOT_ACHIEVED, Progress
from reports.selectors import plan_progress
from reports.statuses import STATUS_COLOURS, STATUS_LABELS, STATUS_PRINT_FILLS, STATUSES

BEHIND = (LIMITED_PROGRESS, DETERIORATION, NOT_ACHIEVED)


class ReportRefused(ValueError):
    """A report that cannot be made for the period asked (the message says why, in Vietnamese)."""


@dataclass
class IndicatorLine:
    """One indicator of the report: the figures as they are (numbers stay numbers) and the sentence about them."""

    number: int  # STT in the annex
    code: str
    name: str
    unit: str
    kind: str
    direction: str
    progress: Progress
    baseline: object  # number, yes/no or text; None without one
    baseline_year: int | None
    target: object
    target_year: int | None
    previous: object  # the same period of the previous year; None without one (or in the end-of-plan report)
    value: object  # the latest figure up to the period
    value_period: str | None
    achievement_pct: Decimal | None
    status: str
    status_label: str
    colour: str  # the status colour of DESIGN.md 6 (screens)
    fill: str  # its light tint for printed tables
    notes: list[str]
    lead_agencies: list[str]
    period_code: str = ""  # the period reported on
    compare_value: object = None  # what the prose compares the figure with, and its words:
    compare_words: str = ""  # "cùng kỳ năm 2023", "năm 2023", or the plan's first year in the end-of-plan report
    yearly: dict[int, object] = field(default_factory=dict)  # end-of-plan: the figure of every year
    sentence: str = ""

    @property
    def value_is_earlier(self) -> bool:
        """The period has no figure: the latest earlier one stands (the annex says which)."""
        return self.value is not None and self.value_period is not None and self.value_period != self.period_code


@dataclass
class GoalSection:
    number: int
    title: str
    lines: list[IndicatorLine]
    missing: str = ""  # the indicators without figures, named together


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
    issued_on: date
    number: str  # "Số: 215/BC-UBND"
    kind_label: str  # "Báo cáo" or "Báo cáo tổng kết"
    activities: ActivitySection | None = None  # section I and the annex's activities (reports.activities)

    @property
    def lines(self) -> list[IndicatorLine]:
        return [line for goal in self.goals for line in goal.lines]

    @property
    def date_line(self) -> str:
        return prose.heading_date(self.issued_on)

    @property
    def number_only(self) -> str:
        """ "Số: 215/BC-UBND" → "215/BC-UBND"; a number still blank keeps its room: "     /BC-UBND"."""
        text = self.number.strip()
        return text[4:] if text.lower().startswith("số:") else text

    @property
    def annex_subtitle(self) -> str:
        """ "(Kèm theo Báo cáo số 215/BC-UBND ngày 24/11/2025 của Ủy ban nhân dân huyện Bắc Yên)"."""
        number = " ".join(self.number_only.split()) if self.number_only.strip()[:1].isdigit() else self.number_only
        return f"(Kèm theo Báo cáo số {number} ngày {prose.document_date(self.issued_on)} của {self.plan.issuing_body})"

    @property
    def issuer_lines(self) -> list[str]:
        """The issuing body on its lines; typed on one line, it is set as letterheads set it (body / place)."""
        text = self.letterhead.issuer.strip()
        if "\n" not in text:
            text = prose.issuer_lines(text)
        return [line.strip() for line in text.upper().splitlines() if line.strip()]

    @property
    def addressees(self) -> list[str]:
        return [line.strip().rstrip(";.") for line in self.letterhead.addressees.splitlines() if line.strip()]

    @property
    def recipients(self) -> list[str]:
        return [line.strip() for line in self.letterhead.recipients.splitlines() if line.strip()]

    @property
    def authority(self) -> list[str]:
        """The lines above the signature, the signer's title last (in capitals, as NĐ 30 sets them)."""
        lines = [line.strip().upper() for line in self.letterhead.authority.splitlines() if line.strip()]
        if self.letterhead.signer_title.strip():
            lines.append(self.letterhead.signer_title.strip().upper())
        return lines

    @property
    def missing_letterhead(self) -> list[str]:
        """What the coordinator still has to set in the admin before the report can be signed as it comes out."""
        missing = []
        if not self.letterhead.signer.strip():
            missing.append("họ tên người ký")
        if not self.letterhead.addressees.strip():
            missing.append("nơi “Kính gửi”")
        return missing

    @property
    def reporting_sentence(self) -> str:
        c = self.completeness
        if not c["expected"]:
            return "Kỳ này không có chỉ tiêu nào được giao cơ quan chủ trì báo cáo."
        return (
            f"Kỳ này các cơ quan chủ trì phải báo cáo {c['expected']} lượt chỉ tiêu; đã báo cáo {c['submitted']}, "
            f"trong đó {c['on_time']} lượt đúng hạn."
        )

    @property
    def earlier_sentence(self) -> str:
        return prose.earlier_sentence(self.lines, self.period.words)

    @property
    def counts_sentence(self) -> str:
        total = sum(count for *_, count in self.counts)
        parts = [f"{count} {label.lower()}" for _, label, _, count in self.counts if count]
        return f"Trong {total} chỉ tiêu của Kế hoạch, có {prose.join_names(parts)}."


def final_report_refusal(plan: Plan, period: ReportingPeriod) -> str:
    """Why an end-of-plan report cannot be made for this period; "" when it can (only the plan's last year)."""
    if period.kind != "year" or period.year != plan.end_year:
        return (
            f"Báo cáo tổng kết giai đoạn {plan.start_year}–{plan.end_year} chỉ lập cho năm cuối của kế hoạch "
            f"(năm {plan.end_year}), không lập cho {period.words}. Hãy chọn kỳ “Năm {plan.end_year}”, hoặc bỏ "
            "chọn báo cáo tổng kết để lập báo cáo kỳ này."
        )
    return ""


def period_words(plan: Plan, period: ReportingPeriod, is_final: bool) -> str:
    return f"giai đoạn {plan.start_year}–{plan.end_year}" if is_final else period.words


def letterhead_for(plan: Plan) -> Letterhead:
    """The plan's letterhead, or one drafted from the plan for staff to adjust in the admin."""
    existing = Letterhead.objects.filter(plan=plan).first()
    if existing:
        return existing
    body, _ = prose.issuer_parts(plan.issuing_body)
    return Letterhead(
        plan=plan,
        parent_body="",
        issuer=prose.issuer_lines(plan.issuing_body),
        number="Số:      /BC-UBND",
        place=plan.territory.name,
        addressees=plan.parent.issuing_body if plan.parent_id else "",
        recipients="Như trên;\nLưu: VT." if plan.parent_id else "Lưu: VT.",
        authority=f"TM. {body.upper()}",
        signer_title="CHỦ TỊCH",
        signer="",
    )


def narrative_for(plan: Plan, period: ReportingPeriod, is_final: bool) -> Narrative:
    existing = Narrative.objects.filter(plan=plan, period=period, is_final=is_final).first()
    return existing or Narrative(plan=plan, period=period, is_final=is_final)


def draft_narrative(content: "ReportContent") -> dict[str, str]:
    """A first draft of the coordinator's sections, from the plan and the figures; the coordinator edits it."""
    plan, spec = content.plan, parse_period(content.period.code)
    issuer, short = plan.issuing_body, prose.issuer_short(plan.issuing_body)
    counts = {status: count for status, _, _, count in content.counts}
    total = sum(counts.values())
    this_plan = prose.plan_reference(title=plan.title, document_number=plan.document_number, issue_date=plan.issue_date)
    opening = f"{issuer} đã ban hành {this_plan}.\n"
    if plan.parent_id:
        parent = plan.parent
        higher = prose.plan_reference(
            title=parent.title,
            document_number=parent.document_number,
            issue_date=parent.issue_date,
            issuing_body=parent.issuing_body,
        )
        opening = f"Thực hiện {higher}, {opening}"
    direction = opening + (
        f"Trong {content.words}, {short} chỉ đạo các cơ quan, đơn vị được giao chủ trì triển khai các nhiệm vụ của "
        f"Kế hoạch, lồng ghép mục tiêu bình đẳng giới vào chương trình công tác của ngành, địa phương và báo cáo "
        f"định kỳ kết quả thực hiện {total} chỉ tiêu thuộc {len(content.goals)} mục tiêu của Kế hoạch."
    )
    behind = [line for line in content.lines if line.status in BEHIND]
    late = content.reported_late + [name.split(" (")[0] for name in content.not_reported]
    shortcomings = []
    if behind:
        by_status = {}
        for line in behind:
            by_status.setdefault(line.status_label.lower(), []).append(line.code)
        groups = "; ".join(f"{label}: chỉ tiêu {prose.join_names(codes)}" for label, codes in by_status.items())
        shortcomings.append(f"Còn {len(behind)} chỉ tiêu chưa đạt yêu cầu về tiến độ ({groups}).")
    missing = [line.code for line in content.lines if line.status == "no_data"]
    if missing:
        shortcomings.append(
            f"{len(missing)} chỉ tiêu chưa có số liệu được duyệt ({prose.join_names(missing)}), "
            "chưa đánh giá được kết quả."
        )
    if late:
        shortcomings.append(f"Một số cơ quan báo cáo chậm hoặc chưa đầy đủ: {prose.join_names(late)}.")
    if not shortcomings:
        shortcomings.append("Các chỉ tiêu có số liệu đều đạt hoặc đúng tiến độ; các cơ quan báo cáo đầy đủ, đúng hạn.")
    leads = sorted({agency for line in behind for agency in line.lead_agencies})
    next_words = prose.next_period_words(spec, is_final=content.is_final)
    tasks = (
        f"Trong {next_words}, {short} tiếp tục chỉ đạo các cơ quan, đơn vị triển khai đồng bộ các nhiệm vụ của Kế hoạch"
    )
    if leads:
        tasks += (
            f"; tập trung vào các chỉ tiêu chưa đạt yêu cầu về tiến độ, trong đó {prose.join_names(leads)} "
            "xây dựng giải pháp cụ thể cho từng chỉ tiêu được giao chủ trì"
        )
    tasks += "; nâng cao chất lượng số liệu thống kê có tách biệt giới tính và thực hiện báo cáo đầy đủ, đúng hạn."
    return {
        "direction": "\n".join(filter(None, [direction, direction_draft(content.activities, content.words)])),
        "shortcomings": " ".join(shortcomings),
        "tasks": tasks,
        "recommendations": "",
    }


def _agency_notes(plan: Plan, period: ReportingPeriod) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = {}
    for figure in (
        DataValue.objects.filter(indicator__plan=plan, period=period, status=ValueStatus.APPROVED)
        .exclude(note="")
        .select_related("agency", "unit")
        .order_by("indicator_id", "unit__name")
    ):
        who = figure.agency.name if figure.agency else figure.unit.name
        notes.setdefault(figure.indicator_id, []).append(f"{who}: {figure.note}")
    return notes


def _comparison(line: IndicatorLine, by_period: dict, previous_code: str, is_final: bool) -> tuple[object, str]:
    """What the sentence compares the figure with: the same period of the previous year; in the end-of-plan report
    the plan's first yearly figure. Nothing when the figure is an earlier period's (it would compare the wrong two)."""
    if line.value_is_earlier or line.value_period is None:
        return None, ""
    if is_final:
        first = next(((year, value) for year, value in line.yearly.items() if value is not None), None)
        if first is None or str(first[0]) == line.value_period:
            return None, ""
        return first[1], f"năm {first[0]}, năm đầu của kế hoạch"
    spec = parse_period(previous_code)
    return line.previous, (f"cùng kỳ năm {spec.year}" if spec.is_half_year else f"năm {spec.year}")


def _baseline(indicator):
    if indicator.baseline_value is not None:
        return indicator.baseline_value
    if indicator.baseline_text:
        return indicator.baseline_text == "có" if indicator.kind == Kind.BOOLEAN else indicator.baseline_text
    return None


def build_report_content(plan: Plan, period: ReportingPeriod, *, is_final: bool = False) -> ReportContent:
    """Everything the report says, from approved figures. A fixed number of queries.

    Raises ReportRefused for an end-of-plan report of any period but the plan's last year."""
    if is_final:
        refusal = final_report_refusal(plan, period)
        if refusal:
            raise ReportRefused(refusal)
    result = plan_progress(plan, period)
    words = period_words(plan, period, is_final)
    previous_code = parse_period(period.code).previous().code
    has_previous = previous_code in {p.code for p in plan.periods.all()}
    notes = _agency_notes(plan, period)
    years = list(range(plan.start_year, plan.end_year + 1)) if is_final else []
    goals, number = [], 0
    for goal, items in result.goals:
        lines = []
        for index, item in enumerate(items):
            number += 1
            indicator, progress = item.indicator, item.progress
            by_period = {p.period: p.value for p in item.series}
            line = IndicatorLine(
                number=number,
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                kind=indicator.kind,
                direction=indicator.direction,
                progress=progress,
                baseline=_baseline(indicator),
                baseline_year=indicator.baseline_year,
                target=progress.target.value if progress.target else None,
                target_year=progress.target.year if progress.target else None,
                previous=by_period.get(previous_code) if has_previous and not is_final else None,
                value=progress.value,
                value_period=progress.value_period,
                achievement_pct=progress.achievement_pct,
                status=progress.status,
                status_label=STATUS_LABELS[progress.status],
                colour=STATUS_COLOURS[progress.status],
                fill=STATUS_PRINT_FILLS[progress.status],
                notes=notes.get(indicator.pk, []),
                lead_agencies=item.lead_agencies,
                period_code=period.code,
                yearly={year: by_period.get(str(year)) for year in years},
            )
            line.compare_value, line.compare_words = _comparison(line, by_period, previous_code, is_final)
            line.sentence = prose.indicator_sentence(line, period_code=period.code, index=index)
            lines.append(line)
        goals.append(GoalSection(goal.number, goal.title, lines, missing=prose.missing_sentence(lines)))
    on_time, late, missing = [], [], []
    for row in result.completeness_rows:
        if row.submitted < row.expected:
            missing.append(f"{row.agency.name} ({row.expected - row.submitted}/{row.expected} chỉ tiêu chưa báo cáo)")
        elif row.on_time < row.expected:
            late.append(row.agency.name)
        else:
            on_time.append(row.agency.name)
    narrative = narrative_for(plan, period, is_final)
    letterhead = letterhead_for(plan)
    subject = prose.plan_subject(plan.title)
    return ReportContent(
        plan=plan,
        period=period,
        is_final=is_final,
        words=words,
        title=f"Tổng kết thực hiện {subject}" if is_final else f"Kết quả thực hiện {subject} {words}",
        letterhead=letterhead,
        narrative=narrative,
        goals=goals,
        counts=[(status, label, colour, result.summary[status]) for status, label, colour in STATUSES],
        reported_on_time=on_time,
        reported_late=late,
        not_reported=missing,
        completeness=result.completeness,
        completeness_rows=result.completeness_rows,
        has_data=any(line.status not in ("no_data", "not_applicable") for goal in goals for line in goal.lines),
        years=years,
        issued_on=narrative.issued_on or timezone.localdate(),
        number=narrative.number.strip() or letterhead.number,
        kind_label="Báo cáo tổng kết" if is_final else "Báo cáo",
        activities=activity_section(plan, period, is_final=is_final),
    )


def section_text(content: ReportContent, name: str) -> str:
    """A section written by the coordinator, or the draft while nothing is written."""
    written = getattr(content.narrative, name)
    return written or draft_narrative(content)[name]
