"""The admin's small faults of issue 11, each as a coordinator meets it: the period table's real state, a plan that
would be its own parent (or loop through other plans), the upload labels, reopening periods (a reason, no stacking,
ending early, every agency that reports), and the admin's words in Vietnamese."""

import re
from datetime import date, timedelta

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from indicators.access import agencies_reporting_for
from indicators.models import PeriodReopening
from indicators.periods import period_state_text
from indicators.services.figures import ValueRuleError
from indicators.services.workflow import period_reopen, period_reopening_end
from plans.admin import PlanAdminForm
from plans.models import Agency, Plan, UnitLevel
from plans.services import agency_get_or_create, plan_link_problems, unit_get_or_create

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


# ---------------------------------------------------------------- the period table


def test_period_state_follows_the_rules_of_the_period(bac_yen, users):
    bac_yen.refresh_from_db()
    half = bac_yen.periods.get(code="2024S1")  # deadline 18/5/2024, locks 10 days later
    assert half.deadline == date(2024, 5, 18)
    assert period_state_text(half, bac_yen, date(2024, 4, 1)) == "Chưa mở (mở từ 18/04/2024)"
    assert period_state_text(half, bac_yen, date(2024, 5, 10)) == "Đang mở, còn 8 ngày (hạn 18/05/2024)"
    assert period_state_text(half, bac_yen, date(2024, 5, 18)) == "Đang mở, hôm nay là hạn cuối"
    assert period_state_text(half, bac_yen, date(2024, 5, 20)) == "Quá hạn, vẫn nhận số liệu đến 28/05/2024"
    assert period_state_text(half, bac_yen, date(2024, 6, 1)) == "Đã khóa"


def test_the_admins_period_table_shows_each_periods_real_state(client, users, bac_yen):
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")
    until = today() + timedelta(days=9)
    period_reopen(
        actor=users["coordinator"], period=bac_yen.periods.get(code="2023"), agency=noi_vu, until=until, note="Bổ sung"
    )
    client.force_login(users["coordinator"])

    page = client.get(reverse("admin:plans_plan_change", args=[bac_yen.pk])).content.decode()

    assert "Đang mở</td>" not in page  # the stored flag of every period, which said nothing
    assert page.count("Đã khóa") >= 8  # 2021–2024 are long past their lock
    assert f"Đã khóa; mở lại cho Phòng Nội vụ đến {until:%d/%m/%Y}" in page
    assert "6 tháng đầu năm 2024" in page and "2024S1" not in page


# ---------------------------------------------------------------- a plan's links


def plan_form(plan, **changes):
    data = {k: v for k, v in model_to_dict(plan).items() if v is not None}
    data.update(changes)
    return PlanAdminForm(data=data, instance=plan)


def test_a_plan_is_not_its_own_parent_nor_its_own_previous_plan(bac_yen):
    form = plan_form(bac_yen, parent=bac_yen.pk, previous=bac_yen.pk)

    assert not form.is_valid()
    assert form.errors["parent"] == ["Kế hoạch không thể là kế hoạch cấp trên của chính nó."]
    assert form.errors["previous"] == ["Kế hoạch không thể là kế hoạch giai đoạn trước của chính nó."]
    assert Plan.objects.get(pk=bac_yen.pk).parent.code == "SONLA-2021-2025"


def test_parents_never_loop_back_through_another_plan(bac_yen):
    son_la = Plan.objects.get(code="SONLA-2021-2025")  # the parent of Bắc Yên's plan

    form = plan_form(son_la, parent=bac_yen.pk)

    assert not form.is_valid()
    assert "BACYEN-2021-2025" in form.errors["parent"][0] and "vòng lặp" in form.errors["parent"][0]
    assert Plan.objects.get(pk=son_la.pk).parent is None
    assert plan_link_problems(bac_yen, parent=son_la, previous=None) == {}


def test_previous_plans_never_loop_either(bac_yen):
    later = Plan.objects.create(
        code="BACYEN-2026-2030",
        title="Kế hoạch 2026–2030",
        issuing_body="UBND huyện Bắc Yên",
        territory=bac_yen.territory,
        start_year=2026,
        end_year=2030,
        previous=bac_yen,
    )
    assert plan_link_problems(later, parent=None, previous=bac_yen) == {}
    assert "vòng lặp" in plan_link_problems(bac_yen, parent=None, previous=later)["previous"]


# ---------------------------------------------------------------- labels


