"""Unit scope on every admin write: a coordinator writes only within their unit (plans.access), re-parenting units
and moving agencies between units is for administrators. Every cross-unit attempt is refused at its field in
Vietnamese and writes nothing; the allowed edit still saves."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from indicators.models import Activity, Indicator, Theme, WorkPlan
from plans.models import AdministrativeUnit, Agency, Goal, Plan, UnitLevel, User
from plans.services import agency_get_or_create
from reports.models import Letterhead
from tests.admin_forms import admin_form_data, form_errors
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(world):
    district = world.plan.territory
    other = world.users["other_coordinator"].unit
    return {
        "district": district,
        "other": other,
        "commune": UnitFactory(name="Xã Thử", level=UnitLevel.COMMUNE, parent=district),
        "other_agency": agency_get_or_create(name="Phòng Nội vụ huyện Khác", unit=other)[0],
    }


def post(client, user, url, **changes):
    client.force_login(user)
    return client.post(url, admin_form_data(client, url, **changes))


def unit_add(parent, name="Xã Mới"):
    return {"name": name, "level": UnitLevel.COMMUNE, "type_word": "xã", "parent": parent.pk if parent else ""}


# ---------------------------------------------------------------- units


def test_a_coordinator_cannot_create_a_commune_in_another_unit(client, world, units):
    response = post(
        client,
        world.users["other_coordinator"],
        reverse("admin:plans_administrativeunit_add"),
        **unit_add(units["district"]),
    )
    assert "Địa bàn ngoài phạm vi bạn quản lý: Huyện Huyện Thử." in form_errors(response)["parent"][0]
    assert not AdministrativeUnit.objects.filter(name="Xã Mới").exists()


def test_a_coordinator_cannot_create_a_unit_without_a_parent(client, world, units):
    response = post(client, world.users["coordinator"], reverse("admin:plans_administrativeunit_add"), **unit_add(None))
    assert "chỉ quản trị viên" in form_errors(response)["parent"][0]
    assert not AdministrativeUnit.objects.filter(name="Xã Mới").exists()


def test_a_coordinator_creates_a_commune_in_their_unit(client, world, units):
    response = post(
        client, world.users["coordinator"], reverse("admin:plans_administrativeunit_add"), **unit_add(units["district"])
    )
    assert response.status_code == 302
    assert AdministrativeUnit.objects.get(name="Xã Mới").parent == units["district"]


def test_a_coordinator_cannot_re_parent_a_unit_and_an_administrator_can(client, world, units):
    url = reverse("admin:plans_administrativeunit_change", args=[units["commune"].pk])
    response = post(client, world.users["coordinator"], url, parent=units["other"].pk)
    assert form_errors(response)["parent"] == ["Chỉ quản trị viên được chuyển địa bàn sang địa bàn cấp trên khác."]
    units["commune"].refresh_from_db()
    assert units["commune"].parent == units["district"]

    response = post(client, world.users["administrator"], url, parent=units["other"].pk)
    assert response.status_code == 302
    units["commune"].refresh_from_db()
    assert units["commune"].parent == units["other"]
    assert units["commune"].district_ancestor_id == units["other"].pk


def test_a_coordinator_still_renames_a_commune_of_their_unit(client, world, units):
    url = reverse("admin:plans_administrativeunit_change", args=[units["commune"].pk])
    assert post(client, world.users["coordinator"], url, name="Xã Thử Mới").status_code == 302
    assert AdministrativeUnit.objects.get(pk=units["commune"].pk).name == "Xã Thử Mới"


def test_a_coordinator_renames_their_own_unit_whose_parent_is_above_them(client, world, units):
    """The district's parent (the province) is outside the coordinator's scope but unchanged, so it is kept."""
    url = reverse("admin:plans_administrativeunit_change", args=[units["district"].pk])
    assert post(client, world.users["coordinator"], url, code="999").status_code == 302
    units["district"].refresh_from_db()
    assert units["district"].code == "999" and units["district"].parent.name == "Tỉnh Thử"


# ---------------------------------------------------------------- agencies


def test_a_coordinator_cannot_create_an_agency_in_another_unit(client, world, units):
    response = post(
        client,
        world.users["other_coordinator"],
        reverse("admin:plans_agency_add"),
        name="Phòng Giả",
        unit=units["district"].pk,
    )
    assert form_errors(response)["unit"] == ["Địa bàn ngoài phạm vi bạn quản lý: Huyện Huyện Thử."]
    assert not Agency.objects.filter(name="Phòng Giả").exists()


def test_a_coordinator_creates_an_agency_in_a_commune_of_their_unit(client, world, units):
    response = post(
        client,
        world.users["coordinator"],
        reverse("admin:plans_agency_add"),
        name="UBND xã Thử",
        unit=units["commune"].pk,
    )
    assert response.status_code == 302
    assert Agency.objects.get(name="UBND xã Thử").unit == units["commune"]


def test_a_coordinator_cannot_move_an_agency_to_another_unit_and_an_administrator_can(client, world, units):
    agency = world.agencies["phunu"]
    url = reverse("admin:plans_agency_change", args=[agency.pk])
    response = post(client, world.users["coordinator"], url, unit=units["commune"].pk)
    assert form_errors(response)["unit"] == ["Chỉ quản trị viên được chuyển cơ quan sang địa bàn khác."]
    agency.refresh_from_db()
    assert agency.unit == units["district"]

    assert post(client, world.users["administrator"], url, unit=units["other"].pk).status_code == 302
    agency.refresh_from_db()
    assert agency.unit == units["other"]


def test_a_coordinator_still_renames_an_agency_of_their_unit(client, world, units):
    agency = world.agencies["phunu"]
    url = reverse("admin:plans_agency_change", args=[agency.pk])
    assert post(client, world.users["coordinator"], url, short_name="HLHPN").status_code == 302
    agency.refresh_from_db()
    assert agency.short_name == "HLHPN"


# ---------------------------------------------------------------- plans and what hangs from them


@pytest.mark.parametrize(
    ("page", "field"),
    [
        ("plans_plan", "territory"),
        ("plans_goal", "plan"),
        ("indicators_indicator", "plan"),
        ("indicators_workplan", "plan"),
        ("reports_letterhead", "plan"),
    ],
)
def test_a_coordinator_cannot_create_anything_in_another_units_plan(client, world, units, page, field):
    target = units["district"].pk if field == "territory" else world.plan.pk
    before = {model: model.objects.count() for model in (Plan, Goal, Indicator, WorkPlan, Letterhead)}
    response = post(
        client,
        world.users["other_coordinator"],
        reverse(f"admin:{page}_add"),
        **{field: target, "code": "X-1", "title": "Giả", "number": 9, "year": 2025, "name": "Giả"},
    )
    assert response.status_code == 200
    assert form_errors(response)[field] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert before == {model: model.objects.count() for model in before}


def indicator_add(world, agency):
    return {
        "plan": world.plan.pk,
        "goal": world.indicators["3.2"].goal_id,
        "code": "9.9",
        "position": 99,
        "name": "Tỷ lệ mới",
        "unit": "%",
        "kind": "percent",
        "factor": "100",
        "direction": "increase",
        "targets-TOTAL_FORMS": "1",
        "targets-0-year": "2030",
        "targets-0-value_number": "35,5",
        "assignments-TOTAL_FORMS": "1",
        "assignments-0-agency": agency.pk,
        "assignments-0-role": "lead",
    }


def test_a_coordinator_cannot_assign_another_units_agency_to_an_indicator(client, world, units):
    response = post(
        client,
        world.users["coordinator"],
        reverse("admin:indicators_indicator_add"),
        **indicator_add(world, units["other_agency"]),
    )
    assert form_errors(response)["assignments-0-agency"] == [
        "Cơ quan không thuộc địa bàn bạn quản lý: Phòng Nội vụ huyện Khác."
    ]
    assert not Indicator.objects.filter(code="9.9").exists()


def test_a_coordinator_assigns_their_own_agency_to_an_indicator(client, world, units):
    response = post(
        client,
        world.users["coordinator"],
        reverse("admin:indicators_indicator_add"),
        **indicator_add(world, world.agencies["vhtt"]),
    )
    assert response.status_code == 302
    assert Indicator.objects.get(code="9.9").assignments.get().agency == world.agencies["vhtt"]


def test_a_coordinator_cannot_reassign_an_existing_assignment_to_another_units_agency(client, world, units):
    client.force_login(world.users["coordinator"])
    client.post(
        reverse("admin:indicators_indicator_add"),
        admin_form_data(
            client, reverse("admin:indicators_indicator_add"), **indicator_add(world, world.agencies["vhtt"])
        ),
    )
    indicator = Indicator.objects.get(code="9.9")
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = post(client, world.users["coordinator"], url, **{"assignments-0-agency": units["other_agency"].pk})
    assert "assignments-0-agency" in form_errors(response)
    assert indicator.assignments.get().agency == world.agencies["vhtt"]


@pytest.mark.parametrize("field", ["lead_agency", "coordinating_agencies"])
def test_a_coordinator_cannot_give_an_activity_to_another_units_agency(client, world, units, field):
    activity = world.activities["3.1"]
    url = reverse("admin:indicators_activity_change", args=[activity.pk])
    value = [units["other_agency"].pk] if field == "coordinating_agencies" else units["other_agency"].pk
    response = post(client, world.users["coordinator"], url, **{field: value})
    assert form_errors(response)[field]
    activity.refresh_from_db()
    assert activity.lead_agency == world.agencies["ldtbxh"]
    assert list(activity.coordinating_agencies.all()) == [world.agencies["vhtt"]]


def test_a_coordinator_still_changes_an_activitys_agencies_within_their_unit(client, world, units):
    activity = world.activities["3.1"]
    url = reverse("admin:indicators_activity_change", args=[activity.pk])
    response = post(client, world.users["coordinator"], url, lead_agency=world.agencies["phunu"].pk)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.lead_agency == world.agencies["phunu"]


@pytest.mark.parametrize(
    ("page", "inline", "changes"),
    [
        ("plans_plan", "goals", {"title": "Chiếm"}),
        ("indicators_indicator", "targets", {"name": "Chiếm"}),
        ("indicators_workplan", "themes", {"title": "Chiếm"}),
        ("indicators_activity", "outputs", {"name": "Chiếm"}),
    ],
)
def test_another_units_coordinator_cannot_post_to_a_plans_forms_and_inlines(
    client, world, units, page, inline, changes
):
    """The goals, targets, themes and outputs inlines point at no unit: they are reached only through their plan's
    page, which another unit's coordinator cannot open or post to."""
    objects = {
        "plans_plan": world.plan,
        "indicators_indicator": world.indicators["3.2"],
        "indicators_workplan": world.work_plan,
        "indicators_activity": world.activities["3.1"],
    }
    url = reverse(f"admin:{page}_change", args=[objects[page].pk])
    client.force_login(world.users["coordinator"])
    data = admin_form_data(client, url, **changes)
    counts = (Goal.objects.count(), Theme.objects.count(), Activity.objects.count())
    client.force_login(world.users["other_coordinator"])
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    objects[page].refresh_from_db()
    assert "Chiếm" not in str(objects[page].__dict__)
    assert counts == (Goal.objects.count(), Theme.objects.count(), Activity.objects.count())


