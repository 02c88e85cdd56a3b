"""A province and its communes: pages that stay small and run the same queries at any number of communes, and
each role kept to its part — a commune's reporter to its commune, a commune's leader to its commune, the province's
coordinator over all of them."""

import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators.models import DataValue, Kind, PeriodReopening
from plans.models import AdministrativeUnit, Agency, Role, UnitLevel
from plans.numbers import input_number
from plans.services import agency_get_or_create, plan_sync_periods, user_create
from tests.factories import AssignmentFactory, GoalFactory, IndicatorFactory, PlanFactory, TargetFactory, UnitFactory

pytestmark = pytest.mark.django_db
ONE_MEGABYTE = 1024 * 1024


def province_plan(communes: int, number: int = 1):
    """Tỉnh Thử with `communes` communes (codes 10001…), a 2026–2030 plan with two indicators reported by unit and
    one for the province, a submitted figure of every commune for 6 months of 2026, and a user per role."""
    province = UnitFactory(name=f"Thử {number}", level=UnitLevel.PROVINCE, code=f"{89 + number}")
    AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            name=f"Xã {n:04d}",
            name_key=f"xã {n:04d}",
            code=f"{number}{n:04d}",
            level=UnitLevel.COMMUNE,
            type_word="xã",
            parent=province,
            province_ancestor=province,
        )
        for n in range(communes)
    )
    plan = PlanFactory(code=f"THU{number}-2026-2030", territory=province, start_year=2026, end_year=2030)
    plan_sync_periods(plan=plan)
    period = plan.periods.get(code="2026S1")
    PeriodReopening.objects.create(period=period, until=date.today() + timedelta(days=30), created_at=timezone.now())
    goal = GoalFactory(plan=plan, number=1)
    lead = agency_get_or_create(name="Sở Nội vụ", unit=province)[0]
    indicators = []
    for code, by_unit in (("1.1", True), ("1.2", True), ("2.1", False)):
        indicator = IndicatorFactory(goal=goal, plan=plan, code=code, reported_by_commune=by_unit)
        TargetFactory(indicator=indicator, year=2030, value_number=80)
        AssignmentFactory(indicator=indicator, agency=lead)
        indicators.append(indicator)
    units = list(AdministrativeUnit.objects.filter(parent=province).order_by("code"))
    now = timezone.now()
    DataValue.objects.bulk_create(
        DataValue(
            indicator=indicator,
            period=period,
            unit=unit,
            numerator=n % 9,
            denominator=10,
            value_number=Decimal(n % 9 * 10),
            status="submitted",
            entered_at=now,
            first_submitted_at=now,
        )
        for n, unit in enumerate(units)
        for indicator in indicators[:2]
    )
    first, second = units[0], units[1]
    commune_agency = agency_get_or_create(name=f"UBND {first.label}", unit=first)[0]
    other_agency = agency_get_or_create(name=f"UBND {second.label}", unit=second)[0]
    users = {
        "coordinator": user_create(username=f"dp{number}", password="x", role=Role.COORDINATOR, unit=province),
        "leader": user_create(username=f"ld{number}", password="x", role=Role.LEADER, unit=province),
        "commune_reporter": user_create(
            username=f"bc1-{number}", password="x", role=Role.REPORTER, unit=first, agency=commune_agency
        ),
        "other_reporter": user_create(
            username=f"bc2-{number}", password="x", role=Role.REPORTER, unit=second, agency=other_agency
        ),
        "commune_leader": user_create(username=f"ld1-{number}", password="x", role=Role.LEADER, unit=first),
    }
    return plan, period, users, first, second


def _page_urls(plan, period, lead):
    return {
        "review": reverse("period_review", args=[plan.code, period.code]),
        "entry": reverse("period_entry", args=[plan.code, period.code]) + f"?agency={lead.pk}",
        "completeness": reverse("period_completeness", args=[plan.code, period.code]),
        "dashboard": reverse("dashboard", args=[plan.code]) + f"?period={period.code}",
    }


