"""The province's week, in the browser: Sơn La's coordinator finds the communes that are behind, opens one; its
reporter enters the year's figures on a phone; the coordinator approves them and the province's figure moves."""

import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from indicators.demo_son_la import PLAN_CODE
from indicators.models import DataValue, ValueStatus
from indicators.services.workflow import period_reopen
from indicators.templatetags.figures import vn
from plans.models import Plan, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def login(page, url, username):
    page.goto(f"{url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()


def province_figure(period: str, code: str) -> dict:
    out = StringIO()
    call_command("progress", PLAN_CODE, "--period", period, stdout=out)
    return next(
        indicator
        for goal in json.loads(out.getvalue())["goals"]
        for indicator in goal["indicators"]
        if indicator["code"] == code
    )


def test_a_lagging_commune_is_found_reports_from_a_phone_and_moves_the_province(
    live_server, browser, page, screenshots
):
    call_command("load_demo", "--allow-production", stdout=StringIO())
    plan = Plan.objects.get(code=PLAN_CODE)
    coordinator = User.objects.get(username="dieuphoi.sonla")
    # The year 2026 takes figures whatever day the suite runs.
    period_reopen(
        actor=coordinator,
        period=plan.periods.get(code="2026"),
        agency=None,
        until=timezone.localdate() + timedelta(days=7),
        note="Kiểm thử",
    )

    # The coordinator: which communes are behind at the half-year?
    login(page, live_server.url, "dieuphoi.sonla")
    page.goto(f"{live_server.url}/plans/{PLAN_CODE}/dashboard/?period=2026S1")
    children = page.locator("#children")
    page.get_by_label("Chỉ địa bàn chậm").check()
    page.get_by_role("button", name="Lọc").click()
    bac_yen = children.locator("tr", has_text="Xã Bắc Yên")
    expect(bac_yen).to_be_visible()
    assert int(bac_yen.get_attribute("data-behind")) > 0
    bac_yen.get_by_role("link", name="Xã Bắc Yên").click()
    expect(
        page.get_by_role("heading", name="Tiến độ thực hiện kế hoạch · Xã Bắc Yên · 6 tháng đầu năm 2026")
    ).to_be_visible()
    expect(page.locator(".breadcrumbs")).to_contain_text("Tỉnh Sơn La")
    page.screenshot(path=str(screenshots / "province-commune-behind.png"), full_page=True)

    before = province_figure("2026", "1.1")

    # The commune's reporter, on a phone: the year's figures.
    phone = browser.new_context(viewport=PHONE, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    reporter = phone.new_page()
    login(reporter, live_server.url, "baocao.xabacyen")
    reporter.get_by_role("link", name="Nhập số liệu năm 2026").click()
    expect(reporter.get_by_role("heading", name="Nhập số liệu năm 2026 · Xã Bắc Yên")).to_be_visible()
    row = reporter.locator('tr[data-indicator="1.1"]')
    row.locator('input[name$="-numerator"]').fill("4")
    row.locator('input[name$="-denominator"]').fill("10")
    reporter.locator('tr[data-indicator="3.4"]').get_by_label("Giá trị 3.4").fill("3")
    reporter.get_by_role("button", name="Gửi duyệt").click()
    expect(reporter.locator(".messages")).to_contain_text("Đã gửi duyệt 2 số liệu năm 2026 của xã Bắc Yên")
    assert reporter.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    reporter.screenshot(path=str(screenshots / "province-commune-entry-390.png"), full_page=True)
    phone.close()
    submitted = DataValue.objects.filter(
        indicator__plan=plan, period__code="2026", unit__code="03856", status=ValueStatus.SUBMITTED
    )
    assert submitted.count() == 2

    # The coordinator approves them; the province's figure for the year now counts Bắc Yên.
    page.goto(f"{live_server.url}/plans/{PLAN_CODE}/periods/2026/review/?status=submitted&q=B%E1%BA%AFc+Y%C3%AAn")
    page.get_by_label("Chọn tất cả trên trang", exact=True).check()
    page.get_by_role("button", name="Duyệt các số liệu đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã duyệt 2")
    assert not submitted.exists()

    after = province_figure("2026", "1.1")
    assert after["coverage"]["reported"] == before["coverage"]["reported"] + 1
    assert after["value"] != before["value"]
    page.goto(f"{live_server.url}/plans/{PLAN_CODE}/dashboard/?period=2026")
    row = page.locator("#indicator-1\\.1")
    expect(row).to_contain_text(f"cộng dồn {after['coverage']['reported']}/75 địa bàn")
    expect(row).to_contain_text(vn(Decimal(str(after["value"]))))
