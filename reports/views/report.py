"""Reports in the browser: preview (printable), Word and Excel downloads, the coordinator's text sections.

For coordinators and leaders of the plan only (DESIGN.md 8)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from indicators.selectors import can_review
from plans.http import attachment_disposition, choice_param
from plans.models import Role
from plans.selectors import plan_for_user_or_404
from reports.access import ProgressRequestError, period_of
from reports.builders.docx import build_docx
from reports.builders.html import report_context
from reports.builders.xlsx import build_xlsx
from reports.content import build_report_content, draft_narrative
from reports.models import Narrative
from reports.services import narrative_save

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_request(request, code: str):
    plan = plan_for_user_or_404(request.user, code)
    if request.user.role == Role.REPORTER and not request.user.is_superuser:
        raise PermissionDenied("Báo cáo dành cho điều phối và lãnh đạo.")
    try:
        period = period_of(plan, request.GET.get("period") or request.POST.get("period"))
    except ProgressRequestError as error:
        raise Http404(str(error)) from error
    is_final = (
        choice_param(request.GET, "final", ("0", "1")) or choice_param(request.POST, "final", ("0", "1"))
    ) == "1"
    if is_final and period.kind != "year":
        raise Http404("Báo cáo tổng kết lấy kỳ năm (ví dụ 2025).")
    return plan, period, is_final


def _file_name(content, extension: str) -> str:
    kind = "tong-ket" if content.is_final else "bao-cao"
    return f"{kind}-{content.plan.code}-{content.period.code}.{extension}"


@login_required
def report_preview(request, code: str):
    plan, period, is_final = _report_request(request, code)
    content = build_report_content(plan, period, is_final=is_final)
    context = report_context(content) | {
        "plan": plan,
        "period": period,
        "is_final": is_final,
        "periods": list(plan.periods.all()),
        "may_edit": can_review(request.user, plan),
        "query": f"period={period.code}{'&final=1' if is_final else ''}",
    }
    return render(request, "reports/report_preview.html", context)


@login_required
def report_download(request, code: str, file_format: str):
    plan, period, is_final = _report_request(request, code)
    content = build_report_content(plan, period, is_final=is_final)
    if file_format == "docx":
        response = HttpResponse(build_docx(content), content_type=DOCX_TYPE)
    elif file_format == "xlsx":
        response = HttpResponse(build_xlsx(content), content_type=XLSX_TYPE)
    else:
        raise Http404("Định dạng không hỗ trợ.")
    response["Content-Disposition"] = attachment_disposition(_file_name(content, file_format))
    return response


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["direction", "shortcomings", "tasks", "recommendations"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


@login_required
@require_http_methods(["GET", "POST"])
def report_text(request, code: str):
    plan, period, is_final = _report_request(request, code)
    if not can_review(request.user, plan):
        raise PermissionDenied("Chỉ điều phối viết phần nhận xét của báo cáo.")
    content = build_report_content(plan, period, is_final=is_final)
    narrative = content.narrative
    initial = None if narrative.pk else draft_narrative(content)
    form = NarrativeForm(request.POST or None, instance=narrative, initial=initial)
    if request.method == "POST" and form.is_valid():
        narrative_save(actor=request.user, plan=plan, period=period, is_final=is_final, **form.cleaned_data)
        messages.success(request, "Đã lưu phần nhận xét của báo cáo.")
        url = reverse("report_preview", args=[plan.code]) + f"?period={period.code}" + ("&final=1" if is_final else "")
        return redirect(url)
    return render(
        request,
        "reports/report_text.html",
        {"plan": plan, "period": period, "is_final": is_final, "form": form, "content": content},
    )
