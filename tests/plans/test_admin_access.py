"""Who may open which admin page: every role, allowed and forbidden, scoped by unit."""

import pytest
from django.urls import reverse

from indicators.models import Indicator
from plans.models import Agency, Goal

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "reporter", "leader", "coordinator", "other_coordinator", "administrator"]


def client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def pages(plan):
    indicator = Indicator.objects.get(plan=plan, code="4.2")
    return {
        "plan list": reverse("admin:plans_plan_changelist"),
        "plan": reverse("admin:plans_plan_change", args=[plan.pk]),
        "goal": reverse("admin:plans_goal_change", args=[Goal.objects.get(plan=plan, number=4).pk]),
        "indicator list": reverse("admin:indicators_indicator_changelist"),
        "indicator": reverse("admin:indicators_indicator_change", args=[indicator.pk]),
        "agency list": reverse("admin:plans_agency_changelist"),
    }


@pytest.mark.parametrize("role", ["anonymous", "reporter", "leader"])
def test_people_who_are_not_staff_are_sent_to_the_login(client, users, bac_yen, role):
    client = client_for(client, users, role)
    for name, url in pages(bac_yen).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin:login")), name


@pytest.mark.parametrize("role", ["coordinator", "administrator"])
def test_coordinator_and_administrator_open_every_page_of_the_plan(client, users, bac_yen, role):
    client = client_for(client, users, role)
    for name, url in pages(bac_yen).items():
        response = client.get(url)
        assert response.status_code == 200, name
    listing = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert "BACYEN-2021-2025" in listing


def test_a_coordinator_of_another_unit_sees_nothing_of_the_plan(client, users, bac_yen):
    client = client_for(client, users, "other_coordinator")
    urls = pages(bac_yen)

    assert "BACYEN-2021-2025" not in client.get(urls["plan list"]).content.decode()
    assert "Tỷ suất tử vong mẹ" not in client.get(urls["indicator list"]).content.decode()
    assert "Phòng Nội vụ" not in client.get(urls["agency list"]).content.decode()
    for name in ("plan", "goal", "indicator"):
        response = client.get(urls[name])
        assert response.status_code == 302 and response["Location"] == reverse("admin:index"), name


def test_a_coordinator_of_another_unit_cannot_change_the_plan_by_post(client, users, bac_yen):
    client = client_for(client, users, "other_coordinator")
    response = client.post(reverse("admin:plans_plan_change", args=[bac_yen.pk]), {"code": "STOLEN", "title": "x"})
    assert response.status_code == 302
    bac_yen.refresh_from_db()
    assert bac_yen.code == "BACYEN-2021-2025"


def test_coordinator_edits_a_target_with_a_decimal_comma(client, users, bac_yen):
    """The admin reads and shows Vietnamese decimals: `114,2`, not `114.2000`."""
    client = client_for(client, users, "coordinator")
    indicator = Indicator.objects.get(plan=bac_yen, code="4.1")
    page = client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk])).content.decode()
    assert 'value="114,2"' in page


def test_indicator_list_filters_by_agency(client, users, bac_yen):
    client = client_for(client, users, "coordinator")
    police = Agency.objects.get(name="Công an huyện")
    page = client.get(reverse("admin:indicators_indicator_changelist"), {"agency": police.pk}).content.decode()
    assert "nạn nhân bị mua bán" in page
    assert "Tỷ suất tử vong mẹ" not in page


def test_indicator_export_has_vietnamese_headers_and_only_visible_plans(client, users, bac_yen):
    client = client_for(client, users, "coordinator")
    response = client.post(
        reverse("admin:indicators_indicator_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"indicatorresource_{f}": "on" for f in ("plan", "code", "name", "unit", "kind")},
        },
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Kế hoạch,Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị tính,Loại"
    assert "BACYEN-2021-2025,4.2,Tỷ suất tử vong mẹ,/100.000 trẻ đẻ sống,tỷ số" in text


def test_the_parent_plan_of_another_level_stays_selected_on_the_plan_page(client, users, bac_yen):
    """Bắc Yên implements the Sơn La plan; its coordinator cannot open that plan but must not lose the link."""
    client.force_login(users["coordinator"])
    page = client.get(reverse("admin:plans_plan_change", args=[bac_yen.pk])).content.decode()
    assert f'<option value="{bac_yen.parent_id}" selected>' in page
    assert "SONLA-2021-2025" not in client.get(reverse("admin:plans_plan_changelist")).content.decode()


def indicator_form(plan, goal, **overrides):
    data = {
        "plan": plan.pk,
        "goal": goal.pk,
        "code": "9.9",
        "position": 99,
        "name": "Tỷ lệ mới",
        "unit": "%",
        "kind": "percent",
        "factor": "100",
        "direction": "increase",
        "baseline_value": "15,38",
        "baseline_year": "2020",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "1",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-year": "2025",
        "targets-0-value_number": "35,5",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "1",
        "assignments-MAX_NUM_FORMS": "1000",
        "assignments-0-agency": Agency.objects.get(name="Phòng Nội vụ").pk,
        "assignments-0-role": "lead",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_an_indicator_with_vietnamese_decimals(client, users, bac_yen):
    client.force_login(users["coordinator"])
    goal = Goal.objects.get(plan=bac_yen, number=1)

    response = client.post(reverse("admin:indicators_indicator_add"), indicator_form(bac_yen, goal))

    assert response.status_code == 302, response.context["errors"] if response.context else response
    indicator = Indicator.objects.get(plan=bac_yen, code="9.9")
    assert str(indicator.baseline_value.normalize()) == "15.38"
    assert str(indicator.targets.get().value_number.normalize()) == "35.5"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"targets-TOTAL_FORMS": "0"}, "Mỗi chỉ tiêu cần ít nhất một mốc chỉ tiêu kế hoạch"),
        ({"assignments-0-role": "coordinating"}, "Mỗi chỉ tiêu cần ít nhất một cơ quan chủ trì."),
        ({"direction": ""}, "Chỉ tiêu định lượng cần hướng"),
        ({"baseline_value": "120"}, "Giá trị cơ sở của chỉ tiêu tỷ lệ phải từ 0 đến 100."),
        ({"code": "4.2"}, "Kế hoạch đã có chỉ tiêu với mã này."),
    ],
)
def test_an_indicator_that_breaks_the_plan_rules_is_refused_in_the_admin(client, users, bac_yen, overrides, message):
    client.force_login(users["coordinator"])
    goal = Goal.objects.get(plan=bac_yen, number=1)
    count = Indicator.objects.count()

    response = client.post(reverse("admin:indicators_indicator_add"), indicator_form(bac_yen, goal, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Indicator.objects.count() == count
