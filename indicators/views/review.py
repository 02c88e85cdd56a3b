"""The coordinator's review of a period: the figures inside a unit, page by page and filtered (status, agency,
indicator, data-quality flag, unit name), each with the same period of the previous year and the change; approve
many, return with a note (reopening a locked period for the agency until a chosen date), un-approve, reopen.
Actions come back to the same place in the list. Leaders read the page; reporters do not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from indicators.access import agencies_reporting_for, may_review, value_actions
from indicators.forms import ReopenForm, ReturnForm
from indicators.models import DataValue, Indicator, ValueStatus
from indicators.periods import active_reopenings, period_is_open_for, period_window
from indicators.quality import FLAG_LABELS, flags_of
from indicators.rollup import unit_values
from indicators.selectors import REVIEW_ORDER, ReviewFilters, review_status_counts, review_values, target_for
from indicators.services.figures import value_return, values_review
from indicators.services.workflow import period_reopen, period_reopening_end
from indicators.views.common import readable_period_or_404, unit_or_404
from indicators.views.reviewing import Reviewing, agency_filter_or_404, answer_review, review_action
from plans.access import plan_scope
from plans.http import int_param
from plans.models import Agency

ROWS_PER_PAGE = 50
FIGURES = Reviewing(
    field="value",
    things="số liệu",
    name=lambda value: f"số liệu {value.indicator.code} ({value.unit.label})",
    anchor=lambda value: f"#value-{value.pk}",
    review=values_review,
    give_back=value_return,
)


def _filters(request, plan) -> ReviewFilters:
    """The page's filters from the query string; an id that is not the plan's (or not in the user's part of it)
    answers 404."""
    scope = plan_scope(request.user, plan)
    unit = unit_or_404(plan, request.GET.get("unit"), scope)
    agency = agency_filter_or_404(request)
    indicator = None
    indicator_id = int_param(request.GET, "indicator", min_value=1)
    if indicator_id is not None:
        indicator = Indicator.objects.filter(plan=plan, pk=indicator_id).first()
        if indicator is None:
            raise Http404("Không có chỉ tiêu này trong kế hoạch.")
    status = request.GET.get("status", "")
    flag = request.GET.get("flag", "")
    return ReviewFilters(
        unit=unit,
        status=status if status in ValueStatus.values else "",
        agency=agency,
        indicator=indicator,
        flag=flag if flag in FLAG_LABELS else "",
        search=request.GET.get("q", "").strip()[:100],
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_review(request, code: str, period_code: str):
    plan, period = readable_period_or_404(request.user, code, period_code)
    reviewer = may_review(request.user, plan)
    if request.method == "POST":
        return answer_review(request, plan, period, _review_action, refused="Chỉ điều phối được duyệt số liệu.")

    filters = _filters(request, plan)
    values = review_values(plan, period, filters)
    page = Paginator(values, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for value in page.object_list:
        open_for_agency = period_is_open_for(period, plan, value.agency)
        rows.append(
            {
                "value": value,
                "flags": flags_of(value),
                "change": _change(value),
                "actions": value_actions(status=value.status, reviewer=reviewer, may_enter_it=False, period_open=True),
                "locked": not open_for_agency,
            }
        )
    indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("targets").order_by("position", "code"))
    context = {
        "plan": plan,
        "period": period,
        "filters": filters,
        "page": page,
        "rows": rows,
        "reviewer": reviewer,
        "summary": _summary(plan, period, filters.unit, indicators),
        "indicators": indicators,
        "agencies": Agency.objects.filter(assignments__indicator__plan=plan).distinct().order_by("name"),
        "statuses": list(ValueStatus.choices),
        "flags": FLAG_LABELS,
        "window": period_window(period, plan),
        "reopenings": active_reopenings(period),
        "is_open": period_is_open_for(period, plan, None),
        "reopen_form": ReopenForm(
            agencies=agencies_reporting_for(plan, by_unit=any(i.reported_by_commune for i in indicators))
        ),
        "return_form": ReturnForm(),
        "back": request.get_full_path(),
        "is_scope_territory": filters.unit.pk == plan.territory_id,
    }
    return render(request, "indicators/period_review.html", context)


def _change(value: DataValue):
    """The change from the same period of the previous year, in the figure's own unit."""
    if value.value_number is None or value.previous_value is None:
        return None
    return value.value_number - value.previous_value


def _summary(plan, period, unit, indicators):
    """Per indicator: the unit's figure by the roll-up rule (with its coverage) and how many figures inside the unit
    wait in each status. Three queries."""
    statuses = [ValueStatus.APPROVED, ValueStatus.SUBMITTED]
    values = unit_values(plan, unit, indicators, [period], statuses)
    counts = review_status_counts(plan, period, unit)
    rows = []
    for indicator in indicators:
        series = values[indicator.pk]
        rows.append(
            {
                "indicator": indicator,
                "value": series.values.get(period.code),
                "aggregated": period.code in series.aggregated,
                "unapproved": period.code in series.unapproved,
                "covered": series.covered.get(period.code),
                "target": target_for(list(indicator.targets.all()), period),
                "counts": counts.get(indicator.pk, {}),
            }
        )
    return rows


def _review_action(request, plan, period) -> str | None:
    """Do what the coordinator asked; messages say what happened. Returns the anchor to come back to."""
    visible = DataValue.objects.filter(indicator__plan=plan, period=period).select_related(
        "indicator__plan", "unit", "agency", "period__plan"
    )
    action = request.POST.get("action")
    if action == "reopen":
        return _reopen(request, plan, period)
    if action == "end_reopening":
        return _end_reopening(request, period)
    return review_action(request, FIGURES, visible, REVIEW_ORDER)


def _reopen(request, plan, period) -> str:
    form = ReopenForm(request.POST, agencies=agencies_reporting_for(plan))
    if not form.is_valid():
        messages.error(
            request,
            "Mở lại kỳ: " + "; ".join(f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()),
        )
        return "#reopen"

    reopening = period_reopen(
        actor=request.user,
        period=period,
        agency=form.cleaned_data["agency"],
        until=form.cleaned_data["until"],
        note=form.cleaned_data["note"],
    )
    messages.success(
        request,
        f"Đã mở lại kỳ {period.words} cho {reopening.agency or 'mọi cơ quan'} đến {reopening.until:%d/%m/%Y}.",
    )
    return "#reopen"


def _end_reopening(request, period) -> str:
    reopening = get_object_or_404(
        period.reopenings.select_related("agency", "period__plan"),
        pk=int_param(request.POST, "reopening", default=0, min_value=0),
    )
    period_reopening_end(actor=request.user, reopening=reopening)
    messages.success(request, f"Đã kết thúc việc mở lại kỳ {period.words} cho {reopening.agency or 'mọi cơ quan'}.")
    return "#reopen"
