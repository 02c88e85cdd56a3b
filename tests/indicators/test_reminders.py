"""Reminders by email: period opening, 7 days and 1 day before the deadline, returns and approvals; each once.

Bắc Yên's 2024S1 period has its deadline on 18/05/2024 and opens 30 days before (18/04/2024). Phòng Nội vụ reports
1.1a, 1.1b, 5.3 and 5.4; Trung tâm Y tế huyện reports 4.1, 4.2 and 4.3.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from indicators.entry import Entry
from indicators.models import DataValue, Indicator, Notification, PeriodReopening, ValueStatus
from indicators.reminders import reminders_send
from indicators.services.figures import value_approve, value_return, value_save
from plans.models import Agency, PlanStatus, Role
from plans.services import user_create
from tests.conftest import PASSWORD

PLAN_TITLE = "Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2025 trên địa bàn huyện Bắc Yên"
OPEN_SUBJECT = "[Bình đẳng giới] Mở kỳ báo cáo 6 tháng đầu năm 2024, hạn 18/05/2024"


@pytest.fixture
def noi_vu(users):
    """The fixture's reporter of Phòng Nội vụ, with a name and an email."""
    reporter = users["reporter"]
    reporter.first_name, reporter.last_name, reporter.email = "Hà Văn", "Nam", "noivu@bacyen.example"
    reporter.save()
    return reporter


@pytest.fixture
def y_te(bac_yen):
    agency = Agency.objects.get(unit=bac_yen.territory, name="Trung tâm Y tế huyện")
    return user_create(
        username="rep_yte",
        password=PASSWORD,
        role=Role.REPORTER,
        unit=bac_yen.territory,
        agency=agency,
        full_name="Cầm Thị Lan",
        email="yte@bacyen.example",
    )


@pytest.fixture
def period(bac_yen):
    return bac_yen.periods.get(code="2024S1")


def indicator(plan, code) -> Indicator:
    return Indicator.objects.get(plan=plan, code=code)


def enter(plan, period, code, status, user):
    """A territory figure written directly, as an earlier workflow would have left it."""
    DataValue.objects.create(
        indicator=indicator(plan, code),
        period=period,
        unit=plan.territory,
        agency=user.agency,
        value_number=Decimal("40"),
        status=status,
        entered_by=user,
        entered_at=timezone.now(),
    )


def sent_to(email) -> list[str]:
    return [message.subject for message in mail.outbox if message.to == [email]]


def body_to(email, subject_part) -> str:
    (message,) = [m for m in mail.outbox if m.to == [email] and subject_part in m.subject]
    return message.body


def test_the_period_opening_is_mailed_to_each_reporting_agency_once(bac_yen, noi_vu, y_te):
    first = reminders_send(today=date(2024, 4, 20))
    second = reminders_send(today=date(2024, 4, 21))

    assert len(first) == 2
    assert second == []
    assert len(mail.outbox) == 2
    assert sent_to("noivu@bacyen.example") == [OPEN_SUBJECT]
    assert sent_to("yte@bacyen.example") == [OPEN_SUBJECT]
    body = body_to("noivu@bacyen.example", "Mở kỳ")
    assert body.startswith("Kính gửi Hà Văn Nam (Phòng Nội vụ),")
    assert f"Kỳ báo cáo 6 tháng đầu năm 2024 của {PLAN_TITLE}" in body
    assert "Hạn báo cáo: 18/05/2024 (còn 28 ngày)." in body
    assert "Các chỉ tiêu Phòng Nội vụ được giao báo cáo (4):" in body
    assert "- 1.1a. Tỷ lệ cơ quan hành chính nhà nước" in body
    assert "- 5.4. Tỷ lệ nữ thạc sĩ" in body
    assert "4.1." not in body
    assert "- 4.1. Tỷ số giới tính khi sinh" in body_to("yte@bacyen.example", "Mở kỳ")
    assert mail.outbox[0].from_email == "binhdanggioi@localhost"
    period = bac_yen.periods.get(code="2024S1")
    assert set(Notification.objects.values_list("key", "recipient__username")) == {
        (f"period-open:{period.pk}:{noi_vu.pk}", "rep"),
        (f"period-open:{period.pk}:{y_te.pk}", "rep_yte"),
    }


