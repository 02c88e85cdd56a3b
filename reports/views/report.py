"""Reports in the browser: preview (printable), Word and Excel downloads, the coordinator's text sections.

For coordinators and leaders of the plan only (DESIGN.md 8). An end-of-plan report asked for any period but the
plan's last year is refused on the page, in Vietnamese, whatever the page (preview, download, text)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from indicators.access import may_read_period, may_review
from plans.access import plan_for_user_or_404
from plans.http import attachment_disposition, choice_param
from reports.access import ProgressRequestError, period_of
from reports.builders.docx import build_docx
from reports.builders.html import report_context
from reports.builders.xlsx import build_xlsx
from reports.content import build_report_content, draft_narrative, final_report_refusal
from reports.models import Narrative
from reports.services import narrative_save

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "%d/%m/%Y"


def _report_request(request, code: str):
    """(plan, period, is_final, refusal): refusal is the Vietnamese reason an end-of-plan report cannot be made."""
    plan = plan_for_user_or_404(request.user, code)
    if not may_read_period(request.user, plan):
        raise PermissionDenied("Báo cáo dành cho điều phối và lãnh đạo.")
    try:
        period = period_of(plan, request.GET.get("period") or request.POST.get("period"))
    except ProgressRequestError as error:
        raise Http404(str(error)) from error
    is_final = (
        choice_param(request.GET, "final", ("0", "1")) or choice_param(request.POST, "final", ("0", "1"))
    ) == "1"
    refusal = final_report_refusal(plan, period) if is_final else ""
    return plan, period, is_final, refusal


def _query(period, is_final: bool) -> str:
    return f"period={period.code}{'&final=1' if is_final else ''}"


def _refused(request, plan, period, refusal: str):
    """The preview page with the refusal instead of the report (400: the request, not the server, is wrong)."""
    context = {
        "plan": plan,
        "period": period,
        "is_final": True,
        "periods": list(plan.periods.all()),
        "refusal": refusal,
        "last_year_query": f"period={plan.end_year}&final=1",
    }
    return render(request, "reports/report_preview.html", context, status=400)


def _file_name(content, extension: str) -> str:
    kind = "tong-ket" if content.is_final else "bao-cao"
    return f"{kind}-{content.plan.code}-{content.period.code}.{extension}"


def _letterhead_url(content) -> str:
    letterhead = content.letterhead
    if letterhead.pk:
        return reverse("admin:reports_letterhead_change", args=[letterhead.pk])
    return reverse("admin:reports_letterhead_add") + f"?plan={content.plan.pk}"


@login_required
def report_preview(request, code: str):
    plan, period, is_final, refusal = _report_request(request, code)
    if refusal:
        return _refused(request, plan, period, refusal)
    content = build_report_content(plan, period, is_final=is_final)
    may_edit = may_review(request.user, plan)
    context = report_context(content) | {
        "plan": plan,
        "period": period,
        "is_final": is_final,
        "periods": list(plan.periods.all()),
        "may_edit": may_edit,
        "letterhead_url": _letterhead_url(content) if may_edit else "",
        "query": _query(period, is_final),
    }
    return render(request, "reports/report_preview.html", context)


@login_required
def report_download(request, code: str, file_format: str):
    plan, period, is_final, refusal = _report_request(request, code)
    if file_format not in ("docx", "xlsx"):
        raise Http404("Định dạng không hỗ trợ.")
    if refusal:
        return _refused(request, plan, period, refusal)
    content = build_report_content(plan, period, is_final=is_final)
    if file_format == "docx":
        response = HttpResponse(build_docx(content), content_type=DOCX_TYPE)
    else:
        response = HttpResponse(build_xlsx(content), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_disposition(_file_name(content, file_format))
    return response


class NarrativeForm(forms.ModelForm):
    issued_on = forms.DateField(
        label="Ngày báo cáo",
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Để trống thì lấy ngày lập báo cáo (hôm nay).",
        error_messages={"invalid": "Ngày báo cáo viết theo dạng ngày/tháng/năm, ví dụ 05/12/2024."},
    )

    class Meta:
        model = Narrative
        fields = ["number", "issued_on", "direction", "shortcomings", "tasks", "recommendations"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ["direction", "shortcomings", "tasks", "recommendations"]
        }


@login_required
@require_http_methods(["GET", "POST"])
def report_text(request, code: str):
    plan, period, is_final, refusal = _report_request(request, code)
    if not may_review(request.user, plan):
        raise PermissionDenied("Chỉ điều phối viết phần nhận xét của báo cáo.")
    if refusal:
        return _refused(request, plan, period, refusal)
    content = build_report_content(plan, period, is_final=is_final)
    narrative = content.narrative
    initial = None if narrative.pk else draft_narrative(content)
    form = NarrativeForm(request.POST or None, instance=narrative, initial=initial)
    if request.method == "POST" and form.is_valid():
        narrative_save(actor=request.user, plan=plan, period=period, is_final=is_final, **form.cleaned_data)
        messages.success(request, "Đã lưu số, ngày và phần nhận xét của báo cáo.")
        return redirect(reverse("report_preview", args=[plan.code]) + "?" + _query(period, is_final))
    return render(
        request,
        "reports/report_text.html",
        {"plan": plan, "period": period, "is_final": is_final, "form": form, "content": content},
    )
