"""The dashboard's drill-down is kept between requests (reports.drilldown) and is never stale: every change a
verdict depends on makes the next reader judge afresh; changes it does not depend on keep it, while completeness
is read every time."""

import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from indicators.models import DataValue, Target, ValueAction
from indicators.services.figures import value_unapprove, values_review
from reports import drilldown as drilldown_module
from reports.progress import NO_DATA
from tests.indicators.test_province_pages import province_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def province():
    plan, period, users, first, second = province_plan(6)
    return plan, period, users, first, second


@pytest.fixture
def judged(monkeypatch):
    """How many times the children were judged (not taken from what was kept)."""
    calls = []
    original = drilldown_module.children_progress

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(drilldown_module, "children_progress", counting)
    return calls


def _open(client, plan, period, **query):
    url = reverse("dashboard", args=[plan.code]) + f"?period={period.code}"
    url += "".join(f"&{key}={value}" for key, value in query.items())
    response = client.get(url)
    assert response.status_code == 200
    return response


def _row(response, unit):
    return next(row for row in response.context["children"].object_list if row.unit.pk == unit.pk)


def _figure(plan, period, unit, code):
    return DataValue.objects.select_related("indicator__plan", "unit", "period").get(
        indicator__plan=plan, indicator__code=code, period=period, unit=unit
    )


def test_an_approval_and_an_unapproval_show_at_once_and_a_second_reader_gets_what_was_kept(client, province, judged):
    plan, period, users, first, second = province
    rate = plan.indicators.get(code="1.1")
    client.force_login(users["leader"])

    before = _row(_open(client, plan, period), second)
    assert before.progress[rate.pk].status == NO_DATA  # every figure is only submitted
    _open(client, plan, period)
    assert len(judged) == 1  # the second opening used what the first judged

    values_review(
        actor=users["coordinator"], items=[(_figure(plan, period, second, "1.1"), None)], action=ValueAction.APPROVED
    )
    after = _row(_open(client, plan, period), second)
    assert after.progress[rate.pk].value == Decimal("10.0000")  # 1/10 of the second commune, approved now
    assert after.progress[rate.pk].status != NO_DATA
    assert len(judged) == 2

    value_unapprove(actor=users["coordinator"], value=_figure(plan, period, second, "1.1"), note="Sai mẫu số")
    again = _row(_open(client, plan, period), second)
    assert again.progress[rate.pk].status == NO_DATA
    assert len(judged) == 3


def test_a_returned_submission_keeps_the_verdicts_but_the_completeness_is_counted_afresh(client, province, judged):
    plan, period, users, first, second = province
    client.force_login(users["leader"])
    response = _open(client, plan, period)
    assert _row(response, first).completeness.reported == 2
    submitted = response.context["result"].completeness["submitted"]

    values_review(
        actor=users["coordinator"],
        items=[(_figure(plan, period, first, "1.2"), None)],
        action=ValueAction.RETURNED,
        note="Thiếu số liệu gốc",
    )
    response = _open(client, plan, period)
    assert len(judged) == 1  # no approved figure changed: the verdicts were kept
    assert _row(response, first).completeness.reported == 1
    assert response.context["result"].completeness["submitted"] == submitted - 1


def test_a_new_target_and_a_new_name_are_seen_at_once(client, province, judged):
    plan, period, users, first, second = province
    rate = plan.indicators.get(code="1.1")
    values_review(
        actor=users["coordinator"], items=[(_figure(plan, period, second, "1.1"), None)], action=ValueAction.APPROVED
    )
    client.force_login(users["leader"])
    before = _row(_open(client, plan, period), second).progress[rate.pk]

    target = Target.objects.get(indicator=rate, year=2030)
    target.value_number = Decimal("12")
    target.save()
    after = _row(_open(client, plan, period), second).progress[rate.pk]
    assert after.target.value == Decimal("12") != before.target.value
    assert len(judged) == 2

    second.name = "Xã Đổi Tên"
    second.save()
    response = _open(client, plan, period, q="Đổi")
    assert "Xã Đổi Tên" in response.content.decode()
    assert len(judged) == 3


