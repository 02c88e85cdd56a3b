"""The completeness of a period: who reported, who is late."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from indicators.selectors import period_completeness
from indicators.views.common import _period_or_404
from indicators.views.review import _require_reader
from plans.selectors import plan_for_user_or_404


@login_required
def period_completeness_view(request, code: str, period_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    _require_reader(request.user, plan)
    rows, overall = period_completeness(plan, period)
    return render(
        request,
        "indicators/period_completeness.html",
        {"plan": plan, "period": period, "rows": rows, "overall": overall},
    )
