"""The period entry form: a reporter (or a coordinator on an agency's behalf) enters and submits figures, one unit
at a time; an agency that reports for many units (a province's Sở for every commune) picks the unit from a paged,
searchable list. Only the rows the user changed are written and version-checked."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from indicators.access import REPORTING_ROLES, entering_agency, indicators_reported_by, may_review
from indicators.activity_selectors import agencies_with_activities
from indicators.forms import EntryRowForm
from indicators.models import Assignment, DataValue, ValueStatus
from indicators.periods import period_is_open_for, period_status_text, period_window
from indicators.selectors import entry_rows, entry_unit_progress, entry_units
from indicators.services.figures import DRAFT, SUBMIT, FigureInput, FiguresRefused, values_write
from indicators.views.activities import entry_activities
from indicators.views.common import _period_or_404
from plans.access import acts_for_agency, plan_for_user_or_404
from plans.http import int_param
from plans.models import Agency

UNITS_PER_PAGE = 30
UNIT_FILTERS = {
    "": "Tất cả",
    "missing": "Chưa nhập đủ",
    "returned": "Có số liệu bị trả lại",
    "draft": "Còn nháp",
}


def _agency(request, plan) -> Agency | None:
    """The agency whose figures the page enters: the reporter's own; for a coordinator of the plan the one chosen
    (None until chosen). Anyone else may not enter."""
    user = request.user
    if acts_for_agency(user):
        return user.agency
    if not may_review(user, plan):
        raise PermissionDenied("Bạn không được nhập số liệu.")
    chosen = int_param(request.GET, "agency", min_value=1) or int_param(request.POST, "agency", min_value=1)
    if chosen is None:
        return None
    agency = Agency.objects.select_related("unit").filter(pk=chosen).first()
    if agency is None or entering_agency(user, plan, agency) is None:
        raise Http404("Không có cơ quan này trong kế hoạch.")
    return agency


def _reporting_agencies(plan):
    """Agencies a coordinator may enter for: those leading or providing data for the plan's indicators."""
    return (
        Agency.objects.filter(
            Q(pk__in=Assignment.objects.filter(indicator__plan=plan, role__in=REPORTING_ROLES).values("agency_id"))
            | Q(pk__in=agencies_with_activities(plan))
        )
        .select_related("unit")
        .order_by("name")
    )


