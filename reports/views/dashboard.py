"""The leaders' dashboard (DESIGN.md 9): a plan at a period, and one indicator over time."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from indicators.models import DataValue, ValueStatus
from indicators.selectors import can_review
from plans.periods import period_time
from plans.selectors import plan_for_user_or_404
from reports.access import ProgressRequestError, method_of, period_of
from reports.charts import progress_bar, series_svg, status_counts_svg
from reports.selectors import indicators_visible_to, plan_progress
from reports.statuses import STATUS_COLOURS, STATUS_LABELS, STATUSES


def _default_period(plan):
    """The latest period whose deadline has passed (or the first one): what leaders want to see first."""
    today = timezone.localdate()
    periods = list(plan.periods.all())
    past = [p for p in periods if p.deadline and p.deadline <= today]
    return (past or periods)[-1] if periods else None


def _choices(request, plan):
    try:
        period = period_of(plan, request.GET["period"]) if request.GET.get("period") else _default_period(plan)
        method = method_of(request.GET.get("method"))
    except ProgressRequestError as error:
        raise Http404(str(error)) from error
    if period is None:
        raise Http404("Kế hoạch chưa có kỳ báo cáo.")
    include_submitted = request.GET.get("submitted") == "1" and can_review(request.user, plan)
    return period, method, include_submitted


def _base_of(item):
    indicator = item.indicator
    if indicator.baseline_value is not None:
        return indicator.baseline_value
    earlier = [p for p in item.series if p.value is not None]
    return earlier[0].value if earlier else None


@login_required
def dashboard(request, code: str):
    plan = plan_for_user_or_404(request.user, code)
    period, method, include_submitted = _choices(request, plan)
    result = plan_progress(plan, period, method=method, include_submitted=include_submitted, user=request.user)
    goals = []
    for goal, items in result.goals:
        rows = []
        for item in items:
            progress = item.progress
            rows.append(
                {
                    "item": item,
                    "label": STATUS_LABELS[progress.status],
                    "colour": STATUS_COLOURS[progress.status],
                    "bar": progress_bar(
                        base=_base_of(item),
                        target=progress.target.value if progress.target else None,
                        value=progress.value,
                        direction=item.indicator.direction,
                    ),
                }
            )
        goals.append({"goal": goal, "rows": rows})
    context = {
        "plan": plan,
        "period": period,
        "periods": list(plan.periods.all()),
        "method": method,
        "include_submitted": include_submitted,
        "may_preview": can_review(request.user, plan),
        "result": result,
        "goals": goals,
        "status_chart": status_counts_svg(result.summary),
        "legend": [(status, label, colour, result.summary[status]) for status, label, colour in STATUSES],
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def indicator_detail(request, code: str, indicator_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period, method, include_submitted = _choices(request, plan)
    if not indicators_visible_to(request.user, plan).filter(code=indicator_code).exists():
        raise Http404("Không tìm thấy chỉ tiêu.")
    result = plan_progress(plan, period, method=method, include_submitted=include_submitted, user=request.user)
    item = next((i for _, items in result.goals for i in items if i.indicator.code == indicator_code), None)
    if item is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    indicator, progress = item.indicator, item.progress
    statuses = [ValueStatus.APPROVED] + ([ValueStatus.SUBMITTED] if include_submitted else [])
    communes = list(
        DataValue.objects.filter(indicator=indicator, status__in=statuses)
        .exclude(unit_id=plan.territory_id)
        .select_related("unit", "period")
        .order_by("unit__name", "period__year", "-period__kind")
    )
    commune_periods = sorted({f.period.code for f in communes}, key=period_time)
    commune_rows = {}
    for figure in communes:
        commune_rows.setdefault(figure.unit.name, {})[figure.period.code] = figure
    numeric = indicator.is_numeric
    chart = None
    if numeric:
        chart = series_svg(
            points=[(p.time, Decimal(p.value), p.period) for p in item.series if p.time <= period_time(period.code)],
            baseline=(Decimal(indicator.baseline_year) + 1, indicator.baseline_value)
            if indicator.baseline_value is not None and indicator.baseline_year
            else None,
            target=(progress.target.time, Decimal(progress.target.value)) if progress.target else None,
            forecast=(progress.target.time, progress.forecast.value) if progress.forecast and progress.target else None,
            unit=indicator.unit,
            first_year=min([plan.start_year - 1] + ([indicator.baseline_year] if indicator.baseline_year else [])),
            last_year=max(plan.end_year, progress.target.year if progress.target else plan.end_year),
            colour="#1f5f8b",
        )
    context = {
        "plan": plan,
        "period": period,
        "method": method,
        "include_submitted": include_submitted,
        "item": item,
        "indicator": indicator,
        "progress": progress,
        "label": STATUS_LABELS[progress.status],
        "colour": STATUS_COLOURS[progress.status],
        "chart": chart,
        "series": item.series,
        "commune_periods": commune_periods,
        "commune_rows": [
            (name, [periods.get(code) for code in commune_periods]) for name, periods in commune_rows.items()
        ],
        "assignments": indicator.assignments.all(),
    }
    return render(request, "reports/indicator_detail.html", context)