def _measure(client, communes, number):
    plan, period, users, *_ = province_plan(communes, number)
    client.force_login(users["coordinator"])
    lead = Agency.objects.get(name="Sở Nội vụ", unit=plan.territory)
    sizes, counts = {}, {}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, url in _page_urls(plan, period, lead).items():
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, name
        sizes[name], counts[name] = len(response.content), len(context.captured_queries)
    return sizes, counts


def test_pages_run_the_same_queries_and_stay_small_whatever_the_number_of_communes(
    client, django_assert_max_num_queries
):
    few_sizes, few_counts = _measure(client, 60, 1)
    many_sizes, many_counts = _measure(client, 1000, 2)

    assert many_counts == few_counts
    for name, size in many_sizes.items():
        assert size < ONE_MEGABYTE, name
        # Lists are paged: 1.000 communes show a page as 60 do (the counts and page numbers differ a little).
        assert size <= few_sizes[name] * 1.1, (name, size, few_sizes[name])


def test_the_query_counts_are_the_same_at_ten_communes(client, django_assert_max_num_queries):
    _, ten = _measure(client, 10, 1)
    _, many = _measure(client, 1000, 2)
    assert ten == many


@pytest.fixture
def province(db):
    return province_plan(12)


def test_a_commune_reporter_enters_for_its_commune_only(client, province):
    plan, period, users, first, second = province
    client.force_login(users["commune_reporter"])
    url = reverse("period_entry", args=[plan.code, period.code])

    page = client.get(url)
    assert page.status_code == 200 and page.context["unit"] == first
    assert {row.indicator.code for row in page.context["rows"]} == {"1.1", "1.2"}  # not the province's 2.1

    indicator = page.context["rows"][0].indicator
    before = list(DataValue.objects.values_list("pk", "version", "value_number"))
    refused = client.post(
        f"{url}?unit={second.pk}", {f"r{indicator.pk}-value": "50", f"r{indicator.pk}-version": "1", "draft": "1"}
    )
    assert refused.status_code == 404
    assert list(DataValue.objects.values_list("pk", "version", "value_number")) == before

    figure = DataValue.objects.get(indicator=indicator, unit=first)
    saved = client.post(
        url,
        {
            f"r{indicator.pk}-value": "",
            f"r{indicator.pk}-numerator": "7",
            f"r{indicator.pk}-denominator": "10",
            f"r{indicator.pk}-version": str(figure.version),
            "submit": "1",
        },
    )
    assert saved.status_code == 302
    figure.refresh_from_db()
    assert (figure.numerator, figure.value_number, figure.entered_by) == (7, 70, users["commune_reporter"])


def test_a_commune_reporter_reads_neither_the_review_nor_another_commune_s_history(client, province):
    plan, period, users, first, second = province
    client.force_login(users["commune_reporter"])
    assert client.get(reverse("period_review", args=[plan.code, period.code])).status_code == 403
    other = DataValue.objects.filter(unit=second).first()
    own = DataValue.objects.filter(unit=first).first()
    assert client.get(reverse("value_history", args=[other.pk])).status_code == 404
    assert client.get(reverse("value_history", args=[own.pk])).status_code == 200


def test_a_commune_leader_sees_the_province_plan_for_the_commune_only(client, province):
    plan, period, users, first, _ = province
    client.force_login(users["commune_leader"])
    dashboard = reverse("dashboard", args=[plan.code])

    page = client.get(f"{dashboard}?period={period.code}")
    assert page.status_code == 200 and page.context["unit"] == first
    assert client.get(f"{dashboard}?period={period.code}&unit={plan.territory_id}").status_code == 404

    api = reverse("api_plan_progress", args=[plan.code])
    own = client.get(f"{api}?period={period.code}").json()
    assert own["unit"] == {"code": first.code, "name": first.name, "level": "commune"}
    assert client.get(f"{api}?period={period.code}&unit=90").status_code == 400
    assert client.get(f"{api}?period={period.code}&unit={first.code}").status_code == 200


