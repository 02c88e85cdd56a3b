"""The period entry form: a reporter (or a coordinator on an agency's behalf) enters and submits figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from indicators.forms import EntryRowForm
from indicators.models import DataValue, ValueStatus
from indicators.periods import period_is_open_for, period_status_text, period_window
from indicators.selectors import (
    REPORTING_ROLES,
    plan_communes,
    previous_period,
    reporting_indicators,
    target_for,
    units_for,
)
from indicators.services.figures import (
    ValueRuleError,
    value_save,
)
from indicators.views.common import _entry_agency, _period_or_404, _targets_prefetch
from plans.models import Agency, Role
from plans.selectors import plan_for_user_or_404


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
