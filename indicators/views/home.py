"""The reporter's home: each plan their agency reports for, its open periods (a period reopened for the agency
included), deadlines and days left, and where each figure stands — a commune's reporter sees the province's plan
for their commune."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from indicators.access import indicators_reported_by
from indicators.activity_selectors import agencies_with_activities, agency_activity_counts
from indicators.models import DataValue, Target
from indicators.periods import period_is_open_for, period_status_text, period_window
from indicators.selectors import entry_units, target_for
from plans.access import acts_for_agency, plans_visible_to


@login_required
def reporter_home(request):
    user = request.user
    if not acts_for_agency(user) or user.agency_id is None:
        return redirect("plan_list")
    agency = user.agency
    today = timezone.localdate()
    sections = []
    for plan in plans_visible_to(user).select_related("territory").prefetch_related("periods__reopenings"):
        indicators = list(
            indicators_reported_by(agency, plan)
            .prefetch_related(Prefetch("targets", queryset=Target.objects.order_by("year")))
            .order_by("position", "code")
        )
        leads_activities = agencies_with_activities(plan).filter(pk=agency.pk).exists()
        if not indicators and not leads_activities:
            continue
        # The figures shown are those of the agency's own unit (the territory for a Sở, the commune for UBND xã).
        unit = entry_units(plan, agency).filter(pk=agency.unit_id).first() or plan.territory
        periods = [p for p in plan.periods.all() if period_is_open_for(p, plan, agency, today)]
        statuses = {
            (v.indicator_id, v.period_id): v
            for v in DataValue.objects.filter(indicator__in=indicators, period__in=periods, unit=unit)
        }
        sections.append(
            {
                "plan": plan,
                "unit": unit,
                "periods": [
                    {
                        "period": p,
                        "deadline": period_window(p, plan).deadline,
                        "status_text": period_status_text(p, plan, agency, today),
                        "rows": [
                            {
                                "indicator": i,
                                "target": target_for(list(i.targets.all()), p),
                                "figure": statuses.get((i.pk, p.pk)),
                            }
                            for i in indicators
                        ],
                        "activities": agency_activity_counts(plan, p, agency) if leads_activities else None,
                    }
                    for p in periods
                ],
                "indicators": indicators,
            }
        )
    return render(request, "indicators/reporter_home.html", {"sections": sections})
