"""Activity pages: an agency's activities on its entry page (the form posts to `activity_report_edit`), the
coordinator's page of a period's activities by agency and status with what is late (approve, return, un-approve),
one report with its evidence and history, and the evidence files themselves, served only to those who may see
them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from indicators.access import (
    activities_visible_to,
    activity_reports_visible_to,
    entering_agency,
    evidence_visible_to,
    may_read_period,
    may_review,
    value_actions,
)
from indicators.activities import achieved_phrases, lateness, window_text
from indicators.activity_forms import ActivityReportForm
from indicators.activity_selectors import (
    NOT_REPORTED,
    ActivityFilters,
    agency_activities,
    agency_status_counts,
    page_rows,
    period_activity_list,
    reference_date,
    report_of,
)
from indicators.forms import ReturnForm
from indicators.models import ActivityProgress, ActivityReport, ValueStatus
from indicators.periods import period_is_open_for
from indicators.services.activities import (
    ReportRefused,
    activity_report_return,
    activity_report_save,
    activity_reports_review,
    describe,
)
from indicators.services.workflow import ValueRuleError
from indicators.views.common import _period_or_404
from indicators.views.reviewing import Reviewing, agency_filter_or_404, answer_review, review_action
from plans.access import acts_for_agency, plan_for_user_or_404
from plans.http import attachment_disposition, choice_param

ROWS_PER_PAGE = 40
STATUS_FILTERS = [("", "Tất cả"), (NOT_REPORTED, "Chưa báo cáo"), *ValueStatus.choices]
ACTIVITY_REPORTS = Reviewing(
    field="report",
    things="báo cáo hoạt động",
    name=lambda report: f"báo cáo hoạt động {report.activity.code}",
    anchor=lambda report: f"#activity-{report.activity_id}",
    review=activity_reports_review,
    give_back=activity_report_return,
)


class ActivityRow:
    """One activity as a page shows it: its report of the period, what is late, the actions the user may take."""

    def __init__(self, activity, *, reference, reviewer=False, may_enter=False, period_open=False, form=None):
        self.activity = activity
        self.report = report_of(activity)
        self.promised = list(activity.outputs.all())
        self.window = window_text(activity.start_date, activity.end_date)
        self.earlier_progress = getattr(activity, "earlier_progress", None)
        self.late = lateness(
            activity.start_date, activity.end_date, getattr(activity, "effective_progress", None), reference
        )
        self.actions = value_actions(
            status=self.report.status if self.report else None,
            reviewer=reviewer,
            may_enter_it=may_enter,
            period_open=period_open,
            exists=self.report is not None,
        )
        self.form = form
        self.achieved = achieved_phrases(self.report, self.promised) if self.report else []
        self.evidence = list(self.report.evidence.all()) if self.report else []

    @property
    def earlier_label(self) -> str:
        """What the first half-year's report said, for an activity not yet reported in the year's."""
        return str(ActivityProgress(self.earlier_progress).label) if self.earlier_progress else ""

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity.pk}"


# ---------------------------------------------------------------- the entry page's section


def entry_activities(request, plan, period, agency, *, forms_for: dict | None = None) -> dict:
    """The entry page's activity section for an agency: each activity it leads in the period, with a form while the
    period is open and the report not approved. Four queries."""
    activities = agency_activities(plan, period, agency)
    is_open = period_is_open_for(period, plan, agency)
    reference = reference_date(period)
    rows = []
    for activity in activities:
        row = ActivityRow(activity, reference=reference, may_enter=True, period_open=is_open)
        if row.actions.can_edit:
            row.form = (forms_for or {}).get(activity.pk) or ActivityReportForm(
                report=row.report, prefix=f"a{activity.pk}"
            )
        rows.append(row)
    return {"activity_rows": rows, "activities_open": is_open, "activity_agency": agency}


def _activity_or_404(request, plan, period, pk: int):
    activity = (
        activities_visible_to(request.user)
        .filter(pk=pk, work_plan__plan=plan)
        .select_related("work_plan__plan", "lead_agency", "theme")
        .first()
    )
    if activity is None:
        raise Http404("Không tìm thấy hoạt động.")
    return activity


def _entry_url(plan, period, agency, user) -> str:
    url = reverse("period_entry", args=[plan.code, period.code])
    return url if acts_for_agency(user) else f"{url}?agency={agency.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def activity_report_edit(request, code: str, period_code: str, pk: int):
    """One activity's report form: on its own page (a link, or a form with problems), posted from the entry page."""
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    activity = _activity_or_404(request, plan, period, pk)
    on_behalf = not acts_for_agency(request.user)
    acting = entering_agency(request.user, plan, activity.lead_agency if on_behalf else None)
    if acting is None or acting.pk != activity.lead_agency_id:
        raise PermissionDenied(f"Chỉ {activity.lead_agency.name} (cơ quan chủ trì) báo cáo hoạt động này.")
    activity = agency_activities(plan, period, acting)
    activity = next((item for item in activity if item.pk == pk), None)
    if activity is None:
        raise Http404(f"Hoạt động này không thuộc kỳ {period.words}.")
    row = ActivityRow(
        activity,
        reference=reference_date(period),
        may_enter=True,
        period_open=period_is_open_for(period, plan, acting),
    )
    back = _entry_url(plan, period, acting, request.user) + f"#{row.anchor}"
    if request.method == "POST":
        form = ActivityReportForm(request.POST, request.FILES, report=row.report, prefix=f"a{activity.pk}")
        if form.is_valid():
            try:
                activity_report_save(
                    actor=request.user,
                    activity=activity,
                    period=period,
                    data=form.report_input(),
                    expected_version=form.cleaned_data["version"],
                    submit=form.submitting,
                    agency=acting,
                    add_evidence=form.cleaned_data["evidence"],
                    remove_evidence=form.cleaned_data["remove_evidence"],
                )
            except ReportRefused as refused:
                for name, message in refused.problems.items():
                    visible = name in form.fields and not form.fields[name].widget.is_hidden
                    form.add_error(name if visible else None, message)
            except ValueRuleError as error:
                form.add_error(None, str(error))
            else:
                verb = "gửi duyệt" if form.submitting else "lưu nháp"
                messages.success(request, f"Đã {verb} báo cáo hoạt động {activity.code}.")
                return redirect(back)
        messages.error(request, "Báo cáo hoạt động chưa được ghi: xem thông báo đỏ ở từng ô.")
    else:
        form = ActivityReportForm(report=row.report, prefix=f"a{activity.pk}") if row.actions.can_edit else None
    row.form = form
    return render(
        request,
        "indicators/activity_report_edit.html",
        {"plan": plan, "period": period, "row": row, "agency": acting, "on_behalf": on_behalf, "back": back},
    )


