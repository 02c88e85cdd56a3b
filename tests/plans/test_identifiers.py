"""Plan and indicator codes follow one rule where they are created (forms, the admin, the plan workbook) and in the
database: letters without diacritics, digits, `.`, `_`, `-`. Nothing typed breaks a page, a file name, a
Content-Disposition header or an email subject."""

import copy
from email import message_from_string

import pytest
from django import forms
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from indicators.models import Indicator, Notification
from indicators.reminders import Reminder, _deliver
from indicators.services import plan_import
from indicators.workbooks.reader import WorkbookInvalid
from plans.http import ascii_file_name, attachment_disposition
from plans.identifiers import code_problem
from plans.models import Plan
from plans.text import single_line
from tests.factories import GoalFactory, PlanFactory, UserFactory
from tests.workbooks import INDICATOR_ROWS, plan_workbook, to_bytes

pytestmark = pytest.mark.django_db
BAD_CODES = ["EVIL/1", "1.1\n", "1.1 a", "a\rb", "Kế-hoạch", "<b>x</b>", "1.1%2F", "", "mã", "x\u2028y", "a\x00b"]
GOOD_CODES = ["BACYEN-2021-2025", "3.2a", "KH_2026.v2", "1"]


def rows_with_code(index: int, code: str) -> list[dict]:
    rows = copy.deepcopy(INDICATOR_ROWS)
    rows[index]["Mã chỉ tiêu"] = code
    return rows


class PlanForm(forms.ModelForm):  # what the admin builds for the plan's code
    class Meta:
        model = Plan
        fields = ["code"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code"]


@pytest.mark.parametrize("code", [code for code in BAD_CODES if code.strip() == code or not code.strip()])
def test_a_form_refuses_a_bad_code_in_vietnamese(code):
    for form_class in (PlanForm, IndicatorForm):
        form = form_class(data={"code": code})
        assert not form.is_valid()
        assert "code" in form.errors


@pytest.mark.parametrize("code", GOOD_CODES)
def test_a_form_accepts_a_good_code(code):
    assert PlanForm(data={"code": code}).is_valid()
    assert IndicatorForm(data={"code": code}).is_valid()


def test_the_form_message_says_what_is_allowed():
    form = PlanForm(data={"code": "EVIL/1"})
    assert "chữ không dấu, chữ số và các dấu . _ -" in str(form.errors["code"])


@pytest.mark.parametrize("code", ["EVIL/1", "1.1\n", "1.1 a", "Kế-hoạch", ""])
def test_the_database_refuses_a_bad_plan_code_whatever_path_writes_it(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(code=code)
    assert not Plan.objects.filter(code=code).exists()


@pytest.mark.parametrize("code", ["3/2", "1.1\n", "1.1 a", "đ1"])
def test_the_database_refuses_a_bad_indicator_code(code):
    goal = GoalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Indicator.objects.create(plan=goal.plan, goal=goal, code=code, name="x", kind="count", direction="increase")
    assert not Indicator.objects.filter(code=code).exists()


@pytest.mark.parametrize(
    ("code", "message"), [("1.1 a", "không hợp lệ"), ("3/2", "không hợp lệ"), ("x" * 21, "dài quá 20")]
)
def test_the_plan_workbook_refuses_a_bad_indicator_code_at_its_cell(code, message):
    with pytest.raises(WorkbookInvalid) as caught:
        plan_import(data=to_bytes(plan_workbook(rows=rows_with_code(0, code))), actor=None)

    problem = next(p for p in caught.value.problems if p.column == "Mã chỉ tiêu")
    assert message in problem.message and problem.sheet == "Chỉ tiêu" and problem.row == 2
    assert not Plan.objects.exists()


def test_code_problem():
    assert code_problem("3.2a", max_length=20) is None
    assert "không hợp lệ" in code_problem("3 2", max_length=20)
    assert "dài quá 5" in code_problem("123456", max_length=5)


def test_the_plan_list_shows_every_plan_of_good_codes(client):
    user = UserFactory()
    user.save()  # the factory's password is set after its first save
    for code in GOOD_CODES:
        PlanFactory(code=code, territory=user.unit)
    client.force_login(user)
    page = client.get(reverse("plan_list")).content.decode()
    assert [code for code in GOOD_CODES if code not in page] == []


# File names and headers.


@pytest.mark.parametrize(
    ("name", "ascii_name"),
    [
        ("so-lieu-BACYEN-2021-2025-2024S1.xlsx", "so-lieu-BACYEN-2021-2025-2024S1.xlsx"),
        ("Báo cáo Đăk Tô 2024.docx", "Bao-cao-Dak-To-2024.docx"),
        ('a"b\r\nContent-Type: text/html.xlsx', "a-b-Content-Type-text-html.xlsx"),
        ("../../etc/passwd", "etc-passwd"),
        ("", "tep"),
    ],
)
def test_a_download_name_is_a_safe_header(name, ascii_name):
    header = attachment_disposition(name)
    assert header.startswith(f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''")
    assert all(32 <= ord(ch) < 127 for ch in header)
    assert "\r" not in header and "\n" not in header and "/" not in header.split("filename*=")[1]
    assert ascii_file_name(name) == ascii_name


def test_the_real_name_travels_in_rfc_5987():
    assert attachment_disposition("Báo cáo.docx").endswith("filename*=UTF-8''B%C3%A1o%20c%C3%A1o.docx")


def test_one_line_for_headers():
    assert single_line("Số liệu 1.1\r\nBcc: x@y.vn\tz\u2028w") == "Số liệu 1.1 Bcc: x@y.vn z w"


def test_a_reminder_subject_with_a_line_break_is_sent_on_one_line():
    user = UserFactory(email="rep@example.vn")
    _deliver(
        Reminder(
            key="k:1", recipient=user, subject="Chỉ tiêu 1.1\nBcc: evil@example.com", body="x", summary="", link=""
        )
    )

    assert len(mail.outbox) == 1
    message = message_from_string(mail.outbox[0].message().as_string())
    assert message["Bcc"] is None
    assert mail.outbox[0].subject == "[Bình đẳng giới] Chỉ tiêu 1.1 Bcc: evil@example.com"
    assert mail.outbox[0].recipients() == ["rep@example.vn"]
    assert Notification.objects.get(key="k:1").subject == "Chỉ tiêu 1.1 Bcc: evil@example.com"  # in the app too


def test_downloads_carry_both_names(client, users, bac_yen):
    client.force_login(users["coordinator"])
    response = client.get(reverse("plan_export", args=[bac_yen.code]))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"BACYEN-2021-2025.xlsx\"; filename*=UTF-8''BACYEN-2021-2025.xlsx"
    )