def _unit_picker(request, plan, period, agency, units, current):
    """The units an agency reports for, a page at a time, with how far each has come."""
    search = request.GET.get("q", "").strip()[:100]
    wanted = request.GET.get("show", "")
    wanted = wanted if wanted in UNIT_FILTERS else ""
    by_unit = indicators_reported_by(agency, plan).filter(reported_by_commune=True)
    expected = by_unit.count()
    listed = units
    if search:
        listed = listed.filter(name__icontains=search)
    if wanted == "missing":
        listed = listed.annotate(
            done=Count("values", filter=Q(values__period=period, values__indicator__in=by_unit))
        ).filter(done__lt=expected)
    elif wanted:
        listed = listed.filter(
            pk__in=DataValue.objects.filter(indicator__in=by_unit, period=period, status=wanted).values("unit_id")
        )
    page = Paginator(listed, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    progress = entry_unit_progress(plan, period, agency, list(page.object_list))
    items = []
    for unit in page.object_list:
        counts = progress.get(unit.pk, {})
        items.append(
            {
                "unit": unit,
                "done": sum(counts.values()),
                "expected": expected,
                "returned": counts.get(ValueStatus.RETURNED, 0),
                "draft": counts.get(ValueStatus.DRAFT, 0),
                "is_current": unit.pk == current.pk,
            }
        )
    return {
        "unit_page": page,
        "unit_items": items,
        "unit_search": search,
        "unit_show": wanted,
        "unit_filters": UNIT_FILTERS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def period_entry(request, code: str, period_code: str):
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    agency = _agency(request, plan)
    on_behalf = not acts_for_agency(request.user)
    context = {"plan": plan, "period": period, "agency": agency, "on_behalf": on_behalf}
    if agency is None:
        return render(request, "indicators/period_entry.html", context | {"agencies": _reporting_agencies(plan)})
    units = entry_units(plan, agency)
    unit = _chosen_unit(request, plan, agency, units)
    activities = entry_activities(request, plan, period, agency)
    if unit is None:
        if not agencies_with_activities(plan).filter(pk=agency.pk).exists():
            raise PermissionDenied("Cơ quan này không báo cáo chỉ tiêu nào của kế hoạch.")
        # An agency with activities and no figures (a Hội, a Đài …): the page holds its activities only.
        context |= {
            "agencies": _reporting_agencies(plan) if on_behalf else None,
            "status_text": period_status_text(period, plan, agency),
            "window": period_window(period, plan),
            "is_open": period_is_open_for(period, plan, agency),
        }
        return render(request, "indicators/period_entry.html", context | activities)
    is_open = period_is_open_for(period, plan, agency)
    rows = entry_rows(plan, period, agency, unit, is_open=is_open)
    data = request.POST if request.method == "POST" else None
    for row in rows:
        row.form = EntryRowForm(data, prefix=row.prefix, indicator=row.indicator, figure=row.figure)
    if request.method == "POST":
        saved = _save(request, plan, period, agency, unit, rows, is_open)
        if saved:
            return redirect(request.get_full_path())
    context |= {
        "agencies": _reporting_agencies(plan) if on_behalf else None,
        "unit": unit,
        "is_territory": unit.pk == plan.territory_id,
        "many_units": units.count() > 1,
        "rows": rows,
        "is_open": is_open,
        "window": period_window(period, plan),
        "status_text": period_status_text(period, plan, agency),
        "earlier_label": period.spec.previous().label,
        "returned": [row for row in rows if row.figure and row.figure.status == ValueStatus.RETURNED],
    }
    if context["many_units"]:
        context |= _unit_picker(request, plan, period, agency, units, unit)
    return render(request, "indicators/period_entry.html", context | activities)


def _chosen_unit(request, plan, agency, units):
    chosen = int_param(request.GET, "unit", min_value=1) or int_param(request.POST, "unit", min_value=1)
    if chosen is not None:
        unit = units.filter(pk=chosen).first()
        if unit is None:
            raise Http404("Cơ quan này không nhập số liệu cho địa bàn này.")
        return unit
    # The agency's own unit first (the territory for a Sở, the commune for UBND xã), else the first of its units.
    return units.filter(pk=agency.unit_id).first() or units.first()


def _save(request, plan, period, agency, unit, rows, is_open) -> bool:
    """Write the changed rows (all or nothing). True when saved; otherwise the errors are on the page."""
    if not is_open:
        messages.error(
            request, "Kỳ báo cáo đã khóa với cơ quan này; không có gì được ghi. Đề nghị điều phối mở lại kỳ."
        )
        return False
    # A row none of whose fields came (a page that posts only what changed) is left as it is.
    posted = {key.split("-", 1)[0] for key in request.POST}
    editable = [row for row in rows if row.editable and row.prefix in posted]
    if not all(row.form.is_valid() for row in editable):
        messages.error(request, "Có ô chưa đúng (xem thông báo đỏ ở từng ô). Không có gì được ghi.")
        return False
    submit = "submit" in request.POST
    inputs = [
        FigureInput(
            row.indicator,
            period,
            unit,
            row.form.cleaned_data["entry"],
            row.form.cleaned_data["note"].strip(),
            row.form.cleaned_data["version"],
            key=row.prefix,
        )
        for row in editable
        # Submitting sends what is filled in; an empty row stays empty.
        if not (submit and row.form.cleaned_data["entry"].is_empty and row.figure is None)
    ]
    try:
        result = values_write(actor=request.user, agency=agency, inputs=inputs, mode=SUBMIT if submit else DRAFT)
    except FiguresRefused as refused:
        by_prefix = {row.prefix: row for row in rows}
        for problem in refused.problems:
            row = by_prefix.get(problem.key)
            message = problem.message[:1].upper() + problem.message[1:]
            if row is not None and problem.field == "value":
                row.form.add_error("value", message)
            else:
                messages.error(request, message)
        messages.error(request, "Không có gì được ghi.")
        return False
    changed = result.created + result.updated
    if not changed:
        messages.info(request, "Không có số liệu nào thay đổi.")
    else:
        verb = "gửi duyệt" if submit else "lưu nháp"
        messages.success(request, f"Đã {verb} {changed} số liệu {period.words} của {unit.label}.")
    return True
