"""Activity reports and their workflow: an agency reports an activity of its work plan for a reporting period
(draft → submitted → approved, or returned), as figures are reported (indicators.services.figures), with the same
vocabulary (ValueStatus, ValueAction), the same review rules (indicators.services.workflow), the same locks
(indicators.periods.period_is_open_for) and an audit row for every change, written in one place (`_record`, through
workflow.audit, as a figure's are). Reviewing and returning are workflow.review and workflow.give_back.

Concurrency is optimistic: a caller names the version the user saw; a report changed since then is refused
(StaleValue), never overwritten. All or nothing: a refused save writes nothing, not even its evidence files.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.access import entering_agency
from indicators.activities import Achieved, falls_in
from indicators.evidence import CheckedFile, EvidenceRefused, check_evidence, evidence_delete, evidence_store
from indicators.models import (
    Activity,
    ActivityEvidence,
    ActivityProgress,
    ActivityReport,
    ActivityReportChange,
    ValueAction,
    ValueStatus,
)
from indicators.periods import period_is_open_for
from indicators.services import workflow
from indicators.services.workflow import EDITABLE, StaleValue, ValueRuleError
from plans.access import acts_for_agency
from plans.models import Agency, ReportingPeriod, User
from plans.numbers import format_number

REPORT_FIELDS = ("progress", "reason", "account", "events", "women", "men", "products", "inspections")
ACCOUNT_MAX_LENGTH = 5000
COUNT_MAX = 2_000_000_000


@dataclass(frozen=True)
class ReportInput:
    """What an agency says of an activity for a period."""

    progress: str
    reason: str = ""
    account: str = ""
    achieved: Achieved = field(default_factory=Achieved)

    def fields(self) -> dict:
        return {
            "progress": self.progress,
            "reason": self.reason.strip() if self.progress == ActivityProgress.DROPPED else "",
            "account": self.account.strip(),
            "events": self.achieved.events,
            "women": self.achieved.women,
            "men": self.achieved.men,
            "products": self.achieved.products,
            "inspections": self.achieved.inspections,
        }


@dataclass(frozen=True)
class EvidenceUpload:
    name: str
    data: bytes


class ReportRefused(ValueRuleError):
    """Nothing was written; `problems` maps a field (progress, reason, account, events …, evidence, version,
    period, activity) to what is wrong with it, in Vietnamese."""

    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__(" ".join(problems.values()))

    @property
    def is_stale(self) -> bool:
        return "version" in self.problems


# ---------------------------------------------------------------- the audit trail


def snapshot(report: ActivityReport | None, evidence: list[str] | None = None) -> dict:
    """A report as the audit trail keeps it (plain JSON): its fields, status and the names of its evidence files."""
    if report is None:
        return {}
    kept = {name: getattr(report, name) for name in REPORT_FIELDS}
    kept["status"] = report.status
    kept["evidence"] = list(evidence if evidence is not None else [e.name for e in report.evidence.all()])
    return kept


def describe(kept: dict) -> str:
    """An audit snapshot as a person reads it: `Đã hoàn thành · 3 sự kiện, 420 người (265 nữ, 155 nam) · 2 tệp`."""
    if not kept:
        return "—"
    parts = [str(ActivityProgress(kept["progress"]).label)] if kept.get("progress") else []
    if kept.get("reason"):
        parts.append(f"lý do: {kept['reason']}")
    counts = []
    for name, word in (("events", "sự kiện"), ("products", "sản phẩm"), ("inspections", "cuộc kiểm tra")):
        if kept.get(name) is not None:
            counts.append(f"{format_number(kept[name])} {word}")
    if kept.get("women") is not None or kept.get("men") is not None:
        women, men = kept.get("women") or 0, kept.get("men") or 0
        counts.append(f"{format_number(women + men)} người ({format_number(women)} nữ, {format_number(men)} nam)")
    if counts:
        parts.append(", ".join(counts))
    if kept.get("evidence"):
        parts.append(f"{len(kept['evidence'])} tệp minh chứng")
    return " · ".join(parts) or "—"


def _record(changes: list[tuple[ActivityReport, dict, str, dict]], **audited) -> None:
    """An activity report's audit rows: (report, before, status before, after)."""
    workflow.audit(ActivityReportChange, "report", changes, **audited)


# ---------------------------------------------------------------- the rules of a report


