"""An audit of every change that is not a figure (plans.history): who, when, old → new and by which path (the
pages, the admin, a workbook, a command). Figures keep their own audit (ValueChange)."""

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import Assignment, Indicator, PeriodReopening, Target
from indicators.workbooks.plan import plan_workbook_write
from plans.history import ADMIN, COMMAND, PAGE, PASSWORD_CHANGED, WORKBOOK
from plans.models import Agency, Goal, Plan, UnitLevel, User
from reports.models import ApiToken, Letterhead, Narrative
from tests.admin_forms import admin_form_data
from tests.conftest import PASSWORD
from tests.factories import UnitFactory
from tests.workbooks import to_bytes

pytestmark = pytest.mark.django_db
PLAN = "BACYEN-2021-2025"


def change_of(obj):
    """The newest historical row of an object, with what it changed: {field: (old, new)}."""
    record = obj.history.order_by("-history_date", "-history_id").first()
    previous = record.prev_record
    changes = {}
    if previous is not None:
        changes = {change.field: (change.old, change.new) for change in record.diff_against(previous).changes}
    return record, changes


# ---------------------------------------------------------------- the admin


def test_a_plan_changed_in_the_admin(client, users, bac_yen):
    client.force_login(users["coordinator"])
    url = reverse("admin:plans_plan_change", args=[bac_yen.pk])
    old_title = bac_yen.title
    assert client.post(url, admin_form_data(client, url, title="Kế hoạch mới")).status_code == 302

    record, changes = change_of(Plan.objects.get(pk=bac_yen.pk))
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        users["coordinator"],
        ADMIN,
        "~",
    )
    assert changes == {"title": (old_title, "Kế hoạch mới")}


def test_an_indicator_its_target_and_its_agency_changed_in_the_admin(client, users, bac_yen):
    indicator = Indicator.objects.get(plan=bac_yen, code="4.2")
    target = indicator.targets.get()
    assignment = indicator.assignments.order_by("pk").first()
    police = Agency.objects.get(unit=bac_yen.territory, name="Công an huyện")
    client.force_login(users["coordinator"])
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    data = admin_form_data(client, url, name="Tỷ suất tử vong mẹ (mới)")
    target_row = next(k[: -len("-id")] for k, v in data.items() if k.startswith("targets-") and v == str(target.pk))
    assignment_row = next(
        k[: -len("-id")] for k, v in data.items() if k.startswith("assignments-") and v == str(assignment.pk)
    )
    data[f"{target_row}-value_number"] = "50"
    data[f"{assignment_row}-agency"] = str(police.pk)
    assert client.post(url, data).status_code == 302

    record, changes = change_of(Indicator.objects.get(pk=indicator.pk))
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], ADMIN)
    assert changes["name"] == ("Tỷ suất tử vong mẹ", "Tỷ suất tử vong mẹ (mới)")
    record, changes = change_of(Target.objects.get(pk=target.pk))
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], ADMIN)
    assert changes["value_number"][1] == 50 and changes["value_number"][0] != 50
    record, changes = change_of(Assignment.objects.get(pk=assignment.pk))
    assert record.history_user == users["coordinator"]
    assert changes == {"agency": (assignment.agency_id, police.pk)}


def test_a_goal_and_a_letterhead_changed_in_the_admin(client, users, bac_yen):
    goal = Goal.objects.get(plan=bac_yen, number=4)
    client.force_login(users["coordinator"])
    url = reverse("admin:plans_goal_change", args=[goal.pk])
    assert client.post(url, admin_form_data(client, url, title="Mục tiêu mới")).status_code == 302
    record, changes = change_of(Goal.objects.get(pk=goal.pk))
    assert (record.history_user, record.history_change_reason, changes["title"][1]) == (
        users["coordinator"],
        ADMIN,
        "Mục tiêu mới",
    )

    url = reverse("admin:reports_letterhead_add") + f"?plan={bac_yen.pk}"
    assert client.post(url, admin_form_data(client, url, signer="Lò Văn A")).status_code == 302
    record, _ = change_of(Letterhead.objects.get(plan=bac_yen))
    assert (record.history_user, record.history_change_reason, record.history_type, record.signer) == (
        users["coordinator"],
        ADMIN,
        "+",
        "Lò Văn A",
    )


