"""A figure's audit trail."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from indicators.access import values_visible_to
from indicators.models import ValueStatus
from indicators.services.figures import describe


@login_required
def value_history(request, pk: int):
    value = (
        values_visible_to(request.user)
        .filter(pk=pk)
        .select_related("indicator__plan", "period", "unit", "agency")
        .first()
    )
    if value is None:
        raise Http404("Không tìm thấy số liệu.")
    changes = list(value.changes.select_related("changed_by").order_by("changed_at", "pk"))
    for change in changes:
        change.old_text, change.new_text = describe(change.old), describe(change.new)
        change.note_changed = change.old.get("note", "") != change.new.get("note", "")
    return render(
        request,
        "indicators/value_history.html",
        {"value": value, "changes": changes, "statuses": dict(ValueStatus.choices)},
    )