def test_the_figures_upload_is_labelled_for_figures_not_the_plan_workbook(client, users, bac_yen):
    period = bac_yen.periods.get(code="2024S1")
    PeriodReopening.objects.create(period=period, until=today(), created_at=timezone.now(), note="Kiểm thử")
    client.force_login(users["reporter"])

    page = client.get(reverse("period_values_upload", args=[bac_yen.code, period.code])).content.decode()

    assert "Sổ Excel số liệu (.xlsx)" in page
    assert "kế hoạch (.xlsx)" not in page.lower()


# ---------------------------------------------------------------- reopening periods


def test_a_reopening_needs_a_reason(bac_yen, users):
    with pytest.raises(ValueRuleError, match="Cần ghi lý do"):
        period_reopen(
            actor=users["coordinator"], period=bac_yen.periods.get(code="2023"), agency=None, until=today(), note=" "
        )
    assert not PeriodReopening.objects.exists()


def test_the_review_pages_reopening_form_asks_for_the_reason(client, users, bac_yen):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("period_review", args=[bac_yen.code, "2023"]),
        {"action": "reopen", "until": f"{today():%d/%m/%Y}", "note": ""},
        follow=True,
    )
    assert "Cần ghi lý do mở lại kỳ báo cáo." in response.content.decode()
    assert not PeriodReopening.objects.exists()


def test_a_second_reopening_extends_the_first_and_says_so(bac_yen, users):
    period = bac_yen.periods.get(code="2023")
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")
    first = period_reopen(
        actor=users["coordinator"], period=period, agency=noi_vu, until=today() + timedelta(days=3), note="Nộp muộn"
    )

    with pytest.raises(ValueRuleError, match=r"đang được mở lại cho Phòng Nội vụ đến .*không cần mở thêm"):
        period_reopen(
            actor=users["coordinator"], period=period, agency=noi_vu, until=today() + timedelta(days=2), note="Lần 2"
        )
    later = today() + timedelta(days=10)
    extended = period_reopen(actor=users["coordinator"], period=period, agency=noi_vu, until=later, note="Cần thêm")

    assert extended.pk == first.pk and PeriodReopening.objects.count() == 1
    first.refresh_from_db()
    assert first.until == later
    assert first.note.startswith("Nộp muộn\n") and f"gia hạn đến {later:%d/%m/%Y}: Cần thêm" in first.note


def test_a_reopening_for_every_agency_already_covers_one_agency(bac_yen, users):
    period = bac_yen.periods.get(code="2023")
    period_reopen(
        actor=users["coordinator"], period=period, agency=None, until=today() + timedelta(days=5), note="Tất cả"
    )
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")

    with pytest.raises(ValueRuleError, match="mọi cơ quan"):
        period_reopen(actor=users["coordinator"], period=period, agency=noi_vu, until=today(), note="Nội vụ")
    assert PeriodReopening.objects.count() == 1


def test_a_reopening_can_be_ended_early_and_the_record_says_who(client, users, bac_yen):
    period = bac_yen.periods.get(code="2023")
    reopening = period_reopen(
        actor=users["coordinator"], period=period, agency=None, until=today() + timedelta(days=5), note="Tất cả"
    )
    client.force_login(users["coordinator"])
    review = reverse("period_review", args=[bac_yen.code, period.code])
    assert "Kết thúc sớm" in client.get(review).content.decode()

    response = client.post(review, {"action": "end_reopening", "reopening": reopening.pk}, follow=True)

    assert "Đã kết thúc việc mở lại kỳ năm 2023 cho mọi cơ quan." in response.content.decode()
    reopening.refresh_from_db()
    assert reopening.until == today() - timedelta(days=1)
    assert f"Ngày {today():%d/%m/%Y}, coord kết thúc sớm" in reopening.note
    assert period_state_text(period, bac_yen) == "Đã khóa"


@pytest.mark.parametrize("role", ["reporter", "leader", "other_coordinator"])
def test_only_the_plans_coordinator_ends_a_reopening(client, users, bac_yen, role):
    period = bac_yen.periods.get(code="2023")
    until = today() + timedelta(days=5)
    reopening = period_reopen(actor=users["coordinator"], period=period, agency=None, until=until, note="Tất cả")
    with pytest.raises(ValueRuleError, match="Chỉ điều phối"):
        period_reopening_end(actor=users[role], reopening=reopening)
    client.force_login(users[role])
    client.post(
        reverse("period_review", args=[bac_yen.code, period.code]),
        {"action": "end_reopening", "reopening": reopening.pk},
    )
    reopening.refresh_from_db()
    assert reopening.until == until and reopening.note == "Tất cả"