def test_an_api_token_issued_by_a_command_and_revoked_in_the_admin(client, users, bac_yen):
    call_command("create_api_token", users["leader"].username, "--user", users["administrator"].username)
    token = ApiToken.objects.get()
    record, _ = change_of(token)
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        users["administrator"],
        COMMAND,
        "+",
    )
    assert not hasattr(record, "key_hash")

    client.force_login(users["administrator"])
    url = reverse("admin:reports_apitoken_delete", args=[token.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    record = ApiToken.history.filter(id=token.pk).order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        users["administrator"],
        ADMIN,
        "-",
    )


def test_an_account_changed_in_the_admin_never_keeps_a_password_hash(client, users, bac_yen):
    reporter = users["reporter"]
    other = Agency.objects.get(unit=bac_yen.territory, name="Công an huyện")
    client.force_login(users["administrator"])
    url = reverse("admin:plans_user_change", args=[reporter.pk])
    assert client.post(url, admin_form_data(client, url, agency=other.pk)).status_code == 302

    record, changes = change_of(User.objects.get(pk=reporter.pk))
    assert (record.history_user, record.history_change_reason) == (users["administrator"], ADMIN)
    assert changes["agency"] == (reporter.agency_id, other.pk)
    assert "password" not in {field.name for field in User.history.model._meta.fields}


def test_the_history_page_in_the_admin_shows_who_and_which_path_within_the_editors_scope(client, users, bac_yen):
    client.force_login(users["coordinator"])
    url = reverse("admin:plans_plan_change", args=[bac_yen.pk])
    client.post(url, admin_form_data(client, url, title="Kế hoạch mới"))

    history = reverse("admin:plans_plan_history", args=[bac_yen.pk])
    page = client.get(history).content.decode()
    assert "Quản trị" in page and "coord" in page and "Kế hoạch mới" in page

    client.force_login(users["other_coordinator"])
    assert client.get(history).status_code == 404
    assert client.get(reverse("admin:plans_plan_simple_history", args=[bac_yen.pk, 1])).status_code == 404


# ---------------------------------------------------------------- the pages


def test_a_reporter_locked_and_given_a_new_password_on_the_accounts_page(client, users, bac_yen):
    reporter = users["reporter"]
    client.force_login(users["coordinator"])
    client.post(reverse("reporter_set_active", args=[reporter.pk]), {"active": "0"})
    record, changes = change_of(User.objects.get(pk=reporter.pk))
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], PAGE)
    assert changes == {"is_active": (True, False)}

    new = "Mat-khau-moi-2026"
    client.post(reverse("reporter_password", args=[reporter.pk]), {"new_password1": new, "new_password2": new})
    record, changes = change_of(User.objects.get(pk=reporter.pk))
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], f"{PAGE} · {PASSWORD_CHANGED}")
    assert changes == {}  # the hash is never kept; only that it changed


def test_a_password_changed_by_its_owner(client, users, bac_yen):
    leader = users["leader"]
    new = "Mat-khau-moi-2026"
    client.force_login(leader)
    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    record, changes = change_of(User.objects.get(pk=leader.pk))
    assert (record.history_user, record.history_change_reason) == (leader, f"{PAGE} · {PASSWORD_CHANGED}")
    assert changes == {}


def test_a_login_is_not_a_change_of_the_account(client, users, bac_yen):
    before = User.history.filter(id=users["reporter"].pk).count()
    response = client.post(reverse("login"), {"username": "rep", "password": PASSWORD})
    assert response.status_code == 302
    assert User.history.filter(id=users["reporter"].pk).count() == before


def test_a_period_reopened_on_the_review_page(client, users, bac_yen):
    locked = bac_yen.periods.get(code="2023")
    client.force_login(users["coordinator"])
    until = (date.today() + timedelta(days=5)).strftime("%d/%m/%Y")
    client.post(
        reverse("period_review", args=[bac_yen.code, locked.code]),
        {"action": "reopen", "agency": "", "until": until, "note": "Nộp bổ sung"},
    )
    record, _ = change_of(PeriodReopening.objects.get(period=locked))
    assert (record.history_user, record.history_change_reason, record.history_type, record.note) == (
        users["coordinator"],
        PAGE,
        "+",
        "Nộp bổ sung",
    )


def test_the_report_text_written_on_its_page(client, users, bac_yen):
    client.force_login(users["coordinator"])
    url = reverse("report_text", args=[PLAN]) + "?period=2024"
    fields = {"period": "2024", "shortcomings": "", "tasks": "", "recommendations": ""}
    client.post(url, fields | {"direction": "Đã chỉ đạo."})
    client.post(url, fields | {"direction": "Đã chỉ đạo sát sao."})
    record, changes = change_of(Narrative.objects.get())
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], PAGE)
    assert changes["direction"] == ("Đã chỉ đạo.", "Đã chỉ đạo sát sao.")


