"""The values workbook of an agency for a period: download it prefilled, upload it back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from indicators.services.values_import import values_import
from indicators.views.common import _entry_agency, _entry_url, _period_or_404
from indicators.views.uploads import (
    XLSX_TYPE,
    WorkbookUploadForm,
    forget_upload,
    preview_upload,
    problems_context,
    take_upload,
)
from indicators.workbooks.reader import WorkbookInvalid
from indicators.workbooks.values import values_workbook_write
from plans.access import plan_for_user_or_404
from plans.http import attachment_disposition

VALUES_LABEL = "Sổ Excel số liệu (.xlsx)"


def _workbook_agency(request, plan):
    agency = _entry_agency(request, plan)
    if agency is None:
        raise Http404("Chọn cơ quan để tải sổ số liệu.")
    return agency


@login_required
def period_values_download(request, code: str, period_code: str):
    """The prefilled values workbook of an agency for a period, to fill in offline."""
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    agency = _workbook_agency(request, plan)
    response = HttpResponse(values_workbook_write(plan, period=period, agency=agency), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_disposition(f"so-lieu-{plan.code}-{period.code}.xlsx")
    return response


@login_required
@require_http_methods(["GET", "POST"])
def period_values_upload(request, code: str, period_code: str):
    """Upload the filled values workbook: every problem by row and column, or a preview, then draft or submit."""
    plan = plan_for_user_or_404(request.user, code)
    period = _period_or_404(plan, period_code)
    agency = _workbook_agency(request, plan)
    context = {"plan": plan, "period": period, "agency": agency, "form": WorkbookUploadForm(label=VALUES_LABEL)}
    if request.method == "POST" and "token" in request.POST:
        upload = take_upload(request, request.POST["token"])
        if upload is None:
            messages.error(request, "Phiên xem trước đã hết hạn hoặc không hợp lệ. Hãy tải tệp lên lại.")
            return redirect(request.get_full_path())
        data, name, versions = upload
        forget_upload(request, request.POST["token"])
        submit = "submit" in request.POST
        try:
            summary = values_import(
                data=data,
                actor=request.user,
                plan=plan,
                period=period,
                submit=submit,
                file_name=name,
                agency=agency,
                expected_versions=versions,
            )
        except WorkbookInvalid as error:
            return render(
                request,
                "indicators/values_upload.html",
                context | problems_context(error.problems) | {"file_name": name},
            )
        verb = "gửi duyệt" if submit else "lưu nháp"
        messages.success(request, f"Đã {verb} số liệu từ {name}. {summary.count_line()}")
        return redirect(_entry_url(plan, period, agency, request.user))
    if request.method == "POST":
        return preview_upload(
            request,
            "indicators/values_upload.html",
            context,
            lambda data, name: values_import(
                data=data, actor=request.user, plan=plan, period=period, dry_run=True, file_name=name, agency=agency
            ),
            label=VALUES_LABEL,
        )
    return render(request, "indicators/values_upload.html", context)