def test_the_coordinators_preview_of_submitted_figures_is_judged_every_time(client, province, judged):
    plan, period, users, first, second = province
    rate = plan.indicators.get(code="1.1")
    client.force_login(users["coordinator"])
    preview = _row(_open(client, plan, period, submitted=1), second)
    assert preview.progress[rate.pk].value == Decimal("10.0000")
    _open(client, plan, period, submitted=1)
    assert len(judged) == 2
    plain = _row(_open(client, plan, period), second)
    assert plain.progress[rate.pk].status == NO_DATA  # the preview was not kept as the plain view


def test_a_reporter_is_kept_apart_from_a_leader(client, province, judged):
    """What is kept depends on the indicators the user sees: a commune's reporter never gets the leader's."""
    plan, period, users, first, second = province
    client.force_login(users["leader"])
    leader = _open(client, plan, period).context["result"]
    client.force_login(users["commune_reporter"])
    reporter = _open(client, plan, period).context["result"]
    assert len(judged) >= 1
    assert {item.indicator.code for item in leader.items} >= {item.indicator.code for item in reporter.items}
    assert reporter.unit.pk == first.pk  # the reporter's own commune, not the province the leader saw


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gender_plan_cache",
    }
}


def test_in_the_database_cache_of_production_every_worker_reads_what_one_judged(client, province, judged, settings):
    plan, period, users, first, second = province
    rate = plan.indicators.get(code="1.1")
    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    client.force_login(users["leader"])
    _open(client, plan, period)
    other_worker = Client()  # another session: the same kept drill-down, read from the table
    other_worker.force_login(users["leader"])
    _open(other_worker, plan, period)
    assert len(judged) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM gender_plan_cache WHERE cache_key LIKE %s AND cache_key NOT LIKE %s",
            ["%drilldown%", "%:judging"],
        )
        assert cursor.fetchone()[0] == 1

    values_review(
        actor=users["coordinator"], items=[(_figure(plan, period, second, "1.1"), None)], action=ValueAction.APPROVED
    )
    row = _row(_open(other_worker, plan, period), second)
    assert row.progress[rate.pk].value == Decimal("10.0000")
    assert len(judged) == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_leaders_opening_the_same_dashboard_at_once_wait_for_one_judgement(judged, settings):
    """Three workers at once after a change: one judges, the others wait for it and read what it kept."""
    plan, period, users, first, second = province_plan(30, 7)
    settings.CACHES = DATABASE_CACHE
    call_command("createcachetable", verbosity=0)
    barrier = threading.Barrier(3)
    statuses = []

    def leader():
        browser = Client()
        browser.force_login(users["leader"])
        barrier.wait(timeout=30)
        try:
            statuses.append(browser.get(reverse("dashboard", args=[plan.code]) + f"?period={period.code}").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=leader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200, 200, 200]
    assert len(judged) == 1


def test_what_an_older_version_kept_is_judged_again_never_a_500(client, province, judged, monkeypatch):
    """After a deploy, a kept drill-down of classes that changed cannot be read back: the page judges it again."""
    plan, period, users, first, second = province
    client.force_login(users["leader"])

    def unreadable(key, default=None, version=None):
        raise TypeError("Point.__new__() missing 3 required positional arguments")

    monkeypatch.setattr(drilldown_module.cache, "get", unreadable)
    assert _open(client, plan, period).status_code == 200
    assert len(judged) == 1


def test_after_a_migrate_nothing_kept_before_it_is_used(client, province, judged):
    """A data migration may rewrite figures without an audit row: every `migrate` moves the stamp."""
    plan, period, users, first, second = province
    client.force_login(users["leader"])
    _open(client, plan, period)
    call_command("migrate", verbosity=0)
    _open(client, plan, period)
    assert len(judged) == 2
