"""What the review pages share (a period's figures, a period's activity reports): the agency filter, coming back to
where the reviewer was, and approving many, returning or un-approving one, with the messages that say what happened."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from indicators.access import may_review
from indicators.forms import ReturnForm
from indicators.models import ValueAction
from indicators.services.workflow import ValueRuleError
from plans.http import int_param
from plans.models import Agency

REVIEW_ACTIONS = ("approve", "return", "unapprove")


@dataclass(frozen=True)
class Reviewing:
    """What a review page reviews, and how its form names it."""

    field: str  # the form's name of a thing's id: "value", "report"
    things: str  # "số liệu", "báo cáo hoạt động"
    name: Callable[[Model], str]  # "số liệu 1.1 (Bắc Yên)", "báo cáo hoạt động 1.1"
    anchor: Callable[[Model], str]  # where the page comes back to: "#value-5"
    review: Callable[..., list]  # values_review, activity_reports_review
    give_back: Callable[..., Model]  # value_return, activity_report_return (with the thing as `field`)


def agency_filter_or_404(request) -> Agency | None:
    """The agency a review page is filtered by (`?agency=`), None for all; 404 for one that does not exist."""
    agency_id = int_param(request.GET, "agency", min_value=1)
    if agency_id is None:
        return None
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise Http404("Không có cơ quan này.")
    return agency


def back_to(request) -> str:
    """Where the reviewer came from (the page with its filters), if it is on this site; else this page."""
    back = request.POST.get("next", "")
    if back and back.startswith("/") and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return request.path


def answer_review(request, plan, period, act: Callable[..., str | None], *, refused: str) -> HttpResponse:
    """A review page's POST: 403 (`refused`) unless the user reviews the plan; else `act(request, plan, period)` does
    what was asked and names the anchor to come back to (None: an action the page does not know). A refusal of the
    workflow is said, and nothing is written."""
    if not may_review(request.user, plan):
        raise PermissionDenied(refused)
    try:
        anchor = act(request, plan, period)
        if anchor is None:
            messages.error(request, "Thao tác không hợp lệ.")
            anchor = ""
    except ValueRuleError as error:
        messages.error(request, f"{error} Không có gì được ghi.")
        anchor = ""
    return redirect(back_to(request) + anchor)


def review_action(request, kind: Reviewing, visible: QuerySet, order: tuple) -> str | None:
    """Approve (many), return or un-approve (one) of what the reviewer may see in `visible`; messages say what
    happened. Returns the anchor to come back to (None: not one of these actions). Raises ValueRuleError (nothing
    written), Http404."""
    action = request.POST.get("action")
    if action not in REVIEW_ACTIONS:
        return None
    if action == "approve":
        ids = [int_param({kind.field: pk}, kind.field, min_value=1) for pk in request.POST.getlist(kind.field)]
        chosen = list(visible.filter(pk__in=ids).order_by(*order)) if ids else []
        if not chosen:
            messages.warning(request, f"Chưa chọn {kind.things} nào để duyệt.")
            return ""
        items = [(thing, _version(request, f"version-{thing.pk}", thing)) for thing in chosen]
        kind.review(actor=request.user, items=items, action=ValueAction.APPROVED)
        messages.success(request, f"Đã duyệt {len(chosen)} {kind.things}.")
        return ""
    thing = visible.filter(pk=int_param(request.POST, kind.field, default=0, min_value=0)).first()
    if thing is None:
        raise Http404(f"Không tìm thấy {kind.things}.")
    version = _version(request, "version", thing)
    if action == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Trả lại: " + " ".join(e for errors in form.errors.values() for e in errors))
            return kind.anchor(thing)
        kind.give_back(
            actor=request.user,
            **{kind.field: thing},
            note=form.cleaned_data["note"],
            expected_version=version,
            reopen_until=form.cleaned_data["reopen_until"],
        )
        messages.success(request, f"Đã trả lại {kind.name(thing)} kèm ý kiến.")
    else:
        note = request.POST.get("note", "")
        kind.review(actor=request.user, items=[(thing, version)], action=ValueAction.UNAPPROVED, note=note)
        messages.success(request, f"Đã bỏ duyệt {kind.name(thing)}.")
    return kind.anchor(thing)


def _version(request, name: str, thing: Model) -> int:
    """The version the reviewer saw (a form names it); as it is now when the form does not say."""
    return int_param(request.POST, name, default=thing.version, min_value=0)