def test_reopening_in_the_admin_needs_a_reason_and_is_ended_by_an_action(client, users, bac_yen):
    client.force_login(users["coordinator"])
    period = bac_yen.periods.get(code="2023")
    data = {"period": period.pk, "agency": "", "until": f"{today():%d/%m/%Y}", "note": ""}
    add = reverse("admin:indicators_periodreopening_add")

    page = client.post(add, data).content.decode()
    assert "Cần ghi lý do mở lại kỳ báo cáo." in page and not PeriodReopening.objects.exists()

    client.post(add, data | {"note": "Bổ sung số liệu"})
    reopening = PeriodReopening.objects.get()
    assert reopening.created_by == users["coordinator"]
    page = client.post(add, data | {"note": "Lần nữa"}, follow=True).content.decode()
    assert "không cần mở thêm" in page and PeriodReopening.objects.count() == 1

    changelist = reverse("admin:indicators_periodreopening_changelist")
    listing = client.get(changelist).content.decode()
    assert "BACYEN-2021-2025 · Năm 2023" in listing and "Kết thúc sớm các lần mở lại đã chọn" in listing
    client.post(changelist, {"action": "end_early", "_selected_action": [reopening.pk]})
    reopening.refresh_from_db()
    assert reopening.until < today() and "kết thúc sớm" in reopening.note


def test_reopening_choices_include_data_providers_coordinating_agencies_and_communes(bac_yen, users):
    names = set(agencies_reporting_for(bac_yen).values_list("name", flat=True))
    assert {"Công an huyện", "Trung tâm Truyền thông - Văn hóa", "Phòng Nội vụ"} <= names

    commune = unit_get_or_create(name="Hua Nhàn", level=UnitLevel.COMMUNE, parent=bac_yen.territory)[0]
    ubnd = agency_get_or_create(name="UBND xã Hua Nhàn", unit=commune)[0]
    assert ubnd not in agencies_reporting_for(bac_yen)  # no indicator of the plan is reported by unit
    indicator = bac_yen.indicators.first()
    indicator.reported_by_commune = True
    indicator.save()
    assert ubnd in agencies_reporting_for(bac_yen)


# ---------------------------------------------------------------- words


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_the_admin_speaks_plain_vietnamese(client, users, bac_yen, role):
    users[role].first_name, users[role].last_name = "Lò Thị", "Hoa"
    users[role].save()
    client.force_login(users[role])
    pages = [
        reverse("admin:index"),
        reverse("admin:plans_plan_changelist"),
        reverse("admin:plans_plan_change", args=[bac_yen.pk]),
    ]
    text = "".join(client.get(url).content.decode() for url in pages)

    assert "Xin chào, <strong>Lò Thị Hoa</strong>." in text
    assert "Hiện số lượng" in text and "Lịch sử" in text and "Thêm kế hoạch" in text
    for odd in ("Show counts", "Bản ghi nhớ", "Thêm vào", "Chào mừng bạn", "Model name", "Add link"):
        assert odd not in text, odd


def test_a_reporter_reads_until_when_a_locked_period_is_reopened_for_them(client, users, bac_yen):
    until = today() + timedelta(days=6)
    noi_vu = Agency.objects.get(unit=bac_yen.territory, name="Phòng Nội vụ")
    period_reopen(
        actor=users["coordinator"], period=bac_yen.periods.get(code="2023"), agency=noi_vu, until=until, note="Sửa"
    )
    client.force_login(users["reporter"])

    home = client.get(reverse("reporter_home")).content.decode()

    assert f'Năm 2023 · hạn 20/11/2023 · <span class="period-left">được mở lại đến {until:%d/%m/%Y}</span>' in home


def test_a_reopening_already_made_is_read_in_the_admin_not_changed(client, users, bac_yen):
    reopening = period_reopen(
        actor=users["coordinator"], period=bac_yen.periods.get(code="2023"), agency=None, until=today(), note="Lý do"
    )
    client.force_login(users["coordinator"])
    url = reverse("admin:indicators_periodreopening_change", args=[reopening.pk])

    page = client.get(url).content.decode()

    assert "Năm 2023: mở lại cho mọi cơ quan" in page and "Lý do" in page
    client.post(url, {"until": "01/01/2030", "note": "Khác"})
    reopening.refresh_from_db()
    assert (reopening.until, reopening.note) == (today(), "Lý do")


def test_the_admins_scripts_speak_vietnamese_too(client, users):
    client.force_login(users["coordinator"])
    script = client.get(reverse("admin:jsi18n")).content.decode()
    catalog = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), script)
    for words in ("Chủ nhật", "Thứ bảy", "Chọn tất cả %s", "Hôm nay", "Hủy bỏ"):
        assert words in catalog, words