def test_the_drill_down_shows_what_progress_unit_says(client, province):
    plan, period, users, first, _ = province
    DataValue.objects.update(status="approved")
    client.force_login(users["coordinator"])

    page = client.get(reverse("dashboard", args=[plan.code]) + f"?period={period.code}&sort=name")
    row = next(row for row in page.context["children"] if row.unit == first)
    out = StringIO()
    call_command("progress", plan.code, "--period", period.code, "--unit", first.code, stdout=out)
    data = json.loads(out.getvalue())

    by_code = {i["code"]: i for goal in data["goals"] for i in goal["indicators"]}
    for cell in row.cells:
        expected = by_code[cell["indicator"].code]
        assert cell["progress"].status == expected["status"]
        value = cell["progress"].value
        assert (float(value) if value is not None else None) == expected["value"]
        assert [cell["coverage"].reported, cell["coverage"].expected] == [
            expected["coverage"]["reported"],
            expected["coverage"]["expected"],
        ]


def test_pages_name_a_unit_as_the_api_does(client, province):
    """`unit=` is an official code or a name on every page, as on the API; a unit without a code is `id:<n>`."""
    plan, period, users, first, _ = province
    uncoded = UnitFactory(name="Chưa có mã", level=UnitLevel.COMMUNE, parent=plan.territory)
    client.force_login(users["coordinator"])
    dashboard = reverse("dashboard", args=[plan.code]) + f"?period={period.code}"
    review = reverse("period_review", args=[plan.code, period.code])

    assert client.get(f"{dashboard}&unit={first.code}").context["unit"] == first
    assert client.get(f"{dashboard}&unit={first.name}").context["unit"] == first
    assert client.get(f"{dashboard}&unit=id:{uncoded.pk}").context["unit"] == uncoded
    assert client.get(f"{review}?unit={first.code}").context["filters"].unit == first
    assert client.get(f"{dashboard}&unit=99999").status_code == 404
    assert client.get(f"{review}?unit=id:abc").status_code == 404
    # The page's own links name the units so.
    page = client.get(dashboard + "&sort=name").content.decode()
    assert f"unit={first.code}" in page and f"unit=id%3A{uncoded.pk}" in page