def test_nothing_is_sent_before_a_period_opens_nor_mailed_to_reporters_without_email_or_inactive(bac_yen, users, y_te):
    # The fixture's reporter has no email; Y tế's reporter is inactive.
    y_te.is_active = False
    y_te.save()

    assert reminders_send(today=date(2024, 4, 17)) == []  # 2024S1 opens on 18/04
    assert not Notification.objects.exists()
    assert reminders_send(today=date(2024, 4, 20)) == []
    assert reminders_send(today=date(2024, 4, 21)) == []

    assert mail.outbox == []
    # The reporter without an address still finds the opening in the app, once; the inactive one nothing.
    (notice,) = Notification.objects.all()
    assert notice.recipient == users["reporter"]
    assert notice.subject == "Mở kỳ báo cáo 6 tháng đầu năm 2024, hạn 18/05/2024"
    assert notice.body == "Phòng Nội vụ được giao báo cáo 4 chỉ tiêu; hạn 18/05/2024 (còn 28 ngày)."
    assert notice.link == f"/plans/{bac_yen.code}/periods/2024S1/entry/"
    assert notice.emailed_at is None


def test_a_locked_period_is_not_announced_until_it_is_reopened(bac_yen, noi_vu, period, users):
    period.state = "locked"
    period.save()

    assert reminders_send(today=date(2024, 4, 20)) == []

    PeriodReopening.objects.create(
        period=period,
        agency=noi_vu.agency,
        until=date(2024, 5, 30),
        created_by=users["coordinator"],
        created_at=timezone.now(),
    )
    assert len(reminders_send(today=date(2024, 4, 20))) == 1
    assert sent_to("noivu@bacyen.example") == [OPEN_SUBJECT]


def test_deadline_reminders_go_only_to_agencies_with_missing_figures_and_only_once(bac_yen, period, noi_vu, y_te):
    # Y tế has sent or had approved all three; Nội vụ has sent 1.1a, and 1.1b is only a draft.
    enter(bac_yen, period, "4.1", ValueStatus.SUBMITTED, y_te)
    enter(bac_yen, period, "4.2", ValueStatus.APPROVED, y_te)
    enter(bac_yen, period, "4.3", ValueStatus.APPROVED, y_te)
    enter(bac_yen, period, "1.1a", ValueStatus.SUBMITTED, noi_vu)
    enter(bac_yen, period, "1.1b", ValueStatus.DRAFT, noi_vu)
    seven_days = "[Bình đẳng giới] Nhắc hạn báo cáo 6 tháng đầu năm 2024: còn 7 ngày (hạn 18/05/2024)"
    one_day = "[Bình đẳng giới] Nhắc hạn báo cáo 6 tháng đầu năm 2024: còn 1 ngày (hạn 18/05/2024)"

    reminders_send(today=date(2024, 5, 11))  # 7 days before
    reminders_send(today=date(2024, 5, 12))
    reminders_send(today=date(2024, 5, 16))

    assert sent_to("noivu@bacyen.example") == [OPEN_SUBJECT, seven_days]
    assert sent_to("yte@bacyen.example") == [OPEN_SUBJECT]
    body = body_to("noivu@bacyen.example", "còn 7 ngày")
    assert f"Hạn báo cáo kỳ 6 tháng đầu năm 2024 của {PLAN_TITLE}" in body
    assert "là ngày 18/05/2024 (còn 7 ngày)." in body
    assert "Phòng Nội vụ còn 3 chỉ tiêu chưa gửi số liệu:" in body
    assert "- 1.1b. Tỷ lệ nữ đại biểu dân cử" in body
    assert "- 5.3. Tỷ lệ nữ học viên" in body
    assert "- 5.4. Tỷ lệ nữ thạc sĩ" in body
    assert "1.1a." not in body

    reminders_send(today=date(2024, 5, 17))  # 1 day before
    reminders_send(today=date(2024, 5, 18))
    reminders_send(today=date(2024, 5, 19))  # after the deadline: nothing more

    assert sent_to("noivu@bacyen.example") == [OPEN_SUBJECT, seven_days, one_day]
    assert sent_to("yte@bacyen.example") == [OPEN_SUBJECT]
    assert "là ngày 18/05/2024 (còn 1 ngày)." in body_to("noivu@bacyen.example", "còn 1 ngày")
    assert Notification.objects.filter(key__startswith="deadline-7:").count() == 1
    assert Notification.objects.filter(key__startswith="deadline-1:").count() == 1


def test_a_figure_of_another_agency_for_a_shared_indicator_counts(bac_yen, period, noi_vu, users):
    # 5.3 and 5.4 are led by Phòng GD&ĐT as well: one territory figure serves both agencies.
    for code in ("1.1a", "1.1b", "5.3", "5.4"):
        enter(bac_yen, period, code, ValueStatus.SUBMITTED, noi_vu)

    reminders_send(today=date(2024, 5, 11))

    assert sent_to("noivu@bacyen.example") == [OPEN_SUBJECT]