# ---------------------------------------------------------------- the coordinator's page


def _filters(request, plan) -> ActivityFilters:
    agency = agency_filter_or_404(request)
    return ActivityFilters(
        agency=agency,
        status=choice_param(request.GET, "status", [key for key, _ in STATUS_FILTERS], default=""),
        progress=choice_param(request.GET, "progress", ActivityProgress.values, default=""),
        late_only=request.GET.get("late") == "1",
        search=request.GET.get("q", "").strip()[:100],
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_activities(request, code: str, period_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    if not may_read_period(request.user, plan):
        raise PermissionDenied("Báo cáo viên xem hoạt động của cơ quan mình trên trang nhập số liệu.")
    reviewer = may_review(request.user, plan)
    if request.method == "POST":
        return answer_review(
            request, plan, period, _review_action, refused="Chỉ điều phối được duyệt báo cáo hoạt động."
        )

    filters = _filters(request, plan)
    reference = reference_date(period)
    listed = period_activity_list(plan, period, filters, reference)
    page = Paginator(listed, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        ActivityRow(activity, reference=reference, reviewer=reviewer)
        for activity in page_rows(list(page.object_list), period)
    ]
    counts = agency_status_counts(plan, period, reference)
    return render(
        request,
        "indicators/period_activities.html",
        {
            "plan": plan,
            "period": period,
            "filters": filters,
            "page": page,
            "rows": rows,
            "reviewer": reviewer,
            "agency_counts": counts,
            "totals": {
                "total": sum(c.total for c in counts),
                "not_reported": sum(c.not_reported for c in counts),
                "submitted": sum(c.counts[ValueStatus.SUBMITTED] for c in counts),
                "approved": sum(c.counts[ValueStatus.APPROVED] for c in counts),
                "returned": sum(c.counts[ValueStatus.RETURNED] for c in counts),
                "done": sum(c.done for c in counts),
                "late": sum(c.late for c in counts),
            },
            "reference": reference,
            "status_filters": STATUS_FILTERS,
            "progress_filters": ActivityProgress.choices,
            "return_form": ReturnForm(),
            "back": request.get_full_path(),
        },
    )


def _review_action(request, plan, period) -> str | None:
    """Approve (many), return or un-approve (one); messages say what happened. Returns the anchor to come back to."""
    reports = (
        ActivityReport.objects.filter(activity__work_plan__plan=plan, period=period)
        .select_related("activity__work_plan__plan", "period", "agency")
        .prefetch_related("evidence")
    )
    return review_action(request, ACTIVITY_REPORTS, reports, ("activity__position",))


# ---------------------------------------------------------------- one report, its evidence


@login_required
def activity_report_detail(request, pk: int):
    report = (
        activity_reports_visible_to(request.user)
        .filter(pk=pk)
        .select_related(
            "activity__work_plan__plan", "activity__theme", "activity__lead_agency", "period", "agency", "entered_by"
        )
        .prefetch_related("evidence", "activity__outputs", "activity__coordinating_agencies", "activity__indicators")
        .first()
    )
    if report is None:
        raise Http404("Không tìm thấy báo cáo hoạt động.")
    activity, period = report.activity, report.period
    plan = activity.work_plan.plan
    reviewer = may_review(request.user, plan)
    activity.period_reports = [report]
    activity.effective_progress = report.progress
    row = ActivityRow(activity, reference=reference_date(period), reviewer=reviewer)
    changes = list(report.changes.select_related("changed_by").order_by("changed_at", "pk"))
    for change in changes:
        change.old_text, change.new_text = describe(change.old), describe(change.new)
    return render(
        request,
        "indicators/activity_report_detail.html",
        {
            "plan": plan,
            "period": period,
            "row": row,
            "report": report,
            "changes": changes,
            "statuses": dict(ValueStatus.choices),
            "reviewer": reviewer,
            "may_read_period": may_read_period(request.user, plan),
            "return_form": ReturnForm(),
            "back": request.get_full_path(),
        },
    )


@login_required
def evidence_download(request, pk: int):
    """An evidence file, as an attachment, to whoever may see its report; 404 to anyone else (as for a file that
    does not exist)."""
    evidence = evidence_visible_to(request.user).filter(pk=pk).first()
    if evidence is None or not default_storage.exists(evidence.file.name):
        raise Http404("Không tìm thấy tệp minh chứng.")
    response = FileResponse(default_storage.open(evidence.file.name, "rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = attachment_disposition(evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
