"""Pages for figures: the reporter's home and entry form, the coordinator's review, history, completeness."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from indicators.entry import UnitFigure, aggregate
from indicators.forms import EntryRowForm, ReopenForm
from indicators.models import Assignment, AssignmentRole, DataValue, Indicator, Target, ValueStatus
from indicators.selectors import (
    REPORTING_ROLES,
    active_reopenings,
    can_review,
    period_completeness,
    period_is_open_for,
    period_status_text,
    period_window,
    plan_communes,
    previous_period,
    reporting_indicators,
    target_for,
    units_for,
    visible_values_q,
)
from indicators.services.values import (
    ValueRuleError,
    describe,
    period_reopen,
    value_approve,
    value_return,
    value_save,
    value_unapprove,
)
from indicators.services.values_import import values_import
from indicators.values_workbook import values_workbook_write
from indicators.views import XLSX_TYPE, WorkbookUploadForm, forget_upload, preview_upload, take_upload
from indicators.xlsx import WorkbookInvalid
from plans.models import Agency, Role
from plans.selectors import agencies_visible_to, plan_for_user_or_404, plans_visible_to, sees_everything


def _period_or_404(plan, period_code: str):
    period = plan.periods.prefetch_related("reopenings").filter(code=period_code.upper()).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


def _targets_prefetch():
    return Prefetch("targets", queryset=Target.objects.order_by("year"))


@login_required
def reporter_home(request):
    """The open periods of the reporter's agency, their deadlines and days left, and the status of each figure."""
    user = request.user
    if user.role != Role.REPORTER or user.agency_id is None:
        return redirect("plan_list")
    today = timezone.localdate()
    sections = []
    plans = (
        plans_visible_to(user)
        .filter(indicators__assignments__agency=user.agency)
        .distinct()
        .select_related("territory")
    )
    for plan in plans.prefetch_related("periods__reopenings"):
        indicators = list(reporting_indicators(plan, user.agency).prefetch_related(_targets_prefetch()))
        periods = [p for p in plan.periods.all() if period_is_open_for(p, plan, user.agency, today)]
        statuses = {
            (v.indicator_id, v.period_id): v
            for v in DataValue.objects.filter(indicator__in=indicators, period__in=periods, unit=plan.territory)
        }
        sections.append(
            {
                "plan": plan,
                "periods": [
                    {
                        "period": p,
                        "deadline": period_window(p, plan).deadline,
                        "status_text": period_status_text(p, plan, user.agency, today),
                        "rows": [
                            {
                                "indicator": i,
                                "target": target_for(list(i.targets.all()), p),
                                "figure": statuses.get((i.pk, p.pk)),
                            }
                            for i in indicators
                        ],
                    }
                    for p in periods
                ],
                "indicators": indicators,
            }
        )
    return render(request, "indicators/reporter_home.html", {"sections": sections})