def test_a_missed_cron_day_still_sends_once(bac_yen, noi_vu):
    reminders_send(today=date(2024, 5, 14))  # cron did not run on 11/05: the 7-day reminder is late, not lost
    reminders_send(today=date(2024, 5, 15))

    assert sent_to("noivu@bacyen.example") == [
        OPEN_SUBJECT,
        "[Bình đẳng giới] Nhắc hạn báo cáo 6 tháng đầu năm 2024: còn 4 ngày (hạn 18/05/2024)",
    ]


def test_on_the_deadline_only_the_last_reminder_is_sent(bac_yen, noi_vu):
    reminders_send(today=date(2024, 5, 18))
    reminders_send(today=date(2024, 5, 18))

    assert sent_to("noivu@bacyen.example") == [
        OPEN_SUBJECT,
        "[Bình đẳng giới] Nhắc hạn báo cáo 6 tháng đầu năm 2024: hôm nay là hạn cuối (hạn 18/05/2024)",
    ]
    assert Notification.objects.filter(key__startswith="deadline-1:").count() == 1


@pytest.fixture
def reviewed(bac_yen, period, users, noi_vu, y_te):
    """1.1a returned and 1.1b approved today, through the workflow, the period reopened for everybody."""
    coordinator = users["coordinator"]
    coordinator.first_name, coordinator.last_name = "Lò Thị", "Hoa"
    coordinator.save()
    PeriodReopening.objects.create(
        period=period,
        agency=None,
        until=timezone.localdate() + timedelta(days=30),
        created_by=coordinator,
        created_at=timezone.now(),
    )
    values = {}
    for code, number in (("1.1a", "15.38"), ("1.1b", "100")):
        values[code] = value_save(
            actor=noi_vu,
            indicator=indicator(bac_yen, code),
            period=period,
            unit=bac_yen.territory,
            entry=Entry(value=Decimal(number)),
            submit=True,
        )
    value_return(actor=coordinator, value=values["1.1a"], note="Số liệu chưa khớp với báo cáo của Sở Nội vụ.")
    value_approve(actor=coordinator, value=values["1.1b"], note="Số liệu đầy đủ.")
    return values


def test_a_return_and_an_approval_mail_the_agencys_reporters_once_with_the_note(reviewed, noi_vu, y_te):
    first = reminders_send(today=date(2024, 1, 10))  # no period is open or near its deadline on that day
    second = reminders_send(today=date(2024, 1, 11))

    assert len(first) == 2
    assert second == []
    assert sent_to("yte@bacyen.example") == []
    assert sent_to("noivu@bacyen.example") == [
        "[Bình đẳng giới] Số liệu chỉ tiêu 1.1a kỳ 6 tháng đầu năm 2024 bị trả lại",
        "[Bình đẳng giới] Số liệu chỉ tiêu 1.1b kỳ 6 tháng đầu năm 2024 đã được duyệt",
    ]
    returned = body_to("noivu@bacyen.example", "bị trả lại")
    assert returned.startswith(
        "Kính gửi Hà Văn Nam (Phòng Nội vụ),\n\nLò Thị Hoa đã trả lại số liệu của Phòng Nội vụ lúc "
    )
    assert f"Kế hoạch: {PLAN_TITLE}" in returned
    assert "Kỳ báo cáo: 6 tháng đầu năm 2024 (hạn 18/05/2024, còn 129 ngày)" in returned
    assert "Chỉ tiêu: 1.1a. Tỷ lệ cơ quan hành chính nhà nước" in returned
    assert "Địa bàn: Bắc Yên" in returned
    assert "Số liệu: 15,38 %" in returned
    assert "Ý kiến của điều phối: Số liệu chưa khớp với báo cáo của Sở Nội vụ." in returned
    assert "Xin sửa số liệu theo ý kiến trên và gửi lại" in returned
    approved = body_to("noivu@bacyen.example", "đã được duyệt")
    assert "Lò Thị Hoa đã duyệt số liệu của Phòng Nội vụ" in approved
    assert "Số liệu: 100 %" in approved
    assert "Ý kiến của điều phối: Số liệu đầy đủ." in approved
    assert Notification.objects.filter(key__startswith="value-change:", recipient=noi_vu).count() == 2