def report_problems(data: ReportInput, *, submit: bool) -> dict[str, str]:
    """What is wrong with what an agency says of an activity (no database)."""
    problems = {}
    if data.progress not in ActivityProgress.values:
        problems["progress"] = "Chọn tiến độ: chưa triển khai, đang triển khai, đã hoàn thành hoặc không thực hiện."
    if data.progress == ActivityProgress.DROPPED and not data.reason.strip():
        problems["reason"] = "Hoạt động không thực hiện cần ghi lý do."
    if len(data.account) > ACCOUNT_MAX_LENGTH or len(data.reason) > ACCOUNT_MAX_LENGTH:
        problems["account"] = f"Nội dung dài quá {format_number(ACCOUNT_MAX_LENGTH)} ký tự; hãy viết ngắn gọn."
    for name in ("events", "women", "men", "products", "inspections"):
        value = getattr(data.achieved, name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= COUNT_MAX):
            problems[name] = "Cần một số nguyên không âm."
    if (
        submit
        and data.progress in (ActivityProgress.DONE, ActivityProgress.IN_PROGRESS)
        and not data.account.strip()
        and "account" not in problems
    ):
        problems["account"] = "Ghi ngắn gọn kết quả thực hiện trước khi gửi duyệt."
    return problems


def _check_access(actor: User, activity: Activity, agency: Agency | None) -> Agency:
    """The agency the actor reports as (the lead agency). Raises ValueRuleError."""
    acting = entering_agency(actor, activity.work_plan.plan, agency)
    if acting is None or acting.pk != activity.lead_agency_id:
        raise ValueRuleError(
            f"Hoạt động {activity.code} do {activity.lead_agency.name} chủ trì báo cáo; "
            "bạn không được báo cáo hoạt động của cơ quan khác."
        )
    return acting


def activity_period_problem(activity: Activity, period: ReportingPeriod) -> str | None:
    """Why an activity is not reported in a period (another plan, another year, outside its time window)."""
    work_plan = activity.work_plan
    if period.plan_id != work_plan.plan_id:
        return f"Kỳ {period.code} không thuộc kế hoạch {work_plan.plan.code}."
    if period.year != work_plan.year or not falls_in(activity.start_date, activity.end_date, period.spec):
        return f"Hoạt động {activity.code} không thuộc kỳ {period.words} (thời gian thực hiện nằm ngoài kỳ)."
    return None


# ---------------------------------------------------------------- entering a report


@transaction.atomic
def activity_report_save(
    *,
    actor: User,
    activity: Activity,
    period: ReportingPeriod,
    data: ReportInput,
    expected_version: int | None = 0,
    submit: bool = False,
    agency: Agency | None = None,
    add_evidence: list[EvidenceUpload] = (),
    remove_evidence: list[int] = (),
    at: datetime | None = None,
) -> ActivityReport:
    """Save an agency's report of an activity for a period, as a draft or submitted for review, with evidence files
    added and removed. `actor` reports for their agency if a reporter, else on behalf of `agency` (a coordinator
    of the plan; recorded as such). `expected_version` is the version the user saw (0: none yet; None: not checked).
    `at` replays history (the demo): the save is dated then, and the period must have been open then.

    Raises ReportRefused (every problem, by field) or ValueRuleError (not allowed); nothing is written then.
    An unchanged report is neither rewritten nor audited."""
    now = at or timezone.now()
    acting = _check_access(actor, activity, agency)
    if problem := activity_period_problem(activity, period):
        raise ReportRefused({"period": problem})
    plan = activity.work_plan.plan
    if not period_is_open_for(period, plan, acting, timezone.localdate(now) if at else None):
        message = workflow.period_locked(period, acting.name)
        raise ReportRefused({"period": message[:1].upper() + message[1:]})

    problems = report_problems(data, submit=submit)
    checked: list[CheckedFile] = []
    for upload in add_evidence:
        try:
            checked.append(check_evidence(upload.name, upload.data))
        except EvidenceRefused as error:
            problems["evidence"] = " ".join(filter(None, [problems.get("evidence"), str(error)]))

    stored = (
        ActivityReport.objects.select_for_update(of=("self",))
        .select_related("entered_by")
        .filter(activity=activity, period=period)
        .first()
    )
    kept = list(stored.evidence.order_by("uploaded_at", "pk")) if stored else []
    removing = [evidence for evidence in kept if evidence.pk in set(remove_evidence)]
    if len(removing) != len(set(remove_evidence)):
        problems["evidence"] = "Tệp minh chứng cần xóa không thuộc báo cáo này; hãy tải lại trang."
    if len(kept) - len(removing) + len(checked) > settings.EVIDENCE_MAX_FILES:
        problems["evidence"] = f"Mỗi báo cáo có tối đa {settings.EVIDENCE_MAX_FILES} tệp minh chứng."
    if stored is None and expected_version:
        problems["version"] = f"Báo cáo hoạt động {activity.code} đã bị xóa; tải lại trang."
    if stored is not None:
        if expected_version is not None and expected_version != stored.version:
            problems["version"] = workflow.changed_meanwhile(
                f"Báo cáo hoạt động {activity.code}", stored.entered_by, stored.entered_at
            )
        elif stored.status not in EDITABLE:
            problems["status"] = workflow.approved_frozen(f"Báo cáo hoạt động {activity.code} kỳ {period.code}")
    if problems:
        raise ReportRefused(problems)

    wanted = ValueStatus.SUBMITTED if submit else ValueStatus.DRAFT
    fields = data.fields()
    on_behalf = not acts_for_agency(actor)
    if stored is not None:
        same = all(getattr(stored, name) == value for name, value in fields.items())
        if same and not checked and not removing and not (submit and stored.status != ValueStatus.SUBMITTED):
            return stored
    before = snapshot(stored, [e.name for e in kept]) if stored else {}
    status_before = stored.status if stored else ""
    written: list[str] = []
    try:
        if stored is None:
            report = ActivityReport(activity=activity, period=period, **fields)
            report.agency, report.status = acting, wanted
            report.entered_by, report.entered_at, report.entered_on_behalf = actor, now, on_behalf
            if submit:
                report.first_submitted_at = report.submitted_at = now
            try:
                with transaction.atomic():
                    report.save()
            except IntegrityError as error:
                raise ReportRefused(
                    {
                        "version": "Báo cáo này vừa được người khác nhập cùng lúc. Không có gì bị ghi đè: hãy tải lại trang."
                    }
                ) from error
        else:
            report = stored
            changes = {
                **fields,
                "status": wanted,
                "agency": acting,
                "entered_by": actor,
                "entered_at": now,
                "entered_on_behalf": on_behalf,
                "version": stored.version + 1,
            }
            if submit:
                changes |= {"submitted_at": now, "first_submitted_at": stored.first_submitted_at or now}
            if not workflow.update_at_version(report, stored.version, changes):
                raise StaleValue(workflow.changed_meanwhile(f"Báo cáo hoạt động {activity.code}", None, now))
        new_files = []
        for item in checked:
            stored_name = evidence_store(item, year=period.year)
            written.append(stored_name)
            new_files.append(
                ActivityEvidence(
                    report=report,
                    file=stored_name,
                    name=item.name,
                    content_type=item.kind.content_type,
                    size=len(item.data),
                    sha256=item.sha256,
                    uploaded_by=actor,
                    uploaded_at=now,
                )
            )
        ActivityEvidence.objects.bulk_create(new_files)
        if removing:
            ActivityEvidence.objects.filter(pk__in=[e.pk for e in removing]).delete()
            gone = [e.file.name for e in removing]
            transaction.on_commit(lambda: [evidence_delete(name) for name in gone])
        names = [e.name for e in kept if e not in removing] + [item.name for item in checked]
        _record(
            [(report, before, status_before, snapshot(report, names))],
            actor=actor,
            action=ValueAction.SUBMITTED if submit else ValueAction.SAVED,
            at=now,
            on_behalf=on_behalf,
        )
    except BaseException:
        for name in written:  # nothing half-written: the files of a refused save go with it
            evidence_delete(name)
        raise
    return report


