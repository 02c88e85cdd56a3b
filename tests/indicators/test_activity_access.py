"""Who may see, report and review activities (indicators.access), role by role: for every activity, report and
evidence file, the yes/no answer and the queryset agree, and each role gets exactly its part."""

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators import access
from indicators.models import ActivityEvidence, ActivityReport
from indicators.services.activities import EvidenceUpload, ReportInput, activity_report_save
from plans.models import Role, UnitLevel
from plans.services import agency_get_or_create, user_create
from tests.factories import UnitFactory
from tests.indicators.activity_world import ROLES, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world):
    """A commune of the district leads one more activity; every activity has a report with a file."""
    commune = UnitFactory(name="Xã Thử", level=UnitLevel.COMMUNE, parent=world.plan.territory)
    world.agencies["ubnd_xa"] = agency_get_or_create(name="UBND xã Thử", unit=commune)[0]
    world.add_activity("3.3", lead="ubnd_xa", theme="Tháng hành động")
    world.users["leader_commune"] = user_create(username="ldx", password="x", role=Role.LEADER, unit=commune)
    for code, activity in world.activities.items():
        activity_report_save(
            actor=world.users["coordinator"],
            activity=activity,
            period=world.periods["2024"],
            data=ReportInput(progress="in_progress"),
            agency=activity.lead_agency,
            add_evidence=[EvidenceUpload(f"{code}.pdf", pdf_bytes())],
        )
    return world


def _agree(user, objects: dict, yes_no, queryset) -> set[str]:
    members = set(queryset.values_list("pk", flat=True))
    granted = set()
    for key, obj in objects.items():
        answer = yes_no(user, obj)
        assert answer == (obj.pk in members), (key, answer)
        if answer:
            granted.add(key)
    return granted


ALL = {"3.1", "2.1", "4.1", "3.3"}
SEEN = {
    "administrator": ALL,
    "coordinator": ALL,
    "leader": ALL,
    "reporter_lead": {"3.1", "2.1"},  # leads both
    "reporter_coordinating": {"3.1"},  # coordinates the Action Month
    "reporter_other": {"4.1"},
    "leader_commune": {"3.3"},  # the district's plan, for the commune's own part
}
ENTERED = {
    "administrator": ALL,
    "coordinator": ALL,
    "reporter_lead": {"3.1", "2.1"},
    "reporter_other": {"4.1"},
}


@pytest.mark.parametrize("role", [*ROLES, "leader_commune"])
def test_activities_reports_and_files_seen_by_each_role(reported, role):
    world = reported
    user = world.users.get(role) or AnonymousUser()
    expected = SEEN.get(role, set())
    assert _agree(user, world.activities, access.may_see_activity, access.activities_visible_to(user)) == expected
    reports = {r.activity.code: r for r in ActivityReport.objects.select_related("activity")}
    assert _agree(user, reports, access.may_see_activity_report, access.activity_reports_visible_to(user)) == expected
    files = {e.report.activity.code: e for e in ActivityEvidence.objects.select_related("report__activity")}
    assert _agree(user, files, access.may_see_evidence, access.evidence_visible_to(user)) == expected


@pytest.mark.parametrize("role", [*ROLES, "leader_commune"])
def test_who_reports_each_activity(reported, role):
    world = reported
    user = world.users.get(role)
    if user is None:
        return
    entered = {
        code
        for code, activity in world.activities.items()
        if access.may_enter_activity(user, activity, activity.lead_agency)
    }
    assert entered == ENTERED.get(role, set())
    led = {
        agency_key: set(access.activities_reported_by(agency, world.plan).values_list("code", flat=True))
        for agency_key, agency in world.agencies.items()
    }
    assert led == {"ldtbxh": {"3.1", "2.1"}, "vhtt": set(), "phunu": {"4.1"}, "ubnd_xa": {"3.3"}}