def test_returns_and_approvals_older_than_a_week_are_not_mailed(reviewed):
    assert reminders_send(today=date(2024, 1, 10), now=timezone.now() + timedelta(days=8)) == []
    assert mail.outbox == []


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.CLOSED])
def test_a_plan_that_is_not_active_sends_nothing(bac_yen, reviewed, status):
    bac_yen.status = status
    bac_yen.save()

    assert reminders_send(today=date(2024, 5, 17)) == []  # opening, 1-day reminder, a return and an approval due
    assert mail.outbox == []
    # Only the notices the return and the approval made at once, while the plan was active; never mailed.
    assert not Notification.objects.exclude(key__startswith="value-change:").exists()
    assert not Notification.objects.exclude(emailed_at=None).exists()


def test_a_run_with_nothing_new_to_send_reads_a_fixed_number_of_queries(
    bac_yen, reviewed, noi_vu, django_assert_max_num_queries
):
    for agency in Agency.objects.filter(unit=bac_yen.territory):
        for n in range(3):
            user_create(
                username=f"{agency.pk}-{n}",
                password=PASSWORD,
                role=Role.REPORTER,
                unit=bac_yen.territory,
                agency=agency,
                email=f"{agency.pk}-{n}@bacyen.example",
            )
    first = reminders_send(today=date(2024, 5, 17))
    assert len(first) > 60

    with django_assert_max_num_queries(9):
        assert reminders_send(today=date(2024, 5, 17)) == []


def test_the_command_sends_what_is_due_and_prints_how_many(bac_yen, noi_vu, y_te, monkeypatch, capsys):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2024, 4, 20, 1, 0, tzinfo=UTC))  # 08:00 in Hà Nội

    call_command("send_reminders")
    call_command("send_reminders")

    assert capsys.readouterr().out == "Đã gửi 2 thư nhắc.\nĐã gửi 0 thư nhắc.\n"
    assert sorted(message.to[0] for message in mail.outbox) == ["noivu@bacyen.example", "yte@bacyen.example"]


def test_a_return_and_an_approval_are_notices_in_the_app_at_once_and_mailed_by_the_next_run(
    bac_yen, reviewed, noi_vu, y_te, users
):
    notices = list(Notification.objects.filter(recipient=noi_vu).order_by("created_at", "pk"))

    assert mail.outbox == []  # nothing mailed yet: the notices are in the app
    assert [(n.subject, n.body, n.emailed_at) for n in notices] == [
        (
            "Số liệu chỉ tiêu 1.1a kỳ 6 tháng đầu năm 2024 bị trả lại",
            "Lò Thị Hoa đã trả lại số liệu 1.1a (Bắc Yên). Ý kiến: Số liệu chưa khớp với báo cáo của Sở Nội vụ.",
            None,
        ),
        (
            "Số liệu chỉ tiêu 1.1b kỳ 6 tháng đầu năm 2024 đã được duyệt",
            "Lò Thị Hoa đã duyệt số liệu 1.1b (Bắc Yên). Ý kiến: Số liệu đầy đủ.",
            None,
        ),
    ]
    assert {n.link for n in notices} == {f"/plans/{bac_yen.code}/periods/2024S1/entry/"}
    assert Notification.objects.exclude(recipient=noi_vu).count() == 0  # not Y tế's reporter, not the coordinator

    assert len(reminders_send(today=date(2024, 1, 10))) == 2
    assert reminders_send(today=date(2024, 1, 10)) == []
    assert len(sent_to("noivu@bacyen.example")) == 2
    assert Notification.objects.count() == 2
    assert not Notification.objects.filter(emailed_at=None).exists()


def test_a_reporter_without_email_gets_the_notice_of_a_return_in_the_app_only(bac_yen, period, users):
    reporter = users["reporter"]  # no email address
    PeriodReopening.objects.create(
        period=period, until=timezone.localdate() + timedelta(days=30), created_at=timezone.now()
    )
    value = value_save(
        actor=reporter,
        indicator=indicator(bac_yen, "1.1a"),
        period=period,
        unit=bac_yen.territory,
        entry=Entry(value=Decimal("12")),
        submit=True,
    )
    value_return(actor=users["coordinator"], value=value, note="Thiếu nguồn số liệu.")

    (notice,) = Notification.objects.all()
    assert notice.recipient == reporter
    assert notice.body.endswith("đã trả lại số liệu 1.1a (Bắc Yên). Ý kiến: Thiếu nguồn số liệu.")
    assert reminders_send(today=date(2024, 1, 10)) == []
    assert mail.outbox == []
