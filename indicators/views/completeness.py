"""The completeness of a period: which agencies reported the territory's figures, and — for indicators reported by
unit — which units inside the chosen one have reported, a page at a time, the least complete first."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from indicators.access import may_review
from indicators.models import Indicator
from indicators.selectors import children_reporting, period_completeness, units_completeness
from indicators.views.common import readable_period_or_404, unit_or_404
from plans.access import plan_scope
from plans.units import plan_units

UNITS_PER_PAGE = 50


@login_required
def period_completeness_view(request, code: str, period_code: str):
    plan, period = readable_period_or_404(request.user, code, period_code)
    scope = plan_scope(request.user, plan)
    unit = unit_or_404(plan, request.GET.get("unit"), scope)
    indicators = list(Indicator.objects.filter(plan=plan))
    context = {"plan": plan, "period": period, "unit": unit, "reviewer": may_review(request.user, plan)}
    if unit.pk == plan.territory_id:
        rows, overall = period_completeness(plan, period)
        context |= {"rows": rows, "overall": overall}
    context["units_total"] = units_completeness(plan, period, unit, indicators)
    if context["units_total"].expected:
        context |= _units(request, plan, period, unit, indicators)
    return render(request, "indicators/period_completeness.html", context)


def _units(request, plan, period, unit, indicators) -> dict:
    """The units one level down with how much each has reported, filtered by name, the least complete first."""
    search = request.GET.get("q", "").strip()[:100]
    only_missing = request.GET.get("missing") == "1"
    children = plan_units(plan).filter(parent=unit).order_by("name")
    if search:
        children = children.filter(name__icontains=search)
    rows = children_reporting(plan, period, unit, list(children), indicators)
    if only_missing:
        rows = [row for row in rows if row.missing]
    rows.sort(key=lambda row: (row.submitted / (row.expected or 1), row.unit.name))
    page = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    return {"unit_page": page, "unit_search": search, "only_missing": only_missing}