# ---------------------------------------------------------------- reviewing reports


def _record_review(audited: list[tuple[ActivityReport, dict, str]], **audit) -> None:
    """A review changes the status only: the snapshot after is the one before with the new status."""
    _record(
        [
            (report, before, status_before, {**before, "status": report.status})
            for report, before, status_before in audited
        ],
        **audit,
    )


ACTIVITY_REPORT_REVIEW = workflow.Reviewed(
    things="báo cáo hoạt động",
    noun="báo cáo",
    plan=lambda report: report.activity.work_plan.plan,
    what=lambda report: f"Báo cáo hoạt động {report.activity.code} ({report.period.code})",
    name=lambda report: f"báo cáo hoạt động {report.activity.code}",
    snapshot=snapshot,
    record=_record_review,
)


@transaction.atomic
def activity_reports_review(
    *,
    actor: User,
    items: list[tuple[ActivityReport, int | None]],
    action: str,
    note: str = "",
    at: datetime | None = None,
) -> list[ActivityReport]:
    """Approve, return or un-approve activity reports, each at the version the reviewer saw (None: as it is now),
    by the rules figures follow (workflow.review). A return and an un-approval need a note. Raises
    ValueRuleError / StaleValue; all or nothing."""
    return workflow.review(ACTIVITY_REPORT_REVIEW, actor=actor, items=items, action=action, note=note, at=at)


def activity_report_return(
    *,
    actor: User,
    report: ActivityReport,
    note: str,
    expected_version: int | None = None,
    reopen_until: date | None = None,
    at: datetime | None = None,
) -> ActivityReport:
    """Return a submitted report to its agency with what to fix. When the period is locked for that agency, it is
    reopened for the agency until `reopen_until` (required then), as returning a figure does. Raises ValueRuleError."""
    return workflow.give_back(
        ACTIVITY_REPORT_REVIEW,
        actor=actor,
        thing=report,
        note=note,
        expected_version=expected_version,
        reopen_until=reopen_until,
        at=at,
    )