# ---------------------------------------------------------------- accounts and tokens


def test_a_staff_user_given_the_users_page_cannot_move_a_reporter_to_another_units_agency(client, world, units):
    """Only administrators open the users page; even a coordinator given its permissions by mistake is scoped."""
    coordinator = world.users["coordinator"]
    coordinator.user_permissions.add(*Permission.objects.filter(codename__in=["change_user", "view_user"]))
    reporter = world.users["reporter_other"]
    url = reverse("admin:plans_user_change", args=[reporter.pk])
    response = post(
        client, User.objects.get(pk=coordinator.pk), url, agency=units["other_agency"].pk, unit=units["other"].pk
    )
    errors = form_errors(response)
    assert errors["agency"] == ["Cơ quan không thuộc địa bàn bạn quản lý: Phòng Nội vụ huyện Khác."]
    assert errors["unit"] == ["Địa bàn ngoài phạm vi bạn quản lý: Huyện Huyện Khác."]
    reporter.refresh_from_db()
    assert reporter.agency == world.agencies["phunu"]


def test_an_administrator_moves_a_reporter_to_any_agency(client, world, units):
    reporter = world.users["reporter_other"]
    url = reverse("admin:plans_user_change", args=[reporter.pk])
    response = post(client, world.users["administrator"], url, agency=units["other_agency"].pk, unit=units["other"].pk)
    assert response.status_code == 302
    reporter.refresh_from_db()
    assert reporter.agency == units["other_agency"]


@pytest.mark.parametrize("page", ["plans_user_changelist", "reports_apitoken_changelist"])
def test_coordinators_do_not_open_users_and_api_tokens(client, world, page):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse(f"admin:{page}")).status_code == 403
