"""The dashboard's card of the year's activities (one include line in templates/reports/dashboard.html)."""

from django import template

from indicators.access import may_read_period
from indicators.activity_selectors import year_activities

register = template.Library()


@register.inclusion_tag("indicators/partials/activities_card_body.html", takes_context=True)
def activities_card(context):
    """Activities done / planned in the year of the dashboard's period (done: an approved report says so); only for
    the plan's territory, and nothing when the plan has no work plan that year. Two queries."""
    plan, period, request = context.get("plan"), context.get("period"), context.get("request")
    if plan is None or period is None or not context.get("is_territory", True):
        return {"summary": None}
    summary = year_activities(plan, period.year)
    if summary.work_plan is None:
        return {"summary": None}
    user = request.user if request is not None else None
    return {
        "summary": summary,
        "plan": plan,
        "period": period,
        "may_read_period": user is not None and may_read_period(user, plan),
    }
