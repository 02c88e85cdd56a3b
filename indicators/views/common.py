"""What the figure pages share."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from indicators.access import may_review
from indicators.models import Target
from plans.access import acts_for_agency, agencies_visible_to, sees_everything
from plans.http import int_param
from plans.models import Agency
from plans.units import UnitNotFound, plan_unit


def _period_or_404(plan, period_code: str):
    period = plan.periods.prefetch_related("reopenings").filter(code=period_code.upper()).first()
    if period is None:
        raise Http404("Không có kỳ báo cáo này.")
    return period


def _targets_prefetch():
    return Prefetch("targets", queryset=Target.objects.order_by("year"))


def _entry_agency(request, plan):
    """Reporters enter for their agency; a coordinator picks the agency they enter on behalf of."""
    user = request.user
    if acts_for_agency(user):
        return user.agency
    if not may_review(user, plan):
        raise PermissionDenied("Bạn không được nhập số liệu.")
    agency_id = int_param(request.GET, "agency") or int_param(request.POST, "agency")
    if not agency_id:
        return None
    return (
        get_object_or_404(agencies_visible_to(user), pk=agency_id)
        if not sees_everything(user)
        else get_object_or_404(Agency, pk=agency_id)
    )


def _entry_url(plan, period, agency, user) -> str:
    url = reverse("period_entry", args=[plan.code, period.code])
    return url if acts_for_agency(user) else f"{url}?agency={agency.pk}"


def unit_or_404(plan, text, scope):
    """The unit a page's `unit` parameter names inside the user's part of the plan (the scope itself when none);
    404, the same answer as for a unit that does not exist, for anything else."""
    try:
        return plan_unit(plan, text, within=scope) or scope
    except UnitNotFound as error:
        raise Http404(str(error)) from error