@pytest.mark.parametrize("changed", [2, 10])
def test_saving_costs_a_fixed_number_of_queries_plus_at_most_two_per_changed_row(client, changed):
    """The Sở enters the province's figures on behalf of 12 indicators' worth of communes: only the rows changed
    are written (one update and its share of one audit insert each)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan, period, users, *_ = province_plan(3)
    goal = plan.goals.get(number=1)
    lead = Agency.objects.get(name="Sở Nội vụ", unit=plan.territory)
    for n in range(12):
        indicator = IndicatorFactory(goal=goal, plan=plan, code=f"9.{n}", reported_by_commune=False)
        TargetFactory(indicator=indicator, year=2030)
        AssignmentFactory(indicator=indicator, agency=lead)
        DataValue.objects.create(
            indicator=indicator,
            period=period,
            unit=plan.territory,
            value_number=10,
            status="draft",
            entered_at=timezone.now(),
        )
    client.force_login(users["coordinator"])
    url = reverse("period_entry", args=[plan.code, period.code]) + f"?agency={lead.pk}"
    form = client.get(url).context["rows"]
    data = {"agency": lead.pk, "unit": plan.territory_id, "draft": "1"}
    to_change = [row for row in form if row.figure and row.indicator.code.startswith("9.")][:changed]
    for n, row in enumerate(form):
        figure = row.figure
        data |= {
            f"{row.prefix}-value": str(20 + n)
            if row in to_change
            else (input_number(figure.value_number) if figure else ""),
            f"{row.prefix}-note": "",
            f"{row.prefix}-version": figure.version if figure else 0,
        }
        if row.form.uses_fraction:
            data |= {f"{row.prefix}-numerator": "", f"{row.prefix}-denominator": ""}
    with CaptureQueriesContext(connection) as context:
        response = client.post(url, data)
    assert response.status_code == 302
    assert DataValue.objects.filter(indicator__code__startswith="9.", value_number__gte=20).count() == changed
    writes = [q for q in context.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert len(writes) <= 2 * changed + 2  # the session's save and the audit insert aside
    # The same page, saved with 2 or 10 changed rows: the reads do not grow.
    reads = len(context.captured_queries) - len(writes)
    assert reads <= 40, reads  # 36 today, for 2 changed rows as for 10


def test_a_commune_s_page_lists_what_it_reports_and_shows_its_counts_without_judging_them(client):
    """At a commune the plan has figures only for the indicators reported by unit; a count there adds up to the
    province's target and has none of its own, so it is shown with its value and no verdict (page and JSON)."""
    plan, period, users, first, _ = province_plan(3)
    count = plan.indicators.get(code="1.2")
    count.kind, count.unit = Kind.COUNT, "mô hình"
    count.save()
    DataValue.objects.filter(indicator=count).update(
        numerator=None, denominator=None, value_number=4, status="approved"
    )
    DataValue.objects.filter(indicator__code="1.1").update(status="approved")
    client.force_login(users["coordinator"])

    page = client.get(reverse("dashboard", args=[plan.code]) + f"?period=2026S1&unit={first.code}")
    items = {item.indicator.code: item for item in page.context["result"].items}
    assert set(items) == {"1.1", "1.2"}  # 2.1 is the province's alone
    assert items["1.2"].progress.status == "not_applicable" and items["1.2"].progress.target is None
    assert items["1.2"].progress.value == 4 and not items["1.2"].judged
    row = page.content.decode().split('id="indicator-1.2"')[1].split("</tr>")[0]
    assert "Không đánh giá riêng" in row and "cộng dồn vào chỉ tiêu của cả địa bàn" in row
    assert items["1.1"].judged and items["1.1"].progress.target.value == 80

    data = client.get(reverse("api_plan_progress", args=[plan.code]) + f"?period=2026S1&unit={first.code}").json()
    listed = {i["code"]: i for goal in data["goals"] for i in goal["indicators"]}
    assert set(listed) == {"1.1", "1.2"}
    assert (listed["1.2"]["status"], listed["1.2"]["target"], listed["1.2"]["value"]) == ("not_applicable", None, 4)
    # The province itself judges its counts against its target as before.
    province = client.get(reverse("api_plan_progress", args=[plan.code]) + "?period=2026S1").json()
    whole = {i["code"]: i for goal in province["goals"] for i in goal["indicators"]}
    assert whole["1.2"]["target"]["value"] == 80 and whole["1.2"]["value"] == 12 and "2.1" in whole


def test_a_commune_leader_finds_on_the_plan_page_the_indicators_the_commune_has_figures_for(client, province):
    """A province-only indicator has no page for a commune: the plan page does not link it, and its address says
    why (404), never a server error."""
    plan, period, users, first, _ = province
    client.force_login(users["commune_leader"])
    page = client.get(reverse("plan_detail", args=[plan.code])).content.decode()
    assert reverse("indicator_detail", args=[plan.code, "1.1"]) in page
    assert reverse("indicator_detail", args=[plan.code, "2.1"]) not in page
    response = client.get(reverse("indicator_detail", args=[plan.code, "2.1"]) + f"?period={period.code}")
    assert response.status_code == 404
    assert "không theo từng địa bàn" in response.content.decode()
    client.force_login(users["leader"])  # the province's leader reads every indicator
    assert (
        client.get(reverse("indicator_detail", args=[plan.code, "2.1"]) + f"?period={period.code}").status_code == 200
    )
