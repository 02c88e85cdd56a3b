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
