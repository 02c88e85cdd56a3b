"""The reporter's home: open periods, deadlines and the status of each figure."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from indicators.models import DataValue
from indicators.periods import period_is_open_for, period_status_text, period_window
from indicators.selectors import reporting_indicators, target_for
from indicators.views.common import _targets_prefetch
from plans.models import Role
from plans.selectors import plans_visible_to


@login_required
def reporter_home(request):
    """The open periods of the reporter's agency, their deadlines and days left, and the status of each figure."""
    user = request.user
    if user.role != Role.REPORTER or user.agency_id is None:
        return redirect("plan_list")
    today = timezone.localdate()
    sections = []
    plans = (
        plans_visible_to(user)
        .filter(indicators__assignments__agency=user.agency)
        .distinct()
        .select_related("territory")
    )
    for plan in plans.prefetch_related("periods__reopenings"):
        indicators = list(reporting_indicators(plan, user.agency).prefetch_related(_targets_prefetch()))
        periods = [p for p in plan.periods.all() if period_is_open_for(p, plan, user.agency, today)]
        statuses = {
            (v.indicator_id, v.period_id): v
            for v in DataValue.objects.filter(indicator__in=indicators, period__in=periods, unit=plan.territory)
        }
        sections.append(
            {
                "plan": plan,
                "periods": [
                    {
                        "period": p,
                        "deadline": period_window(p, plan).deadline,
                        "status_text": period_status_text(p, plan, user.agency, today),
                        "rows": [
                            {
                                "indicator": i,
                                "target": target_for(list(i.targets.all()), p),
                                "figure": statuses.get((i.pk, p.pk)),
                            }
                            for i in indicators
                        ],
                    }
                    for p in periods
                ],
                "indicators": indicators,
            }
        )
    return render(request, "indicators/reporter_home.html", {"sections": sections})
