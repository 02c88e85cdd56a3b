"""The coordinator's review of a period (approve, return, unapprove, reopen) and its completeness."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from indicators.forms import ReopenForm
from indicators.models import Assignment, AssignmentRole, DataValue, Indicator, ValueStatus
from indicators.periods import active_reopenings, period_is_open_for, period_window
from indicators.rollup import UnitFigure, aggregate
from indicators.selectors import can_review, target_for
from indicators.services.figures import (
    ValueRuleError,
    period_reopen,
    value_approve,
    value_return,
    value_unapprove,
)
from indicators.views.common import _period_or_404, _targets_prefetch
from plans.models import Agency, Role
from plans.selectors import plan_for_user_or_404, sees_everything


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
