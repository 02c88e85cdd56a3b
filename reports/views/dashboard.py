"""The leaders' dashboard (DESIGN.md 9): a plan at a period for its territory or any unit inside it, the units one
level down as a table of verdicts (drill down, and back up by the breadcrumbs), and one indicator over time."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from indicators.access import indicators_visible_to, may_read_period, may_review
from indicators.models import Kind, ValueStatus
from indicators.rollup import unit_values
from plans.access import may_see_plan, plan_for_user_or_404, plan_scope, plans_visible_to
from plans.models import AdministrativeUnit
from plans.units import is_within
from reports.access import ProgressRequestError, method_of, period_of, unit_of
from reports.charts import progress_bar, series_svg, status_counts_svg
from reports.drilldown import drilldown
from reports.progress import DETERIORATION, LIMITED_PROGRESS, NEEDS_ACCELERATION, NOT_ACHIEVED
from reports.selectors import plan_progress
from reports.statuses import NOT_JUDGED_LABEL, NOT_JUDGED_MEANING, STATUS_COLOURS, STATUS_LABELS, STATUSES

BEHIND = (LIMITED_PROGRESS, DETERIORATION, NOT_ACHIEVED)
CHILDREN_PER_PAGE = 25
SORTS = {
    "behind": "Chậm nhiều nhất trước",
    "completeness": "Báo cáo ít nhất trước",
    "name": "Theo tên",
}


def _default_period(plan):
    """The latest period whose deadline has passed (or the first one): what leaders want to see first."""
    today = timezone.localdate()
    periods = list(plan.periods.all())
    past = [p for p in periods if p.deadline and p.deadline <= today]
    return (past or periods)[-1] if periods else None


@dataclass(frozen=True)
class Choices:
    period: object
    method: str
    include_submitted: bool
    unit: AdministrativeUnit
    scope: AdministrativeUnit

    def query(self, **changes) -> str:
        """The page's query string, with some choices changed (for links that keep the others)."""
        values = {
            "period": self.period.code,
            "method": self.method,
            "unit": self.unit.reference,
            "submitted": "1" if self.include_submitted else "",
        } | changes
        return urlencode({key: value for key, value in values.items() if value not in ("", None)})

    def progress(self, plan, *, user, unit=None):
        """The plan's progress as the page asks for it (period, method, unapproved figures or not), at `unit` (the
        chosen one by default), read as `user` may see it (None: the whole unit)."""
        return plan_progress(
            plan,
            self.period,
            method=self.method,
            include_submitted=self.include_submitted,
            user=user,
            unit=unit or self.unit,
        )


def page_choices(request, plan) -> Choices:
    """Period, method, preview of unapproved figures and the unit, from the query string (404 on nonsense)."""
    scope = plan_scope(request.user, plan)
    try:
        period = period_of(plan, request.GET["period"]) if request.GET.get("period") else _default_period(plan)
        method = method_of(request.GET.get("method"))
        unit = unit_of(plan, request.GET.get("unit"), within=scope)
    except ProgressRequestError as error:
        raise Http404(str(error)) from error
    if period is None:
        raise Http404("Kế hoạch chưa có kỳ báo cáo.")
    include_submitted = request.GET.get("submitted") == "1" and may_review(request.user, plan)
    return Choices(period, method, include_submitted, unit or scope, scope)


def breadcrumbs(unit: AdministrativeUnit, scope: AdministrativeUnit) -> list[AdministrativeUnit]:
    """From the top of what the user sees down to the unit shown."""
    ancestors = {a.pk: a for a in AdministrativeUnit.objects.filter(pk__in=unit.ancestor_ids())}
    chain = [ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors] + [unit]
    start = next((index for index, item in enumerate(chain) if item.pk == scope.pk), 0)
    return chain[start:]


def _base_of(item):
    indicator = item.indicator
    if indicator.baseline_value is not None:
        return indicator.baseline_value
    earlier = [p for p in item.series if p.value is not None]
    return earlier[0].value if earlier else None