def _entry_agency(request, plan):
    """Reporters enter for their agency; a coordinator picks the agency they enter on behalf of."""
    user = request.user
    if user.role == Role.REPORTER:
        return user.agency
    if not can_review(user, plan):
        raise PermissionDenied("Bạn không được nhập số liệu.")
    agency_id = request.GET.get("agency") or request.POST.get("agency")
    if not agency_id:
        return None
    return (
        get_object_or_404(agencies_visible_to(user), pk=agency_id)
        if not sees_everything(user)
        else get_object_or_404(Agency, pk=agency_id)
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_entry(request, code: str, period_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    agency = _entry_agency(request, plan)
    agencies = (
        Agency.objects.filter(assignments__indicator__plan=plan, assignments__role__in=REPORTING_ROLES)
        .distinct()
        .order_by("name")
    )
    if agency is None:
        return render(
            request, "indicators/period_entry.html", {"plan": plan, "period": period, "agencies": agencies, "rows": []}
        )
    on_behalf = request.user.role != Role.REPORTER
    indicators = list(reporting_indicators(plan, agency).prefetch_related(_targets_prefetch()))
    if not indicators:
        raise PermissionDenied("Cơ quan này không báo cáo chỉ tiêu nào của kế hoạch.")
    communes = plan_communes(plan)
    periods = list(plan.periods.all())
    earlier = previous_period(period, periods)
    figures = {
        (v.indicator_id, v.period_id, v.unit_id): v
        for v in DataValue.objects.filter(indicator__in=indicators, period__in=[p for p in (period, earlier) if p])
    }
    is_open = period_is_open_for(period, plan, agency)
    rows = []
    for indicator in indicators:
        for unit in units_for(indicator, plan, agency, communes):
            figure = figures.get((indicator.pk, period.pk, unit.pk))
            prefix = f"r{indicator.pk}-{unit.pk}"
            data = request.POST if request.method == "POST" else None
            form = (
                EntryRowForm(data, prefix=prefix, indicator=indicator, figure=figure)
                if data
                else EntryRowForm(prefix=prefix, indicator=indicator, figure=figure)
            )
            rows.append(
                {
                    "indicator": indicator,
                    "unit": unit,
                    "is_territory": unit.pk == plan.territory_id,
                    "figure": figure,
                    "earlier": figures.get((indicator.pk, earlier.pk, unit.pk)) if earlier else None,
                    "target": target_for(list(indicator.targets.all()), period),
                    "form": form,
                    "editable": is_open and (figure is None or figure.status != ValueStatus.APPROVED),
                }
            )
    if request.method == "POST":
        if not is_open:
            messages.error(
                request, "Kỳ báo cáo đã khóa với cơ quan này; không có gì được ghi. Đề nghị điều phối mở lại kỳ."
            )
            return redirect(request.get_full_path())
        editable = [row for row in rows if row["editable"]]
        if all(row["form"].is_valid() for row in editable):
            submit = "submit" in request.POST
            try:
                with transaction.atomic():  # all rows or none
                    saved = 0
                    for row in editable:
                        form = row["form"]
                        result = value_save(
                            actor=request.user,
                            indicator=row["indicator"],
                            period=period,
                            unit=row["unit"],
                            entry=form.cleaned_data["entry"],
                            note=form.cleaned_data["note"].strip(),
                            expected_version=form.cleaned_data["version"],
                            submit=submit and not form.cleaned_data["entry"].is_empty,
                            agency=agency,
                        )
                        saved += result is not None
            except ValueRuleError as error:
                messages.error(request, f"{error} Không có gì được ghi.")
            else:
                verb = "gửi duyệt" if submit else "lưu nháp"
                messages.success(request, f"Đã {verb} số liệu {period.label.lower()} ({saved} chỉ tiêu).")
                return redirect(request.get_full_path())
        else:
            messages.error(request, "Có ô chưa đúng (xem thông báo đỏ ở từng ô). Không có gì được ghi.")
    context = {
        "plan": plan,
        "period": period,
        "agency": agency,
        "agencies": agencies,
        "on_behalf": on_behalf,
        "rows": rows,
        "is_open": is_open,
        "earlier": earlier,
        "window": period_window(period, plan),
        "status_text": period_status_text(period, plan, agency),
    }
    return render(request, "indicators/period_entry.html", context)


def _require_reader(user, plan) -> None:
    """Coordinators and leaders of the plan (and administrators) read the period's figures; reporters do not."""
    if user.role == Role.REPORTER and not sees_everything(user):
        raise PermissionDenied("Báo cáo viên chỉ xem số liệu của cơ quan mình.")


@login_required
@require_http_methods(["GET", "POST"])
def period_review(request, code: str, period_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    _require_reader(request.user, plan)
    reviewer = can_review(request.user, plan)
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied("Chỉ điều phối được duyệt số liệu.")
        _review_action(request, plan, period)
        return redirect(request.get_full_path())

    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("goal")
        .prefetch_related(
            _targets_prefetch(),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role=AssignmentRole.LEAD).select_related("agency"),
                to_attr="leads",
            ),
        )
        .order_by("position", "code")
    )
    values = list(
        DataValue.objects.filter(indicator__plan=plan, period=period).select_related("unit", "entered_by", "agency")
    )
    by_indicator: dict[int, list[DataValue]] = {}
    for value in values:
        by_indicator.setdefault(value.indicator_id, []).append(value)
    agency_filter = request.GET.get("agency", "")
    status_filter = request.GET.get("status", "")
    rows = []
    for indicator in indicators:
        lead_names = [a.agency.name for a in indicator.leads]
        if agency_filter and agency_filter not in {str(a.agency_id) for a in indicator.leads}:
            continue
        figures = by_indicator.get(indicator.pk, [])
        territory = next((f for f in figures if f.unit_id == plan.territory_id), None)
        communes = sorted((f for f in figures if f.unit_id != plan.territory_id), key=lambda f: f.unit.name)
        status = territory.status if territory else ""
        if status_filter and status_filter != (status or "empty"):
            continue
        rollup = None
        if indicator.reported_by_commune and communes:
            rollup = aggregate(
                kind=indicator.kind,
                factor=indicator.factor,
                figures=[UnitFigure(f.value, f.numerator, f.denominator) for f in communes if f.value is not None],
            )
        rows.append(
            {
                "indicator": indicator,
                "leads": lead_names,
                "lead_ids": [a.agency_id for a in indicator.leads],
                "territory": territory,
                "communes": communes,
                "rollup": rollup,
                "target": target_for(list(indicator.targets.all()), period),
            }
        )
    agencies = Agency.objects.filter(
        assignments__indicator__plan=plan, assignments__role=AssignmentRole.LEAD
    ).distinct()
    # Figures that get a return / unapprove form (the inputs sit in their rows; forms cannot nest).
    reviewable = [
        figure
        for row in rows
        for figure in ([row["territory"]] if row["territory"] else []) + row["communes"]
        if figure.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED)
    ]
    context = {
        "reviewable": reviewable,
        "plan": plan,
        "period": period,
        "rows": rows,
        "reviewer": reviewer,
        "agencies": agencies.order_by("name"),
        "agency_filter": agency_filter,
        "status_filter": status_filter,
        "statuses": [("empty", "Chưa nhập")] + list(ValueStatus.choices),
        "window": period_window(period, plan),
        "reopenings": active_reopenings(period),
        "is_open": period_is_open_for(period, plan, None),
        "reopen_form": ReopenForm(agencies=agencies.order_by("name")),
    }
    return render(request, "indicators/period_review.html", context)


