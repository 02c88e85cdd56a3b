"""A leader opens the Bắc Yên dashboard for 2024S1, sees the counts per status the JSON gives, opens an indicator
and sees its chart. The dashboard is saved as a screenshot and printed on A4."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from reports.statuses import STATUS_LABELS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_reads_the_dashboard_and_an_indicator(live_server, page, tmp_path, screenshots):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    out = StringIO()
    call_command("progress", "BACYEN-2021-2025", "--period", "2024S1", stdout=out)
    summary = json.loads(out.getvalue())["summary"]

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao")
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()
    # A district's leader also reads the province's plan for the district; this walk is about Bắc Yên's own plan.
    page.locator(".card", has_text="BACYEN-2021-2025").get_by_role("link", name="Bảng theo dõi tiến độ").click()
    page.get_by_label("Kỳ báo cáo").select_option("2024S1")
    page.get_by_role("button", name="Xem").click()

    expect(
        page.get_by_role("heading", name="Tiến độ thực hiện kế hoạch · Huyện Bắc Yên · 6 tháng đầu năm 2024")
    ).to_be_visible()
    for status, count in summary.items():
        bar = page.locator(f'.status-chart rect[data-status="{status}"]')
        expect(bar).to_have_attribute("data-count", str(count))
        if count:
            expect(page.locator(f'#status-counts tr[data-status="{status}"]')).to_contain_text(STATUS_LABELS[status])
            expect(page.locator(f'#status-counts tr[data-status="{status}"]')).to_contain_text(str(count))
    page.screenshot(path=str(screenshots / "dashboard-2024S1.png"), full_page=True)
    page.emulate_media(media="print")
    page.pdf(path=str(screenshots / "dashboard-2024S1.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")

    page.locator("#indicator-4\\.2").get_by_role("link", name="4.2").click()
    expect(page.get_by_role("heading", name="Chỉ tiêu 4.2: Tỷ suất tử vong mẹ")).to_be_visible()
    chart = page.locator("#series-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("circle.value-point")).to_have_count(7)  # 2021S1, 2021, …, 2023, 2024S1
    expect(chart.locator(".target-line")).to_have_count(1)
    page.screenshot(path=str(screenshots / "indicator-4.2.png"), full_page=True)