@login_required
def dashboard(request, code: str):
    plan = plan_for_user_or_404(request.user, code)
    choices = page_choices(request, plan)
    unit = choices.unit
    result, children = drilldown(
        plan,
        choices.period,
        unit,
        method=choices.method,
        include_submitted=choices.include_submitted,
        user=request.user,
    )
    goals = []
    for goal, items in result.goals:
        rows = []
        for item in items:
            progress = item.progress
            rows.append(
                {
                    "item": item,
                    "label": STATUS_LABELS[progress.status] if item.judged else NOT_JUDGED_LABEL,
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
        "period": choices.period,
        "periods": list(plan.periods.all()),
        "method": choices.method,
        "include_submitted": choices.include_submitted,
        "choices": choices,
        "unit": unit,
        "is_territory": unit.pk == plan.territory_id,
        "crumbs": [(crumb, choices.query(unit=crumb.reference)) for crumb in breadcrumbs(unit, choices.scope)],
        "may_preview": may_review(request.user, plan),
        "may_review": may_review(request.user, plan),
        "may_read_period": may_read_period(request.user, plan),
        "result": result,
        "goals": goals,
        "status_chart": status_counts_svg(result.summary),
        "legend": [(status, label, colour, result.summary[status]) for status, label, colour in STATUSES],
    }
    context |= _children(request, choices, result, children)
    return render(request, "reports/dashboard.html", context)


def _children(request, choices: Choices, result, rows) -> dict:
    """The units one level down as a table of verdicts (reports.drilldown judged them all), sorted and filtered, a
    page at a time."""
    indicators = result.indicators_by_unit
    if not rows or not indicators:
        return {"children": None}
    search = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "behind"
    only_behind = request.GET.get("behind") == "1"
    counts = {indicator.pk for indicator in indicators if indicator.kind == Kind.COUNT}
    if search:
        folded = search.casefold()
        rows = [row for row in rows if folded in row.unit.name.casefold()]
    for row in rows:
        # A count (people, models, events) adds up to the territory's target: no single unit is judged against it.
        judged = [progress for pk, progress in row.progress.items() if pk not in counts]
        row.behind = sum(1 for progress in judged if progress.status in BEHIND)
        row.slow = sum(1 for progress in judged if progress.status == NEEDS_ACCELERATION)
    if only_behind:
        rows = [row for row in rows if row.behind]
    if sort == "behind":
        rows.sort(key=lambda row: (-row.behind, -row.slow, row.unit.name))
    elif sort == "completeness":
        rows.sort(key=lambda row: (row.completeness.reported / (row.completeness.expected or 1), row.unit.name))
    page = Paginator(rows, CHILDREN_PER_PAGE).get_page(request.GET.get("page"))
    for row in page:  # the cells of the rows shown only
        row.query = choices.query(unit=row.unit.reference)
        row.cells = [_cell(indicator, row, indicator.pk in counts) for indicator in indicators]
    return {
        "children": page,
        "child_indicators": indicators,
        "child_count": len(rows),
        "child_search": search,
        "child_sort": sort,
        "child_sorts": SORTS,
        "child_only_behind": only_behind,
        "behind_count": sum(1 for row in rows if row.behind),
    }


def _cell(indicator, row, is_count: bool) -> dict:
    progress = row.progress[indicator.pk]
    return {
        "indicator": indicator,
        "progress": progress,
        "coverage": row.coverage[indicator.pk],
        "colour": "#ffffff" if is_count else STATUS_COLOURS[progress.status],
        "label": NOT_JUDGED_MEANING if is_count else STATUS_LABELS[progress.status],
        "judged": not is_count,
    }


@login_required
def indicator_detail(request, code: str, indicator_code: str):
    plan = plan_for_user_or_404(request.user, code)
    choices = page_choices(request, plan)
    indicator = indicators_visible_to(request.user, plan).filter(code=indicator_code).first()
    if indicator is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    unit = choices.unit
    result = choices.progress(plan, user=request.user)
    item = next((i for i in result.items if i.indicator.pk == indicator.pk), None)
    if item is None:  # below the territory only the indicators reported by unit have figures
        raise Http404(
            f"Chỉ tiêu {indicator.code} chỉ có số liệu của cả {plan.territory.title}, không theo từng địa bàn."
        )
    indicator, progress = item.indicator, item.progress
    parent_item = None
    if unit.pk != plan.territory_id and unit.parent_id and is_within(unit.parent, plan.territory):
        parent = choices.progress(plan, user=None, unit=unit.parent)
        parent_item = next((i for i in parent.items if i.indicator.pk == indicator.pk), None)
    chart = None
    if indicator.is_numeric:
        chart = series_svg(
            points=[(p.time, p.value, p.period) for p in item.series if p.time <= choices.period.time],
            baseline=(indicator.baseline_year + 1, indicator.baseline_value)
            if indicator.baseline_value is not None and indicator.baseline_year
            else None,
            target=(progress.target.time, progress.target.value) if progress.target else None,
            forecast=(progress.target.time, progress.forecast.value) if progress.forecast and progress.target else None,
            unit=indicator.unit,
            first_year=min([plan.start_year - 1] + ([indicator.baseline_year] if indicator.baseline_year else [])),
            last_year=max(plan.end_year, progress.target.year if progress.target else plan.end_year),
            colour="#1f5f8b",
        )
    parent_values = {p.period: p.value for p in parent_item.series} if parent_item else {}
    periods = [p for p in plan.periods.all() if p.time <= choices.period.time]
    own_values = {p.period: p for p in item.series}
    context = {
        "plan": plan,
        "period": choices.period,
        "method": choices.method,
        "include_submitted": choices.include_submitted,
        "choices": choices,
        "unit": unit,
        "crumbs": [(crumb, choices.query(unit=crumb.reference)) for crumb in breadcrumbs(unit, choices.scope)],
        "item": item,
        "indicator": indicator,
        "progress": progress,
        "label": STATUS_LABELS[progress.status] if item.judged else NOT_JUDGED_LABEL,
        "colour": STATUS_COLOURS[progress.status],
        "chart": chart,
        "parent_item": parent_item,
        "rows": [
            {
                "period": period,
                "point": own_values.get(period.code),
                "parent_value": parent_values.get(period.code),
                "unapproved": period.code in item.unapproved_periods,
                "aggregated": period.code in item.aggregated_periods,
            }
            for period in periods
        ],
        "assignments": indicator.assignments.select_related("agency"),
        "earlier": _earlier_plan_rows(request.user, indicator, unit),
        "later": indicator.next_indicators.filter(plan__in=plans_visible_to(request.user))
        .select_related("plan")
        .first(),
    }
    return render(request, "reports/indicator_detail.html", context)


def _earlier_plan_rows(user, indicator, unit):
    """The same indicator in the plan this one carries forward (DESIGN: both periods on one page): its approved
    figures for the same unit where the earlier plan had it, else for its territory. Three queries."""
    previous = indicator.previous
    if previous is None or not may_see_plan(user, previous.plan):
        return None
    plan = previous.plan
    where = unit if is_within(unit, plan.territory) else plan.territory
    periods = sorted(plan.periods.all(), key=lambda period: period.time)
    values = unit_values(plan, where, [previous], periods, [ValueStatus.APPROVED])[previous.pk].values
    return {
        "plan": plan,
        "indicator": previous,
        "unit": where,
        "rows": [(period, values.get(period.code)) for period in periods if period.code in values],
    }