def _review_action(request, plan, period) -> None:
    action = request.POST.get("action")
    visible = DataValue.objects.filter(indicator__plan=plan, period=period).select_related("indicator__plan", "unit")
    try:
        if action == "approve":
            ids = request.POST.getlist("value")
            if not ids:
                messages.warning(request, "Chưa chọn số liệu nào để duyệt.")
                return
            with transaction.atomic():
                for value in visible.filter(pk__in=ids):
                    value_approve(
                        actor=request.user,
                        value=value,
                        expected_version=int(request.POST.get(f"version-{value.pk}", value.version)),
                    )
            messages.success(request, f"Đã duyệt {len(ids)} số liệu.")
        elif action in ("return", "unapprove"):
            value = get_object_or_404(visible, pk=request.POST.get("value"))
            note = request.POST.get("note", "")
            if action == "return":
                value_return(
                    actor=request.user,
                    value=value,
                    note=note,
                    expected_version=int(request.POST.get("version", value.version)),
                )
                messages.success(request, f"Đã trả lại số liệu {value.indicator.code} kèm ý kiến.")
            else:
                value_unapprove(actor=request.user, value=value, note=note)
                messages.success(request, f"Đã bỏ duyệt số liệu {value.indicator.code}.")
        elif action == "reopen":
            agencies = Agency.objects.filter(assignments__indicator__plan=plan).distinct()
            form = ReopenForm(request.POST, agencies=agencies)
            if not form.is_valid():
                messages.error(
                    request,
                    "Mở lại kỳ: " + "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
                )
                return
            reopening = period_reopen(
                actor=request.user,
                period=period,
                agency=form.cleaned_data["agency"],
                until=form.cleaned_data["until"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                f"Đã mở lại kỳ {period.label.lower()} cho {reopening.agency or 'mọi cơ quan'} đến {reopening.until:%d/%m/%Y}.",
            )
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except ValueRuleError as error:
        messages.error(request, f"{error} Không có gì được ghi.")


@login_required
def value_history(request, pk: int):
    value = (
        DataValue.objects.filter(visible_values_q(request.user), pk=pk)
        .select_related("indicator__plan", "period", "unit", "agency")
        .first()
    )
    if value is None:
        raise Http404("Không tìm thấy số liệu.")
    changes = list(value.changes.select_related("changed_by").order_by("changed_at", "pk"))
    for change in changes:
        change.old_text, change.new_text = describe(change.old), describe(change.new)
        change.note_changed = change.old.get("note", "") != change.new.get("note", "")
    return render(
        request,
        "indicators/value_history.html",
        {"value": value, "changes": changes, "statuses": dict(ValueStatus.choices)},
    )


@login_required
def period_completeness_view(request, code: str, period_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    _require_reader(request.user, plan)
    rows, overall = period_completeness(plan, period)
    return render(
        request,
        "indicators/period_completeness.html",
        {"plan": plan, "period": period, "rows": rows, "overall": overall},
    )


def _workbook_agency(request, plan):
    agency = _entry_agency(request, plan)
    if agency is None:
        raise Http404("Chọn cơ quan để tải sổ số liệu.")
    return agency


@login_required
def period_values_download(request, code: str, period_code: str):
    """The prefilled values workbook of an agency for a period, to fill in offline."""
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    agency = _workbook_agency(request, plan)
    response = HttpResponse(values_workbook_write(plan, period=period, agency=agency), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="so-lieu-{plan.code}-{period.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def period_values_upload(request, code: str, period_code: str):
    """Upload the filled values workbook: every problem by row and column, or a preview, then draft or submit."""
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    agency = _workbook_agency(request, plan)
    context = {"plan": plan, "period": period, "agency": agency, "form": WorkbookUploadForm()}
    if request.method == "POST" and "token" in request.POST:
        upload = take_upload(request, request.POST["token"])
        if upload is None:
            messages.error(request, "Phiên xem trước đã hết hạn hoặc không hợp lệ. Hãy tải tệp lên lại.")
            return redirect(request.get_full_path())
        data, name = upload
        forget_upload(request, request.POST["token"])
        submit = "submit" in request.POST
        try:
            summary = values_import(
                data=data, actor=request.user, plan=plan, period=period, submit=submit, file_name=name
            )
        except WorkbookInvalid as error:
            return render(
                request, "indicators/values_upload.html", context | {"problems": error.problems, "file_name": name}
            )
        verb = "gửi duyệt" if submit else "lưu nháp"
        messages.success(request, f"Đã {verb} số liệu từ {name}. {summary.count_line()}")
        return redirect(_entry_url(plan, period, agency, request.user))
    if request.method == "POST":
        return preview_upload(
            request,
            "indicators/values_upload.html",
            context,
            lambda data, name: values_import(
                data=data, actor=request.user, plan=plan, period=period, dry_run=True, file_name=name
            ),
        )
    return render(request, "indicators/values_upload.html", context)


def _entry_url(plan, period, agency, user) -> str:
    url = reverse("period_entry", args=[plan.code, period.code])
    return url if user.role == Role.REPORTER else f"{url}?agency={agency.pk}"
