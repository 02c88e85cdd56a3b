"""The leaders' dashboard and the indicator page, for every role; the charts they draw."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.models import DataValue
from reports.charts import progress_bar, series_svg, status_counts_svg
from tests.reports.test_progress_api import demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def dashboard_url(period="2024S1", **extra):
    query = "&".join([f"period={period}"] + [f"{k}={v}" for k, v in extra.items()])
    return f"{reverse('dashboard', args=['BACYEN-2021-2025'])}?{query}"


def indicator_url(code, period="2024"):
    return f"{reverse('indicator_detail', args=['BACYEN-2021-2025', code])}?period={period}"


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
def test_dashboard_and_indicator_page_by_role(client, bac_yen, users, role, status):
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(dashboard_url()).status_code == status
    assert client.get(indicator_url("1.1a")).status_code == status


def test_a_reporter_sees_only_their_agencys_indicators(client, bac_yen, users):
    client.force_login(users["reporter"])
    page = client.get(dashboard_url()).content.decode()
    assert 'id="indicator-1.1a"' in page and 'id="indicator-4.2"' not in page
    assert client.get(indicator_url("4.2")).status_code == 404


def test_the_counts_on_the_dashboard_are_those_of_the_json(client, demo, users):  # noqa: F811
    out = StringIO()
    call_command("progress", "BACYEN-2021-2025", "--period", "2024S1", stdout=out)
    summary = json.loads(out.getvalue())["summary"]
    client.force_login(users["leader"])

    page = client.get(dashboard_url()).content.decode()

    for status, count in summary.items():
        assert f'data-status="{status}" data-count="{count}"' in page
    assert page.count('class="status-badge"') == 20


def test_preview_with_submitted_figures_is_for_coordinators_and_marked(client, demo, users):  # noqa: F811
    DataValue.objects.filter(indicator__code="1.1a", period__code="2024S1").update(status="submitted")
    client.force_login(users["coordinator"])
    page = client.get(dashboard_url(submitted=1)).content.decode()
    assert "chưa duyệt" in page and "6 tháng đầu năm 2024 · chưa duyệt" in page

    client.force_login(users["leader"])
    page = client.get(dashboard_url(submitted=1)).content.decode()
    assert "Tính cả số liệu chưa duyệt" not in page and "6 tháng đầu năm 2024 · chưa duyệt" not in page


def test_the_indicator_page_draws_the_series_target_and_forecast(client, demo, users):  # noqa: F811
    client.force_login(users["leader"])
    page = client.get(indicator_url("4.2")).content.decode()
    assert page.count('class="value-point"') == 8  # 2021S1 … 2024
    assert 'class="target-line"' in page and 'class="forecast-line"' in page
    assert "Chủ trì: Trung tâm Y tế huyện" in page
    assert 'id="series-legend"' in page and "số liệu 6 tháng đầu năm nằm giữa năm đó" in page
    # the verdict explained beside the forecast, and the base of a "Thụt lùi" stated
    page = client.get(indicator_url("3.1", period="2024S1")).content.decode()
    assert 'id="verdict-explanation"' in page
    assert "Thụt lùi: 6 tháng đầu năm 2024 (2 lần) kém hơn 6 tháng đầu năm 2021 (1,9 lần)" in page
    assert "Dự báo theo xu hướng của các kỳ đã có: đến năm 2025 khoảng 1,92 lần — khó đạt chỉ tiêu 1,8 lần." in page


def test_an_unknown_period_is_404(client, bac_yen, users):
    client.force_login(users["leader"])
    assert client.get(dashboard_url(period="2031")).status_code == 404


def test_the_dashboard_opens_on_the_latest_past_period(client, bac_yen, users):
    client.force_login(users["leader"])
    response = client.get(reverse("dashboard", args=["BACYEN-2021-2025"]))
    assert response.context["period"].code == "2025"  # the last deadline, 20/11/2025, has passed


# ---------------------------------------------------------------- charts


def test_status_chart_has_a_bar_per_status_in_its_colour():
    svg = status_counts_svg({"achieved": 2, "on_track": 5})
    assert svg.count("<rect") == 9
    assert 'data-status="achieved" data-count="2"' in svg and 'fill="#1a7f37"' in svg
    assert "Chưa đủ cơ sở đánh giá" in svg


def test_progress_bar_positions():
    bar = progress_bar(base=Decimal(20), target=Decimal(40), value=Decimal(30), direction="increase")
    assert (bar["base"], bar["target"], bar["value"], bar["fill_from"], bar["fill_width"]) == (0, 100, 50, 0, 50)
    falling = progress_bar(base=Decimal(62), target=Decimal(48), value=Decimal(55), direction="decrease")
    assert (falling["target"], falling["base"], falling["value"]) == (0, 100, 50)
    assert progress_bar(base=None, target=Decimal(1), value=Decimal(1), direction="increase") is None


def test_series_chart_escapes_text():
    svg = series_svg(
        points=[(Decimal("2022.5"), Decimal(10), "<b>2022S1</b>")],
        baseline=None,
        target=(Decimal(2026), Decimal(20)),
        forecast=None,
        unit="<script>x</script>",
        first_year=2020,
        last_year=2025,
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;2022S1&lt;/b&gt;" in svg
