"""Workbook uploads shared by every upload page: the file form, the preview step and its token."""

import re
import uuid

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render

from indicators.upload_files import stale_uploads_delete, upload_path
from indicators.workbooks.problems import Problem, WorkbookInvalid, listed, vn_size

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Uploaded workbooks waiting between their preview and the confirmation (plan and values workbooks alike).
SESSION_KEY = "workbook_uploads"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label="Sổ Excel (.xlsx)",
        error_messages={
            "required": "Hãy chọn một tệp Excel .xlsx.",
            "empty": "Tệp trống, không có nội dung.",
            "invalid": "Không đọc được tệp đã gửi; hãy chọn lại tệp.",
            "missing": "Không nhận được tệp; hãy chọn lại tệp.",
        },
    )

    def __init__(self, *args, label: str = "Sổ Excel (.xlsx)", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx (không nhận .xls, .csv hay .docx).")
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Tệp nặng {vn_size(upload.size)}, quá giới hạn {vn_size(settings.IMPORT_MAX_UPLOAD_BYTES)} của một "
                "lần tải lên."
            )
        return upload


def keep_upload(request, data: bytes, name: str, versions: dict | None = None) -> str:
    """Keep an uploaded workbook until its confirmation, with the versions of the figures its preview showed."""
    stale_uploads_delete()  # previews abandoned by anyone, so the folder never grows without bound
    token = uuid.uuid4().hex
    path = upload_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"name": name, "versions": versions or {}}
    request.session[SESSION_KEY] = uploads
    return token


def take_upload(request, token: str) -> tuple[bytes, str, dict] | None:
    """The workbook this user uploaded for preview, its name and the versions its preview showed; None if the
    token is not theirs or has expired."""
    uploads = request.session.get(SESSION_KEY, {})
    if not _TOKEN.match(token or "") or token not in uploads or not upload_path(token).is_file():
        return None
    kept = uploads[token]
    return upload_path(token).read_bytes(), kept["name"], kept.get("versions", {})


def forget_upload(request, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    upload_path(token).unlink(missing_ok=True)


def problems_context(problems: list[Problem]) -> dict:
    """A refused workbook's problems as a page shows them."""
    return {"problems": listed(problems), "problem_count": len(problems)}


def preview_upload(request, template: str, context: dict, dry_run, label: str = "Sổ Excel (.xlsx)") -> HttpResponse:
    """The preview step of a workbook upload: the form's errors, every problem of the workbook, or the changes
    it would make with a token to confirm them. `dry_run(data, file_name)` returns a summary or raises
    WorkbookInvalid."""
    form = WorkbookUploadForm(request.POST, request.FILES, label=label)
    context = context | {"form": form}
    if not form.is_valid():
        return render(request, template, context)
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        summary = dry_run(data, upload.name)
    except WorkbookInvalid as error:
        return render(request, template, context | problems_context(error.problems) | {"file_name": upload.name})
    token = keep_upload(request, data, upload.name, getattr(summary, "versions", None))
    return render(request, template, context | {"summary": summary, "token": token, "file_name": upload.name})
