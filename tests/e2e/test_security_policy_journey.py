"""Every page works under the Content-Security-Policy: a coordinator walks through the pages and the admin, and
Chromium reports no refused script, style or image; the print button and the review's select-all box (a small
static script, not inline handlers) still work, and the report's stylesheet applies."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.models import Agency

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLAN = "BACYEN-2021-2025"


def test_the_pages_work_under_the_policy(live_server, page, tmp_path):
    call_command("load_demo", "--allow-production", stdout=open(tmp_path / "demo.log", "w"))
    base = live_server.url
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(
        "window.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )

    page.goto(f"{base}/login/")
    page.get_by_label("Tên đăng nhập").fill("dieuphoi")
    page.get_by_label("Mật khẩu").fill("BinhDang@2025")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Đổi mật khẩu")).to_be_visible()

    for path in [
        "/plans/",
        f"/plans/{PLAN}/dashboard/?period=2024",
        f"/plans/{PLAN}/indicators/4.2/?period=2024",
        f"/plans/{PLAN}/periods/2024/review/",
        f"/plans/{PLAN}/periods/2024/completeness/",
        "/accounts/reporters/",
        "/password/",
        "/admin/",
        "/admin/plans/plan/",
        "/admin/indicators/indicator/export/",
    ]:
        page.goto(f"{base}{path}")
        assert page.locator("body").is_visible(), path

    # The report preview links its stylesheet; its print button runs the static script.
    page.goto(f"{base}/plans/{PLAN}/report/?period=2024")
    font = page.locator(".report").first.evaluate("element => getComputedStyle(element).fontFamily")
    assert "Times New Roman" in font
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="In").click()
    assert page.evaluate("window.printed") is True

    # The entry page for an agency the coordinator enters on behalf of.
    agency = Agency.objects.get(name="Phòng Tư pháp", unit__name="Bắc Yên")  # Hớn Quản has one too
    page.goto(f"{base}/plans/{PLAN}/periods/2025S1/entry/")
    page.locator("select[name=agency]").select_option(str(agency.pk))
    page.locator("#agency-picker").get_by_role("button", name="Chọn").click()
    page.wait_for_url(f"**agency={agency.pk}**")

    # The review page's "select all" box ticks every figure (static script).
    page.goto(f"{base}/plans/{PLAN}/periods/2024/review/")
    select_all = page.locator("[data-select-all]").first
    if select_all.count():
        select_all.check()
        form = select_all.get_attribute("data-select-all")
        boxes = page.locator(f'input[type=checkbox][name=value][form="{form}"]')
        assert boxes.count() == 0 or all(boxes.nth(i).is_checked() for i in range(boxes.count()))

    # django-import-export's "select all" box (an inline handler, allowed by its hash).
    page.goto(f"{base}/admin/indicators/indicator/export/")
    toggle = page.locator("input.select-toggle")
    if toggle.count():
        toggle.uncheck()

    assert refused == []
