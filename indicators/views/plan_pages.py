"""Pages for staff: the plan workbook uploaded in the browser (upload → preview → confirm) and downloaded."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from indicators.services import plan_import
from indicators.views.uploads import (
    XLSX_TYPE,
    WorkbookUploadForm,
    forget_upload,
    preview_upload,
    problems_context,
    take_upload,
)
from indicators.workbooks.plan import plan_workbook_write
from indicators.workbooks.reader import WorkbookInvalid
from plans.access import plan_for_user_or_404
from plans.http import attachment_disposition
from plans.models import Plan

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
