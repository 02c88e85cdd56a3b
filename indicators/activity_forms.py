"""The activity report form of the entry page: progress, a reason when dropped, the outputs achieved (women and men
counted separately), a short account, evidence files to add and to remove. The rules are the service's
(indicators.services.activities.report_problems, indicators.evidence.check_evidence), asked here so that every
problem shows beside its field."""

import re

from django import forms
from django.conf import settings

from indicators.activities import Achieved
from indicators.evidence import ACCEPTED_WORDS, EvidenceRefused, check_evidence
from indicators.models import ActivityProgress, ActivityReport
from indicators.services.activities import EvidenceUpload, ReportInput, report_problems
from indicators.workbooks.problems import vn_size
from plans.numbers import format_number

_COUNT = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)$")
COUNT_FIELDS = ("events", "women", "men", "products", "inspections")


class CountField(forms.CharField):
    """A whole number ≥ 0, as people type it: `1200` or `1.200`."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "class": "count", "autocomplete": "off", "maxlength": 16})

    def to_python(self, value):
        text = (super().to_python(value) or "").strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if len(text) > 16 or not _COUNT.match(text):
            raise forms.ValidationError("Cần một số nguyên không âm (ví dụ 120 hoặc 1.200).")
        return int(text.replace(".", ""))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.doc"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ActivityReportForm(forms.Form):
    progress = forms.ChoiceField(
        label="Tiến độ",
        choices=ActivityProgress.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn tiến độ của hoạt động."},
    )
    reason = forms.CharField(
        label="Lý do không thực hiện",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi chọn “Không thực hiện”.",
    )
    account = forms.CharField(
        label="Kết quả thực hiện (tóm tắt)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Đã làm gì, ở đâu, khi nào; vài câu là đủ.",
    )
    events = CountField(label="Sự kiện, hội nghị, lớp tập huấn")
    women = CountField(label="Người tham dự: nữ")
    men = CountField(label="Người tham dự: nam")
    products = CountField(label="Sản phẩm truyền thông")
    inspections = CountField(label="Cuộc kiểm tra, giám sát")
    evidence = MultipleFileField(
        label="Thêm tệp minh chứng",
        required=False,
        help_text=f"{ACCEPTED_WORDS}; mỗi tệp tối đa {vn_size(settings.EVIDENCE_MAX_FILE_BYTES)}.",
    )
    remove_evidence = forms.TypedMultipleChoiceField(
        label="Xóa tệp", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data=None, files=None, *, report: ActivityReport | None, prefix: str, **kwargs):
        self.report = report
        self.submitting = data is not None and "submit" in data
        if report is not None and data is None:
            kwargs["initial"] = {
                "progress": report.progress,
                "reason": report.reason,
                "account": report.account,
                **{name: _shown(getattr(report, name)) for name in COUNT_FIELDS},
                "version": report.version,
            }
        else:
            kwargs.setdefault("initial", {"version": 0})
        super().__init__(data, files, prefix=prefix, **kwargs)
        kept = list(report.evidence.all()) if report is not None else []
        self.fields["remove_evidence"].choices = [(evidence.pk, evidence.name) for evidence in kept]
        self.kept_evidence = kept

    @property
    def count_fields(self):
        return [self[name] for name in COUNT_FIELDS]

    def clean_evidence(self):
        checked = []
        for upload in self.cleaned_data.get("evidence") or []:
            if upload.size > settings.EVIDENCE_MAX_FILE_BYTES:
                raise forms.ValidationError(
                    f"Tệp “{upload.name}” nặng {vn_size(upload.size)}, quá giới hạn "
                    f"{vn_size(settings.EVIDENCE_MAX_FILE_BYTES)} cho một tệp."
                )
            data = upload.read()
            try:
                check_evidence(upload.name, data)
            except EvidenceRefused as error:
                raise forms.ValidationError(str(error)) from error
            checked.append(EvidenceUpload(upload.name, data))
        return checked

    def clean(self):
        cleaned = super().clean()
        if self.errors.get("progress"):
            return cleaned
        data = self.report_input()
        for name, message in report_problems(data, submit=self.submitting).items():
            self.add_error(name if name in self.fields else None, message)
        return cleaned

    def report_input(self) -> ReportInput:
        cleaned = self.cleaned_data
        return ReportInput(
            progress=cleaned.get("progress") or "",
            reason=cleaned.get("reason") or "",
            account=cleaned.get("account") or "",
            achieved=Achieved(**{name: cleaned.get(name) for name in COUNT_FIELDS}),
        )


def _shown(count: int | None) -> str:
    return "" if count is None else format_number(count)
