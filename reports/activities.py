"""The report's activities (DESIGN.md 8, issue 13): section I, "Công tác chỉ đạo, triển khai", drafted from the
APPROVED activity reports (what was done, by whom, with what outputs, grouped by theme), and the annex's table of
activities. reports.content calls `activity_section` and `direction_draft`; the builders add the annex table
(reports.builders.activities).

A report of a period says, for each activity of the year's work plan, what the latest approved report up to that
period says (a year's report keeps what the first half-year's said of an activity finished by June). Nothing
submitted, returned or drafted is ever used. The end-of-plan report summarises each year's work plan.
"""

from dataclasses import dataclass, field

from indicators.activities import Achieved, achieved_phrases, window_text
from indicators.models import Activity, ActivityOutput, ActivityProgress, ActivityReport, ValueStatus, WorkPlan
from plans.models import Plan, ReportingPeriod
from plans.numbers import format_number
from reports import prose

ANNEX_HEADERS = ["STT", "Nhóm nhiệm vụ, hoạt động", "Cơ quan chủ trì", "Thời gian", "Kết quả", "Số lượng đạt được"]
NOT_APPROVED = "Chưa có kết quả được duyệt"
VERBS = {
    ActivityProgress.DONE: "đã hoàn thành nhiệm vụ",
    ActivityProgress.IN_PROGRESS: "đang triển khai nhiệm vụ",
    ActivityProgress.NOT_STARTED: "chưa triển khai nhiệm vụ",
    ActivityProgress.DROPPED: "không thực hiện nhiệm vụ",
}


@dataclass
class ActivityLine:
    number: int
    code: str
    name: str
    lead: str
    coordinating: list[str]
    window: str
    report: ActivityReport | None  # the latest approved report up to the period
    promised: list[ActivityOutput]

    @property
    def progress(self) -> str:
        return self.report.progress if self.report else ""

    @property
    def result(self) -> str:
        """The annex's "Kết quả" cell."""
        if self.report is None:
            return NOT_APPROVED
        label = str(ActivityProgress(self.report.progress).label)
        detail = self.report.reason if self.report.progress == ActivityProgress.DROPPED else self.report.account
        return f"{label}: {detail}" if detail else label

    @property
    def outputs(self) -> list[str]:
        return achieved_phrases(self.report, self.promised) if self.report else []

    @property
    def sentence(self) -> str:
        """ "- Phòng … đã hoàn thành nhiệm vụ tổ chức …: ngày 15/11 …; kết quả: 4 sự kiện, …"."""
        report = self.report
        text = f"{self.lead} {VERBS[report.progress]} {prose.lower_first(self.name.rstrip('. '))}"
        if report.progress == ActivityProgress.DROPPED:
            return f"- {text} ({prose.lower_first(report.reason.strip().rstrip('.'))})."
        if report.account.strip():
            text += f": {prose.lower_first(report.account.strip().rstrip('.'))}"
        text += "."
        if self.outputs:
            text += f" Kết quả: {'; '.join(self.outputs)}."
        return f"- {text}"


@dataclass
class ThemeBlock:
    name: str
    lines: list[ActivityLine]

    @property
    def approved(self) -> list[ActivityLine]:
        return [line for line in self.lines if line.report is not None]


@dataclass
class YearBlock:
    work_plan: WorkPlan
    themes: list[ThemeBlock]

    @property
    def lines(self) -> list[ActivityLine]:
        return [line for theme in self.themes for line in theme.lines]

    def count(self, progress: str) -> int:
        return sum(1 for line in self.lines if line.progress == progress)

    @property
    def approved(self) -> int:
        return sum(1 for line in self.lines if line.report is not None)

    @property
    def totals(self) -> Achieved:
        reports = [line.report for line in self.lines if line.report is not None]

        def total(name: str) -> int | None:
            values = [getattr(report, name) for report in reports if getattr(report, name) is not None]
            return sum(values) if values else None

        return Achieved(**{name: total(name) for name in ("events", "women", "men", "products", "inspections")})


@dataclass
class ActivitySection:
    is_final: bool
    years: list[YearBlock] = field(default_factory=list)

    @property
    def has_activities(self) -> bool:
        return any(year.lines for year in self.years)

    @property
    def annex_rows(self) -> list["AnnexRow"]:
        return annex_rows(self)

    @property
    def annex_title(self) -> str:
        return annex_title(self)

    @property
    def annex_headers(self) -> list[str]:
        return ANNEX_HEADERS


def _periods_up_to(plan: Plan, period: ReportingPeriod, is_final: bool) -> list[ReportingPeriod]:
    """The periods whose approved reports count: those of the period's year up to it; for the end-of-plan report,
    every year's own report (the year, else its first half)."""
    periods = list(plan.periods.all())
    if is_final:
        return periods
    return [p for p in periods if p.year == period.year and p.spec.ends_on <= period.spec.ends_on]


