"""The figure pages for every role: reporter home, entry form, review, history, completeness."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Indicator, PeriodReopening, ValueChange
from plans.models import Agency, Role
from plans.services import unit_get_or_create, user_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "reporter", "leader", "coordinator", "other_coordinator", "administrator"]


@pytest.fixture
def period(bac_yen):
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=30), created_at=timezone.now())
    return period


def login(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def entry_url(plan, period, agency=None):
    url = reverse("period_entry", args=[plan.code, period.code])
    return f"{url}?agency={agency.pk}" if agency else url


def row_data(plan, code, unit=None, *, value="", numerator="", denominator="", note="", version=0):
    indicator = Indicator.objects.get(plan=plan, code=code)
    prefix = f"r{indicator.pk}"
    return {"unit": (unit or plan.territory).pk} | {
        f"{prefix}-value": value,
        f"{prefix}-numerator": numerator,
        f"{prefix}-denominator": denominator,
        f"{prefix}-note": note,
        f"{prefix}-version": version,
    }


def own_rows(plan, **values):
    """The four indicators Phòng Nội vụ reports, with the given values by code."""
    data = {}
    for code in ("1.1a", "1.1b", "5.3", "5.4"):
        data |= row_data(plan, code, **values.get(code, {}))
    return data


# ---------------------------------------------------------------- who reaches which page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 200),
        ("leader", 403),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("administrator", 200),
    ],
)
def test_entry_form_by_role(client, users, bac_yen, period, role, status):
    response = login(client, users, role).get(entry_url(bac_yen, period, Agency.objects.get(name="Phòng Nội vụ")))
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 403),
        ("leader", 200),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("administrator", 200),
    ],
)
def test_review_and_completeness_by_role(client, users, bac_yen, period, role, status):
    client = login(client, users, role)
    for name in ("period_review", "period_completeness"):
        response = client.get(reverse(name, args=[bac_yen.code, period.code]))
        assert response.status_code == status, name


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("reporter", 200),
        ("leader", 200),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("administrator", 200),
    ],
)
def test_history_by_role(client, users, bac_yen, period, role, status):
    client.force_login(users["reporter"])
    client.post(entry_url(bac_yen, period), own_rows(bac_yen, **{"1.1a": {"value": "30"}}) | {"draft": "1"})
    client.logout()
    figure = DataValue.objects.get()
    response = login(client, users, role).get(reverse("value_history", args=[figure.pk]))
    assert response.status_code == status


def test_a_reporter_of_another_agency_cannot_read_the_history(client, users, bac_yen, period):
    client.force_login(users["reporter"])
    client.post(entry_url(bac_yen, period), own_rows(bac_yen, **{"1.1a": {"value": "30"}}) | {"draft": "1"})
    health = user_create(
        username="yte",
        password=PASSWORD,
        role=Role.REPORTER,
        unit=bac_yen.territory,
        agency=Agency.objects.get(name="Trung tâm Y tế huyện"),
    )
    client.force_login(health)
    assert client.get(reverse("value_history", args=[DataValue.objects.get().pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [
        ("reporter", "reporter_home"),
        ("leader", "plan_list"),
        ("coordinator", "plan_list"),
        ("administrator", "plan_list"),
    ],
)
def test_home_sends_each_role_to_its_work(client, users, bac_yen, role, lands_on):
    response = login(client, users, role).get("/")
    assert response.status_code == 302 and response["Location"] == reverse(lands_on)


def test_reporter_home_shows_the_open_period_days_left_and_own_indicators(client, users, bac_yen, period):
    period.deadline = date.today() + timedelta(days=12)
    period.save()
    page = login(client, users, "reporter").get(reverse("reporter_home")).content.decode()
    assert "6 tháng đầu năm 2024" in page and "còn 12 ngày" in page
    assert "1.1a" in page and "5.4" in page
    assert "Tỷ suất tử vong mẹ" not in page
    assert "Chưa nhập" in page


# ---------------------------------------------------------------- entering figures


def test_reporter_saves_a_vietnamese_decimal_then_submits(client, users, bac_yen, period):
    client = login(client, users, "reporter")
    data = own_rows(
        bac_yen,
        **{"1.1a": {"value": "30,5", "note": "Số liệu quý II"}, "5.3": {"numerator": "12", "denominator": "50"}},
    )

    response = client.post(entry_url(bac_yen, period), data | {"submit": "1"}, follow=True)

    assert "Đã gửi duyệt 2 số liệu 6 tháng đầu năm 2024 của huyện Bắc Yên" in response.content.decode()
    figures = {f.indicator.code: f for f in DataValue.objects.select_related("indicator")}
    assert (figures["1.1a"].value_number, figures["1.1a"].status, figures["1.1a"].note) == (
        Decimal("30.5"),
        "submitted",
        "Số liệu quý II",
    )
    assert (figures["5.3"].value_number, figures["5.3"].numerator, figures["5.3"].denominator) == (24, 12, 50)
    assert set(figures) == {"1.1a", "5.3"}  # blank rows stay "not entered"


def test_one_bad_field_keeps_every_row_unwritten_and_says_where(client, users, bac_yen, period):
    client = login(client, users, "reporter")
    data = own_rows(
        bac_yen,
        **{"1.1a": {"value": "30,5"}, "1.1b": {"value": "120"}, "5.3": {"numerator": "60", "denominator": "50"}},
    )

    response = client.post(entry_url(bac_yen, period), data | {"submit": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Có ô chưa đúng" in page and "Không có gì được ghi" in page
    rows = {row.indicator.code: row.form for row in response.context["rows"]}
    assert rows["1.1b"].errors["value"] == ["Tỷ lệ 120% vượt quá 100%."]
    assert rows["5.3"].errors["numerator"] == ["Tử số (60) không được lớn hơn mẫu số (50)."]
    assert 'value="30,5"' in page  # what was typed is kept on screen
    assert not DataValue.objects.exists()


def test_tampering_with_another_agencys_indicator_is_ignored(client, users, bac_yen, period):
    client = login(client, users, "reporter")
    data = own_rows(bac_yen) | row_data(bac_yen, "4.2", value="40") | {"submit": "1"}

    client.post(entry_url(bac_yen, period, Agency.objects.get(name="Trung tâm Y tế huyện")), data)

    assert not DataValue.objects.filter(indicator__code="4.2").exists()


def test_a_stale_form_is_refused_with_a_message_and_nothing_overwritten(client, users, bac_yen, period):
    client = login(client, users, "reporter")
    client.post(entry_url(bac_yen, period), own_rows(bac_yen, **{"1.1a": {"value": "30"}}) | {"draft": "1"})
    client.post(
        entry_url(bac_yen, period), own_rows(bac_yen, **{"1.1a": {"value": "31", "version": 1}}) | {"draft": "1"}
    )

    response = client.post(
        entry_url(bac_yen, period),
        own_rows(bac_yen, **{"1.1a": {"value": "99", "version": 1}}) | {"draft": "1"},
        follow=True,
    )

    assert "vừa được" in response.content.decode() and "Không có gì bị ghi đè" in response.content.decode()
    assert DataValue.objects.get().value_number == 31


def test_a_locked_period_shows_figures_read_only_and_refuses_a_post(client, users, bac_yen):
    locked = bac_yen.periods.get(code="2023")
    client = login(client, users, "reporter")
    page = client.get(entry_url(bac_yen, locked)).content.decode()
    assert "không mở để nhập" in page and "Gửi duyệt" not in page

    client.post(entry_url(bac_yen, locked), own_rows(bac_yen, **{"1.1a": {"value": "30"}}) | {"submit": "1"})
    assert not DataValue.objects.exists()


def test_coordinator_enters_on_behalf_of_an_agency(client, users, bac_yen, period):
    client = login(client, users, "coordinator")
    health = Agency.objects.get(name="Trung tâm Y tế huyện")
    assert "Nhập thay cho cơ quan" in client.get(entry_url(bac_yen, period)).content.decode()
    data = (
        row_data(bac_yen, "4.1", value="112,5")
        | row_data(bac_yen, "4.2")
        | row_data(bac_yen, "4.3")
        | {"submit": "1", "agency": health.pk}
    )

    client.post(entry_url(bac_yen, period, health), data)

    figure = DataValue.objects.get()
    assert (figure.value_number, figure.agency, figure.entered_on_behalf) == (Decimal("112.5"), health, True)
    assert ValueChange.objects.get().on_behalf


# ---------------------------------------------------------------- review


def submit(client, users, plan, period, **values):
    client.force_login(users["reporter"])
    client.post(entry_url(plan, period), own_rows(plan, **values) | {"submit": "1"})


def test_coordinator_approves_many_returns_one_with_a_note(client, users, bac_yen, period):
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}, "1.1b": {"value": "80"}, "5.3": {"value": "22"}})
    figures = {f.indicator.code: f for f in DataValue.objects.select_related("indicator")}
    client.force_login(users["coordinator"])
    url = reverse("period_review", args=[bac_yen.code, period.code])

    page = client.get(url).content.decode()
    assert "Đã gửi" in page and 'id="summary"' in page
    client.post(url, {"action": "approve", "value": [figures["1.1a"].pk, figures["1.1b"].pk]})
    client.post(
        url,
        {
            "action": "return",
            "value": figures["5.3"].pk,
            "note": "Kiểm tra lại số tuyển mới",
            "version": figures["5.3"].version,
        },
    )

    statuses = dict(DataValue.objects.values_list("indicator__code", "status"))
    assert statuses == {"1.1a": "approved", "1.1b": "approved", "5.3": "returned"}
    assert DataValue.objects.get(indicator__code="5.3").review_note == "Kiểm tra lại số tuyển mới"
    filtered = client.get(url, {"status": "returned"}).content.decode()
    assert f'id="value-{figures["5.3"].pk}"' in filtered and f'id="value-{figures["1.1a"].pk}"' not in filtered


def test_a_return_without_a_note_is_refused(client, users, bac_yen, period):
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}})
    client.force_login(users["coordinator"])
    figure = DataValue.objects.get()
    response = client.post(
        reverse("period_review", args=[bac_yen.code, period.code]),
        {"action": "return", "value": figure.pk, "note": ""},
        follow=True,
    )
    assert "Cần ghi lý do trả lại" in response.content.decode()
    assert DataValue.objects.get().status == "submitted"


def test_a_leader_reads_the_review_but_cannot_approve(client, users, bac_yen, period):
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}})
    client.force_login(users["leader"])
    url = reverse("period_review", args=[bac_yen.code, period.code])
    page = client.get(url).content.decode()
    assert "Duyệt các số liệu đã chọn" not in page and f'id="value-{DataValue.objects.get().pk}"' in page

    response = client.post(url, {"action": "approve", "value": [DataValue.objects.get().pk]})

    assert response.status_code == 403
    assert DataValue.objects.get().status == "submitted"


def test_coordinator_reopens_a_locked_period_for_one_agency(client, users, bac_yen):
    locked = bac_yen.periods.get(code="2023")
    client.force_login(users["coordinator"])
    noi_vu = Agency.objects.get(name="Phòng Nội vụ")
    until = (date.today() + timedelta(days=5)).strftime("%d/%m/%Y")

    response = client.post(
        reverse("period_review", args=[bac_yen.code, locked.code]),
        {"action": "reopen", "agency": noi_vu.pk, "until": until, "note": "Nộp bổ sung"},
        follow=True,
    )

    assert f"Đã mở lại kỳ năm 2023 cho Phòng Nội vụ đến {until}" in response.content.decode()
    submit(client, users, bac_yen, locked, **{"1.1a": {"value": "30"}})
    assert DataValue.objects.get().status == "submitted"


def test_review_shows_commune_figures_and_their_rollup(client, users, bac_yen, period):
    from plans.models import UnitLevel

    communes = [
        unit_get_or_create(name=name, level=UnitLevel.COMMUNE, parent=bac_yen.territory)[0]
        for name in ("Hang Chú", "Xím Vàng")
    ]
    Indicator.objects.filter(plan=bac_yen, code="1.1a").update(reported_by_commune=True)
    client.force_login(users["reporter"])
    # One unit at a time: the commune's figures are entered on the commune's page.
    for commune, (top, bottom) in zip(communes, (("1", "2"), ("1", "4")), strict=True):
        data = row_data(bac_yen, "1.1a", commune, numerator=top, denominator=bottom)
        client.post(f"{entry_url(bac_yen, period)}?unit={commune.pk}", data | {"submit": "1"})
    client.force_login(users["coordinator"])

    page = client.get(reverse("period_review", args=[bac_yen.code, period.code])).content.decode()

    assert "Xã Hang Chú" in page and "Xã Xím Vàng" in page
    # The territory's figure is rolled up from the communes: (1 + 1) / (2 + 4).
    assert "33,33" in page and "cộng dồn 2 địa bàn" in page


def test_history_shows_every_step(client, users, bac_yen, period):
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30,5"}})
    figure = DataValue.objects.get()
    client.force_login(users["coordinator"])
    client.post(reverse("period_review", args=[bac_yen.code, period.code]), {"action": "approve", "value": [figure.pk]})

    page = client.get(reverse("value_history", args=[figure.pk])).content.decode()

    assert "Gửi duyệt" in page and "Duyệt" in page and "30,5" in page and "Đã gửi → Đã duyệt" in page


def test_completeness_page_lists_agencies_and_what_is_missing(client, users, bac_yen, period):
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}})
    client.force_login(users["coordinator"])
    page = client.get(reverse("period_completeness", args=[bac_yen.code, period.code])).content.decode()
    assert "Phòng Nội vụ" in page and "1.1b, 5.3, 5.4" in page and "25%" in page


def test_each_submitted_row_has_its_own_return_form_and_each_approved_row_an_unapprove_form(
    client, users, bac_yen, period
):
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}, "1.1b": {"value": "80"}})
    approved = DataValue.objects.get(indicator__code="1.1b")
    client.force_login(users["coordinator"])
    url = reverse("period_review", args=[bac_yen.code, period.code])
    client.post(url, {"action": "approve", "value": [approved.pk]})

    page = client.get(url).content.decode()

    submitted = DataValue.objects.get(indicator__code="1.1a")
    rows = {pk: page.split(f'id="value-{pk}"')[1].split("</tr>")[0] for pk in (submitted.pk, approved.pk)}
    assert 'name="action" value="return"' in rows[submitted.pk] and "unapprove" not in rows[submitted.pk]
    assert f'name="value" value="{submitted.pk}"' in rows[submitted.pk]
    assert 'name="action" value="unapprove"' in rows[approved.pk] and '"return"' not in rows[approved.pk]
    assert f'name="value" value="{approved.pk}"' in rows[approved.pk]


def test_figures_with_large_ids_can_still_be_returned(client, users, bac_yen, period):
    """Ids in forms are never grouped like numbers on screen (12345, not 12.345)."""
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}})
    figure = DataValue.objects.get()
    big = DataValue.objects.create(
        pk=12345,
        indicator=Indicator.objects.get(plan=bac_yen, code="1.1b"),
        period=period,
        unit=bac_yen.territory,
        agency=figure.agency,
        value_number=80,
        status="submitted",
        entered_by=figure.entered_by,
        entered_at=figure.entered_at,
    )
    client.force_login(users["coordinator"])
    url = reverse("period_review", args=[bac_yen.code, period.code])
    page = client.get(url).content.decode()
    assert 'id="value-12345"' in page and 'name="value" value="12345"' in page

    client.post(url, {"action": "return", "value": "12345", "note": "Kiểm tra lại", "version": "1"})

    big.refresh_from_db()
    assert big.status == "returned"


def test_a_leader_cannot_post_figures_and_nothing_is_written(client, users, bac_yen, period):
    client.force_login(users["leader"])
    response = client.post(
        entry_url(bac_yen, period, Agency.objects.get(name="Phòng Nội vụ")),
        own_rows(bac_yen, **{"1.1a": {"value": "30"}}) | {"submit": "1"},
    )
    assert response.status_code == 403
    assert not DataValue.objects.exists()


def test_forbidden_and_missing_pages_speak_vietnamese(client, users, bac_yen, period):
    client.force_login(users["reporter"])
    forbidden = client.get(reverse("period_review", args=[bac_yen.code, period.code]))
    assert forbidden.status_code == 403
    assert "Bạn không có quyền xem trang này" in forbidden.content.decode()
    assert "Báo cáo viên chỉ xem số liệu của cơ quan mình." in forbidden.content.decode()
    missing = client.get(reverse("period_review", args=["KHONG-CO", period.code]))
    assert missing.status_code == 404 and "Không tìm thấy" in missing.content.decode()


def test_the_history_of_an_imported_figure_names_the_system(client, users, bac_yen):
    """A figure loaded by import_values has no person behind its change: the page says "Hệ thống", never a 500."""
    from indicators.services.values_import import values_import
    from tests.workbooks import value_row, values_book

    values_import(data=values_book([value_row("1.1a", "2024", "15,38")]), actor=None)
    client.force_login(users["coordinator"])

    page = client.get(reverse("value_history", args=[DataValue.objects.get().pk]))

    assert page.status_code == 200 and "Hệ thống" in page.content.decode()


def test_the_entry_form_carries_the_version_it_shows(client, users, bac_yen, period):
    """Saving a form opened after a return is not refused as stale: the form names the figure's current version."""
    submit(client, users, bac_yen, period, **{"1.1a": {"value": "30"}})
    figure = DataValue.objects.get()
    client.force_login(users["coordinator"])
    client.post(
        reverse("period_review", args=[bac_yen.code, period.code]),
        {"action": "return", "value": figure.pk, "note": "Sửa lại", "version": figure.version},
    )
    figure.refresh_from_db()
    client.force_login(users["reporter"])

    page = client.get(entry_url(bac_yen, period)).content.decode()

    assert f'name="r{figure.indicator_id}-version" value="{figure.version}"' in page
