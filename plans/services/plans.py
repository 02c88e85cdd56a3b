"""Writes for plans: their reporting periods follow their years and deadlines."""

from django.db import transaction
from django.db.models import ProtectedError

from plans.models import Plan, ReportingPeriod
from plans.periods import deadline_for, plan_period_specs
from plans.services.errors import PlanRuleError


@transaction.atomic
def plan_sync_periods(*, plan: Plan) -> dict[str, list[str]]:
    """Make the plan's reporting periods those of its years and deadlines.

    Returns the codes created, re-dated and removed. Raises PlanRuleError when a period that would be
    removed still holds figures.
    """
    wanted = {spec.code: spec for spec in plan_period_specs(plan.start_year, plan.end_year)}
    existing = {period.code: period for period in plan.periods.all()}
    changes: dict[str, list[str]] = {"created": [], "updated": [], "deleted": []}
    for code, spec in wanted.items():
        day, month = (
            (plan.half_year_deadline_day, plan.half_year_deadline_month)
            if spec.is_half_year
            else (plan.annual_deadline_day, plan.annual_deadline_month)
        )
        deadline = deadline_for(year=spec.year, is_half_year=spec.is_half_year, day=day, month=month) if day else None
        period = existing.get(code)
        if period is None:
            ReportingPeriod.objects.create(plan=plan, code=code, year=spec.year, kind=spec.kind, deadline=deadline)
            changes["created"].append(code)
        elif period.deadline != deadline:
            period.deadline = deadline
            period.save(update_fields=["deadline"])
            changes["updated"].append(code)
    for code, period in existing.items():
        if code not in wanted:
            try:
                period.delete()
            except ProtectedError as error:
                raise PlanRuleError(
                    f"Không thể bỏ kỳ báo cáo {code} của kế hoạch {plan.code}: kỳ này đã có số liệu."
                ) from error
            changes["deleted"].append(code)
    return changes


def plan_link_problems(plan: Plan, *, parent: Plan | None, previous: Plan | None) -> dict[str, str]:
    """What is wrong with a plan's links to its parent (the plan above it) and to its previous plan: a plan is
    neither its own parent nor its own previous plan, and following either chain never comes back to it.
    Returns {field name: message}."""
    problems = {}
    for name, start, words in (
        ("parent", parent, "kế hoạch cấp trên"),
        ("previous", previous, "kế hoạch giai đoạn trước"),
    ):
        if start is None:
            continue
        if plan.pk is not None and start.pk == plan.pk:
            problems[name] = f"Kế hoạch không thể là {words} của chính nó."
            continue
        seen, current = set(), start
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            following = getattr(current, f"{name}_id")
            if plan.pk is not None and following == plan.pk:
                problems[name] = (
                    f"Không chọn được {start.code}: {words} của nó (trực tiếp hoặc qua kế hoạch khác) lại là "
                    "chính kế hoạch này, thành một vòng lặp."
                )
                break
            current = Plan.objects.filter(pk=following).first() if following else None
    return problems