# ---------------------------------------------------------------- workbooks and commands


def bac_yen_with_new_target(plan) -> bytes:
    workbook = load_workbook(io.BytesIO(plan_workbook_write(plan)))
    row = next(r for r in workbook["Chỉ tiêu"].iter_rows(min_row=2) if r[2].value == "2.1")
    row[10].value = "27,5"
    return to_bytes(workbook)


def test_a_target_changed_by_a_workbook_on_the_import_page(client, users, bac_yen):
    client.force_login(users["coordinator"])
    data = bac_yen_with_new_target(bac_yen)
    preview = client.post("/plans/import/", {"file": SimpleUploadedFile("k.xlsx", data)})
    client.post("/plans/import/", {"token": preview.context["token"]})

    record, changes = change_of(Target.objects.get(indicator__plan=bac_yen, indicator__code="2.1"))
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], WORKBOOK)
    assert changes["value_number"][1] == pytest.approx(27.5) and changes["value_number"][0] == 25


def test_a_target_changed_by_the_import_command_names_the_user(users, bac_yen, tmp_path: Path):
    path = tmp_path / "k.xlsx"
    path.write_bytes(bac_yen_with_new_target(bac_yen))
    call_command("import_plan", str(path), "--user", "coord")

    record, changes = change_of(Target.objects.get(indicator__plan=bac_yen, indicator__code="2.1"))
    assert (record.history_user, record.history_change_reason) == (users["coordinator"], COMMAND)
    assert changes["value_number"][0] == 25


def test_a_plan_imported_by_a_command_records_every_assignment_in_one_statement(users, bac_yen):
    """Assignments are written in bulk; their history too (one row each, not one statement each)."""
    assert Assignment.history.count() == Assignment.objects.count()
    assert set(Assignment.history.values_list("history_change_reason", flat=True)) == {WORKBOOK}


@pytest.mark.parametrize(
    "command",
    [
        ["import_plan", "x.xlsx"],
        ["import_values", "x.xlsx"],
        ["import_activities", "x.xlsx"],
        ["carry_forward", PLAN, "BACYEN-2026-2030", "--years", "2026-2030"],
        ["load_units"],
        ["load_demo"],
        ["create_api_token", "leader"],
    ],
)
def test_a_command_run_as_an_unknown_user_stops_before_writing(users, bac_yen, command):
    plans, tokens = Plan.objects.count(), ApiToken.objects.count()
    with pytest.raises(CommandError, match="Không có người dùng “ai.do” \\(đang hoạt động\\)."):
        call_command(*command, "--user", "ai.do")
    assert (Plan.objects.count(), ApiToken.objects.count()) == (plans, tokens)


def test_a_plan_carried_forward_by_a_command(users, bac_yen):
    UnitFactory(name="Bắc Yên", level=UnitLevel.COMMUNE, parent=bac_yen.territory.parent)
    call_command(
        "carry_forward", PLAN, "XA-2026-2030", "--years", "2026-2030", "--territory", "xã Bắc Yên", "--user", "admin"
    )
    record, _ = change_of(Plan.objects.get(code="XA-2026-2030"))
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        users["administrator"],
        COMMAND,
        "+",
    )
    indicator = Indicator.objects.filter(plan__code="XA-2026-2030").first()
    assert change_of(indicator)[0].history_user == users["administrator"]


def test_a_work_plan_and_an_activity_changed_in_the_admin(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    url = reverse("admin:indicators_workplan_change", args=[world.work_plan.pk])
    assert client.post(url, admin_form_data(client, url, document_number="16/KH-UBND")).status_code == 302
    record, changes = change_of(type(world.work_plan).objects.get(pk=world.work_plan.pk))
    assert (record.history_user, record.history_change_reason) == (coordinator, ADMIN)
    assert changes == {"document_number": ("15/KH-UBND", "16/KH-UBND")}

    activity = world.activities["3.1"]
    url = reverse("admin:indicators_activity_change", args=[activity.pk])
    data = admin_form_data(
        client, url, lead_agency=world.agencies["phunu"].pk, coordinating_agencies=[world.agencies["ldtbxh"].pk]
    )
    assert client.post(url, data).status_code == 302
    records = list(activity.history.filter(history_user=coordinator).order_by("history_id"))
    assert {r.history_change_reason for r in records} == {ADMIN}
    assert records[0].prev_record.lead_agency_id == world.agencies["ldtbxh"].pk
    assert records[-1].lead_agency_id == world.agencies["phunu"].pk
    assert [a.agency_id for a in records[-1].coordinating_agencies.all()] == [world.agencies["ldtbxh"].pk]