def activity_section(plan: Plan, period: ReportingPeriod, *, is_final: bool = False) -> ActivitySection:
    """The work plan(s) of the report with each activity's latest approved report. Five queries, whatever the number
    of activities."""
    section = ActivitySection(is_final=is_final)
    work_plans = list(
        WorkPlan.objects.filter(plan=plan, **({} if is_final else {"year": period.year})).order_by("year")
    )
    if not work_plans:
        return section
    periods = {p.pk: p for p in _periods_up_to(plan, period, is_final)}
    activities = list(
        Activity.objects.filter(work_plan__in=work_plans)
        .select_related("theme", "lead_agency")
        .prefetch_related("coordinating_agencies", "outputs")
        .order_by("work_plan__year", "theme__position", "position", "pk")
    )
    year_of = {work_plan.pk: work_plan.year for work_plan in work_plans}
    activity_year = {activity.pk: year_of[activity.work_plan_id] for activity in activities}
    latest: dict[int, ActivityReport] = {}
    for report in ActivityReport.objects.filter(
        activity__in=activities, status=ValueStatus.APPROVED, period_id__in=list(periods)
    ).order_by("activity_id", "period__year", "period__kind"):
        # The half-year ("half_year") sorts before the year ("year"): the year's own report, when approved, wins.
        if periods[report.period_id].year == activity_year[report.activity_id]:
            latest[report.activity_id] = report
    by_plan: dict[int, dict[int, ThemeBlock]] = {work_plan.pk: {} for work_plan in work_plans}
    numbers: dict[int, int] = {}
    for activity in activities:
        themes = by_plan[activity.work_plan_id]
        block = themes.setdefault(activity.theme_id, ThemeBlock(activity.theme.name, []))
        numbers[activity.work_plan_id] = numbers.get(activity.work_plan_id, 0) + 1
        block.lines.append(
            ActivityLine(
                number=numbers[activity.work_plan_id],
                code=activity.code,
                name=activity.name,
                lead=activity.lead_agency.name,
                coordinating=sorted(agency.name for agency in activity.coordinating_agencies.all()),
                window=window_text(activity.start_date, activity.end_date),
                report=latest.get(activity.pk),
                promised=list(activity.outputs.all()),
            )
        )
    section.years = [YearBlock(work_plan, list(by_plan[work_plan.pk].values())) for work_plan in work_plans]
    return section


# ---------------------------------------------------------------- section I


def _work_plan_reference(work_plan: WorkPlan) -> str:
    return prose.plan_reference(
        title=work_plan.title, document_number=work_plan.document_number, issue_date=work_plan.issue_date
    )


def _totals_sentence(totals: Achieved) -> str:
    phrases = achieved_phrases(totals)
    return f"Tổng hợp các hoạt động có kết quả được duyệt: {'; '.join(phrases)}." if phrases else ""


def _year_paragraphs(year: YearBlock, words: str) -> list[str]:
    planned, approved = len(year.lines), year.approved
    head = (
        f"Thực hiện {_work_plan_reference(year.work_plan)}, trong {words} các cơ quan, đơn vị đã báo cáo kết quả "
        f"{format_number(approved)}/{format_number(planned)} hoạt động được giao"
    )
    counts = [
        f"{format_number(count)} {word}"
        for count, word in (
            (year.count(ActivityProgress.DONE), "hoạt động đã hoàn thành"),
            (year.count(ActivityProgress.IN_PROGRESS), "đang triển khai"),
            (year.count(ActivityProgress.NOT_STARTED), "chưa triển khai"),
            (year.count(ActivityProgress.DROPPED), "không thực hiện"),
        )
        if count
    ]
    paragraphs = [head + (f", trong đó {prose.join_names(counts)}." if counts else ".")]
    number = 0
    for theme in year.themes:
        if not theme.approved:
            continue
        number += 1
        paragraphs.append(f"{number}. {theme.name}")
        paragraphs += [line.sentence for line in theme.approved]
    if totals := _totals_sentence(year.totals):
        paragraphs.append(totals)
    if approved < planned:
        paragraphs.append(
            f"Còn {format_number(planned - approved)} hoạt động của kế hoạch năm chưa có kết quả được duyệt "
            "(xem phụ lục)."
        )
    return paragraphs


def _final_paragraph(year: YearBlock) -> str:
    planned = len(year.lines)
    text = (
        f"Năm {year.work_plan.year}, thực hiện {_work_plan_reference(year.work_plan)}, các cơ quan, đơn vị hoàn thành "
        f"{format_number(year.count(ActivityProgress.DONE))}/{format_number(planned)} hoạt động"
    )
    phrases = achieved_phrases(year.totals)
    return text + (f"; kết quả: {'; '.join(phrases)}." if phrases else ".")


def direction_draft(section: ActivitySection | None, words: str) -> str:
    """Section I's paragraphs about activities (one a line), to follow the draft's opening; "" without any."""
    if section is None or not section.has_activities:
        return ""
    if section.is_final:
        return "\n".join(_final_paragraph(year) for year in section.years if year.lines)
    return "\n".join(paragraph for year in section.years for paragraph in _year_paragraphs(year, words))


# ---------------------------------------------------------------- the annex table


@dataclass(frozen=True)
class AnnexRow:
    heading: str  # a theme's (or a year's) row across the table; "" for an activity
    cells: list[str]


def annex_rows(section: ActivitySection) -> list[AnnexRow]:
    rows: list[AnnexRow] = []
    for year in section.years:
        if section.is_final:
            rows.append(AnnexRow(f"Năm {year.work_plan.year}: {year.work_plan.title}", []))
        for number, theme in enumerate(year.themes, start=1):
            rows.append(AnnexRow(f"{number}. {theme.name}", []))
            for line in theme.lines:
                lead = line.lead + (f" (phối hợp: {'; '.join(line.coordinating)})" if line.coordinating else "")
                rows.append(
                    AnnexRow(
                        "",
                        [
                            str(line.number),
                            f"{line.code}. {line.name}",
                            lead,
                            line.window,
                            line.result,
                            "; ".join(line.outputs),
                        ],
                    )
                )
    return rows


def annex_title(section: ActivitySection) -> str:
    if section.is_final:
        return "KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG CỦA KẾ HOẠCH NĂM"
    return f"KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG CỦA KẾ HOẠCH NĂM {section.years[0].work_plan.year}"
