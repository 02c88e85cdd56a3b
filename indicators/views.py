"""Pages for staff: the plan workbook uploaded in the browser (upload → preview → confirm) and downloaded."""

import re
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from indicators.plan_workbook import plan_workbook_write
from indicators.services import plan_import
from indicators.xlsx import WorkbookInvalid
from plans.models import Plan
from plans.selectors import plan_for_user_or_404

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Uploaded workbooks waiting between their preview and the confirmation (plan and values workbooks alike).
SESSION_KEY = "workbook_uploads"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label="Sổ Excel kế hoạch (.xlsx)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx (không nhận .xls, .csv hay .docx).")
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"Tệp quá lớn: tối đa {limit} MB.")
        return upload


def _require_plan_manager(user) -> None:
    if not (user.has_perm("plans.add_plan") and user.has_perm("plans.change_plan")):
        raise PermissionDenied("Chỉ cán bộ điều phối và quản trị được nhập kế hoạch.")


def _upload_path(token: str) -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR) / f"{token}.xlsx"


def keep_upload(request, data: bytes, name: str) -> str:
    token = uuid.uuid4().hex
    path = _upload_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = name
    request.session[SESSION_KEY] = uploads
    return token


def take_upload(request, token: str) -> tuple[bytes, str] | None:
    """The workbook this user uploaded for preview; None if the token is not theirs or has expired."""
    uploads = request.session.get(SESSION_KEY, {})
    if not _TOKEN.match(token or "") or token not in uploads or not _upload_path(token).is_file():
        return None
    return _upload_path(token).read_bytes(), uploads[token]


def forget_upload(request, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    _upload_path(token).unlink(missing_ok=True)


def preview_upload(request, template: str, context: dict, dry_run) -> HttpResponse:
    """The preview step of a workbook upload: the form's errors, every problem of the workbook, or the changes
    it would make with a token to confirm them. `dry_run(data, file_name)` returns a summary or raises
    WorkbookInvalid."""
    form = WorkbookUploadForm(request.POST, request.FILES)
    context = context | {"form": form}
    if not form.is_valid():
        return render(request, template, context)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        summary = dry_run(data, upload.name)
    except WorkbookInvalid as error:
        return render(request, template, context | {"problems": error.problems, "file_name": upload.name})
    token = keep_upload(request, data, upload.name)
    return render(request, template, context | {"summary": summary, "token": token, "file_name": upload.name})


@staff_member_required
@require_http_methods(["GET", "POST"])
def plan_import_view(request):
    _require_plan_manager(request.user)
    context = {**admin.site.each_context(request), "title": "Nhập kế hoạch từ sổ Excel", "form": WorkbookUploadForm()}

    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        upload = take_upload(request, token)
        if upload is None:
            messages.error(request, "Phiên xem trước đã hết hạn hoặc không hợp lệ. Hãy tải tệp lên lại.")
            return redirect("plan_import")
        data, name = upload
        try:
            summary = plan_import(data=data, actor=request.user, dry_run=False)
        except WorkbookInvalid as error:
            forget_upload(request, token)
            return render(
                request, "indicators/plan_import.html", context | {"problems": error.problems, "file_name": name}
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
        )
    return render(request, "indicators/plan_import.html", context)


@staff_member_required
@require_GET
def plan_export_view(request, code: str):
    plan = plan_for_user_or_404(request.user, code)
    response = HttpResponse(plan_workbook_write(plan), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{plan.code}.xlsx"'
    return response
