"""Pages for staff: the plan page, the plan workbook uploaded in the browser (upload → preview → confirm) and
downloaded, its blank template, carrying a plan forward."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from indicators.entry import EntryInvalid, read_entry
from indicators.models import Kind
from indicators.selectors import plan_agencies, plan_goals, plan_periods, plans_overview
from indicators.services import plan_import
from indicators.services.carry_forward import carry_forward_preview, next_plan_title, plan_carry_forward
from indicators.views.uploads import (
    XLSX_TYPE,
    WorkbookUploadForm,
    forget_upload,
    preview_upload,
    problems_context,
    take_upload,
)
from indicators.workbooks.plan import plan_workbook_template, plan_workbook_write
from indicators.workbooks.reader import WorkbookInvalid
from plans.access import acts_for_agency, may_manage_plan, plan_for_user_or_404, plan_scope, plans_visible_to
from plans.http import attachment_disposition, int_param
from plans.identifiers import code_validator
from plans.models import Plan
from plans.numbers import input_number
from plans.services import PlanRuleError
from plans.text import yes_no_word
from plans.units import UnitNotFound, find_unit

PLAN_LABEL = "Sổ Excel kế hoạch (.xlsx)"


def _require_plan_manager(user) -> None:
    if not (user.has_perm("plans.add_plan") and user.has_perm("plans.change_plan")):
        raise PermissionDenied("Chỉ cán bộ điều phối và quản trị được nhập kế hoạch.")


@staff_member_required
@require_http_methods(["GET", "POST"])
def plan_import_view(request):
    _require_plan_manager(request.user)
    context = {
        **admin.site.each_context(request),
        "title": "Nhập kế hoạch từ sổ Excel",
        "form": WorkbookUploadForm(label=PLAN_LABEL),
    }

    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        upload = take_upload(request, token)
        if upload is None:
            messages.error(request, "Phiên xem trước đã hết hạn hoặc không hợp lệ. Hãy tải tệp lên lại.")
            return redirect("plan_import")
        data, name, _ = upload
        try:
            summary = plan_import(data=data, actor=request.user, dry_run=False)
        except WorkbookInvalid as error:
            forget_upload(request, token)
            return render(
                request, "indicators/plan_import.html", context | problems_context(error.problems) | {"file_name": name}
            )
        forget_upload(request, token)
        messages.success(
            request,
            f"Đã nhập kế hoạch {summary.plan_code} từ {name}. "
            + " · ".join(summary.count_lines() or ["Không có thay đổi nào."]),
        )
        plan = Plan.objects.get(code=summary.plan_code)
        return redirect(reverse("admin:plans_plan_change", args=[plan.pk]))

    if request.method == "POST":
        return preview_upload(
            request,
            "indicators/plan_import.html",
            context,
            lambda data, name: plan_import(data=data, actor=request.user, dry_run=True),
            label=PLAN_LABEL,
        )
    return render(request, "indicators/plan_import.html", context)


@staff_member_required
@require_GET
def plan_export_view(request, code: str):
    plan = plan_for_user_or_404(request.user, code)
    response = HttpResponse(plan_workbook_write(plan), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_disposition(f"{plan.code}.xlsx")
    return response


class CarryForwardForm(forms.Form):
    """The next plan: its code, years, title and number, and a target for each indicator (prefilled)."""

    code = forms.CharField(label="Mã kế hoạch mới", max_length=50, validators=[code_validator])
    start_year = forms.IntegerField(label="Năm bắt đầu", min_value=1945, max_value=2100)
    end_year = forms.IntegerField(label="Năm kết thúc", min_value=1945, max_value=2100)
    title = forms.CharField(label="Tên kế hoạch", max_length=500)
    document_number = forms.CharField(label="Số hiệu", max_length=100, required=False)
    territory = forms.CharField(
        label="Địa bàn của kế hoạch mới",
        max_length=200,
        required=False,
        help_text="Mã hành chính hoặc tên (ví dụ 03856 hoặc xã Bắc Yên); để trống nếu vẫn là địa bàn cũ.",
    )

    def __init__(self, *args, carried, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.carried, self.source = carried, source
        for item in carried:
            indicator = item.indicator
            field = forms.CharField(label=f"{indicator.code}. {indicator.name}", required=True, max_length=255)
            if indicator.kind == Kind.BOOLEAN:
                field = forms.ChoiceField(label=field.label, choices=[("có", "Có"), ("không", "Không")])
            self.fields[f"target-{indicator.code}"] = field

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_year") and cleaned.get("end_year") and cleaned["end_year"] < cleaned["start_year"]:
            self.add_error("end_year", "Năm kết thúc không được trước năm bắt đầu.")
        cleaned["unit"] = None
        if cleaned.get("territory"):
            top = self.source.territory
            try:  # anywhere in the same tree: a district's plan goes on as a commune's or the province's
                cleaned["unit"] = find_unit(
                    cleaned["territory"], within=top.national_ancestor or top.province_ancestor or top
                )
            except UnitNotFound as error:
                self.add_error("territory", str(error)[:1].upper() + str(error)[1:])
        targets = {}
        for item in self.carried:
            name, indicator = f"target-{item.indicator.code}", item.indicator
            if name not in cleaned:
                continue
            try:
                entry = read_entry(kind=indicator.kind, factor=indicator.factor, value=cleaned[name])
            except EntryInvalid as error:
                self.add_error(name, str(error)[:1].upper() + str(error)[1:])
                continue
            targets[indicator.code] = entry.value
        cleaned["targets"] = targets
        return cleaned

    def rows(self):
        return [(item, self[f"target-{item.indicator.code}"]) for item in self.carried]


@login_required
@require_http_methods(["GET", "POST"])
def plan_carry_forward_view(request, code: str):
    """A coordinator of a closing plan creates the next one (baselines from its results, targets to set)."""
    source = plan_for_user_or_404(request.user, code)
    if not may_manage_plan(request.user, source):
        raise PermissionDenied("Chỉ điều phối của kế hoạch lập được kế hoạch giai đoạn tiếp theo.")
    start, end = source.end_year + 1, source.end_year + 5
    start = int_param(request.POST, "start_year", default=start) if request.method == "POST" else start
    end = int_param(request.POST, "end_year", default=end) if request.method == "POST" else end
    carried = carry_forward_preview(source, start_year=start, end_year=end)
    initial = {
        "code": _next_code(source.code, source, start, end),
        "start_year": start,
        "end_year": end,
        "title": next_plan_title(source, start, end),
    } | {f"target-{item.indicator.code}": _as_typed(item.target) for item in carried if item.target is not None}
    form = CarryForwardForm(request.POST or None, carried=carried, source=source, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = plan_carry_forward(
                actor=request.user,
                source=source,
                code=data["code"],
                start_year=data["start_year"],
                end_year=data["end_year"],
                title=data["title"],
                document_number=data["document_number"],
                territory=data["unit"],
                targets=data["targets"],
            )
        except PlanRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Đã lập kế hoạch {plan.code} ({plan.start_year}–{plan.end_year}) tiếp nối {source.code}; giá trị cơ "
                "sở lấy từ kết quả đã duyệt của kế hoạch cũ.",
            )
            return redirect("dashboard", plan.code)
    return render(request, "indicators/plan_carry_forward.html", {"plan": source, "form": form})


def _as_typed(value) -> str:
    """A target as its input shows it, so that submitting it unchanged reads back the same (no thousand groups)."""
    if isinstance(value, bool):
        return yes_no_word(value)
    if isinstance(value, Decimal):
        return input_number(value)
    return str(value)


def _next_code(code: str, source, start: int, end: int) -> str:
    return code.replace(str(source.start_year), str(start)).replace(str(source.end_year), str(end))


@login_required
@require_GET
def plan_detail(request, code: str):
    """The plan for its staff, outside the admin: goals and indicators with their base, targets and agencies, the
    reporting periods as they stand today, and where to go from here. Reporters have their own home."""
    if acts_for_agency(request.user):
        return redirect("reporter_home")
    plan = plan_for_user_or_404(request.user, code)
    return render(
        request,
        "indicators/plan_detail.html",
        {
            "plan": plan,
            "goals": plan_goals(plan),
            "periods": plan_periods(plan),
            "agencies": plan_agencies(plan),
            "manages": may_manage_plan(request.user, plan),
            # below the territory (a commune's leader) only the indicators reported by unit have a page
            "whole_plan": plan_scope(request.user, plan).pk == plan.territory_id,
            "crumbs": [],
        },
    )


@login_required
@require_GET
def plan_template_view(request):
    """A blank plan workbook, for a plan typed from scratch (those who may import one)."""
    _require_plan_manager(request.user)
    response = HttpResponse(plan_workbook_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_disposition("mau-so-ke-hoach.xlsx")
    return response


@login_required
def plan_list(request):
    """The plans a user reads, each with its current period, that period's state and the figures waiting for review
    (a fixed number of queries for any number of plans). Reporters have their own home."""
    if acts_for_agency(request.user):
        return redirect("reporter_home")
    plans = list(plans_visible_to(request.user).select_related("territory"))
    current = plans_overview(plans)
    for plan in plans:
        plan.current = current[plan.pk]
    return render(request, "plans/plan_list.html", {"plans": plans})
